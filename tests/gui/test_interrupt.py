"""Ctrl+C in the terminal that runs the window: no traceback, the window closes, unsaved work is kept."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop.gui.draft.session import DraftSession

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGINT") or sys.platform == "win32",
                                reason="POSIX signals")


def start(tmp_path: Path, *args: str) -> subprocess.Popen:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PETITION_DESK_DATA_DIR=str(tmp_path / "data"),
               PYTHONPATH=str(ROOT))
    return subprocess.Popen([sys.executable, *args], env=env, cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def wait_for(predicate, timeout: float = 60.0) -> None:
    end = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < end, "timed out"
        time.sleep(0.05)


def test_ctrl_c_closes_the_real_app_without_a_traceback(tmp_path):
    process = start(tmp_path, "-m", "desktop.gui.app")
    autosave = tmp_path / "data" / "autosave"
    # The session's lock appears while the window is built, after the handler is in place.
    wait_for(lambda: autosave.is_dir() and any(autosave.glob("*.lock")) or process.poll() is not None)
    time.sleep(0.5)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
    assert process.returncode in (0, 128 + signal.SIGINT), err
    assert not list(autosave.glob("*.lock")), "the window closed cleanly"


# An app with unsaved changes: the first Ctrl+C autosaves and asks (the question waits, as a user
# at the terminal would not answer it); the second leaves at once, keeping the autosave.
UNSAVED = """
import os, signal, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
app = QApplication([])
from desktop.core.i18n import translator
from desktop.gui.app import StopFromOutside
from desktop.gui.main_window import MainWindow
stop = StopFromOutside(app)
stop.install()
window = MainWindow(translator("en"))
stop.window = window
window.show()
window.open_demo()
window.case_editor.name.setText(sys.argv[1])
window.case_editor.name.textEdited.emit(sys.argv[1])
real_warning = QMessageBox.warning
def warning(*args):
    print("ASKED", flush=True)
    return real_warning(*args)
QMessageBox.warning = warning
print(window.session.autosave_file, flush=True)
sys.exit(app.exec())
"""


@pytest.mark.parametrize("typed", ["Дело о «Болотной» 6 мая", "Text typed before Ctrl+C"])
def test_a_second_ctrl_c_leaves_at_once_and_the_unsaved_text_is_kept(tmp_path, typed):
    process = start(tmp_path, "-c", UNSAVED, typed)
    autosave_file = Path(process.stdout.readline().strip())
    assert not autosave_file.exists(), "typing was just now: the autosave is not due yet"
    process.send_signal(signal.SIGINT)
    assert process.stdout.readline().strip() == "ASKED", "the first Ctrl+C asks about the unsaved changes"
    assert autosave_file.exists(), "…and has autosaved them before asking"
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 128 + signal.SIGINT, err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
    assert "unsaved changes are kept" in err
    assert typed in autosave_file.read_text(encoding="utf-8")
    # The next start offers it back.
    assert [a.file for a in DraftSession(autosave_file.parent).left_behind()] == [autosave_file]


def test_sigterm_leaves_at_once_keeping_the_unsaved_text(tmp_path):
    process = start(tmp_path, "-c", UNSAVED, "Typed before logout")
    autosave_file = Path(process.stdout.readline().strip())
    process.send_signal(signal.SIGTERM)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 128 + signal.SIGTERM, err
    assert "ASKED" not in out and "Traceback" not in err
    assert "Typed before logout" in autosave_file.read_text(encoding="utf-8")
