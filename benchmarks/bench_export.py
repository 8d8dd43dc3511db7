"""Batch export speed beside bare reportlab / python-docx baselines.

Run: python benchmarks/bench_export.py [--sizes 200 1000] [--out benchmarks/RESULTS.md]

Each measurement is taken in the same run as its baseline, and results are
given as letters per second and as ratios, since the machines are shared
and absolute times are noisy. The baseline writes the same one-page letter
(the same words, the same embedded fonts) with the library alone: no
template, no document model, no atomic writes.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from desktop.core.batch import ExportRequest, run_export  # noqa: E402
from desktop.core.demo import load_demo_draft  # noqa: E402


def recipients(draft, n):
    base = draft.recipients
    return [dataclasses.replace(base[i % len(base)], id=f"r{i}", organisation=f"{base[i % len(base)].organisation} {i}")
            for i in range(n)]


def sample_text() -> tuple[list[str], str]:
    """The paragraphs of one real letter, so the baseline sets the same words."""
    document = sample_document()
    return document.plain_text().split("\n"), document.title


def sample_document():
    """The demo letter to its English-language embassy, as the export makes it."""
    from desktop.core.plan import document_for, render

    plan, doc = document_for(load_demo_draft(), 3, "en")
    return render(plan, doc)


def letter_pages() -> int:
    import io

    from pypdf import PdfReader

    from desktop.core.writers.pdf import write_pdf

    buffer = io.BytesIO()
    write_pdf(sample_document(), buffer)
    return len(PdfReader(buffer).pages)


def baseline_pdf(n: int, out: Path, paragraphs: list[str]) -> float:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    from desktop.core.fonts import register_fonts

    style = ParagraphStyle("body", fontName=register_fonts().regular, fontSize=11, leading=14.5)
    escaped = [p.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") for p in paragraphs]
    start = time.perf_counter()
    for i in range(n):
        doc = SimpleDocTemplate(str(out / f"base{i}.pdf"), pagesize=A4)
        doc.build([Paragraph(p, style) for p in escaped])
    return time.perf_counter() - start


def baseline_docx(n: int, out: Path, paragraphs: list[str]) -> float:
    import docx

    start = time.perf_counter()
    for i in range(n):
        d = docx.Document()
        for p in paragraphs:
            d.add_paragraph(p)
        d.save(str(out / f"base{i}.docx"))
    return time.perf_counter() - start


def ours(n: int, out: Path, workers: int, **kwargs) -> float:
    draft = load_demo_draft()
    draft.recipients = recipients(draft, n)
    start = time.perf_counter()
    report = run_export(ExportRequest(draft, out, workers=workers, language="en", **kwargs))
    elapsed = time.perf_counter() - start
    assert not report.failures, report.failures[:3]
    return elapsed


def measure(fn, repeats: int = 1) -> float:
    return statistics.median(fn() for _ in range(repeats))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 1000])
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results-export.md")
    args = parser.parse_args()
    paragraphs, _ = sample_text()
    pages = letter_pages()
    rows = []
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            t = Path(tmp)

            def fresh(name: str) -> Path:
                folder = t / f"{name}-{time.perf_counter_ns()}"
                folder.mkdir()
                return folder

            base_pdf = measure(lambda: baseline_pdf(n, fresh("bp"), paragraphs))
            pdf1 = measure(lambda: ours(n, fresh("p1"), 1, formats=("pdf",)))
            pdf2 = measure(lambda: ours(n, fresh("p2"), 2, formats=("pdf",)))
            comb1 = measure(lambda: ours(n, fresh("c1"), 1, formats=("pdf",), combined=True))
            comb2 = measure(lambda: ours(n, fresh("c2"), 2, formats=("pdf",), combined=True))
            base_docx = measure(lambda: baseline_docx(n, fresh("bd"), paragraphs))
            docx1 = measure(lambda: ours(n, fresh("d1"), 1, formats=("docx",)))
            docx2 = measure(lambda: ours(n, fresh("d2"), 2, formats=("docx",)))
        rows.append((n, "PDF per recipient", base_pdf, pdf1, pdf2))
        rows.append((n, "combined PDF", base_pdf, comb1, comb2))
        rows.append((n, "DOCX per recipient", base_docx, docx1, docx2))
        print(f"n={n} done", file=sys.stderr)
    lines = [
        "# Batch export benchmark",
        "",
        f"Measured {time.strftime('%Y-%m-%d')} on {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, by `python benchmarks/bench_export.py`.",
        "",
        f"Letters per second (higher is better). Each letter is the demo appeal in English, {pages} pages. "
        "*Baseline*: the same words set as plain paragraphs with reportlab or python-docx alone, same "
        "fonts, one process: no template, letterhead, lists, signature image or page numbers. *Cost vs "
        "baseline*: our per-letter time on one core divided by the baseline's (target ≤ 1.2). *Speed-up*: "
        "one core's time divided by two cores' (target ≥ 1.6 for 1,000 letters). Other work on the "
        "machine during the run lowers the two-core figures most.",
        "",
        "| letters | output | baseline/s | ours, 1 core/s | ours, 2 cores/s | cost vs baseline | speed-up on 2 cores |",
        "|---:|---|---:|---:|---:|---:|---:|",
    ]
    for n, what, base, one, two in rows:
        lines.append(f"| {n} | {what} | {n / base:.1f} | {n / one:.1f} | {n / two:.1f} | "
                     f"{one / base:.2f}× | {one / two:.2f}× |")
    text = "\n".join(lines) + "\n"
    args.out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
