"""A parliamentary resolution in one of four styles: ``ep``, ``riksdag``, ``us``, ``generic``.

The template text writes the case-specific wording in named sections,
each opened by ``@heading <name>``:

- ``@subject``            what the resolution is "on" (EP title);
- ``title``               a short title (Riksdag motion, generic resolution);
- ``us_title``            a US-style title ("Condemning …");
- ``forward_to``          the case's authorities in the EP closing formula;
- ``citations``           list items completing "having regard to …";
- ``recitals``            list items completing "whereas …";
- ``operative``           list items completing "The Parliament … condemns …", sub-items allowed;
- ``proposals``           list items completing the Riksdag formula "… i motionen om …".

This module supplies everything else from ``templates/_resolution_styles.toml``
(style → language → phrase): openings, the words before and after each
clause, lettering and numbering as real lists, the closing formula and the
signatures. The same content therefore renders in any style: only
``options["style"]`` changes. The styles, the default and the header texts
each prints are declared in :mod:`desktop.core.resolution.model`.

The names say which step is which:

- :func:`build` is the layout's entry point (compose calls it by module):
  the draft's own resolution, or one read from the template's sections;
- :func:`fill` puts a :class:`Resolution` into a document in one language
  and style (compose calls it for a draft's own resolution);
- :func:`wording` is that resolution in one style and language, part by
  part, with the style's set phrases, labels and formulas (a
  :class:`Wording`): what the DOCX and PDF print and Akoma Ntoso marks up;
- ``_<style>_wording`` make a Wording, ``_<style>_blocks`` lay it out as
  document blocks.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from desktop.core import localize
from desktop.core.document import (Block, Document, Heading, ListBlock, ListItem, ListStyle, Paragraph, Run, Signature,
                                   SignatureBlock)
from desktop.core.files import load_structured
from desktop.core.markup import ParsedBody
from desktop.core.recipients import Recipient
from desktop.core.resolution.model import HEADER_FIELDS, PRINTED_HEADER_FIELDS, STYLES, Part, Resolution, style_of
from desktop.core.resolution.numbering import label, list_style
from desktop.core.resources import templates_dir
from desktop.core.signers import Signer

SECTIONS = ("title", "us_title", "forward_to", "citations", "recitals", "operative", "proposals")
# The languages whose typography (desktop/core/typography.py) the resolution applies: no-break spaces in
# dates, numbers and citations in every language; French also spaces before ; : ! ? » and after «, and the
# typographic apostrophe.
TYPESET_LANGUAGES = ("en", "sv", "fr", "de", "ru")
WANTS_CASE = True  # compose passes the case: its names keep their capitals, its sources' titles their punctuation


def build(document: Document, body: ParsedBody, context: dict[str, Any], recipient: Recipient,
          signers: list[Signer], language: str, options: Any, phrases: dict[str, str], case: Any = None) -> None:
    """Fill ``document`` with the resolution in the style ``context["options"]["style"]``.

    The draft's own structure (written in the resolution editor) is used
    when it has one; otherwise the template's sections for the case.
    """
    settings = context.get("options") or {}
    res = getattr(options, "resolution", None)
    if res is None:
        res = from_sections(split_sections(body), body.subject or "", language, settings)
    fill(document, res, language, recipient, signers, options, settings, str(context.get("letter", {}).get("place") or ""),
         case=case)


def fill(document: Document, res: Resolution, language: str, recipient: Recipient, signers: list[Signer],
         options: Any, settings: dict[str, Any], place: str = "", case: Any = None) -> None:
    """Put ``res`` in ``language`` into ``document``, in the style ``settings["style"]``, with the language's
    typography (French spaces and apostrophes, no-break spaces; docs/style/resolutions.md)."""
    from desktop.core.typography import typeset

    style = style_of(settings)
    date = options.date if isinstance(getattr(options, "date", None), dt.date) else dt.date.today()
    facts = _Facts(res, style, style_phrases(style, language), date, language, recipient, signers, settings,
                   place or str(getattr(options, "place", "") or ""), case)
    document.furniture.letterhead = []  # a resolution is a parliamentary text, not a letter
    document.blocks = _STYLE_BLOCKS[style](facts)
    if facts.title:
        document.title = facts.title
    if language in TYPESET_LANGUAGES:
        typeset(document, facts.quotations, typographic_apostrophe=True)


def wording(res: Resolution, language: str, settings: dict[str, Any], signers: list[Signer], date: dt.date,
            place: str = "", recipient: Recipient | None = None, case: Any = None) -> tuple[Wording, list[str]]:
    """``res`` in ``language`` and the style ``settings["style"]``, part by part, and its signature lines.

    The Akoma Ntoso writer uses this to say exactly what the DOCX and PDF say, with the same typography.
    """
    style = style_of(settings)
    facts = _Facts(res, style, style_phrases(style, language), date, language, recipient or Recipient(),
                   signers, settings, place, case)
    out = _wording_of(facts)
    return (_typeset_wording(out, facts) if language in TYPESET_LANGUAGES else out), signature_lines(facts)


def _typeset_wording(out: Wording, f: _Facts) -> Wording:
    """``out`` with the typography :func:`fill` gives the printed text."""
    from desktop.core.typography import typeset_quoting

    def text(value: str) -> str:
        return typeset_quoting(value, f.language, f.quotations, typographic_apostrophe=True)

    def clause(c: Clause) -> None:
        c.item.runs = [Run(text(r.text), r.bold, r.italic) for r in c.item.runs]
        for child in c.children:
            clause(child)

    for name in ("title", "opening", "operative_heading", "closing", "recitals_heading", "date_line"):
        setattr(out, name, text(getattr(out, name)))
    out.preface = [text(line) for line in out.preface]
    for c in [*out.citations, *out.recitals, *out.operative]:
        clause(c)
    return out


# -- sections -----------------------------------------------------------------

def split_sections(body: ParsedBody) -> dict[str, Any]:
    """The named sections of the rendered text: list items for lists, text for the others."""
    parts: dict[str, Any] = {}
    current: str | None = None
    for block in body.blocks:
        if isinstance(block, Heading) and block.text.strip() in SECTIONS:
            current = block.text.strip()
            continue
        if current is None:
            continue
        if isinstance(block, ListBlock):
            parts.setdefault(current, []).extend(block.items)
        elif isinstance(block, Paragraph):
            if current in ("title", "us_title", "forward_to"):
                parts[current] = (parts.get(current, "") + " " + block.text).strip()
            else:
                parts.setdefault(current, []).append(ListItem(block.runs))
    return parts


_SECTION_KINDS = {"citations": "citation", "recitals": "recital", "operative": "operative", "proposals": "proposal"}


def from_sections(parts: dict[str, Any], subject: str, language: str, settings: dict[str, Any]) -> Resolution:
    """A one-language :class:`Resolution` from a template's rendered sections (and the draft's extra lines)."""
    res = Resolution(languages=[language])
    for name in ("title", "us_title", "forward_to"):
        if parts.get(name):
            res.set_text(res.text(name), language, str(parts[name]).strip())
    if subject:
        res.set_text(res.text("subject"), language, subject.strip())
    extra = {"citations": settings.get("citations"), "recitals": settings.get("recitals")}
    for section, kind in _SECTION_KINDS.items():
        items = list(parts.get(section, []))
        items += [ListItem([Run(str(c).strip())]) for c in extra.get(section) or [] if str(c).strip()]
        for item in items:
            part = Part(kind)
            res.set_text(part.text, language, item.text.strip())
            for child in item.children.items if item.children is not None else []:
                point = Part(kind)
                res.set_text(point.text, language, child.text.strip())
                part.children.append(point)
            res.section(kind).append(part)
    return res


class _Facts:
    """What one style needs: the resolution in one language, the style's phrases and the frame's facts."""

    def __init__(self, res: Resolution, style: str, words: dict[str, Any], date: dt.date, language: str,
                 recipient: Recipient, signers: list[Signer], settings: dict[str, Any], place: str, case: Any = None):
        self.res, self.style, self.words, self.date = res, style, words, date
        self.language, self.signers, self.settings = language, [s.in_language(language) for s in signers], settings
        self.recipient = recipient.in_language(language)
        self.place = place
        self.subject = self.text("subject")
        self.title = ""
        self.names, self.quotations = _case_words(case, language)

    def entries(self, kind: str) -> list[tuple[Part, ListItem, list[Part]]]:
        """(part, list item, printed sub-points) for the parts of ``kind`` that have text in this language."""
        out = []
        for part in self.res.section(kind):
            text = part.text.get(self.language).strip()
            points = [c for c in part.children if c.text.get(self.language).strip()]
            if not text and not points:
                continue
            children = None
            if points:
                children = ListBlock([ListItem([Run(c.text.get(self.language).strip())]) for c in points],
                                     style=list_style(self.style, kind, 1, self.language) or "lower-alpha")
            out.append((part, ListItem([Run(text)], children), points))
        return out

    def text(self, name: str) -> str:
        # The table in the model says which header texts a style prints; the editor dims the others by it.
        if name in HEADER_FIELDS and name not in PRINTED_HEADER_FIELDS[self.style]:
            raise AssertionError(f"the {self.style} style prints {name}, but PRINTED_HEADER_FIELDS does not say so")
        return self.res.text(name).get(self.language).strip()

    def phrase(self, key: str, **values: Any) -> str:
        template = str(self.words.get(key, ""))
        for name, value in values.items():
            template = template.replace("{" + name + "}", str(value))
        if self.language == "de":  # "zu dem Bolotnaja-Verfahren" is written "zum …", "zu der Verurteilung" "zur …"
            template = _GERMAN_ZU.sub(lambda m: "zum" if m.group(1) == "dem" else "zur", template)
        return template

    def long_date(self) -> str:
        # A House resolution in English is dated the American way ("December 6, 2026").
        country = "US" if self.style == "us" and self.language == "en" else self.recipient.country
        return localize.format_date(self.date, self.language, country, "long")


_GERMAN_ZU = re.compile(r"\bzu (dem|der)(?= [A-ZÄÖÜ„])")


def _clause(item: ListItem, before: str, after: str, capital: bool, semicolon: str = ";", language: str = "",
            names: frozenset[str] = frozenset()) -> ListItem:
    """``item`` with the style's words around it: "whereas " + text + ";"."""
    runs = [Run(r.text, r.bold, r.italic) for r in item.runs if r.text]
    if runs and language == "sv" and before.endswith("att ") and len(runs) == 1:
        runs = [Run(_att_clauses(runs[0].text, names), runs[0].bold, runs[0].italic)]
    if runs:
        last = runs[-1]
        runs[-1] = Run(_bare(last.text), last.bold, last.italic)
        first = runs[0]
        text = first.text.lstrip()
        if capital and not before:
            text = text[:1].upper() + text[1:]
        runs[0] = Run(text, first.bold, first.italic)
    first_two = runs[0].text[:2].lower() if runs else ""
    if before.endswith("que ") and first_two[:1] in "aeiouyàâéèêîôûœh" and not (
            first_two[:1] == "y" and first_two[1:2] in "aeiouéèêàâôû"):
        before = before[:-2] + "\u2019"  # French elision: "considérant qu’Andrei"
    lead = [Run(before)] if before else []
    children = None
    if item.children is not None:
        children = ListBlock([_clause(c, "", semicolon, False, semicolon) for c in item.children.items],
                             style=item.children.style)
        _end_series(children.items, after or semicolon)  # the last point ends as its paragraph would
        after = "\u00a0:" if semicolon.startswith("\u00a0") else ":"
    return ListItem([*lead, *runs, Run(after)] if after else [*lead, *runs], children)


