"""The preview shows the very PDF the export writes (issue 10: one road from draft to document).

For a letter, for petition sheets (the recipient's language) and for a
resolution with its own text, ``render_preview_pdf`` gives the bytes of the
file ``run_export`` wrote for that recipient, once the trailer's file /ID and
the creation and modification dates (which differ from one run to the next)
are set aside.
"""

from __future__ import annotations

import copy
import re

import pytest
from pypdf import PdfReader

from desktop.core.batch import ExportRequest, run_export
from desktop.core.demo import load_demo_draft
from desktop.gui.preview import render_preview_pdf

VOLATILE = (
    re.compile(rb"/ID\s*\[\s*<[0-9a-fA-F]*>\s*<[0-9a-fA-F]*>\s*\]"),
    re.compile(rb"/(CreationDate|ModDate)\s*\((?:[^()\\]|\\.)*\)"),
)


def stable(pdf: bytes) -> bytes:
    for pattern in VOLATILE:
        pdf = pattern.sub(b"", pdf)
    return pdf


def resolution_draft():
    from desktop.core.resolution.seed import from_case

    draft = load_demo_draft()
    draft.template = "resolution"
    draft.resolution = from_case(draft, ["en", "sv", "fr", "de", "ru"])
    return draft


def sheets_draft():
    draft = load_demo_draft()
    draft.template = "petition_sheets"
    draft.options = {"sheets": 2}
    return draft


def poster_draft(template, **options):
    def make():
        draft = load_demo_draft()
        draft.template = template
        draft.options = options
        return draft
    return make


CASES = {
    # name: (draft maker, the draft's recipient shown, the exported file's name ends with)
    "letter (sv)": (load_demo_draft, 0, "(sv).pdf"),
    "letter (en, US)": (load_demo_draft, 4, "(en).pdf"),
    "petition sheets (fr)": (sheets_draft, 1, "(fr).pdf"),
    "petition sheets (en)": (sheets_draft, 4, "(en).pdf"),
    "own resolution (de)": (resolution_draft, 2, "(de).pdf"),
    "placard (fr)": (poster_draft("placard", second_language="en", paper="A3"), 1, "(fr).pdf"),
    "leaflet (sv)": (poster_draft("leaflet", url="https://example.org/petition"), 0, "(sv).pdf"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_preview_pdf_is_the_exported_file(case, tmp_path):
    make, index, suffix = CASES[case]
    draft = make()
    preview = render_preview_pdf(copy.deepcopy(draft), index)
    report = run_export(ExportRequest(draft, tmp_path, formats=("pdf",), workers=1))
    assert not report.failures
    candidates = [p for p in tmp_path.glob("*.pdf") if p.name.endswith(suffix)]
    if case == "letter (en, US)":  # two English letters: the US one is the fifth
        candidates = [p for p in candidates if p.name.startswith("005")]
    (exported,) = candidates
    written = exported.read_bytes()
    assert stable(preview) != preview and stable(written) != written  # the dates were found and set aside
    assert stable(preview) == stable(written)
    text = "\n".join(page.extract_text() or "" for page in PdfReader(exported).pages)
    assert text.strip()
