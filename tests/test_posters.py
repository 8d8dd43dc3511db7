"""Placards, banners and leaflets, read back from the PDFs a group prints for the pavement.

Overflow is measured in the PDF itself: ``pdftotext -bbox-layout`` gives
every word's box, which must lie inside the sheet minus its margins; the
font sizes are read from the PDF's text operators with pypdf.
"""

import dataclasses
import datetime as dt
import io
import itertools
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop.core.fields import localized
from desktop.core.batch import ExportRequest, run_export
from desktop.core.case import Case, Person
from desktop.core.compose import LetterOptions, load_phrases, render_document
from desktop.core.demo import load_demo_draft
from desktop.core.layouts import banner, placard, poster
from desktop.core.layouts.leaflet import qr_matrix
from desktop.core.plan import POSTER, make_plan
from desktop.core.recipients import Recipient
from desktop.core.templates import get_template
from desktop.core.writers.pdf import write_pdf

LANGS = ("en", "sv", "fr", "de", "ru")
MM = 72 / 25.4
URL = "https://example.org/petition/bolotnaya?from=leaflet"
needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler's pdftotext is not installed")

# Names from 5 to 60 characters, Latin and Cyrillic, each with a known gender so Russian declines them.
LATIN = [
    ("Li Po", "male"),
    ("Anna Petrova", "female"),
    ("Maximilian Alexander Weber", "male"),
    ("Aleksandra Konstantinovna Rimskaya-Korsak", "female"),
    ("Mariya-Aleksandra Konstantinovna Rimskaya-Korsakova-Vasilyeva", "female"),
]
CYRILLIC = [
    ("Ян Ли", "male"),
    ("Анна Петрова", "female"),
    ("Константин Белоусов-Шуйский", "male"),
    ("Александра Константиновна Римская-Корсак", "female"),
    ("Марина-Александра Константиновна Римская-Корсакова-Васильева", "female"),
]


def test_the_names_run_from_5_to_60_characters():
    for table in (LATIN, CYRILLIC):
        lengths = [len(name) for name, _ in table]
        assert min(lengths) == 5 and max(lengths) >= 60, lengths


def case_of(*people, historical=False):
    return Case(name="the Example case", country="RU", historical_example=historical,
                people=[Person(name=name, gender=gender) for name, gender in people])


def render(template, lang, case, signers=(), **options):
    opts = LetterOptions(date=dt.date(2026, 3, 1), template_options=options)
    return render_document(get_template(template), lang, case, Recipient(), list(signers), opts)


def pdf_bytes(doc):
    buffer = io.BytesIO()
    write_pdf(doc, buffer)
    return buffer.getvalue()


def words_and_lines(data, tmp_path):
    """Each page's (width, height, words, lines) from pdftotext -bbox-layout; boxes in points, y from the top."""
    source = tmp_path / "poster.pdf"
    source.write_bytes(data)
    out = subprocess.run(["pdftotext", "-bbox-layout", str(source), "-"], capture_output=True, check=True).stdout
    xml = re.sub(rb"<!DOCTYPE[^>]*>", b"", out)
    root = ET.fromstring(xml)
    pages = []
    for page in root.iter("{http://www.w3.org/1999/xhtml}page"):
        def box(el):
            return tuple(float(el.get(k)) for k in ("xMin", "yMin", "xMax", "yMax"))
        words = [(w.text, box(w)) for w in page.iter("{http://www.w3.org/1999/xhtml}word")]
        lines = [box(line) for line in page.iter("{http://www.w3.org/1999/xhtml}line")]
        pages.append((float(page.get("width")), float(page.get("height")), words, lines))
    return pages


def font_sizes(data):
    """Per page, the sizes of the text drawn, as the PDF's text operators set them."""
    out = []
    for page in PdfReader(io.BytesIO(data)).pages:
        sizes = []

        def visit(text, cm, tm, font, size, sizes=sizes):
            if text.strip():
                sizes.append(size * abs(tm[0]) * abs(cm[0]) if tm[0] and cm[0] else size)
        page.extract_text(visitor_text=visit)
        out.append(sizes)
    return out


