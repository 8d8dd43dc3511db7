"""PDF writer: turns :class:`~desktop.core.document.Document` objects into PDF with reportlab.

Page furniture (running header, "page X of Y" footer) needs the page count
of each document, which is only known after layout. Instead of laying every
document out twice, :class:`_HeldPagesCanvas` keeps finished pages in memory
and draws the furniture on them when the file is saved.

Several documents can share one file: each starts on a new page with its own
paper size, letterhead, page numbering and outline entry.

This module lays the documents out and saves the file; the pieces live
beside it: ``pdf_styles`` (markup and paragraph styles), ``pdf_furniture``
(paper, letterhead, header, footer), ``pdf_lines`` (line numbers),
``pdf_blocks`` (lists, tables, signature blocks) and ``pdf_images``
(signature images and photos).
"""

from __future__ import annotations

import datetime as _dt
import functools
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from reportlab import rl_config
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfdoc import PDFDate, PDFDictionary, PDFInfo, PDFName, PDFString
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    LayoutError,
    NextPageTemplate,
    PageTemplate,
)
from reportlab.platypus import PageBreak as RLPageBreak
from reportlab.platypus import Paragraph as RLParagraph
from reportlab.platypus import Spacer as RLSpacer

from desktop.core import document as model
from desktop.core.errors import N_, PetitionDeskError
from desktop.core.files import atomic_write
from desktop.core.fonts import register_fonts
from desktop.core.writers.pdf_blocks import (
    SignatureMark,
    list_flowables,
    signature_block,
    signature_boxes,
    table_flowable,
)
from desktop.core.writers.pdf_fallback import fix_to_unicode
from desktop.core.writers.pdf_furniture import (
    PAPERS,
    AddressWindowSpace,
    Paper,
    Part,
    PartStart,
    draw_footer,
    draw_header,
)
from desktop.core.writers.pdf_images import SignatureImage, photo_flowables
from desktop.core.writers.pdf_reuse import reuse_font_subsets
from desktop.core.writers.pdf_lines import NumberedParagraph, draw_line_numbers
from desktop.core.writers.pdf_styles import markup, one_line, paragraph_style, reusing, runs_markup

CREATOR = "Petition Desk"

# Kept on the same page as what follows (the closing with the signatures).
# Set on the flowable, never in the style: the pieces of a paragraph split
# across pages inherit the style, and reportlab then keeps regrouping a
# too-long paragraph with its own remainder.
_KEEP_WITH_NEXT_ROLES = {"closing", "subject", "salutation", "h1", "h2"}


def _document_flowables(doc: model.Document, part: Part) -> list[Flowable]:
    width = part.paper.size[0] - 2 * part.paper.margin
    height = part.paper.size[1] - 2 * part.paper.margin
    out: list[Flowable] = [PartStart(part)]
    # Only documents with line numbers pay for recording where lines are.
    paragraph = reusing(NumberedParagraph if doc.line_numbers else RLParagraph)
    window_possible = True
    keeps = model.keeps_with_next(doc.blocks)
    for block, keep in zip(doc.blocks, keeps):
        if isinstance(block, model.Paragraph):
            para = paragraph(runs_markup(block.runs), paragraph_style(block.role, block.align))
            if keep or block.role in _KEEP_WITH_NEXT_ROLES:
                para.keepWithNext = 1
            out.append(para)
        elif isinstance(block, model.Heading):
            para = paragraph(markup(block.text), paragraph_style("h2" if block.level >= 2 else "h1"))
            para.keepWithNext = 1
            out.append(para)
        elif isinstance(block, model.ListBlock):
            out.extend(list_flowables(block, 0.0, paragraph, keep_last=keep))
            gap = RLSpacer(1, 3)
            if keep:
                gap.keepWithNext = 1
            out.append(gap)
        elif isinstance(block, model.AddressBlock):
            if window_possible:
                out.append(AddressWindowSpace(part.paper))
                window_possible = False
            lines = [markup(line) for line in block.lines if line.strip()]
            out.append(KeepTogether([paragraph("<br/>".join(lines), paragraph_style("address"))]))
        elif isinstance(block, model.Table):
            table = table_flowable(block, width, height)
            if table is not None:
                out.append(table)
        elif isinstance(block, model.SignatureBlock):
            chain = signature_block(block, width, paragraph)
            if chain:
                start = SignatureMark(part, width, end=False)
                start.keepWithNext = 1
                out.extend([start, *chain, SignatureMark(part, width, end=True)])
        elif isinstance(block, model.Image):
            out.extend(photo_flowables(block, width, height, paragraph))
        elif isinstance(block, model.PageBreak):
            out.append(RLPageBreak())
            window_possible = False
        elif isinstance(block, model.Spacer):
            # A spacer taller than the page could never be placed.
            spacer = RLSpacer(1, min(max(0.0, block.height_mm) * mm, height - 1))
            if keep:
                spacer.keepWithNext = 1
            out.append(spacer)
    _drop_dangling_keep_with_next(out)
    return out


