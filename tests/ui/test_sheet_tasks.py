"""Composing a large dataset's sheet happens off the main thread, with Cancel, like printing."""

import threading
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QFileDialog
from pytestqt.qtbot import QtBot

from briefing_app import paths
from briefing_app.core import sheet as core_sheet
from briefing_app.ui import sheet_actions
from briefing_app.ui.main_window import MainWindow
from briefing_app.ui.sheet_dialog import SheetDialog


@pytest.fixture
def window(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    main = MainWindow()
    qtbot.addWidget(main)
    main.show()
    assert main.open_dataset(paths.sample_dataset())
    monkeypatch.setattr(sheet_actions, "BACKGROUND_COMPOSE_EVENTS", 0)
    monkeypatch.setattr(SheetDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    return main


def test_a_large_sheet_is_composed_off_the_main_thread(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    threads: list[threading.Thread] = []
    compose = core_sheet.compose_sheet

    def watched_compose(*args, **kwargs):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread())
        return compose(*args, **kwargs)

    monkeypatch.setattr(sheet_actions, "compose_sheet", watched_compose)
    target = tmp_path / "sheet.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.export_sheet()
    assert window.task is not None  # composing
    qtbot.waitUntil(lambda: target.exists() and window.task is None, timeout=20_000)
    assert threads
    assert threads[0] is not threading.main_thread()
    assert target.read_bytes().startswith(b"%PDF")


def test_cancel_while_composing_makes_no_sheet(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    release = threading.Event()
    compose = core_sheet.compose_sheet

    def slow_compose(*args, **kwargs):  # type: ignore[no-untyped-def]
        release.wait(10)
        return compose(*args, **kwargs)

    monkeypatch.setattr(sheet_actions, "compose_sheet", slow_compose)
    asked: list[str] = []
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: asked.append("") or ("", "")
    )
    window.export_sheet()
    assert window.task is not None
    window.filter_bar.search.setText("wagner")  # the window keeps working meanwhile
    window.filter_bar.apply_now()
    assert window.count_label.text() == "1 of 24 events"
    window.cancel_button.click()
    release.set()
    qtbot.waitUntil(lambda: window.task is None, timeout=10_000)
    assert not asked  # no save dialog after a cancelled composition
    assert "no sheet was made" in window.statusBar().currentMessage()
