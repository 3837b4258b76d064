"""Work that takes more than a moment, done off the main thread so the window never freezes.

A task is a function given two callables: `report(done, total, detail)` to say how far it got,
and `cancelled()` to ask whether to stop. It runs in its own QThread and touches no widget; the
window gets its result (or its failure, or that it stopped) through signals.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, QThread, Signal, Slot

from briefing_app.core.loader import LoadCancelled

Report = Callable[[int, int, str], None]
Work = Callable[[Report, Callable[[], bool]], object]


class TaskCancelled(Exception):
    """A task stopped because it was asked to."""


class _Worker(QObject):
    progressed = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(object)  # the exception
    cancelled = Signal()

    def __init__(self, work: Work) -> None:
        super().__init__()
        self._work = work
        self.cancel_requested = threading.Event()

    @Slot()
    def run(self) -> None:
        try:
            result = self._work(self.progressed.emit, self.cancel_requested.is_set)
        except (TaskCancelled, LoadCancelled):
            self.cancelled.emit()
            return
        except Exception as error:  # a failure in the thread must still reach a person
            self.failed.emit(error)
            return
        if self.cancel_requested.is_set():
            self.cancelled.emit()
        else:
            self.finished.emit(result)


class BackgroundTask(QObject):
    """One task in its own QThread; the thread ends with the task."""

    progressed = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(object)  # the exception
    cancelled = Signal()

    def __init__(self, work: Work, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread = QThread(self)
        self._worker = _Worker(work)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        self._worker.progressed.connect(self.progressed)
        for source, target in (
            (self._worker.finished, self.finished),
            (self._worker.failed, self.failed),
            (self._worker.cancelled, self.cancelled),
        ):
            source.connect(self._stop_thread)
            source.connect(target)

    def start(self) -> None:
        self._thread.start()

    def cancel(self) -> None:
        self._worker.cancel_requested.set()

    def wait(self) -> None:
        """Ask the task to stop and wait for its thread (when the window closes)."""
        self.cancel()
        self._thread.quit()
        self._thread.wait()

    def _stop_thread(self, *_args: object) -> None:
        self._thread.quit()
        self._thread.wait()
