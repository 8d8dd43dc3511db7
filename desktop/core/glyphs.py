"""Which font draws each character, and which characters no font can draw.

The shipped Noto Serif covers Latin, Cyrillic and Greek. Everything else a
volunteer may type — a Japanese name, an Arabic address, an emoji — is drawn
with a *fallback* font: one shipped with the app or installed on the system
(found with fontconfig's ``fc-list`` on Linux, in the standard font folders
on Windows and macOS). reportlab can only embed TrueType outlines, so fonts
with CFF outlines (most ``.otf`` files) and colour-bitmap emoji fonts are
skipped.

The coverage of every font (its cmap, as ranges of code points) is read once
per process: fontconfig already knows it on Linux; elsewhere it is read with
fontTools and kept in a cache file keyed by each font file's size and
modification time, so later runs do not open hundreds of fonts again. A
character's font is looked up once and remembered.

:func:`draft_missing_glyphs` lists the fields of a draft whose text holds
characters no available font covers; ``check`` reports them as problems and
an export refuses to run unless the user accepts them.

Qt-free, and reportlab-free: the PDF writer registers the fonts found here
(:mod:`desktop.core.writers.pdf_fallback`).
"""

from __future__ import annotations

import bisect
import dataclasses
import json
import logging
import os
import shutil
import struct
import subprocess
import sys
import threading
import time
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.core.errors import N_, PetitionDeskError, Problem
from desktop.core.text import strip_illegal

if TYPE_CHECKING:
    from desktop.core.draft import Draft

log = logging.getLogger(__name__)

# -- characters that are never drawn ----------------------------------------------

