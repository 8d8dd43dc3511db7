"""Petition signature sheets in five languages, read back from the PDF and DOCX a volunteer prints."""

import datetime as dt
import io

import docx
import pytest
from pypdf import PdfReader

from desktop.core.compose import LetterOptions, load_phrases, render_document
from desktop.core.demo import load_demo_draft
from desktop.core.errors import PetitionDeskError
from desktop.core.recipients import Recipient
from desktop.core.templates import get_template
from desktop.core.writers.docx import write_docx
from desktop.core.writers.pdf import write_pdf

LANGS = ("en", "sv", "fr", "de", "ru")
DEADLINE = dt.date(2026, 6, 30)
PARLIAMENTS = {
    "SE": Recipient(organisation="Sveriges riksdag", kind="legislature", address_lines=["Riksdagen"],
                    postal_code="100 12", city="Stockholm", country="SE"),
    "US": Recipient(organisation="United States Senate", kind="legislature", address_lines=["Capitol"],
                    postal_code="20510", city="Washington", region="DC", country="US"),
}


def flat(text):
    return " ".join(text.replace("\xa0", " ").replace("\u202f", " ").split())


def render(lang, country="SE", **options):
    draft = load_demo_draft()
    opts = LetterOptions(date=dt.date(2026, 3, 1), deadline=DEADLINE, template_options=options)
    return render_document(get_template("petition_sheets"), lang, draft.case, PARLIAMENTS[country], draft.signers,
                           opts)


def pdf_pages(doc):
    buffer = io.BytesIO()
    write_pdf(doc, buffer)
    buffer.seek(0)
    return [flat(page.extract_text()) for page in PdfReader(buffer).pages]


def docx_text(doc):
    buffer = io.BytesIO()
    write_docx(doc, buffer)
    buffer.seek(0)
    word = docx.Document(buffer)
    cells = [cell.text for table in word.tables for row in table.rows for cell in row.cells]
    return flat("\n".join([*(p.text for p in word.paragraphs), *cells])), word


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("country", ["SE", "US"])  # A4 and Letter
def test_three_sheets_of_twelve_rows_each_on_its_own_page(lang, country):
    doc = render(lang, country, sheets=3, rows=12, contact=True)
    assert doc.paper == ("Letter" if country == "US" else "A4")
    phrases = load_phrases(lang)
    pages = pdf_pages(doc)
    assert len(pages) == 3
    columns = [phrases[k] for k in ("column_number", "column_name", "column_town", "column_signature",
                                    "column_contact", "consent_contact")]
    for number, page in enumerate(pages, start=1):
        assert flat(phrases["sheet_of"].format(sheet=number, sheets=3)) in page
        for other in {1, 2, 3} - {number}:
            assert flat(phrases["sheet_of"].format(sheet=other, sheets=3)) not in page
        tokens = page.split()
        for row in range(1, 13):
            assert str(row) in tokens, (lang, number, row)
        assert "13" not in tokens
        for header in columns:
            # Narrow header cells wrap, and text extraction interleaves their lines: the first word is enough.
            assert flat(header).split()[0] in page, header
        # The return address: the group's name in the sheet's language.
        group = {"en": "Solidarity Group (example)", "sv": "Solidaritetsgruppen (exempel)",
                 "fr": "Groupe de solidarité (exemple)", "de": "Solidaritätsgruppe (Beispiel)",
                 "ru": "Группа солидарности (пример)"}[lang]
        assert group in page and "Exempelgatan 1" in page
        assert flat(phrases["privacy_notice"])[:40] in page
        # The footer is drawn last: a clipped page would lose it.
        assert flat(phrases["page_of"].format(page=number, pages=3)) in page
    text, word = docx_text(doc)
    assert flat(phrases["sheet_of"].format(sheet=3, sheets=3)) in text
    assert len(word.tables) == 3
    assert all(len(table.rows) == 13 for table in word.tables)  # header + 12 numbered rows
    assert [row.cells[0].text for row in word.tables[2].rows[1:]] == [str(n) for n in range(1, 13)]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("country", ["SE", "US"])
def test_default_fifteen_rows_fit_one_page(lang, country):
    doc = render(lang, country)
    pages = pdf_pages(doc)
    assert len(pages) == 1
    assert "15" in pages[0].split()
    assert load_phrases(lang)["column_contact"].split()[0] not in pages[0]
    for table in [b for b in doc.blocks if hasattr(b, "row_height_mm")]:
        assert table.row_height_mm >= 7.5


def test_no_template_syntax_and_the_petition_text_heads_each_sheet():
    doc = render("ru", sheets=2)
    pages = pdf_pages(doc)
    for page in pages:
        assert "{" not in page and "}" not in page
        assert "Мы, нижеподписавшиеся" in page and "Кому: Sveriges riksdag" in page
        assert "до 30 июня 2026 г." in page


@pytest.mark.parametrize("options", [{"rows": 0}, {"rows": 41}, {"sheets": "x"}, {"sheets": 0},
                                     {"contact": "maybe"}, {"deadline": "30/06/2026"}, {"rows": True}])
def test_bad_options_are_refused_with_a_clear_message(options):
    with pytest.raises(PetitionDeskError) as caught:
        render("en", **options)
    assert "petition" in str(caught.value).lower()


def test_too_many_rows_for_a_page_names_the_maximum():
    with pytest.raises(PetitionDeskError) as caught:
        render("de", "US", rows=40)
    message = str(caught.value)
    assert "At most" in message and "Letter" in message


def test_return_address_option_overrides_the_signer():
    pages = pdf_pages(render("fr", return_address="Collectif X, 1 rue de la Paix, 75002 Paris"))
    assert "Collectif X, 1 rue de la Paix" in pages[0] and "Exempelgatan" not in pages[0]
    assert "avant le 30 juin 2026" in pages[0]
