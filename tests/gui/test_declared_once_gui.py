"""The window offers exactly the languages and resolution styles declared once in the core."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.core.languages import INTERFACE_LANGUAGES, native_name
from desktop.core.resolution.model import HEADER_FIELDS, PRINTED_HEADER_FIELDS, STYLES
from desktop.gui.resolution.import_dialog import ResolutionImportDialog


def test_the_interface_language_menu_lists_the_declared_languages(window):
    assert list(window.language_actions) == list(INTERFACE_LANGUAGES)
    assert [a.text() for a in window.language_actions.values()] == [native_name(c) for c in INTERFACE_LANGUAGES]


def _combo_data(combo) -> list[str]:
    return [combo.itemData(i) for i in range(combo.count())]


def test_the_editor_and_the_import_dialog_offer_the_declared_styles_and_dim_by_the_table(window, qtbot):
    window.open_demo()
    window.draft.resolution = None
    gallery = window.gallery
    row = next(r for r in range(gallery.list.count())
               if gallery.list.item(r).data(Qt.ItemDataRole.UserRole) == "resolution")
    gallery.list.setCurrentRow(row)
    editor = window.resolution_editor
    assert _combo_data(editor.style_combo) == list(STYLES)
    dialog = ResolutionImportDialog(window, tr=window.tr)
    qtbot.addWidget(dialog)
    assert _combo_data(dialog.style_combo) == list(STYLES)
    assert [dialog.style_combo.itemText(i) for i in range(dialog.style_combo.count())] == \
        [editor.style_combo.itemText(i) for i in range(editor.style_combo.count())]
    for style in STYLES:
        index = editor.style_combo.findData(style)
        editor.style_combo.setCurrentIndex(index)
        editor.style_combo.activated.emit(index)
        model = editor.model
        printed = {name for name in HEADER_FIELDS if model.is_printed(model.node(model.index_of(name)))}
        assert printed == set(PRINTED_HEADER_FIELDS[style]), style
