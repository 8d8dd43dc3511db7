"""From a case, a recipient and signers to a finished :class:`Document`.

:func:`build_context` turns the typed objects into the plain data a template
sees (texts in the letter's language, see ``sandbox.CONTEXT_SCHEMA``);
:func:`render_document` checks the template against it, renders it in the
sandbox, reads the markup and, for ``layout = "letter"``, puts the letter's
frame around the body: letterhead, address block, place and date, subject,
signatures and page numbers.
"""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, TYPE_CHECKING

from desktop.core import localize
from desktop.core.case import Case, Person, citable_count_source, custody_of
from desktop.core.document import (
    AddressBlock,
    Block,
    Document,
    PageFurniture,
    Paragraph,
    Run,
    Signature,
    SignatureBlock,
)
from desktop.core.errors import N_, Problem, ValidationError
from desktop.core.fields import localized
from desktop.core.files import load_structured
from desktop.core.markup import ParsedBody, PhotoSlot, parse
from desktop.core.recipients import Recipient
from desktop.core.resources import templates_dir
from desktop.core.sandbox import check_template, render_text
from desktop.core.signers import Signer
from desktop.core.template_options import UNKNOWN_OPTION
from desktop.core.templates import TemplateInfo, read_options

if TYPE_CHECKING:
    from desktop.core.draft import Draft
    from desktop.core.resolution.model import Resolution


@dataclass
class LetterOptions:
    """What is the same for every letter of a batch."""

    date: dt.date = field(default_factory=dt.date.today)
    place: str = ""
    deadline: dt.date | None = None
    paper: Literal["auto", "A4", "Letter"] = "auto"
    include_author: bool = False  # put the first signer's name in the file's metadata
    sender_country: str = ""  # a letter inside this country needs no country line
    template_options: dict[str, Any] = field(default_factory=dict)  # e.g. a petition's sheets and rows
    resolution: "Resolution | None" = None  # a resolution's own structure; the template's text is then not used
    addressees: tuple[Recipient, ...] = ()  # petition sheets: everyone one set of sheets is addressed to
    reference: str = ""  # a letter's reference number ("Our ref."), printed above the date; "" prints none

    @classmethod
    def from_draft(cls, draft: "Draft", date: dt.date | None = None) -> "LetterOptions":
        letter = draft.letter
        return cls(
            date=date or letter.date or dt.date.today(),
            place=letter.place,
            deadline=letter.deadline,
            paper=letter.paper,
            include_author=letter.include_author,
            sender_country=letter.sender_country,
            template_options=dict(draft.options),
            resolution=draft.resolution if draft.resolution is not None and not draft.resolution.is_empty() else None,
        )


def with_template_settings(info: TemplateInfo, options: LetterOptions) -> LetterOptions:
    """``options`` with the template's declared settings converted and defaults filled in.

    A wrong value is passed on as it was, so the layout or the template
    meets it and reacts as it always did (a petition refuses 0 rows, a
    letter falls back to its usual request); ``petition-desk check`` and the
    window's problem list name it beforehand. Settings the template does not
    declare (left from the template the draft used before) pass unchanged.
    """
    raw = options.template_options
    values, problems = read_options(info, raw)
    for problem in problems:
        name = problem.where.removeprefix("options.")
        if problem.text != UNKNOWN_OPTION and name in raw:
            values[name] = raw[name]
    return replace(options, template_options=values)


# -- context ------------------------------------------------------------------

class TextItem(str):
    """A list entry that is its own text, so ``{{ d }}`` and ``{{ d.text }}`` both work."""

    __slots__ = ()

    @property
    def text(self) -> str:
        return str(self)


