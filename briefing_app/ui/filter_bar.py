"""The filter bar: the query field, its inline error, and pickers that write into the query.

The query text is the single truth: a picker only rewrites its own `field:` term in the text, and
every change of the text (typed or picked) sets the pickers from it again. So the text always
shows the whole filter, and can be copied, edited or pasted.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

from briefing_app.core.model import RELIABILITY_MEANINGS, Dataset
from briefing_app.core.query import Query, field_values, parse_query, with_field
from briefing_app.core.textmatch import fold
from briefing_app.ui.plain_text import inline, isolate

DEBOUNCE_MS = 200
PLACEHOLDER = (
    'Filter: words, "a phrase", -word, actor:, place:, tag:, source:, status:, '
    "reliability:>=C, credibility:<=3, after:2024-07, before:, OR"
)


class ChecklistPicker(QToolButton):
    """A button whose popup lists checkable choices, with a field to narrow a long list."""

    picked = Signal(str, list)  # field, chosen ids

    def __init__(self, field: str, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        self.title = title
        self.setText(title)
        self.setAccessibleName(f"Filter by {field}")
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self)
        panel = QWidget(menu)
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(6, 6, 6, 6)
        self.narrow = QLineEdit(panel)
        self.narrow.setPlaceholderText(f"Find {title.lower()}...")
        self.narrow.setAccessibleName(f"Find {title.lower()}")
        self.narrow.setClearButtonEnabled(True)
        self.narrow.textChanged.connect(self._narrow)
        self.choices = QListWidget(panel)
        self.choices.setAccessibleName(f"{title} to filter by")
        self.choices.setMinimumSize(280, 260)
        self.choices.itemChanged.connect(self._changed)
        layout.addWidget(self.narrow)
        layout.addWidget(self.choices)
        action = QWidgetAction(menu)
        action.setDefaultWidget(panel)
        menu.addAction(action)
        self.setMenu(menu)
        self._quiet = False
        self._items: dict[str, QListWidgetItem] = {}
        self._checked: set[str] = set()

    def set_choices(self, choices: list[tuple[str, str]]) -> None:
        """(id, label) pairs, shown in label order."""
        self._quiet = True
        self.choices.clear()
        self._items, self._checked = {}, set()
        for choice_id, label in sorted(choices, key=lambda pair: pair[1].casefold()):
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, choice_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.choices.addItem(item)
            self._items[choice_id] = item
        self._quiet = False
        self.setEnabled(bool(choices))

    def set_checked(self, ids: list[str]) -> None:
        wanted = set(ids)
        self._quiet = True
        # Runs on every filter update: touch only the items whose state changes, not thousands.
        for choice_id in wanted ^ self._checked:
            item = self._items.get(choice_id)
            if item is not None:
                checked = choice_id in wanted
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self._checked = wanted
        self._quiet = False
        self.setText(f"{self.title} ({len(wanted)})" if wanted else self.title)

    def checked(self) -> list[str]:
        return [
            choice_id
            for choice_id, item in self._items.items()
            if item.checkState() == Qt.CheckState.Checked
        ]

    def _changed(self, _item: QListWidgetItem) -> None:
        if not self._quiet:
            self.picked.emit(self.field, self.checked())

    def _narrow(self, text: str) -> None:
        needle = fold(text)
        for row in range(self.choices.count()):
            item = self.choices.item(row)
            item.setHidden(needle not in fold(item.text()))


class FilterBar(QWidget):
    """Emits `query_changed` with the parsed query, at most once per pause in typing."""

    query_changed = Signal(object)  # Query

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("filterBar")
        self.search = QLineEdit(self)
        self.search.setObjectName("filterText")
        self.search.setAccessibleName("Filter events")
        self.search.setPlaceholderText(PLACEHOLDER)
        self.search.setClearButtonEnabled(True)
        self.search.setToolTip(
            "Words match titles, summaries, quotes, actors and their aliases, places, tags and "
            "sources, ignoring case and accents.\nTerms side by side must all match; OR gives "
            "alternatives; -word excludes.\nFields: actor:khrenin place:gomel tag:withdrawal "
            "source:armyrecognition status:contested\nreliability:>=C (best source C or "
            "better) credibility:<=3 after:2024-07 before:2024-08 (dates overlap)"
        )
        self.error = QLabel(self)
        self.error.setObjectName("filterError")
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setWordWrap(True)
        self.error.setAccessibleName("Filter problem")
        self.error.hide()

        self.after = self._date_field(
            "From", "after", "Events on or after this date (YYYY, YYYY-MM or YYYY-MM-DD)"
        )
        self.before = self._date_field("To", "before", "Events on or before this date")
        self.pickers = {
            field: ChecklistPicker(field, title, self)
            for field, title in (
                ("actor", "Actors"),
                ("place", "Places"),
                ("tag", "Tags"),
                ("source", "Sources"),
            )
        }
        for picker in self.pickers.values():
            picker.picked.connect(self._picked)
        self.reliability = QComboBox(self)
        self.reliability.setAccessibleName("Minimum source reliability")
        self.reliability.addItem("Any reliability", "")
        for grade in "ABCDE":
            label = f"{grade} only" if grade == "A" else f"{grade} or better"
            self.reliability.addItem(label, grade)
            index = self.reliability.count() - 1
            self.reliability.setItemData(
                index, f"{grade}: {RELIABILITY_MEANINGS[grade]}", Qt.ItemDataRole.ToolTipRole
            )
        self.reliability.activated.connect(self._reliability_picked)

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.search, 1)
        pickers = QHBoxLayout()
        pickers.setContentsMargins(0, 0, 0, 0)
        for widget in (self.after, self.before, *self.pickers.values(), self.reliability):
            pickers.addWidget(widget)
        pickers.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addLayout(pickers)
        layout.addWidget(self.error)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._apply)
        self.search.textChanged.connect(self._timer.start)
        # Esc clears the filter from its own field only: elsewhere Esc belongs to the widget
        # that has focus, and a filter lost from anywhere had no way back.
        clear_here = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.search)
        clear_here.setContext(Qt.ShortcutContext.WidgetShortcut)
        clear_here.activated.connect(self.clear)
        self._query = parse_query("")

    def _date_field(self, label: str, field: str, tip: str) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setPlaceholderText(f"{label} (YYYY-MM-DD)")
        edit.setAccessibleName(f"{label} date")
        edit.setToolTip(tip)
        edit.setMaximumWidth(150)
        edit.editingFinished.connect(lambda: self._set_field(field, [edit.text().strip()]))
        return edit

    @property
    def query(self) -> Query:
        return self._query

    def set_dataset(self, dataset: Dataset, tags: Iterable[str]) -> None:
        """Fill the pickers with what this dataset has to choose from (`tags`: all in use)."""
        self.pickers["actor"].set_choices([(a.id, a.name) for a in dataset.actors.values()])
        self.pickers["place"].set_choices([(p.id, p.name) for p in dataset.places.values()])
        self.pickers["tag"].set_choices([(tag, tag) for tag in tags])
        self.pickers["source"].set_choices(
            [
                (s.id, f"{isolate(s.publisher)}: {isolate(s.title)}" if s.publisher else s.title)
                for s in dataset.sources.values()
            ]
        )
        self._sync_pickers(self.search.text())

    def set_text(self, text: str) -> None:
        """Replace the query and apply it at once (no debounce: this is a deliberate act)."""
        self.search.setText(text)
        self.apply_now()

    def add_term(self, field: str, value: str) -> None:
        values = field_values(self.search.text(), field)
        if value not in values:
            self._set_field(field, [*values, value])

    def clear(self) -> None:
        """Empty the query as an edit of the field, so Ctrl+Z in it brings the query back."""
        self.search.selectAll()
        self.search.del_()
        self.apply_now()

    def apply_now(self) -> None:
        self._timer.stop()
        self._apply()

    def _picked(self, field: str, ids: list[str]) -> None:
        self._set_field(field, ids)

    def _reliability_picked(self, index: int) -> None:
        grade = self.reliability.itemData(index)
        self._set_field("reliability", [f">={grade}"] if grade else [])

    def _set_field(self, field: str, values: list[str]) -> None:
        self.set_text(with_field(self.search.text(), field, [v for v in values if v]))

    def _apply(self) -> None:
        text = self.search.text()
        query = parse_query(text)
        self._sync_pickers(text)
        if query.errors:
            detail = "; ".join(
                f"\u201c{inline(text[e.start : e.end])}\u201d: {inline(e.message)}"
                for e in query.errors
            )
            self.error.setText(f"Not understood, left out of the filter: {detail}")
            self.error.show()
        else:
            self.error.hide()
        if query != self._query:
            self._query = query
            self.query_changed.emit(query)

    def _sync_pickers(self, text: str) -> None:
        for field, picker in self.pickers.items():
            picker.set_checked(field_values(text, field))
        for edit, field in ((self.after, "after"), (self.before, "before")):
            values = field_values(text, field)
            edit.setText(values[0] if values else "")
        grades = [
            v.removeprefix(">=") for v in field_values(text, "reliability") if v.startswith(">=")
        ]
        index = self.reliability.findData(grades[0].upper() if grades else "")
        self.reliability.setCurrentIndex(max(index, 0))
