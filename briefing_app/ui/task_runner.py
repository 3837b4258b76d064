"""Background work as the window shows it: progress and Cancel in the status bar, and what a
failure says.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from briefing_app.core.sheet import SheetError
from briefing_app.ui.background import BackgroundTask, Work
from briefing_app.ui.guard import report_failure
from briefing_app.ui.printing import ExportError

# What a background task may meet in the normal run of things: said in a dialog, not logged.
EXPECTED_FAILURES = (OSError, ExportError, SheetError)


class TaskRunner:
    """Runs one background task at a time for the window (`self.task`), with its progress bar,
    Cancel button and status messages."""

    def _run_task(
        self,
        title: str,
        work: Work,
        done: Callable[[Any], object],
        *,
        cancelled_message: str,
    ) -> None:
        """Run `work` in the background with its progress and Cancel in the status bar."""
        if self.task is not None:
            self.task.wait()
        task = BackgroundTask(work, self)
        self.task = task

        def progressed(step: int, total: int, detail: str) -> None:
            self.progress.setRange(0, total)
            self.progress.setValue(step)
            self.progress.setFormat(f"{title}: {step}/{total} {detail}")

        def finish(message: str) -> None:
            self.task = None
            self.progress.hide()
            self.cancel_button.hide()
            if message:
                self.statusBar().showMessage(message, 8000)

        def finished(result: object) -> None:
            finish("")
            done(result)

        def failed(error: Exception) -> None:
            finish("")
            if isinstance(error, EXPECTED_FAILURES):
                self._warn(f"{title} failed", str(error) or type(error).__name__)
            else:
                report_failure(self, title.lower(), error)

        task.progressed.connect(progressed)
        task.finished.connect(finished)
        task.failed.connect(failed)
        task.cancelled.connect(lambda: finish(cancelled_message))
        self.progress.setRange(0, 0)
        self.progress.setFormat(f"{title}...")
        self.progress.show()
        self.cancel_button.show()
        task.start()

    def cancel_task(self) -> None:
        if self.task is not None:
            self.task.cancel()
