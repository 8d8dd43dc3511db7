"""The deadlines calendar: a case's dates ahead, and the letters' follow-up dates, as an iCalendar file.

An ``.ics`` file imports into any calendar program (Thunderbird, Outlook,
Apple Calendar, Google Calendar). Every entry is an all-day event
(``VALUE=DATE``): a hearing, an appeal's last day or a follow-up is a day,
and a day does not move when the calendar is in another time zone.

Only what the user put in the case goes in: the event's description in the
chosen language (a hearing or a deadline labelled as such), the case's
name. The UID of an entry is derived from its content, so importing the
file again updates the entries instead of doubling them; no host name, no
user name.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from desktop.core.case import Case
from desktop.core.errors import N_, PetitionDeskError
from desktop.core.fields import localized

log = logging.getLogger(__name__)

PRODID = "-//Petition Desk//Deadlines calendar//EN"
FOLLOW_UP = "follow_up"

NOTHING_AHEAD = N_("There is no date ahead to put in a calendar: the case has no event dated today or later. "
                   "Add the hearing or deadline to the case's events with its date.")


@dataclass(frozen=True)
class CalendarEvent:
    """One all-day entry of the calendar."""

    date: dt.date
    summary: str  # in the calendar's language
    kind: str = ""  # "", "hearing", "deadline" (the case's events) or "follow_up"
    description: str = ""  # the case's name

    @property
    def uid(self) -> str:
        """Stable: the same entry exported again replaces itself in the calendar program."""
        seed = "\0".join((self.kind, self.date.isoformat(), self.summary, self.description))
        return f"{hashlib.sha256(seed.encode('utf-8')).hexdigest()[:32]}@petition-desk"


def calendar_events(case: Case | None = None, follow_ups: Iterable[tuple[dt.date, str]] = (),
                    language: str = "en", today: dt.date | None = None) -> list[CalendarEvent]:
    """The case's events from ``today`` on, and the ``follow_ups`` (date, summary), in date order.

    ``follow_ups``: the letters' follow-up dates, e.g. from the correspondence
    log; each summary (who was written to) is labelled "Follow-up" in
    ``language``. Past follow-ups are kept: an overdue one is still to do.
    """
    from desktop.core.compose import load_phrases

    phrases = load_phrases(language)
    today = today or dt.date.today()
    case_name = localized(case.name, language) if case is not None else ""
    events: list[CalendarEvent] = []
    for event in case.events if case is not None else []:
        if event.date < today:
            continue
        what = " ".join(localized(event.description, language).split())
        if event.kind == "hearing":
            summary = phrases["calendar_hearing"].format(what=what)
        elif event.kind == "deadline":
            summary = phrases["calendar_deadline"].format(what=what)
        else:
            summary = what
        events.append(CalendarEvent(event.date, summary, event.kind, case_name))
    for date, what in follow_ups:
        if not isinstance(date, dt.date):
            raise TypeError(f"a follow-up date must be a date, not {type(date).__name__}")
        if isinstance(date, dt.datetime):
            date = date.date()
        events.append(CalendarEvent(date, phrases["calendar_follow_up"].format(what=" ".join(what.split())),
                                    FOLLOW_UP, case_name))
    events.sort(key=lambda e: (e.date, e.kind != "deadline", e.summary))
    return events


def calendar_bytes(events: Sequence[CalendarEvent], language: str = "en", name: str = "") -> bytes:
    """The iCalendar (RFC 5545) file of ``events``; ``name``: the calendar's name in calendar programs."""
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if name:
        calendar.add("x-wr-calname", name)
    stamp = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)  # required by RFC 5545: when it was made
    for item in events:
        entry = Event()
        entry.add("uid", item.uid)
        entry.add("dtstamp", stamp)
        entry.add("dtstart", item.date)  # a date, not a time: VALUE=DATE, an all-day entry
        entry.add("dtend", item.date + dt.timedelta(days=1))
        entry.add("summary", item.summary, parameters={"LANGUAGE": language})
        if item.description:
            entry.add("description", item.description, parameters={"LANGUAGE": language})
        entry.add("transp", "TRANSPARENT")  # a deadline does not make the day busy
        if item.kind:
            entry.add("categories", [item.kind.upper().replace("_", "-")])
        calendar.add_component(entry)
    return calendar.to_ical()


def write_calendar(path: Path, case: Case | None, follow_ups: Iterable[tuple[dt.date, str]] = (),
                   language: str = "en", today: dt.date | None = None) -> list[CalendarEvent]:
    """Write the calendar of ``case`` (and ``follow_ups``) to ``path``; returns its entries.

    A calendar with nothing ahead is refused in one sentence rather than written empty.
    """
    from desktop.core.files import write_bytes_atomic

    events = calendar_events(case, follow_ups, language, today)
    if not events:
        raise PetitionDeskError(NOTHING_AHEAD)
    name = localized(case.name, language) if case is not None else ""
    try:
        write_bytes_atomic(Path(path), calendar_bytes(events, language, name))
    except OSError as exc:
        raise PetitionDeskError(N_("Cannot write the calendar file %(path)s (%(reason)s). Choose another place."),
                                path=str(path), reason=exc.strerror or str(exc)) from exc
    log.info("calendar written: %d entries", len(events))
    return events
