"""Small editing widgets shared by the case, recipient and signer editors.

Dates shown in the interface locale's short format with a way to leave them
empty, a country chooser with names in the interface language, text fields
that edit one language of a :data:`LocalizedText` and keep the others, and
the red marking of a field that has a problem.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from pathlib import Path

from PySide6.QtCore import QCollator, QDate, QEvent, QLocale, QMimeData, QObject, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QToolButton,
    QWidget,
)

from desktop.core.fields import LocalizedText, localized
from desktop.core.i18n import Translator
from desktop.core.localize import country_name, document_locale
from desktop.gui.widgets.colours import error_colour

# A date before any case: the QDateEdit shows "no date" instead of it.
_NO_DATE = QDate(1800, 1, 1)
# Region codes in CLDR that are not countries a letter can concern.
_NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"})


@lru_cache(maxsize=8)
def qt_date_format(language: str) -> str:
    """The CLDR short date pattern for ``language`` as a Qt display format.

    Years are always shown with four digits: "12" for 2012 is ambiguous in a
    case that spans decades.
    """
    pattern = document_locale(language).date_formats["short"].pattern
    pattern = re.sub(r"y+", "yyyy", pattern)
    return pattern.replace("'", "")


def format_display_date(value: dt.date | None, language: str) -> str:
    """A date shown (not edited) in the interface: Babel's medium form in ``language`` ("6 May 2012",
    "06.05.2012", "6 мая 2012 г."), never Qt's US short form: "06/05/2012" reads as June in America."""
    from desktop.core.localize import format_date

    return format_date(value, language, style="medium") if value is not None else ""


class OptionalDateEdit(QWidget):
    """A date in the interface locale's format, or no date at all."""

    changed = Signal()

    def __init__(self, tr: Translator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QDateEdit(self)
        self.edit.setCalendarPopup(True)
        self.edit.setMinimumDate(_NO_DATE)
        self.edit.setMaximumDate(QDate(2200, 12, 31))
        self.clear_button = QToolButton(self)
        self.clear_button.setText("×")
        self.clear_button.setAutoRaise(True)
        self.clear_button.clicked.connect(self.clear)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.clear_button)
        self.setFocusProxy(self.edit)
        self.edit.dateChanged.connect(self._on_changed)
        self.edit.calendarWidget().installEventFilter(self)
        self.edit.setDate(_NO_DATE)
        self.retranslate(tr)

    def retranslate(self, tr: Translator) -> None:
        self.edit.setLocale(QLocale(tr.language))
        self.edit.setDisplayFormat(qt_date_format(tr.language))
        self.edit.setSpecialValueText(tr.gettext("no date"))
        self.clear_button.setToolTip(tr.gettext("Leave the date empty"))
        self.clear_button.setAccessibleName(tr.gettext("Clear the date"))

    def date(self) -> dt.date | None:
        value = self.edit.date()
        if value == _NO_DATE:
            return None
        return dt.date(value.year(), value.month(), value.day())

    def set_date(self, value: dt.date | None) -> None:
        if not isinstance(value, dt.date):
            value = None
        self.edit.setDate(_NO_DATE if value is None else QDate(value.year, value.month, value.day))

    def clear(self) -> None:
        self.edit.setDate(_NO_DATE)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # An empty date would open the calendar in 1800; start from today instead.
        if event.type() == QEvent.Type.Show and self.date() is None:
            today = QDate.currentDate()
            self.edit.calendarWidget().setCurrentPage(today.year(), today.month())
        return super().eventFilter(watched, event)

    def _on_changed(self) -> None:
        self.clear_button.setEnabled(self.date() is not None)
        self.changed.emit()


def country_codes() -> list[str]:
    return [code for code in document_locale("en").territories
            if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES]


