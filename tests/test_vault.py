"""Drafts saved with a passphrase: round trip, nothing in clear, wrong passphrase and damaged files."""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.core.demo import load_demo_draft
from desktop.core.draft import PassphraseNeeded, WrongPassphrase, load_draft, save_draft
from desktop.core.errors import PetitionDeskError
from desktop.core.signers import Signer
from desktop.core.vault import HEADER_BYTES, MAGIC, unsealed_images_dir

PASSPHRASE = "correct horse battery staple"
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def draft(tmp_path):
    """The demo draft (Krivov's case, several embassies) with two signers who have their own signature pictures."""
    draft = load_demo_draft()
    demo_png = draft.signers[0].signature_image
    assert demo_png is not None and demo_png.is_file()
    pictures = tmp_path / "pictures"
    pictures.mkdir()
    first = pictures / "lindqvist.png"
    shutil.copyfile(demo_png, first)
    draft.signers[0].signature_image = first
    second = pictures / "berglund.png"
    second.write_bytes(demo_png.read_bytes() + b"")  # same picture, another file
    draft.signers.append(Signer(name="Maja Berglund", role="Samordnare", organisation="Frihetsrätt Uppsala",
                                signature_image=second))
    return draft


def sealed_file(draft, tmp_path) -> Path:
    path = tmp_path / "appeal.pdesk"
    save_draft(draft, path, PASSPHRASE)
    return path


def test_round_trip_gives_back_the_same_draft(draft, tmp_path):
    path = sealed_file(draft, tmp_path)
    assert path.read_bytes().startswith(MAGIC)
    again = load_draft(path, PASSPHRASE)
    assert again.to_dict() == draft.to_dict()
    assert len(again.recipients) == len(draft.recipients) >= 3 and again.signers[1].name == "Maja Berglund"


def test_signature_pictures_travel_inside_the_file(draft, tmp_path):
    path = sealed_file(draft, tmp_path)
    originals = {s.name: s.signature_image.read_bytes() for s in draft.signers}
    shutil.rmtree(tmp_path / "pictures")  # the laptop that opens it has no copy of the pictures
    again = load_draft(path, PASSPHRASE)
    for signer in again.signers:
        assert signer.signature_image.read_bytes() == originals[signer.name]
        assert signer.signature_image.parent == unsealed_images_dir()
    assert oct(unsealed_images_dir().stat().st_mode & 0o777) == "0o700"


def test_the_file_gives_nothing_away(draft, tmp_path):
    path = sealed_file(draft, tmp_path)
    data = path.read_bytes()
    clear = (tmp_path / "clear.json")
    save_draft(draft, clear)
    words = ["Krivov", "Кривов", "Anna Lindqvist", "Maja Berglund", "Frihetsrätt", "Ryska federationens ambassad",
             "Botschaft der Russischen", "lindqvist.png", "pictures"]
    clear_text = clear.read_text(encoding="utf-8")
    for word in words[:7]:
        assert word in clear_text or word == "Кривов", word  # the clear file does carry them: the test can fail
    for word in words:
        assert word.encode("utf-8") not in data, word
        assert word.encode("utf-16-le") not in data, word
    assert b"\x89PNG" not in data  # the pictures are inside the ciphertext, not beside it


def test_no_passphrase_asks_for_one(draft, tmp_path):
    path = sealed_file(draft, tmp_path)
    with pytest.raises(PassphraseNeeded) as caught:
        load_draft(path)
    assert "protected with a passphrase" in caught.value.message()


def test_wrong_passphrase_says_so_and_leaves_the_file_alone(draft, tmp_path):
    path = sealed_file(draft, tmp_path)
    before = path.read_bytes()
    with pytest.raises(WrongPassphrase) as caught:
        load_draft(path, "Correct horse battery staple")
    assert caught.value.message().startswith("The passphrase is wrong, or the file")
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["appeal.pdesk", "pictures"]


def test_a_truncated_file_is_named_as_incomplete(draft, tmp_path):
    path = sealed_file(draft, tmp_path)
    data = path.read_bytes()
    for cut in (len(data) - 1, len(data) // 2, HEADER_BYTES + 3, 20):
        path.write_bytes(data[:cut])
        with pytest.raises(PetitionDeskError) as caught:
            load_draft(path, PASSPHRASE)
        assert "is incomplete" in caught.value.message(), cut


@pytest.mark.parametrize("where", ["text", "tag", "salt", "nonce", "cost"])
def test_one_changed_byte_is_detected(draft, tmp_path, where):
    path = sealed_file(draft, tmp_path)
    data = bytearray(path.read_bytes())
    offset = {"text": HEADER_BYTES + 100, "tag": len(data) - 1, "salt": 15, "nonce": 30, "cost": 9}[where]
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))
    with pytest.raises(PetitionDeskError) as caught:
        load_draft(path, PASSPHRASE)
    text = caught.value.message()
    assert "was changed" in text or "is damaged" in text
    assert str(path) in text


