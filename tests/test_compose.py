import datetime as dt
import sys
import types
from pathlib import Path

import pytest

from dataclasses import replace

from desktop.core import compose, localize
from desktop.core.case import case_from_dict
from desktop.core.compose import LetterOptions, build_context, document_problems, render_document
from desktop.core.document import AddressBlock, ListBlock, Paragraph, SignatureBlock
from desktop.core.errors import ValidationError
from desktop.core.recipients import recipient_from_dict
from desktop.core.sandbox import CONTEXT_SCHEMA
from desktop.core.signers import Signer
from desktop.core.templates import get_template

FIXTURES = Path(__file__).parent / "fixtures" / "templates"
GREETINGS = {"en": ("Dear Ambassador,", "Yours sincerely,"), "ru": ("Уважаемый господин Посол!", "С уважением,")}


@pytest.fixture(autouse=True)
def greetings_and_phrases(monkeypatch, tmp_path):
    """Stand-ins for salutations.py and the phrase files, so these tests pin their own words."""
    fake = types.ModuleType("desktop.core.salutations")
    fake.salutation = lambda recipient, language: GREETINGS[language][0]
    fake.closing = lambda recipient, language: GREETINGS[language][1]
    monkeypatch.setitem(sys.modules, "desktop.core.salutations", fake)
    phrases = tmp_path / "builtin" / "_phrases"
    phrases.mkdir(parents=True)
    (phrases / "en.toml").write_text(
        'page_of = "Page {page} of {pages}"\nsubject_prefix = "Re:"\ndate_line = "{place}, {date}"\n'
        'historical_example = "Historical example, not a current appeal."\n', encoding="utf-8")
    (phrases / "ru.toml").write_text(
        'page_of = "Страница {page} из {pages}"\nsubject_prefix = "Тема:"\n'
        'historical_example = "Исторический пример, а не текущее обращение."\n', encoding="utf-8")
    monkeypatch.setattr(compose, "templates_dir", lambda: tmp_path / "builtin")


def make_case(**extra):
    data = {
        "name": {"en": "Bolotnaya Square case", "ru": "Болотное дело"},
        "place": {"en": "Moscow", "ru": "Москва"},
        "country": "RU",
        "events": [{"date": "2012-05-06", "description": "demonstration"}],
        "people": [
            {"name": {"en": "Anna Petrova", "ru": "Анна Петрова"}, "age": 30, "sentence": {"en": "4 years", "ru": "4 года"},
             "charges": [{"article": "212(2)", "description": "mass riots"}]},
            {"name": {"en": "Boris Ivanov", "ru": "Борис Иванов"}, "sentence": {"en": "3 years", "ru": "3 года"}},
        ],
        "demands": [{"en": "Release them", "ru": "Освободить их"}, "Quash the **sentences** - 1. @subject"],
    }
    data.update(extra)
    return case_from_dict(data)


RECIPIENT = recipient_from_dict({
    "kind": "embassy", "person": "Ivan Ivanov", "title": "Ambassador", "organisation": "Embassy of Russia",
    "address_lines": ["Gjörwellsgatan 31"], "postal_code": "112 60", "city": "Stockholm", "country": "SE",
})
SIGNERS = [
    Signer(name="Eva Svensson", role="Member of the Riksdag", party="V", organisation="Riksdag",
           address_lines=["Box 1", "100 12 Stockholm"], email="eva@example.org"),
    Signer(name="Olle Berg"),
]
OPTIONS = LetterOptions(date=dt.date(2012, 5, 6), place="Стокгольм", sender_country="SE")


def keys(shape):
    if isinstance(shape, dict):
        return {k: keys(v) for k, v in shape.items()}
    if isinstance(shape, list):
        return [keys(shape[0])] if shape else []
    return None


