"""The user's library: recipients directory, signer profiles and saved cases.

One SQLite file in the platform's user data folder (or the folder named by
``PETITION_DESK_DATA_DIR``). Nothing touches the disk until the library is
first used. Its structure is numbered (``PRAGMA user_version``) and grows by
migrations, so a library made by an older version is upgraded in place. One
connection serves all threads behind a lock, because the GUI reads from a
worker thread while the main thread may write.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import logging
import os
import re
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from desktop.core.case import Case, case_from_dict
from desktop.core.errors import N_, PetitionDeskError
from desktop.core.fields import localized
from desktop.core.files import dump_json, read_bytes, write_bytes_atomic
from desktop.core.paths import APP_NAME, LIBRARY_FILE, data_dir  # noqa: F401  (re-exported)
from desktop.core.fields import localized, simplified
from desktop.core.recipients import NAME_FIELDS, RECIPIENT_FIELDS, Recipient, recipient_from_dict
from desktop.core.signers import SIGNER_NAME_FIELDS, Signer
from desktop.core.text import fold, slug  # noqa: F401  (re-exported)

log = logging.getLogger(__name__)

MAX_SIGNATURE_BYTES = 20 * 1024 * 1024

# Each entry moves the library one version up; never edit one that shipped.
_MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE recipients (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL DEFAULT 'other',
        honorific TEXT NOT NULL DEFAULT '',
        person TEXT NOT NULL DEFAULT '',
        title TEXT NOT NULL DEFAULT '',
        office TEXT NOT NULL DEFAULT '',
        organisation TEXT NOT NULL DEFAULT '',
        address_lines TEXT NOT NULL DEFAULT '[]',
        postal_code TEXT NOT NULL DEFAULT '',
        city TEXT NOT NULL DEFAULT '',
        region TEXT NOT NULL DEFAULT '',
        country TEXT NOT NULL DEFAULT '',
        language TEXT NOT NULL DEFAULT '',
        gender TEXT NOT NULL DEFAULT '',
        salutation TEXT NOT NULL DEFAULT '',
        email TEXT NOT NULL DEFAULT '',
        note TEXT NOT NULL DEFAULT '',
        verify INTEGER NOT NULL DEFAULT 0,
        search_key TEXT NOT NULL DEFAULT '',
        sort_key TEXT NOT NULL DEFAULT '',
        updated TEXT NOT NULL
    );
    CREATE INDEX recipients_by_country ON recipients (country, kind, language);
    CREATE INDEX recipients_by_sort_key ON recipients (sort_key);
    CREATE TABLE signers (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        role TEXT NOT NULL DEFAULT '',
        organisation TEXT NOT NULL DEFAULT '',
        party TEXT NOT NULL DEFAULT '',
        address_lines TEXT NOT NULL DEFAULT '[]',
        email TEXT NOT NULL DEFAULT '',
        gender TEXT NOT NULL DEFAULT '',
        signature BLOB,
        signature_type TEXT NOT NULL DEFAULT '',
        sort_key TEXT NOT NULL DEFAULT '',
        updated TEXT NOT NULL
    );
    CREATE TABLE cases (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        data TEXT NOT NULL,
        updated TEXT NOT NULL
    );
    """,
    # 2: counting paper signatures (desktop/core/signatures.py): the petition sheets exported, and
    # the sheets returned, one line each by the code printed on it. Counts only, no signer's name.
    """
    CREATE TABLE sheet_sets (
        petition TEXT PRIMARY KEY,
        language TEXT NOT NULL DEFAULT '',
        sheets INTEGER NOT NULL,
        rows INTEGER NOT NULL,
        campaign TEXT NOT NULL DEFAULT '',
        title TEXT NOT NULL DEFAULT '',
        registered TEXT NOT NULL
    );
    CREATE TABLE returned_sheets (
        code TEXT PRIMARY KEY,
        petition TEXT NOT NULL,
        sheet INTEGER NOT NULL,
        signed INTEGER NOT NULL CHECK (signed >= 0),
        town TEXT NOT NULL DEFAULT '',
        town_key TEXT NOT NULL DEFAULT '',
        collected_by TEXT NOT NULL DEFAULT '',
        collected_on TEXT NOT NULL DEFAULT '',
        remarks TEXT NOT NULL DEFAULT '',
        campaign TEXT NOT NULL DEFAULT '',
        campaign_key TEXT NOT NULL DEFAULT '',
        entered TEXT NOT NULL
    );
    CREATE INDEX returned_sheets_by_campaign ON returned_sheets (campaign_key, town_key);
    """,
    # 3: the correspondence log (desktop/core/correspondence.py): one line per letter written, never its text.
    """
    CREATE TABLE letters (
        reference TEXT PRIMARY KEY,
        case_key TEXT NOT NULL DEFAULT '',
        case_name TEXT NOT NULL DEFAULT '',
        template TEXT NOT NULL DEFAULT '',
        language TEXT NOT NULL DEFAULT '',
        recipient_id TEXT NOT NULL DEFAULT '',
        recipient_name TEXT NOT NULL DEFAULT '',
        organisation TEXT NOT NULL DEFAULT '',
        country TEXT NOT NULL DEFAULT '',
        letter_date TEXT NOT NULL,
        exported TEXT NOT NULL,
        formats TEXT NOT NULL DEFAULT '',
        files TEXT NOT NULL DEFAULT '[]',
        facts TEXT NOT NULL DEFAULT '{}',
        follows TEXT NOT NULL DEFAULT '',
        follow_up TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'exported',
        sent_date TEXT NOT NULL DEFAULT '',
        channel TEXT NOT NULL DEFAULT '',
        reply_date TEXT NOT NULL DEFAULT '',
        reply_summary TEXT NOT NULL DEFAULT '',
        reply_file TEXT NOT NULL DEFAULT '',
        reply_sha256 TEXT NOT NULL DEFAULT '',
        returned_date TEXT NOT NULL DEFAULT '',
        updated TEXT NOT NULL
    );
    CREATE INDEX letters_by_case ON letters (case_key, letter_date);
    CREATE INDEX letters_by_status ON letters (status, follow_up)
    """,
    # 4: names per language (desktop/core/recipients.py NAME_FIELDS, signers.py SIGNER_NAME_FIELDS). The
    # plain columns keep one name each (the English or unstated one, for sorting, searching and older rows);
    # ``names`` holds, as JSON, each field given per language: {"organisation": {"fr": "…", "de": "…"}}.
    """
    ALTER TABLE recipients ADD COLUMN names TEXT NOT NULL DEFAULT '{}';
    ALTER TABLE signers ADD COLUMN names TEXT NOT NULL DEFAULT '{}'
    """,
)
SCHEMA_VERSION = len(_MIGRATIONS)

