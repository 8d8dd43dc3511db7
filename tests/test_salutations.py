"""Salutations and closings, the set phrases, and the appeal template in five languages.

The appeal is rendered through the real engine (sandbox, markup, document
model) with the real salutations and phrase files, and one letter is written
to DOCX and read back with python-docx.
"""

from __future__ import annotations

import datetime as dt
import re
import string
import tomllib
from io import BytesIO

import docx
import pytest

from desktop.core.case import case_from_dict
from desktop.core.compose import LetterOptions, document_problems, render_document
from desktop.core.document import ListBlock, Paragraph
from desktop.core.errors import PetitionDeskError
from desktop.core.recipients import Recipient
from desktop.core.resources import templates_dir
from desktop.core.salutations import addressee_title_line, closing, recipient_role, salutation
from desktop.core.signers import Signer
from desktop.core.templates import get_template
from desktop.core.writers.docx import write_docx

LANGUAGES = ("en", "sv", "fr", "de", "ru")

AMBASSADOR_M = Recipient(kind="embassy", organisation="Embassy", title="Ambassador", person="Ivan Petrov", gender="male")
AMBASSADOR_F = Recipient(kind="embassy", organisation="Embassy", title="Ambassador", person="Anna Berg", gender="female")
AMBASSADOR_UNKNOWN = Recipient(kind="embassy", organisation="Embassy of the Russian Federation")
CONSUL_GENERAL = Recipient(kind="consulate", organisation="Consulate General", title="Consul General", gender="male")
MP = Recipient(kind="member_of_parliament", person="Hans Linde", organisation="Riksdag", gender="male")
PROSECUTOR = Recipient(kind="official", office="Prosecutor General of the Russian Federation", gender="male")
UNKNOWN_OTHER = Recipient(kind="other", organisation="Some Organisation")

