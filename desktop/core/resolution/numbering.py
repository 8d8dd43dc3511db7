"""How each style letters and numbers the parts of a resolution.

One table says which list style each kind of part takes in each resolution
style; the layout builds real lists from it (so DOCX and PDF number them
live) and the editor, the Akoma Ntoso writer and the command line's outline
show the same labels from it.

- European Parliament and generic: citations with a dash, recitals A, B, …
  Z, AA, AB … (in Russian А, Б, В …), operative paragraphs 1, 2, …, sub-points lettered as each
  language version prints them: en "(a)", fr/de/sv "a)", ru "а)" (see
  ``_SUB_POINTS`` and docs/style/resolutions.md).
- Riksdag motion: numbered proposals 1, 2, … (the operative paragraphs when
  the motion has no proposals of its own); the recitals are the unnumbered
  paragraphs of the "Motivering".
- US simple resolution: unnumbered "Whereas" clauses; operative paragraphs
  (1), (2) with sub-points (A), (B) under "Resolved, That".
"""

from __future__ import annotations

from desktop.core.document import ListStyle, list_label
from desktop.core.resolution.model import KINDS, Part, Resolution

# style → kind → (top-level list style, sub-point list style); None: printed without a label.
_LISTS: dict[str, dict[str, tuple[ListStyle | None, ListStyle | None]]] = {
    "ep": {"citation": ("dash", None), "recital": ("upper-alpha", None),
           "operative": ("decimal", "lower-alpha"), "proposal": ("decimal", None)},
    "generic": {"citation": ("dash", None), "recital": ("upper-alpha", None),
                "operative": ("decimal", "lower-alpha"), "proposal": ("decimal", None)},
    "riksdag": {"citation": (None, None), "recital": (None, None),
                "operative": ("decimal", "lower-alpha"), "proposal": ("decimal", None)},
    "us": {"citation": (None, None), "recital": (None, None),
           "operative": ("paren-decimal", "paren-upper-alpha"), "proposal": ("decimal", None)},
}


# Lowercase-lettered sub-points in each language version: the EP's adopted texts print "(a)" in English,
# "a)" in French, German and Swedish (EUR-Lex, the same resolution in each language), and Russian legal
# texts "а)", "б)" in Cyrillic letters without ё, й, ъ, ы, ь. The US House's "(A)" is its own and is kept.
_SUB_POINTS: dict[str, ListStyle] = {"fr": "alpha-paren", "de": "alpha-paren", "sv": "alpha-paren",
                                     "ru": "cyrillic-paren"}


# Capital-lettered recitals: Russian texts letter them in Cyrillic ("А.", "Б.") as they do sub-points.
_RECITALS: dict[str, ListStyle] = {"ru": "cyrillic-upper"}


def list_style(style: str, kind: str, depth: int = 0, language: str = "") -> ListStyle | None:
    """The list style of ``kind`` at ``depth`` (0: the part, 1: its sub-points) in ``style`` and ``language``.

    Without a language the English labels: the command line names parts by them in every language.
    """
    styles = _LISTS.get(style, _LISTS["generic"]).get(kind, (None, None))
    chosen = styles[min(depth, 1)]
    base = (language or "").split("-")[0].split("_")[0].lower()
    if chosen == "lower-alpha":
        return _SUB_POINTS.get(base, chosen)
    if chosen == "upper-alpha":
        return _RECITALS.get(base, chosen)
    return chosen


def used_kinds(style: str, res: Resolution) -> tuple[str, ...]:
    """The kinds of part ``style`` prints; the others are kept in the draft but not printed."""
    if style == "riksdag":
        return ("proposal", "recital") if res.section("proposal") else ("operative", "recital")
    if style == "us":
        return ("recital", "operative")
    return ("citation", "recital", "operative")


def label(style: str, kind: str, number: int, depth: int = 0, language: str = "") -> str:
    """The printed label of the ``number``-th (1-based) part: "AB.", "3.", "(b)", "b)", "б)", "–", or ""."""
    list_type = list_style(style, kind, depth, language)
    return list_label(list_type, number) if list_type is not None else ""


def labels(res: Resolution, style: str) -> dict[str, str]:
    """Part id → printed label, for every part and sub-point; "" for unlabelled or unprinted parts."""
    used = used_kinds(style, res)
    out: dict[str, str] = {}
    for kind in KINDS:
        for number, part in enumerate(res.section(kind), start=1):
            out[part.id] = label(style, kind, number) if kind in used else ""
            for sub_number, child in enumerate(part.children, start=1):
                out[child.id] = label(style, kind, sub_number, 1) if kind in used else ""
    return out


def outline(res: Resolution, style: str, language: str) -> list[tuple[str, str, Part, int]]:
    """(kind, label, part, depth) for every part in printing order: what ``resolution show`` prints."""
    marks = labels(res, style)
    rows = []
    for kind in KINDS:
        for part in res.section(kind):
            rows.append((kind, marks[part.id], part, 0))
            rows.extend((kind, marks[c.id], c, 1) for c in part.children)
    return rows
