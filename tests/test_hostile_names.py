"""Hostile and careless file names: the pattern formatter, lengths in bytes, hidden characters, Windows names."""

import dataclasses
import unicodedata

import docx
import pytest
from hypothesis import HealthCheck, example, given, settings, strategies as st
from pypdf import PdfReader

from desktop.core.batch import ExportRequest, run_export
from desktop.core.demo import load_demo_draft
from desktop.core.errors import PetitionDeskError
from desktop.core.filenames import MAX_INDEX_WIDTH, MAX_STEM_BYTES, PATTERN_FIELDS, file_stems, fit, safe_stem
from desktop.core.files import atomic_write

NAME_MAX = 255  # bytes of one name on ext4, APFS, Btrfs
HIDDEN = ["\u202e", "\u202d", "\u202a", "\u202b", "\u202c", "\u2066", "\u2067", "\u2068", "\u2069", "\u200e", "\u200f",
          "\u061c", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\x00", "\x07", "\x1b", "\x7f",
          "\x85", "\x9b", "\x80", "\x9f"]
WINDOWS_FORBIDDEN = set('<>:"/\\|?*')
RESERVED = ["CON", "PRN", "AUX", "NUL", "COM1", "COM9", "LPT1", "LPT9", "CONIN$", "CONOUT$", "COM¹"]


def row(**values):
    base = {name: "" for name in PATTERN_FIELDS}
    base["index"] = 1
    base.update(values)
    return base


def assert_one_safe_name(stem):
    """What every produced stem must be, on every platform."""
    assert stem and stem not in (".", "..")
    assert "/" not in stem and "\\" not in stem and "\x00" not in stem
    assert not WINDOWS_FORBIDDEN & set(stem)
    assert not any(unicodedata.category(c) in ("Cc", "Cf", "Cs") for c in stem)
    assert stem == stem.strip(" .")
    assert stem.split(".")[0].strip().upper() not in RESERVED
    # The largest name the app makes from it, and the temporary name written first, fit in one name.
    longest = f"{stem}.docx"
    assert len(longest.encode("utf-8")) <= NAME_MAX - len(".") - len(".12345678.part")
    assert len(stem.encode("utf-8")) <= MAX_STEM_BYTES


any_text = st.text(st.characters(codec=None, exclude_categories=()), max_size=400)
field_values = st.fixed_dictionaries({
    **{name: any_text for name in PATTERN_FIELDS if name != "index"},
    "index": st.integers(min_value=-10**6, max_value=10**9),
})
pattern_pieces = st.one_of(
    st.sampled_from([*("{%s}" % f for f in PATTERN_FIELDS), "{index:03d}", "{index:06d}", "{index:07d}",
                     "{recipient.__class__}", "{index.__class__.__mro__}", "{recipient:>3000000000}",
                     "{recipient:>99999999999999999999}", "{recipient!r}", "{index[0]}", "{}", "{0}", "{{", "}}",
                     "{", "}", "../", "..", "\\", ":", " ", ".", "CON", "\u202e", "{recipient:{index}}"]),
    st.text(max_size=10),
)


# -- the formatter as a whole ---------------------------------------------------------

@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pattern=st.lists(pattern_pieces, max_size=8).map("".join), rows=st.lists(field_values, min_size=1, max_size=4))
@example(pattern="{recipient.__class__}", rows=[row()])
@example(pattern="{index.__class__.__mro__}", rows=[row()])
@example(pattern="{recipient:>3000000000}", rows=[row()])
@example(pattern="{recipient:>99999999999999999999}", rows=[row()])
@example(pattern="../../x", rows=[row()])
@example(pattern="{recipient}", rows=[row(recipient="../../etc/passwd")])
@example(pattern="{recipient}", rows=[row(recipient="..")])
@example(pattern="{recipient}", rows=[row(recipient="\ud800")])
def test_any_pattern_with_any_values_gives_safe_names_or_a_clear_error(pattern, rows):
    try:
        stems = file_stems(pattern, rows)
    except PetitionDeskError as exc:
        assert exc.message().startswith("The file name pattern")
        return
    assert len(stems) == len(rows)
    assert len({s.casefold() for s in stems}) == len(stems)
    for stem in stems:
        assert_one_safe_name(stem)


def well_formed_patterns():
    literal = st.text(st.characters(exclude_characters="{}/\\"), max_size=15)
    field = st.sampled_from([*("{%s}" % f for f in PATTERN_FIELDS),
                             *("{index:0%dd}" % w for w in range(1, MAX_INDEX_WIDTH + 1))])
    return st.tuples(literal, field, st.lists(st.tuples(field, literal), max_size=4)).map(
        lambda t: t[0] + t[1] + "".join(a + b for a, b in t[2]))


