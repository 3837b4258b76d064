"""Names and aliases as the free-text search reads them: a reader who types `Kiev` means Kyiv,
and an event whose text says "Kyiv warns Minsk" is about it whether or not it links the place.

A free-text term that is, once folded, a whole name or alias of an actor or place also looks
for that entity's other names and aliases in the events' text, and the detail pane highlights
whichever of them it finds. Only whole names count: `kie` is a piece of text, not a name.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Final, NamedTuple

from briefing_app.core.model import Dataset
from briefing_app.core.textmatch import fold

# The longest name (in query terms) looked for among consecutive words: `Armed Forces of Ukraine`
# typed without quotes is four terms.
MAX_NAME_TERMS: Final = 8


def folded_name(name: str) -> str:
    """A name as a query term holds it: folded, its spaces collapsed as a phrase's are."""
    return " ".join(fold(name).split())


class NameRun(NamedTuple):
    """Consecutive free-text terms `start:end` that together spell a name with more than one
    word (`armed forces of ukraine`), and every name of the entities it names."""

    start: int
    end: int
    names: tuple[str, ...]


class NameTable:
    """Each folded name or alias of an actor or place -> all the folded names of the entities
    that bear it (more than one entity may share a name: all their names count)."""

    __slots__ = ("_names",)

    def __init__(self, entities: Iterable[Iterable[str]]) -> None:
        """`entities`: each actor's or place's name and aliases, as written."""
        groups: dict[str, set[str]] = {}
        for names in entities:
            folded = {name for name in map(folded_name, names) if name}
            for name in folded:
                groups.setdefault(name, set()).update(folded)
        self._names = {
            name: tuple(sorted(group, key=lambda other: (other != name, other)))
            for name, group in groups.items()
            if len(group) > 1
        }

    @classmethod
    def of(cls, dataset: Dataset) -> NameTable:
        actors, places = dataset.actors.values(), dataset.places.values()
        return cls(
            [
                *((actor.name, *actor.aliases) for actor in actors),
                *((place.name, *place.aliases) for place in places),
            ]
        )

    def expand(self, value: str) -> tuple[str, ...]:
        """`value` (a folded term) and, when it is a name, the entity's other names."""
        return self._names.get(value, (value,))

    def runs(self, values: Sequence[str]) -> list[NameRun]:
        """The runs of two or more consecutive `values` that together spell a name, longest
        first from the left, not overlapping."""
        runs: list[NameRun] = []
        start = 0
        while start < len(values) - 1:
            for end in range(min(len(values), start + MAX_NAME_TERMS), start + 1, -1):
                names = self._names.get(" ".join(values[start:end]))
                if names is not None:
                    runs.append(NameRun(start, end, names))
                    start = end
                    break
            else:
                start += 1
        return runs
