"""The resolution workbench: the structure of a resolution in two languages side by side.

Above: the form of the text (European Parliament, Riksdag motion, US simple
resolution, generic), the two languages shown and the buttons that start a
text from the case, import one or export it. In the middle, the outline:
title and formulas, citations, recitals, operative paragraphs with their
sub-points and the Riksdag's proposals, each with the label it prints with
and its text in both languages. Below, the selected text in two editors.

Every change goes through ``desktop.core.resolution.edit`` inside an undo
command (see :mod:`desktop.gui.resolution.commands`), and ``changed`` tells
the window, which marks the draft modified and renders the preview again.

This module holds the widget itself: its layout, the draft it shows, the
outline's selection and the undoable changes. Its parts live beside it, as
mixins of :class:`ResolutionEditor`:

- :mod:`desktop.gui.resolution.topbar`: style and language combos, the
  whole-text buttons (start from the case, import, export);
- :mod:`desktop.gui.resolution.actions`: the actions, their keys, the
  toolbar, the context menu and what each action does;
- :mod:`desktop.gui.resolution.texts`: the two text editors below the
  outline and the typing that merges into one undo step;
- :mod:`desktop.gui.resolution.frame`: the note above the outline and the
  sponsors line below it.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from desktop.core.errors import PetitionDeskError
from desktop.core.i18n import Translator
from desktop.core.localize import DOCUMENT_LANGUAGES
from desktop.core.resolution.model import HEADER_FIELDS, Resolution, resolution_from_data, style_or_default
from desktop.gui.resolution.actions import KIND_NAMES, ResolutionActions
from desktop.gui.resolution.commands import SnapshotCommand
from desktop.gui.resolution.frame import ResolutionFrame
from desktop.gui.resolution.outline_model import (
    FIELD_NAMES,
    LEFT_COLUMN,
    RIGHT_COLUMN,
    ResolutionModel,
    persistent_key,
)
from desktop.gui.resolution.texts import PartTextEdit, ResolutionTexts
from desktop.gui.resolution.styles import RESOLUTION_TEMPLATE, is_resolution_template, style_choices
from desktop.gui.resolution.topbar import ResolutionTopBar
from desktop.gui.widgets.colours import error_style

__all__ = ["KIND_NAMES", "RESOLUTION_TEMPLATE", "OutlineView", "PartTextEdit", "ResolutionEditor",
           "is_resolution_template", "style_choices"]



class OutlineView(QTreeView):
    """The tree of parts; Ctrl+Z in it reaches the workbench's undo."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setUniformRowHeights(True)
        self.setAllColumnsShowFocus(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)


FRAME_OPTIONS = ("session", "number", "congress")


