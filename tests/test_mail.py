"""E-mail without sending: ``--format eml`` writes one message per recipient with an address, nothing else."""

from __future__ import annotations

import email
import os
import shutil
import socket
import subprocess
import sys
from email import policy
from email.header import decode_header, make_header
from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop.core.batch import ExportRequest, plan_for, run_export
from desktop.core.demo import load_demo_draft
from desktop.core.draft import save_draft
from desktop.core.errors import PetitionDeskError
from desktop.core.mail import address
from desktop.core.plan import render

LANGUAGES = ("en", "sv", "fr", "de", "ru")


def mail_draft(addresses=("ambassad@example.se", "ambassade@example.fr", None, "embassy@example.org", None)):
    draft = load_demo_draft()
    for recipient, mail in zip(draft.recipients, addresses):
        recipient.email = mail or ""
    return draft


def parse(path: Path) -> email.message.EmailMessage:
    return email.message_from_bytes(path.read_bytes(), policy=policy.default)


def attachment(message) -> tuple[str, bytes]:
    parts = list(message.iter_attachments())
    assert len(parts) == 1
    return parts[0].get_filename(), parts[0].get_content()


def test_one_message_per_recipient_with_an_address_and_the_others_reported(tmp_path):
    draft = mail_draft()
    report = run_export(ExportRequest(draft, tmp_path, formats=("pdf", "eml")))
    assert not report.failures
    emls = sorted(tmp_path.glob("*.eml"))
    assert len(emls) == 3 and len(list(tmp_path.glob("*.pdf"))) == 5
    assert [item.recipient_id for item in report.emailed] == ["ru_embassy_se", "ru_embassy_fr", "ru_embassy_gb"]
    assert [item.file for item in report.emailed] == emls
    assert [(item.index, item.recipient_id) for item in report.without_address] == [
        (3, "ru_embassy_de"), (5, "ru_embassy_us")]
    assert all(item.file is None for item in report.without_address)
    to = [str(parse(path)["To"].addresses[0].addr_spec) for path in emls]
    assert to == ["ambassad@example.se", "ambassade@example.fr", "embassy@example.org"]
    # The plan names them too, so "check" lists them before anything is written.
    notes = [n for n in plan_for(ExportRequest(draft, tmp_path, formats=("eml",))).notes if "e-mail" in n.text]
    assert [n.where for n in notes] == ["recipients[2]", "recipients[4]"]


def test_attachment_is_byte_identical_to_the_pdf_the_plan_writes(tmp_path):
    draft = mail_draft()
    run_export(ExportRequest(draft, tmp_path, formats=("pdf", "eml")))
    paths = sorted(tmp_path.glob("*.eml"))
    assert paths
    for path in paths:
        name, data = attachment(parse(path))
        assert name == path.with_suffix(".pdf").name
        assert data == path.with_suffix(".pdf").read_bytes()
        assert "Anna Lindqvist" in "".join(page.extract_text() for page in PdfReader(path.with_suffix(".pdf")).pages)


@pytest.mark.parametrize("language", LANGUAGES)
def test_subject_and_body_in_the_letters_language(tmp_path, language):
    draft = mail_draft()
    request = ExportRequest(draft, tmp_path, formats=("eml",), language=language)
    plan = plan_for(request)
    run_export(request, plan=plan)
    doc = plan.documents[0]
    document = render(plan, doc)
    raw = (tmp_path / f"{doc.stem}.eml").read_bytes()
    assert raw.isascii()  # no SMTPUTF8: every header encoded, the body quoted-printable
    message = email.message_from_bytes(raw, policy=policy.default)
    assert message["Subject"] == " ".join(document.title.split())
    assert str(make_header(decode_header(raw.split(b"Subject: ", 1)[1].split(b"\r\nX-Unsent")[0].decode()
                                         .replace("\r\n", "")))) == message["Subject"]
    body = message.get_body(("plain",)).get_content()
    expected = {"en": "Please find my letter attached", "sv": "Bifogat finns mitt brev",
                "fr": "Veuillez trouver ci-joint ma lettre", "de": "Anbei erhalten Sie meinen Brief",
                "ru": "Во вложении — моё письмо"}[language]
    assert expected in body
    salutation = next(b.text for b in document.blocks if getattr(b, "role", "") == "salutation")
    assert body.startswith(salutation.strip())
    assert body.rstrip().endswith("Anna Lindqvist")
    if language == "ru":
        assert any("\u0400" <= c <= "\u04ff" for c in message["Subject"])


