"""What free text searches: what the event itself says (never its sources' titles), names and
aliases wherever the text uses them, and numbers with or without thousands separators."""

from pathlib import Path

import pytest

from briefing_app import paths
from briefing_app.core.loader import load_dataset
from briefing_app.core.query import parse_query
from briefing_app.core.search import SearchIndex
from briefing_app.core.textmatch import fold, match_spans
from tests.core.helpers import load_text

EVENTS = """\
dataset: {title: T}
sources:
  - id: s
    kind: article
    title: Belarus orders immediate troop withdrawal
    publisher: Zeta
    reliability: B
actors:
  - {id: afu, name: Armed Forces of Ukraine, kind: organisation, aliases: [ZSU, Ukrainian army]}
  - {id: min, name: Oleksii Reznikov, kind: person}
places:
  - {id: kyiv, name: Kyiv, kind: city, aliases: [Kiev, Київ]}
events:
  - {id: linked, title: A visit, places: [kyiv], sources: [s]}
  - {id: warns, title: Kyiv warns Minsk, sources: [s]}
  - {id: old, title: "Statement from Kiev", sources: [s]}
  - {id: zsu, title: ZSU shells a bridge, sources: [s]}
  - {id: long, title: "The Armed   Forces of Ukraine report", sources: [s]}
  - {id: apart, title: "Armed men, forces of order, and Ukraine", sources: [s]}
  - id: said
    title: Nothing in the title
    actors: [{actor: min, role: chaired the meeting}]
    tags: [logistics]
    quotes:
      - {text: we hold, mode: direct, speaker: min, speaker_role: Defence Minister, source: s}
    figures:
      - {label: Vehicles seen, value: 40, unit: lorries, qualifier: approx, source: s}
    disputes:
      - {by: afu, stance: contests, summary: denies the claim outright, source: s}
  - {id: nines, title: "About 9,000 troops; 12 000 more; 1\u202f500 later", sources: [s]}
  - {id: plain, title: Some 9000 troops and 2024 300 boxes, sources: [s]}
"""


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> SearchIndex:
    dataset = load_text(tmp_path_factory.mktemp("text"), EVENTS).dataset
    assert dataset is not None
    return SearchIndex(dataset)


def ids(index: SearchIndex, text: str) -> set[str]:
    index._recent_text.clear()
    return set(index.matching_ids(parse_query(text)))


def test_source_titles_and_publishers_are_not_free_text(index: SearchIndex) -> None:
    assert ids(index, "withdrawal") == set()
    assert ids(index, "zeta") == set()
    assert len(ids(index, "source:withdrawal")) == len(index)
    assert len(ids(index, "source:zeta")) == len(index)
    assert len(ids(index, "-withdrawal")) == len(index)


def test_the_sample_no_longer_matches_every_event_through_its_source() -> None:
    dataset = load_dataset(paths.sample_dataset()).dataset
    assert dataset is not None
    index = SearchIndex(dataset)
    # Every event cites "Belarus orders immediate troop withdrawal from Ukraine border".
    for word in ("withdrawal", "border", "troop", "army", "-border"):
        assert 0 < len(ids(index, word)) < len(index), word
    assert len(ids(index, "source:immediate")) == len(index)


@pytest.mark.parametrize(
    "word",
    ["chaired", "defence minister", "lorries", "vehicles", "logistics", "outright", "reznikov"],
)
def test_free_text_reads_roles_units_tags_disputes_and_names(index: SearchIndex, word: str) -> None:
    assert ids(index, f'"{word}"') == {"said"}


@pytest.mark.parametrize("typed", ["kiev", "KYIV", "Київ", '"kiev"'])
def test_a_name_or_alias_finds_every_name_of_the_place_in_the_text(
    index: SearchIndex, typed: str
) -> None:
    assert ids(index, typed) == {"linked", "warns", "old"}


def test_a_negated_alias_leaves_out_every_name(index: SearchIndex) -> None:
    assert ids(index, "-kiev") & {"linked", "warns", "old"} == set()
    assert "zsu" in ids(index, "-kiev")


def test_a_piece_of_a_name_is_only_text(index: SearchIndex) -> None:
    assert ids(index, "kie") == {"old", "linked"}  # `linked` names Kyiv, alias Kiev
    assert ids(index, "minsk") == {"warns"}  # not a place of this dataset: plain text


