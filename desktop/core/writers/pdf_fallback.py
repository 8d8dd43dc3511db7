"""Every character in the PDF drawn by a font that has it.

Text is split into runs by the font that covers each character: the shipped
Noto Serif where it can, otherwise the first fallback family of
:mod:`desktop.core.glyphs` (registered with reportlab on first use, with its
bold and italic faces where installed, so ``<b>`` and ``<i>`` still work).
Default-ignorable characters (joiners, variation selectors, bidi marks) are
dropped rather than printed as a stray box. A character no font has is left
to the shipped font, which prints its "missing" box; ``check`` and the
export warn about it before anything is written.

Arabic and Hebrew: Arabic letters are joined into their contextual forms
(arabic-reshaper) and right-to-left runs are put in visual order
(python-bidi), line by line, because reportlab neither shapes nor reorders
text by itself. A right-to-left paragraph long enough to wrap is reordered
as one line before reportlab wraps it, so its lines are read bottom-up; short
texts (names, addresses, a sentence) read correctly.
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from desktop.core import glyphs
from desktop.core.fonts import register_fonts

log = logging.getLogger(__name__)

_lock = threading.RLock()
_keys: dict[str, str | None] = {}  # fallback family -> reportlab family name (None: unusable)
_primary: frozenset[str] | None = None

_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\U00010800-\U00010fff\U0001e800-\U0001efff]")
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff]")


def primary_chars() -> frozenset[str]:
    """Characters all four shipped faces draw, from reportlab's own tables (free once the fonts are registered).

    Default-ignorable characters are left out, so that they take the slow
    path and are dropped.
    """
    global _primary
    if _primary is None:
        family = register_fonts()
        common: set[int] | None = None
        for name in (family.regular, family.bold, family.italic, family.bold_italic):
            codes = set(pdfmetrics.getFont(name).face.charToGlyph)
            common = codes if common is None else common & codes
        chars = {chr(cp) for cp in common or ()}
        _primary = frozenset(ch for ch in chars if ch == "\u00ad" or not glyphs.is_default_ignorable(ch))
    return _primary


def _catalog() -> glyphs.FontCatalog:
    return glyphs.catalog(primary_chars())


def _register(family: glyphs.FallbackFamily) -> str | None:
    """reportlab's name for ``family`` (registering its faces on first use), or None if it cannot be used."""
    with _lock:
        if family.family in _keys:
            return _keys[family.family]
        key = f"PDFallback{len(_keys) + 1}"
        names: dict[str, str] = {}
        try:
            for style, (path, index) in family.faces.items():
                name = f"{key}-{style}"
                pdfmetrics.registerFont(TTFont(name, path, subfontIndex=index))
                names[style] = name
        except (TTFError, OSError, ValueError, KeyError) as exc:
            log.warning("a fallback font cannot be embedded (%s); trying the next one", type(exc).__name__)
            if "regular" not in names:
                _keys[family.family] = None
                return None
        regular = names["regular"]
        pdfmetrics.registerFontFamily(
            key,
            normal=regular,
            bold=names.get("bold", regular),
            italic=names.get("italic", regular),
            boldItalic=names.get("bold_italic", names.get("bold", regular)),
        )
        # The family name itself selects the regular face in <font face="…">.
        pdfmetrics.registerFontFamily(
            regular,
            normal=regular,
            bold=names.get("bold", regular),
            italic=names.get("italic", regular),
            boldItalic=names.get("bold_italic", names.get("bold", regular)),
        )
        _keys[family.family] = regular
        return regular


def _font_key(ch: str, catalog: glyphs.FontCatalog) -> str | None:
    """The registered regular face of the fallback that draws ``ch``; None: the shipped font."""
    while True:
        family = catalog.fallback_for(ch)
        if family is None:
            return None
        key = _register(family)
        if key is not None:
            return key
        catalog.forget(family)  # unusable: ask again


def visual_order(text: str) -> str:
    """Right-to-left runs joined and reordered for a writer that draws left to right; other text unchanged."""
    if not _RTL.search(text):
        return text
    try:
        from bidi import get_display
    except ImportError:  # pragma: no cover - a dependency; without it RTL text prints in logical order
        log.warning("python-bidi is not installed; right-to-left text is printed in typing order")
        return text
    lines = text.split("\n")
    if _ARABIC.search(text):
        lines = [_reshape(line) for line in lines]
    return "\n".join(get_display(line) for line in lines)


def _reshape(line: str) -> str:
    try:
        import arabic_reshaper
    except ImportError:  # pragma: no cover - a dependency
        return line
    if not _ARABIC.search(line):
        return line
    reshaped = _reshaper().reshape(line)
    # Presentation forms no font has would print as boxes: keep the letters instead.
    catalog = _catalog()
    if any(ch not in catalog.primary and catalog.fallback_for(ch) is None for ch in set(reshaped) - set(line)):
        return line
    return reshaped


