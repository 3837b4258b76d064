"""A dataset dragged onto the window opens; what is not one dataset is refused while dragged."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent

from briefing_app.ui.dropping import dropped_dataset
from briefing_app.ui.main_window import MainWindow
from tests.core.helpers import FORMAT2, MINIMAL, write


def carrying(*urls: QUrl) -> QMimeData:
    mime = QMimeData()
    mime.setUrls(list(urls))
    return mime


def drop(window: MainWindow, mime: QMimeData) -> bool:
    """Drag `mime` over the window and let go; whether the drag was accepted."""
    actions = Qt.DropAction.CopyAction
    buttons, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(QPoint(50, 50), actions, mime, buttons, keys)
    window.dragEnterEvent(enter)
    if enter.isAccepted():
        window.dropEvent(QDropEvent(QPointF(50, 50), actions, mime, buttons, keys))
    return enter.isAccepted()


def test_a_dropped_folder_or_yaml_file_opens(window: MainWindow, tmp_path: Path) -> None:
    assert window.acceptDrops()
    assert drop(window, carrying(QUrl.fromLocalFile(str(FORMAT2))))
    assert window.path == FORMAT2
    file = write(tmp_path, "brief.yml", MINIMAL)
    assert drop(window, carrying(QUrl.fromLocalFile(str(file))))
    assert window.path == file
    assert window.count_label.text() == "1 of 1 events"


@pytest.mark.parametrize(
    "urls",
    [
        (),
        (QUrl("https://example.org/dataset.yaml"),),
        (QUrl.fromLocalFile("/etc/hostname"),),  # not YAML
        (QUrl.fromLocalFile("/nonexistent/x.yaml"),),
        (QUrl.fromLocalFile(str(FORMAT2)), QUrl.fromLocalFile(str(FORMAT2))),  # two at once
    ],
)
def test_what_is_not_one_dataset_is_refused(window: MainWindow, urls: tuple[QUrl, ...]) -> None:
    before = window.path
    assert dropped_dataset(carrying(*urls)) is None
    assert not drop(window, carrying(*urls))
    assert window.path == before
