"""Start-up that explains itself: missing X11 libraries named in one sentence, the system's language."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from desktop.core.i18n import translator
from desktop.gui import startup

ROOT = Path(__file__).resolve().parents[1]

# ldd's real output on Debian 12 for PySide6 6.11's libqxcb.so (shortened).
LDD_DEBIAN = """\
\tlinux-vdso.so.1 (0x00007ffd0b3f2000)
\tlibQt6XcbQpa.so.6 => /venv/PySide6/Qt/plugins/platforms/../../lib/libQt6XcbQpa.so.6 (0x00007f0c3c000000)
\tlibxcb-icccm.so.4 => not found
\tlibxcb-keysyms.so.1 => not found
\tlibxcb.so.1 => /lib/x86_64-linux-gnu/libxcb.so.1 (0x00007f0c3bfd0000)
\tlibxcb-icccm.so.4 => not found
\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f0c3bdef000)
"""


def test_debian_ldd_output_names_the_two_missing_libraries_and_their_packages():
    missing = startup.missing_in_ldd_output(LDD_DEBIAN)
    assert missing == ["libxcb-icccm.so.4", "libxcb-keysyms.so.1"]
    sentence = startup.missing_libraries_sentence(missing, translator("en"))
    assert "libxcb-icccm.so.4, libxcb-keysyms.so.1" in sentence
    assert "sudo apt install libxcb-icccm4 libxcb-keysyms1" in sentence
    assert "sudo dnf install xcb-util-wm xcb-util-keysyms" in sentence
    assert "\n" not in sentence and sentence.count(". ") <= 1


sonames = st.sampled_from(sorted(startup.PACKAGES)) | st.from_regex(r"lib[a-z][a-z0-9_-]{0,12}\.so\.[0-9]", fullmatch=True)
found_lines = st.builds(lambda name: f"\t{name} => /usr/lib/{name} (0x00007f0000000000)",
                        st.from_regex(r"lib[a-z]{1,8}\.so\.[0-9]", fullmatch=True))


@settings(max_examples=60, deadline=None)
@given(missing=st.lists(sonames, max_size=6), present=st.lists(found_lines, max_size=6), data=st.data())
def test_every_missing_library_is_named_once_and_installed_by_both_commands(missing, present, data):
    lines = present + [f"\t{name} => not found" for name in missing]
    text = "\n".join(data.draw(st.permutations(lines)))
    found = startup.missing_in_ldd_output(text)
    assert sorted(found) == sorted(set(missing))
    debian, fedora = startup.install_commands(found)
    for name in found:
        deb, rpm = startup.PACKAGES.get(name, (name, name))
        assert deb in debian.split() and rpm in fedora.split()
    assert debian.startswith("sudo apt install") and fedora.startswith("sudo dnf install")


@pytest.mark.parametrize("environ, platform, expected", [
    ({"DISPLAY": ":0"}, "linux", True),
    ({"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0"}, "linux", False),
    ({"QT_QPA_PLATFORM": "xcb", "WAYLAND_DISPLAY": "wayland-0"}, "linux", True),
    ({"QT_QPA_PLATFORM": "offscreen"}, "linux", False),
    ({"QT_QPA_PLATFORM": "wayland;xcb"}, "linux", False),
    ({}, "win32", False),
    ({}, "darwin", False),
])
def test_the_check_runs_only_where_qt_loads_the_xcb_plugin(environ, platform, expected):
    assert startup.uses_xcb(environ, platform) is expected


def test_the_sentence_in_another_interface_language_keeps_names_and_packages():
    sentence = startup.missing_libraries_sentence(["libxcb-icccm.so.4"], translator("sv"))
    assert "libxcb-icccm.so.4" in sentence and "libxcb-icccm4" in sentence


def _run_window(env_extra: dict[str, str], tmp_path) -> subprocess.CompletedProcess:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path), "LANG": "C.UTF-8",
           "PYTHONPATH": str(ROOT), "PETITION_DESK_DATA_DIR": str(tmp_path / "data"), **env_extra}
    return subprocess.run([sys.executable, "-m", "desktop.gui.app"], env=env, capture_output=True, text=True,
                          timeout=60, cwd=tmp_path)


def test_xcb_without_a_display_exits_1_with_one_sentence(tmp_path):
    done = _run_window({"QT_QPA_PLATFORM": "xcb"}, tmp_path)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and "qt.qpa" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_missing_xcb_libraries_are_named_before_qt_aborts(tmp_path):
    """Run where the plugin's libraries really are missing (as on a minimal Debian); skipped elsewhere."""
    from PySide6.QtCore import QLibraryInfo  # noqa: F401 - only to find the plugin

    plugin = startup.xcb_plugin()
    if plugin is None:
        pytest.skip("no xcb plugin in this PySide6")
    ldd = subprocess.run(["ldd", str(plugin)], capture_output=True, text=True)
    missing = startup.missing_in_ldd_output(ldd.stdout)
    if not missing:
        pytest.skip("every library of the xcb plugin is installed here")
    # A display that answers (an abstract X socket), so the library check is what speaks.
    number = 90 + os.getpid() % 9
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(f"\0/tmp/.X11-unix/X{number}")
    server.listen(1)
    try:
        done = _run_window({"QT_QPA_PLATFORM": "xcb", "DISPLAY": f":{number}"}, tmp_path)
    finally:
        server.close()
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr
    for name in missing:
        assert name in lines[0]
    assert "sudo apt install" in lines[0] and "sudo dnf install" in lines[0]


