"""A dataset dropped on the window opens, as from File > Open: one folder, or one YAML file.

Only a drop of exactly one local file or folder is taken; anything else (a web address, text,
several files) is refused while it is still being dragged, so the pointer says so before the
person lets go.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent

YAML_SUFFIXES = (".yaml", ".yml")


def dropped_dataset(mime: QMimeData | None) -> Path | None:
    """The folder or YAML file a drop carries, or None when it is not exactly one of them."""
    if mime is None or not mime.hasUrls():
        return None
    urls = mime.urls()
    if len(urls) != 1 or not urls[0].isLocalFile():
        return None
    path = Path(urls[0].toLocalFile())
    if path.is_dir() or (path.suffix.lower() in YAML_SUFFIXES and path.is_file()):
        return path
    return None


class DatasetDrops:
    """The window's drop handlers; `open_dataset` comes from the dataset session."""

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if dropped_dataset(event.mimeData()) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if dropped_dataset(event.mimeData()) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        path = dropped_dataset(event.mimeData())
        if path is None:
            event.ignore()
            return
        event.acceptProposedAction()
        self.open_dataset(path)
