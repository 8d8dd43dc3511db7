"""Whole journeys through the main window, offscreen."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QLineEdit

from desktop.core.draft import RECIPIENT_LANGUAGE
from desktop.gui.settings import AppSettings

ROOT = Path(__file__).resolve().parents[2]


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)


def docx_text(path: Path) -> str:
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def test_demo_in_russian_to_three_recipients_exports_pdf_and_docx(window, qtbot, tmp_path, monkeypatch, demo_ids):
    window.open_demo()
    window.set_document_language("ru")
    window.recipients_panel.set_selected(demo_ids)
    assert {r.id for r in window.draft.recipients} == set(demo_ids)
    assert window.draft.language == "ru"
    assert window.preview.recipient_combo.count() == 3

    out = tmp_path / "letters"
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(out))
    dialog = window.open_export_dialog()
    dialog.pdf_box.setChecked(True)
    dialog.docx_box.setChecked(True)
    dialog.separate_radio.setChecked(True)
    dialog.folder_button.click()
    assert dialog.folder_edit.text() == str(out)
    with qtbot.waitSignal(dialog.export_finished, timeout=120_000) as finished:
        dialog.export_button.click()
    report = finished.args[0]
    assert report is not None, dialog.summary.text()
    assert not report.failures

    pdfs = sorted(out.glob("*.pdf"))
    docxs = sorted(out.glob("*.docx"))
    assert len(pdfs) == 3 and len(docxs) == 3
    assert all("(ru)" in p.name for p in pdfs + docxs)
    for pdf in pdfs:
        text = pdf_text(pdf)
        assert "Кривов" in text
        assert "Болотное дело" in text  # the Russian text, whatever the recipient's own language
        assert "Ваше Превосходительство!" in text
    organisations = {r.id: r.name("organisation", "ru") for r in window.draft.recipients}
    german = next(p for p in docxs if organisations["ru_embassy_de"] in p.name)
    assert organisations["ru_embassy_de"] in docx_text(german)
    assert "10117 BERLIN" in docx_text(german) and "TYSKLAND" in docx_text(german)  # posted in Sweden: the country line the Swedish post reads (UPU)
    assert "Кривов" in docx_text(german)

    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    assert dialog.open_folder_button.isVisibleTo(dialog)
    dialog.open_folder_button.click()
    assert opened == [QUrl.fromLocalFile(str(out))]
    dialog.close()


def test_preview_shows_the_letter_to_the_chosen_recipient(window, qtbot, demo_ids, wait_for_preview):
    window.open_demo()
    window.recipients_panel.set_selected(demo_ids)
    with qtbot.waitSignal(window.preview.rendered, timeout=60_000):
        window.preview.set_current_recipient(2)
    wait_for_preview(window)
    assert window.preview.page_count() >= 1
    assert window.preview.message.isHidden() or window.preview.message.text() == ""
    chosen = window.preview.current_recipient()
    assert chosen is not None and chosen.id == window.draft.recipients[2].id
    # The editing language follows the letter on show when each recipient gets their own language.
    assert window.draft.language == RECIPIENT_LANGUAGE
    window.preview.recipient_combo.activated.emit(2)  # the user picks that letter
    assert window.case_editor.language == window.draft.language_for(chosen)


def test_editing_the_case_refreshes_the_preview(window, qtbot, wait_for_preview):
    window.open_demo()
    window.set_document_language("en")
    wait_for_preview(window)
    window.case_editor.name.setText("Case of the Ninth Test")
    with qtbot.waitSignal(window.preview.rendered, timeout=60_000):
        window.case_editor.name.textEdited.emit("Case of the Ninth Test")
    wait_for_preview(window)
    data = bytes(window.preview._buffer.data())
    from io import BytesIO

    text = "\n".join(page.extract_text() for page in PdfReader(BytesIO(data)).pages)
    assert "Ninth Test" in text
    assert window.isWindowModified()
    assert "[*]" in window.windowTitle()


def test_status_bar_counts_problems_and_lists_them(window, qtbot, wait_for_checks):
    window.new_draft()
    wait_for_checks(window)
    # A blank draft nobody has touched: a calm hint where to start, not a red count.
    assert "problem" not in window.problems_button.text()
    assert window.problems_button.text().startswith("Start by")
    assert "#a93226" not in window.problems_button.styleSheet()
    window.case_editor.name.setText("A case")
    window.case_editor.name.textEdited.emit("A case")
    wait_for_checks(window)
    assert "problem" in window.problems_button.text()
    window.problems_button.click()
    box = window._problems_box
    # The field's label, not its path.
    assert "• Recipients: the draft has no recipients" in box.informativeText()
    assert "recipients:" not in box.informativeText()
    box.close()


def test_undo_is_forwarded_to_the_focused_text_field(window, qtbot):
    edit = QLineEdit(window.export_step)
    edit.show()
    window.activateWindow()
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus, timeout=5_000)
    qtbot.keyClicks(edit, "Stockholm")
    window.edit_actions["undo"].trigger()
    assert edit.text() == ""
    window.edit_actions["redo"].trigger()
    assert edit.text() == "Stockholm"


def test_switching_the_interface_to_german_changes_labels_and_is_remembered(window, make_window):
    """With the real German catalog."""
    assert window.file_menu.title() == "&File"
    window.language_actions["de"].trigger()
    assert window.file_menu.title() == "&Datei"
    assert "Vorlage" in window.steps.item(0).text()
    assert window.preview.recipient_label.text() == "Brief an:"
    assert window.language_actions["de"].isChecked()
    assert AppSettings().interface_language() == "de"
    # Qt's own buttons follow: its shipped German catalog is installed.
    from PySide6.QtCore import QCoreApplication

    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Abbrechen"
    window.language_actions["en"].trigger()
    assert window.file_menu.title() == "&File"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"


WINDOW_STATE_SCRIPT = textwrap.dedent("""
    import sys
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    from desktop.core.i18n import translator
    from desktop.gui.main_window import MainWindow
    first = MainWindow(translator("en"))
    first.show()
    first.resize(1100, 760)
    first.splitter.setSizes([560, 540])
    app.processEvents()
    expected = (first.size().toTuple(), first.splitter.sizes())
    first.close()
    second = MainWindow(translator("en"))
    second.show()
    app.processEvents()
    print(expected == (second.size().toTuple(), second.splitter.sizes()), expected,
          (second.size().toTuple(), second.splitter.sizes()))
    second.close()
