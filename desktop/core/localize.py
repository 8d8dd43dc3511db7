"""Locale-dependent output for documents, all through Babel (CLDR data).

The document language is a plain code ("en", "sv", "fr", "de", "ru"); the
CLDR locale also depends on where the letter goes, so an English letter to
Washington is dated "May 6, 2012" and one to London "6 May 2012".
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from functools import lru_cache
from typing import Iterable

from babel import Locale, UnknownLocaleError
from babel.dates import format_date as _babel_format_date
from babel.lists import format_list as _babel_format_list
from babel.numbers import format_decimal

from desktop.core.languages import DOCUMENT_LANGUAGES, default_territory

log = logging.getLogger(__name__)

__all__ = ["DOCUMENT_LANGUAGES", "document_locale", "format_date"]  # DOCUMENT_LANGUAGES: read by many modules here


@lru_cache(maxsize=256)
def document_locale(language: str, country: str = "") -> Locale:
    """The CLDR locale for a document in ``language`` sent to ``country``."""
    language = language.split("_")[0].split("-")[0].lower()
    # The destination's conventions, else those of the territory the language follows by default.
    for territory in (country.upper(), default_territory(language)):
        if territory:
            try:
                return Locale.parse(f"{language}_{territory}")
            except (UnknownLocaleError, ValueError):
                continue
    return Locale.parse(language)


def format_date(value: dt.date | None, language: str, country: str = "", style: str = "long") -> str:
    """``style`` is "short", "medium", "long" or "full", or a CLDR pattern."""
    if value is None:
        return ""
    text = _babel_format_date(value, style, locale=document_locale(language, country))
    if value.day == 1 and language.startswith("fr") and style in ("long", "full") and text.startswith(("1 ", "1\u00a0")):
        # French writes the first of the month as an ordinal: "1er juin 2014" (CLDR does not).
        text = "1er" + text[1:]
    elif value.day == 1 and language.startswith("fr") and style == "full":
        text = text.replace(" 1 ", " 1er ", 1)
    if style in ("long", "full"):
        # The day stays on the line of its month ("6 декабря", "6. Dezember", "1er juin"), and "2026 г." together.
        text = re.sub(r"(\b\d{1,2}(?:er|\.)?) (?=\w)", "\\1\u00a0", text, count=1)
        text = re.sub(r"(\d{4}) (г\.)", "\\1\u00a0\\2", text)
    return text


def format_datetime(value: dt.datetime, language: str, style: str = "medium") -> str:
    """A moment in time as the interface language writes it ("6 dec. 2026 12:40"), in local time."""
    from babel.dates import format_datetime as babel_format_datetime

    local = value.astimezone() if value.tzinfo is not None else value
    return babel_format_datetime(local, format=style, locale=document_locale(language))


def format_number(value: float | int, language: str, country: str = "") -> str:
    return format_decimal(value, locale=document_locale(language, country))


def format_list(items: Iterable[str], language: str, style: str = "standard", country: str = "") -> str:
    """"A, B and C" in the language's own words; ``style="or"`` for "A, B or C"."""
    items = [str(item) for item in items if str(item)]
    if not items:
        return ""
    return _babel_format_list(items, style=style, locale=document_locale(language, country))


def plural_category(count: int, language: str) -> str:
    """CLDR plural category of ``count``: "one", "few", "many" or "other"."""
    return Locale.parse(language.split("_")[0]).plural_form(abs(count))


def plural(count: int, language: str, forms: dict[str, str], country: str = "") -> str:
    """Pick the form for ``count`` and put the formatted number in place of ``#``.

    ``forms`` maps CLDR categories to phrases: for Russian
    ``{"one": "# письмо", "few": "# письма", "many": "# писем"}``. A missing
    category falls back to "other", then "many". ``##`` is the number in
    words where the language's style spells it out in running text ("the
    eight people", "die acht Personen"), else in figures.
    """
    category = plural_category(count, language)
    phrase = forms.get(category) or forms.get("other") or forms.get("many") or next(iter(forms.values()), "#")
    if "##" in phrase:
        phrase = phrase.replace("##", number_in_words(count, language) or format_number(count, language, country))
    return phrase.replace("#", format_number(count, language, country))


