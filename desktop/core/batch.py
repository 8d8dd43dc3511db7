"""Batch export (mail merge): writes what the draft's :class:`~desktop.core.plan.ExportPlan` says.

The plan decides which documents there are (a letter per recipient, a set of
petition sheets per language, a resolution per language), their paper and
their names; a plan with problems is refused before anything is written,
listing them all, exactly as ``petition-desk check`` lists them.

Large batches are spread over the machine's cores in worker processes that
die with the export (a killed export leaves no worker writing files);
progress is reported as items finish and a cancel token stops the rest. A
failed item is reported and the others go on. Every file is written to a
temporary name and renamed when complete, so a crash or a cancel never
leaves a half-written file behind; leftovers of an export that was killed
are removed by the next one.

A combined print file is written in parts by the workers and joined as the
parts arrive, in order, by a streaming joiner: memory stays that of a part,
whatever the number of letters. Documents on different paper sizes go to
one print file per size, so each print run uses one tray.
"""

from __future__ import annotations

import contextlib
import io
import logging
import multiprocessing
import os
import shutil
import signal
import sys
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
from desktop.core.files import write_bytes_atomic
from desktop.core.plan import SHEETS, ExportPlan, PlannedDocument, make_plan, render
from desktop.core.recipients import Recipient

log = logging.getLogger(__name__)

PARALLEL_THRESHOLD = 40  # below this, starting worker processes costs more than it saves
CHUNK_SIZE = 20  # letters per task written separately: smooth progress, prompt cancel
COMBINED_PART = 100  # letters per part of a combined file: bounds the memory a part needs
MAX_WORKERS = 8
TEMP_PREFIX = ".petition-desk-"

ProgressCallback = Callable[[int, int], None]  # (documents done, documents in all)

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
    combined: bool = False  # one print file (PDF) instead of one PDF per document
    file_name: str = DEFAULT_FILE_NAME
    language: str | None = None  # overrides the draft's language choice
    template: str | None = None  # overrides the draft's template
    workers: int | None = None  # None: decide from the batch size and the cores
    recipients: Sequence[Recipient] | None = None  # a selection; None: all of the draft's
    signing: Any = None  # a desktop.core.signing.Signer loaded once before the batch; None: unsigned PDFs
    duplex: bool = False  # combined file: a blank page after a document with an odd page count
    allow_missing_glyphs: bool = False  # the user accepts that characters no font has print as boxes in PDFs
    references: bool = False  # letters get a reference number, for the correspondence log (see correspondence)
    embed_fonts: bool = True  # DOCX files carry the font faces they use (subset), so they look alike everywhere


@dataclass
class ItemFailure:
    index: int
    recipient: str
    message: Message


@dataclass(frozen=True)
class MailItem:
    """A letter of an ``eml`` export: its recipient, and the message written for it (None: no address)."""

    index: int  # the document's position in the plan
    recipient_id: str
    recipient: str  # display name
    file: Path | None = None


@dataclass
class ExportReport:
    files: list[Path] = field(default_factory=list)
    failures: list[ItemFailure] = field(default_factory=list)
    cancelled: bool = False
    letters: int = 0  # documents made successfully
    notes: list[Message] = field(default_factory=list)  # what the user should know about the files
    emailed: list[MailItem] = field(default_factory=list)  # eml: messages prepared, one per recipient
    without_address: list[MailItem] = field(default_factory=list)  # eml: recipients with no e-mail address


def plan_for(request: ExportRequest, check: bool = True) -> ExportPlan:
    """The plan of ``request``: the same one ``petition-desk check`` validates."""
    formats = request.formats
    if request.combined:
        formats = tuple(f for f in formats if f != "pdf") + ("pdf",)
    return make_plan(request.draft, template=request.template, language=request.language,
                     recipients=request.recipients, formats=formats, combined=request.combined,
                     file_name=request.file_name, check=check,
                     allow_missing_glyphs=request.allow_missing_glyphs, references=request.references)