EXPECTED = {
    # language: recipient -> (salutation, closing)
    "en": {
        "ambassador_m": ("Dear Ambassador,", "Yours sincerely,"),
        "ambassador_f": ("Dear Ambassador,", "Yours sincerely,"),
        "ambassador_unknown": ("Dear Ambassador,", "Yours sincerely,"),
        "consul_general": ("Dear Consul General,", "Yours sincerely,"),
        "mp": ("Dear Mr Linde,", "Yours sincerely,"),
        "prosecutor": ("Dear Prosecutor General,", "Yours sincerely,"),
        "other": ("Dear Sir or Madam,", "Yours faithfully,"),
    },
    "sv": {
        "ambassador_m": ("Ers Excellens,", "Högaktningsfullt"),
        "ambassador_f": ("Ers Excellens,", "Högaktningsfullt"),
        "ambassador_unknown": ("Ers Excellens,", "Högaktningsfullt"),
        "consul_general": ("Herr generalkonsul,", "Med vänlig hälsning"),
        "mp": ("Bästa Hans Linde,", "Med vänlig hälsning"),
        "prosecutor": ("Herr riksåklagare,", "Med vänlig hälsning"),
        "other": ("", "Med vänlig hälsning"),
    },
    "fr": {
        "ambassador_m": ("Monsieur l'Ambassadeur,",
                         "Je vous prie d'agréer, Monsieur l'Ambassadeur, l'assurance de ma haute considération."),
        "ambassador_f": ("Madame l'Ambassadrice,",
                         "Je vous prie d'agréer, Madame l'Ambassadrice, l'assurance de ma haute considération."),
        "ambassador_unknown": ("Excellence,", "Je vous prie d'agréer, Excellence, l'assurance de ma haute considération."),
        "consul_general": ("Monsieur le Consul général,",
                           "Je vous prie d'agréer, Monsieur le Consul général, l'assurance de ma haute considération."),
        "mp": ("Monsieur le Député,", "Je vous prie d'agréer, Monsieur le Député, l'assurance de ma haute considération."),
        "prosecutor": ("Monsieur le Procureur général,",
                       "Je vous prie d'agréer, Monsieur le Procureur général, l'assurance de ma haute considération."),
        "other": ("Madame, Monsieur,",
                  "Je vous prie d'agréer, Madame, Monsieur, l'expression de mes salutations distinguées."),
    },
    "de": {
        "ambassador_m": ("Exzellenz,", "Mit vorzüglicher Hochachtung"),
        "ambassador_f": ("Exzellenz,", "Mit vorzüglicher Hochachtung"),
        "ambassador_unknown": ("Exzellenz,", "Mit vorzüglicher Hochachtung"),
        "consul_general": ("Sehr geehrter Herr Generalkonsul,", "Mit freundlichen Grüßen"),
        "mp": ("Sehr geehrter Herr Abgeordneter,", "Mit freundlichen Grüßen"),
        "prosecutor": ("Sehr geehrter Herr Generalstaatsanwalt,", "Mit freundlichen Grüßen"),
        "other": ("Sehr geehrte Damen und Herren,", "Mit freundlichen Grüßen"),
    },
    "ru": {
        "ambassador_m": ("Уважаемый господин Посол!", "С глубоким уважением,"),
        "ambassador_f": ("Уважаемая госпожа Посол!", "С глубоким уважением,"),
        "ambassador_unknown": ("Ваше Превосходительство!", "С глубоким уважением,"),
        "consul_general": ("Уважаемый господин Генеральный консул!", "С уважением,"),
        "mp": ("Уважаемый господин Linde!", "С уважением,"),
        "prosecutor": ("Уважаемый господин Генеральный прокурор!", "С глубоким уважением,"),
        "other": ("Уважаемые дамы и господа!", "С уважением,"),
    },
}
RECIPIENTS = {
    "ambassador_m": AMBASSADOR_M, "ambassador_f": AMBASSADOR_F, "ambassador_unknown": AMBASSADOR_UNKNOWN,
    "consul_general": CONSUL_GENERAL, "mp": MP, "prosecutor": PROSECUTOR, "other": UNKNOWN_OTHER,
}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("who", list(RECIPIENTS))
def test_salutation_and_closing(language, who):
    expected_salutation, expected_closing = EXPECTED[language][who]
    assert salutation(RECIPIENTS[who], language) == expected_salutation
    assert closing(RECIPIENTS[who], language) == expected_closing


def test_roles_are_read_from_titles_in_any_language():
    assert recipient_role(Recipient(title="Generalkonsulin")) == "consul_general"
    assert recipient_role(Recipient(title="Генеральный консул")) == "consul_general"
    assert recipient_role(Recipient(title="Ambassadeur")) == "ambassador"
    assert recipient_role(Recipient(title="Чрезвычайный и Полномочный Посол")) == "ambassador"
    assert recipient_role(Recipient(office="Chairman of the Investigative Committee")) == "chair"
    assert recipient_role(Recipient(title="Consul")) == "consul"
    # a deputy is not addressed as the office holder
    assert recipient_role(Recipient(title="Deputy Minister of Justice")) == ""
    assert recipient_role(Recipient(title="Minister-Counsellor", kind="embassy")) == ""
    # a consulate without a title: its head, by the organisation's name
    assert recipient_role(Recipient(kind="consulate", organisation="Generalkonsulat der Russischen Föderation")) == "consul_general"
    assert recipient_role(Recipient(kind="consulate", organisation="Consulate of Russia in Uppsala")) == "consul"


def test_gender_from_feminine_title_honorific_and_patronymic():
    assert salutation(Recipient(kind="consulate", title="Generalkonsulin"), "de") == "Sehr geehrte Frau Generalkonsulin,"
    assert salutation(Recipient(kind="consulate", title="Consul General", honorific="Mme"), "fr") == "Madame la Consule générale,"
    official = Recipient(kind="official", office="Генеральный прокурор", person="Краснов Игорь Викторович")
    assert salutation(official, "ru") == "Уважаемый Игорь Викторович!"
    assert salutation(official, "en") == "Dear Prosecutor General,"
    assert salutation(Recipient(kind="official", person="Анна Сергеевна Иванова"), "ru") == "Уважаемая Анна Сергеевна!"


