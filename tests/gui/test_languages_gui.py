"""The window offers exactly the languages declared in desktop.core.languages."""

from __future__ import annotations

from desktop.core.languages import INTERFACE_LANGUAGES, native_name


def test_the_interface_language_menu_lists_the_declared_languages(window):
    assert list(window.language_actions) == list(INTERFACE_LANGUAGES)
    assert [a.text() for a in window.language_actions.values()] == [native_name(c) for c in INTERFACE_LANGUAGES]
