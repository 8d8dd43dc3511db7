"""Typography per language, applied once to the document model so every writer prints the same.

:func:`typeset` walks a finished :class:`~desktop.core.document.Document` and
puts in the characters a careful typesetter would: non-breaking spaces where
a line must not break (a day and its month, a number and what it counts,
"ст. 318", "Art. 212", a postcode "111 22", French spaces before ; : ? ! and
inside « », a space before a Russian dash) and soft hyphens in the narrow
cells of tables, so "Kontaktaufnahme" breaks as "Kontakt-aufnahme" with a
hyphen. The PDF writer (reportlab) and Word both honour U+00A0, U+202F and
U+00AD, so the DOCX and the PDF break alike. The rules and their sources are
in ``docs/style/letters.md``.
"""

from __future__ import annotations

import functools
import logging
import re
from dataclasses import replace

from babel import Locale
from babel.core import UnknownLocaleError

from desktop.core import document as model

log = logging.getLogger(__name__)

NBSP = "\u00a0"
NNBSP = "\u202f"  # narrow no-break space: French ; ! ? and thousands
SHY = "\u00ad"

# Abbreviations that stand before a number and must stay on its line (GOST R 7.0.97-2016
# for Russian, Duden for German, the EP style guide for English and French).
_ABBREVIATIONS = (
    "ст", "ч", "п", "пп", "гл", "стр", "№", "§", "Art", "art", "Abs", "Nr", "No", "no", "nr", "S", "p", "pp",
    "kap", "Kap", "st", "al", "para", "Ziff", "chap", "vol", "Bd",
)
_ABBREVIATION_BEFORE_NUMBER = re.compile(
    r"(?<![\w.])(" + "|".join(re.escape(a) for a in _ABBREVIATIONS) + r")(\.?) (?=\d)"
)
# Words (not abbreviated) that introduce a number: "Article 212", "Artikel 212", "статья 212".
_WORD_BEFORE_NUMBER = re.compile(
    r"(?i)\b(article|articles|artikel|artikeln|paragraph|part|partie|teil|del|section|statja|статья|статьи|статье|"
    r"части|часть|пункт|page|seite|sida|страница|kapitel|chapter|chapitre|glava|sheet|blad|feuille|blatt|лист)"
    r" (?=\d)"
)
# A number and the word it counts or dates: "6 May", "4 years", "37 personer", "24. Februar" (not
# "2012. Dann"). A year (1800–2099) is tied only to its abbreviation ("2012 г."): "on 6 May 2012
# impartially" may break after the year.
_NUMBER_BEFORE_WORD = re.compile(
    r"(?<![\w.,])(?:(\d{1,3}|\d{1,2}\.|1er|1re|(?!1[89]\d\d|20\d\d)\d{4}) (?=[^\W\d_])"
    r"|(\d{4}) (?=[^\W\d_]{1,3}\.))"
)
# A Swedish or Czech-style postcode "111 22" and digit groups "10 000" not yet joined by Babel.
_DIGIT_GROUPS = re.compile(r"(?<![\w.,])(\d{1,3}) (?=\d{2,3}\b)")
# "г. Москвы", "г. Москва": the city abbreviation stays with the name.
_RU_CITY = re.compile(r"(?<![\w.])(г|пос|с|д|ул|пр|пл)\. (?=[А-ЯЁ])")
# Initials stay with the surname: "Д. А. Медведев", "A. Naumova".
_INITIALS = re.compile(r"(?<![\w.])([A-ZА-ЯЁ]\.) (?=[A-ZА-ЯЁ])")
# A spaced dash never starts a line: the space before it does not break.
_SPACED_DASH = re.compile(r" ([—–])(?= )")
# French: a no-break space before the high punctuation and inside guillemets
# (Imprimerie nationale, Lexique des règles typographiques).
_FR_HIGH = re.compile(r"[ \u00a0\u202f]*([;!?])(?=\s|$|[»)\]])")
_FR_COLON = re.compile(r"(?<=\S)[ \u00a0\u202f]*:(?=\s|$)")
_FR_OPEN = re.compile(r"«[ \u00a0\u202f]*")
_FR_CLOSE = re.compile(r"[ \u00a0\u202f]*»")
_URL = re.compile(r"\b(?:https?://|www\.)\S+")
# French elision and apostrophes take the typographic apostrophe (Imprimerie nationale, Lexique, "apostrophe";
# the Official Journal's French texts: "l’Union"), also where the case's data was typed with "'".
_FR_APOSTROPHE = re.compile(r"(?<=[^\W\d_])'(?=[^\W\d_])")
# Inside a quoted title the text's own punctuation is kept; only a space it already has before ; : ! ? » stops
# breaking there.
_SPACE_BEFORE_HIGH = re.compile(r" (?=[;:!?»])")

