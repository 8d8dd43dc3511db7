"""Counting paper signatures: returned sheets entered by their code, checked, totalled and printed.

The library is reopened to show that counts survive a restart; the codes
registered by an export are compared with the codes read back from the
printed PDF; the figures are read back from the hand-over letter's and the
action report's PDFs in every language, with each language's plural forms.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import sqlite3
import subprocess
import sys

import pytest
from pypdf import PdfReader

from desktop.core.batch import ExportRequest, run_export
from desktop.core.compose import LetterOptions, render_document
from desktop.core.demo import load_demo_draft
from desktop.core.errors import PetitionDeskError
from desktop.core.library import SCHEMA_VERSION, Library
from desktop.core.plan import make_plan
from desktop.core.recipients import Recipient
from desktop.core.sheet_register import sheet_sets_of
from desktop.core.signatures import ReturnedSheet, SheetSet, parse_code, write_csv
from desktop.core.signers import Signer
from desktop.core.templates import get_template
from desktop.core.writers.pdf import write_pdf

LANGS = ("en", "sv", "fr", "de", "ru")
SIGNER = Signer(name="Anna Lindqvist", role="Coordinator", organisation="Solidarity group Stockholm")
RIKSDAG = Recipient(kind="legislature", organisation="Sveriges riksdag", address_lines=["Riksgatan 1"],
                    postal_code="100 12", city="Stockholm", country="SE")


def pdf_text(document) -> str:
    buffer = io.BytesIO()
    write_pdf(document, buffer)
    text = " ".join(page.extract_text() for page in PdfReader(buffer).pages)
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


@pytest.fixture
def library(tmp_path):
    with Library(tmp_path / "library.sqlite3") as lib:
        lib.register_sheet_sets([SheetSet("AB12CD", "en", 20, 15, "Bolotnaya Square case", "Petition")])
        yield lib


# -- codes -----------------------------------------------------------------------------

@pytest.mark.parametrize("typed", ["AB12CD-007", "ab12cd-7", "AB12CD 007", "Code: AB12CD-007", "Код: AB12CD-7",
                                   "AB12CD/07", " ab12cd–007 ", "AB12CD7"])
def test_a_code_is_read_as_volunteers_type_it(typed):
    assert parse_code(typed) == "AB12CD-007"


def test_hand_copied_letters_are_read_as_the_digits_they_stand_for():
    assert parse_code("OB1ICD-3") == "0B11CD-003"  # Crockford: O is 0, I is 1


@pytest.mark.parametrize("typed", ["", "AB12C-007", "AB12CD-", "AB12CD-0", "AB12CD-1234", "petition 7"])
def test_what_is_not_a_code_is_refused_with_an_example(typed):
    with pytest.raises(PetitionDeskError, match="e.g. AB12CD-007"):
        parse_code(typed)


# -- entering sheets ---------------------------------------------------------------------

def test_counts_survive_reopening_the_library(tmp_path):
    path = tmp_path / "library.sqlite3"
    with Library(path) as lib:
        lib.add_returned_sheet(ReturnedSheet("AB12CD-1", 14, town="Malmö", collected_by="Anna", date="2026-05-03",
                                             remarks="rain"))
        lib.add_returned_sheet(ReturnedSheet("AB12CD-2", 3, town="Lund"))
    with Library(path) as lib:
        entries = lib.returned_sheets()
        assert [(e.code, e.signed, e.town, e.collected_by, e.date, e.remarks) for e in entries] == [
            ("AB12CD-001", 14, "Malmö", "Anna", dt.date(2026, 5, 3), "rain"),
            ("AB12CD-002", 3, "Lund", "", None, ""),
        ]
        assert lib.signature_totals().signatures == 17
    # The structure is a numbered migration: the file says which version it is.
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_a_sheet_entered_twice_is_refused_naming_the_first_entry(library):
    library.add_returned_sheet(ReturnedSheet("AB12CD-007", 12, town="Malmö", collected_by="Anna"))
    today = dt.datetime.now(dt.UTC).date().isoformat()
    with pytest.raises(PetitionDeskError) as caught:
        library.add_returned_sheet(ReturnedSheet("ab12cd 7", 4, town="Lund"))
    assert str(caught.value) == (f"Sheet AB12CD-007 was already entered on {today} (collected by Anna); change that "
                                 "entry instead.")
    assert [e.signed for e in library.returned_sheets()] == [12]  # the first entry is untouched
    changed = library.update_returned_sheet(ReturnedSheet("AB12CD-007", 13, town="Malmö", collected_by="Anna"))
    assert changed.signed == 13 and library.returned_sheet("AB12CD-7").signed == 13


def test_changing_a_sheet_never_entered_is_refused(library):
    with pytest.raises(PetitionDeskError, match="has not been entered yet"):
        library.update_returned_sheet(ReturnedSheet("AB12CD-3", 2))


def test_a_count_above_the_rows_printed_is_refused(library):
    library.add_returned_sheet(ReturnedSheet("AB12CD-1", 15))  # every row signed
    with pytest.raises(PetitionDeskError, match=r"Sheet AB12CD-002 has 15 rows; 16 signed rows"):
        library.add_returned_sheet(ReturnedSheet("AB12CD-2", 16))
    with pytest.raises(PetitionDeskError, match="has 15 rows"):
        library.add_returned_sheet(ReturnedSheet("AB12CD-2", -1))
    with pytest.raises(PetitionDeskError, match="whole number"):
        library.add_returned_sheet(ReturnedSheet("AB12CD-2", "many"))
    with pytest.raises(PetitionDeskError, match="printed on 20 sheets"):
        library.add_returned_sheet(ReturnedSheet("AB12CD-21", 1))
    assert [e.code for e in library.returned_sheets()] == ["AB12CD-001"]


def test_a_sheet_of_a_petition_printed_elsewhere_is_limited_by_the_template(library):
    stored = library.add_returned_sheet(ReturnedSheet("ZZ99ZZ-1", 40, campaign="Other case"))
    assert stored.rows is None and stored.campaign == "Other case"
    with pytest.raises(PetitionDeskError, match="has 40 rows"):
        library.add_returned_sheet(ReturnedSheet("ZZ99ZZ-2", 41))
    with pytest.raises(PetitionDeskError, match="not a date"):
        library.add_returned_sheet(ReturnedSheet("ZZ99ZZ-3", 1, date="3 May"))


def test_totals_per_town_match_the_entries(library):
    entries = [("AB12CD-1", 15, "Malmö"), ("AB12CD-2", 7, "malmo "), ("AB12CD-3", 12, "Lund"),
               ("AB12CD-4", 0, "Lund"), ("AB12CD-5", 9, ""), ("AB12CD-6", 1, "Kiruna")]
    for code, signed, town in entries:
        library.add_returned_sheet(ReturnedSheet(code, signed, town=town))
    found = library.signature_totals("bolotnaya square CASE")
    assert (found.sheets, found.signatures, found.towns) == (6, 44, 3)
    assert [(t.town, t.sheets, t.signatures) for t in found.by_town] == [
        ("Malmö", 2, 22), ("Lund", 2, 12), ("Kiruna", 1, 1), ("", 1, 9)]
    assert sum(t.signatures for t in found.by_town) == sum(signed for _, signed, _ in entries)
    assert library.signature_totals("another case").sheets == 0
    assert library.remove_returned_sheet("ab12cd-2") and not library.remove_returned_sheet("AB12CD-2")
    assert library.signature_totals().signatures == 37


def test_csv_export_neutralises_formulas(library, tmp_path):
    library.add_returned_sheet(ReturnedSheet("AB12CD-1", 5, town="=HYPERLINK(\"http://x\")", collected_by="@Anna",
                                             remarks="-2+3"))
    path = tmp_path / "counts.csv"
    write_csv(library.returned_sheets(), path)
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert rows == [{"code": "AB12CD-001", "rows_signed": "5", "rows_on_sheet": "15",
                     "town": "'=HYPERLINK(\"http://x\")", "collected_by": "'@Anna", "date": "", "remarks": "'-2+3",
                     "campaign": "Bolotnaya Square case"}]


# -- exported sheets are registered with the codes they print -----------------------------

def test_export_registers_the_codes_printed_on_the_sheets(tmp_path, _private_data_dir):
    draft = load_demo_draft()
    draft.template = "petition_sheets"
    draft.options = {"sheets": 2, "rows": 12}
    report = run_export(ExportRequest(draft=draft, out_dir=tmp_path / "out", language="de", workers=1))
    [pdf] = [f for f in report.files if f.suffix == ".pdf"]
    printed = re.findall(r"Code: ([0-9A-Z]{6})-(\d{3}) · Blatt (\d) von 2",
                         " ".join(" ".join(p.extract_text().split()) for p in PdfReader(pdf).pages))
    assert [(n, m) for _, n, m in printed] == [("001", "1"), ("002", "2")]
    with Library() as lib:
        known = lib.sheet_set(printed[0][0])
        assert known == SheetSet(printed[0][0], "de", 2, 12, "Bolotnaya Square case", known.title)
        with pytest.raises(PetitionDeskError, match="has 12 rows"):
            lib.add_returned_sheet(ReturnedSheet(f"{printed[0][0]}-002", 13))
        assert lib.add_returned_sheet(ReturnedSheet(f"{printed[0][0]}-002", 12)).campaign == "Bolotnaya Square case"
    plan = make_plan(draft, language="de", check=False)
    assert [s.petition for s in sheet_sets_of(plan)] == [printed[0][0]]


# -- the figures on the documents ---------------------------------------------------------------

SIGNATURES = {
    # English for a Swedish addressee groups thousands as Sweden does (the document's locale is en_SE).
    "en": {1: "1 signature", 3: "3 signatures", 5: "5 signatures", 21: "21 signatures", 1000: "1 000 signatures"},
    "sv": {1: "1 underskrift", 3: "3 underskrifter", 5: "5 underskrifter", 21: "21 underskrifter",
           1000: "1 000 underskrifter"},
    "fr": {1: "1 signature", 3: "3 signatures", 5: "5 signatures", 21: "21 signatures", 1000: "1 000 signatures"},
    "de": {1: "1 Unterschrift", 3: "3 Unterschriften", 5: "5 Unterschriften", 21: "21 Unterschriften",
           1000: "1.000 Unterschriften"},
    "ru": {1: "1 подпись", 3: "3 подписи", 5: "5 подписей", 21: "21 подпись", 1000: "1 000 подписей"},
}
TOWNS = {
    "en": {1: "from one town", 3: "from three towns", 21: "from 21 towns"},
    "sv": {1: "från en ort", 3: "från tre orter", 21: "från 21 orter"},
    "fr": {1: "dans une ville", 3: "dans trois villes", 21: "dans 21 villes"},
    "de": {1: "aus einem Ort", 3: "aus drei Orten", 21: "aus 21 Orten"},
    "ru": {1: "из одного города", 3: "из 3 городов", 5: "из 5 городов", 21: "из 21 города"},
}


def render(template: str, lang: str, options: dict, recipient: Recipient = RIKSDAG, signers=(SIGNER,)):
    draft = load_demo_draft()
    letter = LetterOptions(date=dt.date(2026, 5, 10), place="Stockholm", sender_country="SE",
                           template_options=options)
    return render_document(get_template(template), lang, draft.case, recipient, list(signers), letter)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("count", [1, 3, 5, 21, 1000])
def test_the_hand_over_letter_says_how_many_signatures_from_how_many_towns(lang, count):
    towns = count if count in TOWNS[lang] else 0
    text = pdf_text(render("letter_legislator", lang, {"signatures": count, "signature_towns": towns}))
    expected = SIGNATURES[lang][count] + (" " + TOWNS[lang][towns] if towns else "") + "."
    assert expected in text, text[:1500]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("count", [1, 3, 5, 21, 1000])
def test_the_action_report_gives_the_signatures_letters_and_press(lang, count):
    press = ["Dagens Nyheter, 3 May, picket at the embassy", "SVT Nyheter Skåne"]
    towns = 3 if count >= 3 else 1
    text = pdf_text(render("action_report", lang, {"signatures": count, "signature_towns": towns,
                                                   "letters_delivered": 4, "press": press}))
    assert SIGNATURES[lang][count] in text, text[:1500]
    assert TOWNS[lang][towns] in text
    label = {"en": "Letters delivered: 4", "sv": "Överlämnade brev: 4", "fr": "Lettres remises : 4",
             "de": "Übergebene Briefe: 4", "ru": "Передано писем: 4"}[lang]
    assert label in text
    for line in press:
        assert line in text


@pytest.mark.parametrize("template", ["letter_legislator", "action_report"])
def test_without_figures_nothing_is_said_about_signatures(template):
    text = pdf_text(render(template, "en", {}))
    assert "signature" not in text.replace("Signature", "")
    text = pdf_text(render(template, "ru", {}))
    assert "подпис" not in text


def test_the_figures_come_from_the_counted_sheets_of_the_case(tmp_path, _private_data_dir):
    draft = load_demo_draft()
    draft.template = "action_report"
    with Library() as lib:
        for code, signed, town in [("AB12CD-1", 15, "Malmö"), ("AB12CD-2", 6, "Lund"), ("AB12CD-3", 0, "Lund")]:
            lib.add_returned_sheet(ReturnedSheet(code, signed, town=town, campaign="Bolotnaya Square case"))
        lib.add_returned_sheet(ReturnedSheet("XY34ZW-1", 9, town="Umeå", campaign="Another case"))
    plan = make_plan(draft, language="ru", check=False)
    assert plan.options.template_options["signatures"] == 21
    assert plan.options.template_options["signature_towns"] == 2
    report = run_export(ExportRequest(draft=draft, out_dir=tmp_path / "out", language="ru", workers=1))
    text = " ".join(PdfReader(report.files[0]).pages[0].extract_text().replace("\u00a0", " ").split())
    assert "21 подпись из 2 городов" in text
    # What the draft gives wins over the counts.
    draft.options = {"signatures": 1000}
    assert make_plan(draft, language="ru", check=False).options.template_options["signatures"] == 1000


def test_no_library_is_created_by_an_export(tmp_path, _private_data_dir):
    draft = load_demo_draft()
    draft.template = "action_report"
    make_plan(draft, language="en", check=False)
    assert not (_private_data_dir / "library.sqlite3").exists()


# -- the command line ---------------------------------------------------------------------------

def cli(*args):
    return subprocess.run([sys.executable, "-m", "desktop.cli", *args], check=False, capture_output=True, text=True,
                          env=dict(os.environ), timeout=300)


def test_command_line_add_list_totals_remove_export(tmp_path):
    assert cli("signatures", "add", "AB12CD-7", "--rows", "12", "--town", "Malmö", "--by", "Anna",
               "--date", "2026-05-03").returncode == 0
    assert cli("signatures", "add", "ab12cd-8", "--rows", "3", "--town", "Lund").returncode == 0
    again = cli("signatures", "add", "AB12CD-007", "--rows", "4")
    assert again.returncode == 1 and "Traceback" not in again.stderr
    assert "Sheet AB12CD-007 was already entered on" in again.stderr and "collected by Anna" in again.stderr
    too_many = cli("signatures", "add", "AB12CD-9", "--rows", "41")
    assert too_many.returncode == 1 and "has 40 rows" in too_many.stderr
    assert cli("signatures", "change", "AB12CD-8", "--rows", "5", "--town", "Lund").returncode == 0
    listed = json.loads(cli("signatures", "list", "--json").stdout)
    assert [(e["code"], e["rows_signed"], e["town"]) for e in listed] == [("AB12CD-007", 12, "Malmö"),
                                                                        ("AB12CD-008", 5, "Lund")]
    totals = cli("signatures", "totals")
    assert "Malmö\t1\t12" in totals.stdout and "Total: 17 signatures, 2 sheets, 2 towns." in totals.stdout
    out = tmp_path / "counts.csv"
    assert cli("signatures", "export", str(out)).returncode == 0
    assert len(list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))) == 2
    missing = cli("signatures", "remove", "AB12CD-7", "AB12CD-99")
    assert missing.returncode == 1 and "AB12CD-099" in missing.stderr
    assert cli("signatures", "remove", "AB12CD-7").returncode == 0
    assert json.loads(cli("signatures", "totals", "--json").stdout)["signatures"] == 5
    assert cli("signatures", "add", "nonsense", "--rows", "1").returncode == 1
