"""The main window: wires the filter bar, the event tree and the detail pane together.

Widgets do not know each other: their signals come up here and this window calls down into them.
It also owns what a session remembers: the dataset, the selection, history, expansion, settings.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QModelIndex, Qt
from PySide6.QtGui import QCloseEvent, QFont
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox, QWidget

from briefing_app.core.loader import LoadResult
from briefing_app.core.model import Dataset
from briefing_app.core.query import Query, parse_query
from briefing_app.core.search import Matches, SearchIndex
from briefing_app.core.tree import GROUPINGS, Tree, TreeNode
from briefing_app.core.tree_sort import COLUMNS
from briefing_app.ui.background import BackgroundTask
from briefing_app.ui.dataset_session import DatasetSession
from briefing_app.ui.dropping import DatasetDrops
from briefing_app.ui.help_dialogs import about_box, format_help_dialog, markdown_dialog
from briefing_app.ui.list_actions import ListActions
from briefing_app.ui.navigation import Navigation
from briefing_app.ui.plain_text import message_box
from briefing_app.ui.problem_actions import ProblemActions
from briefing_app.ui.query_help import QUERY_HELP
from briefing_app.ui.saved_searches import SavedSearchMenu
from briefing_app.ui.session_memory import SessionMemory
from briefing_app.ui.settings import APP_NAME, app_settings
from briefing_app.ui.sheet_actions import SheetActions
from briefing_app.ui.task_runner import TaskRunner
from briefing_app.ui.watcher import DatasetWatcher
from briefing_app.ui.window_layout import WindowLayout

ZOOM_STEP = 1.1
ZOOM_LIMITS = (-5, 10)


class MainWindow(
    WindowLayout,
    DatasetSession,
    DatasetDrops,
    ListActions,
    SessionMemory,
    SavedSearchMenu,
    ProblemActions,
    Navigation,
    SheetActions,
    TaskRunner,
    QMainWindow,
):
    """The window: its parts come from one mixin each (layout, the dataset session, dropped
    datasets, copy and export, session memory, saved searches, problems, navigation, sheets,
    background work); this class holds their shared state, wires their signals, and keeps
    zoom, help and settings."""

    def __init__(self) -> None:
        super().__init__()
        # Widgets under a style sheet (the window's app.qss, a field's error border) otherwise
        # take a parent's font only one level down, so a zoom would miss most of the window.
        QApplication.setAttribute(Qt.ApplicationAttribute.AA_UseStyleSheetPropagationInWidgetStyles)
        self.setObjectName("mainWindow")
        self.setWindowTitle(APP_NAME)
        self.setAcceptDrops(True)
        self.resize(1200, 780)
        self.path: Path | None = None
        self.result: LoadResult | None = None
        self.dataset: Dataset | None = None
        self.index: SearchIndex | None = None
        self.grouping = "storyline"
        self.query: Query = parse_query("")
        self.matches: Matches | None = None
        self.selected: str | None = None
        self.history: list[str] = []
        self.history_position = -1
        # What the person opened in the unfiltered tree, per grouping; and, while a filter is on,
        # what is open around its matches.
        self.expanded: dict[str, set[str]] = {grouping: set() for grouping in GROUPINGS}
        self.filter_expanded: set[str] = set()
        self.zoom = 0
        self._unsorted_tree: Tree | None = None  # the tree as built, before any sort
        self.search_counts: dict[str, str] = {}  # saved searches' counts in the data shown
        self._nodes_by_key: dict[str, TreeNode] = {}
        self._nodes_by_event: dict[str, list[TreeNode]] = {}
        self._restoring = False
        self.task: BackgroundTask | None = None
        self._chronology: tuple[str, ...] | None = None  # every event by date, made when needed

        self._build_widgets()
        self._build_actions()
        self._connect()
        self._restore_settings()

    def _connect(self) -> None:
        self.filter_bar.query_changed.connect(self.apply_query)
        self.filter_bar.help_requested.connect(self.show_query_help)
        selection = self.tree.selectionModel()
        selection.currentChanged.connect(self._current_changed)
        # A click makes the row current first and selects it after; the keyboard selects the
        # row and then makes it current. The page follows whichever comes second.
        selection.selectionChanged.connect(
            lambda: self._current_changed(self.tree.currentIndex(), QModelIndex())
        )
        self.tree.expanded.connect(self._remember_expanded)
        self.tree.event_menu_requested.connect(self._tree_menu)
        self.tree.sort_changed.connect(self._sort_changed)
        self.tree.collapsed.connect(self._remember_collapsed)
        self.detail.event_requested.connect(self.select_event)
        self.detail.children_requested.connect(self.show_children)
        self.detail.entity_requested.connect(self.show_entity)
        self.detail.filter_requested.connect(self.filter_bar.add_term)
        self.detail.status_message.connect(lambda text: self.statusBar().showMessage(text, 6000))
        self.clear_button.clicked.connect(self.clear_filter)
        self.cancel_button.clicked.connect(self.cancel_task)
        self.banner_button.clicked.connect(self.show_problems)
        self.problems_button.clicked.connect(self.show_problems)
        self.problems.problem_activated.connect(self.go_to_problem)
        self.problems.open_requested.connect(self.open_problem_file)
        self.watcher = DatasetWatcher(self)
        self.watcher.changed.connect(self.reload_from_disk)

    def focus_filter(self) -> None:
        self.filter_bar.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_bar.search.selectAll()

    def clear_filter(self) -> None:
        self.filter_bar.clear()

    def show_problems(self) -> None:
        self.problems.show()
        self.problems.raise_()

    def set_zoom(self, zoom: int, *, fit_columns: bool = True) -> None:
        """One zoom for everything in the window but its menus: the font size is set on the
        central area, the Problems panel and the status bar, and their widgets inherit it (the
        picker popups too). The tree's columns then fit their contents again, unless the
        widths are the person's own, just restored."""
        self.zoom = max(ZOOM_LIMITS[0], min(ZOOM_LIMITS[1], zoom))
        font = QFont()  # only the size is set: the rest still follows the application's font
        if self.zoom:
            font.setPointSizeF(QApplication.font().pointSizeF() * ZOOM_STEP**self.zoom)
        for popup in self.filter_bar.findChildren(QWidget):
            if popup.isWindow():  # a window does not inherit its parent's font unless told to
                popup.setAttribute(Qt.WidgetAttribute.WA_WindowPropagation)
        for part in (self.centralWidget(), self.problems, self.statusBar()):
            part.setFont(font)
        self.detail.document().setDefaultFont(self.detail.font())
        if fit_columns:
            self.tree.fit_columns()
        # Larger fonts ask for a larger window; it grows, but never past its screen.
        self.fit_to_screen()
        if self.dataset is not None and self.selected is not None:
            self.detail.show_event(
                self.dataset, self.selected, self.query.highlight_words(self.index)
            )

    def show_format_help(self) -> None:
        format_help_dialog(self).exec()

    def show_query_help(self) -> None:
        markdown_dialog(self, "The filter's language", QUERY_HELP).exec()

    def show_about(self) -> None:
        about_box(self).exec()

    def _warn(self, title: str, text: str) -> None:
        message_box(self, title, text, icon=QMessageBox.Icon.Warning).exec()

    def _restore_settings(self) -> None:
        settings = app_settings()
        geometry = settings.value("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        self.fit_to_screen()
        state = settings.value("window_state")
        if state is not None:
            self.restoreState(state)
        splitter = settings.value("splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)
        header = settings.value("tree_header")
        if isinstance(header, QByteArray):
            self.tree.restore_columns(header)
        columns = settings.value("tree_columns")
        if isinstance(columns, list):  # a header state alone shows every column added since
            self.tree.show_columns({str(name) for name in columns})
        column = str(settings.value("sort_column", ""))
        descending = str(settings.value("sort_descending", "false")).lower() == "true"
        self.tree.set_sort(column if column in COLUMNS else "", descending=descending)
        grouping = str(settings.value("grouping", "storyline"))
        self.grouping = grouping if grouping in GROUPINGS else "storyline"
        for action in self.grouping_actions.actions():
            action.setChecked(action.data() == self.grouping)
        zoom = settings.value("zoom", 0)
        self.set_zoom(int(zoom) if str(zoom).lstrip("-").isdigit() else 0, fit_columns=False)
        self._fill_recent_menu()

    def fit_to_screen(self) -> None:
        """Keep the window on its screen: a size saved at another scale or on a larger screen
        (150% fonts, a laptop after a monitor) would put the status bar out of reach."""
        screen = self.screen()
        if screen is None:
            return
        room = screen.availableGeometry()
        frame = self.frameGeometry().size() - self.geometry().size()
        width = min(self.width(), room.width() - frame.width())
        height = min(self.height(), room.height() - frame.height())
        if (width, height) != (self.width(), self.height()):
            self.resize(width, height)
        if not room.contains(self.frameGeometry().topLeft()):
            self.move(room.topLeft())

    def save_settings(self) -> None:
        settings = app_settings()
        settings.setValue("geometry", self.saveGeometry())
        settings.setValue("window_state", self.saveState())
        settings.setValue("splitter", self.splitter.saveState())
        settings.setValue("tree_header", self.tree.header().saveState())
        settings.setValue("tree_columns", list(self.tree.shown_columns))
        settings.setValue("sort_column", self.tree.sort_column)
        settings.setValue("sort_descending", self.tree.sort_descending)
        settings.setValue("grouping", self.grouping)
        settings.setValue("zoom", self.zoom)
        settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_settings()
        self.save_session()
        self.watcher.stop()
        if self.task is not None:
            self.task.wait()
        super().closeEvent(event)
