"""Find in the detail pane: a bar under the page with the words to find, Next and Previous, and
how many times they occur, as in a browser.

Ctrl+F finds in the pane while the pane has the focus (elsewhere it goes to the filter, which
finds events), Ctrl+Shift+F from anywhere; Enter or F3 goes to the next match, Shift+Enter or
Shift+F3 to the previous one, Esc closes the bar and gives the focus back to the page. Matching
ignores case, as the filter does.
"""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QTextCursor, QTextDocument
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QTextBrowser, QWidget

COUNT_LIMIT: Final = 1000  # matches counted on one page; past that, "1,000+"


class PaneFindBar(QWidget):
    """Finds in `pane`, which it belongs to (it is the page's own find bar)."""

    def __init__(self, pane: QTextBrowser, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pane = pane
        self.field = QLineEdit(self)
        self.field.setPlaceholderText("Find in this page")
        self.field.setAccessibleName("Find in the event's page")
        self.field.setClearButtonEnabled(True)
        self.previous_button = QPushButton("Previous", self)
        self.next_button = QPushButton("Next", self)
        self.count_label = QLabel(self)
        self.count_label.setTextFormat(Qt.TextFormat.PlainText)
        self.count_label.setAccessibleName("Matches in the page")
        close = QPushButton("Close", self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        for widget in (self.field, self.previous_button, self.next_button, self.count_label):
            layout.addWidget(widget)
        layout.addWidget(close)
        self.field.textChanged.connect(lambda: self.find(from_start=True))
        self.field.returnPressed.connect(self.find)
        self.next_button.clicked.connect(self.find)
        self.previous_button.clicked.connect(lambda: self.find(backwards=True))
        close.clicked.connect(self.close_bar)
        self.field.installEventFilter(self)
        pane.installEventFilter(self)
        self.hide()

    def open_bar(self) -> None:
        """Show the bar with the pane's selected words (if any) ready to find."""
        selected = self.pane.textCursor().selectedText()
        self.show()
        if selected and "\u2029" not in selected:
            self.field.setText(selected)
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()
        self.find(from_start=True)

    def close_bar(self) -> None:
        self.hide()
        self.pane.setFocus(Qt.FocusReason.OtherFocusReason)

    def find(self, *, backwards: bool = False, from_start: bool = False) -> None:
        """Select the next (or previous) match, wrapping round the page, and count them all."""
        words = self.field.text()
        document = self.pane.document()
        if not words:
            self.count_label.setText("")
            return
        flags = QTextDocument.FindFlag.FindBackward if backwards else QTextDocument.FindFlag(0)
        cursor = self.pane.textCursor()
        if from_start:
            cursor.movePosition(QTextCursor.MoveOperation.Start)
        found = document.find(words, cursor, flags)
        if found.isNull():  # wrap round
            start = QTextCursor(document)
            if backwards:
                start.movePosition(QTextCursor.MoveOperation.End)
            found = document.find(words, start, flags)
        if found.isNull():
            self.count_label.setText("Not found")
            cursor.clearSelection()  # no earlier match left marked as if found
            self.pane.setTextCursor(cursor)
            return
        self.pane.setTextCursor(found)
        self.pane.ensureCursorVisible()
        self.count_label.setText(self._position(words, found))

    def _position(self, words: str, current: QTextCursor) -> str:
        """`3 of 7`: which match is selected, among how many."""
        document = self.pane.document()
        cursor, count, at = QTextCursor(document), 0, 0
        while count < COUNT_LIMIT:
            cursor = document.find(words, cursor)
            if cursor.isNull():
                break
            count += 1
            if cursor.selectionStart() == current.selectionStart():
                at = count
        total = f"{count:,}+" if count == COUNT_LIMIT else f"{count:,}"
        return f"{at:,} of {total}" if at else f"{total} matches"

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Ctrl+F in the pane opens the bar (before the window's Ctrl+F, which finds events);
        F3, Shift+F3, Shift+Enter and Esc in the field do what a find bar's keys do."""
        if event.type() == QEvent.Type.ShortcutOverride and watched is self.pane:
            assert isinstance(event, QKeyEvent)
            if event.matches(QKeySequence.StandardKey.Find):
                event.accept()
                return True
        if event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if watched is self.pane and event.matches(QKeySequence.StandardKey.Find):
                self.open_bar()
                return True
            if watched is self.field:
                return self._field_key(event)
        return super().eventFilter(watched, event)

    def _field_key(self, event: QKeyEvent) -> bool:
        shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        if event.key() == Qt.Key.Key_Escape:
            self.close_bar()
            return True
        if event.key() == Qt.Key.Key_F3 or (
            shift and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self.find(backwards=shift)
            return True
        return False
