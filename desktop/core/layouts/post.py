"""Envelopes and address labels: the recipients' postal addresses, placed for the post.

Both are PDF pages drawn at fixed positions, not flowing text, so they have
their own small writer here rather than going through the letter's writer.

**Envelopes**: one page per recipient, the page the size of the envelope.
On a window envelope (DL, C5, US #10) the address is printed exactly where
the app's letter prints it, once the letter is folded and slid in: the
letter's left margin and its window line (``Paper.address_top``) measured
from the top-left corner of the folded letter, which sits against the top
edge of the envelope and is centred across its width. A C4 envelope takes
the letter unfolded and has no window in this app: the address goes to the
right half, lower part, as the post offices ask. The sender's return
address is printed small, top left.

**Labels**: every recipient on label sheets (3×7 and 2×7 on A4, 3×10 on US
Letter, Avery 5160); the first labels of the first sheet may be skipped
(already used), and labels with the sender's address may follow. Each
address is set as large as its label allows (the longest line sets the
size) down to a minimum size; an address that does not fit even then is a
problem of the plan, never a silent overflow.

The address lines are those of the letter (:func:`desktop.core.address.address_block`):
the recipient country's line order, and the UPU country line for mail
abroad.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from reportlab.lib.units import inch, mm

from desktop.core import localize
from desktop.core.address import address_block
from desktop.core.recipients import Recipient
from desktop.core.signers import Signer

# -- envelope and sheet sizes ------------------------------------------------------------


@dataclass(frozen=True)
class Envelope:
    name: str
    width: float  # points, landscape
    height: float
    window: bool  # the letter's address shows through a window
    paper: str  # the letter paper it takes, "A4" or "Letter"


ENVELOPES = {
    "DL": Envelope("DL", 220 * mm, 110 * mm, True, "A4"),
    "C5": Envelope("C5", 229 * mm, 162 * mm, True, "A4"),
    "C4": Envelope("C4", 324 * mm, 229 * mm, False, "A4"),
    "US10": Envelope("US10", 9.5 * inch, 4.125 * inch, True, "Letter"),
}


@dataclass(frozen=True)
class LabelSheet:
    name: str
    page: tuple[float, float]  # points
    columns: int
    rows: int
    label: tuple[float, float]  # width, height of one label
    left: float  # the first label's left edge
    top: float  # the first label's top edge, from the top of the page
    pitch: tuple[float, float]  # from one label to the next, across and down
    padding: float  # unprinted edge inside each label

    @property
    def per_sheet(self) -> int:
        return self.columns * self.rows

    @property
    def paper(self) -> str:
        """The paper the sheet is cut like, "A4" or "Letter" (what a printer is asked for)."""
        return "Letter" if self.page == _LETTER else "A4"

    def rectangle(self, slot: int) -> tuple[float, float, float, float]:
        """Label ``slot`` (0-based, row by row): x, y (bottom-left, PDF points), width, height."""
        row, column = divmod(slot, self.columns)
        x = self.left + column * self.pitch[0]
        top = self.top + row * self.pitch[1]
        return x, self.page[1] - top - self.label[1], self.label[0], self.label[1]


_A4 = (210 * mm, 297 * mm)
_LETTER = (8.5 * inch, 11 * inch)
SHEETS = {
    # 70 × 42.3 mm, edge to edge across, 0.45 mm top and bottom.
    "a4_3x7": LabelSheet("a4_3x7", _A4, 3, 7, (70 * mm, 42.3 * mm), 0, 0.45 * mm, (70 * mm, 42.3 * mm), 5 * mm),
    # 105 × 42.3 mm, edge to edge across.
    "a4_2x7": LabelSheet("a4_2x7", _A4, 2, 7, (105 * mm, 42.3 * mm), 0, 0.45 * mm, (105 * mm, 42.3 * mm), 6 * mm),
    # Avery 5160: 2⅝ × 1 in, side margins 3/16 in, top margin ½ in, ⅛ in between columns.
    "letter_3x10": LabelSheet("letter_3x10", _LETTER, 3, 10, (2.625 * inch, 1 * inch), 0.1875 * inch,
                              0.5 * inch, (2.75 * inch, 1 * inch), 0.12 * inch),
}

MAX_SIZE = 11.0  # points: the address is never larger than a letter's
MIN_SIZE = 6.0  # points: smaller than this, sorting machines and people misread it
LEADING = 1.2
RETURN_SIZE = 7.0


def envelope_for(choice: str, sender_country: str) -> Envelope:
    """The envelope of the ``size`` setting; "auto": DL where A4 is posted, US #10 where US Letter is."""
    return _chosen(ENVELOPES, choice, sender_country, letter="US10", a4="DL")


def sheet_for(choice: str, sender_country: str) -> LabelSheet:
    """The label sheet of the ``sheet`` setting; "auto": 3×7 on A4, or 3×10 (Avery 5160) where US Letter is used."""
    return _chosen(SHEETS, choice, sender_country, letter="letter_3x10", a4="a4_3x7")


