"""Counting paper signatures: returned petition sheets entered by the code printed on them.

After a picket the volunteers bring back the petition sheets. Each sheet
carries its own code ("AB12CD-007": the petition's six characters, then the
sheet's number; see :mod:`desktop.core.layouts.petition`). Entering a sheet
records how many of its rows were signed, where and by whom it was collected
and when. Only counts are kept: the names on the sheets never enter the app.

What is stored and where (the library, ``desktop.core.library``):

- ``sheet_sets``: each petition whose sheets were exported from this library,
  with its number of sheets and rows per sheet, so that a count above the
  rows printed, or a sheet number that was never printed, is refused;
- ``returned_sheets``: one line per returned sheet, its code unique, so a
  sheet entered twice is refused with the date and the person of the first
  entry.

Privacy: the entries hold counts, town names and, if the user gives one, the
name of the volunteer who collected the sheet. They live in the library like
the signer profiles (an owner-only SQLite file) and never in a draft file,
an export or a log. An encrypted draft (``desktop.core.vault``) does not
carry them, so sealing a draft neither hides nor exposes them: the
volunteers' names are as private as the library itself. A user who must not
keep them leaves "collected by" empty; the totals need no names.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.core.errors import N_, Message, PetitionDeskError

log = logging.getLogger(__name__)

# Upper bounds for a sheet whose petition was not exported from this library:
# the petition template's own limits (rows 1..40, sheets 1..500).
MAX_ROWS = 40
MAX_SHEETS = 500
MAX_TEXT = 200  # town, collector, remarks: one line each

# Crockford's base 32 reading of hand-copied codes: O is 0, I and L are 1.
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})
_CODE = re.compile(r"^([0-9A-Z]{6})[\s\-–—_/.:#]*0*(\d{1,3})$")
# A spreadsheet runs a cell that starts with one of these as a formula ("CSV injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CSV_COLUMNS = ("code", "rows_signed", "rows_on_sheet", "town", "collected_by", "date", "remarks", "campaign")


@dataclass(frozen=True)
class SheetSet:
    """One petition's sheets as exported: its code, language, number of sheets and rows per sheet."""

    petition: str
    language: str
    sheets: int
    rows: int
    campaign: str = ""  # the case's name, as the totals are asked for
    title: str = ""


@dataclass
class ReturnedSheet:
    """A sheet that came back, and how many of its rows were signed."""

    code: str  # "AB12CD-007"
    signed: int
    town: str = ""
    collected_by: str = ""
    date: dt.date | None = None
    remarks: str = ""
    campaign: str = ""
    rows: int | None = None  # rows printed on the sheet, when its petition is known
    entered: str = ""  # ISO 8601, UTC; set by the library

    @property
    def petition(self) -> str:
        return self.code.split("-")[0]

    @property
    def sheet(self) -> int:
        return int(self.code.split("-")[1])

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "rows_signed": self.signed, "rows_on_sheet": self.rows, "town": self.town,
                "collected_by": self.collected_by, "date": self.date.isoformat() if self.date else "",
                "remarks": self.remarks, "campaign": self.campaign, "entered": self.entered}


@dataclass(frozen=True)
class TownTotal:
    town: str  # as first entered; "" for sheets without a town
    sheets: int
    signatures: int


@dataclass(frozen=True)
class Totals:
    sheets: int = 0
    signatures: int = 0
    by_town: tuple[TownTotal, ...] = field(default_factory=tuple)

    @property
    def towns(self) -> int:
        """The number of named towns or constituencies (sheets without a town are not a town)."""
        return sum(1 for t in self.by_town if t.town)


def parse_code(text: str) -> str:
    """The sheet code in its printed form, from what a volunteer typed ("ab12cd 7" → "AB12CD-007")."""
    cleaned = unicodedata.normalize("NFKC", str(text)).strip().upper()
    cleaned = re.sub(r"^(CODE|KOD|КОД)\s*:?\s*", "", cleaned)
    match = _CODE.match(cleaned)
    if match:
        petition = match.group(1).translate(_READ_AS)
        number = int(match.group(2))
        if number >= 1:
            from desktop.core.layouts.petition import sheet_entry_code

            return sheet_entry_code(petition, number)
    raise PetitionDeskError(
        N_("“%(code)s” is not a sheet code. Type the code printed at the top of the sheet: six letters or digits, "
           "a dash and the sheet's number, e.g. AB12CD-007."), code=str(text).strip()[:40],
    )


