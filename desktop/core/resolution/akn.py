"""A resolution or motion as Akoma Ntoso 3.0 XML, the format parliaments' drafting systems read.

The XML says what the DOCX and PDF of the same language say, word for word:
its text comes from :func:`desktop.core.layouts.resolution.wording`, the
same parts with the same set phrases and labels the layout prints. This
module only marks that text up:

- EP, US and generic styles are a ``<statement name="resolution">``; the
  Riksdag style is a ``<doc name="motion">`` (the Riksdag adopts no
  free-standing resolutions, so its text is a member's motion).
- ``<meta>`` names the work, this language's expression and this file in
  the Akoma Ntoso naming convention
  (``/akn/eu/statement/resolution/2026-11-26/bolotnaya-square-case/eng@/!main.xml``)
  and lists, as references, the legislature and only the sponsors and
  parties the printed text shows.
- The preface holds the title and the lines above the text; the preamble
  the opening formula, the citations and the recitals; the main body the
  numbered paragraphs with their sub-points (or the Riksdag's proposals and
  its "Motivering"); the conclusions the closing words and the signatures.
- Every printed part keeps its id from the draft in ``GUID``, so a file
  read back can be matched to the draft's parts; ``eId`` follows the naming
  convention (``cit_1``, ``rec_1``, ``para_3``, ``para_3__point_a``).

:func:`validate_akn` checks a file against the OASIS schema shipped in
``assets/schemas/akn30``, offline; every file :func:`write_akn` returns has
passed it.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lxml import etree

from desktop.core.document import CYRILLIC_LIST_LETTERS, Run, list_label
from desktop.core.errors import N_, PetitionDeskError, ValidationError
from desktop.core.fields import localized
from desktop.core.languages import DOCUMENT_LANGUAGES, iso639_2
from desktop.core.layouts.resolution import Clause, Wording, style_phrases, wording
from desktop.core.recipients import Recipient
from desktop.core.plan import chamber_of, resolution_of
from desktop.core.resolution.model import UNSIGNED_STYLES
from desktop.core.resolution.numbering import label
from desktop.core.resources import schemas_dir
from desktop.core.signers import Signer

if TYPE_CHECKING:
    from desktop.core.draft import Draft
    from desktop.core.templates import TemplateInfo

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
SCHEMA_FOLDER = "akn30"
SCHEMA_FILE = "akomantoso30.xsd"

# ISO 639-2 three-letter codes, as Akoma Ntoso's naming convention writes languages (from desktop.core.languages).
LANGUAGE_CODES = {code: iso639_2(code) for code in DOCUMENT_LANGUAGES}

# The jurisdiction in the work's name, and the legislature the text is meant for.
_COUNTRIES = {"ep": "eu", "riksdag": "se", "us": "us"}
_LEGISLATURES = {"ep": "European Parliament", "riksdag": "Sveriges riksdag",
                 "us": "United States House of Representatives"}
UNKNOWN_COUNTRY = "xx"  # ISO 3166's user-assigned code: a generic resolution for no named country

# The agent that marked the text up (Akoma Ntoso asks for one in every "source" attribute).
_MARKUP_AGENT = "petitionDesk"

# Characters XML 1.0 cannot carry (a vertical tab pasted from Word, a stray NUL).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


# -- writing ------------------------------------------------------------------

def write_akn(draft: Draft, language: str, date: dt.date | None = None) -> bytes:
    """The draft's resolution in ``language`` as Akoma Ntoso 3.0 XML (UTF-8, with an XML declaration).

    ``date`` is the resolution's date; None takes the draft's, else today's,
    as the DOCX and PDF do.
    """
    frame = _frame(draft, language, date)
    root = _Writer(frame).document()
    _indent(root)
    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    errors = validate_akn(data)
    if errors:
        # Not something the user can cause: the writer and the schema disagree.
        raise PetitionDeskError(
            N_("The Akoma Ntoso file in %(language)s does not pass the schema check (%(problem)s); export DOCX "
               "or PDF instead, and report this to the makers of Petition Desk."),
            language=language, problem=errors[0])
    return data


@dataclass
class _Sponsor:
    signer: Signer
    ref: str  # eId of its TLCPerson
    party_ref: str = ""  # eId of its party's TLCOrganization


@dataclass
class _Frame:
    """Everything one file says, worked out before any XML is built."""

    style: str
    language: str
    date: dt.date
    text: Wording
    signature_lines: list[str]
    phrases: dict[str, Any]
    long_date: str
    legislature: str
    country: str
    number: str
    master_language: str
    sponsors: list[_Sponsor] = field(default_factory=list)
    parties: dict[str, str] = field(default_factory=dict)  # party → eId
    historical_note: str = ""

    @property
    def is_motion(self) -> bool:
        return self.style == "riksdag"

    def work_uri(self) -> str:
        kind = "doc/motion" if self.is_motion else "statement/resolution"
        return f"/akn/{self.country}/{kind}/{self.date.isoformat()}/{self.number}"

    def expression_uri(self, language: str | None = None) -> str:
        return f"{self.work_uri()}/{LANGUAGE_CODES[language or self.language]}@"


def _frame(draft: Draft, language: str, date: dt.date | None) -> _Frame:
    from desktop.core.compose import LetterOptions, load_phrases, resolution_problems, with_template_settings
    from desktop.core.localize import format_date

    res = resolution_of(draft)
    if language not in LANGUAGE_CODES:
        raise PetitionDeskError(N_("Akoma Ntoso files can be written in %(languages)s, not in %(language)s; "
                                   "choose one of those languages."),
                                languages=", ".join(LANGUAGE_CODES), language=language)
    problems = resolution_problems(res, language)
    if problems:
        raise ValidationError(problems, source="resolution")
    # The same settings, date and recipient as the DOCX and PDF (export.render_resolution).
    options = with_template_settings(_template_info(draft), LetterOptions.from_draft(draft, date))
    settings = options.template_options
    recipient = chamber_of(draft).in_language(language)
    text, lines = wording(res, language, settings, draft.signers, options.date, draft.letter.place, recipient,
                          case=draft.case)
    style = text.style
    phrases = style_phrases(style, language)
    frame = _Frame(
        style=style,
        language=language,
        date=options.date,
        text=text,
        signature_lines=lines,
        phrases=phrases,
        # as the layout prints it: a House resolution in English is dated the American way
        long_date=format_date(options.date, language, "US" if style == "us" and language == "en" else recipient.country,
                              "long"),
        legislature=_legislature(style, res.text("legislature").get(language).strip(), recipient, phrases),
        country=_country(style, recipient, draft.letter.sender_country),
        number=_slug(str(settings.get("number") or "")) or _slug(localized(draft.case.name, "en"))
        or ("motion" if style == "riksdag" else "resolution"),
        master_language=res.languages[0] if res.languages[0] in LANGUAGE_CODES else language,
    )
    # The EP style prints no sponsors, so its file names none.
    printed = [] if style in UNSIGNED_STYLES else [s.in_language(language) for s in draft.signers]
    for number, signer in enumerate(printed, start=1):
        sponsor = _Sponsor(signer, f"sponsor_{number}")
        party = signer.party.strip()
        if party:
            sponsor.party_ref = frame.parties.setdefault(party, f"party_{len(frame.parties) + 1}")
        frame.sponsors.append(sponsor)
    if draft.case.historical_example:
        frame.historical_note = load_phrases(language)["historical_example"]
    return frame


def _template_info(draft: Draft) -> TemplateInfo:
    from desktop.core.resolution.seed import RESOLUTION_TEMPLATE
    from desktop.core.templates import get_template

    if draft.template and draft.template != RESOLUTION_TEMPLATE:
        try:
            info = get_template(draft.template)
        except PetitionDeskError:
            info = None
        if info is not None and info.layout == "resolution":
            return info
    return get_template(RESOLUTION_TEMPLATE)


def _legislature(style: str, own: str, recipient: Recipient, phrases: dict[str, Any]) -> str:
    if style in _LEGISLATURES:
        return _LEGISLATURES[style]
    # As the generic opening names it.
    return own or recipient.organisation.strip() or str(phrases.get("default_legislature") or "")


def _country(style: str, recipient: Recipient, sender_country: str) -> str:
    if style in _COUNTRIES:
        return _COUNTRIES[style]
    code = (recipient.country or sender_country or "").strip().lower()
    return code if re.fullmatch(r"[a-z]{2}", code) else UNKNOWN_COUNTRY


# Elements whose content is running text: indenting inside them would add spaces to the text.
_TEXT_HOLDERS = {f"{{{AKN_NS}}}{tag}" for tag in ("p", "num", "heading")}


def _indent(node: etree._Element, level: int = 0) -> None:
    """Pretty-print ``node`` two spaces a level, leaving the inside of paragraphs, numbers and headings untouched."""
    children = list(node)
    if not children or node.tag in _TEXT_HOLDERS or (node.text or "").strip():
        return
    inner = "\n" + "  " * (level + 1)
    node.text = inner
    for index, child in enumerate(children):
        _indent(child, level + 1)
        child.tail = inner if index < len(children) - 1 else "\n" + "  " * level


def _slug(text: str) -> str:
    """``text`` in lower-case ASCII letters, digits and hyphens ("" when nothing is left)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)