_reshaper_instance = None


def _reshaper():
    global _reshaper_instance
    if _reshaper_instance is None:
        import arabic_reshaper

        # Vowel marks (harakat) are part of the name as typed: keep them.
        _reshaper_instance = arabic_reshaper.ArabicReshaper(configuration={"delete_harakat": False})
    return _reshaper_instance


def segments(text: str) -> list[tuple[str, str | None]]:
    """``text`` as runs of (characters, fallback face or None for the shipped font).

    Default-ignorable characters are dropped; a combining mark stays in the
    font of the letter it belongs to when that font has it.
    """
    primary = primary_chars()
    if primary.issuperset(text):
        return [(text, None)] if text else []
    catalog = _catalog()
    text = visual_order(text)
    runs: list[tuple[str, str | None]] = []
    buf: list[str] = []
    current: str | None = None
    for ch in text:
        if ch == "\n":
            key = None
        elif current is not None and unicodedata.category(ch).startswith("M") and _covers(current, ch):
            key = current
        elif ch in primary:
            key = None
        elif glyphs.is_default_ignorable(ch):
            continue
        else:
            key = _font_key(ch, catalog)
        if key != current and buf:
            runs.append(("".join(buf), current))
            buf = []
        current = key
        buf.append(ch)
    if buf:
        runs.append(("".join(buf), current))
    return runs


def _covers(key: str, ch: str) -> bool:
    return ord(ch) in pdfmetrics.getFont(key).face.charToGlyph


def fallback_markup(text: str) -> str:
    """Cleaned plain text as reportlab paragraph markup, with a ``<font>`` tag around every fallback run."""
    parts = []
    for chunk, key in segments(text):
        piece = escape(chunk).replace("\n", "<br/>")
        parts.append(f'<font face="{key}">{piece}</font>' if key else piece)
    return "".join(parts)


def face_of(key: str | None, font: str) -> str:
    """The face of fallback ``key`` matching the style of the shipped face ``font`` (regular, bold …)."""
    if key is None:
        return font
    from reportlab.lib.fonts import ps2tt, tt2ps

    _family, bold, italic = ps2tt(font)
    return tt2ps(key, bold, italic)


def string_width(text: str, font: str, size: float) -> float:
    return sum(pdfmetrics.stringWidth(chunk, face_of(key, font), size) for chunk, key in segments(text))


def draw_string(canv, x: float, y: float, text: str, font: str, size: float, anchor: str = "left") -> None:
    """Draw one line with the canvas, each run in its font; ``anchor`` left, centre or right of ``x``."""
    runs = [(chunk, face_of(key, font)) for chunk, key in segments(text)]
    width = sum(pdfmetrics.stringWidth(chunk, face, size) for chunk, face in runs)
    if anchor == "right":
        x -= width
    elif anchor == "centre":
        x -= width / 2
    for chunk, face in runs:
        canv.setFont(face, size)
        canv.drawString(x, y, chunk)
        x += pdfmetrics.stringWidth(chunk, face, size)


# -- text extraction of characters beyond U+FFFF --------------------------------------------

def _to_unicode_cmap(fontname, subset):
    """reportlab's ToUnicode CMap, with characters beyond U+FFFF written as UTF-16 surrogate pairs.

    reportlab 4/5 writes them as five hex digits (``<1F600>``), which readers
    take for a different character: copying an emoji or a rare CJK ideograph
    out of the PDF, or searching for it, would then fail.
    """
    def utf16(code: int) -> str:
        return chr(code).encode("utf-16-be", "surrogatepass").hex().upper() if code > 0xFFFF else "%04X" % code

    return "\n".join([
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo",
        "<< /Registry (%s)" % fontname,
        "/Ordering (%s)" % fontname,
        "/Supplement 0",
        ">> def",
        "/CMapName /%s def" % fontname,
        "/CMapType 2 def",
        "1 begincodespacerange",
        "<00> <%02X>" % (len(subset) - 1),
        "endcodespacerange",
        "%d beginbfchar" % len(subset),
        *("<%02X> <%s>" % (i, utf16(v)) for i, v in enumerate(subset)),
        "endbfchar",
        "endcmap",
        "CMapName currentdict /CMap defineresource pop",
        "end",
        "end",
    ])


def fix_to_unicode() -> None:
    """Make reportlab write correct ToUnicode entries for characters beyond U+FFFF (idempotent)."""
    from reportlab.pdfbase import ttfonts

    ttfonts.makeToUnicodeCMap = _to_unicode_cmap
