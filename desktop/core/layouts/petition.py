"""Petition with signature sheets.

The template's text is the petition (title, text, numbered demands). Every
sheet repeats it, compactly, above a grid of numbered rows for signatures,
then says where and by when to return the sheet and how the signatures
are used. Each sheet is one printed page: the fit is checked with the PDF
writer itself on the document's paper, and rows are made lower (down to a
minimum that still leaves room to sign) before the user is told the most
rows that fit.

Every sheet carries a short code ("Code: AB12CD-003 · Sheet 3 of 20"): six
characters made from a hash of the petition's title, text and deadline, then
the sheet's number. Collected sheets can be matched to their petition, and
each returned sheet entered once by its code (desktop/core/signatures.py),
without the sheet naming any organiser. With the
``qr_code`` setting the same code is also printed as a small QR code.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from desktop.core import localize
from desktop.core.document import Block, Document, Heading, Image, ListBlock, PageBreak, Paragraph, Run, Table
from desktop.core.errors import N_, PetitionDeskError
from desktop.core.files import write_bytes_atomic
from desktop.core.markup import ParsedBody
from desktop.core.recipients import Recipient
from desktop.core.signers import Signer
from desktop.core.template_options import TemplateOption

# Row heights tried from the most generous down; below 7.5 mm a signature gets cramped.
ROW_HEIGHTS_MM = (10.0, 9.5, 9.0, 8.5, 8.0, 7.5)

# The built-in template whose manifest declares this layout's settings: their
# types, limits and defaults are read from it, never restated here.
SETTINGS_TEMPLATE = "petition_sheets"
SETTINGS = ("sheets", "rows", "contact", "return_address", "deadline", "qr_code")

# What the layout says about a value it cannot use, by the setting's type.
_REFUSED = {
    "int": N_("The petition option %(option)s must be a whole number from %(low)s to %(high)s, not %(value)s."),
    "bool": N_("The petition option %(option)s must be true or false, not %(value)s."),
    "text": N_("The petition option %(option)s must be text."),
    "date": N_("The petition's return deadline %(value)s is not a date; write it as YYYY-MM-DD, e.g. 2026-06-30."),
}


@dataclass(frozen=True)
class SheetOptions:
    """The validated settings of a petition's sheets."""

    sheets: int
    rows: int
    contact: bool
    return_address: str
    deadline: dt.date | None
    qr_code: bool


def declared_settings() -> dict[str, TemplateOption]:
    """This layout's settings as the petition template's manifest declares them."""
    from desktop.core.templates import get_template

    declared = {option.name: option for option in get_template(SETTINGS_TEMPLATE).options}
    return {name: declared[name] for name in SETTINGS}


def sheet_options(values: dict[str, Any], default_deadline: dt.date | None = None,
                  default_return: str = "") -> SheetOptions:
    """The sheets' settings from the draft's options, read by the one parser (template_options).

    ``values`` are normally already parsed (compose fills in the defaults);
    a value the parser refuses — compose passes a wrong one on as it was —
    raises a clear error here, since no sheet can be printed with it.
    """
    settings = declared_settings()
    parsed = {name: _setting(settings[name], values.get(name)) for name in SETTINGS}
    return SheetOptions(
        sheets=parsed["sheets"],
        rows=parsed["rows"],
        contact=parsed["contact"],
        return_address=" ".join(parsed["return_address"].split()) or default_return,
        deadline=parsed["deadline"] or default_deadline,
        qr_code=parsed["qr_code"],
    )


def _setting(option: TemplateOption, value: Any) -> Any:
    parsed, problem = option.convert(value)
    if problem is not None:
        raise PetitionDeskError(_REFUSED[option.type], option=option.name, low=option.min, high=option.max,
                                value=repr(value)[:40] if option.type != "date" else str(value)[:40])
    return parsed


# -- the sheets ---------------------------------------------------------------

def build(document: Document, body: ParsedBody, context: dict[str, Any], recipient: Recipient,
          signers: list[Signer], language: str, options: Any, phrases: dict[str, str]) -> None:
    """Fill ``document`` with the requested number of one-page signature sheets."""
    settings = sheet_options(
        context.get("options") or {},
        default_deadline=getattr(options, "deadline", None),
        default_return=_default_return(signers),
    )
    addressees = tuple(getattr(options, "addressees", ()) or (recipient,))
    heading = _heading(body, addressees, language, phrases)
    code = sheet_code(body, settings.deadline)
    footer = _footer(settings, recipient, language, phrases)
    # A historical example says so in the page furniture (see compose), below the sheet: no room to leave.

    def sheet(number: int, row_height: float, rows: int) -> list[Block]:
        label = phrases["sheet_of"].format(sheet=number, sheets=settings.sheets)
        code_label = phrases.get("sheet_code") or _CODE_LABEL.get(language, _CODE_LABEL["en"])
        qr = [Image(qr_code_png(code, number, settings.sheets), width_mm=QR_WIDTH_MM)] if settings.qr_code else []
        return [
            Paragraph([Run(f"{code_label}: {sheet_entry_code(code, number)} · {label}", bold=True)], role="label",
                      align="right"),
            *heading,
            _grid(rows, row_height, settings.contact, phrases),
            *footer,
            *qr,
        ]

    row_height = _fitting_row_height(document, settings, sheet)
    blocks: list[Block] = []
    for number in range(1, settings.sheets + 1):
        if number > 1:
            blocks.append(PageBreak())
        blocks.extend(sheet(number, row_height, settings.rows))
    document.blocks = blocks


