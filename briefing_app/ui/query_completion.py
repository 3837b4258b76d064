"""Completion in the filter field: after `actor:`, `place:`, `tag:`, `source:` or `status:` the
field offers the open dataset's choices, found by id, name or alias as you type, and taking one
puts its id in place of what was typed (the rest of the query stays as it was).

Names are data: each choice shows as plain text, isolated, so a right-to-left name or an
unclosed override cannot turn the list round.
"""

from __future__ import annotations

import re
from typing import Final

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt
from PySide6.QtGui import QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCompleter, QLineEdit

from briefing_app.core.model import EVENT_STATUSES, Dataset
from briefing_app.core.textmatch import fold
from briefing_app.ui.plain_text import inline

FIELDS: Final = ("actor", "place", "tag", "source", "status")
VALUE_ROLE: Final = Qt.ItemDataRole.UserRole + 1  # the id the choice writes
SEARCH_ROLE: Final = Qt.ItemDataRole.UserRole + 2  # what typing is matched against
MAX_NAMES: Final = 20  # aliases of one choice that typing can find it by
# The field term the cursor ends: `actor:kh`, `-place:`, after a space, `(` or the start.
_TERM_AT_CURSOR: Final = re.compile(
    r"(?:^|(?<=[\s(]))-?(actor|place|tag|source|status):([^\s\"(),]*)$"
)


def choices(dataset: Dataset, field: str) -> list[tuple[str, str, str]]:
    """(id written, shown, searched) for each choice of `field` in the dataset."""
    if field == "status":
        return [(status, status, status) for status in EVENT_STATUSES]
    if field == "tag":
        tags = sorted({tag for event_id in dataset.events for tag in dataset.events[event_id].tags})
        return [(tag, tag, tag) for tag in tags]
    found = []
    if field == "source":
        for source in dataset.sources.values():
            name = f"{source.publisher}: {source.title}" if source.publisher else source.title
            found.append((source.id, name, f"{source.id} {name}"))
    else:
        table = dataset.actors if field == "actor" else dataset.places
        for entity in table.values():
            names = [entity.name, *entity.aliases[:MAX_NAMES]]
            found.append((entity.id, entity.name, " ".join([entity.id, *names])))
    return sorted(found, key=lambda choice: fold(choice[1]))


class QueryCompleter(QObject):
    """Offers the choices of the field term at the cursor of `field`; `set_dataset` gives the
    choices of the dataset now open."""

    def __init__(self, field: QLineEdit) -> None:
        super().__init__(field)
        self.field = field
        self.models: dict[str, QStandardItemModel] = {}
        self.completer = QCompleter(self)
        self.completer.setWidget(field)
        self.completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer.setCompletionRole(SEARCH_ROLE)
        self.completer.activated[QModelIndex].connect(self._take)
        field.textEdited.connect(self._offer)
        field.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Esc while the choices are open closes them, and only them: the field's own Esc
        (clear the filter) waits for the next one."""
        popup = self.completer.popup()
        if (
            watched is self.field
            and event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
            and popup.isVisible()
        ):
            popup.hide()
            event.accept()
            return True
        return super().eventFilter(watched, event)

    def set_dataset(self, dataset: Dataset | None) -> None:
        self.models = {}
        if dataset is None:
            return
        for name in FIELDS:
            model = QStandardItemModel(self)
            for value, shown, searched in choices(dataset, name):
                label = inline(shown) if value == shown else f"{inline(shown)}  \u2014 {value}"
                item = QStandardItem(label)
                item.setData(value, VALUE_ROLE)
                item.setData(fold(searched), SEARCH_ROLE)
                item.setEditable(False)
                model.appendRow(item)
            self.models[name] = model

    def _term(self) -> re.Match[str] | None:
        return _TERM_AT_CURSOR.search(self.field.text()[: self.field.cursorPosition()])

    def _offer(self) -> None:
        term = self._term()
        popup = self.completer.popup()
        if term is None or term.group(1) not in self.models:
            popup.hide()
            return
        self.completer.setModel(self.models[term.group(1)])
        self.completer.setCompletionPrefix(fold(term.group(2)))
        if self.completer.completionCount() == 0:
            popup.hide()
            return
        popup.setCurrentIndex(self.completer.completionModel().index(0, 0))
        self.completer.complete()

    def _take(self, index: QModelIndex) -> None:
        """Put the chosen id in place of the value being typed."""
        term = self._term()
        value = index.data(VALUE_ROLE)
        if term is None or not isinstance(value, str):
            return
        text, cursor = self.field.text(), self.field.cursorPosition()
        start = cursor - len(term.group(2))
        self.field.setText(f"{text[:start]}{value}{text[cursor:]}")
        self.field.setCursorPosition(start + len(value))
