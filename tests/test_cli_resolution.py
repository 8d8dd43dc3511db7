"""``petition-desk resolution …``, run as a user runs it: in a subprocess, read back from the files it writes."""

import os
import re
import subprocess
import sys

import docx
import pytest

from desktop.core.draft import load_draft
from desktop.core.vault import is_sealed


def run(*args, env_extra=None, stdin=None):
    env = dict(os.environ)
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "-m", "desktop.cli", "resolution", *map(str, args)], check=False,
                          capture_output=True, text=True, env=env, input=stdin, timeout=300)


def ok(*args, **kwargs):
    result = run(*args, **kwargs)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result


@pytest.fixture
def draft(tmp_path):
    """A resolution draft in the EP style, in English and Swedish, written from the demo case."""
    path = tmp_path / "resolution.json"
    ok("new", "-o", path, "--languages", "en,sv", "--style", "ep")
    return path


def outline(path, *extra):
    """``show``'s rows as (reference, label, text) in the order printed."""
    rows = []
    for line in ok("show", path, *extra).stdout.splitlines():
        match = re.match(r"^  (\S+:\S+)\s+(–|[A-Z]+\.|\d+\.|\(\w+\))?\s*(.*)$", line)
        if match:
            rows.append((match.group(1), match.group(2) or "", match.group(3)))
    return rows


def row(rows, ref):
    [found] = [r for r in rows if r[0] == ref]
    return found


def pdf_text(path, tmp_path, language="en", *extra):
    """The PDF of ``language`` as pdftotext lays it out (labels on the line of their text)."""
    out = tmp_path / f"pdf-{len(list(tmp_path.iterdir()))}"
    ok("export", path, "-o", out, "--format", "pdf", "--lang", language, *extra)
    [pdf] = out.glob("*.pdf")
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def numbered(text):
    """Operative paragraphs of an EP PDF: number → the first words of its text."""
    return {int(m.group(1)): m.group(2) for m in re.finditer(r"^(\d+)\.\s+(.{1,40})", text, re.MULTILINE)}


# -- new and show ----------------------------------------------------------------------------------

def test_new_writes_a_resolution_draft_and_show_prints_its_outline(draft):
    saved = load_draft(draft)
    assert saved.template == "resolution" and saved.options["style"] == "ep"
    assert saved.resolution.languages == ["en", "sv"]
    assert saved.recipients == []  # the demo's embassies are not addressees of a resolution
    rows = outline(draft)
    labels = [label for _ref, label, _text in rows]
    assert labels[:2] == ["–", "–"] and "A." in labels and "1." in labels and "(a)" in labels
    first_recital = saved.resolution.section("recital")[0].text.get("en")
    assert row(rows, "recital:A")[1] == "A." and row(rows, "recital:A")[2].startswith(first_recital[:30])
    assert row(rows, "operative:1")[2].startswith(saved.resolution.section("operative")[0].text.get("en")[:40])
    assert row(rows, "citation:2")[1] == "–"
    shown = ok("show", draft).stdout
    # The Riksdag proposals of the case are kept but not printed in the EP style.
    assert "Proposals (not printed in the ep style)" in shown
    swedish = outline(draft, "--lang", "sv")
    assert row(swedish, "recital:A")[2][:20] == saved.resolution.section("recital")[0].text.get("sv")[:20]


def test_show_with_ids_prints_ids_that_name_parts(draft):
    res = load_draft(draft).resolution
    third = res.section("operative")[2]
    assert third.id in ok("show", draft, "--ids").stdout
    ok("set", draft, third.id, "calls for an independent review")
    assert load_draft(draft).resolution.part(third.id).text.get("en") == "calls for an independent review"


def test_new_refuses_to_overwrite_without_force(draft):
    before = draft.read_bytes()
    refused = run("new", "-o", draft, "--languages", "fr")
    assert refused.returncode == 1 and "--force" in refused.stderr
    assert draft.read_bytes() == before
    ok("new", "-o", draft, "--languages", "fr", "--force")
    assert load_draft(draft).resolution.languages == ["fr"]


# -- editing, seen in the outline and in the exported PDF -----------------------------------------

