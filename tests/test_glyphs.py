"""Every character prints in the PDF, or the user is told before export (font fallback, glyph check)."""

import os
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from desktop.core import document as model
from desktop.core import glyphs
from desktop.core.batch import ExportRequest, run_export
from desktop.core.checks import check_draft
from desktop.core.demo import load_demo_draft
from desktop.core.errors import PetitionDeskError
from desktop.core.signer_list import read_delivery_copy, write_delivery_pdf
from desktop.core.writers.pdf import write_pdf

# A code point no font maps: unassigned in Unicode.
NO_FONT = "\u0378"
DROID = Path("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf")

SCRIPTS = {
    "japanese": [chr(c) for c in range(0x3042, 0x3094)] + list("山田太郎東京都千代田区永田町様"),
    "chinese": [chr(c) for c in range(0x4E00, 0x4E00 + 400)],
    "arabic": [chr(c) for c in range(0x0627, 0x064B)],
    "hebrew": [chr(c) for c in range(0x05D0, 0x05EB)],
    "greek": [chr(c) for c in range(0x0391, 0x03CA) if unicodedata.category(chr(c)).startswith("L")],
    "cyrillic": [chr(c) for c in range(0x0410, 0x0450)],
    "emoji": [chr(c) for c in range(0x1F600, 0x1F650)] + ["✓", "★"],
    "unassigned": [NO_FONT, "\u0379"],
}

names = st.sampled_from(sorted(SCRIPTS)).flatmap(
    lambda script: st.lists(st.sampled_from(SCRIPTS[script]), min_size=1, max_size=10).map("".join)
)


def pdf_text(path: Path) -> str:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True).stdout
    return unicodedata.normalize("NFKC", out.decode("utf-8"))


def letter(*paragraphs: str, address=()) -> model.Document:
    blocks = [model.AddressBlock(lines=list(address))] if address else []
    blocks += [model.Paragraph([model.Run(text)]) for text in paragraphs]
    return model.Document(title="t", language="en", blocks=blocks)


def drawn_chars(path: Path) -> list[tuple[str, str, dict | None]]:
    """(font, character, that font's cmap) of every character the pages' text operators draw.

    The codes shown with Tj/TJ are read back through each embedded font's
    ToUnicode map; the cmap is reportlab's table of the font file it embedded.
    """
    from pypdf.generic import ContentStream

    from reportlab.pdfbase import pdfmetrics

    faces = {}
    for font in pdfmetrics._fonts.values():
        face = getattr(font, "face", None)
        if face is not None and hasattr(face, "charToGlyph"):
            name = face.name.decode() if isinstance(face.name, bytes) else face.name
            faces[name] = face.charToGlyph
    reader = PdfReader(str(path))
    out = []
    for page in reader.pages:
        maps = {}
        for key, font in page["/Resources"]["/Font"].items():
            font = font.get_object()
            base = str(font["/BaseFont"]).lstrip("/").split("+", 1)[-1]
            body = font["/ToUnicode"].get_object().get_data().decode("latin-1").split("beginbfchar", 1)[-1]
            codes = {int(code, 16): bytes.fromhex(hexchars).decode("utf-16-be")
                     for code, hexchars in re.findall(r"<([0-9A-F]{2})> <([0-9A-F]+)>", body)}
            maps[key] = (base, codes)
        current = None
        for operands, op in ContentStream(page.get_contents(), reader).operations:
            if op == b"Tf":
                current = maps.get(operands[0])
                continue
            if op not in (b"Tj", b"TJ", b"'", b'"') or current is None:
                continue
            strings = operands[0] if op == b"TJ" else [operands[-1]]
            for item in strings:
                if isinstance(item, (int, float)) or not hasattr(item, "__len__"):
                    continue
                raw = item.original_bytes if hasattr(item, "original_bytes") else bytes(item)
                for code in raw:
                    char = current[1].get(code, "")
                    if char:
                        out.append((current[0], char, faces.get(current[0])))
    return out


