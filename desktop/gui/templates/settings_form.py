"""The form for a template's own settings, built from its manifest's ``[[options]]``.

Each edit is reported as ``changed(name, value)`` with the value as the
draft stores it (numbers, true/false, texts, dates as YYYY-MM-DD, lists of
texts); ``None`` means "use the default" and removes the setting.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.core.i18n import Translator
from desktop.core.templates import TemplateInfo, TemplateOption, read_options
from desktop.gui.widgets.form_fields import OptionalDateEdit


class TemplateSettingsForm(QGroupBox):
    """One field per declared setting of the chosen template; hidden when it declares none."""

    changed = Signal(str, object)

    def __init__(self, tr: Translator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tr = tr
        self._info: TemplateInfo | None = None
        self._options: dict[str, Any] = {}
        self.fields: dict[str, QWidget] = {}
        self._form_host = QWidget()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self._form_host)
        self.retranslate(tr)
        self.setVisible(False)

    def retranslate(self, tr: Translator) -> None:
        self._tr = tr
        self.setTitle(tr.gettext("Settings of this template"))
        self._rebuild()

    def set_template(self, info: TemplateInfo | None, options: dict[str, Any]) -> None:
        """Show the settings of ``info`` with the values of ``options`` (the draft's, kept as given)."""
        self._info = info
        self._options = options
        self._rebuild()

    def _rebuild(self) -> None:
        # A fresh host widget: the old fields go with it, so no stale signal reaches the draft.
        old = self._form_host
        self._form_host = QWidget()
        self.layout().replaceWidget(old, self._form_host)
        old.deleteLater()
        self.fields = {}
        info = self._info
        self.setVisible(bool(info and info.options))
        if not info or not info.options:
            return
        form = QFormLayout(self._form_host)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        # Long labels (Russian, German) put their field on the next line rather than being cut off.
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        values, _problems = read_options(info, self._options)
        language = self._tr.language
        for option in info.options:
            widget = self._field(option, values.get(option.name))
            widget.setObjectName(f"option_{option.name}")
            label = QLabel(option.label(language))
            label.setBuddy(widget)
            widget.setAccessibleName(option.label(language))
            self.fields[option.name] = widget
            form.addRow(label, widget)

    def _field(self, option: TemplateOption, value: Any) -> QWidget:
        name = option.name
        if option.type == "int":
            return self._spin_box(option, value)
        if option.type == "bool":
            box = QCheckBox()
            box.setChecked(bool(value))
            box.toggled.connect(lambda checked, n=name: self.changed.emit(n, bool(checked)))
            return box
        if option.type == "date":
            edit = OptionalDateEdit(self._tr)
            edit.set_date(value if isinstance(value, dt.date) else None)
            edit.changed.connect(lambda e=edit, n=name: self._date_changed(n, e))
            return edit
        if option.type == "choice":
            combo = QComboBox()
            for choice in option.choices:
                combo.addItem(option.choice_label(choice, self._tr.language), choice)
            combo.setCurrentIndex(max(combo.findData(value), 0))
            combo.currentIndexChanged.connect(lambda _i, c=combo, n=name: self.changed.emit(n, c.currentData()))
            return combo
        if option.type == "lines":
            edit = QPlainTextEdit()
            edit.setTabChangesFocus(True)
            edit.setPlainText("\n".join(value or []))
            edit.setFixedHeight(edit.fontMetrics().lineSpacing() * 4 + 12)
            edit.textChanged.connect(lambda e=edit, n=name: self.changed.emit(
                n, [line.strip() for line in e.toPlainText().splitlines() if line.strip()]))
            return edit
        if option.type == "photos":
            return self._photos_field(option, value)
        line = QLineEdit(str(value or ""))
        line.textEdited.connect(lambda text, n=name: self.changed.emit(n, text))
        return line

    def _photos_field(self, option: TemplateOption, value: Any) -> QWidget:
        """One photo a line: "file | caption"; a button adds files."""
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        edit = QPlainTextEdit()
        edit.setObjectName(f"option_{option.name}_text")
        edit.setTabChangesFocus(True)
        edit.setPlaceholderText(self._tr.gettext("one photo a line: file | caption"))
        edit.setPlainText("\n".join(_photo_line(item) for item in (value or [])))
        edit.setFixedHeight(edit.fontMetrics().lineSpacing() * 4 + 12)
        edit.textChanged.connect(lambda e=edit, n=option.name: self.changed.emit(n, _photo_items(e.toPlainText())))
        add = QPushButton(self._tr.gettext("Add photos…"))

        def choose() -> None:
            files, _ = QFileDialog.getOpenFileNames(self, self._tr.gettext("Add photos"), "",
                                                    self._tr.gettext("Pictures (*.jpg *.jpeg *.png)"))
            if files:
                text = edit.toPlainText().rstrip("\n")
                edit.setPlainText("\n".join(filter(None, [text, *files])))

        add.clicked.connect(choose)
        layout.addWidget(edit)
        layout.addWidget(add, 0, Qt.AlignmentFlag.AlignLeft)
        return box

    def _spin_box(self, option: TemplateOption, value: Any) -> QSpinBox:
        spin = QSpinBox()
        low = option.min if option.min is not None else -1_000_000
        high = option.max if option.max is not None else 1_000_000
        optional = option.default is None
        if optional:
            # One step below the smallest number stands for "worked out by the app".
            low -= 1
            spin.setSpecialValueText(self._tr.gettext("automatic"))
        spin.setRange(low, high)
        widest = max(spin.fontMetrics().horizontalAdvance(t) for t in (spin.specialValueText(), str(high), str(low)))
        spin.setMinimumWidth(widest + 48)  # room for the arrows, and no clipped "automatic"
        spin.setValue(value if isinstance(value, int) and low <= value <= high else low if optional else
                      max(min(option.default, high), low))
        spin.valueChanged.connect(
            lambda number, n=option.name: self.changed.emit(n, None if optional and number == low else number))
        return spin

    def _date_changed(self, name: str, edit: OptionalDateEdit) -> None:
        date = edit.date()
        self.changed.emit(name, date.isoformat() if date else None)


def _photo_line(item: Any) -> str:
    if isinstance(item, dict):
        caption = item.get("caption", "")
        caption = caption if isinstance(caption, str) else next(iter(caption.values()), "") if caption else ""
        return f"{item.get('path', '')} | {caption}" if caption else str(item.get("path", ""))
    return str(item)


def _photo_items(text: str) -> list[dict[str, str]]:
    items = []
    for line in text.splitlines():
        path, _, caption = line.partition("|")
        if path.strip():
            items.append({"path": path.strip(), "caption": caption.strip()})
    return items
