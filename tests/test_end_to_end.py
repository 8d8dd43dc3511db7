"""The appeal, in every language, read back from the files a user gets."""

import datetime as dt
import io

import docx
import pytest
from pypdf import PdfReader
from reportlab.pdfbase import pdfmetrics

from desktop.core.compose import LetterOptions, render_document
from desktop.core.demo import load_demo_draft
from desktop.core.fields import localized
from desktop.core.fonts import register_fonts
from desktop.core.localize import format_date
from desktop.core.salutations import salutation
from desktop.core.templates import get_template
from desktop.core.writers.docx import write_docx
from desktop.core.writers.pdf import write_pdf

DATE = dt.date(2026, 3, 1)
LANGS = ("en", "sv", "fr", "de", "ru")


def render(lang, recipient_index=0):
    draft = load_demo_draft()
    recipient = draft.recipients[recipient_index]
    options = LetterOptions(date=DATE, place=draft.letter.place, sender_country=draft.letter.sender_country)
    doc = render_document(get_template("appeal_mission"), lang, draft.case, recipient, draft.signers, options)
    return draft, recipient, doc


def pdf_text(doc):
    buffer = io.BytesIO()
    write_pdf(doc, buffer)
    buffer.seek(0)
    return "\n".join(page.extract_text() for page in PdfReader(buffer).pages)


def docx_text(doc):
    buffer = io.BytesIO()
    write_docx(doc, buffer)
    buffer.seek(0)
    document = docx.Document(buffer)
    return "\n".join(p.text for p in document.paragraphs) + "\n" + "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("index", [0, 4])  # Stockholm (A4) and Washington (Letter)
def test_pdf_and_docx_say_the_same_things(lang, index):
    draft, recipient, doc = render(lang, index)
    expected = [
        recipient.name("organisation", lang),
        salutation(recipient, lang).rstrip(",!:"),
        format_date(DATE, lang, recipient.country).replace("\u202f", " "),
        *(localized(p.name, lang) for p in draft.case.people),
        draft.signers[0].name,
    ]
    for text in (pdf_text(doc), docx_text(doc)):
        flat = text.replace("\u202f", " ").replace("\xa0", " ")
        flat_joined = " ".join(flat.split())
        for words in expected:
            assert " ".join(words.split()) in flat_joined, (lang, words)
    assert doc.paper == ("Letter" if recipient.country == "US" else "A4")


def test_reading_order_address_then_date_then_salutation_then_names():
    draft, recipient, doc = render("ru")
    text = " ".join(pdf_text(doc).split())
    positions = [text.index(s) for s in (recipient.name("organisation", "ru"), "1 марта 2026", "Ваше Превосходительство",
                                         "Сергей Кривов", "Александра Наумова", draft.signers[0].name)]
    assert positions == sorted(positions)


@pytest.mark.parametrize("lang", LANGS)
def test_no_character_is_missing_from_the_font(lang):
    _, _, doc = render(lang)
    family = register_fonts()
    for face in (family.regular, family.bold, family.italic):
        font = pdfmetrics.getFont(face)
        covered = set(font.face.charToGlyph)
        missing = {ch for ch in doc.plain_text() if ord(ch) >= 32 and ord(ch) not in covered}
        assert not missing, (lang, face, sorted(missing))
