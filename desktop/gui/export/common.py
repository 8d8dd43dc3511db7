"""The parts the letters' and the resolution's export dialogs share.

Both ask for a folder, show a busy or counting progress bar and a summary
of what was written, and offer Export, Open folder and Close; the folder
last used is remembered per dialog under its own settings key.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.errors import PetitionDeskError
from desktop.core.i18n import Translator


def build_folder_row(dialog: QDialog) -> QHBoxLayout:
    """``dialog.folder_edit`` with a Choose… button (``dialog.folder_button``) that calls ``choose_folder``."""
    dialog.folder_edit = QLineEdit()
    dialog.folder_button = QPushButton()
    dialog.folder_button.clicked.connect(dialog.choose_folder)
    row = QHBoxLayout()
    row.addWidget(dialog.folder_edit, 1)
    row.addWidget(dialog.folder_button)
    return row


def choose_folder(dialog: QDialog, title: str) -> None:
    """Ask for the folder, starting from the one in ``dialog.folder_edit``; a choice replaces it."""
    folder = QFileDialog.getExistingDirectory(dialog, title, dialog.folder_edit.text())
    if folder:
        dialog.folder_edit.setText(folder)


def build_result_area(dialog: QDialog) -> None:
    """The hidden progress bar, summary label and the Export / Open folder / Close buttons."""
    dialog.progress = QProgressBar()
    dialog.progress.setVisible(False)
    dialog.summary = QLabel(wordWrap=True)
    dialog.summary.setTextFormat(Qt.TextFormat.PlainText)
    dialog.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    dialog.summary.setVisible(False)

    dialog.buttons = QDialogButtonBox()
    dialog.export_button = dialog.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
    dialog.open_folder_button = dialog.buttons.addButton("", QDialogButtonBox.ButtonRole.ActionRole)
    dialog.close_button = dialog.buttons.addButton(QDialogButtonBox.StandardButton.Close)
    dialog.export_button.setDefault(True)
    dialog.open_folder_button.setVisible(False)
    dialog.export_button.clicked.connect(lambda: dialog.start_export())
    dialog.open_folder_button.clicked.connect(dialog.open_folder)
    dialog.close_button.clicked.connect(dialog.reject)


def lay_out(dialog: QDialog, form: QFormLayout, minimum_width: int) -> None:
    """``dialog.intro`` above ``form``, then the progress, the summary and the buttons."""
    dialog.intro = QLabel(wordWrap=True)
    layout = QVBoxLayout(dialog)
    layout.addWidget(dialog.intro)
    layout.addSpacing(6)
    layout.addLayout(form)
    layout.addSpacing(6)
    layout.addWidget(dialog.progress)
    layout.addWidget(dialog.summary)
    layout.addStretch(1)
    layout.addWidget(dialog.buttons)
    dialog.setMinimumWidth(minimum_width)


def retranslate_shared(dialog: QDialog, tr: Translator) -> None:
    """The texts of the shared widgets."""
    _ = tr.gettext
    dialog.folder_label.setText(_("Save in:"))
    dialog.folder_button.setText(_("Choose…"))
    dialog.folder_edit.setAccessibleName(_("Folder for the exported files"))
    dialog.export_button.setText(_("Export"))
    dialog.open_folder_button.setText(_("Open folder"))
    dialog.progress.setAccessibleName(_("Export progress"))


def default_folder(settings, key: str) -> str:
    """The folder last exported to under ``key``, or "Petition Desk" in the user's documents."""
    folder = settings.last_folder(key) if settings else ""
    if not folder:
        documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        folder = str(Path(documents or Path.home()) / "Petition Desk")
    return folder


def failure_reason(tr: Translator, exc: Exception) -> str:
    """What went wrong, in the user's language when the program knows the problem."""
    return exc.message(tr) if isinstance(exc, PetitionDeskError) else f"{type(exc).__name__}: {exc}"


def show_summary(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(True)
    grow_to_fit(label.window())


def grow_to_fit(dialog: QWidget) -> None:
    """Make ``dialog`` tall enough for what it shows now (a summary appeared after an export and the
    wrapped hint above it was cut off); never taller than its screen, never narrower than it is."""
    layout = dialog.layout()
    if layout is None:
        return
    layout.activate()
    width = dialog.width()
    needed = layout.heightForWidth(width) if layout.hasHeightForWidth() else layout.sizeHint().height()
    screen = dialog.screen()
    if screen is not None:
        needed = min(needed, screen.availableGeometry().height() - 60)
    if needed > dialog.height():
        dialog.resize(width, needed)


def open_folder(folder: Path | None) -> None:
    """Show ``folder`` in the system's file manager; nothing before an export has finished."""
    if folder is not None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
