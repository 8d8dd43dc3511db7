"""The parliamentary resolution: four styles × five languages, read back from PDF and DOCX."""

import datetime as dt
import io
import re

import docx
import pytest
from pypdf import PdfReader

from desktop.core.compose import LetterOptions, render_document
from desktop.core.demo import load_demo_draft
from desktop.core.document import ListBlock, list_label
from desktop.core.errors import PetitionDeskError
from desktop.core.layouts.resolution import STYLES, style_phrases
from desktop.core.recipients import Recipient
from desktop.core.templates import get_template
from desktop.core.writers.docx import write_docx
from desktop.core.writers.pdf import write_pdf

LANGS = ("en", "sv", "fr", "de", "ru")
DATE = dt.date(2026, 3, 1)
PARLIAMENT = Recipient(kind="legislature", organisation="Parliament", country="SE")

# One set phrase per style and language that must be in the output.
SET_PHRASES = {
    ("ep", "en"): ["having regard to", "whereas", "Instructs its President"],
    ("ep", "fr"): ["vu ", "considérant que", "charge son Président"],
    ("ep", "de"): ["unter Hinweis auf", "in der Erwägung, dass", "beauftragt seine Präsidentin"],
    ("ep", "ru"): ["принимая во внимание", "учитывая, что", "поручает своему Председателю"],
    ("ep", "sv"): ["med beaktande av", "uppdrar åt talmannen"],
    ("riksdag", "sv"): ["Motion till riksdagen", "Förslag till riksdagsbeslut", "ställer sig bakom", "Motivering"],
    ("riksdag", "en"): ["Motion to the Riksdag", "Grounds"],
    ("riksdag", "fr"): ["Motion au Riksdag"],
    ("riksdag", "de"): ["Antrag an den Reichstag", "Begründung"],
    ("riksdag", "ru"): ["риксдаг", "Обоснование"],
    ("us", "en"): ["CONGRESS", "H. RES.", "Whereas", "Now, therefore, be it", "Resolved, That", "; and"],
    ("us", "fr"): ["Considérant que", "CONGRÈS"],
    ("us", "de"): ["In der Erwägung, dass", "KONGRESS"],
    ("us", "ru"): ["Учитывая, что", "КОНГРЕСС"],
    ("us", "sv"): ["Med hänsyn till att", "Därför beslutas att representanthuset", "KONGRESSEN"],
    ("generic", "en"): ["The Parliament,", "considering that"],
    ("generic", "fr"): ["considérant que"],
    ("generic", "de"): ["in der Erwägung, dass"],
    ("generic", "ru"): ["учитывая, что"],
    ("generic", "sv"): ["med hänsyn till att"],
}
LETTERED = {"ep", "generic"}  # styles whose recitals are A., B., C.


def render(style, lang, **extra):
    draft = load_demo_draft()
    options = LetterOptions(date=DATE, place="Stockholm", template_options={"style": style, **extra})
    return render_document(get_template("resolution"), lang, draft.case, PARLIAMENT, draft.signers, options)


def pdf_text(doc):
    buffer = io.BytesIO()
    write_pdf(doc, buffer)
    buffer.seek(0)
    return "\n".join(page.extract_text() for page in PdfReader(buffer).pages)


def docx_bytes(doc):
    buffer = io.BytesIO()
    write_docx(doc, buffer)
    buffer.seek(0)
    return buffer


