"""What the resolution importer looks for: labels, set phrases and frame lines, per language.

The first half of this module is data: the tables of phrases that open a
citation, a recital, the EP's opening and closing formulas, the title lines
of each style, the US "Resolved, That" in every document language, and the
patterns of labels ("A.", "12.", "(b)", "–"), page numbers, dates, motion
numbers, bylines and sponsor lines. A new wording the importer should know
is added to these tables.

The second half turns the tables, together with the styles' own set phrases
(``templates/_resolution_styles.toml`` through
:func:`desktop.core.layouts.resolution.style_phrases`), into the compiled
patterns of one language (:class:`Phrases`, cached by :func:`phrases_for`).
"""

from __future__ import annotations

import re
from typing import Any

from desktop.core.localize import DOCUMENT_LANGUAGES

LABEL = re.compile(
    r"""^(?:
        (?P<dash>[–—\-•·*])(?:\s+|$)
      | (?P<upper>[A-ZА-ЯЁ]{1,3})\.(?:\s+|$)
      | (?P<num>\d{1,3})[.)](?:\s+|$)
      | \((?P<pnum>\d{1,3})\)(?:\s*|$)
      | \((?P<pup>[A-Z]{1,2})\)(?:\s*|$)
      | \((?P<plow>[a-z]{1,2}|[ivx]{1,5})\)(?:\s*|$)
      | (?P<low>[a-zа-яё]{1,2})\)(?:\s+|$)
    )""", re.VERBOSE)
MONTHS_DE = {"januar", "jänner", "februar", "märz", "april", "mai", "juni", "juli", "august", "september",
              "oktober", "november", "dezember"}

# Phrases that open a citation or a recital, per language (matched case-insensitively at the start).
CITATION = {
    "en": ["having regard to"],
    "fr": ["vu"],
    "de": ["unter Hinweis auf", "gestützt auf"],
    "sv": ["med beaktande av"],
    "ru": ["принимая во внимание"],
}
RECITAL = {
    "en": ["whereas", "considering that"],
    "fr": ["considérant que", "considérant qu'", "considérant qu’"],
    "de": ["in der Erwägung, dass", "in der Erwägung dass"],
    "sv": ["med hänsyn till att", "eftersom"],
    "ru": ["учитывая, что", "учитывая что"],
}
OPENING = {
    "en": ["The European Parliament"],
    "fr": ["Le Parlement européen"],
    "de": ["Das Europäische Parlament"],
    "sv": ["Europaparlamentet"],
    "ru": ["Европейский парламент"],
}
CLOSING = {
    "en": ["Instructs its President"],
    "fr": ["charge son Président", "charge sa Présidente"],
    "de": ["beauftragt seinen Präsidenten", "beauftragt seine Präsidentin"],
    "sv": ["Europaparlamentet uppdrar åt talmannen", "uppdrar åt talmannen", "uppdrar åt sin talman"],
    "ru": ["поручает своему Председателю"],
}
# "European Parliament resolution of <date> on <subject>" and its forms in other languages.
EP_TITLE = {
    "en": [r"(?:European Parliament resolution|MOTION FOR A RESOLUTION)(?: of .+?)?\s+on\s+(?P<subject>.+)"],
    "fr": [r"(?:Résolution du Parlement européen|PROPOSITION DE RÉSOLUTION)(?: du .+?)?\s+sur\s+(?P<subject>.+)"],
    "de": [(r"(?:Entschließung des Europäischen Parlaments|ENTSCHLIESSUNGSANTRAG)(?: vom .+?)?\s+zu[rm]?\s+"
            r"(?P<subject>.+)")],
    "sv": [r"(?:Europaparlamentets resolution|FÖRSLAG TILL RESOLUTION)(?: av den .+?\d{4})?\s+om\s+(?P<subject>.+)"],
    "ru": [r"(?:Резолюция Европейского парламента|ПРОЕКТ РЕЗОЛЮЦИИ)(?: от .+?)?\s+о(?:б)?\s+(?P<subject>.+)"],
}
RIKSDAG_OLDER = r"Riksdagen tillkännager för regeringen som sin mening vad som anförs i motionen om (?P<text>.+?)\.?"
EP_SV_OPERATIVE = "Europaparlamentet"
US_RESOLVED = {
    "en": r"Resolved,?\s+That\s+(?P<rest>.*)",
    "sv": r"[Bb]eslutas,?\s+att\s+(?P<rest>.*)",
    "fr": r"[Rr]ésolu,?\s+que\s+(?P<rest>.*)",
    "de": r"[Bb]eschlossen:?\s+(?P<rest>.*)",
    "ru": r"[Пп]остановляется,?\s+что\s+(?P<rest>.*)",
}
US_LINES = [r"\d+\s*(?:st|nd|rd|th|d)?\s+CONGRESS", r"\d+\s*(?:st|nd|rd|th|d)?\s+Session", r"[HS]\.\s*RES\.\s*\S*",
             r"IN THE HOUSE OF REPRESENTATIVES", r"IN THE SENATE OF THE UNITED STATES", r"RESOLUTION",
             r".*\bsubmitted the following resolution\b.*"]
