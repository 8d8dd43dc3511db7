"""The correspondence log: exports recorded, references printed, marks and replies kept, follow-ups, CSV, case changes."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import re
import sqlite3
from pathlib import Path

import pytest
from docx import Document as DocxDocument
from pypdf import PdfReader

from desktop.cli.main import main
from desktop.core import correspondence as corr
from desktop.core.batch import ExportRequest, plan_for, run_export
from desktop.core.case import Person
from desktop.core.demo import load_demo_draft
from desktop.core.draft import save_draft
from desktop.core.fields import localized
from desktop.core.followup import write_follow_ups, write_updates
from desktop.core.library import Library

PAST = dt.date(2026, 1, 12)  # letters dated in the past, so their follow-up dates have passed


def pdf_text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(path).pages)


def docx_text(path: Path) -> str:
    return " ".join(" ".join(p.text.split()) for p in DocxDocument(str(path)).paragraphs)


def demo(date: dt.date = PAST, russian: bool = True):
    draft = load_demo_draft()
    draft.letter.date = date
    if russian:  # one letter in Russian, for «Исх. № … от …»
        draft.recipients[3].language = "ru"
    return draft


def export(draft, out: Path, library: Library, formats=("pdf", "docx")):
    request = ExportRequest(draft=draft, out_dir=out, formats=formats, references=True)
    plan = plan_for(request)
    report = run_export(request, plan=plan)
    assert not report.failures
    return plan, report, corr.record_export(library, plan, report)


@pytest.fixture
def library(tmp_path):
    with Library(tmp_path / "data" / "library.sqlite3") as lib:
        yield lib


def test_export_records_each_letter_with_its_reference_printed_and_hashes(tmp_path, library):
    draft = demo()
    plan, report, logged = export(draft, tmp_path / "out", library)
    assert len(logged) == len(draft.recipients) == 5
    assert len({e.reference for e in logged}) == 5
    stored = corr.list_letters(library)
    assert sorted(e.reference for e in stored) == sorted(e.reference for e in logged)
    for entry, doc in zip(logged, plan.documents):
        assert entry.reference == doc.reference and entry.reference.startswith("20260112-")
        assert entry.language == doc.language and entry.recipient_id == doc.recipient.id
        assert entry.template == "appeal_mission" and entry.formats == "docx,pdf"
        assert entry.follow_up == "2026-02-11"  # the letter's date + 30 days
        pdf, docx = tmp_path / "out" / f"{doc.stem}.pdf", tmp_path / "out" / f"{doc.stem}.docx"
        assert {f["name"]: f["sha256"] for f in entry.files} == {
            pdf.name: hashlib.sha256(pdf.read_bytes()).hexdigest(),
            docx.name: hashlib.sha256(docx.read_bytes()).hexdigest()}
        label = {"en": "Our ref: ", "sv": "Vår ref.: ", "fr": "Notre réf.", "de": "Unser Zeichen: ",
                 "ru": "Исх. № "}[doc.language]
        for text in (pdf_text(pdf), docx_text(docx)):
            assert label in text and entry.reference in text, (doc.language, text[:300])
        if doc.language == "ru":
            assert f"Исх. № {entry.reference} от 12 января 2026 г." in docx_text(docx)


def test_the_library_holds_no_text_of_the_letters(tmp_path, library):
    draft = demo()
    plan, _, _ = export(draft, tmp_path / "out", library)
    summary = localized(draft.case.summary, "en")
    sentence = summary.split(".")[0]
    assert len(sentence) > 30 and sentence in pdf_text(next((tmp_path / "out").glob("*(en).pdf")))
    library.close()
    raw = b"".join(p.read_bytes() for p in library.path.parent.glob("library.sqlite3*"))
    for language in ("en", "sv", "fr", "de", "ru"):
        text = localized(draft.case.summary, language).split(".")[0][:40]
        assert text.encode("utf-8") not in raw, language
    person = draft.case.people[0]
    for fact in (localized(person.sentence, "en"), localized(person.court, "en"), localized(draft.case.demands[0], "en"),
                 localized(person.sentence, "ru")):
        assert len(fact) > 10 and fact.encode("utf-8") not in raw, fact


def test_references_are_the_same_on_every_path_and_absent_without_the_log(tmp_path):
    draft = demo()
    first = plan_for(ExportRequest(draft=draft, out_dir=tmp_path, references=True))
    again = plan_for(ExportRequest(draft=draft, out_dir=tmp_path, references=True, formats=("docx",)))
    assert [d.reference for d in first.documents] == [d.reference for d in again.documents]
    unlogged = plan_for(ExportRequest(draft=draft, out_dir=tmp_path))
    assert all(d.reference == "" for d in unlogged.documents)


def test_marks_and_replies_persist_across_reopening(tmp_path):
    path = tmp_path / "data" / "library.sqlite3"
    reply = tmp_path / "reply.pdf"
    reply.write_bytes(b"%PDF-1.4 the embassy's answer")
    with Library(path) as lib:
        _, _, logged = export(demo(), tmp_path / "out", lib, formats=("pdf",))
        a, b, c = (e.reference for e in logged[:3])
        corr.mark_sent(lib, a, dt.date(2026, 1, 14), "email")
        corr.mark_sent(lib, b, dt.date(2026, 1, 13), "hand")
        corr.add_reply(lib, b, dt.date(2026, 2, 2), "They forwarded it to Moscow.", reply)
        corr.mark_returned(lib, c, dt.date(2026, 1, 30))
        assert corr.mark_sent(lib, b, dt.date(2026, 1, 14), "hand").status == "answered"  # a correction keeps it
    with Library(path) as lib:
        first, second, third = (corr.get_letter(lib, r) for r in (a, b, c))
    assert (first.status, first.sent_date, first.channel, first.follow_up) == ("sent", "2026-01-14", "email",
                                                                            "2026-02-13")
    assert first.overdue(dt.date(2026, 2, 14)) and not first.overdue(dt.date(2026, 2, 13))
    assert second.sent_date == "2026-01-14"
    assert (second.status, second.reply_date, second.reply_summary) == ("answered", "2026-02-02",
                                                                       "They forwarded it to Moscow.")
    copy = path.parent / second.reply_file
    assert copy.read_bytes() == reply.read_bytes()
    assert second.reply_sha256 == hashlib.sha256(reply.read_bytes()).hexdigest()
    assert "embassy" not in copy.name and b in copy.name
    assert (third.status, third.returned_date) == ("returned", "2026-01-30")


def test_an_older_library_is_upgraded_in_place(tmp_path):
    from desktop.core import library as library_module
    from desktop.core.recipients import Recipient

    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path)
    conn.executescript(library_module._MIGRATIONS[0] + "; PRAGMA user_version = 1;")
    conn.close()
    with Library(path) as lib:
        lib.add_recipient(Recipient(id="x", organisation="Riksdagen", country="SE"))
        assert corr.list_letters(lib) == []
        assert lib._query("PRAGMA user_version")[0][0] == library_module.SCHEMA_VERSION
        assert lib.get_recipient("x") is not None


def test_follow_ups_for_exactly_the_overdue_letters_in_each_recipients_language(tmp_path, library):
    draft = demo()
    _, _, logged = export(draft, tmp_path / "out", library, formats=("pdf",))
    by_lang = {e.language: e for e in logged}
    sv, fr, de, ru = by_lang["sv"], by_lang["fr"], by_lang["de"], by_lang["ru"]
    for entry in (sv, fr, de, ru):
        corr.mark_sent(library, entry.reference, dt.date(2026, 1, 15), "post")
    corr.add_reply(library, de.reference, dt.date(2026, 1, 20), "Answered.")
    corr.set_follow_up(library, fr.reference, dt.date.today() + dt.timedelta(days=5))  # not due yet
    overdue = {e.reference for e in corr.list_letters(library, overdue=True)}
    assert overdue == {sv.reference, ru.reference}

    result = write_follow_ups(library, draft, tmp_path / "follow", formats=("pdf", "docx"))
    assert result.letters == 2 and not result.problems and not result.missing
    assert {e.follows for e in result.written} == {sv.reference, ru.reference}
    texts = {}
    for entry in result.written:
        pdf = next(p for p in result.files if p.name == next(f["name"] for f in entry.files if f["name"].endswith(".pdf")))
        texts[entry.language] = pdf_text(pdf)
        assert entry.template == "follow_up" and entry.reference in texts[entry.language]
        assert entry.reference != entry.follows
    assert set(texts) == {"sv", "ru"}
    assert "Jag har ännu inte fått något svar" in texts["sv"] and f"(min referens {sv.reference})" in texts["sv"]
    assert "Den 12 januari 2026 skrev jag" in texts["sv"]
    assert "До настоящего времени ответ на него не получен" in texts["ru"]
    assert f"исх. № {ru.reference}" in texts["ru"] and "12 января 2026 г." in texts["ru"]
    docx = next(p for p in result.files if p.suffix == ".docx" and "(ru)" in p.name)
    assert ru.reference in docx_text(docx)

    # A letter already followed up is not followed up again.
    again = write_follow_ups(library, draft, tmp_path / "again")
    assert again.letters == 0 and not again.files and not (tmp_path / "again").exists()


def test_csv_neutralises_formulas(tmp_path, library):
    _, _, logged = export(demo(), tmp_path / "out", library, formats=("pdf",))
    corr.mark_sent(library, logged[0].reference, PAST)
    corr.add_reply(library, logged[0].reference, PAST, "=cmd|' /C calc'!A0")
    corr.add_reply(library, logged[1].reference, PAST, "+1 and -2 @home\tand more")
    target = tmp_path / "log.csv"
    assert corr.export_csv(corr.list_letters(library), target) == 5
    with open(target, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    summaries = {row["reference"]: row["reply_summary"] for row in rows}
    assert summaries[logged[0].reference] == "'=cmd|' /C calc'!A0"
    assert summaries[logged[1].reference] == "'+1 and -2 @home\tand more"
    for value in ("-1", "@x", "\tx", "\rx"):
        assert corr.neutralise(value) == "'" + value
    assert corr.neutralise("Riksdagen") == "Riksdagen"


def test_outdated_lists_the_sent_letters_whose_facts_changed(tmp_path, library):
    draft = demo()
    _, _, logged = export(draft, tmp_path / "out", library, formats=("pdf",))
    sent = logged[:2]
    for entry in sent:
        corr.mark_sent(library, entry.reference, PAST)
    assert corr.outdated_letters(library, draft.case) == []
    person = draft.case.people[1]
    person.sentence = {lang: "released on parole" for lang in ("en", "sv", "fr", "de", "ru")}
    draft.case.people.append(Person(name={"en": "Maria Baronova", "ru": "Мария Баронова"}))
    found = corr.outdated_letters(library, draft.case)
    assert sorted(e.reference for e, _ in found) == sorted(e.reference for e in sent)
    for entry, changes in found:
        kinds = {(c.kind, c.fact) for c in changes}
        assert kinds == {("changed", "sentence"), ("new_person", "")}
        names = {c.person for c in changes}
        assert localized(person.name, entry.language) in names


def test_cli_log_commands(tmp_path, capsys):
    draft_file = tmp_path / "draft.json"
    save_draft(demo(date=dt.date(2025, 3, 1), russian=False), draft_file)
    assert main(["--ui-lang", "en", "export", str(draft_file), "--out", str(tmp_path / "out"), "--quiet"]) == 0
    assert main(["log", "list", "--json"]) == 0
    entries = json.loads(capsys.readouterr().out)
    assert len(entries) == 5 and all(e["status"] == "exported" for e in entries)
    first, second = entries[0]["reference"], entries[1]["reference"]

    assert main(["--ui-lang", "en", "log", "mark", first, "--sent", "--date", "2025-03-02", "--channel", "email"]) == 0
    assert main(["--ui-lang", "en", "log", "mark", second, "--sent", "--date", "2025-03-02"]) == 0
    assert main(["--ui-lang", "en", "log", "reply", second, "--date", "2025-03-20", "--summary", "=cmd"]) == 0
    capsys.readouterr()
    assert main(["--ui-lang", "en", "log", "list", "--overdue"]) == 0
    out = capsys.readouterr().out
    assert first in out and second not in out and "(overdue)" in out

    assert main(["--ui-lang", "en", "log", "totals", "--json"]) == 0
    totals = json.loads(capsys.readouterr().out)
    assert totals["by_status"] == {"exported": 3, "sent": 1, "answered": 1, "returned": 0}
    assert totals["overdue"] == 1 and totals["by_country"]["SE"]["answered"] + totals["by_country"]["SE"]["sent"] >= 0

    assert main(["--ui-lang", "en", "log", "mark", first, "--sent", "--date", "2025-02-30"]) == 1
    err = capsys.readouterr().err
    assert err.strip() == "2025-02-30 is not a date; write it as year-month-day, e.g. 2026-03-31."
    assert main(["--ui-lang", "en", "log", "reply", "NO-SUCH", "--date", "2025-03-20"]) == 1
    err = capsys.readouterr().err
    assert "NO-SUCH" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1

    assert main(["--ui-lang", "en", "log", "export", str(tmp_path / "log.csv")]) == 0
    assert "'=cmd" in (tmp_path / "log.csv").read_text(encoding="utf-8-sig")

    assert main(["--ui-lang", "en", "log", "follow-up", str(draft_file), "--out", str(tmp_path / "fu"),
                 "--format", "pdf"]) == 0
    assert "Wrote 1 follow-up letter" in capsys.readouterr().out
    (written,) = (tmp_path / "fu").glob("*.pdf")
    assert written.name.startswith(first) and first in pdf_text(written)


def test_cli_no_log_keeps_no_record_and_prints_no_reference(tmp_path, capsys):
    draft_file = tmp_path / "draft.json"
    save_draft(demo(russian=False), draft_file)
    assert main(["export", str(draft_file), "--out", str(tmp_path / "out"), "--no-log", "--quiet"]) == 0
    assert main(["log", "list", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    text = pdf_text(next((tmp_path / "out").glob("*(sv).pdf")))
    assert "Vår ref." not in text and "Ryska federationens ambassad" in text


def test_cli_outdated(tmp_path, capsys):
    draft = demo(russian=False)
    draft_file = tmp_path / "draft.json"
    save_draft(draft, draft_file)
    assert main(["export", str(draft_file), "--out", str(tmp_path / "out"), "--quiet", "--format", "pdf"]) == 0
    assert main(["log", "list", "--json"]) == 0
    ref = json.loads(capsys.readouterr().out)[0]["reference"]
    assert main(["log", "mark", ref, "--sent", "--date", "2026-01-13"]) == 0
    draft.case.people[0].detention_place = {"en": "Penal colony No. 5", "sv": "Straffkoloni nr 5",
                                            "fr": "Colonie pénitentiaire no 5", "de": "Strafkolonie Nr. 5",
                                            "ru": "ИК-5"}
    save_draft(draft, draft_file)
    capsys.readouterr()
    assert main(["--ui-lang", "en", "log", "outdated", str(draft_file)]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1 and out[0].startswith(ref)
    assert re.search(r"place of detention of Serg\S*\s+Krivov", out[0])  # spelt as in the letter's language


def test_update_letters_tell_what_changed_and_supersede_the_outdated_ones(tmp_path, library):
    draft = demo()
    _, _, logged = export(draft, tmp_path / "out", library, formats=("pdf",))
    by_lang = {e.language: e for e in logged}
    for entry in (by_lang["de"], by_lang["ru"]):
        corr.mark_sent(library, entry.reference, PAST)
    moved = draft.case.people[2]
    moved.detention_place = {"en": "Penal colony No. 5, Vladimir region", "de": "Strafkolonie Nr. 5, Gebiet Wladimir",
                             "ru": "ИК-5 Владимирской области", "sv": "Straffkoloni nr 5", "fr": "Colonie no 5"}
    result = write_updates(library, draft, tmp_path / "updates", formats=("pdf",))
    assert result.letters == 2 and {e.follows for e in result.written} == {by_lang["de"].reference,
                                                                          by_lang["ru"].reference}
    texts = {e.language: pdf_text(next(p for p in result.files if p.name == e.files[0]["name"]))
             for e in result.written}
    assert "Haftort: Strafkolonie Nr. 5, Gebiet Wladimir" in texts["de"]
    assert f"(unser Zeichen: {by_lang['de'].reference})" in texts["de"] and "Seither hat sich die Lage verändert" in texts["de"]
    assert "Место содержания: ИК-5 Владимирской области" in texts["ru"]
    # Only the person whose facts changed is listed with facts: another person's sentence is not repeated.
    other = localized(draft.case.people[0].sentence, "de")
    assert other not in texts["de"]
    assert corr.outdated_letters(library, draft.case) == []  # the updates supersede the letters they follow


def test_the_drafts_follow_up_days_set_the_follow_up_date(tmp_path, library):
    from desktop.core.draft import load_draft
    from desktop.core.errors import PetitionDeskError

    draft = demo(russian=False)
    draft.letter.follow_up_days = 14
    save_draft(draft, tmp_path / "d.json")
    loaded = load_draft(tmp_path / "d.json")
    assert loaded.letter.follow_up_days == 14
    _, _, logged = export(loaded, tmp_path / "out", library, formats=("docx",))
    assert {e.follow_up for e in logged} == {"2026-01-26"}
    assert corr.mark_sent(library, logged[0].reference, dt.date(2026, 1, 20)).follow_up == "2026-02-03"
    data = json.loads((tmp_path / "d.json").read_text(encoding="utf-8"))
    data["letter"]["follow_up_days"] = 0
    (tmp_path / "bad.json").write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(PetitionDeskError) as caught:
        load_draft(tmp_path / "bad.json")
    assert "follow_up_days" in caught.value.message()


def test_an_exported_email_shows_as_prepared_until_marked_sent(tmp_path, library, capsys):
    draft = load_demo_draft()
    for recipient in draft.recipients:
        recipient.email = f"{recipient.id}@example.org"
    report = run_export(ExportRequest(draft, tmp_path / "out", formats=("pdf", "eml"), references=True))
    plan = plan_for(ExportRequest(draft, tmp_path / "out", formats=("pdf", "eml"), references=True))
    logged = corr.record_export(library, plan, report)
    assert logged and all(corr.shown_status(e) == corr.PREPARED_FOR_EMAIL for e in logged)
    corr.mark_sent(library, logged[0].reference, dt.date.today(), "email")
    again = {e.reference: e for e in corr.list_letters(library)}
    assert corr.shown_status(again[logged[0].reference]) == "sent"
    assert corr.shown_status(again[logged[1].reference]) == corr.PREPARED_FOR_EMAIL


def test_a_release_makes_a_sent_letter_outdated_but_old_letters_are_not_flagged_for_custody(tmp_path, library):
    draft = demo()
    _, _, logged = export(draft, tmp_path / "out", library, formats=("pdf",))
    entry = logged[0]
    corr.mark_sent(library, entry.reference, PAST)
    draft.case.people[0].custody = "at_liberty"  # Sergei Krivov released
    [(found, changes)] = [(e, c) for e, c in corr.outdated_letters(library, draft.case) if e.reference == entry.reference]
    assert {(c.kind, c.fact) for c in changes} == {("changed", "custody")}
    # A letter logged before custody was a kept fact states nothing about it: no change is claimed.
    for person in found.facts["people"].values():
        person.pop("custody")
    assert corr.changes_since(found, draft.case) == []
