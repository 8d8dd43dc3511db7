"""A leaflet for passers-by: one A4 sheet, landscape, printed on both sides and folded.

The template's text has five parts separated by ``@pagebreak``: 1 the cover
(its ``@subject`` is the demand), 2 what happened, 3 who they are, 4 what
you can do, 5 our demands. The layout adds the QR code of the ``url``
setting (encoded here, offline, with segno), the address printed under it,
and the first signer's contact.

Panel order, looking at each printed side with the text upright
(page 1 is the outside, page 2 the inside)::

    tri-fold (fold = "tri", letter fold, 97 + 100 + 100 mm):
      page 1:  [ flap: 4 what you can do | back: QR, contact | front: 1 cover ]
      page 2:  [ 2 what happened | 3 who they are | 5 our demands ]
      Fold the right third of page 2 (the 97 mm flap) in first, then the left.

    bi-fold (fold = "bi", two A5 panels a side):
      page 1:  [ back: 4 what you can do, QR, contact | front: 1 cover ]
      page 2:  [ 2 what happened, 5 our demands | 3 who they are ]

Print both sides turning the sheet over on its short edge: page 2 is then
upright behind page 1, the front cover behind the inside's left panel. With
``duplex = "long"`` (printers that can only turn over on the long edge),
page 2 is drawn upside down so that it comes out upright.
"""

from __future__ import annotations

from typing import Any

from desktop.core import document as model
from desktop.core.errors import N_, PetitionDeskError
from desktop.core.layouts import poster
from desktop.core.markup import ParsedBody
from desktop.core.recipients import Recipient
from desktop.core.signers import Signer

PAGE_W, PAGE_H = 297.0, 210.0
PAD_MM = 9.0  # from a fold or the sheet's edge to the text
TOP_MM = 12.0
BOTTOM_MM = 12.0
TRI_OUTSIDE = (("flap", 97.0), ("back", 100.0), ("front", 100.0))
TRI_INSIDE = (("inside1", 100.0), ("inside2", 100.0), ("inside3", 97.0))
BI_OUTSIDE = (("back", 148.5), ("front", 148.5))
BI_INSIDE = (("inside1", 148.5), ("inside2", 148.5))
QR_MM = {"tri": 40.0, "bi": 46.0}
SMALL_PT = 7.5


def qr_matrix(url: str) -> list[list[bool]]:
    """The QR code of ``url`` as rows of dark (True) and light modules, without the quiet zone."""
    import segno

    code = segno.make(url, error="m", micro=False)
    return [[bool(module) for module in row] for row in code.matrix]


def qr_items(url: str, x_mm: float, y_mm: float, side_mm: float) -> list[model.DrawnRect]:
    """The code drawn as filled squares (runs of dark modules merged), its lower-left corner at (x, y)."""
    matrix = qr_matrix(url)
    count = len(matrix)
    module = side_mm / count
    out = []
    for r, row in enumerate(matrix):
        c = 0
        while c < count:
            if not row[c]:
                c += 1
                continue
            start = c
            while c < count and row[c]:
                c += 1
            # A hair wider than the module, so no white seam shows between touching squares.
            out.append(model.DrawnRect(x_mm + start * module, y_mm + (count - r - 1) * module,
                                       (c - start) * module + 0.02, module + 0.02, fill_grey=0.0))
    return out


def _sections(blocks: list) -> list[list]:
    sections: list[list] = [[]]
    for block in blocks:
        if isinstance(block, model.PageBreak):
            sections.append([])
        else:
            sections[-1].append(block)
    while len(sections) < 5:
        sections.append([])
    return sections


