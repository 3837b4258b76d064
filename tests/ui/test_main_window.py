"""The reading window, driven as a person would: select, read, filter, group, navigate."""

import os
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from briefing_app import paths
from briefing_app.core.query import parse_query
from briefing_app.ui.main_window import MainWindow
from briefing_app.ui.tree_model import EVENT_ID_ROLE
from tests.core.helpers import MINIMAL, write


@pytest.fixture
def copied_sample(tmp_path: Path) -> Path:
    target = tmp_path / "briefing"
    shutil.copytree(paths.sample_dataset(), target)
    return target


def shown_ids(window: MainWindow, parent: QModelIndex = QModelIndex()) -> list[str]:
    proxy = window.proxy
    found = []
    for row in range(proxy.rowCount(parent)):
        index = proxy.index(row, 0, parent)
        if proxy.data(index, EVENT_ID_ROLE):
            found.append(proxy.data(index, EVENT_ID_ROLE))
        found += shown_ids(window, index)
    return found


def type_query(qtbot: QtBot, window: MainWindow, text: str) -> None:
    window.filter_bar.search.clear()
    qtbot.keyClicks(window.filter_bar.search, text)
    qtbot.waitUntil(lambda: window.query.text == text, timeout=2000)


def test_selecting_an_event_shows_quotes_speakers_and_sources(window: MainWindow) -> None:
    window.select_event("sof-commander-report")
    text = window.detail.toPlainText()
    assert "Special operations forces commander reports no provocations" in text
    assert "\u2018the withdrawal process would be carried out calmly and routinely\u2019" in text
    assert "Vadim Denisenko (Commander of the Special Operations Forces of Belarus)" in text
    assert "as reported by Army Recognition" in text
    assert "REPORTED" in text
    assert "Reliability C - fairly reliable" in text
    assert "3 - possibly true" in text
    current = window.tree.currentIndex()
    assert window.proxy.data(current, EVENT_ID_ROLE) == "sof-commander-report"


def test_figures_keep_ranges_and_disputes_name_who(window: MainWindow) -> None:
    window.select_event("btg-deployment-2024")
    text = window.detail.toPlainText()
    assert "an estimated 4,000 to 6,000 troops" in text
    assert "up to 4 battalion tactical groups" in text
    window.select_event("withdrawal-announced")
    assert "Contests: Ukrainian officials" in window.detail.toPlainText()


def test_typing_a_query_filters_tree_and_count(qtbot: QtBot, window: MainWindow) -> None:
    assert window.count_label.text() == "24 of 24 events"
    type_query(qtbot, window, "actor:denisenko")
    assert window.count_label.text() == "2 of 24 events"
    assert shown_ids(window) == [
        "withdrawal-2024",
        "lukashenko-border-visit",
        "lukashenko-claims-ukraine-pullback",
        "withdrawal-announced",
        "sof-commander-report",
    ]
    assert window.filter_bar.pickers["actor"].text() == "Actors (1)"
    assert window.filter_bar.error.isHidden()


def test_bad_query_gives_inline_error_and_rest_applies(qtbot: QtBot, window: MainWindow) -> None:
    type_query(qtbot, window, "wagner foo:bar")
    assert window.filter_bar.error.isVisible()
    assert "unknown field 'foo:'" in window.filter_bar.error.text()
    assert window.count_label.text() == "1 of 24 events"


def test_nothing_matches_offers_to_clear(qtbot: QtBot, window: MainWindow) -> None:
    type_query(qtbot, window, "zzzz-no-such-thing")
    assert window.tree_stack.currentWidget() is window.empty_page
    qtbot.mouseClick(window.clear_button, Qt.MouseButton.LeftButton)
    assert window.tree_stack.currentWidget() is window.tree
    assert window.count_label.text() == "24 of 24 events"


def test_picker_writes_into_query(window: MainWindow) -> None:
    picker = window.filter_bar.pickers["tag"]
    for row in range(picker.choices.count()):
        if picker.choices.item(row).data(Qt.ItemDataRole.UserRole) == "nato":
            picker.choices.item(row).setCheckState(Qt.CheckState.Checked)
    assert window.filter_bar.search.text() == "tag:nato"
    assert window.count_label.text() == "1 of 24 events"
    window.filter_bar.reliability.setCurrentIndex(3)
    window.filter_bar.reliability.activated.emit(3)
    assert window.filter_bar.search.text() == "tag:nato reliability:>=C"


