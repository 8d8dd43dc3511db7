"""The correspondence log: which letters went to whom, how, what came back and what is due.

Every letter an export writes is recorded in the user's library (table
``letters``): the case, template, language, recipient, the date printed on
it, the formats, its reference number ("Our ref.", printed on the letter)
and the SHA-256 of each file written — never the letter's text. A compact
fingerprint of the case facts the letter stated (per person: status,
sentence, court, place of detention, each hashed) lets the log tell which
letters a later change of the case makes outdated.

Recording is an explicit step, :func:`record_export`, which the command line
and the window call after a successful export unless the user opts out. The
log lives only in the local library (owner-only file permissions); it is
not encrypted, so a user at risk can export without it (``--no-log``).

Statuses: ``exported`` (written, not yet marked), ``sent``, ``answered``
and ``returned``. A letter is *overdue* when it was sent, no answer came and
its follow-up date has passed.
"""

from __future__ import annotations

import base64
import csv
import datetime as dt
import hashlib
import io
import json
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

from desktop.core.errors import N_, PetitionDeskError
from desktop.core.fields import localized
from desktop.core.files import write_bytes_atomic

if TYPE_CHECKING:
    from desktop.core.batch import ExportReport
    from desktop.core.case import Case
    from desktop.core.library import Library
    from desktop.core.plan import ExportPlan, PlannedDocument

log = logging.getLogger(__name__)

STATUSES = ("exported", "sent", "answered", "returned")
CHANNELS = ("post", "email", "fax", "hand", "web")
DEFAULT_FOLLOW_UP_DAYS = 30
FACT_FIELDS = ("status", "sentence", "court", "detention_place", "custody")
MAX_REPLY_BYTES = 50 * 1024 * 1024
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

_COLUMNS = ("reference", "case_key", "case_name", "template", "language", "recipient_id", "recipient_name",
            "organisation", "country", "letter_date", "exported", "formats", "files", "facts", "follows",
            "follow_up", "status", "sent_date", "channel", "reply_date", "reply_summary", "reply_file",
            "reply_sha256", "returned_date", "updated")


@dataclass
class LoggedLetter:
    """One line of the log."""

    reference: str
    case_key: str = ""
    case_name: str = ""
    template: str = ""
    language: str = ""
    recipient_id: str = ""
    recipient_name: str = ""
    organisation: str = ""
    country: str = ""
    letter_date: str = ""  # ISO date printed on the letter
    exported: str = ""  # ISO timestamp, UTC
    formats: str = ""  # "pdf,docx"
    files: list[dict[str, str]] = field(default_factory=list)  # [{"name": …, "sha256": …}]
    facts: dict[str, Any] = field(default_factory=dict)  # the case fingerprint, see case_fingerprint
    follows: str = ""  # a follow-up letter: the reference of the letter it follows up
    follow_up: str = ""  # ISO date
    status: str = "exported"
    sent_date: str = ""
    channel: str = ""
    reply_date: str = ""
    reply_summary: str = ""
    reply_file: str = ""  # the reply's copy, relative to the library's folder
    reply_sha256: str = ""
    returned_date: str = ""
    updated: str = ""

    def overdue(self, today: dt.date | None = None) -> bool:
        """Sent, not answered, and the follow-up date has passed."""
        today = today or dt.date.today()
        return self.status == "sent" and bool(self.follow_up) and dt.date.fromisoformat(self.follow_up) < today

    def to_json(self) -> dict[str, Any]:
        data = {name: getattr(self, name) for name in _COLUMNS}
        data["overdue"] = self.overdue()
        return data


# -- references and fingerprints -------------------------------------------------

def case_key(case: "Case") -> str:
    """The case a letter is about, as the log names it: a slug of its name."""
    from desktop.core.text import slug

    return slug(case_title(case), "case")


def case_title(case: "Case") -> str:
    return localized(case.name, "en").strip()


def reference_for(plan: "ExportPlan", doc: "PlannedDocument") -> str:
    """The letter's reference number: its date and a code from what it is and to whom.

    Deterministic, so the PDF, the DOCX and the log agree, and exporting the
    same letter again the same day gives the same number (one line in the
    log). The code is made of a hash; it names nobody.
    """
    recipient = doc.recipient.in_language(doc.language)
    who = recipient.id or "|".join((recipient.organisation, recipient.person, recipient.office, recipient.city,
                                    recipient.country))
    info = plan.template.id if plan.template else ""
    key = "\x1f".join((case_key(plan.draft.case), info, doc.language, who, plan.options.date.isoformat(),
                       json.dumps(plan.options.template_options.get("earlier_reference", ""))))
    code = base64.b32encode(hashlib.sha256(key.encode("utf-8")).digest()).decode("ascii")[:6]
    return f"{plan.options.date:%Y%m%d}-{code}"


