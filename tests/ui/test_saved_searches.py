"""Saved searches and the search history, driven as a person would: the Searches menu with its
counts, save, rename and delete; Up and Down in the filter field."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox
from pytestqt.qtbot import QtBot

from briefing_app.ui.main_window import MainWindow
from briefing_app.ui.query_history import HISTORY_SIZE
from briefing_app.ui.saved_searches import ManageSearchesDialog, save_search, saved_searches


def entries(window: MainWindow) -> list[str]:
    window.searches_menu.aboutToShow.emit()
    return [action.text() for action in window.searches_menu.actions() if action.text()]


def test_save_the_current_search_and_see_its_count(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.filter_bar.set_text("actor:khrenin")
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Khrenin & co", True))
    window.searches_menu.aboutToShow.emit()
    window.searches_menu.actions()[0].trigger()  # Save Current Search...
    assert saved_searches()[0].query == "actor:khrenin"
    count = len(window.index.matching_ids(window.query))
    assert f"Khrenin && co ({count})" in entries(window)  # the & shown as itself
    window.filter_bar.clear()
    (action,) = [a for a in window.searches_menu.actions() if a.text().startswith("Khrenin")]
    action.trigger()
    assert window.filter_bar.search.text() == "actor:khrenin"
    assert window.count_label.text().startswith(f"{count} of")


def test_an_invalid_saved_search_says_so(window: MainWindow) -> None:
    save_search("broken", '"unclosed')
    assert "broken (invalid here)" in entries(window)


def test_rename_and_delete(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    save_search("one", "tag:nato")
    save_search("two", "tag:wagner")
    dialog = ManageSearchesDialog(window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitExposed(dialog)
    shown = [dialog.list.item(i).text() for i in range(dialog.list.count())]
    assert shown == ["two  \u2014  tag:wagner", "one  \u2014  tag:nato"]
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Wagner", True))
    qtbot.keyClick(dialog.list, Qt.Key.Key_F2)
    assert [s.name for s in saved_searches()] == ["Wagner", "one"]
    assert dialog.focusWidget() is dialog.list  # so Delete works next, from the keyboard
    answers = [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Yes]
    monkeypatch.setattr(QMessageBox, "exec", lambda box: answers.pop(0))
    dialog.list.setCurrentRow(1)
    qtbot.keyClick(dialog.list, Qt.Key.Key_Delete)  # asked, and kept
    assert [s.name for s in saved_searches()] == ["Wagner", "one"]
    qtbot.keyClick(dialog.list, Qt.Key.Key_Delete)
    assert [s.name for s in saved_searches()] == ["Wagner"]


def test_a_name_already_taken_is_replaced_only_when_asked(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    save_search("Border", "tag:border")
    window.filter_bar.set_text("wagner")
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Border", True))
    answers = [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Yes]
    monkeypatch.setattr(QMessageBox, "exec", lambda box: answers.pop(0))
    window.save_current_search()
    assert [(s.name, s.query) for s in saved_searches()] == [("Border", "tag:border")]
    window.save_current_search()
    assert [(s.name, s.query) for s in saved_searches()] == [("Border", "wagner")]


def test_up_and_down_walk_the_history(qtbot: QtBot, window: MainWindow) -> None:
    field = window.filter_bar.search
    field.setFocus()
    for query in ("tag:nato", "actor:khrenin", "withdrawal"):
        field.clear()
        qtbot.keyClicks(field, query)
        qtbot.keyClick(field, Qt.Key.Key_Return)
    field.clear()
    qtbot.keyClicks(field, "draft")
    qtbot.keyClick(field, Qt.Key.Key_Up)
    assert field.text() == "withdrawal"
    qtbot.keyClick(field, Qt.Key.Key_Up)
    assert field.text() == "actor:khrenin"
    qtbot.keyClick(field, Qt.Key.Key_Down)
    qtbot.keyClick(field, Qt.Key.Key_Down)
    assert field.text() == "draft"  # back to what was being typed
    qtbot.wait(400)  # the filter applies the query it shows
    assert window.filter_bar.query.text == "draft"


def test_the_history_keeps_the_last_twenty_without_repeats(window: MainWindow) -> None:
    history = window.query_history
    for number in range(HISTORY_SIZE + 5):
        history.record(f"q{number}")
    history.record("q10")
    assert len(history.entries) == HISTORY_SIZE
    assert history.entries[0] == "q10"
    assert history.entries.count("q10") == 1
