"""Reading and writing the recipients directory as CSV, as spreadsheets make it.

Excel and LibreOffice write CSV in many ways: UTF-8 with or without a byte
order mark, UTF-16 ("Unicode text", tab-separated), or the Windows code page
of the user's language (cp1251 for Cyrillic, cp1252 for Western Europe);
commas, or semicolons where the comma is the decimal sign. Import accepts
all of them and reports each row it cannot use with its line number, while
the good rows still come in. Export writes what Excel opens correctly
everywhere: UTF-8 with a byte order mark, commas, CRLF line ends.

Names per language: beside the columns ``person``, ``title``, ``office`` and
``organisation`` (the name in the directory's own form), a column headed
``organisation:fr``, ``title:de``, ``organisation (ru)`` … holds that name in
one language (en, sv, fr, de, ru). A letter in French then prints
``organisation:fr``; a letter in a language without its own column prints
the English one, else the plain column. Export writes such a column for each
language any recipient has a name in; the plain column then holds the
English name (or the one whose language is not stated).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, TYPE_CHECKING

import charset_normalizer

from desktop.core.errors import N_, Message, PetitionDeskError, Problem
from desktop.core.files import MAX_CSV_BYTES, read_bytes, write_bytes_atomic
from desktop.core.fields import DEFAULT_KEY, simplified
from desktop.core.languages import DOCUMENT_LANGUAGES
from desktop.core.recipients import (
    NAME_FIELDS as LANGUAGE_NAME_FIELDS,
    RECIPIENT_FIELDS,
    Recipient,
    country_code,
    normalise_gender,
    normalise_kind,
    recipient_from_dict,
)

if TYPE_CHECKING:
    from desktop.core.i18n import Translator

DELIMITERS = (",", ";", "\t")
NAME_FIELDS = ("person", "office", "organisation")

# Header names people use, in the app's five languages, for each field.
# "source" and "status" are the columns of the shared sample directory: the
# source goes into the note, a status that says "verify" sets ``verify``.
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("key", "identifier"),
    "kind": ("type", "category", "typ", "тип"),
    "honorific": ("prefix", "courtesy_title", "anrede", "civilité", "civilite"),
    "person": ("name", "full_name", "contact", "contact_person", "recipient", "namn", "nom", "имя", "фио", "адресат"),
    "title": ("job_title", "position", "function", "role", "titel", "befattning", "fonction", "должность"),
    "office": (),
    "organisation": ("organization", "org", "company", "institution", "organisme", "организация", "учреждение"),
    "address_lines": (
        "address", "street", "street_address", "address_line", "address_line_1", "address_line_2",
        "address_line_3", "address1", "address2", "address3", "street2", "adress", "gatuadress",
        "strasse", "straße", "anschrift", "adresse", "адрес", "улица",
    ),
    "postal_code": (
        "zip", "zip_code", "zipcode", "postcode", "post_code", "postalcode", "postnummer", "plz",
        "postleitzahl", "code_postal", "индекс", "почтовый_индекс",
    ),
    "city": ("town", "locality", "ort", "postort", "stad", "stadt", "ville", "город"),
    "region": ("state", "province", "county", "oblast", "län", "bundesland", "регион", "область"),
    "country": ("country_code", "land", "pays", "страна"),
    "language": ("lang", "språk", "sprache", "langue", "язык"),
    "gender": ("sex", "kön", "geschlecht", "genre", "пол"),
    "salutation": ("greeting", "briefanrede", "обращение"),
    "email": ("e_mail", "mail", "e_post", "epost", "courriel", "почта", "эл_почта"),
    "note": ("notes", "comment", "comments", "remark", "anmerkung", "notering", "kommentar", "remarque", "примечание"),
    "verify": ("needs_verification", "check"),
    "source": ("sources", "källa", "quelle", "источник"),
    "status": (),
}
_COLUMNS = {alias: name for name, aliases in COLUMN_ALIASES.items() for alias in (name, *aliases)}

# A spreadsheet runs a cell that starts with one of these as a formula; a
# directory shared by strangers must not be able to do that ("CSV injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_TRUE = frozenset({"yes", "y", "true", "1", "x", "ja", "oui", "да", "verify"})
_FALSE = frozenset({"no", "n", "false", "0", "nej", "nein", "non", "нет"})

# Byte order marks, longest first (the UTF-32 LE mark starts with UTF-16 LE's).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
# The code pages spreadsheets write on Windows in the app's languages. Short
# files hold too few letters for an open guess (a two-line cp1252 file is
# easily taken for cp775), so these are tried first.
_SPREADSHEET_CODE_PAGES = ["cp1252", "cp1251"]


@dataclass
class RowReason:
    """Why a row was rejected: one or more problems, each naming its column.

    Rendered in the interface language at the edge, like a :class:`Message`.
    """

    problems: list[Problem]

    def render(self, tr: Translator | None = None) -> str:
        parts = []
        for problem in self.problems:
            text = Message(problem.text, problem.params).render(tr)
            parts.append(f"{problem.where}: {text}" if problem.where else text)
        return "; ".join(parts)

    def __str__(self) -> str:
        return self.render()


@dataclass
class RejectedRow:
    """A row that was not imported: where it starts, why, and its text."""

    line: int  # physical line where the row starts; the header is line 1
    reason: RowReason
    raw: str


@dataclass
class ImportResult:
    recipients: list[Recipient] = field(default_factory=list)
    rejected: list[RejectedRow] = field(default_factory=list)
    encoding: str = ""  # as read: "utf-8", "utf-8-sig", "utf-16", "cp1251" …
    delimiter: str = ","
    ignored_columns: list[str] = field(default_factory=list)  # header names we do not know
    # For each of ``recipients``, the fields its row gave a value (a field left empty is not in it).
    given: list[frozenset[str]] = field(default_factory=list)
    # Set by Library.import_csv: how the rows changed the directory.
    added: int = 0
    updated: int = 0
    unchanged: int = 0


def header_key(header_name: str) -> str:
    """A header cell as a lookup key: "ZIP code:" → "zip_code", whatever the spreadsheet added."""
    return re.sub(r"[\s\-.:/]+", "_", header_name.strip().lstrip("\ufeff").strip("*").casefold()).strip("_")


def lookup_column(header_name: str, columns: dict[str, str]) -> str | None:
    """The field ``columns`` maps a header to, with or without its underscores."""
    key = header_key(header_name)
    return columns.get(key) or columns.get(key.replace("_", ""))


# "organisation:fr", "Title (de)", "office [ru]": a name in one language.
_LANGUAGE_COLUMN = re.compile(r"^(?P<field>.*?)\s*(?::|\(|\[)\s*(?P<language>[A-Za-z]{2})\s*[)\]]?\s*$")


def column_field(header_name: str) -> str | None:
    """The recipient field a header names ("ZIP code" → "postal_code", "organisation:fr"), or None."""
    match = _LANGUAGE_COLUMN.match(header_name.strip().lstrip("\ufeff"))
    if match and match.group("language").lower() in DOCUMENT_LANGUAGES:
        base = lookup_column(match.group("field"), _COLUMNS)
        if base in LANGUAGE_NAME_FIELDS:
            return f"{base}:{match.group('language').lower()}"
    return lookup_column(header_name, _COLUMNS)


def _base_field(name: str | None) -> str | None:
    return name.split(":")[0] if name else name


def import_recipients(path: Path) -> ImportResult:
    """Read recipients from a CSV file made by hand, Excel, LibreOffice or :func:`export_recipients`."""
    path = Path(path)
    text, encoding, delimiter = read_table(
        path, N_("The file %(path)s is empty. Choose a CSV file with a header line and one recipient per line."),
        column_field)
    result = ImportResult(encoding=encoding, delimiter=delimiter)
    header: list[str] = []
    fields: list[str | None] = []
    first_line_of_id: dict[str, int] = {}
    for line, cells, raw in _rows(text, delimiter):
        if not header:
            header = [cell.strip().lstrip("\ufeff") for cell in cells]
            fields = [column_field(name) for name in header]
            _check_header(path, header, fields)
            result.ignored_columns = [name for name, f in zip(header, fields) if f is None and name]
            continue
        unclosed = quotes_problem(raw, delimiter)
        problems: list[Problem] = [] if unclosed is None else [unclosed]
        given: set[str] = set()
        recipient = _read_row(cells, header, fields, problems, given)
        if recipient is not None and recipient.id and not problems:
            if recipient.id in first_line_of_id:
                problems.append(Problem(
                    _column_of(header, fields, "id"),
                    N_("repeats the id of line %(first)d; give each recipient its own id"),
                    {"first": first_line_of_id[recipient.id]},
                ))
            else:
                first_line_of_id[recipient.id] = line
        if problems or recipient is None:
            result.rejected.append(RejectedRow(line, RowReason(problems), raw))
        else:
            result.recipients.append(recipient)
            result.given.append(frozenset(given))
    return result


def export_recipients(recipients: Iterable[Recipient], path: Path) -> None:
    """Write ``recipients`` to ``path`` as a CSV file that Excel and LibreOffice open correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=",", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    recipients = list(recipients)
    used = {(name, language) for r in recipients for name in LANGUAGE_NAME_FIELDS
            if isinstance(getattr(r, name), dict) for language in getattr(r, name) if language}
    extra = [f"{name}:{language}" for name in LANGUAGE_NAME_FIELDS for language in DOCUMENT_LANGUAGES
             if (name, language) in used]
    writer.writerow([*RECIPIENT_FIELDS, *extra])
    for recipient in recipients:
        writer.writerow([_export_cell(recipient, name) for name in (*RECIPIENT_FIELDS, *extra)])
    # Bytes rather than a text-mode file: newlines inside cells must stay
    # "\n" while rows end in "\r\n", on every platform.
    write_bytes_atomic(Path(path), buffer.getvalue().encode("utf-8-sig"))