def _fact_hash(text: str) -> str:
    from desktop.core.text import fold

    return hashlib.sha256(fold(text).encode("utf-8")).hexdigest()[:16] if text.strip() else ""


def person_key(name: str) -> str:
    return _fact_hash(name)


def _fact(person: Any, name: str, language: str) -> str:
    if name == "custody":  # where the person is, as the documents read it (a suspended sentence: at liberty)
        from desktop.core.case import custody_of

        return custody_of(person)
    return localized(getattr(person, name), language)


def case_fingerprint(case: "Case", language: str) -> dict[str, Any]:
    """The facts a letter in ``language`` stated about each person, hashed per fact (not their text)."""
    people = {}
    for person in case.people:
        key = person_key(localized(person.name, "en") or localized(person.name, language))
        people[key] = {name: _fact_hash(_fact(person, name, language)) for name in FACT_FIELDS}
    return {"language": language, "people": people}


# -- recording -------------------------------------------------------------------

def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# Shown, not stored: a letter exported as an e-mail message and not yet marked sent is waiting in the
# user's mail program ("prepared for e-mail").
PREPARED_FOR_EMAIL = "prepared"
# Each status as the window and the command line name it.
STATUS_NAMES = {"exported": N_("exported"), "sent": N_("sent"), "answered": N_("answered"), "returned": N_("returned"),
                PREPARED_FOR_EMAIL: N_("prepared for e-mail")}


def shown_status(letter: "LoggedLetter") -> str:
    """The status to show: the stored one, or PREPARED_FOR_EMAIL for an exported e-mail message."""
    if letter.status == "exported" and "eml" in letter.formats.split(","):
        return PREPARED_FOR_EMAIL
    return letter.status


def record_export(library: "Library", plan: "ExportPlan", report: "ExportReport", *, follows: dict[str, str] | None = None,
                  follow_up_days: int | None = None) -> list[LoggedLetter]:
    """Record the letters ``report`` says were written; returns the log's lines for them.

    Only letters with a reference (planned with ``references=True``) are
    recorded, and only those that did not fail. Exporting the same letter
    again (same reference) updates its files and facts and keeps its
    status. ``follows``: for follow-up letters, the earlier letter's
    reference per recipient id.
    """
    failed = {f.index for f in report.failures}
    by_name = {p.name: p for p in report.files}
    combined = by_name.get(f"{plan.combined_stem}.pdf") if plan.combined else None
    days = follow_up_days or plan.draft.letter.follow_up_days or DEFAULT_FOLLOW_UP_DAYS
    date = plan.options.date
    hashes: dict[Path, str] = {}
    entries: list[LoggedLetter] = []
    for doc in plan.documents:
        if not doc.reference or doc.index in failed:
            continue
        paths = [by_name[f"{doc.stem}.{fmt}"] for fmt in plan.formats if f"{doc.stem}.{fmt}" in by_name]
        if combined is not None:
            paths.append(combined)
        if not paths:
            continue  # cancelled before this letter was written
        files = []
        for path in paths:
            if path not in hashes:
                hashes[path] = file_sha256(path)
            files.append({"name": path.name, "sha256": hashes[path]})
        r = doc.recipient.in_language(doc.language)
        entries.append(LoggedLetter(
            reference=doc.reference, case_key=case_key(plan.draft.case), case_name=case_title(plan.draft.case),
            template=plan.template.id if plan.template else "", language=doc.language, recipient_id=r.id,
            recipient_name=r.display_name, organisation=r.organisation, country=r.country.upper(),
            letter_date=date.isoformat(), exported=_now(),
            formats=",".join(sorted({p.suffix.lstrip(".") for p in paths})), files=files,
            facts=case_fingerprint(plan.draft.case, doc.language),
            follows=(follows or {}).get(r.id, "") or str(plan.options.template_options.get("earlier_reference") or ""),
            follow_up=(date + dt.timedelta(days=days)).isoformat(), updated=_now(),
        ))
    with library._transaction() as conn:
        for e in entries:
            conn.execute(
                "INSERT INTO letters (reference, case_key, case_name, template, language, recipient_id, "
                "recipient_name, organisation, country, letter_date, exported, formats, files, facts, follows, "
                "follow_up, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT(reference) DO UPDATE SET exported = excluded.exported, formats = excluded.formats, "
                "files = excluded.files, facts = excluded.facts, updated = excluded.updated",
                (e.reference, e.case_key, e.case_name, e.template, e.language, e.recipient_id, e.recipient_name,
                 e.organisation, e.country, e.letter_date, e.exported, e.formats, json.dumps(e.files),
                 json.dumps(e.facts), e.follows, e.follow_up, e.updated))
    log.info("correspondence log: %d letters recorded", len(entries))
    return entries


