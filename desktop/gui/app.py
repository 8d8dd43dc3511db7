"""``petition-desk-gui``: start the desktop application.

Without a display Qt aborts in C++ with a message users cannot act on, so
the display is checked first and a plain sentence is printed instead.
"""

from __future__ import annotations

import os
import socket
import sys
from collections.abc import Sequence
from pathlib import Path

from desktop.core.i18n import system_language, translator
from desktop.core.resources import assets_dir

_qt_translator = None  # the QTranslator for Qt's own dialogs, replaced on a language switch


def icon_path() -> Path:
    return assets_dir() / "icons" / "petition-desk.svg"


def display_problem() -> str | None:
    """Why no window can be shown on this machine, or None if one can."""
    if os.environ.get("QT_QPA_PLATFORM", "").split(":")[0] not in ("", "xcb"):
        return None  # the user chose a platform (offscreen, vnc, …): trust it; X11 (xcb) still needs a display
    if not sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return None  # Windows and macOS always have their own display
    if os.environ.get("WAYLAND_DISPLAY"):
        return None
    display = os.environ.get("DISPLAY", "")
    if not display:
        return "no-display"
    if display.startswith(":") and not _x_socket_answers(display):
        return "display-unreachable"
    return None


def _x_socket_answers(display: str) -> bool:
    """Whether the local X server of ``display`` (":0", ":1.0") accepts a connection."""
    number = display[1:].split(".")[0]
    if not number.isdigit():
        return True  # an unusual form: let Qt decide
    path = f"/tmp/.X11-unix/X{number}"
    for address in (path, "\0" + path):  # the file socket, then Linux's abstract one
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(1.0)
            try:
                sock.connect(address)
                return True
            except OSError:
                continue
    return False


def install_qt_translations(language: str) -> None:
    """Translate Qt's own dialogs (file chooser, print dialog, buttons) into ``language``."""
    global _qt_translator
    from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

    app = QCoreApplication.instance()
    if app is None:
        return
    if _qt_translator is not None:
        app.removeTranslator(_qt_translator)
        _qt_translator = None
    QLocale.setDefault(QLocale(language))
    if language == "en":
        return
    candidate = QTranslator(app)
    if candidate.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(candidate)
        _qt_translator = candidate


def run(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    problem = display_problem()
    if problem is not None:
        tr = translator(system_language())
        if problem == "no-display":
            text = tr.gettext("Petition Desk needs a graphical desktop, but no display was found (DISPLAY and "
                              "WAYLAND_DISPLAY are not set). Start it from your desktop session, or use the "
                              "petition-desk command instead.")
        else:
            text = tr.gettext("Petition Desk cannot reach the display %(display)s. Start it from your desktop "
                              "session, or use the petition-desk command instead.") % {
                "display": os.environ.get("DISPLAY", "")}
        print(text, file=sys.stderr)
        return 1

    from desktop.gui.startup import platform_plugin_problem

    text = platform_plugin_problem(translator(system_language()))  # missing X11 libraries, named before Qt aborts
    if text is not None:
        print(text, file=sys.stderr)
        return 1

    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtGui import QGuiApplication, QIcon
    from PySide6.QtWidgets import QApplication

    from desktop import __version__
    from desktop.gui.settings import APPLICATION, ORGANISATION, AppSettings

    # Fractional scaling (125 %, 150 %) as the system asks, not rounded to whole steps.
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = QApplication.instance() or QApplication(argv)
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("org.petitiondesk.PetitionDesk")  # packaging/linux: the .desktop entry and Wayland app id
    app.setWindowIcon(QIcon(str(icon_path())))

    settings = AppSettings()
    from desktop.gui.startup import qt_ui_languages

    language = settings.interface_language() or system_language(qt_ui_languages())
    install_qt_translations(language)
    tr = translator(language)

    from desktop.gui.main_window import MainWindow

    window = MainWindow(tr, settings)
    from desktop.gui.smoke import run_smoke_test, wants_smoke_test

    if wants_smoke_test(argv):  # installers and CI: show the demo letter once and quit
        return run_smoke_test(app, window)
    _install_error_hook(window)
    window.show()
    draft_file = next((Path(a) for a in argv[1:] if not a.startswith("-")), None)

    def after_start() -> None:
        if not window.offer_recovery() and draft_file is not None:
            window.open_draft(draft_file)

    QTimer.singleShot(0, after_start)
    return app.exec()


def _install_error_hook(window) -> None:
    """An unexpected error is reported in a dialog; the draft stays autosaved."""
    previous = sys.excepthook

    def hook(kind, value, tb) -> None:
        previous(kind, value, tb)  # the traceback still goes to stderr for a bug report
        from PySide6.QtWidgets import QMessageBox

        tr = window.tr
        QMessageBox.critical(window, tr.gettext("Petition Desk"), tr.gettext(
            "Something went wrong inside Petition Desk (%(error)s). Your draft is saved automatically; "
            "save it now, and please report what you were doing.") % {"error": f"{kind.__name__}: {value}"})

    sys.excepthook = hook


def main() -> None:
    import multiprocessing

    multiprocessing.freeze_support()  # a frozen (PyInstaller) export worker runs its task here and exits
    sys.exit(run())


if __name__ == "__main__":
    main()
