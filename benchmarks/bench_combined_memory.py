"""Peak memory of a large combined print file (issue 10: the streaming joiner).

Run: python benchmarks/bench_combined_memory.py [--letters 10000] [--workers 2]
     [--out benchmarks/results-export-memory.md]

The export runs in a child process (``--child``), so the figures are its own:
the peak resident set of the main process (``getrusage(RUSAGE_SELF)``) and the
largest peak among its worker processes (``getrusage(RUSAGE_CHILDREN)`` once
the pool has been shut down and its workers reaped). Forked workers share the
pages they inherit from the main process, so their figure includes those.
The file's size and page count are read afterwards, in this process. The
target is a peak of at most 300 MB in every process, whatever the number of
letters.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_MB = 300


def _mb(maxrss_kb: int) -> float:
    # Linux reports ru_maxrss in kilobytes, macOS in bytes.
    return maxrss_kb / (1024 * 1024 if sys.platform == "darwin" else 1024)


def child(letters: int, workers: int, out: Path) -> None:
    """Run the export and print what it measured as one JSON line."""
    from desktop.core.batch import ExportRequest, run_export
    from desktop.core.demo import load_demo_draft

    draft = load_demo_draft()
    base = draft.recipients
    draft.recipients = [
        dataclasses.replace(base[i % len(base)], id=f"r{i}", organisation=f"{base[i % len(base)].organisation} {i}")
        for i in range(letters)
    ]
    started = time.perf_counter()
    report = run_export(ExportRequest(draft, out, formats=("pdf",), combined=True, workers=workers))
    seconds = time.perf_counter() - started
    print(json.dumps({
        "seconds": seconds,
        "letters": report.letters,
        "failures": len(report.failures),
        "files": [str(f) for f in report.files],
        "main_mb": _mb(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss),
        "workers_mb": _mb(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss),
    }))


def measure(letters: int, workers: int) -> dict:
    from pypdf import PdfReader

    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "PYTHONPATH": str(ROOT), "PETITION_DESK_DATA_DIR": str(Path(tmp) / "data")}
        result = subprocess.run([sys.executable, __file__, "--child", "--letters", str(letters),
                                 "--workers", str(workers), "--dir", str(Path(tmp) / "out")],
                                env=env, capture_output=True, text=True, check=True)
        figures = json.loads(result.stdout.strip().splitlines()[-1])
        (path,) = figures.pop("files")
        figures["size_mb"] = Path(path).stat().st_size / 1e6
        figures["pages"] = len(PdfReader(path).pages)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--letters", type=int, default=10000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name("results-export-memory.md"))
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--dir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.letters, args.workers, args.dir)
        return
    f = measure(args.letters, args.workers)
    verdict = "yes" if max(f["main_mb"], f["workers_mb"]) <= TARGET_MB else "**no**"
    row = (f"| {dt.date.today().isoformat()} | {args.letters} | {args.workers} | {f['letters']} | {f['failures']} | "
           f"{f['pages']} | {f['size_mb']:.1f} | {f['main_mb']:.0f} | {f['workers_mb']:.0f} | {f['seconds']:.0f} | "
           f"{verdict} |")
    print(row)
    if not args.out.exists():
        args.out.write_text(
            "# Combined print file: peak memory\n\n"
            f"By `python benchmarks/bench_combined_memory.py` on {platform.machine()}, {os.cpu_count()} cores, "
            f"Python {platform.python_version()}. One combined PDF of the demo appeal (3 pages a letter) to N "
            "recipients, through `run_export(combined=True)`, in a child process. *Main*: peak RSS of the "
            "exporting process; *workers*: the largest peak RSS among its worker processes (forked, so pages "
            f"shared with the main process count in both). Target: at most {TARGET_MB} MB in every process.\n\n"
            "| date | letters | workers | written | failed | pages | file MB | main peak MB | worker peak MB "
            "| seconds | ≤ 300 MB |\n"
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n",
            encoding="utf-8")
    with args.out.open("a", encoding="utf-8") as results:
        results.write(row + "\n")


if __name__ == "__main__":
    main()
