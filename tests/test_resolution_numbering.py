"""Live numbering of resolutions past Z, renumbering after moves, and line numbers for amendments.

The PDF is read back with poppler's pdftotext, the DOCX's numbering both by
counting it the way Word counts (from the XML) and by a real word
processor: LibreOffice converts the DOCX to PDF and pdftotext reads the
labels it printed.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from io import BytesIO
from pathlib import Path

import pytest
from lxml import etree, html

from desktop.core.demo import load_demo_draft
from desktop.core.document import Document, ListBlock, ListItem, Paragraph, Run
from desktop.core.resolution import edit
from desktop.core.resolution.export import render_resolution
from desktop.core.resolution.seed import from_case
from desktop.core.writers.docx import write_docx
from desktop.core.writers.pdf import write_pdf

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MARGIN_PT = 25 * 72 / 25.4  # the A4 margin of both writers

needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler's pdftotext is not installed")
needs_soffice = pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed; it reads the DOCX back"
)


# -- building resolutions ----------------------------------------------------------------


def flat(text: str) -> str:
    """The text with its no-break spaces (which the typography puts in "recital 1\u00a0text") as spaces."""
    return " ".join(text.split())


def resolution_draft(style: str = "ep", recitals: int | None = None):
    draft = load_demo_draft()
    draft.template = "resolution"
    draft.options = {"style": style}
    draft.resolution = from_case(draft, ["en"])
    if recitals is not None:
        res = draft.resolution
        for part in list(res.section("recital")):
            edit.remove(res, part.id)
        for i in range(1, recitals + 1):
            edit.add_part(res, "recital", "en", f"recital {i} text")
    return draft


def recital_ids(draft) -> list[str]:
    return [part.id for part in draft.resolution.section("recital")]


def pdf_bytes(doc: Document) -> bytes:
    buffer = BytesIO()
    write_pdf(doc, buffer)
    return buffer.getvalue()


def docx_bytes(doc: Document) -> bytes:
    buffer = BytesIO()
    write_docx(doc, buffer)
    return buffer.getvalue()


# -- reading PDFs -------------------------------------------------------------------------


def pdftotext_pages(pdf: bytes | Path, tmp_path: Path) -> list[str]:
    """The PDF's pages as pdftotext -layout prints them (one printed line per text line)."""
    path = pdf if isinstance(pdf, Path) else tmp_path / "read.pdf"
    if not isinstance(pdf, Path):
        path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True)
    pages = out.stdout.split("\f")
    return [page for page in pages if page.strip()]


def label_of(pages: list[str], text: str) -> str:
    """The label printed at the start of the line that holds ``text`` (after its line number, if any)."""
    for page in pages:
        for line in page.splitlines():
            if text in line:
                match = re.match(r"^\s*(?:\d+\s+)?(\S+)\s+(?:\S+\s+)?" + re.escape(text), line)
                assert match, f"no label before {text!r} in {line!r}"
                return match.group(1)
    raise AssertionError(f"{text!r} is not in the PDF")


def pdf_words(pdf: bytes | Path, tmp_path: Path) -> list[list[tuple[float, float, float, str]]]:
    """Per page, every word as (xMin, xMax, yMax, text), from pdftotext -bbox."""
    path = pdf if isinstance(pdf, Path) else tmp_path / "words.pdf"
    if not isinstance(pdf, Path):
        path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, check=True).stdout
    tree = html.fromstring(out)
    pages = []
    for page in tree.iter("page"):
        pages.append(
            [
                (float(w.get("xmin")), float(w.get("xmax")), float(w.get("ymax")), w.text_content())
                for w in page.iter("word")
            ]
        )
    return pages


def rows(ys: list[float]) -> list[float]:
    """Distinct line positions, top to bottom, words within 2 pt counted as one line."""
    out: list[float] = []
    for y in sorted(ys):
        if not out or y - out[-1] > 2:
            out.append(y)
    return out