def build(document: model.Document, body: ParsedBody, context: dict[str, Any], recipient: Recipient,
          signers: list[Signer], language: str, options: Any, phrases: dict[str, str]) -> None:
    from desktop.core.typography import apostrophes, typeset

    settings = context.get("options") or {}
    fold = "bi" if settings.get("fold") == "bi" else "tri"
    url = " ".join(str(settings.get("url") or "").split())
    # The French template writes "’"; the case's data ("l'investiture") takes the same apostrophe.
    typeset_blocks = typeset(model.Document(title="", language=language, blocks=list(body.blocks)),
                             typographic_apostrophe=True).blocks
    cover, happened, people, act, demands = _sections(typeset_blocks)[:5]
    demand = apostrophes(poster.typeset_line(body.subject, language), language)
    note = phrases.get("historical_example", "") if context.get("case", {}).get("historical_example") else ""
    contact = _contact(signers, phrases) if settings.get("contact", True) else []

    outside = model.DrawnPage(PAGE_W, PAGE_H)
    inside = model.DrawnPage(PAGE_W, PAGE_H, upside_down=settings.get("duplex") == "long")
    panels = {}
    for page, layout in ((outside, TRI_OUTSIDE if fold == "tri" else BI_OUTSIDE),
                         (inside, TRI_INSIDE if fold == "tri" else BI_INSIDE)):
        x = 0.0
        for name, width in layout:
            panels[name] = (page, x, width)
            x += width
        _fold_marks(page, layout)

    _cover(*panels["front"], demand, cover, note)
    if fold == "tri":
        _text(*panels["inside1"], happened)
        _text(*panels["inside2"], people)
        if demands:
            _text(*panels["inside3"], demands)
            _text(*panels["flap"], act)
        else:
            _text(*panels["inside3"], act)
            _slogan(*panels["flap"], demand)
        _back(*panels["back"], url, contact, phrases, QR_MM["tri"], [])
    else:
        _text(*panels["inside1"], [*happened, *demands])
        _text(*panels["inside2"], people)
        _back(*panels["back"], url, contact, phrases, QR_MM["bi"], act)
    # The panels read one after the other share one size; the cover and the back (contact, code) have their own.
    back = panels["back"][1]
    boxes = [item for page in (outside, inside) for item in page.items if isinstance(item, model.TextBox)]
    outer = {id(item) for item in outside.items}
    on_back = [box for box in boxes if box.blocks is not cover and id(box) in outer
               and back <= box.x_mm < back + panels["back"][2]]
    back_ids = {id(box) for box in on_back}
    _same_scale([box for box in boxes if box.blocks is not cover and id(box) not in back_ids], TEXT_LARGEST)
    _same_scale([box for box in boxes if box.blocks is cover], COVER_LARGEST)
    for box in on_back:
        _same_scale([box], 1.0)
    document.drawn = [outside, inside]
    texts = [model.Paragraph([model.Run(demand, bold=True)]), *cover, *happened, *people, *act, *demands]
    if url:
        texts.append(model.Paragraph([model.Run(url)]))
    document.blocks = texts + contact


def _contact(signers: list[Signer], phrases: dict[str, str]) -> list:
    if not signers:
        return []
    first = signers[0]
    who = first.organisation.strip() or first.name.strip()
    # A leaflet is handed to strangers: a group's postal address is printed, a person's (their home) is not.
    address = list(first.address_lines) if first.organisation.strip() else []
    lines = [line.strip() for line in (who, *address, first.email) if line and line.strip()]
    if not lines:
        return []
    out: list = [model.Heading(phrases.get("leaflet_contact", "Contact"), level=2)]
    out.append(model.Paragraph([model.Run(lines[0], bold=True)]))
    out.extend(model.Paragraph([model.Run(line)], role="sender") for line in lines[1:])
    imprint = phrases.get("leaflet_imprint", "")
    if imprint and first.name.strip():
        out.append(model.Paragraph([model.Run(imprint.format(name=first.name.strip()))], role="small"))
    return out


def _fold_marks(page: model.DrawnPage, layout) -> None:
    x = 0.0
    for _, width in layout[:-1]:
        x += width
        for y1, y2 in ((3.0, 8.0), (PAGE_H - 8.0, PAGE_H - 3.0)):
            page.items.append(model.DrawnLine(x, y1, x, y2, width_pt=0.4, grey=0.55))


def _box(page: model.DrawnPage, x: float, width: float, blocks: list, top: float = PAGE_H - TOP_MM,
         bottom: float = BOTTOM_MM) -> model.TextBox | None:
    if not blocks:
        return None
    box = model.TextBox(x + PAD_MM, bottom, width - 2 * PAD_MM, top - bottom, blocks, min_scale=0.6)
    page.items.append(box)
    return box


def _same_scale(boxes: list[model.TextBox], largest: float) -> None:
    """One size for the text of every panel: the largest (up to ``largest``) at which all of them fit."""
    from desktop.core.writers.pdf_drawn import box_scale

    scales = [box_scale(box, largest) for box in boxes]
    if any(scale is None for scale in scales):
        raise PetitionDeskError(N_("The text does not fit its panel of the leaflet. Shorten the case's summary, "
                                   "or fold the leaflet in two for larger panels."))
    common = min(scales, default=1.0)
    for box in boxes:
        box.scale = common


def _text(page: model.DrawnPage, x: float, width: float, blocks: list) -> None:
    _box(page, x, width, blocks)