# Table cells: words this long get soft hyphens (pyphen's dictionaries, from LibreOffice).
_LONG_WORD = re.compile(r"[^\W\d_]{9,}")
_PYPHEN_LANG = {"en": "en_GB", "sv": "sv_SE", "fr": "fr_FR", "de": "de_DE", "ru": "ru_RU"}


@functools.lru_cache(maxsize=16)
def _months(language: str) -> re.Pattern[str] | None:
    """Month names of ``language`` (wide and abbreviated, every context), for "May 6" in US dates."""
    try:
        locale = Locale.parse(language)
    except (UnknownLocaleError, ValueError):
        return None
    names: set[str] = set()
    for context in ("format", "stand-alone"):
        for width in ("wide", "abbreviated"):
            names.update(str(n).rstrip(".") for n in locale.months[context][width].values())
    names = {n for n in names if n}
    if not names:
        return None
    pattern = "|".join(sorted((re.escape(n) for n in names), key=len, reverse=True))
    return re.compile(rf"(?i)\b({pattern})(\.?) (?=\d)")


@functools.lru_cache(maxsize=8192)  # a batch sets the same paragraphs in every letter of a language
def typeset_text(text: str, language: str) -> str:
    """``text`` with the no-break spaces ``language`` wants; URLs are left alone."""
    if not text or not text.strip():
        return text
    lang = (language or "en").split("_")[0].split("-")[0].lower()
    urls: list[str] = []

    def keep_url(match: re.Match[str]) -> str:
        urls.append(match.group(0))
        return f"\x00{len(urls) - 1}\x00"

    text = _URL.sub(keep_url, text)
    text = _ABBREVIATION_BEFORE_NUMBER.sub(lambda m: f"{m.group(1)}{m.group(2)}{NBSP}", text)
    text = _WORD_BEFORE_NUMBER.sub(lambda m: f"{m.group(1)}{NBSP}", text)
    months = _months(lang)
    if months is not None:
        text = months.sub(lambda m: f"{m.group(1)}{m.group(2)}{NBSP}", text)
    text = _DIGIT_GROUPS.sub(lambda m: f"{m.group(1)}{NBSP}", text)
    text = _NUMBER_BEFORE_WORD.sub(lambda m: f"{m.group(1) or m.group(2)}{NBSP}", text)
    text = _INITIALS.sub(lambda m: f"{m.group(1)}{NBSP}", text)
    text = _SPACED_DASH.sub(lambda m: f"{NBSP}{m.group(1)}", text)
    if lang == "ru":
        text = _RU_CITY.sub(lambda m: f"{m.group(1)}.{NBSP}", text)
    if lang == "fr":
        text = _FR_HIGH.sub(lambda m: f"{NNBSP}{m.group(1)}", text)
        text = _FR_COLON.sub(f"{NBSP}:", text)
        text = _FR_OPEN.sub(f"«{NBSP}", text)
        text = _FR_CLOSE.sub(f"{NBSP}»", text)
    if urls:
        text = re.sub(r"\x00(\d+)\x00", lambda m: urls[int(m.group(1))], text)
    return text


