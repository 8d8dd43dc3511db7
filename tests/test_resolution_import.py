"""Importing existing resolutions and motions: text files, DOCX files and our own exports."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import docx
import pytest

from desktop.core.demo import load_demo_draft
from desktop.core.errors import PetitionDeskError
from desktop.core.resolution.export import ResolutionExport, export_resolution, render_resolution
from desktop.core.resolution.importer import Recognised, build, import_text, read_source, signers_from
from desktop.core.resolution.seed import from_case
from desktop.core.writers.docx import write_docx

FIXTURES = Path(__file__).parent / "fixtures" / "resolutions"


def load(name: str):
    return import_text(read_source(FIXTURES / name))


def kinds(result, *wanted: str) -> list[str]:
    """The kinds of the items, in order, keeping only ``wanted`` (all when none given)."""
    return [i.kind for i in result.items if not wanted or i.kind in wanted]


def texts(result, kind: str) -> list[str]:
    return [i.text for i in result.items if i.kind == kind]


def demo_draft(style: str, languages: list[str]):
    draft = load_demo_draft()
    draft.template = "resolution"
    draft.options = {"style": style}
    draft.resolution = from_case(draft, languages)
    return draft


# -- the sample texts ---------------------------------------------------------------------

def test_ep_english_parts_in_order_with_wrapped_lines_joined():
    result = load("ep_en.txt")
    assert (result.style, result.language) == ("ep", "en")
    assert kinds(result) == ["subject", "opening", *["citation"] * 3, *["recital"] * 4, "operative", "operative",
                             *["point"] * 3, "operative", "closing", "sponsor", "sponsor"]
    # The title ran over two lines; the subject is what follows "… of <date> on".
    assert texts(result, "subject") == ["the imprisonment of journalists in the Republic of Arvenia"]
    citations = texts(result, "citation")
    assert citations[1] == ("the statement of the Council of Europe Commissioner for Human Rights of "
                            "2 February 2026 on media freedom in Arvenia")
    recitals = texts(result, "recital")
    assert recitals[0].startswith("the journalist Mira Halden was arrested in Tarvos on 10 October 2025")
    assert recitals[1].endswith("after a trial closed to the public")  # three source lines, no ";"
    assert [i.label for i in result.items if i.kind == "recital"] == ["A.", "B.", "C.", "D."]
    assert {i.phrase for i in result.items if i.kind == "recital"} == {"whereas"}
    points = [i for i in result.items if i.kind == "point"]
    assert [p.label for p in points] == ["(a)", "(b)", "(c)"]
    assert points[1].text == "grant the detainees regular access to lawyers of their choice and to their families"
    # EP English capitalises the operative verb itself; the part keeps it in lower case.
    assert texts(result, "operative")[0].startswith("condemns the detention of Mira Halden")
    assert [(s.name, s.party) for s in result.signers] == [("Karin Olsen", "Greens/EFA"), ("Piotr Malek", "S&D")]
    line_of = {i.kind: i.line for i in reversed(result.items)}
    assert line_of["opening"] == 4 and line_of["citation"] == 6


def test_ep_english_builds_the_resolution():
    res = load("ep_en.txt").resolution
    assert res.languages == ["en"]
    assert [len(res.section(k)) for k in ("citation", "recital", "operative", "proposal")] == [3, 4, 3, 0]
    calls = res.section("operative")[1]
    assert calls.text.get("en") == "calls on the Arvenian authorities to"
    assert [c.text.get("en").split()[0] for c in calls.children] == ["drop", "grant", "allow"]
    # The EP's closing formula is the style's own: only the authorities are kept.
    assert res.text("forward_to").get("en") == "the President and Parliament of the Republic of Arvenia"
    assert not res.text("closing").get("en") and not res.text("opening").get("en")


def test_ep_french():
    result = load("ep_fr.txt")
    assert (result.style, result.language) == ("ep", "fr")
    assert kinds(result, "citation", "recital", "operative", "point", "closing") == [
        "citation", "citation", "recital", "recital", "recital", "operative", "operative", "point", "point",
        "closing"]
    recitals = [i for i in result.items if i.kind == "recital"]
    assert recitals[2].phrase == "considérant qu'" and recitals[2].text.startswith("aucun observateur")
    assert recitals[0].text.endswith("marchés publics")  # no "\u00a0;" left
    assert [i.label for i in result.items if i.kind == "point"] == ["a)", "b)"]
    assert texts(result, "citation")[0] == "ses résolutions antérieures sur la République d'Arvénie"
    assert result.resolution.text("forward_to").get("fr") == "au président et au parlement de la République d'Arvénie"


def test_ep_german():
    result = load("ep_de.txt")
    assert (result.style, result.language) == ("ep", "de")
    assert [i.phrase for i in result.items if i.kind == "citation"] == ["unter Hinweis auf", "gestützt auf"]
    recitals = texts(result, "recital")
    # "10. Oktober" at the start of a line is a date, not paragraph 10.
    assert recitals[0] == "die Journalistin Mira Halden am 10. Oktober 2025 in Tarvos festgenommen wurde"
    assert [i.label for i in result.items if i.kind == "operative"] == ["1.", "2.", "3."]
    assert texts(result, "subject") == ["Inhaftierung von Journalisten in der Republik Arvenien"]
    res = result.resolution
    assert len(res.section("operative")[1].children) == 2
    assert res.text("forward_to").get("de") == "dem Präsidenten und dem Parlament der Republik Arvenien"


def test_riksdag_motion():
    result = load("riksdag_sv.txt")
    assert (result.style, result.language) == ("riksdag", "sv")
    assert kinds(result) == ["heading", "heading", "sponsor", "title", "heading", "proposal", "proposal",
                             "proposal", "heading", "recital", "recital", "recital", "sponsor", "sponsor", "sponsor"]
    proposals = [i for i in result.items if i.kind == "proposal"]
    assert [p.label for p in proposals] == ["1.", "2.", "3."]
    assert proposals[0].text == "att regeringen bör verka för att Mira Halden och Oskar Vend friges"
    assert proposals[0].phrase == "Riksdagen ställer sig bakom det som anförs i motionen om"
    assert proposals[2].text == "stöd till oberoende medier i Arvenien"  # the older formula
    assert texts(result, "recital")[2] == "Minst elva andra mediearbetare sitter häktade i Arvenien"
    assert [(s.name, s.party) for s in result.signers] == [("Karin Olsen", "V"), ("Johan Berg", "V"),
                                                           ("Lena Dahl", "V")]
    assert result.options == {"session": "2025/26", "number": "123"}
    res = result.resolution
    assert res.text("title").get("sv") == "Fängslade journalister i Arvenien"
    assert [len(res.section(k)) for k in ("citation", "recital", "operative", "proposal")] == [0, 3, 0, 3]


def test_us_resolution():
    result = load("us_en.txt")
    assert (result.style, result.language) == ("us", "en")
    assert kinds(result, "title", "recital", "opening", "operative", "point") == [
        "title", "recital", "recital", "recital", "opening", "operative", "operative", "point", "point",
        "operative"]
    recitals = texts(result, "recital")
    assert recitals[1].endswith("after a closed trial")  # "; and" is the style's
    assert recitals[2] == "independent observers were refused entry to both trials"  # ": Now, therefore, be it"
    assert [i.label for i in result.items if i.kind in ("operative", "point")] == ["(1)", "(2)", "(A)", "(B)", "(3)"]
    assert texts(result, "operative")[1] == "calls on the Government of Arvenia to"
    assert result.options == {"congress": "119", "number": "1234"}
    res = result.resolution
    assert res.text("us_title").get("en").startswith("Calling for the release of the journalists")
    assert res.text("us_title").get("en").endswith("imprisoned in the Republic of Arvenia")
    assert not res.text("opening").get("en")  # "Resolved, That the House of Representatives—" is the style's


def test_small_ep_texts_in_swedish_and_russian():
    sv = import_text("Europaparlamentet\n– med beaktande av FN:s konvention om medborgerliga rättigheter,\n"
                     "A. Den 10 oktober 2025 greps journalisten Mira Halden.\n"
                     "1. Europaparlamentet fördömer gripandet.\n"
                     "2. Europaparlamentet uppdrar åt talmannen att översända denna resolution till rådet och "
                     "kommissionen.\n")
    assert (sv.style, sv.language) == ("ep", "sv")
    assert kinds(sv) == ["opening", "citation", "recital", "operative", "closing"]
    assert texts(sv, "operative") == ["fördömer gripandet"]
    assert texts(sv, "recital") == ["Den 10 oktober 2025 greps journalisten Mira Halden"]
    ru = import_text("Европейский парламент,\n– принимая во внимание свои предыдущие резолюции,\n"
                     "A. учитывая, что журналистка Мира Халден арестована;\n1. осуждает арест;\n"
                     "2. поручает своему Председателю направить настоящую резолюцию Совету и Комиссии.\n")
    assert (ru.style, ru.language) == ("ep", "ru")
    assert kinds(ru) == ["opening", "citation", "recital", "operative", "closing"]
    assert texts(ru, "recital") == ["журналистка Мира Халден арестована"]
    # The closing is the style's own formula without authorities: nothing to keep.
    assert not ru.resolution.text("closing").get("ru") and not ru.resolution.text("forward_to").get("ru")


def test_generic_numbered_text_and_given_language_and_style():
    result = import_text("Resolution on press freedom\n\n1. The assembly condemns the arrests.\n"
                         "2. It asks for the release of the journalists.\n")
    assert result.style == "generic" and result.language == "en"
    assert kinds(result) == ["title", "operative", "operative"]
    forced = import_text("1. Ein Absatz über die Pressefreiheit.\n2. Noch einer.\n", language="de", style="ep")
    assert (forced.style, forced.language) == ("ep", "de")
    assert forced.resolution.languages == ["de"]
    assert forced.resolution.section("operative")[0].text.get("de") == "Ein Absatz über die Pressefreiheit"


def test_language_guess_falls_back_to_common_words():
    result = import_text("1. Le gouvernement doit libérer les journalistes et les blogueurs.\n"
                         "2. La commission est invitée à suivre la situation dans le pays.\n")
    assert result.language == "fr"


# -- building from corrected items ------------------------------------------------------------

def test_build_from_corrected_items():
    items = [Recognised(1, "title", "Press freedom"), Recognised(2, "recital", "journalists are in prison"),
             Recognised(3, "point", "a sub-point with no paragraph before it"),
             Recognised(4, "operative", "calls for their release"), Recognised(5, "point", "at once"),
             Recognised(6, "text", "Page footer"), Recognised(7, "heading", "Motivering"),
             Recognised(8, "sponsor", "Karin Olsen (V)"), Recognised(9, "sponsor", "Karin Olsen"),
             Recognised(10, "closing", "Done in Strasbourg.")]
    res = build(items, "en")
    assert res.text("title").get("en") == "Press freedom"
    operative = res.section("operative")
    assert [p.text.get("en") for p in operative] == ["a sub-point with no paragraph before it",
                                                      "calls for their release"]
    assert [c.text.get("en") for c in operative[1].children] == ["at once"]
    assert [p.text.get("en") for p in res.walk()] == ["journalists are in prison",
                                                      "a sub-point with no paragraph before it",
                                                      "calls for their release", "at once"]
    assert res.text("closing").get("en") == "Done in Strasbourg."  # not the EP formula: kept as it is
    assert "Page footer" not in str(res.to_data())
    assert [(s.name, s.party) for s in signers_from(items)] == [("Karin Olsen", "V")]
    assert build(items, "en", style="us").text("us_title").get("en") == "Press freedom"


# -- files ------------------------------------------------------------------------------------

def test_docx_with_numbered_lists(tmp_path):
    document = docx.Document()
    document.add_paragraph("The European Parliament,")
    for text in ("having regard to the Charter of Fundamental Rights,", "having regard to its earlier resolutions,"):
        document.add_paragraph(text, style="List Bullet")
    document.add_paragraph("whereas the journalist Mira Halden is held without trial;")
    for text in ("Condemns her detention;", "Calls for her release;",
                 "Instructs its President to forward this resolution to the Council and the Commission."):
        document.add_paragraph(text, style="List Number")
    path = tmp_path / "motion.docx"
    document.save(path)
    text = read_source(path)
    assert "1. Condemns her detention;" in text.splitlines()
    result = import_text(text)
    assert kinds(result) == ["opening", "citation", "citation", "recital", "operative", "operative", "closing"]
    assert [i.label for i in result.items if i.kind in ("operative", "closing")] == ["1.", "2.", "3."]
    assert texts(result, "operative") == ["condemns her detention", "calls for her release"]


def test_encodings_of_text_files(tmp_path):
    path = tmp_path / "motion.txt"
    path.write_bytes("1. Riksdagen ställer sig bakom det som anförs i motionen om frigivning av "
                     "fängslade journalister och tillkännager detta för regeringen.\n".encode("cp1252"))
    result = import_text(read_source(path))
    assert texts(result, "proposal") == ["frigivning av fängslade journalister"]
    assert result.language == "sv"


@pytest.mark.parametrize("content, suffix", [(b"", ".txt"), (b"  \n\n ", ".md")])
def test_empty_file_is_refused(tmp_path, content, suffix):
    path = tmp_path / f"empty{suffix}"
    path.write_bytes(content)
    with pytest.raises(PetitionDeskError, match="is empty"):
        read_source(path)


def test_unreadable_files_are_refused(tmp_path):
    with pytest.raises(PetitionDeskError, match="does not exist"):
        read_source(tmp_path / "missing.txt")
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"not a zip file at all")
    with pytest.raises(PetitionDeskError, match="not a Word document"):
        read_source(broken)
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(b"%PDF-1.4")
    with pytest.raises(PetitionDeskError, match=r"\.txt, \.md and \.docx"):
        read_source(scan)


def test_nothing_recognised_says_what_is_looked_for():
    with pytest.raises(PetitionDeskError) as caught:
        import_text("Dear friends,\nthank you for coming to the picket on Saturday.\n")
    message = str(caught.value)
    assert "No part of a resolution was found" in message and "having regard to" in message
    with pytest.raises(PetitionDeskError, match="no text to import"):
        import_text("  \n")
    with pytest.raises(PetitionDeskError, match="style"):
        import_text("1. A paragraph.", style="senate")
    with pytest.raises(PetitionDeskError, match="language"):
        import_text("1. A paragraph.", language="xx")


# -- round trips through our own exports ---------------------------------------------------------

def _counts(res) -> list[int]:
    return [len(res.section(k)) for k in ("citation", "recital", "operative")] + [
        sum(len(p.children) for p in res.section("operative"))]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_round_trip_through_docx(language):
    draft = demo_draft("ep", [language])
    buffer = io.BytesIO()
    write_docx(render_resolution(draft, language), buffer)
    result = import_text(_docx_bytes_text(buffer.getvalue()))
    assert (result.style, result.language) == ("ep", language)
    assert _counts(result.resolution) == _counts(draft.resolution)
    printed = ("citation", "recital", "operative")  # an EP resolution prints no Riksdag proposals
    original = [p.text.get(language) for p in draft.resolution.walk() if p.kind in printed]
    imported = [p.text.get(language) for p in result.resolution.walk()]
    # The export's no-break spaces ("24 février 2014") are read back as the spaces they stand for.
    assert [" ".join(t.rstrip(":").split()) for t in imported] == [" ".join(t.rstrip(":").split()) for t in original]
    assert result.resolution.text("forward_to").get(language) == draft.resolution.text("forward_to").get(language)


def _docx_bytes_text(data: bytes) -> str:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "resolution.docx"
        path.write_bytes(data)
        return read_source(path)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler-utils)")
@pytest.mark.parametrize("style", ["ep", "us"])
def test_round_trip_through_pdf(tmp_path, style):
    draft = demo_draft(style, ["en"])
    [pdf] = export_resolution(draft, tmp_path, ResolutionExport(formats=("pdf",)))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    result = import_text(text)
    assert result.style == style and result.language == "en"
    expected = _counts(draft.resolution)
    if style == "us":
        expected[0] = 0  # a US resolution prints no citations
    assert _counts(result.resolution) == expected
    labels = [i.label for i in result.items if i.kind in ("recital", "operative", "point")]
    if style == "ep":
        assert labels[:3] == ["A.", "B.", "C."] and "1." in labels and "(a)" in labels
    else:
        recitals = len(draft.resolution.section("recital"))  # the operative (1), (2) follow the recitals
        assert labels[recitals:recitals + 2] == ["(1)", "(2)"] and "(A)" in labels
    # The wrapped lines of long recitals came back as one part each.
    last_recital = result.resolution.section("recital")[-1].text.get("en")
    assert last_recital == draft.resolution.section("recital")[-1].text.get("en")


def test_round_trip_through_plain_text_of_a_riksdag_motion():
    draft = demo_draft("riksdag", ["sv"])
    result = import_text(render_resolution(draft, "sv").plain_text())
    assert (result.style, result.language) == ("riksdag", "sv")
    res = result.resolution
    assert len(res.section("proposal")) == len(draft.resolution.section("proposal"))
    assert len(res.section("recital")) == len(draft.resolution.section("recital"))
    assert res.section("proposal")[0].text.get("sv") == draft.resolution.section("proposal")[0].text.get("sv")
