"""Dataset text reaches the window as plain text, keeps its `&`, and keeps its direction to itself.

The window is opened on a dataset whose every text field is markup (and whose folder name is too),
driven through selections, groupings, a filter, menus and dialogs, and then every widget, action,
tooltip, window title, item and header of it is walked: nothing may be rendered as rich text
except the one escaped tooltip form, no `&` from the data may become a keyboard mnemonic, and the
data must show as written. A second dataset with unclosed right-to-left overrides checks, by
laying the text out as Qt does, that the app's own words after a data string keep their order.
"""

from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from PySide6 import QtGui
from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt, QTimer, QUrl
from PySide6.QtGui import QAction, QImage, QKeySequence, QPainter, QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QGroupBox,
    QLabel,
    QMenu,
    QMessageBox,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from briefing_app.core.links import check_link
from briefing_app.core.safetext import FSI, PDI
from briefing_app.core.sheet import SheetOptions, compose_sheet
from briefing_app.core.tree import GROUPINGS
from briefing_app.ui.detail_pane import DetailPane
from briefing_app.ui.link_dialog import LinkDialog
from briefing_app.ui.main_window import MainWindow
from briefing_app.ui.plain_text import TOOLTIP_END, TOOLTIP_START, PlainStatusBar, tooltip
from briefing_app.ui.settings import remember_dataset
from briefing_app.ui.sheet_actions import safe_file_name
from briefing_app.ui.sheet_dialog import SheetDialog
from briefing_app.ui.sheet_html import sheet_html
from tests.ui.hostile_text import HEBREW, MARKUP, RLO, hostile_dataset, markup, overridden

might_be_rich_text = QtGui.Qt.mightBeRichText  # how Qt decides, for tooltips and labels
RICH_ROLES = (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.WhatsThisRole)
ROLES = (
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.AccessibleTextRole,
    Qt.ItemDataRole.StatusTipRole,
    *RICH_ROLES,
)


class RecordingDocument(QTextDocument):
    """A document that says which resources its HTML asked for, and loads none."""

    def __init__(self) -> None:
        super().__init__()
        self.requested: list[str] = []

    def loadResource(self, kind: int, name: QUrl) -> Any:
        self.requested.append(name.toString())
        return None


