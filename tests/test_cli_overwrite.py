"""No command replaces an existing file silently: without --force the file is kept byte for byte."""

import subprocess
import sys
import os

import pytest

ENV = {"DRAFT_PASS": "correct horse battery staple"}


def run(*args):
    env = dict(os.environ, **ENV)
    return subprocess.run([sys.executable, "-m", "desktop.cli", *args], capture_output=True, text=True, env=env,
                          timeout=300)


@pytest.fixture
def sources(tmp_path):
    clear = tmp_path / "source.json"
    assert run("demo", str(clear)).returncode == 0
    protected = tmp_path / "source.pdesk"
    assert run("encrypt", str(clear), str(protected), "--passphrase-env", "DRAFT_PASS").returncode == 0
    return clear, protected


# Every command that writes to a file the user names.
COMMANDS = {
    "demo": lambda clear, protected, out: ["demo", str(out)],
    "encrypt": lambda clear, protected, out: ["encrypt", str(clear), str(out), "--passphrase-env", "DRAFT_PASS"],
    "decrypt": lambda clear, protected, out: ["decrypt", str(protected), str(out), "--passphrase-env", "DRAFT_PASS"],
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_an_existing_file_is_kept_unless_forced(command, sources, tmp_path):
    clear, protected = sources
    out = tmp_path / "existing work.json"
    out.write_bytes(b"months of work")
    args = COMMANDS[command](clear, protected, out)

    refused = run(*args)
    assert refused.returncode == 1
    assert "exists already" in refused.stderr and "--force" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert out.read_bytes() == b"months of work"

    forced = run(*args, "--force")
    assert forced.returncode == 0, forced.stderr
    assert out.read_bytes() != b"months of work"
