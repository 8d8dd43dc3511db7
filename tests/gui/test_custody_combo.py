"""The person form's custody: a labelled combo box, saved in the case, undone like the other fields."""

from __future__ import annotations

import copy

import pytest

from desktop.gui.case.person_form import CUSTODY_CHOICES


@pytest.fixture
def demo(window, qtbot, demo_ids):
    window.open_demo()
    window.recipients_panel.set_selected(demo_ids[:2])
    window.undo_stack.clear()
    window._remember_parts()
    return window


def test_custody_combo_shows_the_fact_and_its_change_is_saved_and_undone(demo, qtbot, tmp_path):
    form = demo.case_editor.person_form
    combo = form.custody
    assert combo.accessibleName() == "Custody"
    assert [combo.itemData(i) for i in range(combo.count())] == [value for value, _ in CUSTODY_CHOICES]
    people = demo.case_editor.tables["people"]
    people.select_row(7)  # Alexandra Naumova: suspended sentence, at liberty
    assert combo.currentData() == "at_liberty" and combo.currentText() == "at liberty"
    people.select_row(0)
    assert combo.currentData() == "in_custody"
    before = copy.deepcopy(demo.draft.case)
    combo.setCurrentIndex(combo.findData("house_arrest"))
    qtbot.waitUntil(lambda: demo.draft.case.people[0].custody == "house_arrest")
    after = copy.deepcopy(demo.draft.case)
    assert demo.undo_stack.undoText() == "Change custody"
    demo.undo_stack.undo()
    assert demo.draft.case == before
    people.select_row(0)
    assert combo.currentData() == "in_custody"  # the form shows the undone value
    demo.undo_stack.redo()
    assert demo.draft.case == after
    path = tmp_path / "draft.json"
    demo.draft.path = path
    from desktop.core.draft import load_draft, save_draft

    save_draft(demo.draft, path)
    assert load_draft(path).case.people[0].custody == "house_arrest"


def test_custody_labels_follow_the_interface_language(make_window):
    window = make_window("de")
    window.open_demo()
    combo = window.case_editor.person_form.custody
    labels = [combo.itemText(i) for i in range(combo.count())]
    assert "in_custody" not in labels and "at_liberty" not in labels and len(set(labels)) == 4
