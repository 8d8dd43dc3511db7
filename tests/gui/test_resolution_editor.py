"""The resolution workbench: keyboard editing, drag and drop, styles, two languages, export."""

from __future__ import annotations

import subprocess

import docx
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from desktop.core.resolution.model import Resolution
from desktop.core.signers import Signer
from desktop.gui.resolution.outline_model import LEFT_COLUMN, RIGHT_COLUMN, stale_background

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def open_workbench(window, qtbot, style: str = "ep", seeded: tuple[str, ...] = ()):
    """The demo draft as a resolution, on step 2; ``seeded``: start from the case in these languages."""
    window.open_demo()
    window.draft.resolution = None
    gallery = window.gallery
    row = next(r for r in range(gallery.list.count())
               if gallery.list.item(r).data(Qt.ItemDataRole.UserRole) == "resolution")
    gallery.list.setCurrentRow(row)
    assert window.draft.template == "resolution"
    editor = window.resolution_editor
    index = editor.style_combo.findData(style)
    editor.style_combo.setCurrentIndex(index)
    editor.style_combo.activated.emit(index)
    window.go_to_step(1)
    assert window.case_step.currentWidget() is editor
    if seeded:
        editor.set_languages(seeded[0], seeded[1] if len(seeded) > 1 else None)
        editor.start_from_case()
        assert window.draft.resolution is not None and not window.draft.resolution.is_empty()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return editor


def shown_label(editor, part_id: str) -> str:
    return editor.model.index_of(part_id, 0).data()


def shown_text(editor, key: str, column: int) -> str:
    return editor.model.index_of(key, column).data()


def focused():
    return QApplication.focusWidget()


def test_a_resolution_is_built_by_keyboard_alone(window, qtbot):
    editor = open_workbench(window, qtbot)
    left = editor.editors[LEFT_COLUMN]
    editor.tree.setFocus()
    # Down the outline to the recitals, then Ctrl+Enter adds the first one and puts the cursor in its text.
    for _ in range(20):
        if editor.current_key() == "section:recital":
            break
        QTest.keyClick(focused(), Qt.Key.Key_Down)
    assert editor.current_key() == "section:recital"
    QTest.keyClick(focused(), Qt.Key.Key_Return, CTRL)
    assert focused() is left
    QTest.keyClicks(focused(), "the defendants were peaceful protesters")
    QTest.keyClick(focused(), Qt.Key.Key_Return)  # at the end of a text: the next part
    QTest.keyClicks(focused(), "the trial fell short of fair-trial standards")
    QTest.keyClick(focused(), Qt.Key.Key_Escape)
    assert focused() is editor.tree
    QTest.keyClick(focused(), Qt.Key.Key_Down)
    assert editor.current_key() == "section:operative"
    QTest.keyClick(focused(), Qt.Key.Key_Return, CTRL)
    QTest.keyClicks(focused(), "condemns the verdicts")
    QTest.keyClick(focused(), Qt.Key.Key_Return)
    QTest.keyClicks(focused(), "the sentences handed down")
    QTest.keyClick(focused(), Qt.Key.Key_BracketRight, CTRL)  # into a sub-point of the paragraph above

    res = window.draft.resolution
    recitals = res.section("recital")
    assert [p.text.get("en") for p in recitals] == ["the defendants were peaceful protesters",
                                                    "the trial fell short of fair-trial standards"]
    operative = res.section("operative")
    assert [p.text.get("en") for p in operative] == ["condemns the verdicts"]
    assert [c.text.get("en") for c in operative[0].children] == ["the sentences handed down"]
    assert [shown_label(editor, p.id) for p in recitals] == ["A.", "B."]
    assert shown_label(editor, operative[0].id) == "1."
    point = operative[0].children[0].id
    assert shown_label(editor, point) == "(a)"
    assert shown_text(editor, point, LEFT_COLUMN) == "the sentences handed down"
    assert window.session.modified and window.isWindowModified()

    QTest.keyClick(focused(), Qt.Key.Key_Z, CTRL)  # undo the sub-point: two paragraphs again
    res = window.draft.resolution
    assert [p.text.get("en") for p in res.section("operative")] == ["condemns the verdicts",
                                                                    "the sentences handed down"]
    assert [shown_label(editor, p.id) for p in res.section("operative")] == ["1.", "2."]
    QTest.keyClick(focused(), Qt.Key.Key_Z, CTRL)  # the typing of the second paragraph is one step
    assert [p.text.get("en") for p in window.draft.resolution.section("operative")] == ["condemns the verdicts", ""]
    QTest.keyClick(focused(), Qt.Key.Key_Z, CTRL | SHIFT)
    QTest.keyClick(focused(), Qt.Key.Key_Z, CTRL | SHIFT)
    res = window.draft.resolution
    assert len(res.section("operative")) == 1
    assert [c.text.get("en") for c in res.section("operative")[0].children] == ["the sentences handed down"]
    assert shown_label(editor, res.section("operative")[0].children[0].id) == "(a)"


