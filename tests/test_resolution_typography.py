"""Each language version's own conventions in a resolution, read back from the PDF, the DOCX and Akoma Ntoso.

Sub-point labels as each language version prints them (en "(a)", fr/de/sv "a)", ru "а)"), also in the
DOCX as LibreOffice lays it out; French spaces before ; and inside « » and the typographic apostrophe,
but a quoted English title keeps its own colon; Swedish recitals after "med hänsyn till att" in lower
case and one sentence; the comma closing a clause in the German and Russian Riksdag proposals.
"""

from __future__ import annotations

import shutil
import subprocess

import docx
import pytest
from test_resolution_sentences import demo_people, draft_with

from desktop.core.resolution.export import ResolutionExport, export_resolution

SUB_POINTS = {"en": ["(a)", "(b)", "(c)"], "fr": ["a)", "b)", "c)"], "de": ["a)", "b)", "c)"],
              "sv": ["a)", "b)", "c)"], "ru": ["а)", "б)", "в)"]}


def _export(tmp_path, style: str, lang: str, formats=("pdf", "docx")):
    files = export_resolution(draft_with(demo_people(), style, [lang]), tmp_path,
                              ResolutionExport(formats=formats, languages=(lang,)))
    return {f.suffix: f for f in files}


def _pdf_lines(path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return [line.strip() for line in text.splitlines()]


@pytest.mark.parametrize("lang", list(SUB_POINTS))
def test_sub_points_are_lettered_as_the_language_version_prints_them(tmp_path, lang):
    files = _export(tmp_path, "ep", lang)
    starts = [line.split()[0] for line in _pdf_lines(files[".pdf"]) if line.split()]
    for mark in SUB_POINTS[lang]:
        assert mark in starts, (lang, mark)
    if lang != "en":
        assert "(a)" not in starts
    xml = files[".docx"]
    with __import__("zipfile").ZipFile(xml) as z:
        numbering = z.read("word/numbering.xml").decode()
    if lang == "ru":
        assert 'w:numFmt w:val="russianLower"' in numbering and 'w:lvlText w:val="%2)"' in numbering
    elif lang != "en":
        assert 'w:lvlText w:val="%2)"' in numbering


@pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice")
@pytest.mark.parametrize("lang", ["fr", "ru"])
def test_libreoffice_shows_the_same_sub_point_labels(tmp_path, lang):
    files = _export(tmp_path, "ep", lang, formats=("docx",))
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(files[".docx"])],
                   capture_output=True, check=True, timeout=180)
    pdf = files[".docx"].with_suffix(".pdf")
    starts = [line.split()[0] for line in _pdf_lines(pdf) if line.split()]
    for mark in SUB_POINTS[lang]:
        assert mark in starts, (lang, mark)


def test_french_typography_and_a_quoted_english_title(tmp_path):
    files = _export(tmp_path, "ep", "fr", formats=("docx", "akn"))
    text = "\n".join(p.text for p in docx.Document(str(files[".docx"])).paragraphs)
    assert "rassemblement\u202f; des dizaines" in text  # narrow no-break space before ";"
    assert "«\u00a0émeutes de masse\u00a0»\u202f;" in text  # inside the guillemets
    assert "l’affaire de la place Bolotnaïa" in text and "considérant qu’en vertu" in text
    assert "l'" not in text.replace("Bolotnaya", "")  # every apostrophe typographic
    # The FIDH's English title keeps its colon as published.
    assert "«\u00a0Bolotnaya case: all 7 persons sentenced today to penal colony\u00a0»" in text
    akn = files[".xml"].read_text(encoding="utf-8")
    assert "rassemblement\u202f; des dizaines" in akn and "Bolotnaya case: all 7" in akn


def test_swedish_generic_recitals_are_att_clauses_in_lower_case(tmp_path):
    files = _export(tmp_path, "generic", "sv", formats=("docx",))
    text = " ".join(" ".join(p.text.split()) for p in docx.Document(str(files[".docx"])).paragraphs)
    assert "med hänsyn till att den 6 maj 2012, dagen före presidentinstallationen" in text
    assert "upplöste mötet, och att tiotals deltagare åtalades senare för massupplopp," in text
    assert "med hänsyn till att Zamoskvoretskij distriktsdomstol i Moskva dömde" in text  # a name keeps its capital
    assert "att Den" not in text and "mötet. Tiotals" not in text


