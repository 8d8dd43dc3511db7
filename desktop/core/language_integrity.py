"""Language integrity: every sentence of a document in the document's language.

A case may give each text in several languages (``{"en": …, "de": …}``);
:func:`desktop.core.fields.localized` falls back to English, then to any
language, when the document's language is missing. For a letter that
fallback is a defect a reader sees at once ("Ich fordere die Behörden …
auf, 1. release Tatsiana …"), so :func:`missing_translations` lists every
such text, per field and language: ``check`` shows them as problems and the
export refuses — unless the draft allows the fallback
(``letter.allow_language_fallback: true``); they are then notes, and the
preview marks the fallback text in italics (:func:`mark_fallbacks`).

Names are not translated: a person's or an official's name and the place
given in one spelling only are never missing (a name *may* carry a spelling
per language, "Sergei" / "Sergej" / "Sergueï", and is then used). Sentences
are: the case's name, summary, note, events, counts, demands, a person's
occupation, charges, court, sentence, place of detention, status and health,
an official's title and organisation.

A text given as a plain string carries no language. It is taken to be in
the document's language unless it is plainly in another: written in another
script (Latin text in a Russian letter, Cyrillic in a German one), or, among
the Latin-script languages, full of another language's small words ("the",
"and", "of" in a German letter). Short texts without such words (a court's
name) are given the benefit of the doubt.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Iterator, TYPE_CHECKING

from desktop.core import document as model
from desktop.core.errors import N_, Problem
from desktop.core.fields import LocalizedText

if TYPE_CHECKING:
    from desktop.core.case import Case

log = logging.getLogger(__name__)

MISSING_IN_LANGUAGE = N_("has no %(language)s text (it is written in %(found)s), so the %(language)s document "
                         "would mix languages; add the %(language)s text, or allow the fallback in the draft "
                         "(letter.allow_language_fallback)")
ANOTHER_LANGUAGE = N_("another language")  # where the language of a text cannot be named
# A Russian name given in Cyrillic and in one Latin spelling reads as English in German, French or Swedish
# ("Sergei Krivov" for Sergej Kriwow, Sergueï Krivov, Sergej Krivov); no maintained library follows these
# national transliterations, so the volunteer is told rather than the name guessed.
NAME_SPELLING = N_("is spelt as in English in the %(language)s document (“%(name)s”); if you know its "
                   "%(language)s spelling (German Sergej Kriwow, French Sergueï Krivov), add it to the name")
# A recipient's or signer's name given per language, but not in the document's: an embassy's English name
# is acceptable on a French letter, so this is a note, never a refusal.
NAME_IN_OTHER_LANGUAGE = N_("has no %(language)s name, so the %(language)s document prints the %(found)s one "
                            "(“%(name)s”); that is acceptable, but if you know the %(language)s name, add it")
PLACE_NOT_IN_LANGUAGE = N_("“%(place)s” has no known %(language)s name, so %(language)s press releases leave "
                           "the place out of their dateline; write it in the press release's city setting if "
                           "one needs it")
FALLBACK_USED = N_("has no %(language)s text; the %(found)s text is used, marked in the preview")

CYRILLIC_LANGUAGES = frozenset({"ru", "uk", "be", "bg", "sr", "mk"})
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_WORD = re.compile(r"[^\W\d_]+")

# Short function words that occur in almost every sentence of each language, and rarely in the others.
_STOPWORDS: dict[str, frozenset[str]] = {
    "en": frozenset("the and of to in for with on by was were is are be been has have from that this which "
                    "who their his her its at as an".split()),
    "sv": frozenset("och att det som för med den på av är till inte har var ett de om hade efter mot "
                    "sin sitt sina vid".split()),
    "fr": frozenset("le la les et des du de un une pour dans sur par qui que est sont été avec au aux "
                    "ses leur contre".split()),
    "de": frozenset("der die das und den dem des ein eine für mit von zu im auf ist sind wurde wurden "
                    "nicht gegen sich auch bei".split()),
}


@dataclass(frozen=True)
class Missing:
    """A text the document's language lacks: where, and the language that would be printed instead."""

    where: str
    language: str
    found: str  # the language printed instead, or "" when a plain text looks foreign
    text: str  # the fallback text itself (for marking it in the preview; never logged)


