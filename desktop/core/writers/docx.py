"""Writes a :class:`~desktop.core.document.Document` as an editable Word file.

The file is meant to be edited further in Word or LibreOffice, so it uses
named styles (one per paragraph role), real Word numbering for every list,
live PAGE/NUMPAGES fields in the footer and a language tag for spell-checking.

python-docx's stock template is large (its styles.xml alone is 430 KB) and
carries foreign metadata ("python-docx" as author, a thumbnail of another
document, Mac Word as the application). It is trimmed and cleaned once per
process into a small template held in memory; every document is opened from
those bytes, which is cheaper than opening the stock template.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import BinaryIO

import docx
from docx.document import Document as WordDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_ROW_HEIGHT_RULE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.image.exceptions import UnrecognizedImageError
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
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
    ListStyle,
    PageBreak,
    Paragraph,
    Run,
    Signature,
    SignatureBlock,
    Spacer,
    Table,
    list_label,
)
from desktop.core.errors import N_, PetitionDeskError
from desktop.core.text import strip_illegal, unify_line_ends
from desktop.core.files import atomic_write
from desktop.core.photos import load_photo, photo_size_mm

__all__ = ["FONT", "ROLE_STYLES", "clean_text", "word_language_tag", "write_docx"]

FONT = "Noto Serif"  # the face the PDF writer embeds
FONT_FALLBACK = "Liberation Serif"  # offered to Word as the alternative name

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
_ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}
_SIGNATURE_HEIGHT = Mm(15)
_LIST_INDENT = 567  # twips (1 cm) per list level; the label hangs in it
_LINE_NUMBER_DISTANCE = 340  # twips (6 mm) from the text to the line numbers, as in the PDF
_EMU_PER_TWIP = 635
_SECT_PR_AFTER_LN_NUM = (  # what follows w:lnNumType in w:sectPr, in schema order
    "w:pgNumType",
    "w:cols",
    "w:formProt",
    "w:vAlign",
    "w:noEndnote",
    "w:titlePg",
    "w:textDirection",
    "w:bidi",
    "w:rtlGutter",
    "w:docGrid",
    "w:printerSettings",
    "w:sectPrChange",
)
_P_PR_AFTER_SUPPRESS_LINE_NUMBERS = (  # what follows w:suppressLineNumbers in w:pPr, in schema order
    "w:pBdr",
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)
_TR_PR_ORDER = ("w:cantSplit", "w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden", "w:ins", "w:del")


def clean_text(text: str) -> str:
    """``text`` without characters a Word file cannot hold; line ends become ``\\n``."""
    return strip_illegal(unify_line_ends(text))


def write_docx(doc: Document, target: Path | BinaryIO) -> None:
    """Write ``doc`` as a DOCX file to a path (atomically) or to a binary stream."""
    word = docx.Document(BytesIO(_template_bytes()))
    _DocxBuilder(word, doc).build()
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
        set_language(self.word, self.doc.language, self.doc.paper)
        if self.doc.line_numbers:
            self._number_lines()
        self._write_furniture()
        for block in self.doc.blocks:
            self._write_block(block)
        self._write_properties()

    def _number_lines(self) -> None:
        """Line numbers in the left margin, counting from 1 on every page, as committees print amendments."""
        self.section._sectPr.insert_element_before(
            parse_xml(
                f'<w:lnNumType {nsdecls("w")} w:countBy="1" w:restart="newPage" w:distance="{_LINE_NUMBER_DISTANCE}"/>'
            ),
            *_SECT_PR_AFTER_LN_NUM,
        )
        # Word draws the numbers in its built-in "line number" character
        # style; small and grey like the PDF's, so they do not compete with the text.
        self.word.styles.element.append(
            parse_xml(
                f'<w:style {nsdecls("w")} w:type="character" w:styleId="LineNumber"><w:name w:val="line number"/>'
                '<w:basedOn w:val="DefaultParagraphFont"/><w:uiPriority w:val="99"/><w:semiHidden/>'
                '<w:unhideWhenUsed/><w:rPr><w:color w:val="595959"/><w:sz w:val="15"/><w:szCs w:val="15"/></w:rPr>'
                "</w:style>"
            )
        )

    def _unnumbered(self, paragraph: WordParagraph) -> WordParagraph:
        """Keep a paragraph that is not a line of text (a spacer, a picture, page furniture) out of the count."""
        if self.doc.line_numbers:
            ppr = paragraph._p.get_or_add_pPr()
            if ppr.find(qn("w:suppressLineNumbers")) is None:
                ppr.insert_element_before(
                    parse_xml(f"<w:suppressLineNumbers {nsdecls('w')}/>"), *_P_PR_AFTER_SUPPRESS_LINE_NUMBERS
                )
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
        if footer_text:
            footers = [section.footer]
            if section.different_first_page_header_footer:
                footers.append(section.first_page_footer)
            for footer in footers:
                footer.is_linked_to_previous = False
                paragraph = self._unnumbered(footer.paragraphs[0])
                paragraph.style = "Footer"
                _add_text_with_page_fields(paragraph, footer_text)

    def _write_block(self, block: Block) -> None:
        add = self.add
        if isinstance(block, Paragraph):
            paragraph = add(style=ROLE_STYLES.get(block.role, "Normal"))
            _add_runs(paragraph, block.runs)
            # "left" is the model's default and so means "as the role's style
            # says": a date paragraph stays right-aligned.
            if block.align != "left" and block.align in _ALIGN:
                paragraph.alignment = _ALIGN[block.align]
            if block.keep_with_next:
                paragraph.paragraph_format.keep_with_next = True
        elif isinstance(block, Heading):
            add(clean_text(block.text), style=f"Heading {min(max(block.level, 1), 2)}")
        elif isinstance(block, ListBlock):
            if block.items:
                self._write_list(block, *self._new_numbering(block))
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
            _exact_height(self._unnumbered(add()).paragraph_format, Mm(max(block.height_mm, 0.5)))

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

    def _new_numbering(self, block: ListBlock) -> tuple[int, _ListLevels]:
        """Add a numbering definition (w:abstractNum + w:num) for one list; return its numId and levels.

        Every list gets its own definition, so each one starts at its own
        ``start`` and Word renumbers it when items are inserted or deleted.
        """
        abstract_id = self.next_abstract_id
        self.next_abstract_id += 1
        levels = _ListLevels(block)
        abstract = parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
            f'<w:nsid w:val="{0x5044_0000 + abstract_id:08X}"/>'
            f'<w:multiLevelType w:val="multilevel"/>{levels.xml()}</w:abstractNum>'
        )
        first_num = self.numbering.find(qn("w:num"))  # every abstractNum must precede every num
        if first_num is not None:
            first_num.addprevious(abstract)
        else:
            self.numbering.append(abstract)
        return self.numbering.add_num(abstract_id).numId, levels

    def _write_list(self, block: ListBlock, num_id: int, levels: _ListLevels, depth: int = 0) -> None:
        for offset, item in enumerate(block.items):
            paragraph = self.add(style="List Paragraph")
            num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
            num_pr.get_or_add_ilvl().val = levels.level_of(depth, block.start + offset)
            num_pr.get_or_add_numId().val = num_id
            _add_runs(paragraph, item.runs)
            if item.children is not None and item.children.items:
                self._write_list(item.children, num_id, levels, depth + 1)

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
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PetitionDeskError(
            N_("The signature image %(path)s cannot be read (%(reason)s). Choose the image again."),
            path=str(path),
            reason=exc.strerror or str(exc),
        ) from exc
    try:
        # From a stream rather than the path: python-docx would otherwise store
        # the file's name in the document, and a file name can be personal.
        # The bytes are embedded unchanged, so PNG transparency survives.
        shape = paragraph.add_run().add_picture(BytesIO(data), height=_SIGNATURE_HEIGHT)
    except (UnrecognizedImageError, ValueError, ZeroDivisionError, IndexError) as exc:
        raise PetitionDeskError(
            N_("The signature image %(path)s is not a PNG or JPEG picture. Save it as PNG and choose it again."),
            path=str(path),
        ) from exc
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


# -- numbering definitions -------------------------------------------------------------

# Word's own number formats; "{p}" is where typed letters go before a live
# letter (see _ListLevels). Word's "upperLetter" and LibreOffice's import of
# it go Y, Z, AA, BB, CC, while the model (list_label) and the PDF go AA, AB,
# AC the way parliaments letter recitals, and Word has no format for that.
_LIST_FORMATS: dict[str, tuple[str, str]] = {
    "decimal": ("decimal", "%{n}."),
    "upper-alpha": ("upperLetter", "{p}%{n}."),
    "lower-alpha": ("lowerLetter", "({p}%{n})"),
    "paren-decimal": ("decimal", "(%{n})"),
    "paren-upper-alpha": ("upperLetter", "({p}%{n})"),
    "bullet": ("bullet", "\u2022"),
    "dash": ("bullet", "\u2013"),
}
_LETTERED = {"upper-alpha", "lower-alpha", "paren-upper-alpha"}
_DEEPER_DEFAULTS: tuple[ListStyle, ...] = ("decimal", "lower-alpha", "bullet")
_WORD_LEVELS = 9


@dataclass(frozen=True)
class _Level:
    style: ListStyle
    start: int
    depth: int  # how deep the items sit: the indentation
    prefix: str = ""  # letters typed before the live one: "A" for AA … AZ


class _ListLevels:
    """Word's nine levels of one list's numbering definition, and which level each item takes.

    A list lettered past Z gets one level per run of 26 letters, all with the
    indentation of that list's depth: the first level is plain ``%1.``
    (A … Z), the next one the typed letter "A" before a live letter
    (``A%2.``: AA … AZ), then ``B%3.`` (BA … BZ) and so on. Item 27 is written
    on the second level, item 53 on the third. The labels stay real Word
    numbering: moving or deleting an item within a run of 26 renumbers it.

    No ``w:lvlRestart`` is written. By default Word and LibreOffice restart a
    level whenever a paragraph of a level above it appears, which is what
    both kinds of level need: the run AA … AZ comes after every A … Z item, so
    it starts at its ``w:start`` (1) once and then counts on, and sub-point
    levels below the runs restart under every new item whichever run that
    item belongs to. (Never restarting the runs would make sub-points count on
    from one item to the next.) An item moved across a run's edge in Word
    keeps the run's letters; exporting again letters the list afresh.
    """

    def __init__(self, block: ListBlock) -> None:
        depths: list[list[ListBlock]] = []
        current = [block]
        while current:
            depths.append(current)
            current = [item.children for lst in current for item in lst.items if item.children is not None]
        self.levels: list[_Level] = []
        self.first_level: list[int] = []  # per depth: its first Word level
        self.first_run: list[int] = []  # per depth: the run of 26 its first level prints
        self.runs: list[int] = []  # per depth: how many levels it has
        for depth, lists in enumerate(depths):
            if len(self.levels) >= _WORD_LEVELS:
                break
            style, start = lists[0].style, max(lists[0].start, 0)
            first = last = 0
            if style in _LETTERED:
                first = min((max(lst.start, 1) - 1) // 26 for lst in lists)
                last = max((max(lst.start, 1) + len(lst.items) - 2) // 26 for lst in lists)
            # Every deeper depth keeps at least one level of its own.
            room = _WORD_LEVELS - len(self.levels) - min(len(depths) - depth - 1, _WORD_LEVELS)
            runs = max(1, min(last - first + 1, room))
            self.first_level.append(len(self.levels))
            self.first_run.append(first)
            self.runs.append(runs)
            for run in range(first, first + runs):
                prefix = list_label("upper-alpha", run).rstrip(".") if run else ""
                if style == "lower-alpha":
                    prefix = prefix.lower()
                level_start = ((start - 1) % 26 + 1 if start > 0 else start) if run == first else 1
                self.levels.append(_Level(style, level_start if style in _LETTERED else start, depth, prefix))
        while len(self.levels) < _WORD_LEVELS:
            depth = self.levels[-1].depth + 1
            self.levels.append(_Level(_DEEPER_DEFAULTS[depth % 3], 1, depth))

    def level_of(self, depth: int, number: int) -> int:
        """The Word level (w:ilvl) of item ``number`` (1-based, counting from the list's start) at ``depth``."""
        if depth >= len(self.first_level):
            return _WORD_LEVELS - 1
        run = (
            (max(number, 1) - 1) // 26 - self.first_run[depth]
            if self.levels[self.first_level[depth]].style in _LETTERED
            else 0
        )
        return self.first_level[depth] + max(0, min(run, self.runs[depth] - 1))

    def xml(self) -> str:
        return "".join(_lvl_xml(ilvl, level) for ilvl, level in enumerate(self.levels))


def _lvl_xml(ilvl: int, level: _Level) -> str:
    num_fmt, pattern = _LIST_FORMATS.get(level.style, _LIST_FORMATS["decimal"])
    text = pattern.replace("{p}", level.prefix).replace("{n}", str(ilvl + 1))
    # Bullets in the body font rather than Symbol, so "•" and "–" match the text.
    r_pr = f'<w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}"/></w:rPr>' if num_fmt == "bullet" else ""
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{level.start}"/><w:numFmt w:val="{num_fmt}"/>'
        f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="{_LIST_INDENT * (level.depth + 1)}" w:hanging="{_LIST_INDENT}"/></w:pPr>{r_pr}</w:lvl>'
    )


