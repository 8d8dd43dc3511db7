"""Import an existing resolution or motion: the source on the left, what was recognised on the right.

The user pastes the text (or opens or drops a .txt/.docx file); the
importer reads it again shortly after every change and lists each part with
its line, the label it carried and the kind it was taken for. A wrong kind
is corrected in the table, a text can be touched up there too, and OK
builds the resolution from the corrected list (``import_result()``).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QDragEnterEvent, QDropEvent, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core.errors import N_, PetitionDeskError
from desktop.core.i18n import Translator, system_language, translator
from desktop.core.localize import DOCUMENT_LANGUAGES, language_name
from desktop.core.resolution.importer import (
    KINDS,
    PART_KINDS,
    SOURCE_SUFFIXES,
    ImportResult,
    Recognised,
    build,
    import_text,
    read_source,
    signers_from,
)
from desktop.core.resolution.model import DEFAULT_STYLE
from desktop.gui.resolution.styles import RESOLUTION_TEMPLATE, style_choices
from desktop.gui.widgets.form_fields import dropped_files, field_label, fill_combo, tr_format
from desktop.gui.widgets.colours import dim_colour, error_style

KIND_LABELS = {
    "title": N_("Title of the resolution"), "subject": N_("Subject"), "opening": N_("Opening formula"), "citation": N_("Citation"),
    "recital": N_("Recital"), "operative": N_("Operative paragraph"), "point": N_("Sub-point"),
    "proposal": N_("Proposal (Riksdag)"), "closing": N_("Closing formula"), "sponsor": N_("Sponsor"),
    "heading": N_("Heading (left out)"), "text": N_("Not recognised (left out)"),
}
COLUMNS = (N_("Line"), N_("Label"), N_("Kind"), N_("Text"))
DEBOUNCE_MS = 400


class _SourceEdit(QPlainTextEdit):
    """The source text; a dropped .txt/.docx file is read instead of pasting its path."""

    file_dropped = Signal(Path)

    def canInsertFromMimeData(self, source: QMimeData) -> bool:
        return bool(_source_paths(source)) or super().canInsertFromMimeData(source)

    def insertFromMimeData(self, source: QMimeData) -> None:
        paths = _source_paths(source)
        if paths:
            self.file_dropped.emit(paths[0])
        else:
            super().insertFromMimeData(source)


def _source_paths(mime: QMimeData) -> list[Path]:
    return dropped_files(mime, SOURCE_SUFFIXES)


class ResolutionImportDialog(QDialog):
    """``import_result()`` gives the resolution built from the reviewed parts once the dialog is accepted."""

    def __init__(self, parent: QWidget | None = None, text: str = "", language: str | None = None, *,
                 tr: Translator | None = None) -> None:
        super().__init__(parent)
        parent_tr = getattr(parent, "tr", None)
        self.tr = tr or (parent_tr if isinstance(parent_tr, Translator) else translator(system_language()))
        self.items: list[Recognised] = []
        self.options: dict[str, str] = {}
        # ``language`` is the one shown until a text says otherwise: the text's own set phrases
        # decide, unless the user picks a language in the combo box.
        self._language_fixed: str | None = None
        self._style_fixed: str | None = None
        self._filling = False

        self.source_label = QLabel(self)
        self.source = _SourceEdit(self)
        self.source.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.source.setFont(QFont("monospace", 9))
        self.source_label.setBuddy(self.source)
        self.open_button = QPushButton(self)
        self.open_button.clicked.connect(self.open_file)
        source_bar = QHBoxLayout()
        source_bar.addWidget(self.source_label, 1)
        source_bar.addWidget(self.open_button)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(source_bar)
        left_layout.addWidget(self.source, 1)

        self.language_label, self.style_label = QLabel(self), QLabel(self)
        self.language_combo, self.style_combo = QComboBox(self), QComboBox(self)
        self.language_label.setBuddy(self.language_combo)
        self.style_label.setBuddy(self.style_combo)
        self.language_combo.activated.connect(self._language_chosen)
        self.style_combo.activated.connect(self._style_chosen)
        choices = QHBoxLayout()
        choices.addWidget(self.language_label)
        choices.addWidget(self.language_combo, 1)
        choices.addSpacing(12)
        choices.addWidget(self.style_label)
        choices.addWidget(self.style_combo, 2)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        for column, mode in enumerate((QHeaderView.ResizeMode.ResizeToContents,
                                       QHeaderView.ResizeMode.ResizeToContents,
                                       QHeaderView.ResizeMode.ResizeToContents, QHeaderView.ResizeMode.Stretch)):
            header.setSectionResizeMode(column, mode)
        self.table.itemChanged.connect(self._text_edited)
        self.table.currentCellChanged.connect(self._show_source_line)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(choices)
        right_layout.addWidget(self.table, 1)
        right_layout.addWidget(self.summary)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.buttons)
        self.setAcceptDrops(True)
        self.resize(1100, 640)

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.recognise)
        self.row_timer = QTimer(self)  # rows are fitted once the columns have their widths
        self.row_timer.setSingleShot(True)
        self.row_timer.setInterval(0)
        self.row_timer.timeout.connect(self._fit_rows)
        header.sectionResized.connect(lambda *_args: self.row_timer.start())
        self.retranslate(self.tr)
        if language in DOCUMENT_LANGUAGES:
            self.language_combo.setCurrentIndex(self.language_combo.findData(language))
        self.source.setPlainText(text)
        self.source.textChanged.connect(self.timer.start)
        self.recognise()
        self.source.file_dropped.connect(self.load_file)

    # -- texts ----------------------------------------------------------------------------

    def retranslate(self, tr: Translator) -> None:
        self.tr = tr
        self.setWindowTitle(tr.gettext("Import a resolution or motion"))
        self.source_label.setText(field_label(tr, N_("Source text")))
        self.source.setPlaceholderText(tr.gettext(
            "Paste the text of a resolution or motion here, or open or drop a .txt or .docx file."))
        self.open_button.setText(tr.gettext("Open file…"))
        self.language_label.setText(field_label(tr, N_("Language")))
        self.style_label.setText(field_label(tr, N_("Style")))
        fill_combo(self.language_combo, [(code, language_name(code, tr.language)) for code in DOCUMENT_LANGUAGES])
        # The names the resolution template's manifest gives its styles, as the editor's combo shows them.
        fill_combo(self.style_combo, style_choices(RESOLUTION_TEMPLATE, tr.language))
        self.table.setHorizontalHeaderLabels([tr.gettext(c) for c in COLUMNS])
        self._fill_table()

    # -- source ---------------------------------------------------------------------------

    def open_file(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, self.tr.gettext("Open a resolution or motion"), "",
            self.tr.gettext("Texts and Word documents (*.txt *.md *.docx);;All files (*)"))
        if name:
            self.load_file(Path(name))

    def load_file(self, path: Path) -> bool:
        """Put the text of ``path`` in the source editor; a problem is shown under the table."""
        try:
            text = read_source(Path(path))
        except PetitionDeskError as exc:
            self._show_problem(exc.message(self.tr))
            return False
        self.source.setPlainText(text)
        self.recognise()
        return True

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if _source_paths(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = _source_paths(event.mimeData())
        if paths:
            event.acceptProposedAction()
            self.load_file(paths[0])

    # -- recognition ----------------------------------------------------------------------

    def _language_chosen(self) -> None:
        self._language_fixed = self.language_combo.currentData()
        self.recognise()

    def _style_chosen(self) -> None:
        self._style_fixed = self.style_combo.currentData()
        self.recognise()

    def recognise(self) -> None:
        """Read the source again with the chosen (or guessed) language and style."""
        self.timer.stop()
        text = self.source.toPlainText()
        if not text.strip():
            self.items, self.options = [], {}
            self._fill_table()
            self.summary.setText(self.tr.gettext(
                "Paste the text of a resolution or motion on the left, or open or drop a file."))
            self._update_ok()
            return
        try:
            result = import_text(text, self._language_fixed, self._style_fixed)
        except PetitionDeskError as exc:
            self.items, self.options = [], {}
            self._fill_table()
            self._show_problem(exc.message(self.tr))
            return
        self.items, self.options = result.items, result.options
        for combo, value in ((self.language_combo, result.language), (self.style_combo, result.style)):
            combo.setCurrentIndex(max(combo.findData(value), 0))
        self._fill_table()
        self._update_summary()

    def _fill_table(self) -> None:
        self._filling = True
        self.table.setRowCount(len(self.items))
        for row, item in enumerate(self.items):
            line = QTableWidgetItem(str(item.line))
            label = QTableWidgetItem(item.label)
            for cell in (line, label):
                cell.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            line.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            label.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            self.table.setItem(row, 0, line)
            self.table.setItem(row, 1, label)
            holder = QWidget(self.table)  # keeps the combo box at the top of a tall row
            holder_layout = QVBoxLayout(holder)
            holder_layout.setContentsMargins(1, 1, 1, 1)
            combo = QComboBox(holder)
            holder_layout.addWidget(combo)
            holder_layout.addStretch(1)
            for kind in KINDS:
                combo.addItem(self.tr.gettext(KIND_LABELS[kind]), kind)
            combo.setCurrentIndex(combo.findData(item.kind))
            combo.setAccessibleName(tr_format(self.tr, "Kind of the part on line %(line)d", {"line": item.line}))
            combo.currentIndexChanged.connect(lambda _index, c=combo, r=row: self._kind_changed(r, c))
            self.table.setCellWidget(row, 2, holder)
            text = QTableWidgetItem(item.text)
            text.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            self.table.setItem(row, 3, text)
            self._paint(row)
        self._filling = False
        self.row_timer.start()

    def kind_combo(self, row: int) -> QComboBox:
        """The combo box with the kind of the part in ``row``."""
        return self.table.cellWidget(row, 2).findChild(QComboBox)

    def _fit_rows(self) -> None:
        """Row heights for the wrapped texts at the table's present width."""
        self.table.resizeRowsToContents()

    def _paint(self, row: int) -> None:
        """Grey italics for what will be left out of the resolution."""
        kind = self.items[row].kind
        cell = self.table.item(row, 3)
        if cell is None:
            return
        left_out = kind in ("text", "heading")
        font = cell.font()
        font.setItalic(left_out)
        cell.setFont(font)
        cell.setForeground(dim_colour(self.table.palette()) if left_out else self.table.palette().text().color())

    def _kind_changed(self, row: int, combo: QComboBox) -> None:
        if 0 <= row < len(self.items):
            self.items[row].kind = combo.currentData()
            self._paint(row)
            self._update_summary()

    def _text_edited(self, cell: QTableWidgetItem) -> None:
        if self._filling or cell.column() != 3 or not 0 <= cell.row() < len(self.items):
            return
        self.items[cell.row()].text = cell.text().strip()
        self._update_summary()

    def _show_source_line(self, row: int, *_args: int) -> None:
        if 0 <= row < len(self.items):
            block = self.source.document().findBlockByNumber(self.items[row].line - 1)
            if block.isValid():
                cursor = self.source.textCursor()
                cursor.setPosition(block.position())
                self.source.setTextCursor(cursor)
                self.source.centerCursor()

    def _update_summary(self) -> None:
        counts = {kind: sum(1 for i in self.items if i.kind == kind and i.text) for kind in PART_KINDS}
        params = {"citations": counts["citation"], "recitals": counts["recital"],
                  "operative": counts["operative"], "points": counts["point"], "proposals": counts["proposal"],
                  "left_out": sum(1 for i in self.items if i.kind == "text")}
        self.summary.setStyleSheet("")
        self.summary.setText(tr_format(
            self.tr, "Citations: %(citations)d, recitals: %(recitals)d, operative paragraphs: %(operative)d "
                     "(sub-points: %(points)d), proposals: %(proposals)d. Not recognised: %(left_out)d; "
                     "these are left out unless you choose a kind for them.", params))
        self._update_ok()

    def _show_problem(self, message: str) -> None:
        self.summary.setStyleSheet(error_style())
        self.summary.setText(message)
        self._update_ok()

    def _update_ok(self) -> None:
        has_parts = any(i.kind in PART_KINDS and i.text for i in self.items)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(has_parts)

    # -- result ---------------------------------------------------------------------------

    def language(self) -> str:
        return self.language_combo.currentData() or "en"

    def style(self) -> str:
        return self.style_combo.currentData() or DEFAULT_STYLE

    def import_result(self) -> ImportResult:
        """The resolution built from the parts as the user left them in the table."""
        if self.timer.isActive():
            self.recognise()
        items = [Recognised(i.line, i.kind, i.text, i.label, i.phrase) for i in self.items]
        language, style = self.language(), self.style()
        return ImportResult(build(items, language, style), style, language, items, signers_from(items),
                            dict(self.options))