def read_table(path: Path, empty_message: str, recognise: Callable[[str], str | None]) -> tuple[str, str, str]:
    """A CSV file's text, its encoding and its delimiter; ``empty_message`` when it holds nothing."""
    text, encoding = read_csv_text(path)
    if not text.strip():
        raise PetitionDeskError(empty_message, path=str(path))
    return text, encoding, sniff_delimiter(text, recognise)


def read_csv_text(path: Path) -> tuple[str, str]:
    """The text of ``path`` and the encoding it was read in.

    Byte order marks first, then strict UTF-8, then charset-normalizer:
    limited to the spreadsheet code pages, and open only if none fits.
    """
    raw = read_bytes(path, limit=MAX_CSV_BYTES)
    if raw.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise PetitionDeskError(
            N_("The file %(path)s is a spreadsheet workbook, not CSV. In Excel or LibreOffice choose "
               "Save As, pick the CSV format, and import that file."),
            path=str(path),
        )
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            return _decode(raw, encoding, path), encoding
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # NUL bytes mean UTF-16 or UTF-32 without a mark, which only the open guess knows.
    isolation = None if b"\x00" in raw else _SPREADSHEET_CODE_PAGES
    best = charset_normalizer.from_bytes(raw, cp_isolation=isolation).best()
    if best is None and isolation:
        best = charset_normalizer.from_bytes(raw).best()
    if best is None:
        raise PetitionDeskError(
            N_("The file %(path)s does not look like text. Save it from your spreadsheet program as "
               "\"CSV UTF-8\" and try again."),
            path=str(path),
        )
    return str(best), best.encoding