def test_named_official_without_a_known_office():
    person = Recipient(kind="official", title="Head of the Penitentiary Service", person="Dr. Anna von Berg", gender="female")
    assert salutation(person, "en") == "Dear Dr von Berg,"
    assert salutation(person, "de") == "Sehr geehrte Frau Dr. von Berg,"
    assert salutation(person, "fr") == "Madame,"
    assert closing(person, "fr") == "Je vous prie d'agréer, Madame, l'assurance de ma considération distinguée."
    nobody = Recipient(kind="official", title="Head of the Penitentiary Service")
    # A title that is no known office is not a form of address: the neutral opening (issue 12).
    assert salutation(nobody, "en") == "Dear Sir or Madam," and closing(nobody, "en") == "Yours faithfully,"
    assert salutation(nobody, "de") == "Sehr geehrte Damen und Herren,"
    investigator = Recipient(kind="official", title="Investigator")
    assert salutation(investigator, "en") == "Dear Sir or Madam,"
    assert salutation(Recipient(kind="official", title="Investigator", gender="male"), "en") == "Dear Sir,"
    assert closing(Recipient(kind="official", title="Investigator", gender="female"), "en") == "Yours faithfully,"
    assert salutation(Recipient(kind="official", title="Prosecutor General"), "en") == "Dear Prosecutor General,"


def test_override_is_respected_and_drives_the_closing():
    typed = Recipient(kind="embassy", title="Ambassador", gender="female", salutation="Madame l'Ambassadeur,")
    assert salutation(typed, "fr") == "Madame l'Ambassadeur,"
    assert closing(typed, "fr") == "Je vous prie d'agréer, Madame l'Ambassadeur, l'assurance de ma haute considération."
    assert salutation(typed, "ru") == "Madame l'Ambassadeur,"
    # English: the closing follows the salutation actually used
    assert closing(Recipient(kind="embassy", salutation="Dear Sir or Madam,"), "en") == "Yours faithfully,"
    assert closing(Recipient(kind="other", salutation="Dear Ms Berg,"), "en") == "Yours sincerely,"


def test_united_states_conventions():
    us = Recipient(kind="embassy", title="Ambassador", country="US")
    assert salutation(us, "en") == "Dear Ambassador:"
    assert closing(us, "en") == "Sincerely,"
    assert salutation(Recipient(kind="member_of_parliament", person="John Smith", gender="male", country="US"), "en") == "Dear Mr. Smith:"
    assert salutation(Recipient(kind="other", country="US"), "en-US") == "Dear Sir or Madam:"
    assert salutation(Recipient(kind="other", country="US"), "en-GB") == "Dear Sir or Madam,"


def test_several_signers_change_the_french_closing_only():
    assert closing(AMBASSADOR_M, "fr", senders=3) == (
        "Nous vous prions d'agréer, Monsieur l'Ambassadeur, l'assurance de notre haute considération.")
    assert closing(UNKNOWN_OTHER, "fr", senders=2).startswith("Nous vous prions d'agréer, Madame, Monsieur, ")
    for language in ("en", "sv", "de", "ru"):
        assert closing(AMBASSADOR_M, language, senders=3) == closing(AMBASSADOR_M, language)


def test_title_line_for_the_address_block():
    assert addressee_title_line(AMBASSADOR_M, "en") == "His Excellency"
    assert addressee_title_line(AMBASSADOR_F, "de") == "Ihrer Exzellenz"
    assert addressee_title_line(AMBASSADOR_F, "ru") == "Её Превосходительству"
    assert addressee_title_line(AMBASSADOR_UNKNOWN, "fr") == "Son Excellence"
    assert addressee_title_line(CONSUL_GENERAL, "en") == ""


