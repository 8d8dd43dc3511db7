"""Build configuration that pyproject.toml cannot express on its own.

The repository keeps ``templates/``, ``translations/`` and ``assets/`` at the
top (translators and template authors find them there); the built package
carries them inside itself as ``desktop/_data/<folder>``, where
``desktop.core.resources`` looks for them through ``importlib.resources``.
``packages.find`` cannot name a package whose folder lives outside
``desktop/``, so the packages are listed here: everything under ``desktop``
plus one mapped package per data folder, each with all its files.
"""

from setuptools import find_packages, setup

DATA_FOLDERS = ("templates", "translations", "assets")
DATA_PACKAGES = {f"desktop._data.{folder}": folder for folder in DATA_FOLDERS}

setup(
    packages=find_packages(include=["desktop", "desktop.*"]) + list(DATA_PACKAGES),
    package_dir=DATA_PACKAGES,
    # "**/*": every file at any depth (setuptools >= 62.3), templates' subfolders and the schemas included.
    package_data={name: ["**/*"] for name in DATA_PACKAGES},
    exclude_package_data={name: ["**/__pycache__/*", "**/*.pyc"] for name in DATA_PACKAGES},
)