def build_context(case: Case, recipient: Recipient, signers: list[Signer], language: str,
                  letter: LetterOptions, shared: dict | None = None) -> dict[str, Any]:
    """The names a template sees: plain dicts, lists, texts, numbers and dates.

    ``shared`` belongs to one batch (the plan's ``texts``), in which the case,
    the signers and the settings do not change: their part of the context is
    made once per language, and the greeting once per distinct addressee.
    Templates never change their context (the sandbox hands them read-only
    views), so letters may share it.
    """
    recipient = recipient.in_language(language)
    if shared is None:
        case_part, signer_dicts = _case_context(case, language), [_signer(s, language) for s in signers]
    else:
        key = ("context", language)
        found = shared.get(key)
        if found is None:
            found = shared[key] = (_case_context(case, language), [_signer(s, language) for s in signers])
        case_part, signer_dicts = found
    salutation, closing = _greetings(recipient, language, len(signers), shared)
    return {
        "case": case_part,
        "recipient": {
            "person": recipient.person,
            "title": recipient.title,
            "office": recipient.office,
            "organisation": recipient.organisation,
            "kind": recipient.kind,
            "country": recipient.country,
            "country_name": localize.country_name(recipient.country, language),
            "city": recipient.city,
            "gender": recipient.gender,
            "honorific": recipient.honorific,
        },
        "signers": signer_dicts,
        "sender": signer_dicts[0] if signer_dicts else _signer(Signer(name=""), language),
        # The place in the document's language and script ("Стокгольм" in Russian), "" when not known.
        "letter": {"language": language, "date": letter.date, "place": localize.place_name(letter.place, language),
                   "deadline": letter.deadline},
        "options": dict(letter.template_options),
        # Notices of assemblies: the rule of the authority's country and the deadline it sets.
        "notice": _notice(letter.template_options, recipient.country),
        "salutation": salutation,
        "closing": closing,
    }


def _case_context(case: Case, language: str) -> dict[str, Any]:
    def text(value: Any) -> str:
        return localized(value, language).strip()

    people = [_person(p, text, language) for p in case.people]
    return {
        "name": text(case.name),
        "summary": text(case.summary),
        "place": text(case.place),
        "country": case.country,
        "country_name": localize.country_name(case.country, language),
        "historical_example": case.historical_example,
        "note": text(case.note),
        "events": [{"date": e.date, "description": text(e.description)} for e in case.events],
        "counts": [
            {"value": c.value, "what": text(c.what), "qualifier": c.qualifier,
             "source": text(c.source) if citable_count_source(c, case.sources) else ""}
            for c in case.counts
        ],
        "people": people,
        # Who is held (asked to be released) and who is at liberty (the conviction quashed, the charges
        # dropped): see desktop.core.case.custody_of.
        "detained": [p for p in people if p["in_custody"]],
        "at_liberty": [p for p in people if not p["in_custody"]],
        # Russian: "в Москве" when the dictionary knows the place, else "" (the template keeps the nominative).
        "place_in": _place_in(text(case.place), language),
        # Russian: what follows "по" ("«Болотному делу»", "делу «Сети»"); "" in other languages.
        "after_po": _after_po(text(case.name), language),
        "officials": [
            {"name": text(o.name), "title": text(o.title), "organisation": text(o.organisation)}
            for o in case.officials
        ],
        "demands": [TextItem(text(d)) for d in case.demands],
        "sources": [{"title": s.title, "url": s.url, "date": s.date, "kind": s.kind, "publisher": s.publisher}
                    for s in case.sources],
    }


def _person(p: Person, text: Any, language: str = "") -> dict[str, Any]:
    name = text(p.name)
    cases: dict[str, str] = {}
    if language.split("_")[0] == "ru":
        from desktop.core.russian_names import decline_name

        cases = decline_name(name, p.gender) or {}
    custody = custody_of(p)
    return {
        "name": name,
        # Russian: the name in each case ("gent": "Сергея Кривова"), empty when the declension is not certain.
        "cases": cases,
        "gender": p.gender,
        "age": p.age,
        "occupation": text(p.occupation),
        "charges": [{"article": c.article, "description": text(c.description), "law": text(c.law)} for c in p.charges],
        "arrested": p.arrested,
        "court": text(p.court),
        "sentence": text(p.sentence),
        "detention_place": text(p.detention_place),
        "status": text(p.status),
        "health": text(p.health),
        # "in_custody", "house_arrest", "at_liberty" or "unknown"; a person whose custody is not known is
        # treated as held (asked to be released), as every document did before custody was a fact.
        "custody": custody,
        "in_custody": custody != "at_liberty",
        "house_arrest": custody == "house_arrest",
        "at_liberty": custody == "at_liberty",
    }


def _after_po(name: str, language: str) -> str:
    if language.split("_")[0] != "ru" or not name:
        return ""
    from desktop.core.russian_names import after_po

    return after_po(name)


def _place_in(place: str, language: str) -> str:
    if language.split("_")[0] != "ru" or not place:
        return ""
    from desktop.core.russian_names import in_place

    return in_place(place) or ""


def _notice(options: dict, country: str) -> dict[str, Any]:
    if "assembly_kind" not in options:
        return {}
    from desktop.core.assembly import notice_facts

    return notice_facts(options, country)


