"""A quote's language and translation (format 2): the original is quoted, the translation is
marked as one, in the pane, on the sheet, in a copied citation, and found by search."""

from __future__ import annotations

from pathlib import Path

from briefing_app.core.cache import load_with_cache
from briefing_app.core.citation import quote_citation
from briefing_app.core.query import parse_query
from briefing_app.core.search import SearchIndex
from tests.core.helpers import load_text, messages

TRANSLATED = """\
dataset: {title: T, format: 2}
sources:
  - {id: s, kind: broadcast, title: Interview, publisher: Rossiya 1, reliability: C}
actors:
  - {id: a, name: Alexander Lukashenko, kind: person}
  - {id: t, name: BelTA, kind: organisation}
events:
  - id: e
    title: E
    actors: [{actor: a}, {actor: t}]
    quotes:
      - text: почти треть армии
        mode: direct
        speaker: a
        language: ru
        translation: nearly a third of the army
        translated_by: analyst
        source: s
        locator: "00:14:05"
      - {text: мы готовы, mode: direct, speaker: a, language: ru, translation: we are ready,
         translated_by: t, source: s, locator: "00:15:00"}
"""


def test_the_translation_is_read_and_cited_as_one(tmp_path: Path) -> None:
    result = load_text(tmp_path, TRANSLATED)
    assert messages(result) == []
    assert result.dataset is not None
    first, second = result.dataset.events["e"].quotes
    assert (first.language, first.translation, first.translated_by) == (
        "ru",
        "nearly a third of the army",
        "analyst",
    )
    citation = quote_citation(first, result.dataset)
    assert citation.startswith("\u201c\u043f\u043e\u0447\u0442\u0438")  # the original first
    assert "[Russian]" in citation
    assert (
        "Translation by the analyst, not the speaker's words: \u2018nearly a third of the army"
        in citation
    )
    assert "Translation by BelTA" in quote_citation(second, result.dataset)


def test_search_finds_the_translation(tmp_path: Path) -> None:
    result = load_text(tmp_path, TRANSLATED)
    assert result.dataset is not None
    index = SearchIndex(result.dataset)
    assert index.matching_ids(parse_query('"a third of the army"')) == {"e"}


def test_the_keys_are_format_2_and_checked(tmp_path: Path) -> None:
    without = load_text(tmp_path, TRANSLATED.replace(", format: 2", ""))
    assert [m.rsplit(" ", 1)[1] for m in messages(without)] == ["[format]"] * 6
    broken = load_text(
        tmp_path,
        TRANSLATED.replace("language: ru\n", "language: Russian\n").replace(
            "translated_by: t,", "translated_by: nobody,"
        ),
    )
    rules = sorted(m.rsplit(" ", 1)[1] for m in messages(broken))
    assert rules == ["[format]", "[unresolved-reference]"]
    assert broken.dataset is not None
    assert broken.dataset.events["e"].quotes[1].translated_by == ""  # never a dangling id
    lonely = load_text(tmp_path, TRANSLATED.replace("translation: we are ready,", ""))
    assert [m.rsplit(" ", 1)[1] for m in messages(lonely)] == ["[missing-key]"]


def test_the_cache_keeps_the_translation(tmp_path: Path) -> None:
    load_text(tmp_path, TRANSLATED)
    path = tmp_path / "brief.yaml"
    load_with_cache(path, folder=tmp_path / "cache")
    cached = load_with_cache(path, folder=tmp_path / "cache")
    assert cached.hit
    assert cached.result.dataset is not None
    assert cached.result.dataset.events["e"].quotes[0].translation == "nearly a third of the army"


EDITORIAL = """\
dataset: {title: T, format: 2}
sources:
  - {id: s, kind: article, title: Analysis, publisher: Euromaidan Press, reliability: C}
events:
  - id: e
    title: E
    quotes:
      - {text: a show of force, mode: editorial, source: s, locator: paragraph 3}
"""


def test_an_editorial_quote_is_the_sources_own_assessment(tmp_path: Path) -> None:
    result = load_text(tmp_path, EDITORIAL)
    assert messages(result) == []
    assert result.dataset is not None
    quote = result.dataset.events["e"].quotes[0]
    citation = quote_citation(quote, result.dataset)
    assert "the assessment of Euromaidan Press" in citation
    assert "unattributed" not in citation


def test_an_editorial_quote_is_format_2_and_names_no_speaker(tmp_path: Path) -> None:
    without = load_text(tmp_path, EDITORIAL.replace(", format: 2", ""))
    assert [m.rsplit(" ", 1)[1] for m in messages(without)] == ["[format]"]
    spoken = load_text(
        tmp_path,
        EDITORIAL.replace("actors", "x")
        .replace("events:", "actors:\n  - {id: a, name: A, kind: person}\nevents:")
        .replace("mode: editorial,", "mode: editorial, speaker: a,"),
    )
    assert any("an editorial quote is the source's own words" in m for m in messages(spoken))
