"""Accessibility: every control has a name, every control is reached with Tab, dark themes stay readable."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QColor, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollBar,
    QTabBar,
    QTextEdit,
    QWidget,
)

from desktop.core.i18n import translator
from desktop.gui.help import GuideWindow, ReportDialog
from desktop.gui.widgets.colours import contrast_ratio, error_colour

INTERACTIVE = (QAbstractButton, QLineEdit, QTextEdit, QPlainTextEdit, QComboBox, QAbstractSpinBox,
               QAbstractItemView, QAbstractSlider, QTabBar)
TEMPLATES = ("appeal_mission", "petition_sheets", "resolution")
GUI = Path(__file__).resolve().parents[2] / "desktop" / "gui"


def controls(root: QWidget) -> list[QWidget]:
    """The interactive controls a keyboard user can reach in ``root`` as it is shown now."""
    found = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, INTERACTIVE) or isinstance(widget, QScrollBar):
            continue
        if not widget.isVisibleTo(root) or not widget.isEnabled():
            continue
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus != Qt.FocusPolicy.TabFocus:
            continue
        parent = widget.parentWidget()
        if isinstance(widget, QLineEdit) and isinstance(parent, (QComboBox, QAbstractSpinBox)):
            continue  # the editor inside a combo or spin box: the box is the control
        found.append(widget)
    return found


def spoken_name(widget: QWidget, buddies: set[QWidget]) -> str:
    """What a screen reader announces: the accessible name, a button's text, or the label that names it."""
    if widget.accessibleName().strip():
        return widget.accessibleName()
    interface = QAccessible.queryAccessibleInterface(widget)
    if interface is not None and interface.text(QAccessible.Text.Name).replace("&", "").strip():
        return interface.text(QAccessible.Text.Name)
    if widget in buddies:
        return "label"
    return ""


def unnamed(root: QWidget) -> list[str]:
    buddies = {label.buddy() for label in root.findChildren(QLabel) if label.buddy() is not None}
    return [describe(w) for w in controls(root) if not spoken_name(w, buddies)]


def describe(widget: QWidget) -> str:
    chain, current = [], widget
    while current is not None and len(chain) < 4:
        chain.append(type(current).__name__ + (f"#{current.objectName()}" if current.objectName() else ""))
        current = current.parentWidget()
    return " < ".join(chain)


def every_view(window, qtbot):
    """Each template kind, each step (and each tab of the case step): yields a label for what is shown."""
    window.open_demo()
    for template in TEMPLATES:
        window._template_chosen(template)
        for step in range(window.stack.count()):
            window.go_to_step(step)
            qtbot.wait(0)
            yield f"{template} step {step + 1}"
            if step == 1:
                for tab in range(1, window.case_step.count()):
                    if window.case_step.isTabVisible(tab):
                        window.case_step.setCurrentIndex(tab)
                        qtbot.wait(0)
                        yield f"{template} step 2 tab {tab + 1}"


@pytest.mark.parametrize("language", ["en", "ru"])
def test_every_control_has_a_name(make_window, qtbot, language):
    window = make_window(language)
    checked = 0
    for view in every_view(window, qtbot):
        assert unnamed(window) == [], view
        checked += len(controls(window))
    assert checked > 100  # the walk saw the controls of every step
    dialog = window.open_export_dialog()
    assert controls(dialog) and unnamed(dialog) == []
    dialog.close()
    for widget in (GuideWindow(translator(language)), ReportDialog(translator(language), "1.0")):
        qtbot.addWidget(widget)
        widget.show()
        assert controls(widget) and unnamed(widget) == []


def test_the_walk_finds_a_control_without_a_name(qtbot):
    """The check itself: a bare line edit is reported, a labelled one is not."""
    root = QWidget()
    qtbot.addWidget(root)
    bare, labelled, named = QLineEdit(root), QLineEdit(root), QLineEdit(root)
    QLabel("Town:", root).setBuddy(labelled)
    named.setAccessibleName("Postcode")
    root.show()
    assert unnamed(root) == ["QLineEdit < QWidget"]
    bare.setAccessibleName("Street")
    assert unnamed(root) == []


def focus_chain(root: QWidget, start: QWidget) -> list[QWidget]:
    chain, current = [], start
    for _ in range(2000):
        chain.append(current)
        current = current.nextInFocusChain()
        if current is start:
            break
    return chain