def _att_clauses(text: str, names: frozenset[str]) -> str:
    """A Swedish text after "med hänsyn till att": its first word in lower case unless it is a name, and
    its sentences joined as "att"-clauses ("… upplöste mötet, och att tiotals deltagare …"), one recital.

    A word is a name when it is one of the case's (people, courts, places) or is capitalised inside a
    sentence of the text; an acronym keeps its capitals.
    """
    from desktop.core import legal

    sentences = legal.clauses(text, lower_first=True, names=names)
    if len(sentences) <= 1:
        return sentences[0] if sentences else text
    *head, last = sentences
    return ", att ".join(head) + ", och att " + last


def _case_words(case: Any, language: str) -> tuple[frozenset[str], tuple[str, ...]]:
    """The words of the case's names (people, courts, places, the case itself), which keep their capital
    letter, and the titles of its sources, which keep their own punctuation in a French text."""
    if case is None:
        return frozenset(), ()
    from desktop.core.fields import localized

    texts = [localized(getattr(case, "name", ""), language), localized(getattr(case, "place", ""), language)]
    for person in getattr(case, "people", []) or []:
        texts += [localized(person.name, language), localized(person.court, language),
                  localized(person.detention_place, language)]
    for official in getattr(case, "officials", []) or []:
        texts.append(localized(getattr(official, "name", ""), language))
    names = frozenset(w.strip(",;:()«»\"“”„") for t in texts for w in str(t).split() if w[:1].isupper())
    titles = tuple(str(s.title) for s in getattr(case, "sources", []) or [] if str(getattr(s, "title", "")).strip())
    return names, titles


