"""The app's log: one rotating file in the platform's log folder, set up once.

What goes in it is for a bug report, and the people who write with this app
take real risks, so the log never holds personal data: no names, addresses,
letter texts or file names the user chose — only counts, ids, template ids,
languages, timings, exception types and the tracebacks of the app's own code.
Two guards keep that promise even when a log line is careless:

* only the app's own loggers (``desktop.*``) reach the file; libraries may log
  what they were given (a font's glyph, a PDF's title) and stay out of it;
* a traceback is written with its frames and the exception's *type*, never
  its message, which can quote what the user typed (``KeyError('Ivan')``).

``PETITION_DESK_DATA_DIR`` (tests, portable installs) puts the log in its
``logs`` folder instead of the platform's. The folder and the files are
owner-only. If the folder cannot be written, the app runs without a log file.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import sys
import traceback
from pathlib import Path
from typing import IO

import platformdirs

APP_NAME = "petition-desk"
LOG_FILE = "petition-desk.log"
MAX_BYTES = 1_000_000
BACKUPS = 3
ROOT = "desktop"  # the package's logger; every module logs under it with logging.getLogger(__name__)

_FORMAT = "%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s"
_STDERR_FORMAT = "%(levelname)s %(name)s: %(message)s"

log = logging.getLogger(__name__)


def log_dir() -> Path:
    """The folder of the log files; not created here."""
    override = os.environ.get("PETITION_DESK_DATA_DIR", "").strip()
    if override:
        return Path(override).expanduser() / "logs"
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def log_path() -> Path:
    """Where the current log file is (or would be)."""
    return log_dir() / LOG_FILE


class PrivateFormatter(logging.Formatter):
    """Tracebacks with frames and exception types only; see the module's docstring."""

    def formatException(self, ei) -> str:  # noqa: N802 (logging's name)
        kind, value, tb = ei
        lines: list[str] = []
        seen: set[int] = set()
        _describe(value if value is not None else kind, tb, lines, seen)
        return "\n".join(lines).rstrip("\n")

    def formatStack(self, stack_info: str) -> str:  # noqa: N802
        return stack_info


def _describe(exc, tb, lines: list[str], seen: set[int]) -> None:
    """Append ``exc``'s chain, oldest first, like Python's own traceback, minus the messages."""
    if isinstance(exc, BaseException):
        seen.add(id(exc))
        cause = exc.__cause__ or (None if exc.__suppress_context__ else exc.__context__)
        if cause is not None and id(cause) not in seen:
            _describe(cause, cause.__traceback__, lines, seen)
            lines.append("The above exception led to the following one:")
        kind = type(exc)
        tb = tb if tb is not None else exc.__traceback__
    else:
        kind = exc
    lines.append("Traceback (most recent call last):")
    lines.extend(line.rstrip("\n") for line in traceback.format_list(traceback.extract_tb(tb)))
    lines.append(f"{kind.__module__}.{kind.__qualname__}" if kind.__module__ != "builtins" else kind.__qualname__)


class _OwnerOnlyFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating file handler whose files (the current one and each new one) are 0o600."""

    def _open(self) -> IO[str]:
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        if hasattr(os, "fchmod"):
            try:
                os.fchmod(fd, 0o600)  # a file made before, by an older version or another umask
            except OSError:
                pass
        return open(fd, self.mode, encoding=self.encoding, errors=self.errors)


_file_handler: _OwnerOnlyFileHandler | None = None
_stream_handler: logging.Handler | None = None


def setup_logging(verbosity: int = 0, stream: IO[str] | None = None) -> Path | None:
    """Log the app's own messages to the log file; with ``verbosity`` also to stderr.

    ``verbosity`` 1 shows INFO on stderr, 2 or more DEBUG. Calling it again
    (a second command in one process, a test with another data folder) moves
    the file to the current :func:`log_path` and replaces the stderr handler.
    Returns the log file's path, or None if it cannot be written.
    """
    global _file_handler, _stream_handler
    logger = logging.getLogger(ROOT)
    logger.setLevel(logging.DEBUG if verbosity >= 2 else logging.INFO)
    path = log_path()
    if _file_handler is None or Path(_file_handler.baseFilename) != path.absolute():
        if _file_handler is not None:
            logger.removeHandler(_file_handler)
            _file_handler.close()
            _file_handler = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            if hasattr(os, "chmod"):
                os.chmod(path.parent, 0o700)
            handler = _OwnerOnlyFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")
        except OSError:
            pass  # a read-only home or a full disk must not stop the app: it runs without a log file
        else:
            handler.setFormatter(PrivateFormatter(_FORMAT))
            handler.setLevel(logging.INFO)
            logger.addHandler(handler)
            _file_handler = handler
    if _stream_handler is not None:
        logger.removeHandler(_stream_handler)
        _stream_handler = None
    if verbosity > 0:
        _stream_handler = logging.StreamHandler(stream if stream is not None else sys.stderr)
        _stream_handler.setFormatter(PrivateFormatter(_STDERR_FORMAT))
        _stream_handler.setLevel(logging.DEBUG if verbosity >= 2 else logging.INFO)
        logger.addHandler(_stream_handler)
    return Path(_file_handler.baseFilename) if _file_handler is not None else None


def current_log_file() -> Path | None:
    """The file the log is written to now, or None if logging is not set up (or has no file)."""
    return Path(_file_handler.baseFilename) if _file_handler is not None else None


def flush() -> None:
    if _file_handler is not None:
        _file_handler.flush()
