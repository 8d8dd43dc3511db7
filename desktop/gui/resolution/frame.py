"""The frame around the outline of the resolution workbench: the note above it and the sponsors line below it.

A mixin of :class:`~desktop.gui.resolution.editor.ResolutionEditor`. The
note says that a draft without a resolution text of its own previews the
model text written from the case; the sponsors line names the draft's
signers with their parties, and its button asks the window to show the
signers step (``sponsors_requested``).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout

from desktop.gui.widgets.form_fields import tr_format

NOTE_STYLE = "QFrame#note { background: palette(alternate-base); border: 1px solid palette(mid); border-radius: 4px; }"


class ResolutionFrame:
    """The note and the sponsors line of the editor; ``_show_frame`` brings both up to date."""

    def _build_note(self) -> None:
        self.note = QFrame(objectName="note")
        self.note.setStyleSheet(NOTE_STYLE)
        self.note_label = QLabel(wordWrap=True)
        QVBoxLayout(self.note).addWidget(self.note_label)

    def _build_sponsors(self) -> QHBoxLayout:
        self.sponsors_label = QLabel(wordWrap=True)
        self.sponsors_label.setTextFormat(Qt.TextFormat.PlainText)
        self.sponsors_label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.sponsors_button = QPushButton()
        self.sponsors_button.clicked.connect(self.sponsors_requested)
        sponsors = QHBoxLayout()
        sponsors.addWidget(self.sponsors_label, 1)
        sponsors.addWidget(self.sponsors_button)
        return sponsors

    def _retranslate_frame(self, _: Callable[[str], str]) -> None:
        self.sponsors_button.setText(_("Edit sponsors…"))
        self.sponsors_button.setToolTip(_("Sponsors are the signers of the draft: their names, roles and parties"))

    def _show_frame(self) -> None:
        """The note above the outline and the sponsors line below it."""
        _ = self.tr.gettext
        res = self.res
        empty = res is None or res.is_empty()
        self.note_label.setText(_("This draft has no resolution text of its own yet, so the preview shows the "
                                  "model text written from the case. Choose “Start from the case” to edit that "
                                  "text here, import a text, or add parts one by one (Ctrl+Enter)."))
        self.note.setVisible(self.draft is not None and empty)
        signers = self.draft.signers if self.draft is not None else []
        names = [f"{s.name} ({s.party})" if s.party.strip() else s.name for s in signers if s.name.strip()]
        if names:
            self.sponsors_label.setText(tr_format(self.tr, "Sponsors: %(names)s", {"names": ", ".join(names)}))
        else:
            self.sponsors_label.setText(_("Sponsors: none yet. Add them as signers, with their party."))

    def update_sponsors(self) -> None:
        self._show_frame()
        self._reload(self.current_key())
