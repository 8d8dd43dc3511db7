"""Writing a resolution draft once per language: DOCX, PDF and Akoma Ntoso XML.

A resolution is not a letter: it goes to the aide's own chamber, so it is
written once per language rather than once per recipient. The window's
"Export resolution" and ``petition-desk resolution export`` both call
:func:`export_resolution`. Files are written atomically; a language the
resolution has no text in is refused before anything is written.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.core.document import Document
from desktop.core.errors import N_, PetitionDeskError, ValidationError
from desktop.core.files import write_bytes_atomic
from desktop.core.filenames import safe_stem
from desktop.core.recipients import Recipient
from desktop.core.resolution.seed import RESOLUTION_TEMPLATE

if TYPE_CHECKING:
    from desktop.core.draft import Draft

RESOLUTION_FORMATS = ("docx", "pdf", "akn")
EXTENSIONS = {"docx": ".docx", "pdf": ".pdf", "akn": ".akn.xml"}


@dataclass
class ResolutionExport:
    formats: tuple[str, ...] = ("docx", "pdf", "akn")
    languages: tuple[str, ...] = ()  # empty: every language of the resolution
    line_numbers: bool | None = None  # None: as the draft's options say
    date: dt.date | None = None  # None: the draft's date, else today


def resolution_of(draft: "Draft"):
    """The draft's resolution structure; refuses a draft without one."""
    if draft.resolution is None or draft.resolution.is_empty():
        raise PetitionDeskError(N_("The draft has no resolution text yet; write one in the resolution editor, "
                                   "import one with “petition-desk resolution import”, or start one from the case "
                                   "with “petition-desk resolution new”."))
    return draft.resolution


def render_resolution(draft: "Draft", language: str, date: dt.date | None = None,
                      line_numbers: bool | None = None) -> Document:
    """The resolution in ``language`` as a document, exactly as the DOCX and PDF print it."""
    from desktop.core.compose import LetterOptions, render_document
    from desktop.core.templates import get_template

    res = resolution_of(draft)
    options = LetterOptions.from_draft(draft, date)
    options.resolution = res
    if line_numbers is not None:
        options = replace(options, template_options={**options.template_options, "line_numbers": line_numbers})
    recipient = chamber_of(draft)
    return render_document(get_template(draft.template or RESOLUTION_TEMPLATE), language, draft.case, recipient,
                           draft.signers, options)


def chamber_of(draft: "Draft") -> Recipient:
    """The legislature the resolution is written for: the draft's first legislature, else none named.

    A letter draft's embassies are not chambers; their name must not open a resolution.
    """
    return next((r for r in draft.recipients if r.kind == "legislature"), Recipient(kind="legislature"))


def file_stem(draft: "Draft", language: str) -> str:
    res = resolution_of(draft)
    title = (res.text("title").get(language) or res.text("subject").get(language)
             or res.text("us_title").get(language) or draft.title or "resolution")
    return safe_stem(f"{title} ({language})")


def export_resolution(draft: "Draft", out_dir: Path, request: ResolutionExport | None = None) -> list[Path]:
    """Write the chosen formats for each language into ``out_dir``; returns the files written."""
    from desktop.core.compose import resolution_problems

    request = request or ResolutionExport()
    res = resolution_of(draft)
    unknown = [f for f in request.formats if f not in RESOLUTION_FORMATS]
    if unknown or not request.formats:
        raise PetitionDeskError(N_("Choose one or more of the formats %(formats)s."), formats=", ".join(RESOLUTION_FORMATS))
    languages = list(request.languages or res.languages)
    problems = [p for language in languages for p in resolution_problems(res, language)]
    if problems:
        raise ValidationError(problems, source="resolution")
    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PetitionDeskError(N_("The folder %(path)s cannot be created (%(reason)s). Choose another folder."),
                                path=str(out_dir), reason=exc.strerror or str(exc)) from exc
    written: list[Path] = []
    for language in languages:
        stem = file_stem(draft, language)
        document = None
        for fmt in request.formats:
            path = out_dir / (stem + EXTENSIONS[fmt])
            if fmt == "akn":
                from desktop.core.resolution.akn import write_akn

                data = write_akn(draft, language, date=request.date)
            else:
                if document is None:
                    document = render_resolution(draft, language, request.date, request.line_numbers)
                data = document_bytes(document, fmt)
            write_bytes_atomic(path, data, durable=False)
            written.append(path)
    return written


def document_bytes(document: Document, fmt: str) -> bytes:
    """``document`` written as "pdf" or "docx", in memory."""
    buffer = io.BytesIO()
    if fmt == "pdf":
        from desktop.core.writers.pdf import write_pdf

        write_pdf(document, buffer)
    else:
        from desktop.core.writers.docx import write_docx

        write_docx(document, buffer)
    return buffer.getvalue()
