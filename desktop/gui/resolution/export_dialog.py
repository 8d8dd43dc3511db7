"""Export a resolution: formats, languages, line numbers, folder; then a list of the files written.

A resolution goes to the aide's own chamber, so it is written once per
language, not once per recipient. The work is ``export_resolution`` from the
core, on a pool thread, on a copy of the draft taken when Export is pressed.
"""

from __future__ import annotations

import copy
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from desktop.core.i18n import Translator
from desktop.core.resolution.export import RESOLUTION_FORMATS, ResolutionExport, export_resolution
from desktop.gui.export import common as export_common
from desktop.gui.widgets.form_fields import tr_format
from desktop.gui.resolution.outline_model import language_title
from desktop.gui.workers import run_in_background

FOLDER_KEY = "resolution_export"


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
        folder = export_common.build_folder_row(self)

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

        export_common.build_result_area(self)
        self.progress.setRange(0, 0)
        export_common.lay_out(self, form, 560)

    def _load(self) -> None:
        for box in self.format_boxes.values():
            box.setChecked(True)
        res = self._draft.resolution
        for language, box in self.language_boxes.items():
            written = res is not None and any(p.text.get(language).strip() for p in res.walk())
            box.setChecked(written)
        self.line_numbers_box.setChecked(bool(self._draft.options.get("line_numbers")))
        self.folder_edit.setText(export_common.default_folder(self._settings, FOLDER_KEY))

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
        self.languages_label.setText(_("Languages:"))
        for language, box in self.language_boxes.items():
            box.setText(language_title(language, tr.language))
        self.margin_label.setText(_("Margin:"))
        self.line_numbers_box.setText(_("Number the lines (for amendments)"))
        export_common.retranslate_shared(self, tr)

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
        export_common.choose_folder(self, self._tr.gettext("Choose the folder for the resolution"))

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
            widget.setEnabled(not running)
        self.progress.setVisible(running)
        if running:
            self.summary.setVisible(False)
            self.open_folder_button.setVisible(False)

    def _failed(self, exc: Exception) -> None:
        self._set_running(False)
        reason = export_common.failure_reason(self._tr, exc)
        self._show_summary(tr_format(self._tr, "Nothing was exported: %(reason)s", {"reason": reason}))
        self.export_finished.emit(None)

    def _succeeded(self, written: list[Path]) -> None:
        self._set_running(False)
        folder = self.folder()
        self.written = list(written)
        n = len(written)
        # The same sentence as the letters' export dialog, so it is translated once.
        lines = [self._tr.ngettext("Wrote %(count)d file to %(folder)s.", "Wrote %(count)d files to %(folder)s.", n)
                 % {"count": n, "folder": str(folder)}]
        lines += ["• " + path.name for path in written]
        self._folder_done = folder
        if self._settings is not None:
            self._settings.set_last_folder(FOLDER_KEY, str(folder))
        self._show_summary("\n".join(lines))
        self.open_folder_button.setVisible(n > 0)
        self.export_finished.emit(self.written)

    def _show_summary(self, text: str) -> None:
        export_common.show_summary(self.summary, text)

    def open_folder(self) -> None:
        export_common.open_folder(self._folder_done)
