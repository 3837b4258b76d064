"""Names in hostile numbers: thousands of aliases on one actor, one alias shared by thousands
of actors, and `zz OR zz`. Each is bounded by what it reads, not by a stopwatch; the few time
limits are generous (the shapes took 13 s to 58 s before)."""

import time
from pathlib import Path

import pytest

from briefing_app.core.names import MAX_OTHER_NAMES
from briefing_app.core.query import parse_query
from briefing_app.core.search import SearchIndex
from briefing_app.core.words import WordIndex
from tests.core.helpers import load_text

BORDERS = 3_000


def shared_alias_dataset(folder: Path) -> SearchIndex:
    """Events about borders, and 3,000 actors `Border N` that share the alias `zz`."""
    actors = "".join(
        f"  - {{id: b{n}, name: Border {n}, kind: group, aliases: [zz]}}\n" for n in range(BORDERS)
    )
    events = "".join(
        f"  - {{id: e{n}, title: Border {n % 500} report on the border {n}, sources: [s]}}\n"
        for n in range(2_000)
    )
    text = (
        "dataset: {title: T}\nsources:\n  - {id: s, kind: article, title: S, reliability: B}\n"
        f"actors:\n{actors}events:\n{events}"
    )
    dataset = load_text(folder, text).dataset
    assert dataset is not None
    return SearchIndex(dataset)


@pytest.fixture(scope="module")
def borders(tmp_path_factory: pytest.TempPathFactory) -> SearchIndex:
    return shared_alias_dataset(tmp_path_factory.mktemp("borders"))


def test_a_shared_alias_brings_a_capped_number_of_names(borders: SearchIndex) -> None:
    others = borders.names.others("zz")
    assert len(others) == MAX_OTHER_NAMES
    found = borders.matching_ids(parse_query("zz"))
    # Exactly the events naming one of the names it brought, as whole words.
    expected = {f"e{n}" for n in range(2_000) if f"border {n % 500}" in others}
    assert found == expected
    assert "e1" in found  # "Border 1 report ..." names Border 1; "Border 10" is another


def test_alternatives_share_the_other_names_work(
    borders: SearchIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`zz OR zz` once cost twice `zz`: each alternative looked for 10,000 names again."""
    calls: list[int] = []
    whole = WordIndex.whole

    def counted(self: WordIndex, *args: object, **kwargs: object) -> set[int]:
        calls.append(1)
        return whole(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(WordIndex, "whole", counted)
    single = borders.matching_ids(parse_query("zz"))
    assert calls == [1]
    calls.clear()
    assert borders.matching_ids(parse_query("zz OR zz OR zz OR zz")) == single
    assert calls == [1]


def test_names_are_looked_for_in_one_pass_not_one_text_scan_each(
    borders: SearchIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No other name costs a text search of its own: they all go to the word index at once."""
    searched: list[str] = []
    find_text = SearchIndex._find_text

    def counted(self: SearchIndex, needle: str, scope: set[int] | None) -> set[int]:
        searched.append(needle)
        return find_text(self, needle, scope)

    monkeypatch.setattr(SearchIndex, "_find_text", counted)
    borders._recent_text.clear()
    borders.matching_ids(parse_query("zz OR zz"))
    assert searched == ["zz"]


def test_the_shared_alias_answers_quickly(borders: SearchIndex) -> None:
    fresh = SearchIndex(borders.dataset, borders.state)
    started = time.perf_counter()
    fresh.matches(parse_query("zz OR zz"))
    fresh.matches(parse_query("border 7 OR zz -report"))
    assert time.perf_counter() - started < 2  # about 0.01 s; it was over 10 s


def test_an_actor_with_thousands_of_aliases_indexes_quickly(tmp_path: Path) -> None:
    """8,000 aliases on one actor (55 KB, valid) took 40 s and 2.5 GB to index."""
    aliases = ", ".join(f"a{n}" for n in range(8_000))
    result = load_text(
        tmp_path,
        "dataset: {title: T}\nsources:\n  - {id: s, kind: article, title: S, reliability: B}\n"
        f"actors:\n  - {{id: x, name: X Corp, kind: person, aliases: [{aliases}]}}\n"
        "events:\n  - {id: e, title: E, actors: [{actor: x}], sources: [s]}\n"
        "  - {id: f, title: a1000 was here, sources: [s]}\n"
        "  - {id: g, title: a7999 was here, sources: [s]}\n",
    )
    assert result.dataset is not None
    started = time.perf_counter()
    index = SearchIndex(result.dataset)
    assert time.perf_counter() - started < 2  # about 0.02 s
    # The first 200 aliases alphabetically (a0, a1, a10, a100, a1000, ...); a7999 is past them.
    assert index.matching_ids(parse_query('"x corp"')) == {"e", "f"}
    assert len(parse_query('"x corp"').highlight_words(index)) == 1 + MAX_OTHER_NAMES


def test_an_alias_past_those_in_the_text_still_finds_its_events(tmp_path: Path) -> None:
    """Only the first aliases go into each event's text (an actor of 10,000 aliases in 2,000
    events made a 20-million-word index); a later alias still finds the events, through the
    actor's name."""
    from briefing_app.core.query import parse_query
    from briefing_app.core.search import SearchIndex
    from briefing_app.core.search_build import ALIASES_IN_TEXT
    from tests.core.helpers import load_text

    aliases = ", ".join(f"alias{number:03d}" for number in range(ALIASES_IN_TEXT + 30))
    text = f"""\
dataset: {{title: T}}
sources:
  - {{id: s, kind: article, title: S, reliability: B}}
actors:
  - {{id: a, name: Zorbaster, kind: person, aliases: [{aliases}]}}
events:
  - {{id: e, title: E, sources: [s], actors: [{{actor: a}}]}}
  - {{id: f, title: F, sources: [s]}}
"""
    dataset = load_text(tmp_path, text).dataset
    assert dataset is not None
    index = SearchIndex(dataset)
    assert index.matching_ids(parse_query(f"alias{ALIASES_IN_TEXT + 25:03d}")) == {"e"}
    assert f"alias{ALIASES_IN_TEXT + 25:03d}" not in index.state.texts[0]