def assert_inside(pages, margin_pt, where):
    for width, height, words, _ in pages:
        assert words, where
        for text, (x0, y0, x1, y1) in words:
            slack = 0.6
            assert x0 >= margin_pt - slack and x1 <= width - margin_pt + slack, (where, text, x0, x1, width)
            assert y0 >= margin_pt - slack and y1 <= height - margin_pt + slack, (where, text, y0, y1, height)


# -- placards --------------------------------------------------------------------------------------------

@needs_pdftotext
@pytest.mark.parametrize("script", ["latin", "cyrillic"])
@pytest.mark.parametrize("which", range(5))
@pytest.mark.parametrize("paper,orientation", [("A4", "portrait"), ("A3", "landscape"), ("Tabloid", "portrait"),
                                               ("Letter", "landscape")])
def test_one_name_fills_the_sheet_and_never_overflows(tmp_path, script, which, paper, orientation):
    name, gender = (LATIN if script == "latin" else CYRILLIC)[which]
    lang = "en" if script == "latin" else "ru"
    doc = render("placard", lang, case_of((name, gender)), paper=paper, orientation=orientation)
    data = pdf_bytes(doc)
    width_mm, height_mm = poster.sheet_size(paper, orientation)
    margin = placard.margin_mm(width_mm, height_mm) * MM
    pages = words_and_lines(data, tmp_path)
    assert len(pages) == 1
    page_w, page_h, words, lines = pages[0]
    assert (round(page_w), round(page_h)) == (round(width_mm * MM), round(height_mm * MM))
    assert_inside(pages, margin, (name, paper, orientation))
    text = " ".join(w for w, _ in words)
    for part in name.split():
        assert part.split("-")[0][:4] in text or lang == "ru", (part, text)
    if lang == "ru":  # the demand takes the dative: «Свободу Анне Петровой!»
        expected = {"Анна Петрова": "Анне Петровой", "Ян Ли": "Свободу"}.get(name, "Свободу")
        assert expected.split()[0] in text
    # The longest line uses at least 80 % of the printable width, in large type.
    inner = page_w - 2 * margin
    assert max(x1 - x0 for x0, _, x1, _ in lines) >= 0.8 * inner, (name, paper, orientation)
    smallest_side = min(page_w, page_h)
    big = [s for s in font_sizes(data)[0] if s > 12]
    assert big and min(big) >= placard.MIN_DEMAND_SHARE * smallest_side, (name, big)


def test_russian_demand_declines_the_name():
    doc = render("placard", "ru", case_of(("Сергей Кривов", "male")))
    assert "Свободу Сергею Кривову!" in " ".join(doc.plain_text().split())
    doc = render("placard", "ru", case_of(("Александра Наумова", "female")))
    assert "Свободу Александре Наумовой!" in " ".join(doc.plain_text().split())


def test_a_name_russian_cannot_decline_stands_after_the_call_in_the_nominative():
    doc = render("placard", "ru", case_of(("Sergei Krivov", "male")))
    text = " ".join(doc.plain_text().split())
    assert "Свободу!" in text and "Sergei" in text and "Krivov" in text


@needs_pdftotext
@pytest.mark.parametrize("lang", LANGS)
def test_demo_placard_with_a_second_language_stays_inside(tmp_path, lang):
    draft = load_demo_draft()
    second = "en" if lang != "en" else "ru"
    doc = render("placard", lang, draft.case, paper="A3", second_language=second)
    data = pdf_bytes(doc)
    pages = words_and_lines(data, tmp_path)
    assert len(pages) == 1
    margin = placard.margin_mm(*poster.sheet_size("A3", "portrait")) * MM
    assert_inside(pages, margin, lang)
    text = " ".join(w for w, _ in pages[0][2])
    first = {"en": "Free", "sv": "Frihet", "fr": "Libérez", "de": "Freiheit", "ru": "Свободу"}
    assert first[lang] in text and first[second] in text
    assert any(surname in text for surname in ("Krivov", "Kriwow", "Кривов"))  # the demo spells names per language
    # Demo output says it is an example, on the placard too.
    assert load_phrases(lang)["historical_example"].split()[0] in text


