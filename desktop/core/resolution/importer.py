"""Reading an existing resolution or motion back into a :class:`Resolution`.

An aide often starts from a text that already exists: last year's
resolution, a colleague's motion, a PDF copied into a text file. The
importer reads such a text line by line and says, for each part, what it
took it for (:class:`Recognised`): a citation ("– having regard to …"), a
recital ("A. whereas …", "Whereas …;"), an operative paragraph ("1. Calls
on …", "(1) condemns …") with its sub-points ("(a)", "a)", "(A)"), a Riksdag
proposal ("1. Riksdagen ställer sig bakom det som anförs i motionen om …"),
the title, the opening and closing formulas, the sponsors. The user checks
that list (the window's review dialog, or ``petition-desk resolution
import`` which prints it), corrects a kind where the guess was wrong, and
:func:`build` turns the corrected list into the resolution.

What is kept of each part is its own wording: the label ("A.", "12.",
"(b)", "–") and the style's set phrase ("having regard to", "whereas",
"Resolved, That", the Riksdag's formula) are taken off, together with the
punctuation the style puts at the end of a clause, because the style
writes them again when the resolution is printed — in any style.

Text copied from a PDF breaks paragraphs into lines. A line that does not
start a new part (no label, no set phrase, no heading, and not the start of
a sentence after one that ended) is joined to the part before it; a label
standing alone on its line (as ``pdftotext`` writes list labels) is joined
to the text that follows it.

Items of kind ``"text"`` are what the importer could not place: page
footers, notes, stray lines. They are shown to the user and left out of
the resolution; changing their kind in the review keeps them. Items of kind
``"heading"`` (section headings, the Riksdag's header lines, the US
Congress lines) and ``"sponsor"`` are not parts either: the headings are
written again by the style, the sponsors become the draft's signers.
"""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.core.errors import N_, PetitionDeskError
from desktop.core.files import read_bytes
from desktop.core.localize import DOCUMENT_LANGUAGES
from desktop.core.resolution.model import STYLES, Part, Resolution
from desktop.core.signers import Signer

KINDS = ("title", "subject", "opening", "citation", "recital", "operative", "point", "proposal", "closing",
         "sponsor", "heading", "text")
# The kinds that are parts of the resolution's lists.
PART_KINDS = ("citation", "recital", "operative", "point", "proposal")
SOURCE_SUFFIXES = (".txt", ".md", ".text", ".docx")


@dataclass
class Recognised:
    """One part of the source as the importer understood it."""

    line: int  # 1-based line in the source where the part starts
    kind: str  # one of KINDS
    text: str  # the part's own words, without label, set phrase and closing punctuation
    label: str = ""  # the label seen: "A.", "12.", "(b)", "–"
    phrase: str = ""  # the set phrase recognised, if any


@dataclass
class ImportResult:
    resolution: Resolution
    style: str  # "ep", "riksdag", "us" or "generic", guessed unless given
    language: str  # guessed unless given
    items: list[Recognised]
    signers: list[Signer]  # sponsors found in the text, with their party
    options: dict[str, str] = field(default_factory=dict)  # frame facts seen: session, number, congress


# -- reading files --------------------------------------------------------------------

