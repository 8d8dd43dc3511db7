"""Writes a :class:`~desktop.core.document.Document` as an editable Word file.

The file is meant to be edited further in Word or LibreOffice, so it uses
named styles (one per paragraph role), real Word numbering for every list,
live PAGE/NUMPAGES fields in the footer and a language tag for spell-checking.

python-docx's stock template is large (its styles.xml alone is 430 KB) and
carries foreign metadata ("python-docx" as author, a thumbnail of another
document, Mac Word as the application). It is trimmed and cleaned once per
process into a small template held in memory; every document is opened from
those bytes, which is cheaper than opening the stock template.

This module writes the blocks; beside it are ``docx_styles`` (the template,
its styles and the language tag), ``docx_numbering`` (the numbering
definitions of lists) and ``docx_lines`` (line numbers in the margin).
"""

from __future__ import annotations

import copy
import re
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import BinaryIO

import docx
from docx.document import Document as WordDocument
from docx.enum.table import WD_ROW_HEIGHT_RULE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Emu, Length, Mm, Pt
from docx.table import _Cell, _Row
from docx.text.paragraph import Paragraph as WordParagraph

from desktop.core.document import (
    AddressBlock,
    Block,
    Document,
    Heading,
    Image,
    ListBlock,
    PageBreak,
    Paragraph,
    Run,
    Signature,
    SignatureBlock,
    Spacer,
    Table,
    item_keeps_with_next,
    keeps_with_next,
)
from desktop.core.files import atomic_write
from desktop.core.photos import load_photo, load_signature, photo_size_mm
from desktop.core.text import strip_illegal, unify_line_ends
from desktop.core.writers.docx_lines import number_lines, suppress_line_numbers
from desktop.core.writers.docx_numbering import ListLevels, add_numbering
from desktop.core.writers.docx_styles import ALIGN, FONT, set_language, template_bytes, word_language_tag

__all__ = ["FONT", "ROLE_STYLES", "clean_text", "word_language_tag", "write_docx"]

# Paragraph.role (and "address" for AddressBlock) -> Word style. Date,
# Salutation, Closing and Signature are styles Word itself knows by name.
ROLE_STYLES = {
    "body": "Normal",
    "title": "Title",
    "subject": "Subject",
    "salutation": "Salutation",
    "closing": "Closing",
    "date": "Date",
    "sender": "Sender",
    "small": "Small Print",
    "label": "Label",
    "address": "Address Block",
}

_FIELD = re.compile(r"\{(pages|page)\}")
_SIGNATURE_HEIGHT = Mm(15)
_EMU_PER_TWIP = 635

# In a mail merge most paragraphs are the same in every letter of a language.
# python-docx builds a paragraph element by element (a third of a letter's
# time); a finished paragraph is kept and copied instead. The copy is the
# same XML, so the file is the same (a test compares the two roads).
_PARAGRAPHS_LIMIT = 4096
_paragraphs: dict[tuple, object] = {}

_TR_PR_ORDER = ("w:cantSplit", "w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden", "w:ins", "w:del")


def clean_text(text: str) -> str:
    """``text`` without characters a Word file cannot hold; line ends become ``\\n``."""
    return strip_illegal(unify_line_ends(text))


def write_docx(doc: Document, target: Path | BinaryIO, embed_fonts: bool = True) -> None:
    """Write ``doc`` as a DOCX file to a path (atomically) or to a binary stream.

    ``embed_fonts``: carry the faces of Noto Serif the document uses (subset),
    so that Word and LibreOffice set it alike on machines without the font.
    """
    word = docx.Document(BytesIO(template_bytes()))
    _DocxBuilder(word, doc).build()
    if embed_fonts:
        from desktop.core.writers.docx_fonts import embed_fonts as embed

        embed(word)
    if isinstance(target, (str, Path)):
        with atomic_write(Path(target), "wb") as fh:
            word.save(fh)
    else:
        word.save(target)


