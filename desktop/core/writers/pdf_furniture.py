"""The page around the text: paper sizes, the letterhead, the running header and the footer.

The letterhead is drawn by the first flowable of each document, at the top
of its first page; the header and footer are drawn once the page count is
known (see ``_HeldPagesCanvas`` in :mod:`desktop.core.writers.pdf`).
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.pagesizes import A4, letter
from reportlab.lib.units import inch, mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable
from reportlab.platypus import Paragraph as RLParagraph

from desktop.core import document as model
from desktop.core.fonts import FontFamily
from desktop.core.writers.pdf_fallback import draw_string, string_width
from desktop.core.writers.pdf_styles import FURNITURE_SIZE, GREY, RULE, base_styles, markup, one_line

_LETTERHEAD_TOP = 14 * mm  # from the top edge, inside the top margin
_LETTERHEAD_MAX_LINES = 8
_LETTERHEAD_MAX_CHARS = 300


@dataclass(frozen=True)
class Paper:
    name: str
    size: tuple[float, float]
    margin: float
    address_top: float  # distance from the top edge that lands in a window envelope's window


PAPERS = {
    "A4": Paper("A4", A4, 25 * mm, 50 * mm),
    "Letter": Paper("Letter", letter, 1 * inch, 2 * inch),
}


@dataclass
class Part:
    """One document inside the output file, as the canvas needs to know it."""

    index: int
    title: str
    furniture: model.PageFurniture
    paper: Paper


class PartStart(Flowable):
    """First flowable of each document: tells the canvas a new document begins and draws its letterhead.

    It always sits at the top of a fresh page, so it may draw above itself,
    in the top margin. Its own height is whatever the letterhead needs below
    the margin.
    """

    def __init__(self, part: Part) -> None:
        super().__init__()
        self.part = part
        lines = [one_line(line)[:_LETTERHEAD_MAX_CHARS] for line in part.furniture.letterhead]
        lines = [line for line in lines if line][:_LETTERHEAD_MAX_LINES]
        styles = base_styles()
        self.paragraphs = [
            RLParagraph(markup(line), styles["letterhead_first" if i == 0 else "letterhead"])
            for i, line in enumerate(lines)
        ]

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        if not self.paragraphs:
            return availWidth, 0
        lines_height = sum(p.wrap(availWidth, availHeight)[1] for p in self.paragraphs)
        bottom = _LETTERHEAD_TOP + lines_height + 2.5 * mm  # the rule, from the top edge
        self.height = max(0.0, bottom + 9 * mm - self.part.paper.margin)
        return availWidth, self.height

    def draw(self) -> None:
        canv = self.canv
        canv._pd_part = self.part
        canv._pd_part_starts = True
        if not self.paragraphs:
            return
        y = self.height + self.part.paper.margin - _LETTERHEAD_TOP  # local y of the letterhead's top
        for para in self.paragraphs:
            y -= para.height
            para.drawOn(canv, 0, y)
        y -= 2.5 * mm
        canv.saveState()
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.5)
        canv.line(0, y, self.width, y)
        canv.restoreState()


class AddressWindowSpace(Flowable):
    """Empty space that moves the address block down to a window envelope's window, when there is room."""

    def __init__(self, paper: Paper) -> None:
        super().__init__()
        self.paper = paper

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        cursor_from_top = self.paper.size[1] - self.paper.margin - availHeight
        return availWidth, max(0.0, self.paper.address_top - cursor_from_top)

    def draw(self) -> None:
        pass


def _fit(text: str, font: str, size: float, width: float) -> str:
    """``text`` shortened with an ellipsis so that it fits ``width`` on one line."""
    if string_width(text, font, size) <= width:
        return text
    low, high = 0, min(len(text), int(width / (size * 0.15)) + 1)  # no glyph is narrower than 0.15 em
    while low < high:  # the longest prefix that still fits with its ellipsis
        middle = (low + high + 1) // 2
        if string_width(text[:middle] + "…", font, size) <= width:
            low = middle
        else:
            high = middle - 1
    return text[:low] + "…"


_NOTE_LINES = 2  # at most, in the bottom margin above the page number


def note_lines(text: str, font: str, width: float) -> list[str]:
    """The furniture's note broken into the lines that fit ``width``; the last one shortened if it needs more."""
    words = one_line(text).split(" ")
    lines: list[str] = []
    for word in filter(None, words):
        if lines and string_width(f"{lines[-1]} {word}", font, FURNITURE_SIZE) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    if len(lines) > _NOTE_LINES:
        lines[_NOTE_LINES - 1] = " ".join(lines[_NOTE_LINES - 1:])
        del lines[_NOTE_LINES:]
    return [_fit(line, font, FURNITURE_SIZE, width) for line in lines]


def draw_footer(canv: Canvas, fonts: FontFamily, part: Part, page: int, pages: int) -> None:
    """The note (if any) and below it the page number, centred in the bottom margin, in reading order."""
    page_w = canv._pagesize[0]
    width = page_w - 2 * part.paper.margin
    baseline = part.paper.margin * 0.48
    footer_format = one_line(part.furniture.footer_text)
    footer = ""
    if footer_format:
        footer = footer_format.replace("{page}", str(page)).replace("{pages}", str(pages))
        footer = _fit(footer, fonts.regular, FURNITURE_SIZE, width)
    # The note rides with the page, never with the text: it cannot be pushed onto a page of its own.
    lines = note_lines(part.furniture.note, fonts.italic, width) if part.furniture.note else []
    top = baseline + (FURNITURE_SIZE * 1.5 if footer else 0) + FURNITURE_SIZE * 1.3 * (len(lines) - 1)
    canv.saveState()
    canv.setFillColor(GREY)
    for number, line in enumerate(lines):
        draw_string(canv, page_w / 2, top - number * FURNITURE_SIZE * 1.3, line, fonts.italic, FURNITURE_SIZE,
                    "centre")
    if footer:
        draw_string(canv, page_w / 2, baseline, footer, fonts.regular, FURNITURE_SIZE, "centre")
    canv.restoreState()


def draw_header(canv: Canvas, fonts: FontFamily, part: Part, page: int) -> None:
    header = one_line(part.furniture.header_text)
    if page == 1 or not header:
        return
    margin = part.paper.margin
    page_w, page_h = canv._pagesize
    header = _fit(header, fonts.italic, FURNITURE_SIZE, page_w - 2 * margin)
    baseline = page_h - _LETTERHEAD_TOP - FURNITURE_SIZE
    canv.saveState()
    canv.setFillColor(GREY)
    canv.setFont(fonts.italic, FURNITURE_SIZE)
    draw_string(canv, page_w - margin, baseline, header, fonts.italic, FURNITURE_SIZE, "right")
    canv.setStrokeColor(RULE)
    canv.setLineWidth(0.5)
    canv.line(margin, baseline - 2.5 * mm, page_w - margin, baseline - 2.5 * mm)
    canv.restoreState()
