"""Printing: the same PDF the export writes, drawn page by page on a QPrinter."""

from __future__ import annotations

import copy
import io

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize, Qt
from PySide6.QtGui import QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

from desktop.core.draft import Draft

MAX_PRINT_DPI = 300  # enough for text on paper; more only makes huge images


def combined_pdf(draft: Draft) -> bytes:
    """One PDF with every document of ``draft``'s export plan (runs off the GUI thread).

    The same plan as the export: a letter per recipient, petition sheets and
    resolutions once per language, each on its own paper.
    """
    from desktop.core.plan import make_plan, render
    from desktop.core.writers.pdf import write_pdf_combined

    plan = make_plan(copy.deepcopy(draft))
    plan.require_ok()
    out = io.BytesIO()
    write_pdf_combined([render(plan, doc) for doc in plan.documents], out)
    return out.getvalue()


def print_pdf(pdf: bytes, printer: QPrinter) -> int:
    """Draw every page of ``pdf`` on ``printer``, scaled to fit; returns the pages printed."""
    document = QPdfDocument()
    buffer = QBuffer()
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
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
