"""Accelerators (the underlined letter, "&File") unique within each menu, in every language.

Translators choose each accelerator without seeing the others of the same
menu, so two entries often claim one letter ("&Export…" and "Open the
&Example"); Alt+letter then reaches only one of them. After every
translation the window passes its menus through :func:`unique_accelerators`,
which keeps the first claim of each letter and moves any later one to a
free letter of the same text, preferring the start of a word.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


def accelerator(text: str) -> str:
    """The accelerator letter of ``text`` (lower case), or "" if it has none; "&&" is a literal "&"."""
    i = 0
    while i < len(text) - 1:
        if text[i] == "&":
            if text[i + 1] != "&":
                return text[i + 1].lower()
            i += 1
        i += 1
    return ""


def strip_accelerator(text: str) -> str:
    out, i = [], 0
    while i < len(text):
        if text[i] == "&" and i + 1 < len(text):
            out.append(text[i + 1] if text[i + 1] == "&" else "")
            i += 2 if text[i + 1] == "&" else 1
            continue
        out.append(text[i])
        i += 1
    return "".join(out)


def with_free_accelerator(text: str, taken: set[str]) -> str:
    """``text`` with its accelerator on a letter not in ``taken`` (word starts first); without one if none is free."""
    plain = strip_accelerator(text)
    candidates = [i for i, ch in enumerate(plain) if ch.isalnum() and (i == 0 or not plain[i - 1].isalnum())]
    candidates += [i for i, ch in enumerate(plain) if ch.isalnum() and i not in candidates]
    for i in candidates:
        if plain[i].lower() not in taken:
            return plain[:i].replace("&", "&&") + "&" + plain[i:].replace("&", "&&")
    return plain.replace("&", "&&")


def unique_accelerators(container: QWidget) -> None:
    """Make the accelerators of ``container`` (a menu bar or menu) and of every submenu unique per menu."""
    actions = [a for a in container.actions() if not a.isSeparator() and a.text()]
    taken: set[str] = set()
    for action in actions:
        letter = accelerator(action.text())
        if letter and letter not in taken:
            taken.add(letter)
            continue
        if letter:  # an entry without one (a file name, a language's own name) is left as it is
            action.setText(with_free_accelerator(action.text(), taken))
            new = accelerator(action.text())
            if new:
                taken.add(new)
    for action in actions:
        if action.menu() is not None:
            unique_accelerators(action.menu())