def parse_date(value: str | dt.date | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise PetitionDeskError(
            N_("The date %(value)s is not a date; write it as YYYY-MM-DD, e.g. 2026-05-03."), value=text[:40],
        ) from None


# What each line of an entry is called in a message, in the interface language.
FIELD_NAMES = {"town": N_("town or constituency"), "collected_by": N_("name of the collector"),
               "remarks": N_("remarks"), "campaign": N_("campaign")}


def one_line(text: str, field: str) -> str:
    """A town, a name or a remark (``field`` as in FIELD_NAMES): one line, trimmed, not too long."""
    value = " ".join(str(text or "").split())
    if len(value) > MAX_TEXT:
        raise PetitionDeskError(N_("The field “%(what)s” is longer than %(most)s characters; shorten it."),
                                what=Message(FIELD_NAMES[field]), most=MAX_TEXT)
    return value


def check_count(sheet: ReturnedSheet, known: SheetSet | None) -> None:
    """Refuse a count the sheet cannot hold, or a sheet number its petition never had."""
    if known is not None and sheet.sheet > known.sheets:
        raise PetitionDeskError(
            N_("Sheet %(code)s does not exist: the petition %(petition)s was printed on %(sheets)s sheets. Check "
               "the code on the sheet."), code=sheet.code, petition=known.petition, sheets=known.sheets,
        )
    if known is None and sheet.sheet > MAX_SHEETS:
        raise PetitionDeskError(N_("Sheet %(code)s does not exist: a petition has at most %(sheets)s sheets. Check "
                                   "the code on the sheet."), code=sheet.code, sheets=MAX_SHEETS)
    most = known.rows if known is not None else MAX_ROWS
    if not 0 <= sheet.signed <= most:
        raise PetitionDeskError(
            N_("Sheet %(code)s has %(rows)s rows; %(signed)s signed rows cannot be right. Count the signed rows "
               "again (0 to %(rows)s)."), code=sheet.code, rows=most, signed=sheet.signed,
        )


def totals(entries: Iterable[ReturnedSheet]) -> Totals:
    """Sheets and signatures overall and per town or constituency ("Malmö" and "malmo " are one town)."""
    from desktop.core.text import fold

    towns: dict[str, list[Any]] = {}
    sheets = signatures = 0
    for entry in entries:
        sheets += 1
        signatures += entry.signed
        line = towns.setdefault(fold(entry.town), [entry.town, 0, 0])
        line[1] += 1
        line[2] += entry.signed
    ordered = sorted(towns.values(), key=lambda t: (not t[0], -t[2], fold(t[0])))  # largest first, no town last
    return Totals(sheets, signatures, tuple(TownTotal(*t) for t in ordered))


# -- what the documents print -------------------------------------------------------

# The template options filled from the counts when the draft leaves them empty.
FIGURE_OPTIONS = ("signatures", "signature_towns")


def campaign_of(case: Any) -> str:
    """The name under which a case's sheets are counted: its name in English, else in any language."""
    from desktop.core.fields import localized

    return " ".join(str(localized(getattr(case, "name", ""), "en") or "").split())


# -- CSV -------------------------------------------------------------------------------

def _safe(text: Any) -> str:
    value = "" if text is None else str(text)
    return "'" + value if value.startswith(_FORMULA_START) else value


def csv_text(entries: Iterable[ReturnedSheet]) -> str:
    """The entries as CSV (UTF-8, comma), every text cell guarded against spreadsheet formulas."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for entry in entries:
        row = entry.to_dict()
        writer.writerow([_safe(row[name]) if isinstance(row[name], str) else ("" if row[name] is None else row[name])
                         for name in CSV_COLUMNS])
    return buffer.getvalue()


def write_csv(entries: Iterable[ReturnedSheet], path: Path) -> None:
    from desktop.core.files import atomic_write

    with atomic_write(Path(path), "w", encoding="utf-8-sig") as fh:  # the BOM tells spreadsheets it is UTF-8
        fh.write(csv_text(entries))
