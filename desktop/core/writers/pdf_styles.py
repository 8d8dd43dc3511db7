"""Text and paragraph styles shared by the PDF modules.

Plain text becomes reportlab paragraph markup here (escaped, line breaks
kept, illegal characters dropped), and every role of the document model gets
its paragraph style, built once per process.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

from desktop.core import document as model
from desktop.core.fonts import register_fonts
from desktop.core.text import strip_illegal, unify_line_ends
from desktop.core.writers.pdf_fallback import fallback_markup, primary_chars

GREY = colors.Color(0.35, 0.35, 0.35)
RULE = colors.Color(0.6, 0.6, 0.6)
FURNITURE_SIZE = 8.5

# --- text -----------------------------------------------------------------


def _clean(text: str) -> str:
    # reportlab's paragraph parser is XML; tabs print as spaces. reportlab breaks lines wherever
    # str.split() sees a space, and that includes the narrow no-break space (U+202F) of French
    # punctuation and of grouped digits ("1 250"): it becomes a no-break space, which reportlab keeps.
    return strip_illegal(unify_line_ends(text).replace("\t", " ").replace("\u202f", "\u00a0"), for_print=True)


def one_line(text: str) -> str:
    return " ".join(_clean(text).split())


def markup(text: str) -> str:
    """Plain text as reportlab paragraph markup: escaped, line breaks kept.

    Characters the shipped font lacks get a fallback font (see ``pdf_fallback``).
    """
    text = _clean(text)
    if primary_chars().issuperset(text):
        return escape(text).replace("\n", "<br/>")
    return fallback_markup(text)


def runs_markup(runs: Iterable[model.Run]) -> str:
    parts = []
    for run in runs:
        piece = markup(run.text)
        if not piece:
            continue
        if run.italic:
            piece = f"<i>{piece}</i>"
        if run.bold:
            piece = f"<b>{piece}</b>"
        parts.append(piece)
    return "".join(parts)


# --- styles (built once per process) ---------------------------------------

_ALIGN = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT, "justify": TA_JUSTIFY}


@functools.cache
def base_styles() -> dict[str, ParagraphStyle]:
    fonts = register_fonts()
    body = ParagraphStyle(
        "body", fontName=fonts.regular, fontSize=11, leading=15.2, spaceAfter=7, splitLongWords=1, allowWidows=0,
        allowOrphans=0,  # widow and orphan control: no paragraph's single line alone at a page's foot or top
    )

    def like(name: str, **kw) -> ParagraphStyle:
        return ParagraphStyle(name, parent=body, **kw)

    return {
        "body": body,
        "subject": like("subject", fontName=fonts.bold, spaceBefore=4, spaceAfter=11),
        "salutation": like("salutation", spaceBefore=2, spaceAfter=8),
        "closing": like("closing", spaceBefore=8, spaceAfter=2),
        "date": like("date", spaceAfter=12),
        "sender": like("sender", fontSize=10, leading=13, spaceAfter=1),
        "small": like("small", fontSize=9, leading=12, spaceBefore=4, spaceAfter=4, textColor=GREY),
        "title": like("title", fontName=fonts.bold, fontSize=17, leading=22, spaceBefore=2, spaceAfter=12),
        "label": like("label", fontSize=9, leading=11.5, spaceAfter=4, textColor=GREY),
        "h1": like("h1", fontName=fonts.bold, fontSize=13, leading=17, spaceBefore=10, spaceAfter=6),
        "h2": like("h2", fontName=fonts.bold_italic, fontSize=11.5, leading=15, spaceBefore=8, spaceAfter=4),
        "address": like("address", spaceAfter=16),
        "item": like("item", spaceAfter=4, bulletFontName=fonts.regular, bulletFontSize=11),
        "caption": like(
            "caption", fontName=fonts.italic, fontSize=9, leading=12, spaceBefore=3, spaceAfter=12, textColor=GREY
        ),
        "cell": like("cell", fontSize=9.5, leading=12, spaceAfter=0),
        "cell_head": like("cell_head", fontName=fonts.bold, fontSize=9.5, leading=12, spaceAfter=0),
        "signer": like("signer", spaceBefore=1, spaceAfter=0),
        "signer_line": like("signer_line", fontSize=9.5, leading=12.5, spaceAfter=0, textColor=GREY),
        "letterhead": like(
            "letterhead", fontSize=FURNITURE_SIZE, leading=11, spaceAfter=0, alignment=TA_RIGHT, textColor=GREY
        ),
        "letterhead_first": like(
            "letterhead_first", fontName=fonts.bold, fontSize=10.5, leading=13.5, spaceAfter=0, alignment=TA_RIGHT
        ),
    }


_ROLE_DEFAULT_ALIGN = {"title": "center", "caption": "center"}


@functools.lru_cache(maxsize=256)
def paragraph_style(role: str, align: str = "left") -> ParagraphStyle:
    """The style of ``role``; ``align`` other than the model's default "left" overrides the role's own."""
    styles = base_styles()
    base = styles.get(role, styles["body"])
    wanted = _ROLE_DEFAULT_ALIGN.get(role, "left") if align == "left" else align
    if _ALIGN.get(wanted, TA_LEFT) == base.alignment:
        return base
    return ParagraphStyle(f"{base.name}-{wanted}", parent=base, alignment=_ALIGN.get(wanted, TA_LEFT))


@functools.cache
def list_item_style(indent: float, column: float) -> ParagraphStyle:
    """Items whose labels start ``indent`` from the margin, their text ``column`` further in."""
    return ParagraphStyle(
        f"item-{indent:.1f}-{column:.1f}",
        parent=base_styles()["item"],
        leftIndent=indent + column,
        bulletIndent=indent,
    )


# -- paragraphs laid out once ----------------------------------------------------------
#
# In a mail merge most paragraphs are the same in every letter of a language:
# the body, the closing, the signatures. reportlab parses each paragraph's
# markup into fragments and breaks them into lines; both depend only on the
# text, the style and the width, so they are kept and reused. The output is
# byte for byte what a fresh parse gives (a test compares the two roads).

_PARSED_LIMIT = 4096  # fragments of this many distinct paragraphs per process
_parsed: dict[tuple, tuple] = {}


def reusing(paragraph_class: type) -> Callable[..., Any]:
    """A maker of ``paragraph_class`` paragraphs that parses and breaks each distinct markup once per process."""
    return _maker(_reusing_class(paragraph_class))


@functools.cache
def _reusing_class(paragraph_class: type) -> type:
    class Reused(paragraph_class):  # type: ignore[misc, valid-type]
        """Keeps the lines a width gives, shared by every paragraph of the same markup and style."""

        _pd_lines: dict | None = None

        def breakLines(self, width):  # noqa: N802 - reportlab's name
            cache = self._pd_lines
            if cache is None:  # a piece reportlab split off: its own lines
                return super().breakLines(width)
            key = tuple(width) if isinstance(width, list) else width
            lines = cache.get(key)
            if lines is None:
                lines = cache[key] = super().breakLines(width)
            return lines

    Reused.__name__ = Reused.__qualname__ = f"Reused{paragraph_class.__name__}"
    return Reused


def _maker(paragraph_class: type) -> Callable[..., Any]:
    from reportlab.platypus.paragraph import ParaParser, cleanBlockQuotedText, textTransformFrags

    def make(text: str, style: ParagraphStyle, bulletText: Any = None) -> Any:
        key = (paragraph_class, text, id(style), style.name, bulletText)
        found = _parsed.get(key)
        if found is None:
            parser = ParaParser()
            parser.caseSensitive = 1
            parsed_style, frags, bullet_frags = parser.parse(cleanBlockQuotedText(text), style)
            if frags is None:  # let reportlab raise its own error, as the uncached road does
                return paragraph_class(text, style, bulletText=bulletText)
            textTransformFrags(frags, parsed_style)
            if len(_parsed) >= _PARSED_LIMIT:
                _parsed.clear()
            found = _parsed[key] = (parsed_style, frags,
                                    bullet_frags or bulletText or getattr(style, "bulletText", None), {})
        parsed_style, frags, bullet, lines = found
        made = paragraph_class(text, parsed_style, bulletText=bullet, frags=list(frags))
        made._pd_lines = lines
        return made

    return make