GENERIC_HEADINGS = ["Resolution", "Résolution", "Entschließung", "Резолюция", "Motion"]
PAGE = re.compile(r"^(?:(?:page|sida|seite|страница|стр\.)\s*\d+(?:\s*(?:of|av|sur|von|из|/)\s*\d+)?|\d+\s*/\s*\d+|"
                   r"-\s*\d+\s*-|\d{1,3})$", re.IGNORECASE)
DATE = re.compile(r"^(?:[^\d;:]{1,40}?,?\s+(?:den\s+|le\s+)?)?(?:\d{1,2}\.?\s+\w+\.?\s+\d{4}|\w+\s+\d{1,2},\s+\d{4}|"
                   r"\d{4}-\d{2}-\d{2})(?:\s*г\.)?$")
NUMBER_LINE = re.compile(r"^(?P<session>\d{4}/\d{2}):(?P<number>[\w…]+)$")
BYLINE = re.compile(r"^(?P<by>av|by|par|von|Автор:|Авторы:)\s+(?P<names>.+?)"
                     r"(?P<others>\s+(?:m\.\s?fl\.|et al\.|u\.\s?a\.|и др\.))?\s*(?:\((?P<party>[^()]+)\))?$")
_NAME_WORD = r"(?:[A-ZÅÄÖÀ-ÞА-ЯЁ][\w'’.\-]*|von|van|der|den|de|af|la|le|du|di|da)"
NAME = re.compile(rf"^{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,4}}$")
SPONSOR = re.compile(r"^(?P<name>[^\W\d_][^\d()\[\]:;,]{1,60}?)\s*\((?P<party>[^()\d]{1,40})\)$")
STOPWORDS = {
    "en": {"the", "and", "of", "to", "in", "that", "is", "for", "its", "on", "with", "was", "by"},
    "sv": {"och", "att", "det", "som", "för", "av", "med", "är", "till", "om", "på", "har", "inte", "de"},
    "fr": {"le", "la", "les", "et", "des", "du", "que", "dans", "est", "un", "une", "pour", "sur", "au", "qui"},
    "de": {"der", "die", "das", "und", "zu", "dass", "mit", "von", "ist", "nicht", "auf", "im", "ein", "eine"},
    "ru": {"и", "в", "не", "на", "что", "с", "по", "о", "к", "из", "за", "от", "для", "его"},
}
END = ".;:,!?—–"
OPEN_QUOTES = "\"'“‘«„("


def _phrase_re(phrases: list[str]) -> re.Pattern[str]:
    alternatives = sorted(phrases, key=len, reverse=True)
    return re.compile(r"^(?P<phrase>" + "|".join(_flexible(p) for p in alternatives) + r")(?:(?<=['’])|\b)\s*",
                      re.IGNORECASE)


def _flexible(phrase: str) -> str:
    """A phrase as a pattern that allows any spacing (a no-break space, a line join) between its words."""
    return r"\s+".join(re.escape(word) for word in phrase.split())


def _style_words(style: str, language: str) -> dict[str, Any]:
    from desktop.core.layouts.resolution import style_phrases

    return style_phrases(style, language)


def template_re(template: str, name: str) -> re.Pattern[str]:
    """A style phrase with ``{name}`` as a group: the Riksdag formula, the EP final formula."""
    before, _, after = template.partition("{" + name + "}")
    after = after.rstrip(".")
    return re.compile("^" + _flexible(before) + (r"\s*" if before.endswith(" ") else "") + f"(?P<{name}>.+?)"
                      + (r"\s*" if after.startswith(" ") else "") + _flexible(after) + r"\s*\.?$", re.IGNORECASE | re.DOTALL)


