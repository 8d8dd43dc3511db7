"""Printing sends the vector PDF, not pictures of its pages."""

from __future__ import annotations

import io
import os
import stat
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter

from desktop.core.demo import load_demo_draft
from desktop.gui.export.printing import combined_pdf, lp_command, print_pdf


@pytest.fixture(scope="module")
def pdf() -> bytes:
    draft = load_demo_draft()
    draft.recipients = draft.recipients[:2]
    return combined_pdf(draft)


def _images(data: bytes) -> int:
    return sum(len(page.images) for page in PdfReader(io.BytesIO(data)).pages)


def test_print_to_a_pdf_file_writes_the_pdf_itself(qtbot, pdf, tmp_path):
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    pages = print_pdf(pdf, printer)
    assert out.read_bytes() == pdf
    assert pages == len(PdfReader(io.BytesIO(pdf)).pages) >= 2
    assert "Krivov" in "".join(p.extract_text() for p in PdfReader(str(out)).pages)  # text, not pictures
    assert _images(out.read_bytes()) == _images(pdf)


def test_a_printer_gets_the_pdf_through_lp_with_the_dialogs_choices(qtbot, pdf, tmp_path, monkeypatch):
    got = tmp_path / "got"
    fake = tmp_path / "bin" / "lp"
    fake.parent.mkdir()
    fake.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > "{got}.args"\nfor last; do :; done\ncp "$last" "{got}.pdf"\n')
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{fake.parent}{os.pathsep}{os.environ['PATH']}")
    class TwoSidedPrinter(QPrinter):  # without a real duplex printer Qt ignores setDuplex
        def duplex(self):
            return QPrinter.DuplexMode.DuplexLongSide

    printer = TwoSidedPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.NativeFormat)
    printer.setCopyCount(2)
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 3)
    print_pdf(pdf, printer)
    assert Path(f"{got}.pdf").read_bytes() == pdf
    args = Path(f"{got}.args").read_text().split("\n")
    assert "sides=two-sided-long-edge" in args and "2-3" in args and "2" in args


def test_lp_command_for_every_choice(tmp_path):
    command = lp_command("lp", "Office", 1, QPrinter.DuplexMode.DuplexShortSide, 0, 0, tmp_path / "a.pdf")
    assert command == ["lp", "-s", "-d", "Office", "-o", "sides=two-sided-short-edge", "--", str(tmp_path / "a.pdf")]
    command = lp_command("lp", "", 3, QPrinter.DuplexMode.DuplexNone, 4, 2, tmp_path / "a.pdf")
    assert command[:2] == ["lp", "-s"] and "-d" not in command and ["-n", "3"] == command[2:4]
    assert "4-4" in command and "sides=one-sided" in command
