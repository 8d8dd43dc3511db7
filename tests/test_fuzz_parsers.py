"""The template markup parser and the resolution importer against any text: no exception but the app's own.

Inputs are classes: any mix of real lines (the resolutions in tests/fixtures,
markup that templates use), hostile characters (controls, bidi overrides,
lone surrogates, the markup's own private-use sentinels, odd line ends) and
random text.
"""

from pathlib import Path

from hypothesis import HealthCheck, example, given, settings, strategies as st

from desktop.core.document import Block
from desktop.core.errors import PetitionDeskError
from desktop.core.localize import DOCUMENT_LANGUAGES
from desktop.core.markup import PhotoSlot, parse
from desktop.core.resolution.importer import import_text
from desktop.core.resolution.model import STYLES

FIXTURES = Path(__file__).parent / "fixtures" / "resolutions"
REAL_LINES = sorted({line for f in FIXTURES.glob("*.txt") for line in f.read_text(encoding="utf-8").splitlines()})
HOSTILE = ["\x00", "\x0b", "\x0c", "\x1b[31m", "\x7f", "\x85", "\u2028", "\u2029", "\r", "\r\n", "\t", "\u202e",
           "\u200b", "\ufeff", "\ud800", "\udfff", "\ufffe", "\uffff", "\ue000", "\ue003", "\ue006",
           "\U0001F600", "e\u0301", "\\", "*", "**", "***", "_", "`", "<", "&", "]]>", " " * 40, "{{", "{%"]
MARKUP = ["@subject ", "@heading ", "@pagebreak", "@image 0", "@image 9999", "@image ", "# ", "## ", "### ",
          "- ", "1. ", "9999. ", "0. ", "a) ", "z) ", "A. ", "Z. ", "  - ", "    1. ", "  a) ", "\\*", "\\@",
          "**bold**", "*italic*", "**", "*", "\n", "\n\n"]

pieces = st.one_of(st.sampled_from(HOSTILE), st.sampled_from(MARKUP), st.sampled_from(REAL_LINES),
                   st.text(max_size=20), st.text(st.characters(codec=None), max_size=8))
texts = st.lists(pieces, max_size=40).map("".join)
line_texts = st.lists(st.lists(pieces, max_size=5).map("".join), max_size=40).map("\n".join)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.one_of(texts, line_texts))
@example(text="@image 99999999999999999999")
@example(text="- a\n  - b\n    - c\n      - d\n\t- e")
@example(text="A. x\nB. y\n\ue004\ue005")
@example(text="**" * 500)
@example(text="\ud800\n@subject \udfff")
def test_markup_parse_never_fails(text):
    body = parse(text)
    assert body.subject is None or isinstance(body.subject, str)
    for block in body.blocks:
        assert isinstance(block, (Block, PhotoSlot))


@settings(max_examples=40, deadline=None)
@given(depth=st.integers(1, 200), marker=st.sampled_from(["- ", "1. ", "a) ", "A. "]))
def test_markup_deeply_indented_lists(depth, marker):
    text = "\n".join("  " * i + marker + f"item {i}" for i in range(depth))
    parse(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.one_of(texts, line_texts), language=st.sampled_from([None, *DOCUMENT_LANGUAGES]),
       style=st.sampled_from([None, *STYLES]))
@example(text="1.", language=None, style=None)
@example(text="A. whereas\n" * 300, language=None, style=None)
@example(text="(a) x\n(b) y\n" * 50, language="en", style="us")
@example(text="Förslag till riksdagsbeslut\n\n1. Riksdagen ställer sig bakom\n\ud800", language=None, style=None)
def test_resolution_import_gives_a_resolution_or_a_clear_error(text, language, style):
    try:
        result = import_text(text, language=language, style=style)
    except PetitionDeskError as exc:
        assert exc.message()
        return
    assert result.language in DOCUMENT_LANGUAGES
    assert result.style in STYLES
    assert result.resolution is not None
    result.draft_options()


@settings(max_examples=60, deadline=None)
@given(lines=st.lists(st.sampled_from(REAL_LINES), min_size=1, max_size=80), data=st.data())
def test_real_resolution_lines_in_any_order(lines, data):
    """Shuffled, repeated and cut real resolutions: still a resolution or a clear error."""
    cut = data.draw(st.integers(0, 40))
    text = "\n".join(line[cut:] if i % 3 == 0 else line for i, line in enumerate(lines))
    try:
        import_text(text)
    except PetitionDeskError:
        pass