def test_keys_move_remove_split_and_merge_parts(window, qtbot):
    editor = open_workbench(window, qtbot, seeded=("en",))
    res = window.draft.resolution
    first, second = res.section("recital")[0].id, res.section("recital")[1].id
    editor.select(second)
    editor.tree.setFocus()
    QTest.keyClick(editor.tree, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert [p.id for p in window.draft.resolution.section("recital")[:2]] == [second, first]
    assert shown_label(editor, second) == "A."
    QTest.keyClick(editor.tree, Qt.Key.Key_Delete)
    assert second not in [p.id for p in window.draft.resolution.section("recital")]
    assert editor.current_key() == first and shown_label(editor, first) == "A."

    # Split the first recital where the cursor is, then merge the halves back.
    text = window.draft.resolution.part(first).text.get("en")
    editor.select(first)
    QTest.keyClick(editor.tree, Qt.Key.Key_Return)  # Return in the outline: edit the text
    assert focused() is editor.editors[LEFT_COLUMN]
    cursor = focused().textCursor()
    split = text.index(" ", len(text) // 2)  # a word boundary in the middle of the recital
    cursor.setPosition(split)
    focused().setTextCursor(cursor)
    QTest.keyClick(focused(), Qt.Key.Key_B, CTRL | SHIFT)
    recitals = window.draft.resolution.section("recital")
    assert recitals[0].text.get("en") == text[:split]
    assert recitals[1].text.get("en") == text[split:].strip()
    assert shown_label(editor, recitals[1].id) == "B."
    editor.select(recitals[0].id)
    QTest.keyClick(editor.tree, Qt.Key.Key_M, CTRL | SHIFT)
    assert window.draft.resolution.section("recital")[0].text.get("en") == text
    # A refused change says why and leaves the text as it was.
    before = window.draft.resolution.to_data()
    editor.select("section:citation")
    editor.select(window.draft.resolution.section("citation")[0].id)
    editor.indent()
    assert window.draft.resolution.to_data() == before
    assert editor.message.isVisibleTo(editor) and "sub-point" in editor.message.text()


def drop(editor, part_id: str, row: int, target_key: str) -> bool:
    model = editor.model
    data = model.mimeData([model.index_of(part_id, 0)])
    return model.dropMimeData(data, Qt.DropAction.MoveAction, row, 0, model.index_of(target_key, 0))


def test_drag_and_drop_reorders_changes_kind_and_makes_sub_points(window, qtbot):
    editor = open_workbench(window, qtbot, seeded=("en",))
    res = window.draft.resolution
    original = [p.id for p in res.section("recital")]
    third = original[2]
    assert shown_label(editor, third) == "C."

    assert drop(editor, third, 0, "section:recital")
    order = [p.id for p in window.draft.resolution.section("recital")]
    assert order == [third, *original[:2], *original[3:]]
    assert [shown_label(editor, i) for i in order[:3]] == ["A.", "B.", "C."]

    editor.undo_stack.undo()
    assert [p.id for p in window.draft.resolution.section("recital")] == original
    assert shown_label(editor, third) == "C."

    # Into another section: a recital becomes the last citation.
    citations = len(window.draft.resolution.section("citation"))
    assert drop(editor, third, -1, "section:citation")
    res = window.draft.resolution
    assert res.section("citation")[-1].id == third and res.section("citation")[-1].kind == "citation"
    assert len(res.section("citation")) == citations + 1
    assert shown_label(editor, third) == "–"
    assert shown_label(editor, res.section("recital")[2].id) == "C."

    # Onto an operative paragraph: the last paragraph becomes its sub-point.
    paragraphs = [p.id for p in res.section("operative")]
    last = paragraphs[-1]
    assert drop(editor, last, -1, paragraphs[0])
    res = window.draft.resolution
    assert [c.id for c in res.section("operative")[0].children] == [last]
    assert shown_label(editor, last) == "(a)"
    # Nothing can be dropped among the title and formulas, nor a paragraph into itself.
    assert not editor.model.canDropMimeData(editor.model.mimeData([editor.model.index_of(paragraphs[1])]),
                                            Qt.DropAction.MoveAction, -1, 0, editor.model.index_of("title"))
    assert not drop(editor, paragraphs[1], -1, paragraphs[1])
    editor.undo_stack.undo()
    editor.undo_stack.undo()
    assert [p.id for p in window.draft.resolution.section("recital")] == original


def test_switching_style_keeps_the_text_and_relabels(window, qtbot):
    editor = open_workbench(window, qtbot, seeded=("en", "sv"))
    res = window.draft.resolution
    content = res.to_data()
    recital, paragraph = res.section("recital")[0].id, res.section("operative")[0].id
    proposal = res.section("proposal")[0].id
    assert (shown_label(editor, recital), shown_label(editor, paragraph)) == ("A.", "1.")

    def choose(style: str) -> None:
        index = editor.style_combo.findData(style)
        editor.style_combo.setCurrentIndex(index)
        editor.style_combo.activated.emit(index)
        assert window.draft.options["style"] == style
        assert window.draft.resolution.to_data() == content
        assert window.gallery.settings.fields["style"].currentData() == style  # the gallery's copy follows

    choose("us")
    assert shown_label(editor, paragraph) == "(1)"
    assert shown_label(editor, recital) == ""  # "Whereas" clauses carry no label
    assert "not printed" in editor.model.index_of("section:citation").data()
    choose("riksdag")
    assert shown_label(editor, proposal) == "1."
    assert shown_label(editor, paragraph) == ""
    assert "not printed" in editor.model.index_of("section:operative").data()
    assert "not printed" not in editor.model.index_of("section:proposal").data()
    editor.undo_stack.undo()
    editor.undo_stack.undo()
    assert window.draft.options["style"] == "ep"
    assert editor.style_combo.currentData() == "ep"
    assert shown_label(editor, paragraph) == "1."


def test_the_style_formula_is_the_placeholder_of_an_empty_opening(window, qtbot):
    editor = open_workbench(window, qtbot, seeded=("en", "sv"))
    editor.select("opening")
    assert window.draft.resolution.text("opening").get("en") == ""
    assert editor.editors[LEFT_COLUMN].placeholderText() == "The European Parliament,"
    assert editor.editors[RIGHT_COLUMN].placeholderText() == "Europaparlamentet"
    index = editor.style_combo.findData("us")
    editor.style_combo.setCurrentIndex(index)
    editor.style_combo.activated.emit(index)
    assert editor.editors[LEFT_COLUMN].placeholderText().startswith("Resolved, That")


def test_editing_english_marks_the_swedish_text_stale_until_confirmed(window, qtbot):
    editor = open_workbench(window, qtbot, seeded=("en", "sv"))
    res = window.draft.resolution
    recital = res.section("recital")[0]
    assert recital.id not in res.stale_parts("sv")
    editor.select(recital.id)
    left = editor.editors[LEFT_COLUMN]
    left.setFocus()
    left.moveCursor(left.textCursor().MoveOperation.End)
    QTest.keyClicks(left, " and its aftermath")
    res = window.draft.resolution
    assert res.part(recital.id).text.get("en").endswith("and its aftermath")
    assert recital.id in res.stale_parts("sv") and recital.id not in res.stale_parts("en")
    index = editor.model.index_of(recital.id, RIGHT_COLUMN)
    assert index.data(Qt.ItemDataRole.BackgroundRole) == stale_background()
    assert "Changed in English after the Swedish text was last edited" in index.data(Qt.ItemDataRole.ToolTipRole)
    assert editor.stale_frame.isVisibleTo(editor)
    assert editor.stale_label.text() == "Changed in English after the Swedish text was last edited."

    editor.confirm_button.click()
    res = window.draft.resolution
    assert recital.id not in res.stale_parts("sv")
    assert editor.model.index_of(recital.id, RIGHT_COLUMN).data(Qt.ItemDataRole.BackgroundRole) is None
    assert not editor.stale_frame.isVisibleTo(editor)
    editor.undo_stack.undo()  # undoing the confirmation marks it again
    assert recital.id in window.draft.resolution.stale_parts("sv")
    # Bringing the Swedish text up to date by typing in it clears the mark too, and leaves English unmarked.
    right = editor.editors[RIGHT_COLUMN]
    right.setFocus()
    right.moveCursor(right.textCursor().MoveOperation.End)
    QTest.keyClicks(right, " samt efterspelet")  # QTest types ASCII only
    res = window.draft.resolution
    assert recital.id not in res.stale_parts("sv") and recital.id not in res.stale_parts("en")
    assert not editor.stale_frame.isVisibleTo(editor)


def test_start_from_the_case_asks_before_replacing_a_text(window, qtbot, monkeypatch):
    editor = open_workbench(window, qtbot, seeded=("en",))
    editor.select(window.draft.resolution.section("recital")[0].id)
    editor.editors[LEFT_COLUMN].setPlainText("my own recital")
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a) or QMessageBox.StandardButton.No)
    editor.start_from_case()
    assert asked and window.draft.resolution.section("recital")[0].text.get("en") == "my own recital"


