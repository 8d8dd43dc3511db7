"""The format-neutral document model.

A template, a case, a recipient and the signers are rendered into one
:class:`Document`; every writer (DOCX, PDF, later XML and plain text) turns
that same object into a file, so all formats say the same thing.

The model is deliberately small: blocks in reading order, inline runs with
bold/italic, and page furniture (letterhead, footer) described as data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Union

Align = Literal["left", "center", "right", "justify"]
ListStyle = Literal["decimal", "upper-alpha", "lower-alpha", "paren-decimal", "paren-upper-alpha", "alpha-paren",
                    "cyrillic-paren", "cyrillic-upper", "bullet", "dash"]

# The letters of Russian lists: а), б), … и), к), … without ё, й, ъ, ы, ь, as the Russian legislative drafting
# rules letter sub-points (Методические рекомендации по юридико-технической подготовке законопроектов,
# Государственная Дума; the federal laws as published: "з)", "и)", "к)").
CYRILLIC_LIST_LETTERS = "абвгдежзиклмнопрстуфхцчшщэюя"


@dataclass(frozen=True)
class Run:
    """A piece of text with one look."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass
class Paragraph:
    """A paragraph of inline runs.

    ``role`` tells writers which named style to use: ``body``, ``subject``,
    ``salutation``, ``closing``, ``date``, ``sender``, ``small``, ``title``
    (document title), ``label`` (a short caption such as "Sheet 3 of 20").
    """

    runs: list[Run]
    role: str = "body"
    align: Align = "left"
    keep_with_next: bool = False

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


@dataclass
class Heading:
    text: str
    level: int = 1  # 1 or 2


@dataclass
class ListItem:
    runs: list[Run]
    children: "ListBlock | None" = None

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


@dataclass
class ListBlock:
    """A bulleted or numbered list; numbered lists restart at ``start``.

    Writers must produce *real* numbering (Word numbering definitions in
    DOCX), not typed-in numbers, so the list stays editable.
    """

    items: list[ListItem]
    style: ListStyle = "decimal"
    start: int = 1


@dataclass
class AddressBlock:
    """The recipient's postal address, one entry per printed line."""

    lines: list[str]


@dataclass
class Table:
    """A simple grid. ``widths`` are relative column widths (any unit)."""

    header: list[str]
    rows: list[list[str]]
    widths: list[float] | None = None
    repeat_header: bool = True
    row_height_mm: float | None = None  # fixed height, e.g. signature rows


@dataclass
class Signature:
    name: str
    lines: list[str] = field(default_factory=list)  # role, organisation, party
    image: Path | None = None  # PNG or JPEG of a handwritten signature


@dataclass
class SignatureBlock:
    signatures: list[Signature]


@dataclass
class Image:
    """A photograph with its caption below, e.g. in the report of an action.

    Without ``width_mm`` the picture fits the text width and is at most
    about 90 mm high; the aspect ratio is always kept. Writers embed a
    re-encoded copy without the file's metadata (a camera's GPS position),
    never the file's name or path.
    """

    path: Path
    caption: str = ""
    width_mm: float | None = None


@dataclass
class PageBreak:
    pass


@dataclass
class Spacer:
    height_mm: float = 6.0


Block = Union[Paragraph, Heading, ListBlock, AddressBlock, Table, SignatureBlock, Image, PageBreak, Spacer]


# -- drawn pages: placards, banners, leaflets ---------------------------------------
#
# A poster is not text flowing down a page: its layout places every line
# itself, at a size it measured. Such a document carries its pages as
# drawings (positions in millimetres from the page's bottom-left corner,
# sizes in points); its ``blocks`` keep the same words in reading order for
# search, tests and the preview's text.


@dataclass(frozen=True)
class DrawnText:
    """One line of text; ``anchor`` says whether ``x_mm`` is its left end, its middle or its right end."""

    x_mm: float
    y_mm: float  # the baseline
    text: str
    size_pt: float
    bold: bool = False
    anchor: Literal["left", "center", "right"] = "left"
    grey: float = 0.0  # 0 black … 1 white
    angle: float = 0.0  # degrees, counter-clockwise around (x, y)


