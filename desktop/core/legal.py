"""Citations of articles of a code in each language's legal tradition.

A case stores a charge as an article string in the English notation the
sources use ("212(2)": article 212, part 2; "105(2)(a)": point a of it;
"20.2(8)": article 20.2, part 8) and the law it belongs to in each
language ("Criminal Code of the Russian Federation"). A reader of each
language expects its own form (docs/style/resolutions.md gives the sources):

- en  "Article 212(2) of the Criminal Code of the Russian Federation"
- fr  "article 212, partie 2, du Code pénal de la Fédération de Russie"
- de  "Artikel 212 Teil 2 des Strafgesetzbuchs der Russischen Föderation"
- sv  "artikel 212 del 2 i Ryska federationens strafflag"
- ru  "ч. 2 ст. 212 УК РФ"

:func:`cite` writes one or several charges (grouped by law) as a noun
phrase without a preposition, so a sentence can put its own before it
("under …", "en vertu de l'…", "nach …", "enligt …", "по …"). An article
string that does not follow the notation is printed as given, after the
word for "article".
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["Article", "cite", "parse_article"]

_NOTATION = re.compile(r"^\s*(?:art(?:icle|\.)?\s*)?(\d+(?:\.\d+)*)\s*((?:\(\s*[0-9A-Za-z]+\s*\)\s*)*)$", re.I)
_PAREN = re.compile(r"\(\s*([0-9A-Za-z]+)\s*\)")


@dataclass(frozen=True)
class Article:
    """Article ``number``, optionally its ``part`` and the ``point`` within it; ``raw`` when not parsed."""

    number: str = ""
    part: str = ""
    point: str = ""
    raw: str = ""


def parse_article(text: str) -> Article:
    """"212(2)" → Article("212", "2"); "105(2)(a)" → point "a"; anything else kept as ``raw``."""
    text = str(text or "").strip()
    match = _NOTATION.match(text)
    if not match:
        return Article(raw=text)
    levels = _PAREN.findall(match.group(2) or "")
    if len(levels) > 2:
        return Article(raw=text)
    part = levels[0] if levels else ""
    point = levels[1] if len(levels) > 1 else ""
    if part and not part.isdigit():  # "212(a)": a point directly under the article
        part, point = "", part if not point else point
    return Article(match.group(1), part, point)


# Codes Russian texts cite by their usual abbreviation (Консультант+ / court practice).
_RU_ABBREVIATIONS = {
    "уголовный кодекс российской федерации": "УК РФ",
    "уголовно-процессуальный кодекс российской федерации": "УПК РФ",
    "кодекс российской федерации об административных правонарушениях": "КоАП РФ",
    "гражданский кодекс российской федерации": "ГК РФ",
    "уголовный кодекс республики беларусь": "УК Республики Беларусь",
    "кодекс республики беларусь об административных правонарушениях": "КоАП Республики Беларусь",
}
_RU_PREFIXES = ("уголовного кодекса", "кодекса", "закона", "федерального закона")

# German genitive of the code's head noun ("Strafgesetzbuch" → "des Strafgesetzbuchs").
_DE_GENITIVE = (
    (re.compile(r"^(?:das\s+)?(\w*gesetzbuch)\b", re.I), "des {0}s"),
    (re.compile(r"^(?:der\s+)?(\w*kodex)\b", re.I), "des {0}"),
    (re.compile(r"^(?:das\s+)?(\w*gesetz)\b", re.I), "des {0}es"),
    (re.compile(r"^(?:die\s+)?(\w*ordnung)\b", re.I), "der {0}"),
)


def _de_law(law: str) -> str:
    for pattern, form in _DE_GENITIVE:
        match = pattern.match(law)
        if match:
            return form.format(match.group(1)) + law[match.end():]
    return law if law.lower().startswith(("des ", "der ")) else law  # already a genitive or a name


def _fr_law(law: str) -> str:
    low = law.lower()
    if low.startswith(("du ", "de la ", "de l'", "de l’", "des ")):
        return law
    if low.startswith("le "):
        return "du " + law[3:]
    if low.startswith("la "):
        return "de la " + law[3:]
    if low.startswith(("l'", "l’")):
        return "de " + law
    if low.startswith(("loi", "constitution", "convention")):
        return "de la " + law
    if low[:1] in "aeiouéèh":
        return "de l'" + law
    return "du " + law


def _ru_law(law: str) -> str:
    key = " ".join(law.lower().split())
    if key in _RU_ABBREVIATIONS:
        return _RU_ABBREVIATIONS[key]
    if key.startswith(_RU_PREFIXES) or not key:
        return law
    return law  # a law already given in the genitive ("Закона о …") or an abbreviation


def _one(article: Article, language: str, many: bool = False) -> str:
    """One article without the code, in the language's order."""
    if article.raw:
        return {"ru": f"ст. {article.raw}", "en": article.raw}.get(language, article.raw)
    n, part, point = article.number, article.part, article.point
    if language == "ru":
        words = []
        if point:
            words.append(f"п.\u00a0«{_ru_point(point)}»")
        if part:
            words.append(f"ч.\u00a0{part}")
        words.append(f"ст.\u00a0{n}")
        return " ".join(words)
    if language == "en":
        return n + (f"({part})" if part else "") + (f"({point})" if point else "")
    if language == "fr":
        return n + (f", partie {part}" if part else "") + (f", point {point}" if point else "") + \
            ("," if (part or point) else "")
    if language == "de":
        return n + (f" Teil {part}" if part else "") + (f" Buchstabe {point}" if point else "")
    if language == "sv":
        return n + (f" del {part}" if part else "") + (f" punkt {point}" if point else "")
    return n + (f"({part})" if part else "") + (f"({point})" if point else "")


