"""PDF writer: turns :class:`~desktop.core.document.Document` objects into PDF with reportlab.

Page furniture (running header, "page X of Y" footer) needs the page count
of each document, which is only known after layout. Instead of laying every
document out twice, :class:`_HeldPagesCanvas` keeps finished pages in memory
and draws the furniture on them when the file is saved.

Several documents can share one file: each starts on a new page with its own
paper size, letterhead, page numbering and outline entry.
"""

from __future__ import annotations

import datetime as _dt
import functools
import hashlib
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import BinaryIO
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.rl_config import paraFontSizeHeightOffset
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch, mm
from reportlab.pdfbase.pdfdoc import PDFDate, PDFDictionary, PDFImageXObject, PDFInfo, PDFName, PDFString
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    LayoutError,
    NextPageTemplate,
    PageTemplate,
    TableStyle,
)
from reportlab.platypus import Image as RLImage
from reportlab.platypus import PageBreak as RLPageBreak
from reportlab.platypus import Paragraph as RLParagraph
from reportlab.platypus import Spacer as RLSpacer
from reportlab.platypus import Table as RLTable

from desktop.core import document as model
from desktop.core.errors import N_, PetitionDeskError
from desktop.core.text import strip_illegal, unify_line_ends
from desktop.core.files import atomic_write
from desktop.core.fonts import FontFamily, register_fonts
from desktop.core.photos import load_photo, photo_size_mm

CREATOR = "Petition Desk"

_GREY = colors.Color(0.35, 0.35, 0.35)
_RULE = colors.Color(0.6, 0.6, 0.6)
_HEADER_FILL = colors.Color(0.92, 0.92, 0.92)
_SIGNATURE_HEIGHT = 15 * mm
_FURNITURE_SIZE = 8.5
_LETTERHEAD_TOP = 14 * mm  # from the top edge, inside the top margin
_LETTERHEAD_MAX_LINES = 8
_LETTERHEAD_MAX_CHARS = 300


@dataclass(frozen=True)
class _Paper:
    name: str
    size: tuple[float, float]
    margin: float
    address_top: float  # distance from the top edge that lands in a window envelope's window


_PAPERS = {
    "A4": _Paper("A4", A4, 25 * mm, 50 * mm),
    "Letter": _Paper("Letter", letter, 1 * inch, 2 * inch),
}


# --- text -----------------------------------------------------------------

def _clean(text: str) -> str:
    # reportlab's paragraph parser is XML; tabs print as spaces.
    return strip_illegal(unify_line_ends(text).replace("\t", " "), for_print=True)


def _one_line(text: str) -> str:
    return " ".join(_clean(text).split())


def _markup(text: str) -> str:
    """Plain text as reportlab paragraph markup: escaped, line breaks kept."""
    return escape(_clean(text)).replace("\n", "<br/>")


def _runs_markup(runs: Iterable[model.Run]) -> str:
    parts = []
    for run in runs:
        piece = _markup(run.text)
        if not piece:
            continue
        if run.italic:
            piece = f"<i>{piece}</i>"
        if run.bold:
            piece = f"<b>{piece}</b>"
        parts.append(piece)
    return "".join(parts)


# --- styles (built once per process) ---------------------------------------

_ALIGN = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT, "justify": TA_JUSTIFY}