def test_add_and_move_renumber_the_outline_and_the_pdf(draft, tmp_path):
    assert "operative:5" in ok("add", draft, "operative", "urges the Quokka commission to report yearly").stdout
    assert numbered(pdf_text(draft, tmp_path))[5].startswith("Urges the Quokka")
    moved = ok("move", draft, "operative:5", "--to", "1").stdout
    assert "operative:1" in moved
    rows = outline(draft)
    assert row(rows, "operative:1")[2].startswith("urges the Quokka")
    assert row(rows, "operative:2")[2].startswith("condemns")
    paragraphs = numbered(pdf_text(draft, tmp_path))
    assert paragraphs[1].startswith("Urges the Quokka") and paragraphs[2].startswith("Condemns")
    ok("move", draft, "operative:1", "--down")
    paragraphs = numbered(pdf_text(draft, tmp_path))
    assert paragraphs[1].startswith("Condemns") and paragraphs[2].startswith("Urges the Quokka")


def test_add_after_a_part_and_remove(draft, tmp_path):
    ok("add", draft, "recital", "the Quokka report was published in 2014", "--after", "recital:B")
    rows = outline(draft)
    assert row(rows, "recital:C")[2].startswith("the Quokka report")
    text = pdf_text(draft, tmp_path)
    assert re.search(r"^C\.\s+whereas the Quokka report", text, re.MULTILINE)
    second = row(rows, "recital:B")[2]
    ok("remove", draft, "recital:B")
    rows = outline(draft)
    assert row(rows, "recital:B")[2].startswith("the Quokka report")
    assert all(r[2] != second for r in rows)
    assert re.search(r"^B\.\s+whereas the Quokka report", pdf_text(draft, tmp_path), re.MULTILINE)


def test_split_and_merge(draft, tmp_path):
    ok("add", draft, "operative", "asks the Quokka commission to visit the prisoners and to report to Parliament")
    said = ok("split", draft, "operative:5", "--at", "and to report").stdout
    assert "operative:6" in said
    rows = outline(draft)
    assert row(rows, "operative:5")[2] == "asks the Quokka commission to visit the prisoners"
    assert row(rows, "operative:6")[2] == "and to report to Parliament"
    paragraphs = numbered(pdf_text(draft, tmp_path))
    assert paragraphs[5].startswith("Asks the Quokka") and paragraphs[6].startswith("And to report")
    # The Swedish text was not split: the new part waits for its translation.
    swedish = ok("show", draft, "--lang", "sv").stdout
    assert "operative:6" in swedish and "(no text in sv)" in swedish
    ok("merge", draft, "operative:5")
    rows = outline(draft)
    assert row(rows, "operative:5")[2].startswith("asks the Quokka commission to visit the prisoners and to")
    assert not [r for r in rows if r[0] == "operative:6"]
    paragraphs = numbered(pdf_text(draft, tmp_path))
    assert paragraphs[5].startswith("Asks the Quokka commission to visit") and paragraphs[6].startswith("Instructs")


def test_split_at_a_character_position(draft):
    ok("add", draft, "citation", "the Quokka report and its annex")
    last = len([r for r in outline(draft) if r[0].startswith("citation:")])  # the added one is last
    ok("split", draft, f"citation:{last}", "--at", "18")
    rows = outline(draft)
    assert row(rows, f"citation:{last}")[2] == "the Quokka report"
    assert row(rows, f"citation:{last + 1}")[2] == "and its annex"


def test_indent_outdent_and_sub_points(draft, tmp_path):
    said = ok("indent", draft, "operative:2").stdout
    assert "operative:1(a)" in said
    rows = outline(draft)
    assert row(rows, "operative:1(a)")[1] == "(a)" and row(rows, "operative:1(a)")[2].startswith("expresses")
    assert row(rows, "operative:2")[2].startswith("calls on the authorities")
    text = pdf_text(draft, tmp_path)
    assert re.search(r"^\s+\(a\)\s+expresses its solidarity", text, re.MULTILINE)
    assert numbered(text)[2].startswith("Calls on the authorities")
    ok("point", draft, "operative:2", "free the Quokka prisoners")
    assert row(outline(draft), "operative:2(d)")[2] == "free the Quokka prisoners"
    assert re.search(r"^\s+\(d\)\s+free the Quokka prisoners", pdf_text(draft, tmp_path), re.MULTILINE)
    ok("outdent", draft, "operative:1(a)")
    rows = outline(draft)
    assert row(rows, "operative:2")[2].startswith("expresses")
    assert not [r for r in rows if r[0].startswith("operative:1(")]


def test_move_into_another_kind(draft):
    ok("add", draft, "recital", "the Quokka convention applies")
    last = [r[0] for r in outline(draft) if r[0].startswith("recital:")][-1]  # the added one
    ok("move", draft, last, "--kind", "citation", "--to", "1")
    rows = outline(draft)
    assert row(rows, "citation:1")[2] == "the Quokka convention applies"
    assert not [r for r in rows if r[0] == last]