# -- reading DOCX numbering the way Word counts it ----------------------------------------


def _word_number(num_fmt: str, n: int) -> str:
    if num_fmt == "decimal":
        return str(n)
    if num_fmt in ("upperLetter", "lowerLetter"):  # Word: … Z, AA, BB, CC
        letters = chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letters if num_fmt == "upperLetter" else letters.lower()
    raise AssertionError(f"unexpected number format {num_fmt}")


def word_labels(data: bytes) -> list[tuple[str, int, str]]:
    """(label, w:ilvl, text) of every numbered paragraph, counted as Word counts its lists.

    Each level's counter starts at its w:start and goes up by one per
    paragraph; a paragraph restarts the levels below it (unless their
    w:lvlRestart says otherwise); w:lvlText's %N shows level N's counter in
    level N's own format.
    """
    with zipfile.ZipFile(BytesIO(data)) as package:
        body = etree.fromstring(package.read("word/document.xml"))
        numbering = etree.fromstring(package.read("word/numbering.xml"))
    abstract_of = {n.get(f"{W}numId"): n.find(f"{W}abstractNumId").get(f"{W}val") for n in numbering.iter(f"{W}num")}
    levels = {
        (a.get(f"{W}abstractNumId"), int(lvl.get(f"{W}ilvl"))): lvl
        for a in numbering.iter(f"{W}abstractNum")
        for lvl in a.iter(f"{W}lvl")
    }
    counters: dict[str, list[int | None]] = {}
    out = []
    for p in body.iter(f"{W}p"):
        num_pr = p.find(f"{W}pPr/{W}numPr")
        if num_pr is None:
            continue
        num_id = num_pr.find(f"{W}numId").get(f"{W}val")
        ilvl = int(num_pr.find(f"{W}ilvl").get(f"{W}val"))
        abstract = abstract_of[num_id]
        state = counters.setdefault(num_id, [None] * 9)
        lvl = levels[(abstract, ilvl)]
        start = int(lvl.find(f"{W}start").get(f"{W}val"))
        state[ilvl] = start if state[ilvl] is None else state[ilvl] + 1
        for deeper in range(ilvl + 1, 9):
            restart = levels[(abstract, deeper)].find(f"{W}lvlRestart")
            after = None if restart is None else int(restart.get(f"{W}val"))
            if after is None or (after != 0 and ilvl <= after - 1):
                state[deeper] = None

        def shown(match: re.Match, abstract: str = abstract, state: list = state) -> str:
            index = int(match.group(1)) - 1
            level = levels[(abstract, index)]
            value = state[index] if state[index] is not None else int(level.find(f"{W}start").get(f"{W}val"))
            return _word_number(level.find(f"{W}numFmt").get(f"{W}val"), value)

        label = re.sub(r"%(\d)", shown, lvl.find(f"{W}lvlText").get(f"{W}val"))
        out.append((label, ilvl, "".join(t.text or "" for t in p.iter(f"{W}t"))))
    return out


def docx_label(labels: list[tuple[str, int, str]], text: str) -> str:
    found = [label for label, _ilvl, words in labels if text in flat(words)]
    assert len(found) == 1, (text, found)
    return found[0]


def abstract_levels(data: bytes, text: str) -> tuple[list, int]:
    """The w:lvl elements of the list holding the paragraph with ``text``, and that paragraph's w:ilvl."""
    with zipfile.ZipFile(BytesIO(data)) as package:
        body = etree.fromstring(package.read("word/document.xml"))
        numbering = etree.fromstring(package.read("word/numbering.xml"))
    p = next(p for p in body.iter(f"{W}p") if text in flat("".join(t.text or "" for t in p.iter(f"{W}t"))))
    num_pr = p.find(f"{W}pPr/{W}numPr")
    num_id = num_pr.find(f"{W}numId").get(f"{W}val")
    abstract_id = next(
        n.find(f"{W}abstractNumId").get(f"{W}val") for n in numbering.iter(f"{W}num") if n.get(f"{W}numId") == num_id
    )
    abstract = next(a for a in numbering.iter(f"{W}abstractNum") if a.get(f"{W}abstractNumId") == abstract_id)
    return list(abstract.iter(f"{W}lvl")), int(num_pr.find(f"{W}ilvl").get(f"{W}val"))


