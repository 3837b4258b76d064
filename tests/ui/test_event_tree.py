"""The tree's context menu acts on the row the person means: the selected one from the keyboard,
the one under the pointer from the mouse. Its columns leave Title readable in a narrow window
and fit their contents after a zoom; group rows span every column, so their counts show."""

from collections.abc import Callable, Iterator
from typing import ClassVar

import pytest
from PySide6.QtCore import QModelIndex, QPoint
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from briefing_app import paths
from briefing_app.ui import event_tree, sheet_actions
from briefing_app.ui.main_window import MainWindow
from briefing_app.ui.tree_model import EVENT_ID_ROLE


class RecordedMenu:
    """Stands for QMenu (whose exec would wait for a click): keeps what it was given."""

    shown: ClassVar[list["RecordedMenu"]] = []

    def __init__(self, _parent: object) -> None:
        self.actions: dict[str, Callable[[], object]] = {}

    def addAction(self, text: str, slot: Callable[[], object]) -> None:
        self.actions[text] = slot

    def exec(self, _position: QPoint) -> None:
        RecordedMenu.shown.append(self)


@pytest.fixture
def window(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> Iterator[MainWindow]:
    RecordedMenu.shown = []
    monkeypatch.setattr(sheet_actions, "QMenu", RecordedMenu)
    main = MainWindow()
    qtbot.addWidget(main)
    main.resize(1200, 800)
    main.show()
    assert main.open_dataset(paths.sample_dataset())
    yield main
    main.watcher.stop()


def exported_by_menu(
    window: MainWindow, event: QContextMenuEvent, monkeypatch: pytest.MonkeyPatch
) -> list[tuple[str, str | None]]:
    """Which event the menu's "Export This Event" would export, after `event`."""
    exported: list[tuple[str, str | None]] = []
    monkeypatch.setattr(
        window,
        "export_sheet",
        lambda scope="all", event_id=None: exported.append((scope, event_id)),
    )
    keyboard = event.reason() == QContextMenuEvent.Reason.Keyboard
    QApplication.sendEvent(window.tree if keyboard else window.tree.viewport(), event)
    for menu in RecordedMenu.shown:
        menu.actions["Export This Event as PDF..."]()
    return exported


def test_the_menu_key_acts_on_the_selected_event(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.select_event("lukashenko-border-visit")
    middle = window.tree.viewport().rect().center()
    assert window.tree.currentIndex() != window.tree.indexAt(middle)  # what the old menu used
    event = QContextMenuEvent(
        QContextMenuEvent.Reason.Keyboard, middle, window.tree.viewport().mapToGlobal(middle)
    )
    assert exported_by_menu(window, event, monkeypatch) == [("event", "lukashenko-border-visit")]


def test_the_mouse_acts_on_the_row_under_the_pointer(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.select_event("lukashenko-border-visit")
    target = window._nodes_by_event["nato-largest-presence"][0]
    point = window.tree.visualRect(window._proxy_index(target)).center()
    global_point = window.tree.viewport().mapToGlobal(point)
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, point, global_point)
    assert exported_by_menu(window, event, monkeypatch) == [("event", "nato-largest-presence")]


def test_no_menu_on_empty_space(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    window.collapse_all()
    below = window.tree.viewport().rect().bottomLeft() + QPoint(5, -5)
    global_point = window.tree.viewport().mapToGlobal(below)
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, below, global_point)
    exported_by_menu(window, event, monkeypatch)
    assert RecordedMenu.shown == []


# -- columns and group rows -------------------------------------------------------------------


def painted(window: MainWindow) -> None:
    """Paint the tree as the screen would (group rows span as they are painted)."""
    window.tree.viewport().grab()


def test_title_keeps_its_minimum_in_a_narrow_window(window: MainWindow) -> None:
    window.resize(760, 700)
    window.set_grouping("actor")
    painted(window)
    header = window.tree.header()
    em = window.tree.fontMetrics().averageCharWidth()
    assert header.sectionSize(0) >= event_tree.TITLE_MINIMUM * em >= 20 * em
    assert header.sectionSize(1) >= window.tree.sizeHintForColumn(1) - 1  # dates read whole
    window.resize(1400, 700)  # and wider again, Title takes the room the others leave
    QApplication.processEvents()
    room = window.tree.viewport().width()
    assert sum(header.sectionSize(column) for column in range(header.count())) == room
    assert header.sectionSize(2) > 8 * em  # Place has its width back


def test_a_column_dragged_wider_takes_its_room_from_title(window: MainWindow) -> None:
    header = window.tree.header()
    title = header.sectionSize(0)
    header.resizeSection(2, header.sectionSize(2) + 40)  # as a drag does
    assert header.sectionSize(0) == title - 40


def group_rows(window: MainWindow, parent: QModelIndex = QModelIndex()) -> list[QModelIndex]:
    proxy, found = window.proxy, []
    for row in range(proxy.rowCount(parent)):
        index = proxy.index(row, 0, parent)
        if proxy.data(index, EVENT_ID_ROLE) is None:
            found.append(index)
            found += group_rows(window, index)
    return found


def spanned(window: MainWindow, index: QModelIndex) -> bool:
    return window.tree.isFirstColumnSpanned(index.row(), index.parent())


def test_group_rows_span_every_column_so_their_counts_show(window: MainWindow) -> None:
    window.resize(760, 700)
    window.set_grouping("tag")
    painted(window)
    groups = group_rows(window)
    assert groups
    assert all(spanned(window, index) for index in groups)
    first = window.tree.visualRect(groups[0])
    assert first.width() > window.tree.header().sectionSize(0)  # across the other columns
    window.filter_bar.set_text("withdrawal")  # a filter resets the rows: spans come back
    painted(window)
    assert all(spanned(window, index) for index in group_rows(window))
    assert "of" in window.proxy.data(group_rows(window)[0])  # "withdrawal (3 of 5)"


def test_months_span_once_their_year_opens_and_events_never_do(window: MainWindow) -> None:
    window.set_grouping("date")
    window.expand_all()
    painted(window)
    months = [index for index in group_rows(window) if index.parent().isValid()]
    assert months
    assert all(spanned(window, index) for index in months)
    window.set_grouping("storyline")
    painted(window)
    storyline = window.proxy.index(0, 0)
    assert not spanned(window, storyline)  # an event row, with a date and a place to show


def test_zoom_fits_the_columns_to_their_contents(window: MainWindow) -> None:
    header = window.tree.header()
    window.set_zoom(4)
    painted(window)
    metrics = window.tree.fontMetrics()
    widest_date = max(
        metrics.horizontalAdvance(window.proxy.data(window.proxy.index(row, 1)))
        for row in range(window.proxy.rowCount())
    )
    assert header.sectionSize(1) > widest_date
    assert header.font().pointSizeF() == window.tree.font().pointSizeF()  # headers zoom too
