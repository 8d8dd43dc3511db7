"""Rules the plan and the readers state once and apply everywhere: how a recipient is named, sample addresses,
the paper of a label sheet, and the CSV readers' blank rows and unclosed quotation marks."""

import pytest

from desktop.core.demo import load_demo_draft
from desktop.core.layouts import post
from desktop.core.plan import make_plan
from desktop.core.planned import NO_RECIPIENTS, SAMPLE_ADDRESS


@pytest.mark.parametrize("template", ["appeal_mission", "petition_sheets", "labels", "envelopes"])
def test_a_chosen_recipient_is_named_by_its_place_in_the_draft(template):
    draft = load_demo_draft()
    chosen = [draft.recipients[3], draft.recipients[1]]
    plan = make_plan(draft, template=template, recipients=chosen, check=False)
    samples = [n.where for n in plan.notes if n.text == SAMPLE_ADDRESS]
    expected = ["recipients[3]", "recipients[1]"]
    if template == "petition_sheets":  # one set of sheets per language, each with its own addressees
        assert sorted(samples) == sorted(expected)
    else:
        assert samples == expected


@pytest.mark.parametrize("template", ["appeal_mission", "labels"])
def test_no_recipients_is_one_sentence(template):
    draft = load_demo_draft()
    draft.recipients = []
    plan = make_plan(draft, template=template)
    assert [p.text for p in plan.problems if p.where == "recipients"] == [NO_RECIPIENTS]


@pytest.mark.parametrize("option, value, paper", [("sheet", "a4_3x7", "A4"), ("sheet", "a4_2x7", "A4"),
                                                  ("sheet", "letter_3x10", "Letter"), ("size", "DL", "A4"),
                                                  ("size", "C4", "A4"), ("size", "US10", "Letter")])
def test_the_post_is_planned_on_the_paper_of_its_sheet(option, value, paper):
    draft = load_demo_draft()
    draft.options[option] = value
    plan = make_plan(draft, template="labels" if option == "sheet" else "envelopes", check=False)
    assert plan.papers == [paper]
    assert plan.documents[0].stem.endswith(f"({value})")


@pytest.mark.parametrize("country, sheet, envelope", [("SE", "a4_3x7", "DL"), ("US", "letter_3x10", "US10"),
                                                      ("CA", "letter_3x10", "US10"), ("DE", "a4_3x7", "DL")])
def test_auto_follows_the_posting_countrys_paper(country, sheet, envelope):
    assert post.sheet_for("auto", country).name == sheet
    assert post.envelope_for("auto", country).name == envelope
    assert post.sheet_for("a4_2x7", country).name == "a4_2x7"  # a choice is kept wherever it is posted


def test_both_csv_readers_pass_over_blank_rows_and_name_an_unclosed_quote_alike(tmp_path):
    from desktop.core.recipients_csv import import_recipients
    from desktop.core.signer_list import read_delivery_copy

    recipients = tmp_path / "recipients.csv"
    recipients.write_text('organisation,country\n\n,\nEmbassy A,SE\n"Embassy B,SE\n', encoding="utf-8")
    signers = tmp_path / "signers.csv"
    signers.write_text('name,town\n\n,\nAnna,Lund\n"Erik,Malmö\n', encoding="utf-8")
    imported = import_recipients(recipients)
    copy = read_delivery_copy(signers)
    assert [r.organisation for r in imported.recipients] == ["Embassy A"]
    assert [row.name for row in copy.rows] == ["Anna"]
    # The blank line 2 and the empty row on line 3 are passed over but still counted.
    assert [r.line for r in imported.rejected] == [r.line for r in copy.rejected] == [5]
    assert imported.rejected[0].reason.problems[0].text == copy.rejected[0].reason.problems[0].text
    assert "quotation mark that is not closed" in copy.rejected[0].reason.problems[0].text
