"""Russian names and places in the grammatical case a sentence needs.

"призыв к освобождению Сергея Кривова", "с Александрой Наумовой", "в Москве":
a Russian sentence declines names. First names, patronymics and place names
are looked up in OpenCorpora's dictionary through pymorphy3 (a maintained
morphological analyser); surnames follow the declension rules of the
standard suffixes (-ов/-ев/-ин/-ын, -ова/-ина, -ский/-ская, a man's surname
ending in a consonant), as Rosenthal's *Справочник по правописанию и
стилистике* states them, since most surnames are not in any dictionary.

Whatever is not certain — a first name the dictionary does not know for the
person's gender, a surname outside the rules, a gender that is not known and
cannot be read from the first name — gives ``None``, and the template then
keeps the nominative in an apposition ("заключённый по делу: Сергей Кривов").
"""

from __future__ import annotations

import functools
import logging
import re

log = logging.getLogger(__name__)

CASES = ("gent", "datv", "accs", "ablt", "loct")
# The cases :func:`decline` takes, by their OpenCorpora names and their usual English names.
CASE_NAMES = {"nomn": "nomn", "gent": "gent", "datv": "datv", "accs": "accs", "ablt": "ablt", "loct": "loct",
              "nominative": "nomn", "genitive": "gent", "dative": "datv", "accusative": "accs",
              "instrumental": "ablt", "prepositional": "loct"}
_GENDER_TAG = {"male": "masc", "female": "femn"}
_CYRILLIC_WORD = re.compile(r"^[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?$")


@functools.lru_cache(maxsize=1)
def _analyzer():
    try:
        import pymorphy3
    except ImportError:  # pragma: no cover - a declared dependency
        log.warning("pymorphy3 is not installed: Russian names stay in the nominative")
        return None
    return pymorphy3.MorphAnalyzer(lang="ru")


def _dictionary_form(word: str, kind: str, gender: str) -> dict[str, str] | None:
    """The cases of ``word`` as the dictionary knows a ``kind`` (Name, Patr, Geox) of ``gender``."""
    morph = _analyzer()
    if morph is None:
        return None
    for parse in morph.parse(word):
        tag = parse.tag
        if kind not in tag or "nomn" not in tag or "plur" in tag:
            continue
        if gender and _GENDER_TAG[gender] not in tag and "ms-f" not in tag:
            continue
        if parse.word.lower() != word.lower():
            continue
        forms = {}
        for case in CASES:
            inflected = parse.inflect({case})
            if inflected is None:
                return None
            forms[case] = _match_capitals(word, inflected.word)
        return forms
    return None


def _match_capitals(original: str, form: str) -> str:
    return "-".join(part[:1].upper() + part[1:] for part in form.split("-")) if original[:1].isupper() else form


def gender_of_first_name(word: str) -> str:
    """"male" or "female" when the dictionary knows ``word`` as a first name of one gender only, else ""."""
    morph = _analyzer()
    if morph is None or not _CYRILLIC_WORD.match(word):
        return ""
    genders = {("either" if "ms-f" in p.tag else "female" if "femn" in p.tag else "male")
               for p in morph.parse(word) if "Name" in p.tag and "nomn" in p.tag and p.word.lower() == word.lower()}
    genders.discard("either") if len(genders) > 1 else None
    if "either" in genders:  # Саша, Женя: a name of either gender says nothing
        return ""
    return genders.pop() if len(genders) == 1 else ""


# Surnames follow the regular paradigms (Розенталь, «Справочник по правописанию и стилистике», § on
# surnames; the rules the petrovich library encodes): -ов/-ев/-ин/-ын like possessive adjectives, -ский/-ой/-ый
# like adjectives, a man's surname in a consonant like a noun, -ых/-их/-ко/-аго and vowels other than -а/-я
# never, a woman's surname in a consonant never.
_INDECLINABLE = ("ых", "их", "ко", "енко", "аго", "яго", "е", "и", "о", "у", "ю", "э", "ы")
_ADJ = {
    "male": {"gent": "ого", "datv": "ому", "accs": "ого", "ablt": "им", "loct": "ом"},
    "female": {"gent": "ой", "datv": "ой", "accs": "ую", "ablt": "ой", "loct": "ой"},
}
_POSSESSIVE_MALE = {"gent": "а", "datv": "у", "accs": "а", "ablt": "ым", "loct": "е"}
_POSSESSIVE_FEMALE = {"gent": "ой", "datv": "ой", "accs": "у", "ablt": "ой", "loct": "ой"}
_NOUN_MALE = {"gent": "а", "datv": "у", "accs": "а", "ablt": "ом", "loct": "е"}
_SOFT_MALE = {"gent": "я", "datv": "ю", "accs": "я", "ablt": "ем", "loct": "е"}
_A_STEM = {"gent": "ы", "datv": "е", "accs": "у", "ablt": "ой", "loct": "е"}
_YA_STEM = {"gent": "и", "datv": "е", "accs": "ю", "ablt": "ей", "loct": "е"}
_HUSHING = "жшчщц"


