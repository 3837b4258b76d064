"""The word index: it may only narrow a search down, never change what a search finds."""

from hypothesis import given, settings
from hypothesis import strategies as st

from briefing_app.core.words import WordIndex, word_postings

_TEXT = st.text(alphabet="abcé1 -_'\n", max_size=30)


def brute_force(texts: list[str], needle: str) -> set[int]:
    return {i for i, text in enumerate(texts) if needle in text}


@settings(max_examples=400, deadline=None)
@given(texts=st.lists(_TEXT, max_size=12), needle=st.text(alphabet="abcé1 -_'", min_size=1))
def test_candidates_hold_every_match_and_exact_means_exact(texts: list[str], needle: str) -> None:
    found = WordIndex(word_postings(texts), len(texts)).candidates(needle)
    expected = brute_force(texts, needle)
    if found is None:
        return  # the caller reads every text
    candidates, exact = found
    assert expected <= candidates
    if exact:
        assert candidates == expected


def test_a_part_of_a_word_finds_the_word() -> None:
    texts = ["the withdrawal of troops", "withdrawn", "draw", "no match here"]
    index = WordIndex(word_postings(texts), len(texts))
    assert index.candidates("draw") == ({0, 1, 2}, True)
    assert index.candidates("withdraw") == ({0, 1}, True)
    assert index.candidates("zebra") == (set(), True)


def test_a_phrase_is_narrowed_to_events_with_all_its_words() -> None:
    texts = ["air defence units", "air power and defence", "defence", "repair defences"]
    found = WordIndex(word_postings(texts), len(texts)).candidates("air defence")
    assert found is not None
    candidates, exact = found
    assert not exact  # the words are there, perhaps not side by side: the caller reads them
    assert candidates == {0, 1, 3}


def test_no_word_or_only_common_words_leave_it_to_a_scan() -> None:
    texts = [" ".join(f"w{i}x{j}" for j in range(10)) for i in range(10)]
    index = WordIndex(word_postings(texts), len(texts))
    assert index.candidates(" - ") is None
    # `x` is in 100 words: more postings (100) than scanning reads texts (10), times four
    assert index.candidates("x") is None
    assert index.candidates("w3x") == ({3}, True)
