"""The top bar of the resolution workbench: the form of the text, the two languages and the whole-text buttons.

A mixin of :class:`~desktop.gui.resolution.editor.ResolutionEditor`: the
style combo (European Parliament, Riksdag motion, US simple resolution,
generic), the languages shown left and right, and the buttons that start a
text from the case, import one or open the export dialog. Replacing the
whole text, like a change of style, is one undoable step (the editor's
``_state`` and ``_push``).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QComboBox, QDialog, QGridLayout, QHBoxLayout, QLabel, QMessageBox, QPushButton

from desktop.core.errors import PetitionDeskError
from desktop.core.localize import DOCUMENT_LANGUAGES
from desktop.gui.resolution.outline_model import language_title

from desktop.gui.resolution.import_dialog import ResolutionImportDialog
from desktop.gui.resolution.styles import RESOLUTION_TEMPLATE, style_choices


class ResolutionTopBar:
    """The editor's top rows; it keeps ``left`` and ``right``, the languages shown."""

    def _build_top(self) -> tuple[QGridLayout, QHBoxLayout]:
        """The style and language rows, and the row of buttons below them."""
        self.style_label, self.languages_label, self.beside_label = QLabel(), QLabel(), QLabel()
        self.style_combo = QComboBox()
        self.style_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.style_combo.activated.connect(self._style_chosen)
        self.style_label.setBuddy(self.style_combo)
        self.left_combo, self.right_combo = QComboBox(), QComboBox()
        for combo in (self.left_combo, self.right_combo):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.left_combo.activated.connect(lambda _i: self._languages_chosen())
        self.right_combo.activated.connect(lambda _i: self._languages_chosen())
        self.languages_label.setBuddy(self.left_combo)
        self.seed_button, self.import_button, self.export_button = QPushButton(), QPushButton(), QPushButton()
        self.seed_button.clicked.connect(self.start_from_case)
        self.import_button.clicked.connect(self.import_text)
        self.export_button.clicked.connect(self.open_export_dialog)

        top = QGridLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.setHorizontalSpacing(8)
        top.addWidget(self.style_label, 0, 0)
        top.addWidget(self.style_combo, 0, 1, 1, 3, Qt.AlignmentFlag.AlignLeft)
        top.addWidget(self.languages_label, 1, 0)
        languages = QHBoxLayout()
        languages.setSpacing(6)
        languages.addWidget(self.left_combo)
        languages.addWidget(self.beside_label)
        languages.addWidget(self.right_combo)
        languages.addStretch(1)
        top.addLayout(languages, 1, 1, 1, 3)
        top.setColumnStretch(3, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.seed_button)
        buttons.addWidget(self.import_button)
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        return top, buttons

    def _retranslate_top(self, _: Callable[[str], str]) -> None:
        self.style_label.setText(_("Form of the text:"))
        self.languages_label.setText(_("Languages:"))
        self.beside_label.setText(_("beside"))
        self.seed_button.setText(_("Start from the case"))
        self.seed_button.setToolTip(_("Write a first text from the facts of the case, in the languages shown"))
        self.import_button.setText(_("Import text…"))
        self.import_button.setToolTip(_("Read the parts of a resolution from a text you paste or open"))
        self.export_button.setText(_("Export resolution…"))
        self.export_button.setToolTip(_("Save the resolution as DOCX, PDF or Akoma Ntoso XML, once per language"))

    # -- style and languages ----------------------------------------------------------------------------
    def _fill_styles(self) -> None:
        self.style_combo.blockSignals(True)
        self.style_combo.clear()
        template = self.draft.template if self.draft is not None else RESOLUTION_TEMPLATE
        for style, label in style_choices(template, self.tr.language):
            self.style_combo.addItem(label, style)
        self.style_combo.setCurrentIndex(max(self.style_combo.findData(self.style()), 0))
        self.style_combo.blockSignals(False)

    def _fill_languages(self) -> None:
        for combo, none in ((self.left_combo, False), (self.right_combo, True)):
            combo.blockSignals(True)
            combo.clear()
            if none:
                combo.addItem(self.tr.gettext("(one language only)"), "")
            for code in DOCUMENT_LANGUAGES:
                combo.addItem(language_title(code, self.tr.language), code)
            combo.blockSignals(False)
        self.left_combo.setCurrentIndex(max(self.left_combo.findData(self.left), 0))
        self.right_combo.setCurrentIndex(max(self.right_combo.findData(self.right or ""), 0))
        self.left_combo.setAccessibleName(self.tr.gettext("Language on the left"))
        self.right_combo.setAccessibleName(self.tr.gettext("Language on the right"))

    def _style_chosen(self, _index: int) -> None:
        style = self.style_combo.currentData()
        if self.draft is None or style == self.style():
            return
        self.set_style(style)

    def set_style(self, style: str) -> None:
        """Print the resolution in another form; the text is kept (undoable)."""
        before, current = self._state("style"), self.current_key()
        self.draft.options["style"] = style
        self._fill_styles()
        self._push(self.tr.gettext("Change the form of the text"), before, current, current)
        self.style_changed.emit(style)

    def _languages_chosen(self) -> None:
        left = self.left_combo.currentData()
        right = self.right_combo.currentData() or None
        if right == left:  # the same language twice: the two sides swap instead
            right = self.left if self.left != left else None
        self.set_languages(left, right)

    def set_languages(self, left: str, right: str | None) -> None:
        """Show ``left`` and ``right`` (None: one language only); a language is added to the
        resolution when something is written in it."""
        self.left, self.right = left, right
        self._fill_languages()
        self._reload(self.current_key())

    # -- whole texts -------------------------------------------------------------------------------------
    def _ask_replace(self, title: str) -> bool:
        res = self.res
        if res is None or res.is_empty():
            return True
        answer = QMessageBox.question(
            self, title,
            self.tr.gettext("This replaces the whole text of the resolution. You can undo it with Edit ▸ Undo. "
                            "Replace it?"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def start_from_case(self) -> None:
        """A new text written from the case by the resolution template, in the languages shown."""
        if self.draft is None:
            return
        _ = self.tr.gettext
        if not self._ask_replace(_("Start from the case")):
            return
        from desktop.core.resolution.seed import from_case

        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            new = from_case(self.draft, self._languages_shown())
        except PetitionDeskError as exc:
            self.show_message(exc.message(self.tr))
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        before, current = self._state(), self.current_key()
        self.draft.resolution = new
        self.show_message("")
        self._push(_("Start from the case"), before, current, None)

    def import_text(self) -> None:
        """Read a resolution from text with the import dialog, as one undoable step."""
        if self.draft is None:
            return
        _ = self.tr.gettext

        dialog = ResolutionImportDialog(parent=self, text="", language=self.left)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        result = dialog.import_result()
        if result is None or getattr(result, "resolution", None) is None:
            return
        if not self._ask_replace(_("Import text")):
            return
        before, current = self._state("style", "signers", "frame"), self.current_key()
        self.draft.resolution = result.resolution
        self.draft.options.update(result.draft_options())
        known = {s.name.strip().casefold() for s in self.draft.signers}
        for signer in getattr(result, "signers", None) or []:
            if signer.name.strip() and signer.name.strip().casefold() not in known:
                self.draft.signers.append(signer)
                known.add(signer.name.strip().casefold())
        languages = result.resolution.languages or [self.left]
        language = getattr(result, "language", None) or languages[0]
        self.left = language if language in DOCUMENT_LANGUAGES else languages[0]
        others = [lang for lang in languages if lang != self.left]
        self.right = others[0] if others else None
        self._fill_styles()
        self._fill_languages()
        self.show_message("")
        if self._push(_("Import text"), before, current, None):
            if "style" in before and before["style"] != self.draft.options.get("style"):
                self.style_changed.emit(self.style())
            if before["signers"] != [s.to_dict() for s in self.draft.signers]:
                self.signers_changed.emit()

    def open_export_dialog(self):
        from desktop.gui.resolution.export_dialog import ResolutionExportDialog

        dialog = ResolutionExportDialog(self.tr, self.draft, self.settings, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.export_dialog = dialog
        return dialog