class CountryCombo(QComboBox):
    """Countries by name in the interface language; the ISO code is the value."""

    def __init__(self, tr: Translator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMaxVisibleItems(20)
        self.retranslate(tr)

    def retranslate(self, tr: Translator) -> None:
        current = self.code()
        self.blockSignals(True)
        self.clear()
        self.addItem(tr.gettext("(none)"), "")
        collator = QCollator(QLocale(tr.language))
        names = sorted(((country_name(code, tr.language), code) for code in country_codes()),
                       key=lambda pair: collator.sortKey(pair[0]))
        for name, code in names:
            self.addItem(name, code)
        self.set_code(current)
        self.blockSignals(False)

    def code(self) -> str:
        return self.currentData() or ""

    def set_code(self, code: str) -> None:
        code = (code or "").upper()
        index = self.findData(code)
        if index < 0 and code:
            # A code CLDR does not name is kept rather than silently dropped.
            self.addItem(code, code)
            index = self.count() - 1
        self.setCurrentIndex(max(index, 0))


def merge_localized(original: LocalizedText, text: str, language: str) -> LocalizedText:
    """``original`` with its ``language`` text replaced by ``text``.

    A plain string is one text for every language and stays one; a
    dictionary keeps every other language as it was.
    """
    if isinstance(original, dict):
        merged = dict(original)
        if text:
            merged[language] = text
        else:
            merged.pop(language, None)
        return merged if any(merged.values()) else ""
    return text


def shown_text(value: LocalizedText, language: str) -> tuple[str, str]:
    """What an editor shows for ``value``: its own text and a placeholder.

    A dictionary without this language shows nothing, with the text that
    will be used instead as a grey placeholder, so a fallback is never
    mistaken for (or saved as) a translation.
    """
    if isinstance(value, dict) and not value.get(language):
        return "", localized(value, language)
    return localized(value, language), ""


class LocalizedLineEdit(QLineEdit):
    """A one-line editor of one language of a :data:`LocalizedText`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._value: LocalizedText = ""
        self._language = "en"
        self._shown = ""

    def set_value(self, value: LocalizedText, language: str) -> None:
        self._value, self._language = value, language
        self._shown, placeholder = shown_text(value, language)
        self.setText(self._shown)
        self.setCursorPosition(0)  # a long text shows its beginning, not its end
        self.setPlaceholderText(placeholder)

    def value(self) -> LocalizedText:
        if self.text() == self._shown:
            return self._value
        return merge_localized(self._value, self.text().strip(), self._language)


class LocalizedTextEdit(QPlainTextEdit):
    """A multi-line editor of one language of a :data:`LocalizedText`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self._value: LocalizedText = ""
        self._language = "en"
        self._shown = ""

    def set_value(self, value: LocalizedText, language: str) -> None:
        self._value, self._language = value, language
        self._shown, placeholder = shown_text(value, language)
        self.setPlainText(self._shown)
        self.setPlaceholderText(placeholder)

    def value(self) -> LocalizedText:
        if self.toPlainText() == self._shown:
            return self._value
        return merge_localized(self._value, self.toPlainText().strip(), self._language)


def field_label(tr: Translator, label: str) -> str:
    """A form label with the colon the language writes ("Nom :" in French)."""
    return tr_format(tr, "%(label)s:", {"label": tr.gettext(label)})


def tr_format(tr: Translator, singular: str, params: dict, plural: str | None = None, n: int | None = None) -> str:
    """A translated message with its named values filled in.

    A translation whose placeholders do not match the English falls back
    to the English sentence instead of raising in the middle of the GUI.
    """
    english = singular if plural is None or n == 1 else plural
    template = tr.gettext(singular) if plural is None else tr.ngettext(singular, plural, n)
    try:
        return template % params
    except (KeyError, ValueError, TypeError):
        return english % params


def fill_combo(combo: QComboBox, items: list[tuple[str, str]]) -> None:
    """Replace the (code, label) items of ``combo``, keeping the chosen code, without emitting signals."""
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    for code, label in items:
        combo.addItem(label, code)
    combo.setCurrentIndex(max(combo.findData(current), 0))
    combo.blockSignals(False)


def dropped_files(mime: QMimeData, suffixes) -> list[Path]:
    """The local files in a drag or drop whose endings (lower case, with the dot) are in ``suffixes``."""
    if not mime.hasUrls():
        return []
    paths = [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
    return [p for p in paths if p.suffix.lower() in suffixes]


def mark_problem(widget: QWidget, message: str | None) -> None:
    """Outline ``widget`` in red with ``message`` as its tooltip, or clear it."""
    if isinstance(widget, OptionalDateEdit):
        widget = widget.edit
    if message:
        widget.setStyleSheet(f"{type(widget).__name__} {{ border: 2px solid {error_colour(widget.palette())}; }}")
        widget.setToolTip(message)
    else:
        widget.setStyleSheet("")
        widget.setToolTip("")
    widget.setProperty("problem", bool(message))


def has_problem(widget: QWidget) -> bool:
    if isinstance(widget, OptionalDateEdit):
        widget = widget.edit
    return bool(widget.property("problem"))
