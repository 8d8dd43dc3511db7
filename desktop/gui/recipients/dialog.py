"""Add or edit one recipient, seeing the address block as it will print."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.core.address import address_block
from desktop.core.errors import N_, Message, PetitionDeskError
from desktop.core.i18n import Translator
from desktop.core.localize import DOCUMENT_LANGUAGES, language_name
from desktop.core.fields import has_text
from desktop.core.recipients import NAME_FIELDS, Recipient
from desktop.core.salutations import salutation
from desktop.gui.widgets.form_fields import CountryCombo, field_label, fill_combo, mark_problem, tr_format
from desktop.gui.case.person_form import GENDER_CHOICES
from desktop.gui.recipients.model import KIND_LABELS
from desktop.gui.widgets.names_per_language import NamesPerLanguage, placeholder_for, plain_part

_LINE_FIELDS = ("honorific", "person", "title", "office", "organisation", "postal_code", "city", "region",
                "salutation", "email")
_LABELS = {
    "kind": N_("Kind"), "honorific": N_("Honorific"), "person": N_("Person"), "gender": N_("Gender"),
    "title": N_("Title"), "office": N_("Office"), "organisation": N_("Organisation"),
    "address_lines": N_("Street address"), "postal_code": N_("Postal code"), "city": N_("City"),
    "region": N_("Region"), "country": N_("Country"), "language": N_("Letter language"),
    "salutation": N_("Salutation"), "email": N_("E-mail"), "note": N_("Note"), "verify": N_("Before sending"),
    "names": N_("Other languages"),
}
# The names a recipient may give per language, as the table's columns (institution first, as in the form).
_NAME_COLUMNS = [("organisation", N_("Organisation")), ("title", N_("Title")), ("office", N_("Office")),
                 ("person", N_("Person"))]
_ORDER = ("kind", "organisation", "honorific", "person", "gender", "title", "office", "names", "address_lines",
          "postal_code", "city", "region", "country", "language", "salutation", "email", "note", "verify")
_PLACEHOLDERS = {"honorific": N_("e.g. H.E., Dr, Ms"), "title": N_("e.g. Ambassador, Consul General"),
                 "office": N_("an office without a named person"), "address_lines": N_("one line per row")}


class RecipientDialog(QDialog):
    """``recipient()`` gives the edited copy once the dialog is accepted."""

    def __init__(self, tr: Translator, recipient: Recipient | None = None, sender_country: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tr, self.sender_country = tr, sender_country
        self._original = recipient or Recipient()
        self.fields: dict[str, QWidget] = {key: QLineEdit(self) for key in _LINE_FIELDS}
        self.fields.update(kind=QComboBox(self), gender=QComboBox(self), country=CountryCombo(tr, self),
                           language=QComboBox(self), address_lines=QPlainTextEdit(self),
                           note=QPlainTextEdit(self), verify=QCheckBox(self),
                           names=NamesPerLanguage(tr, _NAME_COLUMNS, self))
        self.names: NamesPerLanguage = self.fields["names"]
        self.fields["address_lines"].setMaximumHeight(80)
        self.fields["note"].setMaximumHeight(56)
        for edit in (self.fields["address_lines"], self.fields["note"]):
            edit.setTabChangesFocus(True)
        self.labels = {key: QLabel(self) for key in _ORDER}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for key in _ORDER:
            self.labels[key].setBuddy(self.fields[key])
            form.addRow(self.labels[key], self.fields[key])
        # Tab follows the form from the top, the table of names in its place.
        chain: list[QWidget] = []
        for key in _ORDER:
            chain.extend([self.names.toggle, self.names.table] if key == "names" else [self.fields[key]])
        for before, after in zip(chain, chain[1:]):
            QWidget.setTabOrder(before, after)
        self.preview_box = QGroupBox(self)
        self.address_view = QLabel(self)
        self.address_view.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.address_view.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.address_view.setFont(QFont("Noto Serif", 11))
        self.address_view.setWordWrap(True)  # a long line wraps, as it would on paper, instead of being cut
        paper = QFrame(self)
        paper.setObjectName("paper")
        # Paper is white in any theme, so the text on it is black.
        paper.setStyleSheet("#paper { background: white; border: 1px solid #c8c8c8; } #paper QLabel { color: black; }")
        paper_layout = QVBoxLayout(paper)
        paper_layout.setContentsMargins(16, 14, 16, 14)
        paper_layout.addWidget(self.address_view)
        paper_layout.addSpacing(10)
        self.salutation_view = QLabel(self)
        self.salutation_view.setFont(QFont("Noto Serif", 11))
        self.salutation_view.setWordWrap(True)
        paper_layout.addWidget(self.salutation_view)
        paper_layout.addStretch(1)
        self.preview_language = QComboBox(self)
        self.preview_language_label = QLabel(self)
        self.preview_language_label.setBuddy(self.preview_language)
        language_row = QHBoxLayout()
        language_row.addWidget(self.preview_language_label)
        language_row.addWidget(self.preview_language, 1)
        preview_layout = QVBoxLayout(self.preview_box)
        preview_layout.addLayout(language_row)
        preview_layout.addWidget(paper, 1)
        self.preview_box.setMinimumWidth(300)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        columns = QHBoxLayout()
        columns.addLayout(form, 3)
        columns.addWidget(self.preview_box, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        layout.addWidget(self.buttons)
        self.retranslate(tr)
        self._load(self._original)
        self._connect()
        self.update_preview()

    def retranslate(self, tr: Translator) -> None:
        self.tr = tr
        self.setWindowTitle(tr.gettext("Edit recipient") if self._original.id else tr.gettext("New recipient"))
        for key in _ORDER:
            self.labels[key].setText(field_label(tr, _LABELS[key]))
            if key != "names":  # the table names itself and its cells
                self.fields[key].setAccessibleName(tr.gettext(_LABELS[key]))
        self.names.retranslate(tr)
        for key, text in _PLACEHOLDERS.items():
            self.fields[key].setPlaceholderText(tr.gettext(text))
        self.fields["verify"].setText(tr.gettext("verify this address (sample or unchecked data)"))
        fill_combo(self.fields["kind"], [(code, tr.gettext(label)) for code, label in KIND_LABELS.items()])
        fill_combo(self.fields["gender"], [(code, tr.gettext(label)) for code, label in GENDER_CHOICES])
        languages = [(code, language_name(code, tr.language)) for code in DOCUMENT_LANGUAGES]
        fill_combo(self.fields["language"], [("", tr.gettext("(not set)")), *languages])
        fill_combo(self.preview_language, languages)
        self.fields["country"].retranslate(tr)
        self.preview_box.setTitle(tr.gettext("As it will print"))
        self.preview_language_label.setText(tr.gettext("In:"))
        self.update_preview()

    def _load(self, r: Recipient) -> None:
        for key in _LINE_FIELDS:
            value = getattr(r, key)
            self.fields[key].setText(plain_part(value) if key in NAME_FIELDS else value)
        for key in NAME_FIELDS:
            # A name given only per language leaves the form's field empty: it shows, in grey, the one a
            # letter in the interface language would print.
            hint = placeholder_for(getattr(r, key), self.tr.language)
            if hint:
                self.fields[key].setPlaceholderText(hint)
        self.names.set_values({key: getattr(r, key) for key in NAME_FIELDS})
        for key in ("kind", "gender", "language"):
            combo: QComboBox = self.fields[key]
            value = getattr(r, key)
            if value and combo.findData(value) < 0:
                combo.addItem(value, value)  # a code the app lacks is kept, not lost
            combo.setCurrentIndex(max(combo.findData(value), 0))
        self.fields["country"].set_code(r.country)
        self.fields["address_lines"].setPlainText("\n".join(r.address_lines))
        self.fields["note"].setPlainText(r.note)
        self.fields["verify"].setChecked(r.verify)
        preview = r.language if r.language in DOCUMENT_LANGUAGES else self.tr.language
        self.preview_language.setCurrentIndex(max(self.preview_language.findData(preview), 0))

    def _connect(self) -> None:
        for key in _LINE_FIELDS:
            self.fields[key].textChanged.connect(self.update_preview)
        for key in ("kind", "gender", "country"):
            self.fields[key].currentIndexChanged.connect(self.update_preview)
        self.fields["language"].currentIndexChanged.connect(self._follow_language)
        self.preview_language.currentIndexChanged.connect(self.update_preview)
        self.fields["address_lines"].textChanged.connect(self.update_preview)
        self.names.edited.connect(self.update_preview)

    def _follow_language(self) -> None:
        code = self.fields["language"].currentData()
        if code in DOCUMENT_LANGUAGES:
            self.preview_language.setCurrentIndex(self.preview_language.findData(code))
        self.update_preview()

    def recipient(self) -> Recipient:
        text = {key: self.fields[key].text().strip() for key in _LINE_FIELDS}
        for key in NAME_FIELDS:
            text[key] = self.names.value(key, text[key])
        lines = [line.strip() for line in self.fields["address_lines"].toPlainText().splitlines() if line.strip()]
        return replace(
            self._original, **text, kind=self.fields["kind"].currentData() or "other",
            gender=self.fields["gender"].currentData() or "", country=self.fields["country"].code(),
            language=self.fields["language"].currentData() or "", address_lines=lines,
            note=self.fields["note"].toPlainText().strip(), verify=self.fields["verify"].isChecked(),
        )

    def update_preview(self) -> None:
        if not hasattr(self, "address_view"):
            return
        recipient = self.recipient()
        language = self.preview_language.currentData() or "en"
        try:
            lines = address_block(recipient, language, self.sender_country)
            automatic = salutation(replace(recipient, salutation=""), language)
            greeting = salutation(recipient, language)
        except PetitionDeskError as exc:
            lines, automatic, greeting = [exc.message(self.tr)], "", ""
        self.address_view.setText("\n".join(lines))
        self.salutation_view.setText(greeting)
        self.fields["salutation"].setPlaceholderText(
            tr_format(self.tr, "automatic: %(salutation)s", {"salutation": automatic}) if automatic else "")

    def accept(self) -> None:
        recipient = self.recipient()
        if not (has_text(recipient.person) or has_text(recipient.office) or has_text(recipient.organisation)):
            message = Message(N_("needs a person, an office or an organisation to write to")).render(self.tr)
            mark_problem(self.fields["organisation"], message)
            self.fields["organisation"].setFocus()
            return
        super().accept()