@functools.cache
def _base_styles() -> dict[str, ParagraphStyle]:
    fonts = register_fonts()
    body = ParagraphStyle(
        "body", fontName=fonts.regular, fontSize=11, leading=15.2, spaceAfter=7, splitLongWords=1, allowWidows=0
    )

    def like(name: str, **kw) -> ParagraphStyle:
        return ParagraphStyle(name, parent=body, **kw)

    return {
        "body": body,
        "subject": like("subject", fontName=fonts.bold, spaceBefore=4, spaceAfter=11),
        "salutation": like("salutation", spaceBefore=2, spaceAfter=8),
        "closing": like("closing", spaceBefore=8, spaceAfter=2),
        "date": like("date", spaceAfter=12),
        "sender": like("sender", fontSize=10, leading=13, spaceAfter=1),
        "small": like("small", fontSize=9, leading=12, spaceBefore=4, spaceAfter=4, textColor=_GREY),
        "title": like("title", fontName=fonts.bold, fontSize=17, leading=22, spaceBefore=2, spaceAfter=12),
        "label": like("label", fontSize=9, leading=11.5, spaceAfter=4, textColor=_GREY),
        "h1": like("h1", fontName=fonts.bold, fontSize=13, leading=17, spaceBefore=10, spaceAfter=6),
        "h2": like("h2", fontName=fonts.bold_italic, fontSize=11.5, leading=15, spaceBefore=8, spaceAfter=4),
        "address": like("address", spaceAfter=16),
        "item": like("item", spaceAfter=4, bulletFontName=fonts.regular, bulletFontSize=11),
        "caption": like(
            "caption", fontName=fonts.italic, fontSize=9, leading=12, spaceBefore=3, spaceAfter=12, textColor=_GREY
        ),
        "cell": like("cell", fontSize=9.5, leading=12, spaceAfter=0),
        "cell_head": like("cell_head", fontName=fonts.bold, fontSize=9.5, leading=12, spaceAfter=0),
        "signer": like("signer", spaceBefore=1, spaceAfter=0),
        "signer_line": like("signer_line", fontSize=9.5, leading=12.5, spaceAfter=0, textColor=_GREY),
        "letterhead": like(
            "letterhead", fontSize=_FURNITURE_SIZE, leading=11, spaceAfter=0, alignment=TA_RIGHT, textColor=_GREY
        ),
        "letterhead_first": like(
            "letterhead_first", fontName=fonts.bold, fontSize=10.5, leading=13.5, spaceAfter=0, alignment=TA_RIGHT
        ),
    }


_ROLE_DEFAULT_ALIGN = {"title": "center", "caption": "center"}

# Kept on the same page as what follows (the closing with the signatures).
# Set on the flowable, never in the style: the pieces of a paragraph split
# across pages inherit the style, and reportlab then keeps regrouping a
# too-long paragraph with its own remainder.
_KEEP_WITH_NEXT_ROLES = {"closing", "subject", "salutation", "h1", "h2"}


@functools.lru_cache(maxsize=256)
def _style(role: str, align: str = "left") -> ParagraphStyle:
    """The style of ``role``; ``align`` other than the model's default "left" overrides the role's own."""
    styles = _base_styles()
    base = styles.get(role, styles["body"])
    wanted = _ROLE_DEFAULT_ALIGN.get(role, "left") if align == "left" else align
    if _ALIGN.get(wanted, TA_LEFT) == base.alignment:
        return base
    return ParagraphStyle(f"{base.name}-{wanted}", parent=base, alignment=_ALIGN.get(wanted, TA_LEFT))


_LIST_INDENT = 7.5 * mm  # the label column of a list, unless its widest label needs more
_LABEL_GAP = 2 * mm  # at least this much between a label and its text


@functools.cache
def _list_style(indent: float, column: float) -> ParagraphStyle:
    """Items whose labels start ``indent`` from the margin, their text ``column`` further in."""
    return ParagraphStyle(
        f"item-{indent:.1f}-{column:.1f}",
        parent=_base_styles()["item"],
        leftIndent=indent + column,
        bulletIndent=indent,
    )


# --- images ----------------------------------------------------------------


_SIGNATURE_MAX_PIXELS_HIGH = 300  # about 500 dpi at 15 mm: sharp in print, cheap to embed


@dataclass(frozen=True)
class _EncodedImage:
    """A signature image decoded and compressed once, embedded as is in every letter."""

    key: str
    width: int
    height: int
    rgb: bytes  # zlib-compressed 8-bit RGB samples
    alpha: bytes | None  # zlib-compressed 8-bit alpha (soft mask), None when opaque