def read_source(path: Path) -> str:
    """The text of a .txt/.md file (any common encoding) or a .docx file, one paragraph per line.

    In a DOCX file the labels of numbered and bulleted lists are not part of
    the text; they are worked out from the list's numbering and written in
    front of the paragraph ("A. whereas …", "1. Calls on …"), so the import
    sees them as it would in a text file.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SOURCE_SUFFIXES:
        raise PetitionDeskError(
            N_("Petition Desk imports resolutions from .txt, .md and .docx files, and %(path)s is none of these; "
               "save it as one of them, or copy its text and paste it into the import window."),
            path=str(path))
    raw = read_bytes(path, N_("The file %(path)s cannot be read (%(reason)s). Check that you may open it."))
    text = _docx_text(raw, path) if suffix == ".docx" else _decode(raw, path)
    if not text.strip():
        raise PetitionDeskError(
            N_("The file %(path)s is empty; choose a file that holds the text of a resolution or motion."),
            path=str(path))
    return text


def _decode(raw: bytes, path: Path) -> str:
    if not raw.strip():
        return ""
    for bom, encoding in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if raw.startswith(bom):
            return raw.decode(encoding, errors="replace").lstrip("\ufeff")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    import charset_normalizer

    best = charset_normalizer.from_bytes(raw).best()
    if best is None or b"\x00" in raw:
        raise PetitionDeskError(
            N_("The file %(path)s does not look like text; save it as plain text (UTF-8) or as a .docx document."),
            path=str(path))
    return str(best)


def _docx_text(raw: bytes, path: Path) -> str:
    import io

    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(raw))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise PetitionDeskError(
            N_("The file %(path)s is not a Word document that can be read; open it in your word processor "
               "and save it again as .docx."), path=str(path)) from exc
    numbering = _Numbering(document)
    out: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            out.extend(_docx_paragraph(child, document, numbering))
        elif tag == "tbl":  # signature tables: one cell after the other
            for paragraph in child.iter(_W + "p"):
                out.extend(_docx_paragraph(paragraph, document, numbering))
    return "\n".join(out).strip("\n")


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _docx_paragraph(p: Any, document: Any, numbering: _Numbering) -> list[str]:
    from docx.text.paragraph import Paragraph

    paragraph = Paragraph(p, document)
    text = paragraph.text.replace("\t", " ")
    if not text.strip():
        return []
    label = numbering.label(p, document)
    lines = [line.strip() for line in text.split("\n")]
    if label:
        lines[0] = f"{label} {lines[0]}"
    return [*lines, ""]  # a blank line: a paragraph of a Word document is a paragraph


class _Numbering:
    """Works out the label Word shows in front of a numbered or bulleted paragraph."""

    def __init__(self, document: Any) -> None:
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}  # numId → ilvl → (format, text, start)
        self.counters: dict[str, list[int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for a in root.findall(_W + "abstractNum"):
            levels = {}
            for lvl in a.findall(_W + "lvl"):
                levels[int(lvl.get(_W + "ilvl", "0"))] = (_val(lvl, "numFmt", "decimal"), _val(lvl, "lvlText", ""),
                                                          int(_val(lvl, "start", "1") or 1))
            abstract[a.get(_W + "abstractNumId", "")] = levels
        for num in root.findall(_W + "num"):
            ref = num.find(_W + "abstractNumId")
            levels = dict(abstract.get(ref.get(_W + "val", "") if ref is not None else "", {}))
            for override in num.findall(_W + "lvlOverride"):
                start = override.find(_W + "startOverride")
                ilvl = int(override.get(_W + "ilvl", "0"))
                if start is not None and ilvl in levels:
                    fmt, text, _old = levels[ilvl]
                    levels[ilvl] = (fmt, text, int(start.get(_W + "val", "1")))
            self.levels[num.get(_W + "numId", "")] = levels

    def label(self, p: Any, document: Any) -> str:
        num_id, ilvl, style_name = self._num_pr(p, document)
        if num_id is None or num_id == "0":
            return _style_label(style_name, self.counters)
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels:
            return _style_label(style_name, self.counters)
        counters = self.counters.setdefault(num_id, [0] * 9)
        fmt, _text, start = levels[ilvl]
        counters[ilvl] = counters[ilvl] + 1 if counters[ilvl] else start
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = 0
        fmt, pattern, _start = levels[ilvl]
        if fmt == "bullet":
            return "–" if pattern in ("\u2013", "\u2014", "-", "\uf02d") else "•"
        if fmt == "none":
            return ""

        def number(match: re.Match[str]) -> str:
            level = int(match.group(1)) - 1
            value = counters[level] or levels.get(level, ("decimal", "", 1))[2]
            return _format_number(levels.get(level, ("decimal", "", 1))[0], value)

        return re.sub(r"%(\d)", number, pattern).strip()

    @staticmethod
    def _num_pr(p: Any, document: Any) -> tuple[str | None, int, str]:
        ppr = p.find(_W + "pPr")
        style_id = ""
        if ppr is not None:
            pstyle = ppr.find(_W + "pStyle")
            style_id = pstyle.get(_W + "val", "") if pstyle is not None else ""
            num_pr = ppr.find(_W + "numPr")
            if num_pr is not None:
                return _num_values(num_pr)
        # The numbering may come with the paragraph's style (Word's "List Number").
        style_name = ""
        try:
            style = document.styles.element.get_by_id(style_id) if style_id else None
        except (KeyError, AttributeError):
            style = None
        seen = 0
        while style is not None and seen < 10:
            seen += 1
            style_name = style_name or (style.name_val or "")
            spr = style.find(_W + "pPr")
            num_pr = spr.find(_W + "numPr") if spr is not None else None
            if num_pr is not None and num_pr.find(_W + "numId") is not None:
                num_id, ilvl, _ = _num_values(num_pr)
                return num_id, ilvl, style_name
            based = style.basedOn_val
            style = document.styles.element.get_by_id(based) if based else None
        return None, 0, style_name


def _num_values(num_pr: Any) -> tuple[str | None, int, str]:
    num_id = num_pr.find(_W + "numId")
    ilvl = num_pr.find(_W + "ilvl")
    return (num_id.get(_W + "val") if num_id is not None else None,
            int(ilvl.get(_W + "val", "0")) if ilvl is not None else 0, "")


def _val(element: Any, tag: str, default: str) -> str:
    child = element.find(_W + tag)
    return child.get(_W + "val", default) if child is not None else default


def _style_label(style_name: str, counters: dict[str, list[int]]) -> str:
    """A label for a list paragraph whose numbering cannot be found: by its style's name."""
    name = style_name.lower()
    if name.startswith("list bullet"):
        return "–"
    if name.startswith("list number"):
        counter = counters.setdefault("style:" + name, [0])
        counter[0] += 1
        return f"{counter[0]}."
    return ""


