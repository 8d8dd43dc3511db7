"""The structure of a resolution or motion, in one or more languages.

A :class:`Resolution` holds what the aide writes: the title, the opening and
closing formulas when they differ from the style's, the citations, recitals,
operative paragraphs (with sub-points) and the Riksdag's proposals. The set
phrases around them ("having regard to", "whereas", "Resolved, That") come
from the style when the text is rendered, so the same content prints in any
style. Sponsors are the draft's signers (name, role, party).

Every text is kept per language, with two moments per language (counts of
the resolution's edits, not clock times): when it was last written or
confirmed, and when it last *changed as a source*. Editing a language that
is up to date changes the source; editing a language that lags behind (or
filling in a missing translation) only brings it up to date. A language is
*stale* when another language changed after it was last written: the
side-by-side editor marks it until its translation is brought up to date or
confirmed.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from desktop.core.errors import N_, PetitionDeskError, Problem
from desktop.core.fields import FieldReader
from desktop.core.localize import DOCUMENT_LANGUAGES

# The styles a resolution is printed in, declared once: the layout
# (desktop/core/layouts/resolution.py), its set phrases
# (templates/_resolution_styles.toml), the template's "style" setting, the
# command line and the editor all read these.
STYLES = ("ep", "riksdag", "us", "generic")
DEFAULT_STYLE = "generic"  # a resolution for no named legislature
# The header texts each style prints (the others are kept in the draft but not printed; the editor dims them).
PRINTED_HEADER_FIELDS: dict[str, frozenset[str]] = {
    "ep": frozenset({"title", "subject", "opening", "closing", "forward_to"}),
    "riksdag": frozenset({"title", "subject", "opening", "closing"}),
    "us": frozenset({"title", "subject", "us_title", "opening", "closing"}),
    "generic": frozenset({"title", "subject", "legislature", "opening", "closing"}),
}
# Styles whose text the chamber adopts as its own, so no sponsor signs it (a European Parliament resolution).
UNSIGNED_STYLES = frozenset({"ep"})
# The lists of parts, in the order a resolution prints them.
KINDS = ("citation", "recital", "operative", "proposal")
# The single texts around the lists. "opening" and "closing" are empty when
# the style's own formula is wanted.
HEADER_FIELDS = ("title", "subject", "us_title", "legislature", "opening", "closing", "forward_to")


def style_of(settings: dict[str, Any]) -> str:
    """The style a draft's settings ask for (the default when none); an unknown one raises."""
    style = str(settings.get("style") or DEFAULT_STYLE).strip().lower()
    if style not in STYLES:
        raise PetitionDeskError(
            N_("The resolution style %(style)s is unknown; choose one of %(styles)s."),
            style=style, styles=", ".join(STYLES))
    return style


def style_or_default(settings: dict[str, Any]) -> str:
    """Like :func:`style_of`, but the default for an unknown style (a window shows something; check names it)."""
    style = str(settings.get("style") or DEFAULT_STYLE).strip().lower()
    return style if style in STYLES else DEFAULT_STYLE


def new_id() -> str:
    return uuid.uuid4().hex[:12]


