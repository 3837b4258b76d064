"""The main window: wires the filter bar, the event tree and the detail pane together.

Widgets do not know each other: their signals come up here and this window calls down into them.
It also owns what a session remembers: the dataset, the selection, history, expansion, settings.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPoint, Qt
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTextBrowser,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from briefing_app import __version__, paths
from briefing_app.core.loader import ROOT_FILE, LoadProgress, LoadResult, dataset_files
from briefing_app.core.model import Dataset, date_sort_key
from briefing_app.core.problems import Problem, summary_line
from briefing_app.core.query import Query, parse_query
from briefing_app.core.search import Matches, SearchIndex
from briefing_app.core.sheet import Scope, Sheet, SheetError, compose_sheet
from briefing_app.core.tree import (
    GROUPING_LABELS,
    GROUPINGS,
    Tree,
    TreeNode,
    Visibility,
    make_tree,
    nodes_to_reveal,
)
from briefing_app.ui.background import BackgroundTask, Report, Work
from briefing_app.ui.detail_pane import DetailPane
from briefing_app.ui.filter_bar import FilterBar
from briefing_app.ui.guard import guarded, report_failure
from briefing_app.ui.loading import Loaded, load_for_window
from briefing_app.ui.plain_text import (
    PlainStatusBar,
    add_data_action,
    inline,
    message_box,
    plain_label,
    window_title,
)
from briefing_app.ui.printing import ExportError, export_pdf, page_layout, paint_sheet
from briefing_app.ui.problems_panel import ProblemsPanel
from briefing_app.ui.settings import app_settings, recent_datasets, remember_dataset
from briefing_app.ui.sheet_dialog import SheetDialog
from briefing_app.ui.tree_model import (
    EVENT_ID_ROLE,
    NODE_KEY_ROLE,
    EventFilterProxy,
    EventTreeModel,
)
from briefing_app.ui.watcher import DatasetWatcher

APP_NAME = "Briefing Viewer"
# Path separators, what Windows refuses, and control and bidi characters (a right-to-left
# override in a title would make the suggested name read backwards in the save dialog).
_UNSAFE_IN_FILE_NAMES = re.compile(
    r'[\\/:*?"<>|\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]+'
)
ZOOM_STEP = 1.1
ZOOM_LIMITS = (-5, 10)
BACKGROUND_BYTES = 4 * 2**20  # datasets larger than this load off the main thread
BACKGROUND_SHEET_EVENTS = 150  # sheets longer than this print or export off the main thread
BACKGROUND_COMPOSE_EVENTS = 2000  # sheets of datasets larger than this are composed off it too
# What a background task may meet in the normal run of things: said in a dialog, not logged.
EXPECTED_FAILURES = (OSError, ExportError, SheetError)
OPEN_STORYLINES_UP_TO = 50  # a new dataset opens with its storylines showing their events
REVEAL_MATCHES = 100  # a filter opens the tree around this many matches, no more


class MainWindow(QMainWindow):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle(APP_NAME)
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
        self._nodes_by_key: dict[str, TreeNode] = {}
        self._nodes_by_event: dict[str, list[TreeNode]] = {}
        self._restoring = False
        self.task: BackgroundTask | None = None
        self._chronology: tuple[str, ...] | None = None  # every event by date, made when needed
        self._base_font_size = self.font().pointSizeF()

        self._build_widgets()
        self._build_actions()
        self._connect()
        self._restore_settings()

    # -- construction ---------------------------------------------------------------------------

    def _build_widgets(self) -> None:
        self.filter_bar = FilterBar(self)
        self.model = EventTreeModel(self)
        self.proxy = EventFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.tree = QTreeView(self)
        self.tree.setObjectName("eventTree")
        self.tree.setAccessibleName("Events")
        self.tree.setModel(self.proxy)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, header.ResizeMode.Stretch)
        header.setMinimumSectionSize(60)
        header.resizeSection(1, 110)
        header.resizeSection(2, 150)
        header.resizeSection(3, 80)
        header.resizeSection(4, 80)

        self.empty_page = QWidget(self)
        self.empty_label = QLabel("No events match the filter.", self.empty_page)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setTextFormat(Qt.TextFormat.PlainText)
        self.clear_button = QPushButton("Clear filter", self.empty_page)
        self.clear_button.setAccessibleName("Clear the filter")
        empty_layout = QVBoxLayout(self.empty_page)
        empty_layout.addStretch(1)
        empty_layout.addWidget(self.empty_label)
        empty_layout.addWidget(self.clear_button, 0, Qt.AlignmentFlag.AlignCenter)
        empty_layout.addStretch(2)
        self.tree_stack = QStackedWidget(self)
        self.tree_stack.addWidget(self.tree)
        self.tree_stack.addWidget(self.empty_page)

        self.detail = DetailPane(self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.tree_stack)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([700, 500])

        self.banner = QFrame(self)
        self.banner.setObjectName("banner")
        self.banner_label = QLabel(self.banner)
        self.banner_label.setTextFormat(Qt.TextFormat.PlainText)
        self.banner_label.setWordWrap(True)
        self.banner_button = QPushButton("Show problems", self.banner)
        self.banner_button.setAccessibleName("Show the problems panel")
        banner_layout = QHBoxLayout(self.banner)
        banner_layout.setContentsMargins(8, 4, 8, 4)
        banner_layout.addWidget(self.banner_label, 1)
        banner_layout.addWidget(self.banner_button)
        self.banner.hide()

        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.banner)
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)

        self.problems = ProblemsPanel(self)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.problems)
        self.problems.hide()

        self.title_label = QLabel(self)
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)
        self.count_label = plain_label(QLabel(self))
        self.count_label.setAccessibleName("Events shown")
        self.progress = QProgressBar(self)
        self.progress.setAccessibleName("Progress of the work in the background")
        self.progress.setTextVisible(True)
        self.progress.setMinimumWidth(300)
        self.progress.hide()
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.setAccessibleName("Cancel the work in the background")
        self.cancel_button.hide()
        self.problems_button = QToolButton(self)
        self.problems_button.setAutoRaise(True)
        self.problems_button.setAccessibleName("Problems in the dataset")
        status = PlainStatusBar(self)  # messages quote the data: each stays on one line
        self.setStatusBar(status)
        status.addWidget(self.title_label, 1)
        status.addPermanentWidget(self.progress)
        status.addPermanentWidget(self.cancel_button)
        status.addPermanentWidget(self.count_label)
        status.addPermanentWidget(self.problems_button)
        self.setStyleSheet(paths.resource("styles", "app.qss").read_text(encoding="utf-8"))
        QWidget.setTabOrder(self.filter_bar.search, self.tree)
        QWidget.setTabOrder(self.tree, self.detail)

    def _action(
        self, menu: QMenu, text: str, slot: object, shortcuts: list[QKeySequence] | None = None
    ) -> QAction:
        action = QAction(text, self)
        if shortcuts:
            action.setShortcuts(shortcuts)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _build_actions(self) -> None:
        bar = self.menuBar()
        key = QKeySequence
        file_menu = bar.addMenu("&File")
        self._action(
            file_menu, "&Open Dataset...", self.choose_dataset_file, [key(key.StandardKey.Open)]
        )
        self._action(
            file_menu, "Open Dataset &Folder...", self.choose_dataset_folder, [key("Ctrl+Shift+O")]
        )
        self.recent_menu = file_menu.addMenu("Open &Recent")
        self.reload_action = self._action(
            file_menu, "&Reload", self.reload, [key("F5"), key("Ctrl+R")]
        )
        file_menu.addSeparator()
        self.print_action = self._action(
            file_menu, "&Print...", lambda: self.print_sheet(), [key(key.StandardKey.Print)]
        )
        self.preview_action = self._action(
            file_menu, "Print Pre&view...", lambda: self.preview_sheet(), [key("Ctrl+Shift+P")]
        )
        self.export_action = self._action(
            file_menu, "&Export PDF...", lambda: self.export_sheet(), [key("Ctrl+Shift+E")]
        )
        file_menu.addSeparator()
        self._action(file_menu, "&Quit", self.close, [key(key.StandardKey.Quit)])

        view_menu = bar.addMenu("&View")
        group_menu = view_menu.addMenu("&Group By")
        self.grouping_actions = QActionGroup(self)
        for number, grouping in enumerate(GROUPINGS, 1):
            action = self._action(
                group_menu,
                GROUPING_LABELS[grouping],
                lambda _=False, g=grouping: self.set_grouping(g),
                [key(f"Ctrl+{number}")],
            )
            action.setCheckable(True)
            action.setData(grouping)
            self.grouping_actions.addAction(action)
        view_menu.addSeparator()
        self._action(
            view_menu,
            "Zoom &In",
            lambda: self.set_zoom(self.zoom + 1),
            [key(key.StandardKey.ZoomIn), key("Ctrl+=")],
        )
        self._action(
            view_menu,
            "Zoom &Out",
            lambda: self.set_zoom(self.zoom - 1),
            [key(key.StandardKey.ZoomOut)],
        )
        self._action(view_menu, "&Reset Zoom", lambda: self.set_zoom(0), [key("Ctrl+0")])
        view_menu.addSeparator()
        self._action(view_menu, "&Expand All", self.expand_all, [key("Ctrl+Shift+Right")])
        self._action(view_menu, "&Collapse All", self.collapse_all, [key("Ctrl+Shift+Left")])
        view_menu.addSeparator()
        self.problems_action = self.problems.toggleViewAction()
        self.problems_action.setText("&Problems Panel")
        self.problems_action.setShortcut(key("Ctrl+Shift+M"))
        view_menu.addAction(self.problems_action)
        self._action(view_menu, "&Find in Events", self.focus_filter, [key(key.StandardKey.Find)])
        self.clear_filter_action = self._action(
            view_menu, "C&lear Filter", self.clear_filter, [key("Esc")]
        )

        go_menu = bar.addMenu("&Go")
        self._action(
            go_menu, "&Next Event in Time", lambda: self.step_in_time(1), [key("Alt+Down")]
        )
        self._action(
            go_menu, "&Previous Event in Time", lambda: self.step_in_time(-1), [key("Alt+Up")]
        )
        go_menu.addSeparator()
        self.back_action = self._action(go_menu, "&Back", self.go_back, [key(key.StandardKey.Back)])
        self.forward_action = self._action(
            go_menu, "&Forward", self.go_forward, [key(key.StandardKey.Forward)]
        )

        help_menu = bar.addMenu("&Help")
        self._action(
            help_menu, "&Dataset Format", self.show_format_help, [key(key.StandardKey.HelpContents)]
        )
        self._action(help_menu, "&About Briefing Viewer", self.show_about)
        self._update_history_actions()

    def _connect(self) -> None:
        self.filter_bar.query_changed.connect(self.apply_query)
        self.tree.selectionModel().currentChanged.connect(self._current_changed)
        self.tree.expanded.connect(self._remember_expanded)
        self.tree.customContextMenuRequested.connect(self._tree_menu)
        self.tree.collapsed.connect(self._remember_collapsed)
        self.detail.event_requested.connect(self.select_event)
        self.detail.children_requested.connect(self.show_children)
        self.detail.actor_requested.connect(lambda actor: self.filter_bar.add_term("actor", actor))
        self.detail.place_requested.connect(lambda place: self.filter_bar.add_term("place", place))
        self.detail.status_message.connect(lambda text: self.statusBar().showMessage(text, 6000))
        self.clear_button.clicked.connect(self.clear_filter)
        self.cancel_button.clicked.connect(self.cancel_task)
        self.banner_button.clicked.connect(self.show_problems)
        self.problems_button.clicked.connect(self.show_problems)
        self.watcher = DatasetWatcher(self)
        self.watcher.changed.connect(self.reload_from_disk)

    # -- opening --------------------------------------------------------------------------------

    @guarded("opening the dataset")
    def open_initial(self, requested: Path | None) -> None:
        """At start: the dataset asked for, else the last one, else the bundled sample."""
        last = app_settings().value("last_dataset", "")
        candidates = [requested] if requested else []
        if not requested and last and Path(str(last)).exists():
            candidates.append(Path(str(last)))
        for candidate in candidates:
            if self.open_dataset(candidate):
                return
        self.open_dataset(paths.sample_dataset())

    @guarded("opening the dataset")
    def open_dataset(self, path: Path) -> bool:
        """Load and show `path`; if it cannot be read at all, say why and keep what is open.

        A large dataset loads in the background, with progress and Cancel in the status bar,
        and the dataset open until then stays usable; True then means the load has started."""
        if _dataset_bytes(path) > BACKGROUND_BYTES:
            self._load_in_background(path, live=False)
            return True
        return self._take(load_for_window(path, self.grouping), live=False)

    def _load_in_background(self, path: Path, *, live: bool) -> None:
        grouping = self.grouping

        def work(report: Report, cancelled: Callable[[], bool]) -> Loaded:
            def progress(step: LoadProgress) -> None:
                report(step.files_done, step.files_total, f"files, {step.events_read:,} events")

            return load_for_window(path, grouping, progress=progress, cancelled=cancelled)

        still = f"; still showing {inline(self.dataset.info.title)}" if self.dataset else ""
        self._run_task(
            "Opening",
            work,
            lambda loaded: self._take(loaded, live=live),
            cancelled_message=f"Opening cancelled{still}.",
        )

    def _run_task(
        self,
        title: str,
        work: Work,
        done: Callable[[Any], object],
        *,
        cancelled_message: str,
    ) -> None:
        """Run `work` in the background with its progress and Cancel in the status bar."""
        if self.task is not None:
            self.task.wait()
        task = BackgroundTask(work, self)
        self.task = task

        def progressed(step: int, total: int, detail: str) -> None:
            self.progress.setRange(0, total)
            self.progress.setValue(step)
            self.progress.setFormat(f"{title}: {step}/{total} {detail}")

        def finish(message: str) -> None:
            self.task = None
            self.progress.hide()
            self.cancel_button.hide()
            if message:
                self.statusBar().showMessage(message, 8000)

        def finished(result: object) -> None:
            finish("")
            done(result)

        def failed(error: Exception) -> None:
            finish("")
            if isinstance(error, EXPECTED_FAILURES):
                self._warn(f"{title} failed", str(error) or type(error).__name__)
            else:
                report_failure(self, title.lower(), error)

        task.progressed.connect(progressed)
        task.finished.connect(finished)
        task.failed.connect(failed)
        task.cancelled.connect(lambda: finish(cancelled_message))
        self.progress.setRange(0, 0)
        self.progress.setFormat(f"{title}...")
        self.progress.show()
        self.cancel_button.show()
        task.start()

    def cancel_task(self) -> None:
        if self.task is not None:
            self.task.cancel()

    @guarded("showing the dataset")
    def _take(self, loaded: Loaded, *, live: bool) -> bool:
        """Show what a load produced: a new dataset, or a change on disk to the open one."""
        if live:
            return self._take_change(loaded)
        if loaded.result.dataset is None:
            self._refuse(loaded.path, loaded.result)
            if self.dataset is None and loaded.path != paths.sample_dataset():
                self.open_dataset(paths.sample_dataset())  # never leave the window empty
            return False
        same = self.path is not None and loaded.path == self.path
        self._install(loaded, same_dataset=same)
        remember_dataset(str(loaded.path))
        self._fill_recent_menu()
        return True

    def _refuse(self, path: Path, result: LoadResult) -> None:
        box = message_box(
            self,
            "Cannot open dataset",
            f"{inline(str(path))} could not be opened.",
            icon=QMessageBox.Icon.Warning,
            informative="\n".join(str(problem) for problem in result.problems[:10]),
            detailed=f"Still showing {inline(self.dataset.info.title)}." if self.dataset else "",
        )
        box.exec()

    def _install(self, loaded: Loaded, *, same_dataset: bool) -> None:
        path, result = loaded.path, loaded.result
        dataset = result.dataset
        assert dataset is not None
        assert loaded.index is not None
        if not same_dataset:
            self.history, self.history_position = [], -1
            self.expanded = {grouping: set() for grouping in GROUPINGS}
            if len(dataset.roots()) <= OPEN_STORYLINES_UP_TO:
                self.expanded["storyline"] = set(dataset.roots())
            self.selected = None
        self.path, self.result, self.dataset = path, result, dataset
        self.index = loaded.index
        self._chronology = None
        self.filter_bar.set_dataset(dataset, loaded.index.tags)
        self.watcher.watch(path)
        self.setWindowTitle(window_title(f"{inline(dataset.info.title)} \u2014 {APP_NAME}"))
        self.title_label.setText(inline(dataset.info.title))
        self._show_problems_state(result)
        self._rebuild_tree(loaded.tree)
        if loaded.cache_warning:
            self.statusBar().showMessage(f"Opened without the cache: {loaded.cache_warning}", 15000)

    def _show_problems_state(self, result: LoadResult) -> None:
        errors = result.error_count
        summary = summary_line(result.problems, len(result.files))
        self.problems.set_problems(result.problems, len(result.files))
        self.problems_button.setText(summary.split(" in ")[0])
        if errors:
            self.banner_label.setText(
                f"This dataset is incomplete: {summary}. What could be read is shown; the "
                "Problems panel lists every message."
            )
            self.banner.show()
        else:
            self.banner.hide()

    def choose_dataset_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Open dataset", str(self._dialog_folder()), "Briefing datasets (*.yaml *.yml)"
        )
        if name:
            chosen = Path(name)
            self.open_dataset(chosen.parent if chosen.name == ROOT_FILE else chosen)

    def choose_dataset_folder(self) -> None:
        name = QFileDialog.getExistingDirectory(
            self, "Open dataset folder", str(self._dialog_folder())
        )
        if name:
            self.open_dataset(Path(name))

    def _dialog_folder(self) -> Path:
        if self.path is None:
            return Path.home()
        return self.path if self.path.is_dir() else self.path.parent

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        for recent in recent_datasets():
            action = add_data_action(self.recent_menu, inline(recent))
            action.triggered.connect(lambda _=False, p=recent: self.open_dataset(Path(p)))
        self.recent_menu.setEnabled(bool(self.recent_menu.actions()))

    @guarded("reloading the dataset")
    def reload(self) -> None:
        if self.path is not None:
            self.open_dataset(self.path)

    @guarded("reloading the changed dataset")
    def reload_from_disk(self) -> None:
        """A file changed: swap in the new data if it loaded, else keep the last good data.

        A dataset that already had errors is replaced by any readable new version; a clean one
        only by a clean one, so a half-saved file never blanks the view."""
        if self.path is None or self.result is None:
            return
        if _dataset_bytes(self.path) > BACKGROUND_BYTES:
            self._load_in_background(self.path, live=True)
        else:
            self._take(load_for_window(self.path, self.grouping), live=True)

    def _take_change(self, loaded: Loaded) -> bool:
        """Swap in a changed dataset, unless it lost files or gained errors: then keep the last
        good version and say why in the banner (Reload shows the new state as it is)."""
        assert self.result is not None
        result = loaded.result
        vanished = tuple(
            Problem(file, 1, 1, "error", "file vanished from disk since the last load", "vanished")
            for file in self.result.files
            if file not in set(result.files)
        )
        usable = (
            result.dataset is not None
            and not vanished
            and (result.error_count == 0 or self.result.error_count > 0)
        )
        if usable:
            self._install(loaded, same_dataset=True)
            self.statusBar().showMessage("Reloaded: the dataset changed on disk.", 5000)
            return True
        problems = vanished + result.problems
        what = "lost files" if vanished else "now has problems"
        note = (
            f"The dataset changed on disk and {what}; still showing the last version that "
            f"loaded. {summary_line(problems, len(result.files))}. Reload (F5) shows it as it "
            "is now."
        )
        self.problems.set_problems(problems, len(result.files), note)
        self.banner_label.setText(note)
        self.banner.show()
        return False

    # -- the tree -------------------------------------------------------------------------------

    def _rebuild_tree(self, tree: Tree | None = None) -> None:
        """Show the tree for the current grouping (built already, or built now)."""
        if self.dataset is None:
            return
        self._restoring = True
        if tree is None or tree.grouping != self.grouping:
            tree = make_tree(self.dataset, self.grouping)
        self._nodes_by_key = tree.by_key
        self._nodes_by_event = tree.by_event
        self.proxy.set_visibility(None)
        self.model.set_tree(self.dataset, tree.root)
        self._restoring = False
        self.apply_query(self.filter_bar.query)

    def apply_query(self, query: Query) -> None:
        if self.dataset is None or self.index is None:
            return
        self.query = query
        self.matches = None if query.matches_everything else self.index.matches(query)
        visibility = Visibility(self.grouping, self.matches)
        if self.matches is not None:
            revealed = nodes_to_reveal(self.model.root, visibility, REVEAL_MATCHES)
            self.filter_expanded = {node.key for node in revealed}
        self._restoring = True
        self.proxy.set_visibility(visibility)
        self._set_expanded(self._open_keys())
        self._restoring = False
        total = len(self.dataset.events)
        shown = total if self.matches is None else self.matches.count
        self.count_label.setText(f"{shown} of {total} events")
        self.tree_stack.setCurrentWidget(self.tree if shown else self.empty_page)
        if self.selected is not None and self.selected in self.dataset.events:
            self.select_event(self.selected, record=False)
        elif self.selected is not None:
            self.selected = None
            self.detail.show_nothing()

    def _proxy_index(self, node: TreeNode) -> QModelIndex:
        return self.proxy.mapFromSource(self.model.createIndex(node.row, 0, node))

    def _open_keys(self) -> set[str]:
        """The keys of the nodes open now: around the filter's matches, or the person's own."""
        return self.filter_expanded if self.matches is not None else self.expanded[self.grouping]

    def _set_expanded(self, keys: set[str]) -> None:
        """Open these rows. Just after a proxy reset the view has not laid itself out again yet,
        so each only marks a row open, for the one layout that follows."""
        for key in keys:
            node = self._nodes_by_key.get(key)
            if node is not None:
                index = self._proxy_index(node)
                if index.isValid():
                    self.tree.setExpanded(index, True)

    def _remember_expanded(self, index: QModelIndex) -> None:
        if not self._restoring:
            self._open_keys().add(self.proxy.data(index, NODE_KEY_ROLE))

    def _remember_collapsed(self, index: QModelIndex) -> None:
        if not self._restoring:
            self._open_keys().discard(self.proxy.data(index, NODE_KEY_ROLE))

    def expand_all(self) -> None:
        self.tree.expandAll()
        self._open_keys().update(node.key for node in self._nodes_by_key.values() if node.children)

    def collapse_all(self) -> None:
        self.tree.collapseAll()
        self._open_keys().clear()

    def set_grouping(self, grouping: str) -> None:
        for action in self.grouping_actions.actions():
            action.setChecked(action.data() == grouping)
        if grouping == self.grouping:
            return
        self.grouping = grouping
        self._rebuild_tree()

    # -- selection and navigation ---------------------------------------------------------------

    def select_event(self, event_id: str, *, record: bool = True) -> None:
        """Select the event in the tree (its first visible row), show it, and remember it."""
        if self.dataset is None or event_id not in self.dataset.events:
            return
        self.selected = event_id
        for node in self._nodes_by_event.get(event_id, []):
            index = self._proxy_index(node)
            if index.isValid():
                self._restoring = True
                parent = index.parent()
                while parent.isValid():
                    self.tree.setExpanded(parent, True)
                    self._open_keys().add(self.proxy.data(parent, NODE_KEY_ROLE))
                    parent = parent.parent()
                self.tree.selectionModel().setCurrentIndex(
                    index,
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows,
                )
                self.tree.scrollTo(index)
                self._restoring = False
                break
        else:
            self.tree.selectionModel().clearSelection()
        self.detail.show_event(self.dataset, event_id, self.query.highlight_words())
        if record:
            self._record(event_id)

    def show_children(self, event_id: str) -> None:
        """Select the event and open its row, so its sub-events can be read in the tree."""
        self.select_event(event_id)
        current = self.tree.currentIndex()
        if current.isValid() and self.proxy.data(current, EVENT_ID_ROLE) == event_id:
            self.tree.setExpanded(current, True)
            self.tree.setFocus(Qt.FocusReason.OtherFocusReason)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._restoring or not current.isValid() or self.dataset is None:
            return
        event_id = self.proxy.data(current, EVENT_ID_ROLE)
        if event_id is None:
            node = self.model.node(self.proxy.mapToSource(current))
            self.detail.show_nothing(
                f"{inline(node.label)}: {len(node.event_ids)} events. Open the group to read them."
            )
            return
        self.selected = event_id
        self.detail.show_event(self.dataset, event_id, self.query.highlight_words())
        self._record(event_id)

    def _record(self, event_id: str) -> None:
        if self.history_position >= 0 and self.history[self.history_position] == event_id:
            return
        del self.history[self.history_position + 1 :]
        self.history.append(event_id)
        self.history_position = len(self.history) - 1
        self._update_history_actions()

    def go_back(self) -> None:
        if self.history_position > 0:
            self.history_position -= 1
            self.select_event(self.history[self.history_position], record=False)
            self._update_history_actions()

    def go_forward(self) -> None:
        if self.history_position < len(self.history) - 1:
            self.history_position += 1
            self.select_event(self.history[self.history_position], record=False)
            self._update_history_actions()

    def _update_history_actions(self) -> None:
        self.back_action.setEnabled(self.history_position > 0)
        self.forward_action.setEnabled(self.history_position < len(self.history) - 1)

    def step_in_time(self, step: int) -> None:
        """Select the next (1) or previous (-1) event in time among those the filter shows."""
        if self.dataset is None:
            return
        if self._chronology is None:
            events = self.dataset.events
            self._chronology = tuple(sorted(events, key=lambda i: date_sort_key(events[i].date)))
        matches = self.matches
        order = [i for i in self._chronology if matches is None or i in matches]
        if not order:
            return
        if self.selected in order:
            position = order.index(self.selected) + step
        else:
            position = 0 if step > 0 else len(order) - 1
        if 0 <= position < len(order):
            self.select_event(order[position])

    # -- filter, zoom, help ---------------------------------------------------------------------

    def focus_filter(self) -> None:
        self.filter_bar.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_bar.search.selectAll()

    def clear_filter(self) -> None:
        self.filter_bar.clear()

    def show_problems(self) -> None:
        self.problems.show()
        self.problems.raise_()

    def set_zoom(self, zoom: int) -> None:
        self.zoom = max(ZOOM_LIMITS[0], min(ZOOM_LIMITS[1], zoom))
        size = self._base_font_size * ZOOM_STEP**self.zoom
        for widget in (self.tree, self.detail):
            font = widget.font()
            font.setPointSizeF(size)
            widget.setFont(font)
        self.detail.document().setDefaultFont(self.detail.font())
        if self.dataset is not None and self.selected is not None:
            self.detail.show_event(self.dataset, self.selected, self.query.highlight_words())

    def show_format_help(self) -> None:
        dialog = QDialog(self)
        dialog.setWindowTitle("Dataset format")
        dialog.resize(760, 640)
        browser = QTextBrowser(dialog)
        browser.setOpenLinks(False)
        browser.setMarkdown(paths.document("dataset-format.md").read_text(encoding="utf-8"))
        layout = QVBoxLayout(dialog)
        layout.addWidget(browser)
        dialog.exec()

    def show_about(self) -> None:
        box = message_box(
            self,
            f"About {APP_NAME}",
            f"{APP_NAME} {__version__}",
            informative="Read, filter and print sourced briefings, offline. Reads local YAML "
            "datasets; never writes to them and makes no network connections.",
        )
        box.exec()

    # -- briefing sheets ------------------------------------------------------------------------

    def _ask_sheet(
        self, action: str, scope: Scope, event_id: str | None, then: Callable[[Sheet], object]
    ) -> None:
        """Ask what the sheet should cover, compose it, and hand it to `then`. Composing a
        large dataset's sheet takes a moment, so it runs in the background with Cancel."""
        if self.dataset is None or self.index is None or self.result is None:
            return
        event_id = event_id or self.selected
        filter_text = "" if self.query.matches_everything else self.query.text
        dialog = SheetDialog(
            self,
            action=action,
            scope=scope,
            event_title=self.dataset.events[event_id].title if event_id else None,
            filter_text=filter_text,
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        dialog.remember()
        options = dialog.options(event_id, filter_text)
        warning = ""
        if self.result.error_count:
            warning = (
                f"This dataset has {summary_line(self.result.problems, len(self.result.files))}."
                " The sheet shows what could be read and may be incomplete."
            )
        dataset, query, index, location = self.dataset, self.query, self.index, self.path

        def compose(_report: Report, _cancelled: Callable[[], bool]) -> Sheet:
            return compose_sheet(
                dataset, options, query=query, index=index, warning=warning, location=location
            )

        if len(dataset.events) > BACKGROUND_COMPOSE_EVENTS:
            self._run_task(
                "Composing the sheet",
                compose,
                then,
                cancelled_message="Cancelled; no sheet was made.",
            )
            return
        try:
            sheet = compose(lambda step, total, detail: None, lambda: False)
        except SheetError as error:
            self._warn("Cannot make the sheet", str(error))
            return
        then(sheet)

    def _printer(self, sheet: Sheet) -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageLayout(page_layout(sheet))
        printer.setDocName(sheet.title)
        return printer

    @guarded("making the sheet")
    def print_sheet(self, scope: Scope = "all", event_id: str | None = None) -> None:
        self._ask_sheet("Print", scope, event_id, self._print_composed)

    @guarded("printing the sheet")
    def _print_composed(self, sheet: Sheet) -> None:
        printer = self._printer(sheet)
        if QPrintDialog(printer, self).exec() != QDialog.DialogCode.Accepted:
            return

        def sent(pages: object) -> None:
            self.statusBar().showMessage(f"Sent {pages} pages to the printer.", 6000)

        # Qt paints on a printer from any thread.
        self._make_sheet(
            sheet,
            "Printing",
            lambda report, cancelled: paint_sheet(sheet, printer, report, cancelled),
            sent,
            cancelled_message="Printing cancelled; the print job was withdrawn.",
            failure=("Printing failed", ""),
        )

    @guarded("making the sheet")
    def preview_sheet(self, scope: Scope = "all", event_id: str | None = None) -> None:
        self._ask_sheet("Preview", scope, event_id, self._preview_composed)

    @guarded("previewing the sheet")
    def _preview_composed(self, sheet: Sheet) -> None:
        # Keep the printer referenced while the dialog runs: it only borrows it, and a
        # temporary would be deleted under it.
        printer = self._printer(sheet)
        preview = QPrintPreviewDialog(printer, self)
        preview.setWindowTitle(window_title(f"Print preview: {inline(sheet.title)}"))

        def paint(printer: QPrinter) -> None:
            # Qt's preview asks for every page at once, on this thread (about 2 s for 1,000
            # events): say so with the busy cursor.
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                paint_sheet(sheet, printer)
            finally:
                QApplication.restoreOverrideCursor()

        preview.paintRequested.connect(paint)
        preview.resize(900, 1000)
        preview.exec()

    @guarded("making the sheet")
    def export_sheet(self, scope: Scope = "all", event_id: str | None = None) -> None:
        self._ask_sheet("Export", scope, event_id, self._export_composed)

    @guarded("exporting the sheet")
    def _export_composed(self, sheet: Sheet) -> None:
        settings = app_settings()
        folder = Path(str(settings.value("sheet/folder", Path.home())))
        suggested = folder / f"{safe_file_name(sheet.title)}.pdf"
        name, _ = QFileDialog.getSaveFileName(
            self, "Export briefing sheet", str(suggested), "PDF documents (*.pdf)"
        )
        if not name:
            return
        target = Path(name) if name.lower().endswith(".pdf") else Path(f"{name}.pdf")
        settings.setValue("sheet/folder", str(target.parent))

        def saved(pages: object) -> None:
            self.statusBar().showMessage(f"Saved {pages} pages to {target}.", 8000)

        # The save dialog has already asked before replacing an existing file.
        self._make_sheet(
            sheet,
            "Exporting",
            lambda report, cancelled: export_pdf(
                sheet, target, overwrite=True, report=report, cancelled=cancelled
            ),
            saved,
            cancelled_message=f"Export cancelled; {target} was not written.",
            failure=("Export failed", f"{target} was not written: "),
        )

    def _make_sheet(
        self,
        sheet: Sheet,
        title: str,
        work: Work,
        done: Callable[[Any], object],
        *,
        cancelled_message: str,
        failure: tuple[str, str],
    ) -> None:
        """Print or export: a long sheet in the background with progress and Cancel, a short
        one at once. `failure` is the title and message prefix of the dialog if it fails."""
        if len(sheet.events) > BACKGROUND_SHEET_EVENTS:
            self._run_task(title, work, done, cancelled_message=cancelled_message)
            return
        try:
            done(work(lambda step, total, detail: None, lambda: False))
        except (ExportError, OSError) as error:
            self._warn(failure[0], f"{failure[1]}{error}")

    def _tree_menu(self, position: QPoint) -> None:
        index = self.tree.indexAt(position)
        event_id = self.proxy.data(index, EVENT_ID_ROLE) if index.isValid() else None
        if event_id is None:
            return
        menu = QMenu(self)
        menu.addAction("Print This Event...", lambda: self.print_sheet("event", event_id))
        menu.addAction("Preview This Event...", lambda: self.preview_sheet("event", event_id))
        menu.addAction("Export This Event as PDF...", lambda: self.export_sheet("event", event_id))
        menu.exec(self.tree.viewport().mapToGlobal(position))

    def _warn(self, title: str, text: str) -> None:
        message_box(self, title, text, icon=QMessageBox.Icon.Warning).exec()

    # -- settings -------------------------------------------------------------------------------

    def _restore_settings(self) -> None:
        settings = app_settings()
        geometry = settings.value("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = settings.value("window_state")
        if state is not None:
            self.restoreState(state)
        splitter = settings.value("splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)
        header = settings.value("tree_header")
        if header is not None:
            self.tree.header().restoreState(header)
        grouping = str(settings.value("grouping", "storyline"))
        self.grouping = grouping if grouping in GROUPINGS else "storyline"
        for action in self.grouping_actions.actions():
            action.setChecked(action.data() == self.grouping)
        zoom = settings.value("zoom", 0)
        self.set_zoom(int(zoom) if str(zoom).lstrip("-").isdigit() else 0)
        self._fill_recent_menu()

    def save_settings(self) -> None:
        settings = app_settings()
        settings.setValue("geometry", self.saveGeometry())
        settings.setValue("window_state", self.saveState())
        settings.setValue("splitter", self.splitter.saveState())
        settings.setValue("tree_header", self.tree.header().saveState())
        settings.setValue("grouping", self.grouping)
        settings.setValue("zoom", self.zoom)
        settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_settings()
        self.watcher.stop()
        if self.task is not None:
            self.task.wait()
        super().closeEvent(event)


def safe_file_name(title: str) -> str:
    """A file name from a title: no path separators or characters Windows refuses."""
    name = _UNSAFE_IN_FILE_NAMES.sub(" ", title).strip(" .")
    return " ".join(name.split())[:120] or "briefing"


def _dataset_bytes(path: Path) -> int:
    """The size of a dataset's YAML files, to judge whether opening it takes a moment (a file
    that cannot be looked at counts as nothing; the load itself reports it)."""
    total = 0
    try:
        files = dataset_files(path) if path.is_dir() else [path]
    except OSError:
        return 0
    for file in files:
        with contextlib.suppress(OSError):
            total += file.stat().st_size
    return total