class Phrases:
    """Everything the importer matches in one language."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.citation = _phrase_re(CITATION[language])
        self.recital = _phrase_re(RECITAL[language])
        self.closing = _phrase_re(CLOSING[language])
        self.opening = re.compile("^(?:" + "|".join(_flexible(p) for p in OPENING[language]) + r")\s*,?$", re.IGNORECASE)
        self.ep_title = [re.compile("^" + p + "$", re.IGNORECASE | re.DOTALL) for p in EP_TITLE[language]]
        riksdag = _style_words("riksdag", language)
        self.proposal = [template_re(str(riksdag["proposal"]), "text")]
        if language == "sv":
            self.proposal.append(re.compile("^" + RIKSDAG_OLDER + "$", re.IGNORECASE | re.DOTALL))
        self.riksdag_header = re.compile("^" + _flexible(str(riksdag["header"])) + "$", re.IGNORECASE)
        self.proposals_heading = re.compile("^" + _flexible(str(riksdag["proposals_heading"])) + r"\s*:?$", re.IGNORECASE)
        self.motivation_heading = re.compile("^" + _flexible(str(riksdag["motivation_heading"])) + r"\s*:?$", re.IGNORECASE)
        self.riksdag_subject = re.compile(r"^(?:Riksdagen|The Riksdag|Le Riksdag|Der Reichstag|Риксдаг)\s+(?P<rest>.+)$")
        self.resolved = re.compile("^" + US_RESOLVED[language] + "$", re.DOTALL)
        us = _style_words("us", language)
        self.us_ends = [str(us.get("therefore", "")), str(us.get("and_end", "")),
                        str(_style_words("us", "en")["therefore"]), str(_style_words("us", "en")["and_end"])]
        self.us_lines = [re.compile("^" + p + "$", re.IGNORECASE) for p in US_LINES]
        self.us_lines += [re.compile("^" + _flexible(str(us[k])) + "$", re.IGNORECASE) for k in ("chamber", "resolution")]
        self.generic_heading = re.compile("^(?:" + "|".join(GENERIC_HEADINGS) + ")$", re.IGNORECASE)
        self.ep = _style_words("ep", language)
        self.us = us
        self.generic = _style_words("generic", language)


_PHRASES: dict[str, Phrases] = {}


def phrases_for(language: str) -> Phrases:
    if language not in _PHRASES:
        _PHRASES[language] = Phrases(language)
    return _PHRASES[language]


def _series_end() -> re.Pattern[str]:
    """The ends of a US recital that are not punctuation: "; and", ": Now, therefore, be it"."""
    ends = {str(_style_words("us", lang).get(key, "")).strip() for lang in DOCUMENT_LANGUAGES
            for key in ("and_end", "therefore")}
    return re.compile("(?:" + "|".join(_flexible(e) for e in sorted(ends, key=len, reverse=True) if e) + ")$", re.IGNORECASE)


SERIES_END = _series_end()


def _all_phrases() -> re.Pattern[str]:
    words = [p for table in (CITATION, RECITAL, CLOSING) for phrases in table.values() for p in phrases]
    words += ["Whereas", "Resolved", "Riksdagen", "The Riksdag"]
    return _phrase_re([w for w in words if w.lower() != "eftersom"])


ANY_PHRASE = _all_phrases()


def match_byline(text: str) -> tuple[list[str], str, str] | None:
    """The names, party and wording of a motion's byline ("av Anna Berg m.fl. (V)"), or None."""
    match = BYLINE.match(text)
    if not match or len(text) > 160:
        return None
    names = re.split(r",\s*|\s+(?:och|and|et|und|и)\s+", match.group("names").strip())
    party = (match.group("party") or "").strip()
    party = re.sub(r"^(?:båda|alla|both|all|tous|beide|alle)\s+", "", party, flags=re.IGNORECASE)
    names = [n.strip() for n in names if n.strip()]
    if not names or not all(NAME.match(n) for n in names):
        return None
    phrase = match.group("by") + (" … " + match.group("others").strip() if match.group("others") else "")
    return names, party, phrase
