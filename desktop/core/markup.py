"""The small markup that template texts are written in, turned into blocks.

Rules (a rendered template is plain text):

- Blocks are separated by blank lines; the lines of a paragraph are joined
  with a space. Windows line ends and trailing spaces do not matter.
- ``@subject TEXT`` sets the letter's subject (not a block of its own);
  ``@heading TEXT`` or ``# TEXT`` is a heading, ``## TEXT`` a sub-heading;
  ``@pagebreak`` starts a new page; ``@image N`` places photo number ``N``
  (counted from 0) of the template's ``options.photos``, which
  :mod:`desktop.core.compose` fills in. These lines stand alone even
  without blank lines around them.
- A block whose lines all start with ``- `` is a bulleted list; ``1. ``
  (any first number: the list starts there) a numbered one; ``a) `` and
  ``A. `` lettered ones (at least two items, in order, so a paragraph that
  starts "A. Smith wrote" stays a paragraph). Lines indented by two or more
  spaces belong to the item above them: as sub-items if they carry a
  marker, else as a continuation of its text.
- ``**bold**`` and ``*italic*`` inside text; ``\\*`` (backslash before any
  ASCII punctuation) writes the character literally.

Values that a template inserts with ``{{ }}`` are passed through
:func:`protect` by the sandbox: every character that could form markup is
replaced by a private-use sentinel, which :func:`parse` turns back into the
literal character only after the structure has been read. A prisoner's
name or a demand typed by a user therefore can never become a heading, a
list, bold text or a new subject.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from desktop.core.text import strip_illegal
from desktop.core.document import Block, Heading, ListBlock, ListItem, PageBreak, Paragraph, Run

# Markup-significant characters and the private-use sentinels that stand for
# them inside inserted values (U+E000 … in the Private Use Area).
_MARKUP_CHARS = "\\*@#-.)"
_SENTINEL_BASE = 0xE000
_PROTECT = {ord(c): chr(_SENTINEL_BASE + i) for i, c in enumerate(_MARKUP_CHARS)}
_RESTORE = {ord(chr(_SENTINEL_BASE + i)): c for i, c in enumerate(_MARKUP_CHARS)}

# Characters XML 1.0 forbids (DOCX is XML) plus DEL; the tab stays.
_LINE_BREAKS = re.compile(r"\s*[\r\n\u2028\u2029\x85]+\s*")


def clean_text(text: str) -> str:
    """``text`` without characters that are illegal in XML (the tab stays)."""
    return strip_illegal(text)


def protect(value: str) -> str:
    """Make an inserted value literal text: no markup, no line breaks.

    Line breaks inside a value (a summary typed in several paragraphs)
    become single spaces: a value stays inside the paragraph the template
    put it in, so it can neither end that paragraph nor start a new block.
    """
    # Sentinels already in the value (a macro's output printed again) stay:
    # they stand for literal characters, and restore() turns them back.
    value = _LINE_BREAKS.sub(" ", clean_text(value))
    return value.translate(_PROTECT)


def restore(text: str) -> str:
    """Turn sentinels back into the literal characters they stand for."""
    return text.translate(_RESTORE)


@dataclass(frozen=True)
class PhotoSlot:
    """Where ``@image N`` stood: compose puts photo ``index`` of the options there."""

    index: int


@dataclass
class ParsedBody:
    subject: str | None = None
    blocks: list[Block | PhotoSlot] = field(default_factory=list)


_DIRECTIVE = re.compile(r"^@(subject|heading|pagebreak)\b[ \t]*(.*)$")
_IMAGE = re.compile(r"^@image[ \t]+(\d{1,4})$")
_HEADING = re.compile(r"^(#{1,2})[ \t]+(.+)$")
_ITEM = re.compile(r"^(?P<indent>[ \t]*)(?:(?P<bullet>-)|(?P<num>\d{1,4})\.|(?P<lower>[a-z])\)|(?P<upper>[A-Z])\.)[ \t]+(?P<text>.*)$")


def parse(text: str) -> ParsedBody:
    """Read rendered template text into a subject and document blocks."""
    body = ParsedBody()
    lines = [clean_text(line).rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    chunk: list[str] = []
    for line in lines:
        stripped = line.strip()
        if not stripped:
            _flush(chunk, body)
            continue
        image = _IMAGE.match(stripped)
        if image:
            _flush(chunk, body)
            body.blocks.append(PhotoSlot(int(image.group(1))))
            continue
        directive = _DIRECTIVE.match(stripped)
        heading = _HEADING.match(stripped)
        if directive or heading:
            _flush(chunk, body)
            if heading:
                body.blocks.append(Heading(_plain(heading.group(2)), level=len(heading.group(1))))
            elif directive.group(1) == "pagebreak":
                body.blocks.append(PageBreak())
            elif directive.group(1) == "heading":
                body.blocks.append(Heading(_plain(directive.group(2)), level=1))
            elif body.subject is None:
                body.subject = _plain(directive.group(2))
            continue
        chunk.append(line)
    _flush(chunk, body)
    return body


def _flush(chunk: list[str], body: ParsedBody) -> None:
    if chunk:
        body.blocks.extend(_list_blocks(chunk) or [Paragraph(inline(" ".join(line.strip() for line in chunk)))])
        chunk.clear()


# -- lists --------------------------------------------------------------------

@dataclass
class _Entry:
    indent: int
    style: str
    number: int
    text: str


def _list_blocks(lines: list[str]) -> list[ListBlock] | None:
    """The list blocks ``lines`` form, or None when they are a paragraph."""
    entries: list[_Entry] = []
    for line in lines:
        match = _ITEM.match(line)
        indent = len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip())
        if match:
            style, number = _marker(match)
            entries.append(_Entry(indent, style, number, match.group("text").strip()))
        elif entries and indent >= 2:
            entries[-1].text += " " + line.strip()  # a wrapped item continues
        else:
            return None
    if not entries or entries[0].indent >= 2:
        return None
    blocks: list[ListBlock] = []
    position = 0
    while position < len(entries):
        block, position = _build_list(entries, position, entries[position].indent)
        blocks.append(block)
    if not all(_well_lettered(block) for block in blocks):
        return None
    return blocks


def _marker(match: re.Match[str]) -> tuple[str, int]:
    if match.group("bullet"):
        return "bullet", 1
    if match.group("num"):
        return "decimal", int(match.group("num"))
    if match.group("lower"):
        return "lower-alpha", ord(match.group("lower")) - ord("a") + 1
    return "upper-alpha", ord(match.group("upper")) - ord("A") + 1


def _build_list(entries: list[_Entry], position: int, indent: int) -> tuple[ListBlock, int]:
    """One list of same-style items at ``indent``, with deeper items as children."""
    first = entries[position]
    block = ListBlock(items=[], style=first.style, start=first.number)  # type: ignore[arg-type]
    while position < len(entries):
        entry = entries[position]
        if entry.indent < indent or (entry.indent - indent < 2 and entry.style != first.style):
            break
        if entry.indent - indent >= 2 and block.items:
            children, position = _build_list(entries, position, entry.indent)
            parent = block.items[-1]
            if parent.children is None:
                parent.children = children
            else:
                parent.children.items.extend(children.items)
            continue
        block.items.append(ListItem(inline(entry.text)))
        position += 1
    return block, position


def _well_lettered(block: ListBlock) -> bool:
    """Lettered lists need two or more items lettered in order."""
    if block.style in ("lower-alpha", "upper-alpha") and len(block.items) < 2:
        return False
    return all(_well_lettered(item.children) for item in block.items if item.children)


# -- inline -------------------------------------------------------------------

_ESCAPABLE = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


def inline(text: str) -> list[Run]:
    """Runs of ``text`` with ``**bold**`` and ``*italic*`` applied."""
    if "*" not in text and "\\" not in text:
        return [Run(restore(text))]  # the common case: nothing to read
    tokens: list[tuple[str, str]] = []  # ("text", chars) or ("**"|"*", marker)
    i = 0
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text) and text[i + 1] in _ESCAPABLE:
            tokens.append(("text", text[i + 1]))
            i += 2
        elif char == "*":
            j = i
            while j < len(text) and text[j] == "*":
                j += 1
            stars = j - i
            tokens.extend([("**", "**")] * (stars // 2) + [("*", "*")] * (stars % 2))
            i = j
        else:
            tokens.append(("text", char))
            i += 1
    paired = _pair_markers(tokens)
    runs: list[Run] = []
    bold = italic = False
    for index, (kind, chars) in enumerate(tokens):
        if index in paired:
            if kind == "**":
                bold = not bold
            else:
                italic = not italic
            continue
        chars = restore(chars)
        if runs and runs[-1].bold == bold and runs[-1].italic == italic:
            runs[-1] = Run(runs[-1].text + chars, bold, italic)
        else:
            runs.append(Run(chars, bold, italic))
    return runs or [Run("")]


def _pair_markers(tokens: list[tuple[str, str]]) -> set[int]:
    """Indexes of markers that open or close emphasis; the rest are literal.

    An opener must be followed, and a closer preceded, by a non-space
    character, so "5 * 3" keeps its star.
    """
    def neighbour(index: int, step: int) -> str:
        index += step
        while 0 <= index < len(tokens) and tokens[index][0] != "text":
            index += step
        return tokens[index][1] if 0 <= index < len(tokens) else " "

    paired: set[int] = set()
    open_at: dict[str, int] = {}
    for index, (kind, _) in enumerate(tokens):
        if kind == "text":
            continue
        before, after = neighbour(index, -1), neighbour(index, 1)
        if kind in open_at and not before.isspace() and open_at[kind] != index - 1:
            paired.update((open_at.pop(kind), index))
        elif kind not in open_at and not after.isspace():
            open_at[kind] = index
    return paired


def _plain(text: str) -> str:
    """Text of a heading or subject: markup read, emphasis dropped."""
    return "".join(run.text for run in inline(text.strip()))