def lvl_facts(lvl) -> tuple[str, str, str, str, str]:
    ind = lvl.find(f"{W}pPr/{W}ind")
    return (
        lvl.find(f"{W}numFmt").get(f"{W}val"),
        lvl.find(f"{W}lvlText").get(f"{W}val"),
        lvl.find(f"{W}start").get(f"{W}val"),
        ind.get(f"{W}left"),
        ind.get(f"{W}hanging"),
    )


# -- LibreOffice --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def libreoffice_pdfs(tmp_path_factory):
    """Convert DOCX files to PDF with LibreOffice, with a private profile so parallel runs do not clash."""
    profile = tmp_path_factory.mktemp("lo-profile")
    out_dir = tmp_path_factory.mktemp("lo-out")

    def convert(files: list[Path]) -> list[Path]:
        result = subprocess.run(
            [
                shutil.which("soffice"),
                f"-env:UserInstallation={profile.as_uri()}",
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
                str(out_dir),
                *map(str, files),
            ],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,  # a failure is reported below, with LibreOffice's own words
        )
        pdfs = [out_dir / (path.stem + ".pdf") for path in files]
        missing = [pdf.name for pdf in pdfs if not pdf.exists()]
        assert not missing, f"LibreOffice wrote no {missing}: {result.stdout} {result.stderr}"
        return pdfs

    return convert


# -- recitals past Z ----------------------------------------------------------------------

EXPECTED = {1: "A.", 2: "B.", 25: "Y.", 26: "Z.", 27: "AA.", 28: "AB.", 29: "AC.", 30: "AD."}


@needs_pdftotext
def test_pdf_letters_thirty_recitals_a_to_ad(tmp_path):
    doc = render_resolution(resolution_draft(recitals=30), "en")
    pages = pdftotext_pages(pdf_bytes(doc), tmp_path)
    for number, label in EXPECTED.items():
        assert label_of(pages, f"recital {number} text") == label, number


def test_docx_numbers_recitals_past_z_with_live_levels():
    data = docx_bytes(render_resolution(resolution_draft(recitals=30), "en"))
    levels, ilvl_1 = abstract_levels(data, "recital 1 text")
    _, ilvl_27 = abstract_levels(data, "recital 27 text")
    assert (ilvl_1, ilvl_27) == (0, 1)
    # A … Z is Word's own letter; AA … AZ is a typed "A" before the second level's letter.
    assert lvl_facts(levels[0])[:3] == ("upperLetter", "%1.", "1")
    assert lvl_facts(levels[1])[:3] == ("upperLetter", "A%2.", "1")
    assert lvl_facts(levels[0])[3:] == lvl_facts(levels[1])[3:], "AA. must sit where A. sits"
    labels = word_labels(data)
    for number, label in EXPECTED.items():
        assert docx_label(labels, f"recital {number} text") == label, number
    # real numbering only: no paragraph carries a typed label
    assert not any(re.match(r"^[A-Z]{1,2}\.\s", text) for _label, _ilvl, text in labels)


@needs_soffice
@needs_pdftotext
def test_libreoffice_prints_the_docx_labels_a_to_ad(tmp_path, libreoffice_pdfs):
    draft = resolution_draft(recitals=30)
    thirty = tmp_path / "thirty.docx"
    thirty.write_bytes(docx_bytes(render_resolution(draft, "en")))
    # the last recital moved to the top: the former Z crosses into the second level
    edit.move(draft.resolution, recital_ids(draft)[-1], "recital", 0)
    moved = tmp_path / "moved.docx"
    moved.write_bytes(docx_bytes(render_resolution(draft, "en")))
    thirty_pdf, moved_pdf = libreoffice_pdfs([thirty, moved])

    pages = pdftotext_pages(thirty_pdf, tmp_path)
    for number, label in EXPECTED.items():
        assert label_of(pages, f"recital {number} text") == label, number

    pages = pdftotext_pages(moved_pdf, tmp_path)
    assert label_of(pages, "recital 30 text") == "A."
    assert label_of(pages, "recital 1 text") == "B."
    assert label_of(pages, "recital 25 text") == "Z."
    assert label_of(pages, "recital 26 text") == "AA."
    assert label_of(pages, "recital 29 text") == "AD."


