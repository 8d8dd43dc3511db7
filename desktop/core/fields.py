"""Reading untrusted dictionaries into typed values, collecting every problem.

Case, recipient, signer and draft files are written by hand or by other
programs; a :class:`FieldReader` reads them field by field and records each
wrong field with its path instead of stopping at the first one.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from desktop.core.errors import N_, Problem

# A text the user may give in one language or in several: "x" or {"en": "x", "ru": "…"}.
LocalizedText = str | dict[str, str]


# In a dictionary, the key "" holds a text whose language is not stated: the name a directory or a
# spreadsheet gives in its own column, beside names added per language ({"": "Ryska ambassaden",
# "fr": "Ambassade de Russie"}). It serves every language that has no text of its own.
DEFAULT_KEY = ""


def localized(value: LocalizedText | None, language: str, fallback: str = "en") -> str:
    """The text of ``value`` in ``language``, else the fallback, else the unstated one, else any."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    for key in (language, language.split("_")[0], fallback, DEFAULT_KEY):
        if value.get(key):
            return value[key]
    return next((text for text in value.values() if text), "")


def has_text(value: LocalizedText | None) -> bool:
    """True when ``value`` holds a non-blank text in some language."""
    if isinstance(value, dict):
        return any(isinstance(v, str) and v.strip() for v in value.values())
    return bool(value and value.strip())


def own_text(value: LocalizedText | None, language: str) -> str:
    """The text written for ``language`` itself (a plain text counts for every language); "" when there is none."""
    if isinstance(value, dict):
        return (value.get(language) or value.get(language.split("_")[0]) or "").strip()
    return (value or "").strip()


def with_text(value: LocalizedText | None, language: str, text: str) -> LocalizedText:
    """``value`` with its ``language`` text (``""``: the unstated one) set to ``text``; empty texts removed.

    A dictionary left with only the unstated text becomes that plain text again,
    so a recipient without names per language stays as older files have it.
    """
    text = " ".join(text.split()) if "\n" not in text else text.strip()
    merged: dict[str, str] = dict(value) if isinstance(value, dict) else ({DEFAULT_KEY: value} if value else {})
    if text:
        merged[language] = text
    else:
        merged.pop(language, None)
    return simplified(merged)


def simplified(value: LocalizedText | None) -> LocalizedText:
    """A dictionary without blank texts; one holding only the unstated text (or nothing) becomes plain text."""
    if not isinstance(value, dict):
        return value or ""
    kept = {k: v for k, v in value.items() if isinstance(v, str) and v.strip()}
    if not kept:
        return ""
    if set(kept) == {DEFAULT_KEY}:
        return kept[DEFAULT_KEY]
    return kept


def all_texts(value: LocalizedText | None) -> list[str]:
    """Every text of ``value``, each once (for searching and comparing)."""
    if isinstance(value, dict):
        return list(dict.fromkeys(v for v in value.values() if isinstance(v, str) and v.strip()))
    return [value] if value and value.strip() else []


def parse_date(value: Any) -> dt.date | None:
    """A date from a date, a datetime or ISO text; None when empty.

    Raises ValueError for anything else, so each caller words its own message.
    """
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return dt.date.fromisoformat(value.strip())
    raise ValueError(f"{value!r} is not a date")


