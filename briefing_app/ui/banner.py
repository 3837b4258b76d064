"""The banner above the filter bar: a dataset with errors, or a change on disk not shown.

Its colours come from the palette, so a dark theme gets a dark banner: a warm tint of the
window's own background, with the window's text on it, checked to keep a contrast of at least
4.5:1 (WCAG AA for body text); where the palette's pair falls short, the text turns black or white.
"""

from __future__ import annotations

from typing import Final, NamedTuple

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

AMBER: Final = QColor("#f0b400")  # the tint: a caution colour that reads on light and dark
TINT: Final = 0.22  # how much of it goes into the window's background
BORDER_TINT: Final = 0.6
MINIMUM_CONTRAST: Final = 4.5


class BannerColors(NamedTuple):
    background: QColor
    text: QColor
    border: QColor


def _mix(first: QColor, second: QColor, share: float) -> QColor:
    """`share` of `second` mixed into `first`."""
    return QColor.fromRgbF(
        first.redF() * (1 - share) + second.redF() * share,
        first.greenF() * (1 - share) + second.greenF() * share,
        first.blueF() * (1 - share) + second.blueF() * share,
    )


def _luminance(color: QColor) -> float:
    """Relative luminance, as WCAG 2 defines it."""

    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(v) for v in (color.redF(), color.greenF(), color.blueF()))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: QColor, second: QColor) -> float:
    """WCAG 2's contrast ratio of two colours, from 1 (the same) to 21 (black on white)."""
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def banner_colors(palette: QPalette) -> BannerColors:
    role = QPalette.ColorRole
    background = _mix(palette.color(role.Window), AMBER, TINT)
    text = palette.color(role.WindowText)
    if contrast_ratio(background, text) < MINIMUM_CONTRAST:
        black, white = QColor("black"), QColor("white")
        better = contrast_ratio(background, black) >= contrast_ratio(background, white)
        text = black if better else white
    return BannerColors(background, text, _mix(palette.color(role.Window), AMBER, BORDER_TINT))


class Banner(QFrame):
    """A line of plain text and a button to the Problems panel; hidden until needed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.label = QLabel(self)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        self.button = QPushButton("Show problems", self)
        self.button.setAccessibleName("Show the problems panel")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.button)
        self._sheet = ""
        self._recolor()
        self.hide()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            # Once every widget has taken the new palette: the order they get it in is Qt's.
            QTimer.singleShot(0, self._recolor)

    def _recolor(self) -> None:
        """Colour the banner from its surroundings' palette (not its own, which its style sheet
        sets); only when that changed, as setting a style sheet is itself a palette change."""
        colors = self.colors()
        sheet = (
            f"QFrame#banner {{ background: {colors.background.name()}; "
            f"border: 1px solid {colors.border.name()}; }}"
            f"QFrame#banner QLabel {{ color: {colors.text.name()}; }}"
        )
        if sheet != self._sheet:
            self._sheet = sheet
            self.setStyleSheet(sheet)  # shape and margins come from the window's app.qss

    def colors(self) -> BannerColors:
        """The colours for the palette around the banner."""
        parent = self.parentWidget()
        return banner_colors(parent.palette() if parent else QApplication.palette())
