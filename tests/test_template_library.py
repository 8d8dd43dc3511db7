"""Every built-in template, in every language, for many kinds of recipient.

Each document is rendered through the real engine and written to DOCX and
PDF in memory; the assertions are made on the text read back from those
files (python-docx, pypdf), the way a reader would see it: no leftover
template syntax or placeholders, no gaps left by missing facts, the
language's own salutation and closing, every prisoner's name, and counts
in the language's plural forms.

Templates are discovered with ``list_templates()``, so a template added
later is checked without editing this file. Layouts other than "letter"
(petition sheets, resolutions) get the generic checks whenever they render.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import os
import re
import tempfile
from functools import lru_cache

import docx
import pytest
from pypdf import PdfReader

from desktop.core.case import Case, Person
from desktop.core.compose import LetterOptions, render_document
from desktop.core.demo import load_demo_draft
from desktop.core.document import ListBlock
from desktop.core.fields import localized
from desktop.core.localize import format_date
from desktop.core.recipients import Recipient
from desktop.core.salutations import closing, salutation
from desktop.core.signers import Signer
from desktop.core.templates import ADDRESS_LAYOUTS, TemplateInfo, get_template, list_templates, scan_templates
from desktop.core.writers.docx import write_docx
from desktop.core.writers.pdf import write_pdf

LANGS = ("en", "sv", "fr", "de", "ru")
DATE = dt.date(2026, 3, 1)


def _builtin_templates() -> list[TemplateInfo]:
    # Collection runs before conftest gives each test a private data folder:
    # point the scan at an empty one so the user's own templates are never read.
    saved = os.environ.get("PETITION_DESK_DATA_DIR")
    with tempfile.TemporaryDirectory() as empty:
        os.environ["PETITION_DESK_DATA_DIR"] = empty
        try:
            # Envelopes and labels print addresses only: they have no text to read.
            return [t for t in list_templates() if t.builtin and t.layout not in ADDRESS_LAYOUTS]
        finally:
            if saved is None:
                del os.environ["PETITION_DESK_DATA_DIR"]
            else:
                os.environ["PETITION_DESK_DATA_DIR"] = saved


TEMPLATES = _builtin_templates()
TEMPLATE_IDS = [t.id for t in TEMPLATES]

# Recipients beyond the demo's five embassies: the kinds the letter templates
# are written for, with titles that select a role's own salutation.
EXTRA_RECIPIENTS = {
    "prosecutor_general_ru": Recipient(
        kind="official", title="Prosecutor General", gender="male",
        organisation="Генеральная прокуратура Российской Федерации",
        address_lines=["ул. Большая Дмитровка, д. 15а"], postal_code="125993", city="Москва", country="RU",
    ),
    "mp_se": Recipient(
        kind="member_of_parliament", person="Karin Ek", gender="female", organisation="Sveriges riksdag",
        postal_code="100 12", city="Stockholm", country="SE",
    ),
    "minister_de": Recipient(
        kind="ministry", title="Bundesministerin des Auswärtigen", gender="female", organisation="Auswärtiges Amt",
        address_lines=["Werderscher Markt 1"], postal_code="10117", city="Berlin", country="DE",
    ),
    "ambassador_f_fr": Recipient(
        kind="embassy", title="Ambassadrice", gender="female", person="Claire Martin",
        organisation="Ambassade de Suède", address_lines=["17 rue Barbet-de-Jouy"], postal_code="75007",
        city="Paris", country="FR",
    ),
}
RECIPIENT_KEYS = [f"demo{i}" for i in range(len(load_demo_draft().recipients))] + list(EXTRA_RECIPIENTS)


def recipient_for(key: str) -> Recipient:
    if key.startswith("demo"):
        return load_demo_draft().recipients[int(key[4:])]
    return EXTRA_RECIPIENTS[key]


# -- rendering and reading back ---------------------------------------------

def render(info: TemplateInfo, lang: str, case: Case, recipient: Recipient, signers: list[Signer],
           template_options: dict | None = None):
    options = LetterOptions(date=DATE, place="Stockholm", sender_country="SE",
                            template_options=dict(template_options or {}))
    return render_document(info, lang, case, recipient, signers, options)


def pdf_text(doc) -> str:
    buffer = io.BytesIO()
    write_pdf(doc, buffer)
    buffer.seek(0)
    return "\n".join(page.extract_text() for page in PdfReader(buffer).pages)


def docx_text(doc) -> str:
    buffer = io.BytesIO()
    write_docx(doc, buffer)
    buffer.seek(0)
    word = docx.Document(buffer)
    cells = [cell.text for table in word.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in word.paragraphs] + cells)


def flat(text: str) -> str:
    """Text with every run of white space (no-break ones too) as one space, typographic apostrophes plain."""
    text = text.replace("\u202f", " ").replace("\xa0", " ").replace("\u2019", "'")
    return " ".join(text.split())


def both_texts(doc) -> dict[str, str]:
    return {"docx": docx_text(doc), "pdf": pdf_text(doc)}


# -- the generic checks ---------------------------------------------------------

LEFTOVER_SYNTAX = ("{{", "}}", "{%", "%}", "{#", "#}")
PRIVATE_USE = re.compile("[\ue000-\uf8ff\ufffd]")
# Gaps a missing fact leaves behind: "()", "( )", ", ,", ",,", " ,", " .", "::".
GAPS = re.compile(r"\(\s*\)|,\s*,|\s,|[^\S\n]\.(?!\d)|:\s*:|;\s*;")


def assert_clean(text: str, where: str, exact_spacing: bool) -> None:
    for syntax in LEFTOVER_SYNTAX:
        assert syntax not in text, (where, syntax)
    assert not PRIVATE_USE.search(text), (where, PRIVATE_USE.findall(text))
    assert not re.search(r"\bNone\b|\bnone\b|\bUndefined\b|\bnan\b", text), where
    gap = GAPS.search(text)
    assert gap is None, (where, text[max(0, gap.start() - 40):gap.end() + 40] if gap else "")
    if exact_spacing:  # DOCX keeps the exact characters; PDF extraction re-spaces lines
        for line in text.splitlines():
            if " | " in line:
                continue  # a table row of the document model: empty cells (signature sheets) are meant
            assert "  " not in line, (where, line)
            assert line == line.strip(" "), (where, line)


def expected_phrases(info: TemplateInfo, lang: str, case: Case, recipient: Recipient,
                     signers: list[Signer]) -> list[str]:
    phrases = []
    # A letter names everyone; a short text heading a petition sheet or a
    # resolution may sum up a long list as a count, but names a few people.
    if info.layout == "letter" or len(case.people) <= 3:
        phrases += [localized(p.name, lang) for p in case.people]
    # A Russian notice of a public event is a form: no salutation, no closing formula.
    form = info.id == "assembly_notice" and lang == "ru"
    if info.layout == "letter" and not form:
        greeting = salutation(recipient, lang).rstrip(",!:")
        if greeting:  # the Swedish neutral salutation is empty on purpose
            phrases.append(greeting)
        phrases.append(closing(recipient, lang, senders=len(signers)).rstrip(","))
    if info.layout == "letter":
        phrases.append(format_date(DATE, lang, recipient.country))
    return phrases


def check_document(info: TemplateInfo, lang: str, case: Case, recipient: Recipient, signers: list[Signer],
                   template_options: dict | None = None) -> dict[str, str]:
    doc = render(info, lang, case, recipient, signers, template_options)
    where = f"{info.id}/{lang}"
    assert_clean(doc.plain_text(), f"{where} (document)", exact_spacing=True)
    texts = both_texts(doc)
    for kind, text in texts.items():
        assert_clean(text, f"{where} ({kind})", exact_spacing=kind == "docx")
        joined = flat(text)
        for phrase in expected_phrases(info, lang, case, recipient, signers):
            assert flat(phrase) in joined or any(form in joined for form in _declined(phrase, lang, case)), \
                (where, kind, phrase)
    return {kind: flat(text) for kind, text in texts.items()}


def _declined(name: str, lang: str, case: Case) -> list[str]:
    """A Russian name as a sentence may decline it ("освобождению Сергея Кривова", "солидарности с
    Сергеем Кривовым"): every case form of the name; else the name itself."""
    if lang != "ru":
        return [flat(name)]
    from desktop.core.russian_names import decline_name

    gender = next((p.gender for p in case.people if localized(p.name, lang) == name), "")
    forms = decline_name(name, gender) or {}
    return [flat(form) for form in forms.values() if form] or [flat(name)]


# -- every template × language × recipient ------------------------------------

def test_templates_are_discovered():
    ids = set(TEMPLATE_IDS)
    assert {"appeal_mission", "appeal_official", "letter_legislator"} <= ids


def test_no_builtin_template_is_broken():
    scan = scan_templates()
    broken = {name: str(error) for name, error in scan.broken.items()}
    assert not broken, broken


@pytest.mark.parametrize("recipient_key", RECIPIENT_KEYS)
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("template_id", TEMPLATE_IDS)
def test_demo_case_reads_cleanly(template_id, lang, recipient_key):
    draft = load_demo_draft()
    info = get_template(template_id)
    if lang not in info.languages:
        pytest.skip(f"{template_id} has no {lang} version")
    check_document(info, lang, draft.case, recipient_for(recipient_key), draft.signers, draft.options)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("template_id", TEMPLATE_IDS)
def test_a_case_with_few_facts_leaves_no_gaps(template_id, lang):
    """Only names: every optional fact is missing, and nothing may show it."""
    case = Case(name={"en": "Example case", "sv": "Exempelmålet", "fr": "affaire Exemple",
                      "de": "Beispielverfahren", "ru": "дело «Пример»"},
                people=[Person(name="Olga Ivanova"), Person(name="Pavel Orlov")])
    signers = [Signer(name="Eva Berg")]
    info = get_template(template_id)
    check_document(info, lang, case, EXTRA_RECIPIENTS["mp_se"], signers)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("template_id", TEMPLATE_IDS)
def test_names_with_punctuation_survive(template_id, lang):
    """Characters that look like markup (".", "-", ")") stay in names wherever a template puts them."""
    draft = load_demo_draft()
    case = draft.case
    case.people = [copy.deepcopy(case.people[0]), copy.deepcopy(case.people[1])]
    case.people[0].name = "Jean-Luc A. Smith"
    case.people[1].name = "Émile Roux (Jr.)"
    signers = [Signer(name="Anna Lindqvist", organisation="Friends of A. (Stockholm) - group 7")]
    texts = check_document(get_template(template_id), lang, case, EXTRA_RECIPIENTS["mp_se"], signers)
    for text in texts.values():
        assert "Jean-Luc A. Smith" in text and "Émile Roux (Jr.)" in text


# -- plural forms -----------------------------------------------------------------

def case_with(n: int) -> Case:
    """The demo case with ``n`` people, each with the facts of a demo defendant."""
    case = load_demo_draft().case
    model = case.people
    case.people = []
    for i in range(n):
        person = copy.deepcopy(model[i % len(model)])
        person.name = f"Person {i + 1}"
        case.people.append(person)
    return case


# The count phrase each template writes for n people, exactly (with its
# neighbours, so "21 человека" cannot pass for "21 человек").
# Small numbers in words in running text (en up to nine, sv/de up to twelve, fr up to ten): docs/style/letters.md
PLURALS = {
    "appeal_official": {
        "en": {1: "The facts known to me about Person 1 are as follows:",
               2: "about each of the two people concerned are", 5: "about each of the five people concerned are",
               21: "about each of the 21 people concerned are"},
        "sv": {1: "Följande är känt om Person 1:", 2: "var och en av de två:",
               5: "var och en av de fem:", 21: "var och en av de 21:"},
        "fr": {1: "Voici les informations dont je dispose sur Person 1 :",
               2: "sur chacune des deux personnes en cause :", 5: "sur chacune des cinq personnes en cause :",
               21: "sur chacune des 21 personnes en cause :"},
        "de": {1: "Zu Person 1 ist mir Folgendes bekannt:", 2: "Zu jeder der zwei Personen ist mir",
               5: "Zu jeder der fünf Personen ist mir", 21: "Zu jeder der 21 Personen ist mir"},
        "ru": {1: "Известные мне сведения:", 2: "сведения о каждом из них (всего 2 человека):",
               5: "сведения о каждом из них (всего 5 человек):", 21: "сведения о каждом из них (всего 21 человек):"},
    },
    "letter_legislator": {
        "en": {1: "The person concerned:", 2: "The two people concerned:", 5: "The five people concerned:",
               21: "The 21 people concerned:"},
        "sv": {1: "Den person som det gäller:", 2: "De två personer som det gäller:",
               5: "De fem personer som det gäller:", 21: "De 21 personer som det gäller:"},
        "fr": {1: "La personne concernée :", 2: "Les deux personnes concernées :", 5: "Les cinq personnes concernées :",
               21: "Les 21 personnes concernées :"},
        "de": {1: "Es geht um folgende Person:", 2: "Betroffen sind zwei Personen:", 5: "Betroffen sind fünf Personen:",
               21: "Betroffen sind 21 Personen:"},
        "ru": {1: "Сведения о человеке, о котором идёт речь:", 2: "речь (всего 2 человека):",
               5: "речь (всего 5 человек):", 21: "речь (всего 21 человек):"},
    },
}
# Forms that must never appear: wrong agreement with the number.
WRONG = {
    "en": [r"\b1 people\b", r"\b(2|5|21) person\b", r"\bwho has been prosecuted\b(?=.*\b(2|5|21) people)"],
    "sv": [r"\b1 personer\b", r"\b(2|5|21) person\b"],
    "fr": [r"\b1 personnes\b", r"\b(2|5|21) personne\b", r"\b(2|5|21) personnes concernée\b"],
    "de": [r"\b1 Personen\b", r"\b(2|5|21) Person\b"],
    "ru": [r"\b1 человека\b", r"\b2 человек\b", r"\b5 человека\b", r"\b21 человека\b", r"всего 1 человек"],
}


@pytest.mark.parametrize("n", [1, 2, 5, 21])
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("template_id", sorted(PLURALS))
def test_counts_of_people_are_grammatical(template_id, lang, n):
    case = case_with(n)
    signers = [Signer(name="Anna Lindqvist")]
    recipient = EXTRA_RECIPIENTS["prosecutor_general_ru" if template_id == "appeal_official" else "mp_se"]
    texts = check_document(get_template(template_id), lang, case, recipient, signers)
    for kind, text in texts.items():
        assert flat(PLURALS[template_id][lang][n]) in text, (kind, n)
        for pattern in WRONG[lang]:
            assert not re.search(pattern, text), (kind, n, pattern)


@pytest.mark.parametrize("n", [1, 2, 5, 21])
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("template_id", [t for t in TEMPLATE_IDS if t not in PLURALS])
def test_other_templates_with_many_people(template_id, lang, n):
    """Templates written by others: the generic checks, with 1, 2, 5 and 21 people."""
    check_document(get_template(template_id), lang, case_with(n), EXTRA_RECIPIENTS["mp_se"],
                   [Signer(name="Anna Lindqvist")])


# -- the appeal to an official -------------------------------------------------------

SALUTATION_PG = {
    "en": "Dear Prosecutor General,", "sv": "Herr riksåklagare,", "fr": "Monsieur le Procureur général,",
    "de": "Sehr geehrter Herr Generalstaatsanwalt,", "ru": "Уважаемый господин Генеральный прокурор!",
}
CHARGES = {
    "en": "Charges under the Criminal Code of the Russian Federation: Article 212(2) (participation in mass riots); "
          "Article 318(1)",
    "sv": "Åtal enligt Ryska federationens strafflag: artikel 212 del 2 (deltagande i massupplopp); artikel 318 del 1",
    "fr": "Chefs d'inculpation au titre du Code pénal de la Fédération de Russie : article 212, partie 2 "
          "(participation à des émeutes de masse) ; article 318, partie 1",
    "de": "Anklagepunkte nach dem Strafgesetzbuch der Russischen Föderation: Artikel 212 Teil 2 "
          "(Teilnahme an Massenunruhen); Artikel 318 Teil 1",
    "ru": "Обвинение: ч. 2 ст. 212 УК РФ (участие в массовых беспорядках); ч. 1 ст. 318 УК РФ",
}
HEALTH = {
    "en": ("Health: needs treatment for a heart condition", "particularly concerned about the health of Person 1",
           "protected from ill-treatment"),
    "sv": ("Hälsotillstånd: needs treatment for a heart condition", "oroad över hälsotillståndet hos Person 1",
           "skyddas mot varje form av misshandel"),
    "fr": ("État de santé : needs treatment for a heart condition", "L'état de santé de Person 1 suscite",
           "protégées de tout mauvais traitement"),
    "de": ("Gesundheitszustand: needs treatment for a heart condition",
           "über den Gesundheitszustand von Person 1", "vor jeder Misshandlung geschützt"),
    "ru": ("Состояние здоровья: needs treatment for a heart condition",
           "состояние здоровья заключённых: Person 1", "защищены от жестокого обращения"),
}


@pytest.mark.parametrize("lang", LANGS)
def test_official_appeal_gives_charges_detention_health_and_demands(lang):
    case = case_with(2)
    case.people[0].health = "needs treatment for a heart condition"
    case.people[0].detention_place = "IK-2, Vladimir region"
    draft = load_demo_draft()
    doc = render(get_template("appeal_official"), lang, case, EXTRA_RECIPIENTS["prosecutor_general_ru"],
                 draft.signers)
    texts = both_texts(doc)
    for kind, raw in texts.items():
        text = flat(raw)
        assert SALUTATION_PG[lang] in text, kind
        assert flat(CHARGES[lang]) in text, kind
        assert "IK-2, Vladimir region" in text, kind
        for phrase in HEALTH[lang]:
            assert flat(phrase) in text, (kind, phrase)
        for demand in case.demands:
            assert flat(localized(demand, lang)) in text, (kind, demand)
    # The demands are a numbered list (real numbering, not typed digits), in order.
    # German ends each demand of the sentence "…auf, 1. …, 2. …, 3. …." with its punctuation, French each
    # item of an enumeration after a colon with " ;" and the last with "." (Imprimerie nationale).
    numbered = [[flat(item.text).rstrip(",.;").rstrip() for item in block.items] for block in doc.blocks
                if isinstance(block, ListBlock) and block.style == "decimal"]
    assert [flat(localized(d, lang)) for d in case.demands] in numbered


@pytest.mark.parametrize("lang", LANGS)
def test_official_appeal_without_health_facts_asks_nothing_about_detention(lang):
    case = case_with(2)
    for person in case.people:
        person.custody = ""  # custody not stated: nothing says they are held
    doc = render(get_template("appeal_official"), lang, case, EXTRA_RECIPIENTS["prosecutor_general_ru"],
                 [Signer(name="Anna Lindqvist")])
    text = flat(docx_text(doc))
    assert flat(HEALTH[lang][1]) not in text and flat(HEALTH[lang][2]) not in text
    for person in case.people:
        person.custody = "in_custody"  # a stated custody is a fact of detention: the protection is asked for
    text = flat(docx_text(render(get_template("appeal_official"), lang, case, EXTRA_RECIPIENTS["prosecutor_general_ru"],
                                 [Signer(name="Anna Lindqvist")])))
    assert flat(HEALTH[lang][2]) in text
    for person in case.people:
        person.custody = "at_liberty"
    text = flat(docx_text(render(get_template("appeal_official"), lang, case, EXTRA_RECIPIENTS["prosecutor_general_ru"],
                                 [Signer(name="Anna Lindqvist")])))
    assert flat(HEALTH[lang][2]) not in text


def test_official_appeal_signed_by_several_speaks_as_we():
    case = case_with(1)
    signers = [Signer(name="Anna Lindqvist"), Signer(name="Erik Svensson")]
    texts = {lang: flat(docx_text(render(get_template("appeal_official"), lang, case,
                                         EXTRA_RECIPIENTS["prosecutor_general_ru"], signers))) for lang in LANGS}
    assert "We are writing" in texts["en"] and "I am writing" not in texts["en"]
    assert "Vi skriver" in texts["sv"] and "Vi vore tacksamma" in texts["sv"]
    assert "Nous nous permettons" in texts["fr"] and "Nous vous prions d'agréer" in texts["fr"]
    assert "wenden wir uns" in texts["de"] and "wären wir Ihnen dankbar" in texts["de"]
    assert "Обращаемся к Вам" in texts["ru"] and "Просим Вас ответить" in texts["ru"]


# -- the letter to legislators -------------------------------------------------------

# To one member of the Riksdag: "du", and a motion (the Riksdag adopts no resolutions).
ASKS = {
    "table": {"en": "ask you to table a parliamentary resolution", "sv": "be dig att väcka en motion",
              "fr": "vous demander de déposer une proposition de résolution",
              "de": "einen Entschließungsantrag einzubringen",
              "ru": "с просьбой внести на рассмотрение проект резолюции"},
    "cosponsor": {"en": "ask you to co-sponsor a parliamentary resolution",
                  "sv": "be dig att stå som medmotionär på en motion",
                  "fr": "vous demander de cosigner une proposition de résolution",
                  "de": "einen Entschließungsantrag mitzuzeichnen",
                  "ru": "с просьбой выступить соавтором проекта резолюции"},
    "support": {"en": "ask you to support a parliamentary resolution", "sv": "be dig att stödja en motion",
                "fr": "vous demander de soutenir une proposition de résolution",
                "de": "einen Entschließungsantrag zu unterstützen",
                "ru": "с просьбой поддержать проект резолюции"},
}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("ask, expected", [
    ("table", "table"), ("cosponsor", "cosponsor"), ("support", "support"),
    (None, "support"), ("filibuster", "support"), (3, "support"),
])
def test_legislator_letter_asks_what_the_option_says(lang, ask, expected):
    options = {} if ask is None else {"ask": ask}
    draft = load_demo_draft()
    texts = check_document(get_template("letter_legislator"), lang, draft.case, EXTRA_RECIPIENTS["mp_se"],
                           draft.signers, options)
    for kind, text in texts.items():
        assert flat(ASKS[expected][lang]) in text, (kind, ask)
        for other in set(ASKS) - {expected}:
            assert flat(ASKS[other][lang]) not in text, (kind, ask, other)


MINISTRY_EXTRA = {
    "en": "through diplomatic channels", "sv": "på diplomatisk väg", "fr": "par la voie diplomatique",
    "de": "auf diplomatischem Wege", "ru": "по дипломатическим каналам",
}


@pytest.mark.parametrize("lang", LANGS)
def test_a_minister_is_also_asked_to_raise_the_cases(lang):
    draft = load_demo_draft()
    info = get_template("letter_legislator")
    to_minister = flat(docx_text(render(info, lang, draft.case, EXTRA_RECIPIENTS["minister_de"], draft.signers)))
    to_mp = flat(docx_text(render(info, lang, draft.case, EXTRA_RECIPIENTS["mp_se"], draft.signers)))
    assert MINISTRY_EXTRA[lang] in to_minister
    assert MINISTRY_EXTRA[lang] not in to_mp
    if lang == "de":
        assert "Sehr geehrte Frau Ministerin," in to_minister


@lru_cache(maxsize=None)
def _manifest_kinds(template_id: str) -> tuple[str, ...]:
    return get_template(template_id).recipient_kinds


def test_manifests_name_the_recipients_each_letter_is_for():
    assert set(_manifest_kinds("appeal_official")) == {"official", "ministry"}
    assert set(_manifest_kinds("letter_legislator")) == {"member_of_parliament", "legislature", "ministry"}
    for template_id in ("appeal_official", "letter_legislator"):
        info = get_template(template_id)
        assert info.kind == "letter" and info.layout == "letter"
        assert set(info.languages) == set(LANGS)
        assert all(info.title(lang) and info.description(lang) for lang in LANGS)