def test_clicking_an_actor_opens_its_page_and_filter_by_this_filters(window: MainWindow) -> None:
    window.select_event("sof-commander-report")
    window.detail.anchorClicked.emit(QUrl("actor:denisenko"))
    assert window.detail.entity == ("actor", "denisenko")
    assert window.filter_bar.search.text() == ""
    window.detail.anchorClicked.emit(QUrl("filter-by:actor:denisenko"))
    assert window.detail.entity == ("actor", "denisenko")  # the page stays
    assert window.filter_bar.search.text() == "actor:denisenko"
    assert window.count_label.text() == "2 of 24 events"
    assert window.selected == "sof-commander-report"  # the selection survives filtering


@pytest.mark.parametrize(
    ("grouping", "top"),
    [
        ("storyline", 4),
        ("date", 3),
        ("actor", 15),
        ("place", 5),
        ("tag", 13),
        ("source", 2),
    ],
)
def test_each_grouping(window: MainWindow, grouping: str, top: int) -> None:
    window.select_event("withdrawal-announced")
    window.set_grouping(grouping)
    assert window.proxy.rowCount() == top
    assert sorted(set(shown_ids(window))) == sorted(window.dataset.events)  # type: ignore[union-attr]
    assert window.proxy.data(window.tree.currentIndex(), EVENT_ID_ROLE) == "withdrawal-announced"


def test_next_and_previous_in_time(window: MainWindow) -> None:
    window.select_event("joint-grouping-2022")
    window.step_in_time(1)
    assert window.selected == "exercises-2023-2024"
    window.step_in_time(-1)
    assert window.selected == "joint-grouping-2022"


def test_back_and_forward(window: MainWindow) -> None:
    for event_id in ("advance-on-kyiv", "nato-largest-presence", "withdrawal-2024"):
        window.select_event(event_id)
    window.go_back()
    assert window.selected == "nato-largest-presence"
    window.go_back()
    assert window.selected == "advance-on-kyiv"
    assert not window.back_action.isEnabled()
    window.go_forward()
    assert window.selected == "nato-largest-presence"
    window.detail.anchorClicked.emit(QUrl("event:ukrainian-scepticism"))
    assert window.selected == "ukrainian-scepticism"
    assert not window.forward_action.isEnabled()


def test_markup_in_data_stays_text(qtbot: QtBot, tmp_path: Path) -> None:
    title = '<img src="file:///etc/passwd"><b>bold</b>'
    path = write(tmp_path, "d.yaml", MINIMAL.replace("title: E,", f"title: '{title}',"))
    main = MainWindow()
    qtbot.addWidget(main)
    assert main.open_dataset(path)
    main.select_event("e")
    assert title in main.detail.toPlainText()
    assert "&lt;img" in main.detail.toHtml()
    assert "<img" not in main.detail.toHtml()
    assert main.proxy.data(main.proxy.index(0, 0)) == title
    assert main.detail.loadResource(2, QUrl("file:///etc/passwd")) is None


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "javascript:alert(1)", "data:text/html,x", "ftp://example.org/"]
)
def test_unsafe_links_are_never_opened(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, url: str
) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", opened.append)
    window.select_event("withdrawal-announced")
    window.detail.anchorClicked.emit(QUrl(url))
    assert opened == []
    assert "never followed" in window.statusBar().currentMessage()


@pytest.mark.parametrize(("answer", "opens"), [(QDialog.DialogCode.Accepted, True), (0, False)])
def test_web_links_open_after_the_address_is_shown(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, answer: int, opens: bool
) -> None:
    from briefing_app.ui.link_dialog import LinkDialog

    opened: list[QUrl] = []
    shown: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", opened.append)

    def fake_exec(dialog: LinkDialog) -> int:
        shown.append(dialog.address.toPlainText())
        return answer

    monkeypatch.setattr(LinkDialog, "exec", fake_exec)
    window.detail.anchorClicked.emit(QUrl("https://example.org/report"))
    assert "https://example.org/report" in shown[0]
    assert [url.toString() for url in opened] == (["https://example.org/report"] if opens else [])


def test_copy_citation(window: MainWindow) -> None:
    window.select_event("minor-forces-remain")
    window.detail.anchorClicked.emit(QUrl("copy-quote:0"))
    copied = QGuiApplication.clipboard().text()
    assert copied.startswith(
        "Viktor Khrenin (Defence Minister of Belarus), 13 Jul 2024, as reported"
    )
    assert "minor forces would remain to monitor the situation at the southern border" in copied
    assert "Source (paragraph 1): Army Recognition" in copied


def test_dataset_with_errors_opens_with_banner_and_problems(qtbot: QtBot, tmp_path: Path) -> None:
    broken = MINIMAL + "  - {id: f, title: F, parent: ghost, sources: [s]}\n"
    path = write(tmp_path, "d.yaml", broken)
    main = MainWindow()
    qtbot.addWidget(main)
    main.show()
    assert main.open_dataset(path)
    assert main.banner.isVisible()
    assert "1 error, 0 warnings in 1 file" in main.banner_label.text()
    assert main.count_label.text() == "2 of 2 events"
    qtbot.mouseClick(main.banner_button, Qt.MouseButton.LeftButton)
    assert main.problems.isVisible()
    assert (
        f"{path}:6:31: error: 'parent' names event 'ghost', which does not exist "
        "[unresolved-reference]" in main.problems.plain_text()
    )