# Unicode's Default_Ignorable_Code_Point (DerivedCoreProperties.txt): joiners,
# variation selectors, bidi marks, tags. Printed through a font without
# shaping, they come out as a stray box or nothing at all; the PDF drops them.
# The soft hyphen (U+00AD) is left to reportlab, which knows what to do with it.
_DEFAULT_IGNORABLE = (
    (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160), (0x17B4, 0x17B5), (0x180B, 0x180F),
    (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x206F), (0x3164, 0x3164), (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF), (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8), (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
)
_DI_STARTS = [a for a, _ in _DEFAULT_IGNORABLE]


def is_default_ignorable(ch: str) -> bool:
    cp = ord(ch)
    i = bisect.bisect_right(_DI_STARTS, cp) - 1
    return i >= 0 and cp <= _DEFAULT_IGNORABLE[i][1]


def _never_printed(ch: str) -> bool:
    """Characters no font needs to draw: spaces, line ends, controls, ignorables."""
    return ch.isspace() or unicodedata.category(ch) in ("Cc", "Cs") or is_default_ignorable(ch)


# -- fonts and their coverage ---------------------------------------------------------

STYLES = ("regular", "bold", "italic", "bold_italic")

# Families tried first, in this order (by prefix of the family name): serif
# faces that sit well beside Noto Serif, then sans, then the catch-all CJK
# and symbol fonts. Families not named here come between the two groups.
_PREFERRED = (
    "Noto Serif", "Noto Naskh Arabic", "Noto Sans", "DejaVu Serif", "DejaVu Sans", "Liberation Serif",
    "Times New Roman", "Georgia", "Arial", "Segoe UI", "Tahoma", "Arial Unicode",
)
_LAST = (
    "MS Mincho", "MS Gothic", "Yu Mincho", "SimSun", "MingLiU", "Batang", "Gulim", "Malgun Gothic",
    "Droid Sans Fallback", "WenQuanYi", "Symbola", "Segoe UI Symbol", "Segoe UI Emoji", "Apple Symbols",
)


@dataclass
class FallbackFamily:
    """One installed font family a character can fall back to."""

    family: str
    faces: dict[str, tuple[str, int]]  # style -> (file, index in a collection); "regular" always there
    starts: list[int] = field(default_factory=list)  # coverage of the regular face as sorted ranges
    ends: list[int] = field(default_factory=list)

    def covers(self, cp: int) -> bool:
        i = bisect.bisect_right(self.starts, cp) - 1
        return i >= 0 and cp <= self.ends[i]


def _rank(family: str) -> tuple[int, str]:
    for i, prefix in enumerate(_PREFERRED):
        if family.startswith(prefix):
            return (i, family)
    for i, prefix in enumerate(_LAST):
        if family.startswith(prefix):
            return (100 + i, family)
    return (50, family)


_STYLE_NAMES = {
    "regular": "regular", "book": "regular", "normal": "regular", "roman": "regular", "medium": None,
    "bold": "bold", "italic": "italic", "oblique": "italic",
    "bold italic": "bold_italic", "bold oblique": "bold_italic", "italic bold": "bold_italic",
}


def _style(name: str) -> str | None:
    """Our face name for a font's style name, or None for the weights and widths we do not use."""
    return _STYLE_NAMES.get(" ".join(name.lower().split()))


def truetype_outlines(path: str | Path, index: int = 0) -> bool:
    """True if the font (or the ``index``-th font of a collection) has TrueType outlines reportlab can embed.

    CFF-flavoured OpenType (``OTTO``) and colour-bitmap fonts (CBDT, sbix: the
    emoji fonts) are refused; they would print nothing.
    """
    try:
        with open(path, "rb") as fh:
            head = fh.read(12)
            offset = 0
            if head[:4] == b"ttcf":
                count = struct.unpack(">I", head[8:12])[0]
                if not 0 <= index < count:
                    return False
                fh.seek(12 + 4 * index)
                offset = struct.unpack(">I", fh.read(4))[0]
                fh.seek(offset)
                head = fh.read(12)
            if head[:4] not in (b"\x00\x01\x00\x00", b"true"):
                return False
            tables = struct.unpack(">H", head[4:6])[0]
            fh.seek(offset + 12)
            directory = fh.read(16 * tables)
    except (OSError, struct.error):
        return False
    tags = {directory[i:i + 4] for i in range(0, len(directory), 16)}
    return b"glyf" in tags and b"cmap" in tags and not tags & {b"CBDT", b"sbix"}


def _ranges(codepoints: Iterable[int]) -> tuple[list[int], list[int]]:
    starts: list[int] = []
    ends: list[int] = []
    for cp in sorted(codepoints):
        if ends and cp == ends[-1] + 1:
            ends[-1] = cp
        elif not ends or cp > ends[-1]:
            starts.append(cp)
            ends.append(cp)
    return starts, ends


# -- discovery: fontconfig on Linux -------------------------------------------------

_FC_FORMAT = "%{file}\\t%{index}\\t%{fontformat}\\t%{family[0]}\\t%{style[0]}\\t%{charset}\\n"


def _fontconfig_fonts() -> list[tuple[str, int, str, str, list[int], list[int]]] | None:
    """(file, index, family, style, starts, ends) of every TrueType font fontconfig knows; None without it."""
    fc_list = shutil.which("fc-list")
    if not fc_list:
        return None
    try:
        out = subprocess.run([fc_list, "--format", _FC_FORMAT], capture_output=True, timeout=30, check=True).stdout
    except (OSError, subprocess.SubprocessError) as exc:
        log.warning("fc-list failed (%s); looking in the font folders instead", type(exc).__name__)
        return None
    fonts = []
    for line in out.decode("utf-8", "replace").splitlines():
        parts = line.split("\t")
        if len(parts) != 6 or parts[2] != "TrueType":
            continue
        path, index, _fmt, family, style, charset = parts
        starts, ends = [], []
        try:
            for item in charset.split():
                a, _, b = item.partition("-")
                starts.append(int(a, 16))
                ends.append(int(b or a, 16))
            fonts.append((path, int(index or 0), family, style, starts, ends))
        except ValueError:
            continue
    return fonts


# -- discovery: the font folders (Windows, macOS, Linux without fontconfig) -----------

def font_folders() -> list[Path]:
    home = Path.home()
    if sys.platform.startswith("win"):
        windir = Path(os.environ.get("WINDIR", r"C:\Windows"))
        local = Path(os.environ.get("LOCALAPPDATA", str(home / "AppData" / "Local")))
        return [windir / "Fonts", local / "Microsoft" / "Windows" / "Fonts"]
    if sys.platform == "darwin":
        return [Path("/System/Library/Fonts"), Path("/System/Library/Fonts/Supplemental"), Path("/Library/Fonts"),
                home / "Library" / "Fonts"]
    return [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), home / ".local" / "share" / "fonts",
            home / ".fonts"]


