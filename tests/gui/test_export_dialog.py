"""The export dialog on its own: name preview, combined PDF, problems, cancel."""

from __future__ import annotations

import threading
import time

import pytest
from pypdf import PdfReader

from desktop.core.demo import load_demo_draft
from desktop.core.i18n import translator
from desktop.gui.export import dialog as export_module
from desktop.gui.export.dialog import ExportDialog
from desktop.gui.settings import AppSettings


@pytest.fixture
def draft():
    return load_demo_draft()


@pytest.fixture
def make_dialog(qtbot, tmp_path):
    def make(draft) -> ExportDialog:
        dialog = ExportDialog(translator("en"), draft, AppSettings())
        qtbot.addWidget(dialog)
        dialog.folder_edit.setText(str(tmp_path / "out"))
        dialog.show()
        return dialog

    return make


def test_file_name_preview_follows_the_pattern(make_dialog, draft, qtbot):
    dialog = make_dialog(draft)
    dialog.pdf_box.setChecked(True)
    dialog.docx_box.setChecked(False)
    dialog.pattern_edit.setText("{index:02d}-{city}")
    dialog.update_name_preview()
    lines = dialog.names_preview.text().splitlines()
    assert lines[:3] == ["01-Stockholm.pdf", "02-Paris.pdf", "03-Berlin.pdf"]
    assert lines[3] == "… and 2 more"

    dialog.pattern_edit.setText("{index} {nonsense}")
    dialog.update_name_preview()
    assert "nonsense" in dialog.names_preview.text()
    dialog.close()


def test_combined_pdf_holds_every_letter(make_dialog, draft, qtbot, tmp_path):
    draft.recipients = draft.recipients[:2]
    dialog = make_dialog(draft)
    dialog.pdf_box.setChecked(True)
    dialog.docx_box.setChecked(False)
    dialog.combined_radio.setChecked(True)
    dialog.update_name_preview()
    assert dialog.names_preview.text().splitlines()[0] == "one PDF with every letter"
    with qtbot.waitSignal(dialog.export_finished, timeout=120_000) as finished:
        dialog.export_button.click()
    report = finished.args[0]
    assert report is not None, dialog.summary.text()
    files = list((tmp_path / "out").iterdir())
    assert len(files) == 1 and files[0].suffix == ".pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(str(files[0])).pages)
    assert "Ryska federationens ambassad" in text
    assert "Ambassade de la Fédération de Russie en France" in text
    assert "Wrote 1 file" in dialog.summary.text()
    assert "verify" in dialog.summary.text()  # the demo's addresses are samples
    assert AppSettings().last_folder("export") == str(tmp_path / "out")
    dialog.close()


def test_problems_stop_the_export_and_are_listed(make_dialog, draft, qtbot, tmp_path):
    draft.signers = []
    dialog = make_dialog(draft)
    with qtbot.waitSignal(dialog.export_finished, timeout=60_000) as finished:
        dialog.export_button.click()
    assert finished.args[0] is None
    assert "Nothing was exported" in dialog.summary.text()
    assert "signer" in dialog.summary.text()
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
    dialog.close()


def test_cancel_stops_the_export(make_dialog, draft, qtbot, tmp_path, monkeypatch):
    started = threading.Event()
    real_run_export = export_module.run_export

    def held_export(request, progress=None, cancel=None, plan=None):
        # Report progress, then hold until the user has pressed Cancel: no timing involved.
        progress(0, len(request.draft.recipients))
        started.set()
        for _ in range(1200):
            if cancel.cancelled:
                break
            time.sleep(0.05)
        return real_run_export(request, progress=progress, cancel=cancel, plan=plan)

    monkeypatch.setattr(export_module, "run_export", held_export)
    dialog = make_dialog(draft)
    with qtbot.waitSignal(dialog.export_finished, timeout=120_000) as finished:
        dialog.export_button.click()
        assert dialog.cancel_button.isVisible() and not dialog.export_button.isVisible()
        qtbot.waitUntil(started.is_set, timeout=60_000)
        dialog.cancel_button.click()
    report = finished.args[0]
    assert report.cancelled
    assert report.files == []
    assert "cancelled" in dialog.summary.text()
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=60_000)
    assert dialog.export_button.isVisible()
    dialog.close()


def test_a_folder_that_cannot_be_made_is_reported(make_dialog, draft, qtbot, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    dialog = make_dialog(draft)
    dialog.folder_edit.setText(str(blocker / "sub"))
    with qtbot.waitSignal(dialog.export_finished, timeout=60_000) as finished:
        dialog.export_button.click()
    assert finished.args[0] is None
    assert "folder" in dialog.summary.text().lower()
    dialog.close()


def test_signed_export_asks_for_the_passphrase_and_signs_every_pdf(make_dialog, draft, qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    import importlib.util
    from pathlib import Path

    from desktop.core.signing import verify_pdf

    spec = importlib.util.spec_from_file_location("signing_tests", Path(__file__).parent.parent / "test_signing.py")
    signing_tests = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(signing_tests)
    PASSPHRASE, make_p12 = signing_tests.PASSPHRASE, signing_tests.make_p12

    p12 = tmp_path / "me.p12"
    make_p12(p12, "ec", "Ольга Петрова")
    draft.recipients = draft.recipients[:2]
    dialog = make_dialog(draft)
    dialog.pdf_box.setChecked(True)
    dialog.docx_box.setChecked(False)
    dialog.sign_box.setChecked(True)
    dialog.sign_edit.setText(str(p12))
    asked = []

    def wrong_then_right(*args, **kwargs):
        asked.append(args[2])
        return ("not it" if len(asked) == 1 else PASSPHRASE.decode(), True)

    monkeypatch.setattr(QInputDialog, "getText", wrong_then_right)
    dialog.export_button.click()
    assert "passphrase" in dialog.summary.text().lower()  # the wrong one is refused, nothing exported
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())
    with qtbot.waitSignal(dialog.export_finished, timeout=120_000):
        dialog.export_button.click()
    pdfs = sorted((tmp_path / "out").glob("*.pdf"))
    assert len(pdfs) == 2
    for pdf in pdfs:
        result = verify_pdf(pdf)
        assert result.signed and result.intact and result.signer_name == "Ольга Петрова"
    dialog.close()


def test_docx_fonts_can_be_left_out(make_dialog, draft, qtbot, tmp_path):
    draft.recipients = draft.recipients[:1]
    dialog = make_dialog(draft)
    dialog.pdf_box.setChecked(False)
    dialog.docx_box.setChecked(True)
    assert dialog.embed_fonts_box.isChecked() and dialog.embed_fonts_box.isEnabled()
    dialog.embed_fonts_box.setChecked(False)
    with qtbot.waitSignal(dialog.export_finished, timeout=120_000) as finished:
        dialog.export_button.click()
    assert finished.args[0] is not None, dialog.summary.text()
    (docx_file,) = (tmp_path / "out").glob("*.docx")
    import zipfile

    assert not [n for n in zipfile.ZipFile(docx_file).namelist() if n.startswith("word/fonts/")]
    dialog.docx_box.setChecked(False)
    assert not dialog.embed_fonts_box.isEnabled()  # only DOCX files carry fonts
    dialog.close()
