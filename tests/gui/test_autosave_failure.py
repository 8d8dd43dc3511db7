"""A failed autosave (a full disk) is shown to the user and logged, never swallowed."""

from __future__ import annotations

import errno
import logging

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from PySide6.QtWidgets import QMessageBox

from desktop.core.errors import PetitionDeskError
from desktop.gui.draft import session as session_module


def type_case_name(window, text: str) -> None:
    window.case_editor.name.setText(text)
    window.case_editor.name.textEdited.emit(text)


def full_disk(*_a, **_k):
    raise OSError(errno.ENOSPC, "No space left on device")


def unwritable_folder(*_a, **_k):
    raise PetitionDeskError("Cannot write to the folder %(folder)s (%(reason)s). Choose a folder you can write to.",
                            folder="/x", reason="Permission denied")


@pytest.mark.parametrize("failure, reason", [(full_disk, "No space left on device"),
                                             (unwritable_folder, "Permission denied")])
def test_a_failed_autosave_is_shown_once_in_a_dialog_and_kept_in_the_status_bar(window, monkeypatch, caplog,
                                                                                 failure, reason):
    window.open_demo()
    monkeypatch.setattr(session_module, "write_text_atomic", failure)
    caplog.set_level(logging.WARNING, logger=session_module.__name__)

    type_case_name(window, "Typed while the disk is full")
    window.session._autosave_if_due()  # what the timer does
    assert window.autosave_warning.isVisible()
    assert reason in window.autosave_warning.text()
    box = window.autosave_dialog
    assert isinstance(box, QMessageBox) and box.isVisible() and not box.isModal()
    assert reason in box.text()
    assert any("autosave failed" in r.getMessage() for r in caplog.records)
    assert not any("Typed while" in r.getMessage() for r in caplog.records), "no personal data in the log"
    assert window.session.modified, "typing goes on; nothing is lost from the window"
    box.close()

    # A second failure keeps the warning but does not pile up dialogs.
    type_case_name(window, "Typed again")
    window.session._autosave_if_due()
    assert window.autosave_warning.isVisible()
    assert window.autosave_dialog is box

    # Space is freed: the next autosave works and the warning goes.
    monkeypatch.undo()
    window.session._autosave_if_due()
    assert window.session.autosave_file.exists()
    assert not window.autosave_warning.isVisible()


def test_saving_the_draft_clears_the_warning(window, monkeypatch, tmp_path):
    window.open_demo()
    monkeypatch.setattr(session_module, "write_text_atomic", full_disk)
    type_case_name(window, "Edited")
    window.session._autosave_if_due()
    assert window.autosave_warning.isVisible()
    window.autosave_dialog.close()
    window.session.save(tmp_path / "draft.json")
    assert not window.autosave_warning.isVisible()


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(code=st.sampled_from([errno.ENOSPC, errno.EACCES, errno.EROFS, errno.EIO, errno.EDQUOT]),
       text=st.text(max_size=40))
def test_any_write_error_is_reported_not_raised(qtbot, tmp_path_factory, code, text):  # qtbot: only the QApplication
    session = session_module.DraftSession(tmp_path_factory.mktemp("autosave"))
    session.start()
    seen = []
    session.autosave_failed.connect(seen.append)

    def failing(*_a, **_k):
        raise OSError(code, "system reason")

    real = session_module.write_text_atomic
    session_module.write_text_atomic = failing
    try:
        session.draft.case.name = text
        session.touch()
        session._autosave_if_due()
    finally:
        session_module.write_text_atomic = real
        session.close_cleanly()
    assert seen == ["system reason"]
