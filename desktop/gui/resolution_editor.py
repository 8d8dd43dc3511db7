"""The resolution workbench: the structure of a resolution in two languages side by side.

Above: the form of the text (European Parliament, Riksdag motion, US simple
resolution, generic), the two languages shown and the buttons that start a
text from the case, import one or export it. In the middle, the outline:
title and formulas, citations, recitals, operative paragraphs with their
sub-points and the Riksdag's proposals, each with the label it prints with
and its text in both languages. Below, the selected text in two editors.

Every change goes through ``desktop.core.resolution.edit`` inside an undo
command (see :mod:`desktop.gui.resolution_commands`), and ``changed`` tells
the window, which marks the draft modified and renders the preview again.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QTextCursor, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QToolBar,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from desktop.core.errors import N_, PetitionDeskError
from desktop.core.i18n import Translator
from desktop.core.localize import DOCUMENT_LANGUAGES
from desktop.core.resolution import edit
from desktop.core.resolution.model import HEADER_FIELDS, KINDS, STYLES, Resolution, Text, resolution_from_data
from desktop.gui.form_fields import tr_format
from desktop.gui.resolution_commands import SnapshotCommand, TypingCommand
from desktop.gui.resolution_model import (
    FIELD_NAMES,
    LEFT_COLUMN,
    RIGHT_COLUMN,
    ResolutionModel,
    language_title,
    persistent_key,
)

RESOLUTION_TEMPLATE = "resolution"
KIND_NAMES = {"citation": N_("Citation"), "recital": N_("Recital"), "operative": N_("Operative paragraph"),
              "proposal": N_("Proposal")}
NOTE_STYLE = "QFrame#note { background: #eef3f9; border: 1px solid #c9d6e6; border-radius: 4px; }"
STALE_STYLE = "QFrame#stale { background: #fff3d6; border: 1px solid #e8c77a; border-radius: 4px; }"
ERROR_COLOUR = "color: #a93226;"


def is_resolution_template(template_id: str) -> bool:
    """Whether ``template_id`` writes a resolution (the workbench applies to it)."""
    from desktop.core.templates import get_template

    try:
        return get_template(template_id).layout == "resolution"
    except PetitionDeskError:
        return False


def style_choices(template_id: str, language: str) -> list[tuple[str, str]]:
    """(style, label) pairs as the template's manifest names them in ``language``."""
    from desktop.core.templates import get_template

    try:
        info = get_template(template_id if is_resolution_template(template_id) else RESOLUTION_TEMPLATE)
    except PetitionDeskError:
        info = None
    option = next((o for o in (info.options if info else ()) if o.name == "style"), None)
    if option is None:
        return [(style, style) for style in STYLES]
    return [(choice, option.choice_label(choice, language)) for choice in option.choices]


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


