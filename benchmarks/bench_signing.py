"""What digital signatures add to a batch export, beside unsigned export in the same run.

Run: python benchmarks/bench_signing.py [--letters 200] [--workers 1] [--out benchmarks/results-signing.md]

Exports the same letters unsigned, signed with an RSA-2048 key and signed with
an EC P-256 key (self-signed certificates made here), one process, and
reports the extra milliseconds per letter. The PKCS#12 file is opened once
per batch, inside the timed run, as the app does. Target (measured, not
tested): signing adds at most 30 ms per letter with an EC key.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from desktop.core.batch import ExportRequest, run_export  # noqa: E402
from desktop.core.demo import load_demo_draft  # noqa: E402
from desktop.core.signing import load_signer, verify_pdf  # noqa: E402

PASSPHRASE = b"benchmark"
TARGET_MS = 30.0


def make_p12(path: Path, kind: str) -> None:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec, rsa
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(65537, 2048) if kind == "rsa" else ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"Benchmark signer ({kind})")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=30)).sign(key, hashes.SHA256()))
    path.write_bytes(pkcs12.serialize_key_and_certificates(
        b"bench", key, cert, None, serialization.BestAvailableEncryption(PASSPHRASE)))


def export(n: int, out: Path, workers: int, p12: Path | None) -> float:
    draft = load_demo_draft()
    base = draft.recipients
    draft.recipients = [dataclasses.replace(base[i % len(base)], id=f"r{i}") for i in range(n)]
    start = time.perf_counter()
    signer = load_signer(p12, PASSPHRASE) if p12 else None  # once per batch, as the app does
    report = run_export(ExportRequest(draft, out, workers=workers, language="en", signing=signer))
    elapsed = time.perf_counter() - start
    assert not report.failures and len(report.files) == n, report.failures[:3]
    if p12:
        assert verify_pdf(report.files[-1]).ok
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--letters", type=int, default=200)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results-signing.md")
    args = parser.parse_args()
    n = args.letters
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        for kind in ("rsa", "ec"):
            make_p12(t / f"{kind}.p12", kind)
        export(5, t / "warm", args.workers, t / "ec.p12")  # fonts and imports loaded before timing
        # Interleaved so that load from other work on the machine hits all three alike.
        times: dict[str, list[float]] = {"unsigned": [], "rsa": [], "ec": []}
        for round_ in range(2):
            for label in times:
                p12 = None if label == "unsigned" else t / f"{label}.p12"
                times[label].append(export(n, t / f"{label}-{round_}", args.workers, p12))
    best = {label: min(values) for label, values in times.items()}
    per_letter = {label: 1000 * value / n for label, value in best.items()}
    rows = [
        ("unsigned", per_letter["unsigned"], 0.0),
        ("signed, RSA 2048", per_letter["rsa"], per_letter["rsa"] - per_letter["unsigned"]),
        ("signed, EC P-256", per_letter["ec"], per_letter["ec"] - per_letter["unsigned"]),
    ]
    lines = [
        "# Signing benchmark",
        "",
        f"Measured {dt.date.today().isoformat()} on {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, by `python benchmarks/bench_signing.py --letters {n} "
        f"--workers {args.workers}`.",
        "",
        f"{n} letters (the demo appeal in English, one PDF per recipient), {args.workers} process(es); the best of "
        "two interleaved runs each. Signing: PAdES with pyHanko, visible field over the signature block, the "
        f"PKCS#12 file opened once per batch. Target: an EC key adds at most {TARGET_MS:.0f} ms per letter.",
        "",
        "| export | letters/s | ms per letter | added by signing, ms per letter |",
        "|---|---:|---:|---:|",
    ]
    for label, ms, added in rows:
        lines.append(f"| {label} | {1000 / ms:.1f} | {ms:.1f} | {added:+.1f} |")
    verdict = "met" if per_letter["ec"] - per_letter["unsigned"] <= TARGET_MS else "NOT met"
    lines += ["", f"EC target ({TARGET_MS:.0f} ms per letter): {verdict}.", ""]
    text = "\n".join(lines)
    print(text)
    args.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
