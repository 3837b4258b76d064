"""A picker from the keyboard alone: open, move, tick, narrow by typing, close, move on."""

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from briefing_app.core.query_edit import PickState
from briefing_app.ui.pickers import ChecklistPicker

Key = Qt.Key
# A popup, offscreen: the platform cannot grab the keyboard for it, and says so.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

CHOICES = [("khrenin", "Viktor Khrenin"), ("lukashenko", "Alexander Lukashenko"), ("x", "Xi")]


@pytest.fixture
def form(qtbot: QtBot) -> Iterator[tuple[QWidget, QLineEdit, ChecklistPicker, QLineEdit]]:
    """A picker between two fields, as in the filter bar, shown and focused."""
    window = QWidget()
    qtbot.addWidget(window)
    before = QLineEdit(window)
    picker = ChecklistPicker("actor", "Actors", window)
    after = QLineEdit(window)
    for at, widget in enumerate((before, picker, after)):
        widget.move(0, at * 40)
    picker.set_choices(CHOICES)
    window.show()
    window.activateWindow()
    qtbot.waitExposed(window)
    picker.setFocus()
    yield window, before, picker, after
    picker.popup.hide()


def focused() -> QWidget | None:
    return QApplication.focusWidget()


def press(
    qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    """A key, sent where a person's key would go: to the widget with the focus."""
    widget = focused()
    assert widget is not None
    qtbot.keyClick(widget, key, modifier)


def row_text(picker: ChecklistPicker) -> str:
    item = picker.choices.currentItem()
    return item.text() if item is not None else ""


@pytest.mark.parametrize(
    ("key", "modifier"),
    [
        (Key.Key_Space, Qt.KeyboardModifier.NoModifier),
        (Key.Key_Return, Qt.KeyboardModifier.NoModifier),
        (Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier),
        (Key.Key_Down, Qt.KeyboardModifier.AltModifier),
        (Key.Key_F4, Qt.KeyboardModifier.NoModifier),
    ],
)
def test_keys_open_the_list_with_the_focus_in_it(
    qtbot: QtBot, form: tuple, key: Qt.Key, modifier: Qt.KeyboardModifier
) -> None:
    _, _, picker, _ = form
    press(qtbot, key, modifier)
    assert picker.popup.isVisible()
    assert focused() is picker.choices
    assert row_text(picker) == "Alexander Lukashenko"  # the first, in label order


def test_arrows_move_and_space_ticks_and_unticks(qtbot: QtBot, form: tuple) -> None:
    _, _, picker, _ = form
    heard: list[tuple[str, str, bool]] = []
    picker.toggled_choice.connect(lambda *args: heard.append(args))
    press(qtbot, Key.Key_Space)
    press(qtbot, Key.Key_Down)
    assert row_text(picker) == "Viktor Khrenin"
    press(qtbot, Key.Key_Space)
    assert heard == [("actor", "khrenin", True)]
    assert picker.choices.currentItem().checkState() == Qt.CheckState.Checked
    press(qtbot, Key.Key_Space)
    assert heard[-1] == ("actor", "khrenin", False)
    assert picker.popup.isVisible()  # ticking leaves the list open for the next one


def test_typing_narrows_the_list_and_backspace_widens_it(qtbot: QtBot, form: tuple) -> None:
    _, _, picker, _ = form
    press(qtbot, Key.Key_Space)
    qtbot.keyClicks(picker.choices, "khr")
    assert picker.narrow.text() == "khr"
    assert focused() is picker.choices  # the keys stay with the list
    shown = [
        picker.choices.item(row).text()
        for row in range(picker.choices.count())
        if not picker.choices.item(row).isHidden()
    ]
    assert shown == ["Viktor Khrenin"]
    assert row_text(picker) == "Viktor Khrenin"
    press(qtbot, Key.Key_Space)
    assert picker.checked() == ["khrenin"]
    for _ in range(3):
        press(qtbot, Key.Key_Backspace)
    assert picker.narrow.text() == ""
    assert not any(picker.choices.item(row).isHidden() for row in range(3))


def test_the_find_field_hands_the_arrows_to_the_list(qtbot: QtBot, form: tuple) -> None:
    _, _, picker, _ = form
    press(qtbot, Key.Key_Space)
    picker.narrow.setFocus()
    qtbot.keyClicks(picker.narrow, "k")  # Lukashenko and Khrenin, not Xi
    press(qtbot, Key.Key_Down)
    assert focused() is picker.choices
    assert row_text(picker) == "Viktor Khrenin"


@pytest.mark.parametrize("key", [Key.Key_Escape, Key.Key_Return])
def test_escape_and_enter_close_and_give_the_button_back_the_focus(
    qtbot: QtBot, form: tuple, key: Qt.Key
) -> None:
    _, _, picker, _ = form
    press(qtbot, Key.Key_Space)
    press(qtbot, key)
    assert not picker.popup.isVisible()
    assert focused() is picker


@pytest.mark.parametrize(("key", "goes_forward"), [(Key.Key_Tab, True), (Key.Key_Backtab, False)])
def test_tab_closes_and_moves_on(
    qtbot: QtBot, form: tuple, key: Qt.Key, goes_forward: bool
) -> None:
    _, before, picker, after = form
    press(qtbot, Key.Key_Space)
    press(qtbot, key)
    assert not picker.popup.isVisible()
    assert focused() is (after if goes_forward else before)


def test_the_state_from_the_query_shows_ticks_half_ticks_and_typed_values(
    qtbot: QtBot, form: tuple
) -> None:
    _, _, picker, _ = form
    picker.set_state(PickState(frozenset({"khrenin"}), frozenset({"x"}), ("luka",)))
    states = {
        picker.choices.item(row).data(Qt.ItemDataRole.UserRole): picker.choices.item(
            row
        ).checkState()
        for row in range(3)
    }
    assert states == {
        "khrenin": Qt.CheckState.Checked,
        "x": Qt.CheckState.PartiallyChecked,
        "lukashenko": Qt.CheckState.Unchecked,
    }
    assert picker.text() == "Actors (2, +1 typed)"
    assert "luka" in picker.accessibleDescription()
    picker.set_state(PickState(unnamed=("luka",)))
    assert picker.text() == "Actors (1 typed)"
    picker.set_state(PickState())
    assert picker.text() == "Actors"
    assert picker.checked() == []


def test_clicking_a_half_tick_unticks_it(qtbot: QtBot, form: tuple) -> None:
    _, _, picker, _ = form
    heard: list[tuple[str, str, bool]] = []
    picker.toggled_choice.connect(lambda *args: heard.append(args))
    picker.set_state(PickState(partial=frozenset({"x"})))
    press(qtbot, Key.Key_Space)
    assert row_text(picker) == "Xi"  # opens on the first chosen one
    press(qtbot, Key.Key_Space)
    assert heard == [("actor", "x", False)]


def test_an_empty_picker_does_not_open(qtbot: QtBot, form: tuple) -> None:
    _, _, picker, _ = form
    picker.set_choices([])
    assert not picker.isEnabled()
    picker.open_popup()
    assert not picker.popup.isVisible()