# -- language ---------------------------------------------------------------------------

# The region Word needs for spell-checking when the document names only a language.
_LANGUAGE_REGIONS = {"en": "GB", "ru": "RU", "sv": "SE", "de": "DE", "fr": "FR"}


def word_language_tag(language: str, paper: str = "A4") -> str:
    """The tag for w:lang: ``ru`` -> ``ru-RU``, ``sv`` -> ``sv-SE``; English on Letter paper -> ``en-US``."""
    parts = [part for part in language.replace("_", "-").split("-") if part]
    if not parts:
        return "en-GB"
    lang = parts[0].lower()
    region = next((part.upper() for part in parts[1:] if len(part) == 2 and part.isalpha()), None)
    if region is None and lang == "en" and paper == "Letter":
        region = "US"
    region = region or _LANGUAGE_REGIONS.get(lang) or _likely_region(lang)
    return f"{lang}-{region}" if region else lang


@functools.lru_cache(maxsize=64)
def _likely_region(lang: str) -> str | None:
    from babel.core import get_global

    region = get_global("likely_subtags").get(lang, "").split("_")[-1]
    return region if len(region) == 2 and region.isalpha() else None


def set_language(word: WordDocument, language: str, paper: str = "A4") -> None:
    """Tag the default text and the Normal style with the document's language."""
    tag = word_language_tag(language, paper)
    for lang in word.styles.element.iter(qn("w:lang")):
        lang.set(qn("w:val"), tag)


