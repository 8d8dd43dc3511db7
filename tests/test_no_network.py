"""Nothing in an export opens a network connection.

Sockets are made to fail loudly (connect, create_connection, name lookups),
then every built-in template is exported as PDF and DOCX, per recipient and
combined, in this process and through the command line in a subprocess
whose ``sitecustomize`` blocks sockets the same way. Any attempt to reach
the network fails the export, and so the test.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from desktop.core.batch import ExportRequest, plan_for, run_export
from desktop.core.demo import load_demo_draft
from desktop.core.plan import POSTER_LAYOUTS
from desktop.core.templates import ADDRESS_LAYOUTS, list_templates

BLOCKED = "network access blocked by test_no_network"
# The notice of an assembly needs the facts of the assembly and a country with rules (tests/test_assembly_notice.py).
# Envelopes and labels (one PDF of addresses, no DOCX, no combined file) have a test of their own below.
TEMPLATES = [t.id for t in list_templates() if t.id != "assembly_notice" and t.layout not in ADDRESS_LAYOUTS]


class NetworkBlocked(OSError):
    pass


def _refuse(*args, **kwargs):
    raise NetworkBlocked(BLOCKED)


@pytest.fixture
def no_network(monkeypatch):
    for name in ("connect", "connect_ex", "sendto"):
        monkeypatch.setattr(socket.socket, name, _refuse)
    monkeypatch.setattr(socket, "create_connection", _refuse)
    monkeypatch.setattr(socket, "getaddrinfo", _refuse)
    monkeypatch.setattr(socket, "gethostbyname", _refuse)
    with pytest.raises(NetworkBlocked):
        socket.create_connection(("127.0.0.1", 9), timeout=1)
    with pytest.raises(NetworkBlocked):
        socket.socket().connect(("127.0.0.1", 9))
    yield


def _signing(tmp_path: Path):
    """A loaded signer from a freshly made self-signed PKCS#12, or None while signing is not built."""
    try:
        from desktop.core import signing
    except ImportError:
        return None
    if "signing" not in ExportRequest.__dataclass_fields__:
        return None
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Anna Lindqvist")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=30)).sign(key, hashes.SHA256()))
    path = tmp_path / "signer.p12"
    path.write_bytes(pkcs12.serialize_key_and_certificates(b"anna", key, cert, None, BestAvailableEncryption(b"pw")))
    return signing.load_signer(path, b"pw")


@pytest.mark.parametrize("template", TEMPLATES)
def test_export_of_every_template_opens_no_connection(template, tmp_path, no_network):
    draft = load_demo_draft()
    signer = _signing(tmp_path)
    extra = {"signing": signer} if signer is not None else {}
    separate = run_export(ExportRequest(draft, tmp_path / "separate", formats=("pdf", "docx"), template=template,
                                        workers=1, **extra))
    combined = run_export(ExportRequest(draft, tmp_path / "combined", formats=("pdf", "docx"), template=template,
                                        combined=True, workers=1, **extra))
    for report in (separate, combined):
        assert not report.failures, [(f.recipient, f.message.render()) for f in report.failures]
    n = len(plan_for(ExportRequest(draft, tmp_path, template=template)).documents)  # letters, or one per language
    poster = template in POSTER_LAYOUTS  # placards, banners, leaflets: one per language, PDF only
    assert n == (len(draft.recipients) if template not in ("petition_sheets", "resolution") and not poster else 4)
    assert len([p for p in separate.files if p.suffix == ".pdf"]) == n
    assert len([p for p in separate.files if p.suffix == ".docx"]) == (0 if poster else n)
    assert len([p for p in combined.files if p.suffix == ".pdf"]) == 1
    for path in separate.files + combined.files:
        if path.suffix == ".pdf":
            assert PdfReader(path).pages[0].extract_text().strip()
        else:
            assert any(p.text.strip() for p in docx.Document(path).paragraphs)
    if signer is not None:
        from desktop.core.signing import verify_pdf

        result = verify_pdf(next(p for p in separate.files if p.suffix == ".pdf"))
        assert result.signed and result.intact and result.signer_name == "Anna Lindqvist"


SITECUSTOMIZE = f'''
import socket

def _refuse(*args, **kwargs):
    raise OSError({BLOCKED!r})

for _name in ("connect", "connect_ex", "sendto"):
    setattr(socket.socket, _name, _refuse)
socket.create_connection = _refuse
socket.getaddrinfo = _refuse
socket.gethostbyname = _refuse
'''


@pytest.fixture
def blocked_env(tmp_path):
    site = tmp_path / "blocked-site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(textwrap.dedent(SITECUSTOMIZE), encoding="utf-8")
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(site), *filter(None, [env.get("PYTHONPATH")])])
    env.pop("PETITION_DESK_DEBUG", None)
    # The block is in force in a child process set up like this.
    probe = subprocess.run([sys.executable, "-c", "import socket; socket.create_connection(('127.0.0.1', 9), 1)"],
                           capture_output=True, text=True, env=env, timeout=60)
    assert probe.returncode != 0 and BLOCKED in probe.stderr
    return env


def run_cli(env, *args):
    return subprocess.run([sys.executable, "-m", "desktop.cli", *args], capture_output=True, text=True,
                          env=env, timeout=300)


@pytest.mark.parametrize("template", TEMPLATES)
def test_command_line_export_opens_no_connection(template, tmp_path, blocked_env):
    out = tmp_path / "out"
    result = run_cli(blocked_env, "export", "--template", template, "--format", "all", "--combined",
                     "--workers", "1", "--out", str(out), "--quiet")
    assert result.returncode == 0, result.stderr
    assert BLOCKED not in result.stderr
    assert len(list(out.glob("*.pdf"))) == 1  # the combined file
    draft = load_demo_draft()
    documents = len(plan_for(ExportRequest(draft, out, template=template)).documents)
    assert len(list(out.glob("*.docx"))) == (0 if template in POSTER_LAYOUTS else documents)


@pytest.mark.parametrize("template", [t.id for t in list_templates() if t.layout in ADDRESS_LAYOUTS])
def test_envelopes_and_labels_open_no_connection(template, tmp_path, blocked_env):
    out = tmp_path / "out"
    result = run_cli(blocked_env, "export", "--template", template, "--format", "pdf", "--out", str(out), "--quiet")
    assert result.returncode == 0, result.stderr
    assert BLOCKED not in result.stderr
    (pdf,) = out.glob("*.pdf")
    assert PdfReader(pdf).pages[0].extract_text().strip()


def test_command_line_export_per_recipient_opens_no_connection(tmp_path, blocked_env):
    out = tmp_path / "out"
    result = run_cli(blocked_env, "export", "--format", "all", "--out", str(out), "--quiet")
    assert result.returncode == 0, result.stderr
    n = len(load_demo_draft().recipients)
    assert len(list(out.glob("*.pdf"))) == n and len(list(out.glob("*.docx"))) == n