@needs_pdftotext
@pytest.mark.parametrize("script", ["latin", "cyrillic"])
def test_twenty_one_long_names_go_on_several_placards_none_in_tiny_type(tmp_path, script):
    table = LATIN if script == "latin" else CYRILLIC
    people = [(f"{table[-1][0][:50]} {i}", table[-1][1]) for i in range(21)]
    lang = "en" if script == "latin" else "ru"
    doc = render("placard", lang, case_of(*people))
    data = pdf_bytes(doc)
    pages = words_and_lines(data, tmp_path)
    assert len(pages) > 1
    margin = placard.margin_mm(210, 297) * MM
    assert_inside(pages, margin, script)
    label = load_phrases(lang)["placard_names_part"]
    found = " ".join(w for page in pages for w, _ in page[2])
    assert label.split()[0] in found
    # Every name is printed once, on one of the placards.
    for i in range(21):
        assert re.search(rf"(?<!\d){i}(?!\d)", found), i
    minimum = placard.MIN_NAME_SHARE * 595.27
    for sizes in font_sizes(data):
        large = [s for s in sizes if s > 12]
        assert min(large) >= minimum - 0.5


def test_one_placard_per_person():
    doc = render("placard", "de", case_of(("Anna Petrova", "female"), ("Li Po", "male"), ("Jan Novak", "male")),
                 one_per_person=True, orientation="landscape")
    assert len(doc.drawn) == 3
    text = " ".join(doc.plain_text().replace("\xa0", " ").split())
    for name in ("Anna Petrova", "Li Po", "Jan Novak"):
        assert f"Freiheit für {name}!" in text


def test_french_placard_has_the_thin_space_before_the_exclamation_mark():
    doc = render("placard", "fr", case_of(("Anna Petrova", "female")))
    text = " ".join(doc.plain_text().split("\n"))
    assert text.startswith("Libérez") and text.endswith("Petrova\u202f!"), text


def test_the_no_break_space_after_the_call_keeps_it_on_one_line():
    for lang, call in (("sv", "Frihet\xa0åt"), ("de", "Freiheit\xa0für")):
        lines = [b.text for b in render("placard", lang, case_of(LATIN[-1])).blocks]
        assert any(line.startswith(call) for line in lines), lines
        assert all(line not in ("Frihet", "Freiheit", "åt", "für") for line in lines), lines


# -- banners ---------------------------------------------------------------------------------------------

def demand_x_positions(data, demand_start):
    """Per page, the x where the demand's line starts, from the PDF's text matrix."""
    out = []
    for page in PdfReader(io.BytesIO(data)).pages:
        found = []

        def visit(text, cm, tm, font, size, found=found):
            if text.strip().startswith(demand_start) and size > 40:
                found.append(tm[4] * (cm[0] or 1) + cm[4])
        page.extract_text(visitor_text=visit)
        out.append(found[0] if found else None)
    return out


