"""Help ▸ User Guide (F1) and Help ▸ Report a Problem."""

from __future__ import annotations

import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QGuiApplication, QKeySequence

from desktop.core.i18n import translator
from desktop.core.i18n import LANGUAGES
from desktop.core.resources import guide_dir
from desktop.gui.help import GuideWindow, ReportDialog, guide_path

SECTIONS = ["letters", "petition", "resolution", "signing", "privacy"]


class _Anchors(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids, self.links, self.lang = [], [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag == "a":
            self.links.append(attrs.get("href"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_guide_exists_in_each_language_with_every_journey(language):
    path = guide_dir() / f"{language}.html"
    text = path.read_text(encoding="utf-8")
    parser = _Anchors()
    parser.feed(text)
    assert parser.lang == language
    assert parser.ids == SECTIONS
    assert parser.links == [f"#{s}" for s in SECTIONS]  # no link that leaves the guide
    assert "http" not in text
    words = re.sub(r"<[^>]+>", " ", text.split("<body>")[1])  # what the reader sees
    assert "\"" not in words and "'" not in words  # typographic quotes and apostrophes only
    if language == "fr":
        assert "«\u00a0" in words and not re.search(r"\w [;:?!»]", words)
    if language == "de":
        assert "„" in words and "“" in words
    if language == "ru":
        assert "«" in words and "»" in words
    if language == "sv":
        assert "”" in words and "“" not in words


def test_the_guide_is_package_data():
    """setup.py maps assets/ into the package; the guide must be inside that folder to ship."""
    setup = (Path(__file__).resolve().parents[2] / "setup.py").read_text()
    assert '"assets"' in setup
    assert guide_dir().parent.name == "assets"


def test_guide_window_shows_the_interface_language_and_follows_only_its_anchors(qtbot, monkeypatch):
    opened = []
    monkeypatch.setattr("PySide6.QtGui.QDesktopServices.openUrl", lambda url: opened.append(url))
    window = GuideWindow(translator("de"))
    qtbot.addWidget(window)
    window.show()
    assert "Benutzerhandbuch" in window.browser.toPlainText()
    assert "Unterschriftenlisten" in window.browser.toPlainText()
    window.browser.anchorClicked.emit(QUrl("https://example.org/"))
    window.browser.anchorClicked.emit(QUrl("#privacy"))
    assert opened == []
    assert window.browser.source().isEmpty()  # nothing was loaded in place of the guide
    window.retranslate(translator("ru"))
    assert "руководство пользователя" in window.browser.toPlainText()


def test_unknown_language_falls_back_to_english():
    assert guide_path("xx").name == "en.html"


def test_f1_and_the_menu_open_the_guide(window, qtbot):
    assert QKeySequence("F1") in window.guide_action.shortcuts()
    assert window.guide_action in window.help_menu.actions()
    window.guide_action.trigger()
    qtbot.waitUntil(lambda: window._guide_window is not None and window._guide_window.isVisible())
    assert "User Guide" in window._guide_window.browser.toPlainText()
    window._guide_window.close()


def test_report_dialog_lists_versions_and_the_log_and_copies_them(window, qtbot, monkeypatch):
    opened = []
    monkeypatch.setattr("desktop.gui.help.open_log_folder", lambda: opened.append(True) or True)
    window.report_action.trigger()
    dialog = window._report_dialog
    assert isinstance(dialog, ReportDialog) and dialog.isVisible()
    details = dialog.details.toPlainText()
    assert re.search(r"^Petition Desk \S+$", details, re.M)
    assert re.search(r"^Python 3\.\d+", details, re.M)
    assert re.search(r"^Qt 6\.\d+", details, re.M)
    assert "Log: " in details
    assert "sends nothing" in dialog.privacy.text() and "never names" in dialog.privacy.text()
    dialog.copy_button.click()
    assert QGuiApplication.clipboard().text() == details
    assert dialog.status.text()
    dialog.log_button.click()
    assert opened == [True]
    dialog.close()


def test_report_dialog_in_swedish_keeps_the_details_untranslated(qtbot):
    dialog = ReportDialog(translator("sv"), "1.2.3")
    qtbot.addWidget(dialog)
    assert dialog.details.toPlainText().startswith("Petition Desk 1.2.3\n")