def _format_number(fmt: str, n: int) -> str:
    if fmt in ("upperLetter", "lowerLetter"):
        letters = ""
        while n > 0:
            n, rem = divmod(n - 1, 26)
            letters = chr(ord("A") + rem) + letters
        return letters if fmt == "upperLetter" else letters.lower()
    if fmt in ("upperRoman", "lowerRoman"):
        roman = _roman(n)
        return roman if fmt == "upperRoman" else roman.lower()
    return str(n)


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                           (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out += letters
            n -= value
    return out


# -- what the importer looks for --------------------------------------------------------

_LABEL = re.compile(
    r"""^(?:
        (?P<dash>[–—\-•·*])(?:\s+|$)
      | (?P<upper>[A-ZА-ЯЁ]{1,3})\.(?:\s+|$)
      | (?P<num>\d{1,3})[.)](?:\s+|$)
      | \((?P<pnum>\d{1,3})\)(?:\s*|$)
      | \((?P<pup>[A-Z]{1,2})\)(?:\s*|$)
      | \((?P<plow>[a-z]{1,2}|[ivx]{1,5})\)(?:\s*|$)
      | (?P<low>[a-z]{1,2})\)(?:\s+|$)
    )""", re.VERBOSE)
_MONTHS_DE = {"januar", "jänner", "februar", "märz", "april", "mai", "juni", "juli", "august", "september",
              "oktober", "november", "dezember"}

# Phrases that open a citation or a recital, per language (matched case-insensitively at the start).
_CITATION = {
    "en": ["having regard to"],
    "fr": ["vu"],
    "de": ["unter Hinweis auf", "gestützt auf"],
    "sv": ["med beaktande av"],
    "ru": ["принимая во внимание"],
}
_RECITAL = {
    "en": ["whereas", "considering that"],
    "fr": ["considérant que", "considérant qu'", "considérant qu’"],
    "de": ["in der Erwägung, dass", "in der Erwägung dass"],
    "sv": ["med hänsyn till att", "eftersom"],
    "ru": ["учитывая, что", "учитывая что"],
}
_OPENING = {
    "en": ["The European Parliament"],
    "fr": ["Le Parlement européen"],
    "de": ["Das Europäische Parlament"],
    "sv": ["Europaparlamentet"],
    "ru": ["Европейский парламент"],
}
_CLOSING = {
    "en": ["Instructs its President"],
    "fr": ["charge son Président", "charge sa Présidente"],
    "de": ["beauftragt seinen Präsidenten", "beauftragt seine Präsidentin"],
    "sv": ["Europaparlamentet uppdrar åt talmannen", "uppdrar åt talmannen", "uppdrar åt sin talman"],
    "ru": ["поручает своему Председателю"],
}
# "European Parliament resolution of <date> on <subject>" and its forms in other languages.
_EP_TITLE = {
    "en": [r"(?:European Parliament resolution|MOTION FOR A RESOLUTION)(?: of .+?)?\s+on\s+(?P<subject>.+)"],
    "fr": [r"(?:Résolution du Parlement européen|PROPOSITION DE RÉSOLUTION)(?: du .+?)?\s+sur\s+(?P<subject>.+)"],
    "de": [(r"(?:Entschließung des Europäischen Parlaments|ENTSCHLIESSUNGSANTRAG)(?: vom .+?)?\s+zu[rm]?\s+"
            r"(?P<subject>.+)")],
    "sv": [r"(?:Europaparlamentets resolution|FÖRSLAG TILL RESOLUTION)(?: av den .+?\d{4})?\s+om\s+(?P<subject>.+)"],
    "ru": [r"(?:Резолюция Европейского парламента|ПРОЕКТ РЕЗОЛЮЦИИ)(?: от .+?)?\s+о(?:б)?\s+(?P<subject>.+)"],
}
_RIKSDAG_OLDER = r"Riksdagen tillkännager för regeringen som sin mening vad som anförs i motionen om (?P<text>.+?)\.?"
_EP_SV_OPERATIVE = "Europaparlamentet"
_US_RESOLVED = {
    "en": r"Resolved,?\s+That\s+(?P<rest>.*)",
    "sv": r"[Bb]eslutas,?\s+att\s+(?P<rest>.*)",
    "fr": r"[Rr]ésolu,?\s+que\s+(?P<rest>.*)",
    "de": r"[Bb]eschlossen:?\s+(?P<rest>.*)",
    "ru": r"[Пп]остановляется,?\s+что\s+(?P<rest>.*)",
}
_US_LINES = [r"\d+\s*(?:st|nd|rd|th|d)?\s+CONGRESS", r"\d+\s*(?:st|nd|rd|th|d)?\s+Session", r"[HS]\.\s*RES\.\s*\S*",
             r"IN THE HOUSE OF REPRESENTATIVES", r"IN THE SENATE OF THE UNITED STATES", r"RESOLUTION",
             r".*\bsubmitted the following resolution\b.*"]
_GENERIC_HEADINGS = ["Resolution", "Résolution", "Entschließung", "Резолюция", "Motion"]
_PAGE = re.compile(r"^(?:(?:page|sida|seite|страница|стр\.)\s*\d+(?:\s*(?:of|av|sur|von|из|/)\s*\d+)?|\d+\s*/\s*\d+|"
                   r"-\s*\d+\s*-|\d{1,3})$", re.IGNORECASE)
_DATE = re.compile(r"^(?:[^\d;:]{1,40}?,?\s+(?:den\s+|le\s+)?)?(?:\d{1,2}\.?\s+\w+\.?\s+\d{4}|\w+\s+\d{1,2},\s+\d{4}|"
                   r"\d{4}-\d{2}-\d{2})(?:\s*г\.)?$")
_NUMBER_LINE = re.compile(r"^(?P<session>\d{4}/\d{2}):(?P<number>[\w…]+)$")
_BYLINE = re.compile(r"^(?P<by>av|by|par|von|Автор:|Авторы:)\s+(?P<names>.+?)"
                     r"(?P<others>\s+(?:m\.\s?fl\.|et al\.|u\.\s?a\.|и др\.))?\s*(?:\((?P<party>[^()]+)\))?$")
_NAME_WORD = r"(?:[A-ZÅÄÖÀ-ÞА-ЯЁ][\w'’.\-]*|von|van|der|den|de|af|la|le|du|di|da)"
_NAME = re.compile(rf"^{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,4}}$")
_SPONSOR = re.compile(r"^(?P<name>[^\W\d_][^\d()\[\]:;,]{1,60}?)\s*\((?P<party>[^()\d]{1,40})\)$")
_STOPWORDS = {
    "en": {"the", "and", "of", "to", "in", "that", "is", "for", "its", "on", "with", "was", "by"},
    "sv": {"och", "att", "det", "som", "för", "av", "med", "är", "till", "om", "på", "har", "inte", "de"},
    "fr": {"le", "la", "les", "et", "des", "du", "que", "dans", "est", "un", "une", "pour", "sur", "au", "qui"},
    "de": {"der", "die", "das", "und", "zu", "dass", "mit", "von", "ist", "nicht", "auf", "im", "ein", "eine"},
    "ru": {"и", "в", "не", "на", "что", "с", "по", "о", "к", "из", "за", "от", "для", "его"},
}
_END = ".;:,!?—–"
_OPEN_QUOTES = "\"'“‘«„("


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


def _template_re(template: str, name: str) -> re.Pattern[str]:
    """A style phrase with ``{name}`` as a group: the Riksdag formula, the EP final formula."""
    before, _, after = template.partition("{" + name + "}")
    after = after.rstrip(".")
    return re.compile("^" + _flexible(before) + (r"\s*" if before.endswith(" ") else "") + f"(?P<{name}>.+?)"
                      + (r"\s*" if after.startswith(" ") else "") + _flexible(after) + r"\s*\.?$", re.IGNORECASE | re.DOTALL)


class _Phrases:
    """Everything the importer matches in one language."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.citation = _phrase_re(_CITATION[language])
        self.recital = _phrase_re(_RECITAL[language])
        self.closing = _phrase_re(_CLOSING[language])
        self.opening = re.compile("^(?:" + "|".join(_flexible(p) for p in _OPENING[language]) + r")\s*,?$", re.IGNORECASE)
        self.ep_title = [re.compile("^" + p + "$", re.IGNORECASE | re.DOTALL) for p in _EP_TITLE[language]]
        riksdag = _style_words("riksdag", language)
        self.proposal = [_template_re(str(riksdag["proposal"]), "text")]
        if language == "sv":
            self.proposal.append(re.compile("^" + _RIKSDAG_OLDER + "$", re.IGNORECASE | re.DOTALL))
        self.riksdag_header = re.compile("^" + _flexible(str(riksdag["header"])) + "$", re.IGNORECASE)
        self.proposals_heading = re.compile("^" + _flexible(str(riksdag["proposals_heading"])) + r"\s*:?$", re.IGNORECASE)
        self.motivation_heading = re.compile("^" + _flexible(str(riksdag["motivation_heading"])) + r"\s*:?$", re.IGNORECASE)
        self.riksdag_subject = re.compile(r"^(?:Riksdagen|The Riksdag|Le Riksdag|Der Reichstag|Риксдаг)\s+(?P<rest>.+)$")
        self.resolved = re.compile("^" + _US_RESOLVED[language] + "$", re.DOTALL)
        us = _style_words("us", language)
        self.us_ends = [str(us.get("therefore", "")), str(us.get("and_end", "")),
                        str(_style_words("us", "en")["therefore"]), str(_style_words("us", "en")["and_end"])]
        self.us_lines = [re.compile("^" + p + "$", re.IGNORECASE) for p in _US_LINES]
        self.us_lines += [re.compile("^" + _flexible(str(us[k])) + "$", re.IGNORECASE) for k in ("chamber", "resolution")]
        self.generic_heading = re.compile("^(?:" + "|".join(_GENERIC_HEADINGS) + ")$", re.IGNORECASE)
        self.ep = _style_words("ep", language)
        self.us = us
        self.generic = _style_words("generic", language)


_PHRASES: dict[str, _Phrases] = {}


def _phrases(language: str) -> _Phrases:
    if language not in _PHRASES:
        _PHRASES[language] = _Phrases(language)
    return _PHRASES[language]


# -- splitting the text into blocks ------------------------------------------------------

@dataclass
class _Block:
    line: int
    label: str = ""
    label_type: str = ""
    lines: list[str] = field(default_factory=list)
    closed: bool = False  # a one-line block (heading, byline, sponsor): the next line starts a new one

    @property
    def text(self) -> str:
        out = ""
        for line in self.lines:
            if not out:
                out = line
            elif out.endswith("\u00ad"):
                out = out[:-1] + line
            elif out.endswith("-") and len(out) > 1 and out[-2].isalpha() and line[:1].islower():
                out = out + line  # "Bolotnaya-\nSquare": a hyphenated word keeps its hyphen
            else:
                out = out + " " + line
        return re.sub(r"[ \t]+", " ", out).strip()

    @property
    def last(self) -> str:
        return self.lines[-1] if self.lines else ""


def _label(text: str) -> tuple[str, str, str]:
    """(label, its type, the rest of the line); ("", "", text) when the line has no label."""
    match = _LABEL.match(text)
    if not match:
        return "", "", text
    kind = next(name for name, value in match.groupdict().items() if value is not None)
    rest = text[match.end():]
    label = match.group(0).strip()
    if kind == "num" and rest.split(" ", 1)[0].lower().rstrip(",") in _MONTHS_DE:
        return "", "", text  # "6. Mai 2012": a German date, not paragraph 6
    if kind == "upper" and not rest and len(label) > 2:
        return "", "", text  # "RES." alone is not a recital label
    if kind == "dash" and label != "–" and label != "—" and not rest:
        return "", "", text
    if kind == "upper" and rest and not (rest[:1].isalpha() or rest[:1] in _OPEN_QUOTES):
        return "", "", text
    return label, kind, rest


def _series_end() -> re.Pattern[str]:
    """The ends of a US recital that are not punctuation: "; and", ": Now, therefore, be it"."""
    ends = {str(_style_words("us", lang).get(key, "")).strip() for lang in DOCUMENT_LANGUAGES
            for key in ("and_end", "therefore")}
    return re.compile("(?:" + "|".join(_flexible(e) for e in sorted(ends, key=len, reverse=True) if e) + ")$", re.IGNORECASE)


_SERIES_END = _series_end()


def _all_phrases() -> re.Pattern[str]:
    words = [p for table in (_CITATION, _RECITAL, _CLOSING) for phrases in table.values() for p in phrases]
    words += ["Whereas", "Resolved", "Riksdagen", "The Riksdag"]
    return _phrase_re([w for w in words if w.lower() != "eftersom"])


_ANY_PHRASE = _all_phrases()


def _byline(text: str) -> tuple[list[str], str, str] | None:
    """The names, party and wording of a motion's byline ("av Anna Berg m.fl. (V)"), or None."""
    match = _BYLINE.match(text)
    if not match or len(text) > 160:
        return None
    names = re.split(r",\s*|\s+(?:och|and|et|und|и)\s+", match.group("names").strip())
    party = (match.group("party") or "").strip()
    party = re.sub(r"^(?:båda|alla|both|all|tous|beide|alle)\s+", "", party, flags=re.IGNORECASE)
    names = [n.strip() for n in names if n.strip()]
    if not names or not all(_NAME.match(n) for n in names):
        return None
    phrase = match.group("by") + (" … " + match.group("others").strip() if match.group("others") else "")
    return names, party, phrase


def _one_line(text: str) -> bool:
    """Lines that are a part on their own: headings, formulas, number lines, bylines, sponsors."""
    if _NUMBER_LINE.match(text) or _byline(text):
        return True
    if _SPONSOR.match(text) and _NAME.match(_SPONSOR.match(text).group("name").strip()):
        return True
    if _DATE.match(text):
        return True
    for language in DOCUMENT_LANGUAGES:
        p = _phrases(language)
        if (p.opening.match(text) or p.riksdag_header.match(text) or p.proposals_heading.match(text)
                or p.motivation_heading.match(text) or p.generic_heading.match(text)
                or any(r.match(text) for r in p.us_lines)):
            return True
        if p.resolved.match(text) and len(text) < 80:
            return True
    return False


def _blocks(text: str) -> list[_Block]:
    lines = re.split(r"\r\n|\r|\n|\f|\v|\u2028|\u2029", text)
    labelled = sum(1 for line in lines if _label(line.strip())[0]) >= 2
    lengths = sorted(len(line.strip()) for line in lines if line.strip())
    width = lengths[int(len(lengths) * 0.9)] if lengths else 0  # how wide a full line of a wrapped text is
    blocks: list[_Block] = []
    gap = False
    for number, raw in enumerate(lines, start=1):
        line = raw.replace("\u00a0", "\u00a0").strip().lstrip("\ufeff")
        if not line:
            gap = True
            continue
        if _PAGE.match(line):
            continue  # page numbers and "Page 2 of 3" from a PDF
        label, label_type, rest = ("", "", line) if _one_line(line) else _label(line)
        current = blocks[-1] if blocks else None
        if current is not None and current.label and not current.lines and not label:
            current.lines.append(line)  # the text of a label that stood alone on its line
            current.closed = _one_line(line)
            gap = False
            continue
        if current is None or current.closed or label or _one_line(line) or _starts(line, current, gap, labelled, width):
            block = _Block(number, label, label_type, [rest] if rest else [])
            block.closed = bool(rest) and _one_line(rest) and not label
            blocks.append(block)
        else:
            current.lines.append(line)
        gap = False
    return [b for b in blocks if b.lines or b.label]


def _starts(line: str, current: _Block, gap: bool, labelled: bool, width: int) -> bool:
    """Whether ``line`` (with no label) starts a new block rather than continuing ``current``."""
    last = current.last
    ended = last[-1:] in _END or last.endswith("—") or bool(_SERIES_END.search(last))
    first = line[:1]
    lower = first.islower()
    if gap:
        # A page break inside a paragraph: an unfinished sentence goes on in lower case.
        return not (not ended and (lower or first in "([") and current.lines)
    # A line well short of the text's width ends its paragraph (a title, a name), unless the
    # next line goes on in lower case.
    short = len(last) < width * 0.7
    if _ANY_PHRASE.match(line) and (ended or short or not current.lines):
        return True
    if short and (first.isupper() or first in _OPEN_QUOTES):
        return True
    if not ended:
        return False
    if last[-1:] == "," and not _ANY_PHRASE.match(line):
        return False
    if first.isupper() or first.isdigit() or first in _OPEN_QUOTES:
        # In a text whose parts carry labels, only a finished sentence ends a part.
        return last[-1:] in ".!?" if labelled else True
    # One paragraph a line: sub-points after "… to:".
    return lower and not labelled and last[-1:] in ";:"


# -- guessing the language and the style -----------------------------------------------

def guess_language(blocks: list[_Block]) -> str:
    scores: Counter[str] = Counter()
    for block in blocks:
        text = block.text
        for language in DOCUMENT_LANGUAGES:
            p = _phrases(language)
            hits = [p.citation.match(text), p.recital.match(text), p.closing.match(text), p.opening.match(text),
                    p.riksdag_header.match(text), p.proposals_heading.match(text), p.motivation_heading.match(text),
                    any(r.match(text) for r in p.ep_title), any(r.match(text) for r in p.proposal),
                    p.resolved.match(text)]
            scores[language] += sum(3 for hit in hits if hit)
    if language_scores := [lang for lang, score in scores.most_common() if score > 0]:
        best = language_scores[0]
        if scores[best] > scores.get("en", 0) or best == "en":
            return best
    words = re.findall(r"\w+", " ".join(b.text for b in blocks).lower())
    counts = Counter(words)
    stop = {language: sum(counts[w] for w in _STOPWORDS[language]) for language in DOCUMENT_LANGUAGES}
    best = max(DOCUMENT_LANGUAGES, key=lambda lang: (stop[lang] + scores[lang], lang == "en"))
    return best if stop[best] + scores[best] > 0 else "en"


def _guess_style(blocks: list[_Block], p: _Phrases) -> str:
    score: Counter[str] = Counter()
    for block in blocks:
        text = block.text
        if p.opening.match(text) or any(r.match(text) for r in p.ep_title) or p.closing.match(text):
            score["ep"] += 3
        if p.language == "sv" and text.startswith(_EP_SV_OPERATIVE + " ") and block.label_type == "num":
            score["ep"] += 1
        if (p.riksdag_header.match(text) or p.proposals_heading.match(text) or p.motivation_heading.match(text)
                or any(r.match(text) for r in p.proposal) or _NUMBER_LINE.match(text)):
            score["riksdag"] += 3
        if p.resolved.match(text) or any(r.match(text) for r in p.us_lines[:3]):
            score["us"] += 3
        recital = p.recital.match(text)
        if recital and not block.label and recital.group("phrase")[:1].isupper():
            score["us"] += 1
        elif recital and block.label_type == "upper":
            ep_word = str(p.ep.get("recital_before", "")).strip().lower()
            generic_word = str(p.generic.get("recital_before", "")).strip().lower()
            phrase = " ".join(recital.group("phrase").lower().split())
            if ep_word and phrase == ep_word and ep_word != generic_word:
                score["ep"] += 1
            elif generic_word and phrase == generic_word:
                score["generic"] += 1
        if block.label_type == "pnum":
            score["us"] += 1
        if p.generic_heading.match(text):
            score["generic"] += 2
    if not score:
        return "generic"
    order = {style: index for index, style in enumerate(("ep", "riksdag", "us", "generic"))}
    return max(score, key=lambda style: (score[style], -order[style]))


# -- recognising the parts -------------------------------------------------------------

class _Reader:
    def __init__(self, language: str, style: str, labelled: bool) -> None:
        self.p = _phrases(language)
        self.language, self.style, self.labelled = language, style, labelled
        self.section = "head"
        self.items: list[Recognised] = []
        self.options: dict[str, str] = {}
        self.title_seen = ""
        self._ends: dict[int, str] = {}  # id of an item → the punctuation its source text ended with

    def add(self, block: _Block, kind: str, text: str, phrase: str = "") -> None:
        if kind in PART_KINDS:
            text = self._bare(text)
            if kind in ("operative", "point"):
                text = self._operative_case(text)
        elif kind == "opening":
            text = text.strip()
        self.items.append(Recognised(block.line, kind, text.strip(), block.label, phrase.strip()))

    def _bare(self, text: str) -> str:
        text = text.strip()
        for ending in self.p.us_ends:
            ending = ending.strip()
            if ending and text.lower().endswith(ending.lower()):
                text = text[: -len(ending)]
                break
        return text.rstrip().rstrip(";,.:—–\u00a0 ").rstrip()

    def _operative_case(self, text: str) -> str:
        """"Calls on …" → "calls on …" where the style capitalises the paragraph itself (EP English)."""
        if self.language == "en" and re.match(r"^[A-Z][a-z]+s\b", text):
            return text[:1].lower() + text[1:]
        return text

    def last_part(self) -> Recognised | None:
        for item in reversed(self.items):
            if item.kind in PART_KINDS:
                return item
            if item.kind not in ("text", "heading"):
                return None
        return None

    def read(self, block: _Block) -> None:
        text = block.text
        p = self.p
        if not text and block.label:
            self.items.append(Recognised(block.line, "text", "", block.label))
            return
        if not block.label and self._frame(block, text):
            return
        closing = p.closing.match(text)
        if closing:
            self.add(block, "closing", text)
            self.section = "end"
            return
        for pattern in p.proposal:
            match = pattern.match(text)
            if match:
                self.add(block, "proposal", match.group("text"), text[: match.start("text")])
                self.section = "proposals"
                return
        citation = p.citation.match(text)
        if citation and block.label_type in ("", "dash"):
            self.add(block, "citation", text[citation.end():], citation.group("phrase"))
            self.section = "citations"
            return
        recital = p.recital.match(text)
        # Swedish "eftersom" ("since") opens a recital only in the US layout's translation.
        if (recital and block.label_type in ("", "upper", "dash")
                and not (recital.group("phrase").lower() == "eftersom" and self.style != "us")):
            self.add(block, "recital", text[recital.end():], recital.group("phrase"))
            self.section = "recitals"
            return
        kind = {"dash": "citation", "upper": "recital", "num": "operative", "pnum": "operative",
                "plow": "point", "low": "point", "pup": "point"}.get(block.label_type)
        if kind:
            self._labelled(block, kind, text)
            return
        self._unlabelled(block, text)

    def _labelled(self, block: _Block, kind: str, text: str) -> None:
        phrase = ""
        if kind == "operative" and self.section == "proposals" or self.style == "riksdag" and kind == "operative":
            match = self.p.riksdag_subject.match(text)
            if match:
                phrase, text = text[: match.start("rest")], match.group("rest")
            else:
                kind = "proposal"
        if kind == "operative" and self.language == "sv" and text.startswith(_EP_SV_OPERATIVE + " "):
            phrase, text = _EP_SV_OPERATIVE, text[len(_EP_SV_OPERATIVE) + 1:]
        if kind == "point" and self.section not in ("operative", "end") and not self.last_part():
            kind = "operative"
        self.add(block, kind, text, phrase)
        self.section = {"citation": "citations", "recital": "recitals", "proposal": "proposals"}.get(kind, "operative")

    def _frame(self, block: _Block, text: str) -> bool:
        """Headings, titles, formulas, bylines and sponsors; True when ``block`` was one of them."""
        p = self.p
        if p.riksdag_header.match(text) or p.generic_heading.match(text):
            self.add(block, "heading", text)
            self.section = "riksdag_head" if p.riksdag_header.match(text) else "head"
            return True
        number = _NUMBER_LINE.match(text)
        if number:
            self.options.update(session=number.group("session"), number=number.group("number").strip("…"))
            if not self.options["number"]:
                del self.options["number"]
            self.add(block, "heading", text)
            self.section = "riksdag_head"
            return True
        if self.section in ("riksdag_head", "head") and self._byline(block, text):
            return True
        if p.proposals_heading.match(text):
            self.add(block, "heading", text)
            self.section = "proposals"
            return True
        if p.motivation_heading.match(text):
            self.add(block, "heading", text)
            self.section = "motivation"
            return True
        for index, pattern in enumerate(p.us_lines):
            if pattern.match(text):
                if index == 0:
                    self.options["congress"] = re.match(r"\d+", text).group(0)
                elif index == 2:
                    number = re.sub(r"^[HS]\.\s*RES\.\s*", "", text).strip("_ ")
                    if number:
                        self.options["number"] = number
                self.add(block, "heading", text)
                return True
        resolved = p.resolved.match(text)
        if resolved:
            rest = resolved.group("rest").strip()
            if len(rest) < 80 and (rest.endswith(("—", "--", "-", ":", "–")) or not rest):
                self.add(block, "opening", text, text[: resolved.start("rest")])
            else:
                self.items.append(Recognised(block.line, "operative", self._bare(rest), "",
                                             text[: resolved.start("rest")].strip()))
            self.section = "operative"
            return True
        if p.opening.match(text) or (self.section == "head" and self.style == "generic" and len(text) < 80
                                     and text.endswith(",") and not self.last_part()):
            self.add(block, "opening", text)
            self.section = "opening"
            return True
        for pattern in p.ep_title:
            match = pattern.match(text)
            if match and self.section in ("head", "riksdag_head"):
                self.add(block, "subject", match.group("subject").strip().rstrip("."), text[: match.start("subject")])
                self.title_seen = text
                return True
        sponsor = _SPONSOR.match(text)
        if sponsor and _NAME.match(sponsor.group("name").strip()):
            self._sponsor(block, sponsor.group("name"), sponsor.group("party"))
            return True
        if _DATE.match(text):
            self.add(block, "heading", text)
            if self.section not in ("head", "riksdag_head"):
                self.section = "end"
            return True
        return False

    def _byline(self, block: _Block, text: str) -> bool:
        found = _byline(text)
        if found is None:
            return False
        names, party, phrase = found
        for name in names:
            self._sponsor(block, name, party, phrase)
        return True

    def _sponsor(self, block: _Block, name: str, party: str, phrase: str = "") -> None:
        name, party = name.strip(), party.strip()
        text = f"{name} ({party})" if party else name
        self.items.append(Recognised(block.line, "sponsor", text, block.label, phrase))
        if self.section in ("motivation", "operative", "recitals", "proposals"):
            self.section = "end"  # the signatures close the text

    def _unlabelled(self, block: _Block, text: str) -> None:
        section = self.section
        if section in ("riksdag_head", "head") and not self.title_seen and not self.last_part():
            self.title_seen = text
            self.add(block, "title", text.rstrip("."))
            return
        if section == "head" and text == self.title_seen:
            self.add(block, "heading", text)  # the US title printed a second time
            return
        if section in ("motivation", "end", "operative", "proposals") and _NAME.match(text) and len(text) < 60 \
                and (self.style != "ep" or section == "end"):
            self._sponsor(block, text, "")
            return
        if section == "motivation":
            if len(text) < 70 and text[-1:] not in ".;:!?,":
                self.add(block, "heading", text)
            else:
                self.add(block, "recital", text)
            return
        if self.language == "sv" and text.startswith(_EP_SV_OPERATIVE + " ") and section != "head":
            self.add(block, "operative", text[len(_EP_SV_OPERATIVE) + 1:], _EP_SV_OPERATIVE)
            self.section = "operative"
            return
        if (self.style == "ep" and self.language == "sv" and not self.labelled
                and section in ("citations", "recitals")):
            self.add(block, "recital", text)  # Swedish EP recitals have no set phrase
            self.section = "recitals"
            return
        if self.labelled or section in ("head", "riksdag_head", "end", "citations"):
            self.add(block, "text", text)
            return
        previous = self.last_part()
        if section in ("operative", "opening") and previous is not None or section == "operative":
            self._unlabelled_operative(block, text, previous)
            return
        if section == "recitals" and self.style in ("ep", "generic"):
            self._unlabelled_operative(block, text, None)  # the paragraphs after the recitals
            return
        if section == "opening" and self.style == "us":
            self._unlabelled_operative(block, text, None)
            return
        self.add(block, "text", text)

    def _unlabelled_operative(self, block: _Block, text: str, previous: Recognised | None) -> None:
        kind = "operative"
        raw_previous = self._raw_end(previous)
        after_colon_or_point = raw_previous == ":" or (
            previous is not None and previous.kind == "point" and (self.language == "en" or raw_previous == ";"))
        if previous is not None and previous.kind in ("operative", "point") and text[:1].islower() \
                and after_colon_or_point:
            kind = "point"
        self.add(block, kind, text)
        self._ends[id(self.items[-1])] = text.rstrip()[-1:]
        self.section = "operative"

    def _raw_end(self, item: Recognised | None) -> str:
        return self._ends.get(id(item), "") if item is not None else ""


def import_text(text: str, language: str | None = None, style: str | None = None) -> ImportResult:
    """What ``text`` holds, part by part, and the resolution built from it."""
    if language is not None and language not in DOCUMENT_LANGUAGES:
        raise PetitionDeskError(N_("The language %(language)s is not one Petition Desk writes; choose one of "
                                   "%(languages)s."), language=language, languages=", ".join(DOCUMENT_LANGUAGES))
    if style is not None and style not in STYLES:
        raise PetitionDeskError(N_("The resolution style %(style)s is unknown; choose one of %(styles)s."),
                                style=style, styles=", ".join(STYLES))
    if not text or not text.strip():
        raise PetitionDeskError(N_("There is no text to import; paste or open the text of a resolution or motion."))
    blocks = _blocks(text)
    language = language or guess_language(blocks)
    p = _phrases(language)
    style = style or _guess_style(blocks, p)
    labelled = sum(1 for b in blocks if b.label) >= 2
    reader = _Reader(language, style, labelled)
    for block in blocks:
        reader.read(block)
    items = reader.items
    if not any(item.kind in PART_KINDS for item in items):
        raise PetitionDeskError(N_(
            "No part of a resolution was found in the text. The importer looks for citations (“– having regard "
            "to …”), recitals (“A. whereas …” or “Whereas …;”), numbered paragraphs (“1. …”, “(a) …”) and a "
            "Riksdag motion's numbered proposals; check that the text has them, one part per paragraph."))
    return ImportResult(build(items, language, style), style, language, items, signers_from(items),
                        dict(reader.options))


# -- building the resolution ------------------------------------------------------------

def build(items: list[Recognised], language: str, style: str | None = None) -> Resolution:
    """The resolution from (possibly corrected) items, in ``language``.

    - "citation", "recital", "operative" and "proposal" items become parts, in order;
    - a "point" becomes a sub-point of the operative paragraph before it (an
      operative paragraph of its own when there is none);
    - "title" and "subject" fill the header ("title" is the US title when
      ``style`` is "us"); an "opening" is kept only when it is not the style's
      own formula; a "closing" that is the EP's "Instructs its President to
      forward …" keeps only the list of authorities (``forward_to``), any
      other closing is kept as it stands;
    - "text", "heading" and "sponsor" items are left out: the first are what
      the importer could not place (the user changes their kind to keep
      them), headings are the style's own, sponsors become signers
      (:func:`signers_from`).
    """
    res = Resolution(languages=[language])
    last_operative: Part | None = None
    for item in items:
        text = item.text.strip()
        kind = item.kind
        if not text:
            continue
        if kind in ("citation", "recital", "operative", "proposal"):
            part = Part(kind)
            res.set_text(part.text, language, text)
            res.section(kind).append(part)
            last_operative = part if kind == "operative" else last_operative
        elif kind == "point":
            point = Part("operative")
            res.set_text(point.text, language, text)
            if last_operative is not None:
                last_operative.children.append(point)
            else:
                res.section("operative").append(point)
                last_operative = point
        elif kind == "title":
            name = "us_title" if style == "us" else "title"
            if not res.text(name).get(language):
                res.set_text(res.text(name), language, text)
        elif kind == "subject":
            if not res.text("subject").get(language):
                res.set_text(res.text("subject"), language, text)
        elif kind == "opening":
            _opening(res, language, text)
        elif kind == "closing":
            _closing(res, language, text)
    return res


def _opening(res: Resolution, language: str, text: str) -> None:
    p = _phrases(language)
    if p.opening.match(text):
        return  # the EP's own formula
    resolved = p.resolved.match(text)
    if resolved:
        us = p.us
        own = (str(us.get("resolved", "")) + str(us.get("resolved_rest", ""))).split()
        if text.split() == own or " ".join(text.split()).rstrip("—-–: ") == " ".join(own).rstrip("—-–: "):
            return
    generic = str(p.generic.get("opening", ""))
    if "{legislature}" in generic:
        match = _template_re(generic, "legislature").match(text)
        if match:
            legislature = match.group("legislature").strip()
            if legislature.lower() != str(p.generic.get("default_legislature", "")).lower():
                res.set_text(res.text("legislature"), language, legislature)
            return
    res.set_text(res.text("opening"), language, text)


def _closing(res: Resolution, language: str, text: str) -> None:
    ep = _phrases(language).ep
    plain = " ".join(text.split())
    if " ".join(str(ep.get("final_no_authorities", "")).split()) == plain:
        return
    final = str(ep.get("final", ""))
    if "{authorities}" in final:
        match = _template_re(final, "authorities").match(plain)
        if match:
            res.set_text(res.text("forward_to"), language, match.group("authorities").strip())
            return
    res.set_text(res.text("closing"), language, text)


def signers_from(items: list[Recognised]) -> list[Signer]:
    """The sponsors among ``items``, once each, with the party seen in any of their lines."""
    signers: dict[str, Signer] = {}
    for item in items:
        if item.kind != "sponsor" or not item.text.strip():
            continue
        match = _SPONSOR.match(item.text.strip())
        name, party = (match.group("name").strip(), match.group("party").strip()) if match else (item.text.strip(), "")
        key = name.casefold()
        if key in signers:
            signers[key].party = signers[key].party or party
        else:
            signers[key] = Signer(name=name, party=party)
    return list(signers.values())