def _end_series(items: list[ListItem], last_end: str, before_last: str = "") -> None:
    """Change the punctuation of the last items of a series ("…;" → "…; and", last "….")."""
    for index, item in enumerate(items):
        if item.children is not None:
            continue
        tail = item.runs[-1]
        if index == len(items) - 1 and last_end:
            item.runs[-1] = Run(_bare(tail.text) + last_end, tail.bold, tail.italic)
        elif index == len(items) - 2 and before_last:
            item.runs[-1] = Run(_bare(tail.text) + before_last, tail.bold, tail.italic)


def _para(text: str, role: str = "body", bold: bool = False, align: str = "left", keep: bool = False) -> Paragraph:
    return Paragraph([Run(text, bold=bold)], role=role, align=align, keep_with_next=keep)  # type: ignore[arg-type]


# -- the text of each part, with the style's words -----------------------------

@dataclass
class Clause:
    """One printed part: its id in the resolution, its label and its words with the set phrases."""

    id: str
    label: str
    item: ListItem
    children: list["Clause"] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.item.text


@dataclass
class Wording:
    """A resolution in one style and language, part by part: what the DOCX, PDF and Akoma Ntoso say."""

    style: str
    language: str
    title: str = ""
    preface: list[str] = field(default_factory=list)  # lines above the text (number, session, byline)
    opening: str = ""  # "The European Parliament," / "Resolved, That the House of Representatives—"
    citations: list[Clause] = field(default_factory=list)
    recitals: list[Clause] = field(default_factory=list)
    operative_heading: str = ""  # the Riksdag's "Förslag till riksdagsbeslut"
    operative: list[Clause] = field(default_factory=list)
    closing: str = ""  # the last formula ("Instructs its President to forward …")
    recitals_heading: str = ""  # the Riksdag's "Motivering"
    date_line: str = ""
    signatures: list[str] = field(default_factory=list)  # "Name (party)"


