"""The delivery copy of a collected signer list.

A petition's signatures are handed over with a list of who signed. The
addressee needs to see that real people from real places signed, not where
each of them lives: the delivery copy keeps the name, shortens the address
to the town (or the postcode when no town is given), keeps an e-mail
address only where the signer agreed to be contacted, and numbers the rows.
Every other column of the collected list (street, phone, notes …) is left
out, so nothing is passed on by accident.

The collected list is read the way spreadsheets write CSV (see
:mod:`desktop.core.recipients_csv`: any of the usual encodings, and the
delimiter under which the header names the most known columns). A row whose
cells do not line up with the header (a comma typed into a name without
quotation marks) is never read shifted: it is reported with its line, so no
signer and no consented e-mail is silently lost or misplaced.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from desktop.core.document import Document, Paragraph, Run, Table
from desktop.core.errors import N_, PetitionDeskError, Problem
from desktop.core.files import write_bytes_atomic
from desktop.core.recipients_csv import RejectedRow, RowReason, _rows, lookup_column, quotes_problem, read_table

# Header names people use for each column, in the app's five languages.
# Everything not listed here is dropped from the delivery copy.
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("name", "full_name", "signer", "signatory", "namn", "nom", "nom_complet", "vollständiger_name",
             "фио", "имя_и_фамилия", "подписант"),
    "first_name": ("first_name", "given_name", "firstname", "förnamn", "prénom", "prenom", "vorname", "имя"),
    "last_name": ("last_name", "surname", "family_name", "lastname", "efternamn", "nom_de_famille",
                  "nachname", "familienname", "фамилия"),
    "address": ("address", "street", "street_address", "address_line", "address_1", "address1", "adress",
                "gatuadress", "gata", "adresse", "rue", "strasse", "straße", "anschrift", "адрес", "улица"),
    "postal_code": ("postal_code", "postcode", "post_code", "zip", "zip_code", "zipcode", "postnummer",
                    "code_postal", "plz", "postleitzahl", "индекс", "почтовый_индекс"),
    "city": ("city", "town", "locality", "place", "ort", "postort", "stad", "ville", "commune", "stadt",
             "wohnort", "город", "населённый_пункт", "населенный_пункт"),
    "email": ("email", "e_mail", "mail", "e_post", "epost", "courriel", "почта", "эл_почта", "электронная_почта"),
    "consent": ("consent", "contact_consent", "may_contact", "contact_ok", "samtycke", "consentement",
                "einwilligung", "zustimmung", "einverständnis", "согласие"),
}
_COLUMNS = {alias: name for name, aliases in COLUMN_ALIASES.items() for alias in aliases}
_NAME_COLUMNS = ("name", "first_name", "last_name")

# Only a clear "yes" counts as consent; an empty or unreadable cell does not.
_YES = frozenset({"yes", "y", "true", "1", "x", "✓", "✔", "ja", "j", "oui", "да"})
# A spreadsheet runs a cell that starts with one of these as a formula ("CSV injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_POSTCODE_PREFIX = re.compile(r"^(?:[A-Z]{1,2}[- ])?\d[\d\s-]*\s+")

# The delivery copy's column headings, translated through the interface catalog.
HEADER = (N_("No."), N_("Name"), N_("Town or postcode"), N_("E-mail"))


@dataclass(frozen=True)
class DeliveryRow:
    number: int
    name: str
    place: str  # town, or postcode where no town is given; never the street
    email: str  # empty unless the signer consented to be contacted


@dataclass
class DeliveryCopy:
    rows: list[DeliveryRow] = field(default_factory=list)
    emails_dropped: int = 0  # addresses left out because consent was not given
    rejected: list[RejectedRow] = field(default_factory=list)  # rows that do not line up with the header
    encoding: str = ""
    delimiter: str = ","


def column_name(header_name: str) -> str | None:
    """The delivery-copy column a header names ("E-Mail" → "email"), or None."""
    return lookup_column(header_name, _COLUMNS)


def read_delivery_copy(path: Path) -> DeliveryCopy:
    """Read a collected signer list and reduce it to what may be handed over."""
    path = Path(path)
    text, encoding, delimiter = read_table(
        path, N_("The signer list %(path)s is empty. Choose a CSV file with a header line and one signer per line."),
        column_name)
    copy = DeliveryCopy(encoding=encoding, delimiter=delimiter)
    columns: list[str | None] = []
    for line, cells, raw in _rows(text, delimiter):
        if not columns:
            columns = [column_name(cell) for cell in cells]
            _check_header(path, cells, columns)
            continue
        problem = _misaligned(cells, columns, raw, delimiter)
        if problem is not None:
            copy.rejected.append(RejectedRow(line, RowReason([problem]), raw))
            continue
        values: dict[str, str] = {}
        for column, cell in zip(columns, cells):
            if column and cell.strip() and column not in values:
                values[column] = _cell(cell)
        name = values.get("name") or " ".join(v for v in (values.get("first_name"), values.get("last_name")) if v)
        if not name:
            continue  # a row without a name is not a signature
        email = values.get("email", "")
        consent = values.get("consent", "").casefold() in _YES
        if email and not consent:
            copy.emails_dropped += 1
        copy.rows.append(DeliveryRow(len(copy.rows) + 1, name, _place(values), email if consent else ""))
    return copy


def _misaligned(cells: list[str], columns: list[str | None], raw: str, delimiter: str) -> Problem | None:
    """Why the row's cells cannot be trusted to sit under their headings, or None."""
    width = len(columns)
    unclosed = quotes_problem(raw, delimiter)
    if unclosed is not None:
        return unclosed
    counts = {"found": len(cells), "expected": width}
    if any(cell.strip() for cell in cells[width:]):
        return Problem("", N_("has %(found)d cells but the header has %(expected)d; a value that contains the "
                              "separator (a comma in \"Doe, John\") must be put in quotation marks"), counts)
    if len(cells) < width:
        return Problem("", N_("has %(found)d cells but the header has %(expected)d; fill in the missing cells "
                              "(they may be empty) so that each value is under its heading"), counts)
    return None