_RECIPIENT_COLUMNS = (*RECIPIENT_FIELDS, "names", "search_key", "sort_key", "updated")
_SIGNER_COLUMNS = ("id", "name", "role", "organisation", "party", "address_lines", "email", "gender", "names")
_IMAGE_TYPES = ((b"\x89PNG\r\n\x1a\n", "png"), (b"\xff\xd8\xff", "jpg"))

if TYPE_CHECKING:
    from desktop.core.recipients_csv import ImportResult
    from desktop.core.signatures import ReturnedSheet, SheetSet, Totals


@dataclass(frozen=True)
class SavedCase:
    """A line of the saved-cases list."""

    id: str
    name: str
    updated: str  # ISO 8601, UTC


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class Library:
    """The recipients, signers and cases of one user; use as a context manager or call close()."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path) if path is not None else data_dir() / LIBRARY_FILE
        self._lock = threading.RLock()
        self._conn: sqlite3.Connection | None = None

    # -- connection ---------------------------------------------------------

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    @property
    def signatures_dir(self) -> Path:
        return self.path.parent / "signatures"

    def _connection(self) -> sqlite3.Connection:
        if self._conn is not None:
            return self._conn
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            # Owner-only from the first byte: the library names signers and recipients. SQLite
            # gives its -wal and -shm files the same permissions as the database file.
            os.close(os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600))
            with contextlib.suppress(OSError):
                os.chmod(self.path, 0o600)  # a library made by an older version was readable by all
            conn = sqlite3.connect(self.path, timeout=10, isolation_level=None, check_same_thread=False)
            conn.row_factory = sqlite3.Row
        except (OSError, sqlite3.Error) as exc:
            raise self._error(exc) from exc
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA synchronous = NORMAL")  # safe with WAL; a crash loses no committed change
            self._migrate(conn)
        except sqlite3.Error as exc:
            conn.close()
            raise self._error(exc) from exc
        self._conn = conn
        return conn

    def _migrate(self, conn: sqlite3.Connection) -> None:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise PetitionDeskError(
                N_("The library %(path)s was made by a newer version of Petition Desk. Update the app to open it."),
                path=str(self.path),
            )
        for number in range(version, SCHEMA_VERSION):
            conn.execute("BEGIN IMMEDIATE")
            try:
                for statement in _MIGRATIONS[number].split(";"):
                    if statement.strip():
                        conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {number + 1}")
                conn.execute("COMMIT")
            except BaseException:
                _rollback(conn)
                raise

    def _error(self, exc: BaseException) -> PetitionDeskError:
        reason = getattr(exc, "strerror", None) or str(exc)
        if isinstance(exc, sqlite3.OperationalError) and "locked" in reason:
            return PetitionDeskError(
                N_("The library %(path)s is busy in another window or program. Close it there and try again."),
                path=str(self.path),
            )
        return PetitionDeskError(
            N_("The library %(path)s cannot be opened or changed (%(reason)s). If the file is damaged, move it "
               "away and Petition Desk will start a new, empty library."),
            path=str(self.path), reason=reason,
        )

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One all-or-nothing change, under the lock."""
        with self._lock:
            conn = self._connection()
            try:
                conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise self._error(exc) from exc
            try:
                yield conn
                conn.execute("COMMIT")
            except sqlite3.Error as exc:
                _rollback(conn)
                raise self._error(exc) from exc
            except BaseException:
                _rollback(conn)
                raise

    def _query(self, sql: str, params: Iterable[Any] = ()) -> list[sqlite3.Row]:
        with self._lock:
            conn = self._connection()
            try:
                return conn.execute(sql, tuple(params)).fetchall()
            except sqlite3.Error as exc:
                raise self._error(exc) from exc

    # -- recipients ---------------------------------------------------------

    def add_recipient(self, recipient: Recipient) -> str:
        """Store a new recipient; returns its id (made from its name when empty)."""
        return self.add_recipients([recipient])[0]

    def add_recipients(self, recipients: Iterable[Recipient]) -> list[str]:
        """Store many new recipients in one transaction; returns their ids in order."""
        with self._transaction() as conn:
            taken = {row[0] for row in conn.execute("SELECT id FROM recipients")}
            rows, ids = [], []
            for recipient in recipients:
                _check_recipient(recipient)
                if recipient.id and recipient.id in taken:
                    raise PetitionDeskError(
                        N_("A recipient with the id %(id)s is already in the directory. Edit that one, or give "
                           "the new one another id."), id=recipient.id,
                    )
                rid = recipient.id or _new_id(_id_source(recipient),
                                              "recipient", taken)
                taken.add(rid)
                ids.append(rid)
                rows.append(_recipient_row(recipient, rid))
            conn.executemany(_insert_sql("recipients", _RECIPIENT_COLUMNS), rows)
        return ids

    def update_recipient(self, recipient: Recipient) -> None:
        _check_recipient(recipient)
        with self._transaction() as conn:
            columns = _RECIPIENT_COLUMNS[1:]
            row = _recipient_row(recipient, recipient.id)
            changed = conn.execute(
                f"UPDATE recipients SET {', '.join(f'{c} = ?' for c in columns)} WHERE id = ?", (*row[1:], row[0])
            ).rowcount
        if not changed:
            raise _missing(N_("There is no recipient with the id %(id)s in the library; it may have been deleted."), recipient.id)

    def delete_recipient(self, recipient_id: str) -> bool:
        """Remove a recipient; False when there was none with that id."""
        with self._transaction() as conn:
            return conn.execute("DELETE FROM recipients WHERE id = ?", (recipient_id,)).rowcount > 0

    def get_recipient(self, recipient_id: str) -> Recipient | None:
        rows = self._query("SELECT * FROM recipients WHERE id = ?", (recipient_id,))
        return _recipient_from_row(rows[0]) if rows else None

    def list_recipients(self, country: str | None = None, kind: str | None = None, language: str | None = None,
                        search: str | None = None) -> list[Recipient]:
        """Recipients by name; ``search`` words must all occur in the person, office, organisation or city."""
        where, params = [], []
        if country:
            where.append("country = ?")
            params.append(country.upper())
        if kind:
            where.append("kind = ?")
            params.append(kind)
        if language:
            where.append("language = ?")
            params.append(language.lower())
        for word in fold(search or "").split():
            where.append("instr(search_key, ?) > 0")
            params.append(word)
        sql = "SELECT * FROM recipients"
        if where:
            sql += " WHERE " + " AND ".join(where)
        return [_recipient_from_row(row) for row in self._query(sql + " ORDER BY sort_key, id", params)]

    def count_recipients(self) -> int:
        return self._query("SELECT count(*) FROM recipients")[0][0]

    def import_csv(self, path: Path) -> "ImportResult":
        """Add the rows of a CSV file, or merge them into the recipients they already describe.

        A row matches an entry by its id, or, without an id, by the same
        organisation, person, office and address (compared case- and
        accent-free, see :func:`identity`). A matched entry keeps every field
        the row leaves empty (its note, say) and takes the others from the
        row. ``added``, ``updated`` and ``unchanged`` of the result count what
        happened; ``recipients`` are the entries as now stored.
        """
        from desktop.core.recipients_csv import import_recipients  # charset detection loads only when needed

        result = import_recipients(path)
        stored: list[Recipient] = []
        with self._transaction() as conn:
            existing = {row["id"]: _recipient_from_row(row) for row in conn.execute("SELECT * FROM recipients ORDER BY id")}
            by_identity: dict[tuple[str, ...], str] = {}
            for rid, known in existing.items():
                by_identity.setdefault(identity(known), rid)
            added, changed = [], []
            for recipient, given in zip(result.recipients, result.given):
                match = recipient.id if recipient.id in existing else (
                    None if recipient.id else by_identity.get(identity(recipient)))
                if match is None:
                    if not recipient.id:
                        recipient.id = _new_id(_id_source(recipient),
                                               "recipient", set(existing))
                    entry = recipient
                    added.append(_recipient_row(entry, entry.id))
                else:
                    old = existing[match]
                    entry = _merged(old, recipient, given)
                    if entry == old:
                        result.unchanged += 1
                    else:
                        changed.append(_recipient_row(entry, match))
                existing[entry.id] = entry
                by_identity.setdefault(identity(entry), entry.id)
                stored.append(entry)
            conn.executemany(_insert_sql("recipients", _RECIPIENT_COLUMNS), added)
            columns = _RECIPIENT_COLUMNS[1:]
            conn.executemany(f"UPDATE recipients SET {', '.join(f'{c} = ?' for c in columns)} WHERE id = ?",
                             [(*row[1:], row[0]) for row in changed])
        result.recipients = stored
        result.added, result.updated = len(added), len(changed)
        log.info("imported recipients: %d added, %d updated, %d unchanged, %d rows rejected",
                 result.added, result.updated, result.unchanged, len(result.rejected))
        return result

    def export_csv(self, path: Path, recipients: Iterable[Recipient] | None = None) -> None:
        """Write ``recipients`` (all of the directory when None) to a CSV file."""
        from desktop.core.recipients_csv import export_recipients

        export_recipients(self.list_recipients() if recipients is None else recipients, path)

    # -- signers ------------------------------------------------------------

    def add_signer(self, signer: Signer, signature: bytes | None = None) -> str:
        """Store a signer profile; the signature picture is kept inside the library.

        ``signature`` is the PNG or JPEG data; when None, the file named by
        ``signer.signature_image`` is read (if any).
        """
        image = _signature_bytes(signer, signature, None)
        with self._transaction() as conn:
            taken = {row[0] for row in conn.execute("SELECT id FROM signers")}
            if signer.id and signer.id in taken:
                raise PetitionDeskError(
                    N_("A signer with the id %(id)s already exists. Edit that profile, or give the new one another "
                       "id."), id=signer.id,
                )
            sid = signer.id or _new_id(signer.name, "signer", taken)
            conn.execute(_insert_sql("signers", (*_SIGNER_COLUMNS, "signature", "signature_type", "sort_key",
                                                 "updated")), (*_signer_row(signer, sid), *image, fold(signer.name),
                                                               _now()))
        return sid

    def update_signer(self, signer: Signer, signature: bytes | None = None) -> None:
        """Replace a profile; without ``signature`` and ``signer.signature_image`` the picture is removed."""
        current = self._query("SELECT signature, signature_type FROM signers WHERE id = ?", (signer.id,))
        if not current:
            raise _missing(N_("There is no signer with the id %(id)s in the library; it may have been deleted."), signer.id)
        kept = (current[0]["signature"], current[0]["signature_type"])
        image = _signature_bytes(signer, signature, kept if self._is_own_copy(signer.signature_image) else None)
        with self._transaction() as conn:
            conn.execute(
                "UPDATE signers SET name = ?, role = ?, organisation = ?, party = ?, address_lines = ?, email = ?, "
                "gender = ?, names = ?, signature = ?, signature_type = ?, sort_key = ?, updated = ? WHERE id = ?",
                (*_signer_row(signer, signer.id)[1:], *image, fold(signer.name), _now(), signer.id),
            )
        if image[0] is None:
            self._remove_stale_signatures(signer.id, keep=None)  # no copy of a removed signature stays behind

    def delete_signer(self, signer_id: str) -> bool:
        with self._transaction() as conn:
            deleted = conn.execute("DELETE FROM signers WHERE id = ?", (signer_id,)).rowcount > 0
        self._remove_stale_signatures(signer_id, keep=None)
        return deleted

    def get_signer(self, signer_id: str) -> Signer | None:
        """The profile, its ``signature_image`` a file written from the library (see :meth:`signature_image_path`)."""
        rows = self._query("SELECT * FROM signers WHERE id = ?", (signer_id,))
        return self._signer_from_row(rows[0]) if rows else None

    def list_signers(self) -> list[Signer]:
        return [self._signer_from_row(row) for row in self._query("SELECT * FROM signers ORDER BY sort_key, id")]

    def signature_image_bytes(self, signer_id: str) -> bytes | None:
        rows = self._query("SELECT signature FROM signers WHERE id = ?", (signer_id,))
        return bytes(rows[0]["signature"]) if rows and rows[0]["signature"] else None

    def signature_image_path(self, signer_id: str) -> Path | None:
        """A file holding the signer's picture, written from the library when needed.

        Writers need a path; the picture lives in the database so that a
        profile survives the original file being moved or deleted. The file
        name holds hashes, not the signer's name, and older copies of the
        same signer's picture are removed.
        """
        rows = self._query("SELECT signature, signature_type FROM signers WHERE id = ?", (signer_id,))
        if not rows or not rows[0]["signature"]:
            return None
        data = bytes(rows[0]["signature"])
        target = self.signatures_dir / f"{_signer_key(signer_id)}-{hashlib.sha256(data).hexdigest()[:16]}." \
                                       f"{rows[0]['signature_type'] or 'png'}"
        if not (target.is_file() and target.stat().st_size == len(data)):
            self.signatures_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
            write_bytes_atomic(target, data)
        self._remove_stale_signatures(signer_id, keep=target)
        return target

    def _signer_from_row(self, row: sqlite3.Row) -> Signer:
        names: dict[str, Any] = {"role": row["role"], "organisation": row["organisation"]}
        _names_from_row(row, names, SIGNER_NAME_FIELDS)
        return Signer(
            id=row["id"], name=row["name"], role=names["role"], organisation=names["organisation"], party=row["party"],
            address_lines=json.loads(row["address_lines"]), email=row["email"], gender=row["gender"],
            signature_image=self.signature_image_path(row["id"]) if row["signature"] else None,
        )

    def _is_own_copy(self, image: Path | None) -> bool:
        return image is not None and Path(image).parent == self.signatures_dir

    def _remove_stale_signatures(self, signer_id: str, keep: Path | None) -> None:
        if not self.signatures_dir.is_dir():
            return
        for old in self.signatures_dir.glob(f"{_signer_key(signer_id)}-*"):
            if old != keep:
                with contextlib.suppress(OSError):
                    old.unlink()

    # -- cases --------------------------------------------------------------

    def save_case(self, case: Case, case_id: str | None = None, name: str | None = None) -> str:
        """Store a case (new, or replacing ``case_id``); returns its id."""
        title = (name or localized(case.name, "en") or "case").strip()
        with self._transaction() as conn:
            cid = case_id
            if not cid:
                taken = {row[0] for row in conn.execute("SELECT id FROM cases")}
                cid = _new_id(title, "case", taken)
            conn.execute(
                "INSERT INTO cases (id, name, data, updated) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(id) DO UPDATE SET name = excluded.name, data = excluded.data, updated = excluded.updated",
                (cid, title, dump_json(case.to_dict()), _now()),
            )
        return cid

    def load_case(self, case_id: str) -> Case:
        rows = self._query("SELECT name, data FROM cases WHERE id = ?", (case_id,))
        if not rows:
            raise _missing(N_("There is no case with the id %(id)s in the library; it may have been deleted."), case_id)
        return case_from_dict(json.loads(rows[0]["data"]), path=rows[0]["name"])

    def list_cases(self) -> list[SavedCase]:
        """Saved cases, the most recently changed first."""
        rows = self._query("SELECT id, name, updated FROM cases ORDER BY updated DESC, name, id")
        return [SavedCase(row["id"], row["name"], row["updated"]) for row in rows]

    def delete_case(self, case_id: str) -> bool:
        with self._transaction() as conn:
            return conn.execute("DELETE FROM cases WHERE id = ?", (case_id,)).rowcount > 0

    # -- returned petition sheets -----------------------------------------------------

    def register_sheet_sets(self, sets: Iterable[SheetSet]) -> None:
        """Remember exported petition sheets; a petition printed again keeps its largest sheets and rows."""
        with self._transaction() as conn:
            for s in sets:
                conn.execute(
                    "INSERT INTO sheet_sets (petition, language, sheets, rows, campaign, title, registered) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(petition) DO UPDATE SET "
                    "sheets = max(sheets, excluded.sheets), rows = max(rows, excluded.rows), "
                    "campaign = excluded.campaign, title = excluded.title, language = excluded.language",
                    (s.petition, s.language, s.sheets, s.rows, s.campaign, s.title, _now()),
                )

    def sheet_set(self, petition: str) -> SheetSet | None:
        from desktop.core.signatures import SheetSet

        rows = self._query("SELECT * FROM sheet_sets WHERE petition = ?", (petition,))
        if not rows:
            return None
        r = rows[0]
        return SheetSet(r["petition"], r["language"], r["sheets"], r["rows"], r["campaign"], r["title"])

    def add_returned_sheet(self, entry: ReturnedSheet) -> ReturnedSheet:
        """Enter a returned sheet; refuses a code entered before and a count the sheet cannot hold."""
        return self._put_returned_sheet(entry, replace=False)

    def update_returned_sheet(self, entry: ReturnedSheet) -> ReturnedSheet:
        """Change the entry of a sheet already entered (its count, town, collector, date or remarks)."""
        return self._put_returned_sheet(entry, replace=True)

    def _put_returned_sheet(self, entry: ReturnedSheet, replace: bool) -> ReturnedSheet:
        from desktop.core.signatures import check_count, one_line, parse_code

        code = parse_code(entry.code)
        known = self.sheet_set(code.split("-")[0])
        stored = _returned(entry, code=code, town=one_line(entry.town, "town"),
                           collected_by=one_line(entry.collected_by, "collected_by"),
                           remarks=one_line(entry.remarks, "remarks"),
                           campaign=(known.campaign if known and known.campaign else one_line(entry.campaign, "campaign")),
                           rows=known.rows if known else None)
        check_count(stored, known)
        with self._transaction() as conn:
            before = conn.execute("SELECT * FROM returned_sheets WHERE code = ?", (code,)).fetchone()
            if before is not None and not replace:
                raise _already_entered(_returned_from_row(before, None))
            if before is None and replace:
                raise PetitionDeskError(N_("Sheet %(code)s has not been entered yet; enter it as a new sheet."),
                                        code=code)
            stored.entered = before["entered"] if before is not None else _now()
            conn.execute(
                "INSERT OR REPLACE INTO returned_sheets (code, petition, sheet, signed, town, town_key, collected_by, "
                "collected_on, remarks, campaign, campaign_key, entered) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (code, stored.petition, stored.sheet, stored.signed, stored.town, fold(stored.town),
                 stored.collected_by, stored.date.isoformat() if stored.date else "", stored.remarks,
                 stored.campaign, fold(stored.campaign), stored.entered),
            )
        log.info("returned sheet entered: %d signed rows", stored.signed)  # no code, town or name in the log
        return stored

    def returned_sheet(self, code: str) -> ReturnedSheet | None:
        from desktop.core.signatures import parse_code

        rows = self._query("SELECT r.*, s.rows AS sheet_rows FROM returned_sheets r LEFT JOIN sheet_sets s "
                           "ON s.petition = r.petition WHERE r.code = ?", (parse_code(code),))
        return _returned_from_row(rows[0], rows[0]["sheet_rows"]) if rows else None

    def returned_sheets(self, campaign: str | None = None) -> list[ReturnedSheet]:
        """The returned sheets (of one campaign when given), by code."""
        sql = ("SELECT r.*, s.rows AS sheet_rows FROM returned_sheets r LEFT JOIN sheet_sets s "
               "ON s.petition = r.petition")
        params: list[Any] = []
        if campaign is not None:
            sql += " WHERE r.campaign_key = ?"
            params.append(fold(campaign))
        return [_returned_from_row(row, row["sheet_rows"]) for row in self._query(sql + " ORDER BY r.code", params)]

    def remove_returned_sheet(self, code: str) -> bool:
        from desktop.core.signatures import parse_code

        with self._transaction() as conn:
            return conn.execute("DELETE FROM returned_sheets WHERE code = ?", (parse_code(code),)).rowcount > 0

    def signature_totals(self, campaign: str | None = None) -> Totals:
        from desktop.core.signatures import totals

        return totals(self.returned_sheets(campaign))


