"""E-mail without sending: a letter's PDF wrapped in an RFC 5322 message (``.eml``) to open in a mail client.

Petition Desk never sends anything. An ``.eml`` file opens in Thunderbird,
Outlook (``X-Unsent: 1`` opens it as a draft ready to send) or Apple Mail,
addressed to the recipient, with the letter's subject, a short note in the
letter's language and the letter attached as a PDF; the user reads it over
and sends it from their own account.

The message says nothing about the computer that made it: no Date (the mail
client sets it when sending), no Message-ID (which would carry the host
name), no X-Mailer. The MIME boundary is derived from the content, so the
same letter always gives the same bytes. Headers are written without
SMTPUTF8: non-ASCII subjects and names become RFC 2047 encoded words and a
non-ASCII attachment name is encoded as RFC 2231 parameters, which every
mail client reads.
"""

from __future__ import annotations

import hashlib
import logging
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from typing import Sequence

from desktop.core.document import Document, Paragraph
from desktop.core.errors import N_, PetitionDeskError
from desktop.core.recipients import Recipient
from desktop.core.signers import Signer

log = logging.getLogger(__name__)

EML = "eml"
# RFC 5322 line endings; no SMTPUTF8 (utf8=False), so every header stays ASCII. Headers are not folded
# below RFC 5322's limit of 998 characters: some readers (Python's own among them) lose or add a space
# where a display name or subject is folded between two encoded words.
POLICY = policy.SMTP.clone(max_line_length=998)

NO_ADDRESS = N_("%(name)s has no e-mail address; no e-mail message was prepared")
BAD_ADDRESS = N_("“%(address)s” is not an e-mail address (name@example.org); correct the e-mail address of "
                 "%(name)s")


def has_address(recipient: Recipient) -> bool:
    return bool(recipient.email.strip())


def address(name: str, email: str, whose: str) -> Address:
    """``email`` with its display name, checked; a domain in another script is written as IDNA (xn--)."""
    text = email.strip()
    local, at, domain = text.rpartition("@")
    if not at or not local or not domain or any(c.isspace() or c in "<>,;\"()" for c in text) or "." not in domain:
        raise PetitionDeskError(BAD_ADDRESS, address=text, name=whose)
    if not local.isascii():
        # A non-ASCII local part needs SMTPUTF8, which many servers refuse.
        raise PetitionDeskError(BAD_ADDRESS, address=text, name=whose)
    if not domain.isascii():
        try:
            domain = domain.encode("idna").decode("ascii")
        except UnicodeError as exc:
            raise PetitionDeskError(BAD_ADDRESS, address=text, name=whose) from exc
    try:
        return Address(display_name=" ".join(name.split()), username=local, domain=domain)
    except (ValueError, TypeError) as exc:
        raise PetitionDeskError(BAD_ADDRESS, address=text, name=whose) from exc


def sender_of(signers: Sequence[Signer]) -> Signer | None:
    """The signer the message is from: the first one with an e-mail address (None: the mail client fills From)."""
    return next((s for s in signers if s.email.strip()), None)


def body_text(document: Document, signers: Sequence[Signer], phrases: dict[str, str]) -> str:
    """The note above the attachment, in the letter's language: salutation, one line, closing, names."""
    salutation = _role_text(document, "salutation", first=True)
    closing = _role_text(document, "closing", first=False)
    attached = phrases["email_attached_plural" if len(signers) > 1 else "email_attached"]
    parts = [p for p in (salutation, attached) if p]
    ending = [closing] if closing else []
    ending.extend(s.name for s in signers if s.name.strip())
    text = "\n\n".join(parts)
    if ending:
        text += "\n\n" + "\n".join(ending)
    return text + "\n"


def _role_text(document: Document, role: str, first: bool) -> str:
    found = [b.text.strip() for b in document.blocks if isinstance(b, Paragraph) and b.role == role]
    if not found:
        return ""
    return found[0] if first else found[-1]


def build_message(document: Document, pdf: bytes, pdf_name: str, recipient: Recipient,
                  signers: Sequence[Signer]) -> EmailMessage:
    """The message carrying ``pdf`` (the letter ``document`` as written) to ``recipient``."""
    from desktop.core.compose import load_phrases

    if not has_address(recipient):
        raise PetitionDeskError(NO_ADDRESS, name=recipient.display_name)
    phrases = load_phrases(document.language)
    recipient = recipient.in_language(document.language)
    signers = [s.in_language(document.language) for s in signers]
    message = EmailMessage(policy=POLICY)
    sender = sender_of(signers)
    if sender is not None:
        message["From"] = address(sender.name, sender.email, sender.name)
    message["To"] = address(_display_name(recipient), recipient.email, recipient.display_name)
    message["Subject"] = " ".join(document.title.split())
    message["X-Unsent"] = "1"
    body = body_text(document, signers, phrases)
    message.set_content(body, charset="utf-8", cte="quoted-printable")
    message.add_attachment(pdf, maintype="application", subtype="pdf", filename=pdf_name)
    # A boundary from the content instead of a random one: the same letter gives the same file.
    seed = "\0".join((str(message["To"]), str(message["Subject"]), body, pdf_name)).encode("utf-8")
    digest = hashlib.sha256(seed + pdf).hexdigest()[:32]
    message.set_boundary(f"petition-desk-{digest}")
    return message


def _display_name(recipient: Recipient) -> str:
    """The name shown in To: the person with their office, else the office or organisation."""
    if recipient.person and recipient.organisation:
        return f"{recipient.person}, {recipient.organisation}"
    return recipient.display_name


def message_bytes(document: Document, pdf: bytes, pdf_name: str, recipient: Recipient,
                  signers: Sequence[Signer]) -> bytes:
    """The ``.eml`` file's bytes."""
    return build_message(document, pdf, pdf_name, recipient, signers).as_bytes(policy=POLICY)
