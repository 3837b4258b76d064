"""Composing a briefing sheet: scope, order, footnote numbers, the scope in words, the version."""

import dataclasses
import shutil
import subprocess
import time
from datetime import UTC, datetime
from pathlib import Path
from types import MappingProxyType

import pytest

from briefing_app import paths
from briefing_app.core.event_table import EventTable
from briefing_app.core.loader import load_dataset
from briefing_app.core.model import Dataset
from briefing_app.core.query import parse_query
from briefing_app.core.sheet import (
    LEGEND,
    SheetError,
    SheetOptions,
    compose_sheet,
    dataset_version,
    describe_scope,
    describe_term,
    inner_quotes,
)

NOON = datetime(2024, 7, 14, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    loaded = load_dataset(paths.sample_dataset()).dataset
    assert loaded is not None
    return loaded


def test_whole_dataset(dataset: Dataset) -> None:
    sheet = compose_sheet(dataset, SheetOptions(), now=NOON)
    assert sheet.scope_line == "All events; 24 of 24 events"
    assert sheet.title == (
        "Belarus announces withdrawal of troops from the Ukraine border (July 2024)"
    )
    assert sheet.marking == "UNCLASSIFIED // OPEN SOURCE"
    assert sheet.as_of == "13 Jul 2024"
    assert sheet.made == "2024-07-14 12:00 UTC"
    assert [title for title, _ in sheet.key_points] == [
        "Belarusian military posture on the Ukrainian border",
        "Russian forces in Belarus since the invasion of Ukraine",
        "Ukraine's northern defences",
        "Belarus announces a drawdown of its forces on the Ukrainian border",
    ]
    assert len(sheet.events) == len(sheet.chronology) == 24
    assert sheet.chronology[0].date == "until Jul 2024"  # open start sorts first
    assert sheet.legend == LEGEND
    assert "C fairly reliable" in LEGEND
    assert "3 possibly true" in LEGEND


def test_events_run_in_tree_order_with_depth(dataset: Dataset) -> None:
    sheet = compose_sheet(dataset, SheetOptions())
    order = [(item.event.id, item.depth) for item in sheet.events]
    start = order.index(("withdrawal-2024", 0))
    assert order[start : start + 4] == [
        ("withdrawal-2024", 0),
        ("lukashenko-border-visit", 1),
        ("lukashenko-orders-withdrawal", 2),
        ("lukashenko-claims-ukraine-pullback", 2),
    ]


def test_sources_are_numbered_by_first_citation(dataset: Dataset) -> None:
    sheet = compose_sheet(dataset, SheetOptions(scope="event", event_id="btg-deployment-2024"))
    # the event's own `sources` (the pictures) come before its figures' source
    assert dict(sheet.source_numbers) == {
        "armyrecognition-2024-07-pictures": 1,
        "armyrecognition-2024-07-withdrawal": 2,
    }
    no_figures = SheetOptions(
        scope="event",
        event_id="joint-grouping-2022",
        sections=frozenset({"quotes", "sources"}),
    )
    assert compose_sheet(dataset, no_figures).sources == ()


def test_one_event_with_its_sub_events(dataset: Dataset) -> None:
    sheet = compose_sheet(dataset, SheetOptions(scope="event", event_id="withdrawal-announced"))
    assert [item.event.id for item in sheet.events] == [
        "withdrawal-announced",
        "sof-commander-report",
        "minor-forces-remain",
    ]
    assert sheet.title == "Defence minister announces the immediate withdrawal from the border"
    assert sheet.scope_line == (
        "Event \u201cDefence minister announces the immediate withdrawal from the border\u201d "
        "and its 2 sub-events; 3 of 24 events"
    )
    assert sheet.events[0].context == (
        "Part of: Belarus announces a drawdown of its forces on the Ukrainian border"
    )


def test_filtered_sheet_has_only_matches_and_says_so(dataset: Dataset) -> None:
    query = parse_query('actor:khrenin after:2024-07 -"to monitor"')
    sheet = compose_sheet(dataset, SheetOptions(scope="filter", query_text=query.text), query=query)
    assert {item.event.id for item in sheet.events} == {
        "withdrawal-2024",
        "lukashenko-orders-withdrawal",
        "withdrawal-announced",
    }
    assert sheet.scope_line == (
        "Events matching: actor Viktor Khrenin, on or after Jul 2024, "
        "not \u201cto monitor\u201d; 3 of 24 events"
    )
    orders = next(item for item in sheet.events if item.event.id == "lukashenko-orders-withdrawal")
    assert (orders.depth, orders.context) == (
        1,
        "Part of: Lukashenko visits the southern border region",
    )


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("kyiv", "\u201ckyiv\u201d"),
        ('"special operations"', "\u201cspecial operations\u201d"),
        ("-wagner", "not \u201cwagner\u201d"),
        ("actor:khrenin,lukashenko", "actor Viktor Khrenin or Alexander Lukashenko"),
        ("place:kyiv", "place Kyiv"),
        ("source:belarus-mod-pictures-2024-07", "source Ministry of Defence of Belarus"),
        ("tag:nato", "tag nato"),
        ("status:contested", "status contested"),
        ("reliability:>=C", "reliability: every source C or better"),
        ("reliability:<=d", "reliability: a source D or worse"),
        ("reliability:>B", "reliability: every source better than B"),
        ("reliability:A", "reliability: a source graded A"),
        ("credibility:<=3", "credibility at most 3"),
        ("credibility:2", "credibility 2"),
        ("before:2022-12", "on or before Dec 2022"),
    ],
)
def test_terms_in_words(dataset: Dataset, text: str, words: str) -> None:
    (term,) = parse_query(text).alternatives[0]
    assert describe_term(dataset, term) == words


