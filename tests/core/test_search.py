"""The filter predicate over the sample and small made-up datasets."""

from pathlib import Path

import pytest

from briefing_app import paths
from briefing_app.core.loader import load_dataset
from briefing_app.core.model import Dataset
from briefing_app.core.query import parse_query
from briefing_app.core.search import SearchIndex
from briefing_app.core.textmatch import WholeWord, find_whole, fold
from tests.core.helpers import load_text


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    dataset = load_dataset(paths.sample_dataset()).dataset
    assert dataset is not None
    return SearchIndex(dataset)


def ids(index: SearchIndex, text: str) -> set[str]:
    return set(index.matching_ids(parse_query(text)))


def test_empty_query_matches_all(index: SearchIndex) -> None:
    assert len(ids(index, "")) == len(index) == 24


def test_actor_by_id_name_and_alias(index: SearchIndex) -> None:
    expected = {
        "lukashenko-orders-withdrawal",
        "minor-forces-remain",
        "withdrawal-2024",
        "withdrawal-announced",
    }
    assert ids(index, "actor:khrenin") == expected
    assert ids(index, 'actor:"viktor khrenin"') == expected
    assert ids(index, "actor:хренин") == expected  # Cyrillic alias


def test_source_without_spaces_finds_publisher(index: SearchIndex) -> None:
    assert len(ids(index, "source:armyrecognition")) == 24
    assert ids(index, "source:belarus-mod-pictures-2024-07") == {
        "lukashenko-border-visit",
        "btg-deployment-2024",
    }


def test_free_text_is_case_and_accent_insensitive(index: SearchIndex) -> None:
    # a place alias: the event at Kyiv, and the one whose text says "the advance on Kyiv"
    assert ids(index, "KIEV") == {"advance-on-kyiv", "northern-defences"}
    assert ids(index, "lukashenka") == ids(index, "LUKASHENKA")
    assert "advance-on-kyiv" in ids(index, "kyïv")


def test_phrase_and_negation(index: SearchIndex) -> None:
    assert ids(index, '"calmly and routinely"') == {"sof-commander-report"}
    with_wagner = ids(index, "tag:russian-forces")
    assert ids(index, "tag:russian-forces -wagner") == with_wagner - {"rotations-and-wagner"}


def test_or_and_and(index: SearchIndex) -> None:
    assert ids(index, "tag:nato OR tag:wagner") == {"nato-largest-presence", "rotations-and-wagner"}
    assert ids(index, "tag:nato tag:wagner") == set()


def test_status_credibility_reliability(index: SearchIndex) -> None:
    assert ids(index, "status:contested") == {"withdrawal-2024", "withdrawal-announced"}
    assert ids(index, "credibility:1") == set()
    assert "withdrawal-2024" not in ids(index, "credibility:<=3")  # storylines are not graded
    # Every event cites the C source; two also cite the D one (see test_reliability.py).
    visit = {"lukashenko-border-visit", "btg-deployment-2024"}
    assert len(ids(index, "reliability:>=C")) == 22
    assert visit.isdisjoint(ids(index, "reliability:>=C"))
    assert ids(index, "reliability:>=B") == set()
    assert ids(index, "reliability:<=D") == visit
    assert len(ids(index, "reliability:>=D")) == 24
    assert len(ids(index, "reliability:C")) == 24


def test_dates_match_by_overlap(index: SearchIndex) -> None:
    july = ids(index, "after:2024-07-10")
    assert "lukashenko-border-visit" in july  # Jul 2024 overlaps 10 Jul onwards
    assert "staging-ground-2022" not in july
    early = ids(index, "before:2022-12")
    assert {"staging-ground-2022", "joint-grouping-2022", "border-fortifications"} <= early
    assert "withdrawal-announced" not in early


def test_grades_and_undated_events(tmp_path: Path) -> None:
    result = load_text(
        tmp_path,
        """\
        dataset: {title: T}
        sources:
          - {id: good, kind: report, title: G, reliability: A}
          - {id: poor, kind: social_post, title: P, reliability: E}
        events:
          - {id: both, title: Both, sources: [good, poor], date: 2024-07}
          - {id: only-poor, title: Poor, sources: [poor], credibility: 5}
        """,
    )
    dataset: Dataset | None = result.dataset
    assert dataset is not None
    index = SearchIndex(dataset)
    assert ids(index, "reliability:A") == {"both"}  # cites a source graded A
    assert ids(index, "reliability:<=E") == {"both", "only-poor"}  # some source E or worse
    assert ids(index, "reliability:>=A") == set()  # every source A: neither
    assert ids(index, "reliability:>F") == {"both", "only-poor"}
    assert ids(index, "credibility:>=5") == {"only-poor"}
    assert ids(index, "after:1900") == {"both"}  # undated events have no date to match


def test_every_text_search_finds_what_reading_every_text_finds(index: SearchIndex) -> None:
    """The word index must never change a result: each word and phrase of the sample, every
    part of some words, and punctuation, against a plain read of each event's text."""
    texts = {event_id: index._texts[i] for i, event_id in enumerate(index.ids)}
    # every word (a phrase cannot hold a `"`), in one order whatever the hash seed
    separated = (text.replace("\x00", " ") for text in texts.values())
    words = sorted({word for text in separated for word in text.split() if '"' not in word})
    needles = {
        *words[:: max(1, len(words) // 300)],
        "draw",
        "ithdr",
        "e",
        "air defence",
        "4,000",
        "-",
        "'s",
    }
    needles |= {word[1:4] for word in words[:: max(1, len(words) // 100)] if len(word) > 4}
    for needle in sorted(needles):
        typed = fold(needle)  # `4,000` is 4000
        others = index.names.others(typed)  # a name finds its other names, as whole words
        expected = {
            i
            for i, text in texts.items()
            if typed in text or any(_holds(text, name) for name in others)
        }
        index._recent_text.clear()
        found = set(index.matching_ids(parse_query(f'"{needle}"')))
        assert found == expected, needle


def _holds(text: str, name: str) -> bool:
    return find_whole(text, name) >= 0 if isinstance(name, WholeWord) else name in text
