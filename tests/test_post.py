"""Envelopes and address labels, read back from the PDFs: positions measured with ``pdftotext -bbox``."""

import dataclasses
import html
import re
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop.core.batch import ExportRequest, run_export
from desktop.core.demo import load_demo_draft
from desktop.core.errors import PetitionDeskError
from desktop.core.layouts import post
from desktop.core.plan import make_plan
from desktop.core.recipients import Recipient
from desktop.core.templates import list_templates

MM = 72 / 25.4
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')
_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)


def pages_words(pdf: Path):
    """Each page: (width, height, [(x0, top, x1, bottom, word)]) in points from the top-left corner."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    return [(float(w), float(h), [(float(a), float(b), float(c), float(d), html.unescape(t))
                                  for a, b, c, d, t in _WORD.findall(body)])
            for w, h, body in _PAGE.findall(out)]


def export(draft, tmp_path, template, **options):
    draft.options.update(options)
    report = run_export(ExportRequest(draft, tmp_path / template, template=template))
    assert not report.failures and len(report.files) == 1
    return report.files[0]


def numbered(draft, n, country="DE"):
    """``n`` distinct recipients, each named "Office N", in ``country``."""
    base = next(r for r in draft.recipients if r.country == country)
    return [dataclasses.replace(base, id=f"r{i}", organisation=f"Office {i}", person="", title="")
            for i in range(1, n + 1)]


def first_word_box(words, word):
    return next(w for w in words if w[4] == word)


# -- the templates -------------------------------------------------------------------------

def test_both_templates_are_listed_with_their_settings():
    infos = {t.id: t for t in list_templates()}
    assert {o.name for o in infos["envelopes"].options} == {"size", "return_address"}
    assert {o.name for o in infos["labels"].options} == {"sheet", "start", "return_labels"}
    assert infos["labels"].title("de") == "Adressetiketten"


# -- envelopes -----------------------------------------------------------------------------

def _letter_address_box(tmp_path, draft, recipient, word):
    """Where the app's own letter prints ``word`` of the address block (points from the page's top-left)."""
    one = dataclasses.replace(draft, recipients=[recipient])
    report = run_export(ExportRequest(one, tmp_path / "letter"))
    [(width, _h, words)] = pages_words(report.files[0])[:1]
    return width, first_word_box(words, word)


@pytest.mark.parametrize("size, sender, country", [("DL", "SE", "FR"), ("C5", "SE", "FR"), ("US10", "US", "FR")])
def test_envelope_address_is_where_the_letter_window_shows_it(tmp_path, size, sender, country):
    draft = load_demo_draft()
    draft.letter.sender_country = sender
    recipient = next(r for r in draft.recipients if r.country == country)
    paper_width, letter_box = _letter_address_box(tmp_path, draft, recipient, "Ambassade")
    pdf = export(draft, tmp_path, "envelopes", size=size)
    pages = pages_words(pdf)
    assert len(pages) == len(draft.recipients)  # one envelope per recipient
    envelope = post.ENVELOPES[size]
    index = draft.recipients.index(recipient)
    width, height, words = pages[index]
    assert abs(width - envelope.width) < 0.5 and abs(height - envelope.height) < 0.5
    box = first_word_box(words, "Ambassade")
    # The folded letter sits against the top edge, centred across the envelope.
    shift = (envelope.width - paper_width) / 2
    assert abs(box[0] - (letter_box[0] + shift)) < 1 * MM
    assert abs(box[1] - letter_box[1]) < 1 * MM
    assert abs(box[3] - letter_box[3]) < 1 * MM  # same size as in the letter
    if size == "DL":  # inside the DIN 680 window: 20–110 mm from the left, 50–95 mm from the top edge
        block = [w for w in words if w[1] >= box[1] - 1]
        assert all(20 * MM <= w[0] and 50 * MM - 1 <= w[1] and w[3] <= 95 * MM for w in block)
        # A shorter address is inside the window across too (the French embassy's name, at the letter's
        # size, is wider than the window in the letter itself).
        _w, _h, german = pages[[r.country for r in draft.recipients].index("DE")]
        assert all(20 * MM <= w[0] and w[2] <= 110 * MM and 50 * MM - 1 <= w[1] and w[3] <= 95 * MM
                   for w in german if w[1] >= box[1] - 1)


def test_envelope_text_return_address_and_country_line(tmp_path):
    draft = load_demo_draft()  # posted in Sweden
    pdf = export(draft, tmp_path, "envelopes")
    reader = PdfReader(pdf)
    texts = [page.extract_text() for page in reader.pages]
    german = texts[[r.country for r in draft.recipients].index("DE")]
    assert "10117 BERLIN" in german and "TYSKLAND" in german  # the UPU line in the posting country's language
    swedish = texts[[r.country for r in draft.recipients].index("SE")]
    assert "SVERIGE" not in [line.strip() for line in swedish.upper().splitlines()]  # domestic mail: no country line
    for page_text, (_w, _h, words) in zip(texts, pages_words(pdf)):
        sender = first_word_box(words, "Exempelgatan")
        assert sender[0] < 15 * MM and sender[1] < 25 * MM  # small, top left
        recipient_word = next(w for w in words if w[1] > 40 * MM)
        assert sender[3] - sender[1] < 0.7 * (recipient_word[3] - recipient_word[1])  # small
    assert "SVERIGE" in german and "SVERIGE" not in swedish  # the sender's country, for mail abroad only
    draft.options["return_address"] = False
    assert "Exempelgatan" not in PdfReader(export(draft, tmp_path / "bare", "envelopes")).pages[0].extract_text()


def test_c4_envelope_puts_the_address_in_the_lower_right(tmp_path):
    draft = load_demo_draft()
    pdf = export(draft, tmp_path, "envelopes", size="C4")
    for width, height, words in pages_words(pdf):
        address = [w for w in words if w[1] > 30 * MM]
        assert address
        assert min(w[0] for w in address) >= width / 2 - 1
        assert min(w[1] for w in address) >= height / 2 - 1 and max(w[3] for w in address) <= height - 15 * MM


def test_default_envelope_follows_the_posting_country(tmp_path):
    draft = load_demo_draft()
    assert make_plan(draft, template="envelopes").documents[0].stem.endswith("(DL)")
    draft.letter.sender_country = "US"
    plan = make_plan(draft, template="envelopes")
    assert plan.documents[0].stem.endswith("(US10)") and plan.documents[0].paper == "Letter"


def test_cyrillic_address_prints(tmp_path):
    draft = load_demo_draft()
    draft.recipients = [Recipient(organisation="Генеральная прокуратура Российской Федерации",
                                  address_lines=["ул. Большая Дмитровка, д. 15а"], postal_code="125993",
                                  city="Москва", country="RU", language="ru")]
    for template in ("envelopes", "labels"):
        text = PdfReader(export(draft, tmp_path, template)).pages[0].extract_text()
        assert "Генеральная прокуратура Российской Федерации" in text
        assert "ул. Большая Дмитровка, д. 15а" in text
        assert "МОСКВА" in text and "RYSSLAND" in text  # posted in Sweden: the country line in Swedish


# -- labels --------------------------------------------------------------------------------


@pytest.mark.parametrize("sheet_name, count, start", [("a4_3x7", 21, 1), ("a4_3x7", 23, 5), ("a4_2x7", 15, 1),
                                                       ("letter_3x10", 31, 3)])
def test_every_address_on_its_own_label(tmp_path, sheet_name, count, start):
    draft = load_demo_draft()
    draft.recipients = numbered(draft, count)
    pdf = export(draft, tmp_path, "labels", sheet=sheet_name, start=start)
    sheet = post.SHEETS[sheet_name]
    pages = pages_words(pdf)
    assert len(pages) == -(-(start - 1 + count) // sheet.per_sheet)
    for page_width, page_height, _words in pages:
        assert abs(page_width - sheet.page[0]) < 0.5 and abs(page_height - sheet.page[1]) < 0.5
    found = {}
    for page_number, (_w, page_height, words) in enumerate(pages):
        for slot in range(sheet.per_sheet):
            x, y, w, h = sheet.rectangle(slot)
            top, bottom = page_height - y - h, page_height - y
            inside = [word for word in words if x - 0.5 <= word[0] and word[2] <= x + w + 0.5
                      and top - 0.5 <= word[1] and word[3] <= bottom + 0.5]
            numbers = {int(inside[i + 1][4]) for i, word in enumerate(inside[:-1]) if word[4] == "Office"}
            assert len(numbers) <= 1, (page_number, slot, numbers)  # one address per label
            if numbers:
                found[numbers.pop()] = page_number * sheet.per_sheet + slot
                assert any(word[4] == "BERLIN" for word in inside)  # the whole address on the label
        # Nothing printed outside a label.
        for word in words:
            assert any(sheet.rectangle(s)[0] - 0.5 <= word[0] <= sheet.rectangle(s)[0] + sheet.rectangle(s)[2]
                       for s in range(sheet.columns))
    # Recipient n on label (start - 1) + (n - 1), over as many sheets as needed; the skipped labels stay blank.
    assert found == {n: start - 2 + n for n in range(1, count + 1)}


def test_return_address_labels_follow_the_recipients(tmp_path):
    draft = load_demo_draft()
    draft.recipients = numbered(draft, 4)
    pdf = export(draft, tmp_path, "labels", sheet="a4_2x7", return_labels=3)
    [(_w, height, words)] = pages_words(pdf)
    sheet = post.SHEETS["a4_2x7"]
    senders = [w for w in words if w[4] == "Exempelgatan"]
    assert len(senders) == 3
    for word, slot in zip(sorted(senders, key=lambda w: (w[1], w[0])), (4, 5, 6)):
        x, y, w, h = sheet.rectangle(slot)
        assert x <= word[0] <= x + w and height - y - h <= word[1] <= height - y


def test_long_address_shrinks_and_one_too_long_is_a_problem(tmp_path):
    draft = load_demo_draft()
    long_line = "Ständige Vertretung Russlands bei der UNO in Genf"
    draft.recipients = [dataclasses.replace(numbered(draft, 1)[0], organisation=long_line)]
    pdf = export(draft, tmp_path, "labels")
    [(_w, _h, words)] = pages_words(pdf)
    size = first_word_box(words, "Ständige")
    normal = first_word_box(words, "BERLIN")
    assert size[3] - size[1] < normal[3] - normal[1] + 0.01  # one size for the label, set by its longest line …
    assert size[3] - size[1] < 11 * 1.2  # … smaller than the usual print …
    assert max(w[2] for w in words) <= 70 * MM  # … and inside the first label's width
    draft.recipients = [dataclasses.replace(draft.recipients[0], organisation=long_line * 8)]
    plan = make_plan(draft, template="labels")
    assert [p.where for p in plan.problems] == ["recipients[0]"]
    assert "does not fit on a label" in plan.problems[0].text
    with pytest.raises(PetitionDeskError):
        run_export(ExportRequest(draft, tmp_path / "refused", template="labels"))
    assert not (tmp_path / "refused").exists()


def test_start_beyond_the_sheet_and_docx_are_refused_in_one_sentence():
    draft = load_demo_draft()
    draft.options["start"] = 25
    plan = make_plan(draft, template="labels")
    assert [p.where for p in plan.problems] == ["options.start"]
    draft.options["start"] = 1
    plan = make_plan(draft, template="labels", formats=("docx",))
    assert [p.where for p in plan.problems] == ["export.formats"]
    assert "PDF only" in plan.problems[0].text
    plan = make_plan(draft, template="labels", formats=("pdf", "docx"))  # "all": the PDF, and a note saying so
    assert plan.ok and plan.formats == ("pdf",) and any(n.where == "export.formats" for n in plan.notes)
    plan = make_plan(draft, template="envelopes", combined=True)
    assert [p.where for p in plan.problems] == ["export.combined"]


def test_command_line(tmp_path):
    import os
    import sys

    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parent.parent))

    def cli(*args):
        return subprocess.run([sys.executable, "-m", "desktop.cli", *args], capture_output=True, text=True,
                              env=env, timeout=300)

    out = tmp_path / "out"
    done = cli("export", "--template", "labels", "--format", "pdf", "--option", "sheet=a4_2x7", "--option", "start=3",
               "--out", str(out), "--quiet")
    assert done.returncode == 0, done.stderr
    [pdf] = out.glob("*.pdf")
    assert len(PdfReader(pdf).pages) == 1 and "10117 BERLIN" in PdfReader(pdf).pages[0].extract_text()
    refused = cli("export", "--template", "envelopes", "--format", "docx", "--out", str(tmp_path / "no"))
    assert refused.returncode != 0 and "Traceback" not in refused.stderr
    assert "made as PDF only; choose the PDF format" in refused.stdout + refused.stderr
    assert not (tmp_path / "no").exists()


# -- fitted once ----------------------------------------------------------------------------

def test_labels_are_fitted_once_by_the_plan_and_printed_at_those_sizes(tmp_path, monkeypatch):
    draft = load_demo_draft()
    long_line = "Ständige Vertretung Russlands bei der UNO in Genf"
    base = numbered(draft, 1)[0]
    draft.recipients = [*draft.recipients, dataclasses.replace(base, organisation=long_line)]
    draft.options.update(sheet="a4_3x7", return_labels=2)
    calls = []
    real_fit = post.fit_size
    monkeypatch.setattr(post, "fit_size", lambda lines, *a: calls.append(tuple(lines)) or real_fit(lines, *a))
    plan = make_plan(draft, template="labels")
    assert plan.ok, plan.problems
    [doc] = plan.documents
    sizes = doc.post.sizes
    assert len(calls) == len(draft.recipients) + 1  # each address once, the sender's once for its labels
    assert 6.0 <= sizes[-1] < sizes[0] <= 11.0  # the copy with a long name is printed smaller than the original
    from desktop.core.plan import render

    assert render(plan, doc) is doc.post  # the export prints what the plan checked …
    pdf = tmp_path / "labels.pdf"
    pdf.write_bytes(post.post_pdf_bytes(render(plan, doc)))
    assert len(calls) == len(draft.recipients) + 1  # … without fitting it again
    [(_w, page_height, words)] = pages_words(pdf)
    sheet = post.SHEETS["a4_3x7"]
    ratios = []  # pdftotext's box is the font's ascent + descent: the same multiple of the size on every label
    for slot, size in enumerate([*sizes, doc.post.return_size, doc.post.return_size]):
        x, y, w, h = sheet.rectangle(slot)
        heights = [b[3] - b[1] for b in words if x <= b[0] <= x + w and page_height - y - h <= b[1] <= page_height - y]
        assert heights and max(heights) - min(heights) < 0.01, (slot, heights)  # one size a label
        ratios.append(heights[0] / size)
    assert max(ratios) - min(ratios) < 0.01, ratios


def test_a_chosen_language_names_the_file_while_each_address_keeps_its_recipients_language():
    draft = load_demo_draft()
    plan = make_plan(draft, template="envelopes", language="de")
    [doc] = plan.documents
    assert doc.language == "de" and doc.stem == "Briefumschläge (DL)"
    french = next(i for i, r in enumerate(draft.recipients) if r.country == "FR")
    assert doc.post.items[french].lines == post.recipient_lines(draft.recipients[french], "fr",
                                                                 plan.options.sender_country)
def test_a_name_too_wide_for_a_label_is_broken_between_words(tmp_path):
    """A name per language can be long; rather than refuse the label, the post's two-line name is printed."""
    draft = load_demo_draft()
    name = "Постоянное представительство Российской Федерации при Отделении ООН и других международных организациях"
    draft.recipients = [dataclasses.replace(numbered(draft, 1)[0], organisation={"ru": name, "en": "Mission"},
                                            language="ru")]
    assert not make_plan(draft, template="labels").problems
    text = PdfReader(export(draft, tmp_path, "labels")).pages[0].extract_text()
    lines = text.splitlines()
    assert " ".join(text.split()).count(name) == 1  # the whole name, once …
    assert name not in lines  # … over more than one line
