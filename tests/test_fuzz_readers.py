"""Fuzzing the readers of files strangers send: drafts, cases, recipient CSV files, signer lists.

Whatever the input, the only exception a reader may raise is the app's own
PetitionDeskError (with its sentence for the user), and reading writes
nothing outside the folders the user chose (the draft's folder, the data
folder). Failures hypothesis found are kept as ``@example`` cases.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from desktop.core.case import case_from_dict
from desktop.core.draft import draft_from_dict, load_draft
from desktop.core.errors import PetitionDeskError
from desktop.core.recipients import RECIPIENT_FIELDS
from desktop.core.recipients_csv import COLUMN_ALIASES, import_recipients
from desktop.core.signer_list import COLUMN_ALIASES as SIGNER_ALIASES, read_delivery_copy

FUZZ = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

SCALARS = (st.none() | st.booleans() | st.integers() | st.integers(-(10**40), 10**40)
           | st.floats(allow_nan=True) | st.text(max_size=12)
           | st.sampled_from(["", "2012-05-06", "9999-12-31", "0001-01-01", "²", "12", "-1", "ru", "xx", "\x00",
                              "/dev/zero", "..", "/", "recipient"]))
JSON = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                    | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=20)


def shaped(keys: tuple[str, ...], value: st.SearchStrategy) -> st.SearchStrategy:
    """Objects whose keys are mostly the real field names, with any values."""
    return st.dictionaries(st.sampled_from(keys) | st.text(max_size=6), value, max_size=len(keys))


CASE_KEYS = ("format", "version", "name", "summary", "place", "country", "events", "counts", "people",
             "officials", "demands", "sources", "historical_example", "note")
PERSON_KEYS = ("name", "gender", "age", "occupation", "charges", "arrested", "court", "sentence",
               "detention_place", "status", "health")
ITEM_KEYS = ("date", "description", "value", "what", "qualifier", "source", "title", "url", "article", "law")
PERSON = shaped(PERSON_KEYS, JSON | st.lists(shaped(ITEM_KEYS, JSON), max_size=2))
CASE = shaped(CASE_KEYS, JSON | st.lists(PERSON | shaped(ITEM_KEYS, JSON), max_size=3))
DRAFT_KEYS = ("format", "version", "title", "template", "language", "fallback_language", "case", "recipients",
              "signers", "letter", "export", "options", "resolution")
SUB_KEYS = (*RECIPIENT_FIELDS, "name", "role", "signature_image", "date", "paper", "formats", "combined",
            "file_name", "photos", "languages", "clock", "preamble", "recitals", "clauses", "text", "id")
DRAFT = shaped(DRAFT_KEYS, JSON | CASE | st.lists(shaped(SUB_KEYS, JSON) | st.text(max_size=8), max_size=3)
               | shaped(SUB_KEYS, JSON))


@pytest.fixture
def chosen(tmp_path, monkeypatch):
    """A folder the user chose, a data folder, and a working folder that must stay untouched."""
    folder, data, cwd = tmp_path / "chosen", tmp_path / "data", tmp_path / "cwd"
    for f in (folder, data, cwd):
        f.mkdir()
    monkeypatch.setenv("PETITION_DESK_DATA_DIR", str(data))
    monkeypatch.chdir(cwd)
    return folder


def assert_nothing_written_outside(chosen: Path) -> None:
    root = chosen.parent
    assert not list((root / "cwd").iterdir())
    assert sorted(p.name for p in root.iterdir()) == ["chosen", "cwd", "data"]


@FUZZ
@given(data=JSON | CASE)
@example(data={"people": [{"name": "A", "age": 10**30}]})
@example(data={"people": [{"name": "A", "age": "²"}]})
@example(data={"counts": [{"value": "9" * 5000, "what": "x"}]})
def test_the_case_reader_turns_any_value_into_a_case_or_one_error(data):
    try:
        case = case_from_dict(data)
    except PetitionDeskError as exc:
        assert exc.message()
        return
    for person in case.people:
        assert person.age is None or 0 <= person.age <= 130
    assert all(0 <= count.value <= 10**10 for count in case.counts)


@FUZZ
@given(data=JSON | DRAFT)
@example(data={"template": "appeal_mission", "case": "\x00"})
@example(data={"template": "appeal_mission", "case": "/dev/zero", "recipients": "/"})
@example(data={"template": "appeal_mission", "case": {"name": "x"}, "recipients": ["recipient"]})
def test_the_draft_reader_turns_any_value_into_a_draft_or_one_error(chosen, data):
    try:
        draft_from_dict(data, base=chosen, source="fuzz.json")
    except PetitionDeskError as exc:
        assert exc.message()
    assert_nothing_written_outside(chosen)


@FUZZ
@given(data=JSON | DRAFT, nest=st.integers(0, 3000), as_toml=st.booleans())
@example(data={}, nest=100_000, as_toml=False)
def test_a_draft_file_of_any_json_nested_any_depth_reads_or_is_one_error(chosen, data, nest, as_toml):
    text = "[" * nest + json.dumps(data) + "]" * nest
    path = chosen / ("draft.toml" if as_toml else "draft.json")
    path.write_text(("x = " + text) if as_toml else text, encoding="utf-8")
    try:
        load_draft(path)
    except PetitionDeskError as exc:
        assert exc.message()
    assert_nothing_written_outside(chosen)


@FUZZ
@given(raw=st.binary(max_size=600))
@example(raw=b"PDESKENC")
@example(raw=b"PDESKENC" + bytes(40) + b"x")
@example(raw=b"\xff\xfe\x00")
def test_a_draft_file_of_any_bytes_reads_or_is_one_error(chosen, raw):
    path = chosen / "draft.json"
    path.write_bytes(raw)
    for passphrase in (None, "correct horse battery staple"):
        try:
            load_draft(path, passphrase)
        except PetitionDeskError as exc:
            assert exc.message()
    assert_nothing_written_outside(chosen)


ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "utf-32", "cp1251", "cp1252", "latin-1")


@st.composite
def csv_files(draw, aliases: dict[str, tuple[str, ...]]) -> bytes:
    """A spreadsheet-like file: a header of known and unknown names, rows of any width, any delimiter and encoding."""
    names = [name for field, more in aliases.items() for name in (field, *more)]
    header = draw(st.lists(st.sampled_from(names) | st.text(max_size=6), min_size=1, max_size=8))
    delimiter = draw(st.sampled_from([",", ";", "\t", "|", " "]))
    cell = st.text(max_size=10) | st.sampled_from(['"', '""', '"a,b"', "=1+1", "xx", "ru", "SE", "yes", "\r\n", ""])
    rows = draw(st.lists(st.lists(cell, max_size=len(header) + 2), max_size=6))
    text = "\n".join(delimiter.join(line) for line in [header, *rows])
    return text.encode(draw(st.sampled_from(ENCODINGS)), errors="replace")


@FUZZ
@given(raw=st.binary(max_size=400) | csv_files(COLUMN_ALIASES))
@example(raw=b"organisation,street\nA")
@example(raw=b"\x00\x00\xfe\xff")
def test_the_recipients_csv_reader_takes_any_bytes(chosen, raw):
    path = chosen / "recipients.csv"
    path.write_bytes(raw)
    try:
        result = import_recipients(path)
    except PetitionDeskError as exc:
        assert exc.message()
    else:
        for recipient in result.recipients:
            assert recipient.person or recipient.office or recipient.organisation
            assert recipient.language in ("", "en", "sv", "fr", "de", "ru")
    assert_nothing_written_outside(chosen)


@FUZZ
@given(raw=st.binary(max_size=400) | csv_files(SIGNER_ALIASES))
@example(raw=b"name,email,consent\nDoe, John,john@example.org,yes\n")
def test_the_signer_list_reader_takes_any_bytes(chosen, raw):
    path = chosen / "signers.csv"
    path.write_bytes(raw)
    try:
        copy = read_delivery_copy(path)
    except PetitionDeskError as exc:
        assert exc.message()
    else:
        assert [row.number for row in copy.rows] == list(range(1, len(copy.rows) + 1))
    assert_nothing_written_outside(chosen)