@pytest.mark.parametrize("lang", LANGS)
def test_banner_pages_step_by_the_overlap(lang):
    draft = load_demo_draft()
    doc = render("banner", lang, draft.case, pages=5)
    data = pdf_bytes(doc)
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 5
    for page in reader.pages:  # A4 landscape
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (842, 595)
    phrases = load_phrases(lang)
    texts = [page.extract_text() for page in reader.pages]
    for number, text in enumerate(texts, start=1):
        assert phrases["banner_part"].format(page=number, pages=5) in text
        assert (phrases["banner_glue"] in text) == (number < 5)
        assert (phrases["banner_cut"] in text) == (number > 1)
    demand = doc.blocks[0].text
    xs = demand_x_positions(data, demand[:3])
    assert None not in xs
    step = (banner.PAGE_W - 2 * banner.MARGIN_MM - banner.OVERLAP_MM) * MM
    for a, b in itertools.pairwise(xs):
        assert a - b == pytest.approx(step, abs=0.05)
    # The line fills the banner's length or its height, and is never longer than the banner.
    shape = banner.geometry(5)
    width = poster.width_pt(demand, max(s for s in font_sizes(data)[0]))
    assert width <= shape["length"] * MM * banner.FILL_SHARE + 1


def test_banner_length_in_centimetres_sets_the_number_of_sheets():
    draft = load_demo_draft()
    doc = render("banner", "en", draft.case, length_cm=150)
    step = banner.PAGE_W - 2 * banner.MARGIN_MM - banner.OVERLAP_MM
    assert len(doc.drawn) == -(-(1500 - banner.OVERLAP_MM) // step) == 6
    assert len(PdfReader(io.BytesIO(pdf_bytes(doc))).pages) == 6


# -- leaflets --------------------------------------------------------------------------------------------

HEADINGS = {
    "en": ("What happened", "Who they are", "What you can do", "Our demands"),
    "sv": ("Vad som hände", "Vilka de är", "Vad du kan göra", "Våra krav"),
    "fr": ("Les faits", "Qui sont-ils", "Ce que vous pouvez faire", "Nos revendications"),
    "de": ("Was geschah", "Wer sie sind", "Was Sie tun können", "Unsere Forderungen"),
    "ru": ("Что произошло", "Кто они", "Что вы можете сделать", "Наши требования"),
}


def flat(text):
    return " ".join(text.replace("\xa0", " ").replace("\u202f", " ").replace("\u00ad", "").split())


@pytest.mark.parametrize("fold", ["tri", "bi"])
@pytest.mark.parametrize("lang", LANGS)
def test_leaflet_in_five_languages(lang, fold):
    draft = load_demo_draft()
    doc = render("leaflet", lang, draft.case, draft.signers, url=URL, fold=fold)
    data = pdf_bytes(doc)
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 2
    text = flat(" ".join(page.extract_text() for page in reader.pages))
    for heading in HEADINGS[lang]:
        assert heading in text, heading
    assert URL in text.replace(" ", "")
    sender = draft.signers[0]
    assert flat(localized(sender.organisation, lang)) in text
    assert flat(load_phrases(lang)["leaflet_scan"]) in text
    assert flat(localized(draft.case.people[0].name, lang)) in text  # Sergei Krivov, Sergej Kriwow, Сергей Кривов


@needs_pdftotext
@pytest.mark.parametrize("fold", ["tri", "bi"])
def test_leaflet_text_stays_on_the_sheet(tmp_path, fold):
    draft = load_demo_draft()
    doc = render("leaflet", "de", draft.case, draft.signers, url=URL, fold=fold)
    pages = words_and_lines(pdf_bytes(doc), tmp_path)
    assert len(pages) == 2
    assert_inside(pages, 8 * MM, fold)


@pytest.mark.skipif(shutil.which("zbarimg") is None or shutil.which("pdftoppm") is None,
                    reason="zbarimg (zbar-tools) or pdftoppm is not installed")
@pytest.mark.parametrize("fold", ["tri", "bi"])
def test_leaflet_qr_code_decodes_to_the_address(tmp_path, fold):
    draft = load_demo_draft()
    doc = render("leaflet", "sv", draft.case, draft.signers, url=URL, fold=fold)
    source = tmp_path / "leaflet.pdf"
    source.write_bytes(pdf_bytes(doc))
    subprocess.run(["pdftoppm", "-png", "-r", "150", "-f", "1", "-l", "1", str(source), str(tmp_path / "p")],
                   check=True)
    image = next(tmp_path.glob("p*.png"))
    found = subprocess.run(["zbarimg", "--raw", "-q", str(image)], capture_output=True, text=True, check=False)
    assert found.stdout.strip() == URL


def test_leaflet_qr_squares_are_segnos_matrix():
    """Without a decoder at hand: the squares drawn cover exactly the dark modules of the code."""
    draft = load_demo_draft()
    doc = render("leaflet", "en", draft.case, draft.signers, url=URL)
    squares = [item for item in doc.drawn[0].items if type(item).__name__ == "DrawnRect"
               and item.fill_grey == 0.0 and item.height_mm < 3]
    matrix = qr_matrix(URL)
    count = len(matrix)
    module = squares[0].height_mm - 0.02
    left = min(s.x_mm for s in squares)
    bottom = min(s.y_mm for s in squares)
    drawn = [[False] * count for _ in range(count)]
    for s in squares:
        row = count - 1 - round((s.y_mm - bottom) / module)
        first = round((s.x_mm - left) / module)
        for c in range(first, first + round((s.width_mm - 0.02) / module)):
            drawn[row][c] = True
    assert drawn == matrix


def test_leaflet_for_long_edge_duplex_turns_the_inside():
    draft = load_demo_draft()
    for duplex, turned in (("short", False), ("long", True)):
        doc = render("leaflet", "en", draft.case, draft.signers, url=URL, duplex=duplex)
        assert [page.upside_down for page in doc.drawn] == [False, turned]
        reader = PdfReader(io.BytesIO(pdf_bytes(doc)))
        for number, page in enumerate(reader.pages):
            # The page's first transformation: a half turn about the sheet's centre, or none.
            content = page.get_contents().get_data()
            half_turn = re.search(rb"^(?:\S+ ){6}cm \n-1 0 0 -1 841\.8\d* 595\.2\d* cm", content) is not None
            assert half_turn == (turned and number == 1), (duplex, number, content[:80])


def test_leaflet_without_address_has_no_code_and_sends_people_to_the_stall():
    draft = load_demo_draft()
    doc = render("leaflet", "en", draft.case, draft.signers)
    assert not [i for i in doc.drawn[0].items if type(i).__name__ == "DrawnRect" and i.fill_grey == 0.0
                and i.height_mm < 3]
    assert "at our stall" in doc.plain_text()


# -- the one road -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("template", ["placard", "banner", "leaflet"])
def test_plan_makes_one_pdf_per_language_and_refuses_docx_alone(template):
    draft = load_demo_draft()
    plan = make_plan(draft, template=template, language="sv", formats=("pdf", "docx"))
    assert plan.ok, plan.problems
    assert plan.kind == POSTER and plan.formats == ("pdf",)
    assert any("PDF only" in p.text for p in plan.notes)
    assert not any("sample address" in p.text for p in plan.notes)
    plan = make_plan(draft, template=template, language="sv", formats=("docx",))
    assert any(p.where == "export.formats" for p in plan.problems)


def test_plan_paper_is_the_placards_sheet():
    draft = load_demo_draft()
    draft = dataclasses.replace(draft, options={**draft.options, "paper": "Tabloid"})
    plan = make_plan(draft, template="placard", language="en")
    assert plan.ok, plan.problems
    assert plan.documents[0].paper == "Tabloid"


def test_batch_export_writes_the_placards(tmp_path):
    draft = load_demo_draft()
    report = run_export(ExportRequest(draft=draft, out_dir=tmp_path, template="placard", language="fr"))
    assert [p.suffix for p in report.files] == [".pdf"]
    text = PdfReader(report.files[0]).pages[0].extract_text()
    assert "Libérez" in text


def test_command_line_exports_banner_and_leaflet(tmp_path):
    for template, extra in (("banner", ["--option", "pages=3"]), ("leaflet", ["--option", f"url={URL}"])):
        result = subprocess.run([sys.executable, "-m", "desktop.cli", "export", "--template", template, "--lang",
                                 "de", "--format", "pdf", "--out", str(tmp_path / template), *extra],
                                capture_output=True, text=True, timeout=300, check=False)
        assert result.returncode == 0, result.stderr
        files = list((tmp_path / template).glob("*.pdf"))
        assert len(files) == 1
        assert len(PdfReader(files[0]).pages) == (3 if template == "banner" else 2)
    bad = subprocess.run([sys.executable, "-m", "desktop.cli", "export", "--template", "placard", "--format",
                          "docx", "--out", str(tmp_path / "x")], capture_output=True, text=True, timeout=300,
                         check=False)
    assert bad.returncode != 0 and "Traceback" not in bad.stderr
    assert "PDF only" in bad.stdout + bad.stderr


def test_poster_templates_ship_in_the_package():
    import tomllib

    setup = Path(__file__).resolve().parents[1] / "setup.py"
    assert '"templates"' in setup.read_text()
    for template in ("placard", "banner", "leaflet"):
        info = get_template(template)
        assert info.builtin and set(info.languages) == set(LANGS)
        assert tomllib.loads((info.path / "manifest.toml").read_text())["layout"] == template


def test_a_russian_double_name_is_not_half_declined():
    doc = render("placard", "ru", case_of(("Марина-Александра Римская-Корсакова", "female")))
    text = " ".join(doc.plain_text().split())
    assert "Свободу Марине-Александре Римской-Корсаковой!" in text.replace("- ", "-")  # every part declined
    doc = render("placard", "ru", case_of(("Марина-Фываолдж Римская-Корсакова", "female")))
    text = " ".join(doc.plain_text().split()).replace("- ", "-")
    assert "Свободу! Марина-Фываолдж Римская-Корсакова" in text  # a part not known: all in the nominative


def test_leaflet_prints_a_groups_address_but_not_a_persons_home():
    from desktop.core.signers import Signer

    draft = load_demo_draft()
    group = Signer(name="Anna Lindqvist", organisation="Solidarity group (example)",
                   address_lines=["Exempelgatan 1", "111 22 Stockholm"], email="group@example.org")
    person = Signer(name="Anna Lindqvist", address_lines=["Hemvägen 5", "123 45 Farsta"], email="anna@example.org")
    text = render("leaflet", "sv", draft.case, [group], url=URL).plain_text()
    assert "Exempelgatan 1" in text and "group@example.org" in text
    text = render("leaflet", "sv", draft.case, [person], url=URL).plain_text()
    assert "Anna Lindqvist" in text and "anna@example.org" in text and "Hemvägen" not in text
    text = render("leaflet", "sv", draft.case, [group], url=URL, contact=False).plain_text()
    assert "group@example.org" not in text


def test_posters_and_letters_share_one_print_file():
    """The template gallery prints every template in one file: drawn and flowed documents are joined in order."""
    from desktop.core.writers.pdf import write_pdf_combined

    draft = load_demo_draft()
    letter = render("appeal_mission", "en", draft.case, draft.signers)
    sign = render("placard", "sv", draft.case)
    leaflet = render("leaflet", "de", draft.case, draft.signers, url=URL)
    buffer, contents = io.BytesIO(), []
    pages = write_pdf_combined([letter, sign, leaflet, letter], buffer, contents)
    reader = PdfReader(io.BytesIO(buffer.getvalue()))
    assert pages == len(reader.pages) == sum(c[2] for c in contents)
    assert [c[1] for c in contents] == list(itertools.accumulate([0] + [c[2] for c in contents][:-1]))
    assert "Frihet" in reader.pages[contents[1][1]].extract_text()
    assert "Was geschah" in reader.pages[contents[2][1] + 1].extract_text()
    assert [o.title for o in reader.outline] == [c[0] for c in contents]
