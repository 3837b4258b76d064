"""Loading a large dataset off the main thread, so the window never freezes while it reads.

The worker does everything that takes time and touches no widget: reading and checking the files,
building the search index and the tree. The window only swaps the result in.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal, Slot

from briefing_app.core.loader import LoadCancelled, LoadProgress, LoadResult, load_dataset
from briefing_app.core.search import SearchIndex
from briefing_app.core.tree import TreeNode, build_tree


@dataclass(frozen=True, slots=True)
class Loaded:
    """A finished load: the result, and for a readable dataset its index and tree."""

    path: Path
    result: LoadResult
    index: SearchIndex | None
    grouping: str
    root: TreeNode | None


def load_for_window(
    path: Path,
    grouping: str,
    *,
    progress: Callable[[LoadProgress], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Loaded:
    """Everything the window needs from a dataset, in whichever thread calls it."""
    result = load_dataset(path, progress=progress, cancelled=cancelled)
    dataset = result.dataset
    if dataset is None:
        return Loaded(path, result, None, grouping, None)
    return Loaded(path, result, SearchIndex(dataset), grouping, build_tree(dataset, grouping))


class LoadWorker(QObject):
    """Runs in its own thread; says how far it got, and what it loaded or that it stopped."""

    progressed = Signal(int, int, int)  # files done, files in all, events read
    loaded = Signal(object)  # Loaded
    cancelled = Signal()

    def __init__(self, path: Path, grouping: str) -> None:
        super().__init__()
        self.path = path
        self.grouping = grouping
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    @Slot()
    def run(self) -> None:
        try:
            loaded = load_for_window(
                self.path, self.grouping, progress=self._report, cancelled=self._cancel.is_set
            )
        except LoadCancelled:
            self.cancelled.emit()
            return
        if self._cancel.is_set():
            self.cancelled.emit()
        else:
            self.loaded.emit(loaded)

    def _report(self, progress: LoadProgress) -> None:
        self.progressed.emit(progress.files_done, progress.files_total, progress.events_read)


class BackgroundLoad(QObject):
    """One load in its own QThread, cleaned up when it ends."""

    progressed = Signal(int, int, int)
    loaded = Signal(object)
    cancelled = Signal()

    def __init__(self, path: Path, grouping: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self._thread = QThread(self)
        self._worker = LoadWorker(path, grouping)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        self._worker.progressed.connect(self.progressed)
        self._worker.loaded.connect(self._finish_loaded)
        self._worker.cancelled.connect(self._finish_cancelled)

    def start(self) -> None:
        self._thread.start()

    def cancel(self) -> None:
        self._worker.cancel()

    def wait(self) -> None:
        """Stop as soon as possible and wait for the thread (when the window closes)."""
        self._worker.cancel()
        self._thread.quit()
        self._thread.wait()

    def _stop_thread(self) -> None:
        self._thread.quit()
        self._thread.wait()

    def _finish_loaded(self, loaded: Loaded) -> None:
        self._stop_thread()
        self.loaded.emit(loaded)

    def _finish_cancelled(self) -> None:
        self._stop_thread()
        self.cancelled.emit()
