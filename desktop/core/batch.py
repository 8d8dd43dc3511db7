"""Batch export (mail merge): one file per recipient and format, or one combined PDF.

Large batches are spread over the machine's cores in worker processes;
progress is reported as items finish and a cancel token stops the rest.
A failed item is reported and the others go on. Every file is written to a
temporary name and renamed when complete, so a crash or a cancel never
leaves a half-written file behind.
"""

from __future__ import annotations

import contextlib
import io
import datetime as dt
import logging
import multiprocessing
import os
import tempfile
import threading
import time
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Sequence

from desktop.core.document import Document
from desktop.core.draft import DEFAULT_FILE_NAME, Draft
from desktop.core.errors import N_, Message, PetitionDeskError
from desktop.core.filenames import file_stems, safe_stem
from desktop.core.files import write_bytes_atomic
from desktop.core.recipients import Recipient

PARALLEL_THRESHOLD = 40  # below this, starting worker processes costs more than it saves
CHUNK_SIZE = 20

ProgressCallback = Callable[[int, int], None]  # (letters done, letters in all)

log = logging.getLogger(__name__)


class CancelToken:
    """Shared between the export and whoever may cancel it (a GUI button)."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()


@dataclass
class ExportRequest:
    draft: Draft
    out_dir: Path
    formats: tuple[str, ...] = ("pdf",)
    combined: bool = False
    file_name: str = DEFAULT_FILE_NAME
    language: str | None = None  # overrides the draft's language choice
    template: str | None = None  # overrides the draft's template
    workers: int | None = None  # None: decide from the batch size and the cores
    recipients: Sequence[Recipient] | None = None  # a selection; None: all of the draft's
    signing: Any = None  # a desktop.core.signing.Signer loaded once before the batch; None: unsigned PDFs


@dataclass(frozen=True)
class Job:
    index: int  # 1-based position in the batch
    recipient: Recipient
    language: str
    stem: str


@dataclass
class ItemFailure:
    index: int
    recipient: str
    message: Message


@dataclass
class ExportReport:
    files: list[Path] = field(default_factory=list)
    failures: list[ItemFailure] = field(default_factory=list)
    cancelled: bool = False
    letters: int = 0  # letters rendered successfully


@dataclass
class _Batch:
    """What every worker needs; sent once per process, not once per letter."""

    draft: Draft
    template_id: str
    date: dt.date
    formats: tuple[str, ...]
    out_dir: Path
    signing: Any = None  # a picklable Signer; each process builds its pyHanko signer once


def plan(request: ExportRequest) -> list[Job]:
    """The batch's items with their languages and unique file names."""
    from desktop.core.templates import get_template

    draft = request.draft
    info = get_template(request.template or draft.template)
    recipients = list(request.recipients if request.recipients is not None else draft.recipients)
    if not recipients:
        raise PetitionDeskError(N_("The draft has no recipients; add at least one recipient before exporting."))
    languages = []
    for recipient in recipients:
        language = request.language or draft.language_for(recipient, tuple(info.languages))
        info.require_language(language)
        languages.append(language)
    today = (draft.letter.date or dt.date.today()).isoformat()
    rows = [
        {
            "index": i,
            "recipient": r.display_name,
            "organisation": r.organisation,
            "person": r.person,
            "city": r.city,
            "country": r.country,
            "language": lang,
            "template": info.id,
            "date": today,
            "id": r.id,
        }
        for i, (r, lang) in enumerate(zip(recipients, languages), start=1)
    ]
    stems = file_stems(request.file_name, rows)
    return [Job(i, r, lang, stem) for i, (r, lang, stem) in enumerate(zip(recipients, languages, stems), start=1)]


def run_export(request: ExportRequest, progress: ProgressCallback | None = None,
               cancel: CancelToken | None = None) -> ExportReport:
    """Export the batch; returns what was written and what failed."""
    formats = tuple(dict.fromkeys(request.formats))
    if not formats or any(f not in ("pdf", "docx") for f in formats):
        raise PetitionDeskError(N_("Choose the formats to export: pdf, docx or both."))
    _check_out_dir(Path(request.out_dir))
    jobs = plan(request)
    batch = _Batch(
        draft=request.draft,
        template_id=request.template or request.draft.template,
        date=request.draft.letter.date or dt.date.today(),
        formats=formats,
        out_dir=Path(request.out_dir),
        signing=request.signing,
    )
    workers = _worker_count(request.workers, len(jobs))
    cancel = cancel or CancelToken()
    report = ExportReport()
    started = time.perf_counter()
    log.info("export started: %d letters, template %s, languages %s, formats %s, combined %s, workers %d, signed %s",
             len(jobs), batch.template_id, ",".join(sorted({j.language for j in jobs})), ",".join(formats),
             bool(request.combined), workers, request.signing is not None)
    if request.combined:
        _export_combined(batch, jobs, workers, report, progress, cancel, request)
        separate = tuple(f for f in formats if f != "pdf")
    else:
        separate = formats
    if separate and not report.cancelled:
        _export_separate(replace(batch, formats=separate), jobs, workers, report, progress, cancel,
                         count_letters=not request.combined)
    report.files.sort()
    for failure in report.failures:  # the message's id only: its parameters can hold names
        log.warning("export: letter %d failed: %r", failure.index, failure.message.text)
    log.info("export finished: %d letters, %d files, %d failed, cancelled %s, %.2f s",
             report.letters, len(report.files), len(report.failures), report.cancelled, time.perf_counter() - started)
    return report


