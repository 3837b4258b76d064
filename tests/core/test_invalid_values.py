"""A value that failed validation is kept as invalid, never shown as a plausible default: the
loader records which field failed, and everything that words an event says so."""

from __future__ import annotations

from pathlib import Path

from briefing_app.core.cache import load_with_cache
from briefing_app.core.caution import caution, caution_reasons
from briefing_app.core.citation import quote_citation, source_reference, speaker_line
from briefing_app.core.model import INVALID_VALUE, Dataset
from briefing_app.core.query import parse_query
from briefing_app.core.search import SearchIndex
from tests.core.helpers import load_text, messages

TYPOS = """\
dataset: {title: T}
sources:
  - {id: s, kind: article, title: S, reliability: G}
  - {id: good, kind: article, title: Good, reliability: B}
actors:
  - {id: a, name: Ann, kind: person}
events:
  - id: e
    title: E
    status: contestd
    credibility: 9
    sources: [good]
    figures:
      - {label: troops, value: 5, qualifier: roughly, source: good}
    quotes:
      - {text: words, mode: drect, speaker: a, source: s, locator: p1}
    disputes:
      - {by: a, stance: opposes, summary: no, source: good}
  - {id: fine, title: F, status: contested, credibility: 2, sources: [good]}
"""


def typos(folder: Path) -> Dataset:
    result = load_text(folder, TYPOS)
    assert result.dataset is not None
    assert sum(": error: " in m and "[enum]" in m for m in messages(result)) == 6
    return result.dataset


def test_each_failed_choice_is_recorded_as_invalid(tmp_path: Path) -> None:
    dataset = typos(tmp_path)
    event = dataset.events["e"]
    assert event.invalid == ("status", "credibility")
    assert dataset.sources["s"].invalid == ("reliability",)
    assert event.figures[0].invalid == ("qualifier",)
    assert event.quotes[0].invalid == ("mode",)
    assert event.disputes[0].invalid == ("stance",)  # kept, not dropped: it is still a dispute
    fine = dataset.events["fine"]
    assert fine.invalid == ()
    assert dataset.sources["good"].invalid == ()


def test_invalid_values_are_worded_as_invalid(tmp_path: Path) -> None:
    dataset = typos(tmp_path)
    event = dataset.events["e"]
    assert event.status_label == "invalid"
    assert event.credibility_meaning == INVALID_VALUE
    source = dataset.sources["s"]
    assert source.grade == "?"
    assert source.reliability_meaning == INVALID_VALUE
    assert "Reliability ?: invalid in the dataset" in source_reference(source)
    assert "quote mode invalid" in quote_citation(event.quotes[0], dataset)
    # the safe values behind them still filter conservatively
    assert event.status == "reported"
    assert event.credibility is None
    assert source.reliability == "F"


def test_a_list_where_a_choice_belongs_is_invalid_too(tmp_path: Path) -> None:
    result = load_text(tmp_path, TYPOS.replace("status: contestd", "status: [contested]"))
    assert result.dataset is not None
    assert "status" in result.dataset.events["e"].invalid


def test_caution_names_invalid_fields_and_not_the_stand_in_grade(tmp_path: Path) -> None:
    dataset = typos(tmp_path)
    reasons = caution_reasons(dataset, dataset.events["e"])
    assert reasons == (
        "its status is invalid",
        "its credibility is invalid",
        "a quote's mode is invalid",
        "a figure's qualifier is invalid",
        "a dispute's stance is invalid",
        "a source's reliability grade is invalid",
    )
    assert caution(dataset, dataset.events["fine"]) == "the information is contested"


def test_a_role_that_repeats_the_name_is_not_repeated(tmp_path: Path) -> None:
    text = TYPOS.replace("speaker: a,", "speaker: a, speaker_role: ann,")
    result = load_text(tmp_path, text)
    assert result.dataset is not None
    assert speaker_line(result.dataset.events["e"].quotes[0], result.dataset) == "Ann"


def test_invalid_fields_survive_the_cache(tmp_path: Path) -> None:
    path = tmp_path / "brief.yaml"
    typos(tmp_path)
    load_with_cache(path, folder=tmp_path / "cache")
    cached = load_with_cache(path, folder=tmp_path / "cache")
    assert cached.hit
    assert cached.result.dataset is not None
    event = cached.result.dataset.events["e"]
    assert event.invalid == ("status", "credibility")
    assert event.quotes[0].invalid == ("mode",)
    assert event.figures[0].invalid == ("qualifier",)
    assert event.disputes[0].invalid == ("stance",)
    assert cached.result.dataset.sources["s"].invalid == ("reliability",)


def test_an_invalid_value_matches_no_filter_for_the_stand_in(tmp_path: Path) -> None:
    dataset = typos(tmp_path)
    index = SearchIndex(dataset)
    assert index.matching_ids(parse_query("status:reported")) == frozenset()
    assert index.matching_ids(parse_query("credibility:<=6")) == {"fine"}
    # an invalid grade ranks with F: the cautious side, where the warning sign also is
    assert "e" in index.matching_ids(parse_query("reliability:<=E"))
