"""Every menu's accelerators are unique in every interface language."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core.i18n import LANGUAGES
from desktop.gui.widgets.accelerators import accelerator, strip_accelerator, with_free_accelerator


def _menus(container, path=""):
    """(path, [texts]) of the menu bar and every menu below it."""
    actions = [a for a in container.actions() if not a.isSeparator() and a.text()]
    yield path or "menu bar", [a.text() for a in actions]
    for action in actions:
        if action.menu() is not None:
            yield from _menus(action.menu(), f"{path} > {strip_accelerator(action.text())}")


@pytest.mark.parametrize("language", LANGUAGES)
def test_accelerators_are_unique_in_every_menu(window, language):
    window.set_interface_language(language)
    checked = 0
    for path, texts in _menus(window.menuBar()):
        letters = [accelerator(t) for t in texts if accelerator(t)]
        assert len(letters) == len(set(letters)), (language, path, texts)
        checked += 1
    assert checked >= 6
    # Undo named after an edit keeps its letter unique too.
    window.open_demo()
    window.case_editor.tables["events"].select_row(0)
    window.case_editor.tables["events"].remove_row()
    window._update_undo_actions()
    texts = [a.text() for a in window.edit_menu.actions() if a.text()]
    letters = [accelerator(t) for t in texts if accelerator(t)]
    assert len(letters) == len(set(letters)), texts


def test_the_english_file_menu_reaches_export_and_the_example_by_different_letters(window):
    texts = {strip_accelerator(a.text()): accelerator(a.text()) for a in window.file_menu.actions() if a.text()}
    assert texts["Export…"] != texts["Open the Example (Bolotnaya Square Case)"]
    assert texts["Print…"] != texts["Save with Passphrase…"]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="abcdefghАБВГäö &-", min_size=1, max_size=20),
       st.sets(st.sampled_from("abcdefghабвгäö"), max_size=8))
def test_a_moved_accelerator_keeps_the_text_and_avoids_taken_letters(text, taken):
    moved = with_free_accelerator(text, taken)
    assert strip_accelerator(moved) == strip_accelerator(text)
    letter = accelerator(moved)
    assert letter not in taken
    if not letter:  # no free letter at all
        assert all(not ch.isalnum() or ch.lower() in taken for ch in strip_accelerator(text))
