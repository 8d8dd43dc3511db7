"""Line numbers in the left margin of a Word file, counted from 1 on every page.

Word numbers the lines itself (w:lnNumType in the section); paragraphs that
are not lines of text are kept out of the count with w:suppressLineNumbers.
"""

from __future__ import annotations

from docx.document import Document as WordDocument
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.section import Section
from docx.text.paragraph import Paragraph as WordParagraph

_LINE_NUMBER_DISTANCE = 340  # twips (6 mm) from the text to the line numbers, as in the PDF
_SECT_PR_AFTER_LN_NUM = (  # what follows w:lnNumType in w:sectPr, in schema order
    "w:pgNumType",
    "w:cols",
    "w:formProt",
    "w:vAlign",
    "w:noEndnote",
    "w:titlePg",
    "w:textDirection",
    "w:bidi",
    "w:rtlGutter",
    "w:docGrid",
    "w:printerSettings",
    "w:sectPrChange",
)
_P_PR_AFTER_SUPPRESS_LINE_NUMBERS = (  # what follows w:suppressLineNumbers in w:pPr, in schema order
    "w:pBdr",
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)


def number_lines(word: WordDocument, section: Section) -> None:
    """Line numbers in the left margin, counting from 1 on every page, as committees print amendments."""
    section._sectPr.insert_element_before(
        parse_xml(
            f'<w:lnNumType {nsdecls("w")} w:countBy="1" w:restart="newPage" w:distance="{_LINE_NUMBER_DISTANCE}"/>'
        ),
        *_SECT_PR_AFTER_LN_NUM,
    )
    # Word draws the numbers in its built-in "line number" character
    # style; small and grey like the PDF's, so they do not compete with the text.
    word.styles.element.append(
        parse_xml(
            f'<w:style {nsdecls("w")} w:type="character" w:styleId="LineNumber"><w:name w:val="line number"/>'
            '<w:basedOn w:val="DefaultParagraphFont"/><w:uiPriority w:val="99"/><w:semiHidden/>'
            '<w:unhideWhenUsed/><w:rPr><w:color w:val="595959"/><w:sz w:val="15"/><w:szCs w:val="15"/></w:rPr>'
            "</w:style>"
        )
    )


def suppress_line_numbers(paragraph: WordParagraph) -> None:
    """Keep ``paragraph`` out of the line count."""
    ppr = paragraph._p.get_or_add_pPr()
    if ppr.find(qn("w:suppressLineNumbers")) is None:
        ppr.insert_element_before(
            parse_xml(f"<w:suppressLineNumbers {nsdecls('w')}/>"), *_P_PR_AFTER_SUPPRESS_LINE_NUMBERS
        )