def _returned(entry: ReturnedSheet, **changes: Any) -> ReturnedSheet:
    from dataclasses import replace as copy_with

    from desktop.core.signatures import parse_date

    return copy_with(entry, date=parse_date(entry.date), signed=_whole(entry.signed), **changes)


def _whole(value: Any) -> int:
    try:
        number = int(str(value).strip())
    except ValueError:
        raise PetitionDeskError(N_("The number of signed rows must be a whole number, not %(value)s."),
                                value=str(value)[:20]) from None
    return number


def _returned_from_row(row: sqlite3.Row, rows: int | None) -> ReturnedSheet:
    from desktop.core.signatures import ReturnedSheet

    return ReturnedSheet(code=row["code"], signed=row["signed"], town=row["town"], collected_by=row["collected_by"],
                         date=dt.date.fromisoformat(row["collected_on"]) if row["collected_on"] else None,
                         remarks=row["remarks"], campaign=row["campaign"], rows=rows, entered=row["entered"])


def _already_entered(first: ReturnedSheet) -> PetitionDeskError:
    """The duplicate's message names when, and by whom, the sheet was first entered."""
    day = first.entered[:10]  # the day it was entered (UTC), as stored
    if first.collected_by:
        return PetitionDeskError(N_("Sheet %(code)s was already entered on %(date)s (collected by %(name)s); change "
                                    "that entry instead."), code=first.code, date=day, name=first.collected_by)
    return PetitionDeskError(N_("Sheet %(code)s was already entered on %(date)s; change that entry instead."),
                             code=first.code, date=day)


