"""One road from draft to document (issue 10): check, export, preview and printing walk one plan.

Every test reads what was produced: DOCX files are reopened with python-docx,
PDF text and page sizes are read with pypdf.
"""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import functools
import os
import re
import signal
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from desktop.core.batch import ExportRequest, run_export, worker_count
from desktop.core.case import Charge
from desktop.core.checks import check_draft
from desktop.core.demo import load_demo_draft
from desktop.core.errors import PetitionDeskError, ValidationError
from desktop.core.plan import POSTER_LAYOUTS
from desktop.core.recipients import KINDS
from desktop.core.templates import ADDRESS_LAYOUTS, get_template, list_templates

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = [t.id for t in list_templates() if t.builtin]
LANGUAGES = ("en", "sv", "fr", "de", "ru", "xx")



def _numbered(value, i):
    """A recipient's name (one text or one per language) with a number after it."""
    if isinstance(value, dict):
        return {language: f"{text} {i}" for language, text in value.items()}
    return f"{value} {i}"

def pdf_text(path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def docx_text(path) -> str:
    document = docx.Document(str(path))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


@functools.cache
def _phrases(language: str) -> dict:
    with open(ROOT / "templates" / "_phrases" / f"{language}.toml", "rb") as f:
        return tomllib.load(f)


def phrase(language: str, key: str, **values) -> str:
    return _phrases(language)[key].format(**values)


@functools.cache
def _demo_resolution():
    from desktop.core.resolution.seed import from_case

    return from_case(load_demo_draft(), ["en", "sv", "fr", "de", "ru"])


def own_resolution():
    return copy.deepcopy(_demo_resolution())


# -- 1. check has no problems exactly when the export succeeds ------------------------

CASE_FIELDS = ("sentence", "court", "charges", "demands", "name")


@st.composite
def recipes(draw):
    """A description of how to change the demo draft (plain data, so failures can be kept as @example)."""
    return {
        "case": draw(st.dictionaries(st.sampled_from(CASE_FIELDS), st.sampled_from(("drop", "blank")), max_size=3)),
        "recipients": draw(st.lists(st.tuples(st.sampled_from(LANGUAGES), st.sampled_from(KINDS)), max_size=6)),
        "signers": draw(st.integers(0, 2)),
        "options": draw(st.dictionaries(
            st.sampled_from(("rows", "sheets", "style", "contact")),
            st.sampled_from((0, 100, "x", 3, 5, "ep", "zz", "riksdag", True)), max_size=3)),
        "language": draw(st.none() | st.sampled_from(LANGUAGES)),
        "own_resolution": draw(st.booleans()),
    }


def draft_from(recipe: dict):
    draft = load_demo_draft()
    case = draft.case
    for name, how in recipe["case"].items():
        if name == "name":
            case.name = {} if how == "drop" else {lang: " " for lang in case.name}
        elif name == "demands":
            case.demands = [] if how == "drop" else [{lang: "" for lang in d} for d in case.demands]
        else:
            for person in case.people:
                if name == "charges":
                    person.charges = [] if how == "drop" else [Charge(article="", description={}, law={})]
                else:
                    setattr(person, name, {} if how == "drop" else {lang: "" for lang in getattr(person, name)})
    base = draft.recipients
    draft.recipients = [
        dataclasses.replace(base[i % len(base)], id=f"r{i}", language=language, kind=kind,
                            organisation=_numbered(base[i % len(base)].organisation, i))
        for i, (language, kind) in enumerate(recipe["recipients"])
    ]
    signer = draft.signers[0]
    draft.signers = [dataclasses.replace(signer, name=f"{signer.name} {i}") for i in range(recipe["signers"])]
    draft.options = dict(recipe["options"])
    if recipe["own_resolution"]:
        draft.resolution = own_resolution()
    return draft


def check_agrees_with_export(template: str, recipe: dict, out: Path) -> None:
    draft = draft_from(recipe)
    language = recipe["language"]
    result = check_draft(copy.deepcopy(draft), template=template, language=language)
    request = ExportRequest(draft, out, formats=("pdf", "docx"), template=template, language=language, workers=1)
    try:
        report = run_export(request)
    except PetitionDeskError as exc:
        assert result.problems, f"check found nothing, export refused: {exc.message()}"
        assert isinstance(exc, ValidationError), exc.message()
        assert exc.problems == result.problems  # the same problems, each once
        assert not out.exists() or not any(out.iterdir()), "a refused export wrote files"
        event("refused by check and export")
        return
    event("exported")
    assert not result.problems, f"check found {[str(p) for p in result.problems]}, export went through"
    assert not report.failures, [str(f.message) for f in report.failures]
    pdfs, docxs = sorted(out.glob("*.pdf")), sorted(out.glob("*.docx"))
    if get_template(template).layout in ADDRESS_LAYOUTS:  # envelopes and labels: one PDF, no DOCX
        assert len(pdfs) == len(report.files) == 1 and not docxs
    elif get_template(template).layout in POSTER_LAYOUTS:  # drawn for printing: PDF only, the plan says so
        assert report.files and not docxs and len(pdfs) == len(report.files)
    else:
        assert report.files and len(pdfs) == len(docxs) == len(report.files) // 2
    for pdf in pdfs:
        assert len(PdfReader(pdf).pages) >= 1 and pdf_text(pdf).strip()
    for path in docxs:
        assert docx_text(path).strip()


_counter = iter(range(10**9))


@pytest.mark.parametrize("template", TEMPLATES)
@settings(max_examples=15, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(recipe=recipes())
@example(recipe={"case": {}, "recipients": [("sv", "embassy"), ("en", "legislature")], "signers": 1,
                 "options": {}, "language": None, "own_resolution": False})
def test_check_has_no_problems_exactly_when_export_succeeds(template, recipe, tmp_path):
    check_agrees_with_export(template, recipe, tmp_path / f"out{next(_counter)}")


# -- 2. a resolution is written for one's own chamber, once per language -------------

EMBASSIES = ("Ryska federationens ambassad", "Embassy of the Russian Federation",
             "Ambassade de la Fédération de Russie", "Botschaft der Russischen Föderation")


def resolution_draft(own: bool, recipients: bool = True):
    draft = load_demo_draft()
    draft.template = "resolution"
    if not recipients:
        draft.recipients = []
    if own:
        draft.resolution = own_resolution()
    return draft


@pytest.mark.parametrize("own", [False, True], ids=["template text", "own resolution"])
def test_a_resolution_never_becomes_a_letter_to_an_embassy(own, tmp_path):
    draft = resolution_draft(own)
    assert {r.kind for r in draft.recipients} == {"embassy"}
    report = run_export(ExportRequest(draft, tmp_path, formats=("pdf", "docx"), workers=1))
    assert not report.failures
    # one document per language: the resolution's own languages, else those of the addressees
    languages = ["en", "sv", "fr", "de", "ru"] if own else ["sv", "fr", "de", "en"]
    pdfs, docxs = sorted(tmp_path.glob("*.pdf")), sorted(tmp_path.glob("*.docx"))
    assert len(pdfs) == len(docxs) == len(languages) == report.letters
    assert sorted(re.search(r"\((\w\w)\)\.pdf$", p.name).group(1) for p in pdfs) == sorted(languages)
    for path in pdfs:
        text = pdf_text(path)
        assert text.strip()
        for embassy in EMBASSIES:
            assert embassy not in text, f"{path.name} is addressed to an embassy"
    for path in docxs:
        text = docx_text(path)
        assert text.strip()
        assert not any(embassy in text for embassy in EMBASSIES), path.name
    if own:  # the aide's own text is what was exported
        title = _demo_resolution().text("title").get("sv")
        swedish = next(p for p in pdfs if p.name.endswith("(sv).pdf"))
        assert title.split()[0] in pdf_text(swedish)


@pytest.mark.parametrize("own", [False, True], ids=["template text", "own resolution"])
@pytest.mark.parametrize("signers", [0, 1])
def test_check_of_a_resolution_without_recipients_agrees_with_export(own, signers, tmp_path):
    draft = resolution_draft(own, recipients=False)
    draft.signers = draft.signers[:signers]
    result = check_draft(copy.deepcopy(draft))
    out = tmp_path / "out"
    try:
        report = run_export(ExportRequest(draft, out, formats=("pdf", "docx"), workers=1))
    except ValidationError as exc:
        assert exc.problems == result.problems and result.problems
        assert not out.exists()
        return
    assert result.ok and not report.failures
    assert signers == 1, "a resolution without a sponsor was exported"  # the generic style needs a sponsor
    assert len(list(out.glob("*.pdf"))) == len(list(out.glob("*.docx"))) == report.letters >= 1


# -- 3. petition sheets: one set per language ----------------------------------------

def sheets_draft(**options):
    draft = load_demo_draft()
    draft.template = "petition_sheets"
    draft.options = {"sheets": 3, **options}
    return draft


@pytest.mark.parametrize("contact", [False, True])
def test_petition_sheets_are_counted_per_language(contact, tmp_path):
    # With the contact column the French text leaves room for 14 rows, not the default 15 (check says so).
    draft = sheets_draft(**({"contact": True, "rows": 12} if contact else {}))
    assert [r.language for r in draft.recipients] == ["sv", "fr", "de", "en", "en"]
    assert check_draft(copy.deepcopy(draft)).ok
    report = run_export(ExportRequest(draft, tmp_path, formats=("pdf", "docx"), workers=1))
    assert not report.failures and report.letters == 4
    pdfs = {re.search(r"\((\w\w)\)\.pdf$", p.name).group(1): p for p in tmp_path.glob("*.pdf")}
    assert sorted(pdfs) == ["de", "en", "fr", "sv"]
    assert len(list(tmp_path.glob("*.docx"))) == 4
    for language, path in pdfs.items():
        pages = PdfReader(path).pages
        assert len(pages) == 3, f"{language}: {len(pages)} pages"
        for number, page in enumerate(pages, start=1):
            text = " ".join(page.extract_text().split())
            assert phrase(language, "sheet_of", sheet=number, sheets=3) in text
            assert phrase(language, "sheet_of", sheet=number, sheets=3 * 5) not in text  # not counted per recipient
            assert (phrase(language, "column_contact") in text) == contact
    by_language = {r.language: [] for r in draft.recipients}
    for r in draft.recipients:
        by_language[r.language].append(r)
    for language, addressees in by_language.items():
        first_page = " ".join(PdfReader(pdfs[language]).pages[0].extract_text().split())
        for r in addressees:  # every addressee of that language heads the sheets; nobody is dropped
            assert f"{r.name('organisation', language)}, {r.city}" in first_page, (language, r.id)
        others = {r.name("organisation", language) for r in draft.recipients if r.language != language}
        assert not any(name in first_page for name in others), language
    for path in tmp_path.glob("*.docx"):  # the DOCX holds the same sets of sheets
        assert docx_text(path).strip()


@pytest.mark.parametrize("wrong", [{"rows": 0}, {"rows": 100}, {"rows": "x"}, {"sheets": 0}])
def test_a_wrong_sheet_setting_is_one_problem_not_one_per_language(wrong, tmp_path):
    draft = sheets_draft(**wrong)
    problems = check_draft(copy.deepcopy(draft)).problems
    name = next(iter(wrong))
    assert [p.where for p in problems] == [f"options.{name}"], [str(p) for p in problems]
    with pytest.raises(ValidationError) as refused:
        run_export(ExportRequest(draft, tmp_path / "out", formats=("pdf",), workers=1))
    assert refused.value.problems == problems
    assert not (tmp_path / "out").exists()


# -- 7. worker processes --------------------------------------------------------------

def test_worker_count_is_capped_by_cores_and_tasks():
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    assert 1 <= worker_count(100000, 50) <= min(cores, os.cpu_count())
    assert worker_count(100000, 50) <= 3  # 50 documents are 3 tasks of at most 20
    assert worker_count(100000, 1) == 1
    assert worker_count(1, 10000) == 1


@pytest.mark.parametrize("workers", [0, -1, -100000])
def test_worker_count_below_one_is_refused(workers):
    with pytest.raises(PetitionDeskError) as refused:
        worker_count(workers, 10)
    assert "1 or more" in refused.value.message()


def run_cli(*args, data_dir: Path, timeout: float = 300, **kwargs) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PETITION_DESK_DATA_DIR": str(data_dir),
           "PETITION_DESK_LANG": "en", "QT_QPA_PLATFORM": "offscreen"}
    env.pop("PETITION_DESK_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "desktop.cli", *map(str, args)], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout, **kwargs)


@pytest.mark.parametrize("workers", ["0", "-3"])
def test_cli_refuses_workers_below_one_in_one_line(workers, tmp_path):
    result = run_cli("export", "--workers", workers, "--out", tmp_path / "out", data_dir=tmp_path / "data")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "1 or more" in lines[0], result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


# -- 4. the combined print file on the command line -----------------------------------

A4, LETTER = (595.3, 841.9), (612.0, 792.0)


def page_sizes(path) -> list[tuple[float, float]]:
    return [(round(float(p.mediabox.width), 1), round(float(p.mediabox.height), 1)) for p in PdfReader(path).pages]


def first_pages(path) -> list[int]:
    """0-based pages that open a letter: those whose footer says "Page 1 of N" in the letter's language."""
    openers = [re.escape(phrase(lang, "page_of", page=1, pages="@")).replace("@", r"\d+")
               for lang in ("en", "sv", "fr", "de", "ru")]
    pattern = re.compile("|".join(openers))
    return [i for i, page in enumerate(PdfReader(path).pages) if pattern.search(page.extract_text() or "")]


def test_combined_alone_writes_one_pdf_and_keeps_each_paper_together(tmp_path):
    out = tmp_path / "out"
    result = run_cli("export", "--combined", "--out", out, data_dir=tmp_path / "data")
    assert result.returncode == 0, result.stderr
    files = sorted(out.iterdir())
    assert len(files) == 1 and files[0].suffix == ".pdf", [f.name for f in files]
    assert not list(out.glob("*.docx"))
    sizes = page_sizes(files[0])
    starts = first_pages(files[0])
    assert len(starts) == 5  # the demo's five letters
    papers = [sizes[i] for i in starts]
    assert papers == [A4] * 4 + [LETTER], papers  # the US letter last, after every A4 one
    first_letter_page = starts[-1]
    assert set(sizes[:first_letter_page]) == {A4} and set(sizes[first_letter_page:]) == {LETTER}
    assert "2 paper sizes" in result.stderr and "A4 (4)" in result.stderr and "Letter (1)" in result.stderr
    reader = PdfReader(files[0])  # the outline leads to each letter's first page
    assert [reader.get_destination_page_number(o) for o in reader.outline] == starts


def test_combined_with_format_all_writes_the_docx_too(tmp_path):
    out = tmp_path / "out"
    result = run_cli("export", "--combined", "--format", "all", "--out", out, data_dir=tmp_path / "data")
    assert result.returncode == 0, result.stderr
    pdfs, docxs = list(out.glob("*.pdf")), sorted(out.glob("*.docx"))
    assert len(pdfs) == 1 and len(docxs) == 5
    assert len(list(out.iterdir())) == 6
    assert len(first_pages(pdfs[0])) == 5
    assert "Gjörwellsgatan 31" in docx_text(next(p for p in docxs if p.name.endswith("(sv).docx")))


def test_duplex_starts_every_letter_on_a_front_side(tmp_path):
    out = tmp_path / "out"
    result = run_cli("export", "--combined", "--duplex", "--out", out, data_dir=tmp_path / "data")
    assert result.returncode == 0, result.stderr
    (pdf,) = out.glob("*.pdf")
    reader = PdfReader(pdf)
    starts = first_pages(pdf)
    assert len(starts) == 5
    assert all(i % 2 == 0 for i in starts), starts  # page numbers 1, 3, 5 …: the front of a sheet
    assert len(reader.pages) % 2 == 0
    for start, end in zip(starts, starts[1:] + [len(reader.pages)]):
        texts = [(reader.pages[i].extract_text() or "").strip() for i in range(start, end)]
        pages = int(re.search(r"(\d+)\s*$", texts[0]).group(1))  # "Page 1 of N": the letter's own pages
        assert end - start == pages + pages % 2, (start, end, pages)  # one blank page after an odd count only
        assert all(texts[:pages]) and not any(texts[pages:]), (start, end)
    sizes = page_sizes(pdf)
    assert [sizes[i] for i in starts] == [A4] * 4 + [LETTER]


def test_duplex_outline_leads_to_each_letters_first_page(tmp_path):
    out = tmp_path / "out"
    result = run_cli("export", "--combined", "--duplex", "--out", out, data_dir=tmp_path / "data")
    assert result.returncode == 0, result.stderr
    (pdf,) = out.glob("*.pdf")
    reader = PdfReader(pdf)
    assert [reader.get_destination_page_number(o) for o in reader.outline] == first_pages(pdf)


# -- 6. a killed export leaves no worker and no half-written file ----------------------

def children_of(pid: int) -> set[int]:
    """Every live descendant of ``pid``, read from /proc (psutil is not installed)."""
    parents: dict[int, int] = {}
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":\t", 1) for line in status.read_text().splitlines() if ":\t" in line)
        except OSError:
            continue
        if not fields.get("State", "").startswith("Z"):
            parents[int(status.parent.name)] = int(fields.get("PPid", "0").strip())
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def alive(pid: int) -> bool:
    try:
        state = next(line for line in Path(f"/proc/{pid}/status").read_text().splitlines()
                     if line.startswith("State:"))
    except (OSError, StopIteration):
        return False
    return "Z" not in state.split(":", 1)[1].split()[0]


