"""The window takes the person back where they were: on restart, the last dataset opens with
its selection, filter, what was open in the tree and how far it was scrolled (the grouping,
columns and order are the window's own settings, kept for every dataset).

Only the last dataset's session is kept. What it names is checked against the dataset as it is
now: an event deleted since is not selected, keys of rows that are gone are skipped.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer

from briefing_app.ui.settings import Session, save_session, session_for


class SessionMemory:
    """Saves and restores the session; uses the window's path, dataset, tree and filter."""

    def save_session(self) -> None:
        if self.path is None or self.dataset is None:
            return
        session = Session(
            selected=self.selected or "",
            filter_text=self.filter_bar.search.text(),
            expanded=tuple(sorted(self.expanded[self.grouping])),
            scroll=self.tree.verticalScrollBar().value(),
        )
        save_session(str(self.path), session)

    def restore_session(self) -> None:
        """Where the person was in this dataset, if the last session saved was for it."""
        if self.path is None or self.dataset is None:
            return
        session = session_for(str(self.path))
        if session is None:
            return
        self.expanded[self.grouping] = {
            key for key in session.expanded if key in self._nodes_by_key
        }
        self._restoring = True
        self.tree.collapseAll()  # a newly opened dataset shows its storylines open
        self._set_expanded(self.expanded[self.grouping])
        self._restoring = False
        if session.filter_text:
            self.filter_bar.set_text(session.filter_text)
        if session.selected in self.dataset.events:
            self.select_event(session.selected)
        # After the layout that the expansion asks for, or the scroll bar has no range yet.
        bar = self.tree.verticalScrollBar()
        QTimer.singleShot(0, lambda: bar.setValue(min(session.scroll, bar.maximum())))