def _russian_type(word: str, gender: str) -> bool:
    """Whether ``word`` has a Russian surname suffix of ``gender`` (-ов, -ина, -ский, -ая…)."""
    low = word.lower()
    if gender == "male":
        return low.endswith(("ов", "ев", "ёв", "ин", "ын", "ский", "цкий", "ской", "цкой", "ый", "ой", "ий"))
    return low.endswith(("ова", "ева", "ёва", "ина", "ына", "ская", "цкая", "ая", "яя"))


def _surname_word(word: str, case: str, gender: str) -> str | None:
    """One word of a surname in ``case``; None when no rule is sure."""
    low = word.lower()
    if len(low) < 2:
        return None
    if low.endswith(_INDECLINABLE):
        return word  # Черных, Косенко, Дурново, Кюри: the same in every case
    if gender == "male":
        if low.endswith(("ов", "ев", "ёв", "ин", "ын")) and len(low) > 3:
            return word + _POSSESSIVE_MALE[case]
        if low.endswith(("ский", "цкий", "ской", "цкой")):
            return word[:-2] + _ADJ["male"][case]
        if low.endswith(("ый", "ой")) and len(low) > 3:
            return word[:-2] + _ADJ["male"][case].replace("им", "ым")
        if low.endswith("ий") and len(low) > 3:
            ending = _ADJ["male"][case]
            if low[-3] not in "кгхжшчщ":
                ending = {"ого": "его", "ому": "ему", "ом": "ем"}.get(ending, ending)
            return word[:-2] + ending
        if low.endswith(("ь", "й")):
            return word[:-1] + _SOFT_MALE[case]
        if low.endswith("а"):
            return word[:-1] + _a_stem(low, case)
        if low.endswith("я"):
            return word[:-1] + _YA_STEM[case]
        if low[-1] in "бвгджзклмнпрстфхцчшщ":
            ending = "ем" if case == "ablt" and low[-1] in _HUSHING else _NOUN_MALE[case]
            return word + ending  # Луцкевичем, Полиховичем: unstressed after a hushing consonant
        return None
    if low.endswith(("ова", "ева", "ёва", "ина", "ына")) and len(low) > 4:
        return word[:-1] + _POSSESSIVE_FEMALE[case]
    if low.endswith(("ская", "цкая", "ая")) and len(low) > 3:
        return word[:-2] + _ADJ["female"][case]
    if low.endswith("яя"):
        return word[:-2] + {"gent": "ей", "datv": "ей", "accs": "юю", "ablt": "ей", "loct": "ей"}[case]
    if low.endswith("а"):
        return word[:-1] + _a_stem(low, case)
    if low.endswith("я"):
        return word[:-1] + _YA_STEM[case]
    if low[-1] in "бвгджзклмнпрстфхцчшщь":
        return word  # a woman's surname in a consonant does not decline: Наталья Луцкевич
    return None


def _a_stem(low: str, case: str) -> str:
    ending = _A_STEM[case]
    if ending == "ы" and low[-2:-1] in "гкхжшчщ":
        return "и"
    if ending == "ой" and low[-2:-1] in _HUSHING:
        return "ей"
    return ending


def _surname(word: str, gender: str) -> dict[str, str] | None:
    """A surname in every case, or None. A double surname declines each part as Russian grammar does:
    both parts of Римский-Корсаков, Петрова-Водкина, Мамин-Сибиряк; a first part that is not a Russian
    surname form stays as it is (Бонч-Бруевич → Бонч-Бруевича, Склодовская-Кюри → Склодовской-Кюри)."""
    parts = word.split("-")
    if len(parts) > 2:
        return None
    forms: dict[str, str] = {}
    for case in CASES:
        declined = []
        for i, part in enumerate(parts):
            last = i == len(parts) - 1
            if not last and not _russian_type(part, gender):
                if part.lower()[-1] in "аяьй":
                    return None  # a first part that may decline by rules we cannot be sure of: keep the nominative
                declined.append(part)
                continue
            form = _surname_word(part, case, gender)
            if form is None:
                return None
            declined.append(form)
        forms[case] = "-".join(declined)
    return forms


