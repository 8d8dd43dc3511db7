"""The people who sign: several co-signers, their details and signature images."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QBoxLayout,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.errors import N_, PetitionDeskError
from desktop.core.fields import localized
from desktop.core.i18n import Translator
from desktop.core.signers import Signer
from desktop.gui.widgets.form_fields import tr_format, field_label
from desktop.gui.case.person_form import fill_gender_combo
from desktop.gui.draft.undo import SIGNER_ACTIONS
from desktop.gui.widgets.names_per_language import NamesPerLanguage, placeholder_for, plain_part
from desktop.core.signers import SIGNER_NAME_FIELDS

_LINE_FIELDS = (("name", N_("Name")), ("role", N_("Role")), ("organisation", N_("Organisation")),
                ("party", N_("Party")), ("email", N_("E-mail")))


class SignaturePreview(QWidget):
    """The signature picture on a checkerboard, so transparency shows as such."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.image = QImage()
        self.empty_text = ""
        self._scaled: QImage | None = None
        self.setMinimumSize(160, 80)

    def sizeHint(self) -> QSize:
        return QSize(320, 110)

    def set_image(self, path: Path | None) -> bool:
        """Show the picture at ``path``; False when it cannot be read."""
        self.image = QImage(str(path)) if path else QImage()
        self._scaled = None
        self.update()
        return path is None or not self.image.isNull()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        area = self.rect().adjusted(0, 0, -1, -1)
        self._checkerboard(painter, area)
        painter.setPen(self.palette().color(QPalette.ColorRole.Mid))
        painter.drawRect(area)
        if self.image.isNull():
            painter.setPen(QColor("#6e6e6e"))
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter, self.empty_text)
            return
        inner = area.adjusted(6, 6, -6, -6)
        if self._scaled is None or self._scaled.size() != self.image.size().scaled(
                inner.size(), Qt.AspectRatioMode.KeepAspectRatio):
            # Scaled once per size with smoothing; drawing an unscaled picture
            # into a smaller rectangle would look jagged.
            self._scaled = self.image.scaled(inner.size(), Qt.AspectRatioMode.KeepAspectRatio,
                                             Qt.TransformationMode.SmoothTransformation)
        target = QRect(0, 0, self._scaled.width(), self._scaled.height())
        target.moveCenter(inner.center())
        painter.drawImage(target, self._scaled)

    @staticmethod
    def _checkerboard(painter: QPainter, area: QRect, size: int = 8) -> None:
        painter.fillRect(area, QColor("#ffffff"))
        grey = QColor("#ececec")
        for y in range(area.top(), area.bottom() + 1, size):
            for x in range(area.left() + ((y - area.top()) // size % 2) * size, area.right() + 1, size * 2):
                painter.fillRect(QRect(x, y, size, size).intersected(area), grey)


class SignersPanel(QWidget):
    """The draft's signers in order; ``changed`` is emitted on every edit."""

    changed = Signal()
    # The English name of a structural edit ("Remove signer"), emitted just before ``changed`` (for undo).
    structure_edited = Signal(str)

    def __init__(self, tr: Translator, library: Any = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tr, self._library = tr, library
        self._signers: list[Signer] = []
        self._loading = False
        self.acted_row = -1  # the selected row before the last add, remove or move (for undo)
        self.list = QListWidget(self)
        self.list.setMinimumWidth(120)
        self.buttons = {key: QPushButton(self) for key in ("add", "remove", "up", "down", "save_profile")}
        self.use_profile = QToolButton(self)
        # MenuButtonPopup keeps the arrow in a section of its own; InstantPopup drew it over the last letter.
        self.use_profile.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.use_profile.clicked.connect(self.use_profile.showMenu)
        self.use_profile.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.profile_menu = QMenu(self)
        self.use_profile.setMenu(self.profile_menu)
        self.fields: dict[str, QWidget] = {key: QLineEdit(self) for key, _ in _LINE_FIELDS}
        self.gender = QComboBox(self)
        self.address = QPlainTextEdit(self)
        self.address.setTabChangesFocus(True)
        self.address.setMaximumHeight(72)
        self.names = NamesPerLanguage(tr, [("role", N_("Role")), ("organisation", N_("Organisation"))], self)
        self.fields.update(gender=self.gender, address_lines=self.address, names=self.names)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # labels above fields when narrow
        self.labels = {key: QLabel(self) for key in self.fields}
        form_order = ("name", "role", "organisation", "names", "party", "gender", "address_lines", "email")
        for key in form_order:
            self.labels[key].setBuddy(self.fields[key])
            self.form.addRow(self.labels[key], self.fields[key])
        # Tab follows the form from the top (the table of names sits between the organisation and the party).
        chain = [self.fields[key] for key in form_order if key != "names"]
        chain[3:3] = [self.names.toggle, self.names.table]
        for before, after in zip(chain, chain[1:]):
            QWidget.setTabOrder(before, after)
        self.signature_box = QGroupBox(self)
        self.preview = SignaturePreview(self)
        self.choose_image, self.clear_image = QPushButton(self), QPushButton(self)
        image_buttons = QHBoxLayout()
        image_buttons.addWidget(self.choose_image)
        image_buttons.addWidget(self.clear_image)
        image_buttons.addStretch(1)
        box = QVBoxLayout(self.signature_box)
        box.addWidget(self.preview, 1)
        box.addLayout(image_buttons)
        self.details = QWidget(self)
        details = QVBoxLayout(self.details)
        details.setContentsMargins(0, 0, 0, 0)
        details.addLayout(self.form)
        details.addWidget(self.signature_box, 1)
        left = QVBoxLayout()
        left.addWidget(self.list, 1)
        self.order = QGridLayout()  # one row of four buttons, or two rows of two when narrow
        self._order_columns = 0
        self._arrange_order(4)
        left.addLayout(self.order)
        profiles = QHBoxLayout()
        profiles.addWidget(self.use_profile)
        profiles.addWidget(self.buttons["save_profile"])
        profiles.addStretch(1)
        left.addLayout(profiles)
        # Side by side when there is room, the list above the details when not (a small screen, a long language).
        self.columns = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.columns.addLayout(left, 2)
        self.columns.addWidget(self.details, 3)
        self._connect()
        self.retranslate(tr)
        self._show_current()

    def _connect(self) -> None:
        self.list.currentRowChanged.connect(self._show_current)
        for key, _ in _LINE_FIELDS:
            self.fields[key].textEdited.connect(self._edited)
        self.gender.currentIndexChanged.connect(self._edited)
        self.address.textChanged.connect(self._edited)
        self.names.edited.connect(self._edited)
        self.buttons["add"].clicked.connect(lambda: self.add_signer())
        self.buttons["remove"].clicked.connect(self.remove_signer)
        self.buttons["up"].clicked.connect(lambda: self.move_signer(-1))
        self.buttons["down"].clicked.connect(lambda: self.move_signer(1))
        self.buttons["save_profile"].clicked.connect(self.save_profile)
        self.profile_menu.aboutToShow.connect(self._fill_profile_menu)
        self.choose_image.clicked.connect(self.pick_signature)
        self.clear_image.clicked.connect(lambda: self._set_image(None))

    NARROW = 700  # below this width the list goes above the details

    def _arrange_order(self, columns: int) -> None:
        if columns == self._order_columns:
            return
        self._order_columns = columns
        for i, key in enumerate(("add", "remove", "up", "down")):
            self.order.removeWidget(self.buttons[key])
            self.order.addWidget(self.buttons[key], i // columns, i % columns)

    def fit_width(self, width: int) -> None:
        """Arrange for ``width`` pixels (the step's visible width; called before each resize)."""
        row = sum(self.buttons[k].sizeHint().width() for k in ("add", "remove", "up", "down")) + 40
        self._arrange_order(4 if width >= row else 2)
        side_by_side = self.columns.direction() == QBoxLayout.Direction.LeftToRight
        if side_by_side and width < max(self.NARROW, self.columns.minimumSize().width()):
            self.columns.setDirection(QBoxLayout.Direction.TopToBottom)
        elif not side_by_side:
            self.columns.setDirection(QBoxLayout.Direction.LeftToRight)
            if width < max(self.NARROW, self.columns.minimumSize().width()):
                self.columns.setDirection(QBoxLayout.Direction.TopToBottom)

    def retranslate(self, tr: Translator) -> None:
        self.tr = tr
        labels = dict(_LINE_FIELDS, gender=N_("Gender"), address_lines=N_("Address"), names=N_("Other languages"))
        for key, widget in self.fields.items():
            self.labels[key].setText(field_label(tr, labels[key]))
            if key != "names":  # the table names itself and its cells
                widget.setAccessibleName(tr.gettext(labels[key]))
        self.names.retranslate(tr)
        self.list.setAccessibleName(tr.gettext("Signers"))
        texts = {"add": N_("Add"), "remove": N_("Remove"), "up": N_("Move up"), "down": N_("Move down"),
                 "save_profile": N_("Save as profile")}
        for key, text in texts.items():
            self.buttons[key].setText(tr.gettext(text))
        self.buttons["save_profile"].setToolTip(tr.gettext("Keep this signer in your library for later letters"))
        self.use_profile.setText(tr.gettext("Use a profile"))
        self.fields["party"].setPlaceholderText(tr.gettext("for co-sponsors of a resolution"))
        self.address.setPlaceholderText(tr.gettext("one line per row"))
        self._loading = True
        fill_gender_combo(self.gender, tr)
        self._loading = False
        self.signature_box.setTitle(tr.gettext("Signature image"))
        self.choose_image.setText(tr.gettext("Choose image…"))
        self.clear_image.setText(tr.gettext("No image"))
        self.preview.empty_text = tr.gettext("No signature image: the letter leaves space to sign by hand.")
        self.preview.update()
        self._refresh_list()

    # --- the signers in and out ---------------------------------------------------

    def signers(self) -> list[Signer]:
        return [replace(s, address_lines=list(s.address_lines)) for s in self._signers]

    def set_signers(self, signers: list[Signer]) -> None:
        self._signers = [replace(s, address_lines=list(s.address_lines)) for s in signers]
        self._refresh_list()
        self.list.setCurrentRow(0 if self._signers else -1)
        self._show_current()

    def current(self) -> Signer | None:
        row = self.list.currentRow()
        return self._signers[row] if 0 <= row < len(self._signers) else None

    def add_signer(self, signer: Signer | None = None, action: str = "add") -> None:
        self.acted_row = self.list.currentRow()
        self._signers.append(signer or Signer(name=""))
        self._refresh_list()
        self.list.setCurrentRow(len(self._signers) - 1)
        self.fields["name"].setFocus()
        self.structure_edited.emit(SIGNER_ACTIONS[action])
        self.changed.emit()

    def restore(self, signers: list[Signer], row: int | None) -> None:
        """Show ``signers`` again (an undo), with ``row`` selected."""
        self.set_signers(signers)
        if row is not None and 0 <= row < len(self._signers):
            self.list.setCurrentRow(row)

    def remove_signer(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self._signers):
            self.acted_row = row
            del self._signers[row]
            self._refresh_list()
            self.list.setCurrentRow(min(row, len(self._signers) - 1))
            self.structure_edited.emit(SIGNER_ACTIONS["remove"])
            self.changed.emit()

    def move_signer(self, step: int) -> None:
        row, target = self.list.currentRow(), self.list.currentRow() + step
        if 0 <= row < len(self._signers) and 0 <= target < len(self._signers):
            self.acted_row = row
            self._signers[row], self._signers[target] = self._signers[target], self._signers[row]
            self._refresh_list()
            self.list.setCurrentRow(target)
            self.structure_edited.emit(SIGNER_ACTIONS["move"])
            self.changed.emit()

    # --- the form of the current signer ----------------------------------------

    def _show_current(self, *_: Any) -> None:
        signer = self.current()
        self._loading = True
        for key, _label in _LINE_FIELDS:
            value = getattr(signer, key) if signer else ""
            self.fields[key].setText(plain_part(value) if key in SIGNER_NAME_FIELDS else value)
        for key in SIGNER_NAME_FIELDS:
            # Given only per language: the field shows, in grey, the text a letter in the interface language uses.
            self.fields[key].setPlaceholderText(placeholder_for(getattr(signer, key), self.tr.language) if signer else "")
        self.names.set_values({key: getattr(signer, key) for key in SIGNER_NAME_FIELDS} if signer else {})
        self.gender.setCurrentIndex(max(self.gender.findData(signer.gender if signer else ""), 0))
        self.address.setPlainText("\n".join(signer.address_lines) if signer else "")
        self.preview.set_image(signer.signature_image if signer else None)
        self.clear_image.setEnabled(bool(signer and signer.signature_image))
        self.details.setEnabled(signer is not None)
        self.buttons["remove"].setEnabled(signer is not None)
        self.buttons["save_profile"].setEnabled(bool(signer and signer.name))
        row = self.list.currentRow()
        self.buttons["up"].setEnabled(row > 0)
        self.buttons["down"].setEnabled(0 <= row < len(self._signers) - 1)
        self._loading = False

    def _edited(self) -> None:
        signer = self.current()
        if self._loading or signer is None:
            return
        for key, _label in _LINE_FIELDS:
            text = self.fields[key].text().strip()
            setattr(signer, key, self.names.value(key, text) if key in SIGNER_NAME_FIELDS else text)
        signer.gender = self.gender.currentData() or ""
        signer.address_lines = [line.strip() for line in self.address.toPlainText().splitlines() if line.strip()]
        self.list.currentItem().setText(self._title(signer))
        self.buttons["save_profile"].setEnabled(bool(signer.name))
        self.changed.emit()

    def pick_signature(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr.gettext("Choose a signature image"), "",
                                              self.tr.gettext("Images (*.png *.jpg *.jpeg)"))
        if path:
            self._set_image(Path(path))

    def _set_image(self, path: Path | None) -> None:
        signer = self.current()
        if signer is None:
            return
        if path is not None and (path.suffix.lower() not in (".png", ".jpg", ".jpeg")
                                 or QImage(str(path)).isNull()):
            QMessageBox.warning(self, self.tr.gettext("Signature image"), tr_format(
                self.tr, "%(path)s could not be read as a PNG or JPEG picture. Choose another file.",
                {"path": path.name}))
            return
        signer.signature_image = path
        self.preview.set_image(path)
        self.clear_image.setEnabled(path is not None)
        self.changed.emit()

    def _refresh_list(self) -> None:
        row = self.list.currentRow()
        self.list.blockSignals(True)
        self.list.clear()
        self.list.addItems([self._title(s) for s in self._signers])
        self.list.setCurrentRow(min(row, len(self._signers) - 1))
        self.list.blockSignals(False)
        self._show_current()

    def _title(self, signer: Signer) -> str:
        name = signer.name or self.tr.gettext("(no name yet)")
        extra = ", ".join(part for part in (localized(signer.role, self.tr.language), signer.party) if part)
        return f"{name} — {extra}" if extra else name

    # --- profiles in the library --------------------------------------------------

    def library(self) -> Any:
        if self._library is None:
            from desktop.core.library import Library

            self._library = Library()
        return self._library

    def save_profile(self) -> None:
        signer = self.current()
        if signer is None or not signer.name:
            return
        try:
            if signer.id and self.library().get_signer(signer.id) is not None:
                self.library().update_signer(signer)
            else:
                signer.id = self.library().add_signer(replace(signer, id=""))
        except PetitionDeskError as exc:
            QMessageBox.warning(self, self.tr.gettext("Could not save the profile"), exc.message(self.tr))
            return
        self.changed.emit()

    def _fill_profile_menu(self) -> None:
        self.profile_menu.clear()
        try:
            profiles = self.library().list_signers()
        except PetitionDeskError as exc:
            QMessageBox.warning(self, self.tr.gettext("Could not open the library"), exc.message(self.tr))
            return
        if not profiles:
            self.profile_menu.addAction(self.tr.gettext("No saved profiles yet")).setEnabled(False)
        for profile in profiles:
            action = self.profile_menu.addAction(self._title(profile))
            action.triggered.connect(lambda _=False, p=profile: self.use_signer_profile(p))

    def use_signer_profile(self, profile: Signer) -> None:
        """Put ``profile`` in the list: into an empty current entry, else as a new co-signer."""
        signer = self.current()
        if signer is not None and not signer.name:
            self.acted_row = self.list.currentRow()
            self._signers[self.list.currentRow()] = replace(profile, address_lines=list(profile.address_lines))
            self._refresh_list()
            self.structure_edited.emit(SIGNER_ACTIONS["profile"])
            self.changed.emit()
        else:
            self.add_signer(replace(profile, address_lines=list(profile.address_lines)), "profile")
