"""The outline of a resolution as a Qt item model: the tree of the resolution workbench.

Top-level rows are sections: "Title and formulas" (the header texts), then
one per kind of part (citations, recitals, operative paragraphs with their
sub-points, proposals). Columns: the printed label, the text in the left
language, the text in the right language. The model only shows; every
change goes through the editor's undo commands, which call
``desktop.core.resolution.edit``. A drop is handed to ``mover`` (part id,
kind, index, paragraph id) for the same reason.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QAbstractItemModel, QMimeData, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap

from desktop.core.errors import N_
from desktop.core.i18n import Translator
from desktop.core.localize import language_name
from desktop.core.resolution.model import (DEFAULT_STYLE, HEADER_FIELDS, KINDS, PRINTED_HEADER_FIELDS, Part,
                                           Resolution, Text)
from desktop.core.resolution.numbering import labels, used_kinds
from desktop.gui.widgets.form_fields import tr_format
from desktop.gui.widgets.colours import dim_colour, is_dark

PART_MIME = "application/x-petition-desk-resolution-part"
HEADER = "header"  # the key of the "Title and formulas" section

SECTION_TITLES = {HEADER: N_("Title and formulas"), "citation": N_("Citations"), "recital": N_("Recitals"),
                  "operative": N_("Operative paragraphs"), "proposal": N_("Proposals")}
FIELD_NAMES = {"title": N_("Title of the resolution"), "subject": N_("Subject (“on …”)"), "us_title": N_("US title"),
               "legislature": N_("Legislature"), "opening": N_("Opening formula"),
               "closing": N_("Closing formula"), "forward_to": N_("Forward to")}


def stale_background() -> QColor:
    """Amber behind a text that lags behind another language's: pale on light themes, deep on dark ones."""
    return QColor("#5c4a12") if is_dark() else QColor("#fff3d6")
LABEL_COLUMN, LEFT_COLUMN, RIGHT_COLUMN = 0, 1, 2


def stale_icon() -> QIcon:
    """A small amber dot: this language's text lags behind another's."""
    pixmap = QPixmap(12, 12)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QColor("#b7791f"))
    painter.setBrush(QColor("#f0b429"))
    painter.drawEllipse(2, 2, 8, 8)
    painter.end()
    return QIcon(pixmap)


def newer_language(text: Text, language: str, languages: list[str]) -> str | None:
    """The language whose text changed (as a source) last after ``language``'s was written, if any."""
    if not text.is_stale(language, languages):
        return None
    mine = text.edited.get(language, 0)
    newer = [(text.changed.get(other, 0), other) for other in languages
             if other != language and text.get(other).strip() and text.changed.get(other, 0) > mine]
    return max(newer)[1] if newer else None


def language_title(code: str, interface_language: str) -> str:
    name = language_name(code, interface_language) or code
    return name[:1].upper() + name[1:]


@dataclass(eq=False)
class Node:
    """One row: a section ("section", key = HEADER or a kind), a header text ("field") or a part ("part")."""

    type: str
    key: str
    parent: "Node | None" = None
    part: Part | None = None
    children: list["Node"] = field(default_factory=list)
    row: int = 0

    @property
    def section(self) -> str:
        node = self
        while node.parent is not None:
            node = node.parent
        return node.key

    @property
    def is_sub_point(self) -> bool:
        return self.type == "part" and self.parent is not None and self.parent.type == "part"