def notdef_chars(path: Path) -> list[str]:
    """Characters the PDF draws with a font that has no glyph for them (its box, ".notdef")."""
    # reportlab draws a character its font lacks as code 0, which ToUnicode maps to U+0000.
    return [char for _base, char, cmap in drawn_chars(path) if char == "\0" or (cmap is not None and ord(char) not in cmap)]


@pytest.fixture
def shipped_only():
    """Only the shipped font: every non-Latin/Cyrillic/Greek character is missing, whatever this machine has."""
    glyphs.set_catalog(glyphs.FontCatalog(glyphs.shipped_coverage(), []))
    yield
    glyphs.set_catalog(None)


# -- the fallback in the PDF --------------------------------------------------------------


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=names)
def test_any_name_prints_or_is_reported(tmp_path, name):
    target = tmp_path / "letter.pdf"
    write_pdf(letter(f"Dear {name},", address=[name, "Town"]), target)
    text = pdf_text(target)
    draft = load_demo_draft()
    draft.signers[0].name = name
    reported = {p.where: p for p in glyphs.draft_missing_glyphs(draft)}
    missing = glyphs.catalog().missing(name)
    for ch in name:
        printed = unicodedata.normalize("NFKC", ch) in text
        assert printed or ch in missing, (name, ch)
    if missing:
        assert "signers[0].name" in reported
        assert all(f"U+{ord(ch):04X}" in reported["signers[0].name"].params["characters"] for ch in missing)
    if not missing:
        assert notdef_chars(target) == []


@pytest.mark.skipif(not DROID.is_file(), reason="fonts-droid-fallback is not installed")
def test_a_japanese_recipient_prints_with_an_installed_cjk_font(tmp_path):
    target = tmp_path / "letter.pdf"
    write_pdf(letter("Dear 山田太郎,", address=["山田太郎 様", "東京都千代田区永田町1-7-1", "Japan"]), target)
    text = pdf_text(target)
    assert "山田太郎 様" in text and "東京都千代田区永田町1-7-1" in text and "Dear 山田太郎," in text
    assert not notdef_chars(target)
    assert glyphs.catalog().missing("山田太郎 東京都千代田区") == []


@pytest.mark.skipif(not shutil.which("fc-list"), reason="no fontconfig")
def test_arabic_and_hebrew_print_joined_and_in_reading_order(tmp_path):
    fonts = glyphs.catalog()
    if fonts.missing("محمد علي שרה כהן"):
        pytest.skip("no Arabic or Hebrew font installed (fonts-noto-core)")
    target = tmp_path / "letter.pdf"
    write_pdf(letter("محمد علي", "שרה כהן"), target)
    drawn = "".join(ch for _f, ch, _c in drawn_chars(target))
    # Arabic letters are drawn in their joined forms (presentation forms), not isolated.
    assert any(0xFE70 <= ord(ch) <= 0xFEFF for ch in drawn)
    text = pdf_text(target)  # pdftotext puts right-to-left text back in logical order
    assert "محمد علي" in text.replace("\u202b", "").replace("\u202c", "")
    assert "שרה כהן" in text.replace("\u202b", "").replace("\u202c", "")


@pytest.mark.parametrize("text", [
    "Family 👨\u200d👩\u200d👧 here",
    "Farmer 🧑\u200d🌾",
    "Heart ❤\ufe0f and ☺\ufe0e",
    "Join\u200dme non\u200cjoin",
    "Mark \u200fRTL\u200e and \u202bembedded\u202c",
    "soft\u2060join \ufeffBOM",
])
def test_default_ignorables_leave_no_stray_glyph(tmp_path, text):
    target = tmp_path / "letter.pdf"
    write_pdf(letter(text), target)
    drawn = [ch for _f, ch, _c in drawn_chars(target)]
    assert not any(glyphs.is_default_ignorable(ch) for ch in drawn), drawn
    assert notdef_chars(target) == []
    visible = "".join(ch for ch in text if not glyphs.is_default_ignorable(ch) and ch not in glyphs.catalog().missing(text))
    words = pdf_text(target).split()
    for word in visible.split():
        assert word in words or any(word in w for w in words), (word, words)


