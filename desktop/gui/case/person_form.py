"""The details of one person in a case, edited below the people table."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QGroupBox, QLabel, QSpinBox, QVBoxLayout, QWidget

from desktop.core.errors import N_
from desktop.core.i18n import Translator
from desktop.gui.widgets.form_fields import LocalizedLineEdit, OptionalDateEdit, mark_problem, field_label
from desktop.gui.widgets.rows_table import Column, RowsTable

GENDER_CHOICES = (("", N_("not stated")), ("female", N_("female")), ("male", N_("male")))
# Where the person is now (desktop.core.case.CUSTODY): documents ask for the release of those held only.
# "Not stated" reads a suspended sentence as at liberty and anything else as held.
CUSTODY_CHOICES = (("", N_("not stated")), ("in_custody", N_("in custody")),
                   ("house_arrest", N_("under house arrest")), ("at_liberty", N_("at liberty")))


def fill_gender_combo(combo: QComboBox, tr: Translator) -> None:
    """(Re)label a gender combo box in the interface language, keeping its choice."""
    code = combo.currentData()
    combo.clear()
    for value, label in GENDER_CHOICES:
        combo.addItem(tr.gettext(label), value)
    combo.setCurrentIndex(max(combo.findData(code), 0))
CHARGE_COLUMNS = [
    Column("article", N_("Article"), "text", width=90),
    Column("description", N_("Charge"), "ltext"),
    Column("law", N_("Law"), "ltext", width=220),
]
# Text fields in form order: (key, label); two columns of a grid.
_TEXT_FIELDS = (
    ("name", N_("Name")), ("occupation", N_("Occupation")), ("court", N_("Court")),
    ("sentence", N_("Sentence")), ("detention_place", N_("Place of detention")),
    ("status", N_("Status")), ("health", N_("Health")),
)


class PersonForm(QWidget):
    """Edits a person held as a dictionary (the fields of ``Person``)."""

    changed = Signal()
    choice_edited = Signal(str)  # a drop-down changed ("gender", "custody"): an undo step of its own

    def __init__(self, tr: Translator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tr, self.language = tr, tr.language
        self._person: dict[str, Any] = {}
        self._loading = False
        self.fields: dict[str, QWidget] = {key: LocalizedLineEdit(self) for key, _ in _TEXT_FIELDS}
        self.gender = QComboBox(self)
        self.custody = QComboBox(self)
        self.age = QSpinBox(self)
        self.age.setRange(0, 130)  # 0 shows "not known": nobody in a case is aged 0
        self.arrested = OptionalDateEdit(tr, self)
        self.fields.update(gender=self.gender, age=self.age, arrested=self.arrested, custody=self.custody)
        self.charges = RowsTable(tr, CHARGE_COLUMNS, parent=self)
        self.charges.table.setMinimumHeight(90)
        self.charges.table.setMaximumHeight(150)
        self.labels: dict[str, QLabel] = {key: QLabel(self) for key in self.fields}
        for key, widget in self.fields.items():
            self.labels[key].setBuddy(widget)
        self.grid = grid = QGridLayout()
        self._columns = 0
        self.arrange(2)
        self.charges_box = QGroupBox(self)
        box_layout = QVBoxLayout(self.charges_box)
        box_layout.addWidget(self.charges)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(grid)
        layout.addWidget(self.charges_box)
        layout.addStretch(1)
        for key, _ in _TEXT_FIELDS:
            self.fields[key].textEdited.connect(self._edited)
        self.gender.currentIndexChanged.connect(lambda: self._chosen("gender"))
        self.custody.currentIndexChanged.connect(lambda: self._chosen("custody"))
        self.age.valueChanged.connect(self._edited)
        self.arrested.changed.connect(self._edited)
        self.charges.changed.connect(self._edited)
        self.retranslate(tr)
        self.set_person(None)

    TWO_COLUMNS = 760  # narrower than this, the fields go in one column (a small screen, German, Russian)

    def arrange(self, columns: int) -> None:
        """The fields in ``columns`` (1 or 2) columns of label and field."""
        if columns == self._columns:
            return
        self._columns = columns
        left = ("name", "gender", "age", "occupation", "arrested")
        right = ("court", "sentence", "custody", "detention_place", "status", "health")
        for key in left + right:
            self.grid.removeWidget(self.labels[key])
            self.grid.removeWidget(self.fields[key])
        for column in range(4):
            self.grid.setColumnStretch(column, 0)
        if columns == 2:
            for column, keys in enumerate((left, right)):
                for row, key in enumerate(keys):
                    self.grid.addWidget(self.labels[key], row, column * 2)
                    self.grid.addWidget(self.fields[key], row, column * 2 + 1)
            self.grid.setColumnStretch(3, 1)
        else:
            for row, key in enumerate(left + right):
                self.grid.addWidget(self.labels[key], row, 0)
                self.grid.addWidget(self.fields[key], row, 1)
        self.grid.setColumnStretch(1, 1)

    def fit_width(self, width: int) -> None:
        self.arrange(2 if width >= self.TWO_COLUMNS else 1)

    def retranslate(self, tr: Translator) -> None:
        self.tr = tr
        for key, label in _TEXT_FIELDS:
            self.labels[key].setText(field_label(tr, label))
        # Marked, so the catalog extractor sees them ("Arrested:" was left in English).
        self.labels["gender"].setText(field_label(tr, N_("Gender")))
        self.labels["age"].setText(field_label(tr, N_("Age")))
        self.labels["arrested"].setText(field_label(tr, N_("Arrested")))
        self.labels["custody"].setText(field_label(tr, N_("Custody")))
        self._loading = True
        fill_gender_combo(self.gender, tr)
        code = self.custody.currentData()
        self.custody.clear()
        for value, label in CUSTODY_CHOICES:
            self.custody.addItem(tr.gettext(label), value)
        self.custody.setCurrentIndex(max(self.custody.findData(code), 0))
        self.custody.setToolTip(tr.gettext(
            "Letters ask for the release of people in custody or under house arrest; for a person at liberty "
            "they ask that the conviction be quashed or the charges dropped. Not stated: a suspended sentence "
            "counts as at liberty, anything else as held."))
        self._loading = False
        self.age.setSpecialValueText(tr.gettext("not known"))
        self.arrested.retranslate(tr)
        self.charges.retranslate(tr)
        self.charges_box.setTitle(tr.gettext("Charges"))
        for key, widget in self.fields.items():
            widget.setAccessibleName(self.labels[key].text().rstrip(":"))

    def set_language(self, language: str) -> None:
        person = self.person() if self._person else None
        self.language = language
        self.charges.set_language(language)
        self.set_person(person)

    def set_person(self, person: dict[str, Any] | None) -> None:
        """Show ``person``, or an empty disabled form for ``None``."""
        self._loading = True
        self._person = dict(person or {})
        get = self._person.get
        for key, _ in _TEXT_FIELDS:
            self.fields[key].set_value(get(key) or "", self.language)
        self.gender.setCurrentIndex(max(self.gender.findData(get("gender") or ""), 0))
        self.custody.setCurrentIndex(max(self.custody.findData(get("custody") or ""), 0))
        self.age.setValue(get("age") or 0)
        self.arrested.set_date(get("arrested"))
        self.charges.set_rows([dict(c) for c in get("charges") or []])
        self.setEnabled(person is not None)
        self._loading = False

    def person(self) -> dict[str, Any]:
        person = dict(self._person)
        for key, _ in _TEXT_FIELDS:
            person[key] = self.fields[key].value()
        person["gender"] = self.gender.currentData() or ""
        person["custody"] = self.custody.currentData() or ""
        person["age"] = self.age.value() or None
        person["arrested"] = self.arrested.date()
        person["charges"] = self.charges.rows()
        return person

    def mark(self, problems: dict[str, str], charge_problems: dict[tuple[int, str], str]) -> None:
        """Outline the fields named in ``problems`` (field key → message)."""
        for key, widget in self.fields.items():
            mark_problem(widget, problems.get(key))
        self.charges.mark(charge_problems)

    def _edited(self) -> None:
        if not self._loading:
            self.changed.emit()

    def _chosen(self, key: str) -> None:
        if not self._loading:
            self.choice_edited.emit(key)
            self.changed.emit()