# -- reading and marking ----------------------------------------------------------

def _from_row(row: Any) -> LoggedLetter:
    values = {name: row[name] for name in _COLUMNS}
    values["files"] = json.loads(values["files"] or "[]")
    values["facts"] = json.loads(values["facts"] or "{}")
    return LoggedLetter(**values)


def get_letter(library: "Library", reference: str) -> LoggedLetter:
    rows = library._query("SELECT * FROM letters WHERE reference = ?", (reference.strip(),))
    if not rows:
        raise PetitionDeskError(N_("There is no letter with the reference %(reference)s in the log; see "
                                   "“petition-desk log list”."), reference=reference)
    return _from_row(rows[0])


def list_letters(library: "Library", *, case: str | None = None, recipient: str | None = None,
                 status: str | None = None, overdue: bool = False, today: dt.date | None = None) -> list[LoggedLetter]:
    """The log's letters, oldest first; ``case`` and ``recipient`` match words of the name or the id."""
    from desktop.core.text import fold

    if status is not None and status not in STATUSES:
        raise PetitionDeskError(N_("The status %(status)s is not known; choose one of: %(choices)s."),
                                status=status, choices=", ".join(STATUSES))
    letters = [_from_row(row) for row in library._query("SELECT * FROM letters ORDER BY letter_date, reference")]

    def matches(words: str | None, *texts: str) -> bool:
        if not words:
            return True
        haystack = fold(" ".join(texts))
        return all(w in haystack for w in fold(words).split())

    return [e for e in letters
            if matches(case, e.case_key, e.case_name)
            and matches(recipient, e.recipient_id, e.recipient_name, e.organisation)
            and (status is None or e.status == status)
            and (not overdue or e.overdue(today))]


def parse_iso_date(text: str) -> dt.date:
    """A date written YYYY-MM-DD, strictly; one sentence when it is not."""
    value = (text or "").strip()
    try:
        if not _ISO_DATE.match(value):
            raise ValueError(value)
        return dt.date.fromisoformat(value)
    except ValueError:
        raise PetitionDeskError(N_("%(value)s is not a date; write it as year-month-day, e.g. 2026-03-31."),
                                value=text) from None


def _update(library: "Library", reference: str, **values: str) -> LoggedLetter:
    get_letter(library, reference)
    values["updated"] = _now()
    with library._transaction() as conn:
        conn.execute(f"UPDATE letters SET {', '.join(f'{k} = ?' for k in values)} WHERE reference = ?",
                     (*values.values(), reference.strip()))
    return get_letter(library, reference)


def mark_sent(library: "Library", reference: str, date: dt.date | None = None, channel: str = "post") -> LoggedLetter:
    if channel not in CHANNELS:
        raise PetitionDeskError(N_("The channel %(channel)s is not known; choose one of: %(choices)s."),
                                channel=channel, choices=", ".join(CHANNELS))
    letter = get_letter(library, reference)
    sent = date or dt.date.today()
    if sent < dt.date.fromisoformat(letter.letter_date):
        raise PetitionDeskError(N_("The letter %(reference)s is dated %(date)s; it cannot have been sent before. "
                                   "Check the date."), reference=reference, date=letter.letter_date)
    days = (dt.date.fromisoformat(letter.follow_up) - dt.date.fromisoformat(letter.letter_date)).days
    # A letter already answered or returned stays so; only when and how it went out is corrected.
    status = letter.status if letter.status in ("answered", "returned") else "sent"
    return _update(library, reference, status=status, sent_date=sent.isoformat(), channel=channel,
                   follow_up=(sent + dt.timedelta(days=days)).isoformat() if sent.isoformat() != letter.sent_date
                   else letter.follow_up)


def mark_returned(library: "Library", reference: str, date: dt.date | None = None) -> LoggedLetter:
    return _update(library, reference, status="returned", returned_date=(date or dt.date.today()).isoformat())


def set_follow_up(library: "Library", reference: str, date: dt.date) -> LoggedLetter:
    return _update(library, reference, follow_up=date.isoformat())


def replies_dir(library: "Library") -> Path:
    return library.path.parent / "replies"


