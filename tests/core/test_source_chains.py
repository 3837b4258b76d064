"""Sources' `based_on` chains (format 2): checked (references resolve, loops and over-long
chains cut, each one located error), kept by the cache, named in words link by link with each
link's grade, and found by `source:` at any link."""

from __future__ import annotations

from pathlib import Path

from briefing_app.core.cache import load_with_cache
from briefing_app.core.chains import CHAINS_SHOWN, chains, upstream_ids
from briefing_app.core.citation import chain_lines, quote_citation, source_reference
from briefing_app.core.loader_chains import MAX_UPSTREAM
from briefing_app.core.query import parse_query
from briefing_app.core.search import SearchIndex
from tests.core.helpers import FORMAT2, load_format2, load_text, messages

TURAN_CHAIN = "Rossiya 1 broadcast (C), via BelTA (D), via Reuters (B), read in Turan (C)"


def chain_dataset(sources: str, cited: str = "s0") -> str:
    return f"""\
dataset: {{title: T, format: 2}}
sources:
{sources}
events:
  - {{id: e, title: E, sources: [{cited}]}}
"""


def test_the_fixture_chain_reads_from_the_interview_to_what_was_read() -> None:
    dataset = load_format2()
    assert dataset.sources["turan-republish"].based_on == ("reuters-report",)
    assert upstream_ids(dataset.sources, "turan-republish") == (
        "reuters-report",
        "belta-relay",
        "rossiya1",
    )
    assert chain_lines(dataset.sources, "turan-republish") == [TURAN_CHAIN]
    assert chain_lines(dataset.sources, "rossiya1") == []  # based on nothing: no chain


def test_a_copied_citation_names_the_chain_and_the_languages() -> None:
    dataset = load_format2()
    reported = dataset.events["interview-claim"].quotes[1]
    citation = quote_citation(reported, dataset)
    assert citation.endswith(f"\nChain: {TURAN_CHAIN}.")
    assert '"' not in citation.splitlines()[-1]  # the chain is the app's words, not a quote
    assert ", in Russian." in source_reference(dataset.sources["belta-relay"])


def test_source_finds_an_event_by_any_link_of_its_chains() -> None:
    dataset = load_format2()
    index = SearchIndex(dataset)

    def found(text: str) -> frozenset[str]:
        return index.matching_ids(parse_query(text))

    assert "interview-claim" in found("source:reuters")  # read in Turan, which relays Reuters
    assert "interview-claim" in found("source:turan")
    assert "analysts-doubt" not in found("source:reuters")
    assert "troops-to-border" in found("source:rossiya1")  # cited there directly


def test_based_on_and_language_are_format_2(tmp_path: Path) -> None:
    text = chain_dataset(
        "  - {id: s0, kind: article, title: A, reliability: C, based_on: [s1], language: ru}\n"
        "  - {id: s1, kind: interview, title: B, reliability: F}"
    ).replace(", format: 2", "")
    assert messages(load_text(tmp_path, text)) == [
        "3:55: error: 'based_on' is a format 2 key: add 'format: 2' to the dataset section "
        "[format]",
        "3:71: error: 'language' is a format 2 key: add 'format: 2' to the dataset section "
        "[format]",
    ]


def test_a_link_to_no_source_is_reported_and_left_out(tmp_path: Path) -> None:
    text = chain_dataset(
        "  - {id: s0, kind: article, title: A, reliability: C, based_on: [s1, ghost]}\n"
        "  - {id: s1, kind: interview, title: B, reliability: F}\n"
        "  - {id: s2, kind: article, title: C, reliability: C, language: Russian}"
    )
    result = load_text(tmp_path, text)
    assert messages(result) == [
        "3:70: error: 'based_on' names source 'ghost', which does not exist [unresolved-reference]",
        "5:5: warning: source 's2' is never referred to [unused-source]",
        "5:65: error: 'language' must be a language tag such as 'en', not 'Russian' [format]",
    ]
    assert result.dataset is not None
    assert result.dataset.sources["s0"].based_on == ("s1",)


