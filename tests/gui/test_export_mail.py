"""The export dialog offers e-mail messages and names the recipients who have no address."""

from __future__ import annotations

import email
from email import policy

from desktop.core.demo import load_demo_draft
from desktop.core.i18n import translator
from desktop.gui.export.dialog import ExportDialog
from desktop.gui.settings import AppSettings


def test_choosing_eml_writes_messages_and_lists_recipients_without_an_address(qtbot, tmp_path):
    draft = load_demo_draft()
    draft.recipients = draft.recipients[:3]
    draft.recipients[0].email = "ambassad@example.se"
    draft.recipients[2].email = "botschaft@example.de"
    dialog = ExportDialog(translator("en"), draft, AppSettings())
    qtbot.addWidget(dialog)
    dialog.folder_edit.setText(str(tmp_path / "out"))
    dialog.show()
    assert dialog.eml_box.text() == "E-mail messages (.eml)"
    dialog.combined_radio.setChecked(True)
    dialog.pdf_box.setChecked(False)
    dialog.docx_box.setChecked(False)
    dialog.eml_box.setChecked(True)
    assert dialog.separate_radio.isChecked() and not dialog.combined_radio.isEnabled()  # never a print file
    assert dialog.formats() == ("eml",)
    with qtbot.waitSignal(dialog.export_finished, timeout=120_000) as finished:
        dialog.export_button.click()
    report = finished.args[0]
    assert report is not None, dialog.summary.text()
    files = sorted((tmp_path / "out").iterdir())
    assert [f.suffix for f in files] == [".eml", ".eml"]
    to = [email.message_from_bytes(f.read_bytes(), policy=policy.default)["To"].addresses[0].addr_spec
          for f in files]
    assert to == ["ambassad@example.se", "botschaft@example.de"]
    summary = dialog.summary.text()
    assert "Prepared 2 e-mail messages" in summary
    assert "No e-mail message for 1 recipient without an e-mail address:" in summary
    assert "• Ambassade de la Fédération de Russie en France" in summary
    assert summary.count("Ambassade de la Fédération de Russie en France") == 1  # listed once, not also as a note
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=60_000)
    assert not dialog.combined_radio.isEnabled()
    dialog.eml_box.setChecked(False)
    assert dialog.combined_radio.isEnabled()
    dialog.close()


def test_the_window_exports_the_calendar_of_deadlines(window, tmp_path, monkeypatch):
    import datetime as dt

    from icalendar import Calendar
    from PySide6.QtWidgets import QMessageBox

    from desktop.core.case import Event

    window.open_demo()
    assert window.calendar_action in window.campaign_menu.actions()
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warnings.append(args[2]))
    assert window.export_calendar(str(tmp_path / "none.ics")) is None  # the demo's dates are all past
    assert warnings and "no date ahead" in warnings[0] and not (tmp_path / "none.ics").exists()
    day = dt.date.today() + dt.timedelta(days=20)
    window.draft.case.events.append(Event(day, {"en": "appeal hearing"}, "hearing"))
    path = window.export_calendar(str(tmp_path / "dates.ics"))
    entries = list(Calendar.from_ical(path.read_bytes()).walk("VEVENT"))
    assert [(e.decoded("DTSTART"), str(e["SUMMARY"])) for e in entries] == [(day, "Hearing: appeal hearing")]
    assert "Wrote 1 date" in window.statusBar().currentMessage()
