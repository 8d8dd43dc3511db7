"""Undo of the draft's structural edits outside the resolution workbench.

One :class:`QUndoStack` per draft (the window clears it when another draft
is opened). A structural edit (a person, charge, event, number, official,
demand or source added, removed or moved; a recipient ticked or unticked; a
signer added, removed, moved or taken from a profile; another template or
letter language; a template setting; the letter's place, date or paper) is kept as two deep copies of the part of the draft it
changed, so undoing it restores exactly what was there, whatever the editor
did. Typing in a text field is left to that field's own undo.

Every command is pushed after its change was made: its first ``redo`` does
nothing. The names are English, marked for translation, and translated when
pushed ("Undo Remove person").
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QUndoCommand

from desktop.core.errors import N_

# What a table's Add / Remove / Move does, named per table of the case editor.
TABLE_ACTIONS: dict[str, dict[str, str]] = {
    "people": {"add": N_("Add person"), "remove": N_("Remove person"), "move": N_("Move person")},
    "charges": {"add": N_("Add charge"), "remove": N_("Remove charge"), "move": N_("Move charge")},
    "events": {"add": N_("Add event"), "remove": N_("Remove event"), "move": N_("Move event")},
    "counts": {"add": N_("Add number"), "remove": N_("Remove number"), "move": N_("Move number")},
    "officials": {"add": N_("Add official"), "remove": N_("Remove official"), "move": N_("Move official")},
    "demands": {"add": N_("Add demand"), "remove": N_("Remove demand"), "move": N_("Move demand")},
    "sources": {"add": N_("Add source"), "remove": N_("Remove source"), "move": N_("Move source")},
    # A choice in the person form: a step of its own, as a drop-down has no undo of its own.
    "person": {"gender": N_("Change gender"), "custody": N_("Change custody")},
}
SIGNER_ACTIONS = {"add": N_("Add signer"), "remove": N_("Remove signer"), "move": N_("Move signer"),
                  "profile": N_("Use a profile")}
RECIPIENTS_CHANGED = N_("Change recipients")
TEMPLATE_CHANGED = N_("Choose template")
LANGUAGE_CHANGED = N_("Change letter language")
SETTING_CHANGED = N_("Change setting")
LETTER_DETAILS_CHANGED = N_("Change letter details")

# Edits that follow one another in the same field (typing a setting's text, stepping a
# date) become one step, so Undo takes back the field's change, not its last keystroke.
_MERGED_PARTS = {"options": 1, "letter": 2}


class DraftPartCommand(QUndoCommand):
    """One part of the draft (``part``: "case", "recipients", "signers", "template", "language") before and after.

    ``restore(part, value, where)`` puts a value back into the draft and the
    widgets; ``where`` is an editor's position (a selected row) to show again.
    """

    def __init__(self, text: str, part: str, before: Any, after: Any, restore: Callable[[str, Any, Any], None],
                 where_before: Any = None, where_after: Any = None, field: str = "") -> None:
        super().__init__(text)
        self.part = part
        self.field = field  # the setting or detail edited; consecutive edits of one field merge
        self.before, self.after = copy.deepcopy(before), copy.deepcopy(after)
        self.where_before, self.where_after = where_before, where_after
        self._restore = restore
        self._done = True

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        self._restore(self.part, copy.deepcopy(self.after), self.where_after)

    def undo(self) -> None:
        self._restore(self.part, copy.deepcopy(self.before), self.where_before)

    def id(self) -> int:
        return _MERGED_PARTS.get(self.part, -1)

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, DraftPartCommand) or other.part != self.part or other.field != self.field:
            return False
        self.after, self.where_after = other.after, other.where_after
        return True
