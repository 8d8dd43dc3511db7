"""The commands of the resolution workbench: its actions, their keys, the toolbar and the context menu.

A mixin of :class:`~desktop.gui.resolution.editor.ResolutionEditor`: the
actions (add, add a sub-point, remove, move, indent, outdent, split, merge,
change the kind, mark a translation as up to date), their names and short
toolbar labels, when each is enabled, and what each does to the selected
part. It uses the editor's ``tree``, ``model``, ``editors``, ``undo_stack``
and ``apply``; every change of structure goes through ``apply`` as one
undoable step.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QTextCursor
from PySide6.QtWidgets import QMenu, QToolBar

from desktop.core.errors import N_
from desktop.core.resolution import edit
from desktop.core.resolution.model import HEADER_FIELDS, KINDS, Resolution
from desktop.gui.resolution.outline_model import LEFT_COLUMN

KIND_NAMES = {"citation": N_("Citation"), "recital": N_("Recital"), "operative": N_("Operative paragraph"),
              "proposal": N_("Proposal")}


class ResolutionActions:
    """The editor's actions: ``actions_by_name``, ``undo_action``, ``redo_action``, ``kind_menu``."""

    def _build_toolbar(self) -> None:
        """The row of short buttons above the outline; ``_build_actions`` fills it."""
        self.toolbar = QToolBar()
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.toolbar.setStyleSheet("QToolBar { border: none; spacing: 2px; }")

    def _build_actions(self) -> None:
        self.actions_by_name: dict[str, QAction] = {}

        def make(name: str, slot: Callable[[], Any], keys: tuple[str, ...] = (), on_tree: bool = False) -> QAction:
            action = QAction(self)
            action.triggered.connect(lambda _c=False: slot())
            if keys:
                action.setShortcuts([QKeySequence(k) for k in keys])
            if on_tree:  # keys that mean something else in a text field (Delete, Insert)
                action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
                self.tree.addAction(action)
            else:
                action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                self.addAction(action)
            self.actions_by_name[name] = action
            return action

        make("add", self.add_part, ("Ctrl+Return", "Ctrl+Enter"))
        make("insert", self.add_part, ("Insert",), on_tree=True)
        make("add_point", self.add_point, ("Ctrl+Shift+Return", "Ctrl+Shift+Enter"))
        make("remove", self.remove_part, ("Delete",), on_tree=True)
        make("up", lambda: self.move_by(-1), ("Alt+Up",))
        make("down", lambda: self.move_by(1), ("Alt+Down",))
        make("indent", self.indent, ("Ctrl+]",))
        make("outdent", self.outdent, ("Ctrl+[",))
        make("split", self.split, ("Ctrl+Shift+B",))
        make("merge", self.merge, ("Ctrl+Shift+M",))
        make("confirm", self.confirm_translation, ("Ctrl+Shift+U",))
        # Undo and redo keys belong to the window's Edit menu, which sends them here; these are for the
        # toolbar and the context menu (a second Ctrl+Z shortcut would make the key ambiguous).
        self.undo_action = QAction(self)
        self.undo_action.triggered.connect(self.undo_stack.undo)
        self.redo_action = QAction(self)
        self.redo_action.triggered.connect(self.undo_stack.redo)
        self.undo_stack.canUndoChanged.connect(self.undo_action.setEnabled)
        self.undo_stack.canRedoChanged.connect(self.redo_action.setEnabled)
        self.undo_action.setEnabled(False)
        self.redo_action.setEnabled(False)
        self.kind_menu = QMenu(self)
        self.kind_actions: dict[str, QAction] = {}
        for kind in KINDS:
            action = self.kind_menu.addAction("")
            action.triggered.connect(lambda _c=False, k=kind: self.set_kind(k))
            self.kind_actions[kind] = action
        for name in ("add", "add_point", "remove", None, "up", "down", "indent", "outdent", None, "split", "merge",
                     None, "confirm"):
            if name is None:
                self.toolbar.addSeparator()
            else:
                self.toolbar.addAction(self.actions_by_name[name])
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.undo_action)
        self.toolbar.addAction(self.redo_action)

    def menu_actions(self) -> list[QAction | QMenu | None]:
        """What the window's Resolution menu lists (None: a separator)."""
        a = self.actions_by_name
        return [a["add"], a["add_point"], a["remove"], None, a["up"], a["down"], a["indent"], a["outdent"],
                self.kind_menu, None, a["split"], a["merge"], None, a["confirm"]]

    def _retranslate_actions(self, _: Callable[[str], str]) -> None:
        texts = {
            "add": (_("Add a Part After This One"), _("+ Part")),
            "insert": (_("Add a Part After This One"), _("+ Part")),
            "add_point": (_("Add a Sub-point"), _("+ Sub-point")),
            "remove": (_("Remove the Part"), _("Remove")),
            "up": (_("Move Up"), "↑"),
            "down": (_("Move Down"), "↓"),
            "indent": (_("Make It a Sub-point of the Paragraph Above"), "→"),
            "outdent": (_("Make It a Paragraph of Its Own"), "←"),
            "split": (_("Split at the Cursor"), _("Split")),
            "merge": (_("Merge with the Next Part"), _("Merge")),
            "confirm": (_("Mark the Translation as Up to Date"), _("Up to date")),
        }
        for name, (text, short) in texts.items():
            action = self.actions_by_name[name]
            action.setText(text)
            action.setIconText(short)
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            action.setToolTip(f"{text} ({keys})" if keys else text)
        undo_keys = QKeySequence(QKeySequence.StandardKey.Undo).toString(QKeySequence.SequenceFormat.NativeText)
        redo_keys = QKeySequence(QKeySequence.StandardKey.Redo).toString(QKeySequence.SequenceFormat.NativeText)
        self.undo_action.setText(_("Undo"))
        self.undo_action.setIconText("↶")
        self.undo_action.setToolTip(f"{_('Undo')} ({undo_keys})")
        self.redo_action.setText(_("Redo"))
        self.redo_action.setIconText("↷")
        self.redo_action.setToolTip(f"{_('Redo')} ({redo_keys})")
        self.kind_menu.setTitle(_("Make It a…"))
        for kind, action in self.kind_actions.items():
            action.setText(_(KIND_NAMES[kind]))

    def _update_actions(self) -> None:
        node = self.current_node()
        is_part = node is not None and node.type == "part"
        section = node.section if node is not None else None
        siblings = len(node.parent.children) if is_part and node.parent is not None else 0
        operative = is_part and node.part.kind == "operative"
        a = self.actions_by_name
        a["add"].setEnabled(is_part or (node is not None and node.type == "section" and section in KINDS))
        a["insert"].setEnabled(a["add"].isEnabled())
        a["add_point"].setEnabled(operative)
        a["remove"].setEnabled(is_part)
        a["up"].setEnabled(is_part and node.row > 0)
        a["down"].setEnabled(is_part and node.row + 1 < siblings)
        a["indent"].setEnabled(operative and not node.is_sub_point and node.row > 0)
        a["outdent"].setEnabled(is_part and node.is_sub_point)
        a["split"].setEnabled(is_part)
        a["merge"].setEnabled(is_part and node.row + 1 < siblings)
        self.kind_menu.setEnabled(is_part and not node.is_sub_point)
        for kind, action in self.kind_actions.items():
            action.setEnabled(is_part and node.part.kind != kind)
        self._update_stale()

    # -- the actions ----------------------------------------------------------------------------------
    def add_part(self) -> None:
        node = self.current_node()
        if node is None:
            return
        _ = self.tr.gettext
        if node.type == "section" and node.key in KINDS:
            kind = node.key
            part = self.apply(_("Add a part"), lambda res: edit.add_part(res, kind), lambda p: p.id)
        elif node.type == "part":
            after = node.key
            part = self.apply(_("Add a part"), lambda res: edit.add_part(res, edit.kind_of(res, after), after=after),
                              lambda p: p.id)
        else:
            return
        if part is not None:
            self.focus_editor(LEFT_COLUMN)

    def add_point(self) -> None:
        node = self.current_node()
        if node is None or node.type != "part":
            return
        if node.is_sub_point:
            parent, index = node.parent.key, node.row + 1
        else:
            parent, index = node.key, None
        point = self.apply(self.tr.gettext("Add a sub-point"), lambda res: edit.add_point(res, parent, index=index),
                           lambda p: p.id)
        if point is not None:
            self.focus_editor(LEFT_COLUMN)

    def remove_part(self) -> None:
        node = self.current_node()
        if node is None or node.type != "part":
            return
        siblings = node.parent.children
        if node.row + 1 < len(siblings):
            after = siblings[node.row + 1].key
        elif node.row > 0:
            after = siblings[node.row - 1].key
        else:
            after = node.parent.key if node.parent.type == "part" else "section:" + node.parent.key
        part_id = node.key
        self.apply(self.tr.gettext("Remove a part"), lambda res: edit.remove(res, part_id), after)

    def move_by(self, step: int) -> None:
        node = self.current_node()
        if node is None or node.type != "part":
            return
        part_id = node.key
        self.apply(self.tr.gettext("Move a part"), lambda res: edit.move_by(res, part_id, step), part_id)

    def move_part(self, part_id: str, kind: str, index: int, paragraph: str | None) -> bool:
        """A drop in the outline: ``part_id`` to ``index`` among the parts of ``kind`` or the points of ``paragraph``."""
        done = self.apply(self.tr.gettext("Move a part"),
                          lambda res: edit.move(res, part_id, kind, index, paragraph) or True, part_id)
        return bool(done)

    def indent(self) -> None:
        node = self.current_node()
        if node is not None and node.type == "part":
            part_id = node.key
            self.apply(self.tr.gettext("Make a sub-point"), lambda res: edit.indent(res, part_id), part_id)

    def outdent(self) -> None:
        node = self.current_node()
        if node is not None and node.type == "part":
            part_id = node.key
            self.apply(self.tr.gettext("Make a paragraph"), lambda res: edit.outdent(res, part_id), part_id)

    def split(self, column: int | None = None) -> None:
        node = self.current_node()
        if node is None or node.type != "part":
            return
        if column is None:
            focused = next((c for c, e in self.editors.items() if e.hasFocus()), LEFT_COLUMN)
            column = focused
        editor = self.editors[column]
        language, position = self.model.language_of(column), editor.textCursor().position()
        part_id = node.key
        new = self.apply(self.tr.gettext("Split a part"), lambda res: edit.split(res, part_id, language, position),
                         lambda p: p.id)
        if new is not None:
            self.focus_editor(column)
            editor.moveCursor(QTextCursor.MoveOperation.Start)

    def merge(self) -> None:
        node = self.current_node()
        if node is not None and node.type == "part":
            part_id = node.key
            self.apply(self.tr.gettext("Merge parts"), lambda res: edit.merge(res, part_id), part_id)

    def set_kind(self, kind: str) -> None:
        node = self.current_node()
        if node is not None and node.type == "part":
            part_id = node.key
            self.apply(self.tr.gettext("Change the kind of a part"), lambda res: edit.set_kind(res, part_id, kind),
                       part_id)

    def confirm_translation(self) -> None:
        """Mark the translations of the selected text shown as lagging behind as up to date."""
        node = self.current_node()
        text = self.model.text_of(node) if node is not None else None
        languages = self._stale_languages(text)
        if not languages:
            return
        key = node.key

        def confirm(res: Resolution) -> None:
            target = res.text(key) if key in HEADER_FIELDS else res.part(key).text
            for language in languages:
                res.confirm(target, language)

        self.apply(self.tr.gettext("Mark a translation as up to date"), confirm, key)

    # -- the context menu -------------------------------------------------------------------------------
    def _context_menu(self, position) -> None:
        menu = QMenu(self)
        for item in self.menu_actions():
            if item is None:
                menu.addSeparator()
            elif isinstance(item, QMenu):
                menu.addMenu(item)
            else:
                menu.addAction(item)
        menu.addSeparator()
        menu.addAction(self.undo_action)
        menu.addAction(self.redo_action)
        menu.popup(self.tree.viewport().mapToGlobal(position))
        self._menu = menu