@functools.lru_cache(maxsize=64)
def _encode_image(path: str, _mtime_ns: int, _size: int) -> _EncodedImage:
    from PIL import Image, ImageOps  # reportlab's own image support depends on Pillow

    with Image.open(path) as source:
        image = ImageOps.exif_transpose(source).convert("RGBA")
    if image.height > _SIGNATURE_MAX_PIXELS_HIGH:
        width = max(1, round(image.width * _SIGNATURE_MAX_PIXELS_HIGH / image.height))
        image = image.resize((width, _SIGNATURE_MAX_PIXELS_HIGH), Image.Resampling.LANCZOS)
    alpha = image.getchannel("A")
    opaque = alpha.getextrema() == (255, 255)
    rgb = zlib.compress(image.convert("RGB").tobytes())
    return _EncodedImage(
        key=hashlib.sha1(rgb + alpha.tobytes()).hexdigest()[:20],
        width=image.width,
        height=image.height,
        rgb=rgb,
        alpha=None if opaque else zlib.compress(alpha.tobytes()),
    )


def _signature_image(path: Path) -> _EncodedImage:
    try:
        stat = path.stat()
        return _encode_image(str(path), stat.st_mtime_ns, stat.st_size)
    except Exception as exc:  # Pillow raises many kinds of errors for bad files
        raise PetitionDeskError(
            N_("The signature image %(path)s cannot be read. Choose a PNG or JPEG file."), path=str(path)
        ) from exc


def _image_xobject(name: str, image: _EncodedImage, data: bytes, color_space: str) -> PDFImageXObject:
    xobject = PDFImageXObject(name)  # starts as reportlab's placeholder; every field is replaced
    xobject.name = name
    xobject.width, xobject.height = image.width, image.height
    xobject.bitsPerComponent = 8
    xobject.colorSpace = color_space
    xobject._filters = ("FlateDecode",)
    xobject.streamContent = data
    xobject.mask = None
    return xobject


def _draw_image(canv: Canvas, image: _EncodedImage, width: float, height: float) -> None:
    """Like ``Canvas.drawImage``, but reuses the compressed samples across documents.

    ``drawImage`` decodes, hashes and recompresses the image for every new
    PDF, which costs several milliseconds per letter in a batch.
    """
    doc = canv._doc
    name = f"sig{image.key}"
    registered = doc.getXObjectName(name)
    if registered not in doc.idToObject:
        xobject = _image_xobject(name, image, image.rgb, "DeviceRGB")
        if image.alpha is not None:
            mask = _image_xobject(name + "a", image, image.alpha, "DeviceGray")
            xobject.smask = doc.Reference(mask, doc.getXObjectName(name + "a"))
        doc.Reference(xobject, registered)
        doc.addForm(name, xobject)
    canv._currentPageHasImages = 1
    canv.saveState()
    canv.scale(width, height)
    canv._code.append(f"/{registered} Do")
    canv.restoreState()
    canv._formsinuse.append(name)  # lists the image in this page's resources


class _SignatureImage(Flowable):
    """A handwritten signature about 15 mm high, transparency kept."""

    def __init__(self, image: _EncodedImage) -> None:
        super().__init__()
        self.image = image
        self.aspect = image.width / image.height

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.height = _SIGNATURE_HEIGHT
        self.width = self.height * self.aspect
        if self.width > availWidth > 0:
            self.width = availWidth
            self.height = availWidth / self.aspect
        return self.width, self.height

    def draw(self) -> None:
        _draw_image(self.canv, self.image, self.width, self.height)


# --- one document's flowables ----------------------------------------------


@dataclass
class _Part:
    """One document inside the output file, as the canvas needs to know it."""

    index: int
    title: str
    furniture: model.PageFurniture
    paper: _Paper


