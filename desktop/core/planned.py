"""What a plan is made of: the kinds of document and one planned document.

Kept apart from :mod:`desktop.core.plan` so that the modules the plan calls
(the post's layouts, the sheet register) can name a document's kind without
importing the plan back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from desktop.core import localize
from desktop.core.errors import N_
from desktop.core.recipients import Recipient

LETTER, SHEETS, RESOLUTION, POSTER, POST = "letter", "sheets", "resolution", "poster", "post"
POSTER_LAYOUTS = ("placard", "banner", "leaflet")
# Kinds whose pages are drawn at fixed places (posters; envelopes and labels), not text a word processor
# could flow, and not letters to send by e-mail: they are made as PDF only.
PDF_ONLY = frozenset({POSTER, POST})
PDF_ONLY_REFUSED = N_("this template's pages are drawn for printing, so they are made as PDF only; choose the PDF "
                      "format")
PDF_ONLY_NOTE = N_("this template's pages are drawn for printing, so they are made as PDF only; only the PDF file "
                   "is written")
SAMPLE_ADDRESS = N_("%(name)s is a sample address: verify it before sending")
NO_RECIPIENTS = N_("the draft has no recipients; add at least one")
PAPERS = ("A4", "Letter")


@dataclass(frozen=True)
class PlannedDocument:
    """One document the plan makes."""

    index: int  # 1-based position in the plan
    kind: str  # LETTER, SHEETS, RESOLUTION, POSTER or POST
    language: str
    recipient: Recipient  # the addressee (letter), the first addressee (sheets), the chamber (resolution)
    paper: str  # "A4" or "Letter"; a poster's sheet may also be "A3" or "Tabloid"
    stem: str  # the file name without extension, unique in the plan
    addressees: tuple[Recipient, ...] = ()  # petition sheets: everyone the sheets are addressed to
    where: str = ""  # how check names it: "recipients[3]", "language fr", "resolution (sv)"
    reference: str = ""  # a letter's "Our ref.", when the plan gives references (see correspondence)
    # Envelopes and labels: the addresses as the plan laid them out and checked them (a layouts.post.PostDocument),
    # printed as they are, so what check accepted is what is printed.
    post: Any = field(default=None, compare=False, repr=False)


def recipient_where(draft: Any, recipient: Recipient, position: int) -> str:
    """How check names a recipient: "recipients[N]", its place in the draft's list (else ``position``, 0-based)."""
    return f"recipients[{draft.recipients.index(recipient) if recipient in draft.recipients else position}]"


def paper_for(options: Any, country: str) -> str:
    """The paper of a letter to ``country``: the draft's choice, else the usual size there (or the sender's)."""
    paper = options.paper
    return paper if paper in PAPERS else localize.paper_for_country(country or options.sender_country)