@needs_soffice
@needs_pdftotext
def test_libreoffice_aligns_aa_with_a(tmp_path, libreoffice_pdfs):
    path = tmp_path / "aligned.docx"
    path.write_bytes(docx_bytes(render_resolution(resolution_draft(recitals=30), "en")))
    (pdf,) = libreoffice_pdfs([path])
    words = [w for page in pdf_words(pdf, tmp_path) for w in page]
    label_x = {text: x0 for x0, _x1, _y, text in words if text in ("A.", "Z.", "AA.", "AD.")}
    text_x = {}
    for i, (_x0, _x1, _y, text) in enumerate(words):
        if text == "recital" and i + 1 < len(words):
            text_x[words[i + 1][3]] = words[i][0]
    assert abs(label_x["AA."] - label_x["A."]) < 1 and abs(label_x["AD."] - label_x["Z."]) < 1
    assert abs(text_x["27"] - text_x["1"]) < 1 and abs(text_x["30"] - text_x["26"]) < 1


@needs_pdftotext
@pytest.mark.parametrize(
    ("style", "labels"),
    [
        ("upper-alpha", ("Y.", "Z.", "AA.", "AB.")),
        ("lower-alpha", ("(y)", "(z)", "(aa)", "(ab)")),
        ("paren-upper-alpha", ("(Y)", "(Z)", "(AA)", "(AB)")),
    ],
)
def test_sub_points_past_z_keep_their_parent_list(tmp_path, style, labels):
    """Lettering past Z works one level down too, and the numbered list around it is untouched."""
    points = ListBlock([ListItem([Run(f"point {n} words")]) for n in range(1, 29)], style=style)
    doc = Document(
        title="Sub-points",
        language="en",
        blocks=[
            Paragraph([Run("Intro")]),
            ListBlock(
                [
                    ListItem([Run("first paragraph")], children=points),
                    ListItem(
                        [Run("second paragraph")], children=ListBlock([ListItem([Run("lone point")])], style=style)
                    ),
                ],
                style="decimal",
            ),
        ],
    )
    pages = pdftotext_pages(pdf_bytes(doc), tmp_path)
    labels_docx = word_labels(docx_bytes(doc))
    for number, label in zip((25, 26, 27, 28), labels):
        assert label_of(pages, f"point {number} words") == label
        assert docx_label(labels_docx, f"point {number} words") == label
    first = {"upper-alpha": "A.", "lower-alpha": "(a)", "paren-upper-alpha": "(A)"}[style]
    # the next paragraph's points start again at A
    assert label_of(pages, "lone point") == docx_label(labels_docx, "lone point") == first
    assert docx_label(labels_docx, "second paragraph") == label_of(pages, "second paragraph") == "2."


# -- moving recitals renumbers them -------------------------------------------------------


@needs_pdftotext
def test_moving_recitals_renumbers_pdf_and_docx(tmp_path):
    draft = resolution_draft(recitals=4)
    ids = recital_ids(draft)
    assert edit.move_by(draft.resolution, ids[2], -1)  # the third goes up one place
    assert_labels_in_pdf_and_docx(draft, tmp_path, {
        "recital 1 text": "A.",
        "recital 3 text": "B.",
        "recital 2 text": "C.",
        "recital 4 text": "D.",
    })
    edit.move(draft.resolution, ids[0], "recital", 4)  # dropped below the last
    assert_labels_in_pdf_and_docx(draft, tmp_path, {
        "recital 3 text": "A.",
        "recital 2 text": "B.",
        "recital 4 text": "C.",
        "recital 1 text": "D.",
    })