def apostrophes(text: str, language: str) -> str:
    """French ``text`` with the typographic apostrophe in its elisions ("l'affaire" → "l’affaire"), as the
    templates of resolutions and leaflets write it, also where the case's data was typed with "'"."""
    if (language or "").split("_")[0].split("-")[0].lower() != "fr" or "'" not in text:
        return text
    return _FR_APOSTROPHE.sub("\u2019", text)


def typeset_quoting(text: str, language: str, quotations: tuple[str, ...] = (), typographic_apostrophe: bool = False
                    ) -> str:
    """:func:`typeset_text`, but the ``quotations`` in ``text`` (titles of sources in another language, cited
    as published) keep their own punctuation: French spaces are not put into "Bolotnaya case: all 7".
    With ``typographic_apostrophe`` French elisions outside the quotations take "’" (:func:`apostrophes`)."""
    def own(piece: str) -> str:
        piece = typeset_text(piece, language)
        return apostrophes(piece, language) if typographic_apostrophe else piece

    quotations = tuple(sorted({q for q in quotations if q and q in text}, key=len, reverse=True))
    if not quotations or not text:
        return own(text)
    pattern = re.compile("|".join(re.escape(q) for q in quotations))
    out, last = [], 0
    for match in pattern.finditer(text):
        out.append(own(text[last:match.start()]))
        out.append(_SPACE_BEFORE_HIGH.sub(NBSP, match.group(0)))
        last = match.end()
    out.append(own(text[last:]))
    return "".join(out)


@functools.lru_cache(maxsize=8)
def _hyphenator(language: str):
    try:
        import pyphen
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    code = _PYPHEN_LANG.get(language, language)
    return pyphen.Pyphen(lang=code) if code in pyphen.LANGUAGES else None


def hyphenate(text: str, language: str) -> str:
    """``text`` with soft hyphens in its long words, where ``language``'s dictionary allows a break."""
    dictionary = _hyphenator((language or "en").split("_")[0].lower())
    if dictionary is None:
        return text
    return _LONG_WORD.sub(lambda m: dictionary.inserted(m.group(0), hyphen=SHY), text)


def typeset(document: model.Document, quotations: tuple[str, ...] = (), typographic_apostrophe: bool = False
            ) -> model.Document:
    """Apply the language's typography to every text of ``document``; returns it.

    ``quotations`` are texts that keep their own punctuation, and ``typographic_apostrophe`` puts "’" in
    French elisions (see :func:`typeset_quoting`): the resolutions and leaflets ask for both.

    The document's blocks are replaced by typeset copies, never changed in
    place: a batch shares the blocks of a template's text between the letters
    that have the same text (see ``compose._parsed_body``).
    """
    language = document.language

    def runs(items: list[model.Run]) -> list[model.Run]:
        return [model.Run(typeset_quoting(r.text, language, quotations, typographic_apostrophe), r.bold, r.italic)
                for r in items]

    def list_block(block: model.ListBlock) -> model.ListBlock:
        items = [replace(item, runs=runs(item.runs),
                         children=list_block(item.children) if item.children is not None else None)
                 for item in block.items]
        return replace(block, items=items)

    def typeset_block(block):
        if isinstance(block, model.Paragraph):
            return replace(block, runs=runs(block.runs))
        if isinstance(block, model.Heading):
            return replace(block, text=typeset_quoting(block.text, language, quotations, typographic_apostrophe))
        if isinstance(block, model.ListBlock):
            return list_block(block)
        if isinstance(block, model.AddressBlock):
            return replace(block, lines=[typeset_text(line, language) for line in block.lines])
        if isinstance(block, model.Table):
            return replace(block,
                           header=[hyphenate(typeset_text(cell, language), language) for cell in block.header],
                           rows=[[hyphenate(typeset_text(cell, language), language) for cell in row]
                                 for row in block.rows])
        return block

    document.blocks = [typeset_block(block) for block in document.blocks]
    furniture = document.furniture
    if furniture is not None and furniture.letterhead:  # the sender's postcode: "111 22 Stockholm"
        furniture.letterhead = [typeset_text(line, language) for line in furniture.letterhead]
    if furniture is not None and furniture.note:
        furniture.note = typeset_text(furniture.note, language)
    return document