def test_the_context_has_exactly_the_schema_fields_in_plain_types():
    people = [{"name": {"en": "Anna Petrova", "ru": "Анна Петрова"}, "charges": [{"article": "212(2)"}],
               "custody": custody} for custody in ("in_custody", "at_liberty")]  # one in each list
    context = build_context(make_case(officials=[{"name": "X"}], sources=["https://example.org"], counts=[
        {"value": 400, "what": "detained"}], people=people), RECIPIENT, SIGNERS, "ru", OPTIONS)
    context["case"]["events"] = context["case"]["events"][:1]
    assert keys(context) == keys(CONTEXT_SCHEMA)
    assert context["case"]["name"] == "Болотное дело" and context["case"]["country_name"] == "Россия"
    assert context["case"]["people"][0]["arrested"] is None and context["case"]["events"][0]["date"] == dt.date(2012, 5, 6)
    assert context["sender"]["name"] == "Eva Svensson" and context["recipient"]["country_name"] == "Швеция"
    assert context["salutation"] == "Уважаемый господин Посол!"
    no_signer = build_context(make_case(), RECIPIENT, [], "en", OPTIONS)
    assert no_signer["sender"]["name"] == "" and no_signer["signers"] == []


def test_a_russian_letter_reads_in_the_right_order():
    document = render_document(get_template("letter_demo", [FIXTURES]), "ru", make_case(), RECIPIENT, SIGNERS, OPTIONS)
    text = document.plain_text().replace("\xa0", " ").replace("\xad", "")
    order = ["Ivan Ivanov", "Gjörwellsgatan 31", "112 60 Stockholm", "Стокгольм, 6 мая 2012\u202fг.", "Тема: Освободите",
             "Уважаемый господин Посол!", "Болотное дело", "Анна Петрова", "Борис Иванов", "С уважением,",
             "Eva Svensson", "Member of the Riksdag (V)", "Olle Berg"]
    position = 0
    for words in order:  # each found after the one before
        found = text.find(words, position)
        assert found >= 0, f"{words!r} missing or out of order in:\n{text}"
        position = found + len(words)
    assert "преследуются 2 человека" in text
    assert document.title.startswith("Освободите Анна Петрова и Борис Иванов")
    assert document.language == "ru" and document.paper == "A4" and document.subject == "Болотное дело"
    assert document.furniture.footer_text == "Страница {page} из {pages}"
    assert document.furniture.letterhead == ["Riksdag", "Box 1", "100\xa012\xa0Stockholm", "eva@example.org"]  # the postcode is not broken
    assert document.author == ""


def test_frame_blocks_have_their_roles():
    document = render_document(get_template("letter_demo", [FIXTURES]), "en", make_case(), RECIPIENT, SIGNERS, OPTIONS)
    blocks = document.blocks
    assert isinstance(blocks[0], AddressBlock)
    # The place is in Cyrillic and the letter in English: the date stands alone rather than mix scripts.
    assert (blocks[1].role, blocks[1].align, blocks[1].text) == ("date", "right", "6\xa0May\xa02012")
    assert (blocks[2].role, blocks[2].runs[0].bold, blocks[2].text) == ("subject", True,
                                                                        "Re: Release Anna Petrova and Boris Ivanov")
    roles = {b.text: b.role for b in blocks if isinstance(b, Paragraph)}
    assert roles["Dear Ambassador,"] == "salutation" and roles["Yours sincerely,"] == "closing"
    people, demands = [b for b in blocks if isinstance(b, ListBlock)]
    assert people.style == "bullet" and people.items[0].runs[0].bold and people.items[0].runs[0].text == "Anna Petrova"
    assert people.items[0].children.items[0].text == "article\xa0212(2) (mass riots)"
    assert demands.style == "decimal"
    assert [i.text for i in demands.items] == ["Release them", "Quash the **sentences** - 1. @subject"]
    assert isinstance(blocks[-1], SignatureBlock)
    assert [s.name for s in blocks[-1].signatures] == ["Eva Svensson", "Olle Berg"]
    assert blocks[-1].signatures[0].lines == ["Member of the Riksdag (V)", "Riksdag"]
    assert blocks[0].lines[-1] == "112\xa060\xa0Stockholm"  # posted inside Sweden: no country line