def _clauses(f: _Facts, kind: str, before: str, after: str, capital: bool, semicolon: str = ";") -> list[Clause]:
    out = []
    for number, (part, item, points) in enumerate(f.entries(kind), start=1):
        shaped = _clause(item, before, after, capital, semicolon, f.language, f.names)
        shaped_points = shaped.children.items if shaped.children is not None else []
        children = [Clause(c.id, label(f.style, kind, n, 1, f.language), ci)
                    for n, (c, ci) in enumerate(zip(points, shaped_points), start=1)]
        out.append(Clause(part.id, label(f.style, kind, number, 0, f.language), shaped, children))
    return out


def _items(clauses: list[Clause]) -> list[ListItem]:
    return [c.item for c in clauses]


def _wording_of(f: _Facts) -> Wording:
    """The parts of ``f.res`` with the style's set phrases, labels and formulas."""
    return _STYLE_WORDINGS[f.style](f)


def _word_citations_recitals(f: _Facts, out: Wording) -> None:
    out.citations = _clauses(f, "citation", f.phrase("citation_before"), f.phrase("citation_after"), False)
    out.recitals = _clauses(f, "recital", f.phrase("recital_before"), f.phrase("recital_after"),
                            bool(f.words.get("recital_capital")))


def _word_operative(f: _Facts, out: Wording) -> None:
    semi = f.phrase("semicolon") or ";"
    # Swedish EP texts end every operative paragraph with a full stop; the others with ";".
    end = f.phrase("operative_end") or semi
    out.operative = _clauses(f, "operative", f.phrase("operative_before"), end,
                             bool(f.words.get("operative_capital")), semi)


