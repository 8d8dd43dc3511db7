"""The press release: each language's dateline, quote style, end mark and embargo line, read back from PDF and DOCX.

Rendered for the demo case and for a case of one woman in the five
languages; the end marks and dateline conventions are those documented in
docs/style/press.md.
"""

from __future__ import annotations

import datetime as dt
import io
import re

import docx
import pytest
from pypdf import PdfReader

from desktop.core.batch import document_bytes
from desktop.core.case import Case, Person
from desktop.core.compose import LetterOptions, render_document
from desktop.core.demo import load_demo_draft
from desktop.core.recipients import Recipient
from desktop.core.signers import Signer
from desktop.core.templates import get_template, read_options

LANGS = ("en", "sv", "fr", "de", "ru")
SIGNERS = [Signer(name="Eva Berg", role="Spokesperson", organisation="Free Maria Campaign", email="eva@example.org"),
           Signer(name="Jonas Ek", role="Lawyer")]
ONE_WOMAN = Case(name={"en": "The case of Alexandra Ivanova", "sv": "Fallet Alexandra Ivanova", "fr": "affaire Alexandra Ivanova",
                       "de": "Der Fall Alexandra Ivanova", "ru": "Дело Александры Ивановой"},
                 country="RU", demands=[{"en": "release Alexandra Ivanova", "sv": "frige Alexandra Ivanova",
                                                      "fr": "libérer Alexandra Ivanova",
                                                      "de": "Alexandra Ivanova freizulassen",
                                                      "ru": "освободить Александру Иванову"}],
                 people=[Person(name={"en": "Alexandra Ivanova", "sv": "Alexandra Ivanova", "fr": "Alexandra Ivanova",
                                      "de": "Alexandra Ivanova", "ru": "Александра Иванова"}, gender="female")])
DATELINE = {"en": "STOCKHOLM, 6 December 2026 –", "sv": "Stockholm den 6 december 2026",
            "fr": "Stockholm, le 6 décembre 2026 –", "de": "Stockholm, 6. Dezember 2026 –",
            "ru": "Стокгольм, 6 декабря 2026 г. —"}  # the place in Russian, from the CLDR city names
END = {"en": "###", "fr": "– Fin –", "de": "– Ende –", "ru": "###", "sv": None}
EMBARGO = {"en": "EMBARGOED UNTIL 10:00 CET, 8 DECEMBER 2026", "sv": "SPÄRRFRIST TILL 8 DECEMBER 2026 KL. 10.00 CET",
           "fr": "EMBARGO JUSQU'AU 8 DÉCEMBRE 2026, 10:00 CET", "de": "SPERRFRIST: 8. Dezember 2026, 10:00 CET",
           "ru": "ЭМБАРГО ДО 10:00 CET 8 ДЕКАБРЯ 2026 Г."}
QUOTES = {"en": "“Free her now”, says Eva Berg, Spokesperson, Free Maria Campaign.",
          "sv": "– Free her now, säger Eva Berg, Spokesperson, Free Maria Campaign.",
          "fr": "« Free her now », déclare Eva Berg, Spokesperson, Free Maria Campaign.",
          "de": "„Free her now“, sagt Eva Berg, Spokesperson, Free Maria Campaign.",
          "ru": "«Free her now», — говорит Eva Berg, Spokesperson, Free Maria Campaign."}
ONE = {"en": "in the case of Alexandra Ivanova", "sv": "Det gäller Alexandra Ivanova",
       "fr": "Appel à la libération d'Alexandra Ivanova", "de": "Es geht um Alexandra Ivanova",
       "ru": "Фигурант дела: Александра Иванова"}


def flat(text: str) -> str:
    # French elisions print ’ (checked in test_letters_golden); expected texts here write '.
    return re.sub(r"\s+", " ", text.replace("\u2019", "'").replace("\u202f", " ").replace("\xa0", " ").replace("\u2011", "-"))


def texts(lang: str, case: Case, **options):
    info = get_template("press_release")
    values, problems = read_options(info, {"quotes": ["Free her now.", "The trial was unfair."],
                                           "contact_phone": "+46 70 123 45 67", **options})
    assert problems == []
    letter = LetterOptions(date=dt.date(2026, 12, 6), place="Stockholm", sender_country="SE", template_options=values)
    doc = render_document(info, lang, case, Recipient(kind="other"), SIGNERS, letter)
    pdf = flat(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(document_bytes(doc, "pdf"))).pages))
    word = flat(" ".join(p.text for p in docx.Document(io.BytesIO(document_bytes(doc, "docx"))).paragraphs))
    return pdf, word


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("which", ["demo", "one woman"])
def test_press_release_reads_back(lang, which):
    case = load_demo_draft().case if which == "demo" else ONE_WOMAN
    for text in texts(lang, case):
        assert DATELINE[lang] in text
        assert QUOTES[lang] in text
        assert "Jonas Ek, Lawyer" in text  # the second quote, from the second signer
        assert "Eva Berg, +46 70 123 45 67, eva@example.org" in text
        assert "EMBARGO" not in text and "SPERRFRIST" not in text
        after_contact = text[text.index("eva@example.org") + len("eva@example.org"):].strip()
        if END[lang]:
            assert after_contact.startswith(END[lang])
        else:  # Swedish press releases end with the contact
            assert not any(mark in after_contact for mark in ("###", "Slut", "Fin", "Ende"))
        if which == "one woman":
            assert ONE[lang] in text
        assert "{{" not in text and ",," not in text and "..," not in text


@pytest.mark.parametrize("lang", LANGS)
def test_embargo_line_when_asked(lang):
    for text in texts(lang, ONE_WOMAN, embargo_date="2026-12-08", embargo_time="10:00 CET"):
        assert EMBARGO[lang] in text
        assert text.index(EMBARGO[lang]) < text.index(DATELINE[lang])


def test_one_speaker_for_all_quotes():
    pdf, word = texts("de", ONE_WOMAN, quote_by="Eva Berg, Sprecherin")
    assert "„Free her now. The trial was unfair“, sagt Eva Berg, Sprecherin." in word
