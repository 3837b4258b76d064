"""Open Recent and the last dataset keep a path exactly, even one that is not UTF-8: a lossy
copy could name another folder (one an attacker planted beside it)."""

import os
import shutil
from pathlib import Path

from pytestqt.qtbot import QtBot

from briefing_app import paths
from briefing_app.ui.main_window import MainWindow
from briefing_app.ui.settings import last_dataset, recent_datasets


def test_a_path_that_is_not_utf8_is_remembered_exactly(qtbot: QtBot, tmp_path: Path) -> None:
    real = Path(os.fsdecode(bytes(tmp_path) + b"/R\xd0\xcfdata"))
    planted = tmp_path / "Rdata"
    shutil.copytree(paths.sample_dataset(), real)
    shutil.copytree(paths.sample_dataset(), planted)
    root = planted / "dataset.yaml"
    root.write_text(root.read_text(encoding="utf-8").replace("title: Bel", "title: Planted Bel"))
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.open_dataset(real)
    assert recent_datasets()[0] == str(real)
    assert last_dataset() == str(real)
    assert window.open_dataset(paths.sample_dataset())
    recent = [a for a in window.recent_menu.actions() if "R" in a.text() and "data" in a.text()]
    recent[0].trigger()
    window.watcher.stop()
    assert window.path == real
    assert window.dataset is not None
    assert "Planted" not in window.dataset.info.title