def _ep_wording(f: _Facts) -> Wording:
    out = Wording("ep", f.language)
    subject = f.subject or f.text("title")
    out.title = f.phrase("title", date=f.long_date(), subject=subject)
    out.opening = f.text("opening") or f.phrase("opening")
    _word_citations_recitals(f, out)
    _add_rules_citation(f, out)
    _word_operative(f, out)
    forward = f.text("forward_to")
    out.closing = f.text("closing") or (f.phrase("final", authorities=forward) if forward else f.phrase("final_no_authorities"))
    # The forwarding formula is the last numbered paragraph: the one before it ends as the others do.
    _end_series(_items(out.operative), (f.phrase("operative_end") or f.phrase("semicolon") or ";") if out.closing else ".")
    return out


def _add_rules_citation(f: _Facts, out: Wording) -> None:
    """The EP's last citation, the Rules under which an urgency resolution is tabled and adopted
    ("having regard to Rules 150(5) and 136(4) of its Rules of Procedure,"), unless the aide
    already cites the Rules (docs/style/resolutions.md)."""
    rules = f.phrase("rules_citation")
    marker = {"en": "Rules of Procedure", "fr": "règlement intérieur", "de": "Geschäftsordnung",
              "sv": "arbetsordningen", "ru": "Регламент"}.get(f.language, "")
    if not rules or (marker and any(marker.lower() in c.item.text.lower() for c in out.citations)):
        return
    number = len(out.citations) + 1
    out.citations.append(Clause("", label(f.style, "citation", number), ListItem([Run(rules)])))


def _generic_wording(f: _Facts) -> Wording:
    out = Wording("generic", f.language)
    out.title = f.text("title") or f.subject
    out.preface = [f.phrase("heading")]
    legislature = f.text("legislature") or f.recipient.organisation.strip() or f.phrase("default_legislature")
    out.opening = f.text("opening") or f.phrase("opening", legislature=legislature)
    _word_citations_recitals(f, out)
    _word_operative(f, out)
    out.closing = f.text("closing")
    _end_series(_items(out.operative), "" if out.closing else ".")
    date = f.long_date()
    place = localize.place_in_script(f.place, f.language)
    out.date_line = f.phrase("date_line", place=place, date=date) if place else date
    return out


def _riksdag_wording(f: _Facts) -> Wording:
    out = Wording("riksdag", f.language)
    session = str(f.settings.get("session") or _riksmote(f.date))
    number = str(f.settings.get("number") or "…")
    out.preface = [f.phrase("header")]
    if f.words.get("translation_note"):
        out.preface.append(f.phrase("translation_note"))
    out.preface.append(f.phrase("number_line", session=session, number=number))
    first = f.signers[0] if f.signers else None
    if first is not None:
        parties = {s.party.strip() for s in f.signers if s.party.strip()}
        key = "byline_others" if len(f.signers) > 1 else "byline"
        party = f" ({first.party.strip()})" if first.party.strip() and len(parties) <= 1 else ""
        out.preface.append(f.phrase(key, name=first.name, party=party))
    out.title = f.text("title") or f.subject
    out.opening = f.text("opening")
    out.operative_heading = f.phrase("proposals_heading")
    kind = "proposal" if f.res.section("proposal") else "operative"
    key = "proposal" if kind == "proposal" else "operative_as_proposal"
    for number, (part, item, _points) in enumerate(f.entries(kind), start=1):
        text = _plain(item)
        if str(f.words.get(key, "")).partition("{text}")[2].strip(" .") != "":  # the formula's words follow
            text = _closing_comma(text, item.text, f.language)
        out.operative.append(Clause(part.id, label("riksdag", kind, number),
                                    ListItem([Run(f.phrase(key, text=text))])))
    out.recitals_heading = f.phrase("motivation_heading")
    out.recitals = [Clause(p.id, "", ListItem([Run(_sentence(_plain(i)))])) for p, i, _ in f.entries("recital")]
    out.closing = f.text("closing")
    return out