def test_unreadable_dataset_gives_dialog_and_keeps_previous(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.informativeText()))
    assert not window.open_dataset(tmp_path / "missing")
    assert "no such file or folder" in shown[0]
    assert window.dataset is not None
    assert window.dataset.info.title.startswith("Belarus announces withdrawal")


def test_live_reload_after_atomic_replace(qtbot: QtBot, copied_sample: Path) -> None:
    main = MainWindow()
    qtbot.addWidget(main)
    assert main.open_dataset(copied_sample)
    main.select_event("nato-largest-presence")
    root = copied_sample / "dataset.yaml"
    text = root.read_text(encoding="utf-8").replace(
        "title: Belarus announces withdrawal", "title: Edited - Belarus announces withdrawal"
    )
    replacement = copied_sample / ".dataset.yaml.tmp"
    replacement.write_text(text, encoding="utf-8")
    os.replace(replacement, root)  # how many editors save
    qtbot.waitUntil(
        lambda: main.dataset is not None and main.dataset.info.title.startswith("Edited"),
        timeout=5000,
    )
    assert main.selected == "nato-largest-presence"
    assert "Edited" in main.windowTitle()
    main.watcher.stop()


def test_live_reload_keeps_last_good_data_when_a_file_breaks(
    qtbot: QtBot, copied_sample: Path
) -> None:
    main = MainWindow()
    qtbot.addWidget(main)
    main.show()
    assert main.open_dataset(copied_sample)
    (copied_sample / "events" / "ukraine-north.yaml").write_text("events: [\n", encoding="utf-8")
    qtbot.waitUntil(main.banner.isVisible, timeout=5000)
    assert len(main.dataset.events) == 24  # type: ignore[union-attr]
    assert "still showing the last version" in main.banner_label.text()
    assert "yaml-syntax" in main.problems.plain_text()
    main.watcher.stop()


def test_settings_are_remembered(qtbot: QtBot) -> None:
    first = MainWindow()
    qtbot.addWidget(first)
    first.open_initial(None)
    first.set_grouping("tag")
    first.set_zoom(2)
    first.close()
    second = MainWindow()
    qtbot.addWidget(second)
    assert second.grouping == "tag"
    assert second.zoom == 2
    sample = second.recent_menu.actions()[0]
    assert sample.text() == (
        "Sample: Belarus announces withdrawal of troops from the Ukraine border (July 2024)"
    )
    assert str(paths.sample_dataset()) in sample.toolTip()


