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


# Surname endings: (ending, gender, {case: replacement of the ending}).
_SURNAME_RULES: list[tuple[str, str, dict[str, str]]] = [
    ("ский", "male", {"gent": "ского", "datv": "скому", "accs": "ского", "ablt": "ским", "loct": "ском"}),
    ("цкий", "male", {"gent": "цкого", "datv": "цкому", "accs": "цкого", "ablt": "цким", "loct": "цком"}),
    ("ская", "female", {"gent": "ской", "datv": "ской", "accs": "скую", "ablt": "ской", "loct": "ской"}),
    ("цкая", "female", {"gent": "цкой", "datv": "цкой", "accs": "цкую", "ablt": "цкой", "loct": "цкой"}),
]
for _end in ("ов", "ев", "ёв", "ин", "ын"):
    _SURNAME_RULES.append((_end, "male", {c: _end + e for c, e in
                                          {"gent": "а", "datv": "у", "accs": "а", "ablt": "ым", "loct": "е"}.items()}))
    _SURNAME_RULES.append((_end + "а", "female", {c: _end + e for c, e in
                                                 {"gent": "ой", "datv": "ой", "accs": "у", "ablt": "ой",
                                                  "loct": "ой"}.items()}))
_INDECLINABLE = re.compile(r"(о|е|и|у|ю|ых|их|ко|аго|яго)$")
_HUSHING = "жшчщц"


def _surname(word: str, gender: str) -> dict[str, str] | None:
    if _INDECLINABLE.search(word):
        return {case: word for case in CASES}  # Шевченко, Черных: the same in every case
    for ending, rule_gender, forms in _SURNAME_RULES:
        if word.endswith(ending) and rule_gender == gender and len(word) > len(ending) + 1:
            stem = word[: -len(ending)]
            return {case: stem + forms[case] for case in CASES}
    last = word[-1]
    if gender == "female" and last not in "аяь":
        return {case: word for case in CASES}  # a woman's surname in a consonant does not decline: Наталья Луцкевич
    if gender == "male" and last in "бвгджзклмнпрстфхцчшщ":
        ablt = "ем" if last in _HUSHING else "ом"  # Луцкевичем, Полиховичем (unstressed after a hushing consonant)
        return {"gent": word + "а", "datv": word + "у", "accs": word + "а", "ablt": word + ablt, "loct": word + "е"}
    return None


def decline_name(name: str, gender: str = "") -> dict[str, str] | None:
    """``name`` ("Сергей Кривов", "Кривов Сергей Иванович") in each case of :data:`CASES`, or None when unsure."""
    words = name.split()
    if not 1 < len(words) <= 3 or not all(_CYRILLIC_WORD.match(w) for w in words):
        return None
    gender = gender if gender in _GENDER_TAG else gender_of_first_name(words[0])
    if not gender:
        return None
    if len(words) == 2:
        first, middle, last = words[0], None, words[1]
    elif _dictionary_form(words[2], "Patr", gender):  # "Кривов Сергей Иванович": surname first
        last, first, middle = words
    else:
        first, middle, last = words
    parts = [_dictionary_form(first, "Name", gender)]
    if middle is not None:
        parts.append(_dictionary_form(middle, "Patr", gender))
    parts.append(_surname(last, gender))
    if any(p is None for p in parts):
        return None
    order = [first, middle, last] if words[0] == first else [last, first, middle]
    forms_by_word = dict(zip([first, *([middle] if middle else []), last], parts))
    return {case: " ".join(forms_by_word[w][case] for w in order if w) for case in CASES}


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
