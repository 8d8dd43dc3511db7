"""Export a resolution: formats, languages, line numbers, folder; then a list of the files written.

A resolution goes to the aide's own chamber, so it is written once per
language, not once per recipient. The work is ``export_resolution`` from the
core, on a pool thread, on a copy of the draft taken when Export is pressed.
"""

from __future__ import annotations

import copy
import importlib.util
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.errors import PetitionDeskError
from desktop.core.i18n import Translator
from desktop.core.resolution.export import RESOLUTION_FORMATS, ResolutionExport, export_resolution
from desktop.gui.form_fields import tr_format
from desktop.gui.resolution_model import language_title
from desktop.gui.workers import run_in_background

FOLDER_KEY = "resolution_export"


def akn_available() -> bool:
    """Whether this version can write Akoma Ntoso XML."""
    return importlib.util.find_spec("desktop.core.resolution.akn") is not None


class ResolutionExportDialog(QDialog):
    export_finished = Signal(object)  # the list of files written, or None if the export failed

    def __init__(self, tr: Translator, draft, settings=None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tr = tr
        self._draft = draft
        self._settings = settings
        self._running = False
        self._folder_done: Path | None = None
        self.written: list[Path] = []
        self._build()
        self._load()
        self.retranslate(tr)

    # -- layout -------------------------------------------------------------------------
    def _build(self) -> None:
        self.format_boxes = {fmt: QCheckBox() for fmt in RESOLUTION_FORMATS}
        formats = QVBoxLayout()
        formats.setSpacing(2)
        for box in self.format_boxes.values():
            formats.addWidget(box)
        res = self._draft.resolution
        self.languages = list(res.languages) if res is not None else []
        self.language_boxes = {language: QCheckBox() for language in self.languages}
        languages = QHBoxLayout()
        for box in self.language_boxes.values():
            languages.addWidget(box)
        languages.addStretch(1)
        self.line_numbers_box = QCheckBox()
        self.folder_edit = QLineEdit()
        self.folder_button = QPushButton()
        self.folder_button.clicked.connect(self.choose_folder)
        folder = QHBoxLayout()
        folder.addWidget(self.folder_edit, 1)
        folder.addWidget(self.folder_button)

        self.formats_label, self.languages_label = QLabel(), QLabel()
        self.margin_label, self.folder_label = QLabel(), QLabel()
        self.folder_label.setBuddy(self.folder_edit)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(self.formats_label, formats)
        form.addRow(self.languages_label, languages)
        form.addRow(self.margin_label, self.line_numbers_box)
        form.addRow(self.folder_label, folder)

        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setVisible(False)
        self.summary = QLabel(wordWrap=True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary.setVisible(False)

        self.buttons = QDialogButtonBox()
        self.export_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.open_folder_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.ActionRole)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.export_button.setDefault(True)
        self.open_folder_button.setVisible(False)
        self.export_button.clicked.connect(self.start_export)
        self.open_folder_button.clicked.connect(self.open_folder)
        self.close_button.clicked.connect(self.reject)

        self.intro = QLabel(wordWrap=True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addSpacing(6)
        layout.addLayout(form)
        layout.addSpacing(6)
        layout.addWidget(self.progress)
        layout.addWidget(self.summary)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)

    def _load(self) -> None:
        akn = akn_available()
        for fmt, box in self.format_boxes.items():
            box.setChecked(fmt != "akn" or akn)
        self.format_boxes["akn"].setEnabled(akn)
        res = self._draft.resolution
        for language, box in self.language_boxes.items():
            written = res is not None and any(p.text.get(language).strip() for p in res.walk())
            box.setChecked(written)
        self.line_numbers_box.setChecked(bool(self._draft.options.get("line_numbers")))
        folder = self._settings.last_folder(FOLDER_KEY) if self._settings else ""
        if not folder:
            documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
            folder = str(Path(documents or Path.home()) / "Petition Desk")
        self.folder_edit.setText(folder)

    def retranslate(self, tr: Translator) -> None:
        self._tr = tr
        _ = tr.gettext
        self.setWindowTitle(_("Export the resolution"))
        self.intro.setText(_("The resolution is written once for each language you tick, in the form of text "
                             "chosen in the workbench."))
        self.formats_label.setText(_("Formats:"))
        self.format_boxes["docx"].setText(_("DOCX (to edit in a word processor, with real numbering)"))
        self.format_boxes["pdf"].setText(_("PDF (to print or send)"))
        self.format_boxes["akn"].setText(_("Akoma Ntoso XML (for parliaments' document systems)"))
        if not akn_available():
            self.format_boxes["akn"].setToolTip(_("This version cannot write Akoma Ntoso XML yet."))
        self.languages_label.setText(_("Languages:"))
        for language, box in self.language_boxes.items():
            box.setText(language_title(language, tr.language))
        self.margin_label.setText(_("Margin:"))
        self.line_numbers_box.setText(_("Number the lines (for amendments)"))
        self.folder_label.setText(_("Save in:"))
        self.folder_button.setText(_("Choose…"))
        self.folder_edit.setAccessibleName(_("Folder for the exported files"))
        self.export_button.setText(_("Export"))
        self.open_folder_button.setText(_("Open folder"))
        self.progress.setAccessibleName(_("Export progress"))

    # -- choices --------------------------------------------------------------------------
    def formats(self) -> tuple[str, ...]:
        return tuple(fmt for fmt, box in self.format_boxes.items() if box.isChecked() and box.isEnabled())

    def chosen_languages(self) -> tuple[str, ...]:
        return tuple(language for language, box in self.language_boxes.items() if box.isChecked())

    def folder(self) -> Path:
        return Path(self.folder_edit.text().strip()).expanduser()

    def request(self) -> ResolutionExport:
        """What the dialog asks the core to write."""
        return ResolutionExport(formats=self.formats(), languages=self.chosen_languages(),
                                line_numbers=self.line_numbers_box.isChecked())

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self._tr.gettext("Choose the folder for the resolution"),
                                                  self.folder_edit.text())
        if folder:
            self.folder_edit.setText(folder)

    # -- running ----------------------------------------------------------------------------
    def is_running(self) -> bool:
        return self._running

    def start_export(self) -> None:
        if self._running:
            return
        _ = self._tr.gettext
        if not self.formats():
            self._show_summary(_("Choose at least one format."))
            return
        if self.language_boxes and not self.chosen_languages():
            self._show_summary(_("Choose at least one language."))
            return
        if not self.folder_edit.text().strip():
            self._show_summary(_("Choose the folder where the files should be saved."))
            return
        draft = copy.deepcopy(self._draft)  # edits made meanwhile must not reach the files half-way
        folder, request = self.folder(), self.request()
        self._set_running(True)
        run_in_background(lambda: export_resolution(draft, folder, request), self._succeeded, self._failed,
                          context=self)

    def _set_running(self, running: bool) -> None:
        self._running = running
        for widget in (*self.format_boxes.values(), *self.language_boxes.values(), self.line_numbers_box,
                       self.folder_edit, self.folder_button, self.export_button):
            widget.setEnabled(not running and (widget is not self.format_boxes["akn"] or akn_available()))
        self.progress.setVisible(running)
        if running:
            self.summary.setVisible(False)
            self.open_folder_button.setVisible(False)

    def _failed(self, exc: Exception) -> None:
        self._set_running(False)
        text = exc.message(self._tr) if isinstance(exc, PetitionDeskError) else f"{type(exc).__name__}: {exc}"
        self._show_summary(tr_format(self._tr, "Nothing was exported: %(reason)s", {"reason": text}))
        self.export_finished.emit(None)

    def _succeeded(self, written: list[Path]) -> None:
        self._set_running(False)
        folder = self.folder()
        self.written = list(written)
        n = len(written)
        lines = [tr_format(self._tr, "Wrote %(count)d file to %(folder)s:", {"count": n, "folder": str(folder)},
                           "Wrote %(count)d files to %(folder)s:", n)]
        lines += ["• " + path.name for path in written]
        self._folder_done = folder
        if self._settings is not None:
            self._settings.set_last_folder(FOLDER_KEY, str(folder))
        self._show_summary("\n".join(lines))
        self.open_folder_button.setVisible(n > 0)
        self.export_finished.emit(self.written)

    def _show_summary(self, text: str) -> None:
        self.summary.setText(text)
        self.summary.setVisible(True)

    def open_folder(self) -> None:
        if self._folder_done is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._folder_done)))
