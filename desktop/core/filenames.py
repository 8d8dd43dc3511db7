"""File names from a user's pattern, safe on Windows, macOS and Linux.

A pattern such as ``{index:03d} {recipient} ({language})`` is filled in by a
small formatter of its own, not by :meth:`str.format`: a pattern may come
from a draft someone else shared, and ``str.format`` would reach attributes
(``{recipient.__class__}``) and accept any format width
(``{recipient:>3000000000}`` asks for gigabytes). Here only the known fields
exist, without attribute or item access or conversions, and the one format
allowed is the zero-padding of ``{index}``.

Every name is a single path component: path separators and ``..`` in the
pattern or in a recipient's name never leave the chosen folder. Names are
limited in UTF-8 bytes (what Linux and macOS count), with room for the
extension, a " (2)" that keeps names unique and the temporary name used while
writing (:func:`desktop.core.files.atomic_write`); characters that hide or
reverse text (bidi overrides, zero-width characters, controls) are removed,
and the names and characters Windows refuses are avoided on every platform,
since files are shared.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Iterable

from desktop.core.errors import N_, PetitionDeskError

PATTERN_FIELDS = ("index", "recipient", "organisation", "person", "city", "country", "language", "template", "date", "id")

_FORBIDDEN = re.compile(r'[<>:"/\\|?*]')  # what Windows refuses in a name (controls are removed before)
_RESERVED = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
             *(f"{port}{n}" for port in ("COM", "LPT") for n in (*"0123456789", "¹", "²", "³"))}
MAX_STEM = 120  # characters: leaves room for a folder path within Windows' 260-character limit
# Bytes of UTF-8: a name (stem, " (2)", extension) must stay under the 255 bytes of
# ext4, APFS, Btrfs… 200 leaves 55 for the extension (".docx") and a " (12345)".
MAX_STEM_BYTES = 200
MAX_INDEX_WIDTH = 6
_INDEX_SPEC = re.compile(r"0([1-9]\d*)d")


# -- the pattern ----------------------------------------------------------------

@dataclass(frozen=True)
class _Field:
    name: str
    width: int = 0  # zero-padding of {index}


def _fields_help() -> str:
    return ", ".join("{%s}" % f for f in PATTERN_FIELDS)


def parse_pattern(pattern: str) -> list[str | _Field]:
    """The pattern as literal texts and fields; a clear error for anything else.

    ``{{`` and ``}}`` write a brace.
    """
    if not isinstance(pattern, str):
        raise PetitionDeskError(N_("The file name pattern must be text, such as {index:03d} {recipient}."))
    if "/" in pattern or "\\" in pattern:
        raise PetitionDeskError(
            N_("The file name pattern %(pattern)s contains / or \\, but a pattern names files, not folders. "
               "Remove them and choose the folder separately."),
            pattern=pattern,
        )
    parts: list[str | _Field] = []
    literal: list[str] = []
    unknown: list[str] = []
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "{" and pattern.startswith("{{", i):
            literal.append("{")
            i += 2
        elif c == "}" and pattern.startswith("}}", i):
            literal.append("}")
            i += 2
        elif c == "}":
            raise _unbalanced(pattern)
        elif c == "{":
            end = pattern.find("}", i + 1)
            if end < 0 or "{" in pattern[i + 1:end]:
                raise _unbalanced(pattern)
            field = _field(pattern, pattern[i + 1:end], unknown)
            if field is not None:
                if literal:
                    parts.append("".join(literal))
                    literal = []
                parts.append(field)
            i = end + 1
        else:
            literal.append(c)
            i += 1
    if literal:
        parts.append("".join(literal))
    if unknown:
        raise PetitionDeskError(
            N_("The file name pattern %(pattern)s uses unknown fields (%(unknown)s); use: %(fields)s."),
            pattern=pattern, unknown=", ".join(unknown), fields=_fields_help(),
        )
    if not any(isinstance(p, _Field) for p in parts):
        raise PetitionDeskError(
            N_("The file name pattern %(pattern)s has no field, so it would give every file the same name; "
               "include at least one of %(fields)s."),
            pattern=pattern, fields=_fields_help(),
        )
    return parts


def _unbalanced(pattern: str) -> PetitionDeskError:
    return PetitionDeskError(
        N_("The file name pattern %(pattern)s has unbalanced braces; write fields as {recipient}, "
           "and a brace itself twice: {{, }}."),
        pattern=pattern,
    )


def _field(pattern: str, inside: str, unknown: list[str]) -> _Field | None:
    """One ``{…}`` of the pattern; unknown names are collected, to name them all at once."""
    written = "{%s}" % inside
    name_end = len(inside)
    for mark in "!:.[":
        pos = inside.find(mark)
        if 0 <= pos < name_end:
            name_end = pos
    name, rest = inside[:name_end].strip(), inside[name_end:]
    if name not in PATTERN_FIELDS:
        unknown.append(written)
        return None
    if rest.startswith((".", "[")):
        raise PetitionDeskError(
            N_("The file name pattern %(pattern)s uses %(field)s, but a field cannot be followed by a dot or "
               "brackets; write it as {%(name)s}."),
            pattern=pattern, field=written, name=name,
        )
    if rest.startswith("!"):
        raise PetitionDeskError(
            N_("The file name pattern %(pattern)s uses %(field)s, but a field cannot have a conversion such as "
               "!r; write it as {%(name)s}."),
            pattern=pattern, field=written, name=name,
        )
    if not rest:
        return _Field(name)
    match = _INDEX_SPEC.fullmatch(rest[1:])
    if name != "index" or match is None or int(match.group(1)) > MAX_INDEX_WIDTH:
        raise PetitionDeskError(
            N_("The file name pattern %(pattern)s uses %(field)s, but the only format a field can have is the "
               "zero-padding of the index, up to %(width)d digits: {index:03d}."),
            pattern=pattern, field=written, width=MAX_INDEX_WIDTH,
        )
    return _Field(name, int(match.group(1)))


def check_pattern(pattern: str) -> None:
    """Refuse a pattern with unknown fields, broken braces or formats, naming what is wrong."""
    parse_pattern(pattern)


def _value(field: _Field, row: dict[str, Any]) -> str:
    value = row.get(field.name)
    if value is None:
        return ""
    if field.width and isinstance(value, int) and not isinstance(value, bool):
        return f"{value:0{field.width}d}"
    return str(value)


def fill(parts: list[str | _Field], row: dict[str, Any]) -> str:
    return "".join(p if isinstance(p, str) else _value(p, row) for p in parts)


# -- one name -------------------------------------------------------------------

def _clean_char(c: str) -> str:
    category = unicodedata.category(c)
    if c.isspace() or category in ("Zl", "Zp"):
        return " "
    if category in ("Cc", "Cf", "Cs"):
        # Controls, bidi marks and overrides (U+202E turns "cod.exe" around), zero-width
        # characters, BOMs and lone surrogates (which cannot even be written in UTF-8).
        return ""
    return c


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFC", "".join(map(_clean_char, text)))
    text = _FORBIDDEN.sub("_", text)
    return re.sub(r" +", " ", text).strip(" .")


def _joins_previous(c: str) -> bool:
    """True if ``c`` belongs to the character before it (it would be cut off from its letter)."""
    o = ord(c)
    return (unicodedata.category(c) in ("Mn", "Mc", "Me")
            or 0xFE00 <= o <= 0xFE0F or 0xE0100 <= o <= 0xE01EF  # variation selectors
            or 0x1F3FB <= o <= 0x1F3FF  # skin tones
            or 0x1160 <= o <= 0x11FF)  # Hangul vowels and final consonants


def _is_flag_letter(c: str) -> bool:
    return 0x1F1E6 <= ord(c) <= 0x1F1FF  # regional indicators


def fit(text: str, max_bytes: int, max_chars: int = MAX_STEM) -> str:
    """``text`` cut to ``max_chars`` characters and ``max_bytes`` bytes of UTF-8.

    The cut falls between characters, and not inside a letter with its accents.
    """
    if len(text) <= max_chars and len(text.encode("utf-8")) <= max_bytes:
        return text
    end, size = 0, 0
    for c in text[:max_chars]:
        size += len(c.encode("utf-8"))
        if size > max_bytes:
            break
        end += 1
    while 0 < end < len(text) and _joins_previous(text[end]):
        end -= 1
    if 0 < end < len(text) and _is_flag_letter(text[end]):  # a flag is two letters: never split one
        start = end
        while start > 0 and _is_flag_letter(text[start - 1]):
            start -= 1
        end -= (end - start) % 2
    return text[:end].rstrip(" .")


def safe_stem(text: str) -> str:
    """A file name stem every common file system accepts, as one path component."""
    text = _clean(str(text))
    if text.split(".")[0].strip().upper() in _RESERVED:
        text = f"_{text}"
    return fit(text, MAX_STEM_BYTES) or "document"


# -- many names -----------------------------------------------------------------

def file_stems(pattern: str, rows: Iterable[dict[str, Any]]) -> list[str]:
    """Expand ``pattern`` for every row; duplicates get " (2)", " (3)" …

    Uniqueness is case-insensitive, since Windows and macOS folders are.
    """
    parts = parse_pattern(pattern)
    seen: set[str] = set()
    next_number: dict[str, int] = {}  # the next " (n)" to try for a stem, so many duplicates stay fast
    out = []
    for row in rows:
        stem = safe_stem(fill(parts, row))
        candidate, key = stem, stem.casefold()
        n = next_number.get(key, 2)
        while candidate.casefold() in seen:
            suffix = f" ({n})"
            candidate = (fit(stem, MAX_STEM_BYTES - len(suffix), MAX_STEM - len(suffix)) or "document") + suffix
            n += 1
        next_number[key] = n
        seen.add(candidate.casefold())
        out.append(candidate)
    return out
