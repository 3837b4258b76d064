"""Notices when a dataset changes on disk, and says so once the writes have settled."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

SETTLE_MS = 400


class DatasetWatcher(QObject):
    """Watches a dataset's files and folders. Folders are watched too because many editors save
    by writing a new file and renaming it over the old one, which a file watch alone loses."""

    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._watcher = QFileSystemWatcher(self)
        self._watcher.fileChanged.connect(self._poke)
        self._watcher.directoryChanged.connect(self._poke)
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self.changed)

    def watch(self, files: tuple[str, ...]) -> None:
        """Watch these files and every folder holding them (again: replaced files drop out)."""
        self.stop()
        existing = [path for path in files if Path(path).exists()]
        folders = sorted({str(Path(path).parent) for path in existing})
        if existing:
            self._watcher.addPaths(existing + folders)

    def stop(self) -> None:
        self._settle.stop()
        watched = self._watcher.files() + self._watcher.directories()
        if watched:
            self._watcher.removePaths(watched)

    def _poke(self, _path: str) -> None:
        self._settle.start()  # restart: reload only after the last write in a burst
