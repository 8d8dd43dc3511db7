"""Language integrity: a sentence of the case missing in the document's language stops check and export.

Names are not translated, so a name in one spelling is never missing; sentences are.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from hypothesis import given, settings, strategies as st

from desktop.core.case import case_from_dict
from desktop.core.draft import draft_from_dict
from desktop.core.language_integrity import guess_language, mark_fallbacks, missing_translations
from desktop.core.plan import make_plan, render

LANGS = ["en", "sv", "fr", "de", "ru"]

ENGLISH_ONLY_CASE = {
    "name": {"en": "Bolotnaya Square case"},
    "summary": {"en": "An authorised march in Moscow ended in mass arrests and the trial of the defendants."},
    "place": "Moscow",
    "country": "RU",
    "people": [{"name": "Tatsiana Ivanova", "gender": "female",
                "sentence": {"en": "3 years in a penal colony"},
                "charges": [{"article": "212(2)", "description": {"en": "participation in mass riots"}}]}],
    "demands": [{"en": "release Tatsiana Ivanova immediately and unconditionally"}],
}


def _draft(case, language="de", allow=False):
    return draft_from_dict({
        "format": "petition-desk/draft", "version": 1, "template": "appeal_mission", "language": language,
        "case": case,
        "recipients": [{"kind": "embassy", "organisation": "Botschaft", "city": "Berlin", "country": "DE"}],
        "signers": [{"name": "Anna Lindqvist"}],
        "letter": {"sender_country": "SE", **({"allow_language_fallback": True} if allow else {})},
    })


def test_english_only_facts_in_a_german_letter_are_problems_per_field():
    plan = make_plan(_draft(ENGLISH_ONLY_CASE))
    where = {p.where for p in plan.problems}
    assert {"case.name", "case.summary", "case.people[0].sentence", "case.people[0].charges[0].description",
            "case.demands[0]"} <= where
    assert "case.people[0].name" not in where and "case.place" not in where  # names are not translated
    text = next(p for p in plan.problems if p.where == "case.demands[0]").render()
    assert "German" in text and "English" in text and "allow_language_fallback" in text
    with pytest.raises(Exception):
        plan.require_ok()


def test_the_same_facts_in_english_have_no_problem():
    plan = make_plan(_draft(ENGLISH_ONLY_CASE, language="en"))
    assert not [p for p in plan.problems if p.where.startswith("case.")]


def test_allowed_fallback_is_a_note_and_marked_in_the_preview_only():
    plan = make_plan(_draft(ENGLISH_ONLY_CASE, allow=True))
    assert plan.ok, plan.problems
    assert "case.demands[0]" in {n.where for n in plan.notes}
    preview = render(plan, plan.documents[0], preview=True)
    export = render(plan, plan.documents[0])

    def italic(document):
        runs = [r for b in document.blocks for r in getattr(b, "runs", []) or
                [r for i in getattr(b, "items", []) for r in i.runs]]
        return " ".join(r.text for r in runs if r.italic)

    assert "release Tatsiana" in italic(preview).replace("\xa0", " ")
    assert "release Tatsiana" not in italic(export).replace("\xa0", " ")


def test_the_draft_field_round_trips():
    draft = _draft(ENGLISH_ONLY_CASE, allow=True)
    assert draft.letter.allow_language_fallback
    assert draft.to_dict()["letter"]["allow_language_fallback"] is True
    assert "allow_language_fallback" not in _draft(ENGLISH_ONLY_CASE).to_dict()["letter"]


# A name may carry a spelling per language, or only one: never a missing translation.
@settings(max_examples=25, deadline=None)
@given(language=st.sampled_from(LANGS), spellings=st.sets(st.sampled_from(LANGS), min_size=1))
def test_names_in_any_spelling_are_never_missing(language, spellings):
    case = case_from_dict({"name": {lang: "X" for lang in LANGS},
                           "people": [{"name": {lang: f"Sergei {lang}" for lang in spellings}}]})
    assert missing_translations(case, language) == []


# A sentence given in some languages is missing exactly in the others.
@settings(max_examples=40, deadline=None)
@given(language=st.sampled_from(LANGS), given_in=st.sets(st.sampled_from(LANGS), min_size=1),
       field=st.sampled_from(["summary", "note", "sentence", "court", "demand"]))
def test_a_sentence_is_missing_exactly_where_its_language_is_absent(language, given_in, field):
    text = {lang: f"text {lang}" for lang in given_in}
    data = {"name": {lang: "X" for lang in LANGS}, "people": [{"name": "A"}]}
    if field in ("summary", "note"):
        data[field] = text
    elif field == "demand":
        data["demands"] = [text]
    else:
        data["people"][0][field] = text
    missing = missing_translations(case_from_dict(data), language)
    assert bool(missing) == (language not in given_in)
    if missing:
        assert missing[0].found in given_in


@pytest.mark.parametrize("text, language, foreign", [
    ("release Tatsiana Ivanova immediately and unconditionally from the colony", "de", "en"),
    ("Die Polizei löste die Kundgebung auf und nahm die Teilnehmer fest", "en", "de"),
    ("освободить всех задержанных", "de", "ru"),
    ("free all of the defendants", "ru", "en"),
    ("Zamoskvoretsky District Court", "de", ""),  # a name: no small words, benefit of the doubt
    ("Bezirksgericht Samoskworezki in Moskau", "de", ""),
    ("Замоскворецкий районный суд", "ru", ""),
])
def test_plain_texts_are_judged_by_script_and_small_words(text, language, foreign):
    case = case_from_dict({"name": {language: "X"}, "summary": text})
    found = [m.found for m in missing_translations(case, language) if m.where == "case.summary"]
    assert found == ([foreign] if foreign else [])


def test_guess_language_needs_clear_evidence():
    assert guess_language("the case and the people") == "en"
    assert guess_language("Moscow") == ""


def test_cli_check_fails_on_english_only_facts_in_german(tmp_path):
    path = tmp_path / "draft.json"
    path.write_text(json.dumps({
        "format": "petition-desk/draft", "version": 1, "template": "appeal_mission", "language": "de",
        "case": ENGLISH_ONLY_CASE,
        "recipients": [{"kind": "embassy", "organisation": "Botschaft", "city": "Berlin", "country": "DE"}],
        "signers": [{"name": "Anna Lindqvist"}], "letter": {"sender_country": "SE"},
    }), encoding="utf-8")
    env = {**os.environ, "PETITION_DESK_DATA_DIR": str(tmp_path / "lib")}
    run = lambda *args: subprocess.run([sys.executable, "-m", "desktop.cli", *args], capture_output=True,  # noqa: E731
                                       text=True, env=env, timeout=300)
    checked = run("check", str(path))
    assert checked.returncode == 1 and "Traceback" not in checked.stderr
    assert "case.demands[0]" in checked.stderr and "case.summary" in checked.stderr
    exported = run("export", str(path), "--out", str(tmp_path / "out"), "--format", "pdf")
    assert exported.returncode == 1 and not list((tmp_path / "out").glob("*.pdf")) if (tmp_path / "out").exists() \
        else exported.returncode == 1
    data = json.loads(path.read_text(encoding="utf-8"))
    data["letter"]["allow_language_fallback"] = True
    path.write_text(json.dumps(data), encoding="utf-8")
    assert run("check", str(path)).returncode == 0
