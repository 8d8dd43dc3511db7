"""Where the app keeps the user's data: one place, read by the library, the templates and the autosaves.

Kept apart from the library so that modules below it (templates, layouts)
can find the folder without importing the library.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "petition-desk"
LIBRARY_FILE = "library.sqlite3"


def data_dir() -> Path:
    """The folder of the user's library and autosaves; not created here.

    ``PETITION_DESK_DATA_DIR`` overrides the platform's user data folder (for
    tests, portable installs and several separate libraries).
    """
    override = os.environ.get("PETITION_DESK_DATA_DIR", "").strip()
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
