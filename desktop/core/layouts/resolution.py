"""A parliamentary resolution in one of four styles: ``ep``, ``riksdag``, ``us``, ``generic``.

The template text writes the case-specific wording in named sections,
each opened by ``@heading <name>``:

- ``@subject``            what the resolution is "on" (EP title);
- ``title``               a short title (Riksdag motion, generic resolution);
- ``us_title``            a US-style title ("Condemning …");
- ``forward_to``          the case's authorities in the EP closing formula;
- ``citations``           list items completing "having regard to …";
- ``recitals``            list items completing "whereas …";
- ``operative``           list items completing "The Parliament … condemns …", sub-items allowed;
- ``proposals``           list items completing the Riksdag formula "… i motionen om …".

This module supplies everything else from ``templates/_resolution_styles.toml``
(style → language → phrase): openings, the words before and after each
clause, lettering and numbering as real lists, the closing formula and the
signatures. The same content therefore renders in any style: only
``options["style"]`` changes.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path
from typing import Any

from desktop.core import localize
from desktop.core.document import Block, Document, Heading, ListBlock, ListItem, Paragraph, Run, Signature, SignatureBlock
from desktop.core.errors import N_, PetitionDeskError
from desktop.core.files import load_structured
from desktop.core.markup import ParsedBody
from desktop.core.recipients import Recipient
from desktop.core.resources import templates_dir
from desktop.core.signers import Signer

STYLES = ("ep", "riksdag", "us", "generic")
SECTIONS = ("title", "us_title", "forward_to", "citations", "recitals", "operative", "proposals")


def build(document: Document, body: ParsedBody, context: dict[str, Any], recipient: Recipient,
          signers: list[Signer], language: str, options: Any, phrases: dict[str, str]) -> None:
    """Fill ``document`` with the resolution in the style ``context["options"]["style"]``."""
    settings = context.get("options") or {}
    style = str(settings.get("style") or "generic").strip().lower()
    if style not in STYLES:
        raise PetitionDeskError(
            N_("The resolution style %(style)s is unknown; choose one of %(styles)s."),
            style=style, styles=", ".join(STYLES))
    words = style_phrases(style, language)
    parts = split_sections(body)
    extra = [str(c).strip() for c in settings.get("citations") or [] if str(c).strip()]
    parts["citations"] = parts.get("citations", []) + [ListItem([Run(c)]) for c in extra]
    extra_recitals = [str(c).strip() for c in settings.get("recitals") or [] if str(c).strip()]
    parts["recitals"] = parts.get("recitals", []) + [ListItem([Run(c)]) for c in extra_recitals]
    date = options.date if isinstance(getattr(options, "date", None), dt.date) else dt.date.today()
    facts = _Facts(parts, body.subject or "", words, date, language, recipient, signers, settings, context)
    document.furniture.letterhead = []  # a resolution is a parliamentary text, not a letter
    document.blocks = {"ep": _ep, "riksdag": _riksdag, "us": _us, "generic": _generic}[style](facts)
    if facts.title:
        document.title = facts.title


# -- sections -----------------------------------------------------------------

def split_sections(body: ParsedBody) -> dict[str, Any]:
    """The named sections of the rendered text: list items for lists, text for the others."""
    parts: dict[str, Any] = {}
    current: str | None = None
    for block in body.blocks:
        if isinstance(block, Heading) and block.text.strip() in SECTIONS:
            current = block.text.strip()
            continue
        if current is None:
            continue
        if isinstance(block, ListBlock):
            parts.setdefault(current, []).extend(block.items)
        elif isinstance(block, Paragraph):
            if current in ("title", "us_title", "forward_to"):
                parts[current] = (parts.get(current, "") + " " + block.text).strip()
            else:
                parts.setdefault(current, []).append(ListItem(block.runs))
    return parts


class _Facts:
    """What one style needs: the sections, the style's phrases and the frame's facts."""

    def __init__(self, parts: dict[str, Any], subject: str, words: dict[str, Any], date: dt.date, language: str,
                 recipient: Recipient, signers: list[Signer], settings: dict[str, Any], context: dict[str, Any]):
        self.parts, self.subject, self.words, self.date = parts, subject, words, date
        self.language, self.recipient, self.signers, self.settings = language, recipient, signers, settings
        self.place = str(context.get("letter", {}).get("place") or "")
        self.title = ""

    def items(self, name: str) -> list[ListItem]:
        return list(self.parts.get(name, []))

    def text(self, name: str) -> str:
        return str(self.parts.get(name, "")).strip()

    def phrase(self, key: str, **values: Any) -> str:
        template = str(self.words.get(key, ""))
        for name, value in values.items():
            template = template.replace("{" + name + "}", str(value))
        return template

    def long_date(self) -> str:
        return localize.format_date(self.date, self.language, self.recipient.country, "long")


def _clause(item: ListItem, before: str, after: str, capital: bool, semicolon: str = ";") -> ListItem:
    """``item`` with the style's words around it: "whereas " + text + ";"."""
    runs = [Run(r.text, r.bold, r.italic) for r in item.runs if r.text]
    if runs:
        last = runs[-1]
        runs[-1] = Run(_bare(last.text), last.bold, last.italic)
        first = runs[0]
        text = first.text.lstrip()
        if capital and not before:
            text = text[:1].upper() + text[1:]
        runs[0] = Run(text, first.bold, first.italic)
    if before.endswith("que ") and runs and runs[0].text[:1].lower() in "aeiouyàâéèêîôûœh":
        before = before[:-2] + "'"  # French elision: "considérant qu'Andrei"
    lead = [Run(before)] if before else []
    children = None
    if item.children is not None:
        children = ListBlock([_clause(c, "", semicolon, False, semicolon) for c in item.children.items],
                             style="lower-alpha")
        _end_series(children.items, semicolon, "")
        after = "\u00a0:" if semicolon.startswith("\u00a0") else ":"
    return ListItem([*lead, *runs, Run(after)] if after else [*lead, *runs], children)


