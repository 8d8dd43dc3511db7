import datetime as dt
from pathlib import Path

import pytest

from desktop.core import sandbox
from desktop.core.errors import PetitionDeskError
from desktop.core.markup import parse
from desktop.core.sandbox import CONTEXT_SCHEMA, check_source, check_template, render_source, render_text
from desktop.core.templates import get_template

FIXTURES = Path(__file__).parent / "fixtures" / "templates"


def fixture(template_id):
    return get_template(template_id, extra_dirs=[FIXTURES])


def empty_context(**overrides):
    """A context of the schema's shape with every field empty."""
    def blank(shape):
        if isinstance(shape, dict):
            return {key: blank(value) for key, value in shape.items()}
        if isinstance(shape, list):
            return []
        return {"date": None, "number": None, "flag": False}.get(shape, "")

    context = blank(CONTEXT_SCHEMA)
    for dotted, value in overrides.items():
        target = context
        *parents, last = dotted.split(".")
        for key in parents:
            target = target[key]
        target[last] = value
    return context


def render(source, language="en", **overrides):
    return render_source(source, "inline", language, empty_context(**overrides))


# -- refusals -----------------------------------------------------------------

@pytest.mark.parametrize(
    ("template_id", "line", "words"),
    [
        ("evil_class", 3, "internals of the program (__class__)"),
        ("evil_globals", 4, "internals of the program (__globals__)"),
        ("evil_include", 2, "cannot include or import other files"),
        ("evil_import", 1, "cannot include or import other files"),
        ("broken_syntax", 3, "unexpected '}'"),
    ],
)
def test_unsafe_or_broken_templates_are_refused_with_template_language_and_line(template_id, line, words):
    with pytest.raises(PetitionDeskError) as caught:
        render_text(fixture(template_id), "en", empty_context())
    message = str(caught.value)
    assert message.startswith(f"Template {template_id} (language en), line {line}: ")
    assert words in message


def test_the_field_check_refuses_unsafe_templates_too():
    with pytest.raises(PetitionDeskError, match="line 2: templates cannot include"):
        check_template(fixture("evil_include"), "en", empty_context())


@pytest.mark.parametrize(
    "source",
    [
        "{{ case.mro }}",
        "{{ case['__class__'] }}",
        "{{ case|attr('__class__') }}",
        "{{ case.people|map(attribute='name.__class__')|list }}",
        "{% extends 'base.txt' %}",
        "{% from 'x' import y %}",
    ],
)
def test_static_refusals(source):
    with pytest.raises(PetitionDeskError, match=r"Template inline \(language en\), line 1: templates cannot"):
        render(source)


def test_dynamic_reach_into_internals_is_refused_at_run_time_with_its_line():
    source = "Hello\n{% set n = '__cla' ~ 'ss__' %}\n{{ case|attr(n) }}\n"
    with pytest.raises(PetitionDeskError) as caught:
        render(source)
    assert "line 3: this template is refused" in str(caught.value)


def test_dynamic_attribute_names_in_filters_are_refused_at_run_time():
    source = "{% set a = '__cl' ~ 'ass__' %}\n{{ case.people|map(attribute=a)|list }}"
    with pytest.raises(PetitionDeskError, match="line 2: this template is refused"):
        render(source, **{"case.people": [{"name": "A"}]})


def test_huge_repetition_is_refused():
    with pytest.raises(PetitionDeskError, match="line 2: the template builds a text or list of more than"):
        render("ok\n{{ 'ab' * 10000000 }}")


def test_jinja_default_globals_and_random_are_gone():
    with pytest.raises(PetitionDeskError, match="line 1: the template uses a name or field that does not exist"):
        render("{{ lipsum() }}")
    with pytest.raises(PetitionDeskError, match="No filter named 'random'"):
        render("{{ [1, 2]|random }}")


def test_a_missing_language_names_the_available_ones():
    with pytest.raises(PetitionDeskError, match="has no sv version; choose one of: en, ru"):
        render_text(fixture("letter_demo"), "sv", empty_context())


# -- values and filters ---------------------------------------------------------

def test_inserted_values_cannot_create_markup():
    text = render("@subject Real subject\n\nDemand: {{ case.name }}\n", **{"case.name": "**x** - 1. @subject\n\n# y"})
    body = parse(text)
    assert body.subject == "Real subject"
    assert [b.text for b in body.blocks] == ["Demand: **x** - 1. @subject # y"]
    assert not any(run.bold for run in body.blocks[0].runs)


def test_control_characters_are_stripped_from_values():
    text = render("{{ case.name }}", **{"case.name": "A\x00B\x1bC\tD"})
    assert parse(text).blocks[0].text == "AB C\tD".replace(" ", "")


@pytest.mark.parametrize(("count", "words"), [(1, "1 письмо"), (2, "2 письма"), (5, "5 писем"), (21, "21 письмо"),
                                                (11, "11 писем"), (1000, "1 000 писем")])
