"""The Correspondence window driven like a user: filter, mark sent, add a reply, overdue, totals, CSV."""

from __future__ import annotations

import csv
import datetime as dt

from PySide6.QtCore import QDate, QItemSelectionModel

from desktop.core import correspondence as corr
from desktop.core.batch import ExportRequest, plan_for, run_export
from desktop.core.demo import load_demo_draft
from desktop.core.i18n import translator
from desktop.core.library import Library
from desktop.gui.correspondence.view import CorrespondenceView, ReplyDialog


def _select(view, reference):
    view.table.clearSelection()
    row = next(i for i, e in enumerate(view._letters) if e.reference == reference)
    index = view.table.model().index(row, 0)
    view.table.selectionModel().select(index, QItemSelectionModel.SelectionFlag.Select
                                       | QItemSelectionModel.SelectionFlag.Rows)


def test_correspondence_view(qtbot, tmp_path):
    draft = load_demo_draft()
    draft.letter.date = dt.date(2026, 1, 12)
    request = ExportRequest(draft=draft, out_dir=tmp_path / "out", references=True)
    plan = plan_for(request)
    library = Library(tmp_path / "data" / "library.sqlite3")
    corr.record_export(library, plan, run_export(request, plan=plan))

    view = CorrespondenceView(translator("en"), library)
    qtbot.addWidget(view)
    view.show()
    assert view.table.rowCount() == 5
    assert view.totals_label.text().startswith("5 letters — exported: 5")

    first, second = view._letters[0].reference, view._letters[1].reference
    _select(view, first)
    view.sent_date.setDate(QDate(2026, 1, 14))
    view.channel_combo.setCurrentIndex(view.channel_combo.findData("fax"))
    view.mark_sent_button.click()
    _select(view, second)
    view.mark_sent_button.click()  # still 14 January, by fax

    reply_file = tmp_path / "reply.txt"
    reply_file.write_text("Your letter has been forwarded.", encoding="utf-8")
    _select(view, second)
    dialog = ReplyDialog(translator("en"), view)
    dialog.date_edit.setDate(QDate(2026, 2, 1))
    dialog.summary_edit.setText("Forwarded to the ministry")
    dialog.file_edit.setText(str(reply_file))
    qtbot.addWidget(dialog)
    from PySide6.QtCore import QTimer

    QTimer.singleShot(0, dialog.accept)
    view.add_reply(dialog)
    assert view.message_label.text() == ""

    view.overdue_box.setChecked(True)
    assert [e.reference for e in view._letters] == [first]
    assert "overdue" in view.table.item(0, 2).text()
    view.overdue_box.setChecked(False)
    view.status_combo.setCurrentIndex(view.status_combo.findData("answered"))
    assert [e.reference for e in view._letters] == [second]
    view.status_combo.setCurrentIndex(0)
    view.recipient_edit.setText("botschaft")
    assert [e.country for e in view._letters] == ["DE"]
    view.recipient_edit.setText("")

    target = tmp_path / "log.csv"
    view.export_csv(target)
    with open(target, encoding="utf-8-sig", newline="") as handle:
        rows = {row["reference"]: row for row in csv.DictReader(handle)}
    assert len(rows) == 5 and rows[first]["channel"] == "fax" and rows[first]["overdue"] == "yes"
    assert rows[second]["reply_summary"] == "Forwarded to the ministry"
    view.grab().save(str(tmp_path / "view.png"))
    view.close()
    library.close()

    with Library(tmp_path / "data" / "library.sqlite3") as reopened:
        answered = corr.get_letter(reopened, second)
        assert answered.status == "answered" and answered.sent_date == "2026-01-14"
        assert (reopened.path.parent / answered.reply_file).read_text(encoding="utf-8") == reply_file.read_text(
            encoding="utf-8")


def test_marking_without_a_selection_says_what_to_do(qtbot, tmp_path):
    with Library(tmp_path / "library.sqlite3") as library:
        view = CorrespondenceView(translator("en"), library)
        qtbot.addWidget(view)
        view.mark_sent_button.click()
        assert view.message_label.text() == "Select one or more letters first."
        view.close()