def add_reply(library: "Library", reference: str, date: dt.date, summary: str = "",
              file: Path | None = None) -> LoggedLetter:
    """Mark the letter answered; the reply's file (if any) is copied into the library's folder and hashed."""
    letter = get_letter(library, reference)
    if date < dt.date.fromisoformat(letter.letter_date):
        raise PetitionDeskError(N_("The letter %(reference)s is dated %(date)s; a reply cannot come before it. "
                                   "Check the date."), reference=reference, date=letter.letter_date)
    values = {"status": "answered", "reply_date": date.isoformat(), "reply_summary": summary.strip()}
    if file is not None:
        source = Path(file)
        try:
            if not source.is_file():
                raise FileNotFoundError(source)
            if source.stat().st_size > MAX_REPLY_BYTES:
                raise PetitionDeskError(N_("The reply's file %(path)s is larger than 50 MB; scan or save it smaller."),
                                        path=str(source))
            data = source.read_bytes()
        except OSError as exc:
            raise PetitionDeskError(N_("The reply's file %(path)s cannot be read (%(reason)s). Choose the file "
                                       "again."), path=str(source), reason=exc.strerror or "not found") from exc
        digest = hashlib.sha256(data).hexdigest()
        # The copy is named by the letter's reference and the hash, not by the sender's name.
        suffix = re.sub(r"[^A-Za-z0-9.]", "", source.suffix)[:10]
        target = replies_dir(library) / f"{letter.reference}-{digest[:12]}{suffix}"
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        write_bytes_atomic(target, data)
        values.update(reply_file=str(target.relative_to(library.path.parent)), reply_sha256=digest)
    return _update(library, reference, **values)


# -- totals and CSV ------------------------------------------------------------------

@dataclass
class Totals:
    by_status: dict[str, int]
    by_country: dict[str, dict[str, int]]  # country → status → count
    overdue: int
    letters: int


def totals(letters: Iterable[LoggedLetter], today: dt.date | None = None) -> Totals:
    by_status = {s: 0 for s in STATUSES}
    by_country: dict[str, dict[str, int]] = {}
    overdue = count = 0
    for e in letters:
        count += 1
        by_status[e.status] = by_status.get(e.status, 0) + 1
        row = by_country.setdefault(e.country or "—", {s: 0 for s in STATUSES})
        row[e.status] = row.get(e.status, 0) + 1
        overdue += e.overdue(today)
    return Totals(by_status, dict(sorted(by_country.items())), overdue, count)


CSV_COLUMNS = ("reference", "letter_date", "case_name", "template", "language", "recipient_id", "recipient_name",
               "organisation", "country", "formats", "status", "sent_date", "channel", "follow_up", "overdue",
               "reply_date", "reply_summary", "returned_date", "follows")


def neutralise(value: str) -> str:
    """A cell a spreadsheet will not run as a formula: a leading = + - @ tab or CR gets an apostrophe."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def export_csv(letters: Iterable[LoggedLetter], path: Path, today: dt.date | None = None) -> int:
    """Write the letters to a CSV file (UTF-8 with BOM, for spreadsheets); returns the number of rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    rows = 0
    for e in letters:
        values = e.to_json()
        values["overdue"] = "yes" if e.overdue(today) else ""
        writer.writerow([neutralise(str(values[name] or "")) for name in CSV_COLUMNS])
        rows += 1
    write_bytes_atomic(Path(path), ("\ufeff" + buffer.getvalue()).encode("utf-8"))
    return rows


# -- case changes ----------------------------------------------------------------------

@dataclass
class Change:
    kind: str  # "changed" (a fact of a person), "new_person", "gone_person"
    person: str = ""  # the name, from the current case
    fact: str = ""  # one of FACT_FIELDS


def changes_since(letter: LoggedLetter, case: "Case") -> list[Change]:
    """What the current ``case`` says differently from what ``letter`` stated."""
    stated = letter.facts.get("people", {}) if letter.facts else {}
    now = case_fingerprint(case, letter.facts.get("language") or letter.language)["people"]
    names = {person_key(localized(p.name, "en") or localized(p.name, letter.language)):
             localized(p.name, letter.language) for p in case.people}
    found: list[Change] = []
    for key, facts in now.items():
        if key not in stated:
            found.append(Change("new_person", names.get(key, "")))
            continue
        for fact in FACT_FIELDS:
            if fact not in stated[key]:
                continue  # a letter logged before this fact was kept said nothing about it
            if facts.get(fact, "") != stated[key].get(fact, ""):
                found.append(Change("changed", names.get(key, ""), fact))
    found.extend(Change("gone_person") for key in stated if key not in now)
    return found


def outdated_letters(library: "Library", case: "Case") -> list[tuple[LoggedLetter, list[Change]]]:
    """Sent (or answered) letters about ``case`` whose stated facts differ from the case as it is now.

    A letter that a later one follows (a follow-up or an update) is left out: the later letter
    states the facts of its own day.
    """
    key = case_key(case)
    out = []
    letters = list_letters(library)
    followed = {e.follows for e in letters if e.follows}
    for letter in letters:
        if letter.case_key != key or letter.status not in ("sent", "answered") or letter.reference in followed:
            continue
        changes = changes_since(letter, case)
        if changes:
            out.append((letter, changes))
    return out

