"""Starting the window: the QApplication, its identity, and the first dataset."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from briefing_app import __version__, paths
from briefing_app.ui.guard import install_excepthook
from briefing_app.ui.main_window import MainWindow
from briefing_app.ui.settings import APP_NAME


def application() -> QApplication:
    """The one QApplication, created on first use, with the app's name and icon."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("briefing-viewer")
    app.setWindowIcon(QIcon(str(paths.resource("icons", "briefing-viewer.svg"))))
    return app


def run_window(dataset: Path | None) -> int:
    app = application()
    install_excepthook()
    window = MainWindow()
    window.open_initial(dataset)
    window.show()
    return app.exec()