class _PartStart(Flowable):
    """First flowable of each document: tells the canvas a new document begins and draws its letterhead.

    It always sits at the top of a fresh page, so it may draw above itself,
    in the top margin. Its own height is whatever the letterhead needs below
    the margin.
    """

    def __init__(self, part: _Part) -> None:
        super().__init__()
        self.part = part
        lines = [_one_line(line)[:_LETTERHEAD_MAX_CHARS] for line in part.furniture.letterhead]
        lines = [line for line in lines if line][:_LETTERHEAD_MAX_LINES]
        styles = _base_styles()
        self.paragraphs = [
            RLParagraph(escape(line), styles["letterhead_first" if i == 0 else "letterhead"])
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
        canv.setStrokeColor(_RULE)
        canv.setLineWidth(0.5)
        canv.line(0, y, self.width, y)
        canv.restoreState()


class _AddressWindowSpace(Flowable):
    """Empty space that moves the address block down to a window envelope's window, when there is room."""

    def __init__(self, paper: _Paper) -> None:
        super().__init__()
        self.paper = paper

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        cursor_from_top = self.paper.size[1] - self.paper.margin - availHeight
        return availWidth, max(0.0, self.paper.address_top - cursor_from_top)

    def draw(self) -> None:
        pass


class _NumberedParagraph(RLParagraph):
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


def _list_flowables(block: model.ListBlock, indent: float, paragraph: type[RLParagraph]) -> list[Flowable]:
    labels = [model.list_label(block.style, block.start + offset) for offset in range(len(block.items))]
    item = _base_styles()["item"]
    widest = max((stringWidth(label, item.bulletFontName, item.bulletFontSize) for label in labels), default=0.0)
    # "(12)" or "AA." may be wider than the usual column; the whole list then
    # moves its text in, so the labels stay in one column and the text in another.
    column = max(_LIST_INDENT, round(widest + _LABEL_GAP, 1))
    style = _list_style(round(indent, 1), column)
    out: list[Flowable] = []
    for label, entry in zip(labels, block.items):
        out.append(paragraph(_runs_markup(entry.runs), style, bulletText=label))
        if entry.children is not None:
            out.extend(_list_flowables(entry.children, min(indent + column, 6 * _LIST_INDENT), paragraph))
    return out


def _table(block: model.Table, width: float, height: float) -> Flowable | None:
    columns = max([len(block.header), *(len(row) for row in block.rows)])
    if columns == 0:
        return None
    weights = [float(w) for w in (block.widths or [])][:columns]
    weights += [1.0] * (columns - len(weights))
    weights = [w if w > 0 else 1.0 for w in weights]
    total = sum(weights)
    col_widths = [width * w / total for w in weights]

    cell, head = _style("cell"), _style("cell_head")

    def row_of(values: list[str], style: ParagraphStyle) -> list[RLParagraph]:
        values = list(values) + [""] * (columns - len(values))
        return [RLParagraph(_markup(v), style) for v in values]

    data = [row_of(block.header, head)] if block.header else []
    data += [row_of(row, cell) for row in block.rows]
    if not data:
        return None
    has_header = bool(block.header)
    padding = 7  # top + bottom cell padding, see the style below

    def natural_height(row: list[RLParagraph]) -> float:
        return max(p.wrap(w - 8, height)[1] for p, w in zip(row, col_widths)) + padding

    # A header that repeats on every page must fit on one; an absurdly long
    # one is printed once instead.
    repeat = has_header and block.repeat_header and natural_height(data[0]) < height / 4
    row_heights = None
    if block.row_height_mm:
        fixed = block.row_height_mm * mm
        # Rows keep the fixed height (room to sign) unless their text needs more.
        row_heights = [None] * len(data)
        for i in range(1 if has_header else 0, len(data)):
            if all(not p.text.strip() for p in data[i]) or natural_height(data[i]) <= fixed:
                row_heights[i] = fixed
    commands = [
        ("FONT", (0, 0), (-1, -1), register_fonts().regular, 9.5),  # not Helvetica, never embedded
        ("GRID", (0, 0), (-1, -1), 0.5, _RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    if has_header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), _HEADER_FILL))
    table = RLTable(
        data,
        colWidths=col_widths,
        rowHeights=row_heights,
        repeatRows=1 if repeat else 0,
        splitInRow=1,  # a cell taller than a page must split, not stop the export
        hAlign="LEFT",
        spaceBefore=4,
        spaceAfter=10,
    )
    table.setStyle(TableStyle(commands))
    return table


