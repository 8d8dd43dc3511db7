"""Placards: the demand and the prisoners' names in the largest type the sheet holds.

The template's text gives the demand for the whole case (its ``@subject``)
and one line per person ("Free Sergei Krivov!", «Свободу Сергею Кривову!»),
each written natively by the template of its language. The layout:

- with one person, or with ``one_per_person``, prints one person's demand
  per placard, as large as it fits;
- with several people, prints the case's demand above the names, one name
  per line (a long name over two lines). When the names would have to be
  smaller than :data:`MIN_NAME_SHARE` of the sheet's short side, they go on
  as many placards as needed, each with the demand and "Names 1–8 of 21";
- with ``second_language``, adds the same demand in that language below,
  smaller, under a rule.

Every size is measured (:mod:`desktop.core.layouts.poster`), so no line
leaves the margins whatever the length of the names.
"""

from __future__ import annotations

import math
from typing import Any

from desktop.core import document as model
from desktop.core.errors import N_, PetitionDeskError
from desktop.core.layouts import poster
from desktop.core.markup import ParsedBody
from desktop.core.recipients import Recipient
from desktop.core.signers import Signer

WANTS_CASE = True  # compose passes the case: the second language's demand is rendered from it
MIN_NAME_SHARE = 0.04  # names no smaller than 4 % of the short side in points (24 pt on A4, 34 pt on A3)
MIN_DEMAND_SHARE = 0.06  # the demand no smaller than this (36 pt on A4)
MARGIN_SHARE = 0.05  # margins: 5 % of the short side, at least 10 mm (home printers do not print to the edge)
NOTE_PT = 9.0


def margin_mm(width: float, height: float) -> float:
    return max(10.0, MARGIN_SHARE * min(width, height))


def _demands(body: ParsedBody) -> tuple[str, list[str]]:
    # Joined on ordinary spaces only: the no-break spaces the template chose ("Frihet åt") stay.
    lines = [" ".join(poster.words_of(b.text)) for b in body.blocks if isinstance(b, model.Paragraph)
             and b.text.strip()]
    return " ".join(poster.words_of(body.subject)), lines


def _other_language(case: Any, recipient: Recipient, signers: list[Signer], language: str,
                    options: Any) -> tuple[str, list[str]]:
    """The demands as the template of ``language`` writes them."""
    from desktop.core.compose import build_context
    from desktop.core.markup import parse
    from desktop.core.sandbox import render_text
    from desktop.core.templates import get_template

    context = build_context(case, recipient, signers, language, options)
    return _demands(parse(render_text(get_template("placard"), language, context)))


def build(document: model.Document, body: ParsedBody, context: dict[str, Any], recipient: Recipient,
          signers: list[Signer], language: str, options: Any, phrases: dict[str, str], case: Any = None) -> None:
    settings = context.get("options") or {}
    width, height = poster.sheet_size(str(settings.get("paper") or "A4"), str(settings.get("orientation")
                                                                                or "portrait"))
    demand, personal = _demands(body)
    own = " ".join(str(settings.get("demand") or "").split())
    if own:
        demand, personal = own, []  # the group's own words replace the template's, on one placard
    second = str(settings.get("second_language") or "none")
    second_demand, second_personal = "", []
    if second not in ("none", language) and case is not None:
        second_demand, second_personal = _other_language(case, recipient, signers, second, options)
    people = context.get("case", {}).get("people", [])
    # Under the template's call for freedom stand only the people held; a person at liberty has a
    # demand of her own (the conviction quashed, the charges dropped) on her own placard.
    detained = context.get("case", {}).get("detained", people)
    shown = detained if detained and not own else people
    if len(shown) == 1 and len(people) > 1 and len(personal) == len(people):
        demand = personal[people.index(shown[0])]
        if len(second_personal) == len(people):
            second_demand = second_personal[people.index(shown[0])]
    names = [" ".join(str(p.get("name", "")).split()) for p in shown]
    names = [n for n in names if n]
    note = phrases.get("historical_example", "") if context.get("case", {}).get("historical_example") else ""

    pages: list[model.DrawnPage] = []
    if personal and (len(personal) == 1 or settings.get("one_per_person")):
        for i, line in enumerate(personal):
            other = second_personal[i] if i < len(second_personal) else second_demand
            pages.append(_page(width, height, language, line, [], other, second, note, ""))
    elif len(names) <= 1 and not own:
        pages.append(_page(width, height, language, demand or (personal[0] if personal else ""), [],
                           second_demand, second, note, ""))
    else:
        groups = _name_groups(width, height, names, bool(second_demand))
        for first, group in groups:
            label = ""
            if len(groups) > 1:
                label = poster.phrase(phrases, "placard_names_part", first=first + 1, last=first + len(group),
                                      count=len(names))
            pages.append(_page(width, height, language, demand, group, second_demand, second, note, label))
    document.drawn = pages
    document.blocks = [model.Paragraph([model.Run(text.text, bold=True)]) for page in pages for text in page.items
                       if isinstance(text, model.DrawnText) and text.size_pt > NOTE_PT]