""")


def test_window_size_and_layout_are_remembered(tmp_path):
    # The default offscreen screen (800 x 600) would clamp any remembered size, so use a big one.
    screen = tmp_path / "screen.json"
    screen.write_text('{"screens": [{"name": "big", "x": 0, "y": 0, "width": 1920, "height": 1200, '
                      '"logicalDpiX": 96, "logicalDpiY": 96, "dpr": 1}]}', encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={screen}")
    result = subprocess.run([sys.executable, "-c", WINDOW_STATE_SCRIPT], env=env, cwd=ROOT, capture_output=True, check=False,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("True"), result.stdout


def test_without_a_display_it_says_so_and_exits_1():
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    code = "from desktop.gui.app import main; main()"
    result = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=False,
                            timeout=60)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "display" in lines[0] and "Traceback" not in result.stderr


def test_an_unreachable_x_display_is_reported_too():
    env = {k: v for k, v in os.environ.items() if k not in ("WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["DISPLAY"] = ":97"
    if Path("/tmp/.X11-unix/X97").exists():
        pytest.skip("display :97 exists on this machine")
    code = textwrap.dedent("from desktop.gui.app import main; main()")
    result = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=False,
                            timeout=60)
    assert result.returncode == 1
    assert ":97" in result.stderr and "Traceback" not in result.stderr


def test_viewing_every_step_changes_nothing(window, qtbot):
    window.open_demo()
    for step in range(5):
        window.go_to_step(step)
        qtbot.wait(0)
    assert not window.session.modified
    assert len(window.draft.recipients) == 5


def test_printing_draws_every_page_of_every_letter(window, tmp_path, demo_ids):
    from PySide6.QtPrintSupport import QPrinter

    from desktop.gui.export.printing import combined_pdf, print_pdf

    window.open_demo()
    window.recipients_panel.set_selected(demo_ids[:2])
    pdf = combined_pdf(window.draft)
    letters = PdfReader(io.BytesIO(pdf))
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)  # a file stands in for the paper
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    printer.setFullPage(True)
    assert print_pdf(pdf, printer) == len(letters.pages) >= 2
    printed = PdfReader(str(tmp_path / "printed.pdf"))
    assert len(printed.pages) == len(letters.pages)
    first = letters.pages[0].mediabox
    assert abs(float(printed.pages[0].mediabox.width) - float(first.width)) < 2
