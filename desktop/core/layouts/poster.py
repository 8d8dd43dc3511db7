"""What placards, banners and leaflets share: sheet sizes, fitting large type, the poster texts.

Large type is measured, never guessed: :func:`fit` finds the largest size at
which every line, broken between words, fits the width and all lines
together fit the height, using reportlab's ``stringWidth`` for the shipped
bold face — the font the PDF then embeds. The lines of a text are then
balanced (the same number of lines, as even as possible) so a two-line
demand does not end with one short word.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import Any

from desktop.core import document as model
from desktop.core.errors import N_, PetitionDeskError

MM_PER_PT = 25.4 / 72
# Sheets in millimetres, portrait (width, height).
SHEETS = {
    "A4": (210.0, 297.0),
    "A3": (297.0, 420.0),
    "Letter": (215.9, 279.4),
    "Tabloid": (279.4, 431.8),
}
LINE_GAP = 1.04  # baseline to baseline in large type, in em: tight, as posters are set
DRAWN_LAYOUTS = ("placard", "banner", "leaflet")


def sheet_size(paper: str, orientation: str) -> tuple[float, float]:
    try:
        width, height = SHEETS[paper]
    except KeyError:
        raise PetitionDeskError(N_("The paper size %(paper)s is not supported. Choose one of: %(papers)s."),
                                paper=paper, papers=", ".join(SHEETS)) from None
    return (height, width) if orientation == "landscape" else (width, height)


def bold_face() -> str:
    from desktop.core.fonts import register_fonts

    return register_fonts().bold


def regular_face() -> str:
    from desktop.core.fonts import register_fonts

    return register_fonts().regular


def width_pt(text: str, size: float, face: str | None = None) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return stringWidth(text, face or bold_face(), size)


def ascent_descent(face: str | None = None) -> tuple[float, float]:
    """The face's ascent and descent in em (positive both): what a PDF reader takes as a line's box."""
    from reportlab.pdfbase.pdfmetrics import getAscentDescent

    ascent, descent = getAscentDescent(face or bold_face(), 1000)
    return ascent / 1000, -descent / 1000


def tokens_of(text: str) -> list[tuple[str, str]]:
    """The pieces a line may break between, each with what joins it to the piece before on the same line.

    Lines break at ordinary spaces (never at no-break ones) and after the
    hyphen of a compound name ("Rimskaya-|Korsakova"), the hyphen staying
    at the end of the line.
    """
    out: list[tuple[str, str]] = []
    for word in words_of(text):
        for i, piece in enumerate(re.split(r"(?<=\w-)(?=\w)", word)):
            out.append((piece, "" if i else " "))
    return out


def _join(tokens: list[tuple[str, str]]) -> str:
    return "".join((joiner if i else "") + piece for i, (piece, joiner) in enumerate(tokens))


def wrap(text: str, size: float, width: float, face: str | None = None) -> list[str] | None:
    """``text`` broken greedily at ``size`` into lines of at most ``width`` points; None if a piece is wider."""
    lines: list[list[tuple[str, str]]] = []
    for token in tokens_of(text):
        if width_pt(token[0], size, face) > width:
            return None
        if lines and width_pt(_join([*lines[-1], token]), size, face) <= width:
            lines[-1].append(token)
        else:
            lines.append([token])
    return [_join(line) for line in lines]


def balance(text: str, count: int, face: str | None = None) -> list[str]:
    """``text`` in ``count`` lines whose longest is as short as possible (few pieces: every break is tried)."""
    tokens = tokens_of(text)
    if count <= 1 or len(tokens) <= 1:
        return [_join(tokens)]
    count = min(count, len(tokens))
    if len(tokens) > 14:  # too many breaks to try: the greedy lines at the width that gives this count
        low, high = 1.0, width_pt(text, 1.0, face)
        for _ in range(30):
            middle = (low + high) / 2
            lines = wrap(text, 1.0, middle, face)
            if lines is not None and len(lines) <= count:
                high = middle
            else:
                low = middle
        return wrap(text, 1.0, high, face) or [text]
    best: list[str] = [_join(tokens)]
    best_width = float("inf")
    for cuts in itertools.combinations(range(1, len(tokens)), count - 1):
        bounds = (0, *cuts, len(tokens))
        lines = [_join(tokens[a:b]) for a, b in itertools.pairwise(bounds)]
        # A break at a space is preferred to one after a hyphen: the hyphen's costs 4 % of a line.
        penalty = sum(1 for c in cuts if tokens[c][1] == "") * 0.04
        widest = max(width_pt(line, 1.0, face) for line in lines) * (1 + penalty)
        if widest < best_width - 1e-9:
            best, best_width = lines, widest
    return best


@dataclass
class Fitted:
    size: float  # points
    lines: list[list[str]]  # per text, its lines
    gap: float = 0.0  # extra space between one text and the next, in em

    @property
    def count(self) -> int:
        return sum(len(lines) for lines in self.lines)

    def height(self, face: str | None = None) -> float:
        """The block's height in points, from the top of the first line's box to the bottom of the last's."""
        ascent, descent = ascent_descent(face)
        return self.size * (ascent + descent + (self.count - 1) * LINE_GAP + (len(self.lines) - 1) * self.gap)


