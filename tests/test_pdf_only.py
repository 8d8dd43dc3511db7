"""Posters, envelopes and labels are made as PDF only: one rule of the plan, one sentence for every such template."""

import pytest

from desktop.core.demo import load_demo_draft
from desktop.core.plan import make_plan
from desktop.core.planned import PDF_ONLY, PDF_ONLY_NOTE, PDF_ONLY_REFUSED, POST, POSTER

DRAWN = ["placard", "banner", "leaflet", "envelopes", "labels"]


def plan_for(template, formats):
    draft = load_demo_draft()
    if template == "leaflet":
        draft.options["url"] = "https://example.org/petition"
    return make_plan(draft, template=template, language="en", formats=formats)


def format_problems(plan):
    return [p.text for p in plan.problems if p.where == "export.formats"]


def format_notes(plan):
    return [p.text for p in plan.notes if p.where == "export.formats"]


def test_the_drawn_kinds_are_pdf_only():
    assert PDF_ONLY == {POSTER, POST}


@pytest.mark.parametrize("template", DRAWN)
@pytest.mark.parametrize("formats", [("pdf", "docx"), ("pdf", "eml"), ("pdf", "docx", "eml")])
def test_the_pdf_is_made_and_the_others_left_with_one_note(template, formats):
    plan = plan_for(template, formats)
    assert plan.ok, plan.problems
    assert plan.formats == ("pdf",)
    assert format_notes(plan) == [PDF_ONLY_NOTE]


@pytest.mark.parametrize("template", DRAWN)
@pytest.mark.parametrize("formats", [("docx",), ("eml",), ("docx", "eml")])
def test_without_the_pdf_it_is_one_problem_in_one_sentence(template, formats):
    plan = plan_for(template, formats)
    assert format_problems(plan) == [PDF_ONLY_REFUSED]
    assert not format_notes(plan)


@pytest.mark.parametrize("template", DRAWN)
def test_the_pdf_alone_says_nothing(template):
    plan = plan_for(template, ("pdf",))
    assert plan.ok, plan.problems
    assert plan.formats == ("pdf",) and not format_notes(plan)


def test_a_letter_keeps_every_format():
    plan = plan_for("appeal_mission", ("pdf", "docx"))
    assert plan.ok, plan.problems
    assert plan.formats == ("pdf", "docx") and not format_notes(plan)
