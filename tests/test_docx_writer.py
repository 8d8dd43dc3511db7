"""The DOCX writer: files are reopened with python-docx and read as XML from the zip."""

from __future__ import annotations

import struct
import zipfile
import zlib
from io import BytesIO
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm

from desktop.core.document import (
    AddressBlock,
    Document,
    Heading,
    ListBlock,
    ListItem,
    PageBreak,
    PageFurniture,
    Paragraph,
    Run,
    Signature,
    SignatureBlock,
    Spacer,
    Table,
)
from desktop.core.errors import PetitionDeskError
from desktop.core.writers.docx import clean_text, word_language_tag, write_docx

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def make_png(width: int = 120, height: int = 40) -> bytes:
    """An RGBA PNG: a dark stroke on a fully transparent background."""
    rows = []
    for y in range(height):
        pixels = bytearray()
        for x in range(width):
            on = abs(y - height // 2 - (x % 16 - 8)) < 2
            pixels += bytes((20, 20, 110, 255 if on else 0))
        rows.append(b"\x00" + bytes(pixels))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # colour type 6 = RGBA
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"".join(rows)))
        + chunk(b"IEND", b"")
    )


def p(text: str, role: str = "body", **kw) -> Paragraph:
    return Paragraph([Run(text)], role=role, **kw)


def items(*texts: str) -> list[ListItem]:
    return [ListItem([Run(text)]) for text in texts]


@pytest.fixture
def signature_png(tmp_path: Path) -> Path:
    path = tmp_path / "ivan_petrov_private_signature.png"
    path.write_bytes(make_png())
    return path


def russian_letter(signature: Path | None = None, **kw) -> Document:
    blocks = [
        p("Группа солидарности", "sender"),
        AddressBlock(["Посольство Российской Федерации", "Gjörwellsgatan 31", "112 60 Stockholm"]),
        p("6 мая 2024 г.", "date"),
        p("О деле на Болотной площади", "subject"),
        p("Уважаемый господин Посол!", "salutation"),
        Paragraph([Run("Мы пишем по поводу "), Run("узников", bold=True), Run(" Болотной площади.", italic=True)]),
        Heading("Наши требования", 1),
        ListBlock(
            [
                ListItem(
                    [Run("Освободить всех задержанных")],
                    children=ListBlock(items("немедленно", "без условий"), "lower-alpha"),
                ),
                ListItem([Run("Пересмотреть приговоры")]),
            ]
        ),
        Heading("Соображения", 2),
        ListBlock(items("учитывая первое", "учитывая второе"), "upper-alpha"),
        ListBlock(items("призывает", "поручает"), "decimal"),
        ListBlock(items("пункт"), "bullet"),
        ListBlock(items("тире"), "dash"),
        Spacer(8),
        p("С уважением,", "closing"),
        SignatureBlock([Signature("Анна Андерссон", ["Председатель"], image=signature)]),
        p("Копия: МИД Швеции", "small"),
        PageBreak(),
        p("Лист 1 из 2", "label"),
        Table(["Имя", "Город", "Подпись"], [["Иван", "Москва", ""], ["", "", ""]], widths=[3, 2, 3], row_height_mm=9),
    ]
    furniture = PageFurniture(
        letterhead=["Группа солидарности", "Box 1, Stockholm"],
        footer_text="Страница {page} из {pages}",
        header_text="Обращение (продолжение)",
    )
    return Document(title="Обращение", language="ru", blocks=blocks, furniture=furniture, subject="Болотное дело", **kw)


def swedish_motion() -> Document:
    return Document(
        title="Motion om politiska fångar",
        language="sv",
        blocks=[
            Heading("Förslag till riksdagsbeslut", 1),
            ListBlock(
                items("Riksdagen ställer sig bakom det som anförs i motionen.", "Regeringen bör agera."), start=1
            ),
            Heading("Motivering", 1),
            p("Åtalen efter demonstrationen på Bolotnajatorget väcker oro."),
        ],
    )


def all_text(word) -> list[str]:
    """Body paragraphs and table cells in document order."""
    out = []
    for element in word.element.body.iter(f"{W}p"):
        text = "".join(t.text or "" for t in element.iter(f"{W}t"))
        if text:
            out.append(text)
    return out


def write_and_open(doc: Document, tmp_path: Path, name: str = "out.docx"):
    target = tmp_path / name
    write_docx(doc, target)
    return docx.Document(str(target)), target


def zip_text(path: Path, member: str) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read(member).decode("utf-8")