def test_latin_and_cyrillic_markup_is_unchanged():
    from xml.sax.saxutils import escape

    from desktop.core.writers.pdf_styles import markup

    for text in ("Dear Ambassador & <friends>", "Уважаемый господин Посол!", "Ελλάδα — «Œuvre» 1/2"):
        assert markup(text) == escape(text)


def test_header_and_footer_use_the_fallback(tmp_path):
    target = tmp_path / "letter.pdf"
    doc = letter(*["Text " * 60] * 30)
    doc.furniture = model.PageFurniture(header_text="Ελλάδα 😀", footer_text="{page}/{pages} 😀", letterhead=["Org ✓😀"])
    write_pdf(doc, target)
    text = pdf_text(target)
    if not glyphs.catalog().missing("😀"):
        assert text.count("😀") >= 3
        assert notdef_chars(target) == []


# -- finding fonts -------------------------------------------------------------------


def test_only_truetype_outlines_are_accepted(tmp_path):
    shipped = Path(glyphs.__file__).resolve().parents[2] / "assets" / "fonts" / "NotoSerif-Regular.ttf"
    assert glyphs.truetype_outlines(shipped)
    cff = tmp_path / "cff.otf"
    cff.write_bytes(b"OTTO" + b"\0" * 200)
    assert not glyphs.truetype_outlines(cff)
    colour = tmp_path / "emoji.ttf"
    # A TrueType header whose tables include CBDT (colour bitmaps): nothing a PDF can draw.
    tables = [b"cmap", b"glyf", b"CBDT"]
    colour.write_bytes(b"\x00\x01\x00\x00" + len(tables).to_bytes(2, "big") + b"\0" * 6
                       + b"".join(tag + b"\0" * 12 for tag in tables))
    assert not glyphs.truetype_outlines(colour)
    assert not glyphs.truetype_outlines(tmp_path / "absent.ttf")
    ttc = tmp_path / "collection.ttc"
    ttc.write_bytes(b"ttcf\x00\x01\x00\x00\x00\x00\x00\x01" + (16).to_bytes(4, "big") + b"OTTO" + b"\0" * 40)
    assert not glyphs.truetype_outlines(ttc, 0)
    assert not glyphs.truetype_outlines(ttc, 1)


def test_font_folders_are_scanned_once_then_read_from_the_cache(tmp_path, monkeypatch):
    folder = tmp_path / "fonts"
    folder.mkdir()
    shipped = Path(glyphs.__file__).resolve().parents[2] / "assets" / "fonts"
    shutil.copy(shipped / "NotoSerif-Regular.ttf", folder / "Serif.ttf")
    shutil.copy(shipped / "NotoSerif-Bold.ttf", folder / "Serif-Bold.ttf")
    (folder / "cff.otf").write_bytes(b"OTTO" + b"\0" * 200)
    cache = tmp_path / "cache" / "coverage.json"
    families = glyphs._families(glyphs._scanned_fonts([folder], cache))
    assert [f.family for f in families] == ["Noto Serif"]
    assert set(families[0].faces) == {"regular", "bold"}
    assert families[0].covers(ord("Ж")) and not families[0].covers(ord("山"))
    assert cache.is_file()

    def unreadable(path):
        raise AssertionError("read again despite the cache")

    monkeypatch.setattr(glyphs, "_read_font", unreadable)
    again = glyphs._families(glyphs._scanned_fonts([folder], cache))
    assert [(f.family, f.starts, f.ends) for f in again] == [(f.family, f.starts, f.ends) for f in families]


def test_coverage_lookup_is_fast():
    import time

    fonts = glyphs.catalog()
    text = "Уважаемый господин Посол! Dear Ambassador, " * 200
    started = time.perf_counter()
    for _ in range(200):
        fonts.missing(text)
    assert time.perf_counter() - started < 0.5


# -- the check and the export ----------------------------------------------------------


