"""The filter bar: the query field, its inline error, and controls that write into the query.

The query text is the single truth. The date fields, pickers and reliability choice edit it as a
query (`core.query_edit`: a tick reaches every OR alternative, an untick leaves no dangling OR),
and every change of the text, typed or picked, sets them from it again: a value typed by hand
ticks its picker, `reliability:>=B` selects "Every source B or better". So the text always shows
the whole filter, and can be copied, edited or pasted.

An edit the query cannot take (a quote left open, too many terms) is refused: the text stays as
it was, the note says why, and a tick springs back. A date refused stays in its field, marked
with why, until its field is applied again (Enter) or the filter is cleared: what was typed
there is never lost.

Errors are shown in a red taken from the palette (readable on light and dark themes), on the
message and as a border on the field at fault, which also says why to a screen reader.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from briefing_app.core.model import RELIABILITY_MEANINGS, Dataset
from briefing_app.core.query import Query, QueryError, parse_query
from briefing_app.core.query_edit import (
    Choices,
    Edit,
    field_value,
    pick,
    pick_state,
    set_value,
    unpick,
)
from briefing_app.core.reliability import describe as describe_reliability
from briefing_app.ui.error_style import error_red, show_error
from briefing_app.ui.filter_fields import DateField, reliability_choice
from briefing_app.ui.pickers import ChecklistPicker
from briefing_app.ui.plain_text import inline, isolate, plain_label
from briefing_app.ui.query_help import FIELD_TOOLTIP, PLACEHOLDER

DEBOUNCE_MS = 200
AS_TYPED = "?"  # the reliability item standing for a value no other item says


class FilterBar(QWidget):
    """Emits `query_changed` with the parsed query, at most once per pause in typing."""

    query_changed = Signal(object)  # Query
    help_requested = Signal()  # the "?" beside the field

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._errors: dict[QLineEdit, str] = {}  # the fields in error, and why
        self._held: dict[QLineEdit, str] = {}  # date fields the query refused, and why
        self.setObjectName("filterBar")
        self.search = QLineEdit(self)
        self.search.setObjectName("filterText")
        self.search.setAccessibleName("Filter events")
        self.search.setPlaceholderText(PLACEHOLDER)
        self.search.setClearButtonEnabled(True)
        self.search.setToolTip(FIELD_TOOLTIP)
        self.help_button = QToolButton(self)
        self.help_button.setText("?")
        self.help_button.setAccessibleName("Explain the filter's language")
        self.help_button.setToolTip("How to write a filter, with examples (F1)")
        self.help_button.clicked.connect(self.help_requested)
        self.error = plain_label(QLabel(self))
        self.error.setObjectName("filterError")
        self.error.setWordWrap(True)
        self.error.setAccessibleName("Filter problem")
        self.error.hide()
        self.note = plain_label(QLabel(self))  # what an edit did beyond the tick, or why not
        self.note.setObjectName("filterNote")
        self.note.setWordWrap(True)
        self.note.setAccessibleName("Filter change")
        self.note.hide()

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
        self._choices = {field: Choices() for field in self.pickers}
        for picker in self.pickers.values():
            picker.toggled_choice.connect(self._toggled)
        self.reliability = QComboBox(self)
        self.reliability.setAccessibleName("Minimum source reliability")
        # It grows to show an "as typed" item in full, and shrinks when that item goes.
        self.reliability.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.reliability.addItem("Any reliability", "")
        for grade in "ABCDE":
            label = "Every source A" if grade == "A" else f"Every source {grade} or better"
            self.reliability.addItem(label, grade)
            index = self.reliability.count() - 1
            self.reliability.setItemData(
                index, f"{grade}: {RELIABILITY_MEANINGS[grade]}", Qt.ItemDataRole.ToolTipRole
            )
        self.reliability.activated.connect(self._reliability_picked)

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.search, 1)
        top.addWidget(self.help_button)
        controls = QHBoxLayout()
        controls.setContentsMargins(0, 0, 0, 0)
        for widget in self.focus_chain()[2:]:
            controls.addWidget(widget)
        controls.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addLayout(controls)
        layout.addWidget(self.error)
        layout.addWidget(self.note)
        chain = self.focus_chain()
        for before, after in itertools.pairwise(chain):
            QWidget.setTabOrder(before, after)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._apply)
        self.search.textChanged.connect(self._timer.start)
        self.search.textEdited.connect(self.note.hide)
        # Esc clears the filter from its own field only: elsewhere Esc belongs to the widget
        # that has focus, and a filter lost from anywhere had no way back.
        clear_here = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.search)
        clear_here.setContext(Qt.ShortcutContext.WidgetShortcut)
        clear_here.activated.connect(self.clear)
        self._query = parse_query("")
        self._restyle()

    def _date_field(self, label: str, field: str, tip: str) -> QLineEdit:
        edit = DateField(self)
        edit.setPlaceholderText(f"{label} (YYYY-MM-DD)")
        edit.setAccessibleName(f"{label} date")
        edit.setToolTip(tip)
        edit.setProperty("plainTip", tip)
        edit.editingFinished.connect(lambda: self._date_edited(field, edit))
        return edit

    def focus_chain(self) -> tuple[QWidget, ...]:
        """The bar's controls in Tab order: query, its help, dates, pickers, reliability. The
        window goes on from the last to the tree."""
        return (
            self.search,
            self.help_button,
            self.after,
            self.before,
            *self.pickers.values(),
            self.reliability,
        )

    @property
    def query(self) -> Query:
        return self._query

    def set_dataset(self, dataset: Dataset, tags: Iterable[str]) -> None:
        """Fill the pickers with what this dataset has to choose from (`tags`: all in use)."""
        tags = list(tags)
        actors, places, sources = dataset.actors, dataset.places, dataset.sources
        self._choices = {
            "actor": Choices.of((a.id, (a.name, *a.aliases)) for a in actors.values()),
            "place": Choices.of((p.id, (p.name, *p.aliases)) for p in places.values()),
            "tag": Choices.of((tag, ()) for tag in tags),
            "source": Choices.of((s.id, (s.title, s.publisher)) for s in sources.values()),
        }
        self.pickers["actor"].set_choices([(a.id, a.name) for a in actors.values()])
        self.pickers["place"].set_choices([(p.id, p.name) for p in places.values()])
        self.pickers["tag"].set_choices([(tag, tag) for tag in tags])
        self.pickers["source"].set_choices(
            [
                (s.id, f"{isolate(s.publisher)}: {isolate(s.title)}" if s.publisher else s.title)
                for s in sources.values()
            ]
        )
        self._sync(self.search.text())

    def set_text(self, text: str) -> None:
        """Replace the query and apply it at once (no debounce: this is a deliberate act).
        A date refused earlier gives way to the new query."""
        self._drop_held()
        self._set_text(text)

    def _set_text(self, text: str) -> None:
        self.search.setText(text)
        self.apply_now()

    def add_term(self, field: str, value: str) -> None:
        """Choose `value` for `field` as its picker would (in every alternative)."""
        self._edit(pick(self.search.text(), field, value, self._choices.get(field, Choices())))

    def clear(self) -> None:
        """Empty the query as an edit of the field, so Ctrl+Z in it brings the query back."""
        self._drop_held()
        self.search.selectAll()
        self.search.del_()
        self.apply_now()

    def _drop_held(self) -> None:
        """Let the date fields follow the query again, refused dates and all."""
        for edit in self._held:
            edit.setModified(False)
        self._held.clear()

    def apply_now(self) -> None:
        self._timer.stop()
        self._apply()

    # -- edits from the controls -----------------------------------------------------------------

    def _edit(self, edit: Edit, date: QLineEdit | None = None) -> None:
        """Make `edit` (from `date`, if a date field's). A refused one leaves the text as it
        is: the controls are set from the text again (a tick springs back), but a refused date
        is held in its field, marked with why, to be applied again (Enter) once it can be."""
        if date is not None:
            self._held.pop(date, None)
        if edit.refused:
            if date is not None:
                self._held[date] = f"{edit.note} (kept here: Enter tries again)"
                date.setModified(True)
            text = self.search.text()
            self._sync(text)
            self._show_errors(text, parse_query(text).errors)
        else:
            self._set_text(edit.text)
        # A date still held keeps saying why, whatever this edit says.
        notes = [edit.note] if edit.note else []
        notes += (reason for field, reason in self._held.items() if field is not date)
        self.note.setText(inline(" \u2022 ".join(notes)))
        self.note.setVisible(bool(notes))

    def _toggled(self, field: str, choice_id: str, ticked: bool) -> None:
        change = pick if ticked else unpick
        self._edit(change(self.search.text(), field, choice_id, self._choices[field]))

    def _date_edited(self, field: str, edit: QLineEdit) -> None:
        if edit.isModified():  # leaving the field untouched changes nothing
            edit.setModified(False)
            self._edit(set_value(self.search.text(), field, edit.text().strip() or None), edit)

    def _reliability_picked(self, index: int) -> None:
        grade = self.reliability.itemData(index)
        if grade == AS_TYPED:  # the query's own value, already in force
            return
        self._edit(set_value(self.search.text(), "reliability", f">={grade}" if grade else None))

    # -- the query's effect on the bar -----------------------------------------------------------

    def _apply(self) -> None:
        text = self.search.text()
        query = parse_query(text)
        self._sync(text)
        self._show_errors(text, query.errors)
        if query != self._query:
            self._query = query
            self.query_changed.emit(query)

    def _sync(self, text: str) -> None:
        for field, picker in self.pickers.items():
            picker.set_state(pick_state(text, field, self._choices[field]))
        for edit, field in ((self.after, "after"), (self.before, "before")):
            if edit in self._held or (edit.isModified() and edit.hasFocus()):
                continue  # refused, or being typed in: not taken from under the hands
            found = field_value(text, field)
            edit.setText(found.value or "")
            label = edit.accessibleName().removesuffix(" date")
            varies = f"{label}: varies"
            edit.setPlaceholderText(varies if found.varies else f"{label} (YYYY-MM-DD)")
        self._sync_reliability(text)

    def _sync_reliability(self, text: str) -> None:
        found = field_value(text, "reliability")
        choice = None if found.varies else reliability_choice(found.value)
        combo = self.reliability
        typed = combo.findData(AS_TYPED)
        if choice is not None:
            combo.setCurrentIndex(max(combo.findData(choice), 0))
            if typed >= 0:
                combo.removeItem(typed)
            return
        label = (
            "Reliability differs between alternatives"
            if found.varies
            else f"{_typed_reliability(found.value or '')} (as typed)"
        )
        if typed < 0:
            combo.addItem(label, AS_TYPED)
            typed = combo.count() - 1
        combo.setItemText(typed, label)
        combo.setCurrentIndex(typed)

    def _show_errors(self, text: str, errors: tuple[QueryError, ...]) -> None:
        detail = "; ".join(
            f"\u201c{inline(text[e.start : e.end])}\u201d: {inline(e.message)}" for e in errors
        )
        self.error.setText(f"Not understood, left out of the filter: {detail}" if errors else "")
        self.error.setVisible(bool(errors))
        marks = {self.search: self.error.text()}
        for edit, field in ((self.after, "after"), (self.before, "before")):
            spans = field_value(text, field).spans
            marks[edit] = (
                inline(self._held[edit])
                if edit in self._held
                else "; ".join(
                    inline(e.message)
                    for e in errors
                    if any(e.start < end and start < e.end for start, end in spans)
                )
            )
        self._errors = {edit: message for edit, message in marks.items() if message}
        red = error_red(self.palette())
        for edit, message in marks.items():
            show_error(edit, message, red)
        for edit in (self.after, self.before):
            # The reason is also where the pointer is: the field's own tooltip.
            tip = edit.property("plainTip")
            edit.setToolTip(f"{tip}\n{marks[edit]}" if marks[edit] else tip)

    def _restyle(self) -> None:
        """The error colours again, from the palette as it now is."""
        red = error_red(self.palette())
        # The widget's own style sheet wins over the window's, whatever that says.
        self.error.setStyleSheet(f"QLabel {{ color: {red.name()}; }}")
        for edit, message in self._errors.items():
            show_error(edit, message, red)

    def error_color(self) -> str:
        """The red errors are shown in now, as #rrggbb."""
        return error_red(self.palette()).name()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._restyle()


def _typed_reliability(value: str) -> str:
    """A typed `reliability:` value in the words the sheet uses ("A source graded A"), so that
    it cannot be mistaken for the list's "Every source ..." items."""
    grade = value.lstrip("<>=")
    if len(grade) == 1 and grade.upper() in RELIABILITY_MEANINGS:
        words = describe_reliability(value[: len(value) - 1], grade)
        return words[0].upper() + words[1:]
    return f"Reliability {inline(value)}"