def _check_out_dir(out_dir: Path) -> None:
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PetitionDeskError(
            N_("Cannot create the output folder %(folder)s (%(reason)s). Choose another folder."),
            folder=str(out_dir),
            reason=exc.strerror or str(exc),
        ) from exc
    if not os.access(out_dir, os.W_OK | os.X_OK):
        raise PetitionDeskError(
            N_("The output folder %(folder)s is not writable. Choose a folder you can write to."), folder=str(out_dir)
        )


def _worker_count(requested: int | None, jobs: int) -> int:
    if requested is not None:
        return max(1, requested)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return min(cores, 8) if jobs >= PARALLEL_THRESHOLD and cores > 1 else 1


def _chunks(jobs: list[Job], size: int) -> list[list[Job]]:
    return [jobs[i:i + size] for i in range(0, len(jobs), size)]


def _chunk_size(jobs: int, workers: int) -> int:
    # Small enough for smooth progress and prompt cancel, large enough to keep overhead low.
    return max(1, min(CHUNK_SIZE, -(-jobs // (workers * 4))))


# -- one document -----------------------------------------------------------

def render_job(batch: _Batch, job: Job) -> Document:
    from desktop.core.compose import LetterOptions, render_document
    from desktop.core.templates import get_template

    options = LetterOptions.from_draft(batch.draft, batch.date)
    info = get_template(batch.template_id)
    return render_document(info, job.language, batch.draft.case, job.recipient, batch.draft.signers, options)


def _write(document: Document, fmt: str, path: Path, signing: Any = None) -> None:
    buffer = io.BytesIO()
    if fmt == "pdf":
        from desktop.core.writers.pdf import write_pdf

        boxes: list = []
        write_pdf(document, buffer, signature_boxes=boxes)
        if signing is not None:  # signed in memory, so only the signed file is ever written
            from desktop.core.signing import sign_pdf

            data = sign_pdf(buffer.getvalue(), signing, boxes[0] if boxes else None)
            buffer = io.BytesIO(data)
    else:
        from desktop.core.writers.docx import write_docx

        write_docx(document, buffer)
    write_bytes_atomic(path, buffer.getvalue(), durable=False)


def _run_separate(batch: _Batch, jobs: list[Job]) -> list[tuple[int, list[Path], ItemFailure | None]]:
    results = []
    for job in jobs:
        written: list[Path] = []
        try:
            document = render_job(batch, job)
            for fmt in batch.formats:
                target = batch.out_dir / f"{job.stem}.{fmt}"
                _write(document, fmt, target, batch.signing)
                written.append(target)
            results.append((job.index, written, None))
        except Exception as exc:  # one bad letter must not stop the batch
            results.append((job.index, written, _failure(job, exc)))
    return results


def _run_combined_chunk(batch: _Batch, jobs: list[Job], target: Path) -> tuple[int, list[ItemFailure]]:
    from desktop.core.writers.pdf import write_pdf_combined

    documents, failures = [], []
    for job in jobs:
        try:
            documents.append(render_job(batch, job))
        except Exception as exc:
            failures.append(_failure(job, exc))
    if documents:
        write_pdf_combined(documents, target)
    return len(documents), failures


def _failure(job: Job, exc: BaseException) -> ItemFailure:
    if isinstance(exc, PetitionDeskError):
        message = exc.msg
        if hasattr(exc, "problems"):
            message = Message(N_("%(problems)s"), {"problems": "; ".join(str(p) for p in exc.problems)})
    else:
        log.error("export: letter %d hit an internal error", job.index, exc_info=exc)
        message = Message(N_("Unexpected error: %(reason)s"), {"reason": f"{type(exc).__name__}: {exc}"})
    return ItemFailure(job.index, job.recipient.display_name, message)


# -- worker processes --------------------------------------------------------

_WORKER_BATCH: _Batch | None = None


def _init_worker(batch: _Batch) -> None:
    global _WORKER_BATCH
    _WORKER_BATCH = batch


def _worker_separate(jobs: list[Job]):
    assert _WORKER_BATCH is not None
    return _run_separate(_WORKER_BATCH, jobs)


def _worker_combined(jobs: list[Job], target: Path):
    assert _WORKER_BATCH is not None
    return _run_combined_chunk(_WORKER_BATCH, jobs, target)


def _pool(batch: _Batch, workers: int) -> ProcessPoolExecutor:
    # fork is fast and safe from a single-threaded command line; a GUI has
    # threads, and forking a threaded process can deadlock, so it spawns.
    method = "fork" if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods() else "spawn"
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method),
                               initializer=_init_worker, initargs=(batch,))


def _drain(futures: dict[Future, Any], cancel: CancelToken, on_done: Callable[[Future, Any], None]) -> bool:
    """Collect finished futures; returns False if cancelled."""
    pending = set(futures)
    while pending:
        done, pending = wait(pending, timeout=0.1, return_when=FIRST_COMPLETED)
        for future in done:
            on_done(future, futures[future])
        if cancel.cancelled:
            for future in pending:
                future.cancel()
            for future in pending:  # chunks already running finish their files cleanly
                with contextlib.suppress(Exception):
                    if not future.cancelled():
                        on_done(future, futures[future])
            return False
    return True


def _export_separate(batch: _Batch, jobs: list[Job], workers: int, report: ExportReport,
                     progress: ProgressCallback | None, cancel: CancelToken, count_letters: bool = True) -> None:
    total, done = len(jobs), 0

    def record(results) -> None:
        nonlocal done
        for _, written, failure in results:
            report.files.extend(written)
            if failure:
                report.failures.append(failure)
            elif count_letters:
                report.letters += 1
            done += 1
        if progress:
            progress(done, total)

    if workers == 1:
        for job in jobs:
            if cancel.cancelled:
                report.cancelled = True
                return
            record(_run_separate(batch, [job]))
        return
    with _pool(batch, workers) as pool:
        futures = {pool.submit(_worker_separate, chunk): chunk for chunk in _chunks(jobs, _chunk_size(total, workers))}

        def on_done(future: Future, chunk: list[Job]) -> None:
            try:
                record(future.result())
            except Exception as exc:  # a worker died: its letters failed, the rest go on
                record([(job.index, [], _failure(job, exc)) for job in chunk])

        report.cancelled = not _drain(futures, cancel, on_done)


def _export_combined(batch: _Batch, jobs: list[Job], workers: int, report: ExportReport,
                     progress: ProgressCallback | None, cancel: CancelToken, request: ExportRequest) -> None:
    from desktop.core.templates import get_template

    info = get_template(batch.template_id)
    # The draft's title names its own template's output; another template's output is named after that template.
    own = not request.template or request.template == request.draft.template
    stem = safe_stem((request.draft.title if own else "") or info.title(jobs[0].language))
    target = batch.out_dir / f"{stem}.pdf"
    total, done = len(jobs), 0
    chunks = _chunks(jobs, _chunk_size(total, workers) if workers > 1 else total)
    with tempfile.TemporaryDirectory(prefix=".petition-desk-", dir=batch.out_dir) as tmp:
        parts: dict[int, Path] = {}

        def record(position: int, part: Path, rendered: int, failures: list[ItemFailure], size: int) -> None:
            nonlocal done
            if rendered:
                parts[position] = part
            report.letters += rendered
            report.failures.extend(failures)
            done += size
            if progress:
                progress(done, total)

        if workers == 1:
            for position, chunk in enumerate(chunks):
                if cancel.cancelled:
                    report.cancelled = True
                    return
                part = Path(tmp) / f"{position:05d}.pdf"
                rendered, failures = _run_combined_chunk(batch, chunk, part)
                record(position, part, rendered, failures, len(chunk))
        else:
            with _pool(batch, workers) as pool:
                futures = {}
                for position, chunk in enumerate(chunks):
                    part = Path(tmp) / f"{position:05d}.pdf"
                    futures[pool.submit(_worker_combined, chunk, part)] = (chunk, position, part)

                def on_done(future: Future, value: tuple[list[Job], int, Path]) -> None:
                    chunk, position, part = value
                    try:
                        rendered, failures = future.result()
                    except Exception as exc:
                        rendered, failures = 0, [_failure(job, exc) for job in chunk]
                    record(position, part, rendered, failures, len(chunk))

                if not _drain(futures, cancel, on_done):
                    report.cancelled = True
                    return
        if cancel.cancelled:
            report.cancelled = True
            return
        if parts:
            languages = {job.language for job in jobs}
            draft = request.draft
            author = draft.signers[0].name if draft.letter.include_author and draft.signers else ""
            _join_pdfs([parts[k] for k in sorted(parts)], target, stem,
                       languages.pop() if len(languages) == 1 else "", author, batch.signing)
            report.files.append(target)
    report.failures.sort(key=lambda f: f.index)


def _join_pdfs(parts: list[Path], target: Path, title: str, language: str, author: str = "",
               signing: Any = None) -> None:
    """Join the chunk files into ``target``; with ``signing``, one invisible signature over the whole."""
    if len(parts) == 1:
        data = parts[0].read_bytes()  # already carries its own metadata
    else:
        from pypdf import PdfWriter
        from pypdf.generic import NameObject, TextStringObject

        writer = PdfWriter()
        for part in parts:
            writer.append(str(part))
        metadata = {"/Title": title, "/Creator": "Petition Desk", "/Producer": "Petition Desk"}
        if author:  # only when the user chose to show the signer
            metadata["/Author"] = author
        writer.add_metadata(metadata)
        if language:
            writer._root_object[NameObject("/Lang")] = TextStringObject(language)
        joined = io.BytesIO()
        writer.write(joined)
        data = joined.getvalue()
    if signing is not None:
        from desktop.core.signing import sign_pdf

        data = sign_pdf(data, signing, None)
    write_bytes_atomic(target, data, durable=False)
