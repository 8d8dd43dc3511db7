"""Line numbers in the left margin, counted from 1 on every page, as committees print amendments.

Paragraphs of a document with line numbers record the baselines of the
lines they draw on the canvas; the canvas numbers them when it finishes the
page.
"""

from __future__ import annotations

from collections.abc import Iterable

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph as RLParagraph
from reportlab.rl_config import paraFontSizeHeightOffset

from desktop.core.fonts import FontFamily
from desktop.core.writers.pdf_furniture import Part
from desktop.core.writers.pdf_styles import GREY


class NumberedParagraph(RLParagraph):
    """A paragraph that reports the baselines of its lines, so the canvas can number them in the margin.

    Used only for documents with line numbers; the pieces of a paragraph
    split over two pages are of this class too (reportlab splits into
    ``self.__class__``), so each page counts the lines printed on it.
    """

    def draw(self) -> None:
        super().draw()
        bl_para = getattr(self, "blPara", None)
        lines = getattr(bl_para, "lines", None)
        if not lines:
            return
        style = self.style
        first = lines[0] if bl_para.kind else bl_para
        font_size = getattr(first, "fontSize", style.fontSize)
        # The same arithmetic as reportlab's drawPara: the first baseline one
        # ascent below the top, the others one leading apart.
        top = self.height - (font_size if paraFontSizeHeightOffset else getattr(first, "ascent", font_size))
        leading = style.leading
        auto = getattr(self, "autoLeading", getattr(style, "autoLeading", ""))
        if auto == "max":
            leading = max(leading, bl_para.ascent - bl_para.descent)
        elif auto == "min":
            leading = bl_para.ascent - bl_para.descent
        baselines = self.canv.__dict__.setdefault("_pd_lines", [])
        for i, line in enumerate(lines):
            if _line_has_text(line):
                baselines.append(self.canv.absolutePosition(0, top - i * leading)[1])


def _line_has_text(line) -> bool:
    """False for the empty line a blank line inside a paragraph (two <br/>) makes."""
    words = line[1] if isinstance(line, tuple) else getattr(line, "words", None)
    if words is None:
        return True
    return any((word if isinstance(word, str) else getattr(word, "text", "x")).strip() for word in words)


_LINE_NUMBER_SIZE = 7.5
_LINE_NUMBER_GAP = 6 * mm  # from the text's left edge to the numbers' right edge, as in the DOCX


def draw_line_numbers(canv: Canvas, fonts: FontFamily, part: Part, baselines: Iterable[float]) -> None:
    """Number the page's lines 1, 2, … from the top, small and grey in the left margin."""
    rows: list[float] = []
    for y in sorted(baselines, reverse=True):
        if not rows or rows[-1] - y > 1:  # side-by-side signers share their lines
            rows.append(y)
    if not rows:
        return
    x = part.paper.margin - _LINE_NUMBER_GAP
    canv.saveState()
    canv.setFillColor(GREY)
    canv.setFont(fonts.regular, _LINE_NUMBER_SIZE)
    for number, y in enumerate(rows, start=1):
        canv.drawRightString(x, y, str(number))
    canv.restoreState()
