"""Linux desktop conventions: the .desktop entry, AppStream metadata, MIME types, icons, Flatpak."""

from __future__ import annotations

import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
LINUX = ROOT / "packaging" / "linux"
APP_ID = "org.petitiondesk.PetitionDesk"


def need(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.skip(f"{tool} is not installed (.ci/run installs it)")
    return path


def test_desktop_entry_passes_desktop_file_validate():
    done = subprocess.run([need("desktop-file-validate"), str(LINUX / f"{APP_ID}.desktop")],
                          capture_output=True, text=True)
    assert done.returncode == 0 and not done.stdout.strip(), done.stdout + done.stderr


def test_metainfo_passes_appstreamcli_validate():
    done = subprocess.run([need("appstreamcli"), "validate", "--no-net", str(LINUX / f"{APP_ID}.metainfo.xml")],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_metainfo_screenshots_are_named_as_make_screenshots_names_them():
    import tools.screenshots as shots

    text = (LINUX / f"{APP_ID}.metainfo.xml").read_text(encoding="utf-8")
    names = re.findall(r"/screenshots/([^<]+\.png)<", text)
    assert names
    made = {f"main-en-{i + 1}-{step}.png" for i, step in enumerate(shots.STEPS)}
    made |= {"export-en.png", "main-en-2-resolution.png", "resolution-export-en.png"}
    assert set(names) <= made
    width, height = shots.WINDOW_SIZE
    assert f'width="{width}" height="{height}"' in text


def test_desktop_entry_opens_drafts_of_the_mime_types_declared():
    entry = (LINUX / f"{APP_ID}.desktop").read_text(encoding="utf-8")
    mime = (LINUX / f"{APP_ID}.mime.xml").read_text(encoding="utf-8")
    declared = set(re.findall(r'<mime-type type="([^"]+)"', mime))
    listed = set(re.search(r"^MimeType=(.*)$", entry, re.M).group(1).strip(";").split(";"))
    assert declared == listed
    assert re.search(r"^Exec=petition-desk-gui %f$", entry, re.M)
    assert re.search(rf"^Icon={APP_ID}$", entry, re.M)


@pytest.mark.parametrize("name, content, expected", [
    ("appeal.pdesk", b"PDESKENC\x01" + bytes(40), "application/x-petition-desk-encrypted-draft"),
    ("renamed.bin", b"PDESKENC\x01" + bytes(40), "application/x-petition-desk-encrypted-draft"),
    ("appeal.pdesk.json", b'{\n  "format": "petition-desk/draft",\n  "version": 1\n}\n',
     "application/x-petition-desk-draft"),
])
def test_shared_mime_info_recognises_drafts(tmp_path, name, content, expected):
    update = need("update-mime-database")
    gio = need("gio")
    share = tmp_path / "share"
    packages = share / "mime" / "packages"
    packages.mkdir(parents=True)
    shutil.copy(LINUX / f"{APP_ID}.mime.xml", packages / f"{APP_ID}.xml")
    base = Path("/usr/share/mime/packages/freedesktop.org.xml")
    if base.exists():
        shutil.copy(base, packages)
    subprocess.run([update, str(share / "mime")], check=True, capture_output=True)
    sample = tmp_path / name
    sample.write_bytes(content)
    env = {"PATH": "/usr/bin:/bin", "XDG_DATA_DIRS": str(share), "XDG_DATA_HOME": str(tmp_path / "none")}
    done = subprocess.run([gio, "info", "-a", "standard::content-type", str(sample)], capture_output=True,
                          text=True, env=env, check=True)
    assert f"content-type: {expected}" in done.stdout


def test_icons_in_the_hicolor_sizes():
    hicolor = LINUX / "icons" / "hicolor"
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        with Image.open(hicolor / f"{size}x{size}" / "apps" / f"{APP_ID}.png") as image:
            assert image.size == (size, size)
            assert image.mode == "RGBA"
    assert (hicolor / "scalable" / "apps" / f"{APP_ID}.svg").read_bytes() == \
        (ROOT / "assets" / "icons" / "petition-desk.svg").read_bytes()


def test_flatpak_requirements_follow_pyproject():
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    wanted = {re.split(r"[<>=;\[ ]", d)[0].lower() for d in deps} - {"pyside6-essentials", "pyside6-addons",
                                                                     "pyside6-pdf"}
    lines = (ROOT / "packaging" / "flatpak" / "requirements.txt").read_text(encoding="utf-8").splitlines()
    listed = {re.split(r"[<>=\[ ]", line)[0].lower() for line in lines if line and not line.startswith("#")}
    assert listed == wanted
    manifest = (ROOT / "packaging" / "flatpak" / f"{APP_ID}.yml").read_text(encoding="utf-8")
    assert f"id: {APP_ID}" in manifest and "--share=network" not in manifest
