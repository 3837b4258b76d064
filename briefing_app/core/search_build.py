"""What a SearchIndex is built from: each event's searchable text and the inverted sets, as
plain values (IndexState) that the cache can store and give back.

An event's text is what the event itself says: its title, summary, quotes, figures, disputes,
tags, and the names and aliases of its actors and places; never its sources' titles (see
`search.py`).
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable
from typing import NamedTuple

from briefing_app.core.figures import figure_amount
from briefing_app.core.model import Dataset, Event
from briefing_app.core.reliability import cited_grade_mask, sources_rested_on
from briefing_app.core.textmatch import fold
from briefing_app.core.words import word_postings

# The aliases of an actor or place put into the text of each of its events. A name typed also
# finds the entity's other names (`names.py`), its own name among them, so an alias past these
# still finds the events; without the cap, an actor of 10,000 aliases in 2,000 events made a
# 20-million-word index (121 s and 1.9 GB to open an 837 KB dataset).
ALIASES_IN_TEXT = 20
SEPARATOR = "\x00"  # never in folded query text, so no match spans two names or two parts


class IndexState(NamedTuple):
    """What a SearchIndex is made of, in plain values that the cache can store and return."""

    ids: tuple[str, ...]
    subtree_end: list[int]
    texts: list[str]
    status: dict[str, frozenset[int]]
    credibility: list[int | None]
    grades: list[int]  # the grades of the sources each event cites: `reliability.grade_mask`
    bounds: list[tuple[str, str] | None]
    entities: dict[str, list[tuple[str, bytes]]]  # folded names, events packed as array('i')
    tags: tuple[str, ...]
    words: dict[str, bytes]  # see `words.word_postings`


def build_state(dataset: Dataset) -> IndexState:
    ids = dataset.storyline_order()
    position = {event_id: i for i, event_id in enumerate(ids)}
    events = [dataset.events[event_id] for event_id in ids]
    actors, places, sources = dataset.actors, dataset.places, dataset.sources
    texts = [_event_text(dataset, event) for event in events]
    return IndexState(
        ids=ids,
        subtree_end=_subtree_ends(dataset, ids, position),
        texts=texts,
        status=_group(range(len(events)), (event.status_label for event in events)),
        credibility=[event.credibility for event in events],
        grades=[cited_grade_mask(dataset, event) for event in events],
        bounds=[(e.date.lower, e.date.upper) if e.date else None for e in events],
        entities={
            "actor": _entities_by_name(
                (index, actor_id, (actors[actor_id].name, *actors[actor_id].aliases))
                for index, event in enumerate(events)
                for actor_id in _actor_ids(event)
            ),
            "place": _entities_by_name(
                (index, place_id, (places[place_id].name, *places[place_id].aliases))
                for index, event in enumerate(events)
                for place_id in event.places
            ),
            "tag": _entities_by_name(
                (index, tag, ()) for index, event in enumerate(events) for tag in event.tags
            ),
            "source": _entities_by_name(
                (index, source_id, (sources[source_id].title, sources[source_id].publisher))
                for index, event in enumerate(events)
                # every link of the event's chains: `source:reuters` finds what Turan relayed
                for source_id in sources_rested_on(dataset, event)
            ),
        },
        tags=tuple(sorted({tag for event in events for tag in event.tags})),
        words=word_postings(texts),
    )


def _event_text(dataset: Dataset, event: Event) -> str:
    """What the event itself says, folded: never its sources' titles (see the module's note)."""
    parts = [event.title, event.summary, *event.tags]
    parts += (actor.role for actor in event.actors)
    for quote in event.quotes:
        parts += (quote.text, quote.speaker_role, quote.translation)
    parts += (dispute.summary for dispute in event.disputes)
    for figure in event.figures:
        parts += (figure.label, figure_amount(figure), figure.unit, figure.as_stated)
        parts += (dispute.summary for dispute in figure.disputes)
    for actor_id in _actor_ids(event):
        actor = dataset.actors[actor_id]
        parts += (actor.name, *actor.aliases[:ALIASES_IN_TEXT])
    for place_id in event.places:
        place = dataset.places[place_id]
        parts += (place.name, *place.aliases[:ALIASES_IN_TEXT])
    parts = [part for part in parts if part]
    text = SEPARATOR.join(parts)
    if text.count(SEPARATOR) >= len(parts):  # YAML cannot hold one, but never let it pass
        text = SEPARATOR.join(part.replace(SEPARATOR, " ") for part in parts)
    # The separator is no white space, so that a phrase never runs from one part to the next.
    return fold(text)


def _subtree_ends(dataset: Dataset, order: tuple[str, ...], position: dict[str, int]) -> list[int]:
    """For each position, the position just after its last descendant."""
    ends = [0] * len(order)
    for index in range(len(order) - 1, -1, -1):
        children = dataset.children_of(order[index])
        ends[index] = ends[position[children[-1]]] if children else index + 1
    return ends


def _actor_ids(event: Event) -> list[str]:
    """Everyone an event involves: its actors, its speakers, its disputants, its estimators."""
    ids = [actor.actor for actor in event.actors]
    ids += (quote.speaker for quote in event.quotes if quote.speaker)
    ids += (dispute.by for dispute in event.disputes)
    for figure in event.figures:
        if figure.estimated_by and figure.estimator == "actor":
            ids.append(figure.estimated_by)
        ids += (dispute.by for dispute in figure.disputes)
    return list(dict.fromkeys(ids))


def _entities_by_name(
    memberships: Iterable[tuple[int, str, tuple[str, ...]]],
) -> list[tuple[str, bytes]]:
    """(folded names, events) for each entity, from (event, entity id, entity names) triples."""
    events: dict[str, set[int]] = {}
    names: dict[str, tuple[str, ...]] = {}
    for index, entity_id, entity_names in memberships:
        events.setdefault(entity_id, set()).add(index)
        names[entity_id] = entity_names
    entities = []
    for entity_id, indices in events.items():
        folded = [fold(name) for name in names[entity_id] if name]
        # `armyrecognition` should find "Army Recognition": names are also kept without spaces.
        keys = SEPARATOR.join([entity_id, *folded, *(name.replace(" ", "") for name in folded)])
        entities.append((keys, array("i", sorted(indices)).tobytes()))
    return entities


def _group(indices: Iterable[int], keys: Iterable[str]) -> dict[str, frozenset[int]]:
    grouped: dict[str, set[int]] = {}
    for index, key in zip(indices, keys, strict=False):
        grouped.setdefault(key, set()).add(index)
    return {key: frozenset(values) for key, values in grouped.items()}
