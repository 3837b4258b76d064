"""The event tree as Qt sees it: a thin model over core TreeNodes, and the filter proxy.

The model does no work of its own: rows, parents and labels come straight from the nodes the core
built. The proxy's filter asks the core's Visibility, a set lookup, so filtering never calls
`data()` per row.
"""

from __future__ import annotations

from typing import Any, Final

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QFont, QIcon, QPalette, QPixmap
from PySide6.QtWidgets import QApplication

from briefing_app.core.caution import caution
from briefing_app.core.model import Dataset, Event
from briefing_app.core.safetext import FSI, LRM
from briefing_app.core.tree import TreeNode, Visibility
from briefing_app.core.tree_sort import COLUMN_LABELS, COLUMNS, column_text
from briefing_app.ui.plain_text import inline, isolate, tooltip

Index = QModelIndex | QPersistentModelIndex

_COLUMN_COUNT: Final = len(COLUMNS)
EVENT_ID_ROLE: Final = Qt.ItemDataRole.UserRole + 1
NODE_KEY_ROLE: Final = Qt.ItemDataRole.UserRole + 2
_ROLES: Final = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.AccessibleTextRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.DecorationRole,
        Qt.ItemDataRole.FontRole,
        Qt.ItemDataRole.ForegroundRole,
        EVENT_ID_ROLE,
        NODE_KEY_ROLE,
    }
)


_ICONS: dict[str, QIcon] = {}


def blank_icon() -> QIcon:
    """An empty icon as large as the sign, made once."""
    if "blank" not in _ICONS:
        pixmap = QPixmap(16, 16)
        pixmap.fill(Qt.GlobalColor.transparent)
        _ICONS["blank"] = QIcon(pixmap)
    return _ICONS["blank"]


def warning_icon() -> QIcon | None:
    """Made once: a view asks for it on every paint of every marked row."""
    if "warning" not in _ICONS:
        style = QApplication.style()  # None only without a QApplication
        if style is None:
            return None
        _ICONS["warning"] = style.standardIcon(style.StandardPixmap.SP_MessageBoxWarning)
    return _ICONS["warning"]


class EventTreeModel(QAbstractItemModel):
    """Rows are TreeNodes; the invisible root's children are the top-level rows."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._dataset: Dataset | None = None
        self._root = TreeNode("", "")
        # Set by the proxy: rows shown only as context are dimmed, group counts follow the filter.
        self.visibility: Visibility | None = None

    @property
    def dataset(self) -> Dataset | None:
        return self._dataset

    @property
    def root(self) -> TreeNode:
        return self._root

    def set_tree(self, dataset: Dataset | None, root: TreeNode) -> None:
        self.beginResetModel()
        self._dataset, self._root = dataset, root
        self.endResetModel()

    def node(self, index: Index) -> TreeNode:
        """The node behind `index`; the root for an invalid index."""
        if index.isValid():
            node: TreeNode = index.internalPointer()
            return node
        return self._root

    # -- QAbstractItemModel --------------------------------------------------------------------

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:
        # Called for every row a view lays out: kept to the bare minimum.
        if parent.isValid():
            if parent.column():
                return QModelIndex()
            children = parent.internalPointer().children
        else:
            children = self._root.children
        if 0 <= row < len(children) and 0 <= column < _COLUMN_COUNT:
            return self.createIndex(row, column, children[row])
        return QModelIndex()

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not index.isValid():
            return QModelIndex()
        parent = self.node(index).parent
        if parent is None or parent is self._root:
            return QModelIndex()
        return self.createIndex(parent.row, 0, parent)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self.node(parent).children)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return _COLUMN_COUNT

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(COLUMNS)
        ):
            return COLUMN_LABELS[COLUMNS[section]]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # A view asks for a dozen roles per cell on every paint; answer the unused ones first.
        if role not in _ROLES or not index.isValid() or self._dataset is None:
            return None
        node = self.node(index)
        column = index.column()
        if role == EVENT_ID_ROLE:
            return node.event_id
        if role == NODE_KEY_ROLE:
            return node.key
        if node.event_id is None:
            return self._group_data(node, column, role)
        event = self._dataset.events[node.event_id]
        if role == Qt.ItemDataRole.ForegroundRole:
            if self.visibility is not None and self.visibility.is_context(node):
                palette = QApplication.palette()
                return palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._event_text(event, column)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            # A screen reader hears what the sign means, not just that there is one.
            text = self._event_text(event, column)
            warning = caution(self._dataset, event) if column == 0 else ""
            return f"{text}. Warning, treat with care: {warning}" if warning else text
        if role == Qt.ItemDataRole.ToolTipRole:
            warning = caution(self._dataset, event)
            title = inline(event.title)  # so no line of it can pass for the warning
            return tooltip(f"{title}\n\u26a0 Treat with care: {warning}" if warning else title)
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            # Every event row has an icon's room, so titles line up whether or not the sign
            # stands before them.
            return warning_icon() if caution(self._dataset, event) else blank_icon()
        return None

    def _group_data(self, node: TreeNode, column: int, role: int) -> Any:
        if column == 0 and role in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.AccessibleTextRole,
        ):
            total, label = len(node.event_ids), left_to_right(isolate(node.label))
            if self.visibility is None or self.visibility.matches is None:
                return f"{label} ({total:,})"
            return f"{label} ({self.visibility.count_shown(node):,} of {total:,})"
        if column == 0 and role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def _event_text(self, event: Event, column: int) -> str:
        assert self._dataset is not None
        text = column_text(self._dataset, event, COLUMNS[column])
        return left_to_right(text) if column else text


def left_to_right(text: str) -> str:
    """`text` that mixes isolated data with the app's own words ("(3)", ", "), starting with a
    left-to-right mark when it holds isolates. Qt takes a cell's direction from its first
    strong letter and does not skip isolates, so a Hebrew name first would turn the whole cell
    right to left and move the app's punctuation."""
    return f"{LRM}{text}" if FSI in text else text


class EventFilterProxy(QSortFilterProxyModel):
    """Keeps the rows the core's Visibility shows; dims rows shown only as context."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._visibility: Visibility | None = None
        self._source: EventTreeModel | None = None
        self.setRecursiveFilteringEnabled(False)  # the core already keeps ancestors

    def setSourceModel(self, model: QAbstractItemModel) -> None:
        assert isinstance(model, EventTreeModel)
        self._source = model
        super().setSourceModel(model)

    def source(self) -> EventTreeModel:
        assert self._source is not None, "set a source model first"
        return self._source

    def set_visibility(self, visibility: Visibility | None) -> None:
        """Apply a new filter, as a reset. Updating Qt's mapped rows one by one costs more: on
        50,000 events, 50-100 ms against under 10 for a reset and a fresh layout (the caller
        opens again the rows that should be open)."""
        self.beginResetModel()
        self._visibility = visibility
        self.source().visibility = visibility
        self.endResetModel()

    def hasChildren(self, parent: Index = QModelIndex()) -> bool:
        """Answered by the core, so that drawing an expand arrow does not filter the children."""
        if self._visibility is None or not parent.isValid():
            return super().hasChildren(parent)
        if parent.column() != 0:
            return False
        return self._visibility.has_shown_children(self.source().node(self.mapToSource(parent)))

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        visibility = self._visibility
        if visibility is None:
            return True
        if source_parent.isValid():
            children = source_parent.internalPointer().children
        else:
            children = self.source().root.children
        return 0 <= source_row < len(children) and visibility.shows(children[source_row])
