"""A cache folder the viewer cannot trust is not used, and the window says so."""

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from briefing_app import paths
from briefing_app.ui.main_window import MainWindow


def test_an_untrusted_cache_folder_is_named_and_the_dataset_still_opens(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared = tmp_path / "shared-cache"
    shared.mkdir()
    shared.chmod(0o777)  # anyone could plant entries here
    monkeypatch.setenv("BRIEFING_VIEWER_CACHE_DIR", str(shared))
    main = MainWindow()
    qtbot.addWidget(main)
    assert main.open_dataset(paths.sample_dataset())
    assert main.dataset is not None
    message = main.statusBar().currentMessage()
    assert message.startswith("Opened without the cache: ")
    assert str(shared) in message
    assert list(shared.iterdir()) == []
    main.watcher.stop()
