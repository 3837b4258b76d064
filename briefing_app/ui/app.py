"""Starting the window: a check that one can open here, the QApplication, and the first dataset.

Qt is imported only once the check has passed: without a display, or without the X11 plugin's
system libraries, starting Qt ends in an abort rather than a message (see `display_check`).
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from briefing_app import __version__
from briefing_app.cli_common import EXIT_NO_DISPLAY
from briefing_app.display_check import display_problem

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication


def application() -> QApplication:
    """The one QApplication, created on first use, with the app's name and icon."""
    from PySide6.QtWidgets import QApplication

    from briefing_app.ui.help_dialogs import app_icon
    from briefing_app.ui.settings import APP_NAME

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("briefing-viewer")
    app.setWindowIcon(app_icon())
    return app


def run_window(dataset: Path | None) -> int:
    """Open the window on `dataset` (None: the last one, else the sample) and run it; or say in
    one line why no window can open here, and return EXIT_NO_DISPLAY."""
    problem = display_problem()
    if problem is not None:
        with contextlib.suppress(OSError, ValueError, AttributeError):  # no stderr: status says it
            print(f"briefing-app: error: {problem}", file=sys.stderr, flush=True)
        return EXIT_NO_DISPLAY
    from briefing_app.ui.guard import install_excepthook
    from briefing_app.ui.main_window import MainWindow

    app = application()
    install_excepthook()
    window = MainWindow()
    window.open_initial(dataset)
    window.show()
    return app.exec()
