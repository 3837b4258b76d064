"""Live reload as files really change: truncated, deleted, restored, added in new folders.

The window must never show part of a dataset without a word: a change that loses data keeps the
last good version on screen with a banner, and the watch survives folders that come and go."""

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from briefing_app.ui.main_window import MainWindow
from briefing_app.ui.watcher import MAX_FOLDERS, watched_paths

SAMPLE_EVENTS = 24
NEW_EVENT = """\
events:
  - id: added-later
    parent: withdrawal-2024
    title: An event in a folder made after opening
    sources: [armyrecognition-2024-07-withdrawal]
"""


@pytest.fixture
def briefing(sample_copy: Path) -> Path:
    return sample_copy


@pytest.fixture
def window(qtbot: QtBot, briefing: Path) -> Iterator[MainWindow]:
    main = MainWindow()
    qtbot.addWidget(main)
    main.show()
    assert main.open_dataset(briefing)
    yield main
    main.watcher.stop()


def event_count(window: MainWindow) -> int:
    return 0 if window.dataset is None else len(window.dataset.events)


def test_a_file_truncated_to_nothing_keeps_the_last_good_data(
    qtbot: QtBot, window: MainWindow, briefing: Path
) -> None:
    (briefing / "events" / "withdrawal-2024.yaml").write_bytes(b"")
    qtbot.waitUntil(window.banner.isVisible, timeout=5000)
    assert event_count(window) == SAMPLE_EVENTS
    assert "still showing the last version" in window.banner_label.text()


def test_a_deleted_file_keeps_the_last_good_data_until_reload(qtbot: QtBot, briefing: Path) -> None:
    extra = briefing / "events" / "extra.yaml"
    extra.write_text(NEW_EVENT, encoding="utf-8")
    main = MainWindow()
    qtbot.addWidget(main)
    main.show()
    assert main.open_dataset(briefing)
    extra.unlink()
    qtbot.waitUntil(main.banner.isVisible, timeout=5000)
    assert event_count(main) == SAMPLE_EVENTS + 1
    assert "lost files" in main.banner_label.text()
    assert f"{extra}:1:1: error: file vanished from disk" in main.problems.plain_text()
    main.reload()  # the person's explicit Reload shows the dataset as it is now
    assert event_count(main) == SAMPLE_EVENTS
    assert not main.banner.isVisible()
    main.watcher.stop()


def test_a_folder_deleted_and_restored_is_watched_again(
    qtbot: QtBot, window: MainWindow, briefing: Path, tmp_path: Path
) -> None:
    kept = tmp_path / "kept"
    shutil.move(briefing, kept)
    qtbot.waitUntil(window.banner.isVisible, timeout=5000)
    assert event_count(window) == SAMPLE_EVENTS
    shutil.move(kept, briefing)
    qtbot.waitUntil(lambda: not window.banner.isVisible(), timeout=8000)
    assert event_count(window) == SAMPLE_EVENTS
    # ... and it goes on noticing changes after coming back
    root = briefing / "dataset.yaml"
    root.write_text(
        root.read_text(encoding="utf-8").replace("title: Belarus", "title: Restored - Belarus"),
        encoding="utf-8",
    )
    qtbot.waitUntil(lambda: "Restored" in window.windowTitle(), timeout=5000)


def test_a_file_in_a_new_sub_folder_is_picked_up(
    qtbot: QtBot, window: MainWindow, briefing: Path
) -> None:
    folder = briefing / "events" / "later"
    folder.mkdir()
    qtbot.wait(600)  # the new folder is watched once the change settles
    (folder / "added.yaml").write_text(NEW_EVENT, encoding="utf-8")
    qtbot.waitUntil(lambda: event_count(window) == SAMPLE_EVENTS + 1, timeout=5000)
    assert window.dataset is not None
    assert "added-later" in window.dataset.events


def test_watched_paths_skip_hidden_and_linked_folders_and_stay_bounded(tmp_path: Path) -> None:
    root = tmp_path / "many"
    (root / ".git" / "objects").mkdir(parents=True)
    (root / "dataset.yaml").write_text("dataset: {title: T}\n", encoding="utf-8")
    for number in range(MAX_FOLDERS + 50):
        (root / "events" / f"f{number:04}").mkdir(parents=True)
    outside = tmp_path / "outside"
    outside.mkdir()
    (root / "link").symlink_to(outside, target_is_directory=True)
    watched = watched_paths(root)
    folders = [path for path in watched if Path(path).is_dir()]
    assert len(folders) == MAX_FOLDERS
    assert str(root / "dataset.yaml") in watched
    assert not any(".git" in path or "link" in path for path in watched)


def test_a_single_file_dataset_is_watched_with_its_folder(tmp_path: Path) -> None:
    path = tmp_path / "brief.yaml"
    path.write_text("dataset: {title: T}\n", encoding="utf-8")
    assert watched_paths(path) == [str(path), str(tmp_path)]
    path.unlink()
    assert watched_paths(path) == [str(tmp_path)]


def test_a_dataset_with_an_error_still_keeps_its_last_version_when_a_save_adds_errors(
    qtbot: QtBot, briefing: Path
) -> None:
    root = briefing / "dataset.yaml"
    root.write_text(
        root.read_text(encoding="utf-8") + "unknown_section: 1\n", encoding="utf-8"
    )  # one error to begin with: the normal state while editing
    main = MainWindow()
    qtbot.addWidget(main)
    main.show()
    assert main.open_dataset(briefing)
    assert main.result is not None
    assert main.result.error_count == 1
    main.select_event("nato-largest-presence")
    (briefing / "events" / "russia-in-belarus.yaml").write_text("events: [\n", encoding="utf-8")
    qtbot.waitUntil(lambda: "still showing" in main.banner_label.text(), timeout=5000)
    assert event_count(main) == SAMPLE_EVENTS
    assert main.selected == "nato-largest-presence"
    main.watcher.stop()