def test_a_loop_is_reported_once_where_it_closes_and_cut(tmp_path: Path) -> None:
    text = chain_dataset(
        "  - {id: s0, kind: article, title: A, reliability: C, based_on: [s1]}\n"
        "  - {id: s1, kind: article, title: B, reliability: C, based_on: [s2]}\n"
        "  - {id: s2, kind: article, title: C, reliability: C, based_on: [s0, s2]}"
    )
    result = load_text(tmp_path, text)
    assert messages(result) == [  # each at the link that closes its loop
        "5:66: error: 'based_on' loops back on itself (s0 -> s1 -> s2 -> s0, each based on the "
        "next): this link, 's2' based on 's0', is left out [source-cycle]",
        "5:70: error: 'based_on' loops back on itself (s2 -> s2, each based on the next): this "
        "link, 's2' based on 's2', is left out [source-cycle]",
    ]
    assert result.dataset is not None
    assert result.dataset.sources["s2"].based_on == ()
    assert chain_lines(result.dataset.sources, "s0") == ["C (C), via B (C), read in A (C)"]


def test_a_source_resting_on_too_many_loses_its_chain(tmp_path: Path) -> None:
    count = MAX_UPSTREAM + 2
    rows = [
        f"  - {{id: s{i}, kind: article, title: T{i}, reliability: C, based_on: [s{i + 1}]}}"
        for i in range(count - 1)
    ]
    rows.append(f"  - {{id: s{count - 1}, kind: article, title: T, reliability: C}}")
    result = load_text(tmp_path, chain_dataset("\n".join(rows)))
    assert messages(result) == [
        f"3:5: error: source 's0' rests on more than {MAX_UPSTREAM} sources through "
        "'based_on': its chain is left out; cite the sources it draws on instead [source-chain]"
    ]
    assert result.dataset is not None
    assert result.dataset.sources["s0"].based_on == ()
    assert len(upstream_ids(result.dataset.sources, "s1")) == MAX_UPSTREAM


def test_a_long_loop_is_named_by_its_ends(tmp_path: Path) -> None:
    count = 30
    rows = [
        f"  - {{id: s{i}, kind: article, title: T{i}, reliability: C, "
        f"based_on: [s{(i + 1) % count}]}}"
        for i in range(count)
    ]
    (message,) = messages(load_text(tmp_path, chain_dataset("\n".join(rows))))
    assert "s0 -> s1 -> s2 -> s3 -> s4 -> ... (20 more) -> s25" in message
    assert message.endswith(
        "s29 -> s0, each based on the next): this link, 's29' based on 's0', is left out "
        "[source-cycle]"
    )


def test_many_chains_are_named_up_to_a_few(tmp_path: Path) -> None:
    wide = CHAINS_SHOWN + 3
    rows = [
        "  - {id: s0, kind: article, title: Read, reliability: C, based_on: ["
        + ", ".join(f"s{i}" for i in range(1, wide + 1))
        + "]}"
    ]
    rows += [
        f"  - {{id: s{i}, kind: interview, title: I{i}, publisher: P{i}, reliability: F}}"
        for i in range(1, wide + 1)
    ]
    result = load_text(tmp_path, chain_dataset("\n".join(rows)))
    assert result.dataset is not None
    found, more = chains(result.dataset.sources, "s0")
    assert (len(found), more) == (CHAINS_SHOWN, True)
    lines = chain_lines(result.dataset.sources, "s0")
    assert lines[0] == "P1 interview (F), read in Read (C)"
    assert lines[-1] == f"and more chains: it rests on {wide} sources in all"


def test_the_cache_keeps_chains_and_languages(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir(mode=0o700)
    first = load_with_cache(FORMAT2, folder=cache)
    again = load_with_cache(FORMAT2, folder=cache)
    assert again.hit
    assert first.result.dataset is not None
    assert again.result.dataset is not None
    assert dict(again.result.dataset.sources) == dict(first.result.dataset.sources)
    assert again.result.dataset.sources["belta-relay"].language == "ru"


def test_a_names_direction_cannot_turn_the_apps_words_round(tmp_path: Path) -> None:
    text = chain_dataset(
        "  - {id: s0, kind: article, title: Read, publisher: Reader, reliability: B, "
        "based_on: [s1]}\n"
        '  - {id: s1, kind: interview, title: Root, publisher: "Channel \\u202eOne", '
        "reliability: F}"
    )
    dataset = load_text(tmp_path, text).dataset
    assert dataset is not None
    (line,) = chain_lines(dataset.sources, "s0")
    # The override is closed inside the name's isolate, before the app's word "interview".
    assert "Channel \u202eOne\u202c\u2069 interview (F), read in" in line