def _drop_dangling_keep_with_next(flowables: list[Flowable]) -> None:
    """Clear keep-with-next where nothing follows on the same page.

    reportlab wraps such a flowable alone in a KeepTogether, and one taller
    than a page then never finishes splitting.
    """
    for i, flowable in enumerate(flowables):
        following = flowables[i + 1] if i + 1 < len(flowables) else None
        if (following is None or isinstance(following, RLPageBreak)) and flowable.getKeepWithNext():
            flowable.__dict__["keepWithNext"] = 0


# --- the canvas that holds pages until it knows their count -----------------


class _PlainKeepTogether(KeepTogether):
    """A keep-with-next chain measured without reportlab's copy of the frame.

    reportlab deep-copies the frame each time it measures a chain, so that a
    flowable which adds content to the frame (a frame break, a template
    change) cannot disturb the real one. A letter's chains hold paragraphs,
    spacers, the signature and its mark, which add none; copying the frame
    for them was a tenth of the time spent laying out a letter.
    """

    def wrap(self, availWidth: float, availHeight: float):
        doc = getattr(self.canv, "_doctemplate", None)
        if doc is None or not all(isinstance(f, _PLAIN_FLOWABLES) for f in self._content):
            return super().wrap(availWidth, availHeight)
        frame = doc.frame
        doc.frame = None
        try:
            return super().wrap(availWidth, availHeight)
        finally:
            doc.frame = frame


_PLAIN_FLOWABLES = (RLParagraph, RLSpacer, SignatureMark, SignatureImage)


@dataclass
class _Metadata:
    title: str
    subject: str
    author: str
    keywords: str
    language: str


class _ExportInfo(PDFInfo):
    """Document info with only the fields we chose: no "anonymous" author, no local time zone."""

    def __init__(self, meta: _Metadata) -> None:
        super().__init__()
        self.meta = meta

    def digest(self, md5object) -> None:
        for value in (self.meta.title, self.meta.subject, self.meta.author, self.meta.keywords):
            md5object.update(value.encode("utf-8"))

    def format(self, document) -> bytes:
        # The export day in UTC: enough for the user's records, and it says
        # nothing about the time of day or the machine's time zone.
        today = _dt.datetime.now(_dt.UTC)
        date = PDFDate(dateFormatter=lambda *_: f"D:{today:%Y%m%d}000000Z")
        entries = {
            "Title": self.meta.title,
            "Subject": self.meta.subject,
            "Author": self.meta.author,
            "Keywords": self.meta.keywords,
            "Creator": CREATOR,
            "Producer": self.producer,
        }
        d = {key: PDFString(value) for key, value in entries.items() if value}
        d["CreationDate"] = d["ModDate"] = date
        d["Trapped"] = PDFName("False")
        return PDFDictionary(d).format(document)


