"""Interface translations: one translator object per language.

A translator is an object passed around, never a global, because a Russian
letter may be rendered while the interface speaks Swedish. Catalogs are the
gettext ``.po`` files under ``translations/``; they are compiled in memory on
first use, so a checkout needs no build step.
"""

from __future__ import annotations

import gettext
import io
import locale
import os
from collections.abc import Iterable, Sequence
from functools import lru_cache

from desktop.core.languages import INTERFACE_LANGUAGES, SOURCE_LANGUAGE
from desktop.core.resources import translations_dir

LANGUAGES = INTERFACE_LANGUAGES  # the interface languages; declared in desktop.core.languages
DOMAIN = "petition_desk"


class Translator:
    """``gettext``/``ngettext``/``pgettext`` for one interface language."""

    def __init__(self, language: str, catalog: gettext.NullTranslations) -> None:
        self.language = language
        self._catalog = catalog

    def gettext(self, message: str) -> str:
        return self._catalog.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self._catalog.ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        return self._catalog.pgettext(context, message)

    __call__ = gettext


@lru_cache(maxsize=None)
def translator(language: str) -> Translator:
    """The translator for ``language``; English (the source) if none exists."""
    language = normalize_language(language) or SOURCE_LANGUAGE
    po_path = translations_dir() / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    if language == SOURCE_LANGUAGE or not po_path.exists():
        return Translator(language, gettext.NullTranslations())
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po_path.open("rb") as fh:
        catalog = read_po(fh, locale=language)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)  # fuzzy entries are left out, as msgfmt does
    buffer.seek(0)
    return Translator(language, gettext.GNUTranslations(buffer))


def normalize_language(value: str | None) -> str | None:
    """``"sv_SE.UTF-8"``, ``"sv-FI"``, ``"fr-Latn-CA"`` → the app's language; ``None`` for others."""
    if not value:
        return None
    code = value.strip().replace("-", "_").split(".")[0].split("@")[0].split("_")[0].lower()
    return code if code in LANGUAGES else None


def language_from_preferences(preferences: Iterable[str] | None) -> str | None:
    """The first of the system's preferred languages the app speaks, regions ignored.

    ``preferences`` is the ordered list a system gives: Qt's
    ``QLocale.system().uiLanguages()`` (``["sv-FI", "fi-FI", "en-US"]``; on
    Windows the display language, on macOS the Language & Region list) or
    ``LANGUAGE``'s colon-separated entries. ``None`` when none is spoken.
    """
    for entry in preferences or ():
        code = normalize_language(entry)
        if code:
            return code
    return None


def system_language(ui_languages: Sequence[str] | None = None) -> str:
    """The interface language the system asks for, falling back to English.

    ``PETITION_DESK_LANG`` wins; then ``ui_languages``, the window's list as Qt
    reports it (the command line passes none); then ``LC_ALL``,
    ``LC_MESSAGES``, ``LANGUAGE`` and ``LANG``; then the C library's locale.
    """
    explicit = language_from_preferences((os.environ.get("PETITION_DESK_LANG") or "").split(":"))
    if explicit:
        return explicit
    from_system = language_from_preferences(ui_languages)
    if from_system:
        return from_system
    for var in ("LC_ALL", "LC_MESSAGES", "LANGUAGE", "LANG"):
        value = os.environ.get(var)
        if value:
            code = language_from_preferences(value.split(":"))
            if code:
                return code
    try:
        code = normalize_language(locale.getlocale()[0])
    except ValueError:
        code = None
    return code or "en"
