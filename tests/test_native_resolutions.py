"""Resolutions as a parliamentary clerk of each language expects them, read back from the PDF and the DOCX.

The demo case (eight people, a woman with a suspended sentence), one woman,
21 people and a person not yet before a court: recitals are sentences (the
case's summary, not "events: …" notes), the EP cites its Rules of Procedure
last and forwards to the VP/HR, the Member States, the State Duma and the
Federation Council; the Russian text declines the case name; Swedish EP
paragraphs end with a full stop; a House resolution has its session line,
sponsor and referral line and no signatures.
"""

from __future__ import annotations

import copy
import re

import pytest
from test_resolution_sentences import LANGS, demo_people, draft_with, many, texts, woman

# Between two parts the PDF may hold a page's footer and a printed label ("B.", "4.", "(c)"); Word's
# numbering is not in the DOCX text.
_BETWEEN = re.compile(r"^\s*(?:(?:Page|Sida|Seite|Страница) \d+ (?:of|av|von|sur|из) \d+\s*)?"
                      r"(?:(?:[A-ZА-Я]{1,2}|\d{1,2})\.\s|\(\w\)\s)?")


def follows(text: str, first: str, then: str) -> bool:
    """``then`` comes right after ``first`` in ``text``, but for a footer and a label between them."""
    if first not in text:
        return False
    rest = text.split(first, 1)[1]
    return rest[_BETWEEN.match(rest).end():].startswith(then)


def demo_texts(tmp_path, style: str, lang: str, people=None):
    draft = draft_with(people if people is not None else demo_people(), style, [lang])
    # A line may end after "Außen-" before "und": the reader's line-joining must not glue them.
    return tuple(text.replace("Außenund", "Außen- und") for text in texts(draft, tmp_path, lang))


RULES = {
    "en": "having regard to Rules 150(5) and 136(4) of its Rules of Procedure,",
    "sv": "med beaktande av artiklarna 150.5 och 136.4 i arbetsordningen,",
    "fr": "vu l’article 150, paragraphe 5, et l’article 136, paragraphe 4, de son règlement intérieur,",
    "de": "gestützt auf Artikel 150 Absatz 5 und Artikel 136 Absatz 4 seiner Geschäftsordnung,",
    "ru": "руководствуясь пунктом 5 статьи 150 и пунктом 4 статьи 136 своего Регламента,",
}
# The summary is one recital (parts are matched across languages by position); its second sentence follows
# the first after a semicolon, or as a sentence of its own in Swedish.
SUMMARY_RECITAL = {
    "en": "then broke up the rally; dozens of participants were later prosecuted for mass riots;",
    "sv": "upplöste mötet. Tiotals deltagare åtalades senare för massupplopp.",
    "fr": "dispersé le rassemblement ; des dizaines de participants ont ensuite été poursuivis pour « émeutes de "
          "masse » ;",
    "ru": "разогнала митинг; впоследствии десятки участников были привлечены к уголовной ответственности за "
          "массовые беспорядки;",
    # German cannot put a main clause after "dass": the events become a "dass" clause of their own.
    "de": "in der Erwägung, dass das Bolotnaja-Verfahren auf die Ereignisse vom 6. Mai 2012 in Moskau zurückgeht;",
}
FORWARD = {
    "en": ("the Vice-President of the Commission / High Representative of the Union for Foreign Affairs and Security "
           "Policy, the governments and parliaments of the Member States, and the President, the Government, the "
           "State Duma and the Federation Council of the Russian Federation."),
    "sv": ("kommissionens vice ordförande tillika unionens höga representant för utrikes frågor och "
           "säkerhetspolitik, medlemsstaternas regeringar och parlament samt Ryska federationens president, "
           "regering, statsduma och federationsråd."),
    "fr": ("au vice-président de la Commission et haut représentant de l’Union pour les affaires étrangères et la "
           "politique de sécurité, aux gouvernements et aux parlements des États membres ainsi qu’au président et "
           "au gouvernement de la Fédération de Russie, à la Douma d’État et au Conseil de la Fédération."),
    "de": ("dem Vizepräsidenten der Kommission und Hohen Vertreter der Union für Außen- und Sicherheitspolitik, den "
           "Regierungen und Parlamenten der Mitgliedstaaten sowie dem Präsidenten, der Regierung, der Staatsduma "
           "und dem Föderationsrat der Russischen Föderation zu übermitteln."),
    "ru": ("Государственной Думе и Совету Федерации Федерального Собрания Российской Федерации."),
}
NOTES = {  # what the old recitals printed: an event as a note after a colon, the proceedings as a list
    "en": ["arises from the events of", "went as follows", ": march and rally"],
    "sv": ["har sitt ursprung i händelserna", "fortsatte sedan så här", ": demonstrationståg"],
    "fr": ["trouve son origine", "déroulée comme suit", ": marche et rassemblement"],
    "de": ["folgenden Verlauf", "(Demonstrationszug", ": Demonstrationszug"],
    "ru": ["связано с событиями", "произошло следующее", "(город:", "по делу «Болотное дело»",
           "по делу: «Болотное дело»"],
}


