"""Folding for search: invisible characters dropped, letters NFKD keeps whole folded as typed,
and highlights still pointing at the right characters of the original text."""

import re
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefing_app.core import textmatch
from briefing_app.core.query import parse_query
from briefing_app.core.safetext import DEFAULT_IGNORABLE
from briefing_app.core.search import SearchIndex
from briefing_app.core.textmatch import (
    LETTER_FOLDS,
    WholeWord,
    _folded_with_owners,
    find_whole,
    fold,
    match_spans,
)
from tests.core.helpers import load_text

# Format characters (category Cf) and other invisibles a search must not trip over.
INVISIBLES = {
    "zero-width space": "\u200b",
    "zero-width non-joiner": "\u200c",
    "zero-width joiner": "\u200d",
    "soft hyphen": "\u00ad",
    "word joiner": "\u2060",
    "byte order mark": "\ufeff",
    "left-to-right mark": "\u200e",
    "right-to-left override": "\u202e",
    "pop directional formatting": "\u202c",
    "first strong isolate": "\u2068",
    "variation selector": "\ufe0f",
    "combining grapheme joiner": "\u034f",
    # Default-ignorable letters: blanks that are not format characters.
    "hangul filler": "\u3164",
    "hangul choseong filler": "\u115f",
    "hangul jungseong filler": "\u1160",
    "halfwidth hangul filler": "\uffa0",
    "khmer vowel inherent aq": "\u17b4",
    "khmer vowel inherent aa": "\u17b5",
    "mongolian vowel separator": "\u180e",
    "mongolian free variation selector four": "\u180f",
    "arabic letter mark": "\u061c",
    "shorthand format letter overlap": "\U0001bca0",
    "musical symbol begin beam": "\U0001d173",
    "tag latin small letter a": "\U000e0061",
    "variation selector-17": "\U000e0100",
}


def test_folding_drops_every_default_ignorable_character() -> None:
    """The shared set (`safetext.DEFAULT_IGNORABLE`) is what folding drops: none of its
    characters can hide a word from a search."""
    for char in DEFAULT_IGNORABLE:
        assert fold(f"wag{char}ner") == "wagner", f"U+{ord(char):04X}"
        text = f"the Wag{char}ner group"
        assert match_spans(text, ("wagner",)) == [(4, 11)], f"U+{ord(char):04X}"


@pytest.mark.parametrize("filler", ["\u3164", "\u115f", "\u1160", "\uffa0", "\u17b4"])
def test_a_word_with_a_blank_letter_inside_is_found_by_the_search(
    tmp_path: Path, filler: str
) -> None:
    dataset = load_text(tmp_path, EVENTS.replace("Wag\u200bner", f"Wag{filler}ner")).dataset
    assert dataset is not None
    assert SearchIndex(dataset).matching_ids(parse_query("wagner")) == {"zw"}
    assert SearchIndex(dataset).matching_ids(parse_query(f"wag{filler}ner")) == {"zw"}


@pytest.mark.parametrize(
    ("written", "typed"),
    [
        ("Łukašenka", "lukasenka"),
        ("Straße", "strasse"),
        ("STRASSE", "strasse"),
        ("Øresund", "oresund"),
        ("Đukanović", "dukanovic"),
        ("Ðóra", "dora"),
        ("Æsir", "aesir"),
        ("Œuvre", "oeuvre"),
        ("Þórshöfn", "thorshofn"),
        ("K\u0131r\u0131kkale", "kirikkale"),  # dotless i
        ("Ħamrun", "hamrun"),
        ("İstanbul", "istanbul"),
        ("Kyïv", "kyiv"),
        ("ﬁnal", "final"),  # a ligature NFKD does decompose
    ],
)
def test_letters_fold_as_a_plain_keyboard_types_them(written: str, typed: str) -> None:
    assert fold(written) == typed
    (span,) = match_spans(f"in {written}.", (typed,))
    assert f"in {written}."[slice(*span)] == written


def test_every_letter_fold_is_already_folded() -> None:
    for letter, replacement in LETTER_FOLDS.items():
        assert letter == letter.casefold()
        assert replacement.isascii()
        assert replacement == fold(replacement)


