"""The signers panel: co-signers in order, a signature picture with its transparency, profiles."""

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QFileDialog, QMessageBox

from desktop.core.i18n import translator
from desktop.core.library import Library
from desktop.core.signers import Signer
from desktop.gui.signers.panel import SignersPanel


def transparent_signature(path: Path) -> Path:
    """A PNG that is transparent except for a black bar across the middle."""
    image = QImage(300, 100, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.fillRect(0, 40, 300, 20, QColor("black"))
    painter.end()
    assert image.save(str(path))
    return path


@pytest.fixture
def panel(qtbot):
    widget = SignersPanel(translator("en"), library=Library())
    qtbot.addWidget(widget)
    widget.set_signers([Signer(name="Anna Lindqvist", role="Coordinator")])
    widget.resize(760, 440)
    widget.show()
    return widget


def test_picked_image_is_previewed_with_transparency_and_kept(panel, qtbot, tmp_path, monkeypatch):
    path = transparent_signature(tmp_path / "signature.png")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    with qtbot.waitSignal(panel.changed):
        qtbot.mouseClick(panel.choose_image, Qt.MouseButton.LeftButton)

    assert panel.signers()[0].signature_image == path
    assert not panel.preview.image.isNull()
    shot = panel.preview.grab().toImage()
    centre = shot.pixelColor(QPoint(shot.width() // 2, shot.height() // 2))
    assert centre.lightness() < 40  # the black bar is drawn
    corner = shot.pixelColor(QPoint(shot.width() // 2, 10))
    assert corner.lightness() > 200  # transparent parts show the light checkerboard, not black

    qtbot.mouseClick(panel.clear_image, Qt.MouseButton.LeftButton)
    assert panel.signers()[0].signature_image is None
    assert panel.preview.image.isNull()


def test_unreadable_image_is_refused(panel, qtbot, tmp_path, monkeypatch):
    bad = tmp_path / "not-a-picture.png"
    bad.write_text("hello")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(bad), ""))
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warnings.append(a[2]))
    qtbot.mouseClick(panel.choose_image, Qt.MouseButton.LeftButton)
    assert warnings and "not-a-picture.png" in warnings[0]
    assert panel.signers()[0].signature_image is None


def test_co_signers_are_added_edited_and_reordered(panel, qtbot):
    qtbot.mouseClick(panel.buttons["add"], Qt.MouseButton.LeftButton)
    qtbot.keyClicks(panel.fields["name"], "Erik Berg")
    qtbot.keyClicks(panel.fields["party"], "V")
    panel.address.setPlainText("Riksdagen\n100 12 Stockholm")
    assert [s.name for s in panel.signers()] == ["Anna Lindqvist", "Erik Berg"]
    assert panel.signers()[1].address_lines == ["Riksdagen", "100 12 Stockholm"]
    assert panel.list.item(1).text() == "Erik Berg — V"

    qtbot.mouseClick(panel.buttons["up"], Qt.MouseButton.LeftButton)
    assert [s.name for s in panel.signers()] == ["Erik Berg", "Anna Lindqvist"]
    panel.list.setCurrentRow(1)
    qtbot.mouseClick(panel.buttons["remove"], Qt.MouseButton.LeftButton)
    assert [s.name for s in panel.signers()] == ["Erik Berg"]


def test_profile_saved_and_used_again(panel, qtbot, tmp_path):
    path = transparent_signature(tmp_path / "signature.png")
    panel._set_image(path)
    qtbot.mouseClick(panel.buttons["save_profile"], Qt.MouseButton.LeftButton)
    (profile,) = Library().list_signers()
    assert profile.name == "Anna Lindqvist" and profile.signature_image is not None

    panel.set_signers([])
    panel.add_signer()
    panel.use_signer_profile(profile)
    (signer,) = panel.signers()
    assert signer.name == "Anna Lindqvist" and signer.role == "Coordinator"
    assert QImage(str(signer.signature_image)).size() == QImage(str(path)).size()


def test_retranslate_changes_the_labels(panel):
    from desktop.core.i18n import Translator

    class Shouting:
        def gettext(self, message):
            return message.upper()

    panel.retranslate(Translator("en", Shouting()))
    assert panel.labels["name"].text() == "NAME:"
    assert panel.choose_image.text() == "CHOOSE IMAGE…"
    assert panel.signature_box.title() == "SIGNATURE IMAGE"
    assert panel.list.item(0).text() == "Anna Lindqvist — Coordinator"
