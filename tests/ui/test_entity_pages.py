"""Entity pages: an actor, place or source opens its own page from a link (and by keyboard, as
links are), lists every event it takes part in with its parts, offers "Filter by this", and
joins Back and Forward."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl

from briefing_app.core.entities import entity_events, parts
from briefing_app.core.query import parse_query
from briefing_app.core.search import SearchIndex
from briefing_app.ui.entity_html import EntityPage
from briefing_app.ui.main_window import MainWindow
from tests.core.helpers import FORMAT2, load_format2, load_text
from tests.ui.test_event_kind_shown import COLORS, plain


def page_text(window: MainWindow) -> str:
    return " ".join(window.detail.toPlainText().split())


def test_an_actors_page_lists_its_events_with_its_parts(window: MainWindow) -> None:
    window.select_event("withdrawal-announced")
    window.detail.anchorClicked.emit(QUrl("actor:khrenin"))
    text = page_text(window)
    assert text.startswith("ACTOR Viktor Khrenin")
    assert "Also known as Viktar Khrenin" in text
    assert "Part of Ministry of Defence of Belarus" in text
    events = entity_events(window.index, "actor", "khrenin")
    # The page lists exactly what "Filter by this" would show.
    assert set(events) == set(window.index.matching_ids(parse_query("actor:khrenin")))
    assert f"Events ({len(events)})" in text
    assert "announced the withdrawal; quoted" in text
    dates = [window.dataset.events[e].date for e in events]
    lowers = [d.lower for d in dates if d]
    assert lowers == sorted(lowers)


def test_back_and_forward_include_entity_pages(window: MainWindow) -> None:
    window.select_event("withdrawal-announced")
    window.detail.anchorClicked.emit(QUrl("place:belarus-ukraine-border"))
    assert window.detail.entity == ("place", "belarus-ukraine-border")
    window.detail.anchorClicked.emit(QUrl("event:minor-forces-remain"))
    assert window.selected == "minor-forces-remain"
    window.back_action.trigger()
    assert window.detail.entity == ("place", "belarus-ukraine-border")
    window.back_action.trigger()
    assert window.detail.entity is None
    assert window.detail.event_id == "withdrawal-announced"
    window.forward_action.trigger()
    assert window.detail.entity == ("place", "belarus-ukraine-border")


def test_a_sources_page_shows_its_grade_chain_and_who_passed_it_on() -> None:
    dataset = load_format2()
    index = SearchIndex(dataset)
    events = entity_events(index, "source", "reuters-report")
    assert events == ["interview-claim"]
    assert parts(dataset, "source", "reuters-report", dataset.events[events[0]]) == (
        "through Turan",
    )
    text = plain(EntityPage(dataset, "source", "reuters-report", events, COLORS).html())
    assert "Reliability B - usually reliable" in text
    assert "Based on BelTA" in text
    assert "Passed on by Turan" in text
    assert "Chains Rossiya 1 broadcast (C), read in" not in text  # Reuters' own chain
    assert "Rossiya 1 broadcast (C), via BelTA (D), read in Reuters (B)" in text
    assert "Language English" in text
    assert parts(dataset, "actor", "dpsu", dataset.events["troops-to-border"]) == (
        "disputes a figure",
    )


def test_a_pages_links_open_other_pages_and_the_event(window: MainWindow) -> None:
    window.open_dataset(FORMAT2)
    window.select_event("interview-claim")
    window.detail.anchorClicked.emit(QUrl("source:turan-republish"))
    assert window.detail.entity == ("source", "turan-republish")
    window.detail.anchorClicked.emit(QUrl("source:reuters-report"))  # its Based on link
    assert window.detail.entity == ("source", "reuters-report")
    window.detail.anchorClicked.emit(QUrl("event:interview-claim"))
    assert window.detail.event_id == "interview-claim"
    window.detail.anchorClicked.emit(QUrl("actor:no-such-actor"))  # never a crash
    assert window.detail.event_id == "interview-claim"


def test_a_kind_that_failed_validation_reads_invalid(tmp_path: Path) -> None:
    text = """\
dataset: {title: T}
sources:
  - {id: s, kind: artcle, title: S, reliability: B}
actors:
  - {id: a, name: A, kind: militray_unit}
places:
  - {id: p, name: P, kind: towm}
events:
  - {id: e, title: E, sources: [s], actors: [{actor: a}], places: [p]}
"""
    dataset = load_text(tmp_path, text).dataset
    assert dataset is not None
    for kind, entity_id in (("actor", "a"), ("place", "p"), ("source", "s")):
        page = plain(EntityPage(dataset, kind, entity_id, [], COLORS).html())
        assert "Kind \u26a0 invalid in the dataset (see Problems)" in page, kind
        assert "Kind group" not in page