class FieldReader:
    """Reads fields from ``data``; problems go to the shared ``problems`` list."""

    def __init__(self, data: Any, path: str, problems: list[Problem]) -> None:
        self.path = path
        self.problems = problems
        if not isinstance(data, dict):
            self.problem("", N_("must be an object with named fields"))
            data = {}
        self.data: dict[str, Any] = data

    def where(self, key: str) -> str:
        if not key:
            return self.path
        return f"{self.path}.{key}" if self.path else key

    def problem(self, key: str, text: str, **params: Any) -> None:
        self.problems.append(Problem(self.where(key), text, params))

    def unknown(self, known: set[str]) -> None:
        for key in self.data:
            if key not in known:
                self.problem(key, N_("is not a known field (check the spelling)"))

    def text(self, key: str, required: bool = False, default: str = "") -> str:
        value = self.data.get(key)
        if value is None or value == "":
            if required:
                self.problem(key, N_("is missing; fill it in"))
            return default
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)
        if not isinstance(value, str):
            self.problem(key, N_("must be text"))
            return default
        return value

    def ltext(self, key: str, required: bool = False) -> LocalizedText:
        value = self.data.get(key)
        if isinstance(value, dict):
            bad = [k for k, v in value.items() if not isinstance(v, str)]
            if bad:
                self.problem(key, N_("must map language codes to text"))
                return ""
            if required and not any(value.values()):
                self.problem(key, N_("is missing; fill it in"))
            return {k: v for k, v in value.items()}
        return self.text(key, required=required)

    def integer(self, key: str, required: bool = False, minimum: int | None = 0,
                maximum: int | None = None) -> int | None:
        """A whole number (or its digits as text) within ``minimum`` and ``maximum``, both included."""
        value = self.data.get(key)
        if value is None or value == "":
            if required:
                self.problem(key, N_("is missing; fill it in"))
            return None
        if isinstance(value, str) and value.strip().isascii() and value.strip().isdecimal() and len(value.strip()) < 20:
            value = int(value.strip())  # ASCII digits only: int() refuses "²" and very long digit strings
        if not isinstance(value, int) or isinstance(value, bool):
            self.problem(key, N_("must be a whole number"))
            return None
        if minimum is not None and value < minimum:
            self.problem(key, N_("must be at least %(minimum)d"), minimum=minimum)
            return None
        if maximum is not None and value > maximum:
            self.problem(key, N_("must be at most %(maximum)d"), maximum=maximum)
            return None
        return value

    def boolean(self, key: str, default: bool = False) -> bool:
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            self.problem(key, N_("must be true or false"))
            return default
        return value

    def date(self, key: str, required: bool = False, years: tuple[int, int] | None = None) -> dt.date | None:
        """A date; with ``years`` (first, last) a date outside those years is a problem too."""
        value = self.data.get(key)
        if value is None or value == "":
            if required:
                self.problem(key, N_("is missing; give a date as YYYY-MM-DD"))
            return None
        try:
            date = parse_date(value)
        except ValueError:
            self.problem(key, N_("must be a date written as YYYY-MM-DD, for example 2012-05-06"))
            return None
        if years is not None and date is not None and not years[0] <= date.year <= years[1]:
            self.problem(key, N_("must be a date between the years %(first)d and %(last)d; check the year"),
                         first=years[0], last=years[1])
            return None
        return date

    def lines(self, key: str) -> list[str]:
        """A list of lines, given as a list or as one text with line breaks."""
        value = self.data.get(key, [])
        if isinstance(value, str):
            return [line.strip() for line in value.splitlines() if line.strip()]
        if isinstance(value, list) and all(isinstance(x, str) for x in value):
            return list(value)
        self.problem(key, N_("must be a list of lines"))
        return []

    def choice(self, key: str, choices: tuple[str, ...], default: str) -> str:
        value = self.data.get(key, default)
        if value in (None, ""):
            return default
        if value not in choices:
            self.problem(key, N_("must be one of: %(choices)s"), choices=", ".join(choices))
            return default
        return value

    def several(self, key: str, choices: tuple[str, ...], default: str) -> list[str]:
        """One or more of ``choices``, as a list or a single value; each kept once, in the order given."""
        value = self.data.get(key, [default])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not value or any(v not in choices for v in value):
            self.problem(key, N_("must list one or more of: %(choices)s"), choices=", ".join(choices))
            return [default]
        return list(dict.fromkeys(value))

    def items(self, key: str) -> list[tuple[str, Any]]:
        """``(path, item)`` for each entry of a list field."""
        value = self.data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(key, N_("must be a list"))
            return []
        return [(f"{self.where(key)}[{i}]", item) for i, item in enumerate(value)]

    def text_list(self, key: str) -> list[LocalizedText]:
        out: list[LocalizedText] = []
        for where, item in self.items(key):
            if isinstance(item, str) and item.strip():
                out.append(item)
            elif isinstance(item, dict) and all(isinstance(v, str) for v in item.values()):
                out.append(dict(item))
            else:
                self.problems.append(Problem(where, N_("must be text")))
        return out
