"""Hostile shapes in the detail pane: a parent with very many children must not freeze it."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from pytestqt.qtbot import QtBot

from briefing_app.ui.detail_html import LIST_CAP, SHOW_CHILDREN
from briefing_app.ui.main_window import MainWindow
from briefing_app.ui.tree_model import EVENT_ID_ROLE

CHILDREN = LIST_CAP + 57


def wide_dataset(folder: Path) -> Path:
    lines = [
        "dataset: {title: Wide}",
        "sources:",
        "  - {id: s, kind: article, title: S, reliability: B}",
        "events:",
        "  - {id: root, title: Root, sources: [s], date: 2024-07-13}",
    ]
    lines += [
        f"  - {{id: c{n}, parent: root, title: Child {n}, sources: [s], date: 2024-07-13}}"
        for n in range(CHILDREN)
    ]
    path = folder / "wide.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    main = MainWindow()
    qtbot.addWidget(main)
    main.show()
    assert main.open_dataset(wide_dataset(tmp_path))
    yield main
    main.watcher.stop()


def test_a_long_list_of_sub_events_is_capped_with_a_way_to_the_rest(window: MainWindow) -> None:
    window.collapse_all()
    window.select_event("root")
    text = window.detail.toPlainText()
    assert f"Child {LIST_CAP - 1}" in text
    assert f"Child {LIST_CAP}\n" not in text
    assert f"and {CHILDREN - LIST_CAP} more: show them in the tree" in text
    window.detail.anchorClicked.emit(QUrl(f"{SHOW_CHILDREN}:root"))
    current = window.tree.currentIndex()
    assert window.proxy.data(current, EVENT_ID_ROLE) == "root"
    assert window.tree.isExpanded(current)
    assert window.proxy.rowCount(current) == CHILDREN
