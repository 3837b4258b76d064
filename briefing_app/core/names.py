"""Names and aliases as the free-text search reads them: a reader who types `Kiev` means Kyiv,
and an event whose text says "Kyiv warns Minsk" is about it whether or not it links the place.

A free-text term that is, once folded, a whole name or alias of an actor or place also looks
for that entity's other names and aliases in the events' text, and the detail pane highlights
whichever of them it finds. Only whole names count: `kie` is a piece of text, not a name.

What was typed keeps its own meaning (a piece of text, found anywhere); the other names it
brings are found only as whole words or phrases (`textmatch.WholeWord`), so that the alias `UK`
of the United Kingdom finds "UK troops" but not "Ukraine". A name needs two letters or digits
once what is not a word is trimmed from its ends: an alias `a`, `-` or `#1` names nothing. A
name longer than `MAX_NAME_LENGTH` is never looked for in the text. A term expands to at most
`MAX_OTHER_NAMES` other names (the first entities' first, alphabetically within each); beyond
that, a name shared by thousands of entities would have each filter read every event thousands
of times.

Each entity's names are one group, shared by all of them, so a table of n names costs n and
not n squared: an actor with 8,000 aliases once took 40 s and 2.5 GB to index.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Final, NamedTuple

from briefing_app.core.model import Dataset
from briefing_app.core.textmatch import as_name, fold, is_word_char

# The longest name (in query terms) looked for among consecutive words: `Armed Forces of Ukraine`
# typed without quotes is four terms.
MAX_NAME_TERMS: Final = 8
MAX_OTHER_NAMES: Final = 200
MAX_NAME_LENGTH: Final = 200  # folded characters; no real name comes near
MIN_NAME_CHARACTERS: Final = 2  # letters or digits
_MEMORY: Final = 4096  # expansions remembered, each at most MAX_OTHER_NAMES names


def folded_name(name: str) -> str:
    """A name as a query term holds it: folded, its spaces collapsed as a phrase's are."""
    return " ".join(fold(name).split())


def name_key(folded: str) -> str:
    """A folded name or query term as the table files it: trimmed of what is not a word at its
    ends (`(zsu)`, `u.s.`), and "" when that leaves too little to name anything."""
    start, end = 0, len(folded)
    while start < end and not is_word_char(folded[start]):
        start += 1
    while end > start and not is_word_char(folded[end - 1]):
        end -= 1
    key = folded[start:end]
    if len(key) > MAX_NAME_LENGTH or sum(map(str.isalnum, key)) < MIN_NAME_CHARACTERS:
        return ""
    return key


class NameRun(NamedTuple):
    """Consecutive free-text terms `start:end` that together spell a name with more than one
    word (`armed forces of ukraine`), and the other names of the entities it names."""

    start: int
    end: int
    names: tuple[str, ...]


class NameTable:
    """Each name or alias of an actor or place, by its `name_key` -> the groups (entities'
    names) it is in: more than one entity may share a name, and then all their names count."""

    __slots__ = ("_expanded", "_groups", "_member_of")

    def __init__(self, entities: Iterable[Iterable[str]]) -> None:
        """`entities`: each actor's or place's name and aliases, as written."""
        group_ids: dict[tuple[str, ...], int] = {}
        self._groups: list[tuple[str, ...]] = []
        self._member_of: dict[str, list[int]] = {}
        for names in entities:
            group = tuple(sorted({key for key in map(name_key, map(folded_name, names)) if key}))
            if len(group) < 2 or group in group_ids:  # one name has no other; the same, no more
                continue
            group_ids[group] = len(self._groups)
            for key in group:
                self._member_of.setdefault(key, []).append(len(self._groups))
            self._groups.append(group)
        self._expanded: dict[str, tuple[str, ...]] = {}

    @classmethod
    def of(cls, dataset: Dataset) -> NameTable:
        actors, places = dataset.actors.values(), dataset.places.values()
        return cls(
            [
                *((actor.name, *actor.aliases) for actor in actors),
                *((place.name, *place.aliases) for place in places),
            ]
        )

    def others(self, value: str) -> tuple[str, ...]:
        """When `value` (a folded term) is a name, the entities' other names, sorted, each a
        `WholeWord` (or plain text in a script without spaces); otherwise none."""
        key = name_key(value)
        groups = self._member_of.get(key) if key else None
        if not groups:
            return ()
        found = self._expanded.get(key)
        if found is None:
            found = tuple(map(as_name, sorted(self._gather(key, groups))))
            if len(self._expanded) >= _MEMORY:
                self._expanded.clear()
            self._expanded[key] = found
        return found

    def _gather(self, key: str, groups: list[int]) -> set[str]:
        """At most MAX_OTHER_NAMES names other than `key`, from the first groups first."""
        names: set[str] = set()
        for group in groups:
            for name in self._groups[group]:
                if name != key:
                    names.add(name)
                    if len(names) == MAX_OTHER_NAMES:
                        return names
        return names

    def runs(self, values: Sequence[str]) -> list[NameRun]:
        """The runs of two or more consecutive `values` that together spell a name, longest
        first from the left, not overlapping."""
        runs: list[NameRun] = []
        start = 0
        while start < len(values) - 1:
            for end in range(min(len(values), start + MAX_NAME_TERMS), start + 1, -1):
                names = self.others(" ".join(values[start:end]))
                if names:
                    runs.append(NameRun(start, end, names))
                    start = end
                    break
            else:
                start += 1
        return runs
