"""Find in the detail pane from the keyboard: Ctrl+F while the pane has the focus (Ctrl+F
elsewhere still finds events), Ctrl+Shift+F anywhere; Enter, Shift+Enter, F3; a match count."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from briefing_app.ui.main_window import MainWindow

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def test_ctrl_f_in_the_pane_finds_in_the_page(qtbot: QtBot, window: MainWindow) -> None:
    window.select_event("withdrawal-announced")
    window.detail.setFocus()
    qtbot.keyClick(window.detail, Qt.Key.Key_F, CTRL)
    bar = window.pane_find
    assert bar.isVisible()
    assert bar.field.hasFocus()
    qtbot.keyClicks(bar.field, "withdraw")
    total = window.detail.toPlainText().lower().count("withdraw")
    assert total >= 3
    assert bar.count_label.text() == f"1 of {total}"
    assert window.detail.textCursor().selectedText().lower() == "withdraw"
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    assert bar.count_label.text() == f"2 of {total}"
    qtbot.keyClick(bar.field, Qt.Key.Key_F3)
    assert bar.count_label.text() == f"3 of {total}"
    qtbot.keyClick(bar.field, Qt.Key.Key_Return, SHIFT)
    assert bar.count_label.text() == f"2 of {total}"
    qtbot.keyClick(bar.field, Qt.Key.Key_F3, SHIFT)
    qtbot.keyClick(bar.field, Qt.Key.Key_F3, SHIFT)  # round to the last
    assert bar.count_label.text() == f"{total} of {total}"
    qtbot.keyClick(bar.field, Qt.Key.Key_Escape)
    assert not bar.isVisible()
    assert window.detail.hasFocus()


def test_words_not_on_the_page_say_so(qtbot: QtBot, window: MainWindow) -> None:
    window.select_event("withdrawal-announced")
    window.pane_find.open_bar()
    qtbot.keyClicks(window.pane_find.field, "zzqx")
    assert window.pane_find.count_label.text() == "Not found"


def test_ctrl_f_elsewhere_still_finds_events(qtbot: QtBot, window: MainWindow) -> None:
    window.tree.setFocus()
    qtbot.keyClick(window.tree, Qt.Key.Key_F, CTRL)
    assert window.filter_bar.search.hasFocus()
    assert not window.pane_find.isVisible()
    qtbot.keyClick(window.filter_bar.search, Qt.Key.Key_F, CTRL | SHIFT)
    assert window.pane_find.isVisible()
    assert window.pane_find.field.hasFocus()


def test_words_not_found_leave_nothing_marked(qtbot: QtBot, window: MainWindow) -> None:
    window.select_event("withdrawal-announced")
    window.pane_find.open_bar()
    qtbot.keyClicks(window.pane_find.field, "wi")
    assert window.detail.textCursor().hasSelection()
    qtbot.keyClicks(window.pane_find.field, "zzq")
    assert not window.detail.textCursor().hasSelection()


def test_back_is_off_after_another_dataset_opens(window: MainWindow) -> None:
    from tests.core.helpers import FORMAT2

    window.select_event("withdrawal-announced")
    window.select_event("minor-forces-remain")
    assert window.back_action.isEnabled()
    window.open_dataset(FORMAT2)
    assert not window.back_action.isEnabled()