def _given_name(word: str, kind: str, gender: str) -> dict[str, str] | None:
    """A first name or patronymic in every case from the dictionary; a double first name (Анна-Мария,
    Жан-Поль) declines each part, and is left to the nominative when a part is not known."""
    parts = [_dictionary_form(part, kind, gender) for part in word.split("-")]
    if any(p is None for p in parts):
        return None
    return {case: "-".join(p[case] for p in parts) for case in CASES}


def decline_name(name: str, gender: str = "") -> dict[str, str] | None:
    """``name`` ("Сергей Кривов", "Кривов Сергей Иванович", "Анна") in each case of :data:`CASES`, or None
    when unsure."""
    words = name.split()
    if not 0 < len(words) <= 3 or not all(_CYRILLIC_WORD.match(w) for w in words):
        return None
    gender = gender if gender in _GENDER_TAG else _gender_of(words)
    if not gender:
        return None
    if len(words) == 1:
        return _given_name(words[0], "Name", gender)
    if len(words) == 2:
        order = [("first", words[0]), ("last", words[1])]
    elif "-" not in words[2] and _dictionary_form(words[2], "Patr", gender):  # "Кривов Сергей Иванович"
        order = [("last", words[0]), ("first", words[1]), ("middle", words[2])]
    else:
        order = [("first", words[0]), ("middle", words[1]), ("last", words[2])]
    forms = []
    for role, word in order:
        if role == "last":
            forms.append(_surname(word, gender))
        elif role == "middle":
            forms.append(_dictionary_form(word, "Patr", gender) if "-" not in word else None)
        else:
            forms.append(_given_name(word, "Name", gender))
    if any(f is None for f in forms):
        return None
    return {case: " ".join(f[case] for f in forms) for case in CASES}


def _gender_of(words: list[str]) -> str:
    """The gender a Russian name tells: a patronymic (-ович/-овна) says it, else a first name of one gender."""
    for word in words[1:]:
        low = word.lower()
        if len(words) == 3 and low.endswith(("вич", "ьич", "ич")):
            return "male"
        if len(words) == 3 and low.endswith(("вна", "чна", "шна")):
            return "female"
    genders = {gender_of_first_name(part) for part in words[0].split("-")} - {""}
    if len(words) == 3 and not genders:  # "Кривов Сергей Иванович"
        genders = {gender_of_first_name(part) for part in words[1].split("-")} - {""}
    return genders.pop() if len(genders) == 1 else ""


def decline(name: str, case: str, gender: str = "") -> str | None:
    """``name`` in one ``case`` (an OpenCorpora name such as "gent", or "genitive"); the name itself in the
    nominative; None when the declension is not certain, so the caller keeps the nominative."""
    grammatical = CASE_NAMES.get(case)
    if grammatical is None:
        raise ValueError(f"unknown case {case!r}; use one of {', '.join(sorted(set(CASE_NAMES.values())))}")
    words = str(name).split()
    if not words or not all(_CYRILLIC_WORD.match(w) for w in words) or len(words) > 3:
        return None
    if grammatical == "nomn":
        return " ".join(words)
    forms = decline_name(" ".join(words), gender)
    return forms[grammatical] if forms else None


def in_place(place: str) -> str | None:
    """"в Москве", "во Владимире" for a place name the dictionary knows, else None."""
    words = place.split()
    if len(words) != 1 or not _CYRILLIC_WORD.match(words[0]):
        return None
    forms = _dictionary_form(words[0], "Geox", "")
    if forms is None:
        return None
    loct = forms["loct"]
    preposition = "во" if re.match(r"^(В|Ф)[^аеёиоуыэюяАЕЁИОУЫЭЮЯ]", loct) else "в"
    return f"{preposition} {loct}"


def after_po(case_name: str) -> str:
    """What follows "по" for a case: "«Болотному делу»" for «Болотное дело», "делу «Сети»" otherwise.

    A name that is itself "… дело" is declined into the dative through the dictionary; any other
    name keeps its nominative in quotes after "делу" (the usual "по делу «…»"). "" for no name.
    """
    bare = case_name.strip()
    if len(bare) > 2 and bare[0] in "«\"“„" and bare[-1] in "»\"“”":
        bare = bare[1:-1].strip()
    words = bare.split()
    if not words:
        return ""
    if words[0].lower() == "дело" and len(words) > 1:
        return "делу " + " ".join(words[1:])
    if words[-1].lower() == "дело" and all(re.fullmatch(r"[А-ЯЁа-яё-]+", w) for w in words):
        analyzer = _analyzer()
        if analyzer is not None:
            dative = []
            for word in words:
                parse = analyzer.parse(word.lower())[0]
                form = parse.inflect({"datv", "sing"}) if parse else None
                if form is None:
                    break
                dative.append(_match_capitals(word, form.word))
            else:
                return f"«{' '.join(dative)}»"
    return f"делу «{bare}»"
