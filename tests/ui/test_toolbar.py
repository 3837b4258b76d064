"""The toolbar: Back, Forward, Reload, Print and the filter; hidden from View > Toolbar, and
remembered."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from briefing_app import paths
from briefing_app.ui.main_window import MainWindow


def test_the_toolbar_holds_the_reading_actions(window: MainWindow) -> None:
    texts = [action.text() for action in window.toolbar.actions()]
    assert texts == ["&Back", "&Forward", "&Reload", "&Print...", "Filter"]
    assert window.toolbar.isVisible()
    window.toolbar.actions()[-1].trigger()
    assert window.filter_bar.search.hasFocus()


def test_the_toolbar_can_be_hidden_and_stays_hidden(qtbot: QtBot, window: MainWindow) -> None:
    window.toolbar_action.trigger()
    assert not window.toolbar.isVisible()
    window.close()
    second = MainWindow()
    qtbot.addWidget(second)
    assert second.open_dataset(paths.sample_dataset())
    second.show()
    second.watcher.stop()
    assert not second.toolbar.isVisible()
    assert not second.toolbar_action.isChecked()
