"""Saved searches, as in Zotero: the current query kept under a name, listed in the Searches
menu with how many events each finds in the open dataset, renamed and deleted from Manage.
Kept per user (in the settings, never in a dataset), so the same searches serve every dataset.

Names are the person's own words, but shown as data all the same (`plain_text`): no `&`
mnemonic, no markup guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final
from urllib.parse import quote, unquote

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QInputDialog,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from briefing_app.core.query import parse_query
from briefing_app.ui.plain_text import add_data_action, inline, message_box, tooltip
from briefing_app.ui.settings import app_settings

MAX_SAVED: Final = 100
COUNTED: Final = 20  # searches counted when the menu opens; each count is then remembered
NAME_CHARS: Final = 80  # a longer name is cut short in the menu (the query is its tooltip)
_KEY: Final = "saved_searches"


@dataclass(frozen=True, slots=True)
class SavedSearch:
    name: str
    query: str


def saved_searches() -> list[SavedSearch]:
    value = app_settings().value(_KEY, [])
    if isinstance(value, str):  # an INI file stores a one-item list as a plain string
        value = [value]
    found = []
    for item in value if isinstance(value, list) else []:
        name, _, query = str(item).partition("&")
        found.append(SavedSearch(unquote(name), unquote(query)))
    return found[:MAX_SAVED]


def store_searches(searches: list[SavedSearch]) -> None:
    """Each as its name and query percent-encoded, joined by `&` (which encoding removes)."""
    value = [f"{quote(s.name, safe='')}&{quote(s.query, safe='')}" for s in searches]
    app_settings().setValue(_KEY, value[:MAX_SAVED])


def save_search(name: str, query: str) -> None:
    """Keep `query` under `name`, first; a search of the same name is replaced."""
    others = [search for search in saved_searches() if search.name != name]
    store_searches([SavedSearch(name, query), *others])


class SavedSearchMenu:
    """The window's Searches menu; uses its filter bar, history and index."""

    def fill_searches_menu(self, menu: QMenu) -> None:
        menu.clear()
        save = menu.addAction("&Save Current Search...")
        save.triggered.connect(self.save_current_search)
        save.setEnabled(bool(self.filter_bar.search.text().strip()))
        manage = menu.addAction("&Manage Saved Searches...")
        manage.triggered.connect(self.manage_searches)
        searches = saved_searches()
        manage.setEnabled(bool(searches))
        if searches:
            menu.addSeparator()
        for number, search in enumerate(searches):
            name = inline(search.name)
            if len(name) > NAME_CHARS:
                name = name[: NAME_CHARS - 1] + "\u2026"
            count = self.search_count(search, counting=number < COUNTED)
            action = add_data_action(menu, f"{name} ({count})" if count else name)
            action.setToolTip(tooltip(search.query))
            action.triggered.connect(lambda _=False, q=search.query: self.apply_saved(q))
        menu.setToolTipsVisible(True)

    def search_count(self, search: SavedSearch, *, counting: bool = True) -> str:
        """How many events the search finds in the open dataset, in words; remembered for the
        dataset, as the menu is opened often (100 searches of 50,000 events took 5 s). Without
        `counting`, only a count already made; else ""."""
        if self.index is None:
            return "no dataset"
        known = self.search_counts  # emptied whenever the window takes in new data
        if search.query not in known:
            if not counting:
                return ""
            query = parse_query(search.query)
            if query.errors:
                known[search.query] = "invalid here"
            else:
                known[search.query] = f"{len(self.index.matching_ids(query)):,}"
        return known[search.query]

    def apply_saved(self, query: str) -> None:
        self.filter_bar.set_text(query)
        self.query_history.record(query)

    def save_current_search(self) -> None:
        query = self.filter_bar.search.text().strip()
        if not query:
            return
        name, ok = QInputDialog.getText(self, "Save search", "Name of the search:", text=query)
        name = name.strip()
        if not ok or not name or not may_replace(self, name, saved_searches()):
            return
        save_search(name, query)
        self.statusBar().showMessage(f"Saved the search as {inline(name)}.", 6000)

    def manage_searches(self) -> None:
        ManageSearchesDialog(self).exec()


def may_replace(parent: QWidget, name: str, searches: list[SavedSearch]) -> bool:
    """True unless another saved search has this name and the person keeps it."""
    if all(search.name != name for search in searches):
        return True
    return confirm(
        parent, "Replace search", f"A saved search is already called {inline(name)}. Replace it?"
    )


def confirm(parent: QWidget, title: str, question: str) -> bool:
    box = message_box(parent, title, question, icon=QMessageBox.Icon.Question)
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    return box.exec() == QMessageBox.StandardButton.Yes


class ManageSearchesDialog(QDialog):
    """Rename and delete saved searches, by keyboard or mouse."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Saved searches")
        self.setMinimumWidth(480)
        self.list = QListWidget(self)
        self.list.setAccessibleName("Saved searches")
        rename = QPushButton("&Rename...", self)
        delete = QPushButton("&Delete", self)
        rename.clicked.connect(self.rename_current)
        delete.clicked.connect(self.delete_current)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(rename)
        row.addWidget(delete)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addLayout(row)
        layout.addWidget(buttons)
        self.list.installEventFilter(self)  # Delete and F2 on the list, as in a file manager
        self._fill()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.list and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() == Qt.Key.Key_Delete:
                self.delete_current()
                return True
            if event.key() == Qt.Key.Key_F2:
                self.rename_current()
                return True
        return super().eventFilter(watched, event)

    def _fill(self, current: int = 0) -> None:
        self.list.clear()
        for search in saved_searches():
            item = QListWidgetItem(f"{inline(search.name)}  \u2014  {inline(search.query)}")
            item.setToolTip(tooltip(search.query))
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(min(current, self.list.count() - 1))

    def rename_current(self) -> None:
        row = self.list.currentRow()
        searches = saved_searches()
        if not 0 <= row < len(searches):
            return
        name, ok = QInputDialog.getText(self, "Rename search", "New name:", text=searches[row].name)
        name = name.strip()
        others = [search for i, search in enumerate(searches) if i != row]
        if ok and name and may_replace(self, name, others):
            renamed = SavedSearch(name, searches[row].query)
            others = [search for search in others if search.name != name]
            others.insert(min(row, len(others)), renamed)
            store_searches(others)
            self._fill(others.index(renamed))
        self.list.setFocus()

    def delete_current(self) -> None:
        row = self.list.currentRow()
        searches = saved_searches()
        if not 0 <= row < len(searches):
            return
        if not confirm(
            self, "Delete search", f"Delete the saved search {inline(searches[row].name)}?"
        ):
            return
        del searches[row]
        store_searches(searches)
        self._fill(row)
        self.list.setFocus()
