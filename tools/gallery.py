"""Render every template in every language with the demo case, for review.

    python tools/gallery.py gallery/        (or: make gallery)

Writes ``gallery/gallery.pdf`` — every template × language (× resolution
style) one after another, each starting on a new page with its own page
numbers — and, where poppler's ``pdftoppm`` is installed, a PNG per page,
so a reviewer can look at all of them side by side. Runs on a temporary
library, so the user's own data is never touched.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# A recipient of the right kind for each template, from the demo or made up here.
_RIKSDAG = {"sv": "Sveriges riksdag", "en": "Swedish Riksdag", "fr": "Le Riksdag suédois",
            "de": "Der schwedische Reichstag", "ru": "Риксдаг Швеции"}
_LEGISLATURE = {"kind": "legislature", "organisation": _RIKSDAG, "postal_code": "100 12",
                "city": "Stockholm", "country": "SE", "language": "sv"}
_OFFICIAL = {"kind": "official", "title": "Prosecutor General", "gender": "male",
             "organisation": "Prosecutor General's Office of the Russian Federation",
             "address_lines": ["ul. Bolshaya Dmitrovka, 15a"], "postal_code": "125993", "city": "Moscow",
             "country": "RU", "language": "ru"}
_MP = {"kind": "member_of_parliament", "person": "Anna Svensson", "gender": "female", "title": "Riksdagsledamot",
       "organisation": "Sveriges riksdag", "postal_code": "100 12", "city": "Stockholm", "country": "SE",
       "language": "sv"}


def _recipient(info, draft):
    from desktop.core.recipients import recipient_from_dict

    kinds = set(info.recipient_kinds)
    for recipient in draft.recipients:
        if not kinds or recipient.kind in kinds:
            return recipient
    for data in (_OFFICIAL, _MP, _LEGISLATURE):
        if data["kind"] in kinds:
            return recipient_from_dict(data)
    return draft.recipients[0]


def variants(info) -> list[dict]:
    """Template settings worth seeing: each resolution style."""
    if info.layout == "resolution":
        from desktop.core.layouts.resolution import STYLES

        return [{"style": style} for style in STYLES]
    if info.layout == "petition":
        return [{"sheets": 2, "rows": 12}]
    return [{}]


def build(out: Path) -> Path:
    from desktop.core.compose import LetterOptions, render_document
    from desktop.core.demo import load_demo_draft
    from desktop.core.templates import ADDRESS_LAYOUTS, list_templates
    from desktop.core.writers.pdf import write_pdf_combined

    draft = load_demo_draft()
    documents = []
    for info in list_templates():
        if not info.builtin or info.layout in ADDRESS_LAYOUTS:  # envelopes and labels have no text to show
            continue
        recipient = _recipient(info, draft)
        for language in info.languages:
            for options in variants(info):
                letter = LetterOptions(date=dt.date(2014, 5, 6), place=draft.letter.place,
                                       sender_country=draft.letter.sender_country, template_options=options)
                document = render_document(info, language, draft.case, recipient, draft.signers, letter)
                label = " · ".join([info.id, language, *(f"{k}={v}" for k, v in options.items())])
                document.title = f"{label} — {document.title}"
                documents.append(document)
    out.mkdir(parents=True, exist_ok=True)
    target = out / "gallery.pdf"
    pages = write_pdf_combined(documents, target)
    print(f"{len(documents)} documents, {pages} pages: {target}")
    return target


def pngs(pdf: Path) -> None:
    if not shutil.which("pdftoppm"):
        print("pdftoppm (poppler-utils) is not installed: no PNG pages written.", file=sys.stderr)
        return
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(pdf.with_suffix(""))], check=True)
    print(f"PNG pages: {pdf.parent}/gallery-*.png")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--no-png", action="store_true", help="only the PDF")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as library:
        os.environ["PETITION_DESK_DATA_DIR"] = library
        pdf = build(args.folder)
    if not args.no_png:
        pngs(pdf)


if __name__ == "__main__":
    main()
