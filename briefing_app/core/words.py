"""A word index over the events' folded texts, so that searching for a word reads its postings
instead of 50 MB of text.

Searches match substrings, not whole words, and the index keeps that exact: a needle made of
word characters only can occur only inside one word of a text, so the events that hold it are
those of every indexed word containing it. A needle with spaces or punctuation narrows the
events down by each of its words, and those candidates are then read.

An entity's other names are matched as whole words (`WordIndex.whole`), which the index answers
better still: a name of one word is exactly the events of that word, and a longer one can only
be where its rarest word is. Those events are read once for all the names together.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Final

from briefing_app.core.textmatch import find_whole

_WORD: Final = re.compile(r"\w+")
# A word spread over more postings than this many per event is as cheap to scan for.
COMMON_POSTINGS_PER_EVENT: Final = 4
_POSTING_BYTES: Final = array("i").itemsize
# Looking for one name in a text costs about 1/16 of one pass of `_any_of`'s pattern over it
# (0.8 against 15 microseconds): names are looked for one by one unless that reads 16 times more.
_SCAN_RATIO: Final = 16
_Trie = dict[str, "_Trie"]  # a character -> what follows it; "" marks where a needle ends


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

    def whole(
        self, needles: Sequence[str], texts: Sequence[str], scope: set[int] | None
    ) -> set[int]:
        """The events in `scope` (None: all) whose text holds any of `needles` as a whole word
        or phrase (`textmatch.find_whole`). Each needle begins and ends with a word character
        (`names.name_key`). Only the events of each phrase's rarest word are read, and they are
        read once for all the phrases when that is cheaper than phrase by phrase."""
        hits: set[int] = set()
        phrases: list[tuple[str, bytes]] = []
        for needle in needles:
            tokens = _WORD.findall(needle)
            if tokens == [needle]:  # one word: exactly the events holding it, nothing to read
                hits.update(array("i", self._postings.get(needle, b"")))
            elif tokens:
                rarest = min((self._postings.get(token, b"") for token in tokens), key=len)
                if rarest:
                    phrases.append((needle, rarest))
        if scope is not None:
            hits &= scope
        if not phrases:
            return hits
        unread: set[int] = set()
        for packed in {packed for _, packed in phrases}:
            unread.update(array("i", packed))
        unread -= hits
        if scope is not None:
            unread &= scope
        reads = sum(len(packed) for _, packed in phrases) // _POSTING_BYTES
        if reads <= _SCAN_RATIO * len(unread):
            for needle, packed in phrases:
                for i in array("i", packed):
                    if i in unread and find_whole(texts[i], needle) >= 0:
                        hits.add(i)
                        unread.discard(i)
        else:
            pattern = _any_of(tuple(sorted(needle for needle, _ in phrases)))
            hits.update(i for i in unread if pattern.search(texts[i]))
        return hits


@lru_cache(maxsize=16)
def _any_of(needles: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for whole words or phrases any of `needles`, as a trie, so that each position
    of a text costs one step per character of the longest needle, however many needles there
    are (an alternation of 200 phrases was four times slower)."""
    tree: _Trie = {}
    for needle in needles:
        node = tree
        for char in needle:
            node = node.setdefault(char, {})
        node[""] = {}
    return re.compile(rf"\b(?:{_trie(tree)})\b")


def _trie(node: _Trie) -> str:
    """The pattern of a trie node's subtree: its branches, optional when a needle ends here.
    Recursion is per branching, not per character: at most one level per needle."""
    branches = []
    for char, child in sorted(node.items()):
        if not char:
            continue
        literal = [char]
        while len(child) == 1 and "" not in child:
            ((char, child),) = child.items()
            literal.append(char)
        branches.append(re.escape("".join(literal)) + _trie(child))
    if not branches:
        return ""
    body = "|".join(branches)
    if "" in node:
        return f"(?:{body})?"
    return f"(?:{body})" if len(branches) > 1 else body
