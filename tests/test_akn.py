"""The Akoma Ntoso 3.0 file of a resolution: valid against the OASIS schema, and saying what the DOCX says."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import socket
import string

import docx
import pytest
from lxml import etree

from desktop.core.demo import load_demo_draft
from desktop.core.errors import PetitionDeskError
from desktop.core.recipients import Recipient
from desktop.core.resolution import akn, edit
from desktop.core.resolution.akn import AKN_NS, LANGUAGE_CODES, validate_akn, write_akn
from desktop.core.resolution.export import ResolutionExport, export_resolution, render_resolution
from desktop.core.resolution.model import Resolution
from desktop.core.resolution.seed import from_case
from desktop.core.signers import Signer
from desktop.core.writers.docx import write_docx

STYLES = ("ep", "riksdag", "us", "generic")
LANGS = ("en", "sv", "fr", "de", "ru")
DATE = dt.date(2026, 11, 26)
NS = {"a": AKN_NS}
PARLIAMENT = Recipient(kind="legislature", organisation="Parliament", country="SE")


@pytest.fixture(scope="module")
def seeded():
    """The demo case's resolution in all five languages (written once: the template takes a moment)."""
    draft = load_demo_draft()
    draft.template = "resolution"
    return from_case(draft, list(LANGS))


def demo(seeded, style, *, signers=None):
    draft = load_demo_draft()
    draft.template = "resolution"
    draft.options = {"style": style}
    draft.resolution = seeded.copy()
    draft.recipients = [PARLIAMENT]
    if signers is not None:
        draft.signers = signers
    return draft


def tree(data: bytes) -> etree._Element:
    return etree.fromstring(data)


def words(node: etree._Element) -> str:
    """The node's text, with the no-break spaces of the typography read as spaces."""
    return flat("".join(node.itertext()))


def flat(text: str) -> str:
    return " ".join(text.split())


def xp(node, path):
    return node.xpath(path, namespaces=NS)


SPONSORS = [
    Signer("Anna Lindqvist", role="Member of the Riksdag", party="V", organisation="Riksdagen",
           email="anna@example.org", address_lines=["Exempelgatan 1", "111 22 Stockholm"]),
    Signer("Олег Петров", party="Яблоко"),
]


# -- validity ------------------------------------------------------------------

@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("lang", LANGS)
def test_every_style_and_language_validates(seeded, style, lang):
    data = write_akn(demo(seeded, style), lang, DATE)
    assert validate_akn(data) == []
    root = tree(data)
    assert root.tag == f"{{{AKN_NS}}}akomaNtoso"
    (document,) = list(root)
    if style == "riksdag":
        assert (etree.QName(document).localname, document.get("name")) == ("doc", "motion")
    else:
        assert (etree.QName(document).localname, document.get("name")) == ("statement", "resolution")
    (language,) = xp(root, "//a:FRBRExpression/a:FRBRlanguage/@language")
    assert language == LANGUAGE_CODES[lang]
    expression = xp(root, "//a:FRBRExpression/a:FRBRthis/@value")[0]
    assert f"/{LANGUAGE_CODES[lang]}@/" in expression
    assert xp(root, "//a:FRBRWork/a:FRBRdate/@date") == [DATE.isoformat()]
    # Every part the style prints carries its id from the draft.
    guids = xp(root, "//@GUID")
    assert guids and len(guids) == len(set(guids))
    known = {p.id for p in seeded.walk()}
    assert set(guids) <= known
    eids = xp(root, "//@eId")
    assert len(eids) == len(set(eids)), "eIds must be unique in a document"


def test_file_is_pretty_utf8_with_a_declaration(seeded):
    data = write_akn(demo(seeded, "ep"), "en", DATE)
    assert data.startswith(b"<?xml version='1.0' encoding='UTF-8'?>\n<akomaNtoso")
    lines = data.decode("utf-8").splitlines()
    assert "  <statement name=\"resolution\" contains=\"originalVersion\">" in lines
    # Indentation stops at running text: a paragraph's words are not padded with spaces.
    for p in xp(tree(data), "//a:p"):
        assert words(p) == words(p).strip()