def num_pr(paragraph) -> tuple[int, int] | None:
    element = paragraph._p.find(f"{W}pPr/{W}numPr")
    if element is None:
        return None
    return int(element.find(f"{W}ilvl").get(f"{W}val")), int(element.find(f"{W}numId").get(f"{W}val"))


def level_definition(word, num_id: int, ilvl: int) -> tuple[str, str, int]:
    numbering = word.part.numbering_part.element
    num = numbering.num_having_numId(num_id)
    abstract_id = num.find(f"{W}abstractNumId").get(f"{W}val")
    abstract = numbering.find(f'{W}abstractNum[@{W}abstractNumId="{abstract_id}"]')
    lvl = abstract.find(f'{W}lvl[@{W}ilvl="{ilvl}"]')
    return (
        lvl.find(f"{W}numFmt").get(f"{W}val"),
        lvl.find(f"{W}lvlText").get(f"{W}val"),
        int(lvl.find(f"{W}start").get(f"{W}val")),
    )


def test_words_and_cyrillic_come_back_in_order(tmp_path, signature_png):
    word, _ = write_and_open(russian_letter(signature_png), tmp_path)
    text = all_text(word)
    expected = [
        "Группа солидарности",
        "Посольство Российской Федерации",
        "6 мая 2024 г.",
        "О деле на Болотной площади",
        "Уважаемый господин Посол!",
        "Мы пишем по поводу узников Болотной площади.",
        "Наши требования",
        "Освободить всех задержанных",
        "немедленно",
        "без условий",
        "Пересмотреть приговоры",
        "учитывая первое",
        "призывает",
        "С уважением,",
        "Анна Андерссон",
        "Председатель",
        "Копия: МИД Швеции",
        "Лист 1 из 2",
        "Имя",
        "Иван",
        "Москва",
    ]
    positions = [text.index(line) for line in expected]
    assert positions == sorted(positions)
    # Typed-in numbers would show up in the text; real numbering does not.
    assert "1. Освободить всех задержанных" not in "\n".join(text)


def test_swedish_text_and_language(tmp_path):
    word, path = write_and_open(swedish_motion(), tmp_path)
    assert "Riksdagen ställer sig bakom det som anförs i motionen." in all_text(word)
    assert "Åtalen efter demonstrationen på Bolotnajatorget väcker oro." in all_text(word)
    defaults = zip_text(path, "word/styles.xml").split("</w:docDefaults>")[0]
    assert 'w:lang w:val="sv-SE"' in defaults


def test_list_paragraphs_use_real_word_numbering(tmp_path):
    word, _ = write_and_open(russian_letter(), tmp_path)
    by_text = {paragraph.text: paragraph for paragraph in word.paragraphs}

    top = num_pr(by_text["Освободить всех задержанных"])
    nested = num_pr(by_text["немедленно"])
    second_top = num_pr(by_text["Пересмотреть приговоры"])
    assert top is not None and nested is not None
    assert top[0] == 0 and nested[0] == 1 and second_top == top
    assert nested[1] == top[1]  # the nested list is level 1 of the same list
    assert level_definition(word, top[1], 0) == ("decimal", "%1.", 1)
    assert level_definition(word, top[1], 1) == ("lowerLetter", "(%2)", 1)

    recital = num_pr(by_text["учитывая первое"])
    operative = num_pr(by_text["призывает"])
    assert level_definition(word, recital[1], 0) == ("upperLetter", "%1.", 1)
    assert level_definition(word, operative[1], 0) == ("decimal", "%1.", 1)
    assert level_definition(word, num_pr(by_text["пункт"])[1], 0) == ("bullet", "\u2022", 1)
    assert level_definition(word, num_pr(by_text["тире"])[1], 0) == ("bullet", "\u2013", 1)
    # Two decimal lists in one document: separate w:num ids, each restarting at 1.
    assert operative[1] != top[1]
    assert len({top[1], recital[1], operative[1]}) == 3
    # Headings and body text are not numbered.
    assert num_pr(by_text["Наши требования"]) is None


def test_list_start_is_kept(tmp_path):
    doc = Document(title="t", language="en", blocks=[ListBlock(items("fifth", "sixth"), "decimal", start=5)])
    word, _ = write_and_open(doc, tmp_path)
    paragraph = next(p for p in word.paragraphs if p.text == "fifth")
    assert level_definition(word, num_pr(paragraph)[1], 0) == ("decimal", "%1.", 5)