def _end_series(items: list[ListItem], last_end: str, and_word: str, before_last: str = "") -> None:
    """Change the punctuation of the last items of a series ("…;" → "…; and", last "….")."""
    for index, item in enumerate(items):
        if item.children is not None:
            continue
        tail = item.runs[-1]
        if index == len(items) - 1 and last_end:
            item.runs[-1] = Run(_bare(tail.text) + last_end, tail.bold, tail.italic)
        elif index == len(items) - 2 and before_last:
            item.runs[-1] = Run(_bare(tail.text) + before_last, tail.bold, tail.italic)


def _para(text: str, role: str = "body", bold: bool = False, align: str = "left", keep: bool = False) -> Paragraph:
    return Paragraph([Run(text, bold=bold)], role=role, align=align, keep_with_next=keep)  # type: ignore[arg-type]


def _recital_list(f: _Facts) -> list[Block]:
    items = [_clause(i, f.phrase("recital_before"), f.phrase("recital_after"), bool(f.words.get("recital_capital")))
             for i in f.items("recitals")]
    return [ListBlock(items, style="upper-alpha")] if items else []


def _citation_list(f: _Facts) -> list[Block]:
    items = [_clause(i, f.phrase("citation_before"), f.phrase("citation_after"), False) for i in f.items("citations")]
    return [ListBlock(items, style="dash")] if items else []


def _operative_list(f: _Facts, closing: str = "") -> list[Block]:
    prefix = f.phrase("operative_before")
    semi = f.phrase("semicolon") or ";"
    items = [_clause(i, prefix, semi, bool(f.words.get("operative_capital")), semi) for i in f.items("operative")]
    if closing:
        items.append(ListItem([Run(closing)]))
    _end_series(items, ".", "")
    return [ListBlock(items, style="decimal")] if items else []


def _signer_lines(f: _Facts) -> list[Block]:
    lines = []
    for s in f.signers:
        party = s.party.strip()
        lines.append(_para(f.phrase("signer_with_party", name=s.name, party=party) if party else s.name))
    return lines


# -- styles -------------------------------------------------------------------

def _ep(f: _Facts) -> list[Block]:
    subject = f.subject or f.text("title")
    f.title = f.phrase("title", date=f.long_date(), subject=subject)
    forward = f.text("forward_to")
    closing = f.phrase("final", authorities=forward) if forward else f.phrase("final_no_authorities")
    return [
        _para(f.title, role="title", bold=True, align="center"),
        _para(f.phrase("opening"), keep=True),
        *_citation_list(f),
        *_recital_list(f),
        *_operative_list(f, closing=closing),
    ]


def _riksdag(f: _Facts) -> list[Block]:
    session = str(f.settings.get("session") or _riksmote(f.date))
    number = str(f.settings.get("number") or "…")
    first = f.signers[0] if f.signers else None
    parties = {s.party.strip() for s in f.signers if s.party.strip()}
    blocks: list[Block] = [_para(f.phrase("header"), role="title", bold=True)]
    if f.words.get("translation_note"):
        blocks.append(Paragraph([Run(f.phrase("translation_note"), italic=True)], role="small"))
    blocks.append(_para(f.phrase("number_line", session=session, number=number)))
    if first is not None:
        key = "byline_others" if len(f.signers) > 1 else "byline"
        party = f" ({first.party.strip()})" if first.party.strip() and len(parties) <= 1 else ""
        blocks.append(_para(f.phrase(key, name=first.name, party=party)))
    f.title = f.text("title") or f.subject
    blocks.append(Heading(f.title, level=1))
    blocks.append(Heading(f.phrase("proposals_heading"), level=2))
    proposals = [ListItem([Run(f.phrase("proposal", text=_plain(i)))]) for i in f.items("proposals")]
    if proposals:
        blocks.append(ListBlock(proposals, style="decimal"))
    blocks.append(Heading(f.phrase("motivation_heading"), level=2))
    blocks.extend(_para(_sentence(_plain(i))) for i in f.items("recitals"))
    blocks.extend(_signer_lines(f))
    return blocks