class _DocxBuilder:
    """Fills one freshly opened template with one document."""

    def __init__(self, word: WordDocument, doc: Document) -> None:
        self.word = word
        self.doc = doc
        self.numbering = word.part.numbering_part.element
        self.next_abstract_id = 1
        section = word.sections[0]
        if doc.paper == "Letter":
            section.page_width, section.page_height = Mm(215.9), Mm(279.4)
            margin = Mm(25.4)
        else:
            section.page_width, section.page_height = Mm(210), Mm(297)
            margin = Mm(25)
        section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = margin
        section.header_distance = section.footer_distance = Mm(12.5)
        self.section = section
        self.text_width = Emu(section.page_width - 2 * margin)
        self.text_height = Emu(section.page_height - 2 * margin)
        self.photos = 0

    def add(self, text: str = "", style: str = "Normal", container=None) -> WordParagraph:
        """A new paragraph in ``style`` (by name).

        python-docx looks a style name up by scanning every style on each
        call, which was half the time of a letter; the ids are read once.
        """
        paragraph = (container or self.word).add_paragraph(text)
        style_id = self._style_ids.get(style)
        if style_id and style != "Normal":
            paragraph._p.get_or_add_pPr().style = style_id
        elif style_id is None:
            paragraph.style = style  # unknown here: let python-docx explain
        return paragraph

    def build(self) -> None:
        self._style_ids = {s.name: s.style_id for s in self.word.styles}
        self._styles_key = tuple(sorted(self._style_ids.items()))
        set_language(self.word, self.doc.language, self.doc.paper)
        if self.doc.line_numbers:
            number_lines(self.word, self.section)
        self._write_furniture()
        for block, keep in zip(self.doc.blocks, keeps_with_next(self.doc.blocks)):
            self._write_block(block, keep)
        self._write_properties()

    def _unnumbered(self, paragraph: WordParagraph) -> WordParagraph:
        """Keep a paragraph that is not a line of text (a spacer, a picture, page furniture) out of the count."""
        if self.doc.line_numbers:
            suppress_line_numbers(paragraph)
        return paragraph

    def _write_furniture(self) -> None:
        furniture, section = self.doc.furniture, self.section
        letterhead = [line for line in map(clean_text, furniture.letterhead) if line.strip()]
        header_text = clean_text(furniture.header_text)
        # The letterhead belongs to page 1 only and the running header to the
        # pages after it, hence a different first page whenever either is set.
        section.different_first_page_header_footer = bool(letterhead or header_text)
        if letterhead:
            section.first_page_header.is_linked_to_previous = False
            paragraph = self._unnumbered(section.first_page_header.paragraphs[0])
            paragraph.style = "Letterhead"
            paragraph.add_run(letterhead[0]).bold = True
            for line in letterhead[1:]:
                paragraph.add_run().add_break()
                paragraph.add_run(line)
        if header_text:
            section.header.is_linked_to_previous = False
            self._unnumbered(section.header.paragraphs[0]).add_run(header_text)
        footer_text = clean_text(furniture.footer_text)
        note = " ".join(clean_text(furniture.note).split())
        if footer_text or note:
            footers = [section.footer]
            if section.different_first_page_header_footer:
                footers.append(section.first_page_footer)
            for footer in footers:
                footer.is_linked_to_previous = False
                paragraph = self._unnumbered(footer.paragraphs[0])
                paragraph.style = "Footer"
                if note:  # on every page above the page number, as in the PDF
                    paragraph.add_run(note).italic = True
                    if footer_text:
                        paragraph = self._unnumbered(footer.add_paragraph(style="Footer"))
                if footer_text:
                    _add_text_with_page_fields(paragraph, footer_text)

    def _reused(self, key: tuple, make) -> None:
        """Add the paragraph ``make()`` adds, or a copy of the one it added before for the same ``key``."""
        key = (key, self.doc.line_numbers, self._styles_key)
        found = _paragraphs.get(key)
        if found is not None:
            self.word.element.body._insert_p(copy.deepcopy(found))
            return
        paragraph = make()
        if len(_paragraphs) >= _PARAGRAPHS_LIMIT:
            _paragraphs.clear()
        _paragraphs[key] = copy.deepcopy(paragraph._p)

    def _write_paragraph(self, block: Paragraph, keep: bool) -> WordParagraph:
        paragraph = self.add(style=ROLE_STYLES.get(block.role, "Normal"))
        _add_runs(paragraph, block.runs)
        # "left" is the model's default and so means "as the role's style
        # says": a date paragraph stays right-aligned.
        if block.align != "left" and block.align in ALIGN:
            paragraph.alignment = ALIGN[block.align]
        if keep:
            paragraph.paragraph_format.keep_with_next = True
        return paragraph

    def _write_block(self, block: Block, keep: bool = False) -> None:
        """Add ``block``; ``keep``: a page must not end after it (see :func:`keeps_with_next`)."""
        add = self.add
        if isinstance(block, Paragraph):
            self._reused(("p", tuple(block.runs), block.role, block.align, keep),
                         lambda: self._write_paragraph(block, keep))
        elif isinstance(block, Heading):
            style = f"Heading {min(max(block.level, 1), 2)}"
            self._reused(("h", block.text, style), lambda: add(clean_text(block.text), style=style))
        elif isinstance(block, ListBlock):
            if block.items:
                self._write_list(block, *self._new_numbering(block), keep_last=keep)
        elif isinstance(block, AddressBlock):
            lines = [add(clean_text(line), style=ROLE_STYLES["address"]) for line in block.lines]
            if lines:  # clear of the letterhead above and of the date line below, as in the PDF
                lines[0].paragraph_format.space_before = Pt(24)
                lines[-1].paragraph_format.space_after = Pt(18)
        elif isinstance(block, Table):
            self._write_table(block)
        elif isinstance(block, SignatureBlock):
            self._write_signatures(block)
        elif isinstance(block, Image):
            self._write_photo(block)
        elif isinstance(block, PageBreak):
            self.word.add_page_break()
        elif isinstance(block, Spacer):
            fmt = self._unnumbered(add()).paragraph_format
            _exact_height(fmt, Mm(max(block.height_mm, 0.5)))
            if keep:
                fmt.keep_with_next = True

    def _write_photo(self, block: Image) -> None:
        """An inline picture centred in its own paragraph, the caption below it in the Caption style."""
        photo = load_photo(Path(block.path))  # re-encoded: no EXIF or GPS position reaches the file
        width_mm, height_mm = photo_size_mm(photo, self.text_width.mm, block.width_mm, self.text_height.mm)
        self.photos += 1
        caption = clean_text(block.caption).strip()
        paragraph = self._unnumbered(self.add())
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        fmt = paragraph.paragraph_format
        fmt.keep_with_next = bool(caption)  # the caption stays under its photo
        fmt.space_before, fmt.space_after = Pt(6), Pt(2 if caption else 10)
        shape = paragraph.add_run().add_picture(BytesIO(photo.data), width=Mm(width_mm), height=Mm(height_mm))
        # python-docx names a picture after its file ("image.jpeg" for a stream);
        # a neutral name keeps file names out, the caption serves as alternative text.
        name = f"photo-{self.photos}"
        for element in (shape._inline.docPr, *shape._inline.iter(qn("pic:cNvPr"))):
            element.set("name", name)
            element.set("descr", " ".join(caption.split()) or name)
        if caption:
            self.add(caption, style="Caption")

    # -- numbered lists ----------------------------------------------------------

    def _new_numbering(self, block: ListBlock) -> tuple[int, ListLevels]:
        """Add a numbering definition for one list (see :func:`add_numbering`); return its numId and levels."""
        abstract_id = self.next_abstract_id
        self.next_abstract_id += 1
        return add_numbering(self.numbering, abstract_id, block)

    def _write_list(self, block: ListBlock, num_id: int, levels: ListLevels, depth: int = 0,
                    keep_last: bool = False) -> None:
        """The items of ``block``, each kept with its first sub-item; ``keep_last``: the last one with what follows."""
        for offset, item in enumerate(block.items):
            level = levels.level_of(depth, block.start + offset)
            last = offset == len(block.items) - 1
            keep = item_keeps_with_next(item) or (keep_last and last)

            def make(item=item, level=level, keep=keep) -> WordParagraph:
                paragraph = self.add(style="List Paragraph")
                num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
                num_pr.get_or_add_ilvl().val = level
                num_pr.get_or_add_numId().val = num_id
                if keep:
                    paragraph.paragraph_format.keep_with_next = True
                _add_runs(paragraph, item.runs)
                return paragraph

            self._reused(("li", tuple(item.runs), level, num_id, keep), make)
            if item.children is not None and item.children.items:
                self._write_list(item.children, num_id, levels, depth + 1, keep_last=keep_last and last)

    # -- tables and signatures -----------------------------------------------------

    def _write_table(self, block: Table) -> None:
        columns = max([len(block.header), *(len(row) for row in block.rows)])
        if columns == 0:
            return
        header_rows = 1 if block.header else 0
        table = self.word.add_table(rows=header_rows + len(block.rows), cols=columns)
        table.style = self.word.styles["Table Grid"]
        _fix_widths(table, _column_widths(block.widths, columns, self.text_width))
        if block.header:
            header = table.rows[0]
            _set_row_flag(header, "w:cantSplit")
            if block.repeat_header:
                _set_row_flag(header, "w:tblHeader")
            for cell, text in zip(header.cells, block.header):
                cell.paragraphs[0].add_run(clean_text(text)).bold = True
        for row, values in zip(table.rows[header_rows:], block.rows):
            for cell, text in zip(row.cells, values):
                if text:
                    cell.paragraphs[0].add_run(clean_text(text))
            if block.row_height_mm:
                row.height = Mm(block.row_height_mm)
                # Blank rows (signature sheets) get exactly the asked height so
                # every sheet looks alike; rows with text may grow rather than
                # cut words off.
                blank = not any(text.strip() for text in values)
                row.height_rule = WD_ROW_HEIGHT_RULE.EXACTLY if blank else WD_ROW_HEIGHT_RULE.AT_LEAST
                _set_row_flag(row, "w:cantSplit")
        self._end_table()

    def _write_signatures(self, block: SignatureBlock) -> None:
        signatures = block.signatures
        if len(signatures) == 1:
            self._fill_signature(self.add(style="Signature"), signatures[0], self.text_width)
        elif signatures:
            # Several signers side by side: a borderless table of two columns.
            # Signers without an image get the image's height as blank space,
            # so the names in one row line up.
            reserve = any(signature.image is not None for signature in signatures)
            table = self.word.add_table(rows=(len(signatures) + 1) // 2, cols=2)
            column = Emu(self.text_width // 2)
            _fix_widths(table, [column, column])
            for index, signature in enumerate(signatures):
                row = table.rows[index // 2]
                _set_row_flag(row, "w:cantSplit")
                cell = row.cells[index % 2]
                first = cell.paragraphs[0]
                first.style = self.word.styles["Signature"]
                if index >= 2:
                    first.paragraph_format.space_before = Pt(18)
                self._fill_signature(first, signature, Emu(column - Mm(4)), cell, reserve)
            self._end_table()

    def _fill_signature(
        self, first: WordParagraph, signature: Signature, max_width: Length, cell: _Cell | None = None, reserve=False
    ) -> None:
        def add(text: str = "", style: str = "Normal") -> WordParagraph:
            return self.add(text, style, cell)

        paragraph = first
        if signature.image is not None or reserve:
            self._unnumbered(paragraph)  # the picture, or the room to sign by hand
            if signature.image is not None:
                _add_signature_image(paragraph, Path(signature.image), max_width)
            else:
                _exact_height(paragraph.paragraph_format, _SIGNATURE_HEIGHT)
            paragraph = add(style="Signature")
        paragraph.add_run(clean_text(signature.name))
        for line in signature.lines:
            add(clean_text(line), style="Signature")

    def _end_table(self) -> None:
        # Word merges two tables that touch; a small empty paragraph keeps them apart.
        self._unnumbered(self.word.add_paragraph()).paragraph_format.space_after = Pt(0)

    def _write_properties(self) -> None:
        props = self.word.core_properties
        props.title = clean_text(self.doc.title)
        props.subject = clean_text(self.doc.subject)
        props.language = clean_text(self.doc.language)
        props.author = clean_text(self.doc.author)
        props.keywords = clean_text(", ".join(self.doc.keywords))
        props.last_modified_by = props.comments = props.category = ""
        props.revision = 1
        now = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
        props.created = props.modified = now


# -- small helpers over python-docx objects -------------------------------------------


def _add_runs(paragraph: WordParagraph, runs: list[Run]) -> None:
    for run in runs:
        text = clean_text(run.text)
        if text:
            word_run = paragraph.add_run(text)
            if run.bold:
                word_run.bold = True
            if run.italic:
                word_run.italic = True


def _add_text_with_page_fields(paragraph: WordParagraph, text: str) -> None:
    """Add ``text`` with ``{page}`` and ``{pages}`` as live PAGE and NUMPAGES fields."""
    position = 0
    for match in _FIELD.finditer(text):
        if match.start() > position:
            paragraph.add_run(text[position : match.start()])
        instr = "NUMPAGES" if match.group(1) == "pages" else "PAGE"
        paragraph._p.append(
            parse_xml(
                f'<w:fldSimple {nsdecls("w")} w:instr=" {instr} \\* MERGEFORMAT ">'
                "<w:r><w:rPr><w:noProof/></w:rPr><w:t>1</w:t></w:r></w:fldSimple>"
            )
        )
        position = match.end()
    if position < len(text):
        paragraph.add_run(text[position:])


def _add_signature_image(paragraph: WordParagraph, path: Path, max_width: Length) -> None:
    # Re-encoded from its pixels like every picture (see desktop.core.photos):
    # no EXIF, GPS position or PNG text chunk reaches the document, and
    # transparency survives. From a stream, so python-docx stores no file name.
    image = load_signature(path)
    shape = paragraph.add_run().add_picture(BytesIO(image.data), height=_SIGNATURE_HEIGHT)
    if shape.width > max_width:
        shape.height = Emu(int(shape.height * max_width / shape.width))
        shape.width = Emu(int(max_width))


def _exact_height(fmt, height: Length) -> None:
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = height


def _set_row_flag(row: _Row, tag: str) -> None:
    """Add an empty flag element (w:cantSplit, w:tblHeader) to a row in schema order."""
    tr_pr = row._tr.get_or_add_trPr()
    if tr_pr.find(qn(tag)) is None:
        later = _TR_PR_ORDER[_TR_PR_ORDER.index(tag) + 1 :]
        tr_pr.insert_element_before(parse_xml(f"<{tag} {nsdecls('w')}/>"), *later)


def _column_widths(relative: list[float] | None, columns: int, total: int) -> list[Length]:
    weights = list(relative or [])[:columns]
    if len(weights) < columns or any(weight <= 0 for weight in weights):
        weights = [1.0] * columns
    scale = sum(weights)
    return [Emu(int(total * weight / scale)) for weight in weights]


def _fix_widths(table, widths: list[Length]) -> None:
    """Fixed column widths, written where both Word and LibreOffice read them."""
    table.autofit = False
    tbl = table._tbl
    twips = [int(width) // _EMU_PER_TWIP for width in widths]
    tbl_w = tbl.tblPr.find(qn("w:tblW"))
    tbl_w.set(qn("w:w"), str(sum(twips)))
    tbl_w.set(qn("w:type"), "dxa")
    for grid_col, width in zip(tbl.tblGrid.gridCol_lst, twips):
        grid_col.w = Emu(width * _EMU_PER_TWIP)
    for row in table.rows:
        for cell, width in zip(row.cells, twips):
            cell.width = Emu(width * _EMU_PER_TWIP)
