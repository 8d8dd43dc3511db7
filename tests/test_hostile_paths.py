"""Careless and hostile inputs at the edge: folders, pipes, devices, huge or deeply nested files, damaged drafts.

Each is the user's mistake (or a stranger's file), so each must end in one
sentence on stderr and exit status 1, never "internal error" (3), a hang or
the kernel killing the process.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from desktop.core import vault
from desktop.core.demo import load_demo_draft
from desktop.core.draft import load_draft, save_draft
from desktop.core.errors import PetitionDeskError
from desktop.core.files import MAX_CSV_BYTES, MAX_DEPTH, MAX_STRUCTURED_BYTES, load_structured, read_bytes

ROOT = Path(__file__).resolve().parents[1]
EXIT_PROBLEMS = 1


def run(*args, tmp_path: Path):
    env = dict(os.environ, PETITION_DESK_DATA_DIR=str(tmp_path / "data"), PYTHONPATH=str(ROOT))
    env.pop("PETITION_DESK_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "desktop.cli", "--ui-lang", "en", *args], capture_output=True,
                          text=True, env=env, cwd=tmp_path, timeout=120)


def assert_one_sentence(result) -> str:
    assert result.returncode == EXIT_PROBLEMS, (result.returncode, result.stderr)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert "internal error" not in lines[0] and "Traceback" not in result.stderr
    return lines[0]


def _bad_path(kind: str, tmp_path: Path, too_large: int) -> Path:
    """A path of ``kind``: an existing folder, a pipe, a device, or a (sparse) file over the limit."""
    if kind == "folder":
        path = tmp_path / "a folder.csv"
        path.mkdir()
    elif kind == "fifo":
        path = tmp_path / "pipe.csv"
        os.mkfifo(path)
    elif kind == "device":
        path = Path("/dev/zero")
    else:
        path = tmp_path / "huge.csv"
        with path.open("wb") as fh:
            fh.truncate(too_large + 1)  # sparse: no disk space used
    return path


READERS = {
    # command line → (arguments around the path, the limit for that kind of file)
    "recipients import": (lambda p: ["recipients", "import", str(p)], MAX_CSV_BYTES),
    "check": (lambda p: ["check", str(p)], 200 * 1024 * 1024),
    "cases import": (lambda p: ["cases", "import", str(p)], MAX_STRUCTURED_BYTES),
    "signatures delivery-copy": (lambda p: ["signatures", "delivery-copy", str(p), "copy.csv"], MAX_CSV_BYTES),
}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="pipes and /dev/zero are POSIX")
@pytest.mark.parametrize("kind", ["folder", "fifo", "device", "too large"])
@pytest.mark.parametrize("command", sorted(READERS))
def test_a_path_to_read_that_is_no_ordinary_file_is_refused_in_one_sentence(command, kind, tmp_path):
    argv, limit = READERS[command]
    path = _bad_path(kind, tmp_path, limit)
    line = assert_one_sentence(run(*argv(path), tmp_path=tmp_path))
    assert str(path) in line
    expected = {"folder": "is a folder", "fifo": "not an ordinary file", "device": "not an ordinary file",
                "too large": "is larger than"}[kind]
    assert expected in line
    assert not (tmp_path / "copy.csv").exists()


WRITERS = {
    "recipients export": lambda p: ["recipients", "export", str(p)],
    "demo": lambda p: ["demo", str(p)],
    "signatures delivery-copy": lambda p: ["signatures", "delivery-copy", "signers.csv", str(p)],
}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="pipes and devices are POSIX")
@pytest.mark.parametrize("kind", ["folder", "fifo", "device"])
@pytest.mark.parametrize("command", sorted(WRITERS))
def test_a_path_to_write_that_is_a_folder_or_device_is_refused_and_left_alone(command, kind, tmp_path):
    (tmp_path / "signers.csv").write_text("name,city\nAnna Svensson,Uppsala\n", encoding="utf-8")
    target = _bad_path(kind, tmp_path, 0)
    before = sorted(os.listdir(target)) if kind == "folder" else None
    line = assert_one_sentence(run(*WRITERS[command](target), tmp_path=tmp_path))
    assert str(target) in line
    assert ("is a folder" if kind == "folder" else "not an ordinary file") in line
    if kind == "folder":
        assert target.is_dir() and sorted(os.listdir(target)) == before
    assert not list(tmp_path.glob(".*.part"))  # no temporary file left behind


@pytest.mark.parametrize("suffix", [".json", ".toml"])
@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 1_000, 100_000])
def test_a_draft_or_case_nested_too_deep_is_refused_in_one_sentence(suffix, depth, tmp_path):
    path = tmp_path / f"deep{suffix}"
    path.write_text(("a = " if suffix == ".toml" else '{"a": ') + "[" * depth + "]" * depth
                    + ("" if suffix == ".toml" else "}"), encoding="utf-8")
    for argv in (["check", str(path)], ["cases", "import", str(path)]):
        line = assert_one_sentence(run(*argv, tmp_path=tmp_path))
        assert "levels deep" in line


@settings(max_examples=40, deadline=None)
@given(depth=st.integers(1, 3 * MAX_DEPTH), opener=st.sampled_from(["[", '{"a":']))
def test_nesting_up_to_the_limit_reads_and_beyond_it_is_one_clear_error(tmp_path_factory, depth, opener):
    closer = "]" if opener == "[" else "}"
    path = tmp_path_factory.mktemp("nest") / "x.json"
    path.write_text('{"x": ' + opener * depth + "1" * (opener == '{"a":') + closer * depth + "}", encoding="utf-8")
    if depth + 1 <= MAX_DEPTH:
        assert "x" in load_structured(path)
    else:
        with pytest.raises(PetitionDeskError, match="levels deep"):
            load_structured(path)


def test_read_bytes_stops_at_the_limit_even_for_a_file_that_says_it_is_small(tmp_path):
    path = tmp_path / "small.csv"
    path.write_bytes(b"x" * 100)
    assert read_bytes(path, limit=100) == b"x" * 100
    with pytest.raises(PetitionDeskError, match="larger than"):
        read_bytes(path, limit=99)


# -- damaged encrypted drafts ---------------------------------------------------------

PASSPHRASE = "correct horse battery staple"


@pytest.fixture(scope="module")
def sealed(tmp_path_factory):
    saved = vault.LOG2_N
    vault.LOG2_N = 14  # the cheapest cost a file may ask for: the test opens many copies
    try:
        folder = tmp_path_factory.mktemp("sealed")
        draft = load_demo_draft()
        draft.signers = []
        path = folder / "appeal.pdesk"
        save_draft(draft, path, PASSPHRASE)
        return path.read_bytes()
    finally:
        vault.LOG2_N = saved


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
@example(data=None)  # the first byte of the magic: once read as "not UTF-8 text"
def test_a_damaged_encrypted_draft_is_called_damaged_or_the_passphrase_wrong(sealed, tmp_path, data):
    if data is None:
        position, flip = 0, 0x80
    else:
        position = data.draw(st.integers(0, len(sealed) - 1), label="position")
        flip = data.draw(st.integers(1, 255), label="xor")
    damaged = bytearray(sealed)
    damaged[position] ^= flip
    path = tmp_path / "appeal.pdesk"
    path.write_bytes(bytes(damaged))
    with pytest.raises(PetitionDeskError) as caught:
        load_draft(path, PASSPHRASE)
    message = caught.value.message()
    assert "UTF-8" not in message
    assert any(word in message for word in ("damaged", "passphrase is wrong", "incomplete", "newer version")), message


@pytest.mark.parametrize("name", ["appeal.pdesk", "appeal.json"])
def test_an_encrypted_draft_whose_magic_is_damaged_says_so_on_the_command_line(sealed, tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"PDESKENX" + sealed[8:])
    line = assert_one_sentence(run("check", str(path), tmp_path=tmp_path))
    assert "damaged" in line and "UTF-8" not in line