def test_highlights_point_at_the_original_characters() -> None:
    text = "Prezydent Łuka\u00ads\u030cenka (Łukašenka) i Straße"
    spans = match_spans(text, ("lukasenka", "ss"))
    assert [text[start:end] for start, end in spans] == [
        "Łuka\u00ads\u030cenka",  # soft hyphen and a combining caron inside, both covered
        "Łukašenka",
        "ß",  # `ss` is one letter of the original
    ]


@given(st.text(alphabet=st.sampled_from("aßŁłšs\u030c\u200b\u00ad\u202e Øo")), st.text(min_size=1))
def test_spans_are_found_exactly_when_the_folded_text_holds_the_needle(
    text: str, needle_source: str
) -> None:
    needle = fold(needle_source) or "a"
    spans = match_spans(text, (needle,))
    assert bool(spans) == (needle in fold(text))
    for start, end in spans:  # whole original characters around at least one occurrence
        assert needle in fold(text[start:end])


EVENTS = """\
dataset: {title: T}
sources:
  - {id: s, kind: article, title: S, reliability: B}
actors:
  - {id: luk, name: "Łukašenka", kind: person}
events:
  - {id: zw, title: "The Wag\u200bner group moves", sources: [s]}
  - {id: sh, title: "Road to Straße", sources: [s]}
  - {id: lk, title: "A visit", actors: [{actor: luk}], sources: [s]}
  - {id: other, title: "Nothing here", sources: [s]}
"""


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("wagner", {"zw"}),
        ("wag\u200bner", {"zw"}),
        ('"wagner group"', {"zw"}),
        ("strasse", {"sh"}),
        ("straße", {"sh"}),
        ("lukasenka", {"lk"}),
        ("actor:lukasenka", {"lk"}),
        ("LUKAŠENKA", {"lk"}),
    ],
)
def test_the_search_index_finds_folded_words(
    tmp_path: Path, query: str, expected: set[str]
) -> None:
    dataset = load_text(tmp_path, EVENTS).dataset
    assert dataset is not None
    assert SearchIndex(dataset).matching_ids(parse_query(query)) == expected


def test_the_query_highlights_the_folded_word() -> None:
    assert parse_query("wag\u200bner").highlight_words() == ("wagner",)


@pytest.mark.parametrize(
    ("written", "folded"),
    [
        ("9,000", "9000"),
        ("9 000", "9000"),
        ("9\u00a0000", "9000"),  # no-break space
        ("9\u202f000", "9000"),  # narrow no-break space
        ("9\u2009000", "9000"),  # thin space
        ("1,200,000 troops", "1200000 troops"),
        ("1 200 000", "1200000"),
        ("12,345.67", "12345.67"),
        ("\uff19,\uff10\uff10\uff10", "9000"),  # full-width digits
        ("2024 300 troops", "2024 300 troops"),  # a year and a count
        ("1,200 000", "1,200 000"),  # two kinds of separator: not one number
        ("0,5 100", "0,5 100"),  # a decimal comma, then a number
        ("12,3456", "12,3456"),
        ("1, 2, 3", "1, 2, 3"),
        ("9,000.", "9000."),
    ],
)
def test_numbers_lose_their_thousands_separators(written: str, folded: str) -> None:
    assert fold(written) == folded
    assert match_spans(f"[{written}]", (folded,)) == [(1, len(written) + 1)]


@pytest.mark.parametrize(
    ("written", "folded"),
    [
        ("Armed   Forces", "armed forces"),
        ("Armed\nForces\tof\r\nUkraine", "armed forces of ukraine"),
        ("Kyïv \u200b warns", "kyiv warns"),  # an invisible character between two spaces
        ("a\u00a0\u00a0b", "a b"),
        (" edges ", " edges "),
    ],
)
def test_white_space_runs_fold_to_one_space(written: str, folded: str) -> None:
    assert fold(written) == folded
    (span,) = match_spans(written, (folded.strip(),))
    assert fold(written[slice(*span)]) == folded.strip()


@given(st.text(alphabet=st.sampled_from("19, .\u202f\u00a0\nß\u200bx"), max_size=40))
def test_highlighting_folds_exactly_as_the_search_does(text: str) -> None:
    folded, owner = _folded_with_owners(text)
    assert folded == fold(text)
    assert len(owner) == len(folded)
    assert owner == sorted(owner)
    assert all(0 <= index < len(text) for index in owner)