def test_set_header_and_confirm_a_translation(draft):
    ok("set", draft, "title", "Release the Bolotnaya prisoners")
    assert load_draft(draft).resolution.text("title").get("en") == "Release the Bolotnaya prisoners"
    ok("set", draft, "recital:C", "the figures are disputed")
    swedish = ok("show", draft, "--lang", "sv").stdout
    [line] = [line for line in swedish.splitlines() if "recital:C" in line]
    assert "[translation out of date]" in line
    ok("confirm", draft, "recital:C", "--lang", "sv")
    [line] = [line for line in ok("show", draft, "--lang", "sv").stdout.splitlines() if "recital:C" in line]
    assert "[translation out of date]" not in line


def test_style_switch_keeps_content_and_changes_set_phrases(draft, tmp_path):
    before = pdf_text(draft, tmp_path)
    assert "having regard to" in before and "whereas" in before
    texts = {r[0]: r[2] for r in outline(draft) if r[0].startswith("recital:")}
    said = ok("style", draft, "us").stdout
    assert "citation" in said  # the citations are kept but the US style does not print them
    after = pdf_text(draft, tmp_path)
    assert "Whereas" in after and "Resolved, That" in after and "having regard to" not in after
    assert "Krivov" in after
    # The recitals are the same, now counted by position since "Whereas" clauses carry no letters.
    shown = {r[0]: r[2] for r in outline(draft) if r[0].startswith("recital:")}
    assert list(shown.values()) == list(texts.values())
    assert "recital:1" in shown and "recital:A" not in shown
    assert load_draft(draft).options["style"] == "us"


def test_languages_add_and_remove(draft):
    ok("languages", draft, "--add", "fr", "--remove", "sv")
    res = load_draft(draft).resolution
    assert res.languages == ["en", "fr"]
    assert not any("sv" in part.text.values for part in res.walk())
    assert "(no text in fr)" in ok("show", draft, "--lang", "fr").stdout
    ok("set", draft, "recital:A", "l'affaire de la place Bolotnaïa", "--lang", "fr")
    assert load_draft(draft).resolution.section("recital")[0].text.get("fr") == "l'affaire de la place Bolotnaïa"


# -- export ----------------------------------------------------------------------------------------

