"""Sorting the tree and choosing its columns as a person does: clicking a header (a second click
reverses), or from the keyboard through View > Sort By and View > Columns; both remembered."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from briefing_app import paths
from briefing_app.core.tree_sort import COLUMNS
from briefing_app.ui.main_window import MainWindow
from briefing_app.ui.tree_model import EVENT_ID_ROLE


def top_level(window: MainWindow) -> list[str]:
    proxy = window.proxy
    return [proxy.data(proxy.index(row, 0), EVENT_ID_ROLE) for row in range(proxy.rowCount())]


def children(window: MainWindow, row: int) -> list[str]:
    proxy = window.proxy
    parent = proxy.index(row, 0)
    return [
        proxy.data(proxy.index(child, 0, parent), EVENT_ID_ROLE)
        for child in range(proxy.rowCount(parent))
    ]


def click_header(qtbot: QtBot, window: MainWindow, column: str) -> None:
    header = window.tree.header()
    section = COLUMNS.index(column)
    x = header.sectionViewportPosition(section) + header.sectionSize(section) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))


def test_clicking_a_header_sorts_and_a_second_click_reverses(
    qtbot: QtBot, window: MainWindow
) -> None:
    before = top_level(window)
    click_header(qtbot, window, "title")
    titles = [window.dataset.events[i].title for i in top_level(window)]
    assert titles == sorted(titles, key=str.casefold)
    assert window.tree.header().sortIndicatorSection() == 0
    click_header(qtbot, window, "title")
    assert [window.dataset.events[i].title for i in top_level(window)] == titles[::-1]
    assert window.tree.sort_descending
    # The storylines keep their sub-events: each child is still under its own parent.
    for row, parent in enumerate(top_level(window)):
        assert {window.dataset.events[c].parent for c in children(window, row)} <= {parent}
    window.tree.set_sort("")  # the dataset's own order again
    assert top_level(window) == before


def test_sorting_keeps_the_selection_and_what_is_open(window: MainWindow) -> None:
    window.select_event("minor-forces-remain")
    window.tree.set_sort("date", descending=True)
    assert window.selected == "minor-forces-remain"
    current = window.tree.currentIndex()
    assert window.proxy.data(current, EVENT_ID_ROLE) == "minor-forces-remain"
    assert window.tree.isExpanded(current.parent())


def trigger(menu: QMenu, text: str) -> None:
    menu.aboutToShow.emit()  # as when it opens: its entries are made for the state now
    (action,) = [action for action in menu.actions() if action.text() == text]
    action.trigger()


def test_the_keyboard_sorts_and_chooses_columns_through_the_view_menu(
    window: MainWindow,
) -> None:
    trigger(window.sort_menu, "Credibility")
    assert window.tree.sort_column == "credibility"
    trigger(window.sort_menu, "&Descending")
    assert window.tree.sort_descending
    header = window.tree.header()
    assert header.isSectionHidden(COLUMNS.index("quotes"))
    trigger(window.columns_menu, "Quotes")
    assert not header.isSectionHidden(COLUMNS.index("quotes"))
    quotes = window.proxy.index(0, COLUMNS.index("quotes"))
    assert quotes.isValid()
    trigger(window.columns_menu, "Place")
    assert header.isSectionHidden(COLUMNS.index("place"))
    assert "Title" not in [action.text() for action in window.columns_menu.actions()]


def test_the_header_menu_chooses_columns_too(window: MainWindow) -> None:
    menu = window.tree._header_menu()
    (worst,) = [action for action in menu.actions() if action.text() == "Worst source"]
    worst.trigger()
    assert "worst_source" in window.tree.shown_columns


def test_the_order_and_the_columns_are_remembered(qtbot: QtBot, window: MainWindow) -> None:
    window.tree.set_sort("date", descending=True)
    window.tree.show_columns({"date", "actors", "quotes"})
    window.close()
    second = MainWindow()
    qtbot.addWidget(second)
    assert second.open_dataset(paths.sample_dataset())
    second.show()
    second.watcher.stop()
    assert (second.tree.sort_column, second.tree.sort_descending) == ("date", True)
    assert second.tree.shown_columns == ("title", "date", "actors", "quotes")
    dates = [second.dataset.events[i].date for i in top_level(second)]
    lowers = [date.lower for date in dates if date]
    assert lowers == sorted(lowers, reverse=True)
