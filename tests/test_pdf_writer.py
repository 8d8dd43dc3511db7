"""The PDF writer, checked by reading its files back with pypdf."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pytest
from pypdf import PdfReader

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
from desktop.core.fonts import register_fonts
from desktop.core.writers.pdf import write_pdf, write_pdf_combined

A4_SIZE = (595.28, 841.89)
LETTER_SIZE = (612.0, 792.0)


def png_with_alpha(path: Path, width: int = 90, height: int = 30) -> Path:
    """A small RGBA PNG: a dark diagonal stroke on a fully transparent background."""
    rows = []
    for y in range(height):
        row = bytearray([0])  # filter type: none
        for x in range(width):
            on = abs(x * height // width - y) <= 1
            row += bytes((20, 30, 120, 255 if on else 0))
        rows.append(bytes(row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # 8-bit RGBA
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"".join(rows)))
    path.write_bytes(data + chunk(b"IEND", b""))
    return path


def para(text: str, role: str = "body", align: str = "left") -> Paragraph:
    return Paragraph([Run(text)], role=role, align=align)


def russian_letter(signature: Path | None = None, rows: int = 60) -> Document:
    """A letter using every block type, long enough to need several pages."""
    return Document(
        title="Обращение к Послу",
        language="ru",
        subject="Болотное дело",
        keywords=["политзаключённые", "Bolotnaya"],
        furniture=PageFurniture(
            letterhead=["Комитет солидарности", "Storgatan 1, 111 22 Stockholm"],
            footer_text="Страница {page} из {pages}",
            header_text="Обращение по Болотному делу",
        ),
        blocks=[
            para("Стокгольм, 6 мая 2013 г.", role="date", align="right"),
            AddressBlock(["Посольство Российской Федерации", "Gjörwellsgatan 31", "112 60 Stockholm"]),
            para("О заключённых по Болотному делу", role="subject"),
            para("Уважаемый господин Посол!", role="salutation"),
            Paragraph(
                [
                    Run("Мы обращаемся к Вам в связи с "),
                    Run("уголовным преследованием", bold=True),
                    Run(" участников демонстрации на "),
                    Run("Болотной площади", italic=True),
                    Run(". Ελληνικά: Αξιότιμε κύριε Πρέσβη. Fish <b>&amp;</b> chips & co."),
                ]
            ),
            Heading("Требования", 1),
            ListBlock(
                [
                    ListItem(
                        [Run("Освободить задержанных")],
                        children=ListBlock(
                            [ListItem([Run("немедленно")]), ListItem([Run("безоговорочно")])], style="lower-alpha"
                        ),
                    ),
                    ListItem([Run("Прекратить преследование")]),
                ],
                style="decimal",
            ),
            Heading("Соображения", 2),
            ListBlock(
                [ListItem([Run("whereas first")]), ListItem([Run("whereas second")])], style="upper-alpha", start=3
            ),
            ListBlock([ListItem([Run("dash item")])], style="dash"),
            ListBlock([ListItem([Run("bullet item")])], style="bullet"),
            Table(
                ["Имя", "Статья", "Срок"],
                [[f"Заключённый{i:02d}", "ст. 212", f"{i % 4 + 2} года"] for i in range(rows)],
                widths=[3, 2, 1],
            ),
            para("С уважением,", role="closing"),
            SignatureBlock([Signature("Анна Иванова", ["Председатель"], image=signature)]),
            Spacer(4),
            para("Копия: МИД Швеции", role="small"),
        ],
    )


def short_letter(
    title: str, paper: str = "A4", language: str = "en", footer: str = "Page {page} of {pages}", pages: int = 1
) -> Document:
    blocks: list = [para(f"Letter {title}", role="title")]
    for n in range(2, pages + 1):
        blocks += [PageBreak(), para(f"{title} continued on page {n}")]
    return Document(
        title=title,
        language=language,
        paper=paper,
        blocks=blocks,
        furniture=PageFurniture(letterhead=[f"Group {title}"], footer_text=footer),
    )


def read(data: bytes | Path) -> PdfReader:
    return PdfReader(io.BytesIO(data) if isinstance(data, bytes) else data)


def pdf_bytes(doc: Document) -> bytes:
    buf = io.BytesIO()
    write_pdf(doc, buf)
    return buf.getvalue()


def assert_in_order(text: str, words: list[str]) -> None:
    text = " ".join(text.split())  # line breaks fall wherever the layout put them
    position = 0
    for word in words:
        found = text.find(word, position)
        assert found >= 0, f"{word!r} missing after position {position}"
        position = found + len(word)


def test_words_come_back_in_reading_order_including_cyrillic_and_greek(tmp_path):
    reader = read(pdf_bytes(russian_letter(png_with_alpha(tmp_path / "sig.png"))))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert_in_order(
        text,
        [
            "Комитет солидарности",
            "Стокгольм, 6 мая 2013 г.",
            "Посольство Российской Федерации",
            "О заключённых по Болотному делу",
            "Уважаемый господин Посол!",
            "уголовным преследованием",
            "Болотной площади",
            "Αξιότιμε κύριε Πρέσβη",
            "Fish <b>&amp;</b> chips & co.",  # markup in the text is printed, not interpreted
            "Требования",
            "1.",
            "Освободить задержанных",
            "(a)",
            "немедленно",
            "(b)",
            "безоговорочно",
            "2.",
            "Прекратить преследование",
            "Соображения",
            "C.",
            "whereas first",
            "D.",
            "whereas second",
            "–",
            "dash item",
            "•",
            "bullet item",
            "Заключённый00",
            "Заключённый59",
            "С уважением,",
            "Анна Иванова",
            "Председатель",
            "Копия: МИД Швеции",
        ],
    )


def test_localized_footer_counts_pages_and_header_runs_from_page_two():
    reader = read(pdf_bytes(russian_letter()))
    total = len(reader.pages)
    assert total >= 2
    for number, page in enumerate(reader.pages, start=1):
        text = page.extract_text()
        assert f"Страница {number} из {total}" in text
        assert ("Обращение по Болотному делу" in text) == (number > 1)
    assert "Комитет солидарности" not in reader.pages[1].extract_text()  # letterhead only on the first page


def test_table_header_repeats_on_every_page_it_spans():
    reader = read(pdf_bytes(russian_letter(rows=90)))
    table_pages = [page.extract_text() for page in reader.pages if "Заключённый" in page.extract_text()]
    assert len(table_pages) >= 2
    for text in table_pages:
        assert_in_order(text, ["Имя", "Статья", "Срок", "Заключённый"])


def test_combined_file_restarts_numbering_and_mixes_paper_sizes(tmp_path):
    docs = [short_letter("one", pages=2), short_letter("two", paper="Letter"), short_letter("three", pages=3)]
    separate = [len(read(pdf_bytes(doc)).pages) for doc in docs]
    assert separate == [2, 1, 3]

    target = tmp_path / "all.pdf"
    count = write_pdf_combined(docs, target)
    reader = read(target)
    assert count == len(reader.pages) == sum(separate)

    footers = [page.extract_text().strip().splitlines()[-1] for page in reader.pages]
    assert footers == ["Page 1 of 2", "Page 2 of 2", "Page 1 of 1", "Page 1 of 3", "Page 2 of 3", "Page 3 of 3"]
    first_lines = [page.extract_text() for page in reader.pages]
    assert "Group one" in first_lines[0] and "Group two" in first_lines[2] and "Group three" in first_lines[3]
    assert "Group one" not in first_lines[1]

    sizes = [(round(float(p.mediabox.width), 2), round(float(p.mediabox.height), 2)) for p in reader.pages]
    assert sizes == [A4_SIZE, A4_SIZE, LETTER_SIZE, A4_SIZE, A4_SIZE, A4_SIZE]

    outline = reader.outline
    assert [item.title for item in outline] == ["one", "two", "three"]
    assert [reader.get_destination_page_number(item) for item in outline] == [0, 2, 3]


def test_letter_paper_has_us_letter_mediabox():
    reader = read(pdf_bytes(short_letter("us", paper="Letter")))
    box = reader.pages[0].mediabox
    assert (float(box.width), float(box.height)) == LETTER_SIZE


def test_metadata_has_language_title_and_no_author_by_default(tmp_path):
    target = tmp_path / "private folder" / "letter.pdf"
    write_pdf(russian_letter(), target)
    data = target.read_bytes()
    reader = read(data)
    assert reader.trailer["/Root"]["/Lang"] == "ru"
    info = reader.metadata
    assert info["/Title"] == "Обращение к Послу"
    assert info["/Subject"] == "Болотное дело"
    assert info["/Keywords"] == "политзаключённые, Bolotnaya"
    assert info["/Creator"] == "Petition Desk"
    assert "/Author" not in info
    assert b"private folder" not in data and str(tmp_path).encode() not in data
    for value in info.values():
        assert "anonymous" not in str(value)


def test_author_is_written_only_when_given():
    doc = short_letter("signed")
    doc.author = "Anna Ivanova"
    assert read(pdf_bytes(doc)).metadata["/Author"] == "Anna Ivanova"


def _fonts_of(reader: PdfReader) -> list:
    fonts = []
    for page in reader.pages:
        for ref in page["/Resources"]["/Font"].values():
            fonts.append(ref.get_object())
    return fonts


def test_all_fonts_are_embedded_truetype():
    reader = read(pdf_bytes(russian_letter()))
    fonts = _fonts_of(reader)
    assert fonts
    for font in fonts:
        descriptor_owner = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
        descriptor = descriptor_owner["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor, font.get("/BaseFont")
        assert "Helvetica" not in str(font.get("/BaseFont"))
    # Regular, bold, italic and bold italic runs each used their own face.
    faces = {str(font["/BaseFont"]).split("+", 1)[-1] for font in fonts}
    assert faces == {"NotoSerif-Regular", "NotoSerif-Bold", "NotoSerif-Italic", "NotoSerif-BoldItalic"}


def test_signature_image_keeps_transparency_and_signers_sit_side_by_side(tmp_path):
    image = png_with_alpha(tmp_path / "sig.png")
    doc = Document(
        title="Motion",
        language="sv",
        blocks=[
            para("Stockholm den 6 maj 2013"),
            SignatureBlock([Signature("Anna Andersson", ["(V)"], image=image), Signature("Bertil Berg", ["(MP)"])]),
        ],
    )
    reader = read(pdf_bytes(doc))
    page = reader.pages[0]
    images = [xobj.get_object() for xobj in page["/Resources"]["/XObject"].values()]
    assert any(img["/Subtype"] == "/Image" and "/SMask" in img for img in images)

    positions: dict[str, tuple[float, float]] = {}

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip() in ("Anna Andersson", "Bertil Berg"):
            positions[text.strip()] = (cm[4] + tm[4], cm[5] + tm[5])

    page.extract_text(visitor_text=visit)
    (ax, ay), (bx, by) = positions["Anna Andersson"], positions["Bertil Berg"]
    assert abs(ay - by) < 1  # same line
    assert bx - ax > 150  # second column, well to the right


def test_list_numbering_honours_start_and_nesting():
    doc = Document(
        title="Resolution",
        language="en",
        blocks=[
            ListBlock(
                [
                    ListItem(
                        [Run("calls for release")],
                        children=ListBlock([ListItem([Run("of all")])], style="decimal", start=7),
                    )
                ],
                style="decimal",
                start=4,
            )
        ],
    )
    text = read(pdf_bytes(doc)).pages[0].extract_text()
    assert_in_order(text, ["4.", "calls for release", "7.", "of all"])


def test_control_characters_and_a_huge_field_still_produce_a_pdf(tmp_path):
    huge = "Ж" * 10_000
    dirty = "Nul\x00l vert\x0bical bell\x07 del\x7f end"
    doc = Document(
        title="t\x00itle",
        language="ru",
        furniture=PageFurniture(letterhead=[huge], footer_text="{page}\x00/{pages}", header_text=huge),
        blocks=[
            para(dirty),
            Heading(huge),
            para(huge),
            AddressBlock([huge]),
            Table(["Имя", huge], [[huge, dirty]], row_height_mm=10),
            SignatureBlock([Signature(huge, [dirty]), Signature("Second", [])]),
            Spacer(5000),
        ],
    )
    target = tmp_path / "huge.pdf"
    write_pdf(doc, target)
    reader = read(target)
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Null vertical bell del end" in text
    assert text.replace("\n", "").count("Ж") >= 3 * 10_000
    assert reader.metadata["/Title"] == "title"
    assert reader.pages[0].extract_text().strip().endswith(f"1/{len(reader.pages)}")


def test_written_to_a_path_atomically_and_failures_leave_nothing(tmp_path):
    target = tmp_path / "out" / "letter.pdf"
    write_pdf(short_letter("ok"), target)
    assert target.read_bytes().startswith(b"%PDF-")
    assert sorted(p.name for p in target.parent.iterdir()) == ["letter.pdf"]

    broken = short_letter("broken")
    broken.blocks.append(SignatureBlock([Signature("X", image=tmp_path / "missing.png")]))
    failed = tmp_path / "out" / "broken.pdf"
    with pytest.raises(PetitionDeskError, match="missing.png"):
        write_pdf(broken, failed)
    assert sorted(p.name for p in target.parent.iterdir()) == ["letter.pdf"]


def test_user_errors_are_petition_desk_errors():
    with pytest.raises(PetitionDeskError):
        write_pdf_combined([], io.BytesIO())
    odd = short_letter("odd")
    odd.paper = "A5"  # type: ignore[assignment]
    with pytest.raises(PetitionDeskError, match="A5"):
        write_pdf(odd, io.BytesIO())


def test_fonts_register_once():
    from reportlab.pdfbase import pdfmetrics

    family = register_fonts()
    before = list(pdfmetrics.getRegisteredFontNames())
    assert register_fonts() is family
    assert pdfmetrics.getRegisteredFontNames() == before
    assert family.face(bold=True, italic=True) == "PDSerif-BoldItalic"


@pytest.mark.parametrize("paragraphs", range(20, 36))
def test_closing_never_parts_from_the_signature(tmp_path, paragraphs):
    """Whatever the letter's length, the closing formula and the signer stay on one page.

    One-line paragraphs move the end of the text down in small steps, so
    some of these lengths leave room for the closing but not the signature.
    """
    image = png_with_alpha(tmp_path / "sig.png")
    doc = Document(
        title="t",
        language="ru",
        blocks=[para(f"Пункт {n}.") for n in range(paragraphs)]
        + [para("С уважением,", role="closing"), SignatureBlock([Signature("Анна Иванова", ["Председатель"], image)])],
    )
    pages = read(pdf_bytes(doc)).pages
    for page in pages:
        text = page.extract_text()
        assert ("С уважением," in text) == ("Анна Иванова" in text)


def test_a_large_signature_scan_is_embedded_at_print_resolution(tmp_path):
    scan = png_with_alpha(tmp_path / "scan.png", width=1500, height=900)
    doc = Document(title="t", language="en", blocks=[SignatureBlock([Signature("Name", image=scan)])])
    page = read(pdf_bytes(doc)).pages[0]
    (image,) = [x.get_object() for x in page["/Resources"]["/XObject"].values()]
    assert image["/Height"] == 300 and image["/Width"] == 500  # aspect ratio kept


def test_keep_with_next_chains_measured_without_the_frame_copy_give_the_same_bytes(monkeypatch):
    """The letter's chains skip reportlab's deep copy of the frame; the PDF must not change by a byte."""
    import io
    import re

    from reportlab.platypus import KeepTogether

    from desktop.core.demo import load_demo_draft
    from desktop.core.plan import document_for, render
    from desktop.core.writers import pdf as pdf_writer

    def written() -> list[bytes]:
        out = []
        for index in range(len(load_demo_draft().recipients)):
            plan, doc = document_for(load_demo_draft(), index)
            buffer = io.BytesIO()
            pdf_writer.write_pdf(render(plan, doc), buffer)
            out.append(re.sub(rb"/ID\s*\[.*?\]|/CreationDate\s*\(.*?\)|/ModDate\s*\(.*?\)", b"", buffer.getvalue(),
                              flags=re.S))
        return out

    from reportlab.platypus import flowables

    copies = []
    real_deepcopy = flowables.deepcopy
    monkeypatch.setattr(flowables, "deepcopy", lambda value, *a: copies.append(1) or real_deepcopy(value, *a))
    light = written()
    light_copies = len(copies)  # only the address block's own KeepTogether still copies it, once a letter
    monkeypatch.setattr(pdf_writer._PlainKeepTogether, "wrap", KeepTogether.wrap)  # reportlab's own road
    assert written() == light
    assert len(copies) - light_copies > 2 * light_copies  # which copies the frame for every chain


def _list_after_lead_in(filler_mm: float, lead_in: str) -> Document:
    """A lead-in, a list whose first item has sub-items, the closing and a signature, pushed down by ``filler_mm``."""
    person = ListItem([Run("Sergei Krivov")], ListBlock([ListItem([Run("Sentence: four years in a penal colony")]),
                                                         ListItem([Run("Charge: Article 212")])], style="bullet"))
    return Document(
        title="t", language="de",
        blocks=[Spacer(filler_mm), para(lead_in),
                ListBlock([person, ListItem([Run("die Urteile aufzuheben")])], style="bullet"),
                para("Mit freundlichen Grüßen", role="closing"), SignatureBlock([Signature("Anna Lindqvist")])],
    )


@pytest.mark.parametrize("lead_in", ["Ich fordere die Behörden daher auf,", "We ask you:"])
def test_a_lead_in_and_an_item_stay_with_what_follows_them(lead_in):
    """Wherever the page ends (the filler moves the text down in small steps), the lead-in shares a page
    with the first item, the item with its first sub-item, and the list's last item with the signature."""
    ends_seen = set()
    for filler in range(170, 247, 2):
        pages = [page.extract_text() for page in read(pdf_bytes(_list_after_lead_in(filler, lead_in))).pages]
        for text in pages:
            assert (lead_in in text) <= ("Sergei Krivov" in text), (filler, pages)
            assert ("Sergei Krivov" in text) <= ("Sentence: four years" in text), (filler, pages)
            assert ("Mit freundlichen Grüßen" in text) == ("Anna Lindqvist" in text) == \
                ("die Urteile aufzuheben" in text), (filler, pages)
        ends_seen.add(len(pages))
    assert ends_seen == {1, 2}  # the sweep did reach the page's foot


def test_the_note_stands_at_the_foot_of_every_page_and_never_alone():
    furniture = PageFurniture(footer_text="Page {page} of {pages}", note="Historical example, not a live case")
    for rows in range(40, 48):  # the last paragraph reaches the page's foot somewhere in here
        doc = Document(title="t", language="en", blocks=[para(f"Paragraph {n}.") for n in range(rows)],
                       furniture=furniture)
        pages = [page.extract_text().splitlines() for page in read(pdf_bytes(doc)).pages]
        for number, lines in enumerate(pages, start=1):
            assert [line.strip() for line in lines[-2:]] == [furniture.note, f"Page {number} of {len(pages)}"]
            assert any(line.startswith("Paragraph") for line in lines)
