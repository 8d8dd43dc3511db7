"""File names from a user's pattern, safe on Windows, macOS and Linux."""

from __future__ import annotations

import re
import string
import unicodedata
from typing import Any, Iterable

from desktop.core.errors import N_, PetitionDeskError

PATTERN_FIELDS = ("index", "recipient", "organisation", "person", "city", "country", "language", "template", "date", "id")

_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
MAX_STEM = 120  # leaves room for a folder path within Windows' 260-character limit


def check_pattern(pattern: str) -> None:
    """Refuse a pattern with unknown fields or broken braces, naming them."""
    try:
        names = [name for _, name, _, _ in string.Formatter().parse(pattern) if name is not None]
    except ValueError as exc:
        raise PetitionDeskError(
            N_("The file name pattern %(pattern)s has unbalanced braces; write fields as {recipient}."), pattern=pattern
        ) from exc
    unknown = [name for name in names if name.split(".")[0].split("[")[0] not in PATTERN_FIELDS]
    if unknown or not names:
        raise PetitionDeskError(
            N_("The file name pattern %(pattern)s uses unknown fields (%(unknown)s); use: %(fields)s."),
            pattern=pattern,
            unknown=", ".join(unknown) or "—",
            fields=", ".join("{%s}" % f for f in PATTERN_FIELDS),
        )


def safe_stem(text: str) -> str:
    """A file name stem every common file system accepts."""
    text = unicodedata.normalize("NFC", text)
    text = _FORBIDDEN.sub("_", text)
    text = re.sub(r"\s+", " ", text).strip(" .")
    if text.split(".")[0].upper() in _RESERVED:
        text = f"_{text}"
    if len(text) > MAX_STEM:
        text = text[:MAX_STEM].rstrip(" .")
    return text or "document"


def file_stems(pattern: str, rows: Iterable[dict[str, Any]]) -> list[str]:
    """Expand ``pattern`` for every row; duplicates get " (2)", " (3)" …

    Uniqueness is case-insensitive, since Windows and macOS folders are.
    """
    check_pattern(pattern)
    seen: set[str] = set()
    out = []
    for row in rows:
        try:
            stem = safe_stem(pattern.format(**row))
        except (ValueError, TypeError, KeyError, IndexError, AttributeError) as exc:
            raise PetitionDeskError(
                N_("The file name pattern %(pattern)s cannot be filled in (%(reason)s)."), pattern=pattern, reason=str(exc)
            ) from exc
        candidate, n = stem, 2
        while candidate.casefold() in seen:
            candidate = f"{stem} ({n})"
            n += 1
        seen.add(candidate.casefold())
        out.append(candidate)
    return out