def test_sponsors_line_shows_signers_with_party(window, qtbot):
    editor = open_workbench(window, qtbot, seeded=("en",))
    window.signers_panel.set_signers([Signer(name="Anna Lindqvist", party="V"), Signer(name="Erik Berg")])
    window._signers_edited()
    assert "Anna Lindqvist (V), Erik Berg" in editor.sponsors_label.text()
    editor.sponsors_button.click()
    assert window.stack.currentIndex() == 3


def test_import_text_replaces_the_resolution_in_one_undoable_step(window, qtbot, monkeypatch):
    editor = open_workbench(window, qtbot)
    imported = Resolution(languages=["sv"])
    imported.set_text(imported.text("title"), "sv", "Om de politiska fångarna")
    from desktop.core.resolution import edit

    part = edit.add_part(imported, "proposal", "sv", "att riksdagen ställer sig bakom det som anförs")
    from desktop.core.resolution.importer import ImportResult

    result = ImportResult(resolution=imported, style="riksdag", language="sv", items=[],
                          signers=[Signer(name="Karin Ek", party="S")], options={"session": "2025/26", "number": "77"})

    class FakeDialog:
        def __init__(self, parent=None, text="", language=None):
            self.language = language

        def exec(self):
            return QDialog.DialogCode.Accepted

        def import_result(self):
            return result

    from desktop.gui.resolution import topbar

    monkeypatch.setattr(topbar, "ResolutionImportDialog", FakeDialog)
    editor.import_button.click()
    assert window.draft.options["style"] == "riksdag"
    assert (window.draft.options["session"], window.draft.options["number"]) == ("2025/26", "77")
    assert window.draft.resolution.part(part.id).text.get("sv").startswith("att riksdagen")
    assert shown_label(editor, part.id) == "1."
    assert editor.left == "sv"
    assert "Karin Ek" in [s.name for s in window.draft.signers]
    assert "Karin Ek" in [s.name for s in window.signers_panel.signers()]
    editor.undo_stack.undo()
    assert window.draft.resolution is None
    assert window.draft.options["style"] == "ep"
    assert "session" not in window.draft.options and "number" not in window.draft.options
    assert "Karin Ek" not in [s.name for s in window.draft.signers]


