"""Why Qt's window system plugin would not load, said in one sentence before Qt tries.

When a system library of Qt's X11 plugin (``libqxcb.so``) is missing, Qt
aborts with a message that names the wrong package ("xcb-cursor0 is
needed") or none. Before the application object is made, ``ldd`` is run on
the plugin that will be used; every ``not found`` library is named, with
the command that installs it on Debian/Ubuntu and on Fedora.

Measured on Debian 12 with PySide6 6.11 wheels (``ldd`` on
``PySide6/Qt/plugins/platforms/libqxcb.so``): ``libxcb-icccm.so.4`` and
``libxcb-keysyms.so.1`` were not found; the table below also names every
other library the plugin links to, so other missing ones are named right.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from desktop.core.errors import N_
from desktop.core.i18n import Translator

log = logging.getLogger(__name__)

# soname → (Debian/Ubuntu package, Fedora package) for the libraries libqxcb.so and libQt6XcbQpa need.
PACKAGES: dict[str, tuple[str, str]] = {
    "libxcb-icccm.so.4": ("libxcb-icccm4", "xcb-util-wm"),
    "libxcb-keysyms.so.1": ("libxcb-keysyms1", "xcb-util-keysyms"),
    "libxcb-cursor.so.0": ("libxcb-cursor0", "xcb-util-cursor"),
    "libxcb-image.so.0": ("libxcb-image0", "xcb-util-image"),
    "libxcb-render-util.so.0": ("libxcb-render-util0", "xcb-util-renderutil"),
    "libxcb-util.so.1": ("libxcb-util1", "xcb-util"),
    "libxcb-xkb.so.1": ("libxcb-xkb1", "libxcb"),
    "libxcb-randr.so.0": ("libxcb-randr0", "libxcb"),
    "libxcb-shape.so.0": ("libxcb-shape0", "libxcb"),
    "libxcb-shm.so.0": ("libxcb-shm0", "libxcb"),
    "libxcb-sync.so.1": ("libxcb-sync1", "libxcb"),
    "libxcb-xfixes.so.0": ("libxcb-xfixes0", "libxcb"),
    "libxcb-render.so.0": ("libxcb-render0", "libxcb"),
    "libxcb-xinerama.so.0": ("libxcb-xinerama0", "libxcb"),
    "libxcb-xinput.so.0": ("libxcb-xinput0", "libxcb"),
    "libxcb-glx.so.0": ("libxcb-glx0", "libxcb"),
    "libxcb.so.1": ("libxcb1", "libxcb"),
    "libX11-xcb.so.1": ("libx11-xcb1", "libX11-xcb"),
    "libX11.so.6": ("libx11-6", "libX11"),
    "libxkbcommon-x11.so.0": ("libxkbcommon-x11-0", "libxkbcommon-x11"),
    "libxkbcommon.so.0": ("libxkbcommon0", "libxkbcommon"),
    "libSM.so.6": ("libsm6", "libSM"),
    "libICE.so.6": ("libice6", "libICE"),
    "libEGL.so.1": ("libegl1", "libglvnd-egl"),
    "libGL.so.1": ("libgl1", "libglvnd-glx"),
    "libOpenGL.so.0": ("libopengl0", "libglvnd-opengl"),
    "libGLX.so.0": ("libglx0", "libglvnd-glx"),
    "libfontconfig.so.1": ("libfontconfig1", "fontconfig"),
    "libfreetype.so.6": ("libfreetype6", "freetype"),
    "libdbus-1.so.3": ("libdbus-1-3", "dbus-libs"),
    "libglib-2.0.so.0": ("libglib2.0-0", "glib2"),
}

_NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found\s*$")

MISSING_LIBRARIES = N_(
    "Petition Desk cannot open its window because these system libraries are missing: %(libraries)s. "
    "Install them with \"%(debian)s\" (Debian, Ubuntu) or \"%(fedora)s\" (Fedora), or use the "
    "petition-desk command, which needs none of them.")


def missing_in_ldd_output(text: str) -> list[str]:
    """The sonames ``ldd`` reports as ``not found``, each once, in the order given."""
    found: list[str] = []
    for line in text.splitlines():
        match = _NOT_FOUND.match(line)
        if match and match.group(1) not in found:
            found.append(match.group(1))
    return found


def install_commands(sonames: list[str]) -> tuple[str, str]:
    """The Debian/Ubuntu and the Fedora command installing ``sonames`` (unknown ones by their name)."""
    debian: list[str] = []
    fedora: list[str] = []
    for soname in sonames:
        deb, rpm = PACKAGES.get(soname, (soname, soname))
        if deb not in debian:
            debian.append(deb)
        if rpm not in fedora:
            fedora.append(rpm)
    return "sudo apt install " + " ".join(debian), "sudo dnf install " + " ".join(fedora)


def missing_libraries_sentence(sonames: list[str], tr: Translator) -> str:
    debian, fedora = install_commands(sonames)
    return tr.gettext(MISSING_LIBRARIES) % {"libraries": ", ".join(sonames), "debian": debian, "fedora": fedora}


def uses_xcb(environ=os.environ, platform: str = sys.platform) -> bool:
    """Whether Qt will load its X11 (xcb) plugin here."""
    if not platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return False
    chosen = environ.get("QT_QPA_PLATFORM", "")
    if chosen:
        return chosen.split(";")[0].split(":")[0] == "xcb"
    return not environ.get("WAYLAND_DISPLAY")  # without Wayland, Qt on Linux uses X11


def xcb_plugin() -> Path | None:
    from PySide6.QtCore import QLibraryInfo

    path = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)) / "platforms" / "libqxcb.so"
    return path if path.exists() else None


def platform_plugin_problem(tr: Translator) -> str | None:
    """One sentence naming the missing system libraries of Qt's xcb plugin, or None if nothing is missing."""
    if not uses_xcb():
        return None
    ldd = shutil.which("ldd")
    plugin = xcb_plugin()
    if ldd is None or plugin is None:
        return None  # nothing to look at: let Qt try
    try:
        done = subprocess.run([ldd, str(plugin)], capture_output=True, text=True, timeout=15)
    except (OSError, subprocess.SubprocessError) as exc:
        log.info("ldd on the xcb plugin failed: %s", type(exc).__name__)
        return None
    missing = missing_in_ldd_output(done.stdout)
    if not missing:
        return None
    log.info("xcb plugin: %d system libraries missing", len(missing))
    return missing_libraries_sentence(missing, tr)


def qt_ui_languages() -> list[str]:
    """The system's preferred interface languages as Qt reports them (Windows, macOS, Linux desktops)."""
    from PySide6.QtCore import QLocale

    try:
        return list(QLocale.system().uiLanguages())
    except RuntimeError:  # no Qt locale backend: the environment variables decide
        return []
