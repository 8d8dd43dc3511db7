import json

import pytest

from desktop.core.case import case_from_dict
from desktop.core.demo import demo_draft_path
from desktop.core.errors import PetitionDeskError, ValidationError
from desktop.core.fields import localized
from desktop.core.files import load_structured


def test_demo_case_reads_with_all_five_languages():
    data = load_structured(demo_draft_path().parent / "bolotnaya_case.json")
    case = case_from_dict(data)
    assert case.historical_example
    assert case.country == "RU"
    assert len(case.people) == 8
    assert localized(case.people[0].name, "ru") == "Сергей Кривов"
    # Each language spells the name its own way (Swedish, Duden and French transliteration).
    assert localized(case.people[0].name, "sv") == "Sergej Krivov"
    assert localized(case.people[0].name, "de") == "Sergej Kriwow"
    assert localized(case.people[0].name, "fr") == "Sergueï Krivov"
    assert [c.article for c in case.people[0].charges] == ["212(2)", "318(1)"]
    for lang in ("en", "sv", "fr", "de", "ru"):
        assert localized(case.name, lang)
        assert all(localized(d, lang) for d in case.demands)
    # Every count says which source it follows.
    assert all(count.source for count in case.counts)


def test_every_wrong_field_is_named_at_once():
    data = {
        "name": "",
        "country": "Russia",
        "events": [{"date": "6 May 2012", "description": "march"}],
        "counts": [{"value": "many", "what": "detained"}],
        "people": [{"name": "A", "age": -3, "arrested": "2012-13-01"}, {"gender": "x"}],
        "demands": "free them",
        "colour": "red",
    }
    with pytest.raises(ValidationError) as info:
        case_from_dict(data)
    where = [p.where for p in info.value.problems]
    assert "case.name" in where
    assert "case.country" in where
    assert "case.events[0].date" in where
    assert "case.counts[0].value" in where
    assert "case.people[0].age" in where
    assert "case.people[0].arrested" in where
    assert "case.people[1].name" in where
    assert "case.people[1].gender" in where
    assert "case.demands" in where
    assert "case.colour" in where
    assert len(where) == 10
    text = info.value.message()
    assert "10 problem" in text and "YYYY-MM-DD" in text


def test_newer_file_version_asks_to_update_the_app():
    with pytest.raises(ValidationError) as info:
        case_from_dict({"format": "petition-desk/case", "version": 99, "name": "x"})
    assert "update the app" in info.value.message()


def test_round_trip_keeps_the_facts():
    data = load_structured(demo_draft_path().parent / "bolotnaya_case.json")
    case = case_from_dict(data)
    again = case_from_dict(json.loads(json.dumps(case.to_dict())))
    assert again == case


def test_malformed_json_names_line_and_column(tmp_path):
    bad = tmp_path / "case.json"
    bad.write_text('{\n  "name": "x",\n  "place": \n}\n', encoding="utf-8")
    with pytest.raises(PetitionDeskError) as info:
        load_structured(bad)
    message = info.value.message()
    assert "line 4" in message and "column 1" in message and "case.json" in message


def test_malformed_toml_names_line_and_column(tmp_path):
    bad = tmp_path / "case.toml"
    bad.write_text('name = "x"\nplace = "Moscow\n', encoding="utf-8")
    with pytest.raises(PetitionDeskError) as info:
        load_structured(bad)
    message = info.value.message()
    assert "line 2" in message and "TOML" in message


def test_toml_case_is_accepted(tmp_path):
    path = tmp_path / "case.toml"
    path.write_text(
        'format = "petition-desk/case"\nversion = 1\nname = "Test case"\n'
        '[[people]]\nname = { en = "Ivan", ru = "Иван" }\narrested = 2012-05-06\n',
        encoding="utf-8",
    )
    case = case_from_dict(load_structured(path))
    assert localized(case.people[0].name, "ru") == "Иван"
    assert case.people[0].arrested.isoformat() == "2012-05-06"


@pytest.mark.parametrize(("field", "value", "expected"), [
    ("age", 10**30, "must be at most 130"),
    ("age", 131, "must be at most 130"),
    ("age", -1, "must be at least 0"),
    ("age", "²", "must be a whole number"),
    ("age", "9" * 5000, "must be a whole number"),
    ("arrested", "0001-01-01", "between the years 1800 and 2200"),
    ("arrested", "9999-12-31", "between the years 1800 and 2200"),
])
def test_implausible_numbers_and_years_of_a_person_are_named(field, value, expected):
    with pytest.raises(ValidationError) as info:
        case_from_dict({"name": "Case", "people": [{"name": "A", field: value}]})
    [problem] = info.value.problems
    assert problem.where == f"case.people[0].{field}"
    assert expected in problem.render()


@pytest.mark.parametrize("value", [10**10 + 1, 10**30, -5])
def test_a_count_out_of_range_is_named(value):
    with pytest.raises(ValidationError) as info:
        case_from_dict({"name": "Case", "counts": [{"value": value, "what": "detained"}]})
    assert [p.where for p in info.value.problems] == ["case.counts[0].value"]


def test_plausible_extremes_are_accepted():
    case = case_from_dict({"name": "Case", "people": [{"name": "A", "age": 130, "arrested": "1800-01-01"},
                                                      {"name": "B", "age": "0", "arrested": "2200-12-31"}],
                           "counts": [{"value": 10**10, "what": "x"}, {"value": 0, "what": "y"}]})
    assert [p.age for p in case.people] == [130, 0]
