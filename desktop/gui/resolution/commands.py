"""Undo commands of the resolution workbench.

A change of structure is kept as two snapshots of the draft's resolution
(its ``to_data()`` before and after), so undoing it is exact whatever
``desktop.core.resolution.edit`` did. Typing keeps only the one text that
changed, and a run of typing in one part and language is one undo step.
Every command is pushed after its change was made: its first ``redo`` does
nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QUndoCommand

if TYPE_CHECKING:
    from desktop.gui.resolution.editor import ResolutionEditor

TYPING_ID = 4711


class SnapshotCommand(QUndoCommand):
    """A change of the draft's resolution (and maybe its style or sponsors), as states before and after.

    A state is a dict with any of "resolution" (``to_data()`` or None),
    "style" and "signers"; ``select`` names the row to show afterwards.
    """

    def __init__(self, editor: "ResolutionEditor", text: str, before: dict[str, Any], after: dict[str, Any],
                 select_before: str | None, select_after: str | None) -> None:
        super().__init__(text)
        self.editor = editor
        self.before, self.after = before, after
        self.select_before, self.select_after = select_before, select_after
        self._done = True

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        self.editor.restore(self.after, self.select_after)

    def undo(self) -> None:
        self.editor.restore(self.before, self.select_before)


class TypingCommand(QUndoCommand):
    """Typing in one text (a part or header field) in one language; consecutive typing merges.

    ``fresh`` starts a new run (another text was selected in between), which
    does not merge with the run before. ``catching_up`` says whether the run
    began by bringing a lagging translation up to date rather than changing
    the source: the whole run then counts so.
    """

    def __init__(self, editor: "ResolutionEditor", text: str, key: str, language: str,
                 before: tuple, after: tuple, fresh: bool = False) -> None:
        super().__init__(text)
        self.editor = editor
        self.key, self.language = key, language
        self.before, self.after = before, after
        self.fresh = fresh
        self.catching_up = after[0].changed.get(language) == before[0].changed.get(language)
        self._done = True

    def id(self) -> int:
        return TYPING_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if (not isinstance(other, TypingCommand) or other.fresh
                or (other.key, other.language) != (self.key, self.language)):
            return False
        self.after = other.after
        return True

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        self.editor.restore_text(self.key, self.after)

    def undo(self) -> None:
        self.editor.restore_text(self.key, self.before)
