"""A source's address opens in the browser only after the person has seen what it really is: the
host as contacted first, on its own line, then warnings, then the whole address, never elided;
and what opens is exactly what was shown."""

from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QLabel, QPushButton
from pytestqt.qtbot import QtBot

from briefing_app.core.links import check_link
from briefing_app.ui.link_dialog import LinkDialog
from briefing_app.ui.main_window import MainWindow
from tests.ui.hostile_text import RLO, hostile_dataset

LONG_USER = "https://www.google.com&login=" + "session" * 40 + "@evil.example/path"


def window_on(qtbot: QtBot, folder: Path, url: str) -> MainWindow:
    main = MainWindow()
    qtbot.addWidget(main)
    assert main.open_dataset(hostile_dataset(folder, lambda field: field, url=url))
    main.show()
    main.select_event("e1")
    return main


def answer(monkeypatch: pytest.MonkeyPatch, result: int) -> list[LinkDialog]:
    """Stand in for the person: every dialog is answered `result`; returns those shown."""
    shown: list[LinkDialog] = []

    def exec_(dialog: LinkDialog) -> int:
        shown.append(dialog)
        return result

    monkeypatch.setattr(LinkDialog, "exec", exec_)
    return shown


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[QUrl]:
    urls: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", urls.append)
    return urls


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("https://xn--80ak6aa92e.com/login", "xn--80ak6aa92e.com"),
        (LONG_USER, "evil.example"),
        (f"https://example.org/invoice{RLO}gpj.exe", "example.org"),
        ("https://B\u00fccher.de/stra\u00dfe", "xn--bcher-kva.de"),
    ],
)
def test_a_source_link_shows_the_host_first_and_opens_what_it_showed(
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    opened: list[QUrl],
    url: str,
    host: str,
) -> None:
    window = window_on(qtbot, tmp_path / "d", url)
    dialogs = answer(monkeypatch, QDialog.DialogCode.Accepted)
    window.detail.anchorClicked.emit(QUrl("source-link:1"))
    (dialog,) = dialogs
    link = check_link(url)
    assert dialog.host.toPlainText() == host  # whole, on its own line, above the address
    assert dialog.layout().indexOf(dialog.host) < dialog.layout().indexOf(dialog.address)
    assert dialog.address.toPlainText() == link.shown
    assert RLO not in dialog.address.toPlainText()
    assert [label.text() for label in dialog.warnings] == [f"\u26a0 {w}" for w in link.warnings]
    assert [url.toEncoded().data().decode() for url in opened] == [link.opens]
    assert host in window.statusBar().currentMessage()
    window.watcher.stop()


def test_warnings_name_the_lookalike_and_the_user_name(qtbot: QtBot) -> None:
    dialog = LinkDialog(check_link("https://xn--80ak6aa92e.com/"))
    qtbot.addWidget(dialog)
    texts = [label.text() for label in dialog.findChildren(QLabel)]
    assert "which reads as: \u0430\u0440\u0440\u04cf\u0435.com" in texts
    assert any("looks like \u201capple\u201d but is not" in text for text in texts)
    dialog = LinkDialog(check_link(LONG_USER))
    qtbot.addWidget(dialog)
    (warning,) = dialog.warnings
    assert warning.wordWrap()
    assert "The site contacted is evil.example." in warning.text()


def test_a_long_address_wraps_and_is_never_elided(qtbot: QtBot) -> None:
    dialog = LinkDialog(check_link(LONG_USER))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.width() < 1200  # wrapped, not one very long line
    assert dialog.address.toPlainText() == check_link(LONG_USER).shown
    assert dialog.address.height() > 2 * dialog.address.fontMetrics().lineSpacing()


def test_cancel_is_the_default_and_opens_nothing(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, opened: list[QUrl]
) -> None:
    window = window_on(qtbot, tmp_path / "d", "https://example.org/")
    dialogs = answer(monkeypatch, QDialog.DialogCode.Rejected)
    window.detail.anchorClicked.emit(QUrl("source-link:1"))
    (dialog,) = dialogs
    (default,) = [button for button in dialog.findChildren(QPushButton) if button.isDefault()]
    assert default.text().replace("&", "") == "Cancel"
    assert opened == []
    window.watcher.stop()


@pytest.mark.parametrize(
    "url",
    ["https://0x7f.1/", "https://exa\u200bmple.org/", "https://[fe80::1%25eth0]/", "https://a..b/"],
)
def test_a_web_address_that_cannot_be_shown_truly_is_refused(
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    opened: list[QUrl],
    url: str,
) -> None:
    window = window_on(qtbot, tmp_path / "d", url)
    dialogs = answer(monkeypatch, QDialog.DialogCode.Accepted)
    window.detail.anchorClicked.emit(QUrl("source-link:1"))
    assert dialogs == []
    assert opened == []
    assert window.statusBar().currentMessage().startswith("Not opened: ")
    window.watcher.stop()


def test_the_page_shows_an_address_with_its_invisible_characters_escaped(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = window_on(qtbot, tmp_path / "d", f"https://example.org/invoice{RLO}gpj.exe")
    text = window.detail.toPlainText()
    assert "https://example.org/invoice%E2%80%AEgpj.exe" in text
    assert RLO not in text
    assert 'href="source-link:1"' in window.detail.toHtml()
    window.watcher.stop()


@pytest.mark.parametrize("browser_started", [True, False])
def test_the_status_bar_says_whether_a_browser_was_started(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, browser_started: bool
) -> None:
    from PySide6.QtGui import QGuiApplication

    window = window_on(qtbot, tmp_path / "d", "https://example.org/report")
    answer(monkeypatch, QDialog.DialogCode.Accepted)
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: browser_started)
    QGuiApplication.clipboard().setText("before")
    window.detail.anchorClicked.emit(QUrl("source-link:1"))
    message = window.statusBar().currentMessage()
    window.watcher.stop()
    if browser_started:
        assert message == "Opened example.org in the browser."
        assert QGuiApplication.clipboard().text() == "before"
    else:
        assert message == "No web browser could be started; the address of example.org was copied."
        assert QGuiApplication.clipboard().text() == "https://example.org/report"