@dataclass(frozen=True)
class DrawnLine:
    x1_mm: float
    y1_mm: float
    x2_mm: float
    y2_mm: float
    width_pt: float = 0.5
    dash: tuple[float, ...] = ()
    grey: float = 0.0


@dataclass(frozen=True)
class DrawnRect:
    x_mm: float
    y_mm: float
    width_mm: float
    height_mm: float
    fill_grey: float | None = None  # None: not filled
    stroke_grey: float | None = None  # None: no outline
    width_pt: float = 0.5
    dash: tuple[float, ...] = ()


@dataclass(frozen=True)
class DrawnPicture:
    path: Path
    x_mm: float
    y_mm: float
    width_mm: float
    height_mm: float


@dataclass
class TextBox:
    """Blocks (paragraphs, headings, lists) flowed into a rectangle in the writer's styles.

    The writer sets them at the largest scale of the styles' sizes, at most
    1, at which they fit, and no smaller than ``min_scale``.
    """

    x_mm: float
    y_mm: float
    width_mm: float
    height_mm: float
    blocks: list
    min_scale: float = 0.7
    scale: float | None = None  # chosen by the layout (e.g. the same for every panel); None: the largest that fits


@dataclass
class DrawnPage:
    width_mm: float
    height_mm: float
    items: list = field(default_factory=list)  # DrawnText, DrawnLine, DrawnRect, DrawnPicture, TextBox
    upside_down: bool = False  # turned by 180°: the back of a sheet for a printer that flips on the long edge


@dataclass
class PageFurniture:
    """What repeats on every page.

    ``letterhead`` lines are printed at the top of the first page;
    ``footer_text`` is a format string with ``{page}`` and ``{pages}``
    already localized, e.g. ``"Page {page} of {pages}"`` or
    ``"Страница {page} из {pages}"``; page numbers restart for every
    document, also inside a combined file.
    """

    letterhead: list[str] = field(default_factory=list)
    footer_text: str = "{page} / {pages}"
    header_text: str = ""  # running header on pages after the first
    # A line at the foot of every page, above the page number: that the document is a
    # historical example. Printed with the furniture, it can never be left alone on a page.
    note: str = ""


@dataclass
class Document:
    title: str
    language: str  # BCP 47 / CLDR code of the document language: "ru", "sv"
    blocks: list[Block] = field(default_factory=list)
    paper: Literal["A4", "Letter"] = "A4"
    furniture: PageFurniture = field(default_factory=PageFurniture)
    author: str = ""  # empty unless the user opted in to show the signer
    subject: str = ""  # metadata subject (e.g. case name); no personal data
    keywords: list[str] = field(default_factory=list)
    line_numbers: bool = False  # number the lines in the margin, as committees do for amendments
    drawn: list[DrawnPage] | None = None  # a poster's pages; the PDF writer draws these instead of the blocks

    def plain_text(self) -> str:
        """The document's words in reading order (used by tests and search)."""
        return "\n".join(_block_text(block) for block in self.blocks if _block_text(block))


def _block_text(block: Block) -> str:
    if isinstance(block, (Paragraph,)):
        return block.text
    if isinstance(block, Heading):
        return block.text
    if isinstance(block, ListBlock):
        out = []
        for item in block.items:
            out.append(item.text)
            if item.children:
                out.append(_block_text(item.children))
        return "\n".join(out)
    if isinstance(block, AddressBlock):
        return "\n".join(block.lines)
    if isinstance(block, Table):
        return "\n".join(" | ".join(row) for row in [block.header, *block.rows])
    if isinstance(block, SignatureBlock):
        return "\n".join("\n".join([s.name, *s.lines]) for s in block.signatures)
    if isinstance(block, Image):
        return block.caption  # the picture itself has no words; its path is not the reader's business
    return ""


# -- keep with next -----------------------------------------------------------------------
#
# What must stay on a page with the start of what follows it, whichever template made the
# document: the writers ask this once per document (reportlab's keepWithNext in the PDF,
# Word's keepNext in the DOCX).