def _signer(s: Signer, language: str) -> dict[str, Any]:
    s = s.in_language(language)
    return {
        "name": s.name, "role": s.role, "organisation": s.organisation, "party": s.party, "email": s.email,
        "address_lines": list(s.address_lines), "gender": s.gender,
    }


def _greetings(recipient: Recipient, language: str, senders: int, shared: dict | None) -> tuple[str, str]:
    """The salutation and the closing; within a batch once per distinct addressee."""
    if shared is None:
        return (_greeting("salutation", recipient, language),
                _greeting("closing", recipient, language, senders=senders))
    key = ("greetings", language, senders, repr(recipient))
    found = shared.get(key)
    if found is None:
        found = shared[key] = (_greeting("salutation", recipient, language),
                               _greeting("closing", recipient, language, senders=senders))
    return found


def _greeting(kind: str, recipient: Recipient, language: str, **extra: Any) -> str:
    # Imported by name at call time, so tests can stand in for the module.
    function = getattr(importlib.import_module("desktop.core.salutations"), kind)
    parameters = inspect.signature(function).parameters
    extra = {k: v for k, v in extra.items() if k in parameters}  # "we" closings need the number of senders
    return function(recipient, language, **extra)


# -- document -----------------------------------------------------------------

def document_problems(info: TemplateInfo, language: str, case: Case, recipient: Recipient, signers: list[Signer],
                      options: LetterOptions) -> list[Problem]:
    """What :func:`render_document` would refuse, without rendering."""
    options = with_template_settings(info, options)
    if options.resolution is not None and info.layout == "resolution":
        return resolution_problems(options.resolution, language)
    return check_template(info, language, build_context(case, recipient, signers, language, options))


def resolution_problems(res: "Resolution", language: str) -> list[Problem]:
    """What stops a resolution's own structure from being written in ``language``."""
    if any(part.text.get(language).strip() for part in res.walk()):
        return []
    return [Problem("resolution", N_("has no text in %(language)s; write it in the resolution editor or choose "
                                     "one of the languages it has (%(languages)s)"),
                    {"language": language, "languages": ", ".join(res.languages)})]


def render_document(info: TemplateInfo, language: str, case: Case, recipient: Recipient, signers: list[Signer],
                    options: LetterOptions, settings_read: bool = False, checked: bool = False,
                    texts: dict | None = None) -> Document:
    """The letter for one recipient; raises one error listing every missing fact.

    ``settings_read``: ``options`` already holds the template's settings as
    :func:`desktop.core.plan.make_plan` read them once for the whole batch;
    ``checked``: the plan already checked the facts against the template.
    ``texts``: the template's texts already rendered in this batch, where
    everything but the recipient is the same (see :func:`_rendered_text`).
    """
    if not settings_read:
        options = with_template_settings(info, options)
    # Names given per language: the letter prints its own language's (else the fallback).
    recipient = recipient.in_language(language)
    signers = [s.in_language(language) for s in signers]
    phrases = load_phrases(language)
    if options.resolution is not None and info.layout == "resolution":
        # The aide's own structure: the template's text for the case is not used.
        problems = resolution_problems(options.resolution, language)
        if problems:
            raise ValidationError(problems, source="resolution")
        document = _new_document(info.title(language), language, recipient, signers, options, phrases,
                                 localized(case.name, language))
        from desktop.core.layouts.resolution import fill

        fill(document, options.resolution, language, recipient, signers, options, options.template_options, case=case)
        return _finish(document, case, phrases, options)
    context = build_context(case, recipient, signers, language, options, texts)
    problems = [] if checked else check_template(info, language, context, render=False)  # rendered below
    if problems:
        raise ValidationError(problems, source=f"{info.id}/{language}.txt")
    body = _parsed_body(_rendered_text(info, language, context, texts), texts)
    body.blocks = place_photos(body.blocks, options.template_options.get("photos"), language)
    document = _new_document(body.subject or info.title(language), language, recipient, signers, options, phrases,
                             context["case"]["name"])
    if info.layout == "letter":
        document.furniture.letterhead = _letterhead(signers)
        document.blocks = _letter_blocks(body, context, recipient, signers, language, options, phrases)
    elif info.layout == "plain":
        title = [Paragraph([Run(body.subject, bold=True)], role="title", align="center")] if body.subject else []
        document.blocks = [*title, *body.blocks]
    else:
        # Other layouts (petition sheets, resolutions) live in their own modules.
        layout = importlib.import_module(f"desktop.core.layouts.{info.layout}")
        extra = {"case": case} if getattr(layout, "WANTS_CASE", False) else {}  # a poster's second language
        layout.build(document, body, context, recipient, signers, language, options, phrases, **extra)
    document = _finish(document, case, phrases, options)
    if info.layout == "resolution":
        return document  # a resolution's typography is the resolution layout's to apply
    from desktop.core.typography import typeset

    # Once, here: the PDF and the DOCX break lines alike. The case's source titles are quotations: they
    # keep their own punctuation (no French space in "Bolotnaya case: all 7").
    return typeset(document, tuple(str(s.title) for s in case.sources if str(s.title).strip()), typographic_apostrophe=True)


