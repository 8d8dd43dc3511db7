"""The window's export: characters no font has are named, and the user may accept boxes for them."""

from pathlib import Path

from desktop.core.demo import load_demo_draft
from desktop.core.i18n import translator
from desktop.gui.export.dialog import ExportDialog


def _dialog(qtbot, draft, folder: Path) -> ExportDialog:
    dialog = ExportDialog(translator("en"), draft)
    qtbot.addWidget(dialog)
    dialog.folder_edit.setText(str(folder))
    dialog.pdf_box.setChecked(True)
    dialog.docx_box.setChecked(False)
    return dialog


def _draft_with_missing_characters():
    draft = load_demo_draft()
    draft.recipients = draft.recipients[:1]
    draft.signers[0].name = "Anna \U000F0000"  # a private-use character no font on any machine draws
    return draft


def test_accepting_boxes_exports_the_pdf(qtbot, tmp_path, monkeypatch):
    draft = _draft_with_missing_characters()
    asked = []
    monkeypatch.setattr(ExportDialog, "_ask_missing_glyphs", lambda self, problems: asked.append(problems) or True)
    dialog = _dialog(qtbot, draft, tmp_path / "out")
    with qtbot.waitSignal(dialog.export_finished, timeout=120_000) as finished:
        dialog.start_export()
    assert asked and all("U+F0000" in p.render() for p in asked[0])
    report = finished.args[0]
    assert report is not None and [p.suffix for p in report.files] == [".pdf"]


def test_declining_boxes_writes_nothing(qtbot, tmp_path, monkeypatch):
    draft = _draft_with_missing_characters()
    monkeypatch.setattr(ExportDialog, "_ask_missing_glyphs", lambda self, problems: False)
    dialog = _dialog(qtbot, draft, tmp_path / "out")
    with qtbot.waitSignal(dialog.export_finished, timeout=120_000) as finished:
        dialog.start_export()
    assert finished.args[0] is None
    assert "U+F0000" in dialog.summary.text()
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_signing_only_docx_is_refused_before_the_passphrase(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    asked = []
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: asked.append(a) or ("", False))
    dialog = _dialog(qtbot, load_demo_draft(), tmp_path / "out")
    dialog.pdf_box.setChecked(False)
    dialog.docx_box.setChecked(True)
    dialog.sign_box.setChecked(True)
    dialog.sign_edit.setText(str(tmp_path / "me.p12"))
    dialog.start_export()
    assert not asked and "Only PDF files can be signed" in dialog.summary.text()
    assert not (tmp_path / "out").exists()
