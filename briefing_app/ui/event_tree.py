"""The event tree's view: its columns, its group rows, and which event a context menu is for.

Columns. Title takes what the other columns leave, but never less than about 25 characters: in
a narrow window Place (then Status) gives up width first, and past that the tree scrolls
sideways rather than cut every title to "A...". The other columns are as wide
as their contents, up to a cap, and the person can drag them.

Group rows (a date, an actor, a tag...) have only a label and a count, so their first column
spans the row; otherwise the count is cut off at the Title column's edge. Spans are set as rows
come on screen, just before each paint: the proxy is reset on every filter change, which drops
them, and setting them for every group at once would cost time in proportion to the groups (at
50,000 events, thousands), where the screen shows a few dozen rows.

The menu key opens a context menu at the middle of the view, whatever row lies there; acting on
that row would print an event the person never selected. So a menu from the keyboard is for the
current row, shown beside it, and a menu from the mouse is for the row under the pointer.

Sorting and the columns shown. A click on a header sorts by that column, a second click
reverses; the header's context menu (and View > Columns, View > Sort By from the keyboard)
chooses the columns and goes back to the dataset's own order. The view only shows the sort
indicator and says what was asked (`sort_changed`): the window sorts the core's tree
(`core/tree_sort.py`), as a Qt sort over 50,000 rows would call Python for every comparison.
"""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import QAbstractItemModel, QByteArray, QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QActionGroup, QContextMenuEvent, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QHeaderView, QMenu, QTreeView, QWidget

from briefing_app.core.tree_sort import COLUMN_LABELS, COLUMNS, SHOWN_AT_FIRST
from briefing_app.ui.tree_model import EVENT_ID_ROLE

TITLE = 0
# Widths in average characters of the view's font, so they follow the zoom. Title's minimum
# is besides the indentation of one level.
TITLE_MINIMUM: Final = 26
DEFAULT_WIDTHS: Final = {1: 14, 2: 18, 3: 10, 4: 10, 5: 18, 6: 8, 7: 8, 8: 7}  # unmeasured
CAPS: Final = {1: 22, 2: 28, 3: 14, 4: 12, 5: 28, 6: 12, 7: 12, 8: 8}  # wider is elided
UNSORTED = "Dataset Order"  # the menu's word for the order the dataset gives
# Who gives up width when Title would fall below its minimum, first to last, and how far:
# Place, Actors (when shown), Status; not Date, which would read "2022 - Jul...", nor
# Credibility, whose header is its widest text.
SQUEEZE: Final = ((2, 8), (5, 10), (3, 9))
SLACK: Final = 3  # characters Title gives up, after them, before the tree scrolls sideways
MEASURED_ROWS: Final = 300  # rows looked at to measure a column's contents