def _rollback(conn: sqlite3.Connection) -> None:
    if conn.in_transaction:  # some errors have already ended the transaction
        conn.execute("ROLLBACK")


def _insert_sql(table: str, columns: tuple[str, ...]) -> str:
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})"


def _id_source(recipient: Recipient) -> str:
    """The name a new recipient's id is made from: its organisation, person or office (English or unstated)."""
    return next((localized(getattr(recipient, name), "en") for name in ("organisation", "person", "office")
                 if localized(getattr(recipient, name), "en")), "")


def _new_id(text: str, fallback: str, taken: set[str]) -> str:
    """The slug of ``text``, with "_2", "_3" … added until it is not in ``taken``."""
    stem = slug(text, fallback)
    if stem not in taken:
        return stem
    number = 2
    while f"{stem}_{number}" in taken:
        number += 1
    return f"{stem}_{number}"


def _missing(message: str, ident: str) -> PetitionDeskError:
    return PetitionDeskError(message, id=ident)


def _check_recipient(recipient: Recipient) -> None:
    """Raise one error listing everything wrong, as for a file."""
    recipient_from_dict(recipient.to_dict(), path=recipient.display_name or "recipient")


def identity(recipient: Recipient) -> tuple[str, ...]:
    """What makes two entries the same addressee: names and address, case-, accent- and punctuation-free.

    "Sveriges Riksdag, 100 12 Stockholm" and "sveriges riksdag / 10012 STOCKHOLM"
    are the same; a different office or street is not.
    """
    def words(text: str) -> str:
        return " ".join(re.findall(r"\w+", fold(text)))

    return (words(localized(recipient.organisation, "en")), words(localized(recipient.person, "en")),
            words(localized(recipient.office, "en")),
            words(" ".join(recipient.address_lines)), words(recipient.postal_code).replace(" ", ""),
            words(recipient.city), recipient.country.upper())