def _rendered_text(info: TemplateInfo, language: str, context: dict[str, Any], texts: dict | None) -> str:
    """The template's text for ``context``; within a batch, once for recipients the text does not tell apart.

    ``texts`` belongs to one batch, in which the case, the signers, the date
    and the settings are the same for every letter: only the recipient, the
    salutation and the closing differ, and of the recipient only the fields
    the template reads (and the country, whose conventions dates follow).
    """
    if texts is None:
        return render_text(info, language, context)
    from desktop.core.sandbox import recipient_fields

    source = info.source(language)
    fields = recipient_fields(source, info.id, language)
    recipient = context["recipient"]
    key = (info.id, language, source, context["salutation"], context["closing"],
           tuple(sorted((k, repr(v)) for k, v in recipient.items()
                        if fields is None or k in fields or k == "country")))
    text = texts.get(key)
    if text is None:
        text = texts[key] = render_text(info, language, context)
    return text


def _parsed_body(text: str, texts: dict | None) -> ParsedBody:
    """``text`` read into blocks; within a batch once per distinct text.

    The blocks are shared by the letters that have the same text, so nothing
    after this changes them in place: each letter gets its own list, and a
    block that must differ is replaced by a changed copy.
    """
    if texts is None:
        return parse(text)
    key = ("parsed", text)
    found = texts.get(key)
    if found is None:
        found = texts[key] = parse(text)
    return ParsedBody(subject=found.subject, blocks=list(found.blocks))


def _new_document(title: str, language: str, recipient: Recipient, signers: list[Signer], options: LetterOptions,
                  phrases: dict[str, str], subject: str) -> Document:
    country = recipient.country or options.sender_country
    return Document(
        title=title,
        language=language,
        paper=options.paper if options.paper in ("A4", "Letter") else localize.paper_for_country(country),
        furniture=PageFurniture(footer_text=phrases["page_of"]),
        author=signers[0].name if options.include_author and signers else "",
        subject=subject,
    )


def _finish(document: Document, case: Case, phrases: dict[str, str], options: LetterOptions) -> Document:
    if case.historical_example:
        # Demo output must never be mistaken for a live appeal: every page says so at its foot. A poster
        # draws the note on its sheets itself and keeps it among its words.
        if document.drawn is None:
            document.furniture.note = phrases["historical_example"]
        else:
            document.blocks.append(Paragraph([Run(phrases["historical_example"], italic=True)], role="small"))
    document.line_numbers = bool(options.template_options.get("line_numbers"))
    return document


def _letter_blocks(body: ParsedBody, context: dict[str, Any], recipient: Recipient, signers: list[Signer],
                   language: str, options: LetterOptions, phrases: dict[str, str]) -> list[Block]:
    from desktop.core.address import address_block

    date = localize.format_date(options.date, language, recipient.country, "long")
    place = localize.place_in_script(options.place, language)
    date_line = phrases["date_line"].replace("{place}", place).replace("{date}", date) if place else date
    blocks: list[Block] = [
        AddressBlock(address_block(recipient, language, options.sender_country)),
        Paragraph([Run(date_line)], role="date", align="right"),
    ]
    if options.reference:
        # "Our ref.: …"; a Russian letter's «Исх. № … от …» carries the date too.
        phrase = phrases["reference"]
        reference = Paragraph([Run(phrase.replace("{reference}", options.reference).replace("{date}", date))],
                              role="date", align="right")
        if "{date}" in phrase:
            blocks[1] = reference  # the reference line is dated: no second date line
        else:
            blocks.insert(1, replace(reference, keep_with_next=True))
    if body.subject:
        prefix = phrases["subject_prefix"].strip()
        if "{subject}" in prefix:
            subject = prefix.replace("{subject}", body.subject)
        else:
            subject = f"{prefix} {body.subject}" if prefix else body.subject
        blocks.append(Paragraph([Run(subject, bold=True)], role="subject", keep_with_next=True))
    blocks.extend(_mark_greetings(body.blocks, context["salutation"], context["closing"]))
    if signers:
        blocks.append(SignatureBlock([_signature(s) for s in signers]))
    return blocks


