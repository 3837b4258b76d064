"""The window around the data: Tab order, one zoom for the whole window, a banner that reads in
light and dark themes, and the Help menu's windows."""

import tomllib
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFontDatabase, QFontInfo, QPalette
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QTextBrowser, QWidget
from pytestqt.qtbot import QtBot

import briefing_app
from briefing_app import paths
from briefing_app.ui import help_dialogs
from briefing_app.ui.banner import MINIMUM_CONTRAST, banner_colors, contrast_ratio
from briefing_app.ui.main_window import ZOOM_STEP, MainWindow

PROJECT = Path(__file__).resolve().parents[2]


# -- Tab order ---------------------------------------------------------------------------------


def focus_order(window: MainWindow, wanted: list[QWidget]) -> list[QWidget]:
    """`wanted` in the order the focus chain visits them, starting from the filter field."""
    start = window.filter_bar.search
    seen, widget = [start], start.nextInFocusChain()
    while widget is not start:
        if widget in wanted and widget not in seen:
            seen.append(widget)
        widget = widget.nextInFocusChain()
    return seen


def test_tab_goes_through_the_filter_bar_then_the_tree_then_the_pane(window: MainWindow) -> None:
    bar = window.filter_bar
    expected = [
        bar.search,
        bar.after,
        bar.before,
        *bar.pickers.values(),
        bar.reliability,
        window.tree,
        window.detail,
        window.problems.table,
    ]
    assert focus_order(window, expected) == expected


def test_tab_from_the_last_picker_reaches_the_tree_and_then_the_pane(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.activateWindow()
    window.filter_bar.reliability.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(window.filter_bar.reliability, Qt.Key.Key_Tab)
    assert window.tree.hasFocus()
    qtbot.keyClick(window.tree, Qt.Key.Key_Tab)
    assert window.detail.hasFocus()


# -- zoom --------------------------------------------------------------------------------------


def test_one_zoom_for_the_whole_window_but_its_menus(window: MainWindow) -> None:
    window.show_problems()
    base = QApplication.font().pointSizeF()
    window.set_zoom(3)
    size = base * ZOOM_STEP**3
    zoomed = [window.centralWidget(), window.problems, window.statusBar()]
    widgets = [w for root in zoomed for w in (root, *root.findChildren(QWidget))]
    popups = [widget for widget in window.filter_bar.findChildren(QWidget) if widget.isWindow()]
    assert popups  # the pickers' lists, windows of their own
    assert all(popup in widgets for popup in popups)
    assert [w for w in widgets if w.font().pointSizeF() != pytest.approx(size)] == []
    assert window.detail.document().defaultFont().pointSizeF() == pytest.approx(size)
    fixed = QFontInfo(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
    assert window.problems.table.fontInfo().family() == fixed.family()  # still fixed-pitch
    assert window.menuBar().font().pointSizeF() == pytest.approx(base)
    window.set_zoom(0)
    assert window.tree.font().pointSizeF() == pytest.approx(base)
    assert window.filter_bar.search.font().pointSizeF() == pytest.approx(base)


def test_zoom_and_column_widths_are_remembered(qtbot: QtBot, window: MainWindow) -> None:
    window.set_zoom(2)
    header = window.tree.header()
    header.resizeSection(2, header.sectionSize(2) + 30)  # the person widens Place
    widths = [header.sectionSize(column) for column in range(1, header.count())]
    window.close()
    second = MainWindow()
    qtbot.addWidget(second)
    assert second.open_dataset(paths.sample_dataset())
    second.show()  # at the size the first one had
    second.watcher.stop()
    assert second.zoom == 2
    header = second.tree.header()
    assert [header.sectionSize(column) for column in range(1, header.count())] == widths


# -- banner ------------------------------------------------------------------------------------


def palette(window: str, text: str) -> QPalette:
    colors = QPalette()
    colors.setColor(QPalette.ColorRole.Window, QColor(window))
    colors.setColor(QPalette.ColorRole.WindowText, QColor(text))
    return colors


THEMES = {
    "light": palette("#efefef", "#000000"),
    "dark": palette("#2b2b2b", "#e6e6e6"),
    "dark, dim text": palette("#353535", "#8a8a8a"),  # the pair itself is short of 4.5:1
    "high contrast": palette("#000000", "#ffffff"),
}


@pytest.mark.parametrize("theme", THEMES)
def test_banner_colors_keep_their_contrast(theme: str) -> None:
    colors = banner_colors(THEMES[theme])
    assert contrast_ratio(colors.background, colors.text) >= MINIMUM_CONTRAST
    window = THEMES[theme].color(QPalette.ColorRole.Window)
    dark = window.lightness() < 128
    assert (colors.background.lightness() < 128) == dark  # no light yellow on a dark theme


def test_the_banner_follows_the_palette(qtbot: QtBot) -> None:
    main = MainWindow()
    qtbot.addWidget(main)
    main.show()
    application = QApplication.instance()
    assert isinstance(application, QApplication)
    original = application.palette()
    try:
        for theme in ("light", "dark"):
            application.setPalette(THEMES[theme])  # as a switch of the system theme does
            background = banner_colors(THEMES[theme]).background
            qtbot.waitUntil(lambda b=background: b.name() in main.banner.styleSheet())
            assert (background.lightness() < 128) == (theme == "dark")
            label = main.banner_label.palette().color(QPalette.ColorRole.WindowText)
            assert contrast_ratio(label, background) >= MINIMUM_CONTRAST
    finally:
        application.setPalette(original)


# -- Help --------------------------------------------------------------------------------------


def test_about_names_version_qt_pyside_and_licence(window: MainWindow) -> None:
    import PySide6
    from PySide6.QtCore import qVersion

    box = help_dialogs.about_box(window)
    text = f"{box.text()}\n{box.informativeText()}"
    assert f"Briefing Viewer {briefing_app.__version__}" in text
    assert f"Qt {qVersion()}" in text
    assert f"PySide6 {PySide6.__version__}" in text
    project = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))
    assert f"Licence: {project['project']['license']['text']}" in text
    assert not box.iconPixmap().isNull()