@given(
    st.text(alphabet=st.sampled_from("19, .\u202f\n"), max_size=30),
    st.text(alphabet=st.sampled_from("19, "), min_size=1, max_size=6),
)
def test_number_spans_are_found_exactly_when_the_folded_text_holds_them(
    text: str, needle_source: str
) -> None:
    needle = fold(needle_source).strip() or "1"
    spans = match_spans(text, (needle,))
    assert bool(spans) == (needle in fold(text))


# The pattern numbers were folded with before it was made linear: the same matches, found by
# backtracking through the rest of a run of digits from each of its digits.
_OLD_GROUPED = re.compile(r"[0-9]+[, ][0-9]{3}(?:[, ][0-9]{3})*(?![0-9])")


@given(st.text(alphabet=st.sampled_from("1290, .x"), max_size=60))
def test_numbers_fold_as_they_did_before_the_pattern_was_made_linear(text: str) -> None:
    new = [match.span() for match in textmatch._GROUPED.finditer(text)]
    assert new == [match.span() for match in _OLD_GROUPED.finditer(text)]
    assert fold(text) == _OLD_GROUPED.sub(textmatch._ungrouped, textmatch._SPACES.sub(" ", text))


HOSTILE = {
    "a digit run, then a separated digit": "1" * 100_000 + " 1",
    "a digit run, then a comma and a digit": "1" * 100_000 + ",1",
    "digits and spaces": "1 " * 50_000,
    "a long run of groups": "12" + " 345" * 25_000,
    "groups of four": "1234 " * 20_000,
    "tabs and spaces": "\t " * 50_000,
    "no-break spaces": "\u00a0" * 100_000,
    "one letter": "a" * 100_000,
}


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_folding_and_highlighting_are_linear_on_hostile_text(text: str) -> None:
    """`fold` of 100,000 digits and ` 1` took 45 s: the index, the pane's highlights, the
    pickers and the sheet all fold untrusted text. Each of these takes about 0.1 s now."""
    started = time.perf_counter()
    fold(text)
    match_spans(text, ("1 1", "11", WholeWord("aa"), WholeWord("12 345")))
    assert time.perf_counter() - started < 2


def test_a_run_of_mixed_white_space_is_one_space() -> None:
    """A tab beside a space folded to two spaces, and the phrase `a b` missed `a<TAB> b`."""
    assert fold("a\t b") == fold("a \tb") == fold("a\n\n b") == "a b"
    assert match_spans("x a\t b", ("a b",)) == [(2, 6)]


def test_a_whole_word_is_marked_only_where_no_letter_or_digit_continues_it() -> None:
    text = "Ukraine, the UK, uk-led and UK's; UKs"
    spans = match_spans(text, (WholeWord("uk"),))
    assert [text[a:b] for a, b in spans] == ["UK", "uk", "UK"]
    assert [a for a, _ in spans] == [13, 17, 28]
    assert match_spans(text, ("uk",))[0] == (0, 2)  # typed text: anywhere
    assert find_whole("kyiv2 kyiv", "kyiv") == 6
    assert find_whole("Kyïv", "kyiv") == -1  # already folded text only
    assert find_whole("a_kyiv", "kyiv") == -1  # `_` is part of a word, as the word index says
    assert find_whole("x", "") == -1


@given(st.text(alphabet=st.sampled_from("ab _-.\u00e9"), max_size=30))
def test_whole_words_are_what_the_word_index_splits(text: str) -> None:
    """`ab` stands whole exactly where the word index sees the word `ab`."""
    assert (find_whole(text, "ab") >= 0) == ("ab" in re.findall(r"\w+", text))


def test_digits_of_any_script_fold_to_their_values() -> None:
    """An Arabic or Hindi report's 3000, in its own digits, is the 3000 a reader types."""
    assert fold("\u0663\u0660\u0660\u0660 troops") == "3000 troops"
    assert fold("\u0969,\u0966\u0966\u0966") == "3000"
    assert match_spans("about \u0663\u0660\u0660\u0660 troops", ("3000",)) == [(6, 10)]
