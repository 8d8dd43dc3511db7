"""Reading the file a resolution is imported from: plain text or a Word document.

:func:`read_source` gives the importer (:mod:`desktop.core.resolution.importer`)
the text of a .txt/.md file, whatever common encoding it was saved in, or of
a .docx file, one paragraph per line. Word keeps the labels of numbered and
bulleted lists out of the paragraph's text; :class:`_Numbering` works them out
from the document's list definitions so that the importer sees "A. whereas …"
and "1. Calls on …" as it would in a text file.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

from desktop.core.errors import N_, PetitionDeskError
from desktop.core.files import read_bytes

SOURCE_SUFFIXES = (".txt", ".md", ".text", ".docx")


def read_source(path: Path) -> str:
    """The text of a .txt/.md file (any common encoding) or a .docx file, one paragraph per line.

    In a DOCX file the labels of numbered and bulleted lists are not part of
    the text; they are worked out from the list's numbering and written in
    front of the paragraph ("A. whereas …", "1. Calls on …"), so the import
    sees them as it would in a text file.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SOURCE_SUFFIXES:
        raise PetitionDeskError(
            N_("Petition Desk imports resolutions from .txt, .md and .docx files, and %(path)s is none of these; "
               "save it as one of them, or copy its text and paste it into the import window."),
            path=str(path))
    raw = read_bytes(path, N_("The file %(path)s cannot be read (%(reason)s). Check that you may open it."))
    text = _docx_text(raw, path) if suffix == ".docx" else _decode(raw, path)
    if not text.strip():
        raise PetitionDeskError(
            N_("The file %(path)s is empty; choose a file that holds the text of a resolution or motion."),
            path=str(path))
    return text


def _decode(raw: bytes, path: Path) -> str:
    if not raw.strip():
        return ""
    for bom, encoding in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if raw.startswith(bom):
            return raw.decode(encoding, errors="replace").lstrip("\ufeff")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    import charset_normalizer

    best = charset_normalizer.from_bytes(raw).best()
    if best is None or b"\x00" in raw:
        raise PetitionDeskError(
            N_("The file %(path)s does not look like text; save it as plain text (UTF-8) or as a .docx document."),
            path=str(path))
    return str(best)


def _docx_text(raw: bytes, path: Path) -> str:
    import io

    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(raw))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise PetitionDeskError(
            N_("The file %(path)s is not a Word document that can be read; open it in your word processor "
               "and save it again as .docx."), path=str(path)) from exc
    numbering = _Numbering(document)
    out: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            out.extend(_docx_paragraph(child, document, numbering))
        elif tag == "tbl":  # signature tables: one cell after the other
            for paragraph in child.iter(_W + "p"):
                out.extend(_docx_paragraph(paragraph, document, numbering))
    return "\n".join(out).strip("\n")


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _docx_paragraph(p: Any, document: Any, numbering: _Numbering) -> list[str]:
    from docx.text.paragraph import Paragraph

    paragraph = Paragraph(p, document)
    text = paragraph.text.replace("\t", " ")
    if not text.strip():
        return []
    label = numbering.label(p, document)
    lines = [line.strip() for line in text.split("\n")]
    if label:
        lines[0] = f"{label} {lines[0]}"
    return [*lines, ""]  # a blank line: a paragraph of a Word document is a paragraph


