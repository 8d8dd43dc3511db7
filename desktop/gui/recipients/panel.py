"""The recipients directory: search, filter, tick, edit, import and export."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.core.errors import N_, PetitionDeskError
from desktop.core.i18n import Translator
from desktop.core.localize import country_name, language_name
from desktop.core.recipients import Recipient
from desktop.gui.widgets.form_fields import dropped_files, fill_combo, tr_format
from desktop.gui.recipients.model import (
    CITY,
    COUNTRY,
    KIND,
    KIND_LABELS,
    LANGUAGE,
    NAME,
    TITLE,
    RecipientsFilterProxy,
    RecipientsTableModel,
)

if TYPE_CHECKING:  # loaded when first needed, to keep the window's start quick
    from desktop.core.recipients_csv import ImportResult

_COLUMN_WIDTHS = {NAME: 260, TITLE: 120, CITY: 100, COUNTRY: 110, KIND: 95, LANGUAGE: 85}


def import_report(result: ImportResult, tr: Translator) -> tuple[str, list[str]]:
    """The summary sentence of an import and one line per row left out."""
    counts = {"count": len(result.recipients), "added": result.added, "updated": result.updated,
              "unchanged": result.unchanged}
    imported = tr_format(tr, "%(count)d recipient imported (%(added)d added, %(updated)d updated, %(unchanged)d "
                             "unchanged)", counts,
                         "%(count)d recipients imported (%(added)d added, %(updated)d updated, %(unchanged)d "
                         "unchanged)", len(result.recipients))
    if not result.rejected:
        return imported + ".", []
    rejected = tr_format(tr, "%(count)d row not imported:", {"count": len(result.rejected)},
                         "%(count)d rows not imported:", len(result.rejected))
    lines = []
    for row in result.rejected:
        # The reason renders itself in the interface language (its column names stay as in the file).
        reason = row.reason.render(tr) if hasattr(row.reason, "render") else str(row.reason)
        lines.append(tr_format(tr, "line %(line)d: %(reason)s", {"line": row.line, "reason": reason}))
    return f"{imported}; {rejected}", lines


class ImportReportDialog(QDialog):
    """What an import brought in and which rows it left out, and why."""

    def __init__(self, tr: Translator, result: ImportResult, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr.gettext("CSV import"))
        self.summary, self.lines = import_report(result, tr)
        label = QLabel(self.summary, self)
        label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        if self.lines:
            details = QPlainTextEdit("\n".join(self.lines), self)
            details.setReadOnly(True)
            details.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
            layout.addWidget(details, 1)
            self.resize(560, 320)
        self.setMinimumWidth(420)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok, self)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)


class RecipientsPanel(QWidget):
    """The directory from the library; ticked rows are the letter's recipients."""

    selection_changed = Signal()

    def __init__(self, tr: Translator, library: Any = None, sender_country: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tr, self._library, self.sender_country = tr, library, sender_country
        self.model = RecipientsTableModel(tr, self)
        self.proxy = RecipientsFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.search = QLineEdit(self)
        self.search.setClearButtonEnabled(True)
        self.country_filter, self.kind_filter, self.language_filter = QComboBox(self), QComboBox(self), QComboBox(self)
        self.view = QTableView(self)
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(NAME, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(26)
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        # The name matters most and keeps a readable width; the others get
        # fixed widths the user can drag. Widths that fit their contents
        # would re-measure rows on every keystroke of a search (10,000 rows).
        for column, width in _COLUMN_WIDTHS.items():
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.view.setColumnWidth(column, width)
        header.setStretchLastSection(True)
        self.buttons = {key: QPushButton(self) for key in
                        ("add", "edit", "remove", "import", "export", "all", "none")}
        self.status = QLabel(self)
        # The search box has a row of its own (it read "Sear…" beside three combo boxes on a small screen);
        # the filters share the next row, each as wide as the space allows.
        filters = QHBoxLayout()
        for combo in (self.country_filter, self.kind_filter, self.language_filter):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(8)
            filters.addWidget(combo, 1)
        actions = QHBoxLayout()
        for key in ("add", "edit", "remove"):
            actions.addWidget(self.buttons[key])
        actions.addStretch(1)
        ticks = QHBoxLayout()
        ticks.addWidget(self.buttons["all"])
        ticks.addWidget(self.buttons["none"])
        ticks.addStretch(1)
        self.ticks_row = ticks
        self.csv_row = QHBoxLayout()  # the CSV buttons go here, below, when the step is narrow
        self.csv_row.addStretch(1)
        self._csv_below = True
        self._place_csv_buttons(below=False)
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addLayout(filters)
        layout.addLayout(actions)
        layout.addWidget(self.view, 1)
        layout.addLayout(ticks)
        layout.addLayout(self.csv_row)
        layout.addWidget(self.status)
        self.setAcceptDrops(True)
        self._loaded = False
        self._connect()
        self.retranslate(tr)

    def fit_width(self, width: int) -> None:
        """Arrange for ``width`` pixels (see the main window's step pages)."""
        buttons = [self.buttons[k] for k in ("all", "none", "import", "export")]
        needed = sum(b.sizeHint().width() for b in buttons) + 80
        self._place_csv_buttons(below=width < needed)

    def _place_csv_buttons(self, below: bool) -> None:
        if below == self._csv_below:
            return
        self._csv_below = below
        target = self.csv_row if below else self.ticks_row
        for key in ("import", "export"):
            self.ticks_row.removeWidget(self.buttons[key])
            self.csv_row.removeWidget(self.buttons[key])
            target.addWidget(self.buttons[key])

    def _connect(self) -> None:
        self.search.textChanged.connect(self._apply_filters)
        for combo in (self.country_filter, self.kind_filter, self.language_filter):
            combo.currentIndexChanged.connect(self._apply_filters)
        self.view.doubleClicked.connect(self.edit_recipient)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.checked_changed.connect(self._on_checked)
        self.model.modelReset.connect(self._update_status)
        self.proxy.rowsInserted.connect(self._update_status)
        self.proxy.rowsRemoved.connect(self._update_status)
        self.proxy.layoutChanged.connect(self._update_status)
        actions = {"add": self.add_recipient, "edit": self.edit_recipient, "remove": self.remove_recipients,
                   "import": self.import_csv, "export": self.export_csv, "all": self.select_all_shown,
                   "none": self.select_none}
        for key, slot in actions.items():
            self.buttons[key].clicked.connect(slot)

    def retranslate(self, tr: Translator) -> None:
        self.tr = tr
        self.model.retranslate(tr)
        self.search.setPlaceholderText(tr.gettext("Search names, cities, notes…"))
        self.search.setAccessibleName(tr.gettext("Search recipients"))
        self.view.setAccessibleName(tr.gettext("Recipients"))
        texts = {"add": N_("Add…"), "edit": N_("Edit…"), "remove": N_("Remove"), "import": N_("Import CSV…"),
                 "export": N_("Export CSV…"), "all": N_("Select all shown"), "none": N_("Select none")}
        for key, text in texts.items():
            self.buttons[key].setText(tr.gettext(text))
        self.buttons["export"].setToolTip(tr.gettext("Export the ticked recipients, or all of them when none is ticked"))
        self.country_filter.setAccessibleName(tr.gettext("Country"))
        self.kind_filter.setAccessibleName(tr.gettext("Kind"))
        self.language_filter.setAccessibleName(tr.gettext("Language"))
        self._fill_filters()
        self._update_buttons()
        self._update_status()

    # --- contents -------------------------------------------------------------

    def library(self) -> Any:
        if self._library is None:
            from desktop.core.library import Library

            self._library = Library()
        return self._library

    def showEvent(self, event: Any) -> None:
        # The library is opened when the directory is first shown, not at start-up.
        if not self._loaded:
            self.reload()
        super().showEvent(event)

    def reload(self) -> None:
        """Read the directory from the library again; ticks are kept."""
        self._loaded = True
        try:
            recipients = self.library().list_recipients()
        except PetitionDeskError as exc:
            QMessageBox.warning(self, self.tr.gettext("Could not read the directory"), exc.message(self.tr))
            return
        self.set_recipients(recipients)

    def set_recipients(self, recipients: list[Recipient]) -> None:
        before = set(self.model.checked)
        self.model.set_recipients(recipients)
        self._fill_filters()
        self._apply_filters()
        if self.model.checked != before:
            self.selection_changed.emit()

    def selected_recipients(self) -> list[Recipient]:
        """The ticked recipients, in the order of the directory."""
        return self.model.checked_recipients()

    def set_selected(self, ids: list[str] | set[str]) -> None:
        self.model.set_checked(ids, replace=True)

    def select_all_shown(self) -> None:
        self.model.set_checked(self.proxy.shown_ids())

    def select_none(self) -> None:
        self.model.set_checked([], replace=True)

    # --- filters --------------------------------------------------------------

    def _fill_filters(self) -> None:
        lang = self.tr.language
        recipients = self.model.recipients
        countries = sorted({r.country for r in recipients if r.country}, key=lambda c: country_name(c, lang))
        languages = sorted({r.language for r in recipients if r.language})
        self._fill(self.country_filter, self.tr.gettext("All countries"),
                   [(code, country_name(code, lang)) for code in countries])
        self._fill(self.kind_filter, self.tr.gettext("All kinds"),
                   [(code, self.tr.gettext(label)) for code, label in KIND_LABELS.items()])
        self._fill(self.language_filter, self.tr.gettext("All languages"),
                   [(code, language_name(code, lang)) for code in languages])

    @staticmethod
    def _fill(combo: QComboBox, everything: str, items: list[tuple[str, str]]) -> None:
        fill_combo(combo, [("", everything), *items])

    def _apply_filters(self) -> None:
        self.proxy.set_filters(text=self.search.text(), country=self.country_filter.currentData() or "",
                               kind=self.kind_filter.currentData() or "",
                               language=self.language_filter.currentData() or "")
        self._update_status()

    # --- add, edit, remove -------------------------------------------------------

    def current_recipients(self) -> list[Recipient]:
        """The rows highlighted in the table (not the ticked ones)."""
        rows = sorted({self.proxy.mapToSource(i).row() for i in self.view.selectionModel().selectedRows()})
        return [self.model.recipients[row] for row in rows]

    def add_recipient(self) -> None:
        from desktop.gui.recipients.dialog import RecipientDialog

        dialog = RecipientDialog(self.tr, None, self.sender_country, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            added: list[str] = []
            self._change(lambda: added.append(self.library().add_recipient(dialog.recipient())))
            if added and added[0]:
                # Someone added now is someone to write to: ticked, so the letters include them.
                self.model.set_checked([added[0]])

    def edit_recipient(self) -> None:
        current = self.current_recipients()
        if not current:
            return
        from desktop.gui.recipients.dialog import RecipientDialog

        dialog = RecipientDialog(self.tr, current[0], self.sender_country, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._change(lambda: self.library().update_recipient(dialog.recipient()))

    def remove_recipients(self) -> None:
        current = self.current_recipients()
        if not current:
            return
        question = tr_format(self.tr, "Remove %(name)s from the directory?",
                             {"name": current[0].display_name, "count": len(current)},
                             "Remove these %(count)d recipients from the directory?", len(current))
        answer = QMessageBox.question(self, self.tr.gettext("Remove recipients"), question)
        if answer == QMessageBox.StandardButton.Yes:
            self._change(lambda: [self.library().delete_recipient(r.id) for r in current])

    def _change(self, action: Any) -> None:
        try:
            action()
        except PetitionDeskError as exc:
            QMessageBox.warning(self, self.tr.gettext("Could not change the directory"), exc.message(self.tr))
        self.reload()

    # --- CSV ----------------------------------------------------------------------

    def import_csv(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr.gettext("Import recipients"), "",
                                              self.tr.gettext("CSV files (*.csv *.txt);;All files (*)"))
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path) -> ImportResult | None:
        """Import ``path`` into the library and report what came in and what did not."""
        try:
            result = self.library().import_csv(Path(path))
        except PetitionDeskError as exc:
            QMessageBox.warning(self, self.tr.gettext("Could not import the file"), exc.message(self.tr))
            return None
        self.reload()
        ImportReportDialog(self.tr, result, self).exec()
        return result

    def export_csv(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr.gettext("Export recipients"), "recipients.csv",
                                              self.tr.gettext("CSV files (*.csv)"))
        if not path:
            return
        chosen = self.selected_recipients() or self.model.recipients
        try:
            self.library().export_csv(Path(path), chosen)
        except PetitionDeskError as exc:
            QMessageBox.warning(self, self.tr.gettext("Could not export the directory"), exc.message(self.tr))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if _csv_paths(event):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = _csv_paths(event)
        if paths:
            event.acceptProposedAction()
            for path in paths:
                self.import_file(path)

    # --- status ---------------------------------------------------------------------

    def _on_checked(self) -> None:
        self._update_status()
        self.selection_changed.emit()

    def _update_buttons(self) -> None:
        count = len(self.view.selectionModel().selectedRows())
        self.buttons["edit"].setEnabled(count == 1)
        self.buttons["remove"].setEnabled(count > 0)

    def _update_status(self) -> None:
        shown, total, ticked = self.proxy.rowCount(), self.model.rowCount(), len(self.model.checked)
        counts = {"shown": shown, "total": total, "ticked": ticked}
        self.status.setText(tr_format(self.tr, "%(shown)d of %(total)d shown, %(ticked)d ticked", counts))


def _csv_paths(event: QDragEnterEvent | QDropEvent) -> list[Path]:
    return dropped_files(event.mimeData(), (".csv", ".txt", ".tsv"))
