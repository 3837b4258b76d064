"""The detail pane shows only what is true now: nothing of a dataset no longer open, an event
the filter hides says so, and focus alone never shows a row that does not look selected."""

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from briefing_app import paths
from briefing_app.ui.main_window import MainWindow
from briefing_app.ui.navigation import HIDDEN_BY_FILTER

START = "Select an event in the tree to read it here."


@pytest.fixture
def window(qtbot: QtBot) -> Iterator[MainWindow]:
    main = MainWindow()
    qtbot.addWidget(main)
    main.show()
    assert main.open_dataset(paths.sample_dataset())
    yield main
    main.watcher.stop()


def test_opening_another_dataset_clears_the_page(window: MainWindow, tmp_path: Path) -> None:
    other = tmp_path / "other"
    shutil.copytree(paths.sample_dataset(), other)
    window.select_event("nato-largest-presence")
    assert "NATO" in window.detail.toPlainText()
    assert window.open_dataset(other)
    assert window.detail.toPlainText() == START
    assert window.detail.event_id is None


def test_an_event_the_filter_hides_says_so(window: MainWindow) -> None:
    window.select_event("nato-largest-presence")
    window.filter_bar.search.setText("wagner")
    window.filter_bar.apply_now()
    assert window.count_label.text() == "1 of 24 events"
    assert window.detail.toPlainText().startswith(HIDDEN_BY_FILTER)
    window.filter_bar.search.setText("")
    window.filter_bar.apply_now()
    assert not window.detail.toPlainText().startswith(HIDDEN_BY_FILTER)


def test_focus_alone_does_not_show_a_row(qtbot: QtBot, window: MainWindow) -> None:
    window.tree.setCurrentIndex(window.proxy.index(-1, 0))
    window.tree.selectionModel().clearSelection()
    window.detail.show_nothing()
    window.filter_bar.search.setFocus()
    qtbot.keyClick(window.filter_bar.search, Qt.Key.Key_Tab)
    window.tree.setFocus(Qt.FocusReason.TabFocusReason)
    window.tree.selectionModel().setCurrentIndex(
        window.proxy.index(0, 0), window.tree.selectionModel().SelectionFlag.NoUpdate
    )
    assert window.detail.toPlainText() == START