def test_unknown_language_is_a_clear_error():
    with pytest.raises(PetitionDeskError, match="no salutations for the language \"pl\""):
        salutation(AMBASSADOR_M, "pl")


def _data():
    return tomllib.loads((templates_dir() / "_salutations.toml").read_text(encoding="utf-8"))


def _every_entry():
    data = _data()
    for language in LANGUAGES:
        for role, table in data[language].items():
            if not isinstance(table, dict):
                continue
            for key, entry in table.items():
                if isinstance(entry, dict) and "salutation" in entry:
                    yield language, role, key, entry, table


def _all_recipients():
    """One recipient for every role and gender the table knows, with and without a name."""
    data = _data()
    titles = {"ambassador": "Ambassador", "charge_daffaires": "Chargé d'affaires", "consul_general": "Consul General",
              "consul": "Consul", "prosecutor_general": "Prosecutor General", "prime_minister": "Prime Minister",
              "speaker": "Speaker", "chair": "Chair of the Committee", "president": "President", "minister": "Minister",
              "senator": "Senator", "member_of_parliament": "Member of Parliament"}
    assert set(titles) == set(data["match"]["order"])
    for title in [*titles.values(), "Head of Department", ""]:
        for gender in ("male", "female", ""):
            for person in ("", "Anna Berg", "Игорь Викторович Краснов"):
                yield Recipient(kind="official", title=title, gender=gender, person=person, organisation="X")


@pytest.mark.parametrize("language", LANGUAGES)
def test_punctuation_rules_hold_for_every_role(language):
    for recipient in _all_recipients():
        text, end = salutation(recipient, language), closing(recipient, language)
        assert text == text.strip() and end == end.strip() and "{" not in text + end and "  " not in text
        if language == "ru":
            assert text.endswith("!"), text
        elif text:
            assert text.endswith(","), text
        if language in ("de", "sv"):
            assert not end.endswith(","), end  # German and Swedish closings take no comma
        if language in ("en", "ru"):
            assert end.endswith(","), end


def test_every_language_has_a_neutral_form_and_closings():
    data = _data()
    for language in LANGUAGES:
        neutral = data[language]["neutral"]["any"]
        assert "salutation" in neutral and neutral["closing"]
    for language, role, key, entry, table in _every_entry():
        assert key.split("_")[-1] in ("male", "female", "unknown", "any"), (language, role, key)
        assert not entry["salutation"].endswith((",", "!", ":")), (language, role, key)
        assert entry.get("closing") or table.get("closing") or data[language].get("closing"), (language, role)


# -- set phrases -----------------------------------------------------------------

def _phrases(language):
    return tomllib.loads((templates_dir() / "_phrases" / f"{language}.toml").read_text(encoding="utf-8"))


def test_phrase_files_share_keys_and_placeholders():
    english = _phrases("en")
    fields = {key: {f for _, f, _, _ in string.Formatter().parse(value) if f} for key, value in english.items()}
    for language in LANGUAGES:
        phrases = _phrases(language)
        assert set(phrases) == set(english), language
        for key, value in phrases.items():
            assert isinstance(value, str) and value.strip() or key == "subject_prefix", (language, key)
            found = {f for _, f, _, _ in string.Formatter().parse(value) if f}
            if key.startswith("date_line"):
                assert found <= {"place", "date"} and "date" in found
            elif key == "reference":  # a Russian letter's «Исх. № … от …» carries its date
                assert found <= {"reference", "date"} and "reference" in found
            else:
                assert found == fields[key], (language, key)


def test_phrases_read_as_expected():
    assert _phrases("ru")["page_of"].format(page=2, pages=5) == "Страница 2 из 5"
    assert _phrases("de")["page_of"].format(page=2, pages=5) == "Seite 2 von 5"
    assert _phrases("fr")["date_line"].format(place="Paris", date="6 mai 2012") == "Paris, le 6 mai 2012"
    assert _phrases("fr")["subject_prefix"] == "Objet\u00a0: "
    assert _phrases("de")["date_line"].format(place="Berlin", date="6. Mai 2012") == "Berlin, 6. Mai 2012"
    assert _phrases("sv")["page_of"].format(page=1, pages=3) == "Sida 1 av 3"


