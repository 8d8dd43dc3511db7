"""The deadlines calendar: parsed back with icalendar, all-day entries on the right dates, in the chosen language."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import pytest
from icalendar import Calendar

from desktop.core.case import Event, case_from_dict
from desktop.core.deadlines import PRODID, calendar_bytes, calendar_events, write_calendar
from desktop.core.demo import load_demo_draft
from desktop.core.draft import save_draft
from desktop.core.errors import PetitionDeskError

TODAY = dt.date(2026, 3, 1)


def case_with_dates():
    case = load_demo_draft().case  # its events are all in 2012–2014: none ahead
    case.events += [
        Event(dt.date(2026, 3, 20), {"en": "appeal hearing at the Moscow City Court",
                                     "ru": "рассмотрение апелляции в Московском городском суде",
                                     "fr": "audience d'appel devant le tribunal de Moscou"}, "hearing"),
        Event(dt.date(2026, 4, 2), {"en": "last day to lodge the appeal", "ru": "последний день подачи жалобы"},
              "deadline"),
        Event(TODAY, {"en": "verdict expected"}),
        Event(dt.date(2026, 2, 28), {"en": "yesterday's hearing"}, "hearing"),
    ]
    return case


def read(data: bytes) -> list:
    calendar = Calendar.from_ical(data)
    assert str(calendar["PRODID"]) == PRODID and str(calendar["VERSION"]) == "2.0"
    return list(calendar.walk("VEVENT"))


def test_events_ahead_as_all_day_entries_with_their_dates():
    events = calendar_events(case_with_dates(), language="en", today=TODAY)
    entries = read(calendar_bytes(events, "en", "Bolotnaya"))
    got = [(e.decoded("DTSTART"), e.decoded("DTEND"), str(e["SUMMARY"])) for e in entries]
    assert got == [
        (dt.date(2026, 3, 1), dt.date(2026, 3, 2), "verdict expected"),
        (dt.date(2026, 3, 20), dt.date(2026, 3, 21), "Hearing: appeal hearing at the Moscow City Court"),
        (dt.date(2026, 4, 2), dt.date(2026, 4, 3), "Deadline: last day to lodge the appeal"),
    ]
    for entry in entries:  # all-day: a date, not a time, in every calendar program's time zone
        assert not isinstance(entry.decoded("DTSTART"), dt.datetime)
        assert entry["DTSTART"].params.get("VALUE") == "DATE"
        assert entry.decoded("DTSTAMP").tzinfo is not None
        assert str(entry["DESCRIPTION"]) == "Bolotnaya Square case"


def test_summaries_in_the_chosen_language_and_follow_ups():
    follow_ups = [(dt.date(2026, 3, 10), "Посольство Российской Федерации в Швеции"),
                  (dt.date(2026, 2, 1), "Embassy in London")]  # overdue: still to do, kept
    entries = read(calendar_bytes(calendar_events(case_with_dates(), follow_ups, "ru", TODAY), "ru"))
    summaries = [str(e["SUMMARY"]) for e in entries]
    assert summaries == [
        "Напоминание: Embassy in London",
        "verdict expected",  # no Russian text in the case: the English one, as the letters do
        "Напоминание: Посольство Российской Федерации в Швеции",
        "Судебное заседание: рассмотрение апелляции в Московском городском суде",
        "Крайний срок: последний день подачи жалобы",
    ]
    assert entries[0]["SUMMARY"].params["LANGUAGE"] == "ru"
    french = read(calendar_bytes(calendar_events(case_with_dates(), language="fr", today=TODAY), "fr"))
    assert str(french[1]["SUMMARY"]) == "Audience\u00a0: audience d'appel devant le tribunal de Moscou"


def test_follow_ups_alone_for_the_correspondence_log():
    events = calendar_events(follow_ups=[(dt.date(2026, 5, 4), "Riksdag")], language="sv")
    assert [(e.date, e.summary, e.kind) for e in events] == [(dt.date(2026, 5, 4), "Uppföljning: Riksdag",
                                                             "follow_up")]


def test_uids_are_stable_derived_from_content_and_name_no_host():
    import socket

    first = calendar_events(case_with_dates(), language="en", today=TODAY)
    again = calendar_events(case_with_dates(), language="en", today=TODAY)
    assert [e.uid for e in first] == [e.uid for e in again]
    assert len({e.uid for e in first}) == len(first)
    data = calendar_bytes(first, "en")
    host = socket.gethostname()
    for entry in read(data):
        assert str(entry["UID"]).endswith("@petition-desk")
    if len(host) > 3:
        assert host.encode() not in data


def test_event_kind_round_trips_through_the_case_file():
    case = case_with_dates()
    data = case.to_dict()
    assert data["events"][3]["kind"] == "hearing" and "kind" not in data["events"][0]
    assert case_from_dict(data).events == case.events
    with pytest.raises(PetitionDeskError) as wrong:
        case_from_dict({**data, "events": [{"date": "2026-01-01", "description": "x", "kind": "party"}]})
    assert [p.where for p in wrong.value.problems] == ["case.events[0].kind"]


def test_nothing_ahead_is_refused_and_nothing_written(tmp_path):
    with pytest.raises(PetitionDeskError, match="no date ahead"):
        write_calendar(tmp_path / "x.ics", load_demo_draft().case)
    assert not (tmp_path / "x.ics").exists()


def test_cli_writes_the_calendar(tmp_path):
    draft = load_demo_draft()
    today = dt.date.today()
    draft.case.events.append(Event(today + dt.timedelta(days=12), {"en": "hearing", "de": "Haftprüfung"},
                                   "hearing"))
    save_draft(draft, tmp_path / "d.json")
    out = tmp_path / "dates.ics"
    run = [sys.executable, "-m", "desktop.cli", "calendar", str(tmp_path / "d.json"), "--out", str(out)]
    result = subprocess.run([*run, "--lang", "de"], capture_output=True, text=True, env=dict(os.environ), timeout=120)
    assert result.returncode == 0, result.stderr
    entries = read(out.read_bytes())
    assert [(e.decoded("DTSTART"), str(e["SUMMARY"])) for e in entries] == [
        (today + dt.timedelta(days=12), "Verhandlung: Haftprüfung")]
    again = subprocess.run(run, capture_output=True, text=True, env=dict(os.environ), timeout=120)
    assert again.returncode != 0 and "--force" in again.stderr and "Traceback" not in again.stderr
    save_draft(load_demo_draft(), tmp_path / "d.json")
    none = subprocess.run([*run[:-1], str(tmp_path / "none.ics")], capture_output=True, text=True,
                          env=dict(os.environ), timeout=120)
    assert none.returncode != 0 and "no date ahead" in none.stderr and not (tmp_path / "none.ics").exists()
