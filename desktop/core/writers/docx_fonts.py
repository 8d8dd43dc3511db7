"""The fonts a Word file carries, so it looks the same on a machine without Noto Serif.

ECMA-376 Part 1 §17.8.1 (embedded fonts): each face is stored as
``word/fonts/fontN.odttf``, a TrueType file whose first 32 bytes are XORed
with a key (a GUID) that ``word/fontTable.xml`` names beside the face
(``w:embedRegular r:id=… w:fontKey=…``); the font table relates to the files
with the ``…/relationships/font`` type, and ``w:embedTrueTypeFonts`` in the
settings tells Word to keep them when the file is saved again.

Only the faces the document uses are embedded (a letter without bold or
italic carries one face), each cut down with fontTools to the characters of
the five languages plus any other character the document holds, and marked
``w:subsetted`` as Word marks its own subsets. The shipped Noto Serif faces
allow installable embedding (OS/2 ``fsType`` 0, SIL Open Font Licence).
Subsets are cached per process by face and extra characters, so a batch of
letters cuts each face once.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import uuid
from io import BytesIO
from pathlib import Path

from docx.document import Document as WordDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from desktop.core.files import write_bytes_atomic
from desktop.core.fonts import SERIF, font_files

log = logging.getLogger(__name__)

OBFUSCATED_FONT = "application/vnd.openxmlformats-officedocument.obfuscatedFont"
RT_FONT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/font"

# (bold, italic) -> the fontTable element naming the face, in the order CT_Font requires them.
_FACES = {
    (False, False): ("w:embedRegular", SERIF.regular),
    (True, False): ("w:embedBold", SERIF.bold),
    (False, True): ("w:embedItalic", SERIF.italic),
    (True, True): ("w:embedBoldItalic", SERIF.bold_italic),
}

# Every character of the five languages' texts and their typography, so that
# someone editing the file in Word on a machine without the font keeps it.
_BASE_RANGES = (
    (0x0020, 0x007E),  # Basic Latin
    (0x00A0, 0x017F),  # Latin-1 Supplement, Latin Extended-A (Swedish, French, German, names)
    (0x0400, 0x045F),  # Cyrillic (Russian)
    (0x2000, 0x206F),  # General Punctuation: dashes, quotes, narrow no-break space, ellipsis
    (0x20AC, 0x20AC),  # euro
    (0x2116, 0x2116),  # numero sign
)
BASE_CHARACTERS = frozenset(chr(c) for first, last in _BASE_RANGES for c in range(first, last + 1))


def obfuscate(font: bytes, key: str) -> bytes:
    """``font`` with its first 32 bytes XORed with the GUID ``key`` ("{XXXXXXXX-…}"), §17.8.1.

    The key's bytes are read from the GUID's last hex pair to its first; the
    same operation undoes itself.
    """
    digits = key.strip("{}").replace("-", "")
    if len(digits) != 32:
        raise ValueError(f"not a GUID: {key!r}")
    guid = bytes(int(digits[i:i + 2], 16) for i in range(30, -2, -2))
    head = bytes(b ^ guid[i % 16] for i, b in enumerate(font[:32]))
    return head + font[32:]


def faces_used(word: WordDocument) -> dict[tuple[bool, bool], set[str]]:
    """(bold, italic) -> the characters set in that face, over the body, headers and footers."""
    styles = _style_faces(word)
    parts = [word.part] + [rel.target_part for rel in word.part.rels.values()
                           if rel.reltype in (RT.HEADER, RT.FOOTER)]
    used: dict[tuple[bool, bool], set[str]] = {}
    for part in parts:
        for paragraph in part.element.iter(qn("w:p")):
            p_style = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
            style_id = p_style.get(qn("w:val")) if p_style is not None else None
            base = styles.get(style_id, styles.get(None, (False, False)))
            for run in paragraph.iter(qn("w:r")):
                r_pr = run.find(qn("w:rPr"))
                face = (_flag(r_pr, "w:b", base[0]), _flag(r_pr, "w:i", base[1]))
                text = "".join(t.text or "" for t in run.iter(qn("w:t")))
                if run.find(qn("w:instrText")) is not None or run.find(qn("w:fldChar")) is not None:
                    text += "0123456789"  # a page number's digits
                if text:
                    used.setdefault(face, set()).update(text)
    return used


def embed_fonts(word: WordDocument) -> list[str]:
    """Embed the faces ``word`` uses in it; returns the names of the faces embedded."""
    used = faces_used(word)
    if not used:
        used = {(False, False): set()}
    files = font_files()
    font_table = next(rel.target_part for rel in word.part.rels.values() if rel.reltype == RT.FONT_TABLE)
    table = parse_xml(font_table.blob)
    font = table.find(qn("w:font"))
    embedded = []
    for number, face in enumerate(sorted(used, key=list(_FACES).index), start=1):
        tag, name = _FACES[face]
        extra = frozenset(c for c in used[face] if c not in BASE_CHARACTERS and not c.isspace())
        data = _subset(str(files[name]), extra)
        key = "{" + str(uuid.UUID(bytes=hashlib.sha256(data).digest()[:16])).upper() + "}"
        part = Part(PackURI(f"/word/fonts/font{number}.odttf"), OBFUSCATED_FONT, obfuscate(data, key),
                    word.part.package)
        r_id = font_table.relate_to(part, RT_FONT)
        font.append(parse_xml(f'<{tag} {nsdecls("w", "r")} r:id="{r_id}" w:fontKey="{key}" w:subsetted="1"/>'))
        embedded.append(name)
    font_table._blob = _xml_bytes(table)
    settings = word.settings.element
    anchor = settings.find(qn("w:zoom"))
    for tag in ("w:saveSubsetFonts", "w:embedTrueTypeFonts"):
        if settings.find(qn(tag)) is None:
            element = parse_xml(f'<{tag} {nsdecls("w")}/>')
            if anchor is not None:
                anchor.addnext(element)
            else:
                settings.insert(0, element)
    log.debug("embedded %d font faces", len(embedded))
    return embedded


@functools.lru_cache(maxsize=32)
def _subset(path: str, extra: frozenset[str]) -> bytes:
    """The face at ``path`` with the base characters and ``extra`` only.

    Cached per process; the subsets of the base characters alone, which most
    letters use, are also kept in the user's cache folder (they hold nothing
    but the shipped font), so an export does not spend a second per face
    cutting them again.
    """
    if extra:
        return _cut(path, extra)
    cached = _cache_path(path)
    if cached is not None:
        try:
            return cached.read_bytes()
        except OSError:
            pass
    data = _cut(path, extra)
    if cached is not None:
        try:
            cached.parent.mkdir(parents=True, exist_ok=True)
            write_bytes_atomic(cached, data, durable=False)
        except OSError as exc:  # a read-only or full cache folder only costs time
            log.info("font subset not cached (%s)", type(exc).__name__)
    return data


def _cache_path(path: str) -> Path | None:
    """Where the base subset of the face at ``path`` is cached: named by the font's bytes and the cutter."""
    try:
        import platformdirs
        from fontTools import version as fonttools_version

        digest = hashlib.sha256(Path(path).read_bytes())
        digest.update(f"|{fonttools_version}|{_CUT_VERSION}|".encode())
        digest.update("".join(sorted(BASE_CHARACTERS)).encode("utf-8"))
    except (ImportError, OSError):
        return None
    folder = Path(platformdirs.user_cache_dir("petition-desk", appauthor=False)) / "docx-fonts"
    return folder / f"{digest.hexdigest()[:32]}.ttf"