def _chosen(sizes: dict, choice: str, sender_country: str, letter: str, a4: str):
    if choice in sizes:
        return sizes[choice]
    return sizes[letter if localize.paper_for_country(sender_country) == "Letter" else a4]


# -- what is printed ---------------------------------------------------------------------


@dataclass
class AddressItem:
    lines: list[str]
    language: str
    name: str  # how a problem names it
    paper: str = "A4"  # the paper of the letter that goes into the envelope
    sender_country_line: str = ""  # mail abroad: the sender's country, read by the post of the destination


@dataclass
class PostDocument:
    """Envelopes or labels: what the PDF writer needs, nothing more."""

    kind: str  # "envelopes" or "labels"
    items: list[AddressItem]
    return_lines: list[str] = field(default_factory=list)
    envelope: Envelope | None = None
    sheet: LabelSheet | None = None
    start: int = 1  # labels: the first free label on the first sheet (1-based)
    return_labels: int = 0
    title: str = ""
    # Set by fit_document, once: each address's print size, and the return-address labels'
    # (None: it does not fit even at MIN_SIZE, which the plan reports as a problem).
    sizes: list[float | None] | None = None
    return_size: float | None = None

    def fit(self, font: str) -> PostDocument:
        """Work out, once, the size each address is printed at; the plan checks these sizes, the PDF uses them."""
        if self.sizes is None:
            self.sizes = []
            for item in self.items:
                item.lines, size = fitted_lines(item.lines, *self.address_area(item), font)
                self.sizes.append(size)
            if self.kind == "labels" and self.return_labels and self.return_lines:
                assert self.sheet is not None
                self.return_lines, self.return_size = fitted_lines(self.return_lines, *label_area(self.sheet), font)
        return self

    def address_area(self, item: AddressItem) -> tuple[float, float]:
        """Width and height the address of ``item`` may fill: inside a label, or below the envelope's window line."""
        if self.sheet is not None:
            return label_area(self.sheet)
        assert self.envelope is not None
        return (envelope_address_origin(self.envelope, item.paper)[2],
                envelope_address_height(self.envelope, item.paper))

    @property
    def paper(self) -> str:
        """The paper the print file is on (envelopes: the letter paper they take)."""
        size = self.sheet or self.envelope
        assert size is not None
        return size.paper

    @property
    def size_name(self) -> str:
        size = self.sheet or self.envelope
        assert size is not None
        return size.name

    @property
    def pages(self) -> int:
        if self.kind == "envelopes":
            return len(self.items)
        assert self.sheet is not None
        used = self.start - 1 + len(self.items) + self.return_labels
        return max(1, -(-used // self.sheet.per_sheet))


def recipient_lines(recipient: Recipient, language: str, sender_country: str) -> list[str]:
    """The address lines printed on the envelope or label: exactly those of the letter."""
    return address_block(recipient, language, sender_country)


def sender_country_line(recipient: Recipient, language: str, sender_country: str) -> str:
    """For mail abroad, the sender's country in capitals, in the language the recipient's address uses for its own."""
    from desktop.core.address import country_line_language
    from desktop.core.localize import country_name
    from desktop.core.text import upper_case

    origin = (sender_country or "").strip().upper()
    destination = (recipient.country or "").strip().upper()
    if not origin or not destination or origin == destination:
        return ""
    return upper_case(country_name(origin, country_line_language(language, origin)) or origin)


def return_address(signers: list[Signer], language: str = "en") -> list[str]:
    """The sender's address: the letterhead's first signer (its organisation in ``language``), without the e-mail address."""
    if not signers:
        return []
    sender = signers[0].in_language(language)
    lines = [sender.organisation or sender.name, *sender.address_lines]
    return [" ".join(line.split()) for line in lines if line and line.strip()]


def fit_size(lines: list[str], width: float, height: float, font: str) -> float | None:
    """The largest size (≤ MAX_SIZE) at which ``lines`` fit ``width`` × ``height``; None below MIN_SIZE."""
    from desktop.core.writers.pdf_fallback import string_width

    if not lines:
        return MAX_SIZE
    widest = max(string_width(line, font, 1.0) for line in lines)
    by_width = width / widest if widest else MAX_SIZE
    by_height = height / (len(lines) * LEADING)
    size = min(MAX_SIZE, by_width, by_height)
    size = int(size * 4) / 4  # quarter points: stable sizes, never a hair too large
    return size if size >= MIN_SIZE else None


def fitted_lines(lines: list[str], width: float, height: float, font: str) -> tuple[list[str], float | None]:
    """``lines`` and their size; lines too wide even at MIN_SIZE are broken between words, the widest first.

    An institution's full name in a language ("Botschaft der Russischen
    Föderation im Königreich Schweden") may be wider than a label even in
    the smallest print; broken in two, as the post reads a name over two
    lines, it fits. Addresses that fit as they are stay as they are.
    """
    from desktop.core.writers.pdf_fallback import string_width

    size = fit_size(lines, width, height, font)
    for _ in range(4):
        if size is not None:
            break
        widest = max(range(len(lines)), key=lambda i: string_width(lines[i], font, 1.0), default=None)
        if widest is None or " " not in lines[widest].strip():
            break
        words = lines[widest].split()
        # The break that leaves the wider half narrowest.
        cut = min(range(1, len(words)), key=lambda k: max(string_width(" ".join(words[:k]), font, 1.0),
                                                           string_width(" ".join(words[k:]), font, 1.0)))
        lines = [*lines[:widest], " ".join(words[:cut]), " ".join(words[cut:]), *lines[widest + 1:]]
        size = fit_size(lines, width, height, font)
    return lines, size


def label_area(sheet: LabelSheet) -> tuple[float, float]:
    return sheet.label[0] - 2 * sheet.padding, sheet.label[1] - 2 * sheet.padding


def envelope_address_origin(envelope: Envelope, paper_name: str = "") -> tuple[float, float, float]:
    """Where the address block starts on ``envelope``: x, top (from the top edge), width available (points).

    Window envelopes: the address position of the letter on ``paper_name``
    (its left margin, its window line), the folded letter centred across
    the envelope and against its top edge. Others: the right half, in the lower part.
    """
    from desktop.core.writers.pdf_furniture import PAPERS

    if envelope.window:
        paper = PAPERS[paper_name or envelope.paper]
        x = (envelope.width - paper.size[0]) / 2 + paper.margin
        return x, paper.address_top, envelope.width - x - 15 * mm
    x = envelope.width * 0.5
    return x, envelope.height * 0.5, envelope.width - x - 15 * mm


def envelope_address_height(envelope: Envelope, paper_name: str = "") -> float:
    """Room for the address below its top: down to 15 mm above the bottom edge (the post's barcode strip)."""
    _x, top, _w = envelope_address_origin(envelope, paper_name)
    return envelope.height - top - 15 * mm


# -- the PDF -----------------------------------------------------------------------------


def write_post_pdf(document: PostDocument, target) -> None:
    """Draw ``document`` with reportlab onto ``target`` (a path or a binary file)."""
    from reportlab.pdfgen.canvas import Canvas

    from desktop.core.fonts import register_fonts
    from desktop.core.writers.pdf_fallback import fix_to_unicode

    fonts = register_fonts()
    fix_to_unicode()
    sizes = document.fit(fonts.regular).sizes
    assert sizes is not None
    if document.kind == "envelopes":
        assert document.envelope is not None
        canv = Canvas(target, pagesize=(document.envelope.width, document.envelope.height), invariant=1,
                      pageCompression=1)
        canv.setTitle(document.title)
        for item, size in zip(document.items, sizes):
            _draw_envelope(canv, fonts.regular, document.envelope, item, size or MIN_SIZE, document.return_lines)
            canv.showPage()
    else:
        assert document.sheet is not None
        sheet = document.sheet
        canv = Canvas(target, pagesize=sheet.page, invariant=1, pageCompression=1)
        canv.setTitle(document.title)
        contents = [(item.lines, size) for item, size in zip(document.items, sizes)]
        contents += [(document.return_lines, document.return_size)] * document.return_labels
        slot = document.start - 1
        for lines, size in contents:
            if slot == sheet.per_sheet:
                canv.showPage()
                slot = 0
            _draw_label(canv, fonts.regular, sheet, slot, lines, size or MIN_SIZE)
            slot += 1
        canv.showPage()
    canv.save()


def post_pdf_bytes(document: PostDocument) -> bytes:
    buffer = io.BytesIO()
    write_post_pdf(document, buffer)
    return buffer.getvalue()


def _draw_lines(canv, font: str, x: float, top: float, lines: list[str], size: float) -> None:
    """``lines`` from ``top`` (PDF y of the block's top edge) down, the first baseline one ascent below it."""
    from desktop.core.writers.pdf_fallback import draw_string

    y = top - size  # the block's top is the top of the first line's em box
    for line in lines:
        draw_string(canv, x, y, line, font, size)
        y -= size * LEADING


def _draw_envelope(canv, font: str, envelope: Envelope, item: AddressItem, size: float, sender: list[str]) -> None:
    if sender and item.sender_country_line:
        sender = [*sender, item.sender_country_line]
    if sender:
        room = 0.45 * envelope.width - 10 * mm
        sender_size = fit_size(sender, room, 30 * mm, font) or MIN_SIZE
        _draw_lines(canv, font, 10 * mm, envelope.height - 10 * mm, sender, min(sender_size, RETURN_SIZE))
    x, top, _width = envelope_address_origin(envelope, item.paper)
    # The letter prints its address at the body size, so the envelope does too when it fits.
    _draw_lines(canv, font, x, envelope.height - top, item.lines, size or MIN_SIZE)


def _draw_label(canv, font: str, sheet: LabelSheet, slot: int, lines: list[str], size: float) -> None:
    x, y, _w, h = sheet.rectangle(slot)
    _width, height = label_area(sheet)
    block = len(lines) * size * LEADING
    top = y + h - sheet.padding - max(0.0, (height - block) / 2)  # centred in the label's height
    _draw_lines(canv, font, x + sheet.padding, top, lines, size)
