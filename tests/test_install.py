"""Installed like any program: the wheel carries every data file, found through importlib.resources."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from desktop.core import resources

ROOT = Path(__file__).resolve().parents[1]
BUILD_INPUTS = ("pyproject.toml", "setup.py", "README.md", "desktop", *resources.DATA_FOLDERS)


def repo_data_files() -> set[str]:
    return {
        path.relative_to(ROOT).as_posix()
        for folder in resources.DATA_FOLDERS
        for path in (ROOT / folder).rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }


def test_a_checkout_reads_the_repository_folders():
    resources.data_root.cache_clear()
    assert resources.data_root() == ROOT
    assert not resources.is_installed_copy()
    assert (resources.templates_dir() / "appeal_mission").is_dir()
    assert (resources.translations_dir() / "sv" / "LC_MESSAGES" / "petition_desk.po").is_file()
    assert any(resources.fonts_dir().glob("*.ttf"))


def test_an_installed_package_reads_its_own_copy(tmp_path, monkeypatch):
    """Where desktop/_data exists (wheel, bundle), it wins over any folder next to the package."""
    package = tmp_path / "site-packages" / "desktop"
    (package / "_data" / "templates").mkdir(parents=True)

    class FakeFiles:
        def __init__(self, path: Path) -> None:
            self.path = path

        def joinpath(self, name: str):
            return package / name

    monkeypatch.setattr(resources.resources, "files", lambda name: FakeFiles(package))
    resources.data_root.cache_clear()
    try:
        assert resources.data_root() == package / "_data"
        assert resources.is_installed_copy()
        assert resources.templates_dir() == package / "_data" / "templates"
        assert resources.fonts_dir() == package / "_data" / "assets" / "fonts"
    finally:
        resources.data_root.cache_clear()


def test_setup_maps_every_data_folder():
    text = (ROOT / "setup.py").read_text(encoding="utf-8")
    for folder in resources.DATA_FOLDERS:
        assert f'"{folder}"' in text


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """A wheel built from a copy of the sources (the checkout stays free of build/ and egg-info)."""
    source = tmp_path_factory.mktemp("source")
    for name in BUILD_INPUTS:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(path, source / name)
    out = tmp_path_factory.mktemp("dist")
    # Built as pip builds it for a user: in an isolated environment with the setuptools pyproject.toml asks for.
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                    "--wheel-dir", str(out), str(source)], check=True, capture_output=True, timeout=300)
    (built,) = out.glob("petition_desk-*.whl")
    return built


def test_the_wheel_carries_every_data_file(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    packaged = {name.removeprefix("desktop/_data/") for name in names if name.startswith("desktop/_data/")}
    missing = repo_data_files() - packaged
    assert not missing, f"not in the wheel: {sorted(missing)[:10]}"
    assert not any("__pycache__" in name for name in packaged)


def test_the_wheel_carries_every_module_and_entry_point(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    modules = {path.relative_to(ROOT).as_posix() for path in (ROOT / "desktop").rglob("*.py")}
    assert not modules - names, sorted(modules - names)[:10]
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "petition-desk = desktop.cli.main:main" in text
    assert "petition-desk-gui = desktop.gui.app:main" in text


def test_the_window_smoke_test_renders_the_demo_and_exits_0(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "PETITION_DESK_DATA_DIR": str(tmp_path / "data"), "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": str(ROOT), "LANG": "C.UTF-8",
    }
    done = subprocess.run([sys.executable, "-m", "desktop.gui.app", "--smoke-test"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "preview rendered" in done.stderr