def test_keyboard(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.filter_bar.search.hasFocus()
    qtbot.keyClicks(window.filter_bar.search, "wagner")
    window.filter_bar.apply_now()
    assert window.count_label.text() == "1 of 24 events"
    qtbot.keyClick(window.filter_bar.search, Qt.Key.Key_Escape)
    assert window.filter_bar.search.text() == ""
    assert window.count_label.text() == "24 of 24 events"


def test_every_control_has_an_accessible_name(window: MainWindow) -> None:
    for widget in (
        window.filter_bar.search,
        window.tree,
        window.detail,
        window.count_label,
        window.problems_button,
        window.filter_bar.reliability,
        *window.filter_bar.pickers.values(),
        window.filter_bar.after,
        window.filter_bar.before,
        window.clear_button,
        window.banner_button,
    ):
        assert widget.accessibleName(), widget


def test_new_dataset_opens_with_storylines_showing_their_events(window: MainWindow) -> None:
    assert all(window.tree.isExpanded(window.proxy.index(row, 0)) for row in range(4))
    assert not window.tree.isExpanded(window.proxy.index(0, 0, window.proxy.index(3, 0)))


def test_filter_opens_the_tree_around_matches_and_clearing_restores(window: MainWindow) -> None:
    proxy, tree = window.proxy, window.tree
    window.collapse_all()
    window.filter_bar.set_text("calmly")
    storyline = proxy.index(0, 0)
    announced = proxy.index(0, 0, storyline)
    assert proxy.data(announced, EVENT_ID_ROLE) == "withdrawal-announced"
    assert tree.isExpanded(storyline)
    assert tree.isExpanded(announced)
    window.filter_bar.clear()
    assert not any(tree.isExpanded(proxy.index(row, 0)) for row in range(proxy.rowCount()))


def test_export_pdf_from_the_window(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from PySide6.QtWidgets import QDialog, QFileDialog

    from briefing_app.ui.sheet_dialog import SheetDialog

    monkeypatch.setattr(SheetDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    target = tmp_path / "out"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.select_event("withdrawal-announced")
    window.export_sheet("event", "withdrawal-announced")
    assert (tmp_path / "out.pdf").read_bytes().startswith(b"%PDF")
    assert "Saved" in window.statusBar().currentMessage()


def test_preview_paints_the_same_sheet(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
    from PySide6.QtWidgets import QDialog

    from briefing_app.ui.sheet_dialog import SheetDialog

    monkeypatch.setattr(SheetDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    painted: list[Path] = []

    def fake_exec(preview: QPrintPreviewDialog) -> int:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(tmp_path / "preview.pdf"))
        preview.paintRequested.emit(printer)
        painted.append(tmp_path / "preview.pdf")
        return 0

    monkeypatch.setattr(QPrintPreviewDialog, "exec", fake_exec)
    window.preview_sheet()
    import pypdf

    assert len(pypdf.PdfReader(painted[0]).pages) >= 3


def test_safe_file_names() -> None:
    from briefing_app.ui.sheet_actions import safe_file_name

    assert safe_file_name('a/b\\c: "d" <e>?') == "a b c d e"
    assert safe_file_name("...") == "briefing"


def test_real_preview_dialog_runs_and_closes(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The preview only borrows its printer; a printer freed too early crashed the app."""
    from PySide6.QtCore import QTimer
    from PySide6.QtPrintSupport import QPrintPreviewDialog
    from PySide6.QtWidgets import QApplication, QDialog

    from briefing_app.ui.sheet_dialog import SheetDialog

    monkeypatch.setattr(SheetDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    seen: list[str] = []

    def close_preview() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QPrintPreviewDialog) and widget.isVisible():
                seen.append(widget.windowTitle())
                widget.reject()

    QTimer.singleShot(500, close_preview)
    window.preview_sheet("event", "minor-forces-remain")
    assert seen == ["Print preview: Minor forces stay to watch the southern border"]


def test_a_window_larger_than_its_screen_is_brought_back_onto_it(qtbot: QtBot) -> None:
    main = MainWindow()
    qtbot.addWidget(main)
    room = main.screen().availableGeometry()
    main.setMinimumSize(0, 0)
    main.resize(room.width() * 2, room.height() * 2)
    main.fit_to_screen()
    assert main.width() <= room.width()
    assert main.height() <= room.height()


def test_esc_clears_the_filter_only_from_its_field_and_ctrl_z_brings_it_back(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.activateWindow()
    type_query(qtbot, window, "wagner")
    window.filter_bar.apply_now()
    window.tree.setFocus()
    qtbot.keyClick(window.tree, Qt.Key.Key_Escape)
    assert window.filter_bar.search.text() == "wagner"  # Esc elsewhere is not the filter's
    window.filter_bar.search.setFocus()
    qtbot.keyClick(window.filter_bar.search, Qt.Key.Key_Escape)
    assert window.filter_bar.search.text() == ""
    assert window.count_label.text() == "24 of 24 events"
    qtbot.keyClick(window.filter_bar.search, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.filter_bar.search.text() == "wagner"


def test_clicking_a_row_shows_its_event(qtbot: QtBot, window: MainWindow) -> None:
    """A click makes the row current before it selects it: the page must still follow."""
    window.tree.expandAll()
    for event_id in ("withdrawal-announced", "lukashenko-border-visit"):
        index = _proxy_index(window, event_id)
        window.tree.scrollTo(index)
        rect = window.tree.visualRect(index)
        qtbot.mouseClick(window.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        assert window.tree.selectionModel().isSelected(index)
        assert window.dataset is not None
        assert window.dataset.events[event_id].title in window.detail.toPlainText()
        assert window.selected == event_id


def _proxy_index(window: MainWindow, event_id: str) -> QModelIndex:
    pending = [QModelIndex()]
    while pending:
        parent = pending.pop()
        for row in range(window.proxy.rowCount(parent)):
            index = window.proxy.index(row, 0, parent)
            if window.proxy.data(index, EVENT_ID_ROLE) == event_id:
                return index
            pending.append(index)
    raise AssertionError(event_id)


def test_an_empty_result_names_the_term_that_matches_nothing(window: MainWindow) -> None:
    window.apply_query(parse_query("place:gomel actor:khrenin"))
    assert window.count_label.text().startswith("0 of ")
    assert window.empty_label.text() == (
        "No events match the filter. Nothing in this dataset matches place:gomel."
    )
    window.apply_query(parse_query("actor:khrenin tag:fortifications"))  # each matches alone
    assert window.empty_label.text() == "No events match the filter."
    window.apply_query(parse_query("reliability:A"))  # no source in the sample is graded A
    assert window.empty_label.text().endswith("matches reliability:A.")
