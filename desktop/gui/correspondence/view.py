"""The Correspondence window: the letters in the log, filtered, marked sent, answered or returned, totals, CSV.

Everything here goes through :mod:`desktop.core.correspondence`, as the
``petition-desk log`` commands do.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core import correspondence as corr
from desktop.core.errors import N_, PetitionDeskError
from desktop.core.i18n import Translator
from desktop.gui.widgets.colours import error_style

log = logging.getLogger(__name__)

STATUS_NAMES = corr.STATUS_NAMES
CHANNEL_NAMES = {"post": N_("post"), "email": N_("e-mail"), "fax": N_("fax"), "hand": N_("hand delivery"),
                 "web": N_("web form")}


def _qdate(value: dt.date) -> QDate:
    return QDate(value.year, value.month, value.day)


def _pydate(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


class ReplyDialog(QDialog):
    """The date, a summary and optionally the file of a reply."""

    def __init__(self, tr: Translator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        _ = tr.gettext
        self.setWindowTitle(_("Add a Reply"))
        self.date_edit = QDateEdit(_qdate(dt.date.today()))
        self.date_edit.setCalendarPopup(True)
        self.summary_edit = QLineEdit()
        self.file_edit = QLineEdit()
        browse = QPushButton(_("Choose…"))
        browse.clicked.connect(self._choose)
        row = QHBoxLayout()
        row.addWidget(self.file_edit, 1)
        row.addWidget(browse)
        form = QFormLayout(self)
        form.addRow(_("Date of the reply:"), self.date_edit)
        form.addRow(_("What it says:"), self.summary_edit)
        form.addRow(_("File (optional):"), row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self._tr = tr

    def _choose(self) -> None:
        path, _f = QFileDialog.getOpenFileName(self, self._tr.gettext("Choose the Reply's File"))
        if path:
            self.file_edit.setText(path)

    def values(self) -> tuple[dt.date, str, Path | None]:
        text = self.file_edit.text().strip()
        return _pydate(self.date_edit.date()), self.summary_edit.text(), Path(text).expanduser() if text else None


class CorrespondenceView(QDialog):
    """The log's letters with filters, marking, replies, totals and CSV export."""

    COLUMNS = ("reference", "date", "status", "language", "country", "recipient", "case", "follow_up")

    def __init__(self, tr: Translator, library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tr = tr
        self._library = library
        self._letters: list[corr.LoggedLetter] = []
        _ = tr.gettext
        self.setWindowTitle(_("Correspondence"))

        self.case_edit = QLineEdit()
        self.case_edit.setPlaceholderText(_("Case"))
        self.recipient_edit = QLineEdit()
        self.recipient_edit.setPlaceholderText(_("Recipient"))
        self.status_combo = QComboBox()
        self.status_combo.addItem(_("Every status"), None)
        for status in corr.STATUSES:
            self.status_combo.addItem(_(STATUS_NAMES[status]), status)
        self.overdue_box = QCheckBox(_("Only overdue"))
        filters = QHBoxLayout()
        for widget in (self.case_edit, self.recipient_edit, self.status_combo, self.overdue_box):
            filters.addWidget(widget)
        self.case_edit.textChanged.connect(self.refresh)
        self.recipient_edit.textChanged.connect(self.refresh)
        self.status_combo.currentIndexChanged.connect(self.refresh)
        self.overdue_box.toggled.connect(self.refresh)

        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setHorizontalHeaderLabels([
            _("Reference"), _("Date"), _("Status"), _("Language"), _("Country"), _("Recipient"), _("Case"),
            _("Follow up on")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)

        self.sent_date = QDateEdit(_qdate(dt.date.today()))
        self.sent_date.setCalendarPopup(True)
        self.channel_combo = QComboBox()
        for channel in corr.CHANNELS:
            self.channel_combo.addItem(_(CHANNEL_NAMES[channel]), channel)
        self.mark_sent_button = QPushButton(_("Mark Sent"))
        self.mark_sent_button.clicked.connect(self.mark_sent)
        self.returned_button = QPushButton(_("Mark Returned"))
        self.returned_button.clicked.connect(self.mark_returned)
        self.reply_button = QPushButton(_("Add a Reply…"))
        self.reply_button.clicked.connect(self.add_reply)
        self.csv_button = QPushButton(_("Export CSV…"))
        self.csv_button.clicked.connect(self.export_csv)
        actions = QHBoxLayout()
        actions.addWidget(QLabel(_("Sent on:")))
        for widget in (self.sent_date, self.channel_combo, self.mark_sent_button, self.returned_button,
                       self.reply_button):
            actions.addWidget(widget)
        actions.addStretch(1)
        actions.addWidget(self.csv_button)

        self.totals_label = QLabel()
        self.totals_label.setWordWrap(True)
        self.totals_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message_label = QLabel()
        self.message_label.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        layout.addWidget(self.totals_label)
        layout.addWidget(self.message_label)
        self.resize(900, 520)
        self.refresh()

    # -- reading ------------------------------------------------------------------
    def refresh(self) -> None:
        try:
            self._letters = corr.list_letters(
                self._library, case=self.case_edit.text() or None, recipient=self.recipient_edit.text() or None,
                status=self.status_combo.currentData(), overdue=self.overdue_box.isChecked())
        except PetitionDeskError as exc:
            self._show(exc.message(self._tr), error=True)
            return
        _ = self._tr.gettext
        self.table.setRowCount(len(self._letters))
        for row, e in enumerate(self._letters):
            status = _(STATUS_NAMES.get(corr.shown_status(e), e.status))
            if e.overdue():
                status = _("%(status)s, overdue") % {"status": status}
            values = (e.reference, e.sent_date or e.letter_date, status, e.language, e.country, e.recipient_name,
                      e.case_name, e.follow_up)
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self.totals_label.setText(self._totals_text())

    def _totals_text(self) -> str:
        _ = self._tr.gettext
        t = corr.totals(self._letters)
        parts = [f"{_(STATUS_NAMES[s])}: {t.by_status[s]}" for s in corr.STATUSES]
        text = (self._tr.ngettext("%(count)d letter", "%(count)d letters", t.letters) % {"count": t.letters}
                + " — " + ", ".join(parts) + "; " + _("overdue %(count)d") % {"count": t.overdue})
        countries = "; ".join(f"{country} {sum(row.values())}" for country, row in t.by_country.items())
        per_country = _("Per country:")
        return f"{text}\n{per_country} {countries}" if countries else text

    def selected(self) -> list[corr.LoggedLetter]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self._letters[row] for row in rows if row < len(self._letters)]

    # -- changing -----------------------------------------------------------------
    def _each_selected(self, change) -> None:
        letters = self.selected()
        if not letters:
            self._show(self._tr.gettext("Select one or more letters first."), error=True)
            return
        try:
            for letter in letters:
                change(letter)
        except PetitionDeskError as exc:
            self._show(exc.message(self._tr), error=True)
        else:
            self._show("")
        self.refresh()

    def mark_sent(self) -> None:
        date, channel = _pydate(self.sent_date.date()), self.channel_combo.currentData()
        self._each_selected(lambda e: corr.mark_sent(self._library, e.reference, date, channel))

    def mark_returned(self) -> None:
        self._each_selected(lambda e: corr.mark_returned(self._library, e.reference, dt.date.today()))

    def add_reply(self, dialog: ReplyDialog | None = None) -> None:
        letters = self.selected()
        if len(letters) != 1:
            self._show(self._tr.gettext("Select the one letter the reply answers."), error=True)
            return
        dialog = dialog or ReplyDialog(self._tr, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        date, summary, file = dialog.values()
        self._each_selected(lambda e: corr.add_reply(self._library, e.reference, date, summary, file))

    def export_csv(self, path: Path | None = None) -> None:
        if path is None:
            name, _f = QFileDialog.getSaveFileName(self, self._tr.gettext("Export the Log"), "correspondence.csv",
                                                   "CSV (*.csv)")
            if not name:
                return
            path = Path(name)
        try:
            n = corr.export_csv(self._letters, path)
        except PetitionDeskError as exc:
            self._show(exc.message(self._tr), error=True)
            return
        self._show(self._tr.ngettext("Wrote %(count)d letter to %(path)s.", "Wrote %(count)d letters to %(path)s.", n)
                   % {"count": n, "path": str(path)})

    def _show(self, text: str, error: bool = False) -> None:
        self.message_label.setText(text)
        self.message_label.setStyleSheet(error_style() if error else "")
