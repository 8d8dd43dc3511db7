"""The case editor: edits come back in case(), other languages survive, problems show at the field."""

import datetime as dt

import pytest

from desktop.core.demo import load_demo_draft
from desktop.core.errors import N_, Problem
from desktop.core.i18n import translator
from desktop.core.library import Library
from desktop.gui.case.editor import CaseEditor
from desktop.gui.widgets.form_fields import has_problem, qt_date_format


@pytest.fixture
def editor(qtbot):
    widget = CaseEditor(translator("en"))
    qtbot.addWidget(widget)
    widget.set_case(load_demo_draft().case)
    return widget


def test_unchanged_case_comes_back_identical(editor):
    assert editor.case() == load_demo_draft().case


def test_editing_one_language_keeps_the_others(editor, qtbot):
    editor.set_language("ru")
    assert editor.place.text() == "Москва"
    editor.place.selectAll()
    with qtbot.waitSignal(editor.changed):
        editor.place.insert("Город Москва")  # QTest types ASCII only
    place = editor.case().place
    assert place["ru"] == "Город Москва"
    assert place["en"] == "Moscow" and place["sv"] == "Moskva" and place["de"] == "Moskau"
    # Switching language again keeps what was typed.
    editor.set_language("en")
    assert editor.place.text() == "Moscow"
    assert editor.case().place["ru"] == "Город Москва"


def test_missing_translation_is_shown_as_placeholder_not_saved(editor):
    case = load_demo_draft().case
    case.place = {"en": "Moscow"}
    editor.set_case(case)
    editor.set_language("sv")
    assert editor.place.text() == "" and editor.place.placeholderText() == "Moscow"
    assert editor.case().place == {"en": "Moscow"}


def test_edit_in_a_table_cell_merges_language(editor):
    editor.set_language("de")
    events = editor.tables["events"]
    events.set_cell(0, 1, {**events.rows()[0]["description"], "de": "Kundgebung"})
    description = editor.case().events[0].description
    assert description["de"] == "Kundgebung" and description["ru"] == "шествие и митинг на Болотной площади"


def test_add_move_and_remove_a_person(editor, qtbot):
    people = editor.tables["people"]
    count = len(editor.case().people)
    qtbot.mouseClick(people.add_button, pytest.importorskip("PySide6.QtCore").Qt.MouseButton.LeftButton)
    assert people.current_row() == count
    qtbot.keyClicks(editor.person_form.fields["name"], "Maria Baronova")
    editor.person_form.age.setValue(28)
    editor.person_form.arrested.set_date(dt.date(2012, 6, 11))
    case = editor.case()
    assert len(case.people) == count + 1
    added = case.people[-1]
    assert (added.name, added.age, added.arrested) == ("Maria Baronova", 28, dt.date(2012, 6, 11))
    # The table row shows the new name as typed.
    assert people.table.item(count, 0).text() == "Maria Baronova"

    people.move_row(-1)
    assert [p.name for p in editor.case().people][count - 1] == "Maria Baronova"
    assert people.current_row() == count - 1

    first = editor.case().people[0].name
    people.select_row(count - 1)
    people.remove_row()
    names = [p.name for p in editor.case().people]
    assert "Maria Baronova" not in names and len(names) == count and names[0] == first


def test_charges_edited_in_the_person_form(editor):
    editor.tables["people"].select_row(0)
    charges = editor.person_form.charges
    charges.add_row()
    charges.set_cell(2, 0, "317")
    person = editor.case().people[0]
    assert [c.article for c in person.charges] == ["212(2)", "318(1)", "317"]
    assert person.charges[0].description["ru"] == "участие в массовых беспорядках"


def test_show_problems_marks_the_named_fields(editor):
    editor.show_problems([
        Problem("case.name", N_("is missing; fill it in")),
        Problem("case.people[2].sentence", N_("is missing; fill it in")),
        Problem("case.events[1].date", N_("is missing; give a date as YYYY-MM-DD")),
    ])
    assert has_problem(editor.name) and editor.name.toolTip() == "is missing; fill it in"
    assert not has_problem(editor.place)
    editor.tables["people"].select_row(2)
    assert has_problem(editor.person_form.fields["sentence"])
    assert not has_problem(editor.person_form.fields["name"])
    editor.tables["people"].select_row(0)
    assert not has_problem(editor.person_form.fields["sentence"])
    date_cell = editor.tables["events"].table.item(1, 0)
    assert "give a date" in date_cell.toolTip()
    assert "3 problems" in editor.status.text()
    editor.show_problems([])
    assert not has_problem(editor.name)


def test_problem_messages_follow_the_interface_language(qtbot):
    editor = CaseEditor(translator("de"))
    qtbot.addWidget(editor)
    editor.set_case(load_demo_draft().case)
    problem = Problem("case.name", N_("is missing; fill it in"))
    editor.show_problems([problem])
    assert editor.name.toolTip() == translator("de").gettext("is missing; fill it in")


def test_validate_reports_an_event_without_date(editor):
    events = editor.tables["events"]
    events.add_row()
    events.set_cell(3, 1, "hearing")
    problems = editor.validate()
    assert [p.where for p in problems] == ["case.events[3].date"]


def test_dates_use_the_interface_locale():
    assert qt_date_format("de") == "dd.MM.yyyy"
    assert qt_date_format("sv") == "yyyy-MM-dd"


def test_save_and_open_from_library(editor, qtbot, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    editor.place.setText("Moskva stad")
    case_id = editor.save_to_library()
    assert case_id
    saved = Library().load_case(case_id)
    assert saved == editor.case()

    other = CaseEditor(translator("en"), library=Library())
    qtbot.addWidget(other)
    monkeypatch.setattr(QInputDialog, "getItem", lambda *args, **kw: (args[3][0], True))
    other.open_from_library()
    assert other.case().place["en"] == "Moskva stad"


class ShoutingCatalog:
    """A stand-in catalog that upper-cases every message, to see which labels are translated."""

    def gettext(self, message):
        return message.upper()

    def ngettext(self, singular, plural, n):
        return (singular if n == 1 else plural).upper()

    def pgettext(self, context, message):
        return message.upper()


def test_retranslate_changes_every_visible_label(editor):
    from desktop.core.i18n import Translator

    editor.retranslate(Translator("en", ShoutingCatalog()))
    assert editor.form_labels["name"].text() == "CASE NAME:"
    assert editor.tabs.tabText(2) == "PEOPLE"
    assert editor.save_button.text() == "SAVE TO LIBRARY"
    assert editor.tables["events"].table.horizontalHeaderItem(1).text() == "WHAT HAPPENED"
    assert editor.person_form.labels["sentence"].text() == "SENTENCE:"
    assert editor.person_form.charges_box.title() == "CHARGES"
    # Texts of the case are data, not interface: they stay as they are.
    assert editor.name.text() == "Bolotnaya Square case"
