"""Every template in every language, read back from its printed pages line by line.

The demo case as shipped (eight people), cut to one person and grown to 21,
goes through the same road as the export (the plan, the writers) for every
template that flows text onto pages and every poster, in the five
languages: no Russian line starts with a dash, no day is parted from its
month, no page ends with a heading, a subject, a paragraph that introduces a
list or an item above its sub-items, the closing and signatures share a page
with body text, and no page holds only furniture. A bounded set of the same
documents goes through LibreOffice as DOCX, where LibreOffice is installed.
The checks themselves are in ``page_checks``.
"""

from __future__ import annotations

import copy
import shutil
import subprocess

import pytest
from page_checks import faults, pdf_pages

from desktop.core import document as model
from desktop.core.batch import document_bytes
from desktop.core.demo import load_demo_draft
from desktop.core.plan import make_plan, render
from desktop.core.recipients import Recipient

LANGS = ["en", "sv", "fr", "de", "ru"]
# Envelopes and labels hold addresses only; their pages are tested in test_post.
TEMPLATES = ["appeal_mission", "appeal_official", "assembly_notice", "follow_up", "letter_legislator", "update",
             "petition_sheets", "resolution", "action_report", "press_release", "banner", "leaflet", "placard"]
VARIANTS = ["demo", "one person", "21 people"]
NOTICE = {"assembly_kind": "procession", "assembly_date": "2099-06-13", "start_time": "14:00", "end_time": "16:00",
          "place": "Sergels torg", "route": ["Drottninggatan", "Mynttorget"], "expected": 120, "stewards": 8,
          "steward_leader": "Eva Berg", "means": ["Megafon", "Transparente"], "organiser_phone": "+46 70 123 45 67"}
NOTICE_COUNTRY = {"de": "DE", "fr": "FR", "sv": "SE", "en": "GB", "ru": "RU"}


def demo(template: str, language: str, variant: str):
    draft = load_demo_draft()
    case = draft.case
    if variant == "one person":
        case.people = case.people[:1]
    elif variant == "21 people":
        people = []
        for i in range(21):
            person = copy.deepcopy(case.people[i % len(case.people)])
            if i >= len(case.people):
                person.name = {k: f"{v} {i}" for k, v in person.name.items()}
            people.append(person)
        case.people = people
    draft.template = template
    if template == "leaflet":
        draft.options = {"url": "https://example.org/p"}
    elif template == "assembly_notice":
        draft.recipients = [Recipient(kind="other", organisation="Authority", city="City",
                                      country=NOTICE_COUNTRY[language])]
        draft.options = dict(NOTICE)
    return draft


def documents(template: str, language: str, variant: str) -> list[tuple[str, model.Document, str]]:
    """(file stem, document, first signer's name) of each document the export makes."""
    draft = demo(template, language, variant)
    plan = make_plan(draft, language=language, check=False)
    assert plan.documents, [p.render() for p in plan.problems]
    return [(doc.stem, render(plan, doc), draft.signers[0].name) for doc in plan.documents]


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("language", LANGS)
@pytest.mark.parametrize("template", TEMPLATES)
def test_every_printed_page_reads_well(template, language, variant):
    found = []
    for stem, document, signer in documents(template, language, variant):
        pages = pdf_pages(document_bytes(document, "pdf"))
        found += [f"{stem}: {fault}" for fault in faults(pages, document, signer)]
    assert found == []


def test_the_historical_example_note_is_on_every_page_at_its_foot():
    (_, document, _), *_ = documents("letter_legislator", "ru", "21 people")
    pages = pdf_pages(document_bytes(document, "pdf"))
    assert len(pages) > 2
    for number, lines in enumerate(pages, start=1):
        assert lines[-2].startswith("Исторический пример"), (number, lines[-3:])
        assert lines[-1].strip() == f"Страница {number} из {len(pages)}"


# -- the checks can fail -------------------------------------------------------------------

def _letter(language: str = "en") -> model.Document:
    return model.Document(
        title="t", language=language,
        furniture=model.PageFurniture(footer_text="Page {page} of {pages}", note="Historical example"),
        blocks=[model.Heading("Facts"), model.Paragraph([model.Run("We ask you:")]),
                model.ListBlock([model.ListItem([model.Run("Sergei Krivov, a long line of the list")],
                                                model.ListBlock([model.ListItem([model.Run("sentence")])]))]),
                model.Paragraph([model.Run("Yours sincerely,")], role="closing"),
                model.SignatureBlock([model.Signature("Anna Lindqvist")])])