# The numbers running text spells out: up to nine in English (EP Interinstitutional Style Guide;
# Oxford), up to twelve in Swedish (Språkrådet, Svenska skrivregler) and German (Duden,
# "Zahlen und Ziffern"), up to ten in French administrative prose (Lexique des règles typographiques
# en usage à l'Imprimerie nationale: "en toutes lettres" for small numbers).
SPELLED_UP_TO = {"en": 9, "sv": 12, "de": 12, "fr": 10}


def number_in_words(count: int, language: str) -> str:
    """``count`` in words where ``language``'s style spells it out in running text, else ""."""
    base = language.replace("-", "_").split("_")[0]
    if not 2 <= count <= SPELLED_UP_TO.get(base, -1):
        return ""  # "one" agrees in gender with its noun (en person, eine Person, une personne): figures
    try:
        from num2words import num2words
    except ImportError:  # pragma: no cover - a declared dependency
        return ""
    try:
        return num2words(count, lang=base)
    except (NotImplementedError, OverflowError):
        return ""


def country_name(code: str, language: str) -> str:
    """The country's name in ``language`` ("SE" → "Швеция" in Russian)."""
    if not code:
        return ""
    return document_locale(language).territories.get(code.upper(), code.upper())


def language_name(code: str, language: str) -> str:
    """The name of language ``code`` written in ``language``."""
    if not code:
        return ""
    return document_locale(language).languages.get(code.lower(), code)


def paper_for_country(country: str) -> str:
    """"Letter" where US Letter is the norm, else "A4"."""
    return "Letter" if country.upper() in _LETTER_COUNTRIES else "A4"


# Territories whose paperSize is "US-Letter" in CLDR's supplemental
# measurement data (Babel does not expose that table).
_LETTER_COUNTRIES = frozenset({"US", "CA", "MX", "CL", "CO", "CR", "GT", "PA", "PH", "PR", "SV", "VE", "BZ"})


def _is_cyrillic(text: str) -> bool:
    return any("\u0400" <= ch <= "\u04ff" for ch in text)


def place_in_script(place: str, language: str) -> str:
    """The place of a date line ("Stockholm, 6. Dezember 2026"), or "" when it is not written in the
    script of ``language``.

    A letter's place is one text, usually in the sender's language; "Stockholm" in a Russian letter
    would print Latin letters in its date line ("Stockholm, 6 декабря"). GOST R 7.0.97-2016 (5.12)
    makes the place of compilation optional, so a Russian document then carries the date alone, and
    a Latin-script document a Cyrillic place likewise (docs/style/letters.md).
    """
    place = (place or "").strip()
    if not place:
        return ""
    wants_cyrillic = language.split("_")[0].split("-")[0].lower() == "ru"
    return place if _is_cyrillic(place) == wants_cyrillic else ""


def place_name(place: str, language: str) -> str:
    """The place as a document in ``language`` names it: as written when in the language's script, else
    the name the language gives a known city ("Stockholm" → "Стокгольм"), else ""."""
    return place_in_script(place, language) or city_name((place or "").strip(), language)


def city_name(place: str, language: str) -> str:
    """``place`` as ``language`` names it ("Stockholm" → "Стокгольм"), or "" when it is not known.

    The names are the exemplar cities of the Unicode CLDR time zones, as Babel ships them: every
    capital and most large cities, in every language, without a list of our own to keep.
    """
    lang = language.split("_")[0].split("-")[0].lower()
    names = _city_names().get(" ".join(place.split()).casefold(), {})
    return names.get(lang, "")


@lru_cache(maxsize=1)
def _city_names() -> dict[str, dict[str, str]]:
    """The CLDR exemplar cities, by their name in any document language, lowercased → {language: name}."""
    import zoneinfo

    from babel.dates import get_timezone, get_timezone_location

    languages = ("en", "sv", "fr", "de", "ru")
    table: dict[str, dict[str, str]] = {}
    for zone in sorted(zoneinfo.available_timezones()):
        area = zone.split("/")[0]
        if area not in ("Africa", "America", "Asia", "Atlantic", "Australia", "Europe", "Indian", "Pacific"):
            continue
        try:
            tz = get_timezone(zone)
            names = {lang: get_timezone_location(tz, locale=lang, return_city=True) for lang in languages}
        except (LookupError, ValueError) as exc:  # a zone Babel does not describe
            log.debug("no city names for time zone %s: %s", zone, exc)
            continue
        for name in names.values():
            table.setdefault(name.casefold(), names)
    return table
