"""The recipients panel: CSV import with a report, filters, ticks, and a 10,000-row model."""

import random

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from desktop.core.i18n import translator
from desktop.core.library import Library
from desktop.core.recipients import KINDS, Recipient
from desktop.gui.recipients import panel as recipients_panel
from desktop.gui.recipients.model import NAME, RecipientsFilterProxy, RecipientsTableModel
from desktop.gui.recipients.panel import RecipientsPanel

CSV = (
    "organisation,person,title,city,country,kind,language\n"
    "Embassy of the Russian Federation in Sweden,,Ambassador,Stockholm,SE,embassy,ru\n"
    "Sveriges riksdag,Anna Svensson,Member of the Riksdag,Stockholm,SE,member_of_parliament,sv\n"
    "Deutscher Bundestag,,,Berlin,DE,legislature,de\n"
    "Nowhere Office,,,Atlantis,Narnia,official,en\n"
    "Ambassade de Russie,,,Paris,FR,embassy,fr\n"
)


class Reports:
    """Stands in for the modal report dialog and keeps what it would have shown."""

    def __init__(self, monkeypatch):
        self.shown = []
        monkeypatch.setattr(recipients_panel.ImportReportDialog, "exec", lambda dialog: self.shown.append(dialog))


@pytest.fixture
def panel(qtbot):
    widget = RecipientsPanel(translator("en"), library=Library())
    qtbot.addWidget(widget)
    widget.reload()
    return widget


def shown_names(panel):
    return sorted(panel.proxy.index(row, NAME).data() for row in range(panel.proxy.rowCount()))


def test_import_through_the_button_reports_the_bad_row(panel, qtbot, tmp_path, monkeypatch):
    path = tmp_path / "directory.csv"
    path.write_text(CSV, encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    reports = Reports(monkeypatch)
    qtbot.mouseClick(panel.buttons["import"], Qt.MouseButton.LeftButton)

    assert panel.model.rowCount() == 4
    assert "Deutscher Bundestag" in shown_names(panel)
    assert not any("Nowhere" in name for name in shown_names(panel))
    (report,) = reports.shown
    assert report.summary.startswith("4 recipients imported (4 added, 0 updated, 0 unchanged); 1 row not imported")
    assert len(report.lines) == 1 and report.lines[0].startswith("line 5: ")
    assert "Narnia" in report.lines[0]
    # The library holds them too, so they survive a restart.
    assert Library().count_recipients() == 4


def test_filters_narrow_the_rows(panel, tmp_path, monkeypatch):
    path = tmp_path / "directory.csv"
    path.write_text(CSV, encoding="utf-8")
    Reports(monkeypatch)
    panel.import_file(path)

    panel.country_filter.setCurrentIndex(panel.country_filter.findData("SE"))
    assert panel.proxy.rowCount() == 2
    panel.kind_filter.setCurrentIndex(panel.kind_filter.findData("embassy"))
    assert shown_names(panel) == ["Embassy of the Russian Federation in Sweden"]
    panel.country_filter.setCurrentIndex(0)
    panel.kind_filter.setCurrentIndex(0)
    panel.search.setText("svens")
    assert shown_names(panel) == ["Sveriges riksdag — Anna Svensson"]
    panel.search.setText("")
    panel.language_filter.setCurrentIndex(panel.language_filter.findData("de"))
    assert shown_names(panel) == ["Deutscher Bundestag"]
    assert "1 of 4 shown" in panel.status.text()


def test_ticked_rows_come_back_and_select_all_shown(panel, qtbot, tmp_path, monkeypatch):
    path = tmp_path / "directory.csv"
    path.write_text(CSV, encoding="utf-8")
    Reports(monkeypatch)
    panel.import_file(path)
    by_name = {panel.proxy.index(r, NAME).data(): panel.proxy.index(r, NAME) for r in range(panel.proxy.rowCount())}

    with qtbot.waitSignal(panel.selection_changed):
        panel.proxy.setData(by_name["Deutscher Bundestag"], Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert [r.organisation for r in panel.selected_recipients()] == ["Deutscher Bundestag"]

    panel.search.setText("stockholm")
    qtbot.mouseClick(panel.buttons["all"], Qt.MouseButton.LeftButton)
    assert sorted(r.organisation for r in panel.selected_recipients()) == [
        "Deutscher Bundestag", "Embassy of the Russian Federation in Sweden", "Sveriges riksdag"]

    qtbot.mouseClick(panel.buttons["none"], Qt.MouseButton.LeftButton)
    assert panel.selected_recipients() == []
    ids = [r.id for r in panel.model.recipients[:2]]
    panel.set_selected(ids)
    assert [r.id for r in panel.selected_recipients()] == ids


def test_export_writes_the_ticked_rows(panel, tmp_path, monkeypatch):
    path = tmp_path / "directory.csv"
    path.write_text(CSV, encoding="utf-8")
    Reports(monkeypatch)
    panel.import_file(path)
    ticked = [r for r in panel.model.recipients if r.country == "SE"]
    panel.set_selected([r.id for r in ticked])
    out = tmp_path / "out.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    panel.export_csv()
    text = out.read_text(encoding="utf-8-sig")
    assert "Sveriges riksdag" in text and "Embassy of the Russian Federation in Sweden" in text
    assert "Bundestag" not in text


def test_ten_thousand_recipients_filter_correctly(qapp):
    rng = random.Random(7)
    people = ["Anna Svensson", "Иван Петров", "Jörg Müller", "Claire Dubois", ""]
    recipients = [
        Recipient(organisation=f"Office {i}", person=rng.choice(people), city=rng.choice(["Stockholm", "Berlin", "Paris"]),
                  country=rng.choice(["SE", "DE", "FR", "RU"]), kind=rng.choice(KINDS),
                  language=rng.choice(["sv", "de", "fr", "ru", "en"]), id=f"r{i}")
        for i in range(10_000)
    ]
    model = RecipientsTableModel(translator("en"))
    model.set_recipients(recipients)
    proxy = RecipientsFilterProxy()
    proxy.setSourceModel(model)
    proxy.sort(NAME, Qt.SortOrder.DescendingOrder)

    proxy.set_filters(text="muller", country="DE", kind="embassy")
    expected = {r.id for r in recipients if r.person == "Jörg Müller" and r.country == "DE" and r.kind == "embassy"}
    assert expected and set(proxy.shown_ids()) == expected

    proxy.set_filters(text="ИВАН", language="ru")
    expected = {r.id for r in recipients if r.person == "Иван Петров" and r.language == "ru"}
    assert set(proxy.shown_ids()) == expected

    proxy.set_filters()
    assert proxy.rowCount() == 10_000
    names = [proxy.index(row, NAME).data() for row in range(3)]
    assert names == sorted(names, reverse=True)


def test_retranslate_changes_headers_and_buttons(panel):
    from desktop.core.i18n import Translator

    class Shouting:
        def gettext(self, message):
            return message.upper()

        def ngettext(self, singular, plural, n):
            return (singular if n == 1 else plural).upper()

    panel.retranslate(Translator("en", Shouting()))
    assert panel.model.headerData(NAME, Qt.Orientation.Horizontal) == "ORGANISATION / PERSON"
    assert panel.buttons["import"].text() == "IMPORT CSV…"
    assert panel.kind_filter.itemText(0) == "ALL KINDS"