def test_multi_word_names_work_as_phrases(index: SearchIndex) -> None:
    both = {"zsu", "long", "said"}  # `said` is disputed by the AFU: its name is in the text
    assert ids(index, "zsu") == both
    assert ids(index, '"armed forces of ukraine"') == both
    assert ids(index, '"ukrainian army"') == both
    # typed without quotes: the words anywhere, or another name of the entity
    assert ids(index, "armed forces of ukraine") == both | {"apart"}
    assert ids(index, "Armed Forces of Ukraine zsu") == both
    assert ids(index, "armed forces of ukraine -men") == both
    assert ids(index, "forces ukraine") == {"long", "apart", "said"}  # not a name: just words
    assert ids(index, "armed -forces of ukraine") == set()  # a negated word breaks the name


def test_highlighting_marks_the_other_names(index: SearchIndex) -> None:
    words = parse_query("kiev").highlight_words(index)
    assert set(words) == {"kiev", "kyiv", fold("Київ")}
    assert match_spans("Kyiv warns Minsk", words) == [(0, 4)]
    words = parse_query("zsu").highlight_words(index)
    text = "The Armed Forces of Ukraine report"
    assert [text[a:b] for a, b in match_spans(text, words)] == ["Armed Forces of Ukraine"]
    words = parse_query("armed forces of ukraine").highlight_words(index)
    assert {"zsu", "ukrainian army"} <= set(words)
    assert parse_query("-kiev").highlight_words(index) == ()
    assert parse_query("kiev").highlight_words() == ("kiev",)  # without the names: as typed


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("9000", {"nines", "plain"}),
        ("9,000", {"nines", "plain"}),
        ('"9 000"', {"nines", "plain"}),
        ('"9\u202f000"', {"nines", "plain"}),
        ("12000", {"nines"}),
        ("1500", {"nines"}),
        ("1,500", {"nines"}),
        ('"2024 300"', {"plain"}),  # a year then a count is not one number
        ("2024300", set()),
    ],
)
def test_numbers_match_with_or_without_thousands_separators(
    index: SearchIndex, typed: str, expected: set[str]
) -> None:
    assert ids(index, typed) == expected


def test_numbers_are_highlighted_however_they_are_written(index: SearchIndex) -> None:
    words = parse_query("9000").highlight_words(index)
    text = "About 9,000 troops, 9\u202f000 men, 9000 more"
    assert [text[a:b] for a, b in match_spans(text, words)] == ["9,000", "9\u202f000", "9000"]


def test_names_survive_a_cache_round_trip(tmp_path: Path, index: SearchIndex) -> None:
    """An index restored from its state (as the cache restores it) finds names the same way."""
    restored = SearchIndex(index.dataset, index.state)
    assert ids(restored, "kiev") == ids(index, "kiev")
    assert ids(restored, "reliability:>=B") == ids(index, "reliability:>=B")


def test_a_figures_value_is_found_as_it_is_shown(tmp_path: Path) -> None:
    """The pane shows `about 9,000 troops`: `9000`, `9,000` and `4,500` find it; the value is
    part of what the event says even when no sentence repeats it."""
    result = load_text(
        tmp_path,
        """\
        dataset: {title: T}
        sources:
          - {id: s, kind: article, title: S, reliability: B}
        events:
          - id: e
            title: Troops stay
            figures:
              - {label: troops, value: 9000, qualifier: approx, source: s}
              - {label: range, low: 4500, high: 6000, source: s}
          - {id: other, title: Nothing counted, sources: [s]}
        """,
    )
    assert result.dataset is not None
    index = SearchIndex(result.dataset)
    for query in ("9000", "9,000", "4500", "6,000"):
        assert index.matching_ids(parse_query(query)) == {"e"}, query


COUNTRIES = """\
dataset: {title: T}
sources:
  - {id: s, kind: article, title: S, reliability: B}
actors:
  - {id: gb, name: United Kingdom, kind: state, aliases: [UK, a, "-", "#1"]}
  - {id: us, name: United States, kind: state, aliases: [US]}
events:
  - {id: ukraine, title: Ukraine reinforces the border, sources: [s]}
  - {id: troops, title: "UK troops arrive (uk-led)", sources: [s]}
  - {id: named, title: The United Kingdom said so, sources: [s]}
  - {id: russia, title: Russia discussed a plan, sources: [s]}
  - {id: usa, title: "Officials of the US agree", sources: [s]}
  - {id: other, title: "A visit - #1", sources: [s]}
"""


