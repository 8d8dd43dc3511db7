"""Writing a resolution draft once per language: DOCX, PDF and Akoma Ntoso XML.

A resolution is not a letter: it goes to the aide's own chamber, so it is
written once per language rather than once per recipient. The window's
"Export resolution" and ``petition-desk resolution export`` both call
:func:`export_resolution`. Files are written atomically; a language the
resolution has no text in is refused before anything is written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.core.batch import document_bytes
from desktop.core.document import Document
from desktop.core.errors import N_, PetitionDeskError, ValidationError
from desktop.core.files import write_bytes_atomic
from desktop.core.filenames import safe_stem
from desktop.core.plan import resolution_of
from desktop.core.resolution.akn import write_akn
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
    embed_fonts: bool = True  # DOCX files carry the font faces they use


def render_resolution(draft: "Draft", language: str, date: dt.date | None = None,
                      line_numbers: bool | None = None) -> Document:
    """The resolution in ``language`` as a document, exactly as the DOCX and PDF print it.

    It walks the export's own plan (``desktop.core.plan``): one document per
    language, written for the draft's chamber.
    """
    from desktop.core.plan import make_plan, render
    from desktop.core.templates import get_template

    resolution_of(draft)
    if line_numbers is not None:
        draft = replace(draft, options={**draft.options, "line_numbers": line_numbers})
    template = draft.template if draft.template and get_template(draft.template).layout == "resolution" \
        else RESOLUTION_TEMPLATE
    plan = make_plan(draft, template=template, language=language, date=date, check=False)
    plan.require_ok()
    return render(plan, plan.documents[0])


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
                data = write_akn(draft, language, date=request.date)
            else:
                if document is None:
                    document = render_resolution(draft, language, request.date, request.line_numbers)
                data = document_bytes(document, fmt, embed_fonts=request.embed_fonts)
            write_bytes_atomic(path, data, durable=False)
            written.append(path)
    return written
