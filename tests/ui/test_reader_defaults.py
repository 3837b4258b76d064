"""Defaults that match what the reader sees: a filtered view prints the filtered events, and
counts read as numbers do elsewhere in the app."""

from pathlib import Path

from pytestqt.qtbot import QtBot

from briefing_app.ui.main_window import MainWindow
from briefing_app.ui.sheet_dialog import SheetDialog


def test_with_a_filter_on_the_sheet_covers_the_filtered_events(qtbot: QtBot) -> None:
    dialog = SheetDialog(
        None, action="Export", scope="all", event_title=None, filter_text="actor:khrenin"
    )
    qtbot.addWidget(dialog)
    assert dialog.scope_radios["filter"].isChecked()
    plain = SheetDialog(None, action="Export", scope="all", event_title=None, filter_text="")
    qtbot.addWidget(plain)
    assert plain.scope_radios["all"].isChecked()


def test_counts_have_thousands_separators(qtbot: QtBot, tmp_path: Path) -> None:
    lines = [
        "dataset: {title: Many}",
        "sources:",
        "  - {id: s, kind: article, title: S, reliability: B}",
        "events:",
    ]
    lines += [f"  - {{id: e{n}, title: Event {n}, sources: [s]}}" for n in range(1_200)]
    path = tmp_path / "many.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.open_dataset(path)
    window.watcher.stop()
    assert window.count_label.text() == "1,200 of 1,200 events"
