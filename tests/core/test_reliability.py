"""`reliability:` defined once: every cited source for `>=`, at least one for `<=`, and the
tree's warning sign keeping exactly the events `reliability:<=E` keeps."""

from itertools import combinations
from pathlib import Path

import pytest

from briefing_app import paths
from briefing_app.core.loader import load_dataset
from briefing_app.core.query import parse_query
from briefing_app.core.reliability import (
    GRADES,
    WEAK_SOURCES_QUERY,
    cited_grade_mask,
    describe,
    grade_mask,
    mask_matches,
    matching_masks,
    rests_on_weak_source,
)
from briefing_app.core.search import SearchIndex
from tests.core.helpers import load_text

# Every set of grades an event may cite, the empty one included.
EVERY_SET = [set(grades) for size in range(7) for grades in combinations(GRADES, size)]


@pytest.mark.parametrize(
    ("grades", "query", "expected"),
    [
        ("AB", ">=B", True),
        ("AC", ">=B", False),  # the C source lets it down
        ("AC", "<=E", False),
        ("AE", "<=E", True),  # one weak source is enough
        ("F", "<=E", True),
        ("AB", ">B", False),
        ("A", ">B", True),
        ("BD", "<D", False),
        ("BE", "<D", True),
        ("BD", "B", True),  # exact: cites a source graded B
        ("BD", "=C", False),
        ("", ">=F", False),  # no source, no grade: matches nothing
        ("", "<=A", False),
    ],
)
def test_comparisons(grades: str, query: str, expected: bool) -> None:
    op, grade = query.rstrip(GRADES), query[-1]
    assert mask_matches(grade_mask(grades), op, grade) is expected


@pytest.mark.parametrize("grade", GRADES)
def test_every_source_for_at_least_and_one_source_for_at_most(grade: str) -> None:
    for grades in EVERY_SET:
        mask = grade_mask(grades)
        assert mask_matches(mask, ">=", grade) == (bool(grades) and max(grades) <= grade)
        assert mask_matches(mask, "<=", grade) == any(g >= grade for g in grades)


@pytest.mark.parametrize("grade", GRADES[1:])
def test_at_most_is_the_complement_of_one_grade_better(grade: str) -> None:
    """`<=E` keeps exactly what `>=D` leaves out, among events that cite a source."""
    better = GRADES[GRADES.index(grade) - 1]
    for grades in EVERY_SET[1:]:
        mask = grade_mask(grades)
        assert mask_matches(mask, "<=", grade) != mask_matches(mask, ">=", better)


def test_matching_masks_is_the_table_of_mask_matches() -> None:
    for op in (">=", ">", "<=", "<", "="):
        for grade in GRADES:
            masks = matching_masks(op, grade)
            assert masks == {m for m in range(64) if mask_matches(m, op, grade)}
            assert 0 not in masks


def test_the_warning_sign_and_the_query_keep_the_same_events(tmp_path: Path) -> None:
    result = load_text(
        tmp_path,
        """\
        dataset: {title: T}
        sources:
          - {id: a, kind: report, title: A, reliability: A}
          - {id: e, kind: report, title: E, reliability: E}
          - {id: f, kind: report, title: F, reliability: F}
        events:
          - {id: good, title: Good, sources: [a]}
          - {id: mixed, title: Mixed, sources: [a, e]}
          - id: quoted
            title: Quoted
            sources: [a]
            quotes: [{text: x, mode: reported, source: f, locator: p. 1}]
        """,
    )
    dataset = result.dataset
    assert dataset is not None
    index = SearchIndex(dataset)
    weak = {event.id for event in dataset.events.values() if rests_on_weak_source(dataset, event)}
    assert weak == {"mixed", "quoted"}  # a quote's source counts as much as the event's own
    assert index.matching_ids(parse_query(WEAK_SOURCES_QUERY)) == weak
    assert index.matching_ids(parse_query("reliability:>=D")) == {"good"}
    assert index.matching_ids(parse_query("-reliability:<=E")) == {"good"}


def test_the_sample_sign_and_query_agree() -> None:
    dataset = load_dataset(paths.sample_dataset()).dataset
    assert dataset is not None
    index = SearchIndex(dataset)
    for op in (">=", ">", "<=", "<", "="):
        for grade in GRADES:
            expected = {
                event.id
                for event in dataset.events.values()
                if mask_matches(cited_grade_mask(dataset, event), op, grade)
            }
            assert index.matching_ids(parse_query(f"reliability:{op}{grade}")) == expected
    weak = {e.id for e in dataset.events.values() if rests_on_weak_source(dataset, e)}
    assert index.matching_ids(parse_query(WEAK_SOURCES_QUERY)) == weak


@pytest.mark.parametrize(
    ("op", "grade", "words"),
    [
        (">=", "c", "every source C or better"),
        (">", "B", "every source better than B"),
        ("<=", "E", "a source E or worse"),
        ("<", "E", "a source worse than E"),
        ("=", "A", "a source graded A"),
        ("", "A", "a source graded A"),
    ],
)
def test_described_in_words(op: str, grade: str, words: str) -> None:
    assert describe(op, grade) == words
