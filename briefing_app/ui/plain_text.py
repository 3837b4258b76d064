"""Dataset text reaches Qt as plain text: never as markup, never as a keyboard mnemonic.

Qt guesses. A tooltip or a label that "might be rich text" is rendered as HTML (so a title
`<img src="file:///...">` loads and paints that file), an `&` in a button or menu text marks the
next letter as a shortcut and disappears, and `[*]` in a window title is a placeholder. Every
place a data string reaches a widget goes through one of these functions, so Qt has nothing to
guess. The words themselves are made safe by `core.safetext` (direction isolated, kept on one
line), which this module re-exports for the widgets' convenience.
"""

from __future__ import annotations

from html import escape
from typing import Final

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMenu, QMessageBox, QStatusBar, QWidget

from briefing_app.core.safetext import inline, isolate, one_line

__all__ = [
    "TOOLTIP_END",
    "TOOLTIP_START",
    "PlainStatusBar",
    "add_data_action",
    "inline",
    "isolate",
    "message_box",
    "no_mnemonic",
    "one_line",
    "plain_label",
    "tooltip",
    "window_title",
]

# A tooltip is always rich text of this one shape: Qt then never guesses, and the escaped text
# inside shows literally, line breaks kept.
TOOLTIP_START: Final = "<p style='white-space:pre-wrap'>"
TOOLTIP_END: Final = "</p>"


def tooltip(text: str) -> str:
    """Plain `text` as a tooltip that shows exactly these characters."""
    return f"{TOOLTIP_START}{escape(text, quote=False)}{TOOLTIP_END}"


def no_mnemonic(text: str) -> str:
    """Text for a menu action, button, check box, group box or tab: every `&` shows as itself."""
    return text.replace("&", "&&")


def add_data_action(menu: QMenu, text: str) -> QAction:
    """A menu action named by data (a path, a title): its `&` shown, and the tooltip Qt would
    otherwise make from its text, where it might guess rich text, made plain."""
    action = menu.addAction(no_mnemonic(text))
    action.setToolTip(tooltip(text))
    return action


def window_title(text: str) -> str:
    """Text for a window title: one line, and `[*]` shown as written, not as Qt's placeholder
    for unsaved changes (Qt shows `[*][*]` as `[*]`)."""
    return one_line(text).replace("[*]", "[*][*]")


def plain_label(label: QLabel, text: str = "") -> QLabel:
    """`label`, set to show plain text only, showing `text`."""
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    return label


def message_box(
    parent: QWidget | None,
    title: str,
    text: str,
    *,
    icon: QMessageBox.Icon = QMessageBox.Icon.NoIcon,
    informative: str = "",
    detailed: str = "",
) -> QMessageBox:
    """A message box whose every text is plain. Qt makes the informative text's label guess
    the format, and lets it open links, whatever the box's own text format is."""
    box = QMessageBox(parent)
    box.setIcon(icon)
    box.setWindowTitle(window_title(title))
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(text)
    if informative:
        box.setInformativeText(informative)
    if detailed:
        box.setDetailedText(detailed)  # a plain-text editor
    for label in box.findChildren(QLabel):
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setOpenExternalLinks(False)
    return box


class PlainStatusBar(QStatusBar):
    """A status bar whose messages stay on one line, whatever data they quote."""

    def showMessage(self, text: str, timeout: int = 0) -> None:
        super().showMessage(one_line(text), timeout)
