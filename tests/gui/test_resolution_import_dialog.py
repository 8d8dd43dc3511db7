"""The import dialog: paste a text, review what was recognised, correct it, get the resolution."""

from __future__ import annotations

from pathlib import Path

import docx
from PySide6.QtCore import QMimeData, QUrl
from PySide6.QtWidgets import QComboBox, QDialogButtonBox

from desktop.core.i18n import translator
from desktop.gui.resolution.import_dialog import ResolutionImportDialog

EP_TEXT = """European Parliament resolution of 12 March 2026 on journalists in prison in Arvenia

The European Parliament,

– having regard to the International Covenant on Civil and Political Rights,
A. whereas the journalist Mira Halden was arrested on
10 October 2025 in Tarvos;
B. whereas her trial was closed to the public;
1. Condemns her detention;
2. Calls for her immediate release;
Printed on recycled paper
3. Instructs its President to forward this resolution to the Council, the Commission and the Government of Arvenia.
"""


def make(qtbot, **kwargs) -> ResolutionImportDialog:
    dialog = ResolutionImportDialog(tr=translator("en"), **kwargs)
    qtbot.addWidget(dialog)
    return dialog


def column(dialog: ResolutionImportDialog, col: int) -> list[str]:
    return [dialog.table.item(row, col).text() for row in range(dialog.table.rowCount())]


def kinds(dialog: ResolutionImportDialog) -> list[str]:
    return [dialog.kind_combo(row).currentData() for row in range(dialog.table.rowCount())]


def test_paste_review_correct_and_accept(qtbot):
    dialog = make(qtbot)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()  # nothing to import yet
    dialog.source.setPlainText(EP_TEXT)  # as a paste would
    qtbot.waitUntil(lambda: dialog.table.rowCount() > 0, timeout=5000)  # after the pause in typing
    assert kinds(dialog) == ["subject", "opening", "citation", "recital", "recital", "operative", "operative",
                             "text", "closing"]
    assert column(dialog, 1)[3:7] == ["A.", "B.", "1.", "2."]
    assert column(dialog, 0)[3:5] == ["6", "8"]  # the line each part starts on
    assert column(dialog, 3)[3] == "the journalist Mira Halden was arrested on 10 October 2025 in Tarvos"
    assert dialog.language_combo.currentData() == "en" and dialog.style_combo.currentData() == "ep"
    assert ok.isEnabled()
    # The user says the second operative paragraph is really a sub-point of the first, and fixes a text.
    combo: QComboBox = dialog.kind_combo(6)
    combo.setCurrentIndex(combo.findData("point"))
    dialog.table.item(5, 3).setText("condemns her detention and that of her colleagues")
    ok.click()
    assert dialog.result() == ResolutionImportDialog.DialogCode.Accepted
    result = dialog.import_result()
    res = result.resolution
    assert (result.style, result.language) == ("ep", "en")
    assert [p.text.get("en") for p in res.section("recital")] == [
        "the journalist Mira Halden was arrested on 10 October 2025 in Tarvos", "her trial was closed to the public"]
    [operative] = res.section("operative")
    assert operative.text.get("en") == "condemns her detention and that of her colleagues"
    assert [c.text.get("en") for c in operative.children] == ["calls for her immediate release"]
    assert res.text("forward_to").get("en") == "the Government of Arvenia"
    assert "Printed on recycled paper" not in str(res.to_data())


def test_language_and_style_can_be_changed(qtbot):
    empty = make(qtbot, language="de")
    assert empty.language_combo.currentData() == "de"  # shown until a text says otherwise
    dialog = make(qtbot, text="1. Un premier paragraphe.\n2. Un second paragraphe.\n", language="en")
    assert dialog.table.rowCount() == 2  # the text given to the constructor is read at once
    assert dialog.language_combo.currentData() == "fr"  # guessed from the text
    dialog.style_combo.setCurrentIndex(dialog.style_combo.findData("us"))
    dialog.style_combo.activated.emit(dialog.style_combo.currentIndex())
    result = dialog.import_result()
    assert (result.style, result.language) == ("us", "fr")
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("sv"))  # the user's choice wins
    dialog.language_combo.activated.emit(dialog.language_combo.currentIndex())
    assert dialog.import_result().resolution.languages == ["sv"]
    assert [p.text.get("fr") for p in result.resolution.section("operative")] == ["Un premier paragraphe",
                                                                                 "Un second paragraphe"]


def test_nothing_recognised_is_explained(qtbot):
    dialog = make(qtbot, text="Dear friends,\nsee you at the picket.\n")
    assert dialog.table.rowCount() == 0
    assert "The importer looks for" in dialog.summary.text()
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()


def test_open_and_drop_files(qtbot, tmp_path):
    document = docx.Document()
    document.add_paragraph("Motion till riksdagen")
    document.add_paragraph("Förslag till riksdagsbeslut")
    document.add_paragraph("Riksdagen ställer sig bakom det som anförs i motionen om pressfrihet och "
                           "tillkännager detta för regeringen.", style="List Number")
    path = tmp_path / "motion.docx"
    document.save(path)
    dialog = make(qtbot)
    assert dialog.load_file(path)
    assert kinds(dialog) == ["heading", "heading", "proposal"]
    assert dialog.style_combo.currentData() == "riksdag" and dialog.language_combo.currentData() == "sv"
    # Dropping a file on the editor reads the file instead of pasting its name.
    text_file = tmp_path / "ep.txt"
    text_file.write_text(EP_TEXT, encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(text_file))])
    assert dialog.source.canInsertFromMimeData(mime)
    dialog.source.insertFromMimeData(mime)
    assert dialog.source.toPlainText() == EP_TEXT
    assert dialog.style_combo.currentData() == "ep"
    # A file that cannot be read leaves a sentence under the table.
    assert not dialog.load_file(tmp_path / "missing.txt")
    assert "does not exist" in dialog.summary.text()


def test_screenshot(qtbot):
    dialog = make(qtbot, text=EP_TEXT)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.wait(50)  # let the rows take their heights
    assert dialog.grab().save(str(Path("/tmp/import.png")))
