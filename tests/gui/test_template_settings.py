"""The Template step's settings form, built from the chosen template's manifest."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QPlainTextEdit, QSpinBox

from desktop.gui.widgets.form_fields import OptionalDateEdit


def choose(window, template_id: str) -> None:
    gallery = window.gallery
    for row in range(gallery.list.count()):
        if gallery.list.item(row).data(256) == template_id:  # Qt.UserRole
            gallery.list.setCurrentRow(row)
            return
    raise AssertionError(f"{template_id} is not in the gallery")


def test_petition_sheets_setting_reaches_the_draft(window, qtbot, tmp_path):
    window.open_demo()
    choose(window, "petition_sheets")
    assert window.draft.template == "petition_sheets"
    form = window.gallery.settings
    assert form.isVisible()
    assert form.title() == "Settings of this template"
    sheets = form.fields["sheets"]
    assert isinstance(sheets, QSpinBox)
    assert (sheets.minimum(), sheets.maximum(), sheets.value()) == (1, 500, 1)
    assert isinstance(form.fields["contact"], QCheckBox)
    assert isinstance(form.fields["deadline"], OptionalDateEdit)
    window.session.save(tmp_path / "petition.json")  # saved: nothing changed since
    assert not window.isWindowModified()
    sheets.setValue(3)
    assert window.draft.options["sheets"] == 3
    assert window.session.modified
    assert window.isWindowModified()
    form.fields["contact"].setChecked(True)
    assert window.draft.options["contact"] is True


def test_switching_to_resolution_rebuilds_the_form_and_keeps_other_values(window, qtbot):
    window.open_demo()
    choose(window, "petition_sheets")
    window.gallery.settings.fields["rows"].setValue(20)
    choose(window, "resolution")
    form = window.gallery.settings
    style = form.fields["style"]
    assert isinstance(style, QComboBox)
    assert style.count() == 4
    assert [style.itemData(i) for i in range(4)] == ["ep", "riksdag", "us", "generic"]
    assert style.itemText(0) == "European Parliament resolution"
    assert style.currentData() == "generic"
    assert "rows" not in form.fields and "sheets" not in form.fields
    assert window.draft.options["rows"] == 20  # kept, only not shown
    style.setCurrentIndex(style.findData("ep"))
    assert window.draft.options["style"] == "ep"
    citations = form.fields["citations"]
    assert isinstance(citations, QPlainTextEdit)
    citations.setPlainText("the Universal Declaration of Human Rights\n\n  the ICCPR ")
    assert window.draft.options["citations"] == ["the Universal Declaration of Human Rights", "the ICCPR"]
    congress = form.fields["congress"]
    assert congress.text() == "automatic"  # no value: worked out from the date
    congress.setValue(119)
    assert window.draft.options["congress"] == 119
    congress.setValue(congress.minimum())
    assert "congress" not in window.draft.options


def test_labels_follow_the_interface_language(make_window, qtbot):
    window = make_window("ru")
    window.open_demo()
    choose(window, "resolution")
    form = window.gallery.settings
    style = form.fields["style"]
    assert style.itemText(0) == "Резолюция Европейского парламента"
    assert form.title() == "Настройки этого шаблона"


def test_a_template_without_settings_hides_the_form(window, qtbot):
    window.open_demo()
    choose(window, "appeal_mission")
    assert not window.gallery.settings.isVisible()
    assert window.gallery.settings.fields == {}


def test_report_photos_are_edited_one_a_line(qtbot):
    from desktop.core.templates import get_template
    from desktop.core.i18n import translator
    from desktop.gui.templates.settings_form import TemplateSettingsForm

    form = TemplateSettingsForm(translator("en"))
    qtbot.addWidget(form)
    seen = []
    form.changed.connect(lambda name, value: seen.append((name, value)))
    form.set_template(get_template("action_report"), {"photos": [{"path": "a.jpg", "caption": "At the embassy"}]})
    from PySide6.QtWidgets import QPlainTextEdit

    edit = form.findChild(QPlainTextEdit, "option_photos_text")
    assert edit.toPlainText() == "a.jpg | At the embassy"
    edit.setPlainText("a.jpg | At the embassy\nb.png")
    assert seen[-1] == ("photos", [{"path": "a.jpg", "caption": "At the embassy"}, {"path": "b.png", "caption": ""}])


def test_placard_settings_and_preview(window, qtbot, wait_for_preview, tmp_path):
    window.open_demo()
    choose(window, "placard")
    assert window.draft.template == "placard"
    form = window.gallery.settings
    paper = form.fields["paper"]
    assert isinstance(paper, QComboBox)
    assert [paper.itemData(i) for i in range(paper.count())] == ["A4", "A3", "Letter", "Tabloid"]
    paper.setCurrentIndex(1)
    assert window.draft.options["paper"] == "A3"
    second = form.fields["second_language"]
    second.setCurrentIndex([second.itemData(i) for i in range(second.count())].index("en"))
    assert window.draft.options["second_language"] == "en"
    wait_for_preview(window)
    window.grab().save(str(tmp_path / "placard.png"))
    assert (tmp_path / "placard.png").stat().st_size > 0