def assert_labels_in_pdf_and_docx(draft, tmp_path, expected: dict[str, str]) -> None:
    """The English PDF and DOCX of ``draft`` both print each text with its expected label."""
    doc = render_resolution(draft, "en")
    pages = pdftotext_pages(pdf_bytes(doc), tmp_path)
    labels = word_labels(docx_bytes(doc))
    for text, label in expected.items():
        assert label_of(pages, text) == label
        assert docx_label(labels, text) == label


def test_moving_a_recital_across_z_moves_it_between_levels():
    draft = resolution_draft(recitals=28)
    ids = recital_ids(draft)
    edit.move(draft.resolution, ids[27], "recital", 0)  # AB. becomes A.
    data = docx_bytes(render_resolution(draft, "en"))
    labels = word_labels(data)
    assert docx_label(labels, "recital 28 text") == "A."
    assert docx_label(labels, "recital 25 text") == "Z."
    assert docx_label(labels, "recital 26 text") == "AA."
    assert docx_label(labels, "recital 27 text") == "AB."
    assert abstract_levels(data, "recital 28 text")[1] == 0
    assert abstract_levels(data, "recital 26 text")[1] == 1


# -- US style ----------------------------------------------------------------------------


@needs_pdftotext
def test_us_operative_paragraphs_and_sub_points(tmp_path):
    draft = resolution_draft("us")
    operative = draft.resolution.section("operative")
    with_points = next(part for part in operative if part.children)
    first_point = with_points.children[0].text.get("en").strip()
    doc = render_resolution(draft, "en")
    pages = pdftotext_pages(pdf_bytes(doc), tmp_path)
    data = docx_bytes(doc)
    labels = word_labels(data)
    first_words = " ".join(operative[0].text.get("en").split()[1:4])  # the layout may lower-case the first word
    assert label_of(pages, first_words) == "(1)"
    assert docx_label(labels, first_words) == "(1)"
    point_words = " ".join(first_point.split()[1:4])
    assert label_of(pages, point_words) == "(A)"
    assert docx_label(labels, point_words) == "(A)"
    numbered = [label for label, ilvl, _text in labels if ilvl == 0]
    assert numbered == [f"({n})" for n in range(1, len(numbered) + 1)] and len(numbered) >= 3
    levels, ilvl = abstract_levels(data, point_words)
    assert ilvl == 1
    assert lvl_facts(levels[0])[:3] == ("decimal", "(%1)", "1")
    assert lvl_facts(levels[1])[:3] == ("upperLetter", "(%2)", "1")


# -- line numbers -------------------------------------------------------------------------


def numbered_lines(page: list[tuple[float, float, float, str]], page_height: float = 841.9):
    """(numbers in the left margin, body text lines) of one page, top to bottom."""
    margin_words = sorted((y, text) for x0, x1, y, text in page if x1 < MARGIN_PT - 1)
    body_ys = [y for x0, x1, y, text in page if x0 >= MARGIN_PT - 1 and y < page_height - MARGIN_PT]
    return margin_words, rows(body_ys)


