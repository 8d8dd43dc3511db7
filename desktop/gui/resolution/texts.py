"""The two text editors of the resolution workbench and what typing in them does.

Below the outline, the selected part or heading text in the language on the
left and the one on the right, with a line that says which translation lags
behind. Typing changes the text in place; a run of keystrokes in one text and
language is one undo step (:class:`~desktop.gui.resolution.commands.TypingCommand`),
and a run that began by bringing a lagging translation up to date stays so.
Return starts the next part or splits the part at the cursor.

A mixin of :class:`~desktop.gui.resolution.editor.ResolutionEditor` (it uses
its ``tree``, ``model``, ``undo_stack`` and ``_run``), with the text field
:class:`PartTextEdit`.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeySequence, QTextCursor
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QWidget

from desktop.core.resolution.model import HEADER_FIELDS, Resolution, Text
from desktop.gui.widgets.form_fields import tr_format
from desktop.gui.resolution.commands import TypingCommand
from desktop.gui.resolution.outline_model import FIELD_NAMES, LEFT_COLUMN, RIGHT_COLUMN, language_title

STALE_STYLE = "QFrame#stale { background: palette(alternate-base); border: 2px solid #e0a526; border-radius: 4px; }"


class PartTextEdit(QPlainTextEdit):
    """One language of the selected text. Return starts the next part (or splits at the cursor);
    Escape goes back to the outline; Ctrl+Z reaches the workbench's undo, not the field's own."""

    return_pressed = Signal()
    escape_pressed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setUndoRedoEnabled(False)
        self.language = "en"

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and (
                event.matches(QKeySequence.StandardKey.Undo) or event.matches(QKeySequence.StandardKey.Redo)):
            event.ignore()  # let the window's Edit ▸ Undo take it
            return True
        return super().event(event)

    def keyPressEvent(self, event) -> None:
        key, modifiers = event.key(), event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if modifiers == Qt.KeyboardModifier.NoModifier:
                self.return_pressed.emit()
            return  # a part is one paragraph: no line breaks inside
        if key == Qt.Key.Key_Escape and modifiers == Qt.KeyboardModifier.NoModifier:
            self.escape_pressed.emit()
            return
        super().keyPressEvent(event)

    def insertFromMimeData(self, source) -> None:
        if source.hasText():
            self.insertPlainText(" ".join(source.text().split()))


class ResolutionTexts:
    """The editor's ``editors`` and ``editor_labels`` (by column) and the stale-translation line."""

    def _build_texts(self) -> QWidget:
        """The two editors side by side and the line below them; the outline (``tree``) exists already."""
        self.editors: dict[int, PartTextEdit] = {}
        self.editor_labels: dict[int, QLabel] = {}
        # One line under both editors says which translation lags behind, with the button that confirms it.
        self.stale_frame = QFrame(objectName="stale")
        self.stale_frame.setStyleSheet(STALE_STYLE)
        self.stale_label = QLabel(wordWrap=True)
        self.confirm_button = QPushButton()
        self.confirm_button.clicked.connect(lambda _c=False: self.confirm_translation())
        stale_row = QHBoxLayout(self.stale_frame)
        stale_row.setContentsMargins(6, 3, 6, 3)
        stale_row.addWidget(self.stale_label, 1)
        stale_row.addWidget(self.confirm_button)
        self.stale_frame.setVisible(False)
        below = QWidget()
        grid = QGridLayout(below)
        grid.setContentsMargins(0, 4, 0, 0)
        for position, column in enumerate((LEFT_COLUMN, RIGHT_COLUMN)):
            label = QLabel()
            text_edit = PartTextEdit()
            text_edit.setMinimumHeight(text_edit.fontMetrics().lineSpacing() * 3 + 12)
            text_edit.textChanged.connect(lambda c=column: self._typed(c))
            text_edit.return_pressed.connect(lambda c=column: self._return_pressed(c))
            text_edit.escape_pressed.connect(self.tree.setFocus)
            label.setBuddy(text_edit)
            grid.addWidget(label, 0, position)
            grid.addWidget(text_edit, 1, position)
            grid.setColumnStretch(position, 1)
            self.editors[column], self.editor_labels[column] = text_edit, label
        grid.addWidget(self.stale_frame, 2, 0, 1, 2)
        grid.setRowStretch(1, 1)
        self.editor_grid = grid
        return below

    def _retranslate_texts(self, _: Callable[[str], str]) -> None:
        self.confirm_button.setText(_("Mark as up to date"))
        self.confirm_button.setToolTip(_("The translation is faithful as it is; stop marking it"))

    # -- the two editors ------------------------------------------------------------------------
    def focus_editor(self, column: int = LEFT_COLUMN) -> None:
        editor = self.editors[column]
        editor.setFocus()
        editor.moveCursor(QTextCursor.MoveOperation.End)

    def _load_editors(self) -> None:
        node = self.current_node()
        text = self.model.text_of(node) if node is not None else None
        editable = text is not None
        self._loading = True
        try:
            for column, editor in self.editors.items():
                language = self.model.language_of(column)
                editor.language = language or ""
                title = language_title(language, self.tr.language) if language else ""
                self.editor_labels[column].setText(tr_format(self.tr, "%(label)s:", {"label": title}))
                editor.setEnabled(editable)
                value = text.get(language) if editable and language else ""
                if editor.toPlainText() != value:
                    editor.setPlainText(value)
                if not editable:
                    editor.setPlaceholderText(self.tr.gettext("Choose a part or a heading text in the outline "
                                                              "to edit it here."))
                elif node.type == "field":
                    own = self.model.placeholders.get(language or "", {}).get(node.key, "")
                    editor.setPlaceholderText(own or tr_format(self.tr, "%(field)s in %(language)s", {
                        "field": self.tr.gettext(FIELD_NAMES[node.key]), "language": title}))
                else:
                    editor.setPlaceholderText(tr_format(self.tr, "Text in %(language)s", {"language": title}))
                editor.setAccessibleName(tr_format(self.tr, "Text in %(language)s", {"language": title}))
        finally:
            self._loading = False
        self._update_stale()

    def _update_stale(self) -> None:
        node = self.current_node()
        text = self.model.text_of(node) if node is not None else None
        notes = []
        for column in (LEFT_COLUMN, RIGHT_COLUMN):
            language = self.model.language_of(column)
            note = self.model.stale_note(text, language) if text is not None and language else None
            if note:
                notes.append(note)
        self.stale_label.setText(" ".join(notes))
        self.stale_frame.setVisible(bool(notes))
        self.actions_by_name["confirm"].setEnabled(self._stale_languages(text) != [])

    def _stale_languages(self, text: Text | None) -> list[str]:
        res = self.res
        if text is None or res is None:
            return []
        return [lang for lang in self._languages_shown() if text.is_stale(lang, res.languages)]

    # -- typing ---------------------------------------------------------------------------------------
    def _target(self, key: str) -> Text | None:
        res = self.res
        if res is None:
            return None
        if key in HEADER_FIELDS:
            return res.text(key)
        try:
            return res.part(key).text
        except KeyError:
            return None

    def _typed(self, column: int) -> None:
        if self._loading or self.draft is None:
            return
        node = self.current_node()
        language = self.model.language_of(column)
        if node is None or node.type not in ("part", "field") or not language:
            return
        value = self.editors[column].toPlainText()
        key = node.key
        if self.res is None:  # the first words of a new resolution
            self.apply(self.tr.gettext("Typing"), lambda res: res.set_text(res.text(key), language, value), key)
            return
        target = self._target(key)
        if target is None or target.get(language) == value:
            return
        res = self.res
        before = _text_state(target, res)
        if language not in res.languages:
            res.languages.append(language)
        run = self._typing_run()
        continuing = run is not None and self._run == (key, language) and (run.key, run.language) == (key, language)
        # Each keystroke is an edit of its own to the model; the first decides whether this run brings a
        # translation up to date or changes the source, and the later ones keep that decision.
        res.set_text(target, language, value, as_source=(not run.catching_up) if continuing else None)
        self._run = (key, language)
        self.undo_stack.push(TypingCommand(self, self.tr.gettext("Typing"), key, language, before,
                                           _text_state(target, res), fresh=not continuing))
        self._after_typing(key)

    def _typing_run(self) -> TypingCommand | None:
        """The typing command on top of the undo stack, which the next keystroke may extend."""
        index = self.undo_stack.index()
        top = self.undo_stack.command(index - 1) if index > 0 else None
        return top if isinstance(top, TypingCommand) else None

    def _after_typing(self, key: str) -> None:
        if key == "forward_to":  # the EP closing formula names the authorities
            self.model.placeholders = self._placeholders()
        self.model.text_changed(key)
        self._update_stale()
        self._show_frame()
        self.show_message("")
        self.changed.emit()

    def restore_text(self, key: str, state: tuple) -> None:
        """Put back one text as a typing command kept it (undo, redo)."""
        target, res = self._target(key), self.res
        if target is None or res is None:
            return
        kept, clock, languages = state
        target.values, target.edited, target.changed = dict(kept.values), dict(kept.edited), dict(kept.changed)
        res.clock, res.languages = clock, list(languages)
        if self.current_key() != key:
            self._select(key)
        else:
            self._load_editors()
        self._after_typing(key)

    def _return_pressed(self, column: int) -> None:
        """Return at the end of a text starts the next part; inside it, splits the part there."""
        node = self.current_node()
        if node is None or node.type != "part":
            if node is not None and node.type == "field":
                self.tree.setFocus()
            return
        editor = self.editors[column]
        position = editor.textCursor().position()
        text = editor.toPlainText()
        if not text[position:].strip():
            self.add_part()
        elif text[:position].strip():
            self.split(column)


def _text_state(text: Text, res: Resolution) -> tuple:
    return text.copy(), res.clock, list(res.languages)
