"""The case editor: the facts a letter is about, in tabs.

Text fields edit one language at a time (``set_language``); the other
languages of a field are kept as they were. Problems found by
``petition-desk check`` (or by reading the case back) are shown at the
field they name, with the same message.
"""

from __future__ import annotations

import re
from dataclasses import asdict
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStyle,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.core.case import Case, Charge, Count, Event, Official, Person, Source, read_case
from desktop.core.fields import localized
from desktop.core.errors import N_, Message, PetitionDeskError, Problem
from desktop.core.i18n import Translator
from desktop.gui.widgets.form_fields import CountryCombo, LocalizedLineEdit, LocalizedTextEdit, mark_problem, tr_format, field_label
from desktop.gui.case.person_form import PersonForm
from desktop.gui.draft.undo import TABLE_ACTIONS
from desktop.gui.widgets.rows_table import Column, RowsTable
from desktop.gui.widgets.colours import error_style

_QUALIFIER_LABELS = {"exact": N_("exactly"), "about": N_("about"), "at least": N_("at least"), "over": N_("over")}
# What a source is: a resolution cites reports, press releases, statements … by kind; web pages and
# encyclopedias are kept for the aide but not cited (desktop/core/case.py SOURCE_KINDS).
_SOURCE_KIND_LABELS = {"": N_("(not cited)"), "report": N_("report"), "press_release": N_("press release"),
                       "statement": N_("statement"), "news_article": N_("news article"),
                       "resolution": N_("resolution"), "judgment": N_("judgment"), "web_page": N_("web page"),
                       "encyclopedia": N_("encyclopedia")}
# A hearing or a deadline goes into the deadlines calendar (desktop/core/deadlines.py).
_EVENT_KIND_LABELS = {"": N_("event"), "hearing": N_("hearing"), "deadline": N_("deadline")}
_TABLES: dict[str, list[Column]] = {
    "events": [Column("date", N_("Date"), "date", width=130, default=None),
               Column("description", N_("What happened"), "ltext"),
               Column("kind", N_("Kind"), "choice", tuple(_EVENT_KIND_LABELS.items()), 110, "")],
    "counts": [Column("qualifier", N_("Qualifier"), "choice", tuple(_QUALIFIER_LABELS.items()), 100, "exact"),
               Column("value", N_("Number"), "int", width=80, default=0),
               Column("what", N_("Of what"), "ltext"),
               Column("source", N_("Source"), "ltext", width=200)],
    "people": [Column("name", N_("Name"), "ltext"), Column("age", N_("Age"), "int", width=50, default=None),
               Column("sentence", N_("Sentence"), "ltext"), Column("status", N_("Status"), "ltext", width=150)],
    "officials": [Column("name", N_("Name"), "ltext"), Column("title", N_("Title"), "ltext"),
                  Column("organisation", N_("Organisation"), "ltext")],
    "demands": [Column("text", N_("Demand"), "ltext")],
    "sources": [Column("kind", N_("Kind"), "choice", tuple(_SOURCE_KIND_LABELS.items()), 110, ""),
                Column("publisher", N_("Published by"), "text", width=160),
                Column("title", N_("Document title"), "text"), Column("url", N_("Web address"), "text", width=220),
                Column("date", N_("Date"), "date", width=130, default=None)],
}
_BOX_TITLES = {"events": N_("Events"), "counts": N_("Numbers"), "officials": N_("Officials responsible"),
               "demands": N_("Demands"), "sources": N_("Sources")}
_FORM_FIELDS = (("name", N_("Case name")), ("summary", N_("Summary")), ("place", N_("Place")),
                ("country", N_("Country")), ("historical_example", N_("Historical example")), ("note", N_("Note")))
_TAB_TITLES = (N_("Facts"), N_("Events and numbers"), N_("People"), N_("Officials"), N_("Demands and sources"))
_PATH = re.compile(r"^(\w+)(?:\[(\d+)\])?(?:\.(\w+))?(?:\[(\d+)\])?(?:\.(\w+))?")


