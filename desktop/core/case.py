"""The case: the facts a letter, petition or resolution is about.

File format ``petition-desk/case`` version 1 (JSON or TOML), documented in
the README. Any text may be given in one language (``"Moscow"``) or in
several (``{"en": "Moscow", "ru": "Москва"}``); a letter uses its own
language and falls back to English.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from desktop.core.errors import N_, Problem, ValidationError
from desktop.core.fields import FieldReader, LocalizedText

CASE_FORMAT = "petition-desk/case"
CASE_VERSION = 1

GENDERS = ("female", "male", "")

# Where a person is now, as a fact the documents act on: a letter asks for the release of those held
# (in custody or under house arrest) and, for a person at liberty, for what fits (the conviction quashed,
# the charges dropped). "" when not stated (a file may also say "unknown"); then :func:`custody_of`
# reads it from the sentence.
CUSTODY = ("in_custody", "house_arrest", "at_liberty")

# A suspended sentence, in the words the case's languages use for it ("3 years, suspended",
# "3 ans avec sursis", "auf Bewährung", "villkorlig dom", "условно").
_SUSPENDED = re.compile(r"suspend|sursis|bewährung|villkorlig|условн", re.IGNORECASE)


@dataclass
class Charge:
    article: str  # "212(2)"; the code is named in ``law``
    description: LocalizedText = ""
    law: LocalizedText = ""  # "Criminal Code of the Russian Federation"


@dataclass
class Person:
    name: LocalizedText
    gender: str = ""  # "female", "male" or "" when not known
    age: int | None = None
    occupation: LocalizedText = ""
    charges: list[Charge] = field(default_factory=list)
    arrested: dt.date | None = None
    court: LocalizedText = ""
    sentence: LocalizedText = ""
    detention_place: LocalizedText = ""
    status: LocalizedText = ""  # prose: "serving the sentence in IK-3", "released on parole in 2014"
    health: LocalizedText = ""
    custody: str = ""  # one of CUSTODY; "" when not stated


def custody_of(person: Person) -> str:
    """Where ``person`` is: the stated custody, else "at_liberty" for a suspended sentence, else "unknown".

    Nothing else is guessed: a draft written before custody was a fact, with no suspended sentence,
    reads "unknown", and the documents keep asking for that person's release as they always did.
    """
    if person.custody:
        return person.custody
    sentence = person.sentence
    texts = sentence.values() if isinstance(sentence, dict) else [sentence]
    if any(_SUSPENDED.search(str(t or "")) for t in texts):
        return "at_liberty"
    return "unknown"


# What an event is: something that happened ("") or a date ahead the calendar shows: a court hearing, a
# deadline (an appeal's last day, the end of a parliament's motion period).
EVENT_KINDS = ("", "hearing", "deadline")


@dataclass
class Event:
    date: dt.date
    description: LocalizedText
    kind: str = ""  # one of EVENT_KINDS


@dataclass
class Count:
    value: int
    what: LocalizedText  # "people detained on the day"
    qualifier: str = "exact"  # "exact", "about", "at least", "over"
    source: LocalizedText = ""  # who reported it, per language where the name differs ("РИА Новости")


@dataclass
class Official:
    name: LocalizedText
    title: LocalizedText = ""
    organisation: LocalizedText = ""


# What a source is, so a resolution can cite it by kind ("the report of Amnesty International
# entitled …"); a source with no kind, or an encyclopedia or web page, is kept for the aide but not cited.
SOURCE_KINDS = ("report", "press_release", "statement", "news_article", "resolution", "judgment",
                "web_page", "encyclopedia")


@dataclass
class Source:
    title: str
    url: str = ""
    date: dt.date | None = None
    kind: str = ""  # one of SOURCE_KINDS, or "" when not said
    publisher: str = ""  # "Amnesty International", "FIDH"


# An encyclopedia is not a source an official letter cites ("according to Wikipedia"): a count whose source
# is one, by its name or by a source of the case of kind "encyclopedia", is printed without its source.
_ENCYCLOPEDIA = re.compile(r"wiki|вики", re.IGNORECASE)


def citable_count_source(count: Count, sources: list[Source]) -> bool:
    """Whether a letter may name the source of ``count`` ("according to RIA Novosti")."""
    source = count.source
    names = {str(v).strip() for v in (source.values() if isinstance(source, dict) else [source]) if v}
    if not names or any(_ENCYCLOPEDIA.search(name) for name in names):
        return False
    uncited = {s.publisher.strip() for s in sources if s.kind == "encyclopedia" and s.publisher}
    uncited |= {s.title.strip() for s in sources if s.kind == "encyclopedia"}
    return not names & uncited


@dataclass
class Case:
    name: LocalizedText
    summary: LocalizedText = ""
    place: LocalizedText = ""
    country: str = ""  # ISO 3166 code of the state concerned, e.g. "RU"
    events: list[Event] = field(default_factory=list)
    counts: list[Count] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    officials: list[Official] = field(default_factory=list)
    demands: list[LocalizedText] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    historical_example: bool = False
    note: LocalizedText = ""  # e.g. which source each count follows

    def to_dict(self) -> dict[str, Any]:
        data = {"format": CASE_FORMAT, "version": CASE_VERSION, **asdict(self)}
        return _dates_to_text(_drop_empty(data))


QUALIFIERS = ("exact", "about", "at least", "over")

# Plausible values, so that a typo (an age of 10**30, a year 20012) is named in the case rather
# than failing every letter later. Generous: the oldest recorded person, more people than live
# on Earth, two centuries back and two forward (a hearing may be scheduled years ahead).
MAX_AGE = 130
MAX_COUNT = 10_000_000_000
YEARS = (1800, 2200)


def case_from_dict(data: Any, path: str = "case") -> Case:
    """Build a :class:`Case`, raising one error that lists every wrong field."""
    problems: list[Problem] = []
    case = read_case(data, path, problems)
    if problems:
        raise ValidationError(problems, source=path)
    return case


def read_case(data: Any, path: str, problems: list[Problem]) -> Case:
    r = FieldReader(data, path, problems)
    r.unknown({
        "format", "version", "name", "summary", "place", "country", "events", "counts", "people",
        "officials", "demands", "sources", "historical_example", "note",
    })
    _check_format(r, CASE_FORMAT, CASE_VERSION)
    events = []
    for where, item in r.items("events"):
        e = FieldReader(item, where, problems)
        e.unknown({"date", "description", "kind"})
        date, description = e.date("date", required=True, years=YEARS), e.ltext("description", required=True)
        kind = e.choice("kind", EVENT_KINDS, "")
        if date:
            events.append(Event(date, description, kind))
    counts = []
    for where, item in r.items("counts"):
        c = FieldReader(item, where, problems)
        c.unknown({"value", "what", "qualifier", "source"})
        value = c.integer("value", required=True, minimum=0, maximum=MAX_COUNT)
        what = c.ltext("what", required=True)
        qualifier = c.choice("qualifier", QUALIFIERS, "exact")
        if value is not None:
            counts.append(Count(value, what, qualifier, c.ltext("source")))
    people = [_read_person(item, where, problems) for where, item in r.items("people")]
    officials = []
    for where, item in r.items("officials"):
        o = FieldReader(item, where, problems)
        o.unknown({"name", "title", "organisation"})
        officials.append(Official(o.ltext("name", required=True), o.ltext("title"), o.ltext("organisation")))
    sources = []
    for where, item in r.items("sources"):
        if isinstance(item, str):
            sources.append(Source(title=item, url=item if "://" in item else ""))
            continue
        s = FieldReader(item, where, problems)
        s.unknown({"title", "url", "date", "kind", "publisher"})
        sources.append(Source(s.text("title", required=True), s.text("url"), s.date("date", years=YEARS),
                              s.choice("kind", ("", *SOURCE_KINDS), ""), s.text("publisher")))
    country = r.text("country").upper()
    if country and (len(country) != 2 or not country.isalpha()):
        r.problem("country", N_("must be a two-letter country code such as RU or SE"))
    return Case(
        name=r.ltext("name", required=True),
        summary=r.ltext("summary"),
        place=r.ltext("place"),
        country=country,
        events=events,
        counts=counts,
        people=[p for p in people if p is not None],
        officials=officials,
        demands=r.text_list("demands"),
        sources=sources,
        historical_example=r.boolean("historical_example"),
        note=r.ltext("note"),
    )


def _read_person(item: Any, where: str, problems: list[Problem]) -> Person | None:
    p = FieldReader(item, where, problems)
    p.unknown({
        "name", "gender", "age", "occupation", "charges", "arrested", "court", "sentence",
        "detention_place", "status", "health", "custody",
    })
    charges = []
    for cwhere, citem in p.items("charges"):
        if isinstance(citem, str):
            charges.append(Charge(article=citem))
            continue
        c = FieldReader(citem, cwhere, problems)
        c.unknown({"article", "description", "law"})
        charges.append(Charge(c.text("article", required=True), c.ltext("description"), c.ltext("law")))
    return Person(
        name=p.ltext("name", required=True),
        gender=p.choice("gender", GENDERS, ""),
        age=p.integer("age", minimum=0, maximum=MAX_AGE),
        occupation=p.ltext("occupation"),
        charges=charges,
        arrested=p.date("arrested", years=YEARS),
        court=p.ltext("court"),
        sentence=p.ltext("sentence"),
        detention_place=p.ltext("detention_place"),
        status=p.ltext("status"),
        health=p.ltext("health"),
        custody=p.choice("custody", (*CUSTODY, "unknown"), "").replace("unknown", ""),
    )


def _check_format(r: FieldReader, expected: str, version: int) -> None:
    fmt = r.data.get("format")
    if fmt is not None and fmt != expected:
        r.problem("format", N_("must be \"%(expected)s\""), expected=expected)
    ver = r.data.get("version")
    if ver is not None and ver != version:
        r.problem(
            "version",
            N_("is %(found)s, but this version of Petition Desk reads version %(version)d; update the app"),
            found=ver,
            version=version,
        )


def _drop_empty(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _drop_empty(v) for k, v in value.items() if v not in ("", None, [], {})}
    if isinstance(value, list):
        return [_drop_empty(v) for v in value]
    return value


def _dates_to_text(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _dates_to_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_dates_to_text(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
