"""The query language: parsing, errors with positions, and the picker helpers."""

import pytest

from briefing_app.core.names import NameTable
from briefing_app.core.query import (
    MAX_QUERY_LENGTH,
    Term,
    field_values,
    name_runs,
    parse_query,
    with_field,
)
from briefing_app.core.textmatch import WholeWord


def test_words_phrases_and_negation() -> None:
    query = parse_query('Withdrawal "Special   Operations" -Wagner')
    assert query.alternatives == (
        (
            Term(None, ("withdrawal",)),
            Term(None, ("special operations",)),
            Term(None, ("wagner",), negated=True),
        ),
    )
    assert query.errors == ()
    assert query.highlight_words() == ("special operations", "withdrawal")


def test_or_separates_alternatives_and_and_is_optional() -> None:
    query = parse_query("kyiv AND tag:nato OR status:contested")
    assert query.alternatives == (
        (Term(None, ("kyiv",)), Term("tag", ("nato",))),
        (Term("status", ("contested",)),),
    )


def test_fields() -> None:
    query = parse_query(
        'actor:Khrenin,"viktor k" reliability:>=c credibility:<=3 after:2024-07 before:2024-08'
    )
    assert query.alternatives == (
        (
            Term("actor", ("khrenin", "viktor k")),
            Term("reliability", ("2",), op=">="),
            Term("credibility", ("3",), op="<="),
            Term("after", ("2024-07-01",)),
            Term("before", ("2024-08-31",)),
        ),
    )


def test_accents_fold() -> None:
    assert parse_query("Kyïv").alternatives == ((Term(None, ("kyiv",)),),)


@pytest.mark.parametrize(
    ("text", "span", "message"),
    [
        (
            "war foo:bar",
            (4, 11),
            "unknown field 'foo:'; fields are actor:, place:, tag:, source:, "
            "status:, reliability:, credibility:, after:, before:",
        ),
        (
            "actr:x",
            (0, 6),
            "unknown field 'actr:' (did you mean 'actor'?); fields are actor:, "
            "place:, tag:, source:, status:, reliability:, credibility:, after:, before:",
        ),
        ("reliability:>=G", (0, 15), "reliability takes a grade A-F, as in reliability:>=C"),
        ("credibility:9", (0, 13), "credibility takes 1-6, as in credibility:<=3"),
        (
            "status:confrimed",
            (0, 16),
            "status must be one of reported, confirmed, contested, "
            "refuted, assessed (did you mean 'confirmed'?)",
        ),
        (
            "after:July",
            (0, 10),
            "after: 'July' is not a date; write YYYY, YYYY-MM or YYYY-MM-DD, "
            "optionally followed by ? (uncertain), ~ (approximate) or % (both)",
        ),
        ("actor:", (0, 6), "'actor:' needs a value"),
        ("status:reported,confirmed", (0, 25), "'status:' takes one value"),
        ('"open phrase', (0, 12), "this phrase has no closing quote"),
        ("OR kyiv", (0, 2), "OR needs a term on both sides"),
        ("kyiv OR", (5, 7), "OR needs a term on both sides"),
    ],
)
def test_errors_say_where_and_what(text: str, span: tuple[int, int], message: str) -> None:
    errors = parse_query(text).errors
    assert [(e.start, e.end, e.message) for e in errors] == [(*span, message)]


def test_bad_terms_are_left_out_and_the_rest_applies() -> None:
    query = parse_query("kyiv foo:bar")
    assert query.alternatives == ((Term(None, ("kyiv",)),),)
    assert len(query.errors) == 1


def test_empty_query_matches_everything() -> None:
    assert parse_query("   ").matches_everything
    assert not parse_query("x").matches_everything


def test_with_field_replaces_plain_terms_only() -> None:
    text = "withdrawal actor:old -actor:kept tag:x"
    assert with_field(text, "actor", ["khrenin", "viktor k"]) == (
        'withdrawal -actor:kept tag:x actor:khrenin,"viktor k"'
    )
    assert with_field(text, "actor", []) == "withdrawal -actor:kept tag:x"
    assert field_values('actor:a,"b c" -actor:d', "actor") == ["a", "b c"]


@pytest.mark.parametrize("text", ["\u200b", "-\u200b", "wagner \u200b", "actor:\u200b"])
def test_a_word_of_invisible_characters_is_no_term(text: str) -> None:
    query = parse_query(text)
    assert all(term.values != ("",) for terms in query.alternatives for term in terms)
    if text.startswith("actor:"):
        assert [error.message for error in query.errors] == ["'actor:' needs a value"]


def test_a_query_of_more_than_64_terms_is_an_error_and_not_applied() -> None:
    at_cap = " OR ".join(["a b c d"] * 16)  # 64 terms across 16 alternatives
    assert parse_query(at_cap).errors == ()
    assert len(parse_query(at_cap).alternatives) == 16
    over = at_cap + " OR tag:nato kyiv"  # the 65th term starts at len(at_cap) + 4
    query = parse_query(over)
    start = len(at_cap) + 4
    assert [(e.start, e.end, e.message) for e in query.errors] == [
        (start, start + 8, "at most 64 terms; this query has 66")
    ]
    assert query.alternatives == ()  # left out as a whole: nothing is filtered by half a query
    assert query.matches_everything
    assert query.highlight_words() == ()