def norm(text):
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\u202f", " "))


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("style", STYLES)
def test_every_style_and_language_renders_with_its_set_phrases(style, lang):
    doc = render(style, lang)
    pdf = norm(pdf_text(doc))
    document = docx.Document(docx_bytes(doc))
    word = norm("\n".join(p.text for p in document.paragraphs))
    for phrase in SET_PHRASES.get((style, lang), []):
        assert norm(phrase) in pdf, (style, lang, phrase)
        assert norm(phrase) in word, (style, lang, phrase)
    for text in (pdf, word):
        assert not re.search(r"\{\{|\}\}|\{%|%\}|\{#|@heading|@subject|\{[a-z_]+\}", text), text[:500]
    # the first signer and the prisoners appear
    if style not in ("ep", "us"):  # an adopted EP resolution and a House resolution carry no signatures
        assert "Anna Lindqvist" in pdf
    assert re.search("Krivov|Kriwow|Кривов", pdf)  # each language spells the name its own way
    if style in LETTERED:
        for label in (("А.", "Б.", "В.") if lang == "ru" else ("A.", "B.", "C.")):  # Russian letters in Cyrillic
            assert re.search(rf"(^|\n){re.escape(label)}\s", pdf_text(doc)), label
    if style != "riksdag":  # a US resolution numbers its operative paragraphs (1), (2) as the House prints them
        for label in (("(1)", "(2)", "(3)") if style == "us" else ("1.", "2.", "3.")):
            assert re.search(rf"(^|\n){re.escape(label)}\s", pdf_text(doc)), label


@pytest.mark.parametrize("style", ["ep", "generic", "riksdag", "us"])
def test_docx_lists_carry_real_word_numbering(style):
    buffer = docx_bytes(render(style, "en"))
    document = docx.Document(buffer)
    numbered = [p for p in document.paragraphs if p._p.pPr is not None and p._p.pPr.numPr is not None]
    assert numbered, "no paragraph carries w:numPr"
    formats = set(re.findall(r'w:numFmt w:val="(\w+)"', document.part.numbering_part.element.xml))
    assert "decimal" in formats
    if style in LETTERED:
        assert "upperLetter" in formats
    # typed-in labels would duplicate Word's numbering
    assert not any(re.match(r"^[A-Z]{1,2}\. |^\d+\. ", p.text) for p in numbered)


def test_recitals_past_z_are_lettered_aa_ab():
    extra = [f"extra fact number {i}" for i in range(1, 29)]
    doc = render("ep", "en", recitals=extra)
    recitals = next(b for b in doc.blocks if isinstance(b, ListBlock) and b.style == "upper-alpha")
    assert len(recitals.items) > 28
    labels = [list_label("upper-alpha", n) for n in range(1, len(recitals.items) + 1)]
    assert labels[25:28] == ["Z.", "AA.", "AB."]
    text = pdf_text(doc)
    assert re.search(r"(^|\n)AA\.\s+whereas", text) and re.search(r"(^|\n)AB\.\s+whereas", text)


def test_options_citations_and_numbers_are_used():
    doc = render("ep", "en", citations=["the Charter of Fundamental Rights of the European Union"])
    assert "having regard to the Charter of Fundamental Rights of the European Union," in doc.plain_text()
    motion = render("riksdag", "sv", session="2026/27", number="1234").plain_text()
    assert "2026/27:1234" in motion
    us = render("us", "en", congress=119, session=2).plain_text()
    assert "119TH CONGRESS" in us and "2D SESSION" in us  # House style


def test_same_content_in_another_style():
    ep = " ".join(render("ep", "en").plain_text().split())  # no-break spaces read as spaces
    us = " ".join(render("us", "en").plain_text().split())
    assert "6\u00a0May\u00a02012" in render("ep", "en").plain_text()  # the day is kept with its month
    fact = "investigate the conduct of the police on 6 May 2012 impartially"
    assert fact in ep and fact in us
    assert "Instructs its President" in ep and "Instructs its President" not in us


def test_unknown_style_is_a_clear_error():
    with pytest.raises(PetitionDeskError):
        render("westminster", "en")


@pytest.mark.parametrize("style", STYLES)
def test_every_style_has_its_phrases_in_every_language(style):
    english = set(style_phrases(style, "en"))
    for lang in LANGS:
        from desktop.core.layouts.resolution import _styles
        from desktop.core.resources import templates_dir
        own = _styles(templates_dir() / "_resolution_styles.toml")[style][lang]
        assert own, (style, lang)
        if style != "us" or lang == "en":
            assert english - {"recital_capital", "operative_capital", "ordinal", "ordinal_one"} <= set(own) | {"translation_note", "semicolon", "colon", "signer_with_party", "date_line"}, (style, lang)
