"""Copying rows and exporting the list as a person does: Ctrl+C in the tree (and only there),
Copy as Markdown, File > Export List... as CSV or Markdown, whole or not at all."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from briefing_app import paths
from briefing_app.ui.main_window import MainWindow


def test_ctrl_c_in_the_tree_copies_the_selected_events(qtbot: QtBot, window: MainWindow) -> None:
    window.select_event("withdrawal-announced")
    selection = window.tree.selectionModel()
    window.select_event("minor-forces-remain", record=False)
    first = window._proxy_index(window._nodes_by_event["withdrawal-announced"][0])
    selection.select(
        first, QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    )
    window.tree.setFocus()
    QGuiApplication.clipboard().clear()
    qtbot.keyClick(window.tree, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    copied = QGuiApplication.clipboard().text()
    blocks = copied.strip().split("\n\n")
    assert len(blocks) == 2
    assert blocks[0].startswith("Defence minister announces")  # in the order shown
    assert blocks[1].startswith("Minor forces stay to watch the southern border (13 Jul 2024)")
    assert "  Source: Army Recognition" in blocks[1]
    assert window.statusBar().currentMessage() == "Copied 2 events to the clipboard."


def test_ctrl_c_in_the_pane_copies_its_text_not_events(qtbot: QtBot, window: MainWindow) -> None:
    window.select_event("minor-forces-remain")
    window.detail.setFocus()
    window.detail.selectAll()
    qtbot.keyClick(window.detail, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text().startswith("Minor forces stay to watch")
    assert "Source: Army Recognition" not in QGuiApplication.clipboard().text()[:80]


def test_copy_as_markdown(window: MainWindow) -> None:
    window.select_event("minor-forces-remain")
    window.copy_markdown_action.trigger()
    lines = QGuiApplication.clipboard().text().splitlines()
    assert lines[0] == "| Date | Event | Status | Credibility | Sources |"
    assert lines[2].startswith("| 13 Jul 2024 | Minor forces stay to watch the southern border |")


@pytest.mark.parametrize(
    ("suffix", "chosen"), [(".csv", "CSV (*.csv)"), (".md", "Markdown (*.md)")]
)
def test_export_list_writes_the_filtered_events(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str, chosen: str
) -> None:
    window.filter_bar.set_text("actor:khrenin")
    target = tmp_path / "list"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(target), chosen)
    )
    window.export_list_action.trigger()
    written = (tmp_path / f"list{suffix}").read_text(encoding="utf-8")
    expected = window.index.matching_ids(window.query)
    if suffix == ".csv":
        rows = list(csv.DictReader(io.StringIO(written)))
        assert {row["id"] for row in rows} == expected
    else:
        lines = written.splitlines()
        assert lines[0] == "**UNCLASSIFIED // OPEN SOURCE**"
        assert f"Events matching: actor:khrenin; {len(expected)} of 24 events." in lines
        assert len([line for line in lines if line.startswith("| ")]) == 2 + len(expected)
    assert window.statusBar().currentMessage().startswith(f"Exported {len(expected)} events")


def test_export_list_refuses_the_dataset_folder(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = paths.sample_dataset() / "events" / "list.csv"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(target), "CSV (*.csv)")
    )
    warned: list[str] = []
    monkeypatch.setattr(window, "_warn", lambda title, text: warned.append(text))
    window.export_list_action.trigger()
    assert not target.exists()
    assert "inside the dataset" in warned[0]


@pytest.mark.parametrize("kind", ["link", "folder"])
def test_export_list_refuses_a_link_to_another_file_and_a_folder(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, kind: str
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n", encoding="utf-8")
    if kind == "link":
        typed = tmp_path / "list.csv"
        typed.symlink_to(victim)
        name = str(typed)
    else:
        (tmp_path / "out").mkdir()
        name = f"{tmp_path / 'out'}/"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (name, "CSV (*.csv)"))
    warned: list[str] = []
    monkeypatch.setattr(window, "_warn", lambda title, text: warned.append(text))
    window.export_list_action.trigger()
    assert victim.read_text(encoding="utf-8") == "keep me\n"
    assert warned
    assert not (tmp_path / "out" / ".csv").exists()
