"""Golden sentences of the resolution, read back from the PDF and the DOCX.

Cases built from the demo: 1 woman with a suspended sentence, 1 man, 2 people
(one not yet before a court, gender unknown), 5 and 21 people; each language
says who sentenced whom to what under which articles, in its own citation
form, with agreement and (Russian) declension.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
import subprocess

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core import legal, russian_names as ru_names
from desktop.core.demo import load_demo_draft
from desktop.core.resolution.export import ResolutionExport, export_resolution
from desktop.core.resolution.seed import from_case

LANGS = ["en", "sv", "fr", "de", "ru"]


def draft_with(people: list, style: str, languages: list[str]):
    draft = load_demo_draft()
    draft.case.people = people
    draft.template = "resolution"
    draft.options = {"style": style}
    draft.resolution = from_case(draft, languages, dt.date(2014, 3, 13))
    return draft


def demo_people():
    return load_demo_draft().case.people


def woman():  # Alexandra Naumova: female, suspended sentence
    return [p for p in demo_people() if p.gender == "female"][:1]


def accused_unknown():
    p = copy.deepcopy(demo_people()[0])
    p.name = {"en": "Sasha Kim", "sv": "Sasha Kim", "fr": "Sasha Kim", "de": "Sasha Kim", "ru": "Саша Ким"}
    p.gender, p.sentence, p.court = "", "", ""
    return p


def many(n: int):
    base = demo_people()[:7]
    return [copy.deepcopy(base[i % len(base)]) for i in range(n)]


def texts(draft, tmp_path, lang: str) -> tuple[str, str]:
    out = tmp_path / lang
    out.mkdir()
    files = export_resolution(draft, out, ResolutionExport(formats=("pdf", "docx"), languages=(lang,)))
    pdf = next(f for f in files if f.suffix == ".pdf")
    doc = next(f for f in files if f.suffix == ".docx")
    pdf_text = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
    docx_text = "\n".join(p.text for p in docx.Document(str(doc)).paragraphs)
    return _flat(pdf_text), _flat(docx_text)


def _flat(text: str) -> str:
    # No-break spaces read as spaces here (pdftotext prints U+202F as one); test_resolution_typography.py
    # asserts that they are there.
    text = text.replace("\u00a0", " ").replace("\u202f", " ").replace("\u00ad", "")
    text = re.sub(r"-\n(?=[a-zäöüéа-я])", "", text)  # hyphenated line ends
    return re.sub(r"\s+", " ", text)


SINGLE_WOMAN = {
    "en": ["under Articles 212(2) and 318(1) of the Criminal Code of the Russian Federation, the Zamoskvoretsky "
           "District Court of Moscow sentenced Alexandra Naumova to three years and three months' imprisonment, suspended",
           "Alexandra Naumova and her family"],
    "sv": ["Zamoskvoretskij distriktsdomstol i Moskva dömde med stöd av artikel 212 del 2 och artikel 318 del 1 i "
           "Ryska federationens strafflag Aleksandra Naumova till tre år", "Aleksandra Naumova och hennes familj"],
    "fr": ["en vertu des articles 212, partie 2, et 318, partie 1, du Code pénal de la Fédération de Russie, le "
           "tribunal de district Zamoskvoretski de Moscou a condamné Alexandra Naoumova à trois ans et trois mois "
           "d’emprisonnement avec sursis", "Alexandra Naoumova ainsi qu’avec sa famille"],
    "de": ["das Bezirksgericht Samoskworezki in Moskau nach Artikel 212 Teil 2 und Artikel 318 Teil 1 des "
           "Strafgesetzbuchs der Russischen Föderation Alexandra Naumowa zu drei Jahren und drei Monaten Haft auf "
           "Bewährung verurteilt hat", "Alexandra Naumowa und ihrer Familie"],
    "ru": ["Замоскворецкий районный суд г. Москвы по ч. 2 ст. 212 и ч. 1 ст. 318 УК РФ приговорил Александру "
           "Наумову к 3 годам 3 месяцам лишения свободы условно", "с Александрой Наумовой и её семьёй"],
}


@pytest.mark.parametrize("lang", LANGS)
def test_one_woman_with_a_suspended_sentence(tmp_path, lang):
    draft = draft_with(woman(), "generic", [lang])
    for text in texts(draft, tmp_path, lang):
        for sentence in SINGLE_WOMAN[lang]:
            assert sentence in text, (lang, sentence, text)
        assert "their families" not in text and "(Moscow)" not in text and "212(2)" not in text or lang == "en"


TWO = {  # a man sentenced, and a person of unknown gender not yet before a court
    "en": ["Sasha Kim is being prosecuted under Articles 212(2) and 318(1)", "and their families"],
    "sv": ["Sasha Kim är åtalad enligt artikel 212 del 2", "och deras familjer"],
    "fr": ["Sasha Kim fait l’objet de poursuites en vertu des articles 212, partie 2, et 318, partie 1",
           "ainsi qu’avec leurs familles"],
    "de": ["gegen Sasha Kim nach Artikel 212 Teil 2 und Artikel 318 Teil 1 des Strafgesetzbuchs der Russischen "
           "Föderation ein Strafverfahren läuft", "sowie ihren Familien"],
    "ru": ["Саша Ким подвергается уголовному преследованию по ч. 2 ст. 212 и ч. 1 ст. 318 УК РФ",
           "приговорил Сергея Кривова к 4 годам", "с подсудимыми Сергей Кривов и Саша Ким, а также с их семьями"],
}


@pytest.mark.parametrize("lang", LANGS)
def test_two_people_one_not_yet_before_a_court(tmp_path, lang):
    draft = draft_with([demo_people()[0], accused_unknown()], "ep", [lang])
    for text in texts(draft, tmp_path, lang):
        for sentence in TWO[lang]:
            assert sentence in text, (lang, sentence, text)


@pytest.mark.parametrize("n", [5, 21])
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_many_people_share_one_recital_per_court_and_articles(tmp_path, n, lang):
    draft = draft_with(many(n), "ep", [lang])
    recitals = [p.text.get(lang) for p in draft.resolution.section("recital")]
    court = "Zamoskvoretsky" if lang == "en" else "Замоскворецкий"
    # Savelov (the 6th) was convicted under one article only: his own recital
    assert len([r for r in recitals if court in r]) == (2 if n > 5 else 1)
    pdf, _docx = texts(draft, tmp_path, lang)
    assert ("their families" if lang == "en" else "их семьями") in pdf


# -- the pieces -------------------------------------------------------------------------

LAW = {"en": "Criminal Code of the Russian Federation", "fr": "Code pénal de la Fédération de Russie",
       "de": "Strafgesetzbuch der Russischen Föderation", "sv": "Ryska federationens strafflag",
       "ru": "Уголовный кодекс Российской Федерации"}


@settings(max_examples=60, deadline=None)
@given(article=st.integers(1, 999), part=st.integers(1, 9), lang=st.sampled_from(LANGS))
def test_a_citation_names_article_and_part_in_the_language_order(article, part, lang):
    text = legal.cite([{"article": f"{article}({part})", "law": LAW[lang]}], lang).replace("\u00a0", " ")
    expected = {"en": f"Article {article}({part}) of the Criminal Code of the Russian Federation",
                "fr": f"article {article}, partie {part}, du Code pénal de la Fédération de Russie",
                "de": f"Artikel {article} Teil {part} des Strafgesetzbuchs der Russischen Föderation",
                "sv": f"artikel {article} del {part} i Ryska federationens strafflag",
                "ru": f"ч. {part} ст. {article} УК РФ"}[lang]
    assert text == expected


@settings(max_examples=30, deadline=None)
@given(text=st.text(min_size=1, max_size=20).filter(lambda t: not re.match(r"^\s*\d", t)))
def test_an_article_not_in_the_notation_is_printed_as_given(text):
    assert text.strip() in legal.cite([{"article": text, "law": ""}], "de") or not text.strip()


@pytest.mark.parametrize("name, gender, genitive, instrumental", [
    ("Сергей Кривов", "male", "Сергея Кривова", "Сергеем Кривовым"),
    ("Александра Наумова", "female", "Александры Наумовой", "Александрой Наумовой"),
    ("Ярослав Белоусов", "", "Ярослава Белоусова", "Ярославом Белоусовым"),  # gender from the first name
    ("Денис Луцкевич", "male", "Дениса Луцкевича", "Денисом Луцкевичем"),
    ("Михаил Косенко", "male", "Михаила Косенко", "Михаилом Косенко"),
    ("Анна Ивановна Седых", "", "Анны Ивановны Седых", "Анной Ивановной Седых"),
    ("Олег Навальный", "male", "Олега Навального", "Олегом Навальным"),
])
def test_russian_names_are_declined(name, gender, genitive, instrumental):
    assert ru_names.decline(name, "gent", gender) == genitive
    assert ru_names.decline(name, "ablt", gender) == instrumental


@pytest.mark.parametrize("name, gender", [("Саша Ким", ""), ("John Smith", "male"), ("Фыва Олдж", "")])
def test_a_name_the_library_cannot_be_sure_of_is_left_to_the_nominative(name, gender):
    assert ru_names.decline(name, "gent", gender) is None