@pytest.fixture(scope="module")
def big_draft(tmp_path_factory) -> Path:
    from desktop.core.draft import save_draft

    draft = load_demo_draft()
    base = draft.recipients
    draft.recipients = [
        dataclasses.replace(base[i % len(base)], id=f"r{i:04d}", organisation=_numbered(base[i % len(base)].organisation, i))
        for i in range(2000)
    ]
    path = tmp_path_factory.mktemp("big") / "two-thousand.petition"
    save_draft(draft, path)
    return path


def start_cli(*args, data_dir: Path, log: Path) -> subprocess.Popen:
    """The command line in the background; its messages go to ``log`` (a pipe nobody reads would fill and block it)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PETITION_DESK_DATA_DIR": str(data_dir),
           "PETITION_DESK_LANG": "en", "QT_QPA_PLATFORM": "offscreen"}
    with open(log, "wb") as sink:
        return subprocess.Popen([sys.executable, "-m", "desktop.cli", *map(str, args)],
                                env=env, cwd=ROOT, stdout=sink, stderr=sink)


def wait_for(condition, timeout: float = 120.0, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.05)


def kill_and_check_workers(process: subprocess.Popen) -> None:
    workers = children_of(process.pid)
    assert len(workers) >= 2, "the export did not start its worker processes"
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=10)
    time.sleep(5)
    survivors = [pid for pid in workers if alive(pid)]
    for pid in survivors:  # do not leave them running for the rest of the suite
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    assert not survivors, f"{len(survivors)} worker processes outlived the killed export"


def leftovers(out: Path) -> list[Path]:
    return sorted(out.glob(".petition-desk-*")) + sorted(out.glob(".*.part"))


def age(paths, seconds: float = 120) -> None:
    """Make half-written files look as old as those of an export killed minutes ago."""
    then = time.time() - seconds
    for path in paths:
        with contextlib.suppress(OSError):
            os.utime(path, (then, then))


def test_a_killed_batch_leaves_no_worker_and_only_whole_files(big_draft, tmp_path):
    out = tmp_path / "out"
    process = start_cli("export", big_draft, "--workers", "2", "--format", "pdf", "--out", out,
                        data_dir=tmp_path / "data", log=tmp_path / "cli.log")
    try:
        wait_for(lambda: out.is_dir() and len(list(out.glob("*.pdf"))) >= 10 or process.poll() is not None,
                 what="the first letters")
        assert process.poll() is None, (tmp_path / "cli.log").read_text()
        kill_and_check_workers(process)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    finished = sorted(out.glob("*.pdf"))
    assert 10 <= len(finished) < 2000
    for path in finished:  # every file under its final name is complete
        reader = PdfReader(path)
        assert len(reader.pages) >= 1 and reader.pages[-1].extract_text().strip()
    # A later export into the same folder removes what the killed one left half-written. A letter is
    # written in milliseconds, so the kill rarely catches one: then leave the kind of file it would have.
    if not leftovers(out):
        (out / f".{finished[-1].name}.k1ll3d.part").write_bytes(b"%PDF-1.4\n% cut short")
    age(leftovers(out))
    result = run_cli("export", "--recipient", "ru_embassy_se", "--format", "pdf", "--out", out,
                     data_dir=tmp_path / "data")
    assert result.returncode == 0, result.stderr
    assert leftovers(out) == []


def test_leftovers_of_a_running_export_are_not_touched(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    running = out / f".petition-desk-{os.getpid()}-abc"  # this process is alive: its parts are in use
    running.mkdir()
    (running / "000000.pdf").write_bytes(b"%PDF")
    fresh = out / ".letter.pdf.x1y2.part"  # being written right now by another export
    fresh.write_bytes(b"%PDF")
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    dead = out / f".petition-desk-{gone.pid}-def"
    dead.mkdir()
    old = out / ".old.pdf.z9.part"
    old.write_bytes(b"%PDF")
    age([old])
    draft = load_demo_draft()
    draft.recipients = draft.recipients[:1]
    run_export(ExportRequest(draft, out, formats=("pdf",), workers=1))
    assert running.is_dir() and fresh.exists()
    assert not dead.exists() and not old.exists()


def test_a_killed_combined_export_leaves_no_print_file(big_draft, tmp_path):
    out = tmp_path / "out"
    process = start_cli("export", big_draft, "--combined", "--workers", "2", "--out", out,
                        data_dir=tmp_path / "data", log=tmp_path / "cli.log")
    try:
        # Mid-way: the workers have written parts and the joiner has started the print file.
        wait_for(lambda: any(out.glob(".*.part")) and any(out.glob(".petition-desk-*/*.pdf"))
                 or process.poll() is not None, what="the first parts")
        assert process.poll() is None, (tmp_path / "cli.log").read_text()
        kill_and_check_workers(process)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert not list(out.glob("*.pdf")), "a killed combined export left a file under the final name"
    assert leftovers(out)
    age(leftovers(out))
    result = run_cli("export", "--recipient", "ru_embassy_se", "--format", "pdf", "--out", out,
                     data_dir=tmp_path / "data")
    assert result.returncode == 0, result.stderr
    assert leftovers(out) == []
    assert [p.name for p in out.iterdir()] == ["001 Ryska federationens ambassad i Sverige (sv).pdf"]
