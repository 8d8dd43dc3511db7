"""``petition-desk-gui``: start the desktop application.

Without a display Qt aborts in C++ with a message users cannot act on, so
the display is checked first and a plain sentence is printed instead.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from desktop.core.i18n import Translator, system_language, translator
from desktop.core.logs import current_log_file, setup_logging
from desktop.core.resources import assets_dir
from desktop.gui.qt_translations import install_qt_translations

log = logging.getLogger(__name__)

log = logging.getLogger(__name__)
# Qt's event loop runs in C++, where Python cannot act on a signal; a timer hands control
# back to Python this often, so Ctrl+C is answered within a fifth of a second.
SIGNAL_POLL_MS = 200


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


def run(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    setup_logging(sum({"--verbose": 1, "-v": 1, "-vv": 2}.get(a, 0) for a in argv[1:]))
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
        log.info("no window: %s", problem)
        return 1

    from desktop.gui.startup import platform_plugin_problem

    text = platform_plugin_problem(translator(system_language()))  # missing X11 libraries, named before Qt aborts
    if text is not None:
        print(text, file=sys.stderr)
        return 1

    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtGui import QGuiApplication, QIcon
    from PySide6.QtWidgets import QApplication

    from PySide6 import __version__ as pyside_version

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
    log.info("window starting (version %s, PySide6 %s, platform %s, interface language %s)",
             __version__, pyside_version, app.platformName(), language)

    from desktop.gui.main_window import MainWindow

    stop = StopFromOutside(app)
    stop.install()
    window = MainWindow(tr, settings)
    stop.window = window
    from desktop.gui.smoke import run_smoke_test, wants_smoke_test

    if wants_smoke_test(argv):  # installers and CI: show the demo letter once and quit
        return run_smoke_test(app, window)
    _install_error_hook(window)
    if stop.requested:  # interrupted while the window was being built: nothing was edited yet
        return 128 + stop.requested
    window.show()
    draft_file = next((Path(a) for a in argv[1:] if not a.startswith("-")), None)

    def after_start() -> None:
        if not window.offer_recovery() and draft_file is not None:
            window.open_draft(draft_file)

    QTimer.singleShot(0, after_start)
    code = app.exec()
    stop.uninstall()
    from desktop.gui.workers import wait_for_background_work

    wait_for_background_work()  # a preview still rendering must not report to a deleted window
    log.info("window closed (status %d)", code)
    return code


class StopFromOutside:
    """Ctrl+C in the terminal, or the system's request to stop (SIGTERM), ends the app without a traceback.

    The first Ctrl+C closes the window as File > Quit does: unsaved changes are
    autosaved at once, then the usual question is asked (Save, Discard,
    Cancel). A second Ctrl+C, or SIGTERM (a logout, a shutdown), leaves at
    once without asking; the autosave stays and is offered back at the next
    start. A protected draft, which is never autosaved, loses its changes
    then, and the terminal says so.
    """

    def __init__(self, app, leave=None) -> None:
        self.app = app
        self.window = None
        self.requested = 0  # the first signal received, before the window was up
        self._interrupts = 0
        self._leave = leave or (lambda code: app.exit(code))
        self._previous: dict[int, object] = {}
        self._timer = None

    def install(self) -> None:
        from PySide6.QtCore import QTimer

        for signum in (signal.SIGINT, getattr(signal, "SIGTERM", None)):
            if signum is not None:
                self._previous[signum] = signal.signal(signum, self._received)
        self._timer = QTimer(self.app)
        self._timer.timeout.connect(lambda: None)  # running any Python lets the handler run
        self._timer.start(SIGNAL_POLL_MS)

    def uninstall(self) -> None:
        for signum, previous in self._previous.items():
            signal.signal(signum, previous)
        self._previous.clear()
        if self._timer is not None:
            self._timer.stop()

    def _received(self, signum: int, _frame) -> None:
        from PySide6.QtCore import QTimer

        log.info("stop requested by signal %d", signum)
        if self.window is None:
            self.requested = self.requested or signum
            return
        if signum == signal.SIGINT:
            self._interrupts += 1
        if signum == signal.SIGINT and self._interrupts == 1:
            QTimer.singleShot(0, self._close)  # out of the handler, back in the event loop
        else:
            QTimer.singleShot(0, lambda: self._leave_now(signum))

    def _close(self) -> None:
        self.window.session.keep_for_recovery()  # safe even if a second Ctrl+C cuts the question short
        self.window.close()

    def _leave_now(self, signum: int) -> None:
        tr = self.window.tr
        session = self.window.session
        kept = session.keep_for_recovery()
        if session.modified:
            if kept:
                text = tr.gettext("Petition Desk was stopped. Your unsaved changes are kept and will be offered "
                                  "back when you start it again.")
            elif session.autosaves:
                text = tr.gettext("Petition Desk was stopped and could not keep your unsaved changes: "
                                  "the autosave failed.")
            else:
                text = tr.gettext("Petition Desk was stopped. Changes to the protected draft since it was last "
                                  "saved are lost.")
            print(text, file=sys.stderr)
        log.info("leaving on signal %d, unsaved changes kept: %s", signum, kept)
        self._leave(128 + signum)


def unexpected_error_text(tr: Translator, kind: type, value: BaseException | None, log_file: Path | None) -> str:
    """What the user reads about an error the app did not expect: plain words, and where the log is."""
    error = f"{kind.__name__}: {value}"
    if log_file is None:
        return tr.gettext("Something went wrong inside Petition Desk (%(error)s). Your draft is saved automatically; "
                          "save it now, and please report what you were doing.") % {"error": error}
    return tr.gettext("Something went wrong inside Petition Desk (%(error)s). Your draft is saved automatically; "
                      "save it now, and please report what you were doing, with the log file %(log)s.") % {
        "error": error, "log": str(log_file)}


def error_hook(window, previous: Callable = sys.__excepthook__) -> Callable:
    """The ``sys.excepthook`` of the window: log the error with its traceback, then tell the user."""

    def hook(kind, value, tb) -> None:
        if issubclass(kind, KeyboardInterrupt):
            previous(kind, value, tb)
            return
        log.critical("unexpected error in the window", exc_info=(kind, value, tb))
        previous(kind, value, tb)  # the traceback also goes to stderr, for whoever started the app from a terminal
        import shiboken6
        from PySide6.QtWidgets import QMessageBox

        if not shiboken6.isValid(window):  # the app is ending: nobody to show it to
            return

        tr = window.tr
        QMessageBox.critical(window, tr.gettext("Petition Desk"),
                             unexpected_error_text(tr, kind, value, current_log_file()))

    return hook


def _install_error_hook(window) -> None:
    """An unexpected error is logged and reported in a dialog; the draft stays autosaved."""
    sys.excepthook = error_hook(window, sys.excepthook)


def main() -> None:
    import multiprocessing

    multiprocessing.freeze_support()  # a frozen (PyInstaller) export worker runs its task here and exits
    sys.exit(run())


if __name__ == "__main__":
    main()