_FONT_SUFFIXES = {".ttf", ".ttc", ".otf"}


def _font_files(folders: Iterable[Path]) -> Iterator[Path]:
    for folder in folders:
        if not folder.is_dir():
            continue
        for root, _dirs, files in os.walk(folder):
            for name in sorted(files):
                if Path(name).suffix.lower() in _FONT_SUFFIXES:
                    yield Path(root) / name


def _read_font(path: Path) -> list[dict[str, Any]]:
    """Family, style and coverage of every TrueType-outline font in ``path``."""
    from fontTools.ttLib import TTCollection, TTFont, TTLibError

    found = []
    try:
        with open(path, "rb") as fh:
            collection = fh.read(4) == b"ttcf"
        count = len(TTCollection(str(path), lazy=True).fonts) if collection else 1
        for index in range(count):
            if not truetype_outlines(path, index):
                continue
            font = TTFont(str(path), fontNumber=index, lazy=True)
            name = font["name"]
            family = str(name.getBestFamilyName() or "")
            style = str(name.getBestSubFamilyName() or "")
            cmap = font.getBestCmap() or {}
            starts, ends = _ranges(cmap)
            found.append({"index": index, "family": family, "style": style, "ranges": [starts, ends]})
            font.close()
    except (OSError, TTLibError, KeyError, struct.error, AssertionError, ValueError) as exc:
        log.info("skipping an unreadable font file (%s)", type(exc).__name__)
    return found


def _cache_file() -> Path:
    import platformdirs

    return Path(platformdirs.user_cache_dir("petition-desk", appauthor=False)) / "font-coverage.json"


def _scanned_fonts(folders: Iterable[Path], cache_path: Path | None) -> list[tuple[str, int, str, str, list[int], list[int]]]:
    """The fonts in ``folders``, read with fontTools; coverage cached by file size and modification time."""
    cache: dict[str, Any] = {}
    if cache_path is not None:
        try:
            cache = json.loads(cache_path.read_text("utf-8"))
            if not isinstance(cache, dict):
                cache = {}
        except (OSError, ValueError):
            cache = {}
    fresh: dict[str, Any] = {}
    fonts = []
    for path in _font_files(folders):
        try:
            stat = path.stat()
        except OSError:
            continue
        key = f"{path}|{stat.st_size}|{stat.st_mtime_ns}"
        entries = cache.get(key)
        if not isinstance(entries, list):
            entries = _read_font(path)
        fresh[key] = entries
        for entry in entries:
            try:
                starts, ends = entry["ranges"]
                fonts.append((str(path), int(entry["index"]), str(entry["family"]), str(entry["style"]),
                              list(starts), list(ends)))
            except (KeyError, TypeError, ValueError):
                continue
    if cache_path is not None and fresh != cache:
        from desktop.core.files import write_text_atomic

        try:
            cache_path.parent.mkdir(parents=True, exist_ok=True)
            write_text_atomic(cache_path, json.dumps(fresh, separators=(",", ":")))
        except (OSError, PetitionDeskError) as exc:  # only a cache: the next run reads the fonts again
            log.info("font coverage cache not written (%s)", type(exc).__name__)
    return fonts


# -- the fallback families ----------------------------------------------------------------

