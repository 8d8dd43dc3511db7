"""Help inside the app: the user guide (Help ▸ User Guide, F1) and Help ▸ Report a Problem.

The guide is package data (``assets/guide/<language>.html``), shown in a
QTextBrowser that follows only its own anchors: a link to anything else is
never opened, so the guide cannot make the app reach the network. The report
dialog lists what a useful report holds — versions and where the log is —
and sends nothing anywhere.
"""

from __future__ import annotations

import logging
import platform
import sys
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.core.i18n import Translator
from desktop.core.resources import guide_dir
from desktop.gui.about import open_log_folder, shown_log_file

log = logging.getLogger(__name__)

GUIDE_FALLBACK = "en"


def guide_path(language: str) -> Path:
    """The guide in ``language``, or the English one when there is none in it."""
    path = guide_dir() / f"{language}.html"
    return path if path.is_file() else guide_dir() / f"{GUIDE_FALLBACK}.html"


def guide_html(language: str) -> str:
    return guide_path(language).read_text(encoding="utf-8")


class GuideWindow(QDialog):
    """The user guide in the interface language; a window of its own, beside the main one."""

    def __init__(self, tr: Translator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.browser = QTextBrowser(self)
        self.browser.setOpenLinks(False)  # only the guide's own anchors are followed, see _follow
        self.browser.setOpenExternalLinks(False)
        self.browser.anchorClicked.connect(self._follow)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(self.buttons)
        self.resize(720, 640)
        self.retranslate(tr)

    def retranslate(self, tr: Translator) -> None:
        _ = tr.gettext
        self.setWindowTitle(_("Petition Desk User Guide"))
        self.browser.setAccessibleName(_("User guide"))
        self.browser.setHtml(guide_html(tr.language))

    def _follow(self, url: QUrl) -> None:
        if url.scheme() == "" and url.path() == "" and url.fragment():
            self.browser.scrollToAnchor(url.fragment())
        else:
            log.info("a link outside the guide was not opened")


def report_details(version: str) -> str:
    """What a problem report should include: versions and the log's place, nothing about the user's work."""
    from PySide6 import __version__ as pyside_version
    from PySide6.QtCore import qVersion

    return "\n".join([
        f"Petition Desk {version}",
        f"Python {platform.python_version()} ({sys.implementation.name})",
        f"Qt {qVersion()}, PySide6 {pyside_version}",
        f"{platform.system()} {platform.release()} ({platform.machine()})",
        f"Qt platform: {QGuiApplication.platformName()}",
        f"Log: {shown_log_file()}",
    ])


class ReportDialog(QDialog):
    """Help ▸ Report a Problem: what to include, a button to copy it and one to open the log's folder."""

    def __init__(self, tr: Translator, version: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.version = version
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.details = QPlainTextEdit(self)
        self.details.setReadOnly(True)
        self.details.setPlainText(report_details(version))
        self.intro.setBuddy(self.details)
        self.privacy = QLabel(self)
        self.privacy.setWordWrap(True)
        self.copy_button = QPushButton(self)
        self.copy_button.clicked.connect(self.copy_details)
        self.log_button = QPushButton(self)
        self.log_button.clicked.connect(lambda: open_log_folder())
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.log_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.rejected.connect(self.close)
        self.status = QLabel(self)
        layout = QVBoxLayout(self)
        for widget in (self.intro, self.details, self.privacy, self.status, self.buttons):
            layout.addWidget(widget)
        self.setTabOrder(self.details, self.copy_button)
        self.setTabOrder(self.copy_button, self.log_button)
        self.resize(620, 340)
        self.retranslate(tr)

    def retranslate(self, tr: Translator) -> None:
        self._tr = tr
        _ = tr.gettext
        self.setWindowTitle(_("Report a Problem"))
        self.intro.setText(_(
            "Describe what you did, what you expected and what happened instead, and include the details below. "
            "If you can, attach the log file: it is in the folder the button below opens."))
        self.details.setAccessibleName(_("Details to include in the report"))
        self.privacy.setText(_(
            "The log records what the program did, never names, addresses or the texts you write. Petition Desk "
            "sends nothing anywhere: you choose what to send, and to whom."))
        self.copy_button.setText(_("&Copy the Details"))
        self.log_button.setText(_("Open the &Log Folder"))

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.details.toPlainText())
        self.status.setText(self._tr.gettext("The details are copied; paste them into your report."))
