"""Batch export: files per recipient, combined PDF, parallel, failures, cancel."""

import dataclasses
import re

import docx
import pytest
from pypdf import PdfReader

from desktop.core import batch
from desktop.core.batch import CancelToken, ExportRequest, run_export
from desktop.core.demo import load_demo_draft
from desktop.core.errors import PetitionDeskError


def pdf_text(path):
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def numbered(value, i):
    """A recipient's name (one text or one per language) with a number after it."""
    if isinstance(value, dict):
        return {language: f"{text} {i}" for language, text in value.items()}
    return f"{value} {i}"


def many_recipients(draft, n):
    base = draft.recipients
    return [dataclasses.replace(base[i % len(base)], id=f"r{i}",
                                organisation=numbered(base[i % len(base)].organisation, i))
            for i in range(n)]


def test_one_file_per_recipient_and_format(tmp_path):
    draft = load_demo_draft()
    report = run_export(ExportRequest(draft, tmp_path, formats=("pdf", "docx")))
    assert not report.failures and report.letters == 5
    assert len(list(tmp_path.glob("*.pdf"))) == 5 and len(list(tmp_path.glob("*.docx"))) == 5
    swedish = next(p for p in tmp_path.glob("*.pdf") if "(sv)" in p.name)
    text = pdf_text(swedish)
    assert "Ryska federationens ambassad" in text
    assert "Ers Excellens" in text
    assert "Sergej Krivov" in text  # the Swedish spelling of the name
    german = docx.Document(next(p for p in tmp_path.glob("*.docx") if "(de)" in p.name))
    body = "\n".join(p.text for p in german.paragraphs)
    assert "Botschaft der Russischen Föderation" in body
    assert "Exzellenz" in body


def test_combined_pdf_holds_one_letter_per_recipient(tmp_path):
    draft = load_demo_draft()
    draft.recipients = many_recipients(draft, 12)
    report = run_export(ExportRequest(draft, tmp_path, combined=True, language="ru", workers=1))
    [combined] = report.files
    reader = PdfReader(combined)
    text = pdf_text(combined)
    # Each letter starts on a fresh page and has its own addressee.
    for i in range(12):
        assert draft.recipients[i].name("organisation", "ru") in " ".join(text.split())
    first_pages = [p for p in reader.pages if "Страница 1 из" in (p.extract_text() or "")]
    assert len(first_pages) == 12
    assert text.count("Превосходительство") >= 12
    assert reader.trailer["/Root"]["/Lang"] == "ru"


def test_parallel_export_matches_serial(tmp_path):
    draft = load_demo_draft()
    draft.recipients = many_recipients(draft, batch.PARALLEL_THRESHOLD + 5)
    serial = run_export(ExportRequest(draft, tmp_path / "serial", workers=1))
    parallel = run_export(ExportRequest(draft, tmp_path / "parallel", workers=2))
    assert [p.name for p in serial.files] == [p.name for p in parallel.files]
    assert parallel.letters == len(draft.recipients)
    combined = run_export(ExportRequest(draft, tmp_path / "combined", combined=True, workers=2))
    [path] = combined.files
    assert len([p for p in PdfReader(path).pages if re.search("Krivov|Kriwow", p.extract_text() or "")]) >= len(draft.recipients)


def test_a_failed_letter_does_not_stop_the_others(tmp_path, monkeypatch):
    draft = load_demo_draft()
    real = batch.render

    def flaky(plan, doc):
        if doc.index == 2:
            raise PetitionDeskError("This letter cannot be made.")
        return real(plan, doc)

    monkeypatch.setattr(batch, "render", flaky)
    report = run_export(ExportRequest(draft, tmp_path, formats=("pdf",), workers=1))
    assert [f.index for f in report.failures] == [2]
    assert "cannot be made" in report.failures[0].message.render()
    assert len(report.files) == 4


def test_cancel_leaves_only_whole_files(tmp_path):
    draft = load_demo_draft()
    draft.recipients = many_recipients(draft, 10)
    token = CancelToken()

    def progress(done, total):
        if done == 3:
            token.cancel()

    report = run_export(ExportRequest(draft, tmp_path, workers=1), progress=progress, cancel=token)
    assert report.cancelled
    written = sorted(tmp_path.iterdir())
    assert len(written) == 3
    for path in written:
        assert path.suffix == ".pdf"
        assert len(PdfReader(path).pages) >= 1


def test_unknown_language_for_template_is_refused(tmp_path):
    draft = load_demo_draft()
    with pytest.raises(PetitionDeskError):
        run_export(ExportRequest(draft, tmp_path, language="xx"))


def test_hostile_text_is_exported(tmp_path):
    draft = load_demo_draft()
    person = draft.case.people[0]
    person.sentence = "four years\x00\x0b\x1f " + "ä" * 10_000
    person.health = "x" * 10_000
    report = run_export(ExportRequest(draft, tmp_path, formats=("pdf", "docx"), workers=1))
    assert not report.failures, [f.message.render() for f in report.failures]
    assert len(report.files) == 10


def test_large_combined_pdf_keeps_the_chosen_author(tmp_path):
    draft = load_demo_draft()
    draft.recipients = many_recipients(draft, 45)  # several chunks, joined
    draft.letter.include_author = True
    report = run_export(ExportRequest(draft, tmp_path, combined=True, workers=2))  # chunks joined
    [path] = report.files
    assert PdfReader(path).metadata.get("/Author") == draft.signers[0].name
    draft.letter.include_author = False
    report = run_export(ExportRequest(draft, tmp_path / "plain", combined=True, workers=2))
    assert "/Author" not in PdfReader(report.files[0]).metadata