def test_date_line_without_place_has_no_comma_and_deadline_is_optional():
    options = LetterOptions(date=dt.date(2012, 5, 6), deadline=dt.date(2012, 6, 1), paper="Letter", include_author=True)
    document = render_document(get_template("letter_demo", [FIXTURES]), "en", make_case(), RECIPIENT, SIGNERS, options)
    assert document.blocks[1].text == "6\xa0May\xa02012"  # a no-break space: the day stays with its month
    assert "Please reply before 1 June 2012." in document.plain_text().replace("\xa0", " ").replace("\xad", "")
    assert document.paper == "Letter" and document.author == "Eva Svensson"


def test_paper_follows_the_recipients_country():
    us = recipient_from_dict({"organisation": "Embassy of Russia", "kind": "embassy", "address_lines": ["2650 Wisconsin Ave NW"],
                              "city": "Washington", "region": "DC", "postal_code": "20007", "country": "US"})
    document = render_document(get_template("letter_demo", [FIXTURES]), "en", make_case(), us, SIGNERS, OPTIONS)
    assert document.paper == "Letter"
    assert "May\xa06, 2012" in document.blocks[1].text


def test_a_historical_example_says_so_at_the_foot_of_every_page():
    case = make_case(historical_example=True)
    document = render_document(get_template("letter_demo", [FIXTURES]), "ru", case, RECIPIENT, SIGNERS, OPTIONS)
    # In the page furniture, not after the signatures, where it could be pushed onto a page of its own.
    assert document.furniture.note == "Исторический пример, а не текущее обращение."
    assert "Исторический пример" not in document.plain_text()
    plain = render_document(get_template("letter_demo", [FIXTURES]), "ru", make_case(), RECIPIENT, SIGNERS, OPTIONS)
    assert plain.furniture.note == ""


def test_missing_facts_stop_the_letter_with_every_problem_listed():
    case = make_case(people=[{"name": "Anna"}, {"name": "Boris"}], demands=[], events=[])
    info = get_template("letter_demo", [FIXTURES])
    problems = document_problems(info, "en", case, RECIPIENT, SIGNERS, OPTIONS)
    assert [p.params["field"] for p in problems] == ["case.events[0].date", "case.people[].sentence", "case.demands"]
    with pytest.raises(ValidationError) as caught:
        render_document(info, "en", case, RECIPIENT, SIGNERS, OPTIONS)
    assert caught.value.problems == problems
    assert "letter_demo/en.txt has 3 problems:" in caught.value.message()


def test_plain_layout_has_no_letter_frame():
    case = make_case(summary="What happened.")
    document = render_document(get_template("plain_demo", [FIXTURES]), "en", case, RECIPIENT, SIGNERS, OPTIONS)
    assert not any(isinstance(b, (AddressBlock, SignatureBlock)) for b in document.blocks)
    assert document.blocks[0].role == "title" and document.blocks[0].text == "Statement on Bolotnaya Square case"
    assert document.furniture.letterhead == []
    demands = next(b for b in document.blocks if isinstance(b, ListBlock))
    assert demands.style == "lower-alpha" and len(demands.items) == 2


def test_phrases_fall_back_to_english_then_neutral():
    phrases = compose.load_phrases("sv")
    assert phrases["page_of"] == "Page {page} of {pages}"
    assert compose.load_phrases("ru")["date_line"] == "{place}, {date}"


def test_the_date_line_keeps_the_place_only_in_the_letters_script():
    english = replace(OPTIONS, place="Stockholm")
    blocks = render_document(get_template("letter_demo", [FIXTURES]), "en", make_case(), RECIPIENT, SIGNERS,
                             english).blocks
    assert blocks[1].text == "Stockholm, 6\xa0May\xa02012"
    russian = render_document(get_template("letter_demo", [FIXTURES]), "ru", make_case(), RECIPIENT, SIGNERS,
                              english).blocks
    assert russian[1].text == "6\xa0мая\xa02012\u202fг."  # GOST R 7.0.97-2016: the date alone, no Latin place
    assert localize.place_in_script("Стокгольм", "ru") == "Стокгольм"
    assert localize.place_in_script("Stockholm", "ru") == ""
    assert localize.place_in_script("Stockholm", "de") == "Stockholm"
