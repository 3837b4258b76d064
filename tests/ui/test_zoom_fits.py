"""Zooming in never pushes the window past its screen."""

from __future__ import annotations

from briefing_app.ui.main_window import MainWindow


def test_zoom_in_keeps_the_window_on_its_screen(window: MainWindow) -> None:
    screen = window.screen().availableGeometry()
    for _ in range(10):
        window.set_zoom(window.zoom + 1)
    assert window.frameGeometry().width() <= screen.width()
    assert window.frameGeometry().height() <= screen.height()