def case_texts(case: "Case") -> Iterator[tuple[str, LocalizedText]]:
    """Every sentence-like text of ``case`` with its field path; names are left out."""
    yield "case.name", case.name
    yield "case.summary", case.summary
    yield "case.note", case.note
    for i, event in enumerate(case.events):
        yield f"case.events[{i}].description", event.description
    for i, count in enumerate(case.counts):
        yield f"case.counts[{i}].what", count.what
    for i, demand in enumerate(case.demands):
        yield f"case.demands[{i}]", demand
    for i, person in enumerate(case.people):
        base = f"case.people[{i}]"
        for name in ("occupation", "court", "sentence", "detention_place", "status", "health"):
            yield f"{base}.{name}", getattr(person, name)
        for j, charge in enumerate(person.charges):
            yield f"{base}.charges[{j}].description", charge.description
            yield f"{base}.charges[{j}].law", charge.law
    for i, official in enumerate(case.officials):
        yield f"case.officials[{i}].title", official.title
        yield f"case.officials[{i}].organisation", official.organisation


def guess_language(text: str, candidates: tuple[str, ...] = tuple(_STOPWORDS)) -> str:
    """The Latin-script language whose small words ``text`` is plainly written in, else ""."""
    words = [w.lower() for w in _WORD.findall(text)]
    if not words:
        return ""
    hits = {lang: sum(w in _STOPWORDS[lang] for w in words) for lang in candidates if lang in _STOPWORDS}
    ranked = sorted(hits.items(), key=lambda kv: kv[1], reverse=True)
    if not ranked or ranked[0][1] < 2:
        return ""
    best, score = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0
    return best if score >= 2 * runner_up + 1 else ""


def _plain_text_language(text: str, language: str) -> str:
    """The language a plain (one-language) text is in, when it is plainly not ``language``; else ""."""
    cyrillic, latin = bool(_CYRILLIC.search(text)), bool(_LATIN.search(text))
    if language in CYRILLIC_LANGUAGES:
        if latin and not cyrillic:
            return guess_language(text) or "Latin"
        return ""
    if cyrillic and not latin:
        return "ru"
    if language not in _STOPWORDS:
        return ""
    guess = guess_language(text)
    return guess if guess and guess != language else ""


def _fallback_of(value: dict[str, str], language: str, fallback: str = "en") -> tuple[str, str]:
    for key in (fallback, *value):
        if value.get(key, "").strip():
            return key, value[key]
    return "", ""


def missing_translations(case: "Case", language: str) -> list[Missing]:
    """The texts of ``case`` that a ``language`` document would print in another language."""
    out: list[Missing] = []
    base = language.split("_")[0]
    for where, value in case_texts(case):
        if isinstance(value, dict):
            if not any(str(v).strip() for v in value.values()):
                continue
            if str(value.get(language) or value.get(base) or "").strip():
                continue
            found, text = _fallback_of(value, language)
            out.append(Missing(where, language, found, text))
        elif isinstance(value, str) and value.strip():
            found = _plain_text_language(value, base)
            if found:
                out.append(Missing(where, language, found, value))
    return out


class LanguageName(str):
    """A language's name in a message: English as text, in the interface language when the message is rendered."""

    def __new__(cls, code: str):
        made = super().__new__(cls, _name_in(code, "en"))
        made.code = code
        return made

    def __reduce__(self):  # plans travel to export workers
        return (LanguageName, (self.code,))

    def render(self, tr=None) -> str:
        if not self.code:
            return tr.gettext(ANOTHER_LANGUAGE) if tr is not None else ANOTHER_LANGUAGE
        return _name_in(self.code, getattr(tr, "language", None) or "en")


def _name_in(code: str, language: str) -> str:
    from desktop.core import localize

    if not code:
        return ANOTHER_LANGUAGE
    if code == "Latin":
        return code
    try:
        return localize.language_name(code, language)
    except Exception:  # noqa: BLE001 - a name is only for the message; the code says the same
        return code


def problems_for(case: "Case", languages: list[str], allow_fallback: bool) -> tuple[list[Problem], list[Problem]]:
    """``(problems, notes)`` for the documents' ``languages``: missing texts are problems unless allowed."""
    problems: list[Problem] = []
    notes: list[Problem] = []
    for language in dict.fromkeys(languages):
        found = missing_translations(case, language)
        for item in found:
            params = {"language": LanguageName(item.language), "found": LanguageName(item.found or "")}
            if allow_fallback:
                notes.append(Problem(item.where, FALLBACK_USED, params))
            else:
                problems.append(Problem(item.where, MISSING_IN_LANGUAGE, params))
        if found:
            log.info("language integrity: %d texts missing in %s (fallback %s)", len(found), language,
                     "allowed" if allow_fallback else "refused")
    return problems, notes


# -- marking the fallback in the preview ---------------------------------------------------

