"""Recipients' and signers' names per language: the letter prints its own language's name.

Read back from what is produced: the PDF (pypdf), the DOCX (python-docx), the
SQLite library, the CSV file and ``check``'s notes.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import os
import sqlite3
import subprocess
import sys

import docx
import pytest
from pypdf import PdfReader

from desktop.core import library as library_module
from desktop.core.address import address_block
from desktop.core.batch import ExportRequest, run_export
from desktop.core.demo import load_demo_draft
from desktop.core.draft import draft_from_dict
from desktop.core.fields import localized, with_text
from desktop.core.library import SCHEMA_VERSION, Library
from desktop.core.plan import make_plan
from desktop.core.recipients import Recipient, recipient_from_dict
from desktop.core.recipients_csv import export_recipients, import_recipients
from desktop.core.signers import Signer, signer_from_dict

EMBASSY_NAMES = {
    "en": "Embassy of the Russian Federation in Sweden",
    "sv": "Ryska federationens ambassad i Sverige",
    "fr": "Ambassade de la Fédération de Russie en Suède",
    "de": "Botschaft der Russischen Föderation im Königreich Schweden",
    "ru": "Посольство Российской Федерации в Королевстве Швеция",
}
ROLES = {"en": "Coordinator", "sv": "Samordnare", "fr": "Coordinatrice", "de": "Koordinatorin", "ru": "Координатор"}


def pdf_text(path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def docx_text(path) -> str:
    return "\n".join(p.text for p in docx.Document(path).paragraphs)


def one(text: str) -> str:
    """Lines joined, as a name broken over two lines of the address block reads."""
    return " ".join(text.split())


def _stockholm_draft(**signer):
    draft = load_demo_draft()
    draft.recipients = [draft.recipients[0]]  # the embassy in Stockholm, with its names in five languages
    draft.signers = [dataclasses.replace(draft.signers[0], **signer)]
    return draft


@pytest.mark.parametrize("language", ["fr", "de", "ru"])
def test_the_letter_prints_the_recipients_and_signers_names_in_its_language(tmp_path, language):
    draft = _stockholm_draft(role=dict(ROLES))
    report = run_export(ExportRequest(draft, tmp_path, formats=("pdf", "docx"), language=language, workers=1))
    assert not report.failures
    [pdf] = tmp_path.glob("*.pdf")
    [word] = tmp_path.glob("*.docx")
    for text in (one(pdf_text(pdf)), one(docx_text(word))):
        assert EMBASSY_NAMES[language] in text
        others = [name for code, name in EMBASSY_NAMES.items() if code != language]
        assert not [name for name in others if name in text]
        # The signature block: the signer's role and organisation in the letter's language.
        assert ROLES[language] in text
        assert localized(draft.signers[0].organisation, language) in text
        assert "Solidaritetsgruppen" not in text and ROLES["en"] not in text


def test_the_docx_address_block_in_german_puts_the_embassy_first(tmp_path):
    draft = load_demo_draft()
    draft.recipients = [dataclasses.replace(draft.recipients[2], gender="male")]  # the embassy in Berlin
    report = run_export(ExportRequest(draft, tmp_path, formats=("docx",), language="de", workers=1))
    assert not report.failures
    [word] = tmp_path.glob("*.docx")
    lines = [p.text for p in docx.Document(word).paragraphs if p.text.strip()]
    start = lines.index("Botschaft der Russischen Föderation")
    assert lines[start + 1:start + 4] == ["Herrn Botschafter", "Unter den Linden 63-65", "10117 BERLIN"]


def test_a_recipient_without_a_name_in_the_letters_language_is_a_note_not_a_problem(tmp_path):
    data = {
        "format": "petition-desk/draft", "version": 1, "template": "appeal_mission", "language": "de",
        "case": "bolotnaya_case.json",
        "recipients": [{"kind": "embassy", "organisation": {"en": "Embassy of the Russian Federation"},
                        "title": "Botschafter", "address_lines": ["Unter den Linden 63-65"], "postal_code": "10117",
                        "city": "Berlin", "country": "DE"}],
        "signers": [{"name": "Anna Lindqvist", "organisation": {"sv": "Solidaritetsgruppen", "de": "Solidaritätsgruppe"}}],
        "letter": {"sender_country": "SE"},
    }
    demo = load_demo_draft()
    case = json.loads(json.dumps(demo.to_dict()["case"], ensure_ascii=False))
    data["case"] = case
    plan = make_plan(draft_from_dict(data))
    notes = [p for p in plan.notes if p.where == "recipients[0].organisation"]
    assert len(notes) == 1
    text = notes[0].render()
    assert "German" in text and "English" in text and "Embassy of the Russian Federation" in text
    assert not [p for p in plan.problems if p.where.startswith("recipients[0]")]
    assert not [p for p in plan.notes if p.where.startswith("signers[0]")]  # the signer has a German name
    assert not [p for p in plan.notes if p.where == "recipients[0].title"]  # a plain name carries no language
    # The same in the CLI: check lists the note and succeeds.
    path = tmp_path / "draft.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    env = {**os.environ, "PETITION_DESK_DATA_DIR": str(tmp_path / "lib")}
    checked = subprocess.run([sys.executable, "-m", "desktop.cli", "check", str(path)], capture_output=True,
                             text=True, env=env, timeout=300)
    assert "Traceback" not in checked.stderr
    assert "recipients[0].organisation" in checked.stdout + checked.stderr
    # In English the name is its own: no note.
    data["language"] = "en"
    assert not [p for p in make_plan(draft_from_dict(data)).notes if p.where == "recipients[0].organisation"]


def test_older_drafts_with_plain_names_load_and_print_unchanged():
    plain = recipient_from_dict({"organisation": "Ryska federationens ambassad", "title": "Ambassadören",
                                 "city": "Stockholm", "country": "SE"})
    assert plain.organisation == "Ryska federationens ambassad" and plain.to_dict()["organisation"] == plain.organisation
    for language in ("en", "fr", "de"):
        assert address_block(plain, language, "SE")[0] == "Ryska federationens ambassad"
    signer = signer_from_dict({"name": "Anna", "role": "Samordnare"})
    assert signer.role == "Samordnare" and signer.to_dict() == {"name": "Anna", "role": "Samordnare"}


def test_names_per_language_round_trip_in_the_draft_and_refuse_unknown_languages():
    data = {"organisation": dict(EMBASSY_NAMES), "title": {"fr": "Ambassadeur", "": "Ambassadören"},
            "city": "Stockholm", "country": "SE"}
    recipient = recipient_from_dict(data)
    assert recipient_from_dict(recipient.to_dict()) == recipient
    assert recipient.in_language("fr").title == "Ambassadeur"
    assert recipient.in_language("de").title == "Ambassadören"  # the unstated name serves other languages
    assert recipient.in_language("de").organisation == EMBASSY_NAMES["de"]
    with pytest.raises(Exception) as raised:
        recipient_from_dict({"organisation": {"xx": "Botschaft"}})
    assert "xx" in str(raised.value.problems[0].params)


def test_library_round_trips_names_per_language(tmp_path):
    recipient = Recipient(organisation=dict(EMBASSY_NAMES), title={"": "Ambassadören", "fr": "Ambassadeur"},
                          kind="embassy", city="Stockholm", country="SE")
    signer = Signer(name="Anna Lindqvist", role=dict(ROLES), organisation="Solidaritetsgruppen")
    with Library(tmp_path / "library.sqlite") as lib:
        rid = lib.add_recipient(recipient)
        sid = lib.add_signer(signer)
        assert rid.startswith("embassy_of_the_russian_federation")  # made from the English name
        # Found by a name in any language.
        assert [r.id for r in lib.list_recipients(search="Швеция")] == [rid]
    with Library(tmp_path / "library.sqlite") as lib:
        stored = lib.get_recipient(rid)
        assert stored.organisation == EMBASSY_NAMES and stored.title == {"": "Ambassadören", "fr": "Ambassadeur"}
        kept = lib.get_signer(sid)
        assert kept.role == ROLES and kept.organisation == "Solidaritetsgruppen"
        kept.role = with_text(kept.role, "de", "Koordinator")
        lib.update_signer(kept)
        assert lib.get_signer(sid).role["de"] == "Koordinator"
    row = sqlite3.connect(tmp_path / "library.sqlite").execute(
        "SELECT organisation, names FROM recipients").fetchone()
    assert row[0] == EMBASSY_NAMES["en"]  # the plain column: sorting, searching
    assert json.loads(row[1])["organisation"]["ru"] == EMBASSY_NAMES["ru"]


def test_a_library_from_before_names_per_language_opens_and_migrates(tmp_path):
    path = tmp_path / "library.sqlite"
    conn = sqlite3.connect(path)
    for migration in library_module._MIGRATIONS[:3]:  # the library as version 3 made it
        for statement in migration.split(";"):
            if statement.strip():
                conn.execute(statement)
    conn.execute("PRAGMA user_version = 3")
    conn.execute("INSERT INTO recipients (id, kind, organisation, title, city, country, updated) "
                 "VALUES ('ru_se', 'embassy', 'Ryska federationens ambassad', 'Ambassadören', 'Stockholm', 'SE', 'x')")
    conn.execute("INSERT INTO signers (id, name, role, organisation, updated) "
                 "VALUES ('anna', 'Anna Lindqvist', 'Samordnare', 'Solidaritetsgruppen', 'x')")
    conn.commit()
    conn.close()
    assert SCHEMA_VERSION == 4
    with Library(path) as lib:
        old = lib.get_recipient("ru_se")
        assert old.organisation == "Ryska federationens ambassad" and old.title == "Ambassadören"
        assert lib.get_signer("anna").role == "Samordnare"
        old.organisation = with_text(old.organisation, "fr", "Ambassade de la Fédération de Russie en Suède")
        lib.update_recipient(old)
        assert lib.get_recipient("ru_se").organisation == {
            "": "Ryska federationens ambassad", "fr": "Ambassade de la Fédération de Russie en Suède"}
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 4


def test_csv_columns_per_language_round_trip(tmp_path):
    source = tmp_path / "in.csv"
    source.write_text(
        "organisation,organisation:fr,Organisation (de),title,title:ru,city,country\n"
        "Ryska federationens ambassad,Ambassade de la Fédération de Russie en Suède,"
        "Botschaft der Russischen Föderation im Königreich Schweden,Ambassadören,Послу,Stockholm,SE\n"
        "Sveriges riksdag,,,,,Stockholm,SE\n", encoding="utf-8")
    result = import_recipients(source)
    assert not result.rejected and not result.ignored_columns
    embassy, riksdag = result.recipients
    assert embassy.organisation == {"": "Ryska federationens ambassad", "fr": EMBASSY_NAMES["fr"],
                                    "de": EMBASSY_NAMES["de"]}
    assert embassy.title == {"": "Ambassadören", "ru": "Послу"}
    assert riksdag.organisation == "Sveriges riksdag"  # no names per language: plain text, as before
    exported = tmp_path / "out.csv"
    export_recipients(result.recipients, exported)
    with exported.open(encoding="utf-8-sig", newline="") as handle:
        header = next(csv.reader(handle))
    assert header[-3:] == ["title:ru", "organisation:fr", "organisation:de"]
    again = import_recipients(exported)
    assert [r.organisation for r in again.recipients] == [embassy.organisation, "Sveriges riksdag"]
    assert again.recipients[0].title == embassy.title
    # Re-imported into the library, an older file without the language columns keeps the names.
    with Library(tmp_path / "library.sqlite") as lib:
        lib.import_csv(exported)
        plain = tmp_path / "plain.csv"
        plain.write_text("id,organisation,city,country,email\n"
                         f"{lib.list_recipients()[0].id},Ryska federationens ambassad,Stockholm,SE,a@example.se\n",
                         encoding="utf-8")
        lib.import_csv(plain)
        stored = lib.get_recipient(lib.list_recipients()[0].id)
        assert stored.email == "a@example.se" and stored.organisation == embassy.organisation


def test_cli_adds_a_signer_with_roles_per_language(tmp_path):
    env = {**os.environ, "PETITION_DESK_DATA_DIR": str(tmp_path / "lib")}
    run = lambda *args: subprocess.run([sys.executable, "-m", "desktop.cli", *args], capture_output=True,  # noqa: E731
                                       text=True, env=env, timeout=300)
    added = run("signers", "add", "--name", "Anna Lindqvist", "--role", "Samordnare", "--role-in", "fr=Coordinatrice",
                "--organisation-in", "de=Solidaritätsgruppe")
    assert added.returncode == 0, added.stderr
    listed = json.loads(run("signers", "list", "--json").stdout)
    assert listed[0]["role"] == {"": "Samordnare", "fr": "Coordinatrice"}
    assert listed[0]["organisation"] == {"de": "Solidaritätsgruppe"}
    wrong = run("signers", "add", "--name", "B", "--role-in", "Coordinatrice")
    assert wrong.returncode != 0 and "Traceback" not in wrong.stderr and "--role-in" in wrong.stderr