def _decode(raw: bytes, encoding: str, path: Path) -> str:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        raise PetitionDeskError(
            N_("The file %(path)s says it is %(encoding)s but is damaged at byte %(offset)d. Save it again "
               "from your spreadsheet program as \"CSV UTF-8\"."),
            path=str(path), encoding=encoding.upper(), offset=exc.start,
        ) from exc


def _rows(text: str, delimiter: str) -> Iterator[tuple[int, list[str], str]]:
    """``(line, cells, raw)`` for each row that holds something; ``line`` is where the row starts.

    Blank lines and rows of empty cells (";;;;") are common in spreadsheets and are passed over.

    The csv module pulls one physical line at a time, and several for a
    quoted cell with newlines, so counting the lines each row took gives the
    true starting line of the next. The source keeps its line ends (newline
    ""), so "\\r\\n", "\\n" and a lone "\\r" each count once.
    """
    taken: list[str] = []

    def feed() -> Iterator[str]:
        for physical in io.StringIO(text, newline=""):
            taken.append(physical)
            yield physical

    reader = csv.reader(feed(), delimiter=delimiter)
    line = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise PetitionDeskError(
                N_("Line %(line)d of the file cannot be read as CSV (%(reason)s). Open the file in a "
                   "spreadsheet program and save it again as CSV."),
                line=line, reason=str(exc),
            ) from exc
        raw = "".join(taken)
        if any(cell.strip() for cell in cells):
            yield line, cells, raw
        line += len(taken)
        taken.clear()


