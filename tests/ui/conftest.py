"""The window most UI tests start from: open on the bundled sample, shown, its watcher
stopped afterwards. A module that needs another dataset defines its own `window`."""

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from briefing_app import paths
from briefing_app.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot: QtBot) -> Iterator[MainWindow]:
    main = MainWindow()
    qtbot.addWidget(main)
    assert main.open_dataset(paths.sample_dataset())
    main.show()
    yield main
    main.watcher.stop()
