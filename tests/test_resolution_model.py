"""The resolution's structure: its parts, their labels per style, edits, translations that lag behind."""

from __future__ import annotations

import pytest

from desktop.core.demo import load_demo_draft
from desktop.core.draft import draft_from_dict
from desktop.core.errors import PetitionDeskError, ValidationError
from desktop.core.resolution import edit
from desktop.core.resolution.model import KINDS, Resolution, resolution_from_data
from desktop.core.resolution.numbering import labels, outline, used_kinds
from desktop.core.resolution.seed import from_case

LANGUAGES = ["en", "sv", "fr", "de", "ru"]


def texts(res: Resolution, kind: str, language: str = "en") -> list[str]:
    return [p.text.get(language) for p in res.section(kind)]


def build(recitals: int = 3, operative: int = 3) -> Resolution:
    res = Resolution(languages=["en", "sv"])
    for i in range(1, recitals + 1):
        edit.add_part(res, "recital", "en", f"recital {i}")
    for i in range(1, operative + 1):
        edit.add_part(res, "operative", "en", f"paragraph {i}")
    return res


@pytest.fixture(scope="module")
def demo_resolution() -> Resolution:
    return from_case(load_demo_draft(), LANGUAGES)


def test_the_template_writes_the_same_parts_in_every_language(demo_resolution):
    # The side-by-side editor aligns languages part by part: each part has text in all five.
    for part in demo_resolution.walk():
        missing = [lang for lang in LANGUAGES if not part.text.get(lang).strip()]
        assert not missing, (part.kind, part.text.values)
    # People sentenced by the same court under the same articles share one recital (a sentence, not a form).
    assert len(demo_resolution.section("recital")) >= 5
    assert [len(p.children) for p in demo_resolution.section("operative")].count(3) == 1
    for lang in LANGUAGES:
        assert demo_resolution.stale_parts(lang) == []


def test_thirty_recitals_are_lettered_like_parliaments_do():
    res = build(recitals=30, operative=2)
    marks = labels(res, "ep")
    recital_labels = [marks[p.id] for p in res.section("recital")]
    assert recital_labels[:3] == ["A.", "B.", "C."]
    assert recital_labels[25:] == ["Z.", "AA.", "AB.", "AC.", "AD."]
    assert [marks[p.id] for p in res.section("operative")] == ["1.", "2."]


def test_labels_follow_the_style():
    res = build(recitals=2, operative=2)
    edit.add_point(res, res.section("operative")[0].id, "en", "point one")
    edit.add_point(res, res.section("operative")[0].id, "en", "point two")
    edit.add_part(res, "citation", "en", "the Charter")
    first = res.section("operative")[0]
    ep, us, riksdag = labels(res, "ep"), labels(res, "us"), labels(res, "riksdag")
    assert [ep[c.id] for c in first.children] == ["(a)", "(b)"]
    assert ep[res.section("citation")[0].id] == "–"
    assert [us[p.id] for p in res.section("operative")] == ["(1)", "(2)"]
    assert [us[c.id] for c in first.children] == ["(A)", "(B)"]
    assert us[res.section("recital")[0].id] == ""  # "Whereas" clauses carry no letter
    assert us[res.section("citation")[0].id] == ""  # not printed in a US resolution
    assert used_kinds("us", res) == ("recital", "operative")
    # A motion without proposals of its own numbers its operative paragraphs as proposals.
    assert [riksdag[p.id] for p in res.section("operative")] == ["1.", "2."]
    edit.add_part(res, "proposal", "en", "the need to act")
    assert used_kinds("riksdag", res) == ("proposal", "recital")
    assert labels(res, "riksdag")[res.section("operative")[0].id] == ""


def test_moving_renumbers():
    res = build(recitals=4)
    c = res.section("recital")[2].id
    edit.move(res, c, "recital", 0)
    assert texts(res, "recital") == ["recital 3", "recital 1", "recital 2", "recital 4"]
    assert labels(res, "ep")[c] == "A."
    assert edit.move_by(res, c, +1)
    assert labels(res, "ep")[c] == "B."
    assert not edit.move_by(res, res.section("recital")[-1].id, +1)
    # a drop below its own place counts places before the part is taken out
    edit.move(res, c, "recital", 4)
    assert texts(res, "recital")[-1] == "recital 3"


def test_moving_into_another_section_changes_the_kind():
    res = build(recitals=2, operative=1)
    part = res.section("recital")[1]
    edit.move(res, part.id, "citation", 0)
    assert part.kind == "citation" and texts(res, "citation") == ["recital 2"]
    edit.move(res, part.id, "operative", 0, parent_id=res.section("operative")[0].id)
    assert res.section("operative")[0].children == [part]
    with pytest.raises(PetitionDeskError):
        edit.move(res, res.section("recital")[0].id, "recital", 0, parent_id=res.section("recital")[0].id)


def test_indent_and_outdent_make_and_unmake_sub_points():
    res = build(operative=4)
    ops = res.section("operative")
    second, third = ops[1].id, ops[2].id
    edit.indent(res, second)
    edit.indent(res, third)
    assert texts(res, "operative") == ["paragraph 1", "paragraph 4"]
    assert [c.text.get("en") for c in res.section("operative")[0].children] == ["paragraph 2", "paragraph 3"]
    edit.outdent(res, second)  # the points after it follow it out
    assert texts(res, "operative") == ["paragraph 1", "paragraph 2", "paragraph 4"]
    assert [c.text.get("en") for c in res.section("operative")[1].children] == ["paragraph 3"]
    with pytest.raises(PetitionDeskError):
        edit.indent(res, res.section("operative")[0].id)
    with pytest.raises(PetitionDeskError):
        edit.indent(res, res.section("recital")[1].id)


