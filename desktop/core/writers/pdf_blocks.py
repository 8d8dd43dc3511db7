"""Flowables for the document model's lists, tables and signature blocks.

Also the zero-size markers around a signature block, from which the
rectangle for a digital signature's visible field is worked out.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, TableStyle
from reportlab.platypus import Paragraph as RLParagraph
from reportlab.platypus import Spacer as RLSpacer
from reportlab.platypus import Table as RLTable

from desktop.core import document as model
from desktop.core.fonts import register_fonts
from desktop.core.writers.pdf_furniture import Part
from desktop.core.writers.pdf_images import SIGNATURE_HEIGHT, SignatureImage, signature_image
from desktop.core.writers.pdf_styles import RULE, base_styles, list_item_style, markup, paragraph_style, runs_markup

_HEADER_FILL = colors.Color(0.92, 0.92, 0.92)
_LIST_INDENT = 7.5 * mm  # the label column of a list, unless its widest label needs more
_LABEL_GAP = 2 * mm  # at least this much between a label and its text


def list_flowables(block: model.ListBlock, indent: float, paragraph: type[RLParagraph],
                   keep_last: bool = False) -> list[Flowable]:
    """The items of ``block``, each kept with its first sub-item; ``keep_last``: the last one with what follows."""
    labels = [model.list_label(block.style, block.start + offset) for offset in range(len(block.items))]
    item = base_styles()["item"]
    widest = max((stringWidth(label, item.bulletFontName, item.bulletFontSize) for label in labels), default=0.0)
    # "(12)" or "AA." may be wider than the usual column; the whole list then
    # moves its text in, so the labels stay in one column and the text in another.
    column = max(_LIST_INDENT, round(widest + _LABEL_GAP, 1))
    style = list_item_style(round(indent, 1), column)
    out: list[Flowable] = []
    for number, (label, entry) in enumerate(zip(labels, block.items), start=1):
        item = paragraph(runs_markup(entry.runs), style, bulletText=label)
        last = number == len(block.items)
        if model.item_keeps_with_next(entry) or (keep_last and last):
            item.keepWithNext = 1
        out.append(item)
        if entry.children is not None:
            out.extend(list_flowables(entry.children, min(indent + column, 6 * _LIST_INDENT), paragraph,
                                      keep_last=keep_last and last))
    return out


def table_flowable(block: model.Table, width: float, height: float) -> Flowable | None:
    columns = max([len(block.header), *(len(row) for row in block.rows)])
    if columns == 0:
        return None
    weights = [float(w) for w in (block.widths or [])][:columns]
    weights += [1.0] * (columns - len(weights))
    weights = [w if w > 0 else 1.0 for w in weights]
    total = sum(weights)
    col_widths = [width * w / total for w in weights]

    cell, head = paragraph_style("cell"), paragraph_style("cell_head")

    def row_of(values: list[str], style: ParagraphStyle) -> list[RLParagraph]:
        values = list(values) + [""] * (columns - len(values))
        return [RLParagraph(markup(v), style) for v in values]

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
        ("GRID", (0, 0), (-1, -1), 0.5, RULE),
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


def _signer_flowables(signer: model.Signature, paragraph: type[RLParagraph]) -> list[Flowable]:
    out: list[Flowable] = []
    if signer.image is not None:
        out.append(SignatureImage(signature_image(Path(signer.image))))
    else:
        out.append(RLSpacer(1, SIGNATURE_HEIGHT))  # room to sign by hand
    if signer.name.strip():
        out.append(paragraph(markup(signer.name), paragraph_style("signer")))
    out.extend(paragraph(markup(line), paragraph_style("signer_line")) for line in signer.lines if line.strip())
    return out


class SignatureMark(Flowable):
    """Zero-size marker that records where a signature block starts or ends on the page.

    A digital signature's visible field is later placed over that rectangle.
    """

    def __init__(self, part: Part, width: float, end: bool) -> None:
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


def signature_block(block: model.SignatureBlock, width: float, paragraph: type[RLParagraph]) -> list[Flowable]:
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
