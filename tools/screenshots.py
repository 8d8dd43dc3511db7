"""Save PNGs of the main window, the export dialogs and the resolution workbench in every interface language.

    QT_QPA_PLATFORM=offscreen python tools/screenshots.py screenshots/

Runs on a private, temporary library (the demo draft's recipients are added
to it), so the user's own data is never touched. Look at every picture: text
cut off, untranslated or crowded is a bug.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

WINDOW_SIZE = (1280, 820)
STEPS = ("template", "case", "recipients", "signers", "export")


def _prepare_environment(workdir: Path) -> None:
    os.environ["PETITION_DESK_DATA_DIR"] = str(workdir / "userdata")
    platform = os.environ.get("QT_QPA_PLATFORM", "offscreen")
    if platform == "offscreen":
        # The offscreen screen is 800 x 600 by default; a laptop-sized one shows the real layout.
        config = workdir / "screen.json"
        config.write_text(json.dumps({"screens": [{"name": "shots", "x": 0, "y": 0, "width": 1920, "height": 1200,
                                                   "logicalDpiX": 96, "logicalDpiY": 96, "dpr": 1}]}))
        platform = f"offscreen:configfile={config}"
    os.environ["QT_QPA_PLATFORM"] = platform


def take(out: Path, languages: list[str], size: tuple[int, int] = WINDOW_SIZE) -> list[Path]:
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from desktop.core.i18n import translator
    from desktop.gui.app import icon_path
    from desktop.gui.qt_translations import install_qt_translations
    from desktop.gui.main_window import MainWindow

    app = QApplication.instance() or QApplication(["petition-desk-screenshots"])
    from PySide6.QtGui import QIcon

    app.setWindowIcon(QIcon(str(icon_path())))

    def settle(window=None, ms: int = 150) -> None:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()
        if window is not None:
            while window.preview.is_busy() or window.checks_pending():
                loop = QEventLoop()
                QTimer.singleShot(50, loop.quit)
                loop.exec()

    out.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []
    window = MainWindow(translator(languages[0]))
    window.resize(*size)
    window.show()
    window.open_demo()
    for language in languages:
        install_qt_translations(language)
        window.retranslate(translator(language))
        for index, step in enumerate(STEPS):
            window.go_to_step(index)
            settle(window)
            saved.append(_grab(window, out / f"main-{language}-{index + 1}-{step}.png"))
        saved.append(_grab_dialog(window.open_export_dialog(), out / f"export-{language}.png", settle))
    saved += _resolution_shots(window, out, languages, settle)
    window.session.close_cleanly()
    window.session.modified = False  # a throwaway demo: no prompt on the way out
    window.close()
    return saved


def _resolution_shots(window, out: Path, languages: list[str], settle) -> list[Path]:
    """The demo case as a European Parliament resolution in English beside Swedish, and its export dialog."""
    from desktop.core.i18n import translator
    from desktop.gui.qt_translations import install_qt_translations

    gallery = window.gallery
    row = next(r for r in range(gallery.list.count()) if gallery.list.item(r).data(256) == "resolution")
    gallery.list.setCurrentRow(row)
    editor = window.resolution_editor
    editor.style_combo.setCurrentIndex(editor.style_combo.findData("ep"))
    editor.style_combo.activated.emit(editor.style_combo.currentIndex())
    editor.set_languages("en", "sv")
    editor.start_from_case()
    editor.select(window.draft.resolution.section("recital")[0].id)
    saved = []
    for language in languages:
        install_qt_translations(language)
        window.retranslate(translator(language))
        window.go_to_step(1)
        settle(window)
        saved.append(_grab(window, out / f"main-{language}-2-resolution.png"))
        saved.append(_grab_dialog(editor.open_export_dialog(), out / f"resolution-export-{language}.png", settle))
    return saved


def _grab(widget, path: Path) -> Path:
    widget.grab().save(str(path))
    return path


def _grab_dialog(dialog, path: Path, settle) -> Path:
    """A dialog once it has laid itself out; it is closed afterwards."""
    settle(ms=300)
    _grab(dialog, path)
    dialog.close()
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="where to save the PNG files")
    parser.add_argument("--lang", action="append", help="only this interface language (repeatable)")
    parser.add_argument("--size", default="%dx%d" % WINDOW_SIZE, help="window size, WIDTHxHEIGHT (e.g. 1024x700)")
    args = parser.parse_args(argv)
    size = tuple(int(n) for n in args.size.lower().split("x"))
    with tempfile.TemporaryDirectory(prefix="petition-desk-shots-") as tmp:
        _prepare_environment(Path(tmp))
        from desktop.core.i18n import LANGUAGES

        saved = take(args.folder, args.lang or list(LANGUAGES), size)
    for path in saved:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