TEXT_LARGEST = 1.25  # panels' text up to 25 % above the letters' size when the panels have room
COVER_LARGEST = 1.6


def _fitted(page: model.DrawnPage, x: float, width: float, text: str, top: float, height: float,
            largest: float) -> float:
    """``text`` in large type across the panel, in the band from ``top`` down; returns the band's used bottom."""
    inner = width - 2 * PAD_MM
    fitted = poster.fit([text], inner / poster.MM_PER_PT, height / poster.MM_PER_PT, largest=largest,
                        smallest=8.0, max_lines=5)
    if fitted is None:
        raise PetitionDeskError(N_("The leaflet's demand is too long for its cover. Shorten it."))
    used = fitted.height() * poster.MM_PER_PT
    poster.draw_block(page, fitted, x + PAD_MM, inner, top, used)
    return top - used


def _cover(page: model.DrawnPage, x: float, width: float, demand: str, blocks: list, note: str) -> None:
    top = PAGE_H - TOP_MM - 8.0
    band = (PAGE_H - TOP_MM - BOTTOM_MM) * 0.5
    bottom = _fitted(page, x, width, demand, top, band, largest=40.0)
    rule = bottom - 6.0
    page.items.append(model.DrawnLine(x + PAD_MM, rule, x + width - PAD_MM, rule, width_pt=2.5))
    low = BOTTOM_MM + (8.0 if note else 0.0)
    _box(page, x, width, blocks, top=rule - 6.0, bottom=low)
    if note:
        _small_line(page, x, width, note, BOTTOM_MM)


def _slogan(page: model.DrawnPage, x: float, width: float, demand: str) -> None:
    height = (PAGE_H - TOP_MM - BOTTOM_MM) * 0.6
    _fitted(page, x, width, demand, PAGE_H / 2 + height / 2, height, largest=40.0)


def _small_line(page: model.DrawnPage, x: float, width: float, text: str, y: float) -> None:
    inner = (width - 2 * PAD_MM) / poster.MM_PER_PT
    wide = poster.width_pt(text, SMALL_PT, poster.regular_face())
    size = min(SMALL_PT, SMALL_PT * inner / wide) if wide else SMALL_PT
    if size >= 5.0:
        page.items.append(model.DrawnText(x + width / 2, y, text, size, anchor="center", grey=0.35))
        return
    # Too long for one line even in small type: two lines, broken between words.
    lines = poster.wrap(text, 5.0, inner, poster.regular_face()) or [text]
    for i, line in enumerate(lines[:3]):
        page.items.append(model.DrawnText(x + width / 2, y + (len(lines[:3]) - 1 - i) * 2.4, line, 5.0,
                                          anchor="center", grey=0.35))


def _url_lines(url: str, width_pt: float, size: float) -> list[str]:
    """The address in lines that fit, broken after a character (an address has no spaces to break at)."""
    lines = [""]
    for ch in url:
        if lines[-1] and poster.width_pt(lines[-1] + ch, size, poster.regular_face()) > width_pt:
            lines.append("")
        lines[-1] += ch
    return lines


def _back(page: model.DrawnPage, x: float, width: float, url: str, contact: list, phrases: dict[str, str],
          qr_mm: float, above: list) -> None:
    top = PAGE_H - TOP_MM
    inner = width - 2 * PAD_MM
    if above:  # bi-fold: what you can do, above the code
        band = (PAGE_H - TOP_MM - BOTTOM_MM) * (0.42 if url else 0.6)
        _box(page, x, width, above, top=top, bottom=top - band)
        top -= band + 4.0
    if url:
        side = min(qr_mm, inner)
        scan = phrases.get("leaflet_scan", "")
        if scan:
            page.items.append(model.DrawnText(x + width / 2, top - 4.0, scan, 9.5, bold=True, anchor="center"))
            top -= 7.0
        page.items.extend(qr_items(url, x + (width - side) / 2, top - side, side))
        top -= side + 4.0
        size = 8.5
        while size > 6.0 and poster.width_pt(url, size, poster.regular_face()) > inner / poster.MM_PER_PT:
            size -= 0.5
        for line in _url_lines(url, inner / poster.MM_PER_PT, size):
            page.items.append(model.DrawnText(x + width / 2, top - 3.0, line, size, anchor="center"))
            top -= size * 1.25 * poster.MM_PER_PT
        top -= 5.0
    if contact:
        _box(page, x, width, contact, top=top, bottom=BOTTOM_MM)