_LEAD_IN_ENDS = (":", ",")  # "We ask you:", "Ich fordere die Behörden auf,"
_BEFORE_SIGNATURES = ("closing", "date")  # the closing formula, the place and date above the signatures


def introduces(block: Block, following: Block | None) -> bool:
    """Whether paragraph ``block`` leads into the list or table ``following`` ("… calls on the authorities:")."""
    return (isinstance(block, Paragraph) and isinstance(following, (ListBlock, Table))
            and block.text.rstrip().endswith(_LEAD_IN_ENDS))


def keeps_with_next(blocks: list[Block]) -> list[bool]:
    """For each block, whether a page must not end after it.

    A paragraph marked so or a heading; a paragraph that introduces a list
    or table; the last text before the signatures, and before the closing or
    the date line that stands above them, so the signatures never open a page
    alone. A list kept so keeps its last item with what follows; an item is
    always kept with its first sub-item (see :func:`item_keeps_with_next`).
    Spacers between kept blocks are kept too, or the chain would break there.
    """
    count = len(blocks)
    keep = [False] * count

    def next_index(i: int) -> int | None:
        j = i + 1
        while j < count and isinstance(blocks[j], Spacer):
            j += 1
        return j if j < count else None

    for i, block in enumerate(blocks):
        j = next_index(i)
        following = blocks[j] if j is not None else None
        keep[i] = (isinstance(block, Heading) or (isinstance(block, Paragraph) and block.keep_with_next)
                   or introduces(block, following))
    # Back from the signatures through the closing and the date line to the last text of the body.
    for i, block in enumerate(blocks):
        if not isinstance(block, SignatureBlock):
            continue
        k = i - 1
        while k >= 0 and (isinstance(blocks[k], Spacer) or
                          (isinstance(blocks[k], Paragraph) and blocks[k].role in _BEFORE_SIGNATURES)):
            keep[k] = True
            k -= 1
        if k >= 0 and isinstance(blocks[k], (Paragraph, ListBlock)):
            keep[k] = True
    for i, block in enumerate(blocks):  # spacers inside a chain
        if isinstance(block, Spacer) and i > 0 and keep[i - 1]:
            j = next_index(i - 1)
            keep[i] = j is not None
    return keep


def item_keeps_with_next(item: ListItem) -> bool:
    """A list item stays with its first sub-item: "Sergei Krivov" is not left at a page's foot above his facts."""
    return item.children is not None and bool(item.children.items)


def list_label(style: ListStyle, number: int) -> str:
    """The visible label of item ``number`` (1-based) in a list of ``style``.

    Letters continue past Z as AA, AB, … the way parliaments letter recitals.
    ``alpha-paren`` is the "a)" of French, German and Swedish texts, ``cyrillic-paren`` the Russian "а)".
    """
    if style == "decimal":
        return f"{number}."
    if style == "paren-decimal":  # a US resolution's operative paragraphs
        return f"({number})"
    if style == "cyrillic-paren":
        return _letters(number, CYRILLIC_LIST_LETTERS) + ")"
    if style == "cyrillic-upper":  # a Russian text's recitals: "А.", "Б.", "В."
        return _letters(number, CYRILLIC_LIST_LETTERS.upper()) + "."
    if style == "alpha-paren":
        return _letters(number, "abcdefghijklmnopqrstuvwxyz") + ")"  # past z: aa), ab)
    if style in ("upper-alpha", "lower-alpha", "paren-upper-alpha"):
        letters = _letters(number, "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        if style == "lower-alpha":
            return f"({letters.lower()})"
        if style == "paren-upper-alpha":
            return f"({letters})"
        return f"{letters}."
    if style == "dash":
        return "–"
    return "•"


def _letters(number: int, alphabet: str) -> str:
    """``number`` (1-based) in ``alphabet`` continued past its end as aa, ab, …"""
    letters = ""
    n = number
    while n > 0:
        n, rem = divmod(n - 1, len(alphabet))
        letters = alphabet[rem] + letters
    return letters
