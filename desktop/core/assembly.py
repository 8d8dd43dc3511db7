"""Notices of an assembly: which rule applies, and by when the notice must reach the authority.

The rules are data (``templates/_assembly_rules.toml``, with the law and a
public source for each); this module only reads them and does the date
arithmetic, which is pure: every function takes the dates it needs and
nothing here looks at the clock.
"""

from __future__ import annotations

import datetime as dt
import logging
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache

from desktop.core.errors import N_, PetitionDeskError
from desktop.core.resources import templates_dir

log = logging.getLogger(__name__)

RULES_FILE = "_assembly_rules.toml"
KINDS = ("assembly", "procession", "picket")
UNITS = ("hours", "days", "clear_days", "working_days", "none")
DAY_NAMES = {"saturday": 5, "sunday": 6}
_RULE_KEYS = ("language", "document", "authority", "law", "source", "advice_source", "fields", "unit",
              "latest", "earliest", "skip", "extend_if", "binding", "signers")


@dataclass(frozen=True)
class Rule:
    """The rule for one kind of assembly in one country (or region)."""

    country: str  # "DE", "FR" …
    region: str  # "BY" or ""
    kind: str
    language: str
    document: str
    authority: str
    law: str
    source: str
    unit: str
    latest: int = 0
    earliest: int | None = None
    skip: tuple[str, ...] = ()
    extend_if: tuple[str, ...] = ()
    binding: bool = True
    signers: int = 1
    fields: tuple[str, ...] = ()
    advice_source: str = ""

    @property
    def needs_notice(self) -> bool:
        return self.unit != "none"

    @property
    def code(self) -> str:
        return f"{self.country}-{self.region}" if self.region else self.country


@dataclass(frozen=True)
class Window:
    """When the notice may be handed in: not after ``latest``, not before ``earliest`` (a day)."""

    latest: dt.datetime  # the last moment the notice may arrive
    earliest: dt.date | None = None  # the first day it may be handed in

    def status(self, now: dt.datetime) -> str:
        """``"late"``, ``"early"`` or ``"ok"`` for a notice handed in at ``now``."""
        if now > self.latest:
            return "late"
        if self.earliest is not None and now.date() < self.earliest:
            return "early"
        return "ok"


@dataclass
class RuleBook:
    countries: dict[str, dict] = field(default_factory=dict)

    def codes(self) -> list[str]:
        """Every country and region the book knows, "DE", "DE-BY" …"""
        out = []
        for code, table in sorted(self.countries.items()):
            out.append(code)
            out.extend(f"{code}-{r}" for r in sorted(table.get("regions", {})))
        return out

    def rule(self, code: str, kind: str) -> Rule:
        """The rule for ``kind`` in ``code`` ("DE", "DE-BY", "gb"); refuses an unknown country or kind."""
        country, _, region = (code or "").strip().upper().partition("-")
        if kind not in KINDS:
            raise PetitionDeskError(N_("“%(kind)s” is not a kind of assembly; choose one of: %(kinds)s"),
                                    kind=kind, kinds=", ".join(KINDS))
        table = self.countries.get(country)
        if table is None:
            raise PetitionDeskError(N_("Petition Desk has no rules for notices of assemblies in “%(country)s”; "
                                       "known are: %(known)s"), country=code or "—", known=", ".join(self.codes()))
        merged = {k: v for k, v in table.items() if k in _RULE_KEYS}
        merged.update({k: v for k, v in table.get("kinds", {}).get(kind, {}).items() if k in _RULE_KEYS})
        if region:
            regional = table.get("regions", {}).get(region)
            if regional is None:
                raise PetitionDeskError(N_("Petition Desk has no rules for notices of assemblies in “%(country)s”; "
                                           "known are: %(known)s"), country=code, known=", ".join(self.codes()))
            merged.update({k: v for k, v in regional.items() if k in _RULE_KEYS})
            merged.update({k: v for k, v in regional.get("kinds", {}).get(kind, {}).items() if k in _RULE_KEYS})
        return Rule(country=country, region=region, kind=kind, language=merged["language"],
                    document=merged["document"], authority=merged["authority"], law=merged["law"],
                    source=merged["source"], unit=merged["unit"], latest=int(merged.get("latest", 0)),
                    earliest=merged.get("earliest"), skip=tuple(merged.get("skip", ())),
                    extend_if=tuple(merged.get("extend_if", ())), binding=bool(merged.get("binding", True)),
                    signers=int(merged.get("signers", 1)), fields=tuple(merged.get("fields", ())),
                    advice_source=merged.get("advice_source", ""))


