"""Opening a large dataset happens off the main thread: the window keeps working, and Cancel
keeps the dataset that was open."""

import shutil
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from briefing_app import paths
from briefing_app.core import loader
from briefing_app.ui import dataset_session, sheet_actions
from briefing_app.ui.main_window import MainWindow

SLOW_FILE_SECONDS = 0.15


@pytest.fixture
def slow_dataset(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The sample, read slowly, and treated as large enough to load in the background."""
    target = tmp_path / "slow"
    shutil.copytree(paths.sample_dataset(), target)
    for number in range(6):
        (target / "events" / f"extra-{number}.yaml").write_text("events: []\n")
    read = loader.FileReader.read

    def slow_read(self: loader.FileReader, path: Path, display: str):  # type: ignore[no-untyped-def]
        time.sleep(SLOW_FILE_SECONDS)
        return read(self, path, display)

    monkeypatch.setattr(loader.FileReader, "read", slow_read)
    monkeypatch.setattr(dataset_session, "BACKGROUND_BYTES", 0)
    return target


@pytest.fixture
def window(qtbot: QtBot) -> MainWindow:
    main = MainWindow()
    qtbot.addWidget(main)
    main.show()
    return main


def test_the_window_keeps_working_while_a_dataset_loads(
    qtbot: QtBot, window: MainWindow, slow_dataset: Path
) -> None:
    ticks: list[float] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start(20)
    started = time.monotonic()
    assert window.open_dataset(slow_dataset)
    assert window.progress.isVisible()
    assert window.cancel_button.isVisible()
    qtbot.waitUntil(lambda: window.dataset is not None, timeout=10_000)
    took = time.monotonic() - started
    timer.stop()
    assert took >= 11 * SLOW_FILE_SECONDS  # the load really was slow ...
    during = [tick for tick in ticks if tick < started + took]
    assert len(during) >= took / 0.02 * 0.5  # ... and the event loop kept turning meanwhile
    assert not window.progress.isVisible()
    assert window.count_label.text() == "24 of 24 events"


def test_cancel_keeps_the_previous_dataset(
    qtbot: QtBot, window: MainWindow, slow_dataset: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dataset_session, "BACKGROUND_BYTES", 10**12)
    assert window.open_dataset(paths.sample_dataset())  # small: opens at once
    window.select_event("nato-largest-presence")
    monkeypatch.setattr(dataset_session, "BACKGROUND_BYTES", 0)
    window.open_dataset(slow_dataset)
    qtbot.wait(int(SLOW_FILE_SECONDS * 1000 * 2))
    window.cancel_button.click()
    qtbot.waitUntil(lambda: window.task is None, timeout=10_000)
    assert window.path == paths.sample_dataset()
    assert window.selected == "nato-largest-presence"
    assert "Opening cancelled" in window.statusBar().currentMessage()
    assert not window.progress.isVisible()


def test_long_exports_run_in_the_background(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from PySide6.QtWidgets import QDialog, QFileDialog

    from briefing_app.ui.sheet_dialog import SheetDialog

    assert window.open_dataset(paths.sample_dataset())
    monkeypatch.setattr(sheet_actions, "BACKGROUND_SHEET_EVENTS", 0)
    monkeypatch.setattr(SheetDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    target = tmp_path / "long.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.export_sheet()
    assert window.task is not None
    assert window.progress.isVisible()
    qtbot.waitUntil(lambda: window.task is None, timeout=20_000)
    assert target.read_bytes().startswith(b"%PDF")
    assert f"to {target}" in window.statusBar().currentMessage()


@pytest.fixture
def long_print(window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """The sample open, every sheet treated as long, and the print dialog choosing to print to
    a PDF file (the only printer a test machine surely has); returns that file."""
    from PySide6.QtPrintSupport import QPrintDialog
    from PySide6.QtWidgets import QDialog

    from briefing_app.ui.sheet_dialog import SheetDialog

    assert window.open_dataset(paths.sample_dataset())
    monkeypatch.setattr(sheet_actions, "BACKGROUND_SHEET_EVENTS", 0)
    monkeypatch.setattr(SheetDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    target = tmp_path / "printed.pdf"

    def choose_file_printer(dialog: QPrintDialog) -> QDialog.DialogCode:
        dialog.printer().setOutputFileName(str(target))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", choose_file_printer)
    return target


def test_long_sheets_print_in_the_background(
    qtbot: QtBot, window: MainWindow, long_print: Path
) -> None:
    from pypdf import PdfReader

    window.print_sheet()
    assert window.task is not None
    assert window.progress.isVisible()
    qtbot.waitUntil(lambda: window.task is None, timeout=20_000)
    pages = len(PdfReader(long_print).pages)
    assert pages > 1
    assert f"Sent {pages} pages to the printer" in window.statusBar().currentMessage()


def test_a_cancelled_print_is_withdrawn(
    qtbot: QtBot, window: MainWindow, long_print: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtPrintSupport import QPrinter

    from briefing_app.ui import printing

    aborted: list[bool] = []
    abort = QPrinter.abort
    monkeypatch.setattr(QPrinter, "abort", lambda printer: aborted.append(abort(printer)))
    paginate = printing.paginate

    def slow_paginate(*args):  # type: ignore[no-untyped-def]
        time.sleep(0.5)  # time enough for Cancel to land before the first page
        return paginate(*args)

    monkeypatch.setattr(printing, "paginate", slow_paginate)
    window.print_sheet()
    window.cancel_task()
    qtbot.waitUntil(lambda: window.task is None, timeout=20_000)
    assert len(aborted) == 1
    assert "Printing cancelled" in window.statusBar().currentMessage()


def test_a_failing_task_is_shown_to_the_person(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()))

    def broken(report, cancelled):  # type: ignore[no-untyped-def]
        raise OSError("disk full")

    window._run_task("Exporting", broken, lambda result: None, cancelled_message="")
    qtbot.waitUntil(lambda: window.task is None, timeout=5_000)
    assert shown == ["disk full"]


def test_an_unreadable_dataset_at_start_falls_back_to_the_sample(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from PySide6.QtWidgets import QMessageBox

    refused: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: refused.append(box.text()))
    monkeypatch.setattr(
        dataset_session, "BACKGROUND_BYTES", -1
    )  # even this loads in the background
    window.open_initial(tmp_path / "gone")
    qtbot.waitUntil(lambda: window.path == paths.sample_dataset(), timeout=10_000)
    assert refused == [f"{tmp_path / 'gone'} could not be opened."]


def test_reopening_an_unchanged_dataset_uses_the_cache(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from briefing_app.core import cache as cache_module

    reads: list[Path] = []
    full_load = cache_module.load_dataset

    def counted(path, **kwargs):  # type: ignore[no-untyped-def]
        reads.append(Path(path))
        return full_load(path, **kwargs)

    monkeypatch.setattr(cache_module, "load_dataset", counted)
    for _ in range(2):
        window = MainWindow()
        qtbot.addWidget(window)
        assert window.open_dataset(paths.sample_dataset())
        assert window.count_label.text() == "24 of 24 events"
    assert reads == [paths.sample_dataset()]  # the second window read no YAML
