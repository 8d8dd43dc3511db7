"""The window in every language and size: nothing clipped, dates per locale, first start, new recipients."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDialog,
    QLabel,
    QPushButton,
    QRadioButton,
    QToolButton,
)

from desktop.core.i18n import LANGUAGES
from desktop.gui.draft.commands import suggested_name
from desktop.gui.widgets.accelerators import strip_accelerator
from desktop.gui.widgets.form_fields import format_display_date

SIZES = [(1024, 640), (1600, 1000)]
_ROOM = {QCheckBox: 24, QRadioButton: 24, QPushButton: 8, QToolButton: 4}


def clipped(page) -> list[str]:
    """Labels and buttons on ``page`` whose one-line text is wider than they are, or that stick out of it."""
    found = []
    for widget in page.findChildren(QLabel) + page.findChildren(QAbstractButton):
        if not widget.isVisibleTo(page) or widget.width() <= 0:
            continue
        if isinstance(widget, QLabel) and (widget.wordWrap() or (widget.pixmap() and not widget.pixmap().isNull())):
            continue
        text = strip_accelerator(widget.text())
        if not text or "\n" in text or "<" in text:
            continue
        need = widget.fontMetrics().horizontalAdvance(text) + _ROOM.get(type(widget), 0)
        if need > widget.width():
            found.append(f"{type(widget).__name__} {text!r}: needs {need}, has {widget.width()}")
        right = widget.mapTo(page, widget.rect().topRight()).x()
        if right > page.width() + 2:
            found.append(f"{type(widget).__name__} {text!r} reaches {right}, past {page.width()}")
    return found


@pytest.mark.parametrize("size", SIZES, ids=lambda s: "%dx%d" % s)
@pytest.mark.parametrize("language", LANGUAGES)
def test_no_step_clips_a_label_or_button(window, qtbot, language, size):
    window.open_demo()
    window.set_interface_language(language)
    window.resize(*size)
    problems = []
    for step in range(5):
        window.go_to_step(step)
        qtbot.wait(10)
        problems += [f"step {step + 1}: {p}" for p in clipped(window.pages[step])]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_drop_downs_and_spin_boxes_show_labels_not_raw_values(window, language):
    window.set_interface_language(language)
    window.open_demo()
    window.case_editor.tables["people"].add_row()  # an empty person: "not known", "no date", "not stated"
    raw = {"male", "female", "not stated", "not known", "no date", "exact", "about"} if language != "en" else set()
    texts = [c.itemText(i) for c in window.findChildren(QComboBox) for i in range(c.count())]
    texts += [s.text() for s in window.findChildren(QAbstractSpinBox)]
    assert not raw & set(texts)
    combo = window.case_editor.person_form.gender
    assert [combo.itemData(i) for i in range(combo.count())] == ["", "female", "male"]  # the raw value is data


@pytest.mark.parametrize(("language", "expected"), [("en", "6 May 2012"), ("sv", "6 maj 2012"), ("fr", "6 mai 2012"),
                                                    ("de", "06.05.2012"), ("ru", "6 мая 2012\u202fг.")])
def test_dates_in_tables_follow_the_interface_language(make_window, language, expected):
    window = make_window(language)
    window.open_demo()
    events = window.case_editor.tables["events"]
    row = next(r for r, e in enumerate(events.rows()) if e["date"] == dt.date(2012, 5, 6))
    assert events.table.item(row, 0).text() == expected
    step = window.export_step
    step.today_box.setChecked(False)
    step.date_edit.setDate(step.date_edit.date().fromString("2026-12-06", "yyyy-MM-dd"))
    assert "12/6/26" not in step.date_edit.text()
    assert "2026" in step.date_edit.text() and "2026" in step.date_shown.text()


@settings(max_examples=60, deadline=None)
@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)), st.sampled_from(LANGUAGES))
def test_a_shown_date_always_has_its_four_digit_year(value, language):
    assert str(value.year) in format_display_date(value, language)


def test_the_case_editor_opens_in_the_interface_language(make_window, demo_ids):
    window = make_window("en")
    window.open_demo()
    window.recipients_panel.set_selected(demo_ids)
    assert window.case_editor.language == "en"
    assert "English" in window.pages[1].note.text()
    window.set_interface_language("de")
    assert window.case_editor.language == "de"


def test_a_blank_first_start_shows_a_hint_not_problems(window, wait_for_checks):
    wait_for_checks(window)
    assert window.problems_button.text().startswith("Start by")


def test_the_window_never_restores_a_size_larger_than_the_screen(make_window, qtbot):
    from desktop.gui.settings import AppSettings

    first = make_window()
    screen = first.screen().availableGeometry()
    first.resize(screen.width() + 900, screen.height() + 700)
    first.session.modified = False
    first.close()
    second = make_window()
    assert second.width() <= screen.width() and second.height() <= screen.height()
    assert AppSettings().window_geometry() is not None


def test_the_preview_folds_away_and_comes_back(window):
    window.resize(1024, 640)
    window.preview_action.setChecked(False)
    assert window.splitter.sizes()[1] == 0
    window.preview_action.setChecked(True)
    assert window.splitter.sizes()[1] >= 260


def test_a_new_recipient_is_ticked_and_exported(window, qtbot, monkeypatch, tmp_path, demo_ids):
    from desktop.gui.recipients import dialog as dialog_module

    window.open_demo()
    window.recipients_panel.set_selected(demo_ids[:1])

    def fill(self):
        self.fields["organisation"].setText("Embassy of the Republic of Belarus in the Kingdom of Sweden")
        self.fields["address_lines"].setPlainText("Herserudsvägen 5")
        self.fields["city"].setText("Lidingö")
        self.fields["postal_code"].setText("181 34")
        self.fields["country"].set_code("SE")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(dialog_module.RecipientDialog, "exec", fill)
    window.recipients_panel.add_recipient()
    names = [r.organisation for r in window.draft.recipients]
    assert "Embassy of the Republic of Belarus in the Kingdom of Sweden" in names
    from desktop.gui.export.printing import combined_pdf

    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(combined_pdf(window.draft))).pages)
    assert "Herserudsvägen 5" in text and "Lidingö" in text


def test_the_new_recipient_dialog_wraps_its_address_preview(qtbot):
    from desktop.core.i18n import translator
    from desktop.gui.recipients.dialog import RecipientDialog

    dialog = RecipientDialog(translator("en"))
    qtbot.addWidget(dialog)
    dialog.fields["organisation"].setText("Embassy of the Republic of Belarus in the Kingdom of Sweden and Norway")
    dialog.show()
    assert dialog.address_view.wordWrap()
    assert dialog.address_view.width() <= dialog.preview_box.width()


@pytest.mark.parametrize(("title", "expected"), [
    ("Bolotnaya Square case — appeal to Russian embassies (historical example)",
     "Bolotnaya Square case — appeal to Russian embassies"),
    ("Short title", "Short title"),
    ("a/b", "a-b"),
])
def test_the_suggested_file_name_ends_at_a_word(title, expected):
    assert suggested_name(title) == expected


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=200))
def test_a_suggested_name_is_short_and_never_cut_mid_word(title):
    name = suggested_name(title)
    assert name and len(name) <= 60 and "/" not in name
    cleaned = " ".join(title.replace("/", "-").replace("\\", "-").split())
    if name != "draft":
        assert cleaned.startswith(name)
        rest = cleaned[len(name):]
        # It ends where a word ends, unless the first word alone is longer than the limit.
        assert not rest or not rest[0].isalnum() or not name[-1:].isalnum() or " " not in cleaned[:61]


def test_the_about_box_is_translated_and_names_no_system_path(make_window):
    from desktop.gui.about import about_text
    from desktop.core.i18n import translator

    text = about_text(translator("de"), "1.0")
    assert "/usr/share" not in text and "Debian" not in text and "Noto Serif" in text


def test_the_problems_dialog_widens_its_texts_not_its_icon(window, wait_for_checks):
    window.show_problems()
    sheet = window._problems_box.styleSheet()
    assert "qt_msgbox_informativelabel" in sheet and not sheet.startswith("QLabel {")
    window._problems_box.close()


def test_the_swedish_resolution_editor_shows_the_placeholder_of_the_selected_part(make_window):
    window = make_window("sv")
    gallery = window.gallery
    row = next(r for r in range(gallery.list.count()) if gallery.list.item(r).data(256) == "resolution")
    gallery.list.setCurrentRow(row)
    editor = window.resolution_editor
    editor.set_languages("en", "sv")
    editor.select("section:recital")
    editor.add_part()
    placeholders = [e.placeholderText() for e in editor.editors.values()]
    title = window.tr.gettext("Title of the resolution")
    assert placeholders and not any(title in p for p in placeholders), placeholders