def _ru_point(point: str) -> str:
    latin_to_cyrillic = dict(zip("abcdefghiklmnoprstuvwz", "абвгдежзиклмнопрстуфхц"))
    return latin_to_cyrillic.get(point.lower(), point) if not point.isdigit() else point


_WORD = {"en": ("Article", "Articles"), "fr": ("article", "articles"), "de": ("Artikel", "Artikel"),
         "sv": ("artikel", "artiklarna"), "ru": ("", "")}
_AND = {"en": " and ", "fr": " et ", "de": " und ", "sv": " och ", "ru": " и "}


def _group(items: list[Article], law: str, language: str) -> str:
    texts = [_one(a, language) for a in items]
    if language == "fr":  # "articles 212, partie 2, et 318, partie 1, du Code pénal"
        bare = [t.rstrip(",") for t in texts]
        joined = ", ".join(texts[:-1]).replace(",,", ",") + " et " + texts[-1] if len(texts) > 1 else texts[0]
        if not law:
            joined = joined.rstrip(",") if len(texts) == 1 else joined
        head = _WORD["fr"][len(items) > 1]
        del bare
        return f"{head}\u00a0{joined}" + (f" {_fr_law(law)}" if law else "").rstrip(",")
    if language == "ru":
        joined = _join(texts, language)
        return joined + (f" {_ru_law(law)}" if law else "")
    if language == "de":  # "Artikel 212 Teil 2 und Artikel 318 Teil 1 des Strafgesetzbuchs …"
        joined = _join([f"Artikel\u00a0{t}" for t in texts], language)
        return joined + (f" {_de_law(law)}" if law else "")
    if language == "sv":  # "artikel 212 del 2 och artikel 318 del 1 i Ryska federationens strafflag"
        joined = _join([f"artikel\u00a0{t}" for t in texts], language)
        return joined + (f" i {law}" if law else "")
    head = _WORD["en"][len(items) > 1]  # "Articles 212(2) and 318(1) of the Criminal Code …"
    the = "" if not law or law.lower().startswith("the ") else "the "
    return f"{head}\u00a0{_join(texts, language)}" + (f" of {the}{law}" if law else "")


def _join(texts: list[str], language: str) -> str:
    if len(texts) <= 1:
        return "".join(texts)
    comma = ", "
    return comma.join(texts[:-1]) + _AND.get(language, " and ") + texts[-1]


def cite(charges: Iterable[Any], language: str) -> str:
    """The charges' articles as one citation in ``language`` (see the module's examples).

    ``charges`` are mappings or objects with ``article`` and ``law`` (the
    law already in ``language``), or plain article strings.
    """
    language = (language or "en").split("_")[0].split("-")[0].lower()
    groups: dict[str, list[Article]] = {}
    for charge in charges:
        if isinstance(charge, str):
            article, law = charge, ""
        elif isinstance(charge, Mapping):
            article, law = charge.get("article", ""), charge.get("law", "")
        else:
            article, law = getattr(charge, "article", ""), getattr(charge, "law", "")
        parsed = parse_article(str(article or ""))
        if not (parsed.number or parsed.raw):
            continue
        items = groups.setdefault(str(law or "").strip(), [])
        if parsed not in items:
            items.append(parsed)
    texts = [_group(items, law, language) for law, items in groups.items()]
    return _join(texts, language)