class ResolutionModel(QAbstractItemModel):
    """The resolution's sections, header texts and parts with their labels and two languages."""

    def __init__(self, tr: Translator, parent=None) -> None:
        super().__init__(parent)
        self.tr = tr
        self.res: Resolution | None = None
        self.style = DEFAULT_STYLE
        self.left, self.right = "en", None
        self.placeholders: dict[str, dict[str, str]] = {}  # language → header field → the style's own text
        self.mover: Callable[[str, str, int, str | None], bool] | None = None
        self._roots: list[Node] = []
        self._by_key: dict[str, Node] = {}
        self._labels: dict[str, str] = {}
        self._used: tuple[str, ...] = ()
        self._icon = stale_icon()
        self._build()

    # -- feeding --------------------------------------------------------------------
    def set_state(self, res: Resolution | None, style: str, left: str, right: str | None,
                  placeholders: dict[str, dict[str, str]]) -> None:
        """Show ``res`` again from scratch (after any change of structure, style or languages)."""
        self.beginResetModel()
        self.res, self.style, self.left, self.right = res, style, left, right
        self.placeholders = placeholders
        self._build()
        self.endResetModel()

    def set_translator(self, tr: Translator) -> None:
        self.tr = tr
        self.refresh_all()

    def refresh_all(self) -> None:
        self.layoutAboutToBeChanged.emit()
        self.layoutChanged.emit()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 2)

    def text_changed(self, key: str) -> None:
        """The texts of the row ``key`` (a part id or a header field name) changed."""
        node = self._by_key.get(key)
        if node is not None:
            self.dataChanged.emit(self._index(node, 0), self._index(node, 2))

    def _build(self) -> None:
        res = self.res
        self._roots, self._by_key = [], {}
        self._labels = labels(res, self.style) if res is not None else {}
        self._used = used_kinds(self.style, res) if res is not None else used_kinds(self.style, Resolution())
        header = self._add(Node("section", HEADER), None)
        for name in HEADER_FIELDS:
            self._add(Node("field", name), header)
        for kind in KINDS:
            section = self._add(Node("section", kind), None)
            for part in res.section(kind) if res is not None else []:
                node = self._add(Node("part", part.id, part=part), section)
                for child in part.children:
                    self._add(Node("part", child.id, part=child), node)

    def _add(self, node: Node, parent: Node | None) -> Node:
        siblings = self._roots if parent is None else parent.children
        node.parent, node.row = parent, len(siblings)
        siblings.append(node)
        self._by_key[node.key if node.type != "section" else "section:" + node.key] = node
        return node

    # -- looking up ---------------------------------------------------------------------
    def node(self, index: QModelIndex) -> Node | None:
        if not index.isValid():
            return None
        return index.internalPointer()

    def index_of(self, key: str, column: int = 0) -> QModelIndex:
        """The index of a part id, a header field name, or "section:<kind>"."""
        node = self._by_key.get(key)
        return self._index(node, column) if node is not None else QModelIndex()

    def _index(self, node: Node, column: int) -> QModelIndex:
        return self.createIndex(node.row, column, node)

    def label(self, part_id: str) -> str:
        return self._labels.get(part_id, "")

    def is_printed(self, node: Node) -> bool:
        if node.type == "field" or (node.type == "section" and node.key == HEADER):
            printed = PRINTED_HEADER_FIELDS.get(self.style, PRINTED_HEADER_FIELDS[DEFAULT_STYLE])
            return node.type == "section" or node.key in printed
        return node.section in self._used

    def text_of(self, node: Node) -> Text | None:
        if node.type == "part":
            return node.part.text
        if node.type == "field":
            return self.res.text(node.key) if self.res is not None else Text()
        return None

    def language_of(self, column: int) -> str | None:
        return self.left if column == LEFT_COLUMN else self.right if column == RIGHT_COLUMN else None

    # -- the model --------------------------------------------------------------------
    def index(self, row: int, column: int, parent: QModelIndex = QModelIndex()) -> QModelIndex:
        siblings = self._roots if not parent.isValid() else self.node(parent).children
        if 0 <= row < len(siblings) and 0 <= column < 3:
            return self.createIndex(row, column, siblings[row])
        return QModelIndex()

    def parent(self, index: QModelIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        node = self.node(index)
        if node is None or node.parent is None:
            return QModelIndex()
        return self._index(node.parent, 0)

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._roots) if not parent.isValid() else len(self.node(parent).children)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 3

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if section == LABEL_COLUMN:
            return self.tr.gettext("No.")
        language = self.language_of(section)
        return language_title(language, self.tr.language) if language else ""

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        node = self.node(index)
        if node is None:
            return None
        column = index.column()
        printed = self.is_printed(node)
        if node.type == "section":
            return self._section_data(node, column, role, printed)
        if role == Qt.ItemDataRole.ForegroundRole:
            if not printed:
                return dim_colour()
            if column != LABEL_COLUMN and self._placeholder(node, column):
                return dim_colour()
            return None
        if column == LABEL_COLUMN:
            if role == Qt.ItemDataRole.DisplayRole:
                return self.tr.gettext(FIELD_NAMES[node.key]) if node.type == "field" else self.label(node.key)
            if role == Qt.ItemDataRole.ToolTipRole and not printed:
                return self._not_printed_note(node)
            if role == Qt.ItemDataRole.TextAlignmentRole and node.type != "field":
                # Labels stand next to their text, as on the page, however wide the field names make the column.
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return None
        language = self.language_of(column)
        if language is None:
            return None
        text = self.text_of(node)
        value = text.get(language) if text is not None else ""
        newer = newer_language(text, language, self._languages()) if text is not None else None
        if role == Qt.ItemDataRole.DisplayRole:
            shown = value or self._placeholder(node, column)
            return " ".join(shown.split())
        if role == Qt.ItemDataRole.FontRole and not value and self._placeholder(node, column):
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.DecorationRole and newer:
            return self._icon
        if role == Qt.ItemDataRole.BackgroundRole and newer:
            return stale_background()
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [value] if value else []
            if newer:
                lines.append(self.stale_note(text, language) or "")
            if not printed:
                lines.append(self._not_printed_note(node))
            return "\n\n".join(line for line in lines if line) or None
        return None

    def _section_data(self, node: Node, column: int, role: int, printed: bool):
        if column != LABEL_COLUMN:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            title = self.tr.gettext(SECTION_TITLES[node.key])
            if not printed:
                return tr_format(self.tr, "%(section)s — not printed in this form of text", {"section": title})
            return title
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and not printed:
            return dim_colour()
        if role == Qt.ItemDataRole.ToolTipRole and not printed:
            return self._not_printed_note(node)
        return None

    def _not_printed_note(self, node: Node) -> str:
        return self.tr.gettext("The chosen form of text does not print this; it is kept in the draft "
                               "in case you choose another form.")

    def _placeholder(self, node: Node, column: int) -> str:
        if node.type != "field":
            return ""
        return self.placeholders.get(self.language_of(column) or "", {}).get(node.key, "")

    def _languages(self) -> list[str]:
        return list(self.res.languages) if self.res is not None else []

    def stale_note(self, text: Text, language: str) -> str | None:
        """"Changed in English after the Swedish text was last edited", or None when up to date."""
        newer = newer_language(text, language, self._languages())
        if newer is None:
            return None
        # Inside a sentence a language's name is written as the interface language writes it there
        # ("svenska", "suédois"), not capitalised as on a button.
        names = {"newer": language_name(newer, self.tr.language) or newer,
                 "older": language_name(language, self.tr.language) or language}
        if not text.get(language).strip():
            return tr_format(self.tr, "Written in %(newer)s; no %(older)s text yet.", names)
        return tr_format(self.tr, "Changed in %(newer)s after the %(older)s text was last edited.", names)

    # -- drag and drop ----------------------------------------------------------------
    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        node = self.node(index)
        if node is None:
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if node.type == "part":
            flags |= Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemIsDropEnabled
        elif node.type == "section" and node.key != HEADER:
            flags |= Qt.ItemFlag.ItemIsDropEnabled
        return flags

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [PART_MIME]

    def mimeData(self, indexes) -> QMimeData:
        ids: list[str] = []
        for index in indexes:
            node = self.node(index)
            if node is not None and node.type == "part" and node.key not in ids:
                ids.append(node.key)
        data = QMimeData()
        data.setData(PART_MIME, json.dumps(ids).encode("utf-8"))
        return data

    def drop_target(self, row: int, parent: QModelIndex) -> tuple[str, int, str | None] | None:
        """Where a drop at ``row`` under ``parent`` puts a part: (kind, index, paragraph id) or None."""
        node = self.node(parent) if isinstance(parent, QModelIndex) else self.node(QModelIndex(parent))
        if node is None:
            return None
        if node.type == "section":
            if node.key == HEADER:
                return None
            return node.key, row if row >= 0 else len(node.children), None
        if node.type != "part":
            return None
        if node.is_sub_point:  # dropped on a sub-point: after it, under the same paragraph
            return "operative", node.row + 1, node.parent.key
        if node.part.kind == "operative":  # on (or between the sub-points of) a paragraph: a sub-point
            return "operative", row if row >= 0 else len(node.children), node.key
        return node.part.kind, node.row + 1, None  # on a citation, recital or proposal: after it

    def _dropped_ids(self, data: QMimeData) -> list[str]:
        if data is None or not data.hasFormat(PART_MIME):
            return []
        try:
            ids = json.loads(bytes(data.data(PART_MIME)).decode("utf-8"))
        except ValueError:
            return []
        return [i for i in ids if isinstance(i, str) and i in self._by_key]

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                        parent: QModelIndex) -> bool:
        ids = self._dropped_ids(data)
        target = self.drop_target(row, parent)
        if not ids or target is None or action != Qt.DropAction.MoveAction:
            return False
        _kind, _index, paragraph = target
        for part_id in ids:
            moving = self._by_key[part_id]
            if paragraph is not None and (paragraph == part_id or moving.children):
                return False  # a paragraph into itself, or one with sub-points of its own
        return True

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                     parent: QModelIndex) -> bool:
        if not self.canDropMimeData(data, action, row, column, parent) or self.mover is None:
            return False
        ids = self._dropped_ids(data)
        kind, index, paragraph = self.drop_target(row, parent)
        return bool(self.mover(ids[0], kind, index, paragraph))


def persistent_key(model: ResolutionModel, index: QModelIndex | QPersistentModelIndex) -> str | None:
    """The key :meth:`ResolutionModel.index_of` takes for the row of ``index``."""
    node = model.node(QModelIndex(index)) if isinstance(index, QPersistentModelIndex) else model.node(index)
    if node is None:
        return None
    return "section:" + node.key if node.type == "section" else node.key
