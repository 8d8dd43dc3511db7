"""The Swedish name of a case, written one way by every Swedish template (the ``sv_the_case`` filter)."""

import re
from pathlib import Path

import pytest

from desktop.core.demo import load_demo_draft
from desktop.core.plan import make_plan, render
from desktop.core.sandbox import render_source

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def the_case(name, *args):
    call = "sv_the_case(" + ", ".join(f'"{a}"' for a in args) + ")"
    return render_source("{{ name|" + call + " }}", "inline", "sv", {"name": name})


@pytest.mark.parametrize("name, known_as, expected", [
    ("Bolotnajafallet", "fallet", "Bolotnajafallet"),  # already says it is a case: as it is
    ("Navalnyjmålet", "fallet", "Navalnyjmålet"),
    ("Minskärendet", "det ärende som är känt som", "Minskärendet"),
    ("Fallet Bolotnaja", "fallet", "fallet Bolotnaja"),  # inside a sentence: small first letter
    ("Målet mot Ivanova", "det ärende som är känt som", "målet mot Ivanova"),
    ("Protesterna i Minsk", "fallet", "fallet ”Protesterna i Minsk”"),  # anything else: quoted
    ("Protesterna i Minsk", "det ärende som är känt som", "det ärende som är känt som ”Protesterna i Minsk”"),
    ("Fallets efterspel", "fallet", "fallet ”Fallets efterspel”"),  # "Fallet" must be a word of its own
])
def test_the_filter(name, known_as, expected):
    assert the_case(name, known_as) == expected


def test_fallet_is_the_default():
    assert the_case("Protesterna i Minsk") == "fallet ”Protesterna i Minsk”"


# The petition sheets' and the leaflet's Swedish texts are being reworded around these lines; they take the
# filter with that change.
STILL_INLINE: set[str] = set()


def test_no_swedish_template_writes_the_rule_again():
    inline = re.compile(r'lower\[-7:\] == "ärendet"|"fallet "')
    repeated = {p.parent.name for p in TEMPLATES.glob("*/sv.txt") if inline.search(p.read_text(encoding="utf-8"))}
    assert repeated <= STILL_INLINE
    users = sorted(p.parent.name for p in TEMPLATES.glob("*/sv.txt") if "|sv_the_case(" in p.read_text("utf-8"))
    assert set(users) | repeated == {"action_report", "assembly_notice", "follow_up", "leaflet", "letter_legislator",
                                     "petition_sheets", "press_release", "update"}


def _text(template, name, people=None):
    draft = load_demo_draft()
    draft.case.name = {**draft.case.name, "sv": name}
    if people is not None:
        draft.case.people = draft.case.people[:people]
    plan = make_plan(draft, template=template, language="sv", check=False)
    return " ".join(render(plan, plan.documents[0]).plain_text().split())


def test_a_letter_names_an_unfamiliar_case_as_known_and_a_familiar_one_plainly():
    assert "det ärende som är känt som ”Protesterna i Minsk”" in _text("letter_legislator", "Protesterna i Minsk", 2)
    text = _text("letter_legislator", "Fallet Bolotnaja", 2)
    assert "fallet Bolotnaja" in text and "”Fallet Bolotnaja”" not in text


def test_the_press_release_says_fallet():
    assert "Krav på frihet för de sju fängslade i fallet ”Protesterna i Minsk”" in _text("press_release",
                                                                                 "Protesterna i Minsk")