# -- the interface language from the system's list -------------------------------------------------
from desktop.core.i18n import LANGUAGES, language_from_preferences, normalize_language, system_language  # noqa: E402

REGIONS = ["SE", "FI", "CA", "BE", "CH", "AT", "LU", "US", "GB", "RU", "BY", "KZ", "AX", "IE", "419"]


@pytest.mark.parametrize("ui_languages, expected", [
    (["sv-FI", "fi-FI", "en-US"], "sv"),
    (["fi-FI", "sv-FI"], "sv"),
    (["fr-CA", "en-CA"], "fr"),
    (["de-AT"], "de"),
    (["de-CH", "fr-CH"], "de"),
    (["ru-KZ", "kk-KZ"], "ru"),
    (["en-GB"], "en"),
    (["zh-Hans-CN", "ja-JP"], None),
    (["nb-NO", "en-US", "sv-SE"], "en"),
    (["sr-Latn-RS", "fr-Latn-FR"], "fr"),
    ([], None),
])
def test_qt_ui_languages_map_to_the_five_languages(ui_languages, expected):
    assert language_from_preferences(ui_languages) == expected


@settings(max_examples=80, deadline=None)
@given(language=st.sampled_from(LANGUAGES), region=st.sampled_from(REGIONS),
       separator=st.sampled_from(["-", "_"]), script=st.sampled_from(["", "Latn", "Cyrl"]),
       encoding=st.sampled_from(["", ".UTF-8", ".utf8", "@euro"]), case=st.sampled_from([str.lower, str.upper]))
def test_any_region_script_or_encoding_variant_is_its_language(language, region, separator, script, encoding, case):
    parts = [case(language)] + ([script] if script else []) + [region]
    assert normalize_language(separator.join(parts) + encoding) == language


@settings(max_examples=60, deadline=None)
@given(before=st.lists(st.sampled_from(["fi-FI", "nb-NO", "zh-CN", "ja", "pl-PL", "C", "POSIX", ""]), max_size=4),
       language=st.sampled_from(LANGUAGES), region=st.sampled_from(REGIONS),
       after=st.lists(st.sampled_from([f"{code}-US" for code in LANGUAGES]), max_size=3))
def test_the_first_spoken_language_wins(before, language, region, after):
    assert language_from_preferences([*before, f"{language}-{region}", *after]) == language


def test_the_window_asks_qt_and_the_command_line_the_environment(monkeypatch):
    for var in ("PETITION_DESK_LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "de_AT.UTF-8")
    assert system_language() == "de"  # the command line: the environment
    assert system_language(["sv-FI", "fi-FI"]) == "sv"  # the window: Qt's list first
    assert system_language(["ja-JP"]) == "de"  # nothing spoken in Qt's list: the environment
    monkeypatch.setenv("PETITION_DESK_LANG", "fr_CA")
    assert system_language(["sv-FI"]) == "fr"  # the app's own variable wins


def test_qt_reports_a_list_of_languages():
    from desktop.gui.startup import qt_ui_languages

    languages = qt_ui_languages()
    assert isinstance(languages, list) and all(isinstance(code, str) for code in languages)
