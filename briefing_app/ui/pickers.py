"""A picker: a button whose popup lists checkable choices, usable from the keyboard alone.

The popup is a plain popup window rather than a QMenu: a menu keeps the keys to itself, so a
list inside one could not be moved in, ticked or typed into. On the button, Space, Enter,
Alt+Down or F4 open it. In the list, the arrows move, Space ticks or unticks, typing narrows the
list (Backspace widens it again), Enter or Esc closes it, and Tab closes it and moves on.

A picker only reports what was ticked or unticked (`toggled_choice`); the filter bar turns that
into an edit of the query and then tells every picker what the query now chooses (`set_state`):
ticked when every OR alternative chooses it, half-ticked when only some do. Clicking a half tick
unticks it (out of every alternative); clicking again ticks it in all of them.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from briefing_app.core.query_edit import PickState
from briefing_app.core.textmatch import fold
from briefing_app.ui.plain_text import inline, tooltip

Key = Qt.Key
_OPEN_KEYS = (Key.Key_Return, Key.Key_Enter, Key.Key_F4)
_CLOSE_KEYS = (Key.Key_Escape, Key.Key_Return, Key.Key_Enter)
_LIST_KEYS = (Key.Key_Down, Key.Key_Up, Key.Key_PageDown, Key.Key_PageUp)
_CHECKED = Qt.CheckState.Checked
_PARTIAL = Qt.CheckState.PartiallyChecked
_UNCHECKED = Qt.CheckState.Unchecked


class _Popup(QFrame):
    """The popup window. A click on its own button closes it and is not replayed, so the
    button does not open it again at once."""

    def __init__(self, button: QToolButton) -> None:
        super().__init__(button, Qt.WindowType.Popup)
        self.button = button
        self.setFrameShape(QFrame.Shape.StyledPanel)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        local = self.button.mapFromGlobal(event.globalPosition().toPoint())
        if self.button.rect().contains(local):
            self.setAttribute(Qt.WidgetAttribute.WA_NoMouseReplay)
        super().mousePressEvent(event)


class ChecklistPicker(QToolButton):
    """A button whose popup lists checkable choices, with a field to narrow a long list."""

    toggled_choice = Signal(str, str, bool)  # field, choice id, ticked

    def __init__(self, field: str, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        self.title = title
        self.setText(title)
        self.setAccessibleName(f"Filter by {field}")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.setArrowType(Qt.ArrowType.NoArrow)
        self.popup = _Popup(self)
        self.popup.setAccessibleName(f"Choose {title.lower()}")
        layout = QVBoxLayout(self.popup)
        layout.setContentsMargins(6, 6, 6, 6)
        self.narrow = QLineEdit(self.popup)
        self.narrow.setPlaceholderText(f"Type to find {title.lower()}...")
        self.narrow.setAccessibleName(f"Find {title.lower()}")
        self.narrow.setClearButtonEnabled(True)
        self.narrow.textChanged.connect(self._narrow)
        self.choices = QListWidget(self.popup)
        self.choices.setAccessibleName(f"{title} to filter by")
        self.choices.setAccessibleDescription(
            "Space ticks or unticks; typing narrows the list; Enter or Escape closes"
        )
        self.choices.setMinimumSize(280, 260)
        self.choices.itemChanged.connect(self._changed)
        layout.addWidget(self.narrow)
        layout.addWidget(self.choices)
        self.narrow.installEventFilter(self)
        self.choices.installEventFilter(self)
        self.clicked.connect(self.open_popup)
        self._quiet = False
        self._items: dict[str, QListWidgetItem] = {}
        self._states: dict[str, Qt.CheckState] = {}  # the items not unchecked
        self._summary = ""

    # -- choices and state -----------------------------------------------------------------------

    def set_choices(self, choices: list[tuple[str, str]]) -> None:
        """(id, label) pairs, shown in label order."""
        self._quiet = True
        self.choices.clear()
        self._items, self._states = {}, {}
        for choice_id, label in sorted(choices, key=lambda pair: pair[1].casefold()):
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, choice_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(_UNCHECKED)
            self.choices.addItem(item)
            self._items[choice_id] = item
        self._quiet = False
        self.setEnabled(bool(choices))

    def set_state(self, state: PickState) -> None:
        """Tick what the query chooses in every alternative, half-tick what it chooses in some."""
        wanted = dict.fromkeys(state.checked, _CHECKED)
        wanted.update((choice_id, _PARTIAL) for choice_id in state.partial)
        self._quiet = True
        # Runs on every filter update: touch only the items whose state changes, not thousands.
        for choice_id in wanted.keys() | self._states.keys():
            item = self._items.get(choice_id)
            new = wanted.get(choice_id, _UNCHECKED)
            if item is not None and item.checkState() != new:
                item.setCheckState(new)
        self._states = {key: value for key, value in wanted.items() if key in self._items}
        self._quiet = False
        self._show_summary(len(self._states), state.unnamed)

    def checked(self) -> list[str]:
        return [choice_id for choice_id, state in self._states.items() if state == _CHECKED]

    def partial(self) -> list[str]:
        return [choice_id for choice_id, state in self._states.items() if state == _PARTIAL]

    def _show_summary(self, ticked: int, unnamed: tuple[str, ...]) -> None:
        counts = [str(ticked)] if ticked else []
        if unnamed:
            counts.append(f"{'+' if ticked else ''}{len(unnamed)} typed")
        self.setText(f"{self.title} ({', '.join(counts)})" if counts else self.title)
        said = f"{ticked} chosen" if ticked else "none chosen"
        if unnamed:
            typed = ", ".join(inline(value) for value in unnamed)
            said += f"; typed in the query, naming no {self.field} by id or name: {typed}"
        self.setAccessibleDescription(said)
        self.setToolTip(tooltip(said) if unnamed else "")

    def _changed(self, item: QListWidgetItem) -> None:
        if self._quiet:
            return
        choice_id = item.data(Qt.ItemDataRole.UserRole)
        state = item.checkState()
        if state == _PARTIAL:  # only ever set from the query, never by a person
            return
        # A half tick (chosen in some alternatives only) goes at one click or Space, as a full
        # one does: the person sees it chosen and wants it gone; a second click ticks it fully.
        ticked = state == _CHECKED and self._states.get(choice_id) != _PARTIAL
        if state == _CHECKED:  # as the item now shows, for `set_state` to put right if need be
            self._states[choice_id] = state
        else:
            self._states.pop(choice_id, None)
        self.toggled_choice.emit(self.field, choice_id, ticked)

    # -- the popup and its keys ------------------------------------------------------------------

    def open_popup(self) -> None:
        if self.popup.isVisible() or not self.isEnabled():
            return
        self.narrow.clear()
        popup, screen = self.popup, self.screen().availableGeometry()
        wide = (
            self.choices.sizeHintForColumn(0) + self.choices.verticalScrollBar().sizeHint().width()
        )
        self.choices.setMinimumWidth(max(280, min(wide + 8, screen.width() // 2)))
        popup.adjustSize()
        place = self.mapToGlobal(QPoint(0, self.height()))
        place.setX(max(screen.left(), min(place.x(), screen.right() - popup.width())))
        if place.y() + popup.height() > screen.bottom():  # no room below: open upwards
            place.setY(max(screen.top(), self.mapToGlobal(QPoint(0, 0)).y() - popup.height()))
        popup.move(place)
        popup.show()
        first = next(
            (
                row
                for row in range(self.choices.count())
                if self.choices.item(row).checkState() != _UNCHECKED
            ),
            0,
        )
        self.choices.setCurrentRow(first)
        self.choices.setFocus(Qt.FocusReason.PopupFocusReason)

    def close_popup(self, then: int = 0) -> None:
        """Close, and give the focus back to the button (`then` 0), or move it on from the
        button to the next (1) or previous (-1) control, as Tab and Shift+Tab do."""
        self.popup.hide()
        self.setFocus(Qt.FocusReason.PopupFocusReason)
        if then:
            self.focusNextPrevChild(then > 0)

    def event(self, event: QEvent) -> bool:
        # Alt+Down is also the window's "next event in time": on this button it opens the list.
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and self._opens(event)
        ):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self._opens(event):
            self.open_popup()
            return
        super().keyPressEvent(event)

    @staticmethod
    def _opens(event: QKeyEvent) -> bool:
        alt = event.modifiers() & Qt.KeyboardModifier.AltModifier
        return event.key() in _OPEN_KEYS or (event.key() == Key.Key_Down and bool(alt))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            return self._popup_key(watched, event)
        return super().eventFilter(watched, event)

    def _popup_key(self, watched: QObject, event: QKeyEvent) -> bool:
        """Whether a key in the popup was handled here rather than by the list or the field."""
        key = event.key()
        if key in _CLOSE_KEYS:
            self.close_popup()
            return True
        if key in (Key.Key_Tab, Key.Key_Backtab):
            self.close_popup(-1 if key == Key.Key_Backtab else 1)
            return True
        if watched is self.narrow:
            if key in _LIST_KEYS:  # from the find field down into the list
                self.choices.setFocus(Qt.FocusReason.OtherFocusReason)
                return False if self.choices.currentItem() is None else self._to_list(event)
            return False
        if key == Key.Key_Backspace:
            self.narrow.backspace()
            return True
        text = event.text()
        control = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        if text and text.isprintable() and not text.isspace() and not event.modifiers() & control:
            self.narrow.end(False)
            self.narrow.insert(text)  # typing in the list narrows it; the list keeps the keys
            return True
        return False

    def _to_list(self, event: QKeyEvent) -> bool:
        clone = QKeyEvent(event.type(), event.key(), event.modifiers(), event.text())
        QApplication.sendEvent(self.choices, clone)
        return True

    def _narrow(self, text: str) -> None:
        needle = fold(text)
        first = None
        for row in range(self.choices.count()):
            item = self.choices.item(row)
            hidden = needle not in fold(item.text())
            item.setHidden(hidden)
            if not hidden and first is None:
                first = item
        current = self.choices.currentItem()
        if first is not None and (current is None or current.isHidden()):
            self.choices.setCurrentItem(first)