@settings(max_examples=200, deadline=None)
@given(pattern=well_formed_patterns(), rows=st.lists(field_values, min_size=1, max_size=5))
def test_every_well_formed_pattern_is_accepted(pattern, rows):
    stems = file_stems(pattern, rows)
    assert len({s.casefold() for s in stems}) == len(rows)
    for stem in stems:
        assert_one_safe_name(stem)


@pytest.mark.parametrize("pattern, named", [
    ("{recipient.__class__}", "{recipient.__class__}"),
    ("{index.__class__.__mro__} x", "{index.__class__.__mro__}"),
    ("{person[0]}", "{person[0]}"),
    ("{recipient!r}", "{recipient!r}"),
    ("{recipient:>3000000000}", "{recipient:>3000000000}"),
    ("{recipient:>99999999999999999999}", "{recipient:>99999999999999999999}"),
    ("{index:07d}", "{index:07d}"),
    ("{index:>3}", "{index:>3}"),
    ("{recipent}-{index}", "{recipent}"),
    ("{0}", "{0}"),
    ("{}", "{}"),
])
def test_what_is_wrong_in_a_pattern_is_named(pattern, named):
    with pytest.raises(PetitionDeskError) as info:
        file_stems(pattern, [row(recipient="Embassy")])
    assert named in info.value.message()


@pytest.mark.parametrize("pattern", ["../../x", "letters/{recipient}", "..\\{recipient}", "/tmp/{index}"])
def test_a_pattern_cannot_name_folders(pattern):
    with pytest.raises(PetitionDeskError) as info:
        file_stems(pattern, [row()])
    message = info.value.message()
    assert "folder" in message and "unknown fields" not in message


def test_a_pattern_without_fields_says_so():
    with pytest.raises(PetitionDeskError) as info:
        file_stems("letter", [row()])
    assert "no field" in info.value.message()


@pytest.mark.parametrize("pattern, message", [("{index:03d", "unbalanced"), ("x}", "unbalanced"),
                                              ("{{recipient}", "unbalanced")])
def test_broken_braces(pattern, message):
    with pytest.raises(PetitionDeskError) as info:
        file_stems(pattern, [row()])
    assert message in info.value.message()


@settings(max_examples=60, deadline=None)
@given(width=st.integers(1, MAX_INDEX_WIDTH), index=st.integers(0, 10**7))
def test_index_is_zero_padded_up_to_six_digits(width, index):
    [stem] = file_stems("{index:0%dd} {recipient}" % width, [row(index=index, recipient="x")])
    assert stem == f"{index:0{width}d} x"


def test_doubled_braces_write_braces():
    assert file_stems("{{{recipient}}}", [row(recipient="x")]) == ["{x}"]


def test_a_huge_format_width_is_refused_quickly():
    import time

    start = time.perf_counter()
    with pytest.raises(PetitionDeskError):
        file_stems("{recipient:>3000000000}", [row()])
    assert time.perf_counter() - start < 0.1


# -- values that try to leave the folder -------------------------------------------------

@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(parts=st.lists(st.sampled_from(["..", ".", "/", "\\", "x", " ", "C:", "~"]), max_size=12).map("".join))
@example(parts="..")
@example(parts="../../..")
@example(parts="..\\..\\Windows")
def test_field_values_never_leave_the_folder(parts, tmp_path):  # tmp_path is only read
    [stem] = file_stems("{recipient}", [row(recipient=parts)])
    assert_one_safe_name(stem)
    assert (tmp_path / f"{stem}.pdf").resolve().parent == tmp_path.resolve()


# -- length in bytes --------------------------------------------------------------------

SCRIPTS = {
    "cyrillic": "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙ ",
    "polish": "ąćęłńóśźżĄĆĘŁŃÓŚŹŻabcdefg ",
    "greek": "αβγδεζηθικλμνξοπρστυφχψωάέήίόύώΑΘΗΝ ",
    "cjk": "中华人民共和国驻瑞典大使馆领事部 ",
    "emoji": "😀🇸🇪✊🏽 ",
    "combining": "e\u0301a\u0308o\u0323\u0302 ",
    "arabic": "سفارة روسيا الاتحادية ",
    "devanagari": "रूसी संघ का दूतावास ",
}


def long_names(min_size=120, max_size=300):
    return st.sampled_from(sorted(SCRIPTS)).flatmap(
        lambda script: st.text(st.sampled_from(SCRIPTS[script]), min_size=min_size, max_size=max_size)
        .filter(lambda t: t.strip()))