def test_check_names_each_field_and_its_characters(shipped_only):
    draft = load_demo_draft()
    draft.recipients[2].person = "山田 太郎"
    draft.case.people[0].name = {"en": "Ivanov", "ru": "Иванов 😀"}
    draft.signers[0].name = "Anna\u200dSvensson"  # a joiner alone is not a missing character
    draft.recipients[1].note = "私のメモ"  # never printed
    problems = {p.where: p for p in check_draft(draft).problems if p.text == glyphs.MISSING_GLYPHS}
    assert set(problems) == {"recipients[2].person", "case.people[0].name"}
    assert "“山” (U+5C71)" in problems["recipients[2].person"].params["characters"]
    assert "U+1F600" in problems["case.people[0].name"].params["characters"]
    assert "recipients[2].person" in problems["recipients[2].person"].render()


def test_export_refuses_unless_the_user_accepts(tmp_path, shipped_only):
    draft = load_demo_draft()
    draft.signers[0].name = "山田 太郎"
    with pytest.raises(PetitionDeskError) as err:
        run_export(ExportRequest(draft, tmp_path / "out", formats=("pdf",), recipients=draft.recipients[:1]))
    assert "signers[0].name" in err.value.message() and "U+5C71" in err.value.message()
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
    docx = run_export(ExportRequest(draft, tmp_path / "docx", formats=("docx",), recipients=draft.recipients[:1]))
    assert len(docx.files) == 1  # the DOCX keeps every character: nothing to refuse
    report = run_export(ExportRequest(draft, tmp_path / "ok", formats=("pdf",), recipients=draft.recipients[:1],
                                      allow_missing_glyphs=True))
    assert len(report.files) == 1 and not report.failures


def _cli(*args):
    env = dict(os.environ)
    return subprocess.run([sys.executable, "-m", "desktop.cli", *args], capture_output=True, text=True,
                          env=env, timeout=300)


def test_cli_export_asks_to_accept_missing_characters(tmp_path):
    draft = tmp_path / "draft.json"
    assert _cli("demo", str(draft)).returncode == 0
    import json

    data = json.loads(draft.read_text("utf-8"))
    data["signers"][0]["name"] = f"Anna {NO_FONT}"
    draft.write_text(json.dumps(data), "utf-8")
    refused = _cli("export", str(draft), "--out", str(tmp_path / "a"), "--format", "pdf", "--recipient",
                   data["recipients"][0]["id"])
    assert refused.returncode == 1
    assert "signers[0].name" in refused.stderr and "U+0378" in refused.stderr
    assert "--allow-missing-glyphs" in refused.stderr and "Traceback" not in refused.stderr
    accepted = _cli("export", str(draft), "--out", str(tmp_path / "b"), "--format", "pdf", "--recipient",
                    data["recipients"][0]["id"], "--allow-missing-glyphs", "--quiet")
    assert accepted.returncode == 0, accepted.stderr
    pdfs = list((tmp_path / "b").glob("*.pdf"))
    assert len(pdfs) == 1 and "Anna" in pdf_text(pdfs[0])


# -- the signer list ----------------------------------------------------------------------


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.tuples(names, names), min_size=1, max_size=12))
def test_signer_list_pdf_keeps_every_row(tmp_path, rows):
    source = tmp_path / "list.csv"
    lines = ["name,city"] + [f"{name},{place}" for name, place in rows]
    source.write_text("\n".join(lines) + "\n", "utf-8")
    copy = read_delivery_copy(source)
    assert [r.name for r in copy.rows] == [name for name, _ in rows]
    target = tmp_path / "list.pdf"
    write_delivery_pdf(copy, target, "Signatures")
    text = pdf_text(target)
    numbers = [int(n) for n in re.findall(r"^\s*(\d+)\s*$", text, flags=re.M) if 0 < int(n) <= len(rows)]
    assert set(numbers) >= set(range(1, len(rows) + 1)) or all(str(i) in text for i in range(1, len(rows) + 1))
    fonts = glyphs.catalog()
    for name, place in rows:
        for ch in name + place:
            assert unicodedata.normalize("NFKC", ch) in text or ch in fonts.missing(name + place), (name, ch)
