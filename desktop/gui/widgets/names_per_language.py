"""Names per language: a small table under a form, one row per document language.

A recipient's organisation, title, office and person, and a signer's role
and organisation, may be written once (the form's own field: the name in
the user's directory, whatever its language) and, where the name differs,
per language ("Ambassade de la Fédération de Russie en Suède" for French
letters). The form's field edits the text whose language is not stated;
this table edits the others. A letter prints its own language's name, else
the English one, else the form's.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from desktop.core.errors import N_
from desktop.core.fields import DEFAULT_KEY, LocalizedText, localized, simplified
from desktop.core.i18n import Translator
from desktop.core.localize import DOCUMENT_LANGUAGES, language_name
from desktop.gui.widgets.form_fields import tr_format

BUTTON_TEXT = N_("Names in other languages…")
TABLE_NAME = N_("Names in other languages")


def plain_part(value: LocalizedText) -> str:
    """What the form's own field shows: the text whose language is not stated."""
    if isinstance(value, dict):
        return value.get(DEFAULT_KEY, "")
    return value or ""


def combined(plain: str, per_language: dict[str, str]) -> LocalizedText:
    """The form's text and the table's texts as one value: plain text when the table is empty."""
    value: dict[str, str] = {DEFAULT_KEY: plain.strip()} if plain.strip() else {}
    value.update({language: text for language, text in per_language.items() if text.strip()})
    return simplified(value)


class NamesPerLanguage(QWidget):
    """A button that shows or hides a table of ``fields`` × document languages; ``edited`` on every change."""

    edited = Signal()

    def __init__(self, tr: Translator, fields: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tr = tr
        self.fields = fields  # (key, untranslated label)
        self.toggle = QPushButton(self)
        self.toggle.setCheckable(True)
        self.table = QTableWidget(len(DOCUMENT_LANGUAGES), len(fields), self)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        self.table.setWordWrap(False)  # one line per name; the cell shows its whole text while it is edited
        header = self.table.horizontalHeader()
        if len(fields) <= 2:
            header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        else:
            header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
            header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)  # the first column is the long name
            self._narrow_columns = True
        rows = self.table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table, as in the rest of the form
        self.table.setVisible(False)
        for row in range(len(DOCUMENT_LANGUAGES)):
            for column in range(len(fields)):
                self.table.setItem(row, column, QTableWidgetItem(""))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.toggle)
        layout.addWidget(self.table)
        self.toggle.toggled.connect(self.table.setVisible)
        self.table.itemChanged.connect(self._changed)
        self.retranslate(tr)

    def retranslate(self, tr: Translator) -> None:
        self.tr = tr
        self.toggle.setText(tr.gettext(BUTTON_TEXT))
        self.toggle.setAccessibleName(tr.gettext(TABLE_NAME))
        self.table.setAccessibleName(tr.gettext(TABLE_NAME))
        self.table.setHorizontalHeaderLabels([tr.gettext(label) for _key, label in self.fields])
        self.table.setVerticalHeaderLabels([language_name(code, tr.language) for code in DOCUMENT_LANGUAGES])
        if getattr(self, "_narrow_columns", False):
            # The short names (title, office, person) as wide as their headings; the organisation takes the rest.
            header = self.table.horizontalHeader()
            for column in range(1, len(self.fields)):
                header.resizeSection(column, max(70, header.sectionSizeFromContents(column).width() + 8))
        self._fit_height()
        for row, code in enumerate(DOCUMENT_LANGUAGES):
            for column, (_key, label) in enumerate(self.fields):
                item = self.table.item(row, column)
                if item is not None:
                    # A screen reader names the cell: "Organisation in French".
                    item.setData(Qt.ItemDataRole.AccessibleTextRole,
                                 tr_format(tr, "%(field)s in %(language)s",
                                           {"field": tr.gettext(label), "language": language_name(code, tr.language)}))

    def _changed(self, item: QTableWidgetItem) -> None:
        item.setToolTip(item.text())  # a long name cut by the column is read whole on hover
        self.edited.emit()

    def _fit_height(self) -> None:
        """Tall enough for every language's row, no scrolling."""
        self.table.horizontalHeader().setMinimumHeight(self.table.horizontalHeader().sizeHint().height())
        height = (self.table.verticalHeader().defaultSectionSize() * self.table.rowCount()
                  + self.table.horizontalHeader().sizeHint().height() + 2 * self.table.frameWidth() + 2)
        self.table.setFixedHeight(height)

    def set_values(self, values: dict[str, LocalizedText]) -> None:
        """Show each field's texts per language; the table opens when there are any."""
        self.table.blockSignals(True)
        any_text = False
        for row, code in enumerate(DOCUMENT_LANGUAGES):
            for column, (key, _label) in enumerate(self.fields):
                value = values.get(key, "")
                text = value.get(code, "") if isinstance(value, dict) else ""
                any_text = any_text or bool(text)
                self.table.item(row, column).setText(text)
                self.table.item(row, column).setToolTip(text)
        self.table.blockSignals(False)
        self.toggle.setChecked(any_text)

    def set_text(self, key: str, language: str, text: str) -> None:
        """Type ``text`` into one cell (as the user would)."""
        column = [k for k, _label in self.fields].index(key)
        self.table.item(DOCUMENT_LANGUAGES.index(language), column).setText(text)

    def texts(self, key: str) -> dict[str, str]:
        """The texts per language of field ``key`` ({"fr": "…"}), empty cells left out."""
        column = [k for k, _label in self.fields].index(key)
        out: dict[str, str] = {}
        for row, code in enumerate(DOCUMENT_LANGUAGES):
            text = " ".join(self.table.item(row, column).text().split())
            if text:
                out[code] = text
        return out

    def value(self, key: str, plain: str) -> LocalizedText:
        """Field ``key`` as edited: the form's ``plain`` text and the table's."""
        return combined(plain, self.texts(key))


def placeholder_for(value: LocalizedText, language: str) -> str:
    """For a form field left empty because its names are per language: the name a letter would use."""
    return localized(value, language) if isinstance(value, dict) and not value.get(DEFAULT_KEY) else ""