def _zones(width: float, height: float, names: bool, second: bool, footer: bool):
    """(x, inner width, top and height of the demand, the names, the second language) in mm."""
    margin = margin_mm(width, height)
    inner_w = width - 2 * margin
    top = height - margin
    bottom = margin + (NOTE_PT * 2.2 * poster.MM_PER_PT if footer else 0.0)
    inner_h = top - bottom
    second_h = 0.27 * inner_h if second else 0.0
    gap = 0.05 * inner_h if second else 0.0
    first_h = inner_h - second_h - gap
    demand_h = 0.36 * first_h if names else first_h
    names_gap = 0.05 * first_h if names else 0.0
    names_h = first_h - demand_h - names_gap if names else 0.0
    return {
        "x": margin, "w": inner_w, "bottom": bottom,
        "demand": (top, demand_h),
        "names": (top - demand_h - names_gap, names_h),
        "rule": top - first_h - gap / 2,
        "second": (top - first_h - gap, second_h),
    }


def _pt(mm: float) -> float:
    return mm / poster.MM_PER_PT


def _fit_demand(text: str, width_mm: float, height_mm: float, short_mm: float, largest: float = 1000.0):
    fitted = poster.fit([text], _pt(width_mm), _pt(height_mm), largest=largest, smallest=6.0, max_lines=5)
    if fitted is None:
        raise PetitionDeskError(N_("The placard's demand is too long for the sheet even in small type. Shorten "
                                   "it, or choose a larger sheet."))
    return fitted


def _name_groups(width: float, height: float, names: list[str], two_languages: bool) -> list[tuple[int, list[str]]]:
    """The names split over as few placards as keep them at least at the smallest readable size."""
    zones = _zones(width, height, True, two_languages, True)
    smallest = MIN_NAME_SHARE * _pt(min(width, height))
    names_h = zones["names"][1]
    per_page = len(names)
    while per_page > 1:
        pages = math.ceil(len(names) / per_page)
        size = math.ceil(len(names) / pages)
        groups = [names[i:i + size] for i in range(0, len(names), size)]
        if all(_names_layout(g, zones["w"], names_h, largest=smallest + 1, smallest=smallest) for g in groups):
            break
        per_page -= 1
    pages = math.ceil(len(names) / per_page)
    size = math.ceil(len(names) / pages)
    return [(i, names[i:i + size]) for i in range(0, len(names), size)]


COLUMN_GAP_SHARE = 0.06  # between two columns of names, of the printable width
TWO_COLUMNS_GAIN = 1.15  # two columns only when the names get at least 15 % larger
NAME_GAP = 0.5  # em between names when some name takes two lines
NAMES_SHARE = 0.85  # the names at most this share of the demand's size: the demand stays the largest line


def _names_layout(names: list[str], width_mm: float, height_mm: float, largest: float, smallest: float,
                  readable: float = 0.0):
    """The names in one column, or in two when that makes them clearly larger: [(x offset, width, fitted)].

    A name stays on one line while that keeps it at least ``readable``
    points: in a list, a name over two lines reads as two people.
    """
    if readable:
        single = _names_layout_lines(names, width_mm, height_mm, largest, max(smallest, readable), 1)
        if single is not None:
            return single
    return _names_layout_lines(names, width_mm, height_mm, largest, smallest, 2)