def run_export(request: ExportRequest, progress: ProgressCallback | None = None,
               cancel: CancelToken | None = None, plan: ExportPlan | None = None) -> ExportReport:
    """Export the batch; returns what was written and what failed.

    A plan with problems is refused (a :class:`ValidationError` listing
    them all) before any file is written. ``plan``: the request's plan, when
    the caller already made it with :func:`plan_for` to show its notes.
    """
    started = time.perf_counter()
    plan = plan or plan_for(request)
    plan.require_ok()
    out_dir = Path(request.out_dir)
    created = _check_out_dir(out_dir)
    _remove_leftovers(out_dir)
    workers = worker_count(request.workers, len(plan.documents))
    cancel = cancel or CancelToken()
    report = ExportReport()
    job = _Job(plan, out_dir, request.signing, request.duplex, embed_fonts=request.embed_fonts)
    separate = tuple(f for f in plan.formats if not (request.combined and f == "pdf"))
    total = len(plan.documents) * (1 if request.combined else 0) + (len(plan.documents) if separate else 0)
    counter = _Progress(total, progress)
    log.info("export started: %d documents (%s), template %s, languages %s, formats %s, combined %s, workers %d, "
             "signed %s", len(plan.documents), plan.kind, plan.template.id if plan.template else "",
             ",".join(sorted({d.language for d in plan.documents})), ",".join(plan.formats), bool(request.combined),
             workers, request.signing is not None)
    try:
        if request.combined:
            _export_combined(job, workers, report, counter, cancel)
        if separate and not report.cancelled:
            _export_separate(replace(job, formats=separate), workers, report, counter, cancel,
                             count=not request.combined)
    finally:
        if created and not any(out_dir.iterdir()):
            with contextlib.suppress(OSError):
                out_dir.rmdir()  # a failed export leaves no empty folder behind
    report.files.sort()
    report.failures.sort(key=lambda f: f.index)
    if report.files and plan.kind == SHEETS:
        _register_sheets(plan, report)
    _report_mail(plan, out_dir, report)
    for failure in report.failures:  # the message's id only: its parameters can hold names
        log.warning("export: document %d failed: %r", failure.index, failure.message.text)
    log.info("export finished: %d letters, %d files, %d failed, cancelled %s, %.2f s (%d documents, %s, "
             "%d workers)", report.letters, len(report.files), len(report.failures), report.cancelled,
             time.perf_counter() - started, len(plan.documents), plan.kind, workers)
    return report


def _register_sheets(plan: ExportPlan, report: ExportReport) -> None:
    """Remember the printed petition sheets in the library, so their returns can be counted and checked.

    The files are written whatever happens here: a library that cannot be
    changed is a note, not a failed export.
    """
    from desktop.core.sheet_register import register_export

    try:
        register_export(plan)
    except PetitionDeskError as exc:
        log.warning("export: the petition sheets were not registered in the library: %r", exc.msg.text)
        report.notes.append(Message(N_("The sheets were written, but the library could not record them, so returned "
                                       "sheets cannot be checked against their rows: %(reason)s"),
                                    {"reason": exc.msg}))
def _report_mail(plan: ExportPlan, out_dir: Path, report: ExportReport) -> None:
    """Which recipients got an e-mail message and which have no address, for the user and the log."""
    from desktop.core.plan import mail_documents

    with_address, without = mail_documents(plan)
    written = set(report.files)
    for doc in with_address:
        target = out_dir / f"{doc.stem}.eml"
        if target in written:
            report.emailed.append(MailItem(doc.index, doc.recipient.id, doc.recipient.display_name, target))
    report.without_address.extend(MailItem(doc.index, doc.recipient.id, doc.recipient.display_name)
                                  for doc in without)
    if with_address or without:
        log.info("e-mail messages: %d prepared, %d recipients without an address", len(report.emailed),
                 len(report.without_address))


def _check_out_dir(out_dir: Path) -> bool:
    """Make sure ``out_dir`` can take the files; returns whether it was created now."""
    existed = out_dir.is_dir()
    if out_dir.exists() and not existed:
        raise PetitionDeskError(N_("%(folder)s is a file, not a folder. Choose a folder for the exported files."),
                                folder=str(out_dir))
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
    return not existed