def test_the_term_cap_counts_terms_not_operators_or_bad_terms() -> None:
    text = " AND ".join(["w"] * 64) + " foo:bar"
    query = parse_query(text)
    assert [e.message for e in query.errors] == [
        "unknown field 'foo:'; fields are actor:, place:, tag:, source:, status:, "
        "reliability:, credibility:, after:, before:"
    ]
    assert len(query.alternatives[0]) == 64


def test_many_one_letter_terms_are_refused_quickly() -> None:
    text = " ".join("abcdefghij"[i % 10] for i in range(999))  # 1,997 characters
    query = parse_query(text)
    assert [(e.start, e.end, e.message) for e in query.errors] == [
        (128, 129, "at most 64 terms; this query has 999")
    ]
    assert query.alternatives == ()


def test_a_query_longer_than_2000_characters_is_an_error_and_not_applied() -> None:
    assert parse_query("a" * MAX_QUERY_LENGTH).errors == ()
    text = " ".join("abcdefghij"[i % 10] for i in range(8000))  # 15,999 characters
    query = parse_query(text)
    assert [(e.start, e.end, e.message) for e in query.errors] == [
        (2000, 2001, "a query is at most 2,000 characters; this query has 15,999")
    ]
    assert query.alternatives == ()
    assert query.matches_everything


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("after:2024-08 before:2024-06", "after: is later than before:, so nothing matches"),
        ("before:2024-06 tag:x after:2024-08", "after: is later than before:, so nothing matches"),
        ("before:13/07/2024", "write before: dates as YYYY-MM-DD (2024-07-13), not 13/07/2024"),
        ("after:7.13.24", "write after: dates as YYYY-MM-DD (2024-07-13), not 7.13.24"),
    ],
)
def test_dates_that_cannot_be_meant_explain_themselves(text: str, message: str) -> None:
    assert [error.message for error in parse_query(text).errors] == [message]


@pytest.mark.parametrize(
    "text",
    [
        "after:2024-06 before:2024-08",
        "after:2024-07 before:2024-07",
        "after:2024-08 OR before:2024-06",
    ],
)
def test_dates_that_leave_room_are_fine(text: str) -> None:
    assert parse_query(text).errors == ()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('kyiv "khrenin', "this phrase has no closing quote"),
        ('kyiv -"air defence', "this phrase has no closing quote"),
        ('kyiv actor:"viktor khrenin', "a value of 'actor:' has no closing quote"),
        ('kyiv tag:nato,"air', "a value of 'tag:' has no closing quote"),
    ],
)
def test_an_unclosed_quote_is_left_out_as_the_message_says(text: str, message: str) -> None:
    """The filter bar shows errors as "left out of the filter": so they are, until the quote
    is closed, rather than applied as half a phrase."""
    query = parse_query(text)
    assert [error.message for error in query.errors] == [message]
    assert query.alternatives == ((Term(None, ("kyiv",)),),)
    assert query.highlight_words() == ("kyiv",)
    closed = parse_query(text + '"')
    assert closed.errors == ()
    assert len(closed.alternatives[0]) == 2


def test_numbers_fold_without_their_thousands_separators() -> None:
    assert parse_query("9,000").alternatives == ((Term(None, ("9000",)),),)
    assert parse_query('"9\u202f000 troops"').alternatives == ((Term(None, ("9000 troops",)),),)


NAMES = NameTable(
    [("Kyiv", "Kiev"), ("Armed Forces of Ukraine", "ZSU"), ("Minsk",), ("United Kingdom", "UK")]
)


def test_highlighting_brings_the_other_names_of_a_name() -> None:
    assert parse_query("kiev withdrawal").highlight_words(NAMES) == ("withdrawal", "kiev", "kyiv")
    assert parse_query("minsk").highlight_words(NAMES) == ("minsk",)  # no alias: as typed
    assert parse_query('"armed  forces of Ukraine"').highlight_words(NAMES) == (
        "armed forces of ukraine",
        "zsu",
    )
    assert set(parse_query("Armed Forces of Ukraine").highlight_words(NAMES)) == {
        "armed forces of ukraine",
        "zsu",
        "forces",
        "ukraine",
        "armed",
        "of",
    }
    assert parse_query("-kiev").highlight_words(NAMES) == ()


def test_other_names_are_highlighted_as_whole_words_and_typed_words_anywhere() -> None:
    words = parse_query("kiev withdrawal").highlight_words(NAMES)
    assert [isinstance(word, WholeWord) for word in words] == [False, False, True]
    (uk,) = (
        word for word in parse_query('"united kingdom"').highlight_words(NAMES) if word == "uk"
    )
    assert isinstance(uk, WholeWord)
    # Typed, `uk` is a piece of text as any word is, even when another term names it too.
    words = parse_query("uk OR united kingdom").highlight_words(NAMES)
    assert {word: isinstance(word, WholeWord) for word in words} == {
        "united kingdom": True,
        "kingdom": False,
        "united": False,
        "uk": False,
    }


def test_name_runs_are_consecutive_plain_words() -> None:
    def runs(text: str) -> list[tuple[int, int]]:
        (terms,) = parse_query(text).alternatives
        return [(run.start, run.end) for run in name_runs(terms, NAMES)]

    assert runs("the armed forces of ukraine said") == [(1, 5)]
    assert runs('"armed forces" of ukraine') == [(0, 3)]
    assert runs("armed forces tag:x of ukraine") == []
    assert runs("armed -forces of ukraine") == []
    assert runs("ukraine armed forces of") == []