@needs_pdftotext
def test_pdf_line_numbers_count_each_page_from_one(tmp_path):
    draft = resolution_draft(recitals=30)
    on = pdf_bytes(render_resolution(draft, "en", line_numbers=True))
    pages = pdf_words(on, tmp_path)
    assert len(pages) >= 2
    for page in pages:
        numbers, lines = numbered_lines(page)
        assert [text for _y, text in numbers] == [str(n) for n in range(1, len(lines) + 1)]
        # each number sits on the baseline of a line of text
        for (y, _text), line_y in zip(numbers, lines):
            assert abs(y - line_y) < 3
    # pdftotext's layout shows them at the start of the lines, restarting on page 2
    layout = pdftotext_pages(on, tmp_path)
    starts = [[int(m.group(1)) for m in re.finditer(r"(?m)^\s*(\d+)\s{2,}\S", page)] for page in layout]
    assert starts[0][:3] == [1, 2, 3] and starts[1][:3] == [1, 2, 3]
    assert re.search(r"(?m)^\s*\d+\s+Z\.\s+whereas recital 26 text", layout[0] + layout[1])

    off = pdf_bytes(render_resolution(draft, "en", line_numbers=False))
    assert all(not numbered_lines(page)[0] for page in pdf_words(off, tmp_path))
    assert label_of(pdftotext_pages(off, tmp_path), "recital 27 text") == "AA."


def test_pdf_line_numbers_skip_the_footer_and_split_paragraphs_count_on_both_pages(tmp_path):
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler's pdftotext is not installed")
    long_text = " ".join(f"word{n}" for n in range(900))
    doc = Document(title="Long", language="en", blocks=[Paragraph([Run(long_text)])], line_numbers=True)
    doc.furniture.footer_text = "Page {page} of {pages}"
    pages = pdf_words(pdf_bytes(doc), tmp_path)
    assert len(pages) >= 2
    for page in pages:
        numbers, lines = numbered_lines(page)
        assert [text for _y, text in numbers] == [str(n) for n in range(1, len(lines) + 1)]
        footer = [y for _x0, _x1, y, text in page if text == "Page"]
        assert footer and all(y < footer[0] - 10 for y, _text in numbers)


def test_docx_line_numbers_only_when_asked():
    draft = resolution_draft(recitals=3)
    on = docx_bytes(render_resolution(draft, "en", line_numbers=True))
    off = docx_bytes(render_resolution(draft, "en", line_numbers=False))
    with zipfile.ZipFile(BytesIO(on)) as package:
        body = etree.fromstring(package.read("word/document.xml"))
        footers = [etree.fromstring(package.read(n)) for n in package.namelist() if n.startswith("word/footer")]
    sect_pr = body.find(f"{W}body/{W}sectPr")
    ln = sect_pr.find(f"{W}lnNumType")
    assert ln is not None
    assert (ln.get(f"{W}countBy"), ln.get(f"{W}restart")) == ("1", "newPage")
    assert int(ln.get(f"{W}distance")) > 0
    # schema order: lnNumType after the page margins
    tags = [etree.QName(child).localname for child in sect_pr]
    assert tags.index("lnNumType") == tags.index("pgMar") + 1
    # the footer's page numbers are furniture, not lines of the text
    footer_paragraphs = [p for footer in footers for p in footer.iter(f"{W}p") if "".join(p.itertext()).strip()]
    assert footer_paragraphs
    assert all(p.find(f"{W}pPr/{W}suppressLineNumbers") is not None for p in footer_paragraphs)
    with zipfile.ZipFile(BytesIO(off)) as package:
        xml = package.read("word/document.xml").decode()
        footer_xml = "".join(package.read(n).decode() for n in package.namelist() if n.startswith("word/footer"))
    assert "lnNumType" not in xml and "suppressLineNumbers" not in xml + footer_xml


@needs_soffice
@needs_pdftotext
def test_libreoffice_numbers_the_docx_lines(tmp_path, libreoffice_pdfs):
    path = tmp_path / "lines.docx"
    path.write_bytes(docx_bytes(render_resolution(resolution_draft(recitals=30), "en", line_numbers=True)))
    (pdf,) = libreoffice_pdfs([path])
    pages = pdf_words(pdf, tmp_path)
    assert len(pages) >= 2
    for page in pages[:2]:
        numbers = [text for _y, text in sorted((y, t) for x0, x1, y, t in page if x1 < MARGIN_PT - 1)]
        assert numbers[:5] == ["1", "2", "3", "4", "5"]
        assert numbers == [str(n) for n in range(1, len(numbers) + 1)]