def test_footer_has_page_fields_and_headers_split_first_page(tmp_path):
    word, _ = write_and_open(russian_letter(), tmp_path)
    section = word.sections[0]
    assert section.different_first_page_header_footer
    assert "Группа солидарности" in section.first_page_header.paragraphs[0].text
    assert "Box 1, Stockholm" in section.first_page_header.paragraphs[0].text
    assert section.header.paragraphs[0].text == "Обращение (продолжение)"
    for footer in (section.footer, section.first_page_footer):
        fields = [f.get(f"{W}instr").split()[0] for f in footer._element.iter(f"{W}fldSimple")]
        assert fields == ["PAGE", "NUMPAGES"]
        words = "".join(t.text for t in footer._element.iter(f"{W}t"))
        assert words.startswith("Страница ") and " из " in words
        assert "{page}" not in words


def test_no_letterhead_means_no_first_page_split(tmp_path):
    word, _ = write_and_open(swedish_motion(), tmp_path)
    section = word.sections[0]
    assert not section.different_first_page_header_footer
    assert [f.get(f"{W}instr").split()[0] for f in section.footer._element.iter(f"{W}fldSimple")] == [
        "PAGE",
        "NUMPAGES",
    ]


@pytest.mark.parametrize(
    ("paper", "width_mm", "height_mm", "margin_mm"), [("A4", 210, 297, 25), ("Letter", 215.9, 279.4, 25.4)]
)
def test_page_size(tmp_path, paper, width_mm, height_mm, margin_mm):
    doc = swedish_motion()
    doc.paper = paper
    section = write_and_open(doc, tmp_path)[0].sections[0]
    assert abs(section.page_width - Mm(width_mm)) < Mm(0.1)
    assert abs(section.page_height - Mm(height_mm)) < Mm(0.1)
    assert abs(section.left_margin - Mm(margin_mm)) < Mm(0.1)


def test_metadata_carries_nothing_personal(tmp_path, signature_png):
    _, path = write_and_open(russian_letter(signature_png), tmp_path)
    core = zip_text(path, "docProps/core.xml")
    app = zip_text(path, "docProps/app.xml")
    assert "<dc:title>Обращение</dc:title>" in core
    assert "<dc:subject>Болотное дело</dc:subject>" in core
    assert "<dc:language>ru</dc:language>" in core
    assert "<dc:creator></dc:creator>" in core or "<dc:creator/>" in core
    assert "<cp:revision>1</cp:revision>" in core
    assert "<dcterms:created" in core and "<dcterms:modified" in core
    assert "<cp:lastModifiedBy></cp:lastModifiedBy>" in core or "<cp:lastModifiedBy/>" in core
    assert "<Company>" not in app and "Template" not in app and "Macintosh" not in app
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        everything = b"".join(archive.read(name) for name in names)
    assert not any("thumbnail" in name or "customXml" in name for name in names)
    assert b"python-docx" not in everything
    assert b"ivan_petrov_private_signature" not in everything  # the image's file name stays private
    assert str(tmp_path).encode() not in everything


def test_author_only_when_given(tmp_path):
    doc = swedish_motion()
    doc.author = "Anna Andersson"
    doc.keywords = ["Bolotnaja"]
    word, _ = write_and_open(doc, tmp_path)
    assert word.core_properties.author == "Anna Andersson"
    assert word.core_properties.keywords == "Bolotnaja"
    assert word.core_properties.last_modified_by == ""


def test_signature_image_is_embedded_at_15_mm(tmp_path, signature_png):
    word, path = write_and_open(russian_letter(signature_png), tmp_path)
    assert len(word.inline_shapes) == 1
    shape = word.inline_shapes[0]
    assert abs(shape.height - Mm(15)) < Mm(0.1)
    assert abs(shape.width / shape.height - 120 / 40) < 0.01  # aspect ratio kept
    with zipfile.ZipFile(path) as archive:
        media = [name for name in archive.namelist() if name.startswith("word/media/")]
        assert len(media) == 1
        # Re-encoded from its pixels (no metadata comes along), the alpha channel (transparency) kept.
        from PIL import Image as PILImage

        with PILImage.open(BytesIO(archive.read(media[0]))) as embedded, PILImage.open(signature_png) as original:
            assert embedded.mode == "RGBA"
            assert embedded.tobytes() == original.convert("RGBA").tobytes()


def test_several_signers_side_by_side(tmp_path, signature_png):
    signers = [
        Signature("Anna Andersson", ["MP", "Vänsterpartiet"], image=signature_png),
        Signature("Erik Berg", ["MP"]),
    ]
    signers.append(Signature("Olga Ivanova", ["Мемориал"]))
    doc = Document(title="t", language="sv", blocks=[SignatureBlock(signers)])
    word, _ = write_and_open(doc, tmp_path)
    table = word.tables[0]
    assert len(table.columns) == 2 and len(table.rows) == 2
    assert table.style is None or table.style.name != "Table Grid"  # no borders
    assert "Anna Andersson" in table.cell(0, 0).text and "Vänsterpartiet" in table.cell(0, 0).text
    assert "Erik Berg" in table.cell(0, 1).text
    assert "Olga Ivanova" in table.cell(1, 0).text and "Мемориал" in table.cell(1, 0).text
    assert len(word.inline_shapes) == 1