def _families(fonts: Iterable[tuple[str, int, str, str, list[int], list[int]]]) -> list[FallbackFamily]:
    by_family: dict[str, FallbackFamily] = {}
    for path, index, family, style_name, starts, ends in fonts:
        style = _style(style_name)
        if not family or style is None:
            continue
        if not path.lower().endswith((".ttf", ".ttc", ".otf")):
            continue
        entry = by_family.setdefault(family, FallbackFamily(family, {}))
        if style in entry.faces:
            continue  # the same face installed twice: the first one found
        if style == "regular":
            if not truetype_outlines(path, index):
                continue
            entry.starts, entry.ends = starts, ends
        entry.faces[style] = (path, index)
    families = [f for f in by_family.values() if "regular" in f.faces and f.starts]
    # A bold or italic face is used only if it too has TrueType outlines.
    for f in families:
        for style in ("bold", "italic", "bold_italic"):
            if style in f.faces and not truetype_outlines(*f.faces[style]):
                del f.faces[style]
    families.sort(key=lambda f: _rank(f.family))
    return families


class FontCatalog:
    """The shipped font's coverage plus the fallback families, with a per-character cache."""

    def __init__(self, primary: frozenset[str], fallbacks: list[FallbackFamily] | None = None) -> None:
        self.primary = primary
        self._fallbacks = fallbacks  # None: looked for on first need, so Latin-only work never pays for it
        self._cache: dict[str, FallbackFamily | None] = {}

    @property
    def fallbacks(self) -> list[FallbackFamily]:
        if self._fallbacks is None:
            with _lock:
                if self._fallbacks is None:
                    self._fallbacks = system_fallbacks()
        return self._fallbacks

    def forget(self, family: FallbackFamily) -> None:
        """Stop using ``family`` (it turned out not to load)."""
        with _lock:
            if family in self.fallbacks:
                self.fallbacks.remove(family)
            self._cache.clear()

    def fallback_for(self, ch: str) -> FallbackFamily | None:
        """The first fallback family that draws ``ch`` (which the shipped font does not), or None."""
        try:
            return self._cache[ch]
        except KeyError:
            pass
        cp = ord(ch)
        found = next((f for f in self.fallbacks if f.covers(cp)), None)
        self._cache[ch] = found
        return found

    def covered(self, ch: str) -> bool:
        return ch in self.primary or _never_printed(ch) or self.fallback_for(ch) is not None

    def missing(self, text: str) -> list[str]:
        """The characters of ``text`` that no font draws, each once, in order of appearance."""
        if self.primary.issuperset(text):
            return []
        text = strip_illegal(text, for_print=True)
        return [ch for ch in dict.fromkeys(text) if not self.covered(ch)]


def shipped_coverage() -> frozenset[str]:
    """Characters all four shipped faces draw (read with fontTools; the PDF writer uses reportlab's own tables)."""
    from fontTools.ttLib import TTFont

    from desktop.core.fonts import font_files

    common: set[int] | None = None
    for path in font_files().values():
        try:
            font = TTFont(str(path), lazy=True)
            cmap = set(font.getBestCmap() or {})
            font.close()
        except Exception as exc:  # noqa: BLE001 - a broken shipped font is reported by register_fonts
            log.warning("cannot read a shipped font (%s)", type(exc).__name__)
            cmap = set()
        common = cmap if common is None else common & cmap
    return frozenset(chr(cp) for cp in (common or ()))


def system_fallbacks() -> list[FallbackFamily]:
    """The installed fonts that can serve as fallbacks, best first."""
    started = time.perf_counter()
    fonts = None if sys.platform.startswith("win") or sys.platform == "darwin" else _fontconfig_fonts()
    if fonts is None:
        try:
            cache = _cache_file()
        except Exception:  # noqa: BLE001 - no cache folder: scan without one
            cache = None
        fonts = _scanned_fonts(font_folders(), cache)
    families = _families(fonts)
    log.info("found %d fallback font families in %.0f ms", len(families), (time.perf_counter() - started) * 1000)
    return families


_lock = threading.RLock()
_catalog: FontCatalog | None = None


def catalog(primary: frozenset[str] | None = None) -> FontCatalog:
    """The process's font catalog, built on first use (``primary``: the shipped font's characters, if known)."""
    global _catalog
    if _catalog is None:
        with _lock:
            if _catalog is None:
                _catalog = FontCatalog(primary if primary is not None else shipped_coverage())
    return _catalog


def set_catalog(value: FontCatalog | None) -> None:
    """Replace the process's catalog (tests; None: find the fonts again on next use)."""
    global _catalog
    with _lock:
        _catalog = value