# -- a sentence (the penalty) inside a sentence -----------------------------------

_SMALL = re.compile(r"(?<![\d.,])(\d{1,2})(?![\d.,:])")
_DE_DATIVE = ((re.compile(r"\bJahre\b"), "Jahren"), (re.compile(r"\bMonate\b"), "Monaten"),
              (re.compile(r"\bTage\b"), "Tagen"), (re.compile(r"\bWochen\b"), "Wochen"))
_RU_UNIT_DATIVE = {"год": ("году", "годам"), "года": ("году", "годам"), "лет": ("году", "годам"),
                   "месяц": ("месяцу", "месяцам"), "месяца": ("месяцу", "месяцам"), "месяцев": ("месяцу", "месяцам"),
                   "день": ("дню", "дням"), "дня": ("дню", "дням"), "дней": ("дню", "дням")}
_RU_TERM = re.compile(r"(\d+)\s+(год|года|лет|месяц|месяца|месяцев|день|дня|дней)\b")


def spell_small_numbers(text: str, language: str, limit: int = 10) -> str:
    """Whole numbers from one to ``limit`` written as words ("4 years" → "four years").

    The EP Interinstitutional Style Guide (en 6.2, fr 6.2, de 6.2) and the
    House's drafting style spell out one to ten in running text; Russian
    legal texts keep figures, so ``ru`` is returned unchanged.
    """
    if language == "ru":
        return text
    from num2words import num2words

    def word(match: re.Match[str]) -> str:
        n = int(match.group(1))
        if not 1 <= n <= limit:
            return match.group(0)
        try:
            return num2words(n, lang=language)
        except NotImplementedError:
            return match.group(0)
    return _SMALL.sub(word, text)


def penalty_after_to(text: str, language: str) -> str:
    """A penalty as it reads after "sentenced … to": numbers in words, and the case the preposition governs.

    de "4 Jahre Straflager" → "vier Jahren Straflager" (zu + dative); ru "4 года лишения свободы" →
    "4 годам лишения свободы" (к + dative); en/fr/sv only spell the small numbers.
    """
    text = str(text or "").strip()
    if language == "de":
        for pattern, dative in _DE_DATIVE:
            text = pattern.sub(dative, text)
    if language == "ru":
        def dative(match: re.Match[str]) -> str:
            n = int(match.group(1))
            one, many = _RU_UNIT_DATIVE[match.group(2)]
            return f"{n}\u00a0{one if n % 10 == 1 and n % 100 != 11 else many}"
        text = _RU_TERM.sub(dative, text)
    return spell_small_numbers(text, language)


# -- a summary as recitals ------------------------------------------------------

_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[«\"“„(]?[A-ZÀ-ÞА-ЯЁ])")
# "г.", "St.", "Mrs.", "ул.", "6." end no sentence.
_ABBREVIATION_END = re.compile(r"(?:\b[A-Za-zА-Яа-яЁё]{1,2}|\b(?:Mrs|Nos|etc|bzw|usw|resp|гг|обл|чел)|\b\d{1,2})\.$")


def clauses(text: str, lower_first: bool = True, names: Collection[str] = ()) -> list[str]:
    """The sentences of ``text`` as clauses to follow "whereas …" / "considérant que …" / "учитывая, что …".

    Each loses its final full stop; with ``lower_first`` its first word is lowercased unless it
    reads as a name (one of ``names``, capitalised inside a sentence elsewhere in the text, or an acronym), so
    "Dozens of participants …" becomes "dozens of participants …" and "Moscow courts …" stays.
    German is not for this: "dass" needs the verb last, which a summary's main clause does not have.
    """
    text = " ".join(str(text or "").split())
    if not text:
        return []
    pieces: list[str] = []
    for piece in _SENTENCE_END.split(text):
        if pieces and _ABBREVIATION_END.search(pieces[-1]):
            pieces[-1] += " " + piece
        else:
            pieces.append(piece)
    inside = set()
    for piece in pieces:
        words = piece.split()
        inside.update(w.strip(",;:()«»\"“”„") for w in words[1:] if w[:1].isupper())
    out = []
    for piece in pieces:
        piece = piece.strip()
        if piece.endswith(".") and not piece.endswith(".."):
            piece = piece[:-1]
        first = piece.split(" ", 1)[0].strip(",;:")
        is_name = first in inside or first in names or any(ch.isupper() for ch in first[1:])
        if lower_first and first[:1].isupper() and not is_name:
            piece = piece[:1].lower() + piece[1:]
        if piece:
            out.append(piece)
    return out