def parse_rules(data: dict, origin: str = RULES_FILE) -> RuleBook:
    """Check a rule book read from TOML; a mistake names the country and the key."""
    book = RuleBook()
    for code, table in data.items():
        if code in ("format", "version"):
            continue
        if not isinstance(table, dict):
            raise PetitionDeskError(N_("%(file)s: “%(key)s” must be a table of a country's rules"), file=origin,
                                    key=code)
        for key in ("language", "document", "authority", "law", "source", "unit"):
            if not isinstance(table.get(key), str) or not table[key]:
                raise PetitionDeskError(N_("%(file)s: the rules of %(country)s need “%(key)s”"), file=origin,
                                        country=code, key=key)
        parts = [table, *table.get("kinds", {}).values()]
        for region in table.get("regions", {}).values():
            parts += [region, *region.get("kinds", {}).values()]
        for part in parts:
            if "unit" in part and part["unit"] not in UNITS:
                raise PetitionDeskError(N_("%(file)s: %(country)s counts in “%(unit)s”; use one of: %(units)s"),
                                        file=origin, country=code, unit=part["unit"], units=", ".join(UNITS))
            for day in (*part.get("skip", ()), *part.get("extend_if", ())):
                if day not in (*DAY_NAMES, "holiday"):
                    raise PetitionDeskError(N_("%(file)s: %(country)s names an unknown day “%(day)s”"),
                                            file=origin, country=code, day=day)
        book.countries[code.upper()] = table
    return book


@lru_cache(maxsize=1)
def rule_book() -> RuleBook:
    path = templates_dir() / RULES_FILE
    try:
        with path.open("rb") as f:
            data = tomllib.load(f)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise PetitionDeskError(N_("The rules for notices of assemblies (%(file)s) cannot be read: %(reason)s"),
                                file=str(path), reason=str(exc)) from exc
    return parse_rules(data, RULES_FILE)


# -- the arithmetic -------------------------------------------------------------------

def _closed(day: dt.date, names: tuple[str, ...], holidays) -> bool:
    if any(day.weekday() == DAY_NAMES[n] for n in names if n in DAY_NAMES):
        return True
    return "holiday" in names and holidays is not None and day in holidays


def public_holidays(rule: Rule, years: range):
    """The public holidays of the rule's country (and region), from the ``holidays`` package."""
    import holidays  # maintained tables of public holidays per country and region

    try:
        return holidays.country_holidays(rule.country, subdiv=rule.region or None, years=years)
    except NotImplementedError:
        log.warning("no public holidays known for %s", rule.code)
        return {}


def notice_window(rule: Rule, start: dt.datetime, holidays=None) -> Window:
    """When a notice of an assembly starting at ``start`` must reach the authority.

    ``holidays`` is a container of dates (``None``: the country's own, when the
    rule counts them).  A rule with ``unit = "none"`` has no window.
    """
    if not rule.needs_notice:
        raise ValueError(f"{rule.code} {rule.kind}: no notice needed")
    names = (*rule.skip, *rule.extend_if)
    if holidays is None and "holiday" in names:
        holidays = public_holidays(rule, range(start.year - 1, start.year + 1))
    day = start.date()
    midnight = dt.time(23, 59, 59)
    if rule.unit == "hours":
        moment, left = start, rule.latest
        while left > 0:
            moment -= dt.timedelta(hours=1)
            if not _closed(moment.date(), rule.skip, holidays):
                left -= 1
        return Window(moment)
    if rule.unit == "days":
        latest = day - dt.timedelta(days=rule.latest)
        counted = [day - dt.timedelta(days=n) for n in range(1, rule.latest + 1)]
        if rule.extend_if and any(_closed(d, rule.extend_if, holidays) for d in counted):
            latest -= dt.timedelta(days=1)
    elif rule.unit == "clear_days":
        latest = day - dt.timedelta(days=rule.latest + 1)
    else:  # working_days
        latest, left = day, rule.latest
        while left > 0:
            latest -= dt.timedelta(days=1)
            if not _closed(latest, rule.skip, holidays):
                left -= 1
    earliest = None
    if rule.earliest is not None:
        back = rule.earliest + 1 if rule.unit == "clear_days" else rule.earliest
        earliest = day - dt.timedelta(days=back)
    return Window(dt.datetime.combine(latest, midnight), earliest)


# -- the draft's side: the template's settings, the plan's notes ------------------------

@dataclass(frozen=True)
class Moment:
    """A deadline in a message, written in the interface language when the message is shown."""

    value: dt.datetime | dt.date
    with_time: bool = True

    def render(self, tr=None) -> str:
        from babel.dates import format_date, format_time

        locale = (getattr(tr, "language", None) or "en").replace("-", "_")
        day = self.value.date() if isinstance(self.value, dt.datetime) else self.value
        text = format_date(day, "full", locale=locale)
        if self.with_time and isinstance(self.value, dt.datetime):
            text += ", " + format_time(self.value, "HH:mm", locale=locale)
        return text

    def __str__(self) -> str:
        return self.render()