def test_swedish_ep_recitals_stay_sentences(tmp_path):
    files = _export(tmp_path, "ep", "sv", formats=("docx",))
    text = " ".join(" ".join(p.text.split()) for p in docx.Document(str(files[".docx"])).paragraphs)
    assert "Den 6 maj 2012, dagen före presidentinstallationen" in text


@pytest.mark.parametrize("lang, expected", [
    ("de", "die Urteile gegen alle im Bolotnaja-Verfahren Verurteilten aufzuheben, an und teilt dies der Regierung mit."),
    ("ru", "находится в заключении за мирный протест, и доводит это до сведения правительства."),
])
def test_riksdag_proposals_close_their_clause_with_a_comma(tmp_path, lang, expected):
    files = _export(tmp_path, "riksdag", lang, formats=("docx",))
    text = " ".join(" ".join(p.text.split()) for p in docx.Document(str(files[".docx"])).paragraphs)
    assert expected in text


def test_the_rules_of_procedure_numbers_are_one_setting_for_every_language():
    import tomllib

    from desktop.core.layouts import resolution as layout
    from desktop.core.resources import templates_dir

    rules = tomllib.loads((templates_dir() / "_resolution_styles.toml").read_text(encoding="utf-8"))["ep_rules"]
    expected = {
        "en": f"Rules {rules['urgency_rule']}({rules['urgency_paragraph']}) and "
              f"{rules['resolution_rule']}({rules['resolution_paragraph']}) of its Rules of Procedure",
        "fr": f"l'article {rules['urgency_rule']}, paragraphe {rules['urgency_paragraph']}, et l'article "
              f"{rules['resolution_rule']}, paragraphe {rules['resolution_paragraph']},",
        "de": f"Artikel {rules['urgency_rule']} Absatz {rules['urgency_paragraph']} und Artikel "
              f"{rules['resolution_rule']} Absatz {rules['resolution_paragraph']}",
        "sv": f"artiklarna {rules['urgency_rule']}.{rules['urgency_paragraph']} och "
              f"{rules['resolution_rule']}.{rules['resolution_paragraph']}",
        "ru": f"пунктом {rules['urgency_paragraph']} статьи {rules['urgency_rule']} и пунктом "
              f"{rules['resolution_paragraph']} статьи {rules['resolution_rule']}",
    }
    for lang, words in expected.items():
        citation = layout.style_phrases("ep", lang)["rules_citation"]
        assert words in citation and "{" not in citation, (lang, citation)


@pytest.mark.parametrize("lang, summary, expected", [
    ("en", "Sergei Krivov was arrested in July 2012. Dozens of others were prosecuted.",
     "considering that Sergei Krivov was arrested in July 2012; dozens of others were prosecuted;"),
    ("sv", "Sergej Krivov greps i juli 2012. Tiotals andra åtalades.",
     "med hänsyn till att Sergej Krivov greps i juli 2012, och att tiotals andra åtalades,"),
])
def test_a_summary_that_opens_with_a_name_keeps_its_capital(tmp_path, lang, summary, expected):
    draft = draft_with(demo_people(), "generic", [lang])
    draft.case.summary = {lang: summary}
    import datetime as dt

    from desktop.core.resolution.seed import from_case

    draft.resolution = from_case(draft, [lang], dt.date(2014, 3, 13))
    files = export_resolution(draft, tmp_path, ResolutionExport(formats=("docx",), languages=(lang,)))
    text = " ".join(" ".join(p.text.split()) for p in docx.Document(str(files[0])).paragraphs)
    assert expected in text


@pytest.mark.parametrize("lang, marks", [("ru", ["а)", "б)", "в)"]), ("de", ["a)", "b)", "c)"]), ("en", ["(a)", "(b)"])])
def test_akoma_ntoso_num_carries_the_printed_label_and_eids_stay_latin(tmp_path, lang, marks):
    from lxml import etree

    files = _export(tmp_path, "ep", lang, formats=("akn",))
    tree = etree.parse(str(files[".xml"]))
    ns = {"a": "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"}
    points = tree.findall(".//a:point", ns)
    nums = [p.find("a:num", ns).text for p in points]
    assert nums[:len(marks)] == marks
    assert [p.get("eId").rsplit("_", 1)[1] for p in points[:3]] == ["a", "b", "c"][:len(points[:3])]