class _Numbering:
    """Works out the label Word shows in front of a numbered or bulleted paragraph."""

    def __init__(self, document: Any) -> None:
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}  # numId → ilvl → (format, text, start)
        self.counters: dict[str, list[int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for a in root.findall(_W + "abstractNum"):
            levels = {}
            for lvl in a.findall(_W + "lvl"):
                levels[int(lvl.get(_W + "ilvl", "0"))] = (_val(lvl, "numFmt", "decimal"), _val(lvl, "lvlText", ""),
                                                          int(_val(lvl, "start", "1") or 1))
            abstract[a.get(_W + "abstractNumId", "")] = levels
        for num in root.findall(_W + "num"):
            ref = num.find(_W + "abstractNumId")
            levels = dict(abstract.get(ref.get(_W + "val", "") if ref is not None else "", {}))
            for override in num.findall(_W + "lvlOverride"):
                start = override.find(_W + "startOverride")
                ilvl = int(override.get(_W + "ilvl", "0"))
                if start is not None and ilvl in levels:
                    fmt, text, _old = levels[ilvl]
                    levels[ilvl] = (fmt, text, int(start.get(_W + "val", "1")))
            self.levels[num.get(_W + "numId", "")] = levels

    def label(self, p: Any, document: Any) -> str:
        num_id, ilvl, style_name = self._num_pr(p, document)
        if num_id is None or num_id == "0":
            return _style_label(style_name, self.counters)
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels:
            return _style_label(style_name, self.counters)
        counters = self.counters.setdefault(num_id, [0] * 9)
        fmt, _text, start = levels[ilvl]
        counters[ilvl] = counters[ilvl] + 1 if counters[ilvl] else start
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = 0
        fmt, pattern, _start = levels[ilvl]
        if fmt == "bullet":
            return "–" if pattern in ("\u2013", "\u2014", "-", "\uf02d") else "•"
        if fmt == "none":
            return ""

        def number(match: re.Match[str]) -> str:
            level = int(match.group(1)) - 1
            value = counters[level] or levels.get(level, ("decimal", "", 1))[2]
            return _format_number(levels.get(level, ("decimal", "", 1))[0], value)

        return re.sub(r"%(\d)", number, pattern).strip()

    @staticmethod
    def _num_pr(p: Any, document: Any) -> tuple[str | None, int, str]:
        ppr = p.find(_W + "pPr")
        style_id = ""
        if ppr is not None:
            pstyle = ppr.find(_W + "pStyle")
            style_id = pstyle.get(_W + "val", "") if pstyle is not None else ""
            num_pr = ppr.find(_W + "numPr")
            if num_pr is not None:
                return _num_values(num_pr)
        # The numbering may come with the paragraph's style (Word's "List Number").
        style_name = ""
        try:
            style = document.styles.element.get_by_id(style_id) if style_id else None
        except (KeyError, AttributeError):
            style = None
        seen = 0
        while style is not None and seen < 10:
            seen += 1
            style_name = style_name or (style.name_val or "")
            spr = style.find(_W + "pPr")
            num_pr = spr.find(_W + "numPr") if spr is not None else None
            if num_pr is not None and num_pr.find(_W + "numId") is not None:
                num_id, ilvl, _ = _num_values(num_pr)
                return num_id, ilvl, style_name
            based = style.basedOn_val
            style = document.styles.element.get_by_id(based) if based else None
        return None, 0, style_name


def _num_values(num_pr: Any) -> tuple[str | None, int, str]:
    num_id = num_pr.find(_W + "numId")
    ilvl = num_pr.find(_W + "ilvl")
    return (num_id.get(_W + "val") if num_id is not None else None,
            int(ilvl.get(_W + "val", "0")) if ilvl is not None else 0, "")


def _val(element: Any, tag: str, default: str) -> str:
    child = element.find(_W + tag)
    return child.get(_W + "val", default) if child is not None else default


def _style_label(style_name: str, counters: dict[str, list[int]]) -> str:
    """A label for a list paragraph whose numbering cannot be found: by its style's name."""
    name = style_name.lower()
    if name.startswith("list bullet"):
        return "–"
    if name.startswith("list number"):
        counter = counters.setdefault("style:" + name, [0])
        counter[0] += 1
        return f"{counter[0]}."
    return ""


def _format_number(fmt: str, n: int) -> str:
    if fmt in ("upperLetter", "lowerLetter"):
        letters = ""
        while n > 0:
            n, rem = divmod(n - 1, 26)
            letters = chr(ord("A") + rem) + letters
        return letters if fmt == "upperLetter" else letters.lower()
    if fmt in ("upperRoman", "lowerRoman"):
        roman = _roman(n)
        return roman if fmt == "upperRoman" else roman.lower()
    return str(n)


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                           (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out += letters
            n -= value
    return out