def _merged(old: Recipient, new: Recipient, given: frozenset[str]) -> Recipient:
    """``old`` with the fields ``new``'s row gave a value; a field the row left empty keeps its old value."""
    values = {name: getattr(new if name in given else old, name) for name in RECIPIENT_FIELDS}
    for name in NAME_FIELDS:
        before, after = getattr(old, name), getattr(new, name)
        if isinstance(before, dict) and isinstance(after, str) and after in before.values():
            values[name] = before  # a file without columns per language keeps the names the entry has
    values["id"] = old.id
    return Recipient(**values)


def _plain_and_names(item: Any, fields: tuple[str, ...], values: dict[str, Any]) -> None:
    """Each of ``fields`` as one plain text in ``values``, and those given per language as JSON in "names"."""
    names = {}
    for name in fields:
        value = getattr(item, name)
        if isinstance(value, dict):
            names[name] = dict(value)
        values[name] = localized(value, "en")
    values["names"] = json.dumps(names, ensure_ascii=False, sort_keys=True)


def _names_from_row(row: sqlite3.Row, values: dict[str, Any], fields: tuple[str, ...]) -> None:
    """Put back the names per language kept in "names" (a row from before migration 4 has none)."""
    try:
        names = json.loads(row["names"] or "{}")
    except (IndexError, ValueError):
        names = {}
    for name in fields:
        given = names.get(name) if isinstance(names, dict) else None
        if isinstance(given, dict) and all(isinstance(v, str) for v in given.values()):
            values[name] = simplified(given)


