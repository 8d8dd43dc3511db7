"""Digital signatures of exported PDFs (PAdES, with pyHanko) and their verification.

A PKCS#12 file is opened once per batch (``load_signer``); the key then
travels to worker processes as plain bytes in memory, never through a file,
and each process builds its pyHanko signer once. Verification is offline: no
certificate or revocation data is fetched, and whether the certificate
chains to a trusted root is reported apart from whether the signature is
intact, because self-signed certificates are normal for campaign groups.
"""

from __future__ import annotations

import io
import logging
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.core.errors import N_, PetitionDeskError
from desktop.core.files import MAX_CERTIFICATE_BYTES, read_bytes

FIELD_NAME = "PetitionDeskSignature"

# (0-based page index, x1, y1, x2, y2) in PDF points from the page's lower left corner.
FieldBox = tuple[int, float, float, float, float]


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
    key_der = key.private_bytes(Encoding.DER, PrivateFormat.PKCS8, NoEncryption())
    chain = (cert.public_bytes(Encoding.DER), *(c.public_bytes(Encoding.DER) for c in extra or ()))
    return Signer(key_der=key_der, chain_der=chain, name=_subject_name(chain[0]))


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

    @property
    def ok(self) -> bool:
        return self.signed and self.intact and not self.modified_after_signing


def _quiet_pyhanko_logs() -> None:
    """pyHanko logs an untrusted (self-signed) chain with a traceback; the result already says so."""
    for name in ("pyhanko", "pyhanko_certvalidator"):
        logger = logging.getLogger(name)
        if not logger.handlers:
            logger.addHandler(logging.NullHandler())
            logger.propagate = False


def verify_pdf(path: Path) -> VerifyResult:
    """Check the last signature of a PDF offline (no fetching of certificates or revocation data)."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    _quiet_pyhanko_logs()
    path = Path(path)
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
    except Exception:
        result.signer_name = ""
    try:
        with warnings.catch_warnings():
            # The system's trust list is the only one there is offline; pyHanko warns it may drop it.
            warnings.simplefilter("ignore", DeprecationWarning)
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
        result.signing_time = status.signer_reported_dt.isoformat(timespec="seconds")
    return result