@pytest.mark.parametrize("lang, text, expected", [
    ("de", "der Forderung, das Vorgehen der Polizei zu untersuchen", "der Forderung, das Vorgehen der Polizei zu untersuchen,"),
    ("de", "der Erwartung, dass die Behörden die Gefangenen freilassen",
     "der Erwartung, dass die Behörden die Gefangenen freilassen,"),
    ("de", "der Solidarität mit den Gefangenen, den Familien und den Anwälten",
     "der Solidarität mit den Gefangenen, den Familien und den Anwälten"),  # an enumeration: no comma
    ("de", "der Verurteilung der Strafverfolgung", "der Verurteilung der Strafverfolgung"),
    ("ru", "необходимости освободить всех, кто находится в заключении",
     "необходимости освободить всех, кто находится в заключении,"),
    ("ru", "необходимости осудить преследование", "необходимости осудить преследование"),
    ("sv", "att frige alla, som sitter fängslade", "att frige alla, som sitter fängslade"),  # Swedish: no comma
])
def test_the_closing_comma_only_closes_an_open_clause(lang, text, expected):
    from desktop.core.layouts.resolution import _closing_comma

    assert _closing_comma(text, text, lang) == expected


@pytest.mark.parametrize("lang, lead, resolved", [("fr", "en conséquence, il est", "résolu que la Chambre"),
                                                  ("en", "Now, therefore, be it", "Resolved, That")])
def test_the_last_whereas_shares_a_page_with_resolved(tmp_path, lang, lead, resolved):
    files = _export(tmp_path, "us", lang, formats=("pdf",))
    pages = subprocess.run(["pdftotext", "-layout", str(files[".pdf"]), "-"], capture_output=True, text=True,
                           check=True).stdout.split("\f")
    flat = [" ".join(p.split()) for p in pages]
    [where_lead] = [i for i, p in enumerate(flat) if lead in p]
    assert resolved in flat[where_lead]


def test_the_french_leaflet_uses_one_apostrophe(tmp_path):
    import re

    from test_posters import URL, render

    from desktop.core.demo import load_demo_draft
    from desktop.core.document import Document

    draft = load_demo_draft()
    assert "l'investiture" in draft.case.summary["fr"]  # the case's data holds the straight one
    doc = render("leaflet", "fr", draft.case, draft.signers, url=URL, fold="tri")
    texts = []
    for page in doc.drawn:
        for item in page.items:
            texts.append(getattr(item, "text", ""))
            if getattr(item, "blocks", None):
                texts.append(Document(title="", language="fr", blocks=item.blocks).plain_text())
    text = "\n".join(texts)
    assert "l’investiture" in text
    assert not re.search(r"\w'\w", text)


def test_a_french_letter_quotes_the_english_title_as_published(tmp_path):
    from desktop.core.compose import LetterOptions, render_document
    from desktop.core.demo import load_demo_draft
    from desktop.core.templates import get_template

    draft = load_demo_draft()
    info = get_template("appeal_mission")
    recipient = draft.recipients[0]
    doc = render_document(info, "fr", draft.case, recipient, draft.signers, LetterOptions.from_draft(draft))
    text = doc.plain_text()
    assert "Bolotnaya case: all 7 persons" in text and "case\u00a0: all" not in text


def test_german_contracts_zu_dem_and_zu_der(tmp_path):
    ep = " ".join(_pdf_lines(_export(tmp_path / "ep", "ep", "de", formats=("pdf",))[".pdf"]))
    riksdag = " ".join(_pdf_lines(_export(tmp_path / "rd", "riksdag", "de", formats=("pdf",))[".pdf"]))
    assert "zum Bolotnaja-Verfahren" in ep and "zur Verurteilung" in riksdag
    assert "zu dem " not in ep + riksdag and "zu der Verurteilung" not in riksdag


def test_russian_recitals_are_lettered_in_cyrillic(tmp_path):
    files = _export(tmp_path, "ep", "ru", formats=("pdf", "docx"))
    starts = [line.split()[0] for line in _pdf_lines(files[".pdf"]) if line.split()]
    assert {"А.", "Б.", "В."} <= set(starts) and "A." not in starts and "B." not in starts
    with __import__("zipfile").ZipFile(files[".docx"]) as z:
        numbering = z.read("word/numbering.xml").decode()
    assert 'w:numFmt w:val="russianUpper"' in numbering
    english = _export(tmp_path / "en", "ep", "en", formats=("pdf",))
    assert "A." in [line.split()[0] for line in _pdf_lines(english[".pdf"]) if line.split()]
