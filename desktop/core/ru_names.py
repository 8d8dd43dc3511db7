"""Russian personal names in the grammatical cases a sentence needs.

"суд приговорил Сергея Кривова", "солидарность с Александрой Наумовой":
a Russian sentence declines the first name, the patronymic and the
surname. First names come from the OpenCorpora dictionary through
pymorphy3 (a maintained morphological analyser); patronymics and surnames
follow the regular paradigms of Russian grammar (Розенталь, «Справочник по
правописанию и стилистике», §§ on surnames; the same rules the petrovich
library encodes): -ов/-ев/-ин like possessive adjectives, -ский/-ой like
adjectives, -ых/-их/-ко and women's consonant-ending surnames undeclined.

:func:`decline` returns ``None`` when it cannot be sure (a first name the
dictionary does not know, a gender it cannot tell, a name not written in
Cyrillic): the caller then writes a construction that keeps the
nominative ("осуждённого по имени …") rather than guess.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import Any

log = logging.getLogger(__name__)

__all__ = ["CASES", "decline", "gender_of"]

# Grammatical cases by their OpenCorpora names, with the usual Russian names as aliases.
CASES = {"nomn": "nomn", "gent": "gent", "datv": "datv", "accs": "accs", "ablt": "ablt", "loct": "loct",
         "nominative": "nomn", "genitive": "gent", "dative": "datv", "accusative": "accs",
         "instrumental": "ablt", "prepositional": "loct"}

_CYRILLIC = set("абвгдеёжзийклмнопрстуфхцчшщъыьэюя-")


@lru_cache(maxsize=1)
def _morph() -> Any:
    import pymorphy3  # imported here: loading the dictionary takes a moment and only Russian texts need it

    return pymorphy3.MorphAnalyzer(lang="ru")


def _cyrillic(word: str) -> bool:
    return bool(word) and set(word.lower()) <= _CYRILLIC


def _first_name_parses(word: str) -> list[Any]:
    return [p for p in _morph().parse(word) if "Name" in p.tag and "nomn" in p.tag and "sing" in p.tag]


def gender_of(name: str) -> str:
    """"female", "male" or "" from a Russian name's patronymic, first name or surname ending."""
    words = [w for w in str(name).split() if w]
    if not words or not all(_cyrillic(w) for w in words):
        return ""
    for word in words[1:]:
        low = word.lower()
        if low.endswith(("вич", "ьич", "ич")) and len(words) == 3:
            return "male"
        if low.endswith(("вна", "чна", "шна")) and len(words) == 3:
            return "female"
    genders = {"masc" if "masc" in p.tag else "femn" for p in _first_name_parses(words[0])
               if "masc" in p.tag or "femn" in p.tag}
    if len(genders) == 1:
        return "male" if genders == {"masc"} else "female"
    return ""


def decline(name: str, case: str, gender: str = "") -> str | None:
    """``name`` ("Имя [Отчество] Фамилия") in ``case``, or ``None`` when that cannot be done safely."""
    grammatical = CASES.get(case)
    if grammatical is None:
        raise ValueError(f"unknown case {case!r}; use one of {', '.join(sorted(set(CASES.values())))}")
    words = str(name).split()
    if not words or not all(_cyrillic(w) for w in words) or len(words) > 3:
        return None
    if grammatical == "nomn":
        return " ".join(words)
    gender = gender if gender in ("female", "male") else gender_of(name)
    if not gender:
        return None
    first = _first_name(words[0], grammatical, gender)
    if first is None:
        return None
    out = [first]
    if len(words) == 3:
        out.append(_patronymic(words[1], grammatical, gender))
    if len(words) >= 2:
        out.append(_surname(words[-1], grammatical, gender))
    return " ".join(out)


def _like(word: str, template: str) -> str:
    """``template`` with the capitalisation of ``word``."""
    return template[:1].upper() + template[1:] if word[:1].isupper() else template