def mark_fallbacks(document: model.Document, case: "Case") -> model.Document:
    """``document`` with every fallback text of ``case`` in italics, so the preview shows what is not translated."""
    from desktop.core.typography import typeset_text

    texts: set[str] = set()
    for item in missing_translations(case, document.language):
        for text in (item.text.strip(), typeset_text(item.text.strip(), document.language)):
            if len(text) >= 3:
                texts.add(text)
    if not texts:
        return document
    pattern = re.compile("|".join(re.escape(t) for t in sorted(texts, key=len, reverse=True)))

    def split(runs: list[model.Run]) -> list[model.Run]:
        out: list[model.Run] = []
        for run in runs:
            position = 0
            for match in pattern.finditer(run.text):
                if match.start() > position:
                    out.append(model.Run(run.text[position:match.start()], run.bold, run.italic))
                out.append(model.Run(match.group(0), run.bold, True))
                position = match.end()
            if position < len(run.text):
                out.append(model.Run(run.text[position:], run.bold, run.italic))
        return out

    def list_block(block: model.ListBlock) -> None:
        for item in block.items:
            item.runs = split(item.runs)
            if item.children is not None:
                list_block(item.children)

    for block in document.blocks:
        if isinstance(block, model.Paragraph):
            block.runs = split(block.runs)
        elif isinstance(block, model.ListBlock):
            list_block(block)
    return document


# Letters of an English transliteration that the language writes otherwise ("Sergei" → sv "Sergej",
# de "Krivov" → "Kriwow", fr "Lutskevich" → "Loutskevitch"): a name holding none ("Stepan Zimin" in Swedish)
# is spelt alike, so the same spelling given for both is not a copy left by mistake.
_TRANSLITERATED = {
    "sv": ("y", "ch", "sh", "zh", "kh", "ei", "ii"),
    "de": ("z", "v", "y", "ch", "sh", "zh", "ts", "ei"),
    "fr": ("u", "y", "ch", "sh", "zh", "ei"),
}


def _spelt_differently(english: str, language: str) -> bool:
    lower = english.lower()
    return any(letters in lower for letters in _TRANSLITERATED.get(language, ()))


def name_spelling_notes(case: "Case", languages: list[str]) -> list[Problem]:
    """Notes for Russian names that a German, French or Swedish document would print in the English spelling."""
    notes: list[Problem] = []
    for language in dict.fromkeys(languages):
        if language not in ("de", "fr", "sv"):
            continue
        for i, person in enumerate(case.people):
            name = person.name
            if not isinstance(name, dict) or not _CYRILLIC.search(name.get("ru", "")):
                continue
            own, english = (name.get(language) or "").strip(), (name.get("en") or "").strip()
            if english and (not own or (own == english and _spelt_differently(english, language))):
                notes.append(Problem(f"case.people[{i}].name", NAME_SPELLING,
                                     {"language": LanguageName(language), "name": own or english}))
    return notes


def _chosen_language(value: dict[str, str], language: str) -> str:
    """The key :func:`desktop.core.fields.localized` takes its text from."""
    for key in (language, language.split("_")[0], "en", ""):
        if value.get(key, "").strip():
            return key
    return next((key for key, text in value.items() if text.strip()), "")


def name_language_notes(draft, documents) -> list[Problem]:
    """Notes for names of recipients and signers given per language, but not in a document's language.

    ``documents`` are the plan's :class:`~desktop.core.planned.PlannedDocument` entries; a plain name
    (one text, no language stated) is never noted: it is what the user's directory holds.
    """
    from desktop.core.recipients import NAME_FIELDS
    from desktop.core.signers import SIGNER_NAME_FIELDS

    notes: list[Problem] = []

    def check(where: str, value: object, language: str) -> None:
        if not isinstance(value, dict) or not any(str(v).strip() for v in value.values()):
            return
        if str(value.get(language) or value.get(language.split("_")[0]) or "").strip():
            return
        found = _chosen_language(value, language)
        notes.append(Problem(where, NAME_IN_OTHER_LANGUAGE,
                             {"language": LanguageName(language), "found": LanguageName(found),
                              "name": value.get(found, "")}))

    languages: list[str] = []
    for doc in documents:
        languages.append(doc.language)
        for person in {id(r): r for r in (doc.recipient, *doc.addressees)}.values():
            index = next((i for i, r in enumerate(draft.recipients) if r is person), None)
            if index is None:
                continue
            for name in NAME_FIELDS:
                check(f"recipients[{index}].{name}", getattr(person, name), doc.language)
    for language in dict.fromkeys(languages):
        for index, signer in enumerate(draft.signers):
            for name in SIGNER_NAME_FIELDS:
                check(f"signers[{index}].{name}", getattr(signer, name), language)
    return notes
def place_notes(place: str, languages: list[str]) -> list[Problem]:
    """A note for each document language whose date line cannot name the letter's place in its script."""
    from desktop.core.localize import place_name

    place = (place or "").strip()
    if not place:
        return []
    return [Problem("letter.place", PLACE_NOT_IN_LANGUAGE, {"place": place, "language": LanguageName(language)})
            for language in dict.fromkeys(languages) if not place_name(place, language)]