class _HeldPagesCanvas(Canvas):
    """A canvas that draws headers, footers and outline entries once all pages exist."""

    def __init__(self, *args, meta: _Metadata, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._pd_meta = meta
        self._pd_part: Part | None = None
        self._pd_part_starts = False
        self._pd_held: list[dict] = []
        self._pd_lines: list[float] = []  # baselines of this page's numbered lines
        self._pd_contents: list[tuple[str, int, int]] = []  # (title, first page, pages) of each document

    def showPage(self) -> None:
        self._pd_held.append(dict(self.__dict__))
        self._pd_part_starts = False
        self._pd_lines = []
        self._startPage()

    def save(self) -> None:
        if self._code:
            self.showPage()
        held = self._pd_held
        totals: dict[int, int] = {}
        for state in held:
            part = state["_pd_part"]
            totals[part.index] = totals.get(part.index, 0) + 1
        with_outline = len(totals) > 1
        fonts = register_fonts()
        numbers: dict[int, int] = {}
        page_index = 0
        for state in held:
            self.__dict__.update(state)
            part: Part = state["_pd_part"]
            numbers[part.index] = page = numbers.get(part.index, 0) + 1
            if page == 1:
                self._pd_contents.append((one_line(part.title), page_index, totals[part.index]))
            page_index += 1
            if with_outline and state["_pd_part_starts"]:
                key = f"document-{part.index + 1}"
                self.bookmarkPage(key)
                self.addOutlineEntry(one_line(part.title)[:200] or str(part.index + 1), key, level=0)
            body = self._code
            self._code = []
            draw_header(self, fonts, part, page)
            header, self._code = self._code, body
            draw_line_numbers(self, fonts, part, state.get("_pd_lines", ()))
            draw_footer(self, fonts, part, page, totals[part.index])
            # Header first, footer last: text extraction and screen readers
            # then meet the page in reading order (the line numbers after the
            # text, so copying a clause does not pick them up between words).
            self._code = header + self._code
            Canvas.showPage(self)
        self._pd_held = []
        if with_outline:
            self.showOutline()
        self._doc.info = _ExportInfo(self._pd_meta)
        Canvas.save(self)

    @property
    def page_count(self) -> int:
        return self._doc.pageCounter - 1


# --- public API --------------------------------------------------------------


def _metadata(docs: list[model.Document]) -> _Metadata:
    def common(values: list[str]) -> str:
        unique = list(dict.fromkeys(one_line(v) for v in values if one_line(v)))
        return "; ".join(unique)[:1000]

    titles = list(dict.fromkeys(one_line(d.title) for d in docs if one_line(d.title)))
    keywords = list(dict.fromkeys(one_line(k) for d in docs for k in d.keywords if one_line(k)))
    return _Metadata(
        title=(titles[0] if len(titles) == 1 else "; ".join(titles))[:1000],
        subject=common([d.subject for d in docs]),
        author=common([d.author for d in docs]),
        keywords=", ".join(keywords)[:1000],
        # /Lang names one language for the whole file; a combined file takes its first document's.
        language=one_line(docs[0].language),
    )


def _paper(doc: model.Document) -> Paper:
    try:
        return PAPERS[doc.paper]
    except KeyError:
        raise PetitionDeskError(
            N_("The paper size %(paper)s is not supported. Choose A4 or Letter."), paper=str(doc.paper)
        ) from None


@functools.cache
def _configure_reportlab() -> None:
    # ASCII85 wrapping makes every stream 25% bigger and, without reportlab's
    # optional C accelerator, costs milliseconds per letter in pure Python.
    rl_config.useA85 = 0
    register_fonts()
    fix_to_unicode()
    reuse_font_subsets()


def _build(docs: list[model.Document], out: BinaryIO, boxes: list | None = None,
           contents: list | None = None) -> int:
    if not docs:
        raise PetitionDeskError(N_("There is nothing to export: no documents were given."))
    _configure_reportlab()
    drawn = {doc.drawn is not None for doc in docs}
    if drawn == {True, False}:  # posters and letters in one file (the template gallery): each road, then joined
        from desktop.core.writers.pdf_drawn import build_mixed

        return build_mixed(docs, out, lambda run, buffer, found: _build(run, buffer, None, found), contents)
    if drawn == {True}:  # placards, banners, leaflets: pages the layout drew itself
        from desktop.core.writers.pdf_drawn import build_drawn

        return build_drawn(docs, out, _metadata(docs), _ExportInfo, contents)
    parts = [Part(i, d.title, d.furniture, _paper(d)) for i, d in enumerate(docs)]
    first = parts[0].paper
    order = [first] + [p for p in PAPERS.values() if p is not first]
    templates = []
    for paper in order:
        w, h = paper.size
        frame = Frame(
            paper.margin,
            paper.margin,
            w - 2 * paper.margin,
            h - 2 * paper.margin,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id=paper.name,
        )
        templates.append(PageTemplate(id=paper.name, frames=[frame], pagesize=paper.size))
    story: list[Flowable] = []
    for doc, part in zip(docs, parts):
        if part.index > 0:
            story += [NextPageTemplate(part.paper.name), RLPageBreak()]
        story += _document_flowables(doc, part)
    meta = _metadata(docs)
    template = BaseDocTemplate(
        out,
        pagesize=first.size,
        pageTemplates=templates,
        lang=meta.language or None,
        creator=CREATOR,
        # Otherwise every page starts by selecting Helvetica, a font that is
        # never embedded (and has no Cyrillic).
        initialFontName=register_fonts().regular,
    )
    template.keepTogetherClass = _PlainKeepTogether
    holder: list[_HeldPagesCanvas] = []

    def make_canvas(*args, **kwargs) -> _HeldPagesCanvas:
        canv = _HeldPagesCanvas(*args, meta=meta, **kwargs)
        holder.append(canv)
        return canv

    try:
        template.build(story, canvasmaker=make_canvas)
    except LayoutError as exc:
        raise PetitionDeskError(
            N_(
                "Part of the document is too large to fit on a page (%(reason)s). Shorten the longest text or table "
                "cell and export again."
            ),
            reason=str(exc).splitlines()[0][:200],
        ) from exc
    if boxes is not None:
        boxes.extend(signature_boxes(holder[-1].__dict__.get("_pd_signature_marks", [])))
    if contents is not None:
        contents.extend(holder[-1]._pd_contents)
    return holder[-1].page_count


def _write(docs: list[model.Document], target: Path | BinaryIO, boxes: list | None = None,
           contents: list | None = None) -> int:
    if isinstance(target, (str, Path)):
        with atomic_write(Path(target), "wb", durable=False) as fh:
            return _build(docs, fh, boxes, contents)
    return _build(docs, target, boxes, contents)


def write_pdf(doc: model.Document, target: Path | BinaryIO, signature_boxes: list | None = None) -> None:
    """Write one document as a PDF file (atomically when ``target`` is a path).

    Given a list, ``signature_boxes`` receives (page index, x1, y1, x2, y2) of
    the signature block, where a digital signature's visible field can go.
    """
    _write([doc], target, signature_boxes)


def write_pdf_combined(docs: Iterable[model.Document], target: Path | BinaryIO, contents: list | None = None) -> int:
    """Write several documents into one PDF and return its number of pages.

    Every document starts on a new page with its own paper size, letterhead
    and page numbering, and gets an entry in the PDF outline. Given a list,
    ``contents`` receives (title, first page, pages) of each document.
    """
    return _write(list(docs), target, contents=contents)