def test_no_date_message_id_mailer_or_host_name_in_the_bytes(tmp_path):
    run_export(ExportRequest(mail_draft(), tmp_path, formats=("eml",)))
    names = {socket.gethostname().encode(), socket.getfqdn().encode()} - {b"", b"localhost"}
    for path in tmp_path.glob("*.eml"):
        raw = path.read_bytes()
        message = parse(path)
        for header in ("Date", "Message-ID", "X-Mailer", "User-Agent", "Received"):
            assert header not in message
        assert b"\nDate:" not in raw and b"Message-ID" not in raw.replace(b"message-id", b"")
        assert message["X-Unsent"] == "1"
        assert message["From"].addresses[0].addr_spec == "solidarity@example.org"
        text = raw.split(b"Content-Type: application/pdf")[0]  # headers and note; base64 may hold any letters
        for name in names:
            assert b"@" + name not in text and b"." + name + b">" not in text and name + b" " not in text


def test_from_is_left_to_the_mail_client_when_no_signer_has_an_address(tmp_path):
    draft = mail_draft()
    for signer in draft.signers:
        signer.email = ""
    run_export(ExportRequest(draft, tmp_path, formats=("eml",)))
    for path in tmp_path.glob("*.eml"):
        assert "From" not in parse(path)


def test_display_names_and_file_names_outside_ascii_are_encoded(tmp_path):
    draft = mail_draft(("a@example.se", None, "jm@пример.рф", None, None))
    draft.recipients[2].person = "Jürgen Müller-Ørsted"
    report = run_export(ExportRequest(draft, tmp_path, formats=("eml",)))
    assert not report.failures
    path = next(tmp_path.glob("003*.eml"))
    raw = path.read_bytes()
    assert raw.isascii()
    message = parse(path)
    to = message["To"].addresses[0]
    assert to.display_name == "Jürgen Müller-Ørsted, Botschaft der Russischen Föderation"
    assert to.domain == "xn--e1afmkfd.xn--p1ai"
    assert attachment(message)[0] == "003 Jürgen Müller-Ørsted (de).pdf"  # RFC 2231 in the bytes
    assert b"filename*" in raw


def test_a_wrong_address_fails_that_letter_in_one_sentence(tmp_path):
    draft = mail_draft(("not an address", "b@example.fr", None, None, None))
    report = run_export(ExportRequest(draft, tmp_path, formats=("eml",)))
    assert [f.index for f in report.failures] == [1]
    assert "not an e-mail address" in report.failures[0].message.render()
    assert [p.name for p in tmp_path.glob("*.eml")] == [next(tmp_path.glob("002*.eml")).name]
    with pytest.raises(PetitionDeskError):
        address("X", "x@@", "X")


def test_no_address_at_all_and_a_print_file_are_refused_before_writing(tmp_path):
    plan = plan_for(ExportRequest(load_demo_draft(), tmp_path, formats=("eml",)))
    assert any("none of the recipients has an e-mail address" in p.text for p in plan.problems)
    plan = plan_for(ExportRequest(mail_draft(), tmp_path, formats=("eml",), combined=True))
    assert any("print file" in p.text for p in plan.problems)
    plan = plan_for(ExportRequest(mail_draft(), tmp_path, formats=("eml",), template="petition_sheets"))
    assert any("made for letters" in p.text for p in plan.problems)
    assert not list(tmp_path.iterdir())


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "desktop.cli", *args], capture_output=True, text=True,
                          env=dict(os.environ), timeout=300)


