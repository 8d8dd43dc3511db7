"""Digital signatures of exported PDFs (PAdES, with pyHanko) and their verification.

A PKCS#12 file is opened once per batch (``load_signer``); the key then
travels to worker processes as plain bytes in memory, never through a file,
and each process builds its pyHanko signer once. Verification is offline: no
certificate or revocation data is fetched, and whether the certificate
chains to a trusted root is reported apart from whether the signature is
intact, because self-signed certificates are normal for campaign groups.

A certificate is checked when it is loaded: one that has expired, is not
yet valid, or is not meant for signatures (its key usage, or its extended
key usage if it has one) is refused before anything is signed. ``verify``
reports the validity period and whether the certificate was valid when the
file was signed and is now.

pyHanko, asn1crypto and cryptography announce their own deprecations with
warnings that name files in site-packages; they mean nothing to a user, so
around the calls into them they go to the debug log instead of the terminal.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import logging
import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.core.errors import N_, PetitionDeskError
from desktop.core.files import MAX_CERTIFICATE_BYTES, read_bytes

log = logging.getLogger(__name__)

FIELD_NAME = "PetitionDeskSignature"
FieldBox = tuple[int, float, float, float, float]  # page index, x1, y1, x2, y2 of a visible signature

# Extended key usages that allow signing documents, when a certificate lists any.
DOCUMENT_SIGNING_USAGES = {
    "2.5.29.37.0": "anyExtendedKeyUsage",
    "1.3.6.1.5.5.7.3.36": "documentSigning",  # RFC 9336
    "1.3.6.1.5.5.7.3.4": "emailProtection",  # what most personal signing certificates carry
    "1.2.840.113583.1.1.5": "Adobe Authentic Documents Trust",
    "1.3.6.1.4.1.311.10.3.12": "Microsoft Document Signing",
    "1.3.6.1.4.1.311.80.1": "Microsoft Document Encryption",
}

# The libraries whose own deprecation warnings are logged rather than shown (see _library_warnings).
_LIBRARY_MODULES = r"(pyhanko|pyhanko_certvalidator|asn1crypto|cryptography)(\..*)?"
_LIBRARY_PATH = re.compile(r"[/\\](pyhanko|pyhanko_certvalidator|asn1crypto|cryptography)[/\\]")


def _deprecations() -> tuple[type[Warning], ...]:
    from cryptography.utils import CryptographyDeprecationWarning

    return (DeprecationWarning, PendingDeprecationWarning, CryptographyDeprecationWarning)


@contextlib.contextmanager
def _library_warnings() -> Iterator[None]:
    """Log the signing libraries' deprecation warnings at debug level instead of printing them.

    Only those categories, raised from those libraries' modules, are taken;
    any other warning raised meanwhile is passed on as if nothing had caught it.
    """
    categories = _deprecations()
    caught: list[warnings.WarningMessage] = []
    try:
        with warnings.catch_warnings(record=True) as caught:
            for category in categories:
                warnings.filterwarnings("always", category=category, module=_LIBRARY_MODULES)
            yield
    finally:
        for found in caught:
            if issubclass(found.category, categories) and _LIBRARY_PATH.search(found.filename or ""):
                log.debug("%s from %s line %d: %s", found.category.__name__, Path(found.filename).name,
                          found.lineno, found.message)
            else:
                warnings.warn_explicit(found.message, found.category, found.filename, found.lineno,
                                       source=found.source)


@dataclass
class Signer:
    """A loaded signing identity; picklable, so worker processes can sign too.

    The private key is kept unencrypted in memory only (PKCS#8 DER); the
    pyHanko signer built from it is cached per process and never pickled.
    """

    key_der: bytes
    chain_der: tuple[bytes, ...]  # the signing certificate first
    name: str
    _pyhanko: Any = field(default=None, repr=False, compare=False)
    _font: bytes | None = field(default=None, repr=False, compare=False)  # the stamp's small font

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state["_pyhanko"] = state["_font"] = None
        return state

    def __repr__(self) -> str:  # never show key material in logs or tracebacks
        return f"Signer(name={self.name!r})"

    def pyhanko_signer(self):
        if self._pyhanko is None:
            from asn1crypto import keys, x509
            from pyhanko_certvalidator.registry import SimpleCertificateStore

            with _library_warnings():
                certs = [x509.Certificate.load(der) for der in self.chain_der]
                self._pyhanko = _signer_class()(
                    signing_cert=certs[0],
                    signing_key=keys.PrivateKeyInfo.load(self.key_der),
                    cert_registry=SimpleCertificateStore.from_certs(certs[1:]),
                )
        return self._pyhanko


def _signer_class():
    """pyHanko's SimpleSigner, but the private key is parsed once, not once per signature.

    Parsing (and checking) an RSA key takes about 45 ms, more than the rest of
    signing a letter; the common mechanisms use the parsed key, others go to pyHanko.
    """
    from cryptography.hazmat.primitives.asymmetric.ec import ECDSA, EllipticCurvePrivateKey
    from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
    from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
    from cryptography.hazmat.primitives.serialization import load_der_private_key
    from pyhanko.sign.general import get_pyca_cryptography_hash
    from pyhanko.sign.signers import SimpleSigner

    class KeyOnceSigner(SimpleSigner):
        _parsed_key = None

        def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
            mechanism = self.get_signature_mechanism_for_digest(digest_algorithm)
            try:
                name = mechanism.signature_algo
            except ValueError:
                name = mechanism["algorithm"].native
            if self._parsed_key is None:
                self._parsed_key = load_der_private_key(self.signing_key.dump(), password=None)
            key, hash_algo = self._parsed_key, get_pyca_cryptography_hash(digest_algorithm)
            if name == "rsassa_pkcs1v15" and isinstance(key, RSAPrivateKey):
                return key.sign(data, PKCS1v15(), hash_algo)
            if name == "ecdsa" and isinstance(key, EllipticCurvePrivateKey):
                return key.sign(data, ECDSA(hash_algo))
            return super().sign_raw(data, digest_algorithm)

    return KeyOnceSigner


def load_signer(p12_path: Path, passphrase: bytes | None) -> Signer:
    """Open a PKCS#12 (.p12/.pfx) file; a wrong passphrase or a bad file is one clear error."""
    from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, pkcs12

    p12_path = Path(p12_path)
    data = read_bytes(p12_path, N_("The certificate file %(path)s cannot be read (%(reason)s). Choose a .p12 or .pfx file."),
                      missing=None, limit=MAX_CERTIFICATE_BYTES)
    try:
        with _library_warnings():
            key, cert, extra = pkcs12.load_key_and_certificates(data, passphrase or None)
    except ValueError:
        # cryptography cannot tell a wrong passphrase from a damaged file; the first is far more likely.
        raise PetitionDeskError(
            N_("The passphrase for the certificate file %(path)s is wrong, or the file is not a PKCS#12 "
               "(.p12/.pfx) file. Type the passphrase again or choose another file."),
            path=str(p12_path),
        ) from None
    except Exception as exc:  # e.g. an unsupported algorithm in an old file
        raise PetitionDeskError(
            N_("The certificate file %(path)s cannot be used (%(reason)s). Export it again as a .p12 file."),
            path=str(p12_path), reason=type(exc).__name__,
        ) from None
    if key is None or cert is None:
        raise PetitionDeskError(
            N_("The certificate file %(path)s holds no private key and certificate to sign with. "
               "Export it again with its private key."),
            path=str(p12_path),
        )
    check_certificate(cert, p12_path)
    key_der = key.private_bytes(Encoding.DER, PrivateFormat.PKCS8, NoEncryption())
    chain = (cert.public_bytes(Encoding.DER), *(c.public_bytes(Encoding.DER) for c in extra or ()))
    return Signer(key_der=key_der, chain_der=chain, name=_subject_name(chain[0]))


def _day(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def check_certificate(cert: Any, path: Path, now: dt.datetime | None = None) -> None:
    """Refuse a signing certificate that is expired, not yet valid, or not meant for signatures.

    ``cert`` is a ``cryptography`` certificate. The messages say the dates,
    or which usages the certificate has instead.
    """
    from cryptography import x509

    now = now or dt.datetime.now(dt.timezone.utc)
    start, end = cert.not_valid_before_utc, cert.not_valid_after_utc
    if now > end:
        log.info("signing certificate refused: expired")
        raise PetitionDeskError(
            N_("The certificate in %(path)s expired on %(end)s (it was valid from %(start)s). "
               "Renew it with whoever issued it, or choose another certificate file."),
            path=str(path), start=_day(start), end=_day(end),
        )
    if now < start:
        log.info("signing certificate refused: not yet valid")
        raise PetitionDeskError(
            N_("The certificate in %(path)s is not valid before %(start)s (it is valid until %(end)s). "
               "Check the computer's date and time, or sign after that date."),
            path=str(path), start=_day(start), end=_day(end),
        )
    try:
        usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        usage = None
    if usage is not None and not (usage.digital_signature or usage.content_commitment):
        log.info("signing certificate refused: key usage")
        raise PetitionDeskError(
            N_("The certificate in %(path)s may not be used for signatures: its key usage allows only "
               "%(usages)s. Choose a certificate made for signing documents."),
            path=str(path), usages=", ".join(_key_usages(usage)) or "-",
        )
    try:
        purposes = cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    except x509.ExtensionNotFound:
        purposes = None
    if purposes is not None and not any(oid.dotted_string in DOCUMENT_SIGNING_USAGES for oid in purposes):
        log.info("signing certificate refused: extended key usage")
        raise PetitionDeskError(
            N_("The certificate in %(path)s is made for other purposes (%(purposes)s), not for signing "
               "documents. Choose a certificate made for signing documents."),
            path=str(path), purposes=", ".join(getattr(oid, "_name", "") or oid.dotted_string for oid in purposes),
        )


def _key_usages(usage: Any) -> list[str]:
    names = ["digital_signature", "content_commitment", "key_encipherment", "data_encipherment", "key_agreement",
             "key_cert_sign", "crl_sign"]
    found = [name for name in names if getattr(usage, name)]
    if usage.key_agreement:
        found += [name for name in ("encipher_only", "decipher_only") if getattr(usage, name)]
    return found


def _subject_name(cert_der: bytes) -> str:
    from asn1crypto import x509

    cert = x509.Certificate.load(cert_der)
    native = cert.subject.native
    return str(native.get("common_name") or native.get("organization_name") or cert.subject.human_friendly)


def _signature_font(name: str) -> bytes:
    """The app's serif font cut down to the glyphs a stamp can use (it has Cyrillic).

    Subsetting the whole font with its layout tables takes about half a second;
    this small copy, made once per signer and process, makes each stamp cheap.
    """
    import string

    from fontTools import subset
    from fontTools.ttLib import TTFont

    from desktop.core.fonts import SERIF, font_files

    options = subset.Options(layout_closure=False, hinting=False, name_IDs=["*"], notdef_outline=True)
    options.drop_tables += ["GPOS", "GDEF", "GSUB"]
    font = TTFont(str(font_files()[SERIF.regular]))
    subsetter = subset.Subsetter(options=options)
    subsetter.populate(text=string.printable + name)
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def _stamp_style(signer: Signer):
    """The appearance: the signer's name and the time, small and right-aligned in the block."""
    from pyhanko.pdf_utils.layout import AxisAlignment, Margins, SimpleBoxLayoutRule
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.stamp import TextStampStyle

    if signer._font is None:
        signer._font = _signature_font(signer.name)
    return TextStampStyle(
        stamp_text="%(signer)s\n%(ts)s",
        timestamp_format="%Y-%m-%d %H:%M %Z",
        border_width=0,
        background=None,
        text_box_style=TextBoxStyle(font=_font_factory(signer._font), font_size=7),
        # Right-aligned and small, so it does not cover the name printed at the left of the block.
        inner_content_layout=SimpleBoxLayoutRule(
            x_align=AxisAlignment.ALIGN_MAX, y_align=AxisAlignment.ALIGN_MAX, margins=Margins(2, 2, 2, 2)
        ),
    )


def _font_factory(font: bytes):
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulator, GlyphAccumulatorFactory

    class InMemoryFont(GlyphAccumulatorFactory):
        """pyHanko's factory reads a font file by path; this one reads bytes already in memory."""

        def create_font_engine(self, writer, obj_stream=None) -> GlyphAccumulator:
            if obj_stream is None and writer.stream_xrefs and self.create_objstream_if_needed:
                obj_stream = writer.prepare_object_stream()
            return GlyphAccumulator(writer=writer, font_handle=io.BytesIO(font), font_size=self.font_size,
                                    obj_stream=obj_stream)

    return InMemoryFont(font_file="")


def sign_pdf(data: bytes, signer: Signer, field_box: FieldBox | None = None,
             reason: str | None = None, location: str | None = None) -> bytes:
    """Return ``data`` with a PAdES signature appended as an incremental update.

    With ``field_box`` the signature field is visible there; without, it is invisible.
    """
    with _library_warnings():
        return _sign_pdf(data, signer, field_box, reason, location)


def _sign_pdf(data: bytes, signer: Signer, field_box: FieldBox | None, reason: str | None,
              location: str | None) -> bytes:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign.fields import SigFieldSpec, SigSeedSubFilter
    from pyhanko.sign.signers import PdfSignatureMetadata, PdfSigner

    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    if field_box is not None:
        page, x1, y1, x2, y2 = field_box
        spec = SigFieldSpec(FIELD_NAME, on_page=page, box=(round(x1), round(y1), round(x2), round(y2)))
    else:
        spec = SigFieldSpec(FIELD_NAME)
    meta = PdfSignatureMetadata(field_name=FIELD_NAME, subfilter=SigSeedSubFilter.PADES,
                                reason=reason or None, location=location or None)
    pdf_signer = PdfSigner(meta, signer=signer.pyhanko_signer(), new_field_spec=spec,
                           stamp_style=_stamp_style(signer) if field_box is not None else None)
    try:
        # Room for the signature container given up front: otherwise pyHanko signs twice to measure it.
        # Counted in hex digits, two per byte; 4 KiB is ample for the attributes and signature value.
        reserved = 2 * (sum(len(der) for der in signer.chain_der) + 4096)
        out = pdf_signer.sign_pdf(writer, in_place=False, bytes_reserved=reserved)
    except Exception as exc:
        raise PetitionDeskError(
            N_("The PDF could not be signed (%(reason)s). Check the certificate file and export again."),
            reason=f"{type(exc).__name__}: {exc}"[:200],
        ) from exc
    return out.getvalue()


@dataclass
class VerifyResult:
    signed: bool
    signer_name: str = ""
    intact: bool = False  # the signed bytes are unchanged and the signature value is correct
    covers_whole_file: bool = False  # nothing was appended after the signature
    modified_after_signing: bool = False  # bytes changed, or a later update changes content
    trusted: bool = False  # the certificate chains to a trusted root (self-signed: False)
    signatures: int = 0
    signing_time: str = ""
    details: str = ""
    valid_from: dt.datetime | None = None  # the signing certificate's validity period
    valid_until: dt.datetime | None = None
    signed_at: dt.datetime | None = None  # when the signer's computer said it signed
    checked_at: dt.datetime | None = None  # when this check ran
    valid_at_signing: bool | None = None  # None: the file does not say when it was signed
    valid_now: bool | None = None

    @property
    def expired_now(self) -> bool:
        return self.valid_now is False and self.checked_at is not None and self.valid_until is not None \
            and self.checked_at > self.valid_until

    @property
    def ok(self) -> bool:
        """Intact, unchanged, and signed while the certificate was valid."""
        return self.signed and self.intact and not self.modified_after_signing and self.valid_at_signing is not False


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _within(moment: dt.datetime, start: dt.datetime | None, end: dt.datetime | None) -> bool | None:
    if start is None or end is None:
        return None
    return start <= moment <= end


def _quiet_pyhanko_logs() -> None:
    """pyHanko logs an untrusted (self-signed) chain with a traceback; the result already says so."""
    for name in ("pyhanko", "pyhanko_certvalidator"):
        logger = logging.getLogger(name)
        if not logger.handlers:
            logger.addHandler(logging.NullHandler())
            logger.propagate = False


def verify_pdf(path: Path) -> VerifyResult:
    """Check the last signature of a PDF offline (no fetching of certificates or revocation data)."""
    with _library_warnings():
        return _verify_pdf(Path(path))


def _verify_pdf(path: Path) -> VerifyResult:
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    _quiet_pyhanko_logs()
    data = read_bytes(path, missing=None)
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = list(reader.embedded_signatures)
    except Exception as exc:
        raise PetitionDeskError(N_("The file %(path)s is not a readable PDF (%(reason)s)."),
                                path=str(path), reason=type(exc).__name__) from None
    if not signatures:
        return VerifyResult(signed=False)
    sig = signatures[-1]
    result = VerifyResult(signed=True, signatures=len(signatures))
    try:
        result.signer_name = _subject_name(sig.signer_cert.dump())
        validity = sig.signer_cert["tbs_certificate"]["validity"]
        result.valid_from = validity["not_before"].native
        result.valid_until = validity["not_after"].native
        result.checked_at = _now()
        result.valid_now = _within(result.checked_at, result.valid_from, result.valid_until)
    except Exception as exc:  # a certificate asn1crypto cannot read: reported as having no name or dates
        log.debug("signer certificate unreadable: %s", type(exc).__name__)
    try:
        # The system's trust list is the only one there is offline; pyHanko's warning that it may
        # drop it goes to the debug log (see _library_warnings).
        context = ValidationContext(allow_fetching=False, revocation_mode="soft-fail")
        status = validate_pdf_signature(sig, context)
    except Exception as exc:  # a damaged signature container
        result.details = f"{type(exc).__name__}: {exc}"[:300]
        result.modified_after_signing = True
        return result
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    result.intact = bool(status.intact and status.valid)
    result.covers_whole_file = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    level = status.modification_level
    later_changes = level is not None and level not in (ModificationLevel.NONE, ModificationLevel.LTA_UPDATES)
    result.modified_after_signing = not result.intact or (not result.covers_whole_file and later_changes) \
        or (status.coverage is not None and status.coverage < SignatureCoverageLevel.ENTIRE_REVISION)
    result.trusted = bool(status.trusted)
    if status.signer_reported_dt is not None:
        signed_at = status.signer_reported_dt
        if signed_at.tzinfo is None:
            signed_at = signed_at.replace(tzinfo=dt.timezone.utc)
        result.signed_at = signed_at
        result.signing_time = signed_at.isoformat(timespec="seconds")
        result.valid_at_signing = _within(signed_at, result.valid_from, result.valid_until)
    return result