def test_a_cost_that_would_exhaust_memory_is_refused_before_deriving(draft, tmp_path):
    path = sealed_file(draft, tmp_path)
    data = bytearray(path.read_bytes())
    data[9] = 40  # n = 2**40
    path.write_bytes(bytes(data))
    with pytest.raises(PetitionDeskError, match="is damaged"):
        load_draft(path, PASSPHRASE)


def test_a_newer_format_asks_for_an_update(draft, tmp_path):
    path = sealed_file(draft, tmp_path)
    data = bytearray(path.read_bytes())
    data[8] = 2
    path.write_bytes(bytes(data))
    with pytest.raises(PetitionDeskError, match="newer version"):
        load_draft(path, PASSPHRASE)


def test_key_derivation_parameters_in_the_header(draft, tmp_path):
    data = sealed_file(draft, tmp_path).read_bytes()
    version, log2_n, r, p = struct.unpack_from(">BBBB", data, 8)
    assert (version, r, p) == (1, 8, 1) and log2_n >= 15


def test_a_short_passphrase_is_refused_and_nothing_is_written(draft, tmp_path):
    path = tmp_path / "appeal.pdesk"
    with pytest.raises(PetitionDeskError, match="too short"):
        save_draft(draft, path, "short")
    assert not path.exists()


def test_saving_again_uses_a_fresh_salt_and_nonce(draft, tmp_path):
    first = sealed_file(draft, tmp_path).read_bytes()
    second = sealed_file(draft, tmp_path).read_bytes()
    assert first[12:40] != second[12:40]
    assert not list(tmp_path.glob("*.part"))


# -- command line ------------------------------------------------------------------

def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", CLI, *args], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, **(env or {})}, stdin=subprocess.DEVNULL, timeout=120, check=False)


# A stand-in for desktop/cli/main.py until the lead wires the encrypt and decrypt commands in.
CLI = """
import argparse, sys
from desktop.cli.drafts import add_encrypt_commands
from desktop.core.errors import PetitionDeskError
from desktop.core.i18n import translator
tr = translator("en")
parser = argparse.ArgumentParser(prog="petition-desk")
add_encrypt_commands(parser.add_subparsers(), tr)
args = parser.parse_args(sys.argv[1:])
try:
    sys.exit(args.run(args, tr))
except PetitionDeskError as exc:
    print(exc.message(tr), file=sys.stderr)
    sys.exit(1)
"""


def test_encrypt_and_decrypt_commands(draft, tmp_path):
    clear = tmp_path / "appeal.json"
    save_draft(draft, clear)
    sealed = tmp_path / "appeal.pdesk"
    env = {"DRAFT_PASS": PASSPHRASE}
    done = run_cli("encrypt", str(clear), str(sealed), "--passphrase-env", "DRAFT_PASS", env=env)
    assert done.returncode == 0, done.stderr
    assert b"Krivov" not in sealed.read_bytes()
    assert load_draft(sealed, PASSPHRASE).to_dict() == draft.to_dict()

    shutil.rmtree(tmp_path / "pictures")
    back = tmp_path / "back" / "appeal.json"
    done = run_cli("decrypt", str(sealed), str(back), "--passphrase-env", "DRAFT_PASS", env=env)
    assert done.returncode == 0, done.stderr
    assert "NOT protected" in done.stderr
    again = load_draft(back)  # after the command ended, its private folder is gone: the pictures sit beside the copy
    assert again.case.to_dict() == draft.case.to_dict()
    assert [s.signature_image.parent for s in again.signers] == [back.parent, back.parent]
    assert all(s.signature_image.read_bytes().startswith(b"\x89PNG") for s in again.signers)

    done = run_cli("decrypt", str(sealed), str(tmp_path / "x.json"), "--passphrase-env", "DRAFT_PASS",
                   env={"DRAFT_PASS": "not the passphrase"})
    assert done.returncode == 1 and "The passphrase is wrong" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "x.json").exists()


def test_without_a_terminal_the_passphrase_must_come_from_the_environment(draft, tmp_path):
    sealed = sealed_file(draft, tmp_path)
    done = run_cli("decrypt", str(sealed), str(tmp_path / "x.json"))
    assert done.returncode == 1 and "--passphrase-env" in done.stderr
    done = run_cli("decrypt", str(sealed), str(tmp_path / "x.json"), "--passphrase-env", "UNSET_VAR_FOR_TEST")
    assert done.returncode == 1 and "UNSET_VAR_FOR_TEST" in done.stderr