def _num_id(value: str, fallback: int) -> str:
    """The part of an eId that a label gives: "3." → "3", "(a)" and "a)" → "a", "–" or "" → the position.

    A Russian "б)" gives the Latin letter of its place, "b", so every language version has the same eIds.
    """
    bare = re.sub(r"\W+", "", value)
    if bare and all(ch in CYRILLIC_LIST_LETTERS for ch in bare):
        number = 0
        for ch in bare:
            number = number * len(CYRILLIC_LIST_LETTERS) + CYRILLIC_LIST_LETTERS.index(ch) + 1
        return list_label("lower-alpha", number).strip("()")
    return bare or str(fallback)


class _Writer:
    """Builds the XML tree of one :class:`_Frame`."""

    def __init__(self, frame: _Frame) -> None:
        self.f = frame
        self.containers = 0

    # -- small builders ----------------------------------------------------------

    @staticmethod
    def el(parent: etree._Element | None, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
        qname = f"{{{AKN_NS}}}{tag}"
        values = {k: _clean(v) for k, v in attrs.items() if v}
        node = (etree.Element(qname, values, nsmap={None: AKN_NS}) if parent is None
                else etree.SubElement(parent, qname, values))
        if text:
            node.text = _clean(text)
        return node

    def runs(self, parent: etree._Element, runs: list[Run]) -> None:
        """Text runs into ``parent``, bold and italic kept as ``<b>`` and ``<i>``."""
        last: etree._Element | None = None
        for run in runs:
            if not run.text:
                continue
            if run.bold or run.italic:
                node = self.el(parent, "b" if run.bold else "i")
                inner = self.el(node, "i", run.text) if run.bold and run.italic else node
                if inner is node:
                    node.text = _clean(run.text)
                last = node
            elif last is None:
                parent.text = (parent.text or "") + _clean(run.text)
            else:
                last.tail = (last.tail or "") + _clean(run.text)

    def marked(self, parent: etree._Element, text: str,
               marks: list[tuple[str, str, dict[str, str]]]) -> None:
        """``text`` into ``parent``, each mark's words (found in order) wrapped in the mark's element."""
        position = 0
        last: etree._Element | None = None

        def plain(piece: str) -> None:
            if not piece:
                return
            if last is None:
                parent.text = (parent.text or "") + _clean(piece)
            else:
                last.tail = (last.tail or "") + _clean(piece)

        for words, tag, attrs in marks:
            index = text.find(words, position) if words else -1
            if index < 0:
                continue
            plain(text[position:index])
            last = self.el(parent, tag, words, **attrs)
            position = index + len(words)
        plain(text[position:])

    def p(self, parent: etree._Element, text: str = "", **attrs: str) -> etree._Element:
        return self.el(parent, "p", text, **attrs)

    def container(self, parent: etree._Element, name: str) -> etree._Element:
        self.containers += 1
        return self.el(parent, "container", eId=f"container_{self.containers}", name=name)

    def date_marks(self) -> list[tuple[str, str, dict[str, str]]]:
        return [(self.f.long_date, "docDate", {"date": self.f.date.isoformat()})]

    # -- the document ------------------------------------------------------------

    def document(self) -> etree._Element:
        root = self.el(None, "akomaNtoso")
        if self.f.is_motion:
            body = self.el(root, "doc", name="motion", contains="originalVersion")
        else:
            body = self.el(root, "statement", name="resolution", contains="originalVersion")
        self.meta(body)
        self.preface(body)
        self.preamble(body)
        self.main_body(body)
        self.conclusions(body)
        return root

    # -- meta --------------------------------------------------------------------

    def frbr_level(self, ident: etree._Element, tag: str, uri: str, day: str, authors: list[str]) -> etree._Element:
        """A work or expression: its main component, its URI, the draft date and its authors."""
        level = self.el(ident, tag)
        self.el(level, "FRBRthis", value=f"{uri}/!main")
        self.el(level, "FRBRuri", value=uri)
        self.el(level, "FRBRdate", date=day, name="draft")
        for author in authors:
            self.el(level, "FRBRauthor", href=author)
        return level

    def meta(self, parent: etree._Element) -> None:
        f = self.f
        meta = self.el(parent, "meta")
        ident = self.el(meta, "identification", source=f"#{_MARKUP_AGENT}")
        day = f.date.isoformat()
        authors = [f"#{s.ref}" for s in f.sponsors] if f.is_motion and f.sponsors else ["#legislature"]

        work = self.frbr_level(ident, "FRBRWork", f.work_uri(), day, authors)
        self.el(work, "FRBRcountry", value=f.country)
        self.el(work, "FRBRsubtype", value="motion" if f.is_motion else "resolution")

        expression = self.frbr_level(ident, "FRBRExpression", f.expression_uri(), day, authors)
        if f.master_language != f.language:
            # A translation of the text written in the draft's first language.
            self.el(expression, "FRBRmasterExpression", href=f.expression_uri(f.master_language),
                    showAs=LANGUAGE_CODES[f.master_language])
        self.el(expression, "FRBRlanguage", language=LANGUAGE_CODES[f.language])

        manifestation = self.el(ident, "FRBRManifestation")
        self.el(manifestation, "FRBRthis", value=f"{f.expression_uri()}/!main.xml")
        self.el(manifestation, "FRBRuri", value=f"{f.expression_uri()}.akn")
        # The document's own date, not the moment of export: a file carries no trace of when it was made.
        self.el(manifestation, "FRBRdate", date=day, name="generation")
        self.el(manifestation, "FRBRauthor", href=f"#{_MARKUP_AGENT}")
        self.el(manifestation, "FRBRformat", value="application/akn+xml")

        refs = self.el(meta, "references", source=f"#{_MARKUP_AGENT}")
        self.el(refs, "TLCOrganization", eId=_MARKUP_AGENT, href=f"/akn/ontology/organization/{_MARKUP_AGENT}",
                showAs="Petition Desk")
        self.el(refs, "TLCOrganization", eId="legislature",
                href=f"/akn/ontology/organization/{f.country}/{_slug(f.legislature) or 'legislature'}",
                showAs=f.legislature or "legislature")
        for sponsor in f.sponsors:
            name = sponsor.signer.name.strip()
            self.el(refs, "TLCPerson", eId=sponsor.ref,
                    href=f"/akn/ontology/person/{_slug(name) or sponsor.ref}", showAs=name or sponsor.ref)
        for party, ref in f.parties.items():
            self.el(refs, "TLCOrganization", eId=ref,
                    href=f"/akn/ontology/organization/{f.country}/{_slug(party) or ref}", showAs=party)
        if f.sponsors:
            self.el(refs, "TLCRole", eId="sponsor", href="/akn/ontology/role/sponsor", showAs="Sponsor")

    # -- preface -----------------------------------------------------------------

    def preface(self, parent: etree._Element) -> None:
        f, t = self.f, self.f.text
        preface = self.el(parent, "preface")
        if f.style == "ep":
            self.long_title(preface, t.title, marks=self.date_marks())
        elif f.style == "generic":
            for line in t.preface:
                self.el(self.p(preface), "docType", line)
            self.long_title(preface, t.title)
        elif f.style == "riksdag":
            self.riksdag_preface(preface)
        else:
            self.us_preface(preface)
        if not len(preface):
            parent.remove(preface)

    def long_title(self, parent: etree._Element, title: str, tag: str = "docTitle",
                   marks: list[tuple[str, str, dict[str, str]]] | None = None) -> None:
        if not title:
            return
        p = self.p(self.el(parent, "longTitle", eId="longTitle"))
        if tag:
            inner = self.el(p, tag)
            self.marked(inner, title, marks or [])
        else:
            self.marked(p, title, marks or [])

    def riksdag_preface(self, preface: etree._Element) -> None:
        f, t = self.f, self.f.text
        note = str(f.phrases.get("translation_note") or "")
        lines = list(t.preface)
        if lines:
            self.el(self.p(preface), "docType", lines.pop(0))
        if note and lines and lines[0] == note:
            self.el(self.p(preface, **{"class": "translationNote"}), "i", lines.pop(0))
        if lines:
            self.el(self.p(preface), "docNumber", lines.pop(0))
        for line in lines:  # the byline: "av Anna Lindqvist m.fl. (V)"
            marks = []
            if f.sponsors:
                first = f.sponsors[0]
                marks.append((first.signer.name, "docProponent", {"refersTo": f"#{first.ref}", "as": "#sponsor"}))
                if first.party_ref:
                    marks.append((first.signer.party.strip(), "organization", {"refersTo": f"#{first.party_ref}"}))
            self.marked(self.p(preface), line, marks)
        self.long_title(preface, t.title)

    def us_preface(self, preface: etree._Element) -> None:
        f, t = self.f, self.f.text
        for line, tag in zip(t.preface, ("legislature", "session", "docNumber")):
            self.el(self.p(preface), tag, line)
        if t.title:
            self.el(self.p(preface, **{"class": "title"}), "docTitle", t.title)
        chamber = str(f.phrases.get("chamber") or "")
        if chamber:
            self.p(preface, chamber)
        self.marked(self.p(preface), f.long_date, self.date_marks())
        resolution = str(f.phrases.get("resolution") or "")
        if resolution:
            self.el(self.p(preface), "docType", resolution)
        self.long_title(preface, t.title, tag="")

    # -- preamble ----------------------------------------------------------------

    def preamble(self, parent: etree._Element) -> None:
        f, t = self.f, self.f.text
        preamble = self.el(parent, "preamble")
        if f.style in ("ep", "generic"):
            if t.opening:
                self.p(self.el(preamble, "formula", eId="formula_1", name="actingEntity"), t.opening)
            self.items(preamble, "citations", "citation", "cits", "cit", t.citations)
            self.items(preamble, "recitals", "recital", "recs", "rec", t.recitals)
        elif f.style == "us":
            self.items(preamble, "recitals", "recital", "recs", "rec", t.recitals)
            formula = self.el(preamble, "formula", eId="formula_1", name="enactingFormula")
            resolved, rest = str(f.phrases.get("resolved") or ""), str(f.phrases.get("resolved_rest") or "")
            if resolved and t.opening == resolved + rest:
                self.runs(self.p(formula), [Run(resolved, italic=True), Run(rest)])  # as printed: "Resolved" in italics
            else:
                self.p(formula, t.opening)
        elif t.opening:  # the Riksdag: the aide's own opening words, if any
            self.p(self.el(preamble, "formula", eId="formula_1", name="opening"), t.opening)
        if not len(preamble):
            parent.remove(preamble)

    def items(self, parent: etree._Element, group: str, tag: str, group_id: str, prefix: str,
              clauses: list[Clause]) -> None:
        if not clauses:
            return
        node = self.el(parent, group, eId=group_id)
        for position, clause in enumerate(clauses, start=1):
            item = self.el(node, tag, eId=f"{prefix}_{position}", GUID=clause.id)
            if clause.label:
                self.el(item, "num", clause.label)
            self.runs(self.p(item), clause.item.runs)

    # -- main body ---------------------------------------------------------------

    def main_body(self, parent: etree._Element) -> None:
        f, t = self.f, self.f.text
        body = self.el(parent, "mainBody")
        if f.is_motion:
            proposals = self.el(body, "hcontainer", eId="hcontainer_1", name="proposals")
            self.el(proposals, "heading", t.operative_heading)
            self.paragraphs(proposals, t.operative, "hcontainer_1__")
            motivation = self.el(body, "hcontainer", eId="hcontainer_2", name="motivation")
            self.el(motivation, "heading", t.recitals_heading)
            self.paragraphs(motivation, t.recitals, "hcontainer_2__")
            return
        self.paragraphs(body, t.operative, "")
        if f.style == "ep" and t.closing:
            # The EP numbers its last formula as one more operative paragraph, and so does the printed text.
            number = len(t.operative) + 1
            mark = label("ep", "operative", number)
            closing = self.el(body, "paragraph", eId=f"para_{_num_id(mark, number)}", **{"class": "finalFormula"})
            self.el(closing, "num", mark)
            self.p(self.el(closing, "content"), t.closing)
        if not len(body):
            self.p(body)  # a main body cannot be empty; the schema needs one block

    def paragraphs(self, parent: etree._Element, clauses: list[Clause], prefix: str) -> None:
        for position, clause in enumerate(clauses, start=1):
            para_id = f"{prefix}para_{_num_id(clause.label, position)}"
            para = self.el(parent, "paragraph", eId=para_id, GUID=clause.id)
            if clause.label:
                self.el(para, "num", clause.label)
            if not clause.children:
                self.runs(self.p(self.el(para, "content")), clause.item.runs)
                continue
            self.runs(self.p(self.el(para, "intro")), clause.item.runs)
            for sub_position, child in enumerate(clause.children, start=1):
                point = self.el(para, "point", eId=f"{para_id}__point_{_num_id(child.label, sub_position)}",
                                GUID=child.id)
                if child.label:
                    self.el(point, "num", child.label)
                self.runs(self.p(self.el(point, "content")), child.item.runs)

    # -- conclusions -------------------------------------------------------------

    def conclusions(self, parent: etree._Element) -> None:
        f, t = self.f, self.f.text
        end = self.el(parent, "conclusions")
        if t.closing and f.style != "ep":
            self.p(self.el(end, "formula", eId="formula_2", name="closingFormula"), t.closing)
        if t.date_line:
            marks = [(f.long_date, "date", {"date": f.date.isoformat()})]
            self.marked(self.p(end, **{"class": "dateLine"}), t.date_line, marks)
        if f.sponsors and f.style != "us":  # a House resolution is not signed: its sponsors head it
            signatures = self.container(end, "signatures")
            if f.style == "generic":
                for sponsor in f.sponsors:
                    self.generic_signature(self.p(signatures), sponsor)
            else:
                for sponsor, line in zip(f.sponsors, f.signature_lines):
                    signature = self.el(self.p(signatures), "signature")
                    self.marked(signature, line, self.sponsor_marks(sponsor))
        if f.historical_note:
            self.el(self.p(self.container(end, "historicalExample")), "i", f.historical_note)
        if not len(end):
            parent.remove(end)

    def sponsor_marks(self, sponsor: _Sponsor) -> list[tuple[str, str, dict[str, str]]]:
        marks = [(sponsor.signer.name, "person", {"refersTo": f"#{sponsor.ref}", "as": "#sponsor"})]
        if sponsor.party_ref:
            marks.append((sponsor.signer.party.strip(), "organization", {"refersTo": f"#{sponsor.party_ref}"}))
        return marks

    def generic_signature(self, p: etree._Element, sponsor: _Sponsor) -> None:
        """Name, "role (party)" and organisation, one under the other, as the generic signature block prints them."""
        s = sponsor.signer
        signature = self.el(p, "signature")
        self.el(signature, "person", s.name, refersTo=f"#{sponsor.ref}", **{"as": "#sponsor"})
        role, party = s.role.strip(), s.party.strip()
        lines: list[tuple[str, list[tuple[str, str, dict[str, str]]]]] = []
        if party:
            role_line = f"{role} ({party})" if role else f"({party})"
            lines.append((role_line, [(party, "organization", {"refersTo": f"#{sponsor.party_ref}"})]))
        elif role:
            lines.append((role, []))
        if s.organisation.strip():
            lines.append((s.organisation.strip(), []))
        for text, marks in lines:
            eol = self.el(signature, "eol")
            holder = etree.Element("holder")
            self.marked(holder, text, marks)
            eol.tail = holder.text
            for child in list(holder):
                signature.append(child)


# -- validation ---------------------------------------------------------------

class _LocalSchemas(etree.Resolver):
    """Hands the schema's import of ``xml.xsd`` the copy in the repository, whatever address it names."""

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder

    def resolve(self, system_url: str | None, public_id: str | None, context: Any) -> Any:
        name = (system_url or "").replace("\\", "/").rsplit("/", 1)[-1]
        if name in ("xml.xsd", SCHEMA_FILE):
            return self.resolve_filename(str(self.folder / name), context)
        return None


def schema_path() -> Path:
    return schemas_dir() / SCHEMA_FOLDER / SCHEMA_FILE


@lru_cache(maxsize=1)
def _schema() -> etree.XMLSchema:
    path = schema_path()
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    parser.resolvers.add(_LocalSchemas(path.parent))
    try:
        return etree.XMLSchema(etree.parse(str(path), parser))
    except (OSError, etree.XMLSyntaxError, etree.XMLSchemaParseError) as exc:
        raise PetitionDeskError(N_("The Akoma Ntoso schema %(path)s cannot be read (%(reason)s); reinstall "
                                   "Petition Desk."), path=str(path), reason=str(exc)) from exc


_VALIDATING = threading.Lock()  # one schema object, used by one thread at a time


def validate_akn(data: bytes) -> list[str]:
    """What is wrong with ``data`` as an Akoma Ntoso 3.0 document: one line per problem, none when it is valid.

    The check runs offline against the schema in ``assets/schemas/akn30``.
    """
    parser = etree.XMLParser(no_network=True, resolve_entities=False, load_dtd=False, huge_tree=False)
    try:
        tree = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        return [f"line {exc.lineno}: {exc.msg}"]
    schema = _schema()
    with _VALIDATING:
        if schema.validate(tree):
            return []
        return [f"line {error.line}: {error.message}" for error in schema.error_log]
