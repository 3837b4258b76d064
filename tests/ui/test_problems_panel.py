"""The Problems panel leads to the problem: Enter on a row selects the event it is in (or opens
the page of the actor, place or source), Open File hands its file to the desktop; the table
sorts by file, line, severity or rule, with an icon for each severity."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from briefing_app.ui import problems_panel
from briefing_app.ui.main_window import MainWindow
from tests.core.helpers import write

BROKEN = """\
dataset: {title: T}
sources:
  - {id: s, kind: article, title: S, reliability: B}
actors:
  - {id: a, name: A, kind: persn}
events:
  - {id: first, title: First, sources: [s]}
  - id: second
    title: Second
    sources: [s]
    status: contestd
"""


@pytest.fixture
def broken(qtbot: QtBot, tmp_path: Path) -> MainWindow:
    main = MainWindow()
    qtbot.addWidget(main)
    main.show()
    assert main.open_dataset(write(tmp_path, "brief.yaml", BROKEN))
    main.watcher.stop()
    main.show_problems()
    return main


def rows(window: MainWindow) -> list[tuple[str, str, str]]:
    table = window.problems.table
    return [
        (
            table.topLevelItem(i).text(0),
            table.topLevelItem(i).text(2),
            table.topLevelItem(i).text(4),
        )
        for i in range(table.topLevelItemCount())
    ]


def test_enter_on_a_problem_selects_its_event(qtbot: QtBot, broken: MainWindow) -> None:
    table = broken.problems.table
    (row,) = [
        i for i in range(table.topLevelItemCount()) if "contestd" in table.topLevelItem(i).text(5)
    ]
    table.setCurrentItem(table.topLevelItem(row))
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert broken.selected == "second"
    assert broken.detail.event_id == "second"


def test_a_problem_in_an_actor_opens_its_page(broken: MainWindow) -> None:
    table = broken.problems.table
    (item,) = [
        table.topLevelItem(i)
        for i in range(table.topLevelItemCount())
        if "persn" in table.topLevelItem(i).text(5)
    ]
    table.itemActivated.emit(item, 0)
    assert broken.detail.entity == ("actor", "a")


def test_the_table_sorts_and_marks_severity(broken: MainWindow) -> None:
    table = broken.problems.table
    assert [line for _, line, _ in rows(broken)] == sorted(
        (line for _, line, _ in rows(broken)), key=int
    )
    table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert rows(broken)[0][0] == "warning"
    table.sortByColumn(4, Qt.SortOrder.AscendingOrder)
    rules = [rule for _, _, rule in rows(broken)]
    assert rules == sorted(rules)
    assert not table.topLevelItem(0).icon(0).isNull()


def test_open_file_hands_the_file_to_the_desktop(
    broken: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(problems_panel, "open_in_desktop", lambda path: opened.append(path) or True)
    monkeypatch.setattr(
        "briefing_app.ui.problem_actions.open_in_desktop", problems_panel.open_in_desktop
    )
    broken.problems.open_button.click()
    assert opened == [str(broken.path)]
    assert "the problem is on line" in broken.statusBar().currentMessage()


def test_line_sorts_by_line_across_files(broken: MainWindow) -> None:
    from briefing_app.core.problems import Problem

    problems = (
        Problem("b.yaml", 33, 1, "error", "x", "enum"),
        Problem("a.yaml", 107, 1, "error", "y", "enum"),
        Problem("c.yaml", 143, 1, "warning", "z", "enum"),
    )
    broken.problems.set_problems(problems, 3)
    broken.problems.table.sortByColumn(2, Qt.SortOrder.AscendingOrder)
    assert [line for _, line, _ in rows(broken)] == ["33", "107", "143"]
    assert broken.problems.current.text().startswith("a.yaml:107:1")  # the first, in full


def test_a_file_swapped_for_a_link_outside_is_not_handed_on(
    broken: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(
        "briefing_app.ui.problem_actions.open_in_desktop", lambda path: opened.append(path)
    )
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text("x: 1\n", encoding="utf-8")
    folder = tmp_path / "folder"
    write(folder, "dataset.yaml", BROKEN)
    assert broken.open_dataset(folder)
    (folder / "dataset.yaml").unlink()
    (folder / "dataset.yaml").symlink_to(outside)
    broken.watcher.stop()
    problem = broken.result.problems[0]
    broken.open_problem_file(problem)
    assert opened == []
    assert "is not a file of the dataset" in broken.statusBar().currentMessage()


def test_files_inside_the_dataset_folder_are_named_from_there(qtbot: QtBot, tmp_path: Path) -> None:
    folder = tmp_path / "brief"
    write(folder, "dataset.yaml", BROKEN)
    main = MainWindow()
    qtbot.addWidget(main)
    assert main.open_dataset(folder)
    main.watcher.stop()
    table = main.problems.table
    assert {table.topLevelItem(i).text(1) for i in range(table.topLevelItemCount())} == {
        "dataset.yaml"
    }
    assert main.problems.current.text().startswith(str(folder / "dataset.yaml"))
