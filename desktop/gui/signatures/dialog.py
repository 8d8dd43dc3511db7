"""Counting returned petition sheets: enter each sheet by the code printed on it, see the totals per town.

The entries live in the library (see :mod:`desktop.core.signatures`): the
dialog reads them back every time it changes one, so what it shows is what
a restart will show. A refused entry (a sheet entered before, a count above
the sheet's rows, a mistyped code) is said under the entry line, in the
interface language, and nothing is stored.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core.errors import PetitionDeskError
from desktop.core.i18n import Translator
from desktop.core.library import Library
from desktop.core.localize import format_number
from desktop.core.signatures import MAX_ROWS, ReturnedSheet, parse_code, totals, write_csv
from desktop.gui.widgets.colours import error_style
from desktop.gui.widgets.form_fields import OptionalDateEdit, mark_problem, tr_format

log = logging.getLogger(__name__)

class SignaturesDialog(QDialog):
    """The returned sheets of one campaign (the case of the open draft), their totals, and CSV export."""

    def __init__(self, tr: Translator, library: Library, campaign: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tr, self.library, self.campaign = tr, library, campaign
        self.entries: list[ReturnedSheet] = []
        self.editing: str | None = None  # the code of the entry loaded for a change
        _ = tr.gettext
        self.setWindowTitle(_("Returned Petition Sheets"))
        self.resize(820, 640)

        intro = QLabel(tr_format(tr, "Enter each returned sheet by the code printed at its top (e.g. AB12CD-007) "
                                     "and the number of signed rows. Counts only: the names on the sheets are not "
                                     "typed in. Campaign: %(campaign)s", {"campaign": campaign or "—"}), self)
        intro.setWordWrap(True)

        # -- the entry line
        self.code_edit = QLineEdit(self)
        self.code_edit.setPlaceholderText("AB12CD-007")
        self.rows_spin = QSpinBox(self)
        self.rows_spin.setRange(0, MAX_ROWS)
        self.town_edit = QLineEdit(self)
        self.town_edit.setPlaceholderText(_("town or constituency"))
        self.by_edit = QLineEdit(self)
        self.by_edit.setPlaceholderText(_("optional"))
        self.date_edit = OptionalDateEdit(tr, self)
        self.remarks_edit = QLineEdit(self)
        self.add_button = QPushButton(_("&Add Sheet"), self)
        self.add_button.setDefault(True)
        self.add_button.clicked.connect(self.enter_sheet)
        self.cancel_change_button = QPushButton(_("Cancel Change"), self)
        self.cancel_change_button.clicked.connect(self.clear_entry)
        self.cancel_change_button.hide()
        self.error_label = QLabel(self)
        self.error_label.setStyleSheet(error_style())
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.code_edit.returnPressed.connect(self.enter_sheet)

        entry = QGroupBox(_("Returned sheet"), self)
        grid = QGridLayout(entry)
        for column, (label, widget) in enumerate(((_("Code"), self.code_edit), (_("Signed rows"), self.rows_spin),
                                                  (_("Town or constituency"), self.town_edit),
                                                  (_("Collected by"), self.by_edit))):
            caption = QLabel(label, entry)
            caption.setBuddy(widget)
            grid.addWidget(caption, 0, column)
            grid.addWidget(widget, 1, column)
        more = QFormLayout()
        more.addRow(_("Date collected"), self.date_edit)
        more.addRow(_("Remarks"), self.remarks_edit)
        grid.addLayout(more, 2, 0, 1, 3)
        buttons = QVBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.cancel_change_button)
        buttons.addStretch(1)
        grid.addLayout(buttons, 2, 3)
        grid.addWidget(self.error_label, 3, 0, 1, 4)

        # -- the sheets entered
        self.table = QTableWidget(0, 7, self)
        self.table.setHorizontalHeaderLabels([_("Code"), _("Signed rows"), _("Rows on the sheet"),
                                              _("Town or constituency"), _("Collected by"), _("Date collected"),
                                              _("Remarks")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemDoubleClicked.connect(lambda item: self.load_entry(item.row()))
        self.change_button = QPushButton(_("&Change"), self)
        self.change_button.clicked.connect(lambda: self.load_entry(self.table.currentRow()))
        self.remove_button = QPushButton(_("&Remove"), self)
        self.remove_button.clicked.connect(self.remove_selected)
        self.export_button = QPushButton(_("Export as &CSV…"), self)
        self.export_button.clicked.connect(self.export_csv)
        row_buttons = QHBoxLayout()
        row_buttons.addWidget(self.change_button)
        row_buttons.addWidget(self.remove_button)
        row_buttons.addStretch(1)
        row_buttons.addWidget(self.export_button)

        # -- the totals
        self.totals_table = QTableWidget(0, 3, self)
        self.totals_table.setHorizontalHeaderLabels([_("Town or constituency"), _("Sheets"), _("Signatures")])
        self.totals_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.totals_table.verticalHeader().hide()
        self.totals_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.total_label = QLabel(self)
        font = self.total_label.font()
        font.setBold(True)
        self.total_label.setFont(font)

        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(entry)
        layout.addWidget(QLabel(_("Sheets entered"), self))
        layout.addWidget(self.table, 3)
        layout.addLayout(row_buttons)
        layout.addWidget(QLabel(_("Totals per town or constituency"), self))
        layout.addWidget(self.totals_table, 2)
        layout.addWidget(self.total_label)
        layout.addWidget(close)
        self.reload()

    # -- reading and writing -------------------------------------------------------

    def reload(self) -> None:
        """Show the library's entries of this campaign (all entries when no campaign is named)."""
        try:
            self.entries = self.library.returned_sheets(self.campaign or None)
        except PetitionDeskError as exc:
            self.show_error(exc.message(self.tr))
            self.entries = []
        self.table.setRowCount(len(self.entries))
        for row, e in enumerate(self.entries):
            values = [e.code, str(e.signed), "" if e.rows is None else str(e.rows), e.town, e.collected_by,
                      e.date.isoformat() if e.date else "", e.remarks]
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if column in (1, 2):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
        self.show_totals()

    def show_totals(self) -> None:
        found = totals(self.entries)
        language = self.tr.language
        self.totals_table.setRowCount(len(found.by_town))
        for row, town in enumerate(found.by_town):
            cells = [town.town or self.tr.gettext("(no town given)"), format_number(town.sheets, language),
                     format_number(town.signatures, language)]
            for column, value in enumerate(cells):
                item = QTableWidgetItem(value)
                if column:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.totals_table.setItem(row, column, item)
        signatures = tr_format(self.tr, "%(count)s signature", {"count": format_number(found.signatures, language)},
                               "%(count)s signatures", found.signatures)
        sheets = tr_format(self.tr, "%(count)s sheet", {"count": format_number(found.sheets, language)},
                           "%(count)s sheets", found.sheets)
        towns = tr_format(self.tr, "%(count)s town or constituency", {"count": format_number(found.towns, language)},
                          "%(count)s towns or constituencies", found.towns)
        figures = {"signatures": signatures, "sheets": sheets, "towns": towns}  # apart, so extraction reads one string
        self.total_label.setText(tr_format(self.tr, "Total: %(signatures)s on %(sheets)s from %(towns)s", figures))

    def entry(self) -> ReturnedSheet:
        return ReturnedSheet(code=self.code_edit.text(), signed=self.rows_spin.value(), town=self.town_edit.text(),
                             collected_by=self.by_edit.text(), date=self.date_edit.date(),
                             remarks=self.remarks_edit.text(), campaign=self.campaign)

    def enter_sheet(self) -> bool:
        """Store the entry line as a new sheet (or as the change of the loaded one); False when refused."""
        try:
            if self.editing is not None and parse_code(self.code_edit.text()) == self.editing:
                self.library.update_returned_sheet(self.entry())
            else:
                self.library.add_returned_sheet(self.entry())  # refused as a duplicate like any other
                if self.editing is not None:
                    self.library.remove_returned_sheet(self.editing)  # the code itself was corrected
        except PetitionDeskError as exc:
            self.show_error(exc.message(self.tr))
            mark_problem(self.code_edit, exc.message(self.tr))
            return False
        self.clear_entry()
        self.reload()
        return True

    def show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.setVisible(bool(message))

    def clear_entry(self) -> None:
        """Ready for the next sheet: the town, collector and date stay, as sheets come back in batches."""
        self.editing = None
        self.code_edit.clear()
        self.rows_spin.setValue(0)
        self.remarks_edit.clear()
        self.show_error("")
        mark_problem(self.code_edit, None)
        self.add_button.setText(self.tr.gettext("&Add Sheet"))
        self.cancel_change_button.hide()
        self.code_edit.setFocus()

    def load_entry(self, row: int) -> None:
        """Put a sheet's entry on the entry line to change it."""
        if not 0 <= row < len(self.entries):
            return
        e = self.entries[row]
        self.editing = e.code
        self.code_edit.setText(e.code)
        self.rows_spin.setValue(e.signed)
        self.town_edit.setText(e.town)
        self.by_edit.setText(e.collected_by)
        self.date_edit.set_date(e.date)
        self.remarks_edit.setText(e.remarks)
        self.add_button.setText(self.tr.gettext("&Save Change"))
        self.cancel_change_button.show()
        self.show_error("")
        self.rows_spin.setFocus()
        self.rows_spin.selectAll()

    def remove_selected(self) -> None:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        codes = [self.entries[row].code for row in rows if row < len(self.entries)]
        if not codes:
            return
        answer = QMessageBox.question(self, self.tr.gettext("Remove sheets"), tr_format(
            self.tr, "Remove the entry of sheet %(codes)s?", {"codes": ", ".join(codes)},
            "Remove the entries of the sheets %(codes)s?", len(codes)))
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            for code in codes:
                self.library.remove_returned_sheet(code)
        except PetitionDeskError as exc:
            self.show_error(exc.message(self.tr))
        self.reload()

    def export_csv(self) -> Path | None:
        path, _filter = QFileDialog.getSaveFileName(self, self.tr.gettext("Export returned sheets"),
                                                    "signatures.csv", self.tr.gettext("CSV files (*.csv)"))
        if not path:
            return None
        try:
            write_csv(self.entries, Path(path))
        except PetitionDeskError as exc:
            QMessageBox.warning(self, self.tr.gettext("Could not export the sheets"), exc.message(self.tr))
            return None
        return Path(path)