@dataclass(frozen=True)
class CountryName:
    """A country's name in a message, in the interface language when the message is shown."""

    code: str

    def render(self, tr=None) -> str:
        from desktop.core.localize import country_name

        return country_name(self.code, getattr(tr, "language", None) or "en")

    def __str__(self) -> str:
        return self.render()


def start_of(options: dict) -> dt.datetime | None:
    """The start of the assembly from the template's settings ``assembly_date`` and ``start_time``."""
    day = options.get("assembly_date")
    if isinstance(day, str):
        try:
            day = dt.date.fromisoformat(day.strip())
        except ValueError:
            return None
    if not isinstance(day, dt.date):
        return None
    text = str(options.get("start_time") or "").strip().replace(".", ":")
    try:
        time = dt.time.fromisoformat(text) if text else dt.time(0, 0)
    except ValueError:
        time = None
    return dt.datetime.combine(day, time or dt.time(0, 0))


def country_for(options: dict, recipient_country: str) -> str:
    """The country (or "DE-BY" region) whose rule applies: the setting ``country``, else the authority's."""
    return str(options.get("country") or "").strip().upper() or (recipient_country or "").upper()


def notice_facts(options: dict, recipient_country: str) -> dict:
    """What the template prints about the rule: document, authority, law, deadline (or empty values)."""
    facts = {"document": "", "authority": "", "law": "", "source": "", "deadline": None, "time": "",
             "needed": True, "country": "", "signers": 1}
    kind = str(options.get("assembly_kind") or "")
    try:
        rule = rule_book().rule(country_for(options, recipient_country), kind)
    except PetitionDeskError:
        return facts
    facts.update(document=rule.document, authority=rule.authority, law=rule.law, source=rule.source,
                 needed=rule.needs_notice, country=rule.code, signers=rule.signers)
    start = start_of(options)
    if rule.needs_notice and start is not None:
        window = notice_window(rule, start)
        facts["deadline"] = window.latest.date()
        facts["time"] = window.latest.strftime("%H:%M") if rule.unit == "hours" else ""
    return facts


NO_NOTICE = N_("no notice is needed for this kind of assembly in %(country)s (%(law)s), so no document is made")
LATE = N_("the notice had to reach the authority (%(authority)s) by %(deadline)s (%(law)s); it is late")
EARLY = N_("the notice may not be handed in before %(earliest)s (%(law)s); keep it until then")
ADVICE = N_("the authority (%(authority)s) asks for it by %(deadline)s; the law sets no period (%(law)s)")
DUE = N_("the notice must reach the authority (%(authority)s) by %(deadline)s (%(law)s)")


def check_plan(plan, now: dt.datetime | None = None) -> None:
    """Notes and problems about the notice in each planned document; drops the ones no law asks for."""
    from desktop.core.language_integrity import LanguageName

    now = now or dt.datetime.now()
    values = plan.options.template_options
    if start_of(values) is None:
        plan.problem("options.assembly_date", N_("set the date of the assembly (and its start time), "
                                                 "so the deadline of the notice can be worked out"))
    kept = []
    for doc in plan.documents:
        try:
            rule = rule_book().rule(country_for(values, doc.recipient.country), str(values.get("assembly_kind")))
        except PetitionDeskError as exc:
            plan.problem(doc.where, exc.msg.text, **exc.msg.params)
            continue
        if not rule.needs_notice:
            plan.problem(doc.where, NO_NOTICE, law=rule.law, country=CountryName(rule.country))
            continue
        kept.append(doc)
        if doc.language != rule.language:
            plan.note(doc.where, N_("the authority (%(authority)s) expects the notice in %(expected)s, not in %(language)s"),
                      authority=rule.authority, expected=LanguageName(rule.language),
                      language=LanguageName(doc.language))
        if len(plan.draft.signers) < rule.signers:
            plan.note("signers", N_("%(law)s asks for the signatures of %(count)s organisers"),
                      law=rule.law, count=rule.signers)
        start = start_of(values)
        if start is None:
            continue
        window = notice_window(rule, start)
        deadline = Moment(window.latest, with_time=rule.unit == "hours")
        state = window.status(now)
        if not rule.binding:
            plan.note(doc.where, ADVICE, authority=rule.authority, deadline=deadline, law=rule.law)
        elif state == "late":
            plan.note(doc.where, LATE, authority=rule.authority, deadline=deadline, law=rule.law)
        elif state == "early":
            plan.note(doc.where, EARLY, earliest=Moment(window.earliest, with_time=False), law=rule.law)
        else:
            plan.note(doc.where, DUE, authority=rule.authority, deadline=deadline, law=rule.law)
    plan.documents[:] = kept