@pytest.fixture(scope="module")
def countries(tmp_path_factory: pytest.TempPathFactory) -> SearchIndex:
    dataset = load_text(tmp_path_factory.mktemp("countries"), COUNTRIES).dataset
    assert dataset is not None
    return SearchIndex(dataset)


def test_other_names_are_found_only_as_whole_words(countries: SearchIndex) -> None:
    """The alias `UK` is a word: it is not in "Ukraine", and `US` is not in "Russia"."""
    assert ids(countries, '"united kingdom"') == {"named", "troops"}
    assert ids(countries, "united kingdom") == {"named", "troops"}
    assert ids(countries, '"united states"') == {"usa"}
    assert ids(countries, '-"united states"') == {"ukraine", "troops", "named", "russia", "other"}


def test_what_is_typed_still_matches_as_it_always_did(countries: SearchIndex) -> None:
    """Typed, `uk` is a piece of text like any word (in "Ukraine" too), and brings the names."""
    assert ids(countries, "uk") == {"ukraine", "troops", "named"}
    assert ids(countries, "us") == {"russia", "usa"}  # "Russia" and "discussed"; no name has it
    assert ids(countries, "uk OR uk") == {"ukraine", "troops", "named"}


def test_aliases_too_short_or_not_words_bring_nothing(countries: SearchIndex) -> None:
    """`a`, `-` and `#1` would make the United Kingdom match nearly every event."""
    assert "other" not in ids(countries, '"united kingdom"')
    assert "russia" not in ids(countries, '"united kingdom"')
    assert ids(countries, "#1") == {"other"}  # typed: text as any other


def test_other_names_are_highlighted_only_as_whole_words(countries: SearchIndex) -> None:
    words = parse_query('"united states"').highlight_words(countries)
    assert match_spans("Russia discussed a plan", words) == []
    text = "Officials of the US agree"
    assert [text[a:b] for a, b in match_spans(text, words)] == ["US"]
    words = parse_query('"united kingdom"').highlight_words(countries)
    text = "Ukraine and the UK (uk-led), A visit"
    assert [text[a:b] for a, b in match_spans(text, words)] == ["UK", "uk"]
    words = parse_query("uk").highlight_words(countries)  # typed: marked anywhere
    assert [text[a:b] for a, b in match_spans(text, words)] == ["Uk", "UK", "uk"]


def test_a_field_value_means_an_id_then_a_whole_name_then_a_word_start(tmp_path: Path) -> None:
    """A picker writes ids: ticking the United Kingdom (`actor:uk`) must not bring Ukraine."""
    result = load_text(
        tmp_path,
        """\
        dataset: {title: T}
        sources:
          - {id: s, kind: article, title: S, reliability: B}
        actors:
          - {id: uk, name: United Kingdom, kind: state}
          - {id: ukraine, name: Ukraine, kind: state}
          - {id: gb, name: Great Britain, kind: state, aliases: [Britain]}
          - {id: russia, name: Russia, kind: state}
          - {id: raf, name: Russian armed forces, kind: organisation}
        events:
          - {id: e-uk, title: A, actors: [{actor: uk}], sources: [s]}
          - {id: e-ua, title: B, actors: [{actor: ukraine}], sources: [s]}
          - {id: e-gb, title: C, actors: [{actor: gb}], sources: [s]}
          - {id: e-ru, title: D, actors: [{actor: russia}], sources: [s]}
          - {id: e-raf, title: E, actors: [{actor: raf}], sources: [s]}
        """,
    )
    assert result.dataset is not None
    index = SearchIndex(result.dataset)

    def found(query: str) -> set[str]:
        return set(index.matching_ids(parse_query(query)))

    assert found("actor:uk") == {"e-uk"}  # the id, not the start of "Ukraine"
    assert found("actor:russia") == {"e-ru"}  # the id; and as a name, not "Russian ..."
    assert found('actor:"united kingdom"') == {"e-uk"}
    assert found("actor:britain") == {"e-gb"}  # a whole alias
    assert found("actor:ukr") == {"e-ua"}  # while typing: the start of a word
    assert found("actor:kingdom") == {"e-uk"}
    assert found("actor:russ") == {"e-ru", "e-raf"}
    assert found("actor:ngdom") == set()  # not inside a word
