"""Settings declared in a template's manifest: parsing, reading a draft's values, and checks."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys

import pytest

from desktop.core.checks import check_draft
from desktop.core.compose import LetterOptions, build_context, render_document, with_template_settings
from desktop.core.demo import load_demo_draft
from desktop.core.draft import save_draft
from desktop.core.errors import PetitionDeskError, ValidationError
from desktop.core.template_options import UNKNOWN_OPTION
from desktop.core.templates import get_template, load_template, read_options, templates_dir

LANGS = ("en", "sv", "fr", "de", "ru")


def user_template(tmp_path, options_toml: str, name: str = "my_letter"):
    """A copy of the built-in mission appeal with ``options_toml`` appended to its manifest."""
    folder = tmp_path / name
    shutil.copytree(templates_dir() / "appeal_mission", folder)
    manifest = folder / "manifest.toml"
    text = manifest.read_text(encoding="utf-8").replace('id = "appeal_mission"', f'id = "{name}"')
    manifest.write_text(text + "\n" + options_toml, encoding="utf-8")
    return folder


# -- the manifests ---------------------------------------------------------------

def test_built_in_templates_declare_their_settings():
    petition = {o.name: o for o in get_template("petition_sheets").options}
    assert list(petition) == ["sheets", "rows", "contact", "return_address", "deadline", "qr_code"]
    assert (petition["sheets"].type, petition["sheets"].default, petition["sheets"].min, petition["sheets"].max) \
        == ("int", 1, 1, 500)
    assert (petition["rows"].default, petition["rows"].max) == (15, 40)
    assert petition["contact"].type == "bool" and petition["deadline"].type == "date"
    assert petition["sheets"].label("sv") == "Antal namnlistor"
    assert petition["sheets"].label("xx") == "Number of sheets"  # English when a language is missing

    style = get_template("resolution").options[0]
    assert (style.name, style.type, style.choices, style.default) == \
        ("style", "choice", ("ep", "riksdag", "us", "generic"), "generic")
    assert style.choice_label("riksdag", "en") == "Swedish Riksdag motion"
    assert style.choice_label("ep", "de") == "Entschließung des Europäischen Parlaments"
    resolution = {o.name: o.type for o in get_template("resolution").options}
    assert resolution == {"style": "choice", "session": "text", "number": "text", "congress": "int",
                          "citations": "lines", "recitals": "lines", "line_numbers": "bool"}
    ask = get_template("letter_legislator").options[0]
    assert (ask.name, ask.choices, ask.default) == ("ask", ("support", "table", "cosponsor"), "support")


@pytest.mark.parametrize("template", ["petition_sheets", "resolution", "letter_legislator"])
def test_every_label_is_written_in_all_five_languages(template):
    for option in get_template(template).options:
        assert set(option.labels) == set(LANGS), option.name
        for choice in option.choices:
            assert set(option.choice_labels[choice]) == set(LANGS), (option.name, choice)


def test_a_user_template_with_settings_is_read(tmp_path):
    folder = user_template(tmp_path, '''
[[options]]
name = "copies"
type = "int"
default = 2
min = 1
max = 9
[options.label]
en = "Copies"
ru = "Копии"

[[options]]
name = "tone"
type = "choice"
choices = ["formal", "warm"]
[options.label]
en = "Tone"
[options.choice_labels.warm]
en = "Warm"
''')
    info = load_template(folder)
    copies, tone = info.options
    assert (copies.default, copies.label("ru"), copies.label("fr")) == (2, "Копии", "Copies")
    assert tone.default == "formal"  # the first choice when none is given
    assert tone.choice_label("warm", "sv") == "Warm" and tone.choice_label("formal", "en") == "formal"


@pytest.mark.parametrize("declaration, where", [
    ('[[options]]\nname = "copies"\ntype = "number"\n[options.label]\nen = "Copies"\n', "options[0].type"),
    ('[[options]]\nname = "copies"\ntype = "int"\ndefault = 20\nmax = 9\n[options.label]\nen = "Copies"\n',
     "options[0].default"),
    ('[[options]]\nname = "tone"\ntype = "choice"\n[options.label]\nen = "Tone"\n', "options[0].choices"),
    ('[[options]]\nname = "copies"\ntype = "int"\n', "options[0].label"),
    ('[[options]]\nname = "Copies!"\ntype = "int"\n[options.label]\nen = "Copies"\n', "options[0].name"),
    ('[[options]]\nname = "copies"\ntype = "text"\nmin = 1\n[options.label]\nen = "Copies"\n', "options[0].min"),
    ('[[options]]\nname = "a"\ntype = "bool"\n[options.label]\nen = "A"\n'
     '[[options]]\nname = "a"\ntype = "bool"\n[options.label]\nen = "A"\n', "options[1].name"),
])
def test_a_malformed_declaration_names_the_template_and_the_entry(tmp_path, declaration, where):
    folder = user_template(tmp_path, declaration, name="broken_settings")
    with pytest.raises(ValidationError) as caught:
        load_template(folder)
    error = caught.value
    assert "broken_settings" in error.source
    assert any(p.where.endswith(where) and "broken_settings" in p.where for p in error.problems), error.problems
    assert "broken_settings" in str(error)


# -- reading a draft's values ---------------------------------------------------------

def test_read_options_converts_text_and_fills_defaults():
    values, problems = read_options(get_template("petition_sheets"),
                                    {"sheets": "20", "contact": "true", "deadline": "2026-06-30"})
    assert problems == []
    assert values == {"sheets": 20, "rows": 15, "contact": True, "return_address": "",
                      "deadline": dt.date(2026, 6, 30), "qr_code": False}
    values, problems = read_options(get_template("resolution"), {"citations": "a\n\n b ", "congress": "119"})
    assert problems == []
    assert values["citations"] == ["a", "b"] and values["recitals"] == []
    assert values["congress"] == 119 and values["style"] == "generic" and values["session"] == ""


def test_read_options_reports_bad_values_and_unknown_keys():
    raw = {"sheets": 0, "rows": "many", "contact": "perhaps", "deadline": "30 June", "colour": "red"}
    values, problems = read_options(get_template("petition_sheets"), raw)
    found = {p.where: p for p in problems}
    assert set(found) == {"options.sheets", "options.rows", "options.contact", "options.deadline", "options.colour"}
    assert found["options.sheets"].params == {"low": 1, "high": 500}
    assert found["options.colour"].text == UNKNOWN_OPTION
    assert found["options.colour"].params == {"template": "petition_sheets"}
    # bad values fall back to the defaults; unknown keys are kept for the template that knows them
    assert values["sheets"] == 1 and values["rows"] == 15 and values["contact"] is False
    assert values["deadline"] is None and values["colour"] == "red"
    _values, problems = read_options(get_template("resolution"), {"style": "senate"})
    assert [(p.where, p.params["choices"]) for p in problems] == [("options.style", "ep, riksdag, us, generic")]


def test_defaults_reach_the_template_context():
    draft = load_demo_draft()
    info = get_template("petition_sheets")
    options = with_template_settings(info, LetterOptions.from_draft(draft))
    context = build_context(draft.case, draft.recipients[0], draft.signers, "en", options)
    assert context["options"]["sheets"] == 1 and context["options"]["rows"] == 15


def test_a_bad_value_still_meets_the_layouts_own_check():
    draft = load_demo_draft()
    options = LetterOptions.from_draft(draft)
    options.template_options = {"rows": 0}
    with pytest.raises(Exception) as caught:
        render_document(get_template("petition_sheets"), "en", draft.case, draft.recipients[0], draft.signers,
                        options)
    assert "rows" in str(caught.value) and "1" in str(caught.value) and "40" in str(caught.value)


def test_check_draft_lists_bad_settings_and_notes_unknown_ones():
    draft = load_demo_draft()
    draft.template = "petition_sheets"
    draft.options = {"rows": 0, "style": "ep"}
    result = check_draft(draft)
    assert [p.where for p in result.problems if p.where.startswith("options.")] == ["options.rows"]
    assert "options.style" in [n.where for n in result.notes]
    assert not result.ok


# -- the command line -------------------------------------------------------------------

def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "desktop.cli", *args], capture_output=True, text=True,
                          env=dict(os.environ), timeout=300)


def test_check_command_names_a_bad_setting(tmp_path):
    draft = load_demo_draft()
    draft.template = "petition_sheets"
    draft.options = {"rows": 0}
    path = tmp_path / "petition.json"
    save_draft(draft, path)
    assert json.loads(path.read_text(encoding="utf-8"))["options"] == {"rows": 0}
    result = run_cli("check", str(path))
    assert result.returncode == 1
    assert "options.rows" in result.stderr and "40" in result.stderr
    assert "Traceback" not in result.stderr

    draft.options = {"rows": 15}
    save_draft(draft, path)
    result = run_cli("check", str(path))
    assert result.returncode == 0, result.stderr
    assert "options.rows" not in result.stderr + result.stdout


# -- one parser: every reader of a setting treats "" (and the other odd values) alike ---------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from desktop.core.layouts import petition  # noqa: E402

_ODD_VALUES = st.one_of(
    st.sampled_from(["", " ", "  \t", "0", "1", "15", "40", "41", "yes", "no", "2026-06-30", "30/06/2026", "x"]),
    st.integers(-5, 600), st.booleans(), st.none(), st.text(max_size=6),
)


@settings(max_examples=60, deadline=None)
@given(name=st.sampled_from(petition.SETTINGS), value=_ODD_VALUES)
def test_the_petition_layout_reads_a_setting_exactly_as_the_manifest_parser_does(name, value):
    info = get_template("petition_sheets")
    values, problems = read_options(info, {name: value})
    wrong = [p for p in problems if p.where == f"options.{name}"]
    deadline, sender = dt.date(2030, 1, 1), "The signers' address"
    if wrong:
        with pytest.raises(PetitionDeskError) as caught:
            petition.sheet_options({name: value}, deadline, sender)
        assert name in caught.value.message() or name == "deadline"
        return
    sheets = petition.sheet_options({name: value}, deadline, sender)
    read = getattr(sheets, name)
    expected = values[name]
    if name == "deadline":
        expected = expected or deadline
    elif name == "return_address":
        expected = " ".join(expected.split()) or sender
    assert read == expected
    # ... and the values the parser produced are read back unchanged (the layout does not parse again).
    assert getattr(petition.sheet_options(values, deadline, sender), name) == read


@pytest.mark.parametrize("template", ["petition_sheets", "resolution", "appeal_mission", "letter_legislator",
                                      "appeal_official", "action_report"])
def test_an_empty_value_means_the_default_for_every_setting_but_text(template):
    info = get_template(template)
    for option in info.options:
        values, problems = read_options(info, {option.name: ""})
        assert not [p for p in problems if p.where == f"options.{option.name}"], option.name
        assert values[option.name] == ("" if option.type == "text" else option.fallback()), option.name


def test_the_petition_layout_takes_its_limits_and_defaults_from_the_manifest():
    declared = {o.name: o for o in get_template("petition_sheets").options}
    assert set(petition.SETTINGS) <= set(declared)
    assert petition.declared_settings() == {name: declared[name] for name in petition.SETTINGS}
    assert petition.sheet_options({}) == petition.SheetOptions(
        sheets=declared["sheets"].default, rows=declared["rows"].default, contact=declared["contact"].default,
        return_address="", deadline=None, qr_code=declared["qr_code"].default)
