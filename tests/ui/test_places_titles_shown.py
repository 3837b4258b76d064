"""How a place's precision and an actor's title over time read in the pane and on the sheet:
a place located no closer than a district says so after its name; an actor is named with the
title held on the event's date (in the pane), and a citation's speaker line is unchanged."""

from __future__ import annotations

import dataclasses

import pytest

from briefing_app.core.edtf import parse_edtf
from briefing_app.core.model import Dataset
from briefing_app.core.sheet import SheetOptions, compose_sheet
from briefing_app.ui.detail_html import EventPage
from briefing_app.ui.sheet_html import sheet_html
from tests.core.helpers import load_format2
from tests.ui.test_figures_shown import COLORS, plain


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return load_format2()


def _pane_html(dataset: Dataset, date: str | None = "2024-08-18") -> str:
    event = dataset.events["troops-to-border"]
    event = dataclasses.replace(event, date=parse_edtf(date) if date else None)
    return EventPage(dataset, event, (), COLORS).html()


def test_the_pane_marks_a_rough_place_muted(dataset: Dataset) -> None:
    html = _pane_html(dataset)
    assert '<span style="color:#666">(approximate)</span>' in html
    text = plain(html)
    assert "Gomel region (approximate) \u200e, Mazyr" in text  # a settlement is not marked
    assert "(settlement)" not in text


def test_the_sheet_marks_a_rough_place(dataset: Dataset) -> None:
    html = sheet_html(compose_sheet(dataset, SheetOptions()))
    assert '<span class="muted">(approximate)</span>' in html
    assert "Gomel region (approximate) \u200e, Mazyr" in plain(html)


@pytest.mark.parametrize(
    ("date", "title"),
    [
        ("2024-08-18", "President of Belarus"),
        ("1990", "Director of the Gorodets state farm"),
        ("1994", "President of Belarus"),  # both overlap 1994: the later one begun
        ("1980", "Belarusian politician"),  # none held yet: the plain title
        (None, "Belarusian politician"),  # undated
    ],
)
def test_the_pane_names_the_title_held_on_the_event_date(
    dataset: Dataset, date: str | None, title: str
) -> None:
    text = plain(_pane_html(dataset, date))
    assert f"Alexander Lukashenko ({title}) - claimed the move" in text


def test_an_actor_without_a_title_is_named_alone(dataset: Dataset) -> None:
    event = dataclasses.replace(
        dataset.events["troops-to-border"],
        actors=(dataclasses.replace(dataset.events["troops-to-border"].actors[0], actor="dpsu"),),
    )
    text = plain(EventPage(dataset, event, (), COLORS).html())
    assert "State Border Guard Service of Ukraine - claimed the move" in text