def quotes_problem(raw: str, delimiter: str) -> Problem | None:
    """What is wrong with the row's quotation marks, or None when they pair up."""
    if _quotes_pair_up(raw, delimiter):
        return None
    return Problem("", N_("has a quotation mark that is not closed, or text right after a closing one; "
                          "the rows after it may be read wrongly too"))


def _quotes_pair_up(raw: str, delimiter: str) -> bool:
    """Whether the row's quotation marks are well formed (checked strictly, on the row alone)."""
    try:
        list(csv.reader(io.StringIO(raw, newline=""), delimiter=delimiter, strict=True))
    except csv.Error:
        return False
    return True


def sniff_delimiter(text: str, recognise: Callable[[str], str | None] = lambda name: column_field(name)) -> str:
    """The delimiter under which the header names the most columns that ``recognise`` knows.

    Ties go to the delimiter that splits the first rows into as many cells as
    the header most often, then to the one that makes the most columns.
    """
    sample = "".join(io.StringIO(text, newline="").readlines()[:50])
    best, best_score = ",", (-1, -1, -1)
    for delimiter in DELIMITERS:
        rows = [row for row in csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter) if any(row)]
        if not rows:
            continue
        header = rows[0]
        known = sum(1 for name in header if recognise(name) is not None)
        steady = sum(1 for row in rows[1:] if len(row) == len(header)) if len(header) > 1 else -1
        score = (known, steady, len(header))
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _check_header(path: Path, header: list[str], fields: list[str | None]) -> None:
    if not any(fields):
        raise PetitionDeskError(
            N_("The first line of %(path)s does not name any column Petition Desk knows (it reads: %(header)s). "
               "Put a header line first, for example: organisation,person,street,postal_code,city,country."),
            path=str(path), header=", ".join(header)[:200],
        )
    if not any(_base_field(f) in NAME_FIELDS for f in fields):
        raise PetitionDeskError(
            N_("The file %(path)s has no column for the person, office or organisation to write to. "
               "Add a column named person, office or organisation."),
            path=str(path),
        )


def _column_of(header: list[str], fields: list[str | None], name: str) -> str:
    """The header text of the column that holds field ``name``, as the user wrote it."""
    return next((title for title, f in zip(header, fields) if f == name), name)


def _export_cell(recipient: Recipient, name: str) -> str:
    name, _, language = name.partition(":")
    value = getattr(recipient, name)
    if isinstance(value, dict):
        # The plain column: the name whose language is not stated, else the English one (else any).
        value = value.get(language) if language else (value.get(DEFAULT_KEY) or recipient.name(name, "en"))
    elif language:
        value = ""  # a plain name is in the plain column only
    if name == "address_lines":
        text = "\n".join(line for line in value if line.strip())
    elif name == "verify":
        text = "yes" if value else "no"
    else:
        text = str(value or "")
    return "'" + text if text.startswith(_FORMULA_START) else text