def test_validate_reports_a_broken_document(seeded):
    data = write_akn(demo(seeded, "ep"), "en", DATE)
    root = tree(data)
    (meta,) = xp(root, "//a:meta")
    meta.getparent().remove(meta)
    errors = validate_akn(etree.tostring(root))
    assert errors and any("meta" in e for e in errors)

    wrong = tree(data)
    (recital,) = xp(wrong, "(//a:recital)[1]")
    etree.SubElement(recital, f"{{{AKN_NS}}}paragraph")  # a paragraph cannot sit in a recital
    assert validate_akn(etree.tostring(wrong))

    assert validate_akn(b"<akomaNtoso><statement>") != []  # not even well-formed


def test_schema_loads_without_network(tmp_path, monkeypatch):
    """The schema's import of xml.xsd is served from the repository, even when it names the W3C's address."""
    def refuse(*args, **kwargs):
        raise OSError("network blocked by test_akn")

    for name in ("connect", "connect_ex"):
        monkeypatch.setattr(socket.socket, name, refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    source = akn.schema_path()
    text = source.read_text(encoding="utf-8")
    assert 'schemaLocation="./xml.xsd"' in text
    remote = tmp_path / "remote"
    remote.mkdir()
    (remote / akn.SCHEMA_FILE).write_text(
        text.replace('schemaLocation="./xml.xsd"', 'schemaLocation="http://www.w3.org/2001/xml.xsd"'),
        encoding="utf-8")
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(akn._LocalSchemas(source.parent))
    schema = etree.XMLSchema(etree.parse(str(remote / akn.SCHEMA_FILE), parser))
    assert schema is not None

    # The shipped copy compiles from scratch with the network blocked too.
    akn._schema.cache_clear()
    try:
        draft = load_demo_draft()
        draft.template = "resolution"
        draft.options = {"style": "generic"}
        draft.resolution = Resolution(languages=["en"])
        edit.add_part(draft.resolution, "operative", "en", "calls for the release of the prisoners")
        assert validate_akn(write_akn(draft, "en", DATE)) == []
    finally:
        akn._schema.cache_clear()


def test_missing_schema_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setattr(akn, "schemas_dir", lambda: tmp_path)
    akn._schema.cache_clear()
    try:
        with pytest.raises(PetitionDeskError, match="reinstall"):
            validate_akn(b"<akomaNtoso/>")
    finally:
        akn._schema.cache_clear()


# -- numbering -----------------------------------------------------------------

def letters(count):
    """A., B., … Z., AA., AB., … worked out here, independently of the app's numbering."""
    out = []
    for width in itertools.count(1):
        for combo in itertools.product(string.ascii_uppercase, repeat=width):
            out.append("".join(combo) + ".")
            if len(out) == count:
                return out


def test_thirty_recitals_are_lettered_a_to_ad():
    draft = load_demo_draft()
    draft.template = "resolution"
    draft.options = {"style": "ep"}
    res = Resolution(languages=["en"])
    for n in range(1, 31):
        edit.add_part(res, "recital", "en", f"fact number {n} is established")
    edit.add_part(res, "operative", "en", "calls for the release of the prisoners")
    draft.resolution = res
    root = tree(write_akn(draft, "en", DATE))
    recitals = xp(root, "//a:recitals/a:recital")
    assert [xp(r, "a:num/text()")[0] for r in recitals] == letters(30)
    assert letters(30)[25:] == ["Z.", "AA.", "AB.", "AC.", "AD."]
    assert [words(xp(r, "a:p")[0]) for r in recitals][28] == "whereas fact number 29 is established;"
    assert [r.get("GUID") for r in recitals] == [p.id for p in res.section("recital")]


def test_reordering_renumbers(seeded):
    draft = demo(seeded, "ep")
    res = draft.resolution
    before = tree(write_akn(draft, "en", DATE))
    recital_ids = [p.id for p in res.section("recital")]
    operative_ids = [p.id for p in res.section("operative")]

    edit.move(res, recital_ids[-1], "recital", 0)  # the last recital first
    edit.move_by(res, operative_ids[0], 1)  # the first operative paragraph one down
    after = tree(write_akn(draft, "en", DATE))

    first = xp(after, "//a:recital[a:num='A.']")[0]
    assert first.get("GUID") == recital_ids[-1]
    assert first.get("eId") == "rec_1"
    assert xp(after, "//a:recital[a:num='B.']/@GUID") == [recital_ids[0]]
    moved_text = words(xp(before, f"//a:recital[@GUID='{recital_ids[-1]}']/a:p")[0])
    assert moved_text == words(xp(after, "//a:recital[a:num='A.']/a:p")[0])
    assert xp(before, f"//a:recital[@GUID='{recital_ids[-1]}']/a:num/text()") == [f"{letters(len(recital_ids))[-1]}"]

    assert xp(after, "//a:mainBody/a:paragraph[@eId='para_1']/@GUID") == [operative_ids[1]]
    assert xp(after, "//a:mainBody/a:paragraph[@eId='para_2']/@GUID") == [operative_ids[0]]
    assert xp(after, f"//a:paragraph[@GUID='{operative_ids[0]}']/a:num/text()") == ["2."]


def test_sub_points_nest_under_their_paragraph(seeded):
    root = tree(write_akn(demo(seeded, "ep"), "en", DATE))
    parent = next(p for p in seeded.section("operative") if p.children)
    (para,) = xp(root, f"//a:paragraph[@GUID='{parent.id}']")
    points = xp(para, "a:point")
    assert [pt.get("GUID") for pt in points] == [c.id for c in parent.children]
    para_id = para.get("eId")
    assert [pt.get("eId") for pt in points] == [f"{para_id}__point_{c}" for c in "abc"[:len(points)]]
    assert [xp(pt, "a:num/text()")[0] for pt in points] == ["(a)", "(b)", "(c)"][:len(points)]
    assert xp(para, "a:intro/a:p")  # the words before the points
    us = tree(write_akn(demo(seeded, "us"), "en", DATE))
    assert xp(us, f"//a:point[@GUID='{parent.children[0].id}']/a:num/text()") == ["(A)"]


# -- faithful to the printed text -------------------------------------------------

def docx_texts(draft, lang, date=DATE):
    buffer = io.BytesIO()
    write_docx(render_resolution(draft, lang, date), buffer)
    buffer.seek(0)
    word = docx.Document(buffer)
    # The historical-example note is printed in the footer of every page.
    return [flat(p.text) for p in word.paragraphs] + [flat(p.text) for p in word.sections[0].footer.paragraphs]


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("lang", ("en", "ru"))
def test_xml_says_what_the_docx_says(seeded, style, lang):
    draft = demo(seeded, style, signers=SPONSORS)
    root = tree(write_akn(draft, lang, DATE))
    printed = docx_texts(draft, lang)
    blocks = [words(p) for p in xp(root, "//a:preface//a:p | //a:preamble//a:p | //a:mainBody//a:p | "
                                        "//a:heading | //a:conclusions//a:p[not(.//a:signature)]")]
    assert blocks
    for text in blocks:
        assert text in printed, f"{text!r} is in the XML but not in the DOCX"
    if style != "generic":  # the generic style prints a signature block (a table), not text lines
        for signature in xp(root, "//a:signature"):
            assert words(signature) in printed
    # Each part marked with its id says that part's words (the style may capitalise the first letter).
    marked = xp(root, "//*[@GUID]")
    assert marked
    for node in marked:
        part = draft.resolution.part(node.get("GUID"))
        own = flat(part.text.get(lang)).rstrip(".;,")
        content = xp(node, "a:p | a:content/a:p | a:intro/a:p")
        assert len(content) == 1 and own[1:] in words(content[0])


def test_ep_closing_is_numbered_as_printed(seeded):
    root = tree(write_akn(demo(seeded, "ep"), "en", DATE))
    paragraphs = xp(root, "//a:mainBody/a:paragraph")
    operative = [p for p in seeded.section("operative") if p.text.get("en").strip()]
    assert len(paragraphs) == len(operative) + 1
    last = paragraphs[-1]
    assert xp(last, "a:num/text()") == [f"{len(operative) + 1}."]
    assert words(last).strip().endswith("Russian Federation.")
    assert "Instructs its President" in words(last)


def test_riksdag_proposals_and_grounds(seeded):
    root = tree(write_akn(demo(seeded, "riksdag", signers=SPONSORS), "sv", DATE))
    (proposals,) = xp(root, "//a:mainBody/a:hcontainer[@name='proposals']")
    assert xp(proposals, "a:heading/text()") == ["Förslag till riksdagsbeslut"]
    nums = xp(proposals, "a:paragraph/a:num/text()")
    assert nums == [f"{n}." for n in range(1, len(nums) + 1)] and nums
    assert all("Riksdagen" in words(p) for p in xp(proposals, "a:paragraph"))
    (grounds,) = xp(root, "//a:mainBody/a:hcontainer[@name='motivation']")
    assert xp(grounds, "a:heading/text()") == ["Motivering"]
    recitals = [p for p in seeded.section("recital") if p.text.get("sv").strip()]
    assert xp(grounds, "a:paragraph/@GUID") == [p.id for p in recitals]
    assert xp(root, "//a:preface//a:docNumber/text()") == ["2026/27:…"]
    assert xp(root, "//a:preface//a:docProponent/@refersTo") == ["#sponsor_1"]
    assert xp(root, "//a:FRBRWork/a:FRBRcountry/@value") == ["se"]
    assert xp(root, "//a:FRBRWork/a:FRBRthis/@value")[0].startswith("/akn/se/doc/motion/2026-11-26/")


# -- sponsors, privacy, languages ---------------------------------------------------

@pytest.mark.parametrize("style", ("riksdag", "generic"))
def test_sponsors_and_parties_in_conclusions(seeded, style):
    data = write_akn(demo(seeded, style, signers=SPONSORS), "en", DATE)
    root = tree(data)
    signatures = xp(root, "//a:conclusions//a:signature")
    assert len(signatures) == 2
    for signature, signer in zip(signatures, SPONSORS):
        (person,) = xp(signature, "a:person")
        assert person.text == signer.name
        (party,) = xp(signature, "a:organization")
        assert party.text == signer.party
        # Each reference points at a TLC entry that names the same person or party.
        (tlc,) = xp(root, f"//a:references/a:TLCPerson[@eId='{person.get('refersTo')[1:]}']")
        assert tlc.get("showAs") == signer.name
        (org,) = xp(root, f"//a:references/a:TLCOrganization[@eId='{party.get('refersTo')[1:]}']")
        assert org.get("showAs") == signer.party
    text = data.decode("utf-8")
    # Nothing beyond what the printed text shows: no e-mail, no street address.
    for secret in ("anna@example.org", "Exempelgatan", "111 22"):
        assert secret not in text


def test_a_house_resolution_is_not_signed(seeded):
    root = tree(write_akn(demo(seeded, "us", signers=SPONSORS), "en", DATE))
    assert not xp(root, "//a:conclusions//a:signature")  # the sponsors are named in the referral line


def test_ep_names_no_sponsor_because_it_prints_none(seeded):
    data = write_akn(demo(seeded, "ep", signers=SPONSORS), "en", DATE)
    text = data.decode("utf-8")
    assert "Anna Lindqvist" not in text and "Олег Петров" not in text
    assert not xp(tree(data), "//a:TLCPerson | //a:signature")
    assert "Anna Lindqvist" not in "\n".join(docx_texts(demo(seeded, "ep", signers=SPONSORS), "en"))


def test_cyrillic_round_trips(seeded):
    draft = demo(seeded, "generic", signers=SPONSORS)
    data = write_akn(draft, "ru", DATE)
    assert validate_akn(data) == []
    root = etree.fromstring(data)
    body = " ".join(words(p) for p in xp(root, "//a:p"))
    printed = [p for p in draft.resolution.walk() if p.kind != "proposal"]  # the generic style prints no proposals
    assert len(printed) > 10
    for part in printed:
        text = flat(part.text.get("ru")).rstrip(".;,")
        assert text and text[1:] in body
    assert xp(root, "//a:person/text()")[1] == "Олег Петров"
    assert xp(root, "//a:organization[@refersTo='#party_2']/text()") == ["Яблоко"]
    assert "Олег Петров".encode() in data  # written as UTF-8, not as character references
    assert xp(root, "//a:FRBRExpression/a:FRBRmasterExpression/@href")[0].endswith("/eng@")


def test_characters_xml_cannot_carry_are_dropped():
    draft = load_demo_draft()
    draft.template = "resolution"
    draft.options = {"style": "generic"}
    draft.resolution = Resolution(languages=["en"])
    edit.add_part(draft.resolution, "recital", "en", "the court\x0bsat in closed session\x00")
    edit.add_part(draft.resolution, "operative", "en", "calls for a public trial")
    data = write_akn(draft, "en", DATE)
    assert validate_akn(data) == []
    (recital,) = xp(tree(data), "//a:recital/a:p")
    assert words(recital) == "considering that the courtsat in closed session;"


def test_language_it_cannot_write_is_refused(seeded):
    draft = demo(seeded, "ep")
    draft.resolution.languages.append("es")
    with pytest.raises(PetitionDeskError, match="not in es"):
        write_akn(draft, "es", DATE)


def test_empty_language_is_refused(seeded):
    draft = demo(seeded, "ep")
    draft.resolution = Resolution(languages=["en"])
    edit.add_part(draft.resolution, "operative", "en", "calls for the release of the prisoners")
    with pytest.raises(PetitionDeskError):
        write_akn(draft, "ru", DATE)


def test_date_defaults_to_the_drafts(seeded):
    draft = demo(seeded, "us")
    draft.letter.date = dt.date(2025, 5, 6)
    root = tree(write_akn(draft, "en"))
    assert xp(root, "//a:FRBRWork/a:FRBRdate/@date") == ["2025-05-06"]
    (day,) = xp(root, "//a:preface//a:docDate")
    assert day.get("date") == "2025-05-06" and "2025" in day.text
    assert day.text in docx_texts(draft, "en", date=None)  # the date line as the DOCX prints it


def test_historical_note_only_for_a_historical_case(seeded):
    draft = demo(seeded, "ep")
    assert xp(tree(write_akn(draft, "en", DATE)), "//a:container[@name='historicalExample']")
    draft.case.historical_example = False
    assert not xp(tree(write_akn(draft, "en", DATE)), "//a:container[@name='historicalExample']")


def test_export_writes_valid_akn_files(seeded, tmp_path):
    draft = demo(seeded, "riksdag")
    paths = export_resolution(draft, tmp_path, ResolutionExport(formats=("akn",), languages=("sv", "ru"), date=DATE))
    assert [p.suffixes[-2:] for p in paths] == [[".akn", ".xml"]] * 2
    for path, lang in zip(paths, ("sv", "ru")):
        data = path.read_bytes()
        assert validate_akn(data) == []
        assert xp(tree(data), "//a:FRBRlanguage/@language") == [LANGUAGE_CODES[lang]]
