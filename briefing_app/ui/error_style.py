"""An error shown in the palette's own colours, readable in light and dark themes alike.

A fixed red reads on one background only (`#b03a2e` is 2.35:1 on a dark window, below the
4.5:1 WCAG AA asks of text), so the red is worked out from the colours it will sit on. A field
in error gets a border of that red and says why in its accessible description, so the error is
seen without colour and heard by a screen reader too.
"""

from __future__ import annotations

from typing import Final

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QLineEdit

AA_TEXT: Final = 4.5  # WCAG 2 AA, normal text
_HUE, _SATURATION = 4 / 360, 0.8  # a plain warning red


def luminance(color: QColor) -> float:
    """WCAG relative luminance."""

    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(color.redF())
        + 0.7152 * channel(color.greenF())
        + 0.0722 * channel(color.blueF())
    )


def contrast(one: QColor, other: QColor) -> float:
    """WCAG contrast ratio, 1 to 21."""
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def readable_red(*backgrounds: QColor, ratio: float = AA_TEXT) -> QColor:
    """The red closest to a plain warning red that reads at `ratio` or better on every one of
    `backgrounds`: darker on light ones, lighter on dark ones."""
    black, white = QColor(0, 0, 0), QColor(255, 255, 255)
    darken = min(contrast(black, b) for b in backgrounds) >= min(
        contrast(white, b) for b in backgrounds
    )
    for step in range(101):
        lightness = 0.45 - step / 200 if darken else 0.45 + step / 180
        red = QColor.fromHslF(_HUE, _SATURATION, max(0.0, min(1.0, lightness)))
        if all(contrast(red, background) >= ratio for background in backgrounds):
            return red
    return black if darken else white


def error_red(palette: QPalette) -> QColor:
    """The error red for text and borders on this palette's window and field backgrounds."""
    role = QPalette.ColorRole
    return readable_red(palette.color(role.Window), palette.color(role.Base))


def show_error(field: QLineEdit, message: str, red: QColor) -> None:
    """Mark `field` as in error with `message`, or as fine again when `message` is empty."""
    field.setAccessibleDescription(message)
    field.setProperty("inError", bool(message))
    style = f"QLineEdit {{ border: 2px solid {red.name()}; border-radius: 3px; padding: 1px; }}"
    field.setStyleSheet(style if message else "")
