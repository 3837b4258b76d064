"""Other names in the word index: `WordIndex.whole` finds exactly the texts holding a needle as
a whole word, whichever way it reads them (needle by needle, or all at once with one pattern)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing_app.core import words
from briefing_app.core.names import name_key
from briefing_app.core.textmatch import find_whole
from briefing_app.core.words import WordIndex, _any_of, word_postings

_TEXT = st.text(alphabet="ab1 -_.é\x00", max_size=30)
# Needles as the names table makes them: word characters at both ends.
_NEEDLE = st.text(alphabet="ab1 -.é", min_size=1, max_size=8).map(name_key).filter(bool)


def brute_force(texts: list[str], needles: list[str], scope: set[int] | None) -> set[int]:
    return {
        i
        for i, text in enumerate(texts)
        if (scope is None or i in scope) and any(find_whole(text, n) >= 0 for n in needles)
    }


@pytest.mark.parametrize("ratio", [0, 10**9], ids=["one pattern", "needle by needle"])
@settings(max_examples=300, deadline=None)
@given(
    texts=st.lists(_TEXT, max_size=10),
    needles=st.lists(_NEEDLE, max_size=5),
    scope=st.none() | st.sets(st.integers(0, 9)),
)
def test_whole_finds_exactly_the_texts_holding_a_needle_as_a_word(
    ratio: int, texts: list[str], needles: list[str], scope: set[int] | None
) -> None:
    index = WordIndex(word_postings(texts), len(texts))
    saved, words._SCAN_RATIO = words._SCAN_RATIO, ratio  # type: ignore[misc]
    try:
        found = index.whole(needles, texts, scope)
    finally:
        words._SCAN_RATIO = saved  # type: ignore[misc]
    assert found == brute_force(texts, needles, scope)


@settings(max_examples=300, deadline=None)
@given(text=_TEXT, needles=st.lists(_NEEDLE, min_size=1, max_size=6))
def test_one_pattern_for_many_needles_matches_as_each_does(text: str, needles: list[str]) -> None:
    pattern = _any_of(tuple(sorted(set(needles))))
    assert (pattern.search(text) is not None) == any(find_whole(text, n) >= 0 for n in needles)


def test_the_pattern_nests_per_needle_not_per_character() -> None:
    """Needles that are each other's beginnings (`aa`, `aaa`, ...) nest one group each; a long
    needle is one literal. Neither runs into a recursion limit."""
    nested = tuple("a" * n for n in range(2, 202))
    assert _any_of(nested).search(f"x {'a' * 150} y")
    assert not _any_of(nested).search(f"x {'a' * 250} y")
    assert _any_of(("b" * 5000,)).search("b" * 5000)
