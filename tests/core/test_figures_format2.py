"""Issue 11's figures (as_of, as_stated, new qualifiers, who estimated, a figure's disputes) and
the `format: 2` that a dataset using them must declare."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from briefing_app import paths
from briefing_app.core.cache import load_with_cache
from briefing_app.core.caution import caution_reasons
from briefing_app.core.edtf import format_date
from briefing_app.core.figures import as_of, as_stated, estimator_name, figure_text
from briefing_app.core.loader import load_dataset
from briefing_app.core.model import Dataset
from briefing_app.core.query import parse_query
from briefing_app.core.search import SearchIndex
from briefing_app.core.sheet import SheetOptions, cited_on_sheet, compose_sheet
from tests.core.helpers import FORMAT2, MINIMAL, load_format2, load_text, messages

FIXTURE = FORMAT2
ADVICE = "add 'format: 2' to the dataset section [format]"


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return load_format2()


def test_the_fixture_validates_clean_with_format_2(dataset: Dataset) -> None:
    assert dataset.info.format == 2


def test_each_addition_is_read(dataset: Dataset) -> None:
    claimed, counted, share = dataset.events["troops-to-border"].figures
    assert claimed.qualifier == "nearly"
    assert claimed.as_stated == "nearly a third of the army"
    assert (claimed.estimator, claimed.estimated_by) == ("actor", "lukashenko")
    (dispute,) = claimed.disputes
    assert (dispute.by, dispute.stance, dispute.source, dispute.locator) == (
        "dpsu",
        "contests",
        "dpsu-statement",
        "paragraph 2",
    )
    assert counted.qualifier == "more_than"
    assert counted.as_of is not None
    assert format_date(counted.as_of) == "2022"
    assert (counted.estimator, counted.estimated_by) == ("source", "iiss-balance")
    assert share.qualifier == "less_than"
    assert (share.estimator, share.estimated_by) == ("analyst", None)


def test_a_figure_dispute_source_is_cited_by_its_event(dataset: Dataset) -> None:
    event = dataset.events["troops-to-border"]
    assert event.cited_source_ids() == ("rossiya1", "dpsu-statement", "iiss-balance")
    assert cited_on_sheet(event, frozenset({"figures"})) == list(event.cited_source_ids())


def test_without_format_2_each_use_is_one_located_error(tmp_path: Path) -> None:
    copy = tmp_path / "data"
    shutil.copytree(FIXTURE, copy)
    root = copy / "dataset.yaml"
    root.write_text(root.read_text(encoding="utf-8").replace("  format: 2\n", ""), "utf-8")
    result = load_dataset(copy)
    located = [f"{p.path.rsplit('/', 1)[1]}:{p.line}:{p.col}: {p.message}" for p in result.problems]
    elsewhere = [line for line in located if line.startswith("statements.yaml")]
    assert len(elsewhere) == 15  # the chains, languages, kinds, a time and editorial quote
    assert [line for line in located if not line.startswith("statements.yaml")] == [
        f"dataset.yaml:14:5: 'titles' is a format 2 key: {ADVICE[:-9]}",
        f"dataset.yaml:19:106: 'precision' is a format 2 key: {ADVICE[:-9]}",
        f"dataset.yaml:20:90: 'precision' is a format 2 key: {ADVICE[:-9]}",
        f"events.yaml:8:20: qualifier 'nearly' is a format 2 value: {ADVICE[:-9]}",
        f"events.yaml:10:9: 'as_stated' is a format 2 key: {ADVICE[:-9]}",
        f"events.yaml:14:9: 'disputes' is a format 2 key: {ADVICE[:-9]}",
        f"events.yaml:22:20: qualifier 'more_than' is a format 2 value: {ADVICE[:-9]}",
        f"events.yaml:23:9: 'as_of' is a format 2 key: {ADVICE[:-9]}",
        "events.yaml:24:23: 'estimated_by' naming a source ('iiss-balance') is format 2: "
        + ADVICE[:-9],
        f"events.yaml:28:20: qualifier 'less_than' is a format 2 value: {ADVICE[:-9]}",
        f"events.yaml:30:23: 'estimated_by: analyst' is format 2: {ADVICE[:-9]}",
    ]
    assert {p.rule for p in result.problems} == {"format"}
    assert result.dataset is not None  # what was written is still kept and shown
    assert result.dataset.events["troops-to-border"].figures[0].as_stated


def test_a_format_1_dataset_stays_valid(tmp_path: Path) -> None:
    result = load_text(tmp_path, MINIMAL)
    assert result.problems == ()
    assert result.dataset is not None
    assert result.dataset.info.format == 1


@pytest.mark.parametrize("written", ["3", "1", '""', "two", "[2]"])
def test_format_takes_only_2_and_then_no_use_is_reported(tmp_path: Path, written: str) -> None:
    text = f"""\
        dataset: {{title: T, format: {written}}}
        sources:
          - {{id: s, kind: article, title: S, reliability: B}}
        events:
          - id: e
            title: E
            figures:
              - {{label: L, value: 1, qualifier: nearly, as_stated: close to one, source: s}}
        """
    found = messages(load_text(tmp_path, text))
    assert len(found) == 1, found
    assert "'format'" in found[0]
    assert found[0].endswith(("[enum]", "[type]"))


def test_the_format_is_known_before_a_single_file_reads_its_events(tmp_path: Path) -> None:
    text = """\
        events:
          - id: e
            title: E
            figures:
              - {label: L, value: 1, qualifier: approx, as_of: 2022, source: s}
        sources:
          - {id: s, kind: article, title: S, reliability: B}
        dataset: {title: T, format: 2}
        """
    assert messages(load_text(tmp_path, text)) == []


def test_estimated_by_naming_neither_an_actor_nor_a_source(tmp_path: Path) -> None:
    text = """\
        dataset: {title: T, format: 2}
        sources:
          - {id: reuters, kind: article, title: S, reliability: B}
        events:
          - id: e
            title: E
            figures:
              - {label: L, value: 1, qualifier: exact, estimated_by: reuter, source: reuters}
        """
    result = load_text(tmp_path, text)
    assert messages(result) == [
        "8:62: error: 'estimated_by' names actor or source 'reuter', which does not exist "
        "(did you mean 'reuters'?) [unresolved-reference]"
    ]
    assert result.dataset is not None
    assert result.dataset.events["e"].figures[0].estimated_by is None


def test_an_id_of_both_an_actor_and_a_source_means_the_actor(tmp_path: Path) -> None:
    text = """\
        dataset: {title: T}
        sources:
          - {id: x, kind: article, title: S, reliability: B}
        actors:
          - {id: x, name: X, kind: state}
        events:
          - id: e
            title: E
            figures:
              - {label: L, value: 1, qualifier: exact, estimated_by: x, source: x}
        """
    result = load_text(tmp_path, text)
    assert messages(result) == []  # an actor estimator is format 1
    assert result.dataset is not None
    assert result.dataset.events["e"].figures[0].estimator == "actor"


def test_broken_references_in_a_figure_dispute_leave_it_out(tmp_path: Path) -> None:
    text = """\
        dataset: {title: T, format: 2}
        sources:
          - {id: s, kind: article, title: S, reliability: B}
        actors:
          - {id: a, name: A, kind: state}
        events:
          - id: e
            title: E
            figures:
              - label: L
                value: 1
                qualifier: exact
                source: s
                disputes:
                  - {by: a, stance: supports, summary: yes, source: s}
                  - {by: nobody, stance: contests, summary: no, source: s}
                  - {by: a, stance: contests, summary: no, source: nowhere}
        """
    result = load_text(tmp_path, text)
    assert [m.rsplit("[", 1)[1] for m in messages(result)] == ["unresolved-reference]"] * 2
    assert result.dataset is not None
    (figure,) = result.dataset.events["e"].figures
    assert [d.summary for d in figure.disputes] == ["yes"]


def test_a_figure_dispute_is_checked_like_an_event_dispute(tmp_path: Path) -> None:
    text = """\
        dataset: {title: T, format: 2}
        sources:
          - {id: s, kind: article, title: S, reliability: B}
        actors:
          - {id: a, name: A, kind: state}
        events:
          - id: e
            title: E
            figures:
              - {label: L, value: 1, qualifier: exact, source: s, as_of: 2024-02-30,
                 disputes: [{by: a, stance: denies, summary: no, source: s, page: 3}]}
        """
    found = messages(load_text(tmp_path, text))
    assert any("[date]" in m and "'as_of'" in m for m in found), found
    assert any("[enum]" in m and "'stance'" in m for m in found), found
    assert any("[unknown-key]" in m and "'page' in dispute" in m for m in found), found


def test_the_new_qualifiers_and_the_source_words(dataset: Dataset) -> None:
    claimed, counted, share = dataset.events["troops-to-border"].figures
    assert figure_text(claimed) == "nearly 20,000 troops"
    assert figure_text(counted) == "more than 65,000"
    assert figure_text(share) == "less than 40 per cent"
    assert as_stated(claimed) == "as stated: \u201cnearly a third of the army\u201d"
    assert as_stated(counted) == ""
    assert as_of(counted) == "as of 2022"
    assert as_of(claimed) == ""
    assert estimator_name(dataset, claimed) == "Alexander Lukashenko"
    assert estimator_name(dataset, counted) == "IISS (its own estimate)"
    assert estimator_name(dataset, share) == "the analyst"


def test_search_reads_the_source_words_and_figure_disputes(dataset: Dataset) -> None:
    index = SearchIndex(dataset)
    for query in ("frontier", "actor:dpsu", "source:dpsu-statement"):
        assert index.matching_ids(parse_query(query)) == {"troops-to-border"}, query
    # As stated by the figure; the statement under it translates the same words.
    assert index.matching_ids(parse_query('"third of the army" -tag:claim')) == {"troops-to-border"}
    assert index.matching_ids(parse_query("actor:iiss-balance")) == set()


def test_a_contested_figure_is_a_reason_for_care(dataset: Dataset) -> None:
    reasons = caution_reasons(dataset, dataset.events["troops-to-border"])
    assert "a figure is contested" in reasons


def test_the_cache_keeps_every_addition(tmp_path: Path) -> None:
    copy = tmp_path / "data"
    shutil.copytree(FIXTURE, copy)
    folder = tmp_path / "cache"
    first = load_with_cache(copy, folder=folder)
    second = load_with_cache(copy, folder=folder)
    assert second.hit
    assert second.result.dataset is not None
    assert first.result.dataset is not None
    assert second.result.dataset.info == first.result.dataset.info
    assert (
        second.result.dataset.events["troops-to-border"]
        == first.result.dataset.events["troops-to-border"]
    )


def test_the_sheet_numbers_figure_dispute_sources(dataset: Dataset) -> None:
    sheet = compose_sheet(dataset, SheetOptions())
    assert [source.id for source in sheet.sources][:3] == [
        "rossiya1",
        "dpsu-statement",
        "iiss-balance",
    ]


def test_the_schema_accepts_the_fixture_and_refuses_another_format() -> None:
    import jsonschema

    schema = json.loads(paths.resource("dataset.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(schema)
    for path in sorted(FIXTURE.glob("*.yaml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert list(validator.iter_errors(document)) == [], path
    assert list(validator.iter_errors({"dataset": {"title": "T", "format": 2}})) == []
    assert len(list(validator.iter_errors({"dataset": {"title": "T", "format": 3}}))) == 1


def test_a_time_of_day_is_format_2(tmp_path: Path) -> None:
    text = """\
    dataset: {title: T}
    sources:
      - {id: s, kind: article, title: S, reliability: B}
    events:
      - {id: e, title: E, date: "2024-08-09T19:04", sources: [s]}
    """
    assert messages(load_text(tmp_path, text)) == [
        "5:29: error: a time of day in 'date' is format 2: add 'format: 2' to the dataset "
        "section [format]"
    ]
    clean = load_text(tmp_path, text.replace("{title: T}", "{title: T, format: 2}"))
    assert messages(clean) == []
    assert clean.dataset is not None
    event = clean.dataset.events["e"]
    assert event.date is not None
    assert event.date.start is not None
    assert event.date.start.time == "19:04"
