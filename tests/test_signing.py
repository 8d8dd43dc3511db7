"""Digital signatures: signed export, pyHanko and pdfsig read them, tampering is found."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import io
import pickle
import shutil
import subprocess

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from pypdf import PdfReader

from desktop.cli import signing as cli_signing
from desktop.core import signing
from desktop.core.batch import ExportRequest, run_export
from desktop.core.demo import load_demo_draft
from desktop.core.errors import PetitionDeskError
from desktop.core.i18n import translator
from desktop.core.signing import load_signer, sign_pdf, verify_pdf

PASSPHRASE = b"correct horse 42"
NAMES = {"rsa": "Anna Lindqvist", "ec": "Ольга Петрова"}


def make_cert(key, name: str, not_before: dt.datetime | None = None, not_after: dt.datetime | None = None,
              key_usage: x509.KeyUsage | None | str = "sign", extended: list | None = None) -> x509.Certificate:
    """A self-signed certificate; by default valid from yesterday for a year, for digital signatures."""
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = dt.datetime.now(dt.timezone.utc)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before or now - dt.timedelta(days=1))
        .not_valid_after(not_after or now + dt.timedelta(days=365))
    )
    if key_usage == "sign":
        key_usage = x509.KeyUsage(True, True, False, False, False, False, False, False, False)
    if key_usage is not None:
        builder = builder.add_extension(key_usage, critical=True)
    if extended is not None:
        builder = builder.add_extension(x509.ExtendedKeyUsage(extended), critical=False)
    return builder.sign(key, hashes.SHA256())


def make_p12(path, kind: str, name: str, **cert_options) -> None:
    key = rsa.generate_private_key(65537, 2048) if kind == "rsa" else ec.generate_private_key(ec.SECP256R1())
    cert = make_cert(key, name, **cert_options)
    data = pkcs12.serialize_key_and_certificates(
        b"signer", key, cert, None, serialization.BestAvailableEncryption(PASSPHRASE)
    )
    path.write_bytes(data)


@pytest.fixture(scope="module")
def p12_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("certs")
    files = {}
    for kind, name in NAMES.items():
        files[kind] = folder / f"{kind}.p12"
        make_p12(files[kind], kind, name)
    return files


@pytest.fixture(scope="module")
def signed_export(p12_files, tmp_path_factory):
    """The demo letters exported and signed once per key type (signing is the slow part)."""
    out = {}
    for kind, path in p12_files.items():
        folder = tmp_path_factory.mktemp(f"signed-{kind}")
        report = run_export(ExportRequest(load_demo_draft(), folder, signing=load_signer(path, PASSPHRASE)))
        assert not report.failures
        out[kind] = report.files
    return out


def pyhanko_status(path):
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    with open(path, "rb") as fh:
        reader = PdfFileReader(fh, strict=False)
        (sig,) = reader.embedded_signatures
        status = validate_pdf_signature(sig, ValidationContext(trust_roots=[], allow_fetching=False))
        return status, sig.signer_cert.subject.native["common_name"], sig.sig_object["/SubFilter"]


def verify_cli(path, capsys) -> tuple[int, str]:
    parser = argparse.ArgumentParser()
    cli_signing.add_verify_command(parser.add_subparsers(), translator("en"))
    args = parser.parse_args(["verify", str(path)])
    code = args.run(args, translator("en"))
    return code, capsys.readouterr().out


@pytest.mark.parametrize("kind", ["rsa", "ec"])
def test_signed_letters_validate_with_pyhanko(signed_export, kind):
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    files = signed_export[kind]
    assert len(files) == 5
    for path in files:
        status, name, subfilter = pyhanko_status(path)
        assert status.intact and status.valid
        assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
        assert name == NAMES[kind]
        assert subfilter == "/ETSI.CAdES.detached"  # PAdES
        assert not status.trusted  # self-signed: reported apart, not a failure of the signature
    swedish = next(p for p in files if "(sv)" in p.name)
    text = "\n".join(page.extract_text() for page in PdfReader(swedish).pages)
    assert "Ryska federationens ambassad" in text and "Anna Lindqvist" in text


def test_visible_field_sits_over_the_signature_block(signed_export):
    path = next(p for p in signed_export["ec"] if "(sv)" in p.name)
    reader = PdfReader(path)
    fields = [(i, a.get_object()) for i, page in enumerate(reader.pages) for a in page.get("/Annots") or []]
    sig_fields = [(i, a) for i, a in fields if a.get("/FT") == "/Sig"]
    assert len(sig_fields) == 1
    page_index, annot = sig_fields[0]
    x1, y1, x2, y2 = (float(v) for v in annot["/Rect"])
    assert x2 - x1 > 100 and y2 - y1 > 20  # visible, not a zero-size invisible field
    # The signer's printed name is on that page, inside the field's height.
    found = []

    def visit(text, cm, tm, font, size):
        if "Lindqvist" in text:
            found.append(tm[4] * cm[1] + tm[5] * cm[3] + cm[5])  # the baseline in page space

    reader.pages[page_index].extract_text(visitor_text=visit)
    assert found and any(y1 <= y <= y2 for y in found)
    # The appearance shows the certificate holder's name (Cyrillic, in an embedded font).
    appearance = annot["/AP"]["/N"].get_object()
    assert appearance.get_data()  # drawn, not empty


def test_combined_pdf_is_signed(p12_files, tmp_path):
    signer = load_signer(p12_files["ec"], PASSPHRASE)
    report = run_export(ExportRequest(load_demo_draft(), tmp_path, combined=True, signing=signer))
    assert not report.failures and len(report.files) == 1
    result = verify_pdf(report.files[0])
    assert result.signed and result.intact and result.covers_whole_file and not result.modified_after_signing
    assert result.signer_name == NAMES["ec"]
    assert len(PdfReader(report.files[0]).pages) > 5


def test_worker_processes_sign_with_the_key_sent_once(p12_files, tmp_path):
    signer = load_signer(p12_files["ec"], PASSPHRASE)
    signer.pyhanko_signer()  # built in this process; must not travel to the workers
    assert pickle.loads(pickle.dumps(signer))._pyhanko is None
    draft = load_demo_draft()
    base = draft.recipients
    draft.recipients = [dataclasses.replace(base[i % len(base)], id=f"r{i}") for i in range(6)]
    report = run_export(ExportRequest(draft, tmp_path, workers=2, signing=signer))
    assert not report.failures and len(report.files) == 6
    assert all(verify_pdf(p).ok for p in report.files)


def test_one_byte_changed_is_reported_as_modified(signed_export, tmp_path, capsys):
    original = next(p for p in signed_export["rsa"] if "(sv)" in p.name)
    data = bytearray(original.read_bytes())
    start = data.index(b"/Title (") + len(b"/Title (")
    data[start] = ord("b") if data[start] != ord("b") else ord("c")  # one letter of the title text
    copy = tmp_path / "copy.pdf"
    copy.write_bytes(bytes(data))

    result = verify_pdf(copy)
    assert result.signed and not result.intact and result.modified_after_signing
    code, out = verify_cli(copy, capsys)
    assert code == cli_signing.EXIT_MODIFIED
    assert "Anna Lindqvist" in out and "changed after it was signed" in out

    code, out = verify_cli(original, capsys)
    assert code == cli_signing.EXIT_INTACT
    assert "has not been changed" in out and "Anna Lindqvist" in out


def test_content_added_after_signing_is_reported(signed_export, tmp_path):
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    original = next(p for p in signed_export["ec"] if "(de)" in p.name)
    writer = IncrementalPdfFileWriter(io.BytesIO(original.read_bytes()), strict=False)
    page = writer.root["/Pages"]["/Kids"][0]
    extra = writer.add_object(generic.StreamObject(stream_data=b"BT /F1 12 Tf 100 100 Td (forged) Tj ET"))
    page = page.get_object()
    page["/Contents"] = generic.ArrayObject([page.raw_get("/Contents"), extra])
    writer.update_container(page)
    changed = tmp_path / "changed.pdf"
    buffer = io.BytesIO()
    writer.write(buffer)
    changed.write_bytes(buffer.getvalue())

    result = verify_pdf(changed)
    assert result.signed and result.intact  # the signed revision itself is untouched ...
    assert not result.covers_whole_file and result.modified_after_signing  # ... but something was changed after


def test_unsigned_pdf(tmp_path, capsys):
    report = run_export(ExportRequest(load_demo_draft(), tmp_path))
    path = report.files[0]
    assert not verify_pdf(path).signed
    code, out = verify_cli(path, capsys)
    assert code == cli_signing.EXIT_NOT_SIGNED and "is not signed" in out


@pytest.mark.skipif(shutil.which("pdfsig") is None, reason="poppler's pdfsig is not installed")
def test_pdfsig_reads_the_signature(signed_export, tmp_path):
    path = signed_export["ec"][0]
    out = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, check=False).stdout
    assert "Signature is Valid" in out
    assert NAMES["ec"] in out
    assert "Total document signed" in out
    data = bytearray(path.read_bytes())
    start = data.index(b"/Title (") + len(b"/Title (")
    data[start] ^= 0x01
    copy = tmp_path / "copy.pdf"
    copy.write_bytes(bytes(data))
    out = subprocess.run(["pdfsig", str(copy)], capture_output=True, text=True, check=False).stdout
    assert "Signature is Valid" not in out and "Digest Mismatch" in out


def test_wrong_passphrase_is_a_clear_message(p12_files):
    with pytest.raises(PetitionDeskError) as info:
        load_signer(p12_files["rsa"], b"wrong")
    message = info.value.message(translator("en"))
    assert "passphrase" in message and "rsa.p12" in message
    assert "wrong" not in message.replace("is wrong", "")  # the passphrase itself is never echoed


def test_damaged_or_missing_certificate_file(tmp_path):
    bad = tmp_path / "bad.p12"
    bad.write_bytes(b"not a certificate")
    with pytest.raises(PetitionDeskError, match="bad.p12"):
        load_signer(bad, PASSPHRASE)
    with pytest.raises(PetitionDeskError, match="missing.p12"):
        load_signer(tmp_path / "missing.p12", PASSPHRASE)


def test_signer_repr_shows_no_key(p12_files):
    signer = load_signer(p12_files["ec"], PASSPHRASE)
    assert repr(signer) == f"Signer(name={NAMES['ec']!r})"


def test_cli_passphrase_from_environment_only(p12_files, monkeypatch):
    tr = translator("en")
    parser = argparse.ArgumentParser()
    cli_signing.add_export_signing_arguments(parser, tr)
    assert cli_signing.signing_for(parser.parse_args([]), tr) is None
    args = parser.parse_args(["--sign", str(p12_files["ec"]), "--sign-passphrase-env", "MY_P12_PASS"])
    monkeypatch.setenv("MY_P12_PASS", PASSPHRASE.decode())
    assert cli_signing.signing_for(args, tr).name == NAMES["ec"]
    monkeypatch.delenv("MY_P12_PASS")
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # not a terminal: no prompt, a clear error
    with pytest.raises(PetitionDeskError, match="MY_P12_PASS"):
        cli_signing.signing_for(args, tr)
    with pytest.raises(SystemExit):  # there is no option that takes the passphrase itself
        parser.parse_args(["--sign", "x.p12", "--passphrase", "secret"])


def test_cli_asks_for_the_passphrase_at_a_terminal(p12_files, monkeypatch):
    tr = translator("en")
    parser = argparse.ArgumentParser()
    cli_signing.add_export_signing_arguments(parser, tr)
    args = parser.parse_args(["--sign", str(p12_files["rsa"])])
    monkeypatch.delenv(cli_signing.DEFAULT_PASSPHRASE_ENV, raising=False)

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    prompts = []
    monkeypatch.setattr("sys.stdin", Terminal())
    monkeypatch.setattr("getpass.getpass", lambda prompt: prompts.append(prompt) or PASSPHRASE.decode())
    assert cli_signing.signing_for(args, tr).name == NAMES["rsa"]
    assert prompts and "rsa.p12" in prompts[0]


def test_a_signing_failure_fails_only_that_letter(p12_files, tmp_path, monkeypatch):
    signer = load_signer(p12_files["ec"], PASSPHRASE)
    real = signing.sign_pdf
    calls = []

    def flaky(data, signer, box=None, *args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise PetitionDeskError("The PDF could not be signed (%(reason)s).", reason="test")
        return real(data, signer, box, *args, **kwargs)

    monkeypatch.setattr(signing, "sign_pdf", flaky)
    report = run_export(ExportRequest(load_demo_draft(), tmp_path, workers=1, signing=signer))
    assert len(report.failures) == 1 and report.failures[0].index == 2
    assert "could not be signed" in report.failures[0].message.render()
    assert len(report.files) == 4 and all(verify_pdf(p).ok for p in report.files)


def test_sign_pdf_without_a_box_is_invisible(p12_files, tmp_path):
    report = run_export(ExportRequest(load_demo_draft(), tmp_path, recipients=load_demo_draft().recipients[:1]))
    signed = sign_pdf(report.files[0].read_bytes(), load_signer(p12_files["rsa"], PASSPHRASE), None,
                      reason="Appeal", location="Stockholm")
    out = tmp_path / "signed.pdf"
    out.write_bytes(signed)
    annots = [a.get_object() for page in PdfReader(out).pages for a in page.get("/Annots") or []]
    (field,) = [a for a in annots if a.get("/FT") == "/Sig"]
    assert [float(v) for v in field["/Rect"]] == [0, 0, 0, 0]
    assert field["/V"]["/Reason"] == "Appeal" and field["/V"]["/Location"] == "Stockholm"
    assert verify_pdf(out).ok


def test_command_line_signs_and_verifies(p12_files, tmp_path):
    import os
    import subprocess
    import sys

    env = dict(os.environ, MY_P12_PASS=PASSPHRASE.decode() if isinstance(PASSPHRASE, bytes) else PASSPHRASE)
    out = tmp_path / "signed"

    def cli(*args):
        return subprocess.run([sys.executable, "-m", "desktop.cli", *args], capture_output=True, text=True,
                              env=env, timeout=300)

    made = cli("export", "--format", "pdf", "--recipient", "ru_embassy_gb", "--out", str(out),
               "--sign", str(p12_files["ec"]), "--sign-passphrase-env", "MY_P12_PASS", "--quiet")
    assert made.returncode == 0, made.stderr
    [pdf] = list(out.glob("*.pdf"))
    good = cli("verify", str(pdf))
    assert good.returncode == 0, good.stdout + good.stderr
    assert NAMES["ec"] in good.stdout
    data = bytearray(pdf.read_bytes())
    index = data.index(b"/Title")
    data[index + 8] ^= 0x01
    changed = tmp_path / "changed.pdf"
    changed.write_bytes(bytes(data))
    assert cli("verify", str(changed)).returncode == 1


# -- the certificate: validity, key usage, what verify says ---------------------------

def _key_usage(**flags) -> x509.KeyUsage:
    names = ("digital_signature", "content_commitment", "key_encipherment", "data_encipherment", "key_agreement",
             "key_cert_sign", "crl_sign", "encipher_only", "decipher_only")
    return x509.KeyUsage(*(flags.get(name, False) for name in names))


DAY = dt.timedelta(days=1)
NOW = dt.datetime.now(dt.timezone.utc)


@pytest.mark.parametrize(("options", "words"), [
    ({"not_before": NOW - 400 * DAY, "not_after": NOW - 30 * DAY},
     f"expired on {(NOW - 30 * DAY):%Y-%m-%d}"),
    ({"not_before": NOW + 10 * DAY, "not_after": NOW + 400 * DAY},
     f"is not valid before {(NOW + 10 * DAY):%Y-%m-%d}"),
    ({"key_usage": _key_usage(key_encipherment=True)},
     "may not be used for signatures: its key usage allows only key_encipherment"),
    ({"key_usage": _key_usage(key_cert_sign=True, crl_sign=True)},
     "its key usage allows only key_cert_sign, crl_sign"),
    ({"extended": [x509.oid.ExtendedKeyUsageOID.SERVER_AUTH, x509.oid.ExtendedKeyUsageOID.CLIENT_AUTH]},
     "is made for other purposes (serverAuth, clientAuth), not for signing documents"),
])
def test_an_unfit_certificate_is_refused_when_loaded_with_what_is_wrong(tmp_path, options, words):
    path = tmp_path / "unfit.p12"
    make_p12(path, "ec", "Unfit", **options)
    with pytest.raises(PetitionDeskError) as caught:
        load_signer(path, PASSPHRASE)
    message = caught.value.message(translator("en"))
    assert words in message and "unfit.p12" in message


@pytest.mark.parametrize("options", [
    {"key_usage": None},  # no key usage extension at all
    {"key_usage": _key_usage(content_commitment=True)},  # non-repudiation alone
    {"extended": [x509.oid.ExtendedKeyUsageOID.EMAIL_PROTECTION]},
    {"extended": [x509.ObjectIdentifier("1.3.6.1.5.5.7.3.36")]},  # id-kp-documentSigning
    {"extended": [x509.oid.ExtendedKeyUsageOID.SERVER_AUTH, x509.ObjectIdentifier("1.2.840.113583.1.1.5")]},
])
def test_certificates_meant_for_signing_are_accepted(tmp_path, options):
    path = tmp_path / "fit.p12"
    make_p12(path, "ec", "Fit", **options)
    assert load_signer(path, PASSPHRASE).name == "Fit"


@settings(max_examples=20, deadline=None)
@given(start=st.integers(-1000, 1000), length=st.integers(1, 2000))
def test_a_certificate_loads_exactly_when_today_is_within_its_validity(start, length):
    from desktop.core.signing import check_certificate

    key = ec.generate_private_key(ec.SECP256R1())
    now = dt.datetime.now(dt.timezone.utc)
    begin, end = now + start * DAY, now + (start + length) * DAY
    cert = make_cert(key, "Window", not_before=begin, not_after=end)
    if begin <= now <= end:
        check_certificate(cert, "window.p12", now)
    else:
        with pytest.raises(PetitionDeskError, match="expired on" if now > end else "not valid before"):
            check_certificate(cert, "window.p12", now)


def _signer_bypassing_the_checks(**cert_options) -> signing.Signer:
    """A signer with a certificate load_signer would refuse, as another program could have used."""
    key = ec.generate_private_key(ec.SECP256R1())
    cert = make_cert(key, "Old Key", **cert_options)
    key_der = key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    return signing.Signer(key_der=key_der, chain_der=(cert.public_bytes(serialization.Encoding.DER),), name="Old Key")


@pytest.fixture(scope="module")
def unsigned_letter(tmp_path_factory):
    folder = tmp_path_factory.mktemp("unsigned")
    report = run_export(ExportRequest(load_demo_draft(), folder, recipients=load_demo_draft().recipients[:1]))
    return report.files[0].read_bytes()


def test_verify_reports_a_signature_made_with_an_expired_certificate(unsigned_letter, tmp_path, capsys):
    end = NOW - 30 * DAY
    signer = _signer_bypassing_the_checks(not_before=NOW - 400 * DAY, not_after=end)
    path = tmp_path / "expired.pdf"
    path.write_bytes(sign_pdf(unsigned_letter, signer))
    result = verify_pdf(path)
    assert result.intact and result.valid_at_signing is False and result.valid_now is False and not result.ok
    assert result.valid_until.date() == end.date()
    code, out = verify_cli(path, capsys)
    assert code == cli_signing.EXIT_MODIFIED
    assert f"to {end:%Y-%m-%d}" in out
    assert "had expired when the file was signed" in out and "has expired (on" in out


def test_verify_reports_a_certificate_not_yet_valid_at_signing(unsigned_letter, tmp_path, capsys):
    start = NOW + 10 * DAY
    path = tmp_path / "early.pdf"
    path.write_bytes(sign_pdf(unsigned_letter, _signer_bypassing_the_checks(not_before=start)))
    code, out = verify_cli(path, capsys)
    assert code == cli_signing.EXIT_MODIFIED
    assert f"valid from {start:%Y-%m-%d}" in out
    assert "was not yet valid when the file was signed" in out and "is not valid yet (it is valid from" in out


def test_verify_says_a_certificate_expired_since_the_signature_still_counts(signed_export, monkeypatch, capsys):
    path = signed_export["ec"][0]
    result = verify_pdf(path)
    assert result.valid_at_signing and result.valid_now and result.ok
    code, out = verify_cli(path, capsys)
    assert "The certificate is valid from" in out and "was valid when the file was signed" in out
    assert "still valid today" in out and code == cli_signing.EXIT_INTACT
    monkeypatch.setattr(signing, "_now", lambda: NOW + 3 * 365 * DAY)  # three years later
    later = verify_pdf(path)
    assert later.valid_at_signing and later.valid_now is False and later.expired_now and later.ok
    code, out = verify_cli(path, capsys)
    assert code == cli_signing.EXIT_INTACT and "has expired since then" in out and "remains valid" in out


def test_library_deprecation_warnings_go_to_the_debug_log_not_the_terminal(signed_export, caplog, recwarn):
    import logging
    import warnings

    with caplog.at_level(logging.DEBUG, logger="desktop.core.signing"):
        assert verify_pdf(signed_export["rsa"][0]).ok
    assert not [w for w in recwarn if "site-packages" in str(w.filename)]
    assert any("DeprecationWarning" in r.getMessage() and "trust" in r.getMessage() for r in caplog.records)
    # Only the libraries' deprecations are taken: anything else still reaches the user.
    with pytest.warns(UserWarning, match="not ours"):
        with signing._library_warnings():
            warnings.warn("not ours", UserWarning)
    with pytest.warns(DeprecationWarning, match="ours either"):
        with signing._library_warnings():
            warnings.warn("ours either", DeprecationWarning)  # raised in this test module, not a library


def _cli(*args, env):
    import os
    import sys

    return subprocess.run([sys.executable, "-m", "desktop.cli", *args], capture_output=True, text=True,
                          env=dict(os.environ, **env), timeout=300)


def test_command_line_prints_no_library_warning_and_signs_pdf_only(p12_files, tmp_path):
    env = {"MY_P12_PASS": PASSPHRASE.decode(), "PYTHONWARNINGS": "always"}
    out = tmp_path / "both"
    made = _cli("export", "--format", "all", "--recipient", "ru_embassy_gb", "--out", str(out),
                "--sign", str(p12_files["ec"]), "--sign-passphrase-env", "MY_P12_PASS", "--quiet", env=env)
    assert made.returncode == 0, made.stderr
    assert made.stderr.count("the DOCX files are not signed") == 1
    assert "Warning" not in made.stderr and "site-packages" not in made.stderr
    [pdf], [_docx] = list(out.glob("*.pdf")), list(out.glob("*.docx"))
    checked = _cli("verify", str(pdf), env=env)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "Warning" not in checked.stderr and "site-packages" not in checked.stderr
    assert "The certificate is valid from" in checked.stdout

    only_docx = tmp_path / "docx"
    refused = _cli("export", "--format", "docx", "--out", str(only_docx), "--sign", str(p12_files["ec"]),
                   env={"PYTHONWARNINGS": "always"})  # no passphrase needed to be told
    assert refused.returncode == 1
    assert refused.stderr.strip() == "Only PDF files can be signed; add --format pdf or drop --sign."
    assert not only_docx.exists()
