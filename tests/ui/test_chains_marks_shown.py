"""A source chain, a quote's editorial marks and a figure's citation, as a reader meets them: in
the pane, on the sheet, and copied from the pane."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from briefing_app.core.model import Dataset
from briefing_app.core.quote_marks import MARKS_KEY
from briefing_app.core.safetext import FSI, LIST_SEPARATOR, PDI
from briefing_app.core.sheet import SheetOptions, compose_sheet
from briefing_app.ui.detail_html import TRANSLATION_KEY, EventPage
from briefing_app.ui.main_window import MainWindow
from briefing_app.ui.sheet_html import sheet_html
from tests.core.helpers import FORMAT2, load_format2, load_text
from tests.core.test_source_chains import TURAN_CHAIN
from tests.ui.test_event_kind_shown import COLORS, plain


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return load_format2()


def pane(dataset: Dataset, event_id: str) -> str:
    return EventPage(dataset, dataset.events[event_id], (), COLORS).html()


def test_the_pane_shows_each_chain_with_each_links_grade(dataset: Dataset) -> None:
    page = plain(pane(dataset, "interview-claim"))
    assert f"Chain: {TURAN_CHAIN}" in page
    assert "Chain: Rossiya 1 broadcast (C), read in BelTA (D)" in page
    assert "in Russian" in page  # the language BelTA publishes in


def test_the_sheet_lists_the_chains_under_its_sources(dataset: Dataset) -> None:
    page = plain(sheet_html(compose_sheet(dataset, SheetOptions())))
    assert f"Chain: {TURAN_CHAIN}" in page
    # Cited: BelTA and Turan; Reuters, only a link of Turan's chain, is listed after them.
    earlier = page.index("Earlier links of those chains")
    assert page.count("Chain:", 0, earlier) == 2
    assert f"Reuters{LIST_SEPARATOR}\u201cBelarus says it has put a third" in page[earlier:]


def test_marks_are_set_apart_from_the_sources_words(dataset: Dataset) -> None:
    html = pane(dataset, "interview-claim")
    assert (
        '<span style="color:#666;font-weight:normal;font-style:normal">[Belarus has]</span>' in html
    )
    assert "[\u2026]</span>" in html
    assert MARKS_KEY in plain(html)
    sheet = sheet_html(compose_sheet(dataset, SheetOptions()))
    assert '<span class="inserted">[Belarus has]</span>' in sheet
    assert MARKS_KEY in plain(sheet)
    assert MARKS_KEY not in plain(pane(dataset, "analysts-doubt"))  # only where there are marks


def test_the_keys_name_translations_and_a_disputes_place_is_shown(dataset: Dataset) -> None:
    sheet = plain(sheet_html(compose_sheet(dataset, SheetOptions())))
    assert TRANSLATION_KEY in plain(pane(dataset, "interview-claim"))
    assert TRANSLATION_KEY in sheet
    assert TRANSLATION_KEY not in plain(pane(dataset, "analysts-doubt"))
    page = plain(pane(dataset, "troops-to-border"))
    assert "sees no build-up of forces on the frontier. [2] , paragraph 2" in page
    assert "frontier. 2 paragraph 2" in sheet


def test_in_format_1_brackets_are_the_sources_own(tmp_path: Path) -> None:
    text = """\
dataset: {title: T}
sources:
  - {id: s, kind: article, title: S, reliability: B}
actors:
  - {id: a, name: A, kind: person}
events:
  - id: e
    title: E
    quotes:
      - {text: "he [sic] said [...] so", mode: reported, speaker: a, source: s, locator: p}
"""
    dataset = load_text(tmp_path, text).dataset
    assert dataset is not None
    html = pane(dataset, "e")
    assert "he [sic] said [...] so" in html
    assert "font-style:normal" not in html
    assert MARKS_KEY not in plain(html)


def test_a_right_to_left_quote_keeps_its_marks_inside_one_isolate(tmp_path: Path) -> None:
    text = """\
dataset: {title: T, format: 2}
sources:
  - {id: s, kind: article, title: S, reliability: B}
actors:
  - {id: a, name: A, kind: person}
events:
  - id: e
    title: E
    quotes:
      - {text: "הוא [הנשיא] אמר", mode: reported, speaker: a, source: s, locator: p}
"""
    dataset = load_text(tmp_path, text).dataset
    assert dataset is not None
    html = pane(dataset, "e")
    start = html.index(FSI + "\u05d4\u05d5\u05d0")
    end = html.index(PDI, start)
    assert "[\u05d4\u05e0\u05e9\u05d9\u05d0]</span>" in html[start:end]


def test_a_figure_citation_is_copied_from_the_pane(qtbot: QtBot) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.open_dataset(FORMAT2)
    window.show()
    window.select_event("troops-to-border")
    assert '<a href="copy-figure:0">Copy&nbsp;citation</a>' in pane(
        window.dataset, "troops-to-border"
    )
    window.detail.anchorClicked.emit(QUrl("copy-figure:0"))
    copied = QGuiApplication.clipboard().text()
    assert copied.splitlines() == [
        "Belarusian troops sent to the border: nearly 20,000 troops",
        "as stated: \u201cnearly a third of the army\u201d",
        "Estimated by Alexander Lukashenko",
        "Contests: State Border Guard Service of Ukraine \u2014 The border guard sees no "
        "build-up of forces on the frontier.",
        "  Source, paragraph 2: DPSU, \u201cNo build-up on the border\u201d. Reliability B: "
        "usually reliable.",
        "Source (00:14:05): Rossiya 1, \u201cInterview on Rossiya 1\u201d. Reliability C: fairly "
        "reliable.",
    ]
    assert window.statusBar().currentMessage() == "Citation copied to the clipboard."
    window.detail.anchorClicked.emit(QUrl("copy-figure:99"))  # no such figure: nothing copied
    assert QGuiApplication.clipboard().text() == copied
    window.watcher.stop()
