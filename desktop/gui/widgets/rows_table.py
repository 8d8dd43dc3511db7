"""An editable table of rows with Add, Remove, Move up and Move down.

Used for the case's events, counts, officials, demands, sources, the people
list and each person's charges. Rows go in and out as dictionaries; keys
without a column (a person's details edited elsewhere) are carried along
untouched, and a localized text keeps its other languages when one is
edited.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core.i18n import Translator
from desktop.gui.widgets.colours import dim_colour, problem_brush
from desktop.gui.widgets.form_fields import OptionalDateEdit, format_display_date, merge_localized, shown_text

VALUE_ROLE = Qt.ItemDataRole.UserRole  # the cell's value: text, localized text, date, int or code
ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # on column 0: the row dictionary as it came in


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # English, translated when shown
    kind: str = "text"  # "text", "ltext" (localized), "date", "int" or "choice"
    choices: tuple[tuple[str, str], ...] = ()  # (code, English label) for "choice"
    width: int = 0  # initial width in pixels; 0 stretches the column
    default: Any = field(default="")


class _CellDelegate(QStyledItemDelegate):
    """Editors by column kind; writes the value back merged with the old one."""

    def __init__(self, table: RowsTable) -> None:
        super().__init__(table.table)
        self.owner = table

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex) -> QWidget:
        column = self.owner.columns[index.column()]
        if column.kind == "date":
            return OptionalDateEdit(self.owner.tr, parent)
        if column.kind == "int":
            editor = QSpinBox(parent)
            editor.setRange(0, 10_000_000)
            return editor
        if column.kind == "choice":
            editor = QComboBox(parent)
            for code, label in column.choices:
                editor.addItem(self.owner.tr.gettext(label) if label else "", code)
            return editor
        return QLineEdit(parent)

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:
        value = index.data(VALUE_ROLE)
        column = self.owner.columns[index.column()]
        if column.kind == "date":
            editor.set_date(value)
        elif column.kind == "int":
            editor.setValue(value or 0)
        elif column.kind == "choice":
            editor.setCurrentIndex(max(editor.findData(value or ""), 0))
        else:
            text, placeholder = shown_text(value or "", self.owner.language)
            editor.setText(text)
            editor.setPlaceholderText(placeholder)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: QModelIndex) -> None:
        column = self.owner.columns[index.column()]
        old = index.data(VALUE_ROLE)
        if column.kind == "date":
            new = editor.date()
        elif column.kind == "int":
            new = editor.value()
        elif column.kind == "choice":
            new = editor.currentData() or ""
        else:
            text = editor.text().strip()
            if text == shown_text(old or "", self.owner.language)[0]:
                return
            new = merge_localized(old or "", text, self.owner.language) if column.kind == "ltext" else text
        if new != old:
            self.owner.set_cell(index.row(), index.column(), new)


class RowsTable(QWidget):
    """A table of dictionaries; ``changed`` is emitted on every edit."""

    changed = Signal()
    # "add", "remove" or "move", emitted just before ``changed`` for an edit of the rows themselves (for undo).
    structure_edited = Signal(str)

    def __init__(self, tr: Translator, columns: list[Column], editable: bool = True,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tr, self.columns, self.language = tr, columns, tr.language
        self.acted_row = -1  # the selected row before the last add, remove or move (for undo)
        self.table = QTableWidget(0, len(columns), self)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        if editable:
            self.table.setItemDelegate(_CellDelegate(self))
            self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                       | QAbstractItemView.EditTrigger.EditKeyPressed
                                       | QAbstractItemView.EditTrigger.AnyKeyPressed)
        else:
            self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        for i, column in enumerate(columns):
            if column.width:
                header.setSectionResizeMode(i, QHeaderView.ResizeMode.Interactive)
                self.table.setColumnWidth(i, column.width)
            else:
                header.setSectionResizeMode(i, QHeaderView.ResizeMode.Stretch)
        self.add_button, self.remove_button = QPushButton(self), QPushButton(self)
        self.up_button, self.down_button = QPushButton(self), QPushButton(self)
        self.add_button.clicked.connect(self.add_row)
        self.remove_button.clicked.connect(self.remove_row)
        self.up_button.clicked.connect(lambda: self.move_row(-1))
        self.down_button.clicked.connect(lambda: self.move_row(1))
        buttons = QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.retranslate(tr)
        self._update_buttons()

    def retranslate(self, tr: Translator) -> None:
        rows = self.rows()
        self.tr = tr
        self.table.setHorizontalHeaderLabels([tr.gettext(c.header) for c in self.columns])
        # A fixed-width column is at least as wide as its heading in this language ("Возраст" was cut).
        metrics = self.table.horizontalHeader().fontMetrics()
        for i, column in enumerate(self.columns):
            if column.width:
                self.table.setColumnWidth(i, max(column.width, metrics.horizontalAdvance(tr.gettext(column.header)) + 24))
        self.add_button.setText(tr.gettext("Add"))
        self.remove_button.setText(tr.gettext("Remove"))
        self.up_button.setText(tr.gettext("Move up"))
        self.down_button.setText(tr.gettext("Move down"))
        self._fill(rows)

    def set_language(self, language: str) -> None:
        rows = self.rows()
        self.language = language
        self._fill(rows)

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self._fill(rows)

    def rows(self) -> list[dict[str, Any]]:
        out = []
        for r in range(self.table.rowCount()):
            row = dict(self.table.item(r, 0).data(ROW_ROLE) or {})
            for c, column in enumerate(self.columns):
                row[column.key] = self.table.item(r, c).data(VALUE_ROLE)
            out.append(row)
        return out

    def current_row(self) -> int:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def select_row(self, row: int) -> None:
        if 0 <= row < self.table.rowCount():
            self.table.selectRow(row)

    def update_row(self, row: int, values: dict[str, Any]) -> None:
        """Replace row ``row`` (used by detail forms that edit a row in full)."""
        self.table.blockSignals(True)
        self._put_row(row, values)
        self.table.blockSignals(False)
        self.changed.emit()

    def set_cell(self, row: int, column: int, value: Any) -> None:
        item = self.table.item(row, column)
        item.setData(VALUE_ROLE, value)
        self._show(item, self.columns[column])
        self.changed.emit()

    def add_row(self) -> None:
        self.acted_row = self.current_row()
        row = self.table.rowCount()
        self.table.insertRow(row)
        self._put_row(row, {c.key: c.default for c in self.columns})
        self.table.selectRow(row)
        if self.table.editTriggers() != QAbstractItemView.EditTrigger.NoEditTriggers:
            self.table.setCurrentCell(row, 0)
            self.table.editItem(self.table.item(row, 0))
        self.structure_edited.emit("add")
        self.changed.emit()

    def remove_row(self) -> None:
        row = self.current_row()
        if row < 0:
            return
        self.acted_row = row
        self.table.removeRow(row)
        self.select_row(min(row, self.table.rowCount() - 1))
        self.structure_edited.emit("remove")
        self.changed.emit()

    def move_row(self, step: int) -> None:
        row = self.current_row()
        target = row + step
        if row < 0 or not 0 <= target < self.table.rowCount():
            return
        self.acted_row = row
        rows = self.rows()
        rows[row], rows[target] = rows[target], rows[row]
        self._fill(rows)
        self.table.selectRow(target)
        self.structure_edited.emit("move")
        self.changed.emit()

    def mark(self, problems: dict[tuple[int, str], str]) -> None:
        """Tint the cells named by ``(row, column key)`` and show the message."""
        keys = [c.key for c in self.columns]
        for r in range(self.table.rowCount()):
            for c, key in enumerate(keys):
                message = problems.get((r, key)) or problems.get((r, ""))
                item = self.table.item(r, c)
                item.setBackground(problem_brush(self.table.palette()) if message else QBrush())
                item.setToolTip(message or self._tooltip(item))

    def _fill(self, rows: list[dict[str, Any]]) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            self._put_row(r, row)
        self.table.blockSignals(False)
        self._update_buttons()

    def _put_row(self, r: int, row: dict[str, Any]) -> None:
        for c, column in enumerate(self.columns):
            item = self.table.item(r, c)
            if item is None:
                item = QTableWidgetItem()
                self.table.setItem(r, c, item)
            item.setData(VALUE_ROLE, row.get(column.key, column.default))
            if c == 0:
                item.setData(ROW_ROLE, dict(row))
            self._show(item, column)

    def _show(self, item: QTableWidgetItem, column: Column) -> None:
        value = item.data(VALUE_ROLE)
        font = QFont()
        item.setForeground(QBrush())
        if column.kind == "date":
            text = format_display_date(value if isinstance(value, dt.date) else None, self.tr.language)
        elif column.kind == "int":
            text = "" if value is None else str(value)
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        elif column.kind == "choice":
            labels = dict(column.choices)
            text = self.tr.gettext(labels[value]) if labels.get(value) else ""
        else:
            text, fallback = shown_text(value or "", self.language)
            if fallback:
                # The text another language will be used for, greyed so it
                # is not taken for a translation.
                text = fallback
                font.setItalic(True)
                item.setForeground(QBrush(dim_colour(self.table.palette())))
        item.setData(Qt.ItemDataRole.DisplayRole, text)
        item.setFont(font)
        item.setToolTip(self._tooltip(item))

    def _tooltip(self, item: QTableWidgetItem) -> str:
        return item.text() if len(item.text()) > 40 else ""

    def _update_buttons(self) -> None:
        row = self.current_row()
        self.remove_button.setEnabled(row >= 0)
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(0 <= row < self.table.rowCount() - 1)