def _photo(block: model.Image, width: float, height: float, paragraph: type[RLParagraph]) -> list[Flowable]:
    """A photo centred in the text width with its caption below, never parted by a page break."""
    photo = load_photo(Path(block.path))  # re-encoded: no EXIF or GPS position reaches the PDF
    width_mm, height_mm = photo_size_mm(photo, width / mm, block.width_mm, height / mm)
    picture = RLImage(BytesIO(photo.data), width=width_mm * mm, height=height_mm * mm)
    picture.hAlign = "CENTER"
    chain: list[Flowable] = [RLSpacer(1, 2 * mm), picture]
    if block.caption.strip():
        chain.append(paragraph(_markup(block.caption), _style("caption")))
    else:
        chain.append(RLSpacer(1, 4 * mm))
    # Chained with keep-with-next rather than wrapped in a KeepTogether, so a
    # heading above the photo (which keeps with next) moves along with it.
    for flowable in chain[:-1]:
        flowable.keepWithNext = 1
    return chain


def _signer_flowables(signer: model.Signature, paragraph: type[RLParagraph]) -> list[Flowable]:
    out: list[Flowable] = []
    if signer.image is not None:
        out.append(_SignatureImage(_signature_image(Path(signer.image))))
    else:
        out.append(RLSpacer(1, _SIGNATURE_HEIGHT))  # room to sign by hand
    if signer.name.strip():
        out.append(paragraph(_markup(signer.name), _style("signer")))
    out.extend(paragraph(_markup(line), _style("signer_line")) for line in signer.lines if line.strip())
    return out


class _SignatureMark(Flowable):
    """Zero-size marker that records where a signature block starts or ends on the page.

    A digital signature's visible field is later placed over that rectangle.
    """

    def __init__(self, part: "_Part", width: float, end: bool) -> None:
        super().__init__()
        self.part, self.mark_width, self.end = part, width, end
        self.width = self.height = 0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        x, y = self.canv.absolutePosition(0, 0)
        marks = self.canv.__dict__.setdefault("_pd_signature_marks", [])
        marks.append((self.part.index, len(getattr(self.canv, "_pd_held", [])), x, y, self.mark_width, self.end))


def signature_boxes(marks: list) -> list[tuple[int, float, float, float, float]]:
    """(page index, x1, y1, x2, y2) of each document's first signature block, from the markers."""
    boxes: dict[int, tuple[int, float, float, float, float]] = {}
    starts: dict[int, tuple] = {}
    for part, page, x, y, width, end in marks:
        if not end:
            starts.setdefault(part, (page, x, y, width))
        elif part in starts and part not in boxes:
            start_page, sx, sy, swidth = starts[part]
            top = sy if start_page == page else y + 60  # split over a page: the part on the last page
            boxes[part] = (page, sx, y, sx + swidth, max(top, y + 20))
    return [boxes[k] for k in sorted(boxes)]


def _signature_block(block: model.SignatureBlock, width: float, paragraph: type[RLParagraph]) -> list[Flowable]:
    signers = list(block.signatures)
    if not signers:
        return []
    if len(signers) == 1:
        # Chained with keep-with-next rather than wrapped in a KeepTogether:
        # reportlab never keeps a paragraph (the closing) with a KeepTogether.
        chain = [RLSpacer(1, 2 * mm), *_signer_flowables(signers[0], paragraph)]
        for flowable in chain[:-1]:
            flowable.keepWithNext = 1
        return chain
    cells = [_signer_flowables(s, paragraph) for s in signers]
    rows = [cells[i : i + 2] for i in range(0, len(cells), 2)]
    if len(rows[-1]) == 1:
        rows[-1].append("")
    table = RLTable(rows, colWidths=[width / 2] * 2, hAlign="LEFT", splitInRow=1, spaceBefore=2 * mm)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), register_fonts().regular, 11),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 6 * mm),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6 * mm),
            ]
        )
    )
    return [table]