def _mark_greetings(blocks: list[Block], salutation: str, closing: str) -> list[Block]:
    """Give the salutation and closing paragraphs their roles.

    They are found by their text, which the template printed from the very
    ``salutation`` and ``closing`` values: the first paragraph that is the
    salutation, the last that is the closing.
    """
    blocks = list(blocks)  # the blocks may be shared with other letters: marked ones are copies
    places = [i for i, b in enumerate(blocks) if isinstance(b, Paragraph) and b.role == "body"]
    for i in places:
        if salutation.strip() and blocks[i].text.strip() == salutation.strip():
            blocks[i] = replace(blocks[i], role="salutation", keep_with_next=True)
            break
    for i in reversed(places):
        if closing.strip() and blocks[i].text.strip() == closing.strip():
            # Never alone at the foot of a page, away from the signatures.
            blocks[i] = replace(blocks[i], role="closing", keep_with_next=True)
            break
    return blocks


def _letterhead(signers: list[Signer]) -> list[str]:
    if not signers:
        return []
    sender = signers[0]
    lines = [sender.organisation or sender.name, *sender.address_lines, sender.email]
    return [line.strip() for line in lines if line and line.strip()]


def _signature(signer: Signer) -> Signature:
    role = signer.role.strip()
    if signer.party.strip():
        role = f"{role} ({signer.party.strip()})" if role else f"({signer.party.strip()})"
    lines = [line for line in (role, signer.organisation.strip()) if line]
    return Signature(name=signer.name, lines=lines, image=signer.signature_image)


# -- photos -------------------------------------------------------------------

def place_photos(blocks: list[Any], photos: Any, language: str) -> list[Block]:
    """``blocks`` with every ``@image N`` slot replaced by photo ``N`` of ``options.photos``.

    A photo is ``{"path": ..., "caption": ..., "width_mm": ...}`` (the
    caption may be a text per language) or just its path. A slot without
    a photo is left out, so a template may offer more places than a
    report fills. Relative paths were resolved against the draft's folder
    when the draft was loaded; the writers read and clean the files.
    """
    from desktop.core.document import Image

    entries = photos if isinstance(photos, list) else []
    out: list[Block] = []
    for block in blocks:
        if not isinstance(block, PhotoSlot):
            out.append(block)
            continue
        entry = entries[block.index] if block.index < len(entries) else None
        if isinstance(entry, (str, Path)):
            entry = {"path": entry}
        if not isinstance(entry, dict) or not str(entry.get("path") or "").strip():
            continue
        caption, width = entry.get("caption"), entry.get("width_mm")
        sized = isinstance(width, (int, float)) and not isinstance(width, bool) and width > 0
        out.append(Image(
            path=Path(str(entry["path"])).expanduser(),
            caption=localized(caption, language).strip() if isinstance(caption, (str, dict)) else "",
            width_mm=float(width) if sized else None,
        ))
    return out


# -- phrases ------------------------------------------------------------------

# Used only for keys a phrase file lacks, after the English file.
_NEUTRAL_PHRASES = {
    "page_of": "{page} / {pages}",
    "subject_prefix": "",
    "date_line": "{place}, {date}",
    "historical_example": "Example based on a historical case; not a current appeal.",
    "reference": "Ref. {reference}",
}


def load_phrases(language: str) -> dict[str, str]:
    """The set phrases of the document language (``templates/_phrases/<lang>.toml``)."""
    folder = templates_dir() / "_phrases"
    merged = dict(_NEUTRAL_PHRASES)
    for code in ("en", language):
        merged.update(_phrase_file(folder / f"{code}.toml"))
    return merged


def _phrase_file(path: Path) -> dict[str, str]:
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        return {}
    return _read_phrases(path, stamp)


@lru_cache(maxsize=32)
def _read_phrases(path: Path, stamp: int) -> dict[str, str]:
    data = load_structured(path)  # a broken phrase file names its line and column
    return {key: value for key, value in data.items() if isinstance(value, str)}
