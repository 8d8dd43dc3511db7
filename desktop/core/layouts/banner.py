"""A banner printed at home: the demand in one line across several A4 sheets, landscape.

Each sheet prints one stretch of the banner inside a 10 mm margin. The
stretches overlap by :data:`OVERLAP_MM`: on every sheet but the last, the
right-hand strip of that width is tinted and marked "glue here" in the
margins, and the next sheet, its left margin cut off along the crop marks,
is laid on that strip — the letters then meet exactly. Crop marks at the
corners of every sheet show where to trim; the sheet's number ("Part 2 of
6") is printed small in the bottom margin, which is cut away.

The length is ``pages`` sheets, or ``length_cm`` (then as many sheets as
that length needs). The demand is as tall as the sheet's printable height
allows, and smaller when the line would be longer than the banner.
"""

from __future__ import annotations

import math
from typing import Any

from desktop.core import document as model
from desktop.core.layouts import poster
from desktop.core.markup import ParsedBody
from desktop.core.recipients import Recipient
from desktop.core.signers import Signer

PAGE_W, PAGE_H = 297.0, 210.0  # A4 landscape
MARGIN_MM = 10.0
OVERLAP_MM = 10.0
CROP_MM = 6.0  # length of a crop mark
SMALL_PT = 8.0
FILL_SHARE = 0.94  # the line takes at most this share of the banner's length


def geometry(pages: int, length_mm: float | None = None) -> dict[str, float]:
    """Where each stretch lies: the printable width of a sheet, the step from one sheet to the next, the length."""
    content_w = PAGE_W - 2 * MARGIN_MM
    step = content_w - OVERLAP_MM
    if length_mm:
        pages = max(1, math.ceil((length_mm - OVERLAP_MM) / step))
    else:
        length_mm = content_w + (pages - 1) * step
    return {"pages": pages, "content_w": content_w, "content_h": PAGE_H - 2 * MARGIN_MM, "step": step,
            "length": float(length_mm)}


def build(document: model.Document, body: ParsedBody, context: dict[str, Any], recipient: Recipient,
          signers: list[Signer], language: str, options: Any, phrases: dict[str, str]) -> None:
    settings = context.get("options") or {}
    demand = " ".join(str(settings.get("demand") or "").split()) or " ".join(poster.words_of(body.subject))
    demand = poster.typeset_line(demand, language)
    length_cm = int(settings.get("length_cm") or 0)
    shape = geometry(int(settings.get("pages") or 4), length_cm * 10.0 if length_cm else None)
    pages, step, length = int(shape["pages"]), shape["step"], shape["length"]
    content_w, content_h = shape["content_w"], shape["content_h"]
    ascent, descent = poster.ascent_descent()
    by_height = content_h / poster.MM_PER_PT / (ascent + descent)
    by_length = length * FILL_SHARE / poster.MM_PER_PT / max(poster.width_pt(demand, 1.0), 1e-6)
    size = min(by_height, by_length)
    baseline = MARGIN_MM + (content_h - size * (ascent + descent) * poster.MM_PER_PT) / 2 \
        + descent * size * poster.MM_PER_PT
    note = phrases.get("historical_example", "") if context.get("case", {}).get("historical_example") else ""
    drawn = []
    for k in range(pages):
        page = model.DrawnPage(PAGE_W, PAGE_H)
        last = k == pages - 1
        if not last:  # the strip the next sheet is glued on, behind the letters
            page.items.append(model.DrawnRect(MARGIN_MM + content_w - OVERLAP_MM, MARGIN_MM, OVERLAP_MM, content_h,
                                              fill_grey=0.88))
        # The whole line, shifted so this sheet shows its own stretch; the margins are masked below.
        page.items.append(model.DrawnText(MARGIN_MM + length / 2 - k * step, baseline, demand, size, bold=True,
                                          anchor="center"))
        for x, y, w, h in ((0, 0, MARGIN_MM, PAGE_H), (PAGE_W - MARGIN_MM, 0, MARGIN_MM, PAGE_H),
                           (0, 0, PAGE_W, MARGIN_MM), (0, PAGE_H - MARGIN_MM, PAGE_W, MARGIN_MM)):
            page.items.append(model.DrawnRect(x, y, w, h, fill_grey=1.0))
        page.items.extend(_crop_marks())
        small = poster.width_pt
        if not last:
            glue = phrases.get("banner_glue", "glue here")
            middle = MARGIN_MM + content_w - OVERLAP_MM / 2
            for y in (MARGIN_MM / 2 - 1.2, PAGE_H - MARGIN_MM / 2 - 1.2):
                page.items.append(model.DrawnText(middle, y, glue, SMALL_PT, anchor="center", grey=0.3))
        if k > 0:
            cut = phrases.get("banner_cut", "cut")
            page.items.append(model.DrawnText(MARGIN_MM / 2 + 1.0, PAGE_H / 2, cut, SMALL_PT, anchor="center",
                                              grey=0.3, angle=90))
            page.items.append(model.DrawnLine(MARGIN_MM, MARGIN_MM, MARGIN_MM, PAGE_H - MARGIN_MM, width_pt=0.4,
                                              dash=(3, 3), grey=0.55))
        label = poster.phrase(phrases, "banner_part", page=k + 1, pages=pages)
        page.items.append(model.DrawnText(MARGIN_MM + 1.0, MARGIN_MM / 2 - 1.2, label, SMALL_PT, grey=0.3))
        if note:
            free = (content_w - OVERLAP_MM) * 0.5 / poster.MM_PER_PT
            wide = small(note, SMALL_PT, poster.regular_face())
            page.items.append(model.DrawnText(MARGIN_MM + content_w / 2 - OVERLAP_MM / 2, MARGIN_MM / 2 - 1.2, note,
                                              min(SMALL_PT, SMALL_PT * free / wide) * 0.9, anchor="center",
                                              grey=0.4))
        drawn.append(page)
    document.drawn = drawn
    document.blocks = [model.Paragraph([model.Run(demand, bold=True)])]


def _crop_marks() -> list[model.DrawnLine]:
    """Short lines in the margin at each corner of the printed area, where the sheet is trimmed."""
    marks = []
    gap = 1.5
    for x in (MARGIN_MM, PAGE_W - MARGIN_MM):
        for y in (MARGIN_MM, PAGE_H - MARGIN_MM):
            out_x = -1 if x == MARGIN_MM else 1
            out_y = -1 if y == MARGIN_MM else 1
            marks.append(model.DrawnLine(x + out_x * gap, y, x + out_x * (gap + CROP_MM), y, width_pt=0.5))
            marks.append(model.DrawnLine(x, y + out_y * gap, x, y + out_y * (gap + CROP_MM), width_pt=0.5))
    return marks
