"""How issue 11's figures read in the pane and on the sheet: the number in words with the
source's own words in quotation marks, when it held, who estimated it, and who disputes it."""

from __future__ import annotations

import re

import pytest
from pytestqt.qtbot import QtBot

from briefing_app.core.model import Dataset
from briefing_app.core.sheet import SheetOptions, compose_sheet
from briefing_app.ui.detail_html import Colors, EventPage
from briefing_app.ui.main_window import MainWindow
from briefing_app.ui.sheet_html import sheet_html
from tests.core.helpers import load_format2
from tests.core.test_figures_format2 import FIXTURE

COLORS = Colors(text="#000", muted="#666", mark_background="#ff0", mark_text="#000", warning="#a00")


def plain(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return load_format2()


@pytest.fixture(scope="module")
def pane(dataset: Dataset) -> str:
    event = dataset.events["troops-to-border"]
    return plain(EventPage(dataset, event, (), COLORS).html())


@pytest.fixture(scope="module")
def sheet(dataset: Dataset) -> str:
    return plain(sheet_html(compose_sheet(dataset, SheetOptions())))


@pytest.mark.parametrize("shown", ["pane", "sheet"])
def test_the_number_with_the_source_words_in_quotation_marks(
    shown: str, request: pytest.FixtureRequest
) -> None:
    text = request.getfixturevalue(shown)
    assert "nearly 20,000 troops as stated: \u201cnearly a third of the army\u201d" in text


@pytest.mark.parametrize("shown", ["pane", "sheet"])
def test_the_new_qualifiers_and_as_of(shown: str, request: pytest.FixtureRequest) -> None:
    text = request.getfixturevalue(shown)
    assert "more than 65,000 as of 2022" in text
    assert "less than 40 per cent" in text


@pytest.mark.parametrize("shown", ["pane", "sheet"])
def test_who_estimated_an_actor_a_source_or_the_analyst(
    shown: str, request: pytest.FixtureRequest
) -> None:
    text = request.getfixturevalue(shown)
    assert "Alexander Lukashenko" in text
    assert "IISS (its own estimate)" in text
    assert "the analyst" in text
    assert "not stated" not in text.split("Belarusian troops sent")[1]


def test_the_pane_lists_a_figure_dispute_under_it_with_its_source(pane: str) -> None:
    assert (
        "Contests : State Border Guard Service of Ukraine - The border guard sees no build-up "
        "of forces on the frontier. [2]"
    ) in pane
    # The disputed figure puts the warning sign on the page.
    assert "Treat with care: a figure is contested" in pane


def test_the_sheet_prints_a_figure_dispute_with_its_note(sheet: str) -> None:
    assert (
        "Contests : State Border Guard Service of Ukraine \u2014 The border guard sees no "
        "build-up of forces on the frontier."
    ) in sheet
    assert "DPSU" in sheet.split("Sources")[-1]  # its source is in the sheet's list


def test_the_pane_marks_searched_words_in_the_source_words(dataset: Dataset) -> None:
    event = dataset.events["troops-to-border"]
    html = EventPage(dataset, event, ("third",), COLORS).html()
    assert '<span style="background-color:#ff0;color:#000">third</span>' in html


def test_a_disputed_figure_does_not_widen_the_pane(qtbot: QtBot) -> None:
    """A row spanning the table's columns made the page a pixel wider than the pane."""
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1280, 820)
    window.show()
    assert window.open_dataset(FIXTURE)
    window.select_event("troops-to-border")
    qtbot.waitUntil(lambda: "Contests" in window.detail.toPlainText())
    assert window.detail.horizontalScrollBar().maximum() == 0
    window.watcher.stop()