def test_alternatives_in_words(dataset: Dataset) -> None:
    query = parse_query("tag:nato OR tag:wagner")
    sheet = compose_sheet(dataset, SheetOptions(scope="filter"), query=query)
    assert sheet.scope_line == "Events matching: tag nato; or tag wagner; 2 of 24 events"


def test_impossible_sheets(dataset: Dataset) -> None:
    with pytest.raises(SheetError, match="no event with the id 'nope'"):
        compose_sheet(dataset, SheetOptions(scope="event", event_id="nope"))
    with pytest.raises(SheetError, match="unknown field 'foo:'"):
        compose_sheet(dataset, SheetOptions(scope="filter"), query=parse_query("foo:bar"))


def test_version_changes_with_one_byte(tmp_path: Path) -> None:
    copy = tmp_path / "data"
    shutil.copytree(paths.sample_dataset(), copy)
    files = tuple(str(path) for path in sorted(copy.rglob("*.yaml")))
    first = dataset_version(files)
    assert first.startswith("data ")
    assert len(first) == len("data ") + 12
    assert dataset_version(files) == first
    events = copy / "events" / "ukraine-north.yaml"
    events.write_bytes(events.read_bytes().replace(b"Ukraine", b"Ukrainf", 1))
    assert dataset_version(files) != first


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_version_names_the_git_commit(tmp_path: Path) -> None:
    copy = tmp_path / "data"
    shutil.copytree(paths.sample_dataset(), copy)
    files = tuple(str(path) for path in sorted(copy.rglob("*.yaml")))

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", "-C", str(copy), *args], check=True, capture_output=True, text=True
        ).stdout.strip()

    git("init", "-q")
    git("add", ".")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "data")
    commit = git("rev-parse", "--short=10", "HEAD")
    assert dataset_version(files).endswith(f", git {commit}")
    (copy / "dataset.yaml").write_text("# edited\n" + (copy / "dataset.yaml").read_text())
    assert dataset_version(files).endswith(f", git {commit}+changes")


def _unlimited_nesting(dataset: Dataset | None) -> Dataset:
    """The chain `e0 <- e1 <- ...` whole again: the loader cuts it every 100 levels, and the
    sheet must stay linear even on a dataset that was not built by today's loader."""
    assert dataset is not None
    events = {
        event_id: dataclasses.replace(event, parent=f"e{int(event_id[1:]) - 1}")
        if event_id != "e0"
        else event
        for event_id, event in dataset.events.items()
    }
    children = {None: ("e0",)} | {
        event.parent: (event_id,) for event_id, event in events.items() if event.parent
    }
    return dataclasses.replace(
        dataset, events=EventTable(events), children=MappingProxyType(children)
    )


