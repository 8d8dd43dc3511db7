"""Fixtures for GUI tests: a main window on a private library, settings and autosave folder.

The root conftest already points PETITION_DESK_DATA_DIR at a fresh folder for
each test, and AppSettings writes its ini file there, so no test touches the
user's real settings, library or autosaves.
"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from desktop.core.i18n import translator
from desktop.gui.main_window import MainWindow
from desktop.gui.settings import AppSettings

DEMO_IDS = ["ru_embassy_se", "ru_embassy_fr", "ru_embassy_de"]


def close_without_prompt(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.StandardButton.Discard)
    window.close()


@pytest.fixture
def make_window(qtbot, monkeypatch):
    """Builds main windows; each is closed (changes discarded) at the end of the test."""
    made: list[MainWindow] = []

    def make(language: str = "en") -> MainWindow:
        window = MainWindow(translator(language), AppSettings())
        window.show()
        made.append(window)
        return window

    yield make
    # Not left to qtbot.addWidget: its teardown closes windows before this fixture could
    # answer the unsaved-changes prompt, which would then wait forever.
    for window in made:
        if window.isVisible():
            close_without_prompt(window, monkeypatch)
        window.deleteLater()
    qtbot.wait(0)


@pytest.fixture
def window(make_window) -> MainWindow:
    return make_window()


@pytest.fixture
def demo_ids() -> list[str]:
    return list(DEMO_IDS)


@pytest.fixture
def wait_for_preview(qtbot):
    """Wait until the preview has shown the newest state of the draft."""
    return lambda window: qtbot.waitUntil(lambda: not window.preview.is_busy(), timeout=60_000)


@pytest.fixture
def wait_for_checks(qtbot):
    """Wait until the status bar's problem count is that of the newest draft."""
    return lambda window: qtbot.waitUntil(lambda: not window.checks_pending(), timeout=60_000)
