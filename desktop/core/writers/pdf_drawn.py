"""Drawn pages (placards, banners, leaflets) written as PDF.

A poster's layout has already placed every line and measured every size;
this module only draws what :class:`~desktop.core.document.DrawnPage` lists,
page by page, on pages of the drawing's own size (A3, Tabloid, landscape …).
Text boxes are the one place where text flows: their blocks are set in the
letters' paragraph styles, scaled down as far as needed to fit the box.
"""

from __future__ import annotations

import io
from typing import BinaryIO

from pypdf.generic import NameObject, TextStringObject
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame, Spacer
from reportlab.platypus import Paragraph as RLParagraph

from desktop.core import document as model
from desktop.core.errors import N_, PetitionDeskError
from desktop.core.fonts import register_fonts
from desktop.core.writers.pdf_fallback import draw_string
from desktop.core.writers.pdf_styles import markup, one_line, paragraph_style, runs_markup

_ANCHOR = {"left": "left", "center": "centre", "right": "right"}


def build_drawn(docs: list[model.Document], out: BinaryIO, meta, info_class, contents: list | None = None) -> int:
    """Draw every page of ``docs`` into ``out``; returns the number of pages."""
    fonts = register_fonts()
    canv = Canvas(out, lang=meta.language or None, initialFontName=fonts.regular)
    canv.setCreator("Petition Desk")
    pages = 0
    for index, doc in enumerate(docs):
        if contents is not None:
            contents.append((one_line(doc.title), pages, len(doc.drawn)))
        for number, page in enumerate(doc.drawn):
            canv.setPageSize((page.width_mm * mm, page.height_mm * mm))
            if number == 0 and len(docs) > 1:
                key = f"document-{index + 1}"
                canv.bookmarkPage(key)
                canv.addOutlineEntry(one_line(doc.title)[:200] or str(index + 1), key, level=0)
            if page.upside_down:
                canv.translate(page.width_mm * mm, page.height_mm * mm)
                canv.rotate(180)
            for item in page.items:
                _draw(canv, fonts, item)
            canv.showPage()
            pages += 1
    if len(docs) > 1:
        canv.showOutline()
    canv._doc.info = info_class(meta)
    canv.save()
    return pages


def build_mixed(docs: list[model.Document], out: BinaryIO, build, contents: list | None = None) -> int:
    """Drawn and flowed documents in one file: each run of one kind written by its own road, the runs joined.

    ``build(run, buffer, found)`` writes a run of documents of one kind and
    fills ``found`` with each document's (title, first page, pages).
    """
    from itertools import groupby

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    entries: list[tuple[str, int, int]] = []
    for _, run in groupby(docs, key=lambda d: d.drawn is not None):
        buffer = io.BytesIO()
        found: list[tuple[str, int, int]] = []
        offset = len(writer.pages)
        build(list(run), buffer, found)
        buffer.seek(0)
        writer.append(PdfReader(buffer), import_outline=False)
        entries.extend((title, first + offset, pages) for title, first, pages in found)
    for title, first, _ in entries:
        writer.add_outline_item(title=title[:200] or str(first + 1), page_number=first)
    titles = list(dict.fromkeys(title for title, _, _ in entries if title))
    writer.add_metadata({"/Title": "; ".join(titles)[:1000], "/Creator": "Petition Desk"})
    if docs[0].language:
        writer._root_object[NameObject("/Lang")] = TextStringObject(docs[0].language)
    writer.write(out)
    if contents is not None:
        contents.extend(entries)
    return len(writer.pages)