@pytest.mark.parametrize("pages, fault", [
    ([["Facts", "We ask you:", "Page 1 of 2"], ["Sergei Krivov, a long line of the list", "sentence", "Body.",
                                                "Yours sincerely,", "Anna Lindqvist", "Page 2 of 2"]],
     "page 1 ends with a lead-in"),
    ([["Facts", "Page 1 of 2"], ["We ask you:", "Sergei Krivov, a long line of the list", "sentence",
                                 "Yours sincerely,", "Anna Lindqvist", "Page 2 of 2"]],
     "page 1 ends with a heading"),
    ([["Facts", "We ask you:", "• Sergei Krivov, a long line of the list", "Page 1 of 2"],
      ["sentence", "Yours sincerely,", "Anna Lindqvist", "Page 2 of 2"]],
     "page 1 ends with a item with sub-items"),
    ([["Facts", "We ask you:", "Sergei Krivov, a long line of the list", "sentence", "Page 1 of 2"],
      ["Yours sincerely,", "Anna Lindqvist", "Page 2 of 2"]],
     "the closing opens page 2"),
    ([["Facts", "We ask you:", "Sergei Krivov, a long line of the list", "sentence", "Yours sincerely,",
       "Anna Lindqvist", "Page 1 of 2"], ["Historical example", "Page 2 of 2"]],
     "page 2 holds only furniture"),
    ([["Facts", "We ask you: on 6", "May 2012", "Sergei Krivov, a long line of the list", "sentence",
       "Yours sincerely,", "Anna Lindqvist", "Page 1 of 1"]],
     "a day is parted from its month"),
])
def test_the_page_checks_find_each_fault(pages, fault):
    found = faults(pages, _letter(), "Anna Lindqvist")
    assert len(found) == 1 and fault in found[0], found


def test_the_page_checks_find_a_russian_line_that_starts_with_a_dash():
    document = _letter("ru")
    lines = ["Facts", "We ask you:", "Sergei Krivov, a long line of the list", "sentence", "Yours sincerely,",
             "Anna Lindqvist", "Page 1 of 1"]
    assert faults([lines], document, "Anna Lindqvist") == []
    found = faults([[*lines[:2], "— 6 мая", *lines[2:]]], document, "Anna Lindqvist")
    assert len(found) == 1 and "starts with a dash" in found[0]


# -- the DOCX through LibreOffice ----------------------------------------------------------

# The documents whose last lines, lists and signatures fell across a page before (bounded: LibreOffice is slow).
THROUGH_LIBREOFFICE = [("appeal_official", "en", "one person"), ("appeal_mission", "de", "one person"),
                       ("letter_legislator", "ru", "21 people"), ("resolution", "sv", "one person"),
                       ("resolution", "en", "one person"), ("assembly_notice", "fr", "demo"),
                       ("update", "fr", "21 people")]


@pytest.fixture(scope="module")
def laid_out_by_libreoffice(tmp_path_factory):
    """(document, signer, pages of LibreOffice's PDF of its DOCX) for each of ``THROUGH_LIBREOFFICE``, in one run."""
    folder = tmp_path_factory.mktemp("libreoffice")
    made = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PETITION_DESK_DATA_DIR", str(folder / "userdata"))
        for number, key in enumerate(THROUGH_LIBREOFFICE):
            _, document, signer = documents(*key)[0]
            source = folder / f"{number}.docx"
            source.write_bytes(document_bytes(document, "docx"))
            made.append((key, document, signer, source))
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{folder}/profile", "--convert-to", "pdf",
                    "--outdir", str(folder), *(str(m[3]) for m in made)], check=True, capture_output=True, timeout=300)
    return {key: (document, signer, pdf_pages(source.with_suffix(".pdf").read_bytes()))
            for key, document, signer, source in made}


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed")
@pytest.mark.parametrize("key", THROUGH_LIBREOFFICE, ids=["-".join(k) for k in THROUGH_LIBREOFFICE])
def test_the_docx_reads_well_when_libreoffice_lays_it_out(laid_out_by_libreoffice, key):
    document, signer, pages = laid_out_by_libreoffice[key]
    assert faults(pages, document, signer) == []
    note = document.furniture.note.split()[0]
    assert all(any(line.startswith(note) for line in lines[-3:]) for lines in pages)  # the note in every footer
