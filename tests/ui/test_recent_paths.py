"""Open Recent: datasets by title with the path as tooltip, a path kept exactly (even one that
is not UTF-8: a lossy copy could name another folder, one an attacker planted beside it), and a
dataset that no longer opens can be taken out of the list."""

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from briefing_app import paths
from briefing_app.ui.main_window import MainWindow
from briefing_app.ui.settings import (
    RecentDataset,
    app_settings,
    last_dataset,
    recent_datasets,
    remember_dataset,
)

SAMPLE_TITLE = "Belarus announces withdrawal of troops from the Ukraine border (July 2024)"


@pytest.fixture
def window(qtbot: QtBot) -> Iterator[MainWindow]:
    main = MainWindow()
    qtbot.addWidget(main)
    yield main
    main.watcher.stop()


def recent_actions(window: MainWindow) -> list[QAction]:
    return [action for action in window.recent_menu.actions() if not action.isSeparator()]


def retitled_copy(target: Path, title: str) -> Path:
    shutil.copytree(paths.sample_dataset(), target)
    root = target / "dataset.yaml"
    text = root.read_text(encoding="utf-8")
    root.write_text(text.replace(f"title: {SAMPLE_TITLE}", f"title: {title}"), encoding="utf-8")
    return target


def test_a_path_that_is_not_utf8_is_remembered_exactly(window: MainWindow, tmp_path: Path) -> None:
    real = retitled_copy(Path(os.fsdecode(bytes(tmp_path) + b"/R\xd0\xcfdata")), "Real")
    retitled_copy(tmp_path / "Rdata", "Planted")
    assert window.open_dataset(real)
    assert recent_datasets()[0] == RecentDataset(str(real), "Real")
    assert last_dataset() == str(real)
    assert window.open_dataset(paths.sample_dataset())
    (recent,) = [action for action in recent_actions(window) if action.text() == "Real"]
    recent.trigger()
    assert window.path == real
    assert window.dataset is not None
    assert window.dataset.info.title == "Real"


def test_recent_datasets_show_titles_with_their_path_as_tooltip(
    window: MainWindow, tmp_path: Path
) -> None:
    other = retitled_copy(tmp_path / "other", '"R&D <b>notes</b>\\nsecond line"')
    assert window.open_dataset(other)
    assert window.open_dataset(paths.sample_dataset())
    assert window.recent_menu.toolTipsVisible()
    sample, mine, clear = recent_actions(window)
    assert sample.text() == f"Sample: {SAMPLE_TITLE}"
    assert str(paths.sample_dataset()) in sample.toolTip()
    assert mine.text().startswith("R&&D <b>notes</b>")  # each `&` shown, markup as text
    assert mine.text().endswith("second line")
    assert "\n" not in mine.text()
    assert str(other) in mine.toolTip()
    assert clear.text() == "&Clear List"


def test_two_datasets_of_one_title_are_told_apart_by_folder(
    window: MainWindow, tmp_path: Path
) -> None:
    for name in ("first", "second"):
        assert window.open_dataset(retitled_copy(tmp_path / name, "Same"))
    second, first, _clear = recent_actions(window)
    assert (second.text(), first.text()) == ("Same \u2014 second", "Same \u2014 first")


def test_a_long_title_is_cut_short(window: MainWindow, tmp_path: Path) -> None:
    assert window.open_dataset(retitled_copy(tmp_path / "long", "Word " * 40))
    (action, _clear) = recent_actions(window)
    assert len(action.text()) <= 80
    assert action.text().endswith("\u2026")


def test_clear_list(window: MainWindow) -> None:
    assert window.open_dataset(paths.sample_dataset())
    assert window.recent_menu.isEnabled()
    recent_actions(window)[-1].trigger()
    assert recent_datasets() == []
    assert recent_actions(window) == []
    assert not window.recent_menu.isEnabled()


@pytest.mark.parametrize("remove", [True, False])
def test_a_recent_dataset_that_no_longer_opens_can_be_removed(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, remove: bool
) -> None:
    gone = retitled_copy(tmp_path / "gone", "Gone")
    assert window.open_dataset(gone)
    assert window.open_dataset(paths.sample_dataset())
    shutil.rmtree(gone)
    texts: list[str] = []
    details: list[str] = []

    def answer(box: QMessageBox) -> int:
        texts.append(box.text())
        details.append(box.informativeText())
        buttons = {button.text(): button for button in box.findChildren(QPushButton)}
        buttons["Remove from Recent" if remove else "Keep in Recent"].click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", answer)
    (recent,) = [action for action in recent_actions(window) if action.text() == "Gone"]
    recent.trigger()
    # What is still open is said in the message itself, not behind "Show Details".
    assert texts == [f"{gone} could not be opened. Still showing {SAMPLE_TITLE}."]
    assert details[0]
    assert ":1:1:" not in details[0]  # the dataset as a whole has no line to point at
    kept = [item.path for item in recent_datasets()]
    assert (str(gone) in kept) is not remove
    assert any(action.text() == "Gone" for action in recent_actions(window)) is not remove
    assert window.path == paths.sample_dataset()


def test_a_dataset_not_in_the_list_is_not_offered_for_removal(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    boxes: list[list[str]] = []
    monkeypatch.setattr(
        QMessageBox,
        "exec",
        lambda box: boxes.append([b.text() for b in box.findChildren(QPushButton)]) or 0,
    )
    assert not window.open_dataset(tmp_path / "missing")
    assert "Remove from Recent" not in boxes[0]


def test_entries_of_an_earlier_version_still_open(window: MainWindow) -> None:
    """Before titles, Open Recent kept only paths (plain, or percent-encoded bytes)."""
    sample = str(paths.sample_dataset())
    app_settings().setValue("recent", [sample, "path:/no%20such"])
    assert recent_datasets() == [RecentDataset(sample, ""), RecentDataset("/no such", "")]
    remember_dataset("/elsewhere", "Elsewhere")
    assert [item.title for item in recent_datasets()] == ["Elsewhere", "", ""]
