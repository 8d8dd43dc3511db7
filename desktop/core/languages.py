"""The languages Petition Desk knows, declared once.

Two lists: the *document* languages a letter, petition or resolution can be
written in (each has phrases, salutations and templates), and the
*interface* languages the windows and messages speak (each but English has
a catalog under ``translations/``). Everything else that depends on a
language — the territory whose conventions it follows by default, the
region Word's spell-checker needs, the ISO 639-2 code Akoma Ntoso writes,
its own name in a menu — is a column of :data:`TABLE`, keyed by the code.

Adding a language is adding a row here (and its catalog, phrases and
template texts); no other module lists languages. Template manifests still
say which of these languages *they* are written in.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    code: str  # ISO 639-1, as drafts, manifests and file names write it: "sv"
    native_name: str  # the language's name in itself, for the interface language menu: "Svenska"
    territory: str  # the country whose conventions (dates, paper, Word's spell-checker) it follows by default
    iso639_2: str  # the three-letter code Akoma Ntoso's naming convention writes: "swe"


TABLE: dict[str, Language] = {
    language.code: language
    for language in (
        Language("en", "English", "GB", "eng"),
        Language("sv", "Svenska", "SE", "swe"),
        Language("fr", "Français", "FR", "fra"),
        Language("de", "Deutsch", "DE", "deu"),
        Language("ru", "Русский", "RU", "rus"),
    )
}

# In the order the app offers them (menus, combo boxes, error messages).
DOCUMENT_LANGUAGES: tuple[str, ...] = ("en", "sv", "fr", "de", "ru")
INTERFACE_LANGUAGES: tuple[str, ...] = ("en", "sv", "fr", "de", "ru")
SOURCE_LANGUAGE = "en"  # the interface's messages are written in it; it needs no catalog


def language(code: str) -> Language | None:
    """The row of ``code``, or None for a language the app does not know."""
    return TABLE.get(code)


def default_territory(code: str) -> str:
    """The territory whose conventions ``code`` follows when nothing else says (``"sv"`` → ``"SE"``); "" if unknown."""
    row = TABLE.get(code)
    return row.territory if row is not None else ""


def native_name(code: str) -> str:
    row = TABLE.get(code)
    return row.native_name if row is not None else code


def iso639_2(code: str) -> str | None:
    row = TABLE.get(code)
    return row.iso639_2 if row is not None else None


def _check() -> None:
    for code in (*DOCUMENT_LANGUAGES, *INTERFACE_LANGUAGES):
        if code not in TABLE:
            raise AssertionError(f"language {code} has no row in languages.TABLE")


_check()