class CaseEditor(QWidget):
    """Edits a :class:`Case`; ``changed`` is emitted on every edit."""

    changed = Signal()
    # The English name of a structural edit ("Remove person"), emitted just before ``changed`` (for undo).
    structure_edited = Signal(str)

    def __init__(self, tr: Translator, library: Any = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tr, self.language = tr, tr.language
        self._library = library
        self._case_id: str | None = None
        self._case = Case(name="")
        self._problems: list[Problem] = []
        self._loading = False
        self.undo_rows = (-1, -1)
        self.name, self.place = LocalizedLineEdit(self), LocalizedLineEdit(self)
        self.summary, self.note = LocalizedTextEdit(self), LocalizedTextEdit(self)
        self.summary.setMinimumHeight(110)
        self.note.setMaximumHeight(70)
        self.country = CountryCombo(tr, self)
        self.historical = QCheckBox(self)
        # A check box's own text cannot wrap: the sentence is a wrapping label beside it, which ticks it too.
        self.historical_text = _ClickableLabel(self.historical, self)
        self.fields: dict[str, QWidget] = {"name": self.name, "summary": self.summary, "place": self.place,
                                           "country": self.country, "historical_example": self.historical,
                                           "note": self.note}
        self.tables = {key: RowsTable(tr, columns, editable=key != "people", parent=self)
                       for key, columns in _TABLES.items()}
        self.person_form = PersonForm(tr, self)
        self.tabs = QTabWidget(self)
        self._build_tabs()
        self.open_button, self.save_button = QPushButton(self), QPushButton(self)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.open_button.clicked.connect(self.open_from_library)
        self.save_button.clicked.connect(self.save_to_library)
        top = QHBoxLayout()
        top.addWidget(self.status, 1)
        top.addWidget(self.open_button)
        top.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        self._order_tabs()
        self._connect()
        self.retranslate(tr)

    def _order_tabs(self) -> None:
        """Tab follows the page from the top: the library buttons, the tabs, then the facts in the form's order."""
        chain = [self.open_button, self.save_button, self.tabs.tabBar()]
        chain += [self.fields[key] for key, _ in _FORM_FIELDS]
        for before, after in zip(chain, chain[1:]):
            QWidget.setTabOrder(before, after)

    def _build_tabs(self) -> None:
        facts = QWidget(self)
        self.form = QFormLayout(facts)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # labels above fields when narrow
        self.form_labels = {key: QLabel(facts) for key, _ in _FORM_FIELDS}
        for key, _ in _FORM_FIELDS:
            self.form_labels[key].setBuddy(self.fields[key])
            if key == "historical_example":
                row = QHBoxLayout()
                row.addWidget(self.historical, 0, Qt.AlignmentFlag.AlignTop)
                row.addWidget(self.historical_text, 1)
                self.form.addRow(self.form_labels[key], row)
            else:
                self.form.addRow(self.form_labels[key], self.fields[key])
        self.boxes = {key: QGroupBox(self) for key in _BOX_TITLES}
        for key, box in self.boxes.items():
            QVBoxLayout(box).addWidget(self.tables[key])
        people = QSplitter(Qt.Orientation.Vertical, self)
        people.addWidget(self.tables["people"])
        people.addWidget(self.person_form)
        people.setStretchFactor(0, 1)  # extra height goes to the list of people
        people.setStretchFactor(1, 0)
        people.setChildrenCollapsible(False)
        pages = [facts, self._stack("events", "counts"), people, self._stack("officials"),
                 self._stack("demands", "sources")]
        for page in pages:
            self.tabs.addTab(page, "")

    def _stack(self, *keys: str) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        for key in keys:
            layout.addWidget(self.boxes[key], 1)
        return page

    def _connect(self) -> None:
        for edit in (self.name, self.place):
            edit.textEdited.connect(self._edited)
        for edit in (self.summary, self.note):
            edit.textChanged.connect(self._edited)
        self.country.currentIndexChanged.connect(self._edited)
        self.historical.toggled.connect(self._edited)
        for key, table in self.tables.items():
            table.structure_edited.connect(lambda action, k=key: self._structure_edited(k, action))
            table.changed.connect(self._edited)
        self.person_form.charges.structure_edited.connect(lambda action: self._structure_edited("charges", action))
        people = self.tables["people"]
        # Removing a person who has details asks first (their charges go too); Edit > Undo brings them back.
        people.remove_button.clicked.disconnect(people.remove_row)
        people.remove_button.clicked.connect(self.ask_remove_person)
        people.table.itemSelectionChanged.connect(self._show_selected_person)
        # Not on people.changed: that fires on each keystroke in the form and
        # reloading the form then would eat a trailing space being typed.
        for button in (people.remove_button, people.up_button, people.down_button):
            button.clicked.connect(self._show_selected_person)
        self.person_form.changed.connect(self._person_edited)
        self.person_form.choice_edited.connect(lambda key: self._structure_edited("person", key))
        people.add_button.clicked.connect(lambda: self.person_form.fields["name"].setFocus())

    def retranslate(self, tr: Translator) -> None:
        self.tr = tr
        for key, label in _FORM_FIELDS:
            self.form_labels[key].setText(field_label(tr, label))
            self.fields[key].setAccessibleName(tr.gettext(label))
        self.historical_text.setText(tr.gettext("This case is a historical example, not a current appeal"))
        self.historical.setAccessibleDescription(self.historical_text.text())
        self.country.retranslate(tr)
        for key, table in self.tables.items():
            table.retranslate(tr)
        for key, box in self.boxes.items():
            box.setTitle(tr.gettext(_BOX_TITLES[key]))
        for i, title in enumerate(_TAB_TITLES):
            self.tabs.setTabText(i, tr.gettext(title))
        self.tabs.tabBar().setAccessibleName(tr.gettext("Parts of the case"))
        self.person_form.retranslate(tr)
        self.tables["people"].add_button.setText(tr.gettext("Add person"))
        self.open_button.setText(tr.gettext("Open from library…"))
        self.save_button.setText(tr.gettext("Save to library"))
        self.show_problems(self._problems)

    # --- the case in and out -------------------------------------------------

    def set_case(self, case: Case, case_id: str | None = None) -> None:
        self._loading = True
        self._case, self._case_id = case, case_id
        self._show_case(case)
        self._loading = False
        self.show_problems([])

    def case(self) -> Case:
        """The case as edited, every language of every text kept."""
        rows = {key: table.rows() for key, table in self.tables.items()}
        return Case(
            name=self.name.value(), summary=self.summary.value(), place=self.place.value(),
            country=self.country.code(),
            events=[Event(r["date"], r["description"], r["kind"] or "") for r in rows["events"]],
            counts=[Count(r["value"] or 0, r["what"], r["qualifier"] or "exact", r["source"]) for r in rows["counts"]],
            people=[_person(r) for r in rows["people"]],
            officials=[Official(r["name"], r["title"], r["organisation"]) for r in rows["officials"]],
            demands=[r["text"] for r in rows["demands"] if r["text"]],
            sources=[Source(r["title"], r["url"], r["date"], r["kind"], r["publisher"]) for r in rows["sources"]],
            historical_example=self.historical.isChecked(), note=self.note.value(),
        )

    def validate(self) -> list[Problem]:
        """What would stop the case being saved and read back, as field problems."""
        problems: list[Problem] = []
        read_case(self.case().to_dict(), "case", problems)
        return problems

    def set_language(self, language: str) -> None:
        """Edit the texts of ``language``; what was typed so far is kept."""
        case = self.case()
        self.language = language
        self._loading = True
        self._show_case(case)
        self._loading = False
        self.show_problems(self._problems)

    def _show_case(self, case: Case) -> None:
        lang = self.language
        for key in ("name", "summary", "place", "note"):
            self.fields[key].set_value(getattr(case, key), lang)
        self.country.set_code(case.country)
        self.historical.setChecked(case.historical_example)
        people = self.tables["people"]
        selected = max(people.current_row(), 0)
        for key, table in self.tables.items():
            table.language = lang
        self.person_form.language = lang
        self.person_form.charges.language = lang
        self.tables["events"].set_rows([asdict(e) for e in case.events])
        self.tables["counts"].set_rows([asdict(c) for c in case.counts])
        people.set_rows([asdict(p) for p in case.people])
        self.tables["officials"].set_rows([asdict(o) for o in case.officials])
        self.tables["demands"].set_rows([{"text": d} for d in case.demands])
        self.tables["sources"].set_rows([asdict(s) for s in case.sources])
        people.select_row(min(selected, len(case.people) - 1))
        self._show_selected_person()

    # --- people: table above, details of the selected one below -------------

    def _structure_edited(self, key: str, action: str) -> None:
        people = self.tables["people"]
        # The person to show after an undo and after a redo.
        self.undo_rows = (people.acted_row if key == "people" else people.current_row(), people.current_row())
        self.structure_edited.emit(TABLE_ACTIONS[key][action])

    def fit_width(self, width: int) -> None:
        """Arrange for ``width`` pixels (see the main window's step pages)."""
        self.person_form.fit_width(width - 40)

    def ask_remove_person(self) -> None:
        """Remove the selected person; one with a name, details or charges is removed only if the user agrees."""
        people = self.tables["people"]
        row = people.current_row()
        if row < 0:
            return
        person = _person(people.rows()[row])
        filled = any(value for key, value in asdict(person).items() if key != "gender")
        if filled:
            charges = len(person.charges)
            name = localized(person.name, self.language) or self.tr.gettext("(no name yet)")
            question = tr_format(self.tr, "Remove %(name)s and their %(count)d charge? Edit, Undo brings them back.",
                                 {"name": name, "count": charges},
                                 "Remove %(name)s and their %(count)d charges? Edit, Undo brings them back.", charges)
            answer = QMessageBox.question(self, self.tr.gettext("Remove person"), question,
                                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                          QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                return
        people.remove_row()
        self._show_selected_person()

    def people_row(self) -> int:
        """The selected row of the people table (-1 for none)."""
        return self.tables["people"].current_row()

    def restore_case(self, case: Case, people_row: int | None = None) -> None:
        """Show ``case`` again (an undo): the library id and the editing language stay."""
        self._loading = True
        self._case = case
        self._show_case(case)
        if people_row is not None and people_row >= 0:
            self.tables["people"].select_row(people_row)
            self._show_selected_person()
        self._loading = False
        self.show_problems(self._problems)

    def _show_selected_person(self) -> None:
        people = self.tables["people"]
        row = people.current_row()
        loading, self._loading = self._loading, True
        self.person_form.set_person(people.rows()[row] if row >= 0 else None)
        self._loading = loading
        self._mark_person()

    def _person_edited(self) -> None:
        row = self.tables["people"].current_row()
        if row >= 0 and not self._loading:
            self.tables["people"].update_row(row, self.person_form.person())

    def _edited(self) -> None:
        if not self._loading:
            self.changed.emit()

    # --- problems at the fields ---------------------------------------------

    def show_problems(self, problems: list[Problem]) -> None:
        """Mark the fields named by ``problems`` (paths such as ``case.people[2].sentence``)."""
        self._problems = list(problems)
        fields: dict[str, str] = {}
        cells: dict[str, dict[tuple[int, str], str]] = {key: {} for key in self.tables}
        self._person_marks: dict[int, tuple[dict[str, str], dict[tuple[int, str], str]]] = {}
        unplaced: list[str] = []
        for problem in problems:
            message = Message(problem.text, problem.params).render(self.tr)
            match = _PATH.match(problem.where.removeprefix("case."))
            key, index, sub, sub_index, sub_field = match.groups() if match else (None,) * 5
            if key in self.fields and index is None:
                fields.setdefault(key, message)
            elif key in self.tables and index is not None:
                row, column = int(index), sub or ("text" if key == "demands" else "")
                cells[key].setdefault((row, column), message)
                if key == "people":
                    cells[key].setdefault((row, ""), message)
                    marks = self._person_marks.setdefault(row, ({}, {}))
                    if sub == "charges" and sub_index is not None:
                        marks[1].setdefault((int(sub_index), sub_field or ""), message)
                        marks[0].setdefault("charges", message)
                    elif sub:
                        marks[0].setdefault(sub, message)
            else:
                unplaced.append(problem.render(self.tr))
        for key, widget in self.fields.items():
            mark_problem(widget, fields.get(key))
        for key, table in self.tables.items():
            table.mark(cells[key])
        self._mark_person()
        self._mark_tabs(fields, cells)
        count = len(problems)
        if count:
            text = tr_format(self.tr, "%(count)d problem is marked in red.", {"count": count},
                             "%(count)d problems are marked in red.", count)
            self.status.setText("\n".join([text, *unplaced]))
            self.status.setStyleSheet(error_style())
        else:
            self.status.setText("")
            self.status.setStyleSheet("")

    def _mark_person(self) -> None:
        row = self.tables["people"].current_row()
        fields, charges = getattr(self, "_person_marks", {}).get(row, ({}, {}))
        self.person_form.mark(fields, charges)

    def _mark_tabs(self, fields: dict[str, str], cells: dict[str, dict]) -> None:
        icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        flagged = [bool(fields), bool(cells["events"] or cells["counts"]), bool(cells["people"]),
                   bool(cells["officials"]), bool(cells["demands"] or cells["sources"])]
        for i, bad in enumerate(flagged):
            self.tabs.setTabIcon(i, icon if bad else QIcon())

    # --- the library ----------------------------------------------------------

    def library(self) -> Any:
        if self._library is None:
            from desktop.core.library import Library

            self._library = Library()
        return self._library

    def save_to_library(self) -> str | None:
        problems = self.validate()
        if problems:
            self.show_problems(problems)
            return None
        try:
            self._case_id = self.library().save_case(self.case(), case_id=self._case_id)
        except PetitionDeskError as exc:
            QMessageBox.warning(self, self.tr.gettext("Could not save the case"), exc.message(self.tr))
            return None
        self.status.setStyleSheet("")
        self.status.setText(self.tr.gettext("The case is saved in your library."))
        return self._case_id

    def open_from_library(self) -> None:
        try:
            saved = self.library().list_cases()
        except PetitionDeskError as exc:
            QMessageBox.warning(self, self.tr.gettext("Could not open the library"), exc.message(self.tr))
            return
        if not saved:
            QMessageBox.information(self, self.tr.gettext("Open from library"),
                                    self.tr.gettext("Your library has no saved cases yet."))
            return
        # The date tells apart two cases saved under the same name.
        names = [f"{entry.name}  ({entry.updated[:10]})" for entry in saved]
        name, ok = QInputDialog.getItem(self, self.tr.gettext("Open from library"),
                                        self.tr.gettext("Case:"), names, 0, False)
        if not ok:
            return
        case_id = saved[names.index(name)].id
        try:
            case = self.library().load_case(case_id)
        except PetitionDeskError as exc:
            QMessageBox.warning(self, self.tr.gettext("Could not open the case"), exc.message(self.tr))
            return
        self.set_case(case, case_id)
        self.changed.emit()


class _ClickableLabel(QLabel):
    """A wrapping label that ticks its check box when clicked, as the box's own text would."""

    def __init__(self, box: QCheckBox, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.box = box
        self.setWordWrap(True)
        self.setBuddy(box)

    def mousePressEvent(self, event: Any) -> None:
        if self.box.isEnabled() and event.button() == Qt.MouseButton.LeftButton:
            self.box.toggle()
        super().mousePressEvent(event)


def _person(row: dict[str, Any]) -> Person:
    charges = [Charge(c.get("article", ""), c.get("description", ""), c.get("law", "")) for c in row.get("charges", [])]
    return Person(
        name=row["name"], gender=row.get("gender", ""), age=row.get("age"), occupation=row.get("occupation", ""),
        charges=charges, arrested=row.get("arrested"), court=row.get("court", ""),
        sentence=row.get("sentence", ""), detention_place=row.get("detention_place", ""),
        status=row.get("status", ""), health=row.get("health", ""), custody=row.get("custody", ""),
    )
