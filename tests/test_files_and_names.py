import os

import pytest

from desktop.core.errors import PetitionDeskError
from desktop.core.filenames import file_stems, safe_stem
from desktop.core.files import atomic_write


def test_atomic_write_leaves_nothing_behind_on_failure(tmp_path):
    target = tmp_path / "letter.pdf"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError):
        with atomic_write(target) as fh:
            fh.write(b"half")
            raise RuntimeError("disk full")
    assert target.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["letter.pdf"]


def test_unwritable_folder_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(PetitionDeskError) as info:
        with atomic_write(blocker / "sub" / "letter.pdf") as fh:
            fh.write(b"x")
    assert "Choose a folder" in info.value.message()


@pytest.mark.parametrize("raw, expected", [
    ("Embassy: Paris / London", "Embassy_ Paris _ London"),
    ("CON", "_CON"),
    ("  dots... ", "dots"),
    ("Посольство России", "Посольство России"),
    ("a\x00b\tc", "ab c"),  # controls are removed, a tab is a space
    ("", "document"),
])
def test_safe_stem(raw, expected):
    assert safe_stem(raw) == expected


def test_names_are_unique_case_insensitively():
    rows = [{"recipient": "Embassy", "index": i} for i in range(3)] + [{"recipient": "EMBASSY", "index": 9}]
    assert file_stems("{recipient}", rows) == ["Embassy", "Embassy (2)", "Embassy (3)", "EMBASSY (4)"]


def test_unknown_pattern_field_is_named():
    with pytest.raises(PetitionDeskError) as info:
        file_stems("{recipent}-{index}", [{"recipient": "x", "index": 1}])
    assert "recipent" in info.value.message()


def test_long_names_are_cut():
    assert len(safe_stem("x" * 1000)) <= 120