@settings(max_examples=150, deadline=None)
@given(name=long_names(), copies=st.integers(1, 12))
@example(name="Посольство Российской Федерации " * 9, copies=3)
@example(name="Ambasada Rzeczypospolitej Polskiej w Sztokholmie, ąęłśźż " * 5, copies=2)
def test_long_names_fit_in_bytes_and_stay_unique(name, copies):
    stems = file_stems("{recipient} ({language})", [row(recipient=name, language="ru")] * copies)
    assert len({s.casefold() for s in stems}) == copies
    for stem in stems:
        assert_one_safe_name(stem)


@settings(max_examples=150, deadline=None)
@given(text=st.text(st.sampled_from("ae\u0301\u0308\u0323 \U0001F1F8\U0001F1EA\uFE0F\u1100\u1161\u11A8"), max_size=300),
       budget=st.integers(1, 250))
@example(text="a \u0301", budget=1)  # the accent belongs to the space the cut dropped, not to the "a"
def test_a_cut_never_splits_a_letter_from_its_accents(text, budget):
    cut = fit(text, budget, max_chars=10**6)
    assert text.startswith(cut)
    assert len(cut.encode("utf-8")) <= budget
    rest = text[len(cut):]
    if rest and cut and rest[0] not in " .":  # after a space or dot, nothing of the cut's last letter follows
        assert unicodedata.category(rest[0])[0] != "M" and rest[0] not in "\uFE0F\u1161\u11A8"
        flags = len(cut) - len(cut.rstrip("\U0001F1F8\U0001F1EA"))
        assert flags % 2 == 0 or rest[0] not in "\U0001F1F8\U0001F1EA"


def test_atomic_write_to_a_long_name(tmp_path):
    """The temporary name is longer than the target: a target of 255 bytes must still work."""
    name = "ж" * 125 + ".docx"  # 255 bytes
    with atomic_write(tmp_path / name) as fh:
        fh.write(b"x")
    assert (tmp_path / name).read_bytes() == b"x"


# -- hidden characters and Windows ------------------------------------------------------

@settings(max_examples=200, deadline=None)
@given(text=st.lists(st.one_of(st.sampled_from(HIDDEN), st.text(min_size=1, max_size=5)), max_size=20).map("".join))
@example(text="invoice\u202efdp.exe")
@example(text="\u200b\u200e\u200f")
def test_hidden_and_control_characters_are_removed(text):
    stem = safe_stem(text)
    assert not set(HIDDEN) & set(stem)
    assert_one_safe_name(stem)


def test_a_reversed_extension_cannot_be_faked():
    assert safe_stem("invoice\u202efdp.exe") == "invoicefdp.exe"


@settings(max_examples=100, deadline=None)
@given(name=st.sampled_from(RESERVED), case=st.sampled_from([str.upper, str.lower, str.title]),
       tail=st.sampled_from(["", ".txt", " .pdf", ".tar.gz", "  ", "...", " . "]))
def test_windows_reserved_names_are_avoided(name, case, tail):
    stem = safe_stem(case(name) + tail)
    assert_one_safe_name(stem)


@pytest.mark.parametrize("raw, expected", [
    ("Embassy: Paris / London", "Embassy_ Paris _ London"),
    ('a<b>c"d|e?f*g', "a_b_c_d_e_f_g"),
    ("report. . .", "report"),
    ("  .hidden", "hidden"),
    ("CONSULATE", "CONSULATE"),
    ("com1.txt", "_com1.txt"),
    ("a\nb\r\nc", "a b c"),
])
def test_windows_characters_and_trailing_dots(raw, expected):
    assert safe_stem(raw) == expected


# -- end to end -------------------------------------------------------------------------

@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=long_names(120, 300).map(lambda t: " ".join(t.split())).filter(lambda t: len(t) >= 100))
@example(name="Посольство Российской Федерации в Королевстве Швеция, консульский отдел " * 2)
@example(name="Ambasada Rzeczypospolitej Polskiej w Królestwie Szwecji, wydział konsularny, Łódź " * 2)
def test_any_long_name_in_any_script_exports_in_every_format(name, tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    draft = load_demo_draft()
    first = draft.recipients[0]
    draft.recipients = [dataclasses.replace(first, person="", office="", organisation=name, id="r1"),
                        dataclasses.replace(first, person="", office="", organisation=name, id="r2")]
    report = run_export(ExportRequest(draft, out, formats=("pdf", "docx"), language="en", workers=1,
                                      file_name="{recipient} {index:03d}"))
    assert not report.failures, [f.message for f in report.failures]
    assert len(report.files) == 4 and sorted(report.files) == sorted(out.iterdir())
    for path in report.files:
        assert len(path.name.encode("utf-8")) <= NAME_MAX
        assert path.parent == out
    for path in (p for p in report.files if p.suffix == ".docx"):
        body = " ".join(p.text for p in docx.Document(path).paragraphs)
        assert name.split()[0] in body
    for path in (p for p in report.files if p.suffix == ".pdf"):
        assert len(PdfReader(path).pages) >= 1
