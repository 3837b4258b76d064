"""The window's outer guards: an unexpected failure becomes a dialog and a logged report.

Opening, reloading, printing, previewing and exporting each run under `guarded`; anything else
that escapes a Qt slot reaches the hook `install_excepthook` sets. Either way the person reads
one plain sentence, what failed and where the report is, never a traceback; the window stays
open with what it showed, and the dataset is never written to.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from types import TracebackType
from typing import Concatenate, ParamSpec, TypeVar

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from briefing_app.core.crashlog import record_crash
from briefing_app.core.problems import escape_controls
from briefing_app.ui.plain_text import message_box

P = ParamSpec("P")
R = TypeVar("R")
W = TypeVar("W", bound=QWidget)


def report_failure(parent: QWidget | None, doing: str, error: BaseException) -> None:
    """Log `error`, met while `doing` ("printing the sheet"), and tell the person in a dialog."""
    try:
        where = f"A report was written to {record_crash(error, f'window: {doing}')}."
    except OSError as log_error:
        where = f"No report could be written ({log_error.strerror or log_error})."
    detail = escape_controls(f"{type(error).__name__}: {error}")
    box = message_box(
        parent,
        "Something went wrong",
        f"Something went wrong while {doing}, and it was stopped.",
        icon=QMessageBox.Icon.Critical,
        informative=f"{detail[:300]}\n\n{where}\nThe dataset on disk was not changed.",
    )
    box.exec()


def guarded(
    doing: str,
) -> Callable[[Callable[Concatenate[W, P], R]], Callable[Concatenate[W, P], R | None]]:
    """Run a window method under the outer guard: on an unexpected exception, report it (see
    `report_failure`) and return None."""

    def wrap(method: Callable[Concatenate[W, P], R]) -> Callable[Concatenate[W, P], R | None]:
        @functools.wraps(method)
        def run(self: W, /, *args: P.args, **kwargs: P.kwargs) -> R | None:
            try:
                return method(self, *args, **kwargs)
            except Exception as error:  # the guard: whatever it was, the window carries on
                report_failure(self, doing, error)
                return None

        return run

    return wrap


def install_excepthook() -> None:
    """The last guard: an exception that escapes any Qt slot is reported like a guarded one
    (PySide6 hands it to `sys.excepthook`, whose default prints a traceback and carries on)."""

    def hook(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        if not isinstance(error, Exception):  # KeyboardInterrupt, SystemExit: as Python does
            sys.__excepthook__(kind, error, trace)
            return
        report_failure(QApplication.activeWindow(), "working", error)

    sys.excepthook = hook