def _document_flowables(doc: model.Document, part: _Part) -> list[Flowable]:
    width = part.paper.size[0] - 2 * part.paper.margin
    height = part.paper.size[1] - 2 * part.paper.margin
    out: list[Flowable] = [_PartStart(part)]
    # Only documents with line numbers pay for recording where lines are.
    paragraph = _NumberedParagraph if doc.line_numbers else RLParagraph
    window_possible = True
    for block in doc.blocks:
        if isinstance(block, model.Paragraph):
            para = paragraph(_runs_markup(block.runs), _style(block.role, block.align))
            if block.keep_with_next or block.role in _KEEP_WITH_NEXT_ROLES:
                para.keepWithNext = 1
            out.append(para)
        elif isinstance(block, model.Heading):
            para = paragraph(_markup(block.text), _style("h2" if block.level >= 2 else "h1"))
            para.keepWithNext = 1
            out.append(para)
        elif isinstance(block, model.ListBlock):
            out.extend(_list_flowables(block, 0.0, paragraph))
            out.append(RLSpacer(1, 3))
        elif isinstance(block, model.AddressBlock):
            if window_possible:
                out.append(_AddressWindowSpace(part.paper))
                window_possible = False
            lines = [_markup(line) for line in block.lines if line.strip()]
            out.append(KeepTogether([paragraph("<br/>".join(lines), _style("address"))]))
        elif isinstance(block, model.Table):
            table = _table(block, width, height)
            if table is not None:
                out.append(table)
        elif isinstance(block, model.SignatureBlock):
            chain = _signature_block(block, width, paragraph)
            if chain:
                start = _SignatureMark(part, width, end=False)
                start.keepWithNext = 1
                out.extend([start, *chain, _SignatureMark(part, width, end=True)])
        elif isinstance(block, model.Image):
            out.extend(_photo(block, width, height, paragraph))
        elif isinstance(block, model.PageBreak):
            out.append(RLPageBreak())
            window_possible = False
        elif isinstance(block, model.Spacer):
            # A spacer taller than the page could never be placed.
            out.append(RLSpacer(1, min(max(0.0, block.height_mm) * mm, height - 1)))
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
        self._pd_part: _Part | None = None
        self._pd_part_starts = False
        self._pd_held: list[dict] = []
        self._pd_lines: list[float] = []  # baselines of this page's numbered lines

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
        for state in held:
            self.__dict__.update(state)
            part: _Part = state["_pd_part"]
            numbers[part.index] = page = numbers.get(part.index, 0) + 1
            if with_outline and state["_pd_part_starts"]:
                key = f"document-{part.index + 1}"
                self.bookmarkPage(key)
                self.addOutlineEntry(_one_line(part.title)[:200] or str(part.index + 1), key, level=0)
            body = self._code
            self._code = []
            _draw_header(self, fonts, part, page)
            header, self._code = self._code, body
            _draw_line_numbers(self, fonts, part, state.get("_pd_lines", ()))
            _draw_footer(self, fonts, part, page, totals[part.index])
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


def _fit(text: str, font: str, size: float, width: float) -> str:
    """``text`` shortened with an ellipsis so that it fits ``width`` on one line."""
    if stringWidth(text, font, size) <= width:
        return text
    low, high = 0, min(len(text), int(width / (size * 0.15)) + 1)  # no glyph is narrower than 0.15 em
    while low < high:  # the longest prefix that still fits with its ellipsis
        middle = (low + high + 1) // 2
        if stringWidth(text[:middle] + "…", font, size) <= width:
            low = middle
        else:
            high = middle - 1
    return text[:low] + "…"


_LINE_NUMBER_SIZE = 7.5
_LINE_NUMBER_GAP = 6 * mm  # from the text's left edge to the numbers' right edge, as in the DOCX


def _draw_line_numbers(canv: Canvas, fonts: FontFamily, part: _Part, baselines: Iterable[float]) -> None:
    """Number the page's lines 1, 2, … from the top, small and grey in the left margin."""
    rows: list[float] = []
    for y in sorted(baselines, reverse=True):
        if not rows or rows[-1] - y > 1:  # side-by-side signers share their lines
            rows.append(y)
    if not rows:
        return
    x = part.paper.margin - _LINE_NUMBER_GAP
    canv.saveState()
    canv.setFillColor(_GREY)
    canv.setFont(fonts.regular, _LINE_NUMBER_SIZE)
    for number, y in enumerate(rows, start=1):
        canv.drawRightString(x, y, str(number))
    canv.restoreState()


