"""The event tree's view: a QTreeView that says which event a context menu is for.

The menu key opens a context menu at the middle of the view, whatever row lies there; acting on
that row would print an event the person never selected. So a menu from the keyboard is for the
current row, shown beside it, and a menu from the mouse is for the row under the pointer.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, Signal
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QTreeView

from briefing_app.ui.tree_model import EVENT_ID_ROLE


class EventTreeView(QTreeView):
    """Emits `event_menu_requested(event id, global position)` for a context menu on an event
    row; nothing for a group row or empty space."""

    event_menu_requested = Signal(str, QPoint)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        if event.reason() == QContextMenuEvent.Reason.Keyboard:
            index = self.currentIndex()
            position = self.visualRect(index).center() if index.isValid() else QPoint()
        else:
            position = self.viewport().mapFromGlobal(event.globalPos())
            index = self.indexAt(position)
        event_id = self._event_id(index)
        if event_id is None:
            event.ignore()
            return
        event.accept()
        self.event_menu_requested.emit(event_id, self.viewport().mapToGlobal(position))

    def _event_id(self, index: QModelIndex) -> str | None:
        if not index.isValid():
            return None
        value = self.model().data(index, EVENT_ID_ROLE)
        return value if isinstance(value, str) else None