def test_tab_reaches_every_control_of_every_step(window, qtbot):
    for view in every_view(window, qtbot):
        page = window.stack.currentWidget()
        wanted = controls(page)
        assert wanted, view
        reached = set(focus_chain(window, window.steps))
        missing = [describe(w) for w in wanted if w not in reached]
        assert missing == [], view


def test_tab_order_within_a_step_runs_from_the_top(window, qtbot):
    """Tab moves down the page: no control reached with Tab lies far above the one before it in the same column."""
    window.resize(1280, 800)
    for view in every_view(window, qtbot):
        page = window.stack.currentWidget()
        wanted = set(controls(page))
        order = [w for w in focus_chain(window, window.steps) if w in wanted]
        jumps = []
        for before, after in zip(order, order[1:]):
            a = before.mapTo(window, before.rect().topLeft())
            b = after.mapTo(window, after.rect().topLeft())
            same_column = abs(a.x() - b.x()) < 60
            if same_column and b.y() < a.y() - 120:
                jumps.append(f"{describe(before)} -> {describe(after)}")
        assert jumps == [], view


def dark_palette() -> QPalette:
    palette = QPalette()
    colours = {
        QPalette.ColorRole.Window: "#1e1e1e", QPalette.ColorRole.WindowText: "#e6e6e6",
        QPalette.ColorRole.Base: "#121212", QPalette.ColorRole.AlternateBase: "#2a2a2a",
        QPalette.ColorRole.Text: "#e6e6e6", QPalette.ColorRole.Button: "#2d2d2d",
        QPalette.ColorRole.ButtonText: "#e6e6e6", QPalette.ColorRole.Highlight: "#3d6fa8",
        QPalette.ColorRole.HighlightedText: "#ffffff", QPalette.ColorRole.PlaceholderText: "#a0a0a0",
        QPalette.ColorRole.Mid: "#555555", QPalette.ColorRole.Midlight: "#3a3a3a",
        QPalette.ColorRole.ToolTipBase: "#2a2a2a", QPalette.ColorRole.ToolTipText: "#e6e6e6",
        QPalette.ColorRole.Light: "#4a4a4a", QPalette.ColorRole.Dark: "#101010",
        QPalette.ColorRole.Link: "#8ab4f8", QPalette.ColorRole.LinkVisited: "#c58af9",
    }
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    return palette


@pytest.fixture
def dark(qapp):
    original = qapp.palette()
    qapp.setPalette(dark_palette())
    yield qapp.palette()
    qapp.setPalette(original)


def test_error_text_is_readable_on_light_and_dark_windows(dark):
    light = QPalette(QColor("#f0f0f0"))
    for palette in (light, dark):
        window = palette.color(QPalette.ColorRole.Window)
        assert contrast_ratio(QColor(error_colour(palette)), window) >= 4.5


def test_dark_palette_window_is_readable(make_window, qtbot, dark, tmp_path):
    """Labels and the step list keep their contrast on a dark palette; a screenshot is kept for a look."""
    window = make_window()
    window.open_demo()
    window.resize(1280, 800)
    for step in range(window.stack.count()):
        window.go_to_step(step)
        qtbot.wait(0)
        for label in window.stack.currentWidget().findChildren(QLabel):
            if not label.isVisibleTo(window) or not label.text().strip():
                continue
            colour = label.palette().color(label.foregroundRole())
            style = label.styleSheet()
            match = re.search(r"color:\s*(#[0-9a-fA-F]{6})", style)
            if match:
                colour = QColor(match.group(1))
            background = label.palette().color(QPalette.ColorRole.Window)
            assert contrast_ratio(colour, background) >= 4.5, (describe(label), style)
    image = window.grab().toImage()
    assert not image.isNull()
    # The step list's selected row is drawn in the palette's highlight, not a fixed light blue.
    window.go_to_step(0)
    assert "palette(highlight)" in window.steps.styleSheet()
    window.grab().save(str(tmp_path / "dark.png"))


def test_no_fixed_colours_for_text_or_backgrounds_in_style_sheets():
    """Style sheets and painting use palette roles; a fixed colour is allowed only beside a reason."""
    allowed = {"recipients/dialog.py", "signers/panel.py", "widgets/colours.py", "resolution/outline_model.py",
               "resolution/texts.py"}
    offenders = []
    for path in GUI.rglob("*.py"):
        relative = path.relative_to(GUI).as_posix()
        if relative in allowed:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b[;'\" ]|QColor\(\"", line) and not line.lstrip().startswith("#"):
                offenders.append(f"{relative}:{number}: {line.strip()}")
    assert offenders == []