def test_plural_in_russian(count, words):
    source = '{{ plural(n, one="# письмо", few="# письма", many="# писем") }}|{{ n|plural(one="# письмо", few="# письма", many="# писем") }}'
    context = empty_context()
    context["n"] = count
    text = parse(render_source(source, "inline", "ru", context)).blocks[0].text
    assert text.replace("\xa0", " ") == f"{words}|{words}"


def test_plural_in_english_and_a_clear_error_for_a_wrong_form():
    assert parse(render('{{ plural(2, one="# letter", other="# letters") }}')).blocks[0].text == "2 letters"
    with pytest.raises(PetitionDeskError, match="line 1: the template could not be filled in .*plural"):
        render('{{ plural(2, several="# letters") }}')


def test_dates_are_localized_for_language_and_destination():
    arrested = dt.date(2012, 5, 6)
    source = "{{ letter.date|date }} / {{ letter.date }} / {{ letter.date|date('short') }}"
    # CLDR keeps "г." on the year's line with a narrow no-break space; the day stays with its month.
    ru = parse(render(source, "ru", **{"letter.date": arrested})).blocks[0].text
    assert ru == "6\xa0мая 2012\u202fг. / 6\xa0мая 2012\u202fг. / 06.05.2012"
    assert parse(render(source, "en", **{"letter.date": arrested, "recipient.country": "US"})).blocks[0].text == (
        "May 6, 2012 / May 6, 2012 / 5/6/12"
    )
    assert parse(render("{{ letter.date|date }}", "en", **{"letter.date": arrested, "recipient.country": "GB"})
                 ).blocks[0].text == "6\xa0May 2012"


def test_lists_numbers_and_countries():
    names = ["Anna", "Boris", "Vera"]
    assert parse(render("{{ case.people|and_list }}", "ru", **{"case.people": names})).blocks[0].text == "Anna, Boris и Vera"
    assert parse(render("{{ case.people|or_list }}", "en", **{"case.people": names})).blocks[0].text == "Anna, Boris or Vera"
    assert parse(render("{{ case.people|or_list }}", "en", **{"case.people": names, "recipient.country": "US"})
                 ).blocks[0].text == "Anna, Boris, or Vera"
    assert parse(render("{{ 1234567|number }}", "de")).blocks[0].text == "1.234.567"
    assert parse(render("{{ 'SE'|country }}", "ru")).blocks[0].text == "Швеция"


def test_each_text_is_compiled_once():
    sandbox._compiled.cache_clear()
    for _ in range(5):
        render("Hello {{ case.name }}", **{"case.name": "x"})
    info = sandbox._compiled.cache_info()
    assert (info.misses, info.hits) == (1, 4)


# -- field check ----------------------------------------------------------------

def test_unknown_field_is_reported_with_its_line():
    context = empty_context(**{"case.name": "X", "salutation": "Dear Sir,", "closing": "Yours,"})
    problems = check_template(fixture("typo_field"), "en", context)
    assert [(p.where, p.params["field"]) for p in problems] == [("typo_field/en.txt:5", "case.pepole")]
    assert str(problems[0]).startswith("typo_field/en.txt:5: unknown field case.pepole")


def test_three_missing_facts_give_three_problems_at_once():
    context = empty_context(**{"case.people": [{"name": "Anna", "sentence": "4 years"}, {"name": "Boris", "sentence": ""}]})
    context["salutation"], context["closing"] = "Dear Sir,", "Yours,"
    problems = check_template(fixture("needs_facts"), "en", context)
    assert [p.where for p in problems] == ["needs_facts/en.txt:3", "needs_facts/en.txt:4", "needs_facts/en.txt:6"]
    assert [p.params["field"] for p in problems] == ["case.place", "case.summary", "case.people[].sentence"]
    assert problems[2].params["example"] == "case.people[1].sentence"
    assert str(problems[2]) == (
        "needs_facts/en.txt:6: missing: the template needs case.people[].sentence "
        "(e.g. case.people[1].sentence), which the case does not fill"
    )


def test_guards_defaults_and_or_hide_optional_fields():
    source = (
        "{% if case.note %}{{ case.note }}{% endif %}\n"
        "{{ case.summary|default('none') }} {{ case.place or 'somewhere' }}\n"
        "{{ case.country_name if case.country_name else '' }}\n"
        "{% for p in case.people %}{% if p.health %}{{ p.health }}{% endif %}{% endfor %}\n"
        "{% if recipient.person %}{{ recipient.person }}{% else %}{{ recipient.organisation|default('') }}{% endif %}\n"
    )
    context = empty_context(**{"case.people": [{"name": "A", "health": ""}]})
    assert check_source(source, "t", "en", context) == []