def _us(f: _Facts) -> list[Block]:
    congress = int(f.settings.get("congress") or (f.date.year - 1789) // 2 + 1)
    session = int(f.settings.get("session") or (1 if f.date.year % 2 else 2))
    title = f.text("us_title") or f.subject
    f.title = title
    blocks: list[Block] = [
        _para(f.phrase("congress", n=_ordinal(congress, f)), bold=True),
        _para(f.phrase("session", n=_ordinal(session, f)), bold=True),
        _para(f.phrase("number", number=str(f.settings.get("number") or "___")), bold=True, align="right"),
        _para(title, role="title", bold=True, align="center"),
        _para(f.phrase("chamber"), align="center"),
        _para(f.long_date(), align="center"),
        _para(f.phrase("resolution"), role="title", bold=True, align="center"),
        _para(title, role="title", align="center"),
    ]
    recitals = f.items("recitals")
    for index, item in enumerate(recitals):
        after = (f.phrase("semicolon") or ";") if index < len(recitals) - 2 else (f.phrase("and_end") if index == len(recitals) - 2 else f.phrase("therefore"))
        blocks.append(Paragraph(_clause(item, f.phrase("recital_before"), after, False).runs))
    resolved = Paragraph([Run(f.phrase("resolved"), italic=True), Run(f.phrase("resolved_rest"))], keep_with_next=True)
    blocks.append(resolved)
    prefix = f.phrase("operative_before")
    semi = f.phrase("semicolon") or ";"
    items = [_clause(i, prefix, semi, False, semi) for i in f.items("operative")]
    _end_series(items, ".", "", before_last=f.phrase("and_end"))
    if items:
        blocks.append(ListBlock(items, style="decimal"))
    blocks.extend(_signer_lines(f))
    return blocks


def _generic(f: _Facts) -> list[Block]:
    f.title = f.text("title") or f.subject
    legislature = f.recipient.organisation.strip() or f.phrase("default_legislature")
    blocks: list[Block] = [
        _para(f.phrase("heading"), role="title", bold=True, align="center"),
        _para(f.title, role="title", align="center"),
        _para(f.phrase("opening", legislature=legislature), keep=True),
        *_citation_list(f),
        *_recital_list(f),
        *_operative_list(f),
    ]
    date = f.long_date()
    blocks.append(_para(f.phrase("date_line", place=f.place, date=date) if f.place else date, role="date"))
    if f.signers:
        blocks.append(SignatureBlock([_signature(s, f) for s in f.signers]))
    return blocks


def _signature(s: Signer, f: _Facts) -> Signature:
    role = s.role.strip()
    if s.party.strip():
        role = f"{role} ({s.party.strip()})" if role else f"({s.party.strip()})"
    return Signature(name=s.name, lines=[x for x in (role, s.organisation.strip()) if x], image=s.signature_image)


# -- helpers ------------------------------------------------------------------

def _bare(text: str) -> str:
    """``text`` without its closing punctuation (and the French no-break space before it)."""
    return text.rstrip().rstrip(";,.:\u00a0 ")


def _plain(item: ListItem) -> str:
    text = item.text.strip().rstrip(";,.:")
    if item.children is not None:
        text += ": " + "; ".join(c.text.strip().rstrip(";,.") for c in item.children.items)
    return text


def _sentence(text: str) -> str:
    text = text.strip()
    return (text[:1].upper() + text[1:] + ".") if text else text


def _riksmote(date: dt.date) -> str:
    """The Riksdag's session year: it opens in September."""
    start = date.year if date.month >= 9 else date.year - 1
    return f"{start}/{(start + 1) % 100:02d}"


def _ordinal(n: int, f: _Facts) -> str:
    if f.language == "sv":
        return f"{n}:a" if n % 10 in (1, 2) and n % 100 not in (11, 12) else f"{n}:e"
    if f.language == "en":
        suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        return f"{n}{suffix}"
    special = f.words.get("ordinal_one") if n == 1 else None
    return str(special) if special else f.phrase("ordinal", n=n)


def style_phrases(style: str, language: str) -> dict[str, Any]:
    """The set phrases of ``style`` in ``language`` (English for a key the language lacks)."""
    data = _styles(templates_dir() / "_resolution_styles.toml")
    common = data.get("common", {})
    merged: dict[str, Any] = {}
    for lang in ("en", language):
        merged.update(common.get(lang, {}))
        merged.update(data.get(style, {}).get(lang, {}))
    return merged


@lru_cache(maxsize=4)
def _styles(path: Path) -> dict[str, Any]:
    return load_structured(path)