def test_table_header_repeats_and_rows_have_fixed_height(tmp_path):
    word, _ = write_and_open(russian_letter(), tmp_path)
    table = word.tables[0]
    assert table.style.name == "Table Grid"
    header_pr = table.rows[0]._tr.trPr
    assert header_pr is not None and header_pr.find(f"{W}tblHeader") is not None
    assert table.rows[1]._tr.trPr.find(f"{W}tblHeader") is None
    filled, blank = (table.rows[i]._tr.trPr.find(f"{W}trHeight") for i in (1, 2))
    assert int(blank.get(f"{W}val")) == pytest.approx(Mm(9).twips, abs=2)
    assert blank.get(f"{W}hRule") == "exact"
    assert filled.get(f"{W}hRule") == "atLeast"  # rows with text may grow instead of clipping
    widths = [table.cell(0, i).width for i in range(3)]
    assert widths[0] == widths[2] and abs(widths[0] / widths[1] - 1.5) < 0.01
    assert [cell.text for cell in table.rows[1].cells] == ["Иван", "Москва", ""]


def test_styles_are_named_and_look_right(tmp_path):
    word, path = write_and_open(russian_letter(), tmp_path)
    by_text = {paragraph.text: paragraph for paragraph in word.paragraphs}
    assert by_text["О деле на Болотной площади"].style.name == "Subject"
    assert word.styles["Subject"].font.bold
    assert by_text["6 мая 2024 г."].style.name == "Date"
    assert word.styles["Date"].paragraph_format.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert by_text["Посольство Российской Федерации"].style.name == "Address Block"
    assert word.styles["Address Block"].paragraph_format.space_after == 0
    assert by_text["Уважаемый господин Посол!"].style.name == "Salutation"
    assert by_text["С уважением,"].style.name == "Closing"
    assert by_text["Наши требования"].style.name == "Heading 1"
    assert by_text["Соображения"].style.name == "Heading 2"
    styles_xml = zip_text(path, "word/styles.xml")
    defaults = styles_xml.split("</w:docDefaults>")[0]
    for attr in ("ascii", "hAnsi", "cs"):
        assert f'w:{attr}="Noto Serif"' in defaults
    assert "asciiTheme" not in defaults  # a theme font would override the named face
    assert 'w:lang w:val="ru-RU"' in defaults
    normal_lang = word.styles["Normal"].element.rPr.find(qn("w:lang"))
    assert normal_lang.get(qn("w:val")) == "ru-RU"
    bold_run = next(
        run for run in by_text["Мы пишем по поводу узников Болотной площади."].runs if run.text == "узников"
    )
    assert bold_run.bold


def test_language_tags():
    assert word_language_tag("ru") == "ru-RU"
    assert word_language_tag("sv") == "sv-SE"
    assert word_language_tag("en") == "en-GB"
    assert word_language_tag("en", "Letter") == "en-US"
    assert word_language_tag("de") == "de-DE"
    assert word_language_tag("fr") == "fr-FR"
    assert word_language_tag("fr_CA") == "fr-CA"
    assert word_language_tag("fi") == "fi-FI"  # from CLDR likely subtags


def test_control_characters_are_dropped_and_long_fields_work(tmp_path):
    long_text = ("Болотная площадь " * 700)[:10_000]
    doc = Document(
        title="bad\x00title",
        language="ru",
        blocks=[p("a\x00b\x0bc\x1fd"), Table(["x\x01"], [[long_text]]), p(long_text)],
        furniture=PageFurniture(letterhead=["head\x1f"], footer_text="{page}\x07"),
    )
    word, _ = write_and_open(doc, tmp_path)
    assert word.paragraphs[0].text == "abcd"
    assert word.core_properties.title == "badtitle"
    assert word.tables[0].cell(0, 0).text == "x"
    assert word.tables[0].cell(1, 0).text == long_text
    assert any(paragraph.text == long_text for paragraph in word.paragraphs)
    assert clean_text("line\r\nnext\rlast") == "line\nnext\nlast"


def test_writes_to_a_stream(signature_png):
    buffer = BytesIO()
    write_docx(russian_letter(signature_png), buffer)
    word = docx.Document(BytesIO(buffer.getvalue()))
    assert "Уважаемый господин Посол!" in [paragraph.text for paragraph in word.paragraphs]


