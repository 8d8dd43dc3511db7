"""Colours that stay readable in light, dark and high-contrast palettes.

Widgets take their colours from the palette (``palette(highlight)`` in style
sheets, ``QPalette`` roles when painting). The few colours that carry a
meaning of their own — an error's red — are chosen here for the palette in
use: a dark red on a light window, a light red on a dark one, each with a
contrast ratio of at least 4.5:1 against the window (WCAG AA for text).
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QGuiApplication, QPalette

ERROR_ON_LIGHT = "#a93226"
ERROR_ON_DARK = "#ff8a80"


def _palette(palette: QPalette | None) -> QPalette:
    return palette if palette is not None else QGuiApplication.palette()


def is_dark(palette: QPalette | None = None) -> bool:
    """True when the window background is dark (a dark or a high-contrast black theme)."""
    return _palette(palette).color(QPalette.ColorRole.Window).lightnessF() < 0.5


def error_colour(palette: QPalette | None = None) -> str:
    return ERROR_ON_DARK if is_dark(palette) else ERROR_ON_LIGHT


def error_style(palette: QPalette | None = None, bold: bool = False) -> str:
    """A style sheet fragment for text that reports a problem."""
    return f"color: {error_colour(palette)};" + (" font-weight: bold;" if bold else "")


def dim_colour(palette: QPalette | None = None) -> QColor:
    """Secondary text: the palette's placeholder text colour."""
    return _palette(palette).color(QPalette.ColorRole.PlaceholderText)


def contrast_ratio(a: QColor, b: QColor) -> float:
    """WCAG 2 contrast ratio of two colours (1 to 21)."""
    def luminance(c: QColor) -> float:
        def channel(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
        return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def problem_brush(palette: QPalette | None = None):
    """Behind a table cell with a problem: pale red on light themes, deep red on dark ones (text stays readable)."""
    from PySide6.QtGui import QBrush

    return QBrush(QColor("#5a1f1a") if is_dark(palette) else QColor("#fadbd8"))