def test_split_and_merge():
    res = build(recitals=2)
    first = res.section("recital")[0]
    res.set_text(first.text, "sv", "skäl 1")
    res.set_text(first.text, "en", "first half; second half")
    new = edit.split(res, first.id, "en", len("first half;"))
    assert texts(res, "recital") == ["first half;", "second half", "recital 2"]
    assert new.text.get("sv") == "" and first.text.get("sv") == "skäl 1"
    assert new.id in res.stale_parts("sv")  # the new part needs its translation
    with pytest.raises(PetitionDeskError):
        edit.split(res, first.id, "en", 0)
    edit.merge(res, first.id)
    assert texts(res, "recital") == ["first half; second half", "recital 2"]
    with pytest.raises(PetitionDeskError):
        edit.merge(res, res.section("recital")[-1].id)


def test_a_translation_lags_until_it_is_edited_or_confirmed():
    res = build(recitals=1, operative=0)
    part = res.section("recital")[0]
    res.set_text(part.text, "sv", "skäl 1")
    assert res.stale_parts("sv") == [] and res.stale_parts("en") == []
    res.set_text(part.text, "en", "recital one, changed")
    assert res.stale_parts("sv") == [part.id] and res.stale_parts("en") == []
    res.confirm(part.text, "sv")
    assert res.stale_parts("sv") == []
    res.set_text(part.text, "en", "again")
    res.set_text(part.text, "sv", "igen")  # bringing the translation up to date does not make English lag
    assert res.stale_parts("sv") == [] and res.stale_parts("en") == []
    res.set_text(part.text, "sv", "igen, ändrad")  # a change made in Swedish first
    assert res.stale_parts("en") == [part.id] and res.stale_parts("sv") == []


def test_a_draft_keeps_its_resolution(demo_resolution):
    draft = load_demo_draft()
    draft.template = "resolution"
    draft.resolution = demo_resolution.copy()
    part = draft.resolution.section("recital")[0]
    draft.resolution.set_text(part.text, "en", "edited in English")
    again = draft_from_dict(draft.to_dict())
    assert again.resolution is not None
    assert again.resolution.to_data() == draft.resolution.to_data()
    assert again.resolution.stale_parts("ru") == [part.id]
    assert [p.id for p in again.resolution.walk()] == [p.id for p in draft.resolution.walk()]


def test_a_wrong_resolution_in_a_draft_names_each_field():
    draft = load_demo_draft().to_dict()
    draft["resolution"] = {"languages": ["en", "xx"], "recitals": [{"text": {"en": "ok", "zz": "bad"}}],
                           "citations": [{"text": "x", "points": ["y"]}], "colour": 1}
    with pytest.raises(ValidationError) as caught:
        draft_from_dict(draft)
    fields = {p.where for p in caught.value.problems}
    assert {"resolution.languages", "resolution.recitals[0].text.zz", "resolution.colour"} <= fields
    assert any(f.startswith("resolution.citations[0].points") for f in fields)


def test_plain_texts_are_read_in_the_first_language():
    problems: list = []
    res = resolution_from_data({"languages": ["sv"], "title": "Motion", "recitals": ["skäl"],
                                "operative": [{"text": "fördömer", "points": ["a", "b"]}]}, "resolution", problems)
    assert problems == []
    assert res.text("title").get("sv") == "Motion"
    assert texts(res, "recital", "sv") == ["skäl"]
    assert [c.text.get("sv") for c in res.section("operative")[0].children] == ["a", "b"]
    assert set(res.parts) == set(KINDS)


def test_outline_lists_every_part_in_printing_order(demo_resolution):
    rows = outline(demo_resolution, "ep", "en")
    kinds = [kind for kind, *_ in rows]
    assert kinds == sorted(kinds, key=KINDS.index)
    assert [label for kind, label, _p, depth in rows if kind == "recital"][:2] == ["A.", "B."]
    assert any(depth == 1 and label == "(a)" for _k, label, _p, depth in rows)


def test_checking_a_resolution_draft_needs_no_recipient_and_notes_lagging_translations(demo_resolution):
    from desktop.core.checks import check_draft

    draft = load_demo_draft()
    draft.template = "resolution"
    draft.options = {"style": "us"}
    draft.recipients = []
    draft.resolution = demo_resolution.copy()
    result = check_draft(draft)
    assert result.ok and result.notes == []
    recital = draft.resolution.section("recital")[1]
    draft.resolution.set_text(recital.text, "en", "changed in English only")
    added = edit.add_part(draft.resolution, "operative", "en", "a new paragraph")
    result = check_draft(draft)
    assert result.ok
    notes = {(n.where, n.params.get("language"), n.text) for n in result.notes}
    assert ("resolution.recital:2", "sv", "the %(language)s text lags behind a change in another language") in notes
    assert ("resolution.operative:5", "ru", "has no text in %(language)s yet") in notes
    assert added.id not in {n.where for n in result.notes}
    draft.signers = []
    assert [p.where for p in check_draft(draft).problems] == ["signers"]
    draft.options = {"style": "ep"}  # an adopted EP resolution is signed by nobody
    assert check_draft(draft).ok
    draft.resolution = Resolution(languages=["fr"])  # English text only: nothing to print in French
    draft.resolution.section("operative").append(added)
    assert [p.where for p in check_draft(draft).problems] == ["resolution"]


def test_two_parts_with_one_id_are_refused():
    draft = load_demo_draft().to_dict()
    draft["resolution"] = {"languages": ["en"], "recitals": [{"id": "same", "text": "one"},
                                                             {"id": "same", "text": "two"}]}
    with pytest.raises(ValidationError) as caught:
        draft_from_dict(draft)
    assert [p.where for p in caught.value.problems] == ["resolution.same"]
