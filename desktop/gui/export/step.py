"""Step 5: place, date and paper of the letters, and the Export / Print buttons."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QLocale, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.draft import Draft
from desktop.core.i18n import Translator
from desktop.core.localize import format_date, language_name
from desktop.gui.widgets.form_fields import qt_date_format

PAPERS = ("auto", "A4", "Letter")


class ExportStep(QWidget):
    changed = Signal(str)  # the field edited: "place", "date", "today" or "paper"
    export_requested = Signal()
    print_requested = Signal()

    def __init__(self, tr: Translator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tr = tr
        self._draft: Draft | None = None
        self._loading = False

        self.details = QGroupBox()
        self.place_edit = QLineEdit()
        self.today_box = QCheckBox()
        self.date_edit = QDateEdit(calendarPopup=True)
        self.date_edit.setDate(QDate.currentDate())
        date_row = QHBoxLayout()
        date_row.addWidget(self.today_box)
        date_row.addWidget(self.date_edit)
        # The date as the interface language writes it in full, so "12/6/26" is never left to guess.
        self.date_shown = QLabel()
        date_row.addWidget(self.date_shown)
        date_row.addStretch(1)
        self.paper_combo = QComboBox()
        self.place_label, self.date_label, self.paper_label = QLabel(), QLabel(), QLabel()
        form = QFormLayout(self.details)
        form.addRow(self.place_label, self.place_edit)
        form.addRow(self.date_label, date_row)
        form.addRow(self.paper_label, self.paper_combo)
        self.place_label.setBuddy(self.place_edit)
        self.date_label.setBuddy(self.date_edit)
        self.paper_label.setBuddy(self.paper_combo)

        self.summary = QLabel(wordWrap=True)
        self.export_button = QPushButton()
        self.print_button = QPushButton()
        self.export_button.clicked.connect(self.export_requested)
        self.print_button.clicked.connect(self.print_requested)
        buttons = QHBoxLayout()
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.print_button)
        buttons.addStretch(1)

        # What the export will make, one line per letter: the step's space shows what is about to happen.
        self.letters_box = QGroupBox()
        self.letters = QListWidget()
        self.letters.setAlternatingRowColors(True)
        QVBoxLayout(self.letters_box).addWidget(self.letters)

        layout = QVBoxLayout(self)
        layout.addWidget(self.details)
        layout.addSpacing(8)
        layout.addWidget(self.summary)
        layout.addLayout(buttons)
        layout.addWidget(self.letters_box, 1)

        self.place_edit.textEdited.connect(lambda _t: self._edited("place"))
        self.today_box.toggled.connect(self._today_toggled)
        self.date_edit.dateChanged.connect(lambda _d: self._edited("date"))
        self.paper_combo.activated.connect(lambda _i: self._edited("paper"))
        self.retranslate(tr)

    def retranslate(self, tr: Translator) -> None:
        self._tr = tr
        _ = tr.gettext
        self.details.setTitle(_("Letter details"))
        self.place_label.setText(_("&Place:"))
        self.place_edit.setPlaceholderText(_("Town where you sign, e.g. Stockholm"))
        self.place_edit.setAccessibleName(_("Place of signing"))
        self.date_label.setText(_("&Date:"))
        self.today_box.setText(_("The day of the export"))
        self.date_edit.setAccessibleName(_("Date of the letters"))
        self.date_edit.setLocale(QLocale(tr.language))
        self.date_edit.setDisplayFormat(qt_date_format(tr.language))
        self._show_date()
        self.paper_label.setText(_("P&aper:"))
        self.paper_combo.setAccessibleName(_("Paper size"))
        current = self.paper_combo.currentIndex()
        self.paper_combo.clear()
        self.paper_combo.addItems([_("Usual size in the recipient's country"), _("A4"), _("US Letter")])
        self.paper_combo.setCurrentIndex(max(current, 0))
        self.export_button.setText(_("Export…"))
        self.print_button.setText(_("Print…"))
        self.letters_box.setTitle(_("The letters"))
        self.letters.setAccessibleName(_("The letters"))
        self.update_summary()

    def set_draft(self, draft: Draft) -> None:
        self._draft = draft
        self._loading = True
        letter = draft.letter
        self.place_edit.setText(letter.place)
        self.today_box.setChecked(letter.date is None)
        self.date_edit.setEnabled(letter.date is not None)
        if letter.date:
            self.date_edit.setDate(QDate(letter.date.year, letter.date.month, letter.date.day))
        else:
            self.date_edit.setDate(QDate.currentDate())
        self._show_date()
        self.paper_combo.setCurrentIndex(PAPERS.index(letter.paper) if letter.paper in PAPERS else 0)
        self._loading = False
        self.update_summary()

    def update_summary(self) -> None:
        if self._draft is None:
            return
        tr = self._tr
        n = len(self._draft.recipients)
        if n:
            text = tr.ngettext("%(count)d letter is ready to be made.", "%(count)d letters are ready to be made.", n)
        else:
            text = tr.gettext("Choose recipients in step 3 before exporting.")
        self.summary.setText(text % {"count": n} if n else text)
        self.letters.clear()
        for recipient in self._draft.recipients:
            language = language_name(self._draft.language_for(recipient), tr.language) or recipient.language
            # No sentence around the language's name: not every language can decline it.
            name = f"{recipient.display_name}, {recipient.city}" if recipient.city else recipient.display_name
            self.letters.addItem(f"{name} — {language[:1].upper()}{language[1:]}")
        self.letters_box.setVisible(bool(n))
        self.export_button.setEnabled(bool(n))
        self.print_button.setEnabled(bool(n))

    def _today_toggled(self, on: bool) -> None:
        self.date_edit.setEnabled(not on)
        if on:
            self.date_edit.setDate(QDate.currentDate())
        self._edited("today")

    def _show_date(self) -> None:
        qdate = self.date_edit.date()
        self.date_shown.setText(format_date(dt.date(qdate.year(), qdate.month(), qdate.day()), self._tr.language,
                                            style="full"))

    def _edited(self, field: str = "") -> None:
        self._show_date()
        if self._loading or self._draft is None:
            return
        letter = self._draft.letter
        letter.place = self.place_edit.text().strip()
        qdate = self.date_edit.date()
        letter.date = None if self.today_box.isChecked() else dt.date(qdate.year(), qdate.month(), qdate.day())
        letter.paper = PAPERS[max(self.paper_combo.currentIndex(), 0)]
        self.changed.emit(field)
