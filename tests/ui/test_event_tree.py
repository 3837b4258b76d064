"""The tree's context menu acts on the row the person means: the selected one from the keyboard,
the one under the pointer from the mouse."""

from collections.abc import Callable, Iterator
from typing import ClassVar

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from briefing_app import paths
from briefing_app.ui import sheet_actions
from briefing_app.ui.main_window import MainWindow


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