# -- the template -------------------------------------------------------------------------

# name: (a style Word knows, size pt, bold, alignment, space before pt, space after pt, keep with next)
_STYLE_SPECS: dict[str, tuple[bool, float | None, bool, str | None, float, float, bool]] = {
    "Title": (True, 16, True, "center", 0, 12, True),
    "Heading 1": (True, 13, True, None, 12, 6, True),
    "Heading 2": (True, 11.5, True, None, 10, 4, True),
    "List Paragraph": (True, None, False, None, 0, 6, False),
    "Header": (True, 9, False, "right", 0, 0, False),
    "Footer": (True, 9, False, "center", 0, 0, False),
    "Subject": (False, None, True, None, 6, 12, True),
    "Salutation": (True, None, False, None, 0, 8, True),
    "Closing": (True, None, False, None, 12, 4, True),
    "Date": (True, None, False, "right", 0, 12, False),
    "Sender": (False, None, False, None, 0, 0, False),
    "Small Print": (False, 9, False, None, 0, 4, False),
    "Label": (False, 9, True, None, 0, 4, False),
    "Address Block": (False, None, False, None, 0, 0, True),
    "Signature": (True, None, False, None, 0, 0, True),
    "Letterhead": (False, 10, False, "right", 0, 0, False),  # as in the PDF
    "Caption": (True, 9, False, "center", 0, 12, False),
}
_SINGLE_SPACED = ("Address Block", "Sender", "Signature")  # lines that belong together
_KEPT_STYLE_IDS = {"Normal", "DefaultParagraphFont", "TableNormal", "NoList", "TableGrid"}
_KEPT_STYLE_IDS |= {"Title", "Heading1", "Heading2", "Header", "Footer", "ListParagraph"}
_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
_XML_HEAD = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
_APP_XML = (
    _XML_HEAD + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>Petition Desk</Application><DocSecurity>0</DocSecurity></Properties>"
).encode()
_FONT_TABLE_XML = (
    _XML_HEAD + f'<w:fonts {nsdecls("w")}><w:font w:name="{FONT}"><w:altName w:val="{FONT_FALLBACK}"/>'
    '<w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font></w:fonts>'
).encode()