def _cell(text: str) -> str:
    text = " ".join(text.split())
    if text.startswith("'") and text[1:].startswith(_FORMULA_START):
        return text[1:]  # undo a spreadsheet's formula guard
    return text


def _place(values: dict[str, str]) -> str:
    """The town, else the postcode, else a town read from the end of a one-cell address; never the street."""
    if values.get("city"):
        return values["city"]
    if values.get("postal_code"):
        return values["postal_code"]
    parts = [part.strip() for part in values.get("address", "").split(",") if part.strip()]
    if len(parts) < 2:
        return ""
    town = _POSTCODE_PREFIX.sub("", parts[-1]).strip()
    # Digits left over mean this part is a street ("Storgatan 1"), not a town.
    return "" if any(ch.isdigit() for ch in town) else town


def _check_header(path: Path, header: list[str], columns: list[str | None]) -> None:
    if not any(c in _NAME_COLUMNS for c in columns):
        raise PetitionDeskError(
            N_("The first line of the signer list %(path)s has no column for the signers' names (it reads: "
               "%(header)s). Put a header line first, for example: name,street,postal_code,city,email,consent."),
            path=str(path), header=", ".join(h.strip() for h in header)[:200],
        )


# -- writing --------------------------------------------------------------------------

def _safe(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_START) else text


def write_delivery_csv(copy: DeliveryCopy, path: Path, translate: Callable[[str], str] = str) -> None:
    """Write the delivery copy as CSV that Excel opens correctly (UTF-8 with BOM, commas, CRLF), atomically."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=",", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([translate(h) for h in HEADER])
    for row in copy.rows:
        writer.writerow([str(row.number), _safe(row.name), _safe(row.place), _safe(row.email)])
    write_bytes_atomic(Path(path), buffer.getvalue().encode("utf-8-sig"))


def delivery_document(copy: DeliveryCopy, title: str, language: str,
                      translate: Callable[[str], str] = str) -> Document:
    """The delivery copy as a document: a title and a numbered table, no metadata beyond the title."""
    with_email = any(row.email for row in copy.rows)
    header = [translate(h) for h in HEADER]
    widths = [0.7, 3.2, 2.4, 3.2]
    if not with_email:
        header, widths = header[:3], widths[:3]
    rows = [[str(r.number), r.name, r.place, r.email][:len(header)] for r in copy.rows]
    return Document(
        title=title,
        language=language,
        blocks=[Paragraph([Run(title)], role="title"), Table(header=header, rows=rows, widths=widths)],
    )


def write_delivery_pdf(copy: DeliveryCopy, path: Path, title: str, language: str = "en",
                       translate: Callable[[str], str] = str) -> None:
    """Write the delivery copy as a PDF table (atomically, like every export)."""
    from desktop.core.writers.pdf import write_pdf  # reportlab is loaded only when a PDF is asked for

    write_pdf(delivery_document(copy, title, language, translate), Path(path))
