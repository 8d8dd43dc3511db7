"""Word numbering definitions (w:abstractNum and its w:lvl levels) for the document model's lists.

Every list gets a definition of its own. Lists lettered past Z take one
Word level per run of 26 letters, so the labels read AA, AB, AC as in the
PDF rather than Word's AA, BB, CC.
"""

from __future__ import annotations

from dataclasses import dataclass

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from desktop.core.document import ListBlock, ListStyle, list_label
from desktop.core.writers.docx_styles import FONT

_LIST_INDENT = 567  # twips (1 cm) per list level; the label hangs in it

# Word's own number formats; "{p}" is where typed letters go before a live
# letter (see ListLevels). Word's "upperLetter" and LibreOffice's import of
# it go Y, Z, AA, BB, CC, while the model (list_label) and the PDF go AA, AB,
# AC the way parliaments letter recitals, and Word has no format for that.
_LIST_FORMATS: dict[str, tuple[str, str]] = {
    "decimal": ("decimal", "%{n}."),
    "upper-alpha": ("upperLetter", "{p}%{n}."),
    "lower-alpha": ("lowerLetter", "({p}%{n})"),
    "paren-decimal": ("decimal", "(%{n})"),
    "paren-upper-alpha": ("upperLetter", "({p}%{n})"),
    "alpha-paren": ("lowerLetter", "{p}%{n})"),  # fr, de, sv "a)"
    # ru "а)": Word's and LibreOffice's Russian letters, а … и, к …: the first 28 match the model's
    # (CYRILLIC_LIST_LETTERS); a list of more sub-points than that does not occur in a resolution.
    "cyrillic-paren": ("russianLower", "%{n})"),
    "cyrillic-upper": ("russianUpper", "%{n}."),  # ru recitals "А.", "Б.": the same first 28 letters
    "bullet": ("bullet", "\u2022"),
    "dash": ("bullet", "\u2013"),
}
_LETTERED = {"upper-alpha", "lower-alpha", "paren-upper-alpha", "alpha-paren"}
_DEEPER_DEFAULTS: tuple[ListStyle, ...] = ("decimal", "lower-alpha", "bullet")
_WORD_LEVELS = 9


@dataclass(frozen=True)
class _Level:
    style: ListStyle
    start: int
    depth: int  # how deep the items sit: the indentation
    prefix: str = ""  # letters typed before the live one: "A" for AA … AZ


class ListLevels:
    """Word's nine levels of one list's numbering definition, and which level each item takes.

    A list lettered past Z gets one level per run of 26 letters, all with the
    indentation of that list's depth: the first level is plain ``%1.``
    (A … Z), the next one the typed letter "A" before a live letter
    (``A%2.``: AA … AZ), then ``B%3.`` (BA … BZ) and so on. Item 27 is written
    on the second level, item 53 on the third. The labels stay real Word
    numbering: moving or deleting an item within a run of 26 renumbers it.

    No ``w:lvlRestart`` is written. By default Word and LibreOffice restart a
    level whenever a paragraph of a level above it appears, which is what
    both kinds of level need: the run AA … AZ comes after every A … Z item, so
    it starts at its ``w:start`` (1) once and then counts on, and sub-point
    levels below the runs restart under every new item whichever run that
    item belongs to. (Never restarting the runs would make sub-points count on
    from one item to the next.) An item moved across a run's edge in Word
    keeps the run's letters; exporting again letters the list afresh.
    """

    def __init__(self, block: ListBlock) -> None:
        depths: list[list[ListBlock]] = []
        current = [block]
        while current:
            depths.append(current)
            current = [item.children for lst in current for item in lst.items if item.children is not None]
        self.levels: list[_Level] = []
        self.first_level: list[int] = []  # per depth: its first Word level
        self.first_run: list[int] = []  # per depth: the run of 26 its first level prints
        self.runs: list[int] = []  # per depth: how many levels it has
        for depth, lists in enumerate(depths):
            if len(self.levels) >= _WORD_LEVELS:
                break
            style, start = lists[0].style, max(lists[0].start, 0)
            first = last = 0
            if style in _LETTERED:
                first = min((max(lst.start, 1) - 1) // 26 for lst in lists)
                last = max((max(lst.start, 1) + len(lst.items) - 2) // 26 for lst in lists)
            # Every deeper depth keeps at least one level of its own.
            room = _WORD_LEVELS - len(self.levels) - min(len(depths) - depth - 1, _WORD_LEVELS)
            runs = max(1, min(last - first + 1, room))
            self.first_level.append(len(self.levels))
            self.first_run.append(first)
            self.runs.append(runs)
            for run in range(first, first + runs):
                prefix = list_label("upper-alpha", run).rstrip(".") if run else ""
                if style in ("lower-alpha", "alpha-paren"):
                    prefix = prefix.lower()
                level_start = ((start - 1) % 26 + 1 if start > 0 else start) if run == first else 1
                self.levels.append(_Level(style, level_start if style in _LETTERED else start, depth, prefix))
        while len(self.levels) < _WORD_LEVELS:
            depth = self.levels[-1].depth + 1
            self.levels.append(_Level(_DEEPER_DEFAULTS[depth % 3], 1, depth))

    def level_of(self, depth: int, number: int) -> int:
        """The Word level (w:ilvl) of item ``number`` (1-based, counting from the list's start) at ``depth``."""
        if depth >= len(self.first_level):
            return _WORD_LEVELS - 1
        run = (
            (max(number, 1) - 1) // 26 - self.first_run[depth]
            if self.levels[self.first_level[depth]].style in _LETTERED
            else 0
        )
        return self.first_level[depth] + max(0, min(run, self.runs[depth] - 1))

    def xml(self) -> str:
        return "".join(_lvl_xml(ilvl, level) for ilvl, level in enumerate(self.levels))


def _lvl_xml(ilvl: int, level: _Level) -> str:
    num_fmt, pattern = _LIST_FORMATS.get(level.style, _LIST_FORMATS["decimal"])
    text = pattern.replace("{p}", level.prefix).replace("{n}", str(ilvl + 1))
    # Bullets in the body font rather than Symbol, so "•" and "–" match the text.
    r_pr = f'<w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}"/></w:rPr>' if num_fmt == "bullet" else ""
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{level.start}"/><w:numFmt w:val="{num_fmt}"/>'
        f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="{_LIST_INDENT * (level.depth + 1)}" w:hanging="{_LIST_INDENT}"/></w:pPr>{r_pr}</w:lvl>'
    )


def add_numbering(numbering, abstract_id: int, block: ListBlock) -> tuple[int, ListLevels]:
    """Add a numbering definition (w:abstractNum + w:num) for one list; return its numId and levels.

    Every list gets its own definition, so each one starts at its own
    ``start`` and Word renumbers it when items are inserted or deleted.
    """
    levels = ListLevels(block)
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
        f'<w:nsid w:val="{0x5044_0000 + abstract_id:08X}"/>'
        f'<w:multiLevelType w:val="multilevel"/>{levels.xml()}</w:abstractNum>'
    )
    first_num = numbering.find(qn("w:num"))  # every abstractNum must precede every num
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    return numbering.add_num(abstract_id).numId, levels
