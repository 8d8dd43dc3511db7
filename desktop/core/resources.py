"""Where the app's own files live: templates, translations, fonts, data.

The repository keeps ``templates/``, ``translations/`` and ``assets/`` at its
top level; a build (``pip install .``, a wheel, the PyInstaller bundle) maps
them into the package as ``desktop/_data/templates`` … (see ``setup.py``).
They are found through :mod:`importlib.resources`, so the installed package
reads its own copy; in a source checkout or an editable install, where
``desktop/_data`` does not exist, the repository's folders are used. Either
way every caller gets the same layout and plain paths (the app is never
installed zipped: reportlab, lxml and Qt open these files by name).
"""

from __future__ import annotations

import logging
from functools import lru_cache
from importlib import resources
from pathlib import Path

log = logging.getLogger(__name__)

DATA_FOLDERS = ("templates", "translations", "assets")
_PACKAGED = "_data"
_SOURCE_ROOT = Path(__file__).resolve().parent.parent.parent


@lru_cache(maxsize=1)
def data_root() -> Path:
    """The folder holding ``templates/``, ``translations/`` and ``assets/``."""
    packaged = resources.files("desktop").joinpath(_PACKAGED)
    if packaged.is_dir():
        root = Path(str(packaged))
        log.debug("package data from the installed package")
        return root
    log.debug("package data from the source tree")
    return _SOURCE_ROOT


def is_installed_copy() -> bool:
    """True when the data comes from the package itself (wheel, bundle), not a checkout."""
    return data_root() != _SOURCE_ROOT


def project_root() -> Path:
    return data_root()


def templates_dir() -> Path:
    return data_root() / "templates"


def translations_dir() -> Path:
    return data_root() / "translations"


def assets_dir() -> Path:
    return data_root() / "assets"


def fonts_dir() -> Path:
    return assets_dir() / "fonts"


def schemas_dir() -> Path:
    return assets_dir() / "schemas"


def icons_dir() -> Path:
    return assets_dir() / "icons"


def guide_dir() -> Path:
    """The user guide, one HTML file per interface language (en.html, sv.html …)."""
    return assets_dir() / "guide"
