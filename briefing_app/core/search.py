"""The filter's predicate, precomputed so that one update stays fast on 50,000 events.

Built once per dataset: every event's searchable text, folded (no case, no accents) and laid end
to end in one string, so a word is found by C-speed `str.find` rather than a Python loop over
events; and inverted sets for actors, places, tags, sources and statuses. A query is then answered
with set algebra and never calls back per event.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

from briefing_app.core.model import Dataset, Event
from briefing_app.core.query import GRADES, Query, Term, compare
from briefing_app.core.textmatch import fold

_SEPARATOR = "\x00"  # never in folded query text, so no match spans two events


@dataclass(frozen=True, slots=True)
class _Entity:
    """An actor, place, tag or source as the filter sees it: the folded texts a value may be
    found in (id, name, aliases, ...) and the events that refer to it."""

    keys: str
    events: frozenset[int]


class SearchIndex:
    """Answers queries over one dataset with sets of event ids."""

    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset
        self.ids: tuple[str, ...] = tuple(dataset.events)
        events = list(dataset.events.values())
        texts = [self._event_text(event) for event in events]
        self._starts: list[int] = []
        offset = 0
        for text in texts:
            self._starts.append(offset)
            offset += len(text) + 1
        self._haystack = _SEPARATOR.join(texts)
        self._status = _group(range(len(events)), (event.status for event in events))
        self._credibility = [event.credibility for event in events]
        self._best_grade = [self._best_grade_of(event) for event in events]
        self._bounds = [(e.date.lower, e.date.upper) if e.date else None for e in events]
        self._entities = {
            "actor": self._actor_entities(events),
            "place": self._place_entities(events),
            "tag": _entities_by_name(
                (index, [(tag, ())]) for index, event in enumerate(events) for tag in event.tags
            ),
            "source": self._source_entities(events),
        }

    def __len__(self) -> int:
        return len(self.ids)

    def matching_ids(self, query: Query) -> frozenset[str]:
        """The ids of the events the query matches."""
        if query.matches_everything:
            return frozenset(self.ids)
        return frozenset(self.ids[index] for index in self._evaluate(query))

    # -- evaluation -----------------------------------------------------------------------------

    def _evaluate(self, query: Query) -> set[int]:
        found: set[int] = set()
        for terms in query.alternatives:
            matched: set[int] | None = None
            for term in sorted(terms, key=lambda term: term.negated):
                hits = self._term_hits(term)
                if term.negated:
                    matched = (matched if matched is not None else self._all()) - hits
                else:
                    matched = hits if matched is None else matched & hits
                if not matched:
                    break
            found |= matched or set()
        return found

    def _all(self) -> set[int]:
        return set(range(len(self.ids)))

    def _term_hits(self, term: Term) -> set[int]:
        if term.field is None:
            return self._text_hits(term.values[0])
        if term.field in self._entities:
            hits: set[int] = set()
            for entity in self._entities[term.field]:
                if any(value in entity.keys for value in term.values):
                    hits |= entity.events
            return hits
        if term.field == "status":
            return set(self._status.get(term.values[0], ()))
        if term.field in ("after", "before"):
            day = term.values[0]
            if term.field == "after":
                return {i for i, b in enumerate(self._bounds) if b is not None and b[1] >= day}
            return {i for i, b in enumerate(self._bounds) if b is not None and b[0] <= day}
        wanted = int(term.values[0])
        if term.field == "credibility":
            values = self._credibility
            return {
                i for i, v in enumerate(values) if v is not None and compare(v, term.op, wanted)
            }
        # reliability: rank 0 is A; `>=C` means C or better, so the rank comparison is reversed
        ranks = self._best_grade
        return {
            i for i, rank in enumerate(ranks) if rank is not None and compare(wanted, term.op, rank)
        }

    def _text_hits(self, needle: str) -> set[int]:
        """Events whose text holds `needle`: one find per matching event, in C."""
        hits: set[int] = set()
        haystack, starts = self._haystack, self._starts
        position = haystack.find(needle)
        while position >= 0:
            index = bisect_right(starts, position) - 1
            hits.add(index)
            if index + 1 >= len(starts):
                break
            position = haystack.find(needle, starts[index + 1])
        return hits

    # -- building -------------------------------------------------------------------------------

    def _event_text(self, event: Event) -> str:
        dataset = self.dataset
        parts = [event.title, event.summary, *event.tags]
        parts += (quote.text for quote in event.quotes)
        parts += (dispute.summary for dispute in event.disputes)
        parts += (figure.label for figure in event.figures)
        for actor_id in _actor_ids(event):
            actor = dataset.actors[actor_id]
            parts += (actor.name, *actor.aliases)
        for place_id in event.places:
            place = dataset.places[place_id]
            parts += (place.name, *place.aliases)
        for source_id in event.cited_source_ids():
            source = dataset.sources[source_id]
            parts += (source.title, source.publisher)
        return fold("\n".join(parts)).replace(_SEPARATOR, " ")

    def _best_grade_of(self, event: Event) -> int | None:
        grades = [
            GRADES.index(self.dataset.sources[s].reliability) for s in event.cited_source_ids()
        ]
        return min(grades) if grades else None

    def _actor_entities(self, events: list[Event]) -> list[_Entity]:
        actors = self.dataset.actors
        return _entities_by_name(
            (index, [(actor_id, (actors[actor_id].name, *actors[actor_id].aliases))])
            for index, event in enumerate(events)
            for actor_id in _actor_ids(event)
        )

    def _place_entities(self, events: list[Event]) -> list[_Entity]:
        places = self.dataset.places
        return _entities_by_name(
            (index, [(place_id, (places[place_id].name, *places[place_id].aliases))])
            for index, event in enumerate(events)
            for place_id in event.places
        )

    def _source_entities(self, events: list[Event]) -> list[_Entity]:
        sources = self.dataset.sources
        return _entities_by_name(
            (index, [(source_id, (sources[source_id].title, sources[source_id].publisher))])
            for index, event in enumerate(events)
            for source_id in event.cited_source_ids()
        )


def _actor_ids(event: Event) -> list[str]:
    """Everyone an event involves: its actors, its speakers, its disputants, its estimators."""
    ids = [actor.actor for actor in event.actors]
    ids += (quote.speaker for quote in event.quotes if quote.speaker)
    ids += (dispute.by for dispute in event.disputes)
    ids += (figure.estimated_by for figure in event.figures if figure.estimated_by)
    return list(dict.fromkeys(ids))


def _entities_by_name(
    pairs: Iterable[tuple[int, list[tuple[str, tuple[str, ...]]]]],
) -> list[_Entity]:
    events: dict[str, set[int]] = {}
    names: dict[str, tuple[str, ...]] = {}
    for index, entries in pairs:
        for entity_id, entity_names in entries:
            events.setdefault(entity_id, set()).add(index)
            names[entity_id] = entity_names
    entities = []
    for entity_id, indices in events.items():
        folded = [fold(name) for name in names[entity_id] if name]
        # `armyrecognition` should find "Army Recognition": names are also kept without spaces.
        keys = _SEPARATOR.join([entity_id, *folded, *(name.replace(" ", "") for name in folded)])
        entities.append(_Entity(keys, frozenset(indices)))
    return entities


def _group(indices: Iterable[int], keys: Iterable[str]) -> dict[str, frozenset[int]]:
    grouped: dict[str, set[int]] = {}
    for index, key in zip(indices, keys, strict=False):
        grouped.setdefault(key, set()).add(index)
    return {key: frozenset(values) for key, values in grouped.items()}
