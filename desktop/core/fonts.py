"""The fonts PDF exports embed, registered once per process with reportlab.

reportlab's built-in base fonts (Helvetica, Times) have no Cyrillic or Greek
glyphs, so letters in Russian would print as black boxes. We ship Noto Serif
(see ``assets/fonts/README.md``) and register its four faces as one family,
so ``<b>`` and ``<i>`` in paragraph markup select the right face.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from desktop.core.errors import N_, PetitionDeskError
from desktop.core.resources import fonts_dir


@dataclass(frozen=True)
class FontFamily:
    """reportlab names of the four registered faces of one family."""

    regular: str
    bold: str
    italic: str
    bold_italic: str

    def face(self, bold: bool = False, italic: bool = False) -> str:
        if bold and italic:
            return self.bold_italic
        if bold:
            return self.bold
        if italic:
            return self.italic
        return self.regular


SERIF = FontFamily(
    regular="PDSerif",
    bold="PDSerif-Bold",
    italic="PDSerif-Italic",
    bold_italic="PDSerif-BoldItalic",
)

_SERIF_FILES = {
    SERIF.regular: "NotoSerif-Regular.ttf",
    SERIF.bold: "NotoSerif-Bold.ttf",
    SERIF.italic: "NotoSerif-Italic.ttf",
    SERIF.bold_italic: "NotoSerif-BoldItalic.ttf",
}

_lock = threading.Lock()
_registered: FontFamily | None = None


def font_files() -> dict[str, Path]:
    """Registered face name -> the TTF file it is loaded from."""
    folder = fonts_dir()
    return {name: folder / filename for name, filename in _SERIF_FILES.items()}


def register_fonts() -> FontFamily:
    """Register the shipped serif family with reportlab (once) and return its names.

    Parsing four TTF files costs tens of milliseconds, so the result is
    cached for the life of the process; later calls are a variable read.
    """
    global _registered
    if _registered is not None:
        return _registered
    with _lock:
        if _registered is None:
            _registered = _register_serif()
    return _registered


def _register_serif() -> FontFamily:
    # Imported here so that modules which only need the names stay light.
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    for name, path in font_files().items():
        if not path.is_file():
            raise PetitionDeskError(
                N_("The font file %(path)s is missing. Reinstall Petition Desk to restore it."), path=str(path)
            )
        try:
            pdfmetrics.registerFont(TTFont(name, str(path)))
        except (TTFError, OSError) as exc:
            raise PetitionDeskError(
                N_("The font file %(path)s cannot be used (%(reason)s). Reinstall Petition Desk to restore it."),
                path=str(path),
                reason=str(exc),
            ) from exc
    pdfmetrics.registerFontFamily(
        SERIF.regular, normal=SERIF.regular, bold=SERIF.bold, italic=SERIF.italic, boldItalic=SERIF.bold_italic
    )
    return SERIF
