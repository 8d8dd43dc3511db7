"""Write a throwaway self-signed signing certificate (PKCS#12) for smoke tests.

    python tools/make_test_certificate.py OUT.p12 PASSPHRASE

Only for checking that signing and ``petition-desk verify`` work in an
installed copy; nobody should sign a real letter with it.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID


def make_p12(path: Path, passphrase: bytes, name: str = "Smoke Test Signer") -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False, False), critical=True)
        .sign(key, hashes.SHA256())
    )
    path.write_bytes(pkcs12.serialize_key_and_certificates(
        b"smoke", key, cert, None, serialization.BestAvailableEncryption(passphrase)))


if __name__ == "__main__":
    make_p12(Path(sys.argv[1]), sys.argv[2].encode("utf-8"))