def rendered(html: str) -> tuple[str, list[str]]:
    """The text a rich-text `html` shows, and the resources painting it asks for."""
    document = RecordingDocument()
    document.setHtml(html)
    image = QImage(400, 200, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    document.drawContents(painter)
    painter.end()
    return document.toPlainText(), document.requested


def tooltip_text(tip: str) -> str:
    """What a tooltip shows; a tooltip Qt would take for rich text must be our escaped form."""
    if not tip or not might_be_rich_text(tip):
        return tip
    assert tip.startswith(TOOLTIP_START), tip
    assert tip.endswith(TOOLTIP_END), tip
    text, requested = rendered(tip)
    assert requested == [], tip
    return text


def shown_literally(text: str) -> bool:
    """Whether the data's markup is in `text`, as written."""
    return MARKUP in text.replace(FSI, "").replace(PDI, "")


def columns(model: Any, parent: QModelIndex) -> int:
    """A model's columns; a list model keeps `columnCount` to itself, and has one."""
    return 1 if isinstance(model, QAbstractListModel) else int(model.columnCount(parent))


class Walk:
    """Everything a walk over widgets found the data in, as (kind, text)."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, str]] = []

    def note(self, kind: str, text: str) -> None:
        if shown_literally(text):
            self.seen.append((kind, text))

    def kinds(self) -> set[str]:
        return {kind for kind, _ in self.seen}

    def widget(self, widget: QWidget) -> None:
        for each in [widget, *widget.findChildren(QWidget)]:
            self.note("tooltip", tooltip_text(each.toolTip()))
            if each.isWindow():
                self.title(each.windowTitle())
            if isinstance(each, QLabel):
                self.label(each)
            if isinstance(each, QAbstractButton):
                self.mnemonic_free("button", each.text())
            if isinstance(each, QGroupBox):
                self.mnemonic_free("group box", each.title())
            if isinstance(each, QMenu):
                self.mnemonic_free("menu", each.title())
            if isinstance(each, QTextEdit):
                self.text_edit(each)
            if isinstance(each, QAbstractItemView) and each.model() is not None:
                self.model(each.model())
            for action in each.actions():
                self.action(action)
        for action in widget.findChildren(QAction):
            self.action(action)

    def title(self, title: str) -> None:
        if shown_literally(title):
            # Qt shows `[*]` as its placeholder for unsaved changes, and `[*][*]` as `[*]`.
            assert "R&D [*][*]" in title, title
            self.seen.append(("window title", title))

    def label(self, label: QLabel) -> None:
        if label.textFormat() != Qt.TextFormat.PlainText:
            assert not might_be_rich_text(label.text()), label.text()
        self.note("label", label.text())

    def mnemonic_free(self, kind: str, text: str) -> None:
        shown = text.replace("&&", "&")
        if shown_literally(shown):
            assert QKeySequence.mnemonic(text).isEmpty(), text
            self.seen.append((kind, shown))

    def action(self, action: QAction) -> None:
        self.mnemonic_free("action", action.text())
        self.note("tooltip", tooltip_text(action.toolTip()))
        if action.menu() is not None:
            for inner in action.menu().actions():
                self.action(inner)

    def text_edit(self, edit: QTextEdit) -> None:
        html = edit.toHtml()
        assert "<img" not in html
        self.note("text", edit.toPlainText())

    def model(self, model: Any, parent: QModelIndex = QModelIndex()) -> None:
        horizontal = Qt.Orientation.Horizontal
        for section in range(columns(model, parent)):
            self.note("header", str(model.headerData(section, horizontal) or ""))
            tip = model.headerData(section, horizontal, Qt.ItemDataRole.ToolTipRole)
            self.note("tooltip", tooltip_text(str(tip or "")))
        for row in range(model.rowCount(parent)):
            for column in range(columns(model, parent)):
                index = model.index(row, column, parent)
                for role in ROLES:
                    value = model.data(index, role)
                    if not isinstance(value, str):
                        continue
                    if role in RICH_ROLES:  # shown by Qt as rich text when it looks like it
                        self.note("tooltip", tooltip_text(value))
                    else:  # item views draw plain text
                        self.note("item", value)
            self.model(model, model.index(row, 0, parent))


@pytest.fixture
def markup_window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    folder = hostile_dataset(
        tmp_path / f"folder {MARKUP}", markup, url="https://example.org/a?b=<b>&amp;R&D"
    )
    remember_dataset(str(tmp_path / f"recent {MARKUP}"))
    main = MainWindow()
    qtbot.addWidget(main)
    assert main.open_dataset(folder)
    assert main.result is not None
    assert main.result.error_count == 0, [str(p) for p in main.result.problems]
    main.show()
    yield main
    main.watcher.stop()


def test_the_helpers_own_checks_catch_markup(qapp: QApplication) -> None:
    """The walk's detector does see an image that rich text would load."""
    text, requested = rendered(f"<p>{MARKUP}</p>")
    assert any(name.endswith("/tmp/briefing-x.png") for name in requested)
    assert not shown_literally(text)
    text, requested = rendered(tooltip(MARKUP))
    assert (text, requested) == (MARKUP, [])


def test_every_widget_shows_markup_from_the_data_as_plain_text(
    markup_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = markup_window
    loaded: list[str] = []
    original = DetailPane.loadResource
    monkeypatch.setattr(
        DetailPane,
        "loadResource",
        lambda pane, kind, name: loaded.append(str(name)) or original(pane, kind, name),
    )
    walk = Walk()
    for event_id in ("e1", "e2", "e3"):
        window.select_event(event_id)
        walk.widget(window)
        assert shown_literally(window.detail.toPlainText())
    for grouping in GROUPINGS:
        window.set_grouping(grouping)
        walk.model(window.proxy)
    window.set_grouping("storyline")
    window.filter_bar.set_text(f"bogus:{MARKUP}")  # an error message quoting the query
    assert window.filter_bar.error.isVisible()
    walk.widget(window.filter_bar)
    window.filter_bar.set_text(f'"{MARKUP}" R&D')  # the filter, as the sheet dialog quotes it
    window.select_event("e1")
    walk.widget(window)
    window.set_grouping("actor")
    window.tree.setCurrentIndex(window.proxy.index(0, 0))
    assert shown_literally(window.detail.toPlainText())  # "<group>: 1 events. Open the group..."
    window.set_grouping("storyline")

    dialog = SheetDialog(
        window,
        action="Print",
        scope="event",
        event_title=window.dataset.events["e1"].title if window.dataset else None,
        filter_text=window.query.text,
    )
    walk.widget(dialog)
    assert ("button", f"The selected event and its sub-events: storyline title {MARKUP}") in (
        walk.seen
    )
    assert any(kind == "button" and "The events the filter shows" in t for kind, t in walk.seen)

    boxes: list[QMessageBox] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: boxes.append(box) or 0)
    window.open_dataset(window.path.parent / f"missing {MARKUP}" if window.path else Path())
    (box,) = boxes
    for label in box.findChildren(QLabel):
        assert label.textFormat() == Qt.TextFormat.PlainText
        assert not label.openExternalLinks()
    walk.widget(box)
    assert window.dataset is not None
    link = LinkDialog(check_link(window.dataset.sources["s1"].url), window)
    walk.widget(link)
    assert "<b>" not in link.address.toPlainText()  # escaped in the address as it opens

    assert loaded == []  # the detail pane asked for nothing
    assert {"window title", "label", "item", "tooltip", "text", "action", "button"} <= walk.kinds()
    assert any(kind == "action" and "recent" in text for kind, text in walk.seen)


def test_suggested_file_names_hold_no_direction_controls() -> None:
    assert safe_file_name(f"Report{RLO}fdp.exe") == "Report fdp.exe"
    assert safe_file_name("a\u2066b\u200bc\u2028d") == "a b c d"


def test_the_status_bar_keeps_every_message_on_one_line(markup_window: MainWindow) -> None:
    bar = markup_window.statusBar()
    assert isinstance(bar, PlainStatusBar)
    bar.showMessage("Saved to a\nforged: line\x1b[2J")
    assert bar.currentMessage() == "Saved to a\u240aforged: line\u241b[2J"


def test_a_tree_tooltip_cannot_forge_its_warning_line(qtbot: QtBot, tmp_path: Path) -> None:
    folder = hostile_dataset(
        tmp_path / "d",
        lambda field: f"{field}\n\u26a0 Treat with care: forged",
        url="https://x.org/",
    )
    main = MainWindow()
    qtbot.addWidget(main)
    assert main.open_dataset(folder)
    main.select_event("e1")
    tip = main.proxy.data(main.tree.currentIndex(), Qt.ItemDataRole.ToolTipRole)
    lines = tooltip_text(tip).splitlines()
    assert lines[0].startswith("storyline title")
    assert len(lines) == 2
    assert lines[1].startswith("\u26a0 Treat with care: the information is contested")
    main.watcher.stop()


def test_problem_messages_cannot_forge_lines(qtbot: QtBot, tmp_path: Path) -> None:
    (tmp_path / "dataset.yaml").write_text(
        "dataset: {title: T}\nsources:\n  - {id: s, kind: article, title: S, reliability: B,"
        ' url: "ftp://x\\n/tmp/forged.yaml:1:1: error: forged"}\n'
        "events:\n  - {id: e, title: E, sources: [s]}\n",
        encoding="utf-8",
    )
    main = MainWindow()
    qtbot.addWidget(main)
    assert main.open_dataset(tmp_path)
    lines = main.problems.plain_text().splitlines()
    assert any("/tmp/forged.yaml:1:1: error: forged" in line for line in lines)  # quoted...
    assert not any(line.startswith("/tmp/forged.yaml") for line in lines)  # ...not a line
    main.watcher.stop()


# -- direction ----------------------------------------------------------------------------------


def in_reading_order(document: QTextDocument, probe: str) -> bool:
    """Whether `probe` (app text) is laid out left to right, letter after letter, where it first
    appears in `document`."""
    document.setTextWidth(4000)  # one line per block
    document.size()  # laid out now: a block's layout has no lines before
    block = document.begin()
    while block.isValid():
        position = block.text().find(probe)
        if position >= 0:
            line = block.layout().lineForTextPosition(position)
            assert line.isValid()
            xs = [line.cursorToX(position + offset)[0] for offset in range(len(probe) + 1)]
            return all(left < right for left, right in pairwise(xs))
        block = block.next()
    raise AssertionError(f"{probe!r} is not in the document")


PROBES = ("as reported by", "Reliability C", "Contests:")  # app words after data


@pytest.fixture
def override_window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    folder = hostile_dataset(
        tmp_path / "rtl", overridden, url=f"https://example.org/invoice{RLO}gpj.exe"
    )
    main = MainWindow()
    qtbot.addWidget(main)
    assert main.open_dataset(folder)
    main.show()
    yield main
    main.watcher.stop()


def test_an_unclosed_override_does_not_reverse_the_window_title(
    override_window: MainWindow,
) -> None:
    title = override_window.windowTitle()
    assert title == f"{FSI}dataset title{RLO} {HEBREW}\u202c{PDI} \u2014 Briefing Viewer"


def test_the_detail_pane_keeps_its_own_words_in_order(override_window: MainWindow) -> None:
    override_window.select_event("e2")
    assert in_reading_order(override_window.detail.document(), "Part of")
    override_window.select_event("e1")
    document = override_window.detail.document()
    for probe in PROBES:
        assert in_reading_order(document, probe), probe
    text = document.toPlainText()
    assert "invoice%E2%80%AEgpj.exe" in text  # the address's override is shown, not obeyed
    # Without isolation the same text would be reversed: the check itself works.
    bare = QTextDocument()
    bare.setPlainText(f"actor name{RLO} {HEBREW}, as reported by someone")
    assert not in_reading_order(bare, "as reported by")


def test_the_sheet_keeps_its_own_words_in_order(override_window: MainWindow) -> None:
    assert override_window.dataset is not None
    sheet = compose_sheet(override_window.dataset, SheetOptions())
    document = QTextDocument()
    document.setHtml(sheet_html(sheet))
    for probe in ("as reported by", "Reliability C", "status contested", "as of"):
        assert in_reading_order(document, probe), probe
    assert RLO not in document.toPlainText().split("invoice", 1)[1][:12]


def test_the_tree_and_its_tooltips_isolate_data(override_window: MainWindow) -> None:
    proxy = override_window.proxy
    override_window.select_event("e1")
    row = override_window.tree.currentIndex()
    places = proxy.data(row.siblingAtColumn(2))  # two names joined by the app's comma
    assert places == (  # left-to-right marks: Qt does not keep to isolates for direction
        f"\u200e{FSI}place name{RLO} {HEBREW}\u202c{PDI}\u200e, "
        f"{FSI}second place{RLO} {HEBREW}\u202c{PDI}"
    )
    tip = tooltip_text(proxy.data(row, Qt.ItemDataRole.ToolTipRole))
    assert tip.splitlines()[0] == f"{FSI}storyline title{RLO} {HEBREW}\u202c{PDI}"


def test_the_sheet_dialog_and_a_group_page_isolate_data(
    override_window: MainWindow, qtbot: QtBot
) -> None:
    window = override_window
    assert window.dataset is not None
    dialog = SheetDialog(
        window,
        action="Export",
        scope="event",
        event_title=window.dataset.events["e1"].title,
        filter_text="",
    )
    qtbot.addWidget(dialog)
    radio = dialog.scope_radios["event"]
    assert radio.text().endswith(f": {FSI}storyline title{RLO} {HEBREW}\u202c{PDI}")
    window.set_grouping("place")
    window.tree.setCurrentIndex(window.proxy.index(0, 0))
    assert in_reading_order(window.detail.document(), "events. Open the group")


@pytest.mark.qt_log_ignore("This plugin does not support")  # a popup, offscreen
def test_context_menu_and_menus_hold_no_data_mnemonics(markup_window: MainWindow) -> None:
    window = markup_window
    walk = Walk()
    shown: list[QMenu] = []

    def walk_and_close() -> None:
        menu = QApplication.activePopupWidget()
        assert isinstance(menu, QMenu)
        shown.append(menu)
        walk.widget(menu)
        menu.close()

    window.select_event("e1")
    QTimer.singleShot(50, walk_and_close)
    position = window.tree.visualRect(window.tree.currentIndex()).center()
    window.tree.event_menu_requested.emit("e1", window.tree.viewport().mapToGlobal(position))
    assert len(shown) == 1
    for menu in window.menuBar().findChildren(QMenu):
        walk.widget(menu)
    assert any(kind == "action" and "recent" in text for kind, text in walk.seen)  # R&&D


RIGHT_TO_LEFT = """\
dataset: {title: "\u05e9\u05dc\u05d5\u05dd"}
sources:
  - {id: s, kind: article, title: "\u0645\u0635\u062f\u0631", publisher: "\u0645", reliability: B}
actors:
  - {id: a, name: "\u05d3\u05d5\u05d3", kind: person}
places:
  - {id: p, name: "\u05d9\u05e8\u05d5\u05e9\u05dc\u05d9\u05dd", kind: city}
  - {id: q, name: "\u0627\u0644\u0631\u064a\u0627\u0636", kind: city}
events:
  - id: e
    title: "\u05d0\u05d9\u05e8\u05d5\u05e2"
    date: 2024-07-13
    summary: "\u05ea\u05e7\u05e6\u05d9\u05e8"
    actors: [{actor: a, role: "\u05ea\u05e4\u05e7\u05d9\u05d3"}]
    places: [p, q]
    tags: ["\u05ea\u05d2"]
    sources: [s]
    quotes:
      - {text: "\u05e6\u05d9\u05d8\u05d5\u05d8", mode: direct, speaker: a, source: s, locator: p1}
  - {id: f, parent: e, title: "\u05d1\u05df", date: 2024-07-13, sources: [s]}
"""


def test_data_first_in_a_line_does_not_turn_the_page_right_to_left(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """Qt takes a paragraph's direction from its first letter, even one inside an isolate: the
    page and the sheet say left to right, so a Hebrew name first cannot turn a line around
    (bullets to the right, "13 Jul 2024" read as "Jul 2024 13")."""
    path = tmp_path / "rtl.yaml"
    path.write_text(RIGHT_TO_LEFT, encoding="utf-8")
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.open_dataset(path)
    window.watcher.stop()
    window.select_event("e")
    assert window.dataset is not None
    printed = QTextDocument()
    printed.setHtml(sheet_html(compose_sheet(window.dataset, SheetOptions())))
    for document in (window.detail.document(), printed):
        block = document.begin()
        while block.isValid():
            if block.text():
                assert block.textDirection() == Qt.LayoutDirection.LeftToRight, block.text()
            block = block.next()
    row = window.tree.currentIndex()
    places = window.proxy.data(row.siblingAtColumn(2))
    assert places.startswith("\u200e")  # a cell mixing data and app text starts left to right


def test_a_huge_title_does_not_push_the_sheet_dialog_off_the_screen(qtbot: QtBot) -> None:
    from briefing_app.ui.sheet_dialog import SheetDialog

    dialog = SheetDialog(
        None, action="Export", scope="event", event_title="T" * 99_990, filter_text="x" * 5_000
    )
    qtbot.addWidget(dialog)
    assert dialog.sizeHint().width() < 2_000
    assert dialog.scope_radios["event"].text().endswith("T\u2026")