def block_height(size: float, count: int, face: str | None = None) -> float:
    ascent, descent = ascent_descent(face)
    return size * (ascent + descent + (count - 1) * LINE_GAP)


def fit(texts: list[str], width: float, height: float, *, largest: float, smallest: float = 4.0,
        max_lines: int = 3, face: str | None = None, gap: float = 0.0) -> Fitted | None:
    """The largest size (≤ ``largest``) at which ``texts``, each in its own lines, fill at most width × height.

    None when even ``smallest`` does not fit. Sizes are searched to a tenth
    of a point; each text is then balanced over the lines it needs. ``gap``:
    extra space between texts (in em), which only a text over several lines
    needs, so that two lines of one name do not read as two names.
    """
    def lines_at(size: float) -> list[list[str]] | None:
        out = []
        for text in texts:
            lines = wrap(text, size, width, face)
            if lines is None or len(lines) > max_lines:
                return None
            out.append(lines)
        spacing = gap if any(len(x) > 1 for x in out) else 0.0
        if block_height(size, sum(len(x) for x in out), face) + size * spacing * (len(out) - 1) > height:
            return None
        return out

    if lines_at(smallest) is None:
        return None
    low, high = smallest, largest
    if lines_at(high) is not None:
        low = high
    while high - low > 0.1:
        middle = (low + high) / 2
        if lines_at(middle) is not None:
            low = middle
        else:
            high = middle
    found = lines_at(low)
    assert found is not None
    balanced = []
    for text, lines in zip(texts, found):
        even = balance(text, len(lines), face)
        ok = len(even) == len(lines) and all(width_pt(line, low, face) <= width for line in even)
        balanced.append(even if ok else lines)
    return Fitted(low, balanced, gap if any(len(x) > 1 for x in balanced) else 0.0)


def draw_block(page: model.DrawnPage, fitted: Fitted, x_mm: float, width_mm: float, top_mm: float,
               height_mm: float, *, grey: float = 0.0, face: str | None = None) -> None:
    """The fitted lines centred across ``width_mm`` and vertically within the band from ``top_mm`` down."""
    ascent, _ = ascent_descent(face)
    used = fitted.height(face) * MM_PER_PT
    baseline = top_mm - (height_mm - used) / 2 - ascent * fitted.size * MM_PER_PT
    step = fitted.size * LINE_GAP * MM_PER_PT
    for lines in fitted.lines:
        for line in lines:
            page.items.append(model.DrawnText(x_mm + width_mm / 2, baseline, line, fitted.size, bold=face is None,
                                              anchor="center", grey=grey))
            baseline -= step
        baseline -= fitted.gap * fitted.size * MM_PER_PT


def phrase(phrases: dict[str, str], key: str, **values: Any) -> str:
    text = phrases.get(key, "")
    return text.format(**values) if values else text


def typeset_line(text: str, language: str) -> str:
    """The project's typography (French spaces, no-break spaces) applied to one poster line."""
    from desktop.core.typography import typeset_text

    return typeset_text(" ".join(words_of(text)), language)


def words_of(text: str) -> list[str]:
    """The words a line may break between: only ordinary spaces part them, never no-break ones."""
    return [word for word in text.replace("\n", " ").replace("\t", " ").split(" ") if word]