class ResolutionEditor(ResolutionTopBar, ResolutionActions, ResolutionTexts, ResolutionFrame, QWidget):
    """Edits ``draft.resolution`` and the style in ``draft.options``; ``changed`` after every edit."""

    changed = Signal()
    style_changed = Signal(str)
    signers_changed = Signal()
    sponsors_requested = Signal()

    def __init__(self, tr: Translator, settings: Any = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tr = tr
        self.settings = settings
        self.draft = None
        self.left: str = tr.language if tr.language in DOCUMENT_LANGUAGES else "en"
        self.right: str | None = None
        self._loading = False
        self._run: tuple[str, str] | None = None
        self.export_dialog = None
        self.undo_stack = QUndoStack(self)
        self.model = ResolutionModel(tr, self)
        self.model.mover = self.move_part
        self._build()
        self._build_actions()
        self.retranslate(tr)
        self._reload()

    # -- layout -------------------------------------------------------------------------
    def _build(self) -> None:
        top, buttons = self._build_top()
        self._build_note()
        self._build_toolbar()
        self.tree = OutlineView()
        self.tree.setModel(self.model)
        self.tree.selectionModel().currentRowChanged.connect(lambda _c, _p: self._current_changed())
        self.tree.activated.connect(lambda _i: self._edit_current())
        self.tree.customContextMenuRequested.connect(self._context_menu)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)

        below = self._build_texts()

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.tree)
        self.splitter.addWidget(below)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([380, 150])

        sponsors = self._build_sponsors()
        self.message = QLabel(wordWrap=True)
        self.message.setStyleSheet(error_style())
        self.message.setVisible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addLayout(buttons)
        layout.addWidget(self.note)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.message)
        layout.addLayout(sponsors)

    # -- language -------------------------------------------------------------------------
    def retranslate(self, tr: Translator) -> None:
        self.tr = tr
        _ = tr.gettext
        self._retranslate_top(_)
        self._retranslate_frame(_)
        self.tree.setAccessibleName(_("Outline of the resolution"))
        self._retranslate_actions(_)
        self._retranslate_texts(_)
        self.model.set_translator(tr)
        self._fill_styles()
        self._fill_languages()
        self._fit_columns()
        self._show_frame()
        self._load_editors()

    def _fit_columns(self) -> None:
        metrics = self.tree.fontMetrics()
        widest = max([metrics.horizontalAdvance(self.tr.gettext(n)) for n in FIELD_NAMES.values()]
                     + [metrics.horizontalAdvance("(aa)")])
        self.tree.header().resizeSection(0, min(widest + 2 * self.tree.indentation() + 16, 240))

    # -- the draft ----------------------------------------------------------------------------
    def set_draft(self, draft) -> None:
        """Show ``draft`` (a new or opened one): its resolution, style and sponsors; undo starts afresh."""
        self.draft = draft
        self.undo_stack.clear()
        res = draft.resolution
        if res is not None and res.languages:
            self.left = res.languages[0]
            self.right = res.languages[1] if len(res.languages) > 1 else None
        else:
            language = draft.language if draft.language in DOCUMENT_LANGUAGES else None
            self.left = language or (self.tr.language if self.tr.language in DOCUMENT_LANGUAGES else "en")
            self.right = None
        self._fill_styles()
        self._fill_languages()
        self.message.setVisible(False)
        self._reload()

    def refresh(self) -> None:
        """The template or its settings changed elsewhere (the gallery): show the style they chose."""
        self._fill_styles()
        self._reload(self.current_key())

    def style(self) -> str:
        return style_or_default(self.draft.options if self.draft is not None else {})

    @property
    def res(self) -> Resolution | None:
        return self.draft.resolution if self.draft is not None else None

    def _languages_shown(self) -> list[str]:
        return [self.left] + ([self.right] if self.right and self.right != self.left else [])

    def _reload(self, select: str | None = None) -> None:
        """Show the resolution again after a change of structure, style or languages."""
        select = select if select is not None else self.current_key()
        self.model.set_state(self.res, self.style(), self.left, self.right, self._placeholders())
        self.tree.expandAll()
        for row in range(self.model.rowCount()):
            self.tree.setFirstColumnSpanned(row, QModelIndex(), True)
        self.tree.setColumnHidden(RIGHT_COLUMN, not self.right)
        for widget in (self.editors[RIGHT_COLUMN], self.editor_labels[RIGHT_COLUMN]):
            widget.setVisible(bool(self.right))
        self.editor_grid.setColumnStretch(1, 1 if self.right else 0)
        self._select(select)
        self._show_frame()
        self._load_editors()

    def _placeholders(self) -> dict[str, dict[str, str]]:
        """The style's own title formulas per language: what an empty opening or closing prints."""
        if self.draft is None:
            return {}
        from desktop.core.layouts.resolution import style_phrases, wording

        out: dict[str, dict[str, str]] = {}
        res = self.res
        for language in self._languages_shown():
            blank = Resolution(languages=[language])
            if res is not None:
                for name in HEADER_FIELDS:
                    if name not in ("opening", "closing"):
                        blank.header[name] = res.text(name).copy()
            settings = {**self.draft.options, "style": self.style()}
            date = self.draft.letter.date or dt.date.today()
            try:
                shown, _lines = wording(blank, language, settings, self.draft.signers, date,
                                        self.draft.letter.place or "")
            except Exception:  # noqa: BLE001 - a placeholder is a courtesy; the preview reports real problems
                continue
            phrases = style_phrases(self.style(), language)
            out[language] = {"opening": shown.opening, "closing": shown.closing,
                             "legislature": str(phrases.get("default_legislature", "")) if self.style() == "generic"
                             else ""}
        return out

    # -- selection ------------------------------------------------------------------------------
    def current_key(self) -> str | None:
        return persistent_key(self.model, self.tree.currentIndex())

    def current_node(self):
        return self.model.node(self.tree.currentIndex())

    def _select(self, key: str | None) -> None:
        index = self.model.index_of(key) if key else QModelIndex()
        if not index.isValid():
            index = self.model.index_of("title")  # a text to type in, rather than a section heading
        self.tree.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        if index.isValid():
            self.tree.scrollTo(index)

    def select(self, key: str) -> None:
        """Make the row of a part id, a header field name or "section:<kind>" the current one."""
        self._select(key)

    def _current_changed(self) -> None:
        self._run = None  # typing in another text starts a new undo step
        self._load_editors()
        self._update_actions()

    def _edit_current(self) -> None:
        node = self.current_node()
        if node is not None and node.type in ("part", "field"):
            self.focus_editor(LEFT_COLUMN)
        elif node is not None:
            self.tree.setExpanded(self.tree.currentIndex(), not self.tree.isExpanded(self.tree.currentIndex()))

    # -- changes --------------------------------------------------------------------------------
    def _state(self, *extra: str) -> dict[str, Any]:
        res = self.res
        state: dict[str, Any] = {"resolution": res.to_data() if res is not None else None}
        if "style" in extra:
            state["style"] = self.draft.options.get("style")
        if "signers" in extra:
            state["signers"] = [s.to_dict() for s in self.draft.signers]
        if "frame" in extra:  # the session, number and congress an imported text names
            state["frame"] = {key: self.draft.options.get(key) for key in FRAME_OPTIONS}
        return state

    def restore(self, state: dict[str, Any], select: str | None) -> None:
        """Put back a state a command kept (undo, redo)."""
        if "resolution" in state:
            data = state["resolution"]
            self.draft.resolution = None if data is None else resolution_from_data(copy.deepcopy(data), "resolution", [])
        for key, value in state.get("frame", {}).items():
            if value is None:
                self.draft.options.pop(key, None)
            else:
                self.draft.options[key] = value
        if "style" in state:
            if state["style"] is None:
                self.draft.options.pop("style", None)
            else:
                self.draft.options["style"] = state["style"]
            self._fill_styles()
            self.style_changed.emit(self.style())
        if "signers" in state:
            from desktop.core.signers import signer_from_dict

            self.draft.signers = [signer_from_dict(d) for d in state["signers"]]
            self.signers_changed.emit()
        self._reload(select)
        self._edited()

    def _push(self, text: str, before: dict[str, Any], select_before: str | None, select_after: str | None) -> bool:
        after = self._state(*[k for k in before if k != "resolution"])
        if after == before:
            return False
        self.undo_stack.push(SnapshotCommand(self, text, before, after, select_before, select_after))
        self._reload(select_after)
        self._edited()
        return True

    def apply(self, text: str, change: Callable[[Resolution], Any],
              select: Callable[[Any], str | None] | str | None = None) -> Any:
        """Make one change of structure with ``desktop.core.resolution.edit`` as an undoable step.

        Returns what ``change`` returned, or None when it was refused (the reason is shown).
        """
        if self.draft is None:
            return None
        before, current = self._state(), self.current_key()
        if self.draft.resolution is None:
            self.draft.resolution = Resolution(languages=self._languages_shown())
        try:
            result = change(self.draft.resolution)
        except PetitionDeskError as exc:
            if self._state() != before:
                self.restore(before, current)
            self.show_message(exc.message(self.tr))
            return None
        self.show_message("")
        target = select(result) if callable(select) else select if select is not None else current
        self._push(text, before, current, target)
        return result

    def _edited(self) -> None:
        self._update_actions()
        self.changed.emit()

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