@functools.lru_cache(maxsize=1)
def _template_bytes() -> bytes:
    word = docx.Document()
    _clean_package(word)
    _define_styles(word)
    buffer = BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def _clean_package(word: WordDocument) -> None:
    """Drop what the stock template brings from elsewhere: thumbnail, app.xml, custom XML, old lists."""
    package = word.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype in (RT.THUMBNAIL, RT.EXTENDED_PROPERTIES):
            del package.rels[rel_id]
    app = Part(PackURI("/docProps/app.xml"), CT.OFC_EXTENDED_PROPERTIES, _APP_XML, package)
    package.relate_to(app, RT.EXTENDED_PROPERTIES)
    for rel_id, rel in list(word.part.rels.items()):
        if rel.reltype in (RT.CUSTOM_XML, _STYLES_WITH_EFFECTS, RT.FONT_TABLE):
            del word.part.rels[rel_id]
    font_table = Part(PackURI("/word/fontTable.xml"), CT.WML_FONT_TABLE, _FONT_TABLE_XML, package)
    word.part.relate_to(font_table, RT.FONT_TABLE)
    settings = word.settings.element
    # proofState "clean" would tell Word the text was already spell-checked.
    for tag in ("w:rsids", "w:proofState", "w:savePreviewPicture"):
        for element in settings.findall(qn(tag)):
            settings.remove(element)
    numbering = word.part.numbering_part.element
    for child in list(numbering):
        numbering.remove(child)


