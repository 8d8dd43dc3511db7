"""The open draft: where it lives, whether it has unsaved changes, its autosave.

The session writes the draft to ``data_dir()/autosave/<id>.json`` a short
while after every change and every 30 seconds while changes are unsaved, and
deletes the autosave on a clean save or close. A lock file beside the
autosave is held while the session lives; an autosave whose lock is stale
(its process is gone) was left by a crash and is offered back on the next
start. Dialogs are the window's business: nothing here asks the user.

A draft opened or saved with a passphrase keeps it in memory (never on disk)
so that Save can seal it again, and is NOT autosaved: the autosave folder is
the first place anyone examining a seized laptop would look, an encrypted
autosave would still name the draft in its recovery header, and recovering
one after a crash would need its own passphrase prompt before the window is
up. The cost is that a crash loses the changes since the last Save; the
window says so (see :attr:`DraftSession.autosaves`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, QTimer, Signal

from desktop.core.case import Case
from desktop.core.draft import Draft, draft_from_dict, load_draft, save_draft
from desktop.core.errors import N_, PetitionDeskError
from desktop.core.files import dump_json, parse_json, write_text_atomic

log = logging.getLogger(__name__)

AUTOSAVE_FORMAT = "petition-desk/autosave"
AUTOSAVE_INTERVAL_MS = 30_000
AUTOSAVE_AFTER_CHANGE_MS = 2_000  # a burst of typing becomes one write


def autosave_dir() -> Path:
    try:
        from desktop.core.paths import data_dir
    except ImportError:  # before the library lands, the templates module knows the same folder
        from desktop.core.templates import _data_dir as data_dir
    return Path(data_dir()) / "autosave"


def blank_draft() -> Draft:
    """A new, empty draft on the first template there is."""
    from desktop.core.templates import list_templates

    templates = list_templates()
    template = next((t.id for t in templates if t.id == "appeal_mission"), templates[0].id if templates else "")
    return Draft(template=template, case=Case(name=""))


@dataclass
class Autosave:
    """An autosave left behind by a session that did not close cleanly."""

    file: Path
    draft_path: Path | None
    saved_at: dt.datetime | None
    title: str


class DraftSession(QObject):
    """Holds the current draft and keeps it safe on disk."""

    modified_changed = Signal(bool)
    path_changed = Signal(object)  # Path | None
    draft_replaced = Signal()
    # A timed autosave could not be written (full disk, folder gone): the system's reason, as text.
    # It is tried again on the next timer; autosave_works says when the work is safe again
    # (an autosave succeeded, or the draft was saved, closed or replaced).
    autosave_failed = Signal(object)
    autosave_works = Signal()

    def __init__(self, folder: Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._folder = Path(folder) if folder else autosave_dir()
        self._id = uuid.uuid4().hex[:12]
        self._lock: QLockFile | None = None
        self.draft: Draft = blank_draft()
        self.path: Path | None = None
        self.modified = False
        self._passphrase: str | None = None  # of an encrypted draft; in memory only
        self._autosave_due = False
        self.autosave_failing = False  # the last autosave attempt failed
        self._periodic = QTimer(self, interval=AUTOSAVE_INTERVAL_MS)
        self._periodic.timeout.connect(self._autosave_if_due)
        self._soon = QTimer(self, singleShot=True, interval=AUTOSAVE_AFTER_CHANGE_MS)
        self._soon.timeout.connect(self._autosave_if_due)

    # -- life cycle -------------------------------------------------------------
    @property
    def autosave_file(self) -> Path:
        return self._folder / f"{self._id}.json"

    def start(self) -> None:
        """Take this session's lock and start the periodic autosave."""
        # Owner-only: an autosave holds the signers and recipients (the files are 0o600 via atomic_write).
        self._folder.parent.mkdir(parents=True, exist_ok=True, mode=0o700)  # the data folder, if it is new
        self._folder.mkdir(exist_ok=True, mode=0o700)
        self._lock = QLockFile(str(self._folder / f"{self._id}.lock"))
        self._lock.tryLock(0)
        self._periodic.start()

    def close_cleanly(self) -> None:
        """The user closed the draft on purpose: no autosave is left to recover."""
        self._periodic.stop()
        self._soon.stop()
        self.discard_autosave()
        if self._lock is not None:
            self._lock.unlock()
            self._lock = None

    # -- the draft --------------------------------------------------------------
    @property
    def encrypted(self) -> bool:
        """The draft is kept on disk sealed with a passphrase."""
        return self._passphrase is not None

    @property
    def autosaves(self) -> bool:
        """Whether changes are autosaved (not for an encrypted draft; see the module's docstring)."""
        return not self.encrypted

    def replace(self, draft: Draft, path: Path | None, modified: bool = False, passphrase: str | None = None) -> None:
        self.draft = draft
        self._passphrase = passphrase
        self._set_path(path)
        self.discard_autosave()
        self._set_modified(modified)
        self.draft_replaced.emit()
        if modified:
            self._try_autosave()

    def new(self) -> None:
        self.replace(blank_draft(), None)

    def open(self, path: Path, passphrase: str | None = None) -> None:
        """Load ``path``; raises PetitionDeskError with the reason if it cannot be read.

        An encrypted file without ``passphrase`` raises PassphraseNeeded, a wrong
        one WrongPassphrase; the current draft stays as it was.
        """
        draft = load_draft(Path(path), passphrase)
        self.replace(draft, Path(path), passphrase=passphrase)

    def load(self, draft: Draft) -> None:
        """Show a draft that has no file yet (the demo); saving asks where."""
        self.replace(draft, None)

    def save(self, path: Path | None = None, passphrase: str | None = None) -> None:
        """Write the draft; ``passphrase`` seals it (and every later Save) with a new passphrase.

        Without one, an encrypted draft is sealed again with the passphrase it
        was opened or saved with: protection is never dropped by a plain Save.
        """
        target = Path(path) if path else self.path
        if target is None:
            raise ValueError("save() needs a path for a draft that has none")
        passphrase = passphrase if passphrase is not None else self._passphrase
        save_draft(self.draft, target, passphrase)
        self._passphrase = passphrase
        self._set_path(target)
        self.discard_autosave()
        self._set_modified(False)

    def touch(self) -> None:
        """Something in the draft changed: mark it and autosave soon."""
        self._set_modified(True)
        self._autosave_due = True
        self._soon.start()

    # -- autosave ---------------------------------------------------------------
    def autosave_now(self) -> None:
        if not self.autosaves:
            self.discard_autosave()
            return
        record = {
            "format": AUTOSAVE_FORMAT,
            "version": 1,
            "path": str(self.path) if self.path else "",
            "saved_at": dt.datetime.now().isoformat(timespec="seconds"),
            "draft": self.draft.to_dict(),
        }
        started = time.perf_counter()
        text = dump_json(record)
        write_text_atomic(self.autosave_file, text)
        self._autosave_due = False
        log.info("autosaved: %d recipients, %d signers, %d characters, %.3f s", len(self.draft.recipients),
                 len(self.draft.signers), len(text), time.perf_counter() - started)

    def discard_autosave(self) -> None:
        self._autosave_due = False
        if self.autosave_failing:  # saved, closed or replaced: nothing unsaved is at risk any more
            self.autosave_failing = False
            self.autosave_works.emit()
        with contextlib.suppress(FileNotFoundError):
            self.autosave_file.unlink()

    def _autosave_if_due(self) -> None:
        if self._autosave_due and self.modified:
            self._try_autosave()

    def keep_for_recovery(self) -> bool:
        """Before the app is stopped from outside (Ctrl+C, logout): autosave unsaved changes now.

        True if nothing unsaved would be lost: there are no changes, or they are
        in the autosave, which the next start offers back.
        """
        if not self.modified:
            return True
        if not self.autosaves:
            return False
        self._try_autosave()
        return not self.autosave_failing

    def _try_autosave(self) -> None:
        """Autosave; a failure must never interrupt typing, but the user is told (autosave_failed)."""
        try:
            self.autosave_now()
        except Exception as exc:  # noqa: BLE001 - whatever it is, the user is told, and typing goes on
            self._autosave_due = True  # the periodic timer tries again
            cause = exc.__cause__ if isinstance(exc, PetitionDeskError) and exc.__cause__ else exc
            log.warning("autosave failed (%s, errno %s); trying again later",
                        type(cause).__name__, getattr(cause, "errno", None))
            # The system's reason ("No space left on device"); atomic_write's own advice to choose
            # another folder does not apply to the autosave folder.
            if isinstance(exc, PetitionDeskError):
                reason = exc.msg.params.get("reason") or exc.message()
            else:
                reason = getattr(exc, "strerror", None) or type(exc).__name__
            self.autosave_failing = True
            self.autosave_failed.emit(str(reason))
            return
        if self.autosave_failing:
            log.info("autosave works again")
            self.autosave_failing = False
            self.autosave_works.emit()

    def left_behind(self) -> list[Autosave]:
        """Autosaves of sessions that ended without a clean close, newest first."""
        found = []
        for file in self._folder.glob("*.json"):
            if file == self.autosave_file or not _owner_gone(file.with_suffix(".lock")):
                continue
            found.append(_read_header(file))
        return sorted(found, key=lambda a: a.saved_at or dt.datetime.min, reverse=True)

    def recover(self, autosave: Autosave) -> None:
        """Take over an abandoned autosave; it stays unsaved until the user saves."""
        try:
            data = parse_json(autosave.file.read_text(encoding="utf-8"), autosave.file)
        except (OSError, ValueError, PetitionDeskError) as exc:
            reason = exc.message() if isinstance(exc, PetitionDeskError) else str(exc)
            raise PetitionDeskError(
                N_("The autosaved draft %(path)s cannot be read (%(reason)s); it was not recovered."),
                path=str(autosave.file), reason=reason,
            ) from exc
        if not isinstance(data, dict) or not isinstance(data.get("draft"), dict):
            raise PetitionDeskError(
                N_("The autosaved draft %(path)s cannot be read (%(reason)s); it was not recovered."),
                path=str(autosave.file), reason="no draft inside",
            )
        base = autosave.draft_path.parent if autosave.draft_path else None
        draft = draft_from_dict(data["draft"], base=base, source=str(autosave.file), path=autosave.draft_path)
        self.replace(draft, autosave.draft_path, modified=True)  # writes our own autosave first
        forget_autosave(autosave)

    # -- state ------------------------------------------------------------------
    def _set_modified(self, value: bool) -> None:
        if value != self.modified:
            self.modified = value
            self.modified_changed.emit(value)

    def _set_path(self, path: Path | None) -> None:
        if path != self.path:
            self.path = path
            self.path_changed.emit(path)


def forget_autosave(autosave: Autosave) -> None:
    for file in (autosave.file, autosave.file.with_suffix(".lock")):
        with contextlib.suppress(FileNotFoundError):
            file.unlink()


def _owner_gone(lock_path: Path) -> bool:
    if not lock_path.exists():
        return True
    lock = QLockFile(str(lock_path))
    lock.setStaleLockTime(0)  # stale only when its process no longer runs
    if lock.tryLock(0):
        lock.unlock()
        return True
    return False


def _read_header(file: Path) -> Autosave:
    try:
        data = parse_json(file.read_text(encoding="utf-8"), file)
    except (OSError, ValueError, PetitionDeskError):  # listed as an autosave without details
        data = {}
    if not isinstance(data, dict):
        data = {}
    saved_at = None
    with contextlib.suppress(TypeError, ValueError):
        saved_at = dt.datetime.fromisoformat(data.get("saved_at", ""))
    path = data.get("path") or ""
    draft = data.get("draft") if isinstance(data.get("draft"), dict) else {}
    title = draft.get("title") or ""
    return Autosave(file=file, draft_path=Path(path) if path else None, saved_at=saved_at, title=str(title))