def _draw(canv: Canvas, fonts, item) -> None:
    canv.saveState()
    if isinstance(item, model.DrawnText):
        face = fonts.bold if item.bold else fonts.regular
        canv.setFillGray(item.grey)
        x, y = item.x_mm * mm, item.y_mm * mm
        if item.angle:
            canv.translate(x, y)
            canv.rotate(item.angle)
            x = y = 0.0
        draw_string(canv, x, y, one_line(item.text), face, item.size_pt, _ANCHOR[item.anchor])
    elif isinstance(item, model.DrawnLine):
        canv.setStrokeGray(item.grey)
        canv.setLineWidth(item.width_pt)
        if item.dash:
            canv.setDash(list(item.dash))
        canv.line(item.x1_mm * mm, item.y1_mm * mm, item.x2_mm * mm, item.y2_mm * mm)
    elif isinstance(item, model.DrawnRect):
        if item.fill_grey is not None:
            canv.setFillGray(item.fill_grey)
        if item.stroke_grey is not None:
            canv.setStrokeGray(item.stroke_grey)
            canv.setLineWidth(item.width_pt)
            if item.dash:
                canv.setDash(list(item.dash))
        canv.rect(item.x_mm * mm, item.y_mm * mm, item.width_mm * mm, item.height_mm * mm,
                  stroke=int(item.stroke_grey is not None), fill=int(item.fill_grey is not None))
    elif isinstance(item, model.DrawnPicture):
        canv.drawImage(ImageReader(io.BytesIO(item.path.read_bytes())), item.x_mm * mm, item.y_mm * mm,
                       item.width_mm * mm, item.height_mm * mm, preserveAspectRatio=True)
    elif isinstance(item, model.TextBox):
        _text_box(canv, item)
    canv.restoreState()


# -- text boxes ----------------------------------------------------------------------------

def _scaled(style: ParagraphStyle, scale: float) -> ParagraphStyle:
    if scale == 1.0:
        return style
    return ParagraphStyle(f"{style.name}-{scale}", parent=style, fontSize=style.fontSize * scale,
                          leading=style.leading * scale, spaceBefore=style.spaceBefore * scale,
                          spaceAfter=style.spaceAfter * scale, bulletFontSize=style.bulletFontSize * scale,
                          leftIndent=style.leftIndent * scale, bulletIndent=style.bulletIndent * scale)


def box_flowables(blocks: list, scale: float) -> list:
    out = []
    for block in blocks:
        if isinstance(block, model.Paragraph):
            out.append(RLParagraph(runs_markup(block.runs), _scaled(paragraph_style(block.role, block.align), scale)))
        elif isinstance(block, model.Heading):
            out.append(RLParagraph(markup(block.text), _scaled(paragraph_style("h2" if block.level >= 2 else "h1"),
                                                                scale)))
        elif isinstance(block, model.ListBlock):
            style = ParagraphStyle("box-item", parent=paragraph_style("item"), leftIndent=5 * mm, bulletIndent=0)
            style = _scaled(style, scale)
            for number, entry in enumerate(block.items, start=block.start):
                out.append(RLParagraph(runs_markup(entry.runs), style,
                                       bulletText=model.list_label(block.style, number)))
        elif isinstance(block, model.Spacer):
            out.append(Spacer(1, block.height_mm * mm * scale))
    return out


def fits(box: model.TextBox, scale: float) -> bool:
    """Whether the box's blocks, at ``scale`` of their styles' sizes, fit its height."""
    width, height = box.width_mm * mm, box.height_mm * mm
    used = 0.0
    for i, flowable in enumerate(box_flowables(box.blocks, scale)):
        _, h = flowable.wrap(width, height)
        used += h + (flowable.getSpaceBefore() if i else 0) + flowable.getSpaceAfter()
    return used <= height


def box_scale(box: model.TextBox, largest: float = 1.0) -> float | None:
    """The largest scale, at most ``largest``, at which the box's blocks fit it, or None."""
    steps = [round(largest - 0.05 * i, 2) for i in range(int((largest - box.min_scale) / 0.05) + 1)]
    for scale in steps:
        if scale < box.min_scale - 1e-9:
            break
        if fits(box, scale):
            return scale
    return None


def _text_box(canv: Canvas, box: model.TextBox) -> None:
    scale = box.scale if box.scale is not None and fits(box, box.scale) else box_scale(box)
    if scale is None:
        raise PetitionDeskError(N_("The text does not fit its panel of the leaflet. Shorten the case's summary, "
                                   "or fold the leaflet in two for larger panels."))
    frame = Frame(box.x_mm * mm, box.y_mm * mm, box.width_mm * mm, box.height_mm * mm,
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, showBoundary=0)
    frame.addFromList(box_flowables(box.blocks, scale), canv)