def number_format(document, paragraph) -> tuple[str, str]:
    """(numFmt, lvlText) of the list level a DOCX paragraph is numbered with."""
    from lxml import etree

    def xpath(element, expression):
        return etree._Element.xpath(element, expression, namespaces={"w": W})

    num_pr = paragraph._p.pPr.numPr
    level = num_pr.ilvl.val if num_pr.ilvl is not None else 0
    numbering = document.part.numbering_part.element
    abstract = xpath(numbering, f'./w:num[@w:numId="{num_pr.numId.val}"]/w:abstractNumId/@w:val')[0]
    lvl = xpath(numbering, f'./w:abstractNum[@w:abstractNumId="{abstract}"]/w:lvl[@w:ilvl="{level}"]')[0]
    return xpath(lvl, "./w:numFmt/@w:val")[0], xpath(lvl, "./w:lvlText/@w:val")[0]


def test_export_dialog_writes_docx_pdf_and_akn_per_language(window, qtbot, tmp_path, monkeypatch):
    editor = open_workbench(window, qtbot, seeded=("en", "sv"))
    recital = window.draft.resolution.section("recital")[1]
    editor.select(recital.id)
    editor.editors[LEFT_COLUMN].setPlainText("the court heard no defence witnesses")
    editor.editors[RIGHT_COLUMN].setPlainText("domstolen hörde inga vittnen för försvaret")

    dialog = editor.open_export_dialog()
    assert [box.isChecked() for box in dialog.language_boxes.values()] == [True, True]
    dialog.folder_edit.setText(str(tmp_path / "out"))
    with qtbot.waitSignal(dialog.export_finished, timeout=120_000) as finished:
        dialog.export_button.click()
    written = finished.args[0]
    assert written, dialog.summary.text()
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert any(n.endswith("(en).docx") for n in names) and any(n.endswith("(sv).pdf") for n in names)
    assert all(p.name in dialog.summary.text() for p in written)
    assert dialog.open_folder_button.isVisibleTo(dialog)

    english_docx = next(p for p in written if p.name.endswith("(en).docx"))
    document = docx.Document(str(english_docx))
    paragraphs = [p for p in document.paragraphs if "no defence witnesses" in p.text]
    assert len(paragraphs) == 1 and paragraphs[0].text.startswith("whereas the court heard")
    assert number_format(document, paragraphs[0]) == ("upperLetter", "%1.")

    swedish_pdf = next(p for p in written if p.name.endswith("(sv).pdf"))
    text = subprocess.run(["pdftotext", "-layout", str(swedish_pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    flat = " ".join(text.split())
    assert "B. Domstolen hörde inga vittnen för försvaret" in flat
    assert "A. " in flat and "1. " in flat

    from lxml import etree

    akn = [p for p in written if p.name.endswith(".akn.xml")]
    assert len(akn) == 2
    tree = etree.parse(str(next(p for p in akn if "(en)" in p.name)))
    assert "no defence witnesses" in "".join(tree.getroot().itertext())


def test_export_without_a_resolution_says_what_to_do(window, qtbot, tmp_path):
    editor = open_workbench(window, qtbot)
    dialog = editor.open_export_dialog()
    dialog.folder_edit.setText(str(tmp_path / "out"))
    with qtbot.waitSignal(dialog.export_finished, timeout=60_000) as finished:
        dialog.export_button.click()
    assert finished.args[0] is None
    assert "no resolution text yet" in dialog.summary.text()
    assert not (tmp_path / "out").exists()


def test_workbench_follows_the_interface_language(window, qtbot):
    editor = open_workbench(window, qtbot, seeded=("en",))
    window.set_interface_language("ru")
    assert editor.model.headerData(1, Qt.Orientation.Horizontal) == "Английский"
    assert editor.style_combo.currentText() == "Резолюция Европейского парламента"
    window.set_interface_language("en")
    assert editor.model.headerData(1, Qt.Orientation.Horizontal) == "English"


def test_letters_keep_the_case_editor_as_step_two(window, qtbot):
    window.open_demo()
    assert window.draft.template != "resolution"
    assert window.case_step.currentWidget() is window.case_editor
    assert not window.case_step.tabBar().isVisible()
    assert not window.resolution_menu.menuAction().isVisible()


def test_the_preview_shows_the_resolution_without_any_recipient(window, qtbot, wait_for_preview):
    from io import BytesIO

    from pypdf import PdfReader

    editor = open_workbench(window, qtbot, style="ep", seeded=("en", "sv"))
    window.draft.recipients = []
    window.preview.recipients_changed()
    first = window.draft.resolution.section("recital")[0]
    window.draft.resolution.set_text(first.text, "en", "the court heard no defence witness at all")
    with qtbot.waitSignal(window.preview.rendered, timeout=60_000):
        window.preview.schedule(immediate=True)
    wait_for_preview(window)
    data = bytes(window.preview._buffer.data())
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(BytesIO(data)).pages)
    assert "A. whereas the court heard no defence witness at all;" in text
    assert "The European Parliament," in text
    assert window.preview.recipient_combo.isHidden()  # no "Letter to:" for a resolution
    assert editor is window.resolution_editor


def test_import_through_the_real_dialog(window, qtbot, monkeypatch):
    """The workbench's Import button with the import dialog itself; only its modal loop is skipped."""
    from desktop.gui.resolution.import_dialog import ResolutionImportDialog

    editor = open_workbench(window, qtbot)
    text = "\n".join([
        "Le Parlement européen,",
        "– vu la Déclaration universelle des droits de l'homme,",
        "A. considérant que le procès s'est tenu à huis clos ;",
        "B. considérant que les accusés manifestaient pacifiquement ;",
        "1. demande la libération immédiate des détenus ;",
        "2. charge sa Présidente de transmettre la présente résolution au Conseil.",
    ])

    def accept_after_recognising(dialog):
        dialog.source.setPlainText(text)
        dialog.recognise()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ResolutionImportDialog, "exec", accept_after_recognising)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    editor.import_button.click()
    res = window.draft.resolution
    assert editor.left == "fr"
    assert [p.text.get("fr") for p in res.section("recital")] == [
        "le procès s'est tenu à huis clos", "les accusés manifestaient pacifiquement"]
    assert [shown_label(editor, p.id) for p in res.section("recital")] == ["A.", "B."]
    assert res.section("citation")[0].text.get("fr").startswith("la Déclaration universelle")
    assert res.section("operative")[0].text.get("fr").startswith("demande la libération")