_CUT_VERSION = 1  # raise when _cut's options change, so cached subsets are cut again


def _cut(path: str, extra: frozenset[str]) -> bytes:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.glyph_names = False
    options.hinting = True
    font = TTFont(path)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(c) for c in BASE_CHARACTERS | extra])
    subsetter.subset(font)
    buffer = BytesIO()
    font.save(buffer)
    return buffer.getvalue()


def _style_faces(word: WordDocument) -> dict[str | None, tuple[bool, bool]]:
    """Paragraph style id -> (bold, italic) as the style and its bases set them; None: the default."""
    element = word.styles.element
    styles = {s.get(qn("w:styleId")): s for s in element.findall(qn("w:style"))}
    default_id = next((s.get(qn("w:styleId")) for s in styles.values()
                       if s.get(qn("w:type")) == "paragraph" and s.get(qn("w:default")) in ("1", "true")), None)

    def resolve(style_id: str | None, depth: int = 0) -> tuple[bool, bool]:
        style = styles.get(style_id)
        if style is None or depth > 20:
            return (False, False)
        based = style.find(qn("w:basedOn"))
        parent = resolve(based.get(qn("w:val")), depth + 1) if based is not None else (False, False)
        r_pr = style.find(qn("w:rPr"))
        return (_flag(r_pr, "w:b", parent[0]), _flag(r_pr, "w:i", parent[1]))

    faces: dict[str | None, tuple[bool, bool]] = {sid: resolve(sid) for sid in styles}
    faces[None] = resolve(default_id)
    return faces


def _flag(r_pr, tag: str, inherited: bool) -> bool:
    if r_pr is None:
        return inherited
    element = r_pr.find(qn(tag))
    if element is None:
        return inherited
    return element.get(qn("w:val"), "true") not in ("0", "false", "off")


def _xml_bytes(element) -> bytes:
    from lxml import etree

    return etree.tostring(element, xml_declaration=True, encoding="UTF-8", standalone=True)
