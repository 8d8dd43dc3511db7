"""Printing: the same PDF the export writes, sent as it is wherever the platform allows.

QtPdf (PDFium) can only render pages to images, so drawing them on a
QPrinter sends pictures of the pages (on Linux the print pipeline then
stores them as 300 dpi JPEGs: 15 pages made 9 MB, and text lost its crisp
edges). The vector PDF itself is sent instead:

- "Print to PDF file": the PDF is written to the chosen file, unchanged;
- a printer on a system with CUPS (Linux, macOS): the PDF is handed to
  ``lp`` with the dialog's choices (copies, two-sided, page range), and CUPS
  prints it as vectors;
- elsewhere (Windows has no standard way to print a PDF without a PDF
  reader): the pages are drawn as images, at the printer's resolution but
  never above 300 dpi. Exporting a PDF and printing it from a PDF reader
  keeps the vectors there.
"""

from __future__ import annotations

import copy
import io
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize, Qt
from PySide6.QtGui import QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

from desktop.core.draft import Draft
from desktop.core.errors import N_, PetitionDeskError
from desktop.core.files import write_bytes_atomic

log = logging.getLogger(__name__)

MAX_PRINT_DPI = 300  # enough for text on paper; more only makes huge images
_SIDES = {QPrinter.DuplexMode.DuplexNone: "one-sided", QPrinter.DuplexMode.DuplexAuto: "two-sided-long-edge",
          QPrinter.DuplexMode.DuplexLongSide: "two-sided-long-edge",
          QPrinter.DuplexMode.DuplexShortSide: "two-sided-short-edge"}


def lp_command(lp: str, printer: str, copies: int, duplex: QPrinter.DuplexMode, first: int, last: int,
               path: Path) -> list[str]:
    """The ``lp`` command that prints ``path`` as the print dialog asked (pages count from 1; 0 is "all")."""
    command = [lp, "-s"]  # -s: no job id chatter
    if printer:
        command += ["-d", printer]
    if copies > 1:
        command += ["-n", str(copies)]
    command += ["-o", f"sides={_SIDES.get(duplex, 'one-sided')}"]
    if first > 0:
        command += ["-P", f"{first}-{last if last >= first else first}"]
    command += ["--", str(path)]
    return command


def print_pdf(pdf: bytes, printer: QPrinter) -> int:
    """Print ``pdf`` as the dialog set ``printer`` up, as vectors where possible; returns the pages it has."""
    started = time.perf_counter()
    if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat and printer.outputFileName():
        write_bytes_atomic(Path(printer.outputFileName()), pdf)  # "print to file": the PDF itself
        route = "file"
    else:
        lp = shutil.which("lp") if sys.platform != "win32" else None
        if lp is None:
            pages = print_pdf_as_images(pdf, printer)
            log.info("printed %d pages as images in %.2f s", pages, time.perf_counter() - started)
            return pages
        _send_to_lp(lp, pdf, printer)
        route = "lp"
    pages = _page_count(pdf)
    log.info("printed %d pages as vectors (%s, %d bytes) in %.2f s", pages, route, len(pdf),
             time.perf_counter() - started)
    return pages


def _send_to_lp(lp: str, pdf: bytes, printer: QPrinter) -> None:
    # A private folder for the letters while lp reads them (lp copies the file to the spooler, then it goes).
    with tempfile.TemporaryDirectory(prefix="petition-desk-print-") as folder:
        os.chmod(folder, 0o700)
        path = Path(folder) / "letters.pdf"
        write_bytes_atomic(path, pdf)
        ranged = printer.printRange() == QPrinter.PrintRange.PageRange
        command = lp_command(lp, printer.printerName(), printer.copyCount(), printer.duplex(),
                             printer.fromPage() if ranged else 0, printer.toPage() if ranged else 0, path)
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
        except (OSError, subprocess.SubprocessError) as exc:
            raise PetitionDeskError(N_("The letters could not be sent to the printer (%(reason)s). Check the "
                                       "printer, or export a PDF and print it from a PDF reader."),
                                    reason=type(exc).__name__) from exc
        if done.returncode != 0:
            log.warning("lp refused the print job (exit status %d)", done.returncode)
            reason = (done.stderr or done.stdout or "").strip().splitlines()
            raise PetitionDeskError(N_("The letters could not be sent to the printer (%(reason)s). Check the "
                                       "printer, or export a PDF and print it from a PDF reader."),
                                    reason=reason[-1] if reason else f"lp {done.returncode}")


def _page_count(pdf: bytes) -> int:
    document, _buffer = _open(pdf)
    return document.pageCount()


def _open(pdf: bytes) -> tuple[QPdfDocument, QBuffer]:
    document = QPdfDocument()
    buffer = QBuffer()
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    return document, buffer


def combined_pdf(draft: Draft) -> bytes:
    """One PDF with every document of ``draft``'s export plan (runs off the GUI thread).

    The same plan as the export: a letter per recipient, petition sheets and
    resolutions once per language, each on its own paper.
    """
    from desktop.core.plan import POST, make_plan, render
    from desktop.core.writers.pdf import write_pdf_combined

    plan = make_plan(copy.deepcopy(draft))
    plan.require_ok()
    if plan.kind == POST:  # envelopes and labels are one print file already
        from desktop.core.batch import document_bytes

        return document_bytes(render(plan, plan.documents[0]), "pdf")
    out = io.BytesIO()
    write_pdf_combined([render(plan, doc) for doc in plan.documents], out)
    return out.getvalue()


def print_pdf_as_images(pdf: bytes, printer: QPrinter) -> int:
    """Draw every page of ``pdf`` on ``printer`` as an image, scaled to fit (where no vector road exists)."""
    document, _buffer = _open(pdf)
    pages = document.pageCount()
    if pages == 0:
        return 0
    first = document.pagePointSize(0)
    printer.setPageSize(QPageSize(first, QPageSize.Unit.Point))  # the letter's own paper size
    printer.setPageOrientation(QPageLayout.Orientation.Portrait if first.height() >= first.width()
                               else QPageLayout.Orientation.Landscape)
    dpi = min(printer.resolution(), MAX_PRINT_DPI)
    painter = QPainter()
    if not painter.begin(printer):
        return 0
    try:
        for page in range(pages):
            if page:
                printer.newPage()
            points = document.pagePointSize(page)
            size = QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
            image = document.render(page, size)
            target = QRectF(painter.viewport())
            scaled = QSize(image.size())
            scaled.scale(target.size().toSize(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRectF(target.topLeft(), scaled.toSizeF()), image)
    finally:
        painter.end()
    return pages
