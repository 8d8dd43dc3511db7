"""Splitting the imported text into blocks, one per part, and guessing its language and style.

Text copied from a PDF breaks paragraphs into lines, and ``pdftotext``
writes a list label on a line of its own. :func:`split_blocks` joins the
lines that go on the part before (no label, no set phrase, no heading, not
the start of a sentence after one that ended) and a lone label to the text
after it; :attr:`Block.text` joins the lines, mending words hyphenated at a
line's end. Page numbers are dropped here.

:func:`guess_language` and :func:`guess_style` look at the blocks for the set
phrases and frame lines of each language and style, and fall back to the
commonest small words of each language.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from desktop.core.localize import DOCUMENT_LANGUAGES
from desktop.core.resolution.import_phrases import (
    ANY_PHRASE,
    DATE,
    END,
    EP_SV_OPERATIVE,
    LABEL,
    MONTHS_DE,
    NAME,
    NUMBER_LINE,
    OPEN_QUOTES,
    PAGE,
    SERIES_END,
    SPONSOR,
    STOPWORDS,
    Phrases,
    match_byline,
    phrases_for,
)


@dataclass
class Block:
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


def split_label(text: str) -> tuple[str, str, str]:
    """(label, its type, the rest of the line); ("", "", text) when the line has no label."""
    match = LABEL.match(text)
    if not match:
        return "", "", text
    kind = next(name for name, value in match.groupdict().items() if value is not None)
    rest = text[match.end():]
    label = match.group(0).strip()
    if kind == "num" and rest.split(" ", 1)[0].lower().rstrip(",") in MONTHS_DE:
        return "", "", text  # "6. Mai 2012": a German date, not paragraph 6
    if kind == "upper" and not rest and len(label) > 2:
        return "", "", text  # "RES." alone is not a recital label
    if kind == "dash" and label != "–" and label != "—" and not rest:
        return "", "", text
    if kind == "upper" and rest and not (rest[:1].isalpha() or rest[:1] in OPEN_QUOTES):
        return "", "", text
    return label, kind, rest


def one_line(text: str) -> bool:
    """Lines that are a part on their own: headings, formulas, number lines, bylines, sponsors."""
    if NUMBER_LINE.match(text) or match_byline(text):
        return True
    if SPONSOR.match(text) and NAME.match(SPONSOR.match(text).group("name").strip()):
        return True
    if DATE.match(text):
        return True
    for language in DOCUMENT_LANGUAGES:
        p = phrases_for(language)
        if (p.opening.match(text) or p.riksdag_header.match(text) or p.proposals_heading.match(text)
                or p.motivation_heading.match(text) or p.generic_heading.match(text)
                or any(r.match(text) for r in p.us_lines)):
            return True
        if p.resolved.match(text) and len(text) < 80:
            return True
    return False


def split_blocks(text: str) -> list[Block]:
    lines = re.split(r"\r\n|\r|\n|\f|\v|\u2028|\u2029", text)
    labelled = sum(1 for line in lines if split_label(line.strip())[0]) >= 2
    lengths = sorted(len(line.strip()) for line in lines if line.strip())
    width = lengths[int(len(lengths) * 0.9)] if lengths else 0  # how wide a full line of a wrapped text is
    blocks: list[Block] = []
    gap = False
    for number, raw in enumerate(lines, start=1):
        line = raw.replace("\u00a0", "\u00a0").strip().lstrip("\ufeff")
        if not line:
            gap = True
            continue
        if PAGE.match(line):
            continue  # page numbers and "Page 2 of 3" from a PDF
        label, label_type, rest = ("", "", line) if one_line(line) else split_label(line)
        current = blocks[-1] if blocks else None
        if current is not None and current.label and not current.lines and not label:
            current.lines.append(line)  # the text of a label that stood alone on its line
            current.closed = one_line(line)
            gap = False
            continue
        if current is None or current.closed or label or one_line(line) or _starts(line, current, gap, labelled, width):
            block = Block(number, label, label_type, [rest] if rest else [])
            block.closed = bool(rest) and one_line(rest) and not label
            blocks.append(block)
        else:
            current.lines.append(line)
        gap = False
    return [b for b in blocks if b.lines or b.label]


def _starts(line: str, current: Block, gap: bool, labelled: bool, width: int) -> bool:
    """Whether ``line`` (with no label) starts a new block rather than continuing ``current``."""
    last = current.last
    ended = last[-1:] in END or last.endswith("—") or bool(SERIES_END.search(last))
    first = line[:1]
    lower = first.islower()
    if gap:
        # A page break inside a paragraph: an unfinished sentence goes on in lower case.
        return not (not ended and (lower or first in "([") and current.lines)
    # A line well short of the text's width ends its paragraph (a title, a name), unless the
    # next line goes on in lower case.
    short = len(last) < width * 0.7
    if ANY_PHRASE.match(line) and (ended or short or not current.lines):
        return True
    if short and (first.isupper() or first in OPEN_QUOTES):
        return True
    if not ended:
        return False
    if last[-1:] == "," and not ANY_PHRASE.match(line):
        return False
    if first.isupper() or first.isdigit() or first in OPEN_QUOTES:
        # In a text whose parts carry labels, only a finished sentence ends a part.
        return last[-1:] in ".!?" if labelled else True
    # One paragraph a line: sub-points after "… to:".
    return lower and not labelled and last[-1:] in ";:"


# -- guessing the language and the style -----------------------------------------------

def guess_language(blocks: list[Block]) -> str:
    scores: Counter[str] = Counter()
    for block in blocks:
        text = block.text
        for language in DOCUMENT_LANGUAGES:
            p = phrases_for(language)
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
    stop = {language: sum(counts[w] for w in STOPWORDS[language]) for language in DOCUMENT_LANGUAGES}
    best = max(DOCUMENT_LANGUAGES, key=lambda lang: (stop[lang] + scores[lang], lang == "en"))
    return best if stop[best] + scores[best] > 0 else "en"


def guess_style(blocks: list[Block], p: Phrases) -> str:
    score: Counter[str] = Counter()
    for block in blocks:
        text = block.text
        if p.opening.match(text) or any(r.match(text) for r in p.ep_title) or p.closing.match(text):
            score["ep"] += 3
        if p.language == "sv" and text.startswith(EP_SV_OPERATIVE + " ") and block.label_type == "num":
            score["ep"] += 1
        if (p.riksdag_header.match(text) or p.proposals_heading.match(text) or p.motivation_heading.match(text)
                or any(r.match(text) for r in p.proposal) or NUMBER_LINE.match(text)):
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