# -- the sheet code -----------------------------------------------------------------

CODE_LENGTH = 6
# Crockford's base 32: digits and capitals without I, L, O and U, so a code
# copied by hand from a sheet is not misread.
_CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
# The word before the code, in the sheet's language (a phrase "sheet_code" in
# templates/_phrases overrides it).
_CODE_LABEL = {"en": "Code", "sv": "Kod", "fr": "Code", "de": "Code", "ru": "Код"}
QR_WIDTH_MM = 14.0  # 29 modules of about 0.5 mm: phones read it; each millimetre costs signature rows
_QR_MODULE_PIXELS = 8


def sheet_code(body: ParsedBody, deadline: dt.date | None) -> str:
    """Six characters that identify the petition: the same for every export of it, another for another text.

    Only the petition itself goes in (title, text, demands, deadline), never
    the signers or the addressee, so the code names nobody.
    """
    text = Document(title="", language="", blocks=list(body.blocks)).plain_text()
    source = "\x1f".join([" ".join(body.subject.split()), " ".join(text.split()),
                          deadline.isoformat() if deadline else ""])
    number = int.from_bytes(hashlib.sha256(source.encode("utf-8")).digest()[:8], "big")
    out = []
    for _ in range(CODE_LENGTH):
        number, digit = divmod(number, len(_CODE_ALPHABET))
        out.append(_CODE_ALPHABET[digit])
    return "".join(out)


def sheet_entry_code(code: str, sheet: int) -> str:
    """The code of one sheet, as printed on it and typed when it comes back: "AB12CD-007"."""
    return f"{code}-{sheet:03d}"


def qr_payload(code: str, sheet: int, sheets: int) -> str:
    return f"PETITION:{code}:{sheet}/{sheets}"


def qr_code_png(code: str, sheet: int, sheets: int) -> Path:
    """A PNG of the QR code for one sheet, kept in the app's cache folder.

    The document model embeds pictures from files, so the code is drawn once
    into ``<data dir>/cache/qr`` (owner-only, named after the code alone: no
    personal data) and reused by every later export of the same petition.
    The writers embed a re-encoded copy, never the file's path.
    """
    from desktop.core.paths import data_dir  # the data folder is only needed when a QR code is asked for

    data = Path(data_dir())
    folder = data / "cache" / "qr"
    target = folder / f"{code}-{sheet}-{sheets}.png"
    if target.is_file():
        return target
    try:
        data.parent.mkdir(parents=True, exist_ok=True)
        for level in (data, data / "cache", folder):  # each level owner-only, also the data folder if new
            level.mkdir(exist_ok=True, mode=0o700)
        write_bytes_atomic(target, _qr_png_bytes(qr_payload(code, sheet, sheets)))
    except OSError as exc:
        raise PetitionDeskError(
            N_("Cannot draw the QR code in %(folder)s (%(reason)s). Turn the QR code off or free some disk space."),
            folder=str(folder), reason=exc.strerror or str(exc),
        ) from exc
    return target


def _qr_png_bytes(payload: str) -> bytes:
    """The QR code of ``payload`` as a black-and-white PNG with the standard quiet zone."""
    # reportlab's own encoder (no new dependency); Pillow comes with reportlab.
    from PIL import Image as PILImage
    from reportlab.graphics.barcode.qrencoder import QRCode, QRErrorCorrectLevel

    qr = QRCode(None, QRErrorCorrectLevel.M)
    qr.addData(payload)
    qr.make()
    count, quiet = qr.getModuleCount(), 2  # the white page around the picture widens the quiet zone
    side = count + 2 * quiet
    picture = PILImage.new("1", (side, side), 1)
    for row in range(count):
        for column in range(count):
            if qr.isDark(row, column):
                picture.putpixel((column + quiet, row + quiet), 0)
    picture = picture.resize((side * _QR_MODULE_PIXELS, side * _QR_MODULE_PIXELS), PILImage.Resampling.NEAREST)
    buffer = io.BytesIO()
    picture.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def _default_return(signers: list[Signer]) -> str:
    if not signers:
        return ""
    first = signers[0]
    lines = [first.organisation.strip() or first.name.strip(), *(line.strip() for line in first.address_lines)]
    return ", ".join(line for line in lines if line)