# -- the appeal template ------------------------------------------------------------

NAMES = {
    "en": ["Sergei Krivov", "Alexandra Naumova", "Alexei Polikhovich"],
    "sv": ["Sergej Krivov", "Aleksandra Naumova", "Aleksej Polichovitj"],
    "fr": ["Sergueï Krivov", "Alexandra Naoumova", "Alexeï Polikhovitch"],
    "de": ["Sergej Kriwow", "Alexandra Naumowa", "Alexej Polichowitsch"],
    "ru": ["Сергей Кривов", "Александра Наумова", "Алексей Полихович"],
}
GENDERS = ["male", "female", "male"]


def _case(count, language, full=True):
    people = []
    for i in range(count):
        person = {"name": NAMES[language][i % 3] + (f" {i}" if i >= 3 else ""), "gender": GENDERS[i % 3]}
        if full and i == 0:
            person.update({
                "age": 52, "occupation": "engineer", "arrested": "2012-10-18", "court": "Court",
                "sentence": "4 years", "detention_place": "Colony 5", "status": "serving", "health": "poor",
                "charges": [{"article": "212(2)", "description": "riots",
                             "law": "Уголовный кодекс Российской Федерации" if language == "ru" else "Criminal Code"},
                            {"article": "318(1)", "description": "violence"}],
            })
        people.append(person)
    data = {"name": "«Болотное дело»" if language == "ru" else "Bolotnaya Square case", "country": "RU", "people": people}
    if full:
        data.update({
            "place": "Moscow", "summary": "Summary.", "note": "Note on counts.",
            "events": [{"date": "2012-05-06", "description": "Rally."}, {"date": "2014-02-24", "description": "Verdict."}],
            "counts": [{"value": 400, "what": "detained", "qualifier": "over", "source": "RIA"},
                       {"value": 37, "what": "prosecuted"}],
            "demands": ["first demand", "second demand"],
            "sources": [{"title": "Amnesty", "url": "https://example.org/a", "date": "2013-12-01"}],
        })
    return case_from_dict(data)


def _render(language, count, full=True, signers=1, recipient=AMBASSADOR_M):
    info = get_template("appeal_mission")
    case = _case(count, language, full)
    people = [Signer(name=f"Signer {i}") for i in range(signers)]
    options = LetterOptions(date=dt.date(2014, 5, 6), place="Stockholm", deadline=dt.date(2014, 6, 1) if full else None)
    assert document_problems(info, language, case, recipient, people, options) == []
    return render_document(info, language, case, recipient, people, options)


def _paragraphs(doc, role=None):
    return [b.text for b in doc.blocks if isinstance(b, Paragraph) and (role is None or b.role == role)]


def _lists(doc):
    return [b for b in doc.blocks if isinstance(b, ListBlock)]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("count", [1, 2, 5, 21])