@dataclass
class Text:
    """One text in several languages, with when each was last edited."""

    values: dict[str, str] = field(default_factory=dict)
    edited: dict[str, int] = field(default_factory=dict)  # language → when last written or confirmed
    changed: dict[str, int] = field(default_factory=dict)  # language → when last changed as a source

    def get(self, language: str) -> str:
        return self.values.get(language, "")

    def is_stale(self, language: str, languages: list[str]) -> bool:
        """Whether another language's text changed after this language's was last written.

        A text empty in every language, or present only in this one, is never stale.
        """
        mine = self.edited.get(language, 0)
        for other in languages:
            if other != language and self.values.get(other, "").strip() and self.changed.get(other, 0) > mine:
                return True
        return False

    def copy(self) -> "Text":
        return Text(dict(self.values), dict(self.edited), dict(self.changed))

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {k: v for k, v in self.values.items()}
        if self.edited:
            data["_edited"] = dict(self.edited)
        if self.changed:
            data["_changed"] = dict(self.changed)
        return data

    @classmethod
    def from_data(cls, value: Any, where: str, problems: list[Problem]) -> "Text":
        if value is None or value == "":
            return cls()
        if isinstance(value, str):
            return cls({"en": value})
        if not isinstance(value, dict):
            problems.append(Problem(where, N_("must be a text or an object of texts by language")))
            return cls()
        values: dict[str, str] = {}
        stamps: dict[str, dict[str, int]] = {"_edited": {}, "_changed": {}}
        for key, item in value.items():
            if key in stamps and isinstance(item, dict):
                stamps[key] = {str(k): v for k, v in item.items() if isinstance(v, int) and not isinstance(v, bool)}
            elif key in DOCUMENT_LANGUAGES and isinstance(item, str):
                values[key] = item
            else:
                problems.append(Problem(f"{where}.{key}", N_("is not a language this program writes (%(languages)s)"),
                                        {"languages": ", ".join(DOCUMENT_LANGUAGES)}))
        return cls(values, stamps["_edited"], stamps["_changed"])


@dataclass
class Part:
    """A citation, recital, operative paragraph (with sub-points) or Riksdag proposal."""

    kind: str
    text: Text = field(default_factory=Text)
    children: list["Part"] = field(default_factory=list)  # sub-points (a), (b) of an operative paragraph
    id: str = field(default_factory=new_id)

    def copy(self, fresh_ids: bool = False) -> "Part":
        return Part(self.kind, self.text.copy(), [c.copy(fresh_ids) for c in self.children],
                    new_id() if fresh_ids else self.id)

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "text": self.text.to_data()}
        if self.children:
            data["points"] = [{"id": c.id, "text": c.text.to_data()} for c in self.children]
        return data


@dataclass
class Resolution:
    """The content of a resolution; its style and frame (date, number, sponsors) live in the draft."""

    languages: list[str] = field(default_factory=lambda: ["en"])  # the first is the one the aide writes in
    header: dict[str, Text] = field(default_factory=lambda: {name: Text() for name in HEADER_FIELDS})
    parts: dict[str, list[Part]] = field(default_factory=lambda: {kind: [] for kind in KINDS})
    clock: int = 0  # counts edits; stamps say which language's text is newer

    # -- reading ------------------------------------------------------------------

    def section(self, kind: str) -> list[Part]:
        return self.parts.setdefault(kind, [])

    def text(self, name: str) -> Text:
        return self.header.setdefault(name, Text())

    def walk(self) -> Iterator[Part]:
        """Every part and sub-point, in printing order."""
        for kind in KINDS:
            for part in self.section(kind):
                yield part
                yield from part.children

    def find(self, part_id: str) -> tuple[list[Part], int, Part | None]:
        """The list holding ``part_id``, its index there and its parent paragraph (None at the top)."""
        for kind in KINDS:
            siblings = self.section(kind)
            for index, part in enumerate(siblings):
                if part.id == part_id:
                    return siblings, index, None
                for sub_index, child in enumerate(part.children):
                    if child.id == part_id:
                        return part.children, sub_index, part
        raise KeyError(part_id)

    def part(self, part_id: str) -> Part:
        siblings, index, _parent = self.find(part_id)
        return siblings[index]

    def stale_parts(self, language: str) -> list[str]:
        """Ids of the parts (and header fields, by name) whose text in ``language`` lags behind another language."""
        out = [name for name in HEADER_FIELDS if self.text(name).is_stale(language, self.languages)]
        out += [p.id for p in self.walk() if p.text.is_stale(language, self.languages)]
        return out

    def is_empty(self) -> bool:
        return not any(p.text.values for p in self.walk()) and not any(t.values for t in self.header.values())

    # -- writing ------------------------------------------------------------------

    def tick(self) -> int:
        self.clock += 1
        return self.clock

    def set_text(self, target: Text, language: str, value: str, as_source: bool | None = None) -> None:
        """Set one language's text: a change of the source, or a translation catching up.

        ``as_source`` None decides from the texts (a lagging or missing
        translation catches up); an editor typing one keystroke at a time
        passes the decision its first keystroke made, for the whole run.
        """
        if target.values.get(language, "") == value:
            return
        if as_source is None:
            as_source = not (target.is_stale(language, self.languages) or (
                not target.values.get(language, "").strip() and any(v.strip() for v in target.values.values())))
        target.values[language] = value
        target.edited[language] = self.tick()
        if as_source:
            target.changed[language] = target.edited[language]

    def confirm(self, target: Text, language: str) -> None:
        """Mark ``language``'s text as up to date with the others without changing it."""
        target.edited[language] = self.tick()

    def copy(self) -> "Resolution":
        return Resolution(
            list(self.languages),
            {k: v.copy() for k, v in self.header.items()},
            {k: [p.copy() for p in v] for k, v in self.parts.items()},
            self.clock,
        )

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"languages": list(self.languages), "clock": self.clock}
        for name in HEADER_FIELDS:
            text = self.text(name)
            if text.values:
                data[name] = text.to_data()
        for kind in KINDS:
            if self.section(kind):
                data[_PLURAL[kind]] = [p.to_data() for p in self.section(kind)]
        return data


