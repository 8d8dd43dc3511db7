"""Word files carry the faces of Noto Serif they use, obfuscated as ECMA-376 §17.8.1 says."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from fontTools.ttLib import TTFont
from lxml import etree

from desktop.core.document import Document, Paragraph, Run
from desktop.core.writers.docx import write_docx
from desktop.core.writers.docx_fonts import BASE_CHARACTERS, obfuscate

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def make(blocks, embed=True) -> bytes:
    buffer = io.BytesIO()
    write_docx(Document(title="t", language="en", blocks=blocks), buffer, embed_fonts=embed)
    return buffer.getvalue()


def embedded_faces(data: bytes) -> dict[str, TTFont]:
    """fontTable's embed element name -> the font read back after undoing the obfuscation."""
    package = zipfile.ZipFile(io.BytesIO(data))
    table = etree.fromstring(package.read("word/fontTable.xml"))
    rels = etree.fromstring(package.read("word/_rels/fontTable.xml.rels"))
    targets = {rel.get("Id"): rel.get("Target") for rel in rels
               if rel.get("Type") == f"{R}/font"}
    faces = {}
    for element in table.iter():
        if not element.tag.startswith(f"{{{W}}}embed"):
            continue
        assert element.get(f"{{{W}}}subsetted") == "1"
        raw = package.read("word/" + targets[element.get(f"{{{R}}}id")])
        assert raw[:4] != b"\x00\x01\x00\x00", "the font is stored without obfuscation"
        font = TTFont(io.BytesIO(obfuscate(raw, element.get(f"{{{W}}}fontKey"))))
        faces[element.tag.split("}")[1]] = font
    return faces


def test_obfuscation_follows_the_specification():
    key = "{00112233-4455-6677-8899-AABBCCDDEEFF}"
    data = bytes(40)
    scrambled = obfuscate(data, key)
    # The key's bytes from the last hex pair to the first, applied twice over the first 32 bytes.
    expected = bytes.fromhex("FFEEDDCCBBAA99887766554433221100") * 2
    assert scrambled[:32] == expected and scrambled[32:] == bytes(8)
    assert obfuscate(scrambled, key) == data


def test_only_the_faces_used_are_embedded_with_the_characters_used():
    plain = make([Paragraph(runs=[Run("Уважаемый посол, Ärende «test»")])])
    faces = embedded_faces(plain)
    assert list(faces) == ["embedRegular"]
    cmap = faces["embedRegular"].getBestCmap()
    assert all(ord(c) in cmap for c in "Уважаемый посол, Ärende «test»")
    assert faces["embedRegular"]["name"].getDebugName(1) == "Noto Serif"
    assert 0x4E00 not in cmap  # a subset, not the whole face

    mixed = make([Paragraph(runs=[Run("plain "), Run("bold", bold=True), Run("both", bold=True, italic=True)])])
    assert sorted(embedded_faces(mixed)) == ["embedBold", "embedBoldItalic", "embedRegular"]


def test_a_character_outside_the_five_languages_is_kept():
    data = make([Paragraph(runs=[Run("Nguyễn Văn Đức")])])
    cmap = embedded_faces(data)["embedRegular"].getBestCmap()
    assert "ễ" not in BASE_CHARACTERS and ord("ễ") in cmap


def test_the_package_declares_the_fonts_and_word_keeps_them():
    data = make([Paragraph(runs=[Run("Text")])])
    package = zipfile.ZipFile(io.BytesIO(data))
    types = package.read("[Content_Types].xml").decode()
    assert 'PartName="/word/fonts/font1.odttf" ContentType="application/vnd.openxmlformats-officedocument.obfuscatedFont"' in types
    settings = docx.Document(io.BytesIO(data)).settings.element
    names = [child.tag for child in settings]
    assert qn("w:embedTrueTypeFonts") in names and qn("w:saveSubsetFonts") in names
    assert names.index(qn("w:embedTrueTypeFonts")) > names.index(qn("w:zoom"))  # schema order
    assert len(data) < 300_000


def test_embedding_can_be_switched_off():
    data = make([Paragraph(runs=[Run("Text")])], embed=False)
    package = zipfile.ZipFile(io.BytesIO(data))
    assert not [n for n in package.namelist() if n.startswith("word/fonts/")]
    assert b"embedTrueTypeFonts" not in package.read("word/settings.xml")


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "desktop.cli", *map(str, args)], capture_output=True, text=True,
                          timeout=300)


