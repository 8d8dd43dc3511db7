"""Envelopes and labels in the window: chosen in the template step, set in its form, previewed and printed."""

from __future__ import annotations

import io

from pypdf import PdfReader
from PySide6.QtWidgets import QCheckBox, QComboBox, QSpinBox

from desktop.gui.export.printing import combined_pdf
from desktop.gui.preview import render_preview_pdf


def choose(window, template_id: str) -> None:
    gallery = window.gallery
    for row in range(gallery.list.count()):
        if gallery.list.item(row).data(256) == template_id:  # Qt.UserRole
            gallery.list.setCurrentRow(row)
            return
    raise AssertionError(f"{template_id} is not in the gallery")


def test_envelope_and_label_settings_in_the_template_step(window, qtbot, tmp_path):
    window.open_demo()
    choose(window, "envelopes")
    form = window.gallery.settings
    size = form.fields["size"]
    assert isinstance(size, QComboBox)
    assert [size.itemData(i) for i in range(size.count())] == ["auto", "DL", "C5", "C4", "US10"]
    assert size.itemText(1) == "DL, 220 × 110 mm, window"
    assert isinstance(form.fields["return_address"], QCheckBox) and form.fields["return_address"].isChecked()
    size.setCurrentIndex(size.findData("C5"))
    assert window.draft.options["size"] == "C5"
    window.gallery.grab().save(str(tmp_path / "envelopes.png"))
    preview = PdfReader(io.BytesIO(render_preview_pdf(window.draft, 0)))
    assert len(preview.pages) == len(window.draft.recipients)  # the preview shows every envelope
    assert round(float(preview.pages[0].mediabox.width) * 25.4 / 72) == 229  # C5 as set in the form
    printed = PdfReader(io.BytesIO(combined_pdf(window.draft)))
    assert "10117 BERLIN" in "\n".join(page.extract_text() for page in printed.pages)

    choose(window, "labels")
    form = window.gallery.settings
    assert "size" not in form.fields
    sheet = form.fields["sheet"]
    assert [sheet.itemData(i) for i in range(sheet.count())] == ["auto", "a4_3x7", "a4_2x7", "letter_3x10"]
    start = form.fields["start"]
    assert isinstance(start, QSpinBox) and (start.minimum(), start.maximum(), start.value()) == (1, 30, 1)
    start.setValue(4)
    form.fields["return_labels"].setValue(2)
    assert window.draft.options["start"] == 4 and window.draft.options["return_labels"] == 2
    text = PdfReader(io.BytesIO(combined_pdf(window.draft))).pages[0].extract_text()
    assert text.count("Exempelgatan 1") == 2 and "10117 BERLIN" in text


def test_the_gallery_names_the_kind(window, qtbot):
    from desktop.gui.templates.gallery import kind_name

    assert kind_name("post", window.tr) == "For the post"
