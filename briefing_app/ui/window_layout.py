"""The main window's widgets and menus, built once: what goes where, and which key does what."""

from __future__ import annotations

import itertools

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QMenu,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from briefing_app import paths
from briefing_app.core.tree import GROUPING_LABELS, GROUPINGS
from briefing_app.ui.banner import Banner
from briefing_app.ui.detail_pane import DetailPane
from briefing_app.ui.event_tree import EventTreeView
from briefing_app.ui.filter_bar import FilterBar
from briefing_app.ui.pane_find import PaneFindBar
from briefing_app.ui.plain_text import PlainStatusBar, plain_label
from briefing_app.ui.problems_panel import ProblemsPanel
from briefing_app.ui.query_completion import QueryCompleter
from briefing_app.ui.query_history import QueryHistory
from briefing_app.ui.tree_model import EventFilterProxy, EventTreeModel


class WindowLayout:
    """Builds the window's widgets and actions; the other parts of MainWindow use them by name."""

    def _build_widgets(self) -> None:
        # Made in the order Tab visits them: the banner on top, then the filter bar.
        self.banner = Banner(self)
        self.banner_label = self.banner.label
        self.banner_button = self.banner.button
        self.filter_bar = FilterBar(self)
        self.query_history = QueryHistory(self.filter_bar.search)
        self.query_completer = QueryCompleter(self.filter_bar.search)
        self.model = EventTreeModel(self)
        self.proxy = EventFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.tree = EventTreeView(self)
        self.tree.setObjectName("eventTree")
        self.tree.setAccessibleName("Events")
        self.tree.setModel(self.proxy)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        # Several rows may be selected, to copy them; the page shows the current one.
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)

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
        detail_area = QWidget(self)
        self.pane_find = PaneFindBar(self.detail, detail_area)
        detail_layout = QVBoxLayout(detail_area)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.setSpacing(0)
        detail_layout.addWidget(self.detail, 1)
        detail_layout.addWidget(self.pane_find)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.tree_stack)
        self.splitter.addWidget(detail_area)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([700, 500])

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
        self._set_tab_order()

    def _set_tab_order(self) -> None:
        """Tab goes through the filter bar (its field, then its date fields and pickers), then
        the tree (or, when nothing matches, its Clear button), then the detail pane and the
        Problems panel: the order they read on screen."""
        chain = [
            _last_in_focus_chain(self.filter_bar),
            self.tree,
            self.clear_button,
            self.detail,
            self.pane_find.field,
            self.problems.table,
            self.problems.open_button,
            self.problems.copy,
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _build_toolbar(self, view_menu: QMenu) -> None:
        """Back, Forward, Reload, Print and the filter, the actions the menus already hold;
        hidden from View > Toolbar (or the toolbar's own context menu), and remembered with
        the window's state."""
        self.toolbar = QToolBar("Toolbar", self)
        self.toolbar.setObjectName("mainToolbar")  # so saveState can remember it
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        find = QAction("Filter", self)
        find.setToolTip("Find events: the filter (Ctrl+F)")
        find.triggered.connect(self.focus_filter)
        for action, icon in (
            (self.back_action, "go-previous"),
            (self.forward_action, "go-next"),
            (self.reload_action, "view-refresh"),
            (self.print_action, "document-print"),
            (find, "edit-find"),
        ):
            action.setIcon(_toolbar_icon(self, icon))
            self.toolbar.addAction(action)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)
        self.toolbar_action = self.toolbar.toggleViewAction()
        self.toolbar_action.setText("&Toolbar")
        view_menu.addSeparator()
        view_menu.addAction(self.toolbar_action)

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
        self.recent_menu.setToolTipsVisible(True)  # each dataset's path
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
        self.export_list_action = self._action(
            file_menu, "Export &List...", self.export_list, [key("Ctrl+Shift+L")]
        )
        file_menu.addSeparator()
        self._action(file_menu, "&Quit", self.close, [key(key.StandardKey.Quit)])

        edit_menu = bar.addMenu("&Edit")
        # Ctrl+C copies rows only while the tree has the focus: in the pane or the filter field
        # it copies their selected text, as everywhere.
        self.copy_events_action = self._action(
            edit_menu, "&Copy Events", lambda: self.copy_events(), [key(key.StandardKey.Copy)]
        )
        self.copy_events_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.tree.addAction(self.copy_events_action)
        self.copy_markdown_action = self._action(
            edit_menu,
            "Copy Events as &Markdown",
            lambda: self.copy_events(markdown=True),
            [key("Ctrl+Shift+C")],
        )

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
        self.columns_menu = view_menu.addMenu("Colu&mns")
        self.columns_menu.aboutToShow.connect(
            lambda: self.tree.fill_columns_menu(self.columns_menu)
        )
        self.sort_menu = view_menu.addMenu("&Sort By")
        self.sort_menu.aboutToShow.connect(lambda: self.tree.fill_sort_menu(self.sort_menu))
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
        self._action(view_menu, "Find in &Page", self.pane_find.open_bar, [key("Ctrl+Shift+F")])
        self.clear_filter_action = self._action(
            view_menu, "C&lear Filter", self.clear_filter, [key("Ctrl+Shift+Backspace")]
        )

        self.searches_menu = bar.addMenu("&Searches")
        self.searches_menu.aboutToShow.connect(lambda: self.fill_searches_menu(self.searches_menu))

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

        self._build_toolbar(view_menu)

        help_menu = bar.addMenu("&Help")
        self._action(
            help_menu, "&Query Language", self.show_query_help, [key(key.StandardKey.HelpContents)]
        )
        self._action(help_menu, "&Dataset Format", self.show_format_help)
        self._action(help_menu, "&About Briefing Viewer", self.show_about)
        self._update_history_actions()


def _toolbar_icon(widget: QWidget, name: str) -> QIcon:
    """The desktop theme's icon, else Qt's own where it has one (it has none for print or
    find: those buttons then show their words alone)."""
    style = widget.style()
    fallback = {
        "go-previous": style.StandardPixmap.SP_ArrowBack,
        "go-next": style.StandardPixmap.SP_ArrowForward,
        "view-refresh": style.StandardPixmap.SP_BrowserReload,
    }.get(name)
    return (
        QIcon.fromTheme(name, style.standardIcon(fallback)) if fallback else QIcon.fromTheme(name)
    )


def _last_in_focus_chain(container: QWidget) -> QWidget:
    """The last of `container`'s widgets in the focus chain, so what follows it is set there
    whatever widgets the container has (its own widgets were made together, so they come
    together in the chain)."""
    last, widget = container, container.nextInFocusChain()
    while widget is not container and container.isAncestorOf(widget):
        last, widget = widget, widget.nextInFocusChain()
    return last
