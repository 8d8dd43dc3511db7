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
    start, cpu = time.perf_counter(), time.process_time()
    for i in range(n):
        doc = SimpleDocTemplate(str(out / f"base{i}.pdf"), pagesize=A4)
        doc.build([Paragraph(p, style) for p in escaped])
    return time.perf_counter() - start, time.process_time() - cpu


def baseline_docx(n: int, out: Path, paragraphs: list[str]) -> float:
    import docx

    start, cpu = time.perf_counter(), time.process_time()
    for i in range(n):
        d = docx.Document()
        for p in paragraphs:
            d.add_paragraph(p)
        d.save(str(out / f"base{i}.docx"))
    return time.perf_counter() - start, time.process_time() - cpu


def ours(n: int, out: Path, workers: int, **kwargs) -> float:
    draft = load_demo_draft()
    draft.recipients = recipients(draft, n)
    start, cpu = time.perf_counter(), time.process_time()
    report = run_export(ExportRequest(draft, out, workers=workers, language="en", **kwargs))
    elapsed = time.perf_counter() - start, time.process_time() - cpu
    assert not report.failures, report.failures[:3]
    return elapsed


def measure(fn, repeats: int = 3) -> tuple[float, float]:
    """Median wall-clock and CPU seconds of ``repeats`` runs."""
    runs = [fn() for _ in range(repeats)]
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)


def instructions(what: str, n: int) -> int | None:
    """Instructions one run executes, counted by valgrind's callgrind: the same on a busy machine or an idle one."""
    import re
    import shutil
    import subprocess

    if not shutil.which("valgrind"):
        return None
    code = (f"import sys; sys.path.insert(0, {str(Path(__file__).parent)!r}); import bench_export as b, tempfile; "
            f"from pathlib import Path; p, _ = b.sample_text(); d = Path(tempfile.mkdtemp()); "
            f"{what}")
    out = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
                          os.path.realpath(sys.executable), "-c", code.replace("N", str(n))],
                         capture_output=True, text=True).stderr
    found = re.search(r"Collected : (\d+)", out)
    return int(found.group(1)) if found else None


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 1000])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--instructions", type=int, default=40,
                        help="letters per run counted with callgrind (0: skip)")
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

            r = args.repeats
            base_pdf = measure(lambda: baseline_pdf(n, fresh("bp"), paragraphs), r)
            pdf1 = measure(lambda: ours(n, fresh("p1"), 1, formats=("pdf",)), r)
            pdf2 = measure(lambda: ours(n, fresh("p2"), 2, formats=("pdf",)), r)
            comb1 = measure(lambda: ours(n, fresh("c1"), 1, formats=("pdf",), combined=True), r)
            comb2 = measure(lambda: ours(n, fresh("c2"), 2, formats=("pdf",), combined=True), r)
            base_docx = measure(lambda: baseline_docx(n, fresh("bd"), paragraphs), r)
            docx1 = measure(lambda: ours(n, fresh("d1"), 1, formats=("docx",)), r)
            docx2 = measure(lambda: ours(n, fresh("d2"), 2, formats=("docx",)), r)
        rows.append((n, "PDF per recipient", base_pdf, pdf1, pdf2))
        rows.append((n, "combined PDF", base_pdf, comb1, comb2))
        rows.append((n, "DOCX per recipient", base_docx, docx1, docx2))
        print(f"n={n} done", file=sys.stderr)
    counted = []
    if args.instructions:
        # The cost of one more letter: a run of k + 1 letters minus a run of one, so what every run pays
        # once (starting Python, importing the libraries, registering the fonts, reading the template) is
        # not spread over the letters of one side only.
        k = args.instructions
        for what, base, our in (
            ("PDF per recipient", "b.baseline_pdf(N, d, p)", "b.ours(N, d, 1, formats=('pdf',))"),
            ("DOCX per recipient", "b.baseline_docx(N, d, p)", "b.ours(N, d, 1, formats=('docx',))"),
        ):
            counts = [instructions(code, n) for code in (base, our) for n in (1, k + 1)]
            if None not in counts:
                counted.append((what, (counts[1] - counts[0]) / k, (counts[3] - counts[2]) / k))
    lines = [
        "# Batch export benchmark",
        "",
        f"Measured {time.strftime('%Y-%m-%d')} on {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, by `python benchmarks/bench_export.py`.",
        "",
        f"Each letter is the demo appeal in English, {pages} pages. *Baseline*: the same words set as plain "
        "paragraphs with reportlab or python-docx alone, same fonts, one process: no template, letterhead, "
        "lists, signature image or page numbers. *Cost vs baseline*: our CPU time per letter on one core "
        "divided by the baseline's, measured in the same run (CPU time, so other work on a shared machine "
        "counts less than in wall-clock time; targets: ≤ 1.0 for PDF, ≤ 0.9 for DOCX). *Speed-up*: one "
        "core's wall-clock time divided by two cores' (target ≥ 1.8); other work on the machine during the "
        f"run lowers it most. Medians of {args.repeats} runs.",
        "",
        "| letters | output | baseline/s | ours, 1 core/s | ours, 2 cores/s | cost vs baseline (CPU) | speed-up on 2 cores |",
        "|---:|---|---:|---:|---:|---:|---:|",
    ]
    for n, what, base, one, two in rows:
        lines.append(f"| {n} | {what} | {n / base[0]:.1f} | {n / one[0]:.1f} | {n / two[0]:.1f} | "
                     f"{one[1] / base[1]:.2f}× | {one[0] / two[0]:.2f}× |")
    if counted:
        lines += [
            "",
            f"Instructions per letter counted by valgrind's callgrind: a run of {args.instructions + 1} letters "
            "minus a run of one, divided by the difference, so the cost of one more letter in a batch; what "
            "every run pays once (Python, imports, fonts, the template) is left out of both sides. The same "
            "count on a busy machine or an idle one.",
            "",
            "| output | baseline | ours, 1 core | cost vs baseline |",
            "|---|---:|---:|---:|",
        ]
        for what, base, our in counted:
            lines.append(f"| {what} | {base / 1e6:.1f} M | {our / 1e6:.1f} M | {our / base:.2f}× |")
    text = "\n".join(lines) + "\n"
    args.out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
