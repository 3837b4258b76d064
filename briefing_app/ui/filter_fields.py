"""Two of the filter bar's controls and what they read from the query: a date field as wide
as its hint at any zoom, and which reliability item a query's `reliability:` value selects."""

from __future__ import annotations

import re

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QLineEdit, QSizePolicy, QWidget

_GRADE = re.compile(r"(>=)?\s*([A-Fa-f])")


def reliability_choice(value: str | None) -> str | None:
    """The reliability item ("" for any, or a grade: every cited source that grade or better)
    that says what the query's `reliability:` value says, or None if no item does: `<=E`, or
    `B` (some source graded B, as `core/reliability.py` reads it), are shown as typed."""
    if value is None:
        return ""
    found = _GRADE.fullmatch(value.strip())
    if found is None or found.group(1) != ">=" or found.group(2).upper() not in "ABCDE":
        return None
    return found.group(2).upper()


class DateField(QLineEdit):
    """A date field as wide as its hint at the font it has now: a fixed width cut
    "From (YYYY-MM-DD)" short once the window was zoomed."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        text = self.placeholderText() or "0000-00-00"
        margins = self.textMargins()
        # The frame and the style's inner padding, as QLineEdit's own hint allows for them.
        frame = hint.width() - self.fontMetrics().horizontalAdvance("x" * 17)
        width = self.fontMetrics().horizontalAdvance(text) + margins.left() + margins.right()
        return QSize(width + max(frame, 8) + 4, hint.height())

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()
