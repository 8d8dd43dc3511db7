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

This module holds the entry points (:func:`import_text`, :func:`build`,
:func:`signers_from`); the steps live beside it:

- :mod:`~desktop.core.resolution.import_read`: reading .txt/.md/.docx files;
- :mod:`~desktop.core.resolution.import_phrases`: the labels, set phrases and
  frame lines looked for, per language;
- :mod:`~desktop.core.resolution.import_blocks`: joining the source's lines
  into one block per part, guessing the language and the style;
- :mod:`~desktop.core.resolution.import_classify`: saying what each block is
  (:class:`Recognised`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from desktop.core.errors import N_, PetitionDeskError
from desktop.core.localize import DOCUMENT_LANGUAGES
from desktop.core.resolution.import_blocks import guess_language, guess_style, split_blocks
from desktop.core.resolution.import_classify import KINDS, PART_KINDS, Classifier, Recognised
from desktop.core.resolution.import_phrases import SPONSOR, phrases_for, template_re
from desktop.core.resolution.import_read import SOURCE_SUFFIXES, read_source
from desktop.core.resolution.model import STYLES, Part, Resolution
from desktop.core.signers import Signer

__all__ = ["KINDS", "PART_KINDS", "SOURCE_SUFFIXES", "ImportResult", "Recognised", "build", "guess_language",
           "import_text", "read_source", "signers_from"]


@dataclass
class ImportResult:
    resolution: Resolution
    style: str  # "ep", "riksdag", "us" or "generic", guessed unless given
    language: str  # guessed unless given
    items: list[Recognised]
    signers: list[Signer]  # sponsors found in the text, with their party
    options: dict[str, str] = field(default_factory=dict)  # frame facts seen: session, number, congress

    def draft_options(self) -> dict[str, object]:
        """The draft settings this text gives: its style, and the session, number and congress it names."""
        out: dict[str, object] = {"style": self.style}
        for key, value in self.options.items():
            out[key] = int(value) if key == "congress" and str(value).isdigit() else value
        return out


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
    # The typography a French export applies (no-break spaces, "’") is read as the plain text it came from;
    # the next export applies it again.
    text = re.sub(r"(?<=[^\W\d_])\u2019(?=[^\W\d_])", "'", text.replace("\u202f", " "))
    text = text.replace("«\u00a0", "« ").replace("\u00a0»", " »").replace("\u00a0:", " :")
    blocks = split_blocks(text)
    language = language or guess_language(blocks)
    p = phrases_for(language)
    style = style or guess_style(blocks, p)
    labelled = sum(1 for b in blocks if b.label) >= 2
    classifier = Classifier(language, style, labelled)
    for block in blocks:
        classifier.read(block)
    items = classifier.items
    if not any(item.kind in PART_KINDS for item in items):
        raise PetitionDeskError(N_(
            "No part of a resolution was found in the text. The importer looks for citations (“– having regard "
            "to …”), recitals (“A. whereas …” or “Whereas …;”), numbered paragraphs (“1. …”, “(a) …”) and a "
            "Riksdag motion's numbered proposals; check that the text has them, one part per paragraph."))
    return ImportResult(build(items, language, style), style, language, items, signers_from(items),
                        dict(classifier.options))


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
        if kind == "citation" and _is_rules_citation(language, text):
            continue  # the EP layout prints the Rules of Procedure citation itself, last
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
    p = phrases_for(language)
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
        match = template_re(generic, "legislature").match(text)
        if match:
            legislature = match.group("legislature").strip()
            if legislature.lower() != str(p.generic.get("default_legislature", "")).lower():
                res.set_text(res.text("legislature"), language, legislature)
            return
    res.set_text(res.text("opening"), language, text)


def _is_rules_citation(language: str, text: str) -> bool:
    """``text`` (without "having regard to") is the EP's own Rules of Procedure citation."""
    ep = phrases_for(language).ep
    rules, before = str(ep.get("rules_citation", "")), str(ep.get("citation_before", ""))
    if not rules:
        return False
    bare = " ".join(rules.removeprefix(before).split()).rstrip(",;. ")
    return " ".join(text.split()).rstrip(",;. ") in (bare, " ".join(rules.split()).rstrip(",;. "))


def _closing(res: Resolution, language: str, text: str) -> None:
    ep = phrases_for(language).ep
    plain = " ".join(text.split())
    # The current formula and the shorter one of older texts ("… to the Council, the Commission and …").
    for key in ("final_no_authorities", "final_no_authorities_older"):
        if ep.get(key) and " ".join(str(ep[key]).split()) == plain:
            return
    for key in ("final", "final_older"):
        final = str(ep.get(key, ""))
        if "{authorities}" in final:
            match = template_re(final, "authorities").match(plain)
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
        match = SPONSOR.match(item.text.strip())
        name, party = (match.group("name").strip(), match.group("party").strip()) if match else (item.text.strip(), "")
        key = name.casefold()
        if key in signers:
            signers[key].party = signers[key].party or party
        else:
            signers[key] = Signer(name=name, party=party)
    return list(signers.values())