def _recipient_row(recipient: Recipient, rid: str) -> tuple[Any, ...]:
    values: dict[str, Any] = {name: getattr(recipient, name) for name in RECIPIENT_FIELDS}
    values["id"] = rid
    values["address_lines"] = json.dumps(list(recipient.address_lines), ensure_ascii=False)
    values["verify"] = int(bool(recipient.verify))
    _plain_and_names(recipient, NAME_FIELDS, values)
    values["search_key"] = fold(" ".join((*recipient.all_names(), recipient.city)))
    values["sort_key"] = fold(recipient.display_name)
    values["updated"] = _now()
    return tuple(values[name] for name in _RECIPIENT_COLUMNS)


def _recipient_from_row(row: sqlite3.Row) -> Recipient:
    values = {name: row[name] for name in RECIPIENT_FIELDS}
    values["address_lines"] = json.loads(values["address_lines"])
    values["verify"] = bool(values["verify"])
    _names_from_row(row, values, NAME_FIELDS)
    return Recipient(**values)


def _signer_row(signer: Signer, sid: str) -> tuple[Any, ...]:
    values: dict[str, Any] = {}
    _plain_and_names(signer, SIGNER_NAME_FIELDS, values)
    return (sid, signer.name, values["role"], values["organisation"], signer.party,
            json.dumps(list(signer.address_lines), ensure_ascii=False), signer.email, signer.gender, values["names"])


def _signer_key(signer_id: str) -> str:
    """A file-name-safe stand-in for a signer id that does not reveal the name."""
    return "signer-" + hashlib.sha256(signer_id.encode("utf-8")).hexdigest()[:12]


def _signature_bytes(signer: Signer, data: bytes | None, kept: tuple[bytes, str] | None) -> tuple[bytes | None, str]:
    """``(bytes, "png" | "jpg")`` for the database, or ``(None, "")`` for no picture."""
    if data is None and signer.signature_image is not None:
        image = Path(signer.signature_image)
        if kept is not None and kept[0]:
            return kept  # our own materialized copy: the database already has the picture
        data = read_bytes(image, N_("The signature image %(path)s cannot be read (%(reason)s). Choose the file again."),
                          missing=None, limit=MAX_SIGNATURE_BYTES + 1)
    if not data:
        return None, ""
    if len(data) > MAX_SIGNATURE_BYTES:
        raise PetitionDeskError(N_("The signature picture is larger than 20 MB. Scan or save it smaller."))
    for magic, kind in _IMAGE_TYPES:
        if data.startswith(magic):
            return data, kind
    raise PetitionDeskError(N_("The signature picture must be a PNG or JPEG file."))
