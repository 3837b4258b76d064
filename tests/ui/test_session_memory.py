"""On restart the last dataset opens where the person left it: selection, filter, what was open
in the tree, and the scroll position."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from briefing_app import paths
from briefing_app.ui.main_window import MainWindow
from briefing_app.ui.tree_model import EVENT_ID_ROLE


def restart(qtbot: QtBot) -> MainWindow:
    second = MainWindow()
    qtbot.addWidget(second)
    second.resize(900, 300)  # short, so the tree can scroll
    second.show()
    second.open_initial(None)
    qtbot.wait(10)  # the scroll position is set after the first layout
    second.watcher.stop()
    return second


def first_window(qtbot: QtBot) -> MainWindow:
    first = MainWindow()
    qtbot.addWidget(first)
    first.resize(900, 300)
    first.show()
    first.open_initial(paths.sample_dataset())
    first.watcher.stop()
    return first


def test_the_last_dataset_opens_where_it_was_left(qtbot: QtBot) -> None:
    first = first_window(qtbot)
    first.expand_all()
    first.select_event("sof-commander-report")
    bar = first.tree.verticalScrollBar()
    bar.setValue(bar.maximum())
    scroll = bar.value()
    assert scroll > 0
    opened = set(first.expanded["storyline"])
    first.close()

    second = restart(qtbot)
    assert second.path == paths.sample_dataset()
    assert second.selected == "sof-commander-report"
    assert second.proxy.data(second.tree.currentIndex(), EVENT_ID_ROLE) == "sof-commander-report"
    assert second.expanded["storyline"] == opened
    assert second.tree.verticalScrollBar().value() == scroll


def test_the_filter_is_kept_too(qtbot: QtBot) -> None:
    first = first_window(qtbot)
    first.filter_bar.set_text("withdrawal")
    first.close()
    second = restart(qtbot)
    assert second.filter_bar.search.text() == "withdrawal"
    assert second.count_label.text() == first.count_label.text()


def test_a_session_naming_what_is_gone_opens_without_it(qtbot: QtBot) -> None:
    from briefing_app.ui.settings import Session, save_session

    save_session(
        str(paths.sample_dataset()),
        Session(selected="deleted-since", filter_text="", expanded=("no/such/key",), scroll=99),
    )
    from briefing_app.ui.settings import remember_dataset

    remember_dataset(str(paths.sample_dataset()))
    second = restart(qtbot)
    assert second.path == paths.sample_dataset()
    assert second.selected is None
    assert "no/such/key" not in second.expanded["storyline"]


def test_a_storyline_closed_stays_closed(qtbot: QtBot) -> None:
    first = first_window(qtbot)  # a new dataset opens with its storylines open
    first.collapse_all()
    first.close()
    second = restart(qtbot)
    assert second.expanded["storyline"] == set()
    proxy = second.proxy
    assert not any(second.tree.isExpanded(proxy.index(row, 0)) for row in range(proxy.rowCount()))
