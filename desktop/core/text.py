"""Plain-text hygiene shared by the template engine and the writers."""

from __future__ import annotations

import re
import unicodedata

# Characters XML 1.0 cannot hold (C0 controls but tab and line ends, lone
# surrogates, non-characters), plus DEL; print adds the C1 controls, which
# are invisible on paper.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_PRINT_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def strip_illegal(text: str, for_print: bool = False) -> str:
    """``text`` without the characters a DOCX (XML) or a printed page cannot hold."""
    return (_PRINT_ILLEGAL if for_print else _XML_ILLEGAL).sub("", text)


def unify_line_ends(text: str) -> str:
    """Windows, old Mac and Unicode line separators all become ``\\n``."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")


# -- capitals -----------------------------------------------------------------

# Accents and breathings a Greek word drops when it is written in capitals
# (tonos/oxia, varia, perispomeni, psili, dasia, koronis, ypogegrammeni);
# the dialytika (U+0308) stays.
_GREEK_CAPS_DROP = frozenset("\u0301\u0300\u0342\u0313\u0314\u0343\u0345")
_DIALYTIKA = "\u0308"
_GREEK_STRESS = frozenset("\u0301\u0300\u0342")  # the accents that mark a stressed vowel


def _is_greek(c: str) -> bool:
    o = ord(c)
    return 0x0370 <= o <= 0x03FF or 0x1F00 <= o <= 0x1FFF


def upper_case(text: str) -> str:
    """``text`` in capitals, as each script writes them.

    ``str.upper`` keeps the accents of Greek ("Αθήνα" → "ΑΘΉΝΑ"), but Greek
    written in capitals drops them: "ΑΘΗΝΑ". The dialytika stays ("ΐ" → "Ϊ"),
    and an ι or υ after an accented vowel gets one, so that it is not read as
    a diphthong ("Μάιος" → "ΜΑΪΟΣ"). The disjunctive "ή" (a word of its own,
    "or") keeps its accent. These are the rules of ICU's Greek upper-casing.
    Other scripts are upper-cased as Unicode says.
    """
    if not any(_is_greek(c) for c in text):
        return text.upper()
    clusters: list[list[str]] = []  # a base character and its combining marks
    for c in unicodedata.normalize("NFD", text):
        if clusters and unicodedata.combining(c):
            clusters[-1].append(c)
        else:
            clusters.append([c])
    out: list[str] = []
    after_accented_vowel = False
    for i, (base, *marks) in enumerate(clusters):
        if not _is_greek(base):
            out.append("".join([base, *marks]).upper())
            after_accented_vowel = False
            continue
        base = base.upper()
        accented = any(m in _GREEK_STRESS for m in marks)
        if base == "Η" and marks == ["\u0301"] and _alone(clusters, i):  # the disjunctive ή, "or"
            out.append("Ή")
            after_accented_vowel = False
            continue
        kept = [m for m in marks if m not in _GREEK_CAPS_DROP]
        if after_accented_vowel and base in "ΙΥ" and not marks:
            kept.append(_DIALYTIKA)
        # An iota subscript (ᾳ) is written as a capital iota beside the letter: ΑΙ.
        out.append(base + "".join(kept) + ("Ι" if "\u0345" in marks else ""))
        after_accented_vowel = accented and base in "ΑΕΗΙΟΥΩ" and _DIALYTIKA not in marks and "\u0345" not in marks
    return unicodedata.normalize("NFC", "".join(out))


def _alone(clusters: list[list[str]], i: int) -> bool:
    """The cluster at ``i`` is a word of one letter."""
    before = clusters[i - 1][0] if i > 0 else " "
    after = clusters[i + 1][0] if i + 1 < len(clusters) else " "
    return not before.isalnum() and not after.isalnum()


def fold(text: str) -> str:
    """Text for matching: case- and accent-free, in every script ("Ёлкин" ~ "елкин", "Göteborg" ~ "goteborg").

    SQLite's own LIKE and lower() only fold ASCII, so the library stores
    this folded form and compares with it.
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(ch for ch in decomposed if not unicodedata.combining(ch)).split())


def slug(text: str, fallback: str) -> str:
    """A readable id stem: "Sveriges riksdag" → "sveriges_riksdag"; letters of any script are kept."""
    words = re.findall(r"\w+", fold(text))
    stem = "_".join(words)[:40].strip("_")
    return stem or fallback