def _names_layout_lines(names: list[str], width_mm: float, height_mm: float, largest: float, smallest: float,
                        max_lines: int):
    one = poster.fit(names, _pt(width_mm), _pt(height_mm), largest=largest, smallest=smallest, max_lines=max_lines,
                     gap=NAME_GAP)
    if len(names) < 4:
        return [(0.0, width_mm, one)] if one else None
    gap = COLUMN_GAP_SHARE * width_mm
    column = (width_mm - gap) / 2
    half = (len(names) + 1) // 2
    halves = (names[:half], names[half:])
    fits = [poster.fit(list(h), _pt(column), _pt(height_mm), largest=largest, smallest=smallest,
                       max_lines=max_lines, gap=NAME_GAP) for h in halves]
    if all(fits):
        size = min(f.size for f in fits)
        if one is None or size >= one.size * TWO_COLUMNS_GAIN:
            # Both columns at the same size: refit the larger one no larger than the smaller.
            same = [poster.fit(list(h), _pt(column), _pt(height_mm), largest=size, smallest=smallest,
                               max_lines=max_lines, gap=NAME_GAP) for h in halves]
            if all(same):
                return [(0.0, column, same[0]), (column + gap, column, same[1])]
    return [(0.0, width_mm, one)] if one else None


def _page(width: float, height: float, language: str, demand: str, names: list[str], second_demand: str,
          second: str, note: str, label: str) -> model.DrawnPage:
    page = model.DrawnPage(width, height)
    short = min(width, height)
    footer = bool(note or label)
    zones = _zones(width, height, bool(names), bool(second_demand), footer)
    x, w = zones["x"], zones["w"]
    demand = poster.typeset_line(demand, language)
    top, demand_h = zones["demand"]
    fitted = _fit_demand(demand, w, demand_h, short)
    if names:
        # The demand at the top of its band; what it leaves goes to the names.
        used = fitted.height() * poster.MM_PER_PT
        names_top, names_h = zones["names"]
        gap = (top - demand_h) - names_top  # between the demand band and the names band
        names_h += demand_h - used
        largest = fitted.size * NAMES_SHARE
        columns = _names_layout([poster.typeset_line(n, language) for n in names], w, names_h,
                                largest=largest, smallest=4.0, readable=min(MIN_NAME_SHARE * _pt(short), largest))
        if columns is None:
            raise PetitionDeskError(N_("The names do not fit on the placard. Choose one placard per person or a "
                                       "larger sheet."))
        # Demand and names as one group, centred in the height they share.
        names_used = max(f.height() for _, _, f in columns) * poster.MM_PER_PT
        top -= (names_h - names_used) / 2
        poster.draw_block(page, fitted, x, w, top, used)
        names_top = top - used - gap
        for offset, column_w, names_fit in columns:
            poster.draw_block(page, names_fit, x + offset, column_w, names_top, names_used)
        rule_y = top - used - gap / 2
        page.items.append(model.DrawnLine(x + w * 0.3, rule_y, x + w * 0.7, rule_y, width_pt=2.0))
    else:
        poster.draw_block(page, fitted, x, w, top, demand_h)
    if second_demand:
        rule = zones["rule"]
        page.items.append(model.DrawnLine(x + w * 0.15, rule, x + w * 0.85, rule, width_pt=1.5, grey=0.3))
        top, second_h = zones["second"]
        other = _fit_demand(poster.typeset_line(second_demand, second), w, second_h, short,
                            largest=fitted.size * 0.62)
        poster.draw_block(page, other, x, w, top, second_h, grey=0.2)
    baseline = zones["bottom"] - NOTE_PT * 1.6 * poster.MM_PER_PT
    if note:
        page.items.append(model.DrawnText(x, baseline, note, _small(note, w), anchor="left", grey=0.35))
    if label:
        page.items.append(model.DrawnText(x + w, baseline, label, NOTE_PT, anchor="right", grey=0.35))
    return page


def _small(text: str, width_mm: float) -> float:
    """The footnote's size: NOTE_PT, smaller if the line would not fit in three quarters of the width."""
    wide = poster.width_pt(text, NOTE_PT, poster.regular_face())
    return min(NOTE_PT, NOTE_PT * _pt(width_mm) * 0.72 / wide) if wide else NOTE_PT
