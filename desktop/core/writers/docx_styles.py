"""The template every Word file starts from: the named styles, the fonts and the language tag.

The stock python-docx template is trimmed of what it brings from elsewhere
(thumbnail, application name, custom XML, unused styles) once per process;
``template_bytes`` holds the result.
"""

from __future__ import annotations

import functools
from io import BytesIO

import docx
from docx.document import Document as WordDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt

from desktop.core.languages import default_territory

FONT = "Noto Serif"  # the face the PDF writer embeds
FONT_FALLBACK = "Liberation Serif"  # offered to Word as the alternative name

ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}


# -- language ---------------------------------------------------------------------------



def word_language_tag(language: str, paper: str = "A4") -> str:
    """The tag for w:lang: ``ru`` -> ``ru-RU``, ``sv`` -> ``sv-SE``; English on Letter paper -> ``en-US``."""
    parts = [part for part in language.replace("_", "-").split("-") if part]
    if not parts:
        return "en-GB"
    lang = parts[0].lower()
    region = next((part.upper() for part in parts[1:] if len(part) == 2 and part.isalpha()), None)
    if region is None and lang == "en" and paper == "Letter":
        region = "US"
    # Word needs a region for spell-checking when the document names only a language.
    region = region or default_territory(lang) or _likely_region(lang)
    return f"{lang}-{region}" if region else lang


@functools.lru_cache(maxsize=64)
def _likely_region(lang: str) -> str | None:
    from babel.core import get_global

    region = get_global("likely_subtags").get(lang, "").split("_")[-1]
    return region if len(region) == 2 and region.isalpha() else None


def set_language(word: WordDocument, language: str, paper: str = "A4") -> None:
    """Tag the default text and the Normal style with the document's language."""
    tag = word_language_tag(language, paper)
    for lang in word.styles.element.iter(qn("w:lang")):
        lang.set(qn("w:val"), tag)


# -- the template -------------------------------------------------------------------------

# name: (a style Word knows, size pt, bold, alignment, space before pt, space after pt, keep with next)
_STYLE_SPECS: dict[str, tuple[bool, float | None, bool, str | None, float, float, bool]] = {
    "Title": (True, 16, True, "center", 0, 12, True),
    "Heading 1": (True, 13, True, None, 12, 6, True),
    "Heading 2": (True, 11.5, True, None, 10, 4, True),
    "List Paragraph": (True, None, False, None, 0, 6, False),
    "Header": (True, 9, False, "right", 0, 0, False),
    "Footer": (True, 9, False, "center", 0, 0, False),
    "Subject": (False, None, True, None, 6, 12, True),
    "Salutation": (True, None, False, None, 0, 8, True),
    "Closing": (True, None, False, None, 12, 4, True),
    "Date": (True, None, False, "right", 0, 12, False),
    "Sender": (False, None, False, None, 0, 0, False),
    "Small Print": (False, 9, False, None, 0, 4, False),
    "Label": (False, 9, True, None, 0, 4, False),
    "Address Block": (False, None, False, None, 0, 0, True),
    "Signature": (True, None, False, None, 0, 0, True),
    "Letterhead": (False, 10, False, "right", 0, 0, False),  # as in the PDF
    "Caption": (True, 9, False, "center", 0, 12, False),
}
_SINGLE_SPACED = ("Address Block", "Sender", "Signature")  # lines that belong together
_KEPT_STYLE_IDS = {"Normal", "DefaultParagraphFont", "TableNormal", "NoList", "TableGrid"}
_KEPT_STYLE_IDS |= {"Title", "Heading1", "Heading2", "Header", "Footer", "ListParagraph"}
_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
_XML_HEAD = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
_APP_XML = (
    _XML_HEAD + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>Petition Desk</Application><DocSecurity>0</DocSecurity></Properties>"
).encode()
_FONT_TABLE_XML = (
    _XML_HEAD + f'<w:fonts {nsdecls("w")}><w:font w:name="{FONT}"><w:altName w:val="{FONT_FALLBACK}"/>'
    '<w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font></w:fonts>'
).encode()