def test_about_says_the_same_version_as_the_command(
    window: MainWindow, capsys: pytest.CaptureFixture[str]
) -> None:
    from briefing_app.cli import main as cli_main

    with pytest.raises(SystemExit):
        cli_main(["--version"])
    version = capsys.readouterr().out.split()[-1]
    assert help_dialogs.about_box(window).text().endswith(f" {version}")


def test_dataset_format_has_a_close_button_and_only_real_paths(window: MainWindow) -> None:
    dialog = help_dialogs.format_help_dialog(window)
    (buttons,) = dialog.findChildren(QDialogButtonBox)
    close = buttons.button(QDialogButtonBox.StandardButton.Close)
    assert close is not None
    (browser,) = dialog.findChildren(QTextBrowser)
    text = browser.toPlainText()
    assert str(paths.sample_dataset()) in text
    assert str(paths.resource("dataset.schema.json")) in text
    for relative in ("`data/`", " data/", "resources/dataset", "docs/"):
        shown = text.replace(str(paths.resource("dataset.schema.json")), "")
        assert relative not in shown.replace(str(paths.sample_dataset()), ""), relative
    dialog.show()
    close.click()
    assert not dialog.isVisible()


def test_the_date_fields_keep_their_hint_whole_when_zoomed(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.show()
    for zoom in (0, 4, -2):
        window.set_zoom(zoom)
        for edit in (window.filter_bar.after, window.filter_bar.before):
            needed = edit.fontMetrics().horizontalAdvance(edit.placeholderText())
            qtbot.waitUntil(lambda edit=edit, needed=needed: edit.width() > needed + 8)
    window.set_zoom(0)


def test_the_format_pages_headings_are_drawn_as_headings(window: MainWindow) -> None:
    """A heading written as code (`sources`) must still be drawn large, not at body size."""
    dialog = help_dialogs.format_help_dialog(window)
    (browser,) = dialog.findChildren(QTextBrowser)
    body = browser.font().pointSizeF()
    block = browser.document().begin()
    sizes = {}
    while block.isValid():
        if block.blockFormat().headingLevel() == 2:
            fragment = block.begin().fragment()
            sizes[block.text()] = fragment.charFormat().font().pointSizeF()
        block = block.next()
    assert "sources" in sizes
    assert all(size > body for size in sizes.values()), sizes