def test_export_writes_each_format_for_each_language(draft, tmp_path):
    out = tmp_path / "out"
    formats = "docx,pdf,akn"
    result = ok("export", draft, "-o", out, "--format", formats)
    written = sorted(p.name for p in out.iterdir())
    per_language = len(formats.split(","))
    assert len(written) == 2 * per_language
    assert sum("(en)" in name for name in written) == per_language
    assert sum("(sv)" in name for name in written) == per_language
    assert all(str(out / name) in result.stdout for name in written)
    res = load_draft(draft).resolution
    [swedish_docx] = out.glob("*(sv).docx")
    text = "\n".join(p.text for p in docx.Document(swedish_docx).paragraphs)
    assert "med beaktande av" in text
    assert res.section("recital")[3].text.get("sv")[:30] in text
    [english_pdf] = out.glob("*(en).pdf")
    pdf = subprocess.run(["pdftotext", str(english_pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "having regard to" in " ".join(pdf.split())


def test_export_carries_the_fonts_unless_told_not_to(draft, tmp_path):
    import zipfile

    ok("export", draft, "-o", tmp_path / "on", "--format", "docx", "--lang", "sv")
    ok("export", draft, "-o", tmp_path / "off", "--format", "docx", "--lang", "sv", "--no-embed-fonts")
    [on], [off] = (list((tmp_path / d).glob("*.docx")) for d in ("on", "off"))
    assert "word/fonts/font1.odttf" in zipfile.ZipFile(on).namelist()
    assert not [n for n in zipfile.ZipFile(off).namelist() if n.startswith("word/fonts/")]


def test_export_akoma_ntoso(draft, tmp_path):
    from lxml import etree

    out = tmp_path / "out"
    ok("add", draft, "operative", "urges the Quokka commission to report yearly")
    ok("export", draft, "-o", out, "--format", "akn", "--lang", "en")
    [xml] = out.glob("*.xml")
    root = etree.fromstring(xml.read_bytes())
    assert etree.QName(root).localname == "akomaNtoso"
    nums = [n.text for n in root.iter("{*}num")]
    assert "A." in nums and "5." in nums
    assert "Quokka commission" in etree.tostring(root, encoding="unicode")


def test_export_line_numbers_on_and_off(draft, tmp_path):
    with_numbers = pdf_text(draft, tmp_path, "en", "--line-numbers")
    without = pdf_text(draft, tmp_path, "en", "--no-line-numbers")
    # Line numbers are printed in the margin every few lines: lines that begin with a bare number.
    def margin(text):
        return [line for line in text.splitlines() if re.match(r"^\s*\d+\s{2,}\S", line)]
    assert len(margin(with_numbers)) > len(margin(without))


# -- import ----------------------------------------------------------------------------------------

EP_TEXT = """European Parliament resolution on the Quokka case

The European Parliament,

– having regard to the Universal Declaration of Human Rights,
– having regard to its earlier resolutions on freedom of assembly,

A. whereas three members of the Quokka choir were arrested after a peaceful concert;
B. whereas they have been held without trial for a year;

1. Condemns the detention of the members of the Quokka choir;
2. Calls for their immediate release;
3. Instructs its President to forward this resolution to the Council and the Commission.
"""


@pytest.mark.parametrize("from_stdin", [False, True])
def test_import_a_text_file_or_standard_input(tmp_path, from_stdin):
    source = tmp_path / "quokka.txt"
    source.write_text(EP_TEXT, encoding="utf-8")
    out = tmp_path / "imported.json"
    if from_stdin:
        result = ok("import", "-", "-o", out, stdin=EP_TEXT)
    else:
        result = ok("import", source, "-o", out)
    # What was recognised is listed with its line numbers, so the user can check it.
    assert re.search(r"^\s+8\s+A\.\s+recital\s+three members of the Quokka choir", result.stdout, re.MULTILINE)
    draft = load_draft(out)
    assert draft.template == "resolution" and draft.options["style"] == "ep"
    rows = outline(out)
    assert row(rows, "recital:A")[2].startswith("three members of the Quokka choir")
    assert row(rows, "recital:B")[2].startswith("they have been held")
    assert row(rows, "operative:2")[2].lower().startswith("calls for their immediate release")
    assert len([r for r in rows if r[0].startswith("citation:")]) == 2
    assert "Quokka" in draft.title and "Quokka" in str(draft.case.name)
    refused = run("import", source, "-o", out)
    assert refused.returncode == 1 and "--force" in refused.stderr


MOTION_TEXT = """Motion till riksdagen
2025/26:999
av Karin Exempel m.fl. (V)

Stöd till de fängslade i Quokkamålet

Förslag till riksdagsbeslut
1. Riksdagen ställer sig bakom det som anförs i motionen om att kräva att de fängslade friges och tillkännager detta för regeringen.
2. Riksdagen ställer sig bakom det som anförs i motionen om att följa rättegångarna och tillkännager detta för regeringen.

Motivering
Tre medlemmar i Quokkakören greps efter en fredlig konsert.
De har hållits utan rättegång i ett år.

Karin Exempel (V)
Per Prov (S)
"""


def test_import_a_motion_keeps_its_sponsors_and_shows_it_in_printing_order(tmp_path):
    source = tmp_path / "motion.txt"
    source.write_text(MOTION_TEXT, encoding="utf-8")
    out = tmp_path / "motion.json"
    ok("import", source, "-o", out)
    draft = load_draft(out)
    assert draft.options["style"] == "riksdag" and draft.resolution.languages == ["sv"]
    assert (draft.options["session"], draft.options["number"]) == ("2025/26", "999")
    assert [(s.name, s.party) for s in draft.signers] == [("Karin Exempel", "V"), ("Per Prov", "S")]
    rows = outline(out)
    # A motion prints its proposals before the grounds ("Motivering"), and so does show.
    assert [r[0] for r in rows] == ["proposal:1", "proposal:2", "recital:1", "recital:2"]
    assert row(rows, "proposal:1")[1] == "1." and "fängslade friges" in row(rows, "proposal:1")[2]
    assert row(rows, "recital:2")[2].startswith("De har hållits")


# -- encrypted drafts --------------------------------------------------------------------------------

def test_an_encrypted_draft_is_edited_and_stays_encrypted(draft, tmp_path):
    protected = tmp_path / "resolution.pdesk"
    env = {"DRAFT_PASS": "correct horse battery"}
    made = subprocess.run([sys.executable, "-m", "desktop.cli", "encrypt", str(draft), str(protected),
                           "--passphrase-env", "DRAFT_PASS"], check=False, capture_output=True, text=True,
                          env={**os.environ, **env}, timeout=300)
    assert made.returncode == 0, made.stderr
    ok("add", protected, "operative", "urges the Quokka commission to report", "--passphrase-env", "DRAFT_PASS",
       env_extra=env)
    raw = protected.read_bytes()
    assert is_sealed(raw) and b"Quokka" not in raw
    reopened = load_draft(protected, "correct horse battery")
    assert reopened.resolution.section("operative")[-1].text.get("en") == "urges the Quokka commission to report"
    shown = ok("show", protected, "--passphrase-env", "DRAFT_PASS", env_extra=env)
    assert "urges the Quokka" in shown.stdout
    # A resolution started from an encrypted draft is encrypted too.
    started = tmp_path / "started.pdesk"
    ok("new", protected, "-o", started, "--passphrase-env", "DRAFT_PASS", env_extra=env)
    assert is_sealed(started.read_bytes())
    no_passphrase = run("show", protected, stdin="")
    assert no_passphrase.returncode == 1 and "--passphrase-env" in no_passphrase.stderr


# -- mistakes: one sentence, exit 1, the file untouched ----------------------------------------------

MISTAKES = [
    (("remove", "{draft}", "operative:9"), "no part operative:9"),
    (("remove", "{draft}", "recital:ZZ"), "no part recital:ZZ"),
    (("remove", "{draft}", "clause:1"), "no part clause:1"),
    (("remove", "{draft}", "title"), "heading text"),
    (("add", "{draft}", "preamble", "text"), "preamble is not a kind of part"),
    (("add", "{draft}", "recital", "text", "--lang", "de"), "not written in de"),
    (("add", "{draft}", "recital", "text", "--after", "recital:Q"), "no part recital:Q"),
    (("set", "{draft}", "recital:A", "text", "--lang", "xx"), "not written in xx"),
    (("merge", "{draft}", "operative:4"), "last part of its list"),
    (("move", "{draft}", "citation:1", "--up"), "already the first"),
    (("move", "{draft}", "operative:4", "--down"), "already the last"),
    (("move", "{draft}", "operative:1", "--to", "9"), "Position 9"),
    (("move", "{draft}", "operative:1"), "--up, --down, --to N or --kind"),
    (("point", "{draft}", "recital:A", "text"), "Only operative paragraphs have sub-points"),
    (("indent", "{draft}", "operative:1"), "first operative paragraph"),
    (("indent", "{draft}", "recital:B"), "Only operative paragraphs"),
    (("outdent", "{draft}", "operative:2"), "not a sub-point"),
    (("split", "{draft}", "recital:A", "--at", "no such words"), "“no such words” is not in recital:A"),
    (("split", "{draft}", "recital:A", "--at", "0"), "leave one half empty"),
    (("style", "{draft}", "westminster"), "style westminster is unknown"),
    (("languages", "{draft}", "--remove", "en,sv"), "at least one language"),
    (("languages", "{draft}", "--remove", "fr"), "not written in fr"),
    (("languages", "{draft}", "--add", "klingon"), "not a list of languages"),
    (("confirm", "{draft}", "recital:A", "--lang", "fr"), "not written in fr"),
    (("export", "{draft}", "-o", "{out}", "--format", "odt"), "formats docx, pdf, akn"),
    (("export", "{draft}", "-o", "{out}", "--date", "tomorrow"), "YYYY-MM-DD"),
]


@pytest.mark.parametrize("command, expected", MISTAKES, ids=[" ".join(m[0][:1] + m[0][2:3]) for m in MISTAKES])
def test_mistakes_are_one_sentence_and_leave_the_draft_as_it_was(draft, tmp_path, command, expected):
    before = draft.read_bytes()
    args = [str(a).format(draft=draft, out=tmp_path / "out") for a in command]
    result = run(*args)
    assert result.returncode == 1, result.stdout
    assert expected in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert draft.read_bytes() == before
    assert not (tmp_path / "out").exists()


def test_a_draft_without_resolution_is_named_in_the_message(tmp_path):
    letter = tmp_path / "letter.json"
    subprocess.run([sys.executable, "-m", "desktop.cli", "demo", str(letter)], check=True, capture_output=True)
    before = letter.read_bytes()
    result = run("add", letter, "recital", "text")
    assert result.returncode == 1 and "resolution new" in result.stderr
    assert letter.read_bytes() == before


def test_confirming_an_empty_translation_is_refused(draft):
    ok("add", draft, "recital", "only in English")
    before = draft.read_bytes()
    last = [r[0] for r in outline(draft) if r[0].startswith("recital:")][-1]  # the added one
    result = run("confirm", draft, last, "--lang", "sv")
    assert result.returncode == 1 and "no text in sv" in result.stderr
    assert draft.read_bytes() == before


def test_help_explains_references():
    result = subprocess.run([sys.executable, "-m", "desktop.cli", "resolution", "move", "--help"],
                            check=False, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0
    flat = " ".join(result.stdout.split())
    assert "recital:C" in flat and "operative:3(b)" in flat and "citation:2" in flat