@pytest.mark.parametrize("lang", LANGS)
def test_the_ep_resolution_reads_as_the_parliaments_own_text(tmp_path, lang):
    for text in demo_texts(tmp_path, "ep", lang):
        assert RULES[lang] in text, lang
        # the Rules come last among the citations: the first recital (the summary's first sentence) follows
        first = {"en": "whereas on 6 May 2012", "sv": "Den 6 maj 2012", "fr": "considérant que le 6 mai 2012",
                 "de": "in der Erwägung, dass das Bolotnaja-Verfahren", "ru": "учитывая, что 6 мая 2012 года"}
        assert follows(text, RULES[lang], first[lang]), text.split(RULES[lang], 1)[1][:80]
        assert SUMMARY_RECITAL[lang] in text, (lang, text)
        assert FORWARD[lang] in text, (lang, FORWARD[lang])
        for note in NOTES[lang]:
            assert note not in text, (lang, note)
        assert "Parliament of the Russian Federation" not in text and "Федеральному Собранию Российской" not in text


def test_the_russian_text_declines_the_case_name(tmp_path):
    for text in demo_texts(tmp_path, "ep", "ru"):
        assert "о положении осуждённых по «Болотному делу»" in text
        assert "мирных демонстрантов по «Болотному делу»;" in text
        assert "6 мая 2012 года, накануне инаугурации президента" in text
        assert "от 24 февраля 2014 г.," in text  # the abbreviation keeps its full stop before the comma


def test_swedish_ep_paragraphs_end_with_a_full_stop(tmp_path):
    for text in demo_texts(tmp_path, "ep", "sv"):
        assert follows(text, "Europaparlamentet fördömer lagföringen och fängslandet av fredliga demonstranter i "
                             "Bolotnajafallet.", "Europaparlamentet uttrycker")
        assert follows(text, "opartiskt utreda polisens agerande den 6 maj 2012.", "Europaparlamentet uppmanar")
        assert follows(text, "till dess att alla fångar har frigetts.", "Europaparlamentet uppdrar")


def test_english_ep_paragraphs_end_with_a_semicolon_up_to_the_forwarding_formula(tmp_path):
    for text in demo_texts(tmp_path, "ep", "en"):
        assert follows(text, "until every prisoner has been released;", "Instructs its President")


def test_a_house_resolution_has_its_session_sponsor_and_referral_and_no_signatures(tmp_path):
    for text in demo_texts(tmp_path, "us", "en"):
        assert re.search(r"\b\d+(ST|D|TH) CONGRESS (1ST|2D) SESSION\b", text)  # House style, not "2nd Session"
        assert re.search(r"\b(January|February|March|April|May|June|July|August|September|October|November|"
                         r"December) \d{1,2}, \d{4}\b", text)  # the American date
        assert "Ms. LINDQVIST submitted the following resolution; which was referred to the Committee on " \
               "Foreign Affairs" in text
        assert "Anna Lindqvist" not in text  # a House resolution is not signed
        assert follows(text, "impartially; and", "calls on the governments")
        assert follows(text, "peaceful protest; and", "investigate")
        assert "Resolved, That the House of Representatives" in text


@pytest.mark.parametrize("lang, sentence", [
    ("en", "Expresses its solidarity with Alexandra Naumova and her family"),
    ("sv", "Europaparlamentet uttrycker sin solidaritet med Aleksandra Naumova och hennes familj."),
    ("fr", "exprime sa solidarité avec Alexandra Naoumova ainsi qu’avec sa famille"),
    ("de", "bekundet seine Solidarität mit Alexandra Naumowa und ihrer Familie"),
    ("ru", "выражает солидарность с Александрой Наумовой и её семьёй"),
])
def test_one_woman_in_the_ep_style(tmp_path, lang, sentence):
    for text in demo_texts(tmp_path, "ep", lang, woman()):
        assert sentence in text, (lang, text)
        assert RULES[lang] in text


@pytest.mark.parametrize("lang, sentence", [
    ("en", "and their families;"),
    ("sv", "och deras familjer."),
    ("fr", "ainsi qu’avec leurs familles"),
    ("de", "sowie ihren Familien"),
    ("ru", ", а также с их семьями"),
])
def test_twenty_one_people_and_one_not_yet_tried(tmp_path, lang, sentence):
    people = many(21)
    awaiting = copy.deepcopy(people[-1])
    awaiting.sentence, awaiting.court = "", ""
    people[-1] = awaiting
    for text in demo_texts(tmp_path, "ep", lang, people):
        assert sentence in text, (lang, text[-600:])
        assert RULES[lang] in text