class EventTreeView(QTreeView):
    """Emits `event_menu_requested(event id, global position)` for a context menu on an event
    row (nothing for a group row or empty space), and `sort_changed(column or "", descending)`
    when the person asks for another order."""

    event_menu_requested = Signal(str, QPoint)
    sort_changed = Signal(str, bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._wanted: dict[int, int] = {}  # each column's width before any squeeze
        self._fitting = False
        self.columns_fitted = False  # measured, or restored from what the person had
        header = self.header()
        header.setStretchLastSection(False)
        header.setResizeContentsPrecision(MEASURED_ROWS)
        header.sectionResized.connect(self._section_resized)
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        header.sortIndicatorChanged.connect(self._sort_indicator_changed)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(
            lambda position: self._header_menu().exec(header.mapToGlobal(position))
        )

    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        for column, name in enumerate(COLUMNS):
            self.header().setSectionHidden(column, name not in SHOWN_AT_FIRST)
        self._set_resize_modes()
        em = self.fontMetrics().averageCharWidth()
        self._wanted = {column: chars * em for column, chars in DEFAULT_WIDTHS.items()}
        self._layout_columns()

    # -- columns -------------------------------------------------------------------------------

    def fit_columns(self) -> None:
        """Size the columns other than Title to their contents (the rows laid out, up to
        MEASURED_ROWS), each up to its cap; then give Title the rest."""
        for column in range(1, self.header().count()):
            self._fit_column(column)
        model = self.model()
        if model is not None and model.rowCount():  # else only the headers were measured
            self.columns_fitted = True
        self._layout_columns()

    def _fit_column(self, column: int) -> None:
        """As wide as the column's contents up to its cap, and never narrower than its header
        (with the sort indicator's room), so no header is cut."""
        header = self.header()
        title = header.sectionSizeHint(column)
        contents = self.sizeHintForColumn(column)
        cap = CAPS.get(column, 20) * self.fontMetrics().averageCharWidth()
        self._wanted[column] = max(header.minimumSectionSize(), title, min(contents, cap))

    def restore_columns(self, state: QByteArray) -> None:
        """Column widths as the person left them (a header state from `header().saveState`)."""
        header = self.header()
        if not header.restoreState(state):
            return
        self._set_resize_modes()  # a state saved by an earlier version may stretch Title
        self._wanted = {column: header.sectionSize(column) for column in range(1, header.count())}
        self.columns_fitted = True
        self._layout_columns()

    def _set_resize_modes(self) -> None:
        header = self.header()
        header.setMinimumSectionSize(self.fontMetrics().averageCharWidth() * 3)
        modes = QHeaderView.ResizeMode
        for column in range(header.count()):  # Title is sized here, the others by hand too
            header.setSectionResizeMode(column, modes.Interactive if column else modes.Fixed)

    def _section_resized(self, column: int, _old: int, new: int) -> None:
        if self._fitting or column == TITLE:
            return
        self._wanted[column] = new  # dragged by the person
        self._layout_columns()

    def _layout_columns(self) -> None:
        """Title gets the room the others leave, but not less than its minimum: below that,
        the columns in SQUEEZE give up width, and past their floors the view scrolls."""
        header = self.header()
        if self._fitting or header.count() < 2:
            return
        em = self.fontMetrics().averageCharWidth()
        widths = {
            column: self._wanted.get(column, header.sectionSize(column))
            for column in range(1, header.count())
            if not header.isSectionHidden(column)
        }
        title_minimum = TITLE_MINIMUM * em + self.indentation()
        short = title_minimum - (self.viewport().width() - sum(widths.values()))
        for column, floor in SQUEEZE:
            if short <= 0:
                break
            if column in widths:
                given = max(0, min(short, widths[column] - floor * em))
                widths[column] -= given
                short -= given
        # A few characters less of Title rather than a scroll bar for them.
        title = max(title_minimum - SLACK * em, self.viewport().width() - sum(widths.values()))
        self._fitting = True
        try:
            for column, width in widths.items():
                if header.sectionSize(column) != width:
                    header.resizeSection(column, width)
            if header.sectionSize(TITLE) != title:
                header.resizeSection(TITLE, title)
        finally:
            self._fitting = False

    def resizeEvent(self, event: QResizeEvent) -> None:
        # Also called when the viewport changes size (a vertical scroll bar comes or goes).
        super().resizeEvent(event)
        self._layout_columns()

    # -- sorting and the columns shown ---------------------------------------------------------

    @property
    def sort_column(self) -> str:
        """The column the rows are sorted by, or "" for the dataset's own order."""
        section = self.header().sortIndicatorSection()
        return COLUMNS[section] if 0 <= section < len(COLUMNS) else ""

    @property
    def sort_descending(self) -> bool:
        return self.header().sortIndicatorOrder() == Qt.SortOrder.DescendingOrder

    def set_sort(self, column: str, *, descending: bool = False) -> None:
        """Show this order (a column of COLUMNS, or "" for the dataset's); emits sort_changed
        when it is another order."""
        section = COLUMNS.index(column) if column in COLUMNS else -1
        order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        self.header().setSortIndicator(section, order)

    def _sort_indicator_changed(self, _section: int, _order: Qt.SortOrder) -> None:
        self.sort_changed.emit(self.sort_column, self.sort_descending)

    @property
    def shown_columns(self) -> tuple[str, ...]:
        header = self.header()
        return tuple(name for i, name in enumerate(COLUMNS) if not header.isSectionHidden(i))

    def show_columns(self, names: set[str]) -> None:
        """Show these columns and hide the others; Title is always shown. A column shown again
        fits its contents; the others keep their widths."""
        header = self.header()
        for column, name in enumerate(COLUMNS):
            hide = column != TITLE and name not in names
            if header.isSectionHidden(column) != hide:
                header.setSectionHidden(column, hide)
                if not hide:
                    self._fit_column(column)
        self._layout_columns()

    def fill_columns_menu(self, menu: QMenu) -> None:
        """A checkable entry for each column but Title (which is always shown)."""
        menu.clear()
        shown = set(self.shown_columns)
        for name in COLUMNS[1:]:
            action = menu.addAction(COLUMN_LABELS[name])
            action.setCheckable(True)
            action.setChecked(name in shown)
            action.toggled.connect(
                lambda on, n=name: self.show_columns(
                    set(self.shown_columns) | {n} if on else set(self.shown_columns) - {n}
                )
            )

    def fill_sort_menu(self, menu: QMenu) -> None:
        """The dataset's own order, then one entry for each column, then the direction."""
        menu.clear()
        choices = QActionGroup(menu)
        for name in ("", *COLUMNS):
            action = menu.addAction(COLUMN_LABELS[name] if name else UNSORTED)
            action.setCheckable(True)
            action.setChecked(name == self.sort_column)
            action.triggered.connect(
                lambda _=False, n=name: self.set_sort(n, descending=self.sort_descending)
            )
            choices.addAction(action)
        menu.addSeparator()
        reverse = menu.addAction("&Descending")
        reverse.setCheckable(True)
        reverse.setChecked(self.sort_descending)
        reverse.setEnabled(bool(self.sort_column))
        reverse.toggled.connect(lambda on: self.set_sort(self.sort_column, descending=on))

    def _header_menu(self) -> QMenu:
        menu = QMenu(self)
        menu.setTitle("Columns")
        self.fill_columns_menu(menu)
        menu.addSeparator()
        unsorted = menu.addAction(f"Sort in {UNSORTED}")
        unsorted.setEnabled(bool(self.sort_column))
        unsorted.triggered.connect(lambda: self.set_sort(""))
        return menu

    # -- group rows ----------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        self._span_group_rows_on_screen()
        super().paintEvent(event)

    def _span_group_rows_on_screen(self) -> None:
        """Let each group row on screen span every column (a few dozen rows: the only ones
        whose layout anyone sees, and the only ones the mouse can reach)."""
        model = self.model()
        if model is None:
            return
        index = self.indexAt(QPoint(0, 0))
        bottom = self.viewport().height()
        while index.isValid():
            row, parent = index.row(), index.parent()
            if model.data(index, EVENT_ID_ROLE) is None and not self.isFirstColumnSpanned(
                row, parent
            ):
                self.setFirstColumnSpanned(row, parent, True)
            if self.visualRect(index).bottom() >= bottom:
                break
            index = self.indexBelow(index)

    # -- context menu --------------------------------------------------------------------------

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
