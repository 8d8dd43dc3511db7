"""Guards the PySide6 pin: some releases leak references to None on void calls,
which aborts Python 3.11 after a few thousand calls (minutes of real use)."""

import sys

from PySide6.QtWidgets import QLabel


def test_void_calls_do_not_steal_references_to_none(qtbot):
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(2000):
        label.setText("x")
        label.setToolTip("")
    assert sys.getrefcount(None) >= before - 50
