"""The app's remembered choices: interface language, window state, recent files.

Stored with QSettings under the organisation/app name. When
``PETITION_DESK_DATA_DIR`` is set (tests, portable installs) the settings go
to an ini file in that folder instead, so nothing touches the user's real
configuration.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

ORGANISATION = "PetitionDesk"
APPLICATION = "Petition Desk"
MAX_RECENT = 8


def _open_settings() -> QSettings:
    folder = os.environ.get("PETITION_DESK_DATA_DIR")
    if folder:
        path = Path(folder).expanduser() / "settings.ini"
        return QSettings(str(path), QSettings.Format.IniFormat)
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANISATION, APPLICATION)


class AppSettings:
    """Typed access to the few values the app remembers between runs."""

    def __init__(self, settings: QSettings | None = None) -> None:
        self._s = settings or _open_settings()

    # -- interface language ---------------------------------------------------
    def interface_language(self) -> str | None:
        value = self._s.value("ui/language", "")
        return str(value) if value else None

    def set_interface_language(self, language: str) -> None:
        self._s.setValue("ui/language", language)
        self._s.sync()

    # -- window ---------------------------------------------------------------
    def window_geometry(self) -> QByteArray | None:
        value = self._s.value("window/geometry")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def window_state(self) -> QByteArray | None:
        value = self._s.value("window/state")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def splitter_state(self) -> QByteArray | None:
        value = self._s.value("window/splitter")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def save_window(self, geometry: QByteArray, state: QByteArray, splitter: QByteArray) -> None:
        self._s.setValue("window/geometry", geometry)
        self._s.setValue("window/state", state)
        self._s.setValue("window/splitter", splitter)
        self._s.sync()

    # -- recent drafts --------------------------------------------------------
    def recent_files(self) -> list[Path]:
        value = self._s.value("drafts/recent", [])
        if isinstance(value, str):  # QSettings returns a lone item as a string
            value = [value]
        return [Path(v) for v in (value or []) if v]

    def add_recent_file(self, path: Path) -> None:
        path = Path(path).resolve()
        items = [p for p in self.recent_files() if p != path]
        items.insert(0, path)
        self._s.setValue("drafts/recent", [str(p) for p in items[:MAX_RECENT]])
        self._s.sync()

    def clear_recent_files(self) -> None:
        self._s.setValue("drafts/recent", [])
        self._s.sync()

    # -- folders --------------------------------------------------------------
    def last_folder(self, key: str) -> str:
        return str(self._s.value(f"folders/{key}", "") or "")

    def set_last_folder(self, key: str, folder: str) -> None:
        self._s.setValue(f"folders/{key}", folder)
        self._s.sync()
