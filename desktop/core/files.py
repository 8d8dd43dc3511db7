"""Reading and writing the app's files safely.

Every write goes to a temporary file in the destination folder and is then
renamed over the target, so a crash, a full disk or a cancelled export never
leaves a half-written file behind.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
import tomllib
from pathlib import Path
from typing import IO, Any, Iterator

from desktop.core.errors import N_, PetitionDeskError


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
        os.replace(tmp, path)
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


def write_bytes_atomic(path: Path, data: bytes, durable: bool = True) -> None:
    with atomic_write(path, "wb", durable=durable) as fh:
        fh.write(data)


def write_text_atomic(path: Path, text: str) -> None:
    with atomic_write(path, "w", encoding="utf-8") as fh:
        fh.write(text)


_TOML_POS = re.compile(r"\(at line (\d+), column (\d+)\)")


_MISSING = N_("The file %(path)s does not exist. Check the name and folder.")


def read_bytes(path: Path, unreadable: str = N_("The file %(path)s cannot be read (%(reason)s)."),
               missing: str | None = _MISSING) -> bytes:
    """The bytes of ``path``; a missing or unreadable file is a PetitionDeskError.

    ``unreadable`` is the message for a file that cannot be read, with the
    placeholders ``path`` and ``reason``; ``missing`` the one for a file that
    does not exist (placeholder ``path``), or None to say ``unreadable`` then too.
    """
    try:
        return Path(path).read_bytes()
    except FileNotFoundError as exc:
        if missing is None:
            raise PetitionDeskError(unreadable, path=str(path), reason=exc.strerror or str(exc)) from exc
        raise PetitionDeskError(missing, path=str(path)) from exc
    except OSError as exc:
        raise PetitionDeskError(unreadable, path=str(path), reason=exc.strerror or str(exc)) from exc


def load_structured(path: Path) -> dict[str, Any]:
    """Read a JSON or TOML file (by extension) into a dict.

    Syntax errors become one sentence naming the file, line and column.
    """
    path = Path(path)
    return parse_structured(read_bytes(path), path)


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
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise PetitionDeskError(
                N_("The file %(path)s is not valid JSON at line %(line)d, column %(column)d: %(reason)s."),
                path=str(path),
                line=exc.lineno,
                column=exc.colno,
                reason=exc.msg,
            ) from exc
    if not isinstance(data, dict):
        raise PetitionDeskError(N_("The file %(path)s must contain an object (a set of named fields)."), path=str(path))
    return data


def dump_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