def test_bad_signature_image_is_a_clear_error_and_leaves_no_file(tmp_path):
    not_an_image = tmp_path / "sig.png"
    not_an_image.write_text("this is not a picture")
    target = tmp_path / "out" / "letter.docx"
    with pytest.raises(PetitionDeskError, match="not a PNG or JPEG"):
        write_docx(russian_letter(not_an_image), target)
    with pytest.raises(PetitionDeskError, match="cannot be read"):
        write_docx(russian_letter(tmp_path / "missing.png"), target)
    assert not target.exists()


def test_failed_write_keeps_the_previous_file(tmp_path):
    target = tmp_path / "letter.docx"
    write_docx(swedish_motion(), target)
    before = target.read_bytes()
    with pytest.raises(PetitionDeskError):
        write_docx(russian_letter(tmp_path / "missing.png"), target)
    assert target.read_bytes() == before
    assert [path.name for path in tmp_path.iterdir()] == ["letter.docx"]


def _list_after_lead_in(filler_mm: float = 10.0) -> Document:
    """A lead-in ending with a comma, a list whose first item has sub-items, a place and date, a signature."""
    person = ListItem([Run("Sergej Kriwow")], ListBlock(items("Urteil: vier Jahre Straflager", "Vorwurf: Artikel 212")))
    return Document(
        title="t", language="de", furniture=PageFurniture(footer_text="Seite {page} von {pages}",
                                                          note="Historisches Beispiel"),
        blocks=[Spacer(filler_mm), p("Ich fordere die Behörden daher auf,"),
                ListBlock([person, *items("die Urteile aufzuheben")]),
                p("Stockholm, den 6. Mai 2014", role="date"), SignatureBlock([Signature("Anna Lindqvist")])],
    )


def _keeps_next(paragraph) -> bool:
    return paragraph._p.pPr is not None and paragraph._p.pPr.find(qn("w:keepNext")) is not None


def test_lead_in_item_and_last_lines_carry_keep_next_and_every_style_widow_control(tmp_path):
    word, _ = write_and_open(_list_after_lead_in(), tmp_path)
    kept = {paragraph.text: _keeps_next(paragraph) for paragraph in word.paragraphs if paragraph.text}
    assert kept == {"Ich fordere die Behörden daher auf,": True, "Sergej Kriwow": True,
                    "Urteil: vier Jahre Straflager": False, "Vorwurf: Artikel 212": False,
                    "die Urteile aufzuheben": True, "Stockholm, den 6. Mai 2014": True, "Anna Lindqvist": False}
    # "Anna Lindqvist" keeps with next through its style (Signature), as the closing does.
    assert word.styles["Normal"].paragraph_format.widow_control
    for style in word.styles:
        if style.type == 1 and style.name != "Normal":  # paragraph styles inherit widow control from Normal
            assert style.base_style is not None and style.base_style.name == "Normal", style.name
            assert style.paragraph_format.widow_control is not False, style.name


def test_the_note_is_in_every_footer_above_the_page_number(tmp_path):
    word, _ = write_and_open(_list_after_lead_in(), tmp_path)
    section = word.sections[0]
    texts = [p.text for p in section.footer.paragraphs]
    assert texts[0] == "Historisches Beispiel" and section.footer.paragraphs[0].runs[0].italic
    assert "Historisches Beispiel" not in " ".join(p.text for p in word.paragraphs)


@pytest.mark.skipif(not __import__("shutil").which("soffice"), reason="LibreOffice is not installed")
def test_libreoffice_keeps_the_lead_in_with_its_list_wherever_the_page_ends(tmp_path):
    import subprocess

    from pypdf import PdfReader

    fillers = list(range(160, 240, 4))
    sources = []
    for filler in fillers:
        sources.append(tmp_path / f"{filler}.docx")
        write_docx(_list_after_lead_in(filler), sources[-1])
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), *map(str, sources)], check=True, capture_output=True, timeout=300)
    counts = set()
    for source in sources:
        pages = [page.extract_text() for page in PdfReader(source.with_suffix(".pdf")).pages]
        counts.add(len(pages))
        for text in pages:
            assert ("Ich fordere" in text) <= ("Sergej Kriwow" in text) and \
                ("Sergej Kriwow" in text) <= ("Urteil: vier Jahre" in text), (source.name, pages)
            assert ("die Urteile aufzuheben" in text) == ("Anna Lindqvist" in text), (source.name, pages)
            assert "Historisches Beispiel" in text
    assert counts == {1, 2}  # the sweep did reach the page's foot
