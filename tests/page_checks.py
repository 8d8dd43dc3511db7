"""Typography read back from a laid-out PDF, line by line: what a reader sees on each printed page.

The checks take the pages of a PDF as lines of extracted text (from
reportlab's PDF or from LibreOffice's rendering of the DOCX) together with
the document model they were made from, and return a list of faults, each a
short sentence naming the page and the line:

- a Russian line that starts with a dash;
- a day at the end of a line and its month at the start of the next;
- a page that ends with a heading, a subject line, or a paragraph that
  introduces a list ("… to:", "… auf,"), or with a list item whose
  sub-items start on the next page;
- the closing (or the signatures) on a page without body text above them;
- a page that holds nothing but furniture: page number, running header,
  letterhead, the historical-example note.
"""

from __future__ import annotations

import io
import re

from babel import Locale
from pypdf import PdfReader

from desktop.core import document as model
from desktop.core.compose import load_phrases

DASHES = ("—", "–")
_LABEL = re.compile(r"^(?:[•–—-]|\(?\w{1,3}[.)])\s+")  # a list item's label, printed before its text


def flat(text: str) -> str:
    return " ".join(text.replace("\xa0", " ").replace("\u202f", " ").replace("\xad", "").split())


def pdf_pages(pdf: bytes) -> list[list[str]]:
    """The lines of text of each page of ``pdf``, empty lines left out."""
    return [[line for line in (page.extract_text() or "").splitlines() if line.strip()]
            for page in PdfReader(io.BytesIO(pdf)).pages]


def months(language: str) -> set[str]:
    locale = Locale.parse(language)
    names = {str(m).lower() for ctx in ("format", "stand-alone") for width in ("wide", "abbreviated")
             for m in locale.months[ctx][width].values()}
    return {name.strip(".") for name in names}


def _footer_pattern(document: model.Document) -> re.Pattern[str] | None:
    footer = flat(document.furniture.footer_text)
    if not footer:
        return None
    return re.compile(re.escape(footer).replace(r"\{page\}", r"\d+").replace(r"\{pages\}", r"\d+"))


def content_lines(pages: list[list[str]], document: model.Document) -> list[list[str]]:
    """Each page's lines without its furniture: the letterhead on page 1, the running header, the note, the footer."""
    footer = _footer_pattern(document)
    header = flat(document.furniture.header_text)
    # The note that marks a historical example is furniture wherever it is printed.
    note = flat(getattr(document.furniture, "note", "") or load_phrases(document.language)["historical_example"])
    letterhead = [flat(line) for line in document.furniture.letterhead if flat(line)]
    out = []
    for number, lines in enumerate(pages):
        lines = [flat(line) for line in lines if flat(line)]
        if number == 0:
            for line in letterhead:  # the letterhead opens the first page, line by line
                if lines and lines[0] == line:
                    lines = lines[1:]
        elif header and lines and lines[0] == header:
            lines = lines[1:]
        while lines and ((footer is not None and footer.fullmatch(lines[-1])) or (note and lines[-1] in note)):
            lines = lines[:-1]
        if note and lines and lines[0] in note:  # a DOCX footer may be read before the body
            lines = lines[1:]
        out.append(lines)
    return out


def _items(block: model.ListBlock):
    for item in block.items:
        yield item
        if item.children is not None:
            yield from _items(item.children)


def _dash_items(document: model.Document) -> list[str]:
    """The texts of the items of lists labelled with a dash, whose lines rightly start with one."""
    def lists(blocks):
        for block in blocks:
            if isinstance(block, model.ListBlock):
                yield block
                for item in block.items:
                    if item.children is not None:
                        yield from lists([item.children])
    return [flat(item.text) for block in lists(document.blocks) if block.style == "dash" for item in block.items]


def must_not_end_a_page(document: model.Document) -> list[tuple[str, str]]:
    """(kind, text) of every block a page must not end with: it belongs with what follows it."""
    out: list[tuple[str, str]] = []
    blocks = document.blocks
    for block, following in zip(blocks, [*blocks[1:], None]):
        if isinstance(block, model.Heading):
            out.append(("heading", block.text))
        elif isinstance(block, model.Paragraph) and following is not None:
            text = block.text.rstrip()
            if block.role in ("subject", "salutation", "title", "h1", "h2"):
                out.append((block.role, text))
            elif text.endswith((":", ",")) and isinstance(following, model.ListBlock):
                out.append(("lead-in", text))
        if isinstance(block, model.ListBlock):
            out += [("item with sub-items", item.text) for item in _items(block)
                    if item.children is not None and item.children.items]
    return [(kind, flat(text)) for kind, text in out if flat(text)]


def _ends(line: str, text: str) -> bool:
    """Whether ``line`` is the last printed line of ``text`` (long enough not to match by chance)."""
    line = _LABEL.sub("", line) if not text.endswith(line) else line
    return text.endswith(line) and (len(line) >= 12 or line == text)


def faults(pages: list[list[str]], document: model.Document, signer_name: str = "") -> list[str]:
    """Everything that breaks the page rules above, as sentences; empty when the document reads well."""
    language = document.language
    found: list[str] = []
    month_names = months(language)
    content = content_lines(pages, document)
    labelled = _dash_items(document)
    for number, lines in enumerate(pages, start=1):
        for line, following in zip(lines, [*lines[1:], ""]):
            text = flat(line)
            if language == "ru" and text.startswith(DASHES) and not any(
                    item.startswith(text[1:].strip()[:30]) for item in labelled):  # not a dash list's label
                found.append(f"page {number}: a line starts with a dash: {line!r}")
            day_at_end = re.search(r"(?:^|\s)\d{1,2}\.?$", flat(line))
            next_word = (flat(following).split() or [""])[0].lower().strip(",.")
            if day_at_end and next_word in month_names:
                found.append(f"page {number}: a day is parted from its month: {line!r} / {following!r}")
    if document.drawn is not None:
        return found
    for number, lines in enumerate(content, start=1):
        if not lines:
            found.append(f"page {number} holds only furniture")
    keep = must_not_end_a_page(document)
    for number, lines in enumerate(content[:-1], start=1):
        if not lines:
            continue
        for kind, text in keep:
            if _ends(lines[-1], text):
                found.append(f"page {number} ends with a {kind}: {lines[-1]!r}")
                break
    closing = next((flat(b.text) for b in document.blocks
                    if isinstance(b, model.Paragraph) and b.role == "closing"), "")
    if closing:
        where = [(n, i) for n, lines in enumerate(content) for i, line in enumerate(lines) if closing in line]
        if not where:
            found.append(f"the closing is not found: {closing!r}")
        else:
            page, index = where[-1]
            if index == 0:
                found.append(f"the closing opens page {page + 1}, away from the body")
            if signer_name and not any(flat(signer_name) in line for line in content[page][index:]):
                found.append(f"the signature is not on the closing's page {page + 1}")
    elif signer_name:
        where = [(n, i) for n, lines in enumerate(content) for i, line in enumerate(lines) if flat(signer_name) in line]
        if where and where[-1][1] == 0:
            found.append(f"the signature opens page {where[-1][0] + 1}, away from the body")
    return found

