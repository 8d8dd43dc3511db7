"""Reading and writing the app's files safely.

Every write goes to a temporary file in the destination folder and is then
renamed over the target, so a crash, a full disk or a cancelled export never
leaves a half-written file behind.

Every input is bounded: a file is read only when it is a regular file (not
a folder, a pipe or a device such as /dev/zero) no larger than a generous
limit for its kind, and JSON or TOML no deeper than :data:`MAX_DEPTH`, each
with a message that says what is wrong and what to do.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import stat
import tempfile
import tomllib
from pathlib import Path
from typing import IO, Any, Iterator

from desktop.core.errors import N_, PetitionDeskError

log = logging.getLogger(__name__)

MB = 1024 * 1024
# Limits of what the app reads, by kind of file: far above any real file of the kind, far below
# what would exhaust the memory of a small laptop.
MAX_FILE_BYTES = 200 * MB  # the default; an encrypted draft carrying several signature pictures
MAX_STRUCTURED_BYTES = 20 * MB  # a case or a draft in JSON or TOML
MAX_CSV_BYTES = 50 * MB  # a recipients directory or a signer list: hundreds of thousands of rows
MAX_IMAGE_BYTES = 50 * MB  # a photo straight from a camera, a scanned signature
MAX_TEMPLATE_BYTES = 5 * MB  # a template's text in one language
MAX_CERTIFICATE_BYTES = 5 * MB  # a .p12/.pfx certificate with its chain
# The deepest nesting of lists and objects a case or draft may have. The formats need about ten
# levels; Python's parsers fail with a RecursionError at about a thousand.
MAX_DEPTH = 100


@contextlib.contextmanager
def atomic_write(path: Path, mode: str = "wb", encoding: str | None = None,
                 durable: bool = True) -> Iterator[IO[Any]]:
    """Open a temporary sibling of ``path``; rename it into place on success.

    ``durable`` flushes the data to disk before the rename, so even a power
    cut cannot leave an empty file. Exports, which can be made again, skip it:
    at a few milliseconds per file it would dominate a batch of letters.
    """
    path = Path(path)
    folder = path.parent
    check_writable_target(path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{_temp_stem(path.name)}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise PetitionDeskError(
            N_("Cannot write to the folder %(folder)s (%(reason)s). Choose a folder you can write to."),
            folder=str(folder),
            reason=exc.strerror or str(exc),
        ) from exc
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, mode, encoding=encoding) as fh:
            yield fh
            fh.flush()
            if durable:
                os.fsync(fh.fileno())
        try:
            os.replace(tmp, path)
        except OSError as exc:  # the target became a folder meanwhile, or may not be replaced
            raise PetitionDeskError(
                N_("Cannot write the file %(path)s (%(reason)s). Choose another file name or folder."),
                path=str(path), reason=exc.strerror or str(exc),
            ) from exc
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def _temp_stem(name: str) -> str:
    """``name`` cut so the temporary name (".NAME.12345678.part") stays within 255 bytes.

    Linux and macOS count a file name's bytes of UTF-8, not its characters:
    a 120-letter Cyrillic name is already 240 bytes.
    """
    from desktop.core.filenames import fit

    return fit(name, TEMP_NAME_BYTES, max_chars=TEMP_NAME_BYTES)


TEMP_NAME_BYTES = 200  # + "." + "." + 8 random characters + ".part" = at most 215 bytes


def check_writable_target(path: Path) -> None:
    """Refuse to write over a folder or a special file (a pipe, a device) named as the file to write."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return  # nothing there yet (or the folder is unreadable: atomic_write then says so)
    except ValueError:  # a NUL character in the name
        raise _impossible_name(Path(path)) from None
    if stat.S_ISDIR(mode):
        raise PetitionDeskError(
            N_("%(path)s is a folder. Give the name of a file to write, for example %(example)s."),
            path=str(path), example=str(Path(path) / "file"),
        )
    if not stat.S_ISREG(mode):
        raise PetitionDeskError(
            N_("%(path)s is not an ordinary file (it is a device, a pipe or a socket). Give the name of a file "
               "in a folder."), path=str(path),
        )


def write_bytes_atomic(path: Path, data: bytes, durable: bool = True) -> None:
    with atomic_write(path, "wb", durable=durable) as fh:
        fh.write(data)


def write_text_atomic(path: Path, text: str) -> None:
    with atomic_write(path, "w", encoding="utf-8") as fh:
        fh.write(text)


_TOML_POS = re.compile(r"\(at line (\d+), column (\d+)\)")


_MISSING = N_("The file %(path)s does not exist. Check the name and folder.")