_PLURAL = {"citation": "citations", "recital": "recitals", "operative": "operative", "proposal": "proposals"}


def resolution_from_data(data: Any, where: str, problems: list[Problem]) -> Resolution:
    """Read the ``resolution`` object of a draft (or a resolution file); problems are collected."""
    r = FieldReader(data, where, problems)
    r.unknown({"languages", "clock", *HEADER_FIELDS, *_PLURAL.values()})
    languages = r.several("languages", DOCUMENT_LANGUAGES, "en")
    clock = r.integer("clock") or 0
    res = Resolution(languages=languages, clock=clock)
    for name in HEADER_FIELDS:
        res.header[name] = _text(r.data.get(name), r.where(name), problems, res.languages[0])
    for kind in KINDS:
        key = _PLURAL[kind]
        for item_where, item in r.items(key):
            part = _part(kind, item, item_where, problems, res.languages[0])
            if part is not None:
                res.section(kind).append(part)
    seen: set[str] = set()
    for part in res.walk():  # a hand-edited draft may repeat an id; parts are found by it
        if part.id in seen:
            problems.append(Problem(f"{where}.{part.id}", N_("is the id of two parts; give each part its own id")))
        seen.add(part.id)
    res.clock = max([res.clock, *[max([*t.edited.values(), *t.changed.values()], default=0) for t in _all_texts(res)]])
    return res


def _text(value: Any, where: str, problems: list[Problem], language: str) -> Text:
    if isinstance(value, str):
        return Text({language: value}) if value else Text()
    return Text.from_data(value, where, problems)


def _part(kind: str, item: Any, where: str, problems: list[Problem], language: str) -> Part | None:
    if isinstance(item, (str, dict)) and not (isinstance(item, dict) and "text" in item):
        # A bare text, or {"en": …, "sv": …}
        return Part(kind, _text(item, where, problems, language))
    if not isinstance(item, dict):
        problems.append(Problem(where, N_("must be a text or an object with a text")))
        return None
    r = FieldReader(item, where, problems)
    r.unknown({"id", "text", "points"})
    part = Part(kind, _text(item.get("text"), r.where("text"), problems, language))
    if isinstance(item.get("id"), str) and item["id"].strip():
        part.id = item["id"].strip()
    for point_where, point in r.items("points"):
        if kind != "operative":
            problems.append(Problem(point_where, N_("only operative paragraphs have sub-points")))
            break
        child = _part("operative", point, point_where, problems, language)
        if child is not None:
            child.children = []
            part.children.append(child)
    return part


def _all_texts(res: Resolution) -> Iterator[Text]:
    yield from res.header.values()
    for part in res.walk():
        yield part.text
