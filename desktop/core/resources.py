"""Where the app's own files live: templates, translations, fonts, data."""

from __future__ import annotations

from pathlib import Path

_ROOT = Path(__file__).resolve().parent.parent.parent


def project_root() -> Path:
    return _ROOT


def templates_dir() -> Path:
    return _ROOT / "templates"


def translations_dir() -> Path:
    return _ROOT / "translations"


def assets_dir() -> Path:
    return _ROOT / "assets"


def fonts_dir() -> Path:
    return assets_dir() / "fonts"


def schemas_dir() -> Path:
    return assets_dir() / "schemas"