def test_a_deep_chain_composes_in_linear_time(tmp_path: Path) -> None:
    """20,000 events each the parent of the next: counting every event's ancestors on the sheet
    would be quadratic (minutes); one walk down the tree takes a fraction of a second."""
    depth = 20_000
    lines = [
        "dataset: {title: Deep}",
        "sources:",
        "  - {id: s, kind: article, title: S, reliability: B}",
        "events:",
        "  - {id: e0, title: E0, sources: [s]}",
        *(
            f"  - {{id: e{n}, title: E{n}, parent: e{n - 1}, sources: [s]}}"
            for n in range(1, depth)
        ),
    ]
    (tmp_path / "deep.yaml").write_text("\n".join(lines) + "\n")
    loaded = _unlimited_nesting(load_dataset(tmp_path / "deep.yaml").dataset)
    started = time.perf_counter()
    whole = compose_sheet(loaded, SheetOptions())
    below = compose_sheet(loaded, SheetOptions(scope="event", event_id="e15000"))
    query = parse_query("E19999 OR E12345")
    matches = compose_sheet(loaded, SheetOptions(scope="filter"), query=query)
    assert time.perf_counter() - started < 10
    assert [item.depth for item in whole.events] == list(range(depth))
    assert [(item.event.id, item.depth) for item in below.events[:2]] == [
        ("e15000", 0),
        ("e15001", 1),
    ]
    assert below.events[0].context == "Part of: E14999"
    assert [(item.event.id, item.depth, item.context) for item in matches.events] == [
        ("e12345", 0, "Part of: E12344"),
        ("e19999", 1, "Part of: E19998"),
    ]


def test_the_subtitle_never_repeats_the_title(dataset: Dataset) -> None:
    """A whole-dataset sheet is titled with the dataset's title: printing it again under the
    title said the same thing twice. An event's sheet still names its dataset."""
    whole = compose_sheet(dataset, SheetOptions())
    assert whole.title == dataset.info.title
    assert whole.subtitle == ""
    event = compose_sheet(dataset, SheetOptions(scope="event", event_id="withdrawal-announced"))
    assert event.subtitle == dataset.info.title
    # Contained in the title, whatever the case and spacing: still said once.
    longer = dataclasses.replace(
        event, title=f"Annex B:  {dataset.info.title.upper()} (extract)".replace(" ", "  ", 2)
    )
    assert longer.subtitle == ""


def test_the_quote_key_is_only_for_sheets_with_quotes(dataset: Dataset) -> None:
    assert compose_sheet(dataset, SheetOptions()).prints_quotes
    no_quotes = frozenset({"chronology", "figures", "disputes", "sources"})
    assert not compose_sheet(dataset, SheetOptions(sections=no_quotes)).prints_quotes
    quiet = next(
        event_id
        for event_id, event in dataset.events.items()
        if not event.quotes and not dataset.children_of(event_id)
    )
    assert not compose_sheet(dataset, SheetOptions(scope="event", event_id=quiet)).prints_quotes


def test_counts_in_words_have_thousands_separators(dataset: Dataset) -> None:
    """The window says 5,000: so does the sheet, sub-events included."""
    options = SheetOptions(scope="event", event_id="withdrawal-announced")
    assert describe_scope(dataset, options, None, 1_235).endswith(
        " and its 1,234 sub-events; 1,235 of 24 events"
    )


@pytest.mark.parametrize(
    ("text", "outer", "printed"),
    [
        ('He said "we are leaving" today', "double", "He said \u2018we are leaving\u2019 today"),
        ("He said \u201cgo\u201d.", "double", "He said \u2018go\u2019."),
        ('("now")', "double", "(\u2018now\u2019)"),
        ("Russia\u2019s 'red line'", "single", "Russia\u2019s \u201cred line\u201d"),
        ("the \u2018core\u2019 troops", "single", "the \u201ccore\u201d troops"),
        # Apostrophes are not quotation marks: nothing opens or nothing closes.
        ("the soldiers' base", "single", "the soldiers' base"),
        ("'90s kit", "single", "'90s kit"),
        ("Russia's troops", "double", "Russia's troops"),
    ],
)
def test_quotation_marks_inside_a_quote_alternate(text: str, outer: str, printed: str) -> None:
    """A quote printed in double marks shows its own quotations in single ones, and the other
    way round, so an inner quotation never reads as the end of the outer one."""
    assert inner_quotes(text, outer) == printed  # type: ignore[arg-type]


def test_a_quoted_title_in_the_scope_line_alternates_its_marks(dataset: Dataset) -> None:
    event = dataset.events["withdrawal-announced"]
    quoted = dataclasses.replace(event, title='Minister: "troops go home"')
    events = EventTable({**dict(dataset.events.items()), event.id: quoted})
    changed = dataclasses.replace(dataset, events=events)
    line = describe_scope(changed, SheetOptions(scope="event", event_id=event.id), None, 3)
    assert line.startswith("Event \u201cMinister: \u2018troops go home\u2019\u201d and its 2")
