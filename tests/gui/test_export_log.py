"""The window's export records its letters in the correspondence log, unless the user opts out."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from desktop.core.correspondence import list_letters
from desktop.core.demo import load_demo_draft
from desktop.core.i18n import translator
from desktop.core.library import Library
from desktop.gui.export.dialog import ExportDialog
from desktop.gui.settings import AppSettings


@pytest.mark.parametrize("keep_log", [True, False])
def test_export_dialog_records_the_letters_or_not(qtbot, tmp_path, keep_log):
    draft = load_demo_draft()
    draft.recipients = draft.recipients[:2]
    dialog = ExportDialog(translator("en"), draft, AppSettings())
    qtbot.addWidget(dialog)
    dialog.folder_edit.setText(str(tmp_path / "out"))
    dialog.show()
    dialog.pdf_box.setChecked(True)
    dialog.docx_box.setChecked(False)
    assert dialog.log_box.isChecked()  # on by default
    dialog.log_box.setChecked(keep_log)
    with qtbot.waitSignal(dialog.export_finished, timeout=120_000):
        dialog.export_button.click()
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=10_000)
    with Library() as library:
        letters = list_letters(library)
    pdfs = sorted((tmp_path / "out").glob("*.pdf"))
    assert len(pdfs) == 2
    text = " ".join(page.extract_text() for page in PdfReader(pdfs[0]).pages)
    if keep_log:
        assert len(letters) == 2
        assert any(e.reference in text for e in letters)
    else:
        assert letters == [] and "Vår ref." not in text
    dialog.close()
