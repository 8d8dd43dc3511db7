"""Every structural edit outside the resolution workbench is undone and redone exactly."""

from __future__ import annotations

import copy

import pytest
from PySide6.QtWidgets import QMessageBox

from desktop.core.signers import Signer


@pytest.fixture
def demo(window, qtbot, demo_ids):
    window.open_demo()
    window.recipients_panel.set_selected(demo_ids[:2])
    window.undo_stack.clear()
    window._remember_parts()
    return window


def _undo_redo(window, part: str, before, after, name: str) -> None:
    assert window.undo_stack.undoText() == name
    window._update_undo_actions()
    assert window.edit_actions["undo"].text() == "&Undo " + name
    window.undo_stack.undo()
    assert getattr(window.draft, part) == before
    window.undo_stack.redo()
    assert getattr(window.draft, part) == after
    window.undo_stack.undo()
    assert getattr(window.draft, part) == before


@pytest.mark.parametrize("table", ["events", "counts", "officials", "demands", "sources"])
@pytest.mark.parametrize("action", ["add", "remove", "move"])
def test_case_tables(demo, table, action):
    before = copy.deepcopy(demo.draft.case)
    rows = demo.case_editor.tables[table]
    if not rows.rows():
        rows.add_row()
        rows.set_cell(0, 0, "First")
        rows.add_row()
        rows.set_cell(1, 0, "Second")
        demo.undo_stack.clear()
        before = copy.deepcopy(demo.draft.case)
    rows.select_row(0)
    {"add": rows.add_row, "remove": rows.remove_row, "move": lambda: rows.move_row(1)}[action]()
    if action == "add":  # the new row's editor is open; close it as typed (empty)
        rows.table.setCurrentItem(None)
    after = copy.deepcopy(demo.draft.case)
    if after == before:  # an empty demand is not part of the case: no undo step for nothing
        assert demo.undo_stack.count() == 0
        return
    noun = {"events": "event", "counts": "number", "officials": "official", "demands": "demand",
            "sources": "source"}[table]
    _undo_redo(demo, "case", before, after, f"{action.capitalize()} {noun}")


def test_removing_a_person_asks_then_undo_brings_them_and_their_charges_back(demo, monkeypatch):
    before = copy.deepcopy(demo.draft.case)
    people = demo.case_editor.tables["people"]
    people.select_row(1)
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.No)
    people.remove_button.click()
    assert asked and demo.draft.case == before  # "No" keeps them
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    people.remove_button.click()
    after = copy.deepcopy(demo.draft.case)
    assert len(after.people) == len(before.people) - 1
    assert demo.edit_actions["undo"].isEnabled()
    demo.edit_actions["undo"].trigger()
    assert demo.draft.case == before
    assert people.current_row() == 1  # the restored person is shown
    assert demo.case_editor.person_form.person()["charges"] == [
        {"article": c.article, "description": c.description, "law": c.law} for c in before.people[1].charges]
    _ = after


@pytest.mark.parametrize("action", ["add", "remove", "move"])
def test_people_and_charges(demo, action):
    before = copy.deepcopy(demo.draft.case)
    people = demo.case_editor.tables["people"]
    people.select_row(1)
    {"add": people.add_row, "remove": people.remove_row, "move": lambda: people.move_row(-1)}[action]()
    _undo_redo(demo, "case", before, copy.deepcopy(demo.draft.case), f"{action.capitalize()} person")
    people.select_row(0)
    charges = demo.case_editor.person_form.charges
    charges.select_row(1)
    before = copy.deepcopy(demo.draft.case)
    {"add": charges.add_row, "remove": charges.remove_row, "move": lambda: charges.move_row(-1)}[action]()
    charges.table.setCurrentItem(None)
    _undo_redo(demo, "case", before, copy.deepcopy(demo.draft.case), f"{action.capitalize()} charge")


def test_recipients_ticked_and_unticked(demo, demo_ids):
    before = copy.deepcopy(demo.draft.recipients)
    demo.recipients_panel.set_selected(demo_ids)
    after = copy.deepcopy(demo.draft.recipients)
    assert len(after) == 3
    _undo_redo(demo, "recipients", before, after, "Change recipients")
    assert {r.id for r in demo.recipients_panel.selected_recipients()} == {r.id for r in before}


@pytest.mark.parametrize("action", ["add", "remove", "move"])
def test_signers(demo, action):
    panel = demo.signers_panel
    panel.add_signer(Signer(name="Second Signer", role="Member"))
    demo.undo_stack.clear()
    before = copy.deepcopy(demo.draft.signers)
    panel.list.setCurrentRow(1)
    {"add": panel.add_signer, "remove": panel.remove_signer, "move": lambda: panel.move_signer(-1)}[action]()
    after = copy.deepcopy(demo.draft.signers)
    assert after != before
    _undo_redo(demo, "signers", before, after, f"{action.capitalize()} signer")
    assert panel.signers() == before


def test_template_and_letter_language(demo):
    before = demo.draft.template
    demo.gallery.template_chosen.emit("petition_sheets" if before != "petition_sheets" else "appeal_mission")
    after = demo.draft.template
    _undo_redo(demo, "template", before, after, "Choose template")
    language = demo.draft.language
    demo.set_document_language("de" if language != "de" else "fr")
    _undo_redo(demo, "language", language, demo.draft.language, "Change letter language")


def test_typing_is_left_to_the_field_and_opening_a_draft_clears_the_history(demo, qtbot):
    demo.case_editor.name.setText("x")
    demo.case_editor.name.textEdited.emit("x")
    assert demo.undo_stack.count() == 0
    demo.case_editor.tables["events"].select_row(0)
    demo.case_editor.tables["events"].remove_row()
    assert demo.undo_stack.count() == 1
    demo.session.modified = False
    demo.new_draft()
    assert demo.undo_stack.count() == 0


def test_template_settings_are_undone_and_one_field_typed_is_one_step(demo):
    demo.gallery.template_chosen.emit("petition_sheets")
    demo.undo_stack.clear()
    demo._remember_parts()
    before = copy.deepcopy(demo.draft.options)
    demo.gallery.settings.changed.emit("sheets", 3)
    demo.gallery.settings.changed.emit("sheets", 4)  # the spin box stepped twice: one step
    after = copy.deepcopy(demo.draft.options)
    assert after["sheets"] == 4 and demo.undo_stack.count() == 1
    _undo_redo(demo, "options", before, after, "Change setting")
    demo.undo_stack.redo()
    demo.gallery.settings.changed.emit("contact", True)  # another setting: a step of its own
    assert demo.undo_stack.count() == 2 and demo.draft.options["contact"] is True
    demo.undo_stack.undo()
    assert demo.draft.options == after


def test_letter_details_are_undone_and_shown_again(demo):
    step = demo.export_step
    before = copy.deepcopy(demo.draft.letter)
    for typed in ("G", "Gö", "Göteborg"):
        step.place_edit.setText(typed)
        step.place_edit.textEdited.emit(typed)
    after = copy.deepcopy(demo.draft.letter)
    assert after.place == "Göteborg" and demo.undo_stack.count() == 1
    _undo_redo(demo, "letter", before, after, "Change letter details")
    assert step.place_edit.text() == before.place
    demo.undo_stack.redo()
    assert step.place_edit.text() == "Göteborg"
    step.paper_combo.setCurrentIndex(2)
    step.paper_combo.activated.emit(2)
    assert demo.draft.letter.paper == "Letter" and demo.undo_stack.count() == 2
    demo.undo_stack.undo()
    assert demo.draft.letter.paper == before.paper and step.paper_combo.currentIndex() != 2
