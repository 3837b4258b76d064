"""The question asked before a web address from the data is opened: what it really is.

The host comes first, on a line of its own, as it will be contacted (ASCII; punycode for an
international name, with its letters beside it), then any warnings, then the whole address,
wrapped and never cut short. Everything is plain text; nothing is elided.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase, QResizeEvent, QTextOption
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QLabel,
    QLayout,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from briefing_app.core.links import Link
from briefing_app.ui.plain_text import isolate, plain_label

MAX_ADDRESS_LINES = 8  # a longer address scrolls inside its field
WIDTH_CHARS = 64  # the dialog's width, in characters of the address


class WrappedText(QTextEdit):
    """Read-only plain text that wraps anywhere and is as tall as its text (up to
    MAX_ADDRESS_LINES, then it scrolls): a long host or address is shown whole, never elided."""

    def __init__(self, text: str, parent: QWidget | None = None, *, bold: bool = False) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAnywhere)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setBold(bold)
        self.setFont(font)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * WIDTH_CHARS)
        self.setPlainText(text)
        self.document().documentLayout().documentSizeChanged.connect(self._fit)
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        most = self.fontMetrics().lineSpacing() * MAX_ADDRESS_LINES
        height = min(self.document().size().height(), most + 2 * self.document().documentMargin())
        margins = self.contentsMargins()
        self.setFixedHeight(int(height) + margins.top() + margins.bottom())


class LinkDialog(QDialog):
    """Asks whether to open `link`, showing what it is; Cancel is the default."""

    def __init__(self, link: Link, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Open in browser?")
        self.setObjectName("linkDialog")
        layout = QVBoxLayout(self)
        # Sized to its contents, wrapped labels included (a resizable dialog lets Qt squeeze
        # them over each other).
        layout.setSizeConstraint(QLayout.SizeConstraint.SetFixedSize)
        layout.addWidget(plain_label(QLabel(self), "Open this address in your web browser?"))
        layout.addWidget(plain_label(QLabel(self), "The site contacted:"))
        self.host = WrappedText(link.host, self, bold=True)
        self.host.setAccessibleName("The site contacted")
        layout.addWidget(self.host)
        if link.host_unicode:
            reads = plain_label(QLabel(self), f"which reads as: {isolate(link.host_unicode)}")
            reads.setWordWrap(True)
            layout.addWidget(reads)
        self.warnings: list[QLabel] = []
        for warning in link.warnings:
            label = plain_label(QLabel(self), f"\u26a0 {warning}")
            label.setObjectName("linkWarning")
            label.setWordWrap(True)
            font = label.font()
            font.setBold(True)
            label.setFont(font)
            self.warnings.append(label)
            layout.addWidget(label)
        layout.addWidget(plain_label(QLabel(self), "The whole address:"))
        self.address = WrappedText(link.shown, self)
        self.address.setAccessibleName("The whole address")
        layout.addWidget(self.address)
        layout.addWidget(
            plain_label(QLabel(self), "Briefing Viewer itself makes no network connections.")
        )
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setDefault(True)
        cancel.setFocus()
        layout.addWidget(buttons)
