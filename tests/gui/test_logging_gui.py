"""The window's side of the log: unexpected errors are logged and explained, the About box says where the log is."""

from __future__ import annotations

import sys

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QPushButton

from desktop.core import logs
from desktop.gui.app import error_hook


def _raise_inside_the_app(secret: str) -> None:
    people = {"known": 1}
    people[secret]  # a KeyError, as a bug in a slot would raise


def test_an_unexpected_error_is_logged_with_its_traceback_and_shown_with_the_logs_path(window, monkeypatch,
                                                                                     _private_data_dir):
    log_file = logs.setup_logging()
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text, *a, **k: shown.append(text))
    forwarded: list[type] = []
    secret = "-".join(["Natalia", "Sokolova"])
    try:
        _raise_inside_the_app(secret)
    except KeyError:
        error_hook(window, lambda kind, value, tb: forwarded.append(kind))(*sys.exc_info())
    assert forwarded == [KeyError]
    assert len(shown) == 1 and str(log_file) in shown[0] and "KeyError" in shown[0]
    logs.flush()
    text = log_file.read_text(encoding="utf-8")
    assert "CRITICAL desktop.gui.app: unexpected error in the window" in text
    assert "in _raise_inside_the_app" in text and "\nKeyError" in text
    assert secret not in text


def test_the_about_box_names_the_log_and_opens_its_folder(window, monkeypatch, qtbot, _private_data_dir):
    log_file = logs.setup_logging()
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    window.show_about()
    box = window._about_box
    assert str(log_file) in box.text()
    button = next(b for b in box.findChildren(QPushButton) if b.text() == "Open the log folder")
    button.click()
    assert [url.toLocalFile() for url in opened] == [str(log_file.parent)]
    box.close()