def _import_cell(text: str) -> str:
    text = text.strip()
    if text.startswith("'") and text[1:].startswith(_FORMULA_START):
        return text[1:]  # undo the guard that export_recipients adds
    return text


def _read_row(cells: list[str], header: list[str], fields: list[str | None],
              problems: list[Problem], given: set[str] | None = None) -> Recipient | None:
    """One row as a :class:`Recipient`; what is wrong goes to ``problems``, the fields it fills to ``given``."""
    if any(cell.strip() for cell in cells[len(header):]):
        problems.append(Problem("", N_(
            "has %(found)d cells but the header has %(expected)d; a value that contains the separator "
            "must be put in quotation marks"), {"found": len(cells), "expected": len(header)}))
        return None
    if len(cells) < len(header):
        # Read as it is, the cells would land in the wrong columns or leave the address out.
        problems.append(Problem("", N_(
            "has %(found)d cells but the header has %(expected)d; fill in the missing cells (they may be empty) "
            "so that each value is under its heading"), {"found": len(cells), "expected": len(header)}))
        return None
    data: dict[str, object] = {}
    lines: list[str] = []
    notes: list[str] = []
    for title, name, cell in zip(header, fields, cells):
        value = _import_cell(cell)
        if name is None or not value:
            continue
        if name == "address_lines":
            lines.extend(part.strip() for part in value.splitlines() if part.strip())
        elif name == "note":
            notes.append(value)
        elif name in ("source", "status"):
            notes.append(f"{title}: {value}")
            if name == "status" and "verify" in value.casefold():
                data["verify"] = True
        elif name == "verify":
            flag = _truth(value)
            if flag is None:
                problems.append(Problem(title, N_("must be yes or no, not “%(value)s”"), {"value": value}))
            else:
                data["verify"] = bool(data.get("verify")) or flag
        elif name == "country":
            code = country_code(value)
            if code is None:
                problems.append(Problem(title, N_(
                    "“%(value)s” is not a country; write a two-letter code such as SE or RU"), {"value": value}))
            data.setdefault("country", code or "")
        elif name == "kind":
            data.setdefault("kind", normalise_kind(value))
        elif name == "gender":
            data.setdefault("gender", normalise_gender(value))
        elif name == "language":
            data.setdefault("language", value.replace("-", "_").split("_")[0].casefold())
        else:
            data.setdefault(name, " ".join(value.split()))  # one-line fields: a stray newline becomes a space
    if lines:
        data["address_lines"] = lines
    if notes:
        data["note"] = "\n".join(notes)
    _gather_languages(data)
    if given is not None:
        given.update(name for name, value in data.items() if value not in ("", None))
    found: list[Problem] = []
    recipient = recipient_from_dict(data, path="", problems=found)
    for problem in found:
        column = _column_of(header, fields, problem.where) if problem.where else ""
        problems.append(Problem(column, problem.text, problem.params))
    return recipient


def _gather_languages(data: dict[str, object]) -> None:
    """Fold "organisation:fr" cells into ``data["organisation"]`` as a name per language.

    The plain cell stays as the name whose language is not stated, unless it
    repeats one of the row's names per language (as an exported file has it).
    """
    for name in LANGUAGE_NAME_FIELDS:
        per_language = {key.split(":")[1]: data.pop(key) for key in [k for k in data if k.startswith(name + ":")]}
        if not per_language:
            continue
        plain = data.get(name)
        value: dict[str, object] = dict(per_language)
        if isinstance(plain, str) and plain and plain not in per_language.values():
            value = {DEFAULT_KEY: plain, **per_language}
        data[name] = simplified(value)  # type: ignore[arg-type]


def _truth(text: str) -> bool | None:
    key = text.strip().casefold()
    return True if key in _TRUE else False if key in _FALSE else None