@pytest.mark.parametrize("full", [True, False])
def test_appeal_renders_cleanly(language, count, full):
    doc = _render(language, count, full)
    text = doc.plain_text().replace("\xa0", " ").replace("\xad", "")
    # The formula as printed: French elisions take the typographic apostrophe ("d’agréer").
    printed = (lambda text: text.replace("'", "\u2019")) if language == "fr" else (lambda text: text)
    assert _paragraphs(doc, "closing") == [printed(closing(AMBASSADOR_M, language))]
    assert _paragraphs(doc, "salutation") == [printed(salutation(AMBASSADOR_M, language))]
    assert doc.title and "{" not in text and "}" not in text
    # no gaps left by missing facts
    for bad in (", ,", " ,", "()", "( ", " )", ",.", " .", "..", "  ", ": \n", "; ;", ", \n"):
        assert bad not in text, (bad, language, count, full)
    for name in (NAMES[language][0], NAMES[language][1] if count > 1 else NAMES[language][0]):
        # Russian declines the names in the opening: "освобождению Сергея Кривова".
        assert name in text or (language == "ru" and name.split()[0][:-1] in text)
    if full:
        numbered = [b for b in _lists(doc) if b.style == "decimal"]
        # German continues the sentence of the demands: "…auf, 1. first demand, 2. second demand."; French
        # ends each item of the enumeration with " ;" and the last with ".".
        assert [item.text.rstrip(",.;").rstrip() for item in numbered[0].items] == ["first demand", "second demand"]
        assert numbered[0].start == 1
        if language == "de" and count == 1:  # "Zu Alexandra Naumowa ist Folgendes bekannt:" and her facts as the list
            assert any(len(b.items) >= 2 and not b.items[0].text.startswith(NAMES[language][0]) for b in _lists(doc)
                       if b.style != "decimal")
        else:
            people = next(b for b in _lists(doc) if b.items[0].text.startswith(NAMES[language][0]))
            assert people.items[0].runs[0].bold and people.items[0].children is not None
    if not full and count <= 3:
        assert not any(b.items[0].text.startswith(NAMES[language][0]) for b in _lists(doc))  # nothing known: no list


@pytest.mark.parametrize("count, phrase", [
    # Names the declension is sure of are declined (pymorphy3 and the surname rules).
    (1, "мой призыв к немедленному и безоговорочному освобождению Сергея Кривова."),
    (2, "мой призыв к немедленному и безоговорочному освобождению Сергея Кривова и Александры Наумовой."),
    (5, "все 5 человек, сведения о которых приводятся ниже, должны быть"),
    (21, "все 21 человек, сведения о которых приводятся ниже, должны быть"),
    (22, "все 22 человека, сведения о которых приводятся ниже, должны быть"),
])
def test_russian_opening_is_grammatical(count, phrase):
    text = _render("ru", count).plain_text().replace("\xa0", " ").replace("\xad", "")
    assert phrase in text
    assert "компетентных органов Российской Федерации" in text
    assert "Вас" in text and "Болотное дело" in text and "««" not in text


def test_russian_details():
    text = _render("ru", 2).plain_text().replace("\xa0", " ").replace("\xad", "")
    assert "ч. 2 ст. 212 УК РФ (riots); ч. 1 ст. 318 (violence)" in text
    assert "Сергей Кривов, 52 года, engineer" in text
    assert "более 400 detained, по данным RIA" in text
    assert "до 1 июня 2014 г." in text.replace("\u202f", " ")
    info = get_template("appeal_mission")
    woman = case_from_dict({"name": "Дело", "people": [{"name": "Александра Наумова", "gender": "female"}]})
    text = render_document(info, "ru", woman, AMBASSADOR_F, [Signer(name="S")], LetterOptions()).plain_text().replace("\xa0", " ").replace("\xad", "")
    assert "призыв к немедленному и безоговорочному освобождению Александры Наумовой." in text
    assert "призыв к освобождению Александры Наумовой" in text and "Уважаемая госпожа Посол!" in text
    # A name the declension is not sure of keeps the nominative, with the gender when it is known ...
    foreign = case_from_dict({"name": "Дело", "people": [{"name": "Tatsiana Ivanova", "gender": "female"}]})
    text = render_document(info, "ru", foreign, AMBASSADOR_F, [Signer(name="S")], LetterOptions()).plain_text()
    assert "Tatsiana Ivanova должна быть немедленно и безоговорочно освобождена." in text.replace("\xa0", " ")
    assert "призыв к освобождению заключённой" in text
    # ... and a construction without gender when it is not.
    unknown = case_from_dict({"name": "Дело", "people": [{"name": "Tatsiana Ivanova"}]})
    text = render_document(info, "ru", unknown, AMBASSADOR_F, [Signer(name="S")], LetterOptions()).plain_text()
    assert "освобождению следующего лица: Tatsiana Ivanova." in text.replace("\xa0", " ")
    assert "призыв к освобождению из-под стражи" in text


