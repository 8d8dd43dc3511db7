"""Qt's own dialogs (file chooser, print dialog, standard buttons) in the interface language."""

from __future__ import annotations

_qt_translator = None  # the QTranslator for Qt's own dialogs, replaced on a language switch


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