def test_a_guard_on_a_list_covers_elements_only_where_the_list_is_empty():
    source = "{% if case.people %}{{ case.people[0].name }}: {{ case.people[0].sentence }}{% endif %}"
    assert check_source(source, "t", "en", empty_context()) == []
    problems = check_source(source, "t", "en", empty_context(**{"case.people": [{"name": "A", "sentence": ""}]}))
    assert [p.params["field"] for p in problems] == ["case.people[0].sentence"]


def test_element_guards_are_checked_per_element():
    source = (
        "{% for p in case.people %}{% if p.charges %}{{ p.charges[0].article }}: {{ p.charges[0].description }}"
        "{% endif %}{% endfor %}"
    )
    people = [
        {"name": "A", "charges": []},
        {"name": "B", "charges": [{"article": "212", "description": "riots"}]},
        {"name": "C", "charges": [{"article": "318", "description": ""}]},
    ]
    problems = check_source(source, "t", "en", empty_context(**{"case.people": people}))
    assert [(p.params["field"], p.params["example"]) for p in problems] == [
        ("case.people[].charges[0].description", "case.people[2].charges[0].description")
    ]


def test_loops_need_their_list_unless_they_have_an_else():
    needs = "{% for d in case.demands %}{{ d.text }}{% endfor %}"
    optional = "{% for d in case.demands %}{{ d.text }}{% else %}none{% endfor %}"
    assert [p.params["field"] for p in check_source(needs, "t", "en", empty_context())] == ["case.demands"]
    assert check_source(optional, "t", "en", empty_context()) == []


def test_aliases_map_and_sort_resolve_to_the_real_fields():
    source = (
        "{% set first = case.people[0] %}{{ first.nam }}\n"
        "{{ case.people|map(attribute='sentense')|and_list }}\n"
        "{% for p in case.people|sort(attribute='name') %}{{ p.agee }}{% endfor %}\n"
        "{{ recipent.person }} {{ sender.address_lines|join(', ') }} {{ letter.date.year }} {{ loop_var }}\n"
    )
    problems = check_source(source, "t", "en", empty_context(**{"case.people": [{"name": "A"}]}))
    fields = [(p.where, p.params["field"]) for p in problems if p.text.startswith("unknown")]
    assert fields == [
        ("t/en.txt:1", "case.people[0].nam"),
        ("t/en.txt:2", "case.people[].sentense"),
        ("t/en.txt:3", "case.people[].agee"),
        ("t/en.txt:4", "recipent"),
        ("t/en.txt:4", "loop_var"),
    ]


def test_signer_and_letter_fields_name_their_owner():
    problems = check_source("{{ sender.email }} {{ letter.deadline|date }}", "t", "en", empty_context())
    assert [str(p) for p in problems] == [
        "t/en.txt:1: missing: the template needs sender.email, which the signer's profile does not fill",
        "t/en.txt:1: missing: the template needs letter.deadline, which the letter settings do not fill",
    ]


def test_the_fixture_letter_checks_clean_when_the_facts_are_there():
    people = [{"name": "Anna", "age": 30, "sentence": "4 years", "charges": []}]
    context = empty_context(**{
        "case.name": "Bolotnaya", "case.people": people, "case.demands": [{"text": "Release"}],
        "case.events": [{"date": dt.date(2012, 5, 6), "description": "rally"}],
    })
    context["salutation"], context["closing"] = "Dear Sir,", "Yours,"
    assert check_template(fixture("letter_demo"), "en", context) == []
    assert check_template(fixture("letter_demo"), "ru", context) == []


def test_demands_print_as_text_with_or_without_dot_text():
    from desktop.core.compose import TextItem

    context = empty_context(**{"case.demands": [TextItem("Free them"), TextItem("Drop *charges*")]})
    source = "{% for d in case.demands %}{{ d }} / {{ d.text }}\n\n{% endfor %}"
    assert check_source(source, "t", "en", context) == []
    blocks = parse(render_source(source, "t", "en", context)).blocks
    assert [b.text for b in blocks] == ["Free them / Free them", "Drop *charges* / Drop *charges*"]
    assert [p.params["field"] for p in check_source("{{ case.demands[0].txt }}", "t", "en", context)] == [
        "case.demands[0].txt"
    ]


def test_first_and_last_resolve_to_list_elements():
    source = "{{ (case.people|first).name }} {{ (case.people|last).sentense }}"
    context = empty_context(**{"case.people": [{"name": "", "sentence": "x"}]})
    assert [(p.text.split(":")[0], p.params["field"]) for p in check_source(source, "t", "en", context)] == [
        ("missing", "case.people[0].name"), ("unknown field %(field)s", "case.people[-1].sentense")
    ]


def test_macro_output_printed_again_keeps_every_character():
    from desktop.core.markup import parse
    from desktop.core.sandbox import render_source

    source = '{% macro who(x) %}{{ x }}{% endmacro %}Signed: {{ who(name) }}\n'
    text = render_source(source, "macro_test", "en", {"name": "Solidarity group (example) - *A*.#1"})
    assert parse(text).blocks[0].text == "Signed: Solidarity group (example) - *A*.#1"