def test_cli_switch(tmp_path):
    assert _cli("export", "--format", "docx", "--recipient", "ru_embassy_gb", "--no-embed-fonts", "--quiet",
                "--out", tmp_path / "off").returncode == 0
    assert _cli("export", "--format", "docx", "--recipient", "ru_embassy_gb", "--quiet", "--out", tmp_path / "on").returncode == 0
    (off,), (on,) = (list((tmp_path / d).glob("*.docx")) for d in ("off", "on"))
    assert "word/fonts/font1.odttf" not in zipfile.ZipFile(off).namelist()
    assert "word/fonts/font1.odttf" in zipfile.ZipFile(on).namelist()
    assert on.stat().st_size < 1_000_000


def _lines(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


@pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdffonts") and shutil.which("pdftotext")),
                    reason="LibreOffice and poppler-utils are needed")
def test_libreoffice_without_noto_sets_the_embedded_face(tmp_path):
    """On a machine whose fonts are only DejaVu, LibreOffice lays the letter out in the embedded Noto Serif."""
    dejavu = Path("/usr/share/fonts/truetype/dejavu")
    if not dejavu.is_dir():
        pytest.skip("DejaVu fonts are not installed")
    (tmp_path / "fonts.conf").write_text(
        f'<?xml version="1.0"?><fontconfig><dir>{dejavu}</dir><cachedir>{tmp_path}/fc-cache</cachedir></fontconfig>')
    env = dict(os.environ, FONTCONFIG_FILE=str(tmp_path / "fonts.conf"))
    listed = subprocess.run(["fc-list"], capture_output=True, text=True, env=env).stdout
    assert "Noto" not in listed
    def laid_out_by_libreoffice(name: str, *flags: str) -> tuple[Path, Path]:
        out = tmp_path / name
        assert _cli("export", "--format", "all", "--recipient", "ru_embassy_de", "--quiet", "--no-log", *flags,
                    "--out", out).returncode == 0
        (docx_file,) = out.glob("*.docx")
        (app_pdf,) = out.glob("*.pdf")
        subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to",
                        "pdf", "--outdir", str(out / "lo"), str(docx_file)],
                       check=True, capture_output=True, timeout=180, env=env)
        (lo_pdf,) = (out / "lo").glob("*.pdf")
        return app_pdf, lo_pdf

    def agreeing(app_pdf: Path, lo_pdf: Path) -> float:
        ours, theirs = _lines(app_pdf), set(_lines(lo_pdf))
        return sum(line in theirs for line in ours) / len(ours)

    app_pdf, lo_pdf = laid_out_by_libreoffice("embedded")
    fonts = subprocess.run(["pdffonts", str(lo_pdf)], capture_output=True, text=True, check=True).stdout
    names = [line.split()[0] for line in fonts.splitlines()[2:]]
    assert names and all("NotoSerif" in name for name in names), fonts
    with_fonts = agreeing(app_pdf, lo_pdf)
    without_fonts = agreeing(*laid_out_by_libreoffice("bare", "--no-embed-fonts"))
    # Measured on the German letter: 78-91 % of the app's lines come out alike with the fonts, 45-60 % without.
    assert with_fonts >= 0.7 and with_fonts >= without_fonts + 0.15, (with_fonts, without_fonts)


def test_base_subsets_are_cached_on_disk_and_reused(tmp_path, monkeypatch):
    from desktop.core.writers import docx_fonts

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr("platformdirs.user_cache_dir",
                        lambda name, appauthor=None: str(tmp_path / "cache" / name))
    docx_fonts._subset.cache_clear()
    path = str(next(iter(docx_fonts.font_files().values())))
    first = docx_fonts._subset(path, frozenset())
    (cached,) = (tmp_path / "cache" / "petition-desk" / "docx-fonts").glob("*.ttf")
    assert cached.read_bytes() == first
    docx_fonts._subset.cache_clear()
    monkeypatch.setattr(docx_fonts, "_cut", lambda *a: pytest.fail("cut again instead of read from the cache"))
    assert docx_fonts._subset(path, frozenset()) == first
    docx_fonts._subset.cache_clear()