def read_bytes(path: Path, unreadable: str = N_("The file %(path)s cannot be read (%(reason)s)."),
               missing: str | None = _MISSING, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of ``path``; a missing, unreadable, special or too large file is a PetitionDeskError.

    ``unreadable`` is the message for a file that cannot be read, with the
    placeholders ``path`` and ``reason``; ``missing`` the one for a file that
    does not exist (placeholder ``path``), or None to say ``unreadable`` then too.
    A folder, a pipe or a device (/dev/zero) is refused, and so is a file
    larger than ``limit`` bytes, before anything is read.
    """
    path = Path(path)
    try:
        # O_NONBLOCK: opening a pipe must not wait for a writer; it is refused just below.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError as exc:
        if missing is None:
            raise PetitionDeskError(unreadable, path=str(path), reason=exc.strerror or str(exc)) from exc
        raise PetitionDeskError(missing, path=str(path)) from exc
    except IsADirectoryError:  # Windows cannot open a folder at all
        raise _not_a_file(path) from None
    except ValueError:  # a NUL character in the name
        raise _impossible_name(path) from None
    except OSError as exc:
        raise PetitionDeskError(unreadable, path=str(path), reason=exc.strerror or str(exc)) from exc
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise _not_a_file(path)
        if info.st_size > limit:
            raise _too_large(path, limit)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    with os.fdopen(fd, "rb") as fh:
        try:
            data = fh.read(limit + 1)  # a file that grows while it is read is still bounded
        except OSError as exc:
            raise PetitionDeskError(unreadable, path=str(path), reason=exc.strerror or str(exc)) from exc
    if len(data) > limit:
        raise _too_large(path, limit)
    return data


def check_readable_file(path: Path, limit: int = MAX_FILE_BYTES) -> os.stat_result:
    """The status of ``path`` if it is an ordinary file of at most ``limit`` bytes, for readers that open it themselves."""
    try:
        info = os.stat(path)
    except OSError as exc:
        raise PetitionDeskError(N_("The file %(path)s cannot be read (%(reason)s)."),
                                path=str(path), reason=exc.strerror or str(exc)) from exc
    except ValueError:  # a NUL character in the name
        raise _impossible_name(Path(path)) from None
    if not stat.S_ISREG(info.st_mode):
        raise _not_a_file(Path(path))
    if info.st_size > limit:
        raise _too_large(Path(path), limit)
    return info


def _impossible_name(path: Path) -> PetitionDeskError:
    return PetitionDeskError(
        N_("The file name %(path)s contains a character no file name can hold (a NUL). Type the name again."),
        path=str(path).replace("\x00", "\\0"))


def _not_a_file(path: Path) -> PetitionDeskError:
    if path.is_dir():
        return PetitionDeskError(N_("%(path)s is a folder, not a file. Choose a file inside it."), path=str(path))
    return PetitionDeskError(
        N_("%(path)s is not an ordinary file (it is a device, a pipe or a socket). Choose a file saved on a disk."),
        path=str(path))


def _too_large(path: Path, limit: int) -> PetitionDeskError:
    log.info("refused a file over the limit of %d bytes", limit)
    return PetitionDeskError(
        N_("The file %(path)s is larger than %(limit)d MB, far more than a file of this kind holds. Check that "
           "you chose the right file."), path=str(path), limit=max(1, limit // MB))


def load_structured(path: Path) -> dict[str, Any]:
    """Read a JSON or TOML file (by extension) into a dict.

    Syntax errors become one sentence naming the file, line and column.
    """
    path = Path(path)
    return parse_structured(read_bytes(path, limit=MAX_STRUCTURED_BYTES), path)


def parse_structured(raw: bytes, path: Path) -> dict[str, Any]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PetitionDeskError(
            N_("The file %(path)s is not UTF-8 text. Save it as UTF-8 and try again."), path=str(path)
        ) from exc
    if path.suffix.lower() == ".toml":
        try:
            data = tomllib.loads(text)
        except RecursionError:
            raise _too_deep(path) from None
        except tomllib.TOMLDecodeError as exc:
            match = _TOML_POS.search(str(exc))
            line, column = (int(match.group(1)), int(match.group(2))) if match else (0, 0)
            reason = _TOML_POS.sub("", str(exc)).strip()
            raise PetitionDeskError(
                N_("The file %(path)s is not valid TOML at line %(line)d, column %(column)d: %(reason)s."),
                path=str(path),
                line=line,
                column=column,
                reason=reason,
            ) from exc
    else:
        try:
            data = parse_json(text, path)
        except json.JSONDecodeError as exc:
            raise PetitionDeskError(
                N_("The file %(path)s is not valid JSON at line %(line)d, column %(column)d: %(reason)s."),
                path=str(path),
                line=exc.lineno,
                column=exc.colno,
                reason=exc.msg,
            ) from exc
    check_depth(data, path)
    if not isinstance(data, dict):
        raise PetitionDeskError(N_("The file %(path)s must contain an object (a set of named fields)."), path=str(path))
    return data


def parse_json(text: str, path: Path | str) -> Any:
    """JSON text as Python values, refused with one sentence when nested deeper than :data:`MAX_DEPTH`.

    Raises ValueError (json.JSONDecodeError) for text that is not JSON, so
    callers word their own message.
    """
    try:
        data = json.loads(text)
    except RecursionError:
        raise _too_deep(path) from None
    except json.JSONDecodeError:
        raise
    except ValueError:  # an integer of thousands of digits (Python refuses to convert it)
        raise PetitionDeskError(
            N_("The file %(path)s holds a number thousands of digits long, which no Petition Desk file does. "
               "Check that you chose the right file."), path=str(path)) from None
    check_depth(data, path)
    return data


def check_depth(value: Any, path: Path | str) -> None:
    """Refuse ``value`` when its lists and objects nest deeper than :data:`MAX_DEPTH` (the value itself is level 1)."""
    if not _within_depth(value, MAX_DEPTH):
        raise _too_deep(path)


def _within_depth(value: Any, levels: int) -> bool:
    """Whether ``value`` nests at most ``levels`` deep; recurses at most ``levels`` calls, so never too deep itself."""
    children = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
    for child in children:
        if isinstance(child, (dict, list)) and (levels <= 1 or not _within_depth(child, levels - 1)):
            return False
    return True


def _too_deep(path: Path | str) -> PetitionDeskError:
    log.info("refused a file nested deeper than %d levels", MAX_DEPTH)
    return PetitionDeskError(
        N_("The file %(path)s nests lists or objects more than %(depth)d levels deep, which no Petition Desk file "
           "does. Check that you chose the right file."), path=str(path), depth=MAX_DEPTH)


def dump_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
