"""No picture carries its metadata into a document, whatever writer embeds it.

A signature scanned with a phone holds the camera's GPS position in its
EXIF; a PNG made by an editor holds text chunks (author, software, the
file's path) and an eXIf chunk. The DOCX used to embed a signature byte for
byte. These tests make such pictures, put them into documents as a
signature and as a photo, and open the written files: the DOCX media parts
(read from the zip) and the PDF carry none of it, and the pictures are the
same pixels, transparency kept.
"""

from __future__ import annotations

import zipfile
from io import BytesIO
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image as PILImage
from PIL.PngImagePlugin import PngInfo

from desktop.core.document import Document, Image, Paragraph, Run, Signature, SignatureBlock
from desktop.core.photos import SIGNATURE_MAX_PIXELS_HIGH, clean_picture, load_signature
from desktop.core.writers.docx import write_docx
from desktop.core.writers.pdf import write_pdf

# Markers that must never reach a document: each is written into a picture's metadata.
CAMERA = "SecretCam X100"
SERIAL = "SN-4711-ACTIVIST"
AUTHOR = "Ivan Petrov, Bolotnaya defendant"
PLACE = "C:/Users/ivan/Secret folder/signature.png"
GPS_LATITUDE = (55.0, 45.0, 12.34)  # 55°45'12.34" N: central Moscow
MARKERS = [CAMERA, SERIAL, AUTHOR, PLACE, "Exif", "GPS", "tEXt", "iTXt", "zTXt", "eXIf", "XML:com.adobe.xmp"]


def exif_with_gps(extra: str = "") -> PILImage.Exif:
    exif = PILImage.Exif()
    exif[0x010F] = CAMERA  # Make
    exif[0x0110] = CAMERA + extra  # Model
    exif[0xA431] = SERIAL  # BodySerialNumber
    exif[0x013B] = AUTHOR  # Artist
    exif[0x0112] = 1  # Orientation
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: GPS_LATITUDE, 3: "E", 4: (37.0, 37.0, 17.17)})
    return exif


