"""Completion and help at the filter: typing `actor:` offers the dataset's actors by id, name or
alias, Enter takes one; F1 and the "?" explain the language."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from briefing_app.ui import main_window
from briefing_app.ui.main_window import MainWindow
from briefing_app.ui.query_completion import VALUE_ROLE


def offered(window: MainWindow) -> list[str]:
    completer = window.query_completer.completer
    model = completer.completionModel()
    return [model.index(row, 0).data(VALUE_ROLE) for row in range(model.rowCount())]


def test_typing_a_field_offers_its_choices_by_name_and_alias(
    qtbot: QtBot, window: MainWindow
) -> None:
    field = window.filter_bar.search
    field.setFocus()
    qtbot.keyClicks(field, "withdrawal actor:")
    assert window.query_completer.completer.popup().isVisible()
    assert "khrenin" in offered(window)
    qtbot.keyClicks(field, "viktar")  # an alias: Viktar Khrenin
    assert offered(window) == ["khrenin"]
    popup = window.query_completer.completer.popup()
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert field.text() == "withdrawal actor:khrenin"


def test_each_field_offers_its_own(qtbot: QtBot, window: MainWindow) -> None:
    field = window.filter_bar.search
    field.setFocus()
    qtbot.keyClicks(field, "status:con")
    assert offered(window) == ["confirmed", "contested"]
    field.clear()
    qtbot.keyClicks(field, "-place:kie")
    assert offered(window) == ["kyiv"]
    field.clear()
    qtbot.keyClicks(field, "source:pictures")
    assert offered(window) == ["armyrecognition-2024-07-pictures", "belarus-mod-pictures-2024-07"]
    field.clear()
    qtbot.keyClicks(field, "plain words")
    assert not window.query_completer.completer.popup().isVisible()


@pytest.mark.parametrize("how", ["key", "button"])
def test_f1_and_the_question_mark_explain_the_language(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QDialog, "exec", lambda dialog: shown.append(dialog.windowTitle()))
    if how == "key":
        window.filter_bar.search.setFocus()
        qtbot.keyClick(window.filter_bar.search, Qt.Key.Key_F1)
    else:
        qtbot.mouseClick(window.filter_bar.help_button, Qt.MouseButton.LeftButton)
    assert shown == ["The filter's language"]
    assert "| `reliability:>=B` |" in main_window.QUERY_HELP


def test_esc_closes_the_choices_and_only_then_clears(qtbot: QtBot, window: MainWindow) -> None:
    field = window.filter_bar.search
    field.setFocus()
    qtbot.keyClicks(field, "status:contested place:")
    popup = window.query_completer.completer.popup()
    assert popup.isVisible()
    qtbot.keyClick(field, Qt.Key.Key_Escape)
    assert not popup.isVisible()
    assert field.text() == "status:contested place:"
    qtbot.keyClick(field, Qt.Key.Key_Escape)
    assert field.text() == ""