def _remove_leftovers(out_dir: Path) -> None:
    """Remove what an export that was killed left in ``out_dir``: its parts folder and half-written files.

    Only names this app makes are touched, and only those of processes that
    are gone (the folder names carry the process id).
    """
    for entry in out_dir.glob(f"{TEMP_PREFIX}*"):
        pid = entry.name[len(TEMP_PREFIX):].split("-", 1)[0]
        if entry.is_dir() and pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(entry, ignore_errors=True)
            log.info("removed the parts folder of an export that did not finish")
    for entry in out_dir.glob(".*.part"):
        with contextlib.suppress(OSError):
            if time.time() - entry.stat().st_mtime > 60:  # not a file another export is writing now
                entry.unlink()
                log.info("removed a half-written file of an export that did not finish")


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def worker_count(requested: int | None, documents: int) -> int:
    """Worker processes for ``documents``: never more than the cores, the batch's tasks, or MAX_WORKERS."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if requested is not None and requested < 1:
        raise PetitionDeskError(N_("The number of worker processes must be 1 or more (cores on this "
                                   "computer: %(cores)d)."), cores=cores)
    tasks = max(1, -(-documents // CHUNK_SIZE))
    if requested is None:
        return min(cores, MAX_WORKERS, tasks) if documents >= PARALLEL_THRESHOLD and cores > 1 else 1
    return max(1, min(requested, cores, MAX_WORKERS, tasks))


class _Progress:
    def __init__(self, total: int, callback: ProgressCallback | None) -> None:
        self.total, self.done, self.callback = total, 0, callback

    def advance(self, n: int) -> None:
        self.done += n
        if self.callback:
            self.callback(self.done, self.total)


# -- one document -----------------------------------------------------------


@dataclass
class _Job:
    """What every worker needs; sent once per process, not once per letter."""

    plan: ExportPlan
    out_dir: Path
    signing: Any = None  # a picklable Signer; each process builds its pyHanko signer once
    duplex: bool = False
    formats: tuple[str, ...] = ("pdf",)
    embed_fonts: bool = True


def document_bytes(document: Document, fmt: str, signing: Any = None, embed_fonts: bool = True) -> bytes:
    """``document`` written as "pdf" or "docx", in memory; a PDF signed when ``signing`` is given.

    ``embed_fonts``: a DOCX carries the font faces it uses (see ``writers.docx_fonts``).
    An e-mail message ("eml") needs its recipient; the export makes it from this PDF, see :func:`_message`.
    """
    from desktop.core.layouts.post import PostDocument, post_pdf_bytes

    if isinstance(document, PostDocument):  # envelopes and labels: PDF only, and nothing to sign
        return post_pdf_bytes(document)
    buffer = io.BytesIO()
    if fmt == "pdf":
        from desktop.core.writers.pdf import write_pdf

        boxes: list = []
        write_pdf(document, buffer, signature_boxes=boxes)
        if signing is not None:  # signed in memory, so only the signed file is ever written
            from desktop.core.signing import sign_pdf

            return sign_pdf(buffer.getvalue(), signing, boxes[0] if boxes else None)
    else:
        from desktop.core.writers.docx import write_docx

        write_docx(document, buffer, embed_fonts=embed_fonts)
    return buffer.getvalue()


def _run_separate(job: _Job, docs: list[PlannedDocument]) -> list[tuple[int, list[Path], ItemFailure | None]]:
    results = []
    for doc in docs:
        written: list[Path] = []
        try:
            document = render(job.plan, doc)
            made: dict[str, bytes] = {}  # the PDF is made (and signed) once, for its file and its message

            def made_as(fmt: str) -> bytes:
                if fmt not in made:
                    made[fmt] = document_bytes(document, fmt, job.signing, job.embed_fonts)
                return made[fmt]

            for fmt in job.formats:
                if fmt == "eml":
                    if not doc.recipient.email.strip():
                        continue  # listed in the report as a recipient without an address
                    data = _message(job, doc, document, made_as("pdf"))
                else:
                    data = made_as(fmt)
                target = job.out_dir / f"{doc.stem}.{fmt}"
                write_bytes_atomic(target, data, durable=False)
                written.append(target)
            results.append((doc.index, written, None))
        except Exception as exc:  # one bad letter must not stop the batch
            log.warning("document %d failed: %s", doc.index, type(exc).__name__, exc_info=not isinstance(
                exc, PetitionDeskError))
            results.append((doc.index, written, _failure(doc, exc)))
    return results


def _message(job: _Job, doc: PlannedDocument, document: Document, pdf: bytes) -> bytes:
    """The e-mail message that carries the letter's PDF (the same bytes as its .pdf file)."""
    from desktop.core.mail import message_bytes

    return message_bytes(document, pdf, f"{doc.stem}.pdf", doc.recipient, job.plan.draft.signers)


def _run_part(job: _Job, docs: list[PlannedDocument], target: Path) -> tuple[list[tuple[str, int, int]], list[ItemFailure]]:
    """Write ``docs`` into one part of a combined file; returns each document's (title, first page, pages)."""
    from desktop.core.writers.pdf import write_pdf_combined

    documents, failures = [], []
    for doc in docs:
        try:
            documents.append(render(job.plan, doc))
        except Exception as exc:
            log.warning("document %d failed: %s", doc.index, type(exc).__name__)
            failures.append(_failure(doc, exc))
    contents: list[tuple[str, int, int]] = []
    if documents:
        write_pdf_combined(documents, target, contents)
    return contents, failures