def _first_name(word: str, case: str, gender: str) -> str | None:
    wanted = "masc" if gender == "male" else "femn"
    for parse in _first_name_parses(word):
        if wanted in parse.tag:
            form = parse.inflect({case})
            if form is not None:
                return _like(word, form.word)
    return None


_ADJ = {  # endings of adjectival surnames: nominative → case
    "male": {"gent": "ого", "datv": "ому", "accs": "ого", "ablt": "им", "loct": "ом"},
    "female": {"gent": "ой", "datv": "ой", "accs": "ую", "ablt": "ой", "loct": "ой"},
}
_POSSESSIVE_MALE = {"gent": "а", "datv": "у", "accs": "а", "ablt": "ым", "loct": "е"}
_POSSESSIVE_FEMALE = {"gent": "ой", "datv": "ой", "accs": "у", "ablt": "ой", "loct": "ой"}
_NOUN_MALE = {"gent": "а", "datv": "у", "accs": "а", "ablt": "ом", "loct": "е"}
_SOFT_MALE = {"gent": "я", "datv": "ю", "accs": "я", "ablt": "ем", "loct": "е"}
_A_STEM = {"gent": "ы", "datv": "е", "accs": "у", "ablt": "ой", "loct": "е"}
_YA_STEM = {"gent": "и", "datv": "е", "accs": "ю", "ablt": "ей", "loct": "е"}


def _patronymic(word: str, case: str, gender: str) -> str:
    low = word.lower()
    if low.endswith("ич"):
        return word + _NOUN_MALE[case]
    if low.endswith("на"):
        return word[:-1] + _A_STEM[case]
    return word


def _surname(word: str, case: str, gender: str) -> str:
    low = word.lower()
    if low.endswith(("ых", "их", "ко", "енко", "аго", "яго", "е", "и", "о", "у", "ю", "э")):
        return word  # Черных, Косенко, Дурново: never declined
    if gender == "male":
        if low.endswith(("ов", "ев", "ёв", "ин", "ын")):
            return word + _POSSESSIVE_MALE[case]
        if low.endswith(("ский", "цкий", "ской", "цкой")):
            return word[:-2] + _ADJ["male"][case]
        if low.endswith(("ый", "ой")):
            ending = _ADJ["male"][case].replace("им", "ым")
            return word[:-2] + ending
        if low.endswith("ий"):
            ending = _ADJ["male"][case]
            if low[-3:-2] not in "кгхжшчщ":
                ending = {"ого": "его", "ому": "ему", "ом": "ем"}.get(ending, ending)
            return word[:-2] + ending
        if low.endswith(("ь", "й")):
            return word[:-1] + _SOFT_MALE[case]
        if low.endswith("а"):
            return word[:-1] + _a_stem(low, case)
        if low.endswith("я"):
            return word[:-1] + _YA_STEM[case]
        ending = _NOUN_MALE[case]
        if ending == "ом" and low[-1:] in "жшчщц":
            ending = "ем"
        return word + ending
    # female
    if low.endswith(("ова", "ева", "ёва", "ина", "ына")):
        return word[:-1] + _POSSESSIVE_FEMALE[case]
    if low.endswith(("ская", "цкая", "ая")):
        return word[:-2] + _ADJ["female"][case]
    if low.endswith("яя"):
        return word[:-2] + {"gent": "ей", "datv": "ей", "accs": "юю", "ablt": "ей", "loct": "ей"}[case]
    if low.endswith("а"):
        return word[:-1] + _a_stem(low, case)
    if low.endswith("я"):
        return word[:-1] + _YA_STEM[case]
    return word  # a woman's surname ending in a consonant (Шевчук, Ким) is not declined


def _a_stem(low: str, case: str) -> str:
    ending = _A_STEM[case]
    if ending == "ы" and low[-2:-1] in "гкхжшчщ":
        return "и"
    if ending == "ой" and low[-2:-1] in "жшчщц":
        return "ей"
    return ending
