"""Saying what each block of an imported text is: a citation, a recital, a paragraph, a heading, a sponsor.

:class:`Classifier` reads the blocks (:mod:`desktop.core.resolution.import_blocks`)
in order and keeps track of where in the text it is (the head, the citations,
the recitals, the operative part, a motion's proposals or its motivation, the
signatures). For each block it writes a :class:`Recognised` item: the kind it
took the block for, the block's own words without the label, the set phrase
and the punctuation the style adds, and the label and phrase it took off.
Frame facts seen on the way (a motion's session and number, the US
Congress and resolution number) are collected in ``options``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from desktop.core.resolution.import_blocks import Block
from desktop.core.resolution.import_phrases import (
    DATE,
    EP_SV_OPERATIVE,
    NAME,
    NUMBER_LINE,
    SPONSOR,
    match_byline,
    phrases_for,
)

KINDS = ("title", "subject", "opening", "citation", "recital", "operative", "point", "proposal", "closing",
         "sponsor", "heading", "text")
# The kinds that are parts of the resolution's lists.
PART_KINDS = ("citation", "recital", "operative", "point", "proposal")


@dataclass
class Recognised:
    """One part of the source as the importer understood it."""

    line: int  # 1-based line in the source where the part starts
    kind: str  # one of KINDS
    text: str  # the part's own words, without label, set phrase and closing punctuation
    label: str = ""  # the label seen: "A.", "12.", "(b)", "–"
    phrase: str = ""  # the set phrase recognised, if any



class Classifier:
    """One pass over the blocks of a text: the items recognised, in order, and the frame facts seen."""

    def __init__(self, language: str, style: str, labelled: bool) -> None:
        self.p = phrases_for(language)
        self.language, self.style, self.labelled = language, style, labelled
        self.section = "head"
        self.items: list[Recognised] = []
        self.options: dict[str, str] = {}
        self.title_seen = ""
        self._ends: dict[int, str] = {}  # id of an item → the punctuation its source text ended with

    def add(self, block: Block, kind: str, text: str, phrase: str = "") -> None:
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

    def read(self, block: Block) -> None:
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

    def _labelled(self, block: Block, kind: str, text: str) -> None:
        phrase = ""
        if kind == "operative" and self.section == "proposals" or self.style == "riksdag" and kind == "operative":
            match = self.p.riksdag_subject.match(text)
            if match:
                phrase, text = text[: match.start("rest")], match.group("rest")
            else:
                kind = "proposal"
        if kind == "operative" and self.language == "sv" and text.startswith(EP_SV_OPERATIVE + " "):
            phrase, text = EP_SV_OPERATIVE, text[len(EP_SV_OPERATIVE) + 1:]
        if kind == "point" and self.section not in ("operative", "end") and not self.last_part():
            kind = "operative"
        self.add(block, kind, text, phrase)
        self.section = {"citation": "citations", "recital": "recitals", "proposal": "proposals"}.get(kind, "operative")

    def _frame(self, block: Block, text: str) -> bool:
        """Headings, titles, formulas, bylines and sponsors; True when ``block`` was one of them."""
        p = self.p
        if p.riksdag_header.match(text) or p.generic_heading.match(text):
            self.add(block, "heading", text)
            self.section = "riksdag_head" if p.riksdag_header.match(text) else "head"
            return True
        number = NUMBER_LINE.match(text)
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
        sponsor = SPONSOR.match(text)
        if sponsor and NAME.match(sponsor.group("name").strip()):
            self._sponsor(block, sponsor.group("name"), sponsor.group("party"))
            return True
        if DATE.match(text):
            self.add(block, "heading", text)
            if self.section not in ("head", "riksdag_head"):
                self.section = "end"
            return True
        return False

    def _byline(self, block: Block, text: str) -> bool:
        found = match_byline(text)
        if found is None:
            return False
        names, party, phrase = found
        for name in names:
            self._sponsor(block, name, party, phrase)
        return True

    def _sponsor(self, block: Block, name: str, party: str, phrase: str = "") -> None:
        name, party = name.strip(), party.strip()
        text = f"{name} ({party})" if party else name
        self.items.append(Recognised(block.line, "sponsor", text, block.label, phrase))
        if self.section in ("motivation", "operative", "recitals", "proposals"):
            self.section = "end"  # the signatures close the text

    def _unlabelled(self, block: Block, text: str) -> None:
        section = self.section
        if section in ("riksdag_head", "head") and not self.title_seen and not self.last_part():
            self.title_seen = text
            self.add(block, "title", text.rstrip("."))
            return
        if section == "head" and text == self.title_seen:
            self.add(block, "heading", text)  # the US title printed a second time
            return
        if section in ("motivation", "end", "operative", "proposals") and NAME.match(text) and len(text) < 60 \
                and (self.style != "ep" or section == "end"):
            self._sponsor(block, text, "")
            return
        if section == "motivation":
            if len(text) < 70 and text[-1:] not in ".;:!?,":
                self.add(block, "heading", text)
            else:
                self.add(block, "recital", text)
            return
        if self.language == "sv" and text.startswith(EP_SV_OPERATIVE + " ") and section != "head":
            self.add(block, "operative", text[len(EP_SV_OPERATIVE) + 1:], EP_SV_OPERATIVE)
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

    def _unlabelled_operative(self, block: Block, text: str, previous: Recognised | None) -> None:
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
