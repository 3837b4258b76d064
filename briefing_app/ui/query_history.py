"""The filter field remembers the last queries, as a shell does: Up goes back through them,
Down forward to what was being typed. Kept per user (in the settings, never in a dataset).

A query joins the history when the person commits to it: Enter in the field, or leaving the
field with it. Duplicates move to the front; at most HISTORY_SIZE are kept.
"""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit

from briefing_app.ui.settings import app_settings

HISTORY_SIZE: Final = 20
_KEY: Final = "search_history"


def stored_history() -> list[str]:
    value = app_settings().value(_KEY, [])
    if isinstance(value, str):  # an INI file stores a one-item list as a plain string
        value = [value]
    return [str(item) for item in value][:HISTORY_SIZE] if isinstance(value, list) else []


class QueryHistory(QObject):
    """Up/Down in `field` step through the history; committing a query records it."""

    def __init__(self, field: QLineEdit) -> None:
        super().__init__(field)
        self.field = field
        self.entries = stored_history()  # the newest first
        self._position = -1  # -1: what is being typed, not an entry
        self._typed = ""
        field.installEventFilter(self)
        field.returnPressed.connect(self.record)
        field.editingFinished.connect(self.record)
        field.textEdited.connect(self._edited)

    def record(self, text: str | None = None) -> None:
        query = (self.field.text() if text is None else text).strip()
        self._position = -1
        if not query:
            return
        self.entries = [query, *(entry for entry in self.entries if entry != query)]
        del self.entries[HISTORY_SIZE:]
        app_settings().setValue(_KEY, self.entries)

    def _edited(self) -> None:
        self._position = -1

    def step(self, older: bool) -> None:
        """Show the next older (or newer) query; past the newest, what was being typed."""
        if self._position == -1:
            if not older:
                return
            self._typed = self.field.text()
        position = self._position + (1 if older else -1)
        if position >= len(self.entries):
            return
        self._position = position
        # setText, not an edit: the filter applies it as it would a typed query.
        self.field.setText(self._typed if position == -1 else self.entries[position])

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.field and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            plain = event.modifiers() in (
                Qt.KeyboardModifier.NoModifier,
                Qt.KeyboardModifier.KeypadModifier,
            )
            if plain and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
                self.step(older=event.key() == Qt.Key.Key_Up)
                return True
        return super().eventFilter(watched, event)
