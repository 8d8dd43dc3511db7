"""The report of a solidarity action, and photographs placed as images.

The report is rendered in every language with the demo case and written to
DOCX and PDF; the assertions read the files back: the facts of the action,
the plural forms of the number of participants, the captions, exactly the
two photos embedded, and none of the photo's metadata (a GPS position, the
camera) nor the local path of the photo in either file.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import docx
import pytest
from PIL import ExifTags, Image
from pypdf import PdfReader

from desktop.core.compose import LetterOptions, place_photos, render_document
from desktop.core.demo import load_demo_draft
from desktop.core.document import Document, Heading, Paragraph, Run
from desktop.core.document import Image as PhotoBlock
from desktop.core.draft import draft_from_dict
from desktop.core.errors import PetitionDeskError
from desktop.core.markup import PhotoSlot, parse, protect
from desktop.core.photos import MAX_HEIGHT_MM, load_photo, photo_size_mm
from desktop.core.recipients import Recipient
from desktop.core.signers import Signer
from desktop.core.templates import get_template
from desktop.core.writers.docx import write_docx
from desktop.core.writers.pdf import write_pdf

LANGS = ("en", "sv", "fr", "de", "ru")
CAMERA = "SecretPhoneCam-4711"  # written into the JPEG's EXIF; must never reach an output file
ORGANISERS = Recipient(
    kind="other", organisation="Solidarity committee", address_lines=["Pyatnitskaya ul. 1"], postal_code="115035",
    city="Moscow", country="RU",
)
SIGNER = Signer(name="Anna Lindqvist", role="Coordinator", organisation="Solidarity group Stockholm")


# -- photos made for the test ---------------------------------------------------------

@pytest.fixture
def photos(tmp_path) -> dict[str, Path]:
    folder = tmp_path / "private folder of Anna"
    folder.mkdir()
    png = folder / "banner-photo.png"
    picture = Image.new("RGBA", (300, 200), (200, 30, 30, 255))
    picture.paste((255, 255, 255, 255), (40, 60, 260, 140))
    picture.save(png)
    jpeg = folder / "picket-with-gps.jpg"
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = CAMERA
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (59.0, 19.0, 46.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (18.0, 4.0, 7.0)
    Image.new("RGB", (400, 300), (30, 90, 160)).save(jpeg, exif=exif, quality=90)
    # The fixture itself must carry what the outputs must not, or the checks below prove nothing.
    assert CAMERA.encode() in jpeg.read_bytes()
    with Image.open(jpeg) as check:
        assert check.getexif().get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitudeRef] == "N"
    return {"png": png, "jpeg": jpeg, "folder": folder}


def report_options(photos: dict[str, Path], participants: int | str = 21) -> dict:
    return {
        "action_date": "2013-05-06",
        "action_place": "Stockholm, outside the Russian Embassy",
        "action_kind": "picket",
        "participants": participants,
        "delivered": "a letter signed by 12 members of parliament was handed to the embassy",
        "response": "the embassy promised to forward the letter to Moscow",
        "remarks": "the police kept their distance",
        "photos": [
            {"path": str(photos["jpeg"]), "caption": "Picket outside the embassy"},
            {"path": str(photos["png"]), "caption": {"en": "The banner", "ru": "Плакат"}},
        ],
    }


def render(lang: str, options: dict) -> Document:
    draft = load_demo_draft()
    letter = LetterOptions(date=dt.date(2026, 3, 1), place="Stockholm", sender_country="SE", template_options=options)
    return render_document(get_template("action_report"), lang, draft.case, ORGANISERS, [SIGNER], letter)


def docx_bytes(doc: Document) -> bytes:
    buffer = io.BytesIO()
    write_docx(doc, buffer)
    return buffer.getvalue()


def pdf_bytes(doc: Document) -> bytes:
    buffer = io.BytesIO()
    write_pdf(doc, buffer)
    return buffer.getvalue()


def flat(text: str) -> str:
    # French elisions print ’ (checked in test_letters_golden); expected texts here write '.
    return " ".join(text.replace("\u2019", "'").replace("\xa0", " ").replace("\u202f", " ").split())


def docx_text(data: bytes) -> str:
    word = docx.Document(io.BytesIO(data))
    return flat("\n".join(p.text for p in word.paragraphs))


def pdf_text(data: bytes) -> str:
    return flat("\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))


def pdf_images(data: bytes) -> list[bytes]:
    """The raw data of every distinct image XObject in the PDF."""
    found: dict[int, bytes] = {}
    for page in PdfReader(io.BytesIO(data)).pages:
        xobjects = page["/Resources"].get("/XObject", {})
        for ref in xobjects.values():
            obj = ref.get_object()
            if obj.get("/Subtype") == "/Image":
                found[ref.idnum] = obj.get_data()
    return list(found.values())


def assert_no_metadata(image_data: bytes, where: str) -> None:
    assert CAMERA.encode() not in image_data, where
    assert b"Exif\x00\x00" not in image_data, where
    if image_data[:2] == b"\xff\xd8" or image_data[:8] == b"\x89PNG\r\n\x1a\n":
        with Image.open(io.BytesIO(image_data)) as picture:
            assert len(picture.getexif()) == 0, where
            assert not picture.getexif().get_ifd(ExifTags.IFD.GPSInfo), where


# -- the report in every language --------------------------------------------------------

FACTS = {
    "en": ["Report on a solidarity action: Bolotnaya Square case", "Date: 6 May 2013",
           "Place: Stockholm, outside the Russian Embassy", "Kind of action: picket", "What was delivered",
           "A letter signed by 12 members of parliament was handed to the embassy.", "Response",
           "The embassy promised to forward the letter to Moscow.", "Remarks", "The police kept their distance.",
           "Photographs", "Dear Sir or Madam,", "Yours faithfully,"],
    "sv": ["Rapport från en solidaritetsaktion: Bolotnajafallet", "Datum: 6 maj 2013", "Typ av aktion: picket",
           "Vad som lämnades över", "Svar", "Övriga kommentarer", "Fotografier", "Med vänlig hälsning"],
    "fr": ["Compte rendu d'une action de solidarité", "Date : 6 mai 2013", "Lieu : Stockholm, outside the Russian",
           "Type d'action : picket", "Ce qui a été remis", "Réponse", "Observations", "Photographies",
           "Madame, Monsieur,"],
    "de": ["Bericht über eine Solidaritätsaktion: Bolotnaja-Verfahren", "Datum: 6. Mai 2013", "Ort: Stockholm",
           "Art der Aktion: picket", "Was übergeben wurde", "Antwort", "Anmerkungen", "Fotos",
           "Sehr geehrte Damen und Herren, hiermit berichte ich", "Mit freundlichen Grüßen"],
    "ru": ["«Болотное дело»: отчёт об акции солидарности", "Дата: 6 мая 2013", "Вид акции: picket",
           "Что было передано", "Ответ", "Замечания", "Фотографии", "Уважаемые дамы и господа!",
           "в поддержку Сергея Кривова", "С уважением,"],
}
PARTICIPANTS = {
    "en": {1: "Participants: 1 person", 2: "Participants: 2 people", 5: "Participants: 5 people",
           21: "Participants: 21 people"},
    "sv": {1: "Antal deltagare: 1 person", 2: "Antal deltagare: 2 personer", 5: "Antal deltagare: 5 personer",
           21: "Antal deltagare: 21 personer"},
    "fr": {1: "Nombre de participants : 1 personne", 2: "Nombre de participants : 2 personnes",
           5: "Nombre de participants : 5 personnes", 21: "Nombre de participants : 21 personnes"},
    "de": {1: "Teilnehmende: 1 Person", 2: "Teilnehmende: 2 Personen", 5: "Teilnehmende: 5 Personen",
           21: "Teilnehmende: 21 Personen"},
    "ru": {1: "Число участников: 1 человек", 2: "Число участников: 2 человека", 5: "Число участников: 5 человек",
           21: "Число участников: 21 человек"},
}
# The count followed by a letter that would make the form wrong ("21 человека", "1 personer").
WRONG_FORM = {
    "en": {1: r"1 people", 2: r"2 person\b", 5: r"5 person\b", 21: r"21 person\b"},
    "sv": {1: r"1 personer", 2: r"2 person\b", 5: r"5 person\b", 21: r"21 person\b"},
    "fr": {1: r"1 personnes", 2: r"2 personne\b", 5: r"5 personne\b", 21: r"21 personne\b"},
    "de": {1: r"1 Personen", 2: r"2 Person\b", 5: r"5 Person\b", 21: r"21 Person\b"},
    "ru": {1: r"1 человека", 2: r"2 человек\b", 5: r"5 человека", 21: r"21 человека"},
}
CAPTIONS = {lang: ["Picket outside the embassy", "Плакат" if lang == "ru" else "The banner"] for lang in LANGS}


@pytest.mark.parametrize("participants", [1, 2, 5, 21])
@pytest.mark.parametrize("lang", LANGS)
def test_report_reads_back_with_facts_plurals_captions_and_clean_photos(lang, participants, photos):
    doc = render(lang, report_options(photos, participants))
    assert [b.caption for b in doc.blocks if isinstance(b, PhotoBlock)] == CAPTIONS[lang]
    word, pdf = docx_bytes(doc), pdf_bytes(doc)
    for kind, text in {"docx": docx_text(word), "pdf": pdf_text(pdf)}.items():
        for phrase in FACTS[lang] + CAPTIONS[lang] + [PARTICIPANTS[lang][participants]]:
            assert flat(phrase) in text, (kind, phrase)
        assert not re.search(WRONG_FORM[lang][participants], text), kind
        assert "@image" not in text and "{{" not in text, kind
        # Captions sit right under their photos, before the closing words.
        assert text.index(CAPTIONS[lang][0]) < text.index(CAPTIONS[lang][1])

    with zipfile.ZipFile(io.BytesIO(word)) as package:
        media = [name for name in package.namelist() if name.startswith("word/media/")]
        assert len(media) == 2
        for name in media:
            assert_no_metadata(package.read(name), f"docx {name}")
        for name in package.namelist():
            part = package.read(name)
            assert str(photos["folder"]).encode() not in part, name
            assert b"picket-with-gps" not in part and b"banner-photo" not in part, name
        document_xml = package.read("word/document.xml").decode()
    assert str(photos["folder"]) not in document_xml
    assert 'name="photo-1"' in document_xml and 'name="photo-2"' in document_xml
    assert document_xml.count("<wp:inline") == 2

    images = pdf_images(pdf)
    assert len(images) == 2
    for image in images:
        assert_no_metadata(image, "pdf image")
    assert CAMERA.encode() not in pdf and b"Exif\x00\x00" not in pdf
    assert str(photos["folder"]).encode() not in pdf and b"picket-with-gps" not in pdf


@pytest.mark.parametrize("lang", LANGS)
def test_report_without_options_is_still_a_clean_letter(lang):
    doc = render(lang, {})
    text = doc.plain_text()
    assert not [b for b in doc.blocks if isinstance(b, PhotoBlock)]
    assert "{{" not in text and "@image" not in text and "None" not in text
    # Declined in Russian ("в поддержку Сергея Кривова"); each other language spells the name its own way.
    spelling = {"ru": "Сергея Кривова", "en": "Sergei Krivov", "sv": "Sergej Krivov", "fr": "Sergueï Krivov",
                "de": "Sergej Kriwow"}
    assert spelling[lang] in text


def test_participants_typed_as_text_count_too(photos):
    text = render("ru", report_options(photos, " 21 ")).plain_text()
    assert "Число участников: 21 человек" in flat(text)
    text = render("en", report_options(photos, "many")).plain_text()
    assert "Participants" not in text  # not a number: left out rather than printed wrongly


def test_no_response_given_says_so(photos):
    options = report_options(photos)
    options["response"] = ""
    assert "No response had been received at the time of writing." in render("en", options).plain_text()
    assert "ответ не получен" in render("ru", options).plain_text()


# -- errors --------------------------------------------------------------------------

def test_missing_photo_is_a_clear_error_naming_it(photos):
    options = report_options(photos)
    missing = photos["folder"] / "lost-photo.jpg"
    options["photos"][1]["path"] = str(missing)
    doc = render("en", options)
    for write in (docx_bytes, pdf_bytes):
        with pytest.raises(PetitionDeskError) as caught:
            write(doc)
        assert str(missing) in str(caught.value)
        assert "photo" in str(caught.value).lower()


def test_a_file_that_is_no_picture_is_refused(photos):
    fake = photos["folder"] / "notes.jpg"
    fake.write_text("not a picture")
    with pytest.raises(PetitionDeskError) as caught:
        load_photo(fake)
    assert str(fake) in str(caught.value) and "JPEG or PNG" in str(caught.value)


# -- the pieces ----------------------------------------------------------------------

def test_image_directive_is_its_own_block_and_never_comes_from_a_value():
    body = parse("Text before\n@image 1\nText after\n\n" + protect("@image 0"))
    assert body.blocks[1] == PhotoSlot(1)
    assert [type(b) for b in body.blocks] == [Paragraph, PhotoSlot, Paragraph, Paragraph]
    assert body.blocks[3].text == "@image 0"  # typed by a user: literal text


def test_place_photos_fills_slots_and_drops_empty_ones(tmp_path):
    blocks = [Heading("Photos"), PhotoSlot(0), PhotoSlot(1), PhotoSlot(5), PhotoSlot(2)]
    entries = ["a.jpg", {"path": "b.png", "caption": {"sv": "Bild", "en": "Picture"}, "width_mm": 60}, {"caption": "x"}]
    placed = place_photos(blocks, entries, "sv")
    assert placed[0] == Heading("Photos")
    assert placed[1:] == [PhotoBlock(Path("a.jpg")), PhotoBlock(Path("b.png"), "Bild", 60.0)]
    assert place_photos([PhotoSlot(0)], None, "en") == []


def test_relative_photo_paths_follow_the_draft_folder(tmp_path):
    data = load_demo_draft().to_dict()
    data["options"] = {"photos": [{"path": "photos/one.jpg", "caption": "One"}, "two.png", {"path": "/abs/three.jpg"}]}
    draft = draft_from_dict(data, base=tmp_path)
    paths = [p["path"] if isinstance(p, dict) else p for p in draft.options["photos"]]
    assert paths == [str(tmp_path / "photos" / "one.jpg"), str(tmp_path / "two.png"), "/abs/three.jpg"]
    assert draft.options["photos"][0]["caption"] == "One"


def test_photo_size_fits_width_and_height_keeping_aspect(photos):
    wide = load_photo(photos["jpeg"])  # 400 x 300
    assert (wide.width, wide.height) == (400, 300)
    width, height = photo_size_mm(wide, 160)
    assert height == pytest.approx(MAX_HEIGHT_MM) and width / height == pytest.approx(4 / 3)
    assert photo_size_mm(wide, 160, width_mm=60) == pytest.approx((60, 45))
    assert photo_size_mm(wide, 160, width_mm=500)[0] == pytest.approx(160)


def test_big_photos_are_scaled_down_and_turned_upright(tmp_path):
    path = tmp_path / "big.jpg"
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6  # taken with the phone on its side
    Image.new("RGB", (4800, 3200), (10, 120, 10)).save(path, exif=exif)
    photo = load_photo(path)
    assert photo.format == "JPEG" and max(photo.width, photo.height) <= 2400
    assert photo.height > photo.width  # upright: portrait
    with Image.open(io.BytesIO(photo.data)) as clean:
        assert len(clean.getexif()) == 0


def test_plain_text_shows_the_caption_not_the_path():
    doc = Document(title="t", language="en",
                   blocks=[Paragraph([Run("Hello")]), PhotoBlock(Path("/home/anna/secret/p.jpg"), "A caption")])
    assert doc.plain_text() == "Hello\nA caption"