# -- the draft check ------------------------------------------------------------------------

# Fields that are never printed (identifiers, codes, file names, private notes).
_NOT_PRINTED = {
    "id", "kind", "gender", "country", "language", "qualifier", "url", "verify", "paper", "template",
    "fallback_language", "path", "signature_image", "image", "export", "clock", "edited", "changed",
}

MISSING_GLYPHS = N_("%(characters)s cannot be printed in the PDF: no font on this computer has these characters; "
                    "install a font that covers them, or accept that they print as boxes")


def _texts(value: Any, path: str) -> Iterator[tuple[str, str]]:
    """(field path, text) of every string inside ``value``, named the way ``check`` names fields."""
    if isinstance(value, str):
        yield path, value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            if f.name in _NOT_PRINTED:
                continue
            child = f"{path}.{f.name}" if path else f.name
            if f.name == "note" and path.startswith("recipients["):
                continue  # the user's own note about an addressee, never printed
            yield from _texts(getattr(value, f.name), child)
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from _texts(item, f"{path}[{i}]")
    elif isinstance(value, dict):
        # Localized texts ({"ru": …, "en": …}) and the template's settings.
        for key, item in value.items():
            if isinstance(item, str):
                yield path if _is_language(key) or key == "" else f"{path}.{key}", item
            else:
                yield from _texts(item, f"{path}.{key}")


def _is_language(key: Any) -> bool:
    return isinstance(key, str) and 2 <= len(key) <= 3 and key.isalpha() and key.islower()


def _resolution_texts(res: Any) -> Iterator[tuple[str, str]]:
    from desktop.core.resolution.model import KINDS

    for name, text in res.header.items():
        for value in text.values.values():
            yield f"resolution.{name}", value
    for kind in KINDS:
        for number, part in enumerate(res.section(kind), start=1):
            for value in part.text.values.values():
                yield f"resolution.{kind}:{number}", value
            for sub, child in enumerate(part.children, start=1):
                for value in child.text.values.values():
                    yield f"resolution.{kind}:{number}.{sub}", value


def draft_texts(draft: "Draft") -> Iterator[tuple[str, str]]:
    """Every printed text of a draft with its field path (``recipients[2].person``, ``case.people[0].name``)."""
    yield from _texts(draft.title, "title")
    yield from _texts(draft.case, "case")
    yield from _texts(draft.recipients, "recipients")
    yield from _texts(draft.signers, "signers")
    yield from _texts(draft.letter, "letter")
    yield from _texts(draft.options, "options")
    if draft.resolution is not None:
        yield from _resolution_texts(draft.resolution)


def describe(characters: Iterable[str], limit: int = 12) -> str:
    """Characters as people can read and look up: "“山” (U+5C71), “田” (U+7530)"."""
    chars = list(characters)
    shown = ", ".join(f"“{ch}” (U+{ord(ch):04X})" for ch in chars[:limit])
    return shown + (" …" if len(chars) > limit else "")


def draft_missing_glyphs(draft: "Draft", fonts: FontCatalog | None = None) -> list[Problem]:
    """One problem per field whose text holds characters no available font draws."""
    fonts = fonts or catalog()
    found: dict[str, list[str]] = {}
    for where, text in draft_texts(draft):
        missing = fonts.missing(text)
        if missing:
            chars = found.setdefault(where, [])
            chars.extend(ch for ch in missing if ch not in chars)
    return [Problem(where, MISSING_GLYPHS, {"characters": describe(chars)}) for where, chars in found.items()]


def require_glyphs(draft: "Draft") -> None:
    """Refuse to export a draft with characters no font draws (the user may accept them instead)."""
    problems = draft_missing_glyphs(draft)
    if not problems:
        return
    log.info("export refused: %d fields with characters no font draws", len(problems))
    first = problems[0]
    raise PetitionDeskError(
        N_("The field %(field)s has characters that no font on this computer can print: %(characters)s "
           "(fields affected: %(count)d). Install a font that covers them and export again, or accept that they "
           "print as boxes."),
        field=first.where, characters=first.params["characters"], count=len(problems),
    )
