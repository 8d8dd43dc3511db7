"""Drafts saved with a passphrase in the window: save, reopen with a prompt, wrong passphrase, no autosave."""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from desktop.core.draft import load_draft
from desktop.gui.settings import AppSettings

PASSPHRASE = "seven words nobody else would guess"


def type_case_name(window, text: str) -> None:
    window.case_editor.name.setText(text)
    window.case_editor.name.textEdited.emit(text)


def answers(monkeypatch, replies: list[tuple[str, bool]]) -> list[str]:
    """Patch the passphrase prompt to give ``replies`` in turn; returns the labels it was shown."""
    asked: list[str] = []
    replies = list(replies)

    def get_text(parent, title, label, *args, **kwargs):
        asked.append(label)
        return replies.pop(0)

    monkeypatch.setattr(QInputDialog, "getText", get_text)
    return asked


def save_protected(window, path, monkeypatch) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))
    answers(monkeypatch, [(PASSPHRASE, True), (PASSPHRASE, True)])
    action = window.install_passphrase_action()
    assert action.text() == "Save with &Passphrase…"
    assert window.file_menu.actions().index(action) == window.file_menu.actions().index(window.save_as_action) + 1
    action.trigger()


def test_save_with_passphrase_then_reopen_asks_for_it(window, make_window, tmp_path, monkeypatch):
    window.open_demo()
    type_case_name(window, "Sealed case")
    target = tmp_path / "sealed"
    save_protected(window, target, monkeypatch)
    saved = tmp_path / "sealed.pdesk"
    data = saved.read_bytes()
    assert data.startswith(b"PDESKENC") and b"Sealed case" not in data and b"Krivov" not in data
    assert window.session.encrypted and not window.isWindowModified()
    assert saved not in AppSettings().recent_files(), "an encrypted draft's name is not kept in the clear settings"

    other = make_window()
    asked = answers(monkeypatch, [(PASSPHRASE, True)])
    assert other.open_draft(saved) is True
    assert asked == ["The draft sealed.pdesk is protected. Passphrase:"]
    assert other.case_editor.name.text() == "Sealed case"
    assert {r.id for r in other.draft.recipients} == {r.id for r in window.draft.recipients}
    assert [s.name for s in other.draft.signers] == [s.name for s in window.draft.signers]


def test_wrong_passphrase_says_so_then_the_right_one_opens(window, make_window, tmp_path, monkeypatch):
    window.open_demo()
    type_case_name(window, "Sealed case")
    save_protected(window, tmp_path / "sealed.pdesk", monkeypatch)
    saved = tmp_path / "sealed.pdesk"
    before = saved.read_bytes()

    other = make_window()
    warnings: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: warnings.append((title, text)))
    asked = answers(monkeypatch, [("a guess", True), (PASSPHRASE, True)])
    assert other.open_draft(saved) is True
    assert len(asked) == 2
    assert warnings[0][0] == "Wrong passphrase" and warnings[0][1].startswith("The passphrase is wrong")
    assert other.case_editor.name.text() == "Sealed case"
    assert saved.read_bytes() == before


def test_cancelling_the_prompt_keeps_the_current_draft(window, tmp_path, monkeypatch):
    window.open_demo()
    save_protected(window, tmp_path / "sealed.pdesk", monkeypatch)
    window.new_draft()
    answers(monkeypatch, [("", False)])
    assert window.open_draft(tmp_path / "sealed.pdesk") is False
    assert not window.draft.recipients and window.session.path is None


def test_mismatched_or_short_passphrases_are_asked_again(window, tmp_path, monkeypatch):
    window.open_demo()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "x.pdesk"), ""))
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: warnings.append(text))
    answers(monkeypatch, [("short", True), (PASSPHRASE, True), ("typo" + PASSPHRASE, True),
                          (PASSPHRASE, True), (PASSPHRASE, True)])
    assert window.save_draft_with_passphrase() is True
    assert "too short" in warnings[0] and "differ" in warnings[1]
    assert load_draft(tmp_path / "x.pdesk", PASSPHRASE).recipients


def test_a_protected_draft_is_not_autosaved_and_save_keeps_it_sealed(window, tmp_path, monkeypatch):
    window.open_demo()
    type_case_name(window, "Typed before sealing")
    window.session.autosave_now()
    assert window.session.autosave_file.exists()
    save_protected(window, tmp_path / "sealed.pdesk", monkeypatch)
    assert not window.session.autosave_file.exists()

    type_case_name(window, "Typed after sealing")
    window.session.autosave_now()  # what the timer would do
    assert not window.session.autosave_file.exists()
    window.save_action.trigger()  # plain Save: sealed again with the passphrase held in memory
    data = (tmp_path / "sealed.pdesk").read_bytes()
    assert data.startswith(b"PDESKENC") and b"Typed after sealing" not in data
    assert load_draft(tmp_path / "sealed.pdesk", PASSPHRASE).case.name == window.draft.case.name
