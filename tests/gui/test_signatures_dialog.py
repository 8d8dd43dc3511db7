"""The returned-sheets dialog: sheets entered by code, a duplicate refused on the spot, totals, CSV, a restart."""

from __future__ import annotations

import csv
import io

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from desktop.core.i18n import translator
from desktop.core.library import Library
from desktop.core.signatures import SheetSet
from desktop.gui.signatures.dialog import SignaturesDialog

CAMPAIGN = "Bolotnaya Square case"


@pytest.fixture
def library_path(tmp_path):
    path = tmp_path / "library.sqlite3"
    with Library(path) as lib:
        lib.register_sheet_sets([SheetSet("AB12CD", "en", 20, 15, CAMPAIGN, "Petition")])
    return path


def enter(qtbot, dialog: SignaturesDialog, code: str, rows: int, town: str = "", by: str = "") -> bool:
    dialog.code_edit.setText(code)
    dialog.rows_spin.setValue(rows)
    dialog.town_edit.setText(town)
    dialog.by_edit.setText(by)
    before = dialog.table.rowCount()
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    return dialog.table.rowCount() == before + 1


def cells(table) -> list[list[str]]:
    return [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]


def test_enter_refuse_a_duplicate_total_and_reopen(qtbot, library_path, tmp_path, monkeypatch):
    library = Library(library_path)
    dialog = SignaturesDialog(translator("en"), library, CAMPAIGN)
    qtbot.addWidget(dialog)
    dialog.show()
    assert enter(qtbot, dialog, "ab12cd-7", 12, "Malmö", "Anna")
    assert enter(qtbot, dialog, "AB12CD 8", 9, "Lund")
    assert enter(qtbot, dialog, "AB12CD-9", 15, "malmo")
    assert not dialog.error_label.isVisible()
    assert dialog.code_edit.text() == "" and dialog.town_edit.text() == "malmo"  # ready for the next sheet

    # The same sheet again: refused under the entry line, nothing stored.
    assert not enter(qtbot, dialog, "AB12CD-007", 3, "Lund")
    assert dialog.error_label.isVisible()
    assert dialog.error_label.text().startswith("Sheet AB12CD-007 was already entered on ")
    assert "(collected by Anna); change that entry instead." in dialog.error_label.text()
    # More rows than the sheet has: refused too.
    assert not enter(qtbot, dialog, "AB12CD-10", 16)
    assert "has 15 rows" in dialog.error_label.text()
    assert dialog.table.rowCount() == 3

    assert cells(dialog.table)[0][:5] == ["AB12CD-007", "12", "15", "Malmö", "Anna"]
    assert cells(dialog.totals_table) == [["Malmö", "2", "27"], ["Lund", "1", "9"]]
    assert dialog.total_label.text() == "Total: 36 signatures on 3 sheets from 2 towns or constituencies"
    dialog.grab().save(str(tmp_path / "signatures-en.png"))

    # Change an entry: loaded on the entry line, saved in place.
    dialog.load_entry(1)
    assert dialog.code_edit.text() == "AB12CD-008"
    dialog.rows_spin.setValue(10)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert cells(dialog.table)[1][:2] == ["AB12CD-008", "10"]

    target = tmp_path / "counts.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    assert dialog.export_csv() == target
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert [(r["code"], r["rows_signed"], r["town"]) for r in rows] == [
        ("AB12CD-007", "12", "Malmö"), ("AB12CD-008", "10", "Lund"), ("AB12CD-009", "15", "malmo")]
    dialog.close()
    library.close()

    # A restart: a new library connection and a new dialog show the same sheets and totals.
    with Library(library_path) as again:
        reopened = SignaturesDialog(translator("en"), again, CAMPAIGN)
        qtbot.addWidget(reopened)
        assert [row[:2] for row in cells(reopened.table)] == [["AB12CD-007", "12"], ["AB12CD-008", "10"],
                                                              ["AB12CD-009", "15"]]
        assert cells(reopened.totals_table) == [["Malmö", "2", "27"], ["Lund", "1", "10"]]
        monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
        reopened.table.selectRow(0)
        reopened.remove_selected()
        assert [row[0] for row in cells(reopened.table)] == ["AB12CD-008", "AB12CD-009"]
        assert again.signature_totals(CAMPAIGN).signatures == 25


@pytest.mark.parametrize("language", ["en", "sv", "fr", "de", "ru"])
def test_the_dialog_in_each_interface_language(qtbot, library_path, tmp_path, language):
    with Library(library_path) as library:
        dialog = SignaturesDialog(translator(language), library, CAMPAIGN)
        qtbot.addWidget(dialog)
        dialog.show()
        assert enter(qtbot, dialog, "AB12CD-1", 1000 % 16, "Göteborg")
        assert not enter(qtbot, dialog, "AB12CD-1", 2)
        assert "AB12CD-001" in dialog.error_label.text()
        dialog.grab().save(str(tmp_path / f"signatures-{language}.png"))


def test_the_window_opens_the_dialog_for_the_draft_s_case(make_window, qtbot):
    window = make_window()
    window.open_demo()
    dialog = window.open_signatures_dialog()
    assert dialog.campaign == CAMPAIGN
    assert window.signatures_action.text() == "Count Returned &Sheets…"
    assert window.signatures_action in window.campaign_menu.actions()
    dialog.close()
