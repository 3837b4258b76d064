"""Hostile shapes in the detail pane: a parent with very many children must not freeze it."""

import re
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


def crowded_dataset(folder: Path) -> Path:
    """One event citing CHILDREN sources, with as many tags, disputes and quotes."""
    lines = ["dataset: {title: Crowded}", "actors:", "  - {id: a, name: A, kind: person}"]
    lines.append("sources:")
    lines += [
        f"  - {{id: s{n}, kind: article, title: Source {n}, reliability: B}}"
        for n in range(CHILDREN)
    ]
    lines += ["events:", "  - id: e", "    title: E", "    actors: [{actor: a}]"]
    lines.append(f"    sources: [{', '.join(f's{n}' for n in range(CHILDREN))}]")
    lines.append(f"    tags: [{', '.join(f'tag{n}' for n in range(CHILDREN))}]")
    lines.append("    disputes:")
    lines += [
        f"      - {{by: a, stance: contests, summary: Dispute {n}, source: s{n}}}"
        for n in range(CHILDREN)
    ]
    lines.append("    quotes:")
    lines += [
        f"      - {{text: Quote {n}, mode: direct, speaker: a, source: s{n}, locator: p{n}}}"
        for n in range(CHILDREN)
    ]
    path = folder / "crowded.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_every_long_list_on_a_page_is_capped(qtbot: QtBot, tmp_path: Path) -> None:
    main = MainWindow()
    qtbot.addWidget(main)
    assert main.open_dataset(crowded_dataset(tmp_path))
    main.select_event("e")
    text = main.detail.toPlainText()
    main.watcher.stop()
    left_out = CHILDREN - LIST_CAP
    assert (
        text.count(f"and {left_out} more, not listed here") == 4
    )  # tags, quotes, disputes, sources
    for kind in ("Source", "Dispute", "Quote"):
        assert f"{kind} {LIST_CAP - 1}" in text
        assert not re.search(rf"\b{kind} {LIST_CAP}\b", text)
    assert f"tag{LIST_CAP - 1}" in text
    assert not re.search(rf"\btag{LIST_CAP}\b", text)
