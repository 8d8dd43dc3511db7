from desktop.core.document import Heading, ListBlock, PageBreak, Paragraph, Run
from desktop.core.markup import clean_text, inline, parse, protect


def test_blank_lines_separate_paragraphs_and_lines_are_joined():
    body = parse("First line\nsecond line.\n\n\nNext paragraph.")
    assert [b.text for b in body.blocks] == ["First line second line.", "Next paragraph."]
    assert all(isinstance(b, Paragraph) and b.role == "body" for b in body.blocks)


def test_crlf_and_trailing_whitespace_do_not_matter():
    body = parse("One   \r\ntwo\t\r\n   \r\nThree\r")
    assert [b.text for b in body.blocks] == ["One two", "Three"]


def test_subject_is_taken_out_of_the_body():
    body = parse("@subject Release **Anna**\n\nDear Sir,")
    assert body.subject == "Release Anna"
    assert [b.text for b in body.blocks] == ["Dear Sir,"]


def test_directive_lines_stand_alone_without_blank_lines():
    body = parse("Intro text\n@heading Facts\nMore text\n@pagebreak\nLast")
    kinds = [type(b).__name__ for b in body.blocks]
    assert kinds == ["Paragraph", "Heading", "Paragraph", "PageBreak", "Paragraph"]
    assert body.blocks[1].text == "Facts" and body.blocks[1].level == 1


def test_hash_headings_have_two_levels():
    body = parse("# Background\n\n## The trial\n\n#hashtag stays text")
    assert [(b.text, b.level) for b in body.blocks[:2]] == [("Background", 1), ("The trial", 2)]
    assert isinstance(body.blocks[2], Paragraph) and body.blocks[2].text == "#hashtag stays text"


def test_pagebreak():
    assert isinstance(parse("a\n\n@pagebreak\n\nb").blocks[1], PageBreak)


def test_bullet_list():
    (block,) = parse("- one\n- two\n- three").blocks
    assert isinstance(block, ListBlock) and block.style == "bullet"
    assert [i.text for i in block.items] == ["one", "two", "three"]


def test_numbered_list_starts_at_its_first_number():
    (block,) = parse("3. third\n4. fourth").blocks
    assert block.style == "decimal" and block.start == 3
    assert [i.text for i in block.items] == ["third", "fourth"]


def test_lettered_lists():
    (lower,) = parse("a) alpha\nb) beta").blocks
    (upper,) = parse("A. whereas one\nB. whereas two").blocks
    assert (lower.style, lower.start) == ("lower-alpha", 1)
    assert (upper.style, upper.start) == ("upper-alpha", 1)
    assert [i.text for i in upper.items] == ["whereas one", "whereas two"]


def test_a_paragraph_starting_with_an_initial_is_not_a_list():
    (block,) = parse("A. Smith wrote to the court.").blocks
    assert isinstance(block, Paragraph) and block.text == "A. Smith wrote to the court."


def test_a_block_that_is_not_wholly_a_list_is_a_paragraph():
    (block,) = parse("- one\nnot an item").blocks
    assert isinstance(block, Paragraph) and block.text == "- one not an item"


def test_indented_items_are_children_and_indented_text_continues_an_item():
    text = "1. Calls for\n  a) release\n  b) a fair trial\n     held in public\n2. Urges"
    (block,) = parse(text).blocks
    assert [i.text for i in block.items] == ["Calls for", "Urges"]
    children = block.items[0].children
    assert children is not None and children.style == "lower-alpha"
    assert [i.text for i in children.items] == ["release", "a fair trial held in public"]
    assert block.items[1].children is None


def test_bold_italic_and_escapes():
    assert inline("plain **bold** and *italic*") == [
        Run("plain "), Run("bold", bold=True), Run(" and "), Run("italic", italic=True)
    ]
    assert inline("***both***") == [Run("both", bold=True, italic=True)]
    assert inline(r"\*not italic\* and a \\ backslash") == [Run("*not italic* and a \\ backslash")]
    assert inline("5 * 3 * 2") == [Run("5 * 3 * 2")]
    assert inline("an *unclosed star") == [Run("an *unclosed star")]


def test_escaped_markers_at_line_start_are_literal():
    body = parse("\\- not a list\n\n\\# not a heading\n\n\\@subject not a subject")
    assert body.subject is None
    assert [b.text for b in body.blocks] == ["- not a list", "# not a heading", "@subject not a subject"]


def test_protected_values_come_out_literally():
    value = "**x** - 1. @subject #tag a) \\"
    body = parse(f"{protect(value)}\n\n{protect('1. first')}\n\n{protect('- dash')}")
    assert body.subject is None
    assert [b.text for b in body.blocks] == [value, "1. first", "- dash"]
    assert all(isinstance(b, Paragraph) for b in body.blocks)
    assert all(not run.bold for run in body.blocks[0].runs)


def test_protected_value_inside_template_emphasis_is_bold_and_literal():
    (block,) = parse(f"- **{protect('*Anna* Ivanova')}**: 4 years").blocks
    assert block.items[0].runs == [Run("*Anna* Ivanova", bold=True), Run(": 4 years")]


def test_protect_removes_line_breaks_and_illegal_characters():
    value = protect("line one\n\nline two\x00\x1b\tend\r\n")
    assert "\n" not in value and "\x00" not in value and "\x1b" not in value
    assert parse(value).blocks[0].text == "line one line two\tend"
    assert clean_text("a\x0bb\x7fc") == "abc"


def test_heading_text_drops_emphasis_markers():
    body = parse("## The **trial**")
    assert body.blocks == [Heading("The trial", level=2)]