def _define_styles(word: WordDocument) -> None:
    styles_element = word.styles.element
    for style in styles_element.findall(qn("w:style")):
        if style.get(qn("w:styleId")) not in _KEPT_STYLE_IDS:
            styles_element.remove(style)
            continue
        if style.get(qn("w:type")) != "paragraph":
            continue
        for tag in ("w:link", "w:rsid", "w:rPr", "w:pPr"):
            for child in style.findall(qn(tag)):
                style.remove(child)
        if style.get(qn("w:styleId")).startswith("Heading"):
            level = int(style.get(qn("w:styleId"))[-1]) - 1
            style.append(parse_xml(f'<w:pPr {nsdecls("w")}><w:keepLines/><w:outlineLvl w:val="{level}"/></w:pPr>'))

    # Explicit names for Latin, Cyrillic (hAnsi), East Asian and complex
    # scripts; the theme's Calibri/Cambria references would otherwise win.
    defaults = styles_element.find(qn("w:docDefaults"))
    r_fonts = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}")
    r_fonts.attrib.clear()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        r_fonts.set(qn(attr), FONT)
    spacing = defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}/{qn('w:spacing')}")
    spacing.set(qn("w:after"), "160")
    spacing.set(qn("w:line"), "264")

    normal = word.styles["Normal"]
    normal.font.size = Pt(11)
    normal.element.get_or_add_rPr().append(parse_xml(f'<w:lang {nsdecls("w")} w:val="en-GB"/>'))
    existing = {style.name for style in word.styles}
    for name, (builtin, size, bold, align, before, after, keep) in _STYLE_SPECS.items():
        if name in existing:
            style = word.styles[name]
        else:
            style = word.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH, builtin=builtin)
            style.base_style = normal
        style.next_paragraph_style = style if name in _SINGLE_SPACED else normal
        style.quick_style = True
        if size is not None:
            style.font.size = Pt(size)
        style.font.bold = bold or None
        fmt = style.paragraph_format
        fmt.space_before, fmt.space_after = Pt(before), Pt(after)
        if align is not None:
            fmt.alignment = _ALIGN[align]
        if keep:
            fmt.keep_with_next = True
        if name in _SINGLE_SPACED:
            fmt.line_spacing = 1.0
    word.styles["Caption"].font.italic = True
    # A thin rule under the letterhead separates it from the letter.
    letterhead_ppr = word.styles["Letterhead"].element.get_or_add_pPr()
    letterhead_ppr.insert_element_before(
        parse_xml(f'<w:pBdr {nsdecls("w")}><w:bottom w:val="single" w:sz="4" w:space="4" w:color="auto"/></w:pBdr>'),
        "w:shd",
        "w:tabs",
        "w:spacing",
        "w:ind",
        "w:jc",
    )
