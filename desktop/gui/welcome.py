"""The page a first start, or a blank new draft, opens on.

Three ways in — the worked example, a new draft starting from the choice of
template, a draft saved earlier — and the drafts opened last. Nothing on it
counts as a problem: the user has not done anything yet.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCommandLinkButton,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.core.i18n import Translator


class WelcomePage(QScrollArea):
    example_requested = Signal()
    new_requested = Signal()
    open_requested = Signal()
    recent_requested = Signal(Path)

    def __init__(self, tr: Translator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        body = QWidget()
        body.setMaximumWidth(720)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(32, 28, 32, 28)
        layout.setSpacing(10)
        self.heading = QLabel()
        font = QFont(self.heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setAccessibleName("heading")
        self.intro = QLabel(wordWrap=True)
        self.example_button = QCommandLinkButton()
        self.new_button = QCommandLinkButton()
        self.open_button = QCommandLinkButton()
        self.example_button.clicked.connect(self.example_requested)
        self.new_button.clicked.connect(self.new_requested)
        self.open_button.clicked.connect(self.open_requested)
        self.recent_label = QLabel()
        self.recent = QListWidget()
        self.recent.setMaximumHeight(180)
        self.recent.itemActivated.connect(self._recent_chosen)
        self.recent.itemClicked.connect(self._recent_chosen)
        self.recent_label.setBuddy(self.recent)
        self.privacy = QLabel(wordWrap=True)
        self.privacy.setForegroundRole(self.privacy.foregroundRole().PlaceholderText)
        for widget in (self.heading, self.intro, self.example_button, self.new_button, self.open_button):
            layout.addWidget(widget)
        layout.addSpacing(8)
        layout.addWidget(self.recent_label)
        layout.addWidget(self.recent)
        layout.addStretch(1)
        layout.addWidget(self.privacy)
        outer = QWidget()
        centre = QHBoxLayout(outer)  # a readable column in the middle, as wide as the window allows up to 720 px
        centre.addStretch(1)
        centre.addWidget(body, 6)
        centre.addStretch(1)
        self.setWidget(outer)
        self._files: list[Path] = []
        self.retranslate(tr)

    def retranslate(self, tr: Translator) -> None:
        _ = tr.gettext
        self.heading.setText(_("Welcome to Petition Desk"))
        self.heading.setAccessibleName(_("Welcome to Petition Desk"))
        self.intro.setText(_("Write letters, petitions and resolutions about political prisoners, fill them with "
                             "the facts of a case and export them for each recipient in their language."))
        self.example_button.setText(_("Open the &example"))
        self.example_button.setDescription(_("A complete historical case with recipients and signers, to see how "
                                             "everything fits together. Check every address before sending."))
        self.new_button.setText(_("Start a &new draft"))
        self.new_button.setDescription(_("Choose what to write — a letter, petition sheets, a resolution — then "
                                         "describe the case."))
        self.open_button.setText(_("&Open a draft…"))
        self.open_button.setDescription(_("Continue a draft saved on this computer, encrypted or not."))
        self.recent_label.setText(_("&Recent drafts"))
        self.recent.setAccessibleName(_("Recent drafts"))
        self.privacy.setText(_("Everything you write stays on this computer: Petition Desk does not connect to "
                               "the internet."))
        self.set_recent(self._files, tr)

    def set_recent(self, files: list[Path], tr: Translator | None = None) -> None:
        self._files = [p for p in files if p.exists()]
        self.recent.clear()
        for path in self._files:
            item = QListWidgetItem(path.stem)
            item.setToolTip(str(path))
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            self.recent.addItem(item)
        self.recent.setVisible(bool(self._files))
        self.recent_label.setVisible(bool(self._files))

    def _recent_chosen(self, item: QListWidgetItem) -> None:
        self.recent_requested.emit(Path(item.data(Qt.ItemDataRole.UserRole)))
