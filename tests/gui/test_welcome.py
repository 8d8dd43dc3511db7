"""The first start opens on a welcome page with three ways in; any of them shows the steps."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt

from desktop.core.draft import save_draft
from desktop.core.demo import load_demo_draft


def test_first_start_welcomes_without_problems(window, qtbot):
    assert window.welcome_shown
    assert window.welcome.heading.text() == "Welcome to Petition Desk"
    window._run_checks()
    qtbot.waitUntil(lambda: not window.checks_pending(), timeout=30_000)
    assert not re.search(r"\d", window.problems_button.text())  # a blank start is not "2 problems to fix"


def test_the_example_opens_and_the_welcome_goes(window, qtbot):
    qtbot.mouseClick(window.welcome.example_button, Qt.MouseButton.LeftButton)
    assert not window.welcome_shown
    assert window.draft.case.people  # the example's case is in the window
    window.new_draft()  # asked for a blank draft: straight to choosing a template
    assert not window.welcome_shown and window.stack.currentIndex() == 0


def test_a_new_draft_starts_at_the_choice_of_template(window, qtbot):
    qtbot.mouseClick(window.welcome.new_button, Qt.MouseButton.LeftButton)
    assert not window.welcome_shown
    assert window.steps.currentRow() == 0


def test_recent_drafts_that_still_exist_are_offered_and_open(make_window, tmp_path, qtbot):
    from desktop.gui.settings import AppSettings

    kept, gone = tmp_path / "kept.json", tmp_path / "gone.json"
    save_draft(load_demo_draft(), kept)
    settings = AppSettings()
    settings.add_recent_file(gone)
    settings.add_recent_file(kept)
    window = make_window()
    items = [window.welcome.recent.item(i).text() for i in range(window.welcome.recent.count())]
    assert items == ["kept"]
    window.welcome.recent.itemActivated.emit(window.welcome.recent.item(0))
    assert not window.welcome_shown and window.session.path == kept


def test_the_welcome_speaks_the_interface_language(make_window):
    window = make_window("de")
    assert window.welcome.heading.text() != "Welcome to Petition Desk"