def _failure(doc: PlannedDocument, exc: BaseException) -> ItemFailure:
    if isinstance(exc, PetitionDeskError):
        message = exc.msg
        if hasattr(exc, "problems"):
            message = Message(N_("%(problems)s"), {"problems": "; ".join(str(p) for p in exc.problems)})
    else:
        log.error("export: document %d hit an internal error", doc.index, exc_info=exc)
        message = Message(N_("Unexpected error: %(reason)s"), {"reason": f"{type(exc).__name__}: {exc}"})
    return ItemFailure(doc.index, doc.recipient.display_name or doc.language, message)


# -- worker processes --------------------------------------------------------

_WORKER_JOB: _Job | None = None


def _init_worker(job: _Job, parent: int) -> None:
    global _WORKER_JOB
    _WORKER_JOB = job
    _die_with_parent(parent)


def _die_with_parent(parent: int) -> None:
    """A worker must not outlive the export: if its parent is killed, it stops at once."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(Exception):
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG: the kernel kills us with the parent
    if os.getppid() != parent:  # the parent died before we got here
        os._exit(1)

    def watch() -> None:  # other systems: notice within a second that the parent is gone
        while True:
            time.sleep(1.0)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _worker_separate(docs: list[PlannedDocument]):
    assert _WORKER_JOB is not None
    return _run_separate(_WORKER_JOB, docs)


def _worker_part(docs: list[PlannedDocument], target: Path):
    assert _WORKER_JOB is not None
    return _run_part(_WORKER_JOB, docs, target)


START_METHOD_ENV = "PETITION_DESK_START_METHOD"


def _pool(job: _Job, workers: int) -> ProcessPoolExecutor:
    # fork is fast and safe from a single-threaded command line; a GUI has
    # threads, and forking a threaded process can deadlock, so it spawns.
    method = "fork" if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods() else "spawn"
    # Packaging checks start the workers as the window would (spawn) from the command line, to prove a
    # frozen bundle's workers start (multiprocessing.freeze_support in the entry points).
    forced = os.environ.get(START_METHOD_ENV)
    if forced in multiprocessing.get_all_start_methods():
        method = forced
    log.debug("starting %d export workers (%s)", workers, method)
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method),
                               initializer=_init_worker, initargs=(job, os.getpid()))


def _chunks(docs: list[PlannedDocument], size: int) -> list[list[PlannedDocument]]:
    return [docs[i:i + size] for i in range(0, len(docs), size)]


def _chunk_size(documents: int, workers: int, largest: int = CHUNK_SIZE) -> int:
    # Small enough for smooth progress and prompt cancel, large enough to keep overhead low.
    return max(1, min(largest, -(-documents // (workers * 4))))


def _drain(futures: dict[Future, Any], cancel: CancelToken, on_done: Callable[[Future, Any], None]) -> bool:
    """Collect finished futures; returns False if cancelled."""
    pending = set(futures)
    while pending:
        done, pending = wait(pending, timeout=0.1, return_when=FIRST_COMPLETED)
        for future in sorted(done, key=lambda f: id(f)):
            on_done(future, futures[future])
        if cancel.cancelled:
            for future in pending:
                future.cancel()
            for future in pending:  # tasks already running finish their files cleanly
                with contextlib.suppress(Exception):
                    if not future.cancelled():
                        on_done(future, futures[future])
            return False
    return True


def _export_separate(job: _Job, workers: int, report: ExportReport, counter: _Progress, cancel: CancelToken,
                     count: bool = True) -> None:
    docs = job.plan.documents

    def record(results) -> None:
        for _, written, failure in results:
            report.files.extend(written)
            if failure:
                report.failures.append(failure)
            elif count:
                report.letters += 1
        counter.advance(len(results))

    if workers == 1:
        for doc in docs:
            if cancel.cancelled:
                report.cancelled = True
                return
            record(_run_separate(job, [doc]))
        return
    with _pool(job, workers) as pool:
        futures = {pool.submit(_worker_separate, chunk): chunk
                   for chunk in _chunks(docs, _chunk_size(len(docs), workers))}

        def on_done(future: Future, chunk: list[PlannedDocument]) -> None:
            try:
                record(future.result())
            except Exception as exc:  # a worker died: its letters failed, the rest go on
                record([(doc.index, [], _failure(doc, exc)) for doc in chunk])

        report.cancelled = not _drain(futures, cancel, on_done)


def _export_combined(job: _Job, workers: int, report: ExportReport, counter: _Progress,
                     cancel: CancelToken) -> None:
    """One print file, joined from parts as they arrive; documents on the same paper size kept together."""
    plan = job.plan
    papers = plan.papers
    docs = [d for paper in papers for d in plan.documents if d.paper == paper]
    if len(papers) > 1:
        counts = {paper: sum(1 for d in docs if d.paper == paper) for paper in papers}
        report.notes.append(Message(
            N_("The print file holds documents on %(count)d paper sizes, each kept together: %(papers)s. Load "
               "the paper for each part, or print the parts separately."),
            {"count": len(papers), "papers": "; ".join(f"{paper} ({n})" for paper, n in counts.items())}))
    target = job.out_dir / f"{plan.combined_stem}.pdf"
    with tempfile.TemporaryDirectory(prefix=f"{TEMP_PREFIX}{os.getpid()}-", dir=job.out_dir) as tmp:
        pool = _pool(job, workers) if workers > 1 else None
        try:
            _write_combined(job, docs, target, Path(tmp), pool, workers, report, counter, cancel)
        except _Cancelled:
            report.cancelled = True
        except _NothingWritten:  # every document failed; the failures say why
            pass
        finally:
            if pool is not None:
                pool.shutdown(cancel_futures=True)


def _write_combined(job: _Job, docs: list[PlannedDocument], target: Path, tmp: Path,
                    pool: ProcessPoolExecutor | None, workers: int, report: ExportReport, counter: _Progress,
                    cancel: CancelToken) -> None:
    from desktop.core.files import atomic_write
    from desktop.core.writers.pdf_join import Bookmark, PdfJoiner

    plan = job.plan
    size = _chunk_size(len(docs), workers, COMBINED_PART) if pool is not None else COMBINED_PART
    chunks = _chunks(docs, size)
    languages = {d.language for d in docs}
    draft = plan.draft
    author = draft.signers[0].name if plan.options.include_author and draft.signers else ""
    ready: dict[int, tuple[Path, list, list]] = {}
    written = 0

    with atomic_write(target, "wb", durable=False) as out:
        joiner = PdfJoiner(out, title=target.stem, language=languages.pop() if len(languages) == 1 else "",
                           author=author)

        def join_ready() -> None:
            nonlocal written
            while written in ready:
                part, contents, failures = ready.pop(written)
                report.failures.extend(failures)
                report.letters += len(contents)
                if contents:
                    joiner.add(part, [Bookmark(title, first) for title, first, _ in contents],
                               [first + pages - 1 for _, first, pages in contents if job.duplex and pages % 2])
                    part.unlink()
                written += 1

        if pool is None:
            for position, chunk in enumerate(chunks):
                if cancel.cancelled:
                    raise _Cancelled()
                part = tmp / f"{position:06d}.pdf"
                contents, failures = _run_part(job, chunk, part)
                ready[position] = (part, contents, failures)
                join_ready()
                counter.advance(len(chunk))
        else:
            futures = {}
            for position, chunk in enumerate(chunks):
                part = tmp / f"{position:06d}.pdf"
                futures[pool.submit(_worker_part, chunk, part)] = (chunk, position, part)

            def on_done(future: Future, value: tuple[list[PlannedDocument], int, Path]) -> None:
                chunk, position, part = value
                try:
                    contents, failures = future.result()
                except Exception as exc:
                    contents, failures = [], [_failure(doc, exc) for doc in chunk]
                ready[position] = (part, contents, failures)
                join_ready()
                counter.advance(len(chunk))

            if not _drain(futures, cancel, on_done):
                raise _Cancelled()
        if joiner.page_count == 0 and not report.failures:
            raise PetitionDeskError(N_("There is nothing to export: no documents were given."))
        if joiner.page_count == 0:
            raise _NothingWritten()
        joiner.close()
    if job.signing is not None:  # one invisible signature over the whole file
        from desktop.core.signing import sign_pdf

        write_bytes_atomic(target, sign_pdf(target.read_bytes(), job.signing, None), durable=False)
    report.files.append(target)


class _Cancelled(Exception):
    pass


class _NothingWritten(Exception):
    pass