@functools.lru_cache(maxsize=1)
def template_bytes() -> bytes:
    word = docx.Document()
    _clean_package(word)
    _define_styles(word)
    buffer = BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def _clean_package(word: WordDocument) -> None:
    """Drop what the stock template brings from elsewhere: thumbnail, app.xml, custom XML, old lists."""
    package = word.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype in (RT.THUMBNAIL, RT.EXTENDED_PROPERTIES):
            del package.rels[rel_id]
    app = Part(PackURI("/docProps/app.xml"), CT.OFC_EXTENDED_PROPERTIES, _APP_XML, package)
    package.relate_to(app, RT.EXTENDED_PROPERTIES)
    for rel_id, rel in list(word.part.rels.items()):
        if rel.reltype in (RT.CUSTOM_XML, _STYLES_WITH_EFFECTS, RT.FONT_TABLE):
            del word.part.rels[rel_id]
    font_table = Part(PackURI("/word/fontTable.xml"), CT.WML_FONT_TABLE, _FONT_TABLE_XML, package)
    word.part.relate_to(font_table, RT.FONT_TABLE)
    settings = word.settings.element
    # proofState "clean" would tell Word the text was already spell-checked.
    for tag in ("w:rsids", "w:proofState", "w:savePreviewPicture"):
        for element in settings.findall(qn(tag)):
            settings.remove(element)
    numbering = word.part.numbering_part.element
    for child in list(numbering):
        numbering.remove(child)


def _define_styles(word: WordDocument) -> None:
    styles_element = word.styles.element
    for style in styles_element.findall(qn("w:style")):
        if style.get(qn("w:styleId")) not in _KEPT_STYLE_IDS:
            styles_element.remove(style)
            continue
        if style.get(qn("w:type")) != "paragraph":
            continue
        for tag in ("w:link", "w:rsid", "w:rPr", "w:pPr"):
            for child in style.findall(qn(tag)):
                style.remove(child)
        if style.get(qn("w:styleId")).startswith("Heading"):
            level = int(style.get(qn("w:styleId"))[-1]) - 1
            style.append(parse_xml(f'<w:pPr {nsdecls("w")}><w:keepLines/><w:outlineLvl w:val="{level}"/></w:pPr>'))

    # Explicit names for Latin, Cyrillic (hAnsi), East Asian and complex
    # scripts; the theme's Calibri/Cambria references would otherwise win.
    defaults = styles_element.find(qn("w:docDefaults"))
    r_fonts = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}")
    r_fonts.attrib.clear()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        r_fonts.set(qn(attr), FONT)
    spacing = defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}/{qn('w:spacing')}")
    spacing.set(qn("w:after"), "160")
    spacing.set(qn("w:line"), "264")

    normal = word.styles["Normal"]
    normal.font.size = Pt(11)
    normal.paragraph_format.widow_control = True  # no single line of a paragraph alone at a page's top or foot
    normal.element.get_or_add_rPr().append(parse_xml(f'<w:lang {nsdecls("w")} w:val="en-GB"/>'))
    existing = {style.name for style in word.styles}
    for name, (builtin, size, bold, align, before, after, keep) in _STYLE_SPECS.items():
        if name in existing:
            style = word.styles[name]
        else:
            style = word.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH, builtin=builtin)
            style.base_style = normal
        style.next_paragraph_style = style if name in _SINGLE_SPACED else normal
        style.quick_style = True
        if size is not None:
            style.font.size = Pt(size)
        style.font.bold = bold or None
        fmt = style.paragraph_format
        fmt.space_before, fmt.space_after = Pt(before), Pt(after)
        if align is not None:
            fmt.alignment = ALIGN[align]
        if keep:
            fmt.keep_with_next = True
        if name in _SINGLE_SPACED:
            fmt.line_spacing = 1.0
    word.styles["Caption"].font.italic = True
    # A thin rule under the letterhead separates it from the letter.
    letterhead_ppr = word.styles["Letterhead"].element.get_or_add_pPr()
    letterhead_ppr.insert_element_before(
        parse_xml(f'<w:pBdr {nsdecls("w")}><w:bottom w:val="single" w:sz="4" w:space="4" w:color="auto"/></w:pBdr>'),
        "w:shd",
        "w:tabs",
        "w:spacing",
        "w:ind",
        "w:jc",
    )
