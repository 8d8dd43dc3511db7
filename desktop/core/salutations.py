"""The salutation and the closing formula of a letter, per language.

The words live in ``templates/_salutations.toml``; this module decides which
entry fits a recipient: it reads the role from the title ("Consul General",
"Генеральный прокурор"), the office or the kind of recipient, the gender from
the directory, the honorific or the name, and whether a person is named at
all. When nothing is known about the addressee the neutral form is used
("Dear Sir or Madam,", "Madame, Monsieur,", "Уважаемые дамы и господа!").
A salutation typed into the recipient's ``salutation`` field always wins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from desktop.core.errors import N_, PetitionDeskError
from desktop.core.files import load_structured
from desktop.core.recipients import Recipient
from desktop.core.resources import templates_dir

GENDERS = ("male", "female")

# Russian patronymics ("Иванович", "Петровна", "Ильич"); Latin transliterations
# only serve to find the surname and the gender, never for the Russian form.
_PATRONYMIC_MALE = re.compile(r"(вич|ьич|Ильич|Кузьмич|Лукич|Фомич|Никитич|ovich|evich|ovitch|evitch)$", re.IGNORECASE)
_PATRONYMIC_FEMALE = re.compile(r"(вна|ична|инична|ovna|evna|ichna)$", re.IGNORECASE)
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
_NAME_PARTICLES = {"von", "van", "de", "der", "den", "du", "da", "di", "del", "della", "la", "le", "zu", "af", "av", "dos", "das", "ten", "ter"}


@dataclass(frozen=True)
class Greeting:
    """Everything a letter needs to address one recipient in one language."""

    salutation: str  # with its punctuation: "Dear Ambassador,", "Уважаемый господин Посол!"; may be ""
    closing: str  # "Yours sincerely,", "Mit freundlichen Grüßen"
    role: str  # "ambassador", "consul_general", ..., "named", "titled" or "neutral"
    title_line: str = ""  # for the address block: "His Excellency", "Seiner Exzellenz"


def salutation(recipient: Recipient, language: str) -> str:
    """The opening line, e.g. "Dear Consul General," or "Exzellenz,"."""
    return greeting(recipient, language).salutation


def closing(recipient: Recipient, language: str, senders: int = 1) -> str:
    """The closing formula; ``senders`` > 1 gives the "we" form where a language has one."""
    return greeting(recipient, language, senders).closing


def addressee_title_line(recipient: Recipient, language: str) -> str:
    """The style of an excellency for the address block ("His Excellency"), else ""."""
    return greeting(recipient, language).title_line


def greeting(recipient: Recipient, language: str, senders: int = 1) -> Greeting:
    recipient = recipient.in_language(language)
    lang, region = _split_language(language, recipient.country)
    table = _language_table(lang)
    variant = table.get(region, {}) if region else {}
    name = _parse_name(recipient.person, recipient.honorific)
    gender = recipient.gender or name.gender or _gender_from_title(recipient)
    role = recipient_role(recipient)
    if not role:
        role = "named" if name.full else ("titled" if (recipient.title or recipient.office) else "neutral")
    entry, used_role = _pick_entry(table, role, gender, name)

    values = {
        "name": name.full,
        "surname": name.surname,
        "first_name": name.first,
        "patronymic": name.patronymic,
        "title": recipient.title or recipient.office,
        "honorific": _honorific(table, gender, name.academic),
        "academic": _appended_academic(table, name.academic),
    }
    text = _fill(entry.get("salutation", ""), values)
    if variant.get("abbreviation_dots"):
        text = re.sub(r"\b(Mr|Ms|Mrs|Dr|Prof)\b(?!\.)", r"\1.", text)
    end = variant.get("end", table.get("end", ","))
    computed = f"{text}{end}" if text else ""

    override = recipient.salutation.strip()
    used = override or computed
    appel = used.rstrip(" ,!:;")
    closing_text = _closing_text(table, variant, used_role, entry, senders, used)
    closing_text = _fill(closing_text, {**values, "appel": appel})
    return Greeting(used, closing_text, used_role, entry.get("title_line", ""))


def recipient_role(recipient: Recipient) -> str:
    """The office a recipient holds, as a key of the salutations table, or ""."""
    match = _data()["match"]
    for text in (recipient.title, recipient.office):
        if not text:
            continue
        if any(re.search(p, text, re.IGNORECASE) for p in match["exclude"]):
            return ""
        for role in match["order"]:
            if any(re.search(p, text, re.IGNORECASE) for p in match["roles"][role]):
                return role
    if recipient.title or recipient.office:
        return ""
    kinds = match["kinds"]
    if recipient.kind == "consulate":
        general = any(w in recipient.organisation.lower() for w in kinds["consulate_general_words"])
        return "consul_general" if general else kinds["consulate"]
    return kinds.get(recipient.kind, "")


# --- choosing an entry ------------------------------------------------------


def _pick_entry(table: dict[str, Any], role: str, gender: str, name: _Name) -> tuple[dict[str, Any], str]:
    g = gender if gender in GENDERS else "unknown"
    keys: list[str] = []
    if name.patronymic and name.first and _CYRILLIC.search(name.full) and g != "unknown":
        keys.append(f"patronymic_{g}")
    if name.full:
        keys += [f"named_{g}", "named_any"]
    keys += [g, "any"]
    for candidate in (role, "named" if name.full and role != "named" else None):
        if candidate is None:
            continue
        entries = table.get(candidate, {})
        for key in keys:
            if candidate != role and not key.startswith(("named", "patronymic")):
                continue
            entry = entries.get(key)
            if isinstance(entry, dict) and "salutation" in entry:
                return entry, candidate
    return table["neutral"]["any"], "neutral"


def _closing_text(table: dict[str, Any], variant: dict[str, Any], role: str, entry: dict[str, Any],
                  senders: int, used: str) -> str:
    """The closing for ``role``; in English it follows the salutation actually used ("Dear Sir" → faithfully)."""
    impersonal = role == "neutral"
    follows_salutation = "faithful_openings" in table
    if used and follows_salutation:
        impersonal = any(used.lower().startswith(w) for w in table["faithful_openings"])
    key = "closing_faithful" if impersonal else "closing"
    if key in variant:
        return variant[key]
    if follows_salutation:
        return table["neutral"]["any"]["closing"] if impersonal else table["closing"]
    keys = ("closing_we", "closing") if senders > 1 else ("closing",)
    for key in keys:
        for source in (entry, table.get(role, {}), table):
            if isinstance(source.get(key), str):
                return source[key]
    return ""


def _honorific(table: dict[str, Any], gender: str, academic: str) -> str:
    if academic and table.get("academic") == "replace":
        return academic
    return table.get(f"honorific_{gender}", "") if gender in GENDERS else ""


def _appended_academic(table: dict[str, Any], academic: str) -> str:
    """German puts the degree after the honorific: "Herr Dr. Müller"."""
    if not academic or table.get("academic") != "append":
        return ""
    return f"{academic}. " if academic in ("Dr", "Prof") else f"{academic} "


def _fill(text: str, values: dict[str, str]) -> str:
    filled = text.format_map(_Blank(values))
    return re.sub(r"\s{2,}", " ", filled).strip()


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return ""


def _gender_from_title(recipient: Recipient) -> str:
    words = _data()["match"]["female_title"]["words"]
    text = f"{recipient.title} {recipient.office}"
    return "female" if any(re.search(w, text, re.IGNORECASE) for w in words) else ""


# --- names -------------------------------------------------------------------


@dataclass(frozen=True)
class _Name:
    full: str = ""
    surname: str = ""
    first: str = ""
    patronymic: str = ""
    gender: str = ""
    academic: str = ""


def _parse_name(person: str, honorific: str) -> _Name:
    """Split "Dr. Anna von Berg" or "Бастрыкин Александр Иванович" into its parts."""
    honorifics = _data()["match"]["honorifics"]
    gender, academic = _honorific_gender(honorific, honorifics)
    tokens = person.split()
    while tokens:
        word = tokens[0].lower()
        if word in honorifics["academic"]:
            academic = academic or tokens.pop(0)
        elif word in honorifics["male"] or word in honorifics["female"] or word in honorifics["ignored"]:
            g, _ = _honorific_gender(tokens.pop(0), honorifics)
            gender = gender or g
        else:
            break
    if not tokens:
        return _Name(gender=gender, academic=_normal_academic(academic))
    first = patronymic = ""
    surname_tokens = tokens[-1:]
    if len(tokens) == 3:
        for index in (1, 2):
            if _PATRONYMIC_MALE.search(tokens[index]) or _PATRONYMIC_FEMALE.search(tokens[index]):
                patronymic = tokens[index]
                first = tokens[index - 1]
                surname_tokens = [tokens[2]] if index == 1 else [tokens[0]]
                gender = gender or ("female" if _PATRONYMIC_FEMALE.search(patronymic) else "male")
                break
    if not patronymic:
        start = len(tokens) - 1
        while start > 0 and tokens[start - 1].lower() in _NAME_PARTICLES:
            start -= 1
        surname_tokens = tokens[start:] if len(tokens) > 1 else tokens
        first = tokens[0] if len(tokens) > 1 else ""
    return _Name(" ".join(tokens), " ".join(surname_tokens), first, patronymic, gender, _normal_academic(academic))


def _honorific_gender(honorific: str, honorifics: dict[str, list[str]]) -> tuple[str, str]:
    word = honorific.strip().lower()
    if not word:
        return "", ""
    if word in honorifics["male"]:
        return "male", ""
    if word in honorifics["female"]:
        return "female", ""
    if word in honorifics["academic"]:
        return "", honorific.strip()
    return "", ""


def _normal_academic(academic: str) -> str:
    """"dr" → "Dr"; the language's dots are added where the language wants them."""
    if not academic:
        return ""
    word = academic.strip().rstrip(".")
    return {"dr": "Dr", "prof": "Prof", "professor": "Professor", "professeur": "Professeur"}.get(word.lower(), word)


# --- data ----------------------------------------------------------------------


def _split_language(language: str, country: str) -> tuple[str, str]:
    parts = re.split(r"[-_]", language.strip())
    lang = parts[0].lower()
    region = parts[1].upper() if len(parts) > 1 else (country or "").upper()
    return lang, region


def _language_table(lang: str) -> dict[str, Any]:
    data = _data()
    if lang not in data or lang == "match":
        languages = ", ".join(k for k in data if k != "match")
        raise PetitionDeskError(
            N_("There are no salutations for the language \"%(language)s\"; choose one of %(languages)s."),
            language=lang,
            languages=languages,
        )
    return data[lang]


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    return load_structured(templates_dir() / "_salutations.toml")
