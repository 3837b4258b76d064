"""Notices when a dataset changes on disk, and says so once the writes have settled.

What is watched is worked out again from the disk after every change, never kept from the last
load: a folder that was deleted and restored, or a sub-folder made since, is watched as soon as
it exists. The folder holding the dataset is watched to see the dataset vanish and come back;
if even that folder is gone, a slow poll waits for it.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from briefing_app.core.loader import YAML_SUFFIXES

SETTLE_MS = 400
POLL_MS = 2000
# Each folder costs one inotify watch, and a user has a few thousand in all: a dataset of more
# folders than this is watched only in its first ones (a hostile tree must not exhaust them).
MAX_FOLDERS = 500


def watched_paths(root: Path) -> list[str]:
    """The dataset's visible folders (breadth first, at most MAX_FOLDERS) and YAML files.

    The folder holding the dataset is watched too: editors save a single-file dataset by
    renaming over it, and a dataset folder can be moved away and back (the watcher only heeds
    what happens there to the dataset itself). Symbolic links are not followed and hidden
    entries are skipped, as the loader skips them."""
    if not root.is_dir():
        return [str(path) for path in (root, root.parent) if path.exists()]
    folders, files, queue = [str(root.parent), str(root)], [], [str(root)]
    while queue:
        folder = queue.pop(0)
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue  # unreadable: the loader reports it; the folder itself is still watched
        for entry in sorted(entries, key=lambda entry: entry.name):
            if entry.name.startswith("."):
                continue
            try:
                if entry.is_dir(follow_symlinks=False):
                    if len(folders) < MAX_FOLDERS:
                        folders.append(entry.path)
                        queue.append(entry.path)
                elif entry.is_file(follow_symlinks=False) and entry.name.endswith(YAML_SUFFIXES):
                    files.append(entry.path)
            except OSError:
                continue
    return folders + files


class DatasetWatcher(QObject):
    """Watches a dataset's files and folders. Folders are watched too because many editors save
    by writing a new file and renaming it over the old one, which a file watch alone loses."""

    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._root: Path | None = None
        self._root_identity: tuple[int, ...] | None = None
        self._watcher = QFileSystemWatcher(self)
        self._watcher.fileChanged.connect(self._poke)
        self._watcher.directoryChanged.connect(self._poke)
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self._settled)
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._check_back)

    def watch(self, root: Path) -> None:
        """Watch the dataset at `root` (a folder or a single file), whatever its state now."""
        self.stop()
        self._root = root
        self._root_identity = _identity(root)
        self._arm()

    def stop(self) -> None:
        self._root = None
        self._settle.stop()
        self._poll.stop()
        self._unwatch()

    def _unwatch(self) -> None:
        watched = self._watcher.files() + self._watcher.directories()
        if watched:
            self._watcher.removePaths(watched)

    def _arm(self) -> None:
        """Watch what is on disk now; poll while neither the dataset nor its folder exists."""
        if self._root is None:
            return
        wanted = set(watched_paths(self._root))
        current = set(self._watcher.files() + self._watcher.directories())
        if current - wanted:
            self._watcher.removePaths(sorted(current - wanted))
        if wanted - current:
            self._watcher.addPaths(sorted(wanted - current))
        if self._root.exists():
            self._poll.stop()
        else:
            self._poll.start()

    def _poke(self, path: str) -> None:
        if self._root is not None and path == str(self._root.parent):
            # The folder holding the dataset: only a change to the dataset itself counts
            # (moved away, back, or replaced), not the other files beside it.
            identity = _identity(self._root)
            if identity == self._root_identity:
                return
            self._root_identity = identity
        self._settle.start()  # restart: reload only after the last write in a burst

    def _settled(self) -> None:
        self._arm()  # deleted paths drop out of Qt's watch; new ones must be added
        self.changed.emit()

    def _check_back(self) -> None:
        if self._root is not None and self._root.exists():
            self._poke(str(self._root))


def _identity(path: Path) -> tuple[int, ...] | None:
    """Which file or folder is at `path` now, and for a file, which version of it."""
    try:
        status = path.stat()
    except OSError:
        return None
    if path.is_dir():
        return (status.st_dev, status.st_ino)
    return (status.st_dev, status.st_ino, status.st_mtime_ns, status.st_size)