def _us_wording(f: _Facts) -> Wording:
    out = Wording("us", f.language)
    congress = _count(f.settings.get("congress"), (f.date.year - 1789) // 2 + 1)
    session = _count(f.settings.get("session"), 1 if f.date.year % 2 else 2)
    out.title = f.text("us_title") or f.subject or f.text("title")
    out.preface = [f.phrase("congress", n=_ordinal(congress, f) if isinstance(congress, int) else congress),
                   _session_line(session, f),
                   f.phrase("number", number=str(f.settings.get("number") or "___"))]
    semi = f.phrase("semicolon") or ";"
    out.recitals = _clauses(f, "recital", f.phrase("recital_before"), semi, False)
    for index, clause in enumerate(out.recitals):
        if index >= len(out.recitals) - 2:
            after = f.phrase("and_end") if index == len(out.recitals) - 2 else f.phrase("therefore")
            tail = clause.item.runs[-1]
            clause.item.runs[-1] = Run(after, tail.bold, tail.italic)
    out.opening = f.text("opening") or f.phrase("resolved") + f.phrase("resolved_rest")
    out.operative = _clauses(f, "operative", f.phrase("operative_before"), semi, False, semi)
    and_end = f.phrase("and_end")
    _end_series(_items(out.operative), ".", before_last=and_end)
    # Sub-points take "; and" before their last one too, and a paragraph's points end as the paragraph would.
    for index, clause in enumerate(out.operative):
        points = clause.item.children.items if clause.item.children is not None else []
        if not points:
            continue
        last = index == len(out.operative) - 1
        end = "." if last else (and_end if index == len(out.operative) - 2 else semi)
        _end_series(points, end, before_last=and_end)
    out.closing = f.text("closing")
    return out


def _list(clauses: list[Clause], style: ListStyle | None) -> list[Block]:
    return [ListBlock(_items(clauses), style=style or "decimal")] if clauses else []


# -- styles -------------------------------------------------------------------

def _ep_blocks(f: _Facts) -> list[Block]:
    r = _wording_of(f)
    f.title = r.title
    closing = [ListItem([Run(r.closing)])] if r.closing else []
    operative = _items(r.operative) + closing
    return [
        _para(r.title, role="title", bold=True, align="center"),
        _para(r.opening, keep=True),
        *_list(r.citations, list_style("ep", "citation")),
        *_list(r.recitals, list_style("ep", "recital", 0, f.language)),
        *([ListBlock(operative, style="decimal")] if operative else []),
    ]


def _riksdag_blocks(f: _Facts) -> list[Block]:
    r = _wording_of(f)
    f.title = r.title
    blocks: list[Block] = [_para(r.preface[0], role="title", bold=True)]
    for line in r.preface[1:]:
        italic = line == f.phrase("translation_note")
        blocks.append(Paragraph([Run(line, italic=True)], role="small") if italic else _para(line))
    blocks.append(Heading(r.title, level=1))
    if r.opening:
        blocks.append(_para(r.opening))
    blocks.append(Heading(r.operative_heading, level=2))
    blocks.extend(_list(r.operative, "decimal"))
    blocks.append(Heading(r.recitals_heading, level=2))
    blocks.extend(_para(c.text) for c in r.recitals)
    if r.closing:
        blocks.append(_para(r.closing))
    blocks.extend(_signer_lines(f))
    return blocks


def _us_blocks(f: _Facts) -> list[Block]:
    r = _wording_of(f)
    f.title = r.title
    congress, session, number = r.preface
    blocks: list[Block] = [
        _para(congress, bold=True),
        _para(session, bold=True),
        _para(number, bold=True, align="right"),
        _para(r.title, role="title", bold=True, align="center"),
        _para(f.phrase("chamber"), align="center"),
        _para(f.long_date(), align="center"),
    ]
    referral = _referral_line(f)
    if referral:
        blocks.append(_para(referral))
    blocks += [
        _para(f.phrase("resolution"), role="title", bold=True, align="center"),
        _para(r.title, role="title", align="center"),
    ]
    # The last "Whereas …: Now, therefore, be it" leads into "Resolved, That": the two share a page.
    blocks.extend(Paragraph(c.item.runs, keep_with_next=index == len(r.recitals) - 1)
                  for index, c in enumerate(r.recitals))
    if f.text("opening"):
        blocks.append(Paragraph([Run(r.opening)], keep_with_next=True))
    else:
        blocks.append(Paragraph([Run(f.phrase("resolved"), italic=True), Run(f.phrase("resolved_rest"))],
                                keep_with_next=True))
    blocks.extend(_list(r.operative, list_style("us", "operative")))
    if r.closing:
        blocks.append(_para(r.closing))
    return blocks  # a House resolution carries no signatures: its sponsors are named in the referral line


def _sponsor(s: Signer, f: _Facts) -> str:
    """House style: "Ms. LINDQVIST"; a sponsor whose gender is not given keeps the full name."""
    name = s.name.strip()
    if f.language != "en":
        return name
    surname = name.split()[-1].upper() if name else ""
    honorific = {"female": "Ms.", "male": "Mr."}.get(s.gender, "")
    return f"{honorific} {surname}" if honorific else name.upper()


def _referral_line(f: _Facts) -> str:
    """"Ms. LINDQVIST (for herself and Mr. BERG) submitted the following resolution; which was referred to …"."""
    if not f.signers or not f.words.get("referral"):
        return ""
    first, others = f.signers[0], f.signers[1:]
    sponsor = _sponsor(first, f)
    if others:
        self_word = f.words.get(f"for_self_{first.gender or 'unknown'}") or f.words.get("for_self_unknown") or ""
        names = localize.format_list([_sponsor(s, f) for s in others], f.language)
        sponsor += " " + f.phrase("for_others", own=self_word, names=names)
    committee = f.phrase("committee")
    key = f"referral_{first.gender}" if f.words.get(f"referral_{first.gender}") else "referral"
    return f.phrase(key, sponsor=sponsor, committee=committee)


def _generic_blocks(f: _Facts) -> list[Block]:
    r = _wording_of(f)
    f.title = r.title
    blocks: list[Block] = [
        _para(r.preface[0], role="title", bold=True, align="center"),
        _para(r.title, role="title", align="center"),
        _para(r.opening, keep=True),
        *_list(r.citations, list_style("generic", "citation")),
        *_list(r.recitals, list_style("generic", "recital", 0, f.language)),
        *_list(r.operative, list_style("generic", "operative")),
    ]
    if r.closing:
        blocks.append(_para(r.closing))
    blocks.append(_para(r.date_line, role="date"))
    if f.signers:
        blocks.append(SignatureBlock([_signature(s, f) for s in f.signers]))
    return blocks


# Each style's two steps: its wording (set phrases, labels, formulas) and the blocks that print it.
_STYLE_WORDINGS = {"ep": _ep_wording, "riksdag": _riksdag_wording, "us": _us_wording, "generic": _generic_wording}
_STYLE_BLOCKS = {"ep": _ep_blocks, "riksdag": _riksdag_blocks, "us": _us_blocks, "generic": _generic_blocks}
if set(_STYLE_WORDINGS) != set(STYLES) or set(_STYLE_BLOCKS) != set(STYLES):
    raise AssertionError("the resolution layout must print exactly the styles declared in resolution.model.STYLES")


def _signer_lines(f: _Facts) -> list[Block]:
    return [_para(line) for line in signature_lines(f)]


def signature_lines(f: _Facts) -> list[str]:
    lines = []
    for s in f.signers:
        party = s.party.strip()
        lines.append(f.phrase("signer_with_party", name=s.name, party=party) if party else s.name)
    return lines


def _signature(s: Signer, f: _Facts) -> Signature:
    role = s.role.strip()
    if s.party.strip():
        role = f"{role} ({s.party.strip()})" if role else f"({s.party.strip()})"
    return Signature(name=s.name, lines=[x for x in (role, s.organisation.strip()) if x], image=s.signature_image)


# -- helpers ------------------------------------------------------------------

_ABBREVIATIONS = (" г.", "\u00a0г.", "\u202fг.", " гг.", "\u202fгг.", " et al.", " etc.", " u.\u00a0a.", " m.fl.")


def _bare(text: str) -> str:
    """``text`` without its closing punctuation (and the French no-break space before it).

    The full stop of an abbreviation stays: "от 24 февраля 2014 г.," not "2014 г,".
    """
    text = text.rstrip()
    for abbreviation in _ABBREVIATIONS:
        if text.endswith(abbreviation):
            return text
    return text.rstrip(";,.:\u00a0 ")


def _plain(item: ListItem) -> str:
    text = item.text.strip().rstrip(";,.:")
    if item.children is not None:
        text += ": " + "; ".join(c.text.strip().rstrip(";,.") for c in item.children.items)
    return text


# A clause that ends the text inside the Riksdag formula ("… om {text} och …") must be closed by a comma:
# de "…, die Urteile aufzuheben, an und teilt …" (Duden, Komma bei Infinitivgruppen, D 117), ru "…, кто
# находится в заключении, и доводит …" (Розенталь, § 33: a subordinate clause is set off on both sides).
_DE_INFINITIVE_END = re.compile(r",[^,]*\b(?:\w+zu\w*(?:en|ern|eln)|zu \w+(?:en|ern|eln))$")
_DE_CLAUSE_END = re.compile(r", (?:dass|ob|weil|wenn|wie|wo|damit|obwohl)\b[^,]*$")
_RU_CLAUSE_END = re.compile(r", (?:кто|что|который|которая|которое|которые|которых|которым|где|когда|чтобы|если|"
                            r"поскольку|так как)\b[^,]*$")


def _closing_comma(text: str, written: str, language: str) -> str:
    """``text`` with the comma that closes a clause it ends with, when the formula's words follow it."""
    if written.rstrip().endswith(",") and language in ("de", "ru"):
        return text + ","  # the template or the aide closed the clause
    if language == "de" and (_DE_INFINITIVE_END.search(text) or _DE_CLAUSE_END.search(text)):
        return text + ","
    if language == "ru" and _RU_CLAUSE_END.search(text):
        return text + ","
    return text


def _sentence(text: str) -> str:
    text = text.strip()
    return (text[:1].upper() + text[1:] + ".") if text else text


def _riksmote(date: dt.date) -> str:
    """The Riksdag's session year: it opens in September."""
    start = date.year if date.month >= 9 else date.year - 1
    return f"{start}/{(start + 1) % 100:02d}"


def _count(value: Any, default: int) -> int | str:
    """A congress or session number; text that is not a number (“2025/26”) is printed as given."""
    text = str(value or "").strip()
    if not text:
        return default
    return int(text) if text.isdigit() else text


def _session_line(session: int | str, f: _Facts) -> str:
    if not isinstance(session, int):
        return f.phrase("session_as_given", n=session) if f.words.get("session_as_given") else str(session)
    if f.words.get("session_number"):  # where the ordinal agrees with "session" in gender (ru "2-я сессия")
        return f.phrase("session_number", n=session)
    return f.phrase("session", n=_ordinal(session, f))


def _ordinal(n: int, f: _Facts) -> str:
    if f.language == "en" and f.style == "us":  # House style: "119TH CONGRESS", "2D SESSION", "103D CONGRESS"
        suffix = "TH" if 10 <= n % 100 <= 20 else {1: "ST", 2: "D", 3: "D"}.get(n % 10, "TH")
        return f"{n}{suffix}"
    if f.language == "sv":
        return f"{n}:a" if n % 10 in (1, 2) and n % 100 not in (11, 12) else f"{n}:e"
    if f.language == "en":
        suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        return f"{n}{suffix}"
    special = f.words.get("ordinal_one") if n == 1 else None
    return str(special) if special else f.phrase("ordinal", n=n)


def style_phrases(style: str, language: str) -> dict[str, Any]:
    """The set phrases of ``style`` in ``language`` (English for a key the language lacks)."""
    data = _styles(templates_dir() / "_resolution_styles.toml")
    common = data.get("common", {})
    merged: dict[str, Any] = {}
    for lang in ("en", language):
        merged.update(common.get(lang, {}))
        merged.update(data.get(style, {}).get(lang, {}))
    # The numbers of the Rules of Procedure are one setting for every language ([ep_rules]).
    rules = {"{" + name + "}": str(number) for name, number in data.get("ep_rules", {}).items()}
    for key, value in merged.items():
        if isinstance(value, str) and "{" in value:
            for name, number in rules.items():
                value = value.replace(name, number)
            merged[key] = value
    return merged


@lru_cache(maxsize=4)
def _styles(path: Path) -> dict[str, Any]:
    return load_structured(path)