def _addressee(recipient: Recipient) -> str:
    """One line naming the addressee: the person (with title) or office, the organisation, the city."""
    parts: list[str] = []
    if recipient.person.strip():
        parts.append(recipient.person.strip())
        if recipient.title.strip():
            parts.append(recipient.title.strip())
    elif recipient.office.strip():
        parts.append(recipient.office.strip())
    if recipient.organisation.strip():
        parts.append(recipient.organisation.strip())
    city = recipient.city.strip()
    if city and all(city.lower() not in part.lower() for part in parts):
        parts.append(city)
    return ", ".join(parts)


def _heading(body: ParsedBody, addressees: tuple[Recipient, ...], language: str,
             phrases: dict[str, str]) -> list[Block]:
    """The petition as it heads each sheet: title, addressees, text and demands."""
    out: list[Block] = []
    if body.subject:
        # A heading, not the large document title: the rows need the room.
        out.append(Heading(body.subject, level=1))
    # One set of sheets goes to everyone who reads its language: all of them are named.
    addressee = "; ".join(filter(None, (_addressee(r.in_language(language)) for r in addressees)))
    if addressee:
        out.append(Paragraph([Run(phrases["petition_to"].format(addressee=addressee), bold=True)]))
    for block in body.blocks:
        if isinstance(block, Heading):
            out.append(Paragraph([Run(block.text, bold=True)], keep_with_next=True))
        elif isinstance(block, (Paragraph, ListBlock)):
            out.append(block)
        # Page breaks and spacers in the text would split a sheet over two pages.
    return out


def _footer(settings: SheetOptions, recipient: Recipient, language: str, phrases: dict[str, str]) -> list[Block]:
    out: list[Block] = []
    if settings.return_address:
        if settings.deadline:
            text = phrases["return_sheets_by"].format(
                date=_deadline_text(settings.deadline, language, recipient.country), address=settings.return_address
            )
        else:
            text = phrases["return_sheets"].format(address=settings.return_address)
        out.append(Paragraph([Run(text, bold=True)]))
    notice = phrases["privacy_notice"]
    if settings.contact:
        notice = f"{notice} {phrases['privacy_contact']}"
    out.append(Paragraph([Run(notice)], role="small"))
    return out


def _deadline_text(date: dt.date, language: str, country: str) -> str:
    text = localize.format_date(date, language, country, "long")
    if language == "fr" and date.day == 1 and text.startswith("1 "):
        text = "1er" + text[1:]  # French writes the first of the month as an ordinal
    return text


def _grid(rows: int, row_height: float, contact: bool, phrases: dict[str, str]) -> Table:
    header = [phrases["column_number"], phrases["column_name"], phrases["column_town"], phrases["column_signature"]]
    widths = [0.75, 3.0, 2.2, 2.6]
    if contact:
        header += [phrases["column_contact"], phrases["consent_contact"]]
        widths = [0.75, 2.4, 1.8, 2.0, 2.4, 1.9]
    return Table(
        header=header,
        rows=[[str(n)] + [""] * (len(header) - 1) for n in range(1, rows + 1)],
        widths=widths,
        repeat_header=True,
        row_height_mm=row_height,
    )


# -- fitting a sheet on one page ------------------------------------------------

def _fitting_row_height(document: Document, settings: SheetOptions, sheet: Any) -> float:
    """The most generous row height at which a full sheet fits on one page of the document's paper."""
    for height in ROW_HEIGHTS_MM:
        if _pages(document, sheet(settings.sheets, height, settings.rows)) == 1:
            return height
    most = _most_rows(document, settings, sheet)
    if most < 1:
        raise PetitionDeskError(
            N_("The petition text is too long to leave room for signatures on a %(paper)s sheet. Shorten the "
               "petition's text or its demands."),
            paper=document.paper,
        )
    raise PetitionDeskError(
        N_("At most %(most)s signature rows fit on one %(paper)s sheet with this petition text; %(rows)s were "
           "asked for. Choose %(most)s rows or fewer, or shorten the text."),
        most=most, paper=document.paper, rows=settings.rows,
    )


def _most_rows(document: Document, settings: SheetOptions, sheet: Any) -> int:
    low, high = 0, settings.rows - 1  # settings.rows is known not to fit
    smallest = ROW_HEIGHTS_MM[-1]
    while low < high:
        middle = (low + high + 1) // 2
        if _pages(document, sheet(settings.sheets, smallest, middle)) == 1:
            low = middle
        else:
            high = middle - 1
    return low


def _pages(document: Document, blocks: list[Block]) -> int:
    # Imported here: the writer pulls in reportlab, which only the fit check needs.
    import copy

    from desktop.core.typography import typeset
    from desktop.core.writers.pdf import write_pdf_combined

    # Measured as it will be printed: no-break spaces and hyphens change where lines break.
    probe = typeset(replace(document, blocks=copy.deepcopy(blocks), keywords=[]), typographic_apostrophe=True)
    try:
        return write_pdf_combined([probe], io.BytesIO())
    except PetitionDeskError:
        return 2  # a part that cannot be placed at all does not fit either