@pytest.mark.parametrize("language, one, many", [
    ("en", "release of Sergei Krivov.", "release of the five people named below."),
    ("sv", "om att Sergej Krivov omedelbart", "om att de fem personer som nämns nedan omedelbart"),
    ("fr", "inconditionnelle de Sergueï Krivov.", "inconditionnelle des cinq personnes dont les noms figurent ci-après."),
    ("de", "Sergej Kriwow muss unverzüglich", "Die fünf nachstehend genannten Personen müssen unverzüglich"),
])
def test_opening_names_or_counts_the_people(language, one, many):
    # Small numbers are spelled out in running text (EP style guide, Språkrådet, Duden, Imprimerie nationale).
    assert one in _render(language, 1).plain_text().replace("\xa0", " ").replace("\xad", "")
    assert many in _render(language, 5).plain_text().replace("\xa0", " ").replace("\xad", "")


def test_french_typography_and_elision():
    doc = _render("fr", 3, signers=2)
    text = doc.plain_text()
    assert "de Sergueï Krivov, d\u2019Alexandra Naoumova et d\u2019Alexeï Polikhovitch." in text
    assert "'" not in text  # every elision takes the typographic apostrophe, as in the resolutions and leaflets
    # A no-break space before the colon, a narrow one before the semicolon (Imprimerie nationale).
    assert ("Chefs d\u2019inculpation\u00a0: article\u00a0212, partie\u00a02, du Criminal Code (riots)\u202f; "
            "article\u00a0318, partie\u00a01 (violence)") in text
    assert "«\u00a0Bolotnaya Square case\u00a0»" in text
    assert " :" not in text.replace("\u00a0:", "")  # every colon has its no-break space
    assert "Nous avons l\u2019honneur" in text and "avant le 1er\u00a0juin\u00a02014" in text
    assert _paragraphs(doc, "closing")[0].startswith("Nous vous prions d\u2019agréer, Monsieur l\u2019Ambassadeur")


def test_we_form_with_several_signers():
    assert "We are writing" in _render("en", 2, signers=2).plain_text().replace("\xa0", " ").replace("\xad", "")
    assert "wir wenden uns" in _render("de", 2, signers=2).plain_text().replace("\xa0", " ").replace("\xad", "")
    assert "Обращаемся к Вам" in _render("ru", 2, signers=2).plain_text().replace("\xa0", " ").replace("\xad", "")
    assert "Vi ber er" in _render("sv", 2, signers=2).plain_text().replace("\xa0", " ").replace("\xad", "")


def test_swedish_letter_to_unknown_reader_has_no_empty_salutation():
    doc = _render("sv", 2, recipient=UNKNOWN_OTHER)
    assert _paragraphs(doc, "salutation") == []
    body = _paragraphs(doc, "body")
    assert body[0].startswith("Jag ber er") and all(p.strip() for p in body)


def test_case_without_people_or_facts():
    info = get_template("appeal_mission")
    for language in LANGUAGES:
        case = case_from_dict({"name": "X"})
        assert document_problems(info, language, case, CONSUL_GENERAL, [Signer(name="S")], LetterOptions()) == []
        text = render_document(info, language, case, CONSUL_GENERAL, [Signer(name="S")], LetterOptions()).plain_text().replace("\xa0", " ").replace("\xad", "")
        assert not re.search(r"\b(None|none)\b", text)


def test_russian_appeal_survives_docx():
    doc = _render("ru", 21)
    buffer = BytesIO()
    write_docx(doc, buffer)
    reopened = docx.Document(BytesIO(buffer.getvalue()))
    text = "\n".join(p.text for p in reopened.paragraphs).replace("\xa0", " ")
    assert "Уважаемый господин Посол!" in text
    assert "все 21 человек, сведения о которых приводятся ниже" in text
    assert "С глубоким уважением," in text
