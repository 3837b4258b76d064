"""A word index over the events' folded texts, so that searching for a word reads its postings
instead of 50 MB of text.

Searches match substrings, not whole words, and the index keeps that exact: a needle made of
word characters only can occur only inside one word of a text, so the events that hold it are
those of every indexed word containing it. A needle with spaces or punctuation narrows the
events down by each of its words, and those candidates are then read.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterable
from typing import Final

_WORD: Final = re.compile(r"\w+")
# A word spread over more postings than this many per event is as cheap to scan for.
COMMON_POSTINGS_PER_EVENT: Final = 4
_POSTING_BYTES: Final = array("i").itemsize


def word_postings(texts: Iterable[str]) -> dict[str, bytes]:
    """Each word of the texts, with the positions of the texts holding it, packed."""
    postings: dict[str, array[int]] = {}
    find_words = _WORD.findall
    for position, text in enumerate(texts):
        for word in set(find_words(text)):
            found = postings.get(word)
            if found is None:
                found = postings[word] = array("i")
            found.append(position)
    return {word: found.tobytes() for word, found in postings.items()}


class WordIndex:
    """Answers which events may hold a needle, from `word_postings` of their texts."""

    def __init__(self, postings: dict[str, bytes], events: int) -> None:
        self._postings = postings
        self._common = COMMON_POSTINGS_PER_EVENT * events * _POSTING_BYTES
        # Every word on its own line: the words containing a needle are found with str.find.
        self._vocabulary = "\n" + "\n".join(postings) + "\n"

    def candidates(self, needle: str) -> tuple[set[int], bool] | None:
        """The events that may hold `needle`, and whether all of them do; None when the index
        cannot narrow them down (no word in the needle, or only very common ones)."""
        tokens = _WORD.findall(needle)
        found: set[int] | None = None
        for token in tokens:
            events = self._events_with(token)
            if events is not None:
                found = events if found is None else found & events
        if found is None:
            return None
        return found, tokens == [needle]

    def _events_with(self, token: str) -> set[int] | None:
        packed = [self._postings[word] for word in self._words_containing(token)]
        if sum(map(len, packed)) > self._common:
            return None
        events: set[int] = set()
        for positions in packed:
            events.update(array("i", positions))
        return events

    def _words_containing(self, token: str) -> list[str]:
        vocabulary, words = self._vocabulary, []
        start = vocabulary.find(token)
        while start >= 0:
            end = vocabulary.find("\n", start)
            words.append(vocabulary[vocabulary.rfind("\n", 0, start) + 1 : end])
            start = vocabulary.find(token, end)
        return words