def jpeg_with_gps(path: Path, size=(120, 40), extra: str = "") -> Path:
    picture = PILImage.new("RGB", size, (250, 250, 250))
    for x in range(size[0]):
        picture.putpixel((x, size[1] // 2), (10, 10, 80))  # a stroke of ink
    picture.save(path, "JPEG", exif=exif_with_gps(extra), comment=AUTHOR.encode())
    return path


def png_with_chunks(path: Path, size=(120, 40), extra: str = "") -> Path:
    picture = PILImage.new("RGBA", size, (255, 255, 255, 0))  # transparent paper
    for x in range(size[0]):
        picture.putpixel((x, size[1] // 2), (10, 10, 80, 255))
    info = PngInfo()
    info.add_text("Author", AUTHOR + extra)  # tEXt
    info.add_text("Source", PLACE, zip=True)  # zTXt
    info.add_itxt("Comment", AUTHOR, lang="ru", tkey="Комментарий")  # iTXt
    info.add_itxt("XML:com.adobe.xmp", f"<x:xmpmeta><dc:creator>{AUTHOR}</dc:creator></x:xmpmeta>")
    picture.save(path, "PNG", pnginfo=info, exif=exif_with_gps(extra))  # eXIf chunk
    return path


def assert_the_sources_carry_the_markers(*paths: Path) -> None:
    """The test pictures really hold what the documents must not (so a pass means something)."""
    for path in paths:
        raw = path.read_bytes()
        assert SERIAL.encode() in raw and b"Exif" in raw or b"eXIf" in raw
        with PILImage.open(path) as picture:
            assert picture.getexif().get_ifd(0x8825), path  # a GPS position


def media_parts(docx_path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(docx_path) as archive:
        return {name: archive.read(name) for name in archive.namelist() if name.startswith("word/media/")}


def assert_clean(data: bytes, where: str) -> None:
    for marker in MARKERS:
        assert marker.encode() not in data, (where, marker)
    with PILImage.open(BytesIO(data)) as picture:
        assert not picture.getexif(), where
        assert not {"exif", "comment", "icc_profile", "xmp", "XML:com.adobe.xmp", "Author", "Source", "Comment"} \
            & set(picture.info), (where, sorted(picture.info))
        if picture.format == "PNG":
            chunks = _png_chunk_types(data)
            assert chunks <= {b"IHDR", b"PLTE", b"tRNS", b"IDAT", b"IEND"}, (where, chunks)


def _png_chunk_types(data: bytes) -> set[bytes]:
    types, position = set(), 8
    while position < len(data):
        length = int.from_bytes(data[position:position + 4], "big")
        types.add(data[position + 4:position + 8])
        position += 12 + length
    return types


def letter(signature: Path, photo: Path) -> Document:
    return Document(title="t", language="en", blocks=[
        Paragraph([Run("Dear Ambassador,")]),
        Image(photo, caption="The picket"),
        SignatureBlock([Signature("Anna Andersson", ["Volunteer"], image=signature)]),
    ])


@pytest.mark.parametrize("signature_kind", ["jpeg", "png"])
@pytest.mark.parametrize("photo_kind", ["jpeg", "png"])
def test_the_docx_media_parts_carry_no_exif_gps_or_text_chunks(tmp_path, signature_kind, photo_kind):
    make = {"jpeg": (jpeg_with_gps, "jpg"), "png": (png_with_chunks, "png")}
    signature = make[signature_kind][0](tmp_path / f"signature.{make[signature_kind][1]}")
    photo = make[photo_kind][0](tmp_path / f"photo.{make[photo_kind][1]}", size=(400, 300))
    assert_the_sources_carry_the_markers(signature, photo)
    target = tmp_path / "letter.docx"
    write_docx(letter(signature, photo), target)
    media = media_parts(target)
    assert len(media) == 2
    for name, data in media.items():
        assert_clean(data, name)
    # Nowhere else in the package either (document.xml, core properties).
    with zipfile.ZipFile(target) as archive:
        everything = b"".join(archive.read(name) for name in archive.namelist())
    for marker in (CAMERA, SERIAL, AUTHOR, PLACE, "signature.", "photo."):
        assert marker.encode() not in everything, marker


@pytest.mark.parametrize("kind", ["jpeg", "png"])
def test_the_pdf_carries_none_of_it_either(tmp_path, kind):
    make = jpeg_with_gps if kind == "jpeg" else png_with_chunks
    signature = make(tmp_path / f"signature.{kind}")
    photo = make(tmp_path / f"photo.{kind}", size=(400, 300))
    target = tmp_path / "letter.pdf"
    write_pdf(letter(signature, photo), target)
    data = target.read_bytes()
    for marker in (CAMERA, SERIAL, AUTHOR, PLACE):
        assert marker.encode() not in data, marker
    from pypdf import PdfReader

    images = PdfReader(target).pages[0].images
    assert len(images) >= 2
    for image in images:
        assert not image.image.getexif()


def test_a_signature_keeps_its_transparency_and_its_pixels_in_the_docx(tmp_path):
    signature = png_with_chunks(tmp_path / "signature.png")
    target = tmp_path / "letter.docx"
    write_docx(Document(title="t", language="en", blocks=[SignatureBlock([Signature("A", image=signature)])]),
               target)
    (data,) = media_parts(target).values()
    with PILImage.open(BytesIO(data)) as embedded, PILImage.open(signature) as original:
        assert embedded.format == "PNG" and embedded.mode == "RGBA"
        assert embedded.size == original.size
        assert embedded.tobytes() == original.convert("RGBA").tobytes()  # same ink, same paper


def test_a_large_signature_scan_is_scaled_for_print_in_both_writers(tmp_path):
    scan = jpeg_with_gps(tmp_path / "scan.jpg", size=(1500, 900))
    clean = load_signature(scan)
    assert (clean.height, clean.width) == (SIGNATURE_MAX_PIXELS_HIGH, 500)
    target = tmp_path / "letter.docx"
    write_docx(Document(title="t", language="en", blocks=[SignatureBlock([Signature("A", image=scan)])]), target)
    (data,) = media_parts(target).values()
    assert data == clean.data  # the very bytes the PDF writer starts from
    with PILImage.open(BytesIO(data)) as embedded:
        assert embedded.size == (500, SIGNATURE_MAX_PIXELS_HIGH)


def test_a_signature_in_another_format_becomes_a_clean_png(tmp_path):
    gif = tmp_path / "signature.gif"
    PILImage.new("P", (60, 20), 1).save(gif, "GIF", comment=AUTHOR.encode())
    clean = load_signature(gif)
    assert clean.format == "PNG" and AUTHOR.encode() not in clean.data


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    kind=st.sampled_from(["jpeg", "png"]),
    width=st.integers(1, 700),
    height=st.integers(1, 700),
    extra=st.text(alphabet=st.characters(min_codepoint=0x41, max_codepoint=0x5A), min_size=8, max_size=20),
)
def test_any_picture_size_and_metadata_text_is_cleaned(tmp_path, kind, width, height, extra):
    make = jpeg_with_gps if kind == "jpeg" else png_with_chunks
    path = make(tmp_path / f"any-{kind}-{width}x{height}-{extra}.{'jpg' if kind == 'jpeg' else 'png'}",
                size=(width, height), extra=extra)
    for clean in (clean_picture(path), load_signature(path)):
        assert extra.encode() not in clean.data
        assert_clean(clean.data, path.name)
        assert clean.format == ("JPEG" if kind == "jpeg" else "PNG")