class ResolutionEditor(QWidget):
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

        self.note = QFrame(objectName="note")
        self.note.setStyleSheet(NOTE_STYLE)
        self.note_label = QLabel(wordWrap=True)
        QVBoxLayout(self.note).addWidget(self.note_label)

        self.toolbar = QToolBar()
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.toolbar.setStyleSheet("QToolBar { border: none; spacing: 2px; }")
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

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.tree)
        self.splitter.addWidget(below)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([380, 150])

        self.sponsors_label = QLabel(wordWrap=True)
        self.sponsors_label.setTextFormat(Qt.TextFormat.PlainText)
        self.sponsors_label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.sponsors_button = QPushButton()
        self.sponsors_button.clicked.connect(self.sponsors_requested)
        sponsors = QHBoxLayout()
        sponsors.addWidget(self.sponsors_label, 1)
        sponsors.addWidget(self.sponsors_button)
        self.message = QLabel(wordWrap=True)
        self.message.setStyleSheet(ERROR_COLOUR)
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

    # -- language -------------------------------------------------------------------------
    def retranslate(self, tr: Translator) -> None:
        self.tr = tr
        _ = tr.gettext
        self.style_label.setText(_("Form of the text:"))
        self.languages_label.setText(_("Languages:"))
        self.beside_label.setText(_("beside"))
        self.seed_button.setText(_("Start from the case"))
        self.seed_button.setToolTip(_("Write a first text from the facts of the case, in the languages shown"))
        self.import_button.setText(_("Import text…"))
        self.import_button.setToolTip(_("Read the parts of a resolution from a text you paste or open"))
        self.export_button.setText(_("Export resolution…"))
        self.export_button.setToolTip(_("Save the resolution as DOCX, PDF or Akoma Ntoso XML, once per language"))
        self.sponsors_button.setText(_("Edit sponsors…"))
        self.sponsors_button.setToolTip(_("Sponsors are the signers of the draft: their names, roles and parties"))
        self.tree.setAccessibleName(_("Outline of the resolution"))
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
        self.confirm_button.setText(_("Mark as up to date"))
        self.confirm_button.setToolTip(_("The translation is faithful as it is; stop marking it"))
        self.model.set_translator(tr)
        self._fill_styles()
        self._fill_languages()
        self._fit_columns()
        self._show_frame()
        self._load_editors()

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
        options = self.draft.options if self.draft is not None else {}
        style = str(options.get("style") or "generic").strip().lower()
        return style if style in STYLES else "generic"

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
        from desktop.core.layouts.resolution import rendered, style_phrases

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
                shown, _lines = rendered(blank, language, settings, self.draft.signers, date,
                                         self.draft.letter.place or "")
            except Exception:  # noqa: BLE001 - a placeholder is a courtesy; the preview reports real problems
                continue
            phrases = style_phrases(self.style(), language)
            out[language] = {"opening": shown.opening, "closing": shown.closing,
                             "legislature": str(phrases.get("default_legislature", "")) if self.style() == "generic"
                             else ""}
        return out

    def _show_frame(self) -> None:
        """The note above the outline and the sponsors line below it."""
        _ = self.tr.gettext
        res = self.res
        empty = res is None or res.is_empty()
        self.note_label.setText(_("This draft has no resolution text of its own yet, so the preview shows the "
                                  "model text written from the case. Choose “Start from the case” to edit that "
                                  "text here, import a text, or add parts one by one (Ctrl+Enter)."))
        self.note.setVisible(self.draft is not None and empty)
        signers = self.draft.signers if self.draft is not None else []
        names = [f"{s.name} ({s.party})" if s.party.strip() else s.name for s in signers if s.name.strip()]
        if names:
            self.sponsors_label.setText(tr_format(self.tr, "Sponsors: %(names)s", {"names": ", ".join(names)}))
        else:
            self.sponsors_label.setText(_("Sponsors: none yet. Add them as signers, with their party."))

    def update_sponsors(self) -> None:
        self._show_frame()
        self._reload(self.current_key())

    # -- selection and the two editors ----------------------------------------------------------
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

    # -- changes --------------------------------------------------------------------------------
    def _state(self, *extra: str) -> dict[str, Any]:
        res = self.res
        state: dict[str, Any] = {"resolution": res.to_data() if res is not None else None}
        if "style" in extra:
            state["style"] = self.draft.options.get("style")
        if "signers" in extra:
            state["signers"] = [s.to_dict() for s in self.draft.signers]
        return state

    def restore(self, state: dict[str, Any], select: str | None) -> None:
        """Put back a state a command kept (undo, redo)."""
        if "resolution" in state:
            data = state["resolution"]
            self.draft.resolution = None if data is None else resolution_from_data(copy.deepcopy(data), "resolution", [])
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
        res.set_text(target, language, value)
        if continuing and run.catching_up:
            # Each keystroke is an edit of its own to the model; the first decided that this run brings a
            # translation up to date, so the later ones must not turn it into a change of the source.
            start = run.before[0].changed
            if language in start:
                target.changed[language] = start[language]
            else:
                target.changed.pop(language, None)
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

    # -- style and languages ----------------------------------------------------------------------------
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
        try:
            from desktop.gui.resolution_import import ResolutionImportDialog
        except ImportError:
            self.show_message(_("Importing a text is not available in this version."))
            return
        dialog = ResolutionImportDialog(parent=self, text="", language=self.left)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        result = dialog.import_result()
        if result is None or getattr(result, "resolution", None) is None:
            return
        if not self._ask_replace(_("Import text")):
            return
        before, current = self._state("style", "signers"), self.current_key()
        self.draft.resolution = result.resolution
        style = getattr(result, "style", None)
        if style in STYLES:
            self.draft.options["style"] = style
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
        from desktop.gui.resolution_export_dialog import ResolutionExportDialog

        dialog = ResolutionExportDialog(self.tr, self.draft, self.settings, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.export_dialog = dialog
        return dialog

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


def _text_state(text: Text, res: Resolution) -> tuple:
    return text.copy(), res.clock, list(res.languages)
