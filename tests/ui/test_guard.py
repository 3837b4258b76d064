"""The window's outer guards: whatever fails inside opening, reloading, printing or exporting
becomes one plain dialog and a logged report, and the window goes on showing what it showed."""

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from briefing_app import paths
from briefing_app.core import crashlog
from briefing_app.ui import dataset_session, guard, sheet_actions
from briefing_app.ui.main_window import MainWindow
from briefing_app.ui.sheet_dialog import SheetDialog

SECRET = "\x1b]52;c;cGF5bG9hZA==\x07<b>boom</b>"


class Boom(RuntimeError):
    """Stands for any bug the guards did not foresee."""


def explode(*_args: object, **_kwargs: object) -> None:
    raise Boom(SECRET)


@pytest.fixture
def state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(crashlog.STATE_FOLDER_VARIABLE, str(tmp_path / "state"))
    return tmp_path / "state" / crashlog.LOG_NAME


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch) -> list[QMessageBox]:
    shown: list[QMessageBox] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box) or 0)
    return shown


@pytest.fixture
def window(qtbot: QtBot) -> Iterator[MainWindow]:
    main = MainWindow()
    qtbot.addWidget(main)
    assert main.open_dataset(paths.sample_dataset())
    yield main
    main.watcher.stop()


def assert_reported(dialogs: list[QMessageBox], log: Path, doing: str) -> None:
    assert len(dialogs) == 1
    box = dialogs[0]
    assert box.text() == f"Something went wrong while {doing}, and it was stopped."
    informative = box.informativeText()
    assert "Boom: \\x1b]52;c;cGF5bG9hZA==\\x07<b>boom</b>" in informative  # escaped, plain
    assert str(log) in informative
    report = log.read_text(encoding="utf-8")
    assert "Traceback" in report
    assert f"window: {doing}" in report
    assert "\x1b" not in report


def test_a_failing_open_keeps_the_dataset_shown(
    window: MainWindow,
    monkeypatch: pytest.MonkeyPatch,
    dialogs: list[QMessageBox],
    state: Path,
    tmp_path: Path,
) -> None:
    monkeypatch.setattr(dataset_session, "load_for_window", explode)
    assert not window.open_dataset(tmp_path)
    assert_reported(dialogs, state, "opening the dataset")
    assert window.path == paths.sample_dataset()
    assert window.dataset is not None


def test_a_failing_reload_from_disk_is_reported(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, dialogs: list[QMessageBox], state: Path
) -> None:
    monkeypatch.setattr(dataset_session, "load_for_window", explode)
    window.watcher.changed.emit()  # as when a file changes on disk
    assert_reported(dialogs, state, "reloading the changed dataset")
    assert window.dataset is not None


@pytest.mark.parametrize(
    ("action", "doing"),
    [
        ("print_sheet", "printing the sheet"),
        ("preview_sheet", "previewing the sheet"),
        ("export_sheet", "exporting the sheet"),
    ],
)
def test_failing_sheets_are_reported(
    window: MainWindow,
    monkeypatch: pytest.MonkeyPatch,
    dialogs: list[QMessageBox],
    state: Path,
    tmp_path: Path,
    action: str,
    doing: str,
) -> None:
    monkeypatch.setattr(SheetDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    monkeypatch.setattr(sheet_actions, "QPrintDialog", explode)
    monkeypatch.setattr(sheet_actions, "QPrintPreviewDialog", explode)
    target = tmp_path / "sheet.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    monkeypatch.setattr(sheet_actions, "export_pdf", explode)
    getattr(window, action)()
    assert_reported(dialogs, state, doing)
    assert not target.exists()


def test_a_failing_composition_is_reported(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, dialogs: list[QMessageBox], state: Path
) -> None:
    monkeypatch.setattr(SheetDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    monkeypatch.setattr(sheet_actions, "compose_sheet", explode)
    window.print_sheet()
    assert_reported(dialogs, state, "making the sheet")


def test_a_failing_background_task_is_reported(
    qtbot: QtBot,
    window: MainWindow,
    monkeypatch: pytest.MonkeyPatch,
    dialogs: list[QMessageBox],
    state: Path,
) -> None:
    monkeypatch.setattr(SheetDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    monkeypatch.setattr(sheet_actions, "BACKGROUND_COMPOSE_EVENTS", 0)
    monkeypatch.setattr(sheet_actions, "compose_sheet", explode)
    window.print_sheet()
    qtbot.waitUntil(lambda: window.task is None, timeout=10_000)
    assert_reported(dialogs, state, "composing the sheet")


def test_an_unwritable_log_still_gives_the_dialog(
    window: MainWindow,
    monkeypatch: pytest.MonkeyPatch,
    dialogs: list[QMessageBox],
    tmp_path: Path,
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv(crashlog.STATE_FOLDER_VARIABLE, str(blocker / "state"))
    monkeypatch.setattr(dataset_session, "load_for_window", explode)
    window.reload()
    assert "No report could be written" in dialogs[0].informativeText()


def test_the_last_guard_catches_what_escapes_a_slot(
    monkeypatch: pytest.MonkeyPatch, dialogs: list[QMessageBox], state: Path
) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    guard.install_excepthook()
    try:
        raise Boom(SECRET)
    except Boom as error:
        sys.excepthook(Boom, error, error.__traceback__)
    assert_reported(dialogs, state, "working")


def test_the_window_refuses_to_export_into_the_dataset(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dialogs: list[QMessageBox]
) -> None:
    """Not a crash but a refusal: said in a warning, nothing written, nothing logged."""
    import shutil

    briefing = tmp_path / "briefing"
    shutil.copytree(paths.sample_dataset(), briefing)
    main = MainWindow()
    qtbot.addWidget(main)
    assert main.open_dataset(briefing)
    monkeypatch.setattr(SheetDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    inside = briefing / "events" / "sheet.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(inside), ""))
    main.export_sheet()
    main.watcher.stop()
    assert not inside.exists()
    assert [box.windowTitle() for box in dialogs] == ["Export failed"]
    assert "inside the dataset" in dialogs[0].text()
