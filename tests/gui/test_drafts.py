"""Drafts: unsaved-changes prompt, Save As, recent files, autosave and recovery after a crash."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox

from desktop.core.draft import load_draft
from desktop.gui.draft.session import DraftSession
from desktop.gui.settings import AppSettings

ROOT = Path(__file__).resolve().parents[2]
Button = QMessageBox.StandardButton


def type_case_name(window, text: str) -> None:
    """What typing into the case name does: the field changes and says so."""
    window.case_editor.name.setText(text)
    window.case_editor.name.textEdited.emit(text)


def test_closing_with_unsaved_changes_asks_first(window, monkeypatch):
    window.open_demo()
    assert not window.isWindowModified()
    type_case_name(window, "Edited case")
    assert window.isWindowModified() and window.session.modified

    asked = []
    answer = [Button.Cancel]
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: asked.append(title) or answer[0])
    window.close()
    assert asked == ["Unsaved changes"]
    assert window.isVisible(), "Cancel must keep the window open"

    answer[0] = Button.Discard
    window.close()
    assert len(asked) == 2
    assert not window.isVisible()
    assert not window.session.autosave_file.exists(), "a clean close leaves nothing to recover"


def test_new_draft_asks_before_dropping_changes(window, monkeypatch):
    window.open_demo()
    type_case_name(window, "Edited case")
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: Button.Cancel)
    window.new_draft()
    assert window.draft.recipients, "Cancel keeps the demo draft"
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: Button.Discard)
    window.new_draft()
    assert not window.draft.recipients and not window.session.modified


def test_save_as_writes_the_draft_and_remembers_it(window, make_window, tmp_path, monkeypatch):
    window.open_demo()
    type_case_name(window, "Saved case")
    target = tmp_path / "drafts" / "my appeal"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.save_action.trigger()  # the demo has no file yet, so Save asks where
    saved = target.with_name("my appeal.json")
    assert saved.exists()
    assert not window.isWindowModified()
    assert window.windowTitle().startswith("my appeal.json")
    assert "Saved case" in str(load_draft(saved).case.name)
    assert AppSettings().recent_files()[0] == saved.resolve()

    other = make_window()
    other.recent_menu.aboutToShow.emit()
    entries = [a for a in other.recent_menu.actions() if a.text() == "my appeal.json"]
    assert entries
    entries[0].trigger()
    assert other.session.path == saved.resolve() or other.session.path == saved
    assert other.case_editor.name.text() == "Saved case"
    assert {r.id for r in other.draft.recipients} == {r.id for r in window.draft.recipients}


def test_a_broken_draft_file_is_reported_not_raised(window, tmp_path, monkeypatch):
    bad = tmp_path / "bad.json"
    bad.write_text("{ not json", encoding="utf-8")
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: shown.append(text))
    assert window.open_draft(bad) is False
    assert shown and "bad.json" in shown[0] and "line 1" in shown[0]


def test_autosave_follows_changes_and_a_clean_close_removes_it(window, qtbot, monkeypatch):
    window.open_demo()
    autosave = window.session.autosave_file
    assert not autosave.exists()
    type_case_name(window, "Autosaved case")
    qtbot.waitUntil(autosave.exists, timeout=15_000)
    assert "Autosaved case" in autosave.read_text(encoding="utf-8")
    # A second session in this running app does not mistake the live autosave for a crash's.
    assert DraftSession().left_behind() == []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: Button.Discard)
    window.close()
    assert not autosave.exists()


CRASHING_SESSION = textwrap.dedent("""
    import os
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    from desktop.core.i18n import translator
    from desktop.gui.main_window import MainWindow
    window = MainWindow(translator("en"))
    window.open_demo()
    window.case_editor.name.setText("Text typed before the crash")
    window.case_editor.name.textEdited.emit("Text typed before the crash")
    window.session.autosave_now()
    print(window.session.autosave_file, flush=True)
    os._exit(1)  # a crash: no close, no cleanup
""")


def test_after_a_crash_the_autosave_is_offered_and_the_text_comes_back(make_window, monkeypatch):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    crashed = subprocess.run([sys.executable, "-c", CRASHING_SESSION], env=env, cwd=ROOT, capture_output=True, check=False,
                             text=True, timeout=120)
    assert crashed.returncode == 1, crashed.stderr
    left = Path(crashed.stdout.strip().splitlines()[-1])
    assert left.exists()

    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda parent, title, text, *a: asked.append(text) or Button.Yes)
    window = make_window()
    assert window.offer_recovery() is True
    assert len(asked) == 1 and "Bolotnaya" in asked[0]
    assert window.case_editor.name.text() == "Text typed before the crash"
    assert "Text typed before the crash" in str(window.draft.case.name)
    assert window.session.modified and window.isWindowModified()
    assert not left.exists(), "the crashed session's autosave is taken over"
    assert window.session.autosave_file.exists(), "the recovered text is safe before the user saves"

    again = make_window()
    assert again.offer_recovery() is False  # the autosave belongs to a running window now


def test_declining_recovery_discards_the_autosave(make_window, monkeypatch):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    crashed = subprocess.run([sys.executable, "-c", CRASHING_SESSION], env=env, cwd=ROOT, capture_output=True, check=False,
                             text=True, timeout=120)
    left = Path(crashed.stdout.strip().splitlines()[-1])
    monkeypatch.setattr(QMessageBox, "question", lambda *a: Button.No)
    window = make_window()
    assert window.offer_recovery() is False
    assert not left.exists()
    assert not window.draft.recipients
