"""Privacy: exported files carry nothing about the machine or its user; the app's own files are owner-only;
petition sheets carry a code that names nobody; a signer list can be handed over without street addresses.

The export tests plant distinctive markers (user name, host name, home folder) in the environment the
way the operating system would report them, export the demo letters, and search every part of every
file, decompressed, for the markers and for the real paths of this machine.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import getpass
import io
import platform
import re
import socket
import stat
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject

from desktop.core.batch import ExportRequest, run_export
from desktop.core.compose import LetterOptions, render_document
from desktop.core.demo import load_demo_draft
from desktop.core.errors import PetitionDeskError
from desktop.core.layouts import petition
from desktop.core.recipients import Recipient
from desktop.core.resources import assets_dir
from desktop.core.signer_list import read_delivery_copy, write_delivery_csv, write_delivery_pdf
from desktop.core.templates import get_template
from desktop.core.writers.docx import write_docx
from desktop.core.writers.pdf import write_pdf

FAKE_USER = "zqvolunteerxy"
FAKE_HOST = "zqlaptop-of-xy"
REAL_USER = getpass.getuser()
REAL_HOST = socket.gethostname()
REAL_HOME = str(Path.home())


@pytest.fixture
def machine(tmp_path, monkeypatch):
    """Distinctive user, host and home: if any code asks the system for them, the files would show it."""
    home = tmp_path / "home-zqhomexy"
    home.mkdir()
    for var in ("USER", "LOGNAME", "USERNAME", "LNAME"):
        monkeypatch.setenv(var, FAKE_USER)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setattr(socket, "gethostname", lambda: FAKE_HOST)
    monkeypatch.setattr(platform, "node", lambda: FAKE_HOST)
    assert getpass.getuser() == FAKE_USER
    markers = [FAKE_USER, FAKE_HOST, str(home), "zqhomexy", str(tmp_path), tmp_path.name,
               str(assets_dir().parent), str(Path(sys.prefix)), REAL_HOME + "/"]
    # The real names are searched for too where they are long enough not to occur by chance.
    markers += [name for name in (REAL_USER, REAL_HOST) if len(name) >= 5]
    return markers


# -- reading every part of a file ---------------------------------------------------------------


def pdf_texts(path: Path) -> list[str]:
    """The raw file, every stream decompressed, and every string object decoded (UTF-16 strings too)."""
    raw = path.read_bytes()
    reader = PdfReader(path)
    out = [raw.decode("latin-1")]
    seen: set[int] = set()

    def walk(obj, depth=0):
        if depth > 40:
            return
        if isinstance(obj, IndirectObject):
            if obj.idnum in seen:
                return
            seen.add(obj.idnum)
            obj = obj.get_object()
        if isinstance(obj, StreamObject):
            out.append(obj.get_data().decode("latin-1"))
        if isinstance(obj, DictionaryObject):
            for key, value in obj.items():
                walk(value, depth + 1)
        elif isinstance(obj, ArrayObject):
            for value in obj:
                walk(value, depth + 1)
        elif isinstance(obj, str):
            out.append(str(obj))
        elif isinstance(obj, bytes):
            out.append(obj.decode("latin-1"))

    walk(reader.trailer)
    size = int(reader.trailer.get("/Size", 0))
    for number in range(1, size):  # objects not reachable from the trailer too
        try:
            walk(IndirectObject(number, 0, reader))
        except Exception:  # a free entry in the cross-reference table
            pass
    return out


def docx_parts(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as package:
        return {name: package.read(name).decode("utf-8", "replace") for name in package.namelist()}


def found(markers: list[str], texts) -> list[str]:
    return sorted({m for m in markers for t in texts if m and m in t})


def element_text(xml: str, tag: str) -> str:
    match = re.search(rf"<{tag}(?:\s[^>]*)?>(.*?)</{tag}>", xml, re.S)
    return match.group(1) if match else ""


def export_demo(out: Path, include_author: bool = False):
    draft = load_demo_draft()
    draft.letter.include_author = include_author
    separate = run_export(ExportRequest(draft, out / "separate", formats=("pdf", "docx"), workers=1))
    combined = run_export(ExportRequest(draft, out / "combined", formats=("pdf", "docx"), combined=True, workers=1))
    assert not separate.failures and not combined.failures
    files = separate.files + combined.files
    assert {p.suffix for p in files} == {".pdf", ".docx"}
    assert len([p for p in combined.files if p.suffix == ".pdf"]) == 1
    return draft, files


# -- metadata of exported files ---------------------------------------------------------------------


def test_docx_properties_hold_nothing_personal(tmp_path, machine):
    draft, files = export_demo(tmp_path)
    documents = [p for p in files if p.suffix == ".docx"]
    assert len(documents) == 10
    for path in documents:
        parts = docx_parts(path)
        core, app = parts["docProps/core.xml"], parts.get("docProps/app.xml", "")
        assert element_text(core, "dc:creator") == ""
        assert element_text(core, "cp:lastModifiedBy") == ""
        assert element_text(core, "dc:title")  # the title the user wrote is there
        for tag in ("Company", "Manager", "Template", "HyperlinkBase"):
            assert element_text(app, tag) == "", (path.name, tag)
        assert int(element_text(app, "TotalTime") or 0) == 0
        assert not any(name.startswith("customXml") or name == "docProps/custom.xml" for name in parts)
        assert not any("thumbnail" in name for name in parts)
        assert found(machine, parts.values()) == [], path.name
        props = docx.Document(path).core_properties
        assert props.author == "" and props.last_modified_by == ""


def test_pdf_info_and_every_string_hold_nothing_personal(tmp_path, machine):
    draft, files = export_demo(tmp_path)
    pdfs = [p for p in files if p.suffix == ".pdf"]
    assert len(pdfs) == 6
    for path in pdfs:
        reader = PdfReader(path)
        info = reader.metadata or {}
        assert "/Author" not in info, path.name
        assert info.get("/Title")
        assert set(info) <= {"/Title", "/Subject", "/Keywords", "/Creator", "/Producer", "/CreationDate",
                             "/ModDate", "/Trapped"}, set(info)
        if reader.xmp_metadata is not None:  # none is written today; if one appears it must be as clean
            xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8", "replace")
            assert found(machine, [xmp]) == []
            assert "dc:creator" not in xmp
        texts = pdf_texts(path)
        assert found(machine, texts) == [], path.name
        assert "anonymous" not in texts[0]  # reportlab's default author


def test_the_signer_as_author_only_when_asked(tmp_path, machine):
    draft, files = export_demo(tmp_path, include_author=True)
    signer = draft.signers[0]
    personal = [line for line in [signer.email, *signer.address_lines] if line.strip()]
    for path in files:
        if path.suffix == ".docx":
            parts = docx_parts(path)
            core = parts["docProps/core.xml"]
            assert element_text(core, "dc:creator") == signer.name
            assert element_text(core, "cp:lastModifiedBy") == ""
            metadata = [core, parts.get("docProps/app.xml", "")]
        else:
            info = PdfReader(path).metadata
            assert info["/Author"] == signer.name, path.name
            metadata = [str(value) for value in info.values()]
        assert found(machine, metadata) == []
        assert found(personal, metadata) == []  # the name, and nothing else about the signer


# -- the app's own files --------------------------------------------------------------------------


def test_library_files_are_owner_only(_private_data_dir):
    from desktop.core.library import Library
    from desktop.core.signers import Signer

    png = (assets_dir() / "demo").glob("*.png")
    with Library() as library:
        signature = next(png, None)
        signer_id = library.add_signer(Signer(name="Anna Lindqvist"),
                                       signature=signature.read_bytes() if signature else None)
        if signature:
            library.signature_image_path(signer_id)
        library.list_recipients()
    data = Path(_private_data_dir)
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    entries = list(data.rglob("*"))
    assert any(p.suffix in (".db", ".sqlite", ".sqlite3") for p in entries), entries
    for path in entries:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), (path.name, oct(mode))


def test_autosave_folder_and_files_are_owner_only(_private_data_dir, qapp):
    pytest.importorskip("PySide6")
    from desktop.gui.draft.session import DraftSession

    session = DraftSession()
    session.start()
    try:
        session.load(load_demo_draft())
        session.touch()
        session.autosave_now()
        folder = Path(session.autosave_file).parent
        assert session.autosave_file.exists()
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        assert stat.S_IMODE(Path(_private_data_dir).stat().st_mode) == 0o700
        for path in folder.iterdir():
            if path.suffix == ".json":
                assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name
    finally:
        session.close_cleanly()


# -- petition sheet codes ---------------------------------------------------------------------------

PARLIAMENT = Recipient(organisation="Sveriges riksdag", kind="legislature", address_lines=["Riksdagen"],
                       postal_code="100 12", city="Stockholm", country="SE")


def render_sheets(case=None, language="en", recipient=PARLIAMENT, **options):
    draft = load_demo_draft()
    opts = LetterOptions(date=dt.date(2026, 3, 1), deadline=dt.date(2026, 6, 30),
                         template_options={"sheets": 3, "rows": 10, **options})
    return render_document(get_template("petition_sheets"), language, case or draft.case, recipient,
                           draft.signers, opts)


def pdf_of(document) -> PdfReader:
    buffer = io.BytesIO()
    write_pdf(document, buffer)
    return PdfReader(buffer)


def sheet_codes(reader: PdfReader) -> list[tuple[str, str, str]]:
    out = []
    for page in reader.pages:
        text = " ".join(page.extract_text().split())
        out += re.findall(r"Code: ([0-9A-Z]{6})-\d{3} · Sheet (\d+) of (\d+)", text)
    return out


def test_every_sheet_carries_the_same_code_and_its_number():
    reader = pdf_of(render_sheets())
    codes = sheet_codes(reader)
    assert len(reader.pages) == 3
    assert [(n, m) for _, n, m in codes] == [("1", "3"), ("2", "3"), ("3", "3")]
    assert len({code for code, _, _ in codes}) == 1
    # The code names nobody: it is not made of the organisers' or addressee's words.
    code = codes[0][0]
    assert code not in "Anna Lindqvist Sveriges riksdag".upper()


def test_the_code_is_stable_and_differs_for_another_petition():
    first = sheet_codes(pdf_of(render_sheets()))[0][0]
    again = sheet_codes(pdf_of(render_sheets()))[0][0]
    other_recipient = Recipient(organisation="Deutscher Bundestag", kind="legislature", address_lines=["Platz der Republik 1"],
                                postal_code="11011", city="Berlin", country="DE")
    to_another = sheet_codes(pdf_of(render_sheets(recipient=other_recipient)))[0][0]
    assert first == again == to_another  # the same petition, whoever it goes to
    case = load_demo_draft().case
    changed = dataclasses.replace(case, demands=[*case.demands, "Pay compensation to everyone convicted"])
    other = sheet_codes(pdf_of(render_sheets(case=changed)))[0][0]
    later = sheet_codes(pdf_of(render_sheets(deadline="2026-09-30")))[0][0]
    assert other != first
    assert later != first


def test_sheet_code_in_russian_and_in_docx(tmp_path):
    russian = pdf_of(render_sheets(language="ru"))
    text = " ".join(russian.pages[1].extract_text().split())
    assert re.search(r"Код: [0-9A-Z]{6}-002 · Лист 2 из 3", text), text[:200]
    path = tmp_path / "sheets.docx"
    write_docx(render_sheets(), path)
    labels = [p.text for p in docx.Document(path).paragraphs if p.text.startswith("Code: ")]
    assert len(labels) == 3 and len({label.split(" · ")[0].rsplit("-", 1)[0] for label in labels}) == 1
    assert [label.split(" · ")[0].rsplit("-", 1)[1] for label in labels] == ["001", "002", "003"]


def image_xobjects(page) -> list:
    resources = page.get("/Resources") or {}
    xobjects = resources.get("/XObject") or {}
    return [x.get_object() for x in xobjects.values() if x.get_object().get("/Subtype") == "/Image"]


def test_qr_code_is_drawn_on_every_sheet_only_when_asked(tmp_path, _private_data_dir):
    plain = pdf_of(render_sheets())
    assert all(not image_xobjects(page) for page in plain.pages)
    with_qr = pdf_of(render_sheets(qr_code=True))
    code = sheet_codes(with_qr)[0][0]
    for number, page in enumerate(with_qr.pages, start=1):
        [image] = image_xobjects(page)
        side = int(image["/Width"])
        assert side == int(image["/Height"]) and side >= 21 * 2  # at least a version 1 code, square
    # The picture is the code of that sheet, kept owner-only in the cache, named after the code alone.
    cached = sorted((Path(_private_data_dir) / "cache" / "qr").iterdir())
    assert [p.name for p in cached] == [f"{code}-{n}-3.png" for n in (1, 2, 3)]
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in cached)
    for folder in (cached[0].parent, cached[0].parent.parent, Path(_private_data_dir)):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder.name
    path = tmp_path / "qr.docx"
    write_docx(render_sheets(qr_code=True), path)
    assert len(docx.Document(path).inline_shapes) == 3


def test_qr_code_modules_encode_the_sheet():
    from PIL import Image
    from reportlab.graphics.barcode.qrencoder import QRCode, QRErrorCorrectLevel

    png = petition._qr_png_bytes(petition.qr_payload("AB12CD", 3, 20))
    picture = Image.open(io.BytesIO(png)).convert("1")
    reference = QRCode(None, QRErrorCorrectLevel.M)
    reference.addData("PETITION:AB12CD:3/20")
    reference.make()
    count = reference.getModuleCount()
    module = picture.width // (count + 4)
    for row in range(count):
        for column in range(count):
            x, y = (column + 2) * module + module // 2, (row + 2) * module + module // 2
            assert (picture.getpixel((x, y)) == 0) == reference.isDark(row, column)


def test_bad_qr_code_value_is_a_clear_error():
    with pytest.raises(PetitionDeskError) as error:
        petition.sheet_options({"qr_code": "maybe"})
    assert "qr_code" in error.value.message()


# -- the delivery copy of a signer list --------------------------------------------------------------

STREETS = ("Storgatan 12", "Rue de la Paix 5", "Hauptstraße 7", "улица Ленина 3")


def write_cp1252_semicolons(path: Path) -> None:
    text = (
        "Namn;Gatuadress;Postnummer;Ort;E-post;Samtycke;Telefon\r\n"
        "Åsa Öberg;Storgatan 12;111 22;Stockholm;asa@example.org;ja;\r\n"  # every cell, as a spreadsheet writes
        "José Müller;Rue de la Paix 5;75002;;jose@example.org;nej;+33 1 23 45 67\r\n"
        ";;;;;\r\n"
        "Jürgen Groß;Hauptstraße 7;10115;Berlin;jg@example.org;;030 1234\r\n"
    )
    path.write_bytes(text.encode("cp1252"))


def write_utf8(path: Path) -> None:
    rows = [
        ["first name", "last name", "address", "email", "consent"],
        ["Мария", "Иванова", "улица Ленина 3, 190000 Санкт-Петербург", "maria@example.org", "да"],
        ["Erik", "Berg", "Storgatan 12", "erik@example.org", "yes"],
        ["=HYPERLINK(\"x\")", "", "Storgatan 12, 111 22 Stockholm", "", ""],
    ]
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def read_back(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))


def test_delivery_copy_of_a_cp1252_semicolon_list(tmp_path):
    source = tmp_path / "collected.csv"
    write_cp1252_semicolons(source)
    copy = read_delivery_copy(source)
    assert copy.delimiter == ";" and copy.encoding.replace("-", "").lower() in ("cp1252", "windows1252")
    target = tmp_path / "delivery.csv"
    write_delivery_csv(copy, target)
    rows = read_back(target)
    assert rows[0] == ["No.", "Name", "Town or postcode", "E-mail"]
    assert rows[1:] == [
        ["1", "Åsa Öberg", "Stockholm", "asa@example.org"],
        ["2", "José Müller", "75002", ""],  # no town given: the postcode; no consent: no e-mail
        ["3", "Jürgen Groß", "Berlin", ""],  # consent left empty is not consent
    ]
    text = target.read_bytes().decode("utf-8-sig")
    assert not any(street in text for street in STREETS)
    assert "1234" not in text and "jose@" not in text and "jg@" not in text
    assert copy.emails_dropped == 2


def test_delivery_copy_of_a_utf8_list_with_pdf(tmp_path):
    source = tmp_path / "collected.csv"
    write_utf8(source)
    copy = read_delivery_copy(source)
    target, pdf = tmp_path / "delivery.csv", tmp_path / "delivery.pdf"
    write_delivery_csv(copy, target)
    write_delivery_pdf(copy, pdf, "Signatures", "ru")
    rows = read_back(target)
    assert rows[1] == ["1", "Мария Иванова", "Санкт-Петербург", "maria@example.org"]
    assert rows[2] == ["2", "Erik Berg", "", "erik@example.org"]  # a bare street is dropped, not kept
    assert rows[3] == ["3", "'=HYPERLINK(\"x\")", "Stockholm", ""]  # a formula cannot run in Excel
    pdf_text = "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "Мария Иванова" in pdf_text and "Санкт-Петербург" in pdf_text
    for text in (target.read_bytes().decode("utf-8-sig"), pdf_text):
        assert not any(street in text for street in STREETS)
        assert "190000" not in text
    assert PdfReader(pdf).metadata.get("/Author") is None


def test_delivery_copy_command(tmp_path):
    import argparse

    from desktop.cli.privacy import add_privacy_commands
    from desktop.core.i18n import translator

    source = tmp_path / "collected.csv"
    write_cp1252_semicolons(source)
    tr = translator("en")
    parser = argparse.ArgumentParser()
    add_privacy_commands(parser.add_subparsers(), tr)
    args = parser.parse_args(["signatures", "delivery-copy", str(source), str(tmp_path / "out.csv"),
                              "--pdf", str(tmp_path / "out.pdf")])
    assert args.run(args, tr) == 0
    assert "Storgatan" not in (tmp_path / "out.csv").read_text(encoding="utf-8-sig")
    assert "Åsa Öberg" in PdfReader(tmp_path / "out.pdf").pages[0].extract_text()
    # Writing the copy over the collected list is refused, and the list is left as it was.
    before = source.read_bytes()
    args = parser.parse_args(["signatures", "delivery-copy", str(source), str(source)])
    with pytest.raises(PetitionDeskError):
        args.run(args, tr)
    assert source.read_bytes() == before


def test_signer_list_without_a_name_column_is_a_clear_error(tmp_path):
    source = tmp_path / "collected.csv"
    source.write_text("street,city\nStorgatan 12,Stockholm\n", encoding="utf-8")
    with pytest.raises(PetitionDeskError) as error:
        read_delivery_copy(source)
    assert "no column for the signers' names" in error.value.message()