def _draw_footer(canv: Canvas, fonts: FontFamily, part: _Part, page: int, pages: int) -> None:
    footer_format = _one_line(part.furniture.footer_text)
    if not footer_format:
        return
    page_w = canv._pagesize[0]
    footer = footer_format.replace("{page}", str(page)).replace("{pages}", str(pages))
    footer = _fit(footer, fonts.regular, _FURNITURE_SIZE, page_w - 2 * part.paper.margin)
    canv.saveState()
    canv.setFillColor(_GREY)
    canv.setFont(fonts.regular, _FURNITURE_SIZE)
    canv.drawCentredString(page_w / 2, part.paper.margin * 0.48, footer)
    canv.restoreState()


def _draw_header(canv: Canvas, fonts: FontFamily, part: _Part, page: int) -> None:
    header = _one_line(part.furniture.header_text)
    if page == 1 or not header:
        return
    margin = part.paper.margin
    page_w, page_h = canv._pagesize
    header = _fit(header, fonts.italic, _FURNITURE_SIZE, page_w - 2 * margin)
    baseline = page_h - _LETTERHEAD_TOP - _FURNITURE_SIZE
    canv.saveState()
    canv.setFillColor(_GREY)
    canv.setFont(fonts.italic, _FURNITURE_SIZE)
    canv.drawRightString(page_w - margin, baseline, header)
    canv.setStrokeColor(_RULE)
    canv.setLineWidth(0.5)
    canv.line(margin, baseline - 2.5 * mm, page_w - margin, baseline - 2.5 * mm)
    canv.restoreState()


# --- public API --------------------------------------------------------------


def _metadata(docs: list[model.Document]) -> _Metadata:
    def common(values: list[str]) -> str:
        unique = list(dict.fromkeys(_one_line(v) for v in values if _one_line(v)))
        return "; ".join(unique)[:1000]

    titles = list(dict.fromkeys(_one_line(d.title) for d in docs if _one_line(d.title)))
    keywords = list(dict.fromkeys(_one_line(k) for d in docs for k in d.keywords if _one_line(k)))
    return _Metadata(
        title=(titles[0] if len(titles) == 1 else "; ".join(titles))[:1000],
        subject=common([d.subject for d in docs]),
        author=common([d.author for d in docs]),
        keywords=", ".join(keywords)[:1000],
        # /Lang names one language for the whole file; a combined file takes its first document's.
        language=_one_line(docs[0].language),
    )


def _paper(doc: model.Document) -> _Paper:
    try:
        return _PAPERS[doc.paper]
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


def _build(docs: list[model.Document], out: BinaryIO, boxes: list | None = None) -> int:
    if not docs:
        raise PetitionDeskError(N_("There is nothing to export: no documents were given."))
    _configure_reportlab()
    parts = [_Part(i, d.title, d.furniture, _paper(d)) for i, d in enumerate(docs)]
    first = parts[0].paper
    order = [first] + [p for p in _PAPERS.values() if p is not first]
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
    return holder[-1].page_count


def _write(docs: list[model.Document], target: Path | BinaryIO, boxes: list | None = None) -> int:
    if isinstance(target, (str, Path)):
        with atomic_write(Path(target), "wb") as fh:
            return _build(docs, fh, boxes)
    return _build(docs, target, boxes)


def write_pdf(doc: model.Document, target: Path | BinaryIO, signature_boxes: list | None = None) -> None:
    """Write one document as a PDF file (atomically when ``target`` is a path).

    Given a list, ``signature_boxes`` receives (page index, x1, y1, x2, y2) of
    the signature block, where a digital signature's visible field can go.
    """
    _write([doc], target, signature_boxes)


def write_pdf_combined(docs: Iterable[model.Document], target: Path | BinaryIO) -> int:
    """Write several documents into one PDF and return its number of pages.

    Every document starts on a new page with its own paper size, letterhead
    and page numbering, and gets an entry in the PDF outline.
    """
    return _write(list(docs), target)