def test_cli_lists_recipients_without_an_address(tmp_path):
    draft_file = tmp_path / "draft.json"
    save_draft(mail_draft(), draft_file)
    result = run_cli("export", str(draft_file), "--format", "eml", "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert "Prepared 3 e-mail messages" in result.stdout
    assert "2 recipients without an e-mail address" in result.stderr
    assert "(ru_embassy_de)" in result.stderr and "(ru_embassy_us)" in result.stderr
    assert len(list((tmp_path / "out").glob("*.eml"))) == 3
    result = run_cli("export", str(draft_file), "--format", "eml", "--combined", "--out", str(tmp_path / "c"))
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "drop --combined" in result.stderr
    save_draft(load_demo_draft(), draft_file)
    result = run_cli("export", str(draft_file), "--format", "eml", "--out", str(tmp_path / "none"))
    assert result.returncode != 0 and "none of the recipients has an e-mail address" in result.stderr
    assert not (tmp_path / "none").exists()


def _mutt(tmp_path, mbox: Path, keys: str) -> None:
    """Run mutt on ``mbox`` with ``keys`` pushed, in a pseudo-terminal (``script``), with an empty home."""
    home = tmp_path / "home"
    (home / "Mail").mkdir(parents=True, exist_ok=True)  # else mutt first asks whether to create it
    rc = tmp_path / "muttrc"
    rc.write_text("set charset=utf-8\nset mbox_type=mbox\nset pipe_decode=yes\nset wait_key=no\nset quit=yes\n"
                  f"set sendmail=/bin/false\npush \"{keys}<quit>\"\n", encoding="utf-8")
    command = f"mutt -n -R -F '{rc}' -f '{mbox}'"
    subprocess.run(["script", "-qc", command, "/dev/null"], capture_output=True, stdin=subprocess.DEVNULL,
                   env={**os.environ, "HOME": str(home), "TERM": "xterm", "LANG": "C.UTF-8"}, timeout=60)


@pytest.mark.skipif(shutil.which("mutt") is None or shutil.which("script") is None, reason="mutt is not installed")
def test_mutt_reads_the_message_and_its_attachment(tmp_path):
    draft = mail_draft()
    run_export(ExportRequest(draft, tmp_path / "out", formats=("pdf", "eml"), language="ru"))
    path = next((tmp_path / "out").glob("002*.eml"))
    mbox = tmp_path / "box.mbox"  # the .eml as the one message of a mailbox, as a mail client imports it
    mbox.write_bytes(b"From petition-desk Thu Jan  1 00:00:00 1970\n" + path.read_bytes().replace(b"\r\n", b"\n"))
    shown, attached = tmp_path / "shown.txt", tmp_path / "attached.pdf"
    _mutt(tmp_path, mbox, f"<pipe-message>cat > '{shown}'<enter>")
    if not shown.exists():
        pytest.skip("mutt cannot run in a pseudo-terminal here")
    text = shown.read_text("utf-8")
    # The letter is in Russian, and so is the embassy's name in To:.
    # (a long To: line is folded by mutt, hence the spaces made one)
    assert "To: Посольство Российской Федерации во Французской Республике <ambassade@example.fr>" in " ".join(text.split())
    subject = parse(path)["Subject"]
    assert any("\u0400" <= c <= "\u04ff" for c in subject)
    assert " ".join(text.split("Subject: ", 1)[1].split("\nX-Unsent")[0].split()) == subject
    assert "Во вложении — моё письмо в формате PDF." in text
    _mutt(tmp_path, mbox, f"<view-attachments><last-entry><pipe-entry>cat > '{attached}'<enter><exit>")
    assert attached.read_bytes() == path.with_suffix(".pdf").read_bytes()


def test_signed_export_attaches_the_signed_pdf(tmp_path):
    import datetime as dt

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID

    from desktop.core.signing import load_signer, verify_pdf

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Anna Lindqvist")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=30))
            .add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False, False), critical=True)
            .sign(key, hashes.SHA256()))
    p12 = tmp_path / "me.p12"
    p12.write_bytes(pkcs12.serialize_key_and_certificates(b"me", key, cert, None,
                                                          serialization.BestAvailableEncryption(b"pass")))
    draft = mail_draft(("a@example.se", None, None, None, None))
    report = run_export(ExportRequest(draft, tmp_path / "out", formats=("eml",), signing=load_signer(p12, b"pass")))
    assert len(report.emailed) == 1 and not report.failures
    pdf = tmp_path / "attached.pdf"
    pdf.write_bytes(attachment(parse(report.emailed[0].file))[1])
    result = verify_pdf(pdf)
    assert result.signed and result.intact and result.signer_name == "Anna Lindqvist"
