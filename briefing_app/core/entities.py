"""An actor, place or source with everything it takes part in, for its page in the detail pane.

Which events belong to an entity is what the filter says (`actor:ID`, `place:ID`, `source:ID`
through the search index), so a page never lists an event that "Filter by this" would not show:
an actor's events include those it is quoted in, disputes or estimated a figure for, a source's
those that rest on it through a chain. Each comes with the entity's part in it, in words.
"""

from __future__ import annotations

from typing import Final, Literal

from briefing_app.core.chains import upstream_ids
from briefing_app.core.model import Dataset, Event
from briefing_app.core.query import Query, Term
from briefing_app.core.search import SearchIndex

EntityKind = Literal["actor", "place", "source"]
ENTITY_KINDS: Final = ("actor", "place", "source")


def entity_exists(dataset: Dataset, kind: str, entity_id: str) -> bool:
    table = {"actor": dataset.actors, "place": dataset.places, "source": dataset.sources}
    return kind in table and entity_id in table[kind]


def entity_events(index: SearchIndex, kind: EntityKind, entity_id: str) -> list[str]:
    """The entity's events in date order (undated last), their dates read from the index: an
    actor in 50,000 events decodes none of them to be listed (`parts` is asked of those shown)."""
    term = Term(field=kind, values=(entity_id,), negated=False)
    ids = index.matching_ids(Query(f"{kind}:{entity_id}", ((term,),), ()))
    bounds, position = index.state.bounds, index.position

    def by_date(event_id: str) -> tuple[int, str, str]:
        day = bounds[position[event_id]]
        return (1, "", "") if day is None else (0, *day)

    return sorted(ids, key=lambda event_id: (by_date(event_id), position[event_id]))


def parts(dataset: Dataset, kind: EntityKind, entity_id: str, event: Event) -> tuple[str, ...]:
    """What the entity is to `event`: its roles, `quoted`, `contests`, `cited`..."""
    if kind == "place":
        return ()
    if kind == "source":
        if entity_id in event.cited_source_ids():
            return ("cited",)
        through = [
            dataset.sources[s].publisher or dataset.sources[s].title
            for s in event.cited_source_ids()
            if entity_id in upstream_ids(dataset.sources, s)
        ]
        return tuple(f"through {name}" for name in dict.fromkeys(through))
    found = [part.role or "taking part" for part in event.actors if part.actor == entity_id]
    if any(quote.speaker == entity_id for quote in event.quotes):
        found.append("quoted")
    for dispute in event.disputes:
        if dispute.by == entity_id:
            found.append(dispute.stance if "stance" not in dispute.invalid else "disputing")
    for figure in event.figures:
        if figure.estimator == "actor" and figure.estimated_by == entity_id:
            found.append("estimated a figure")
        if any(dispute.by == entity_id for dispute in figure.disputes):
            found.append("disputes a figure")
    return tuple(dict.fromkeys(found))


def relayed_by(dataset: Dataset, source_id: str) -> tuple[str, ...]:
    """The sources that name `source_id` in their `based_on`: who passed its words on."""
    return tuple(s.id for s in dataset.sources.values() if source_id in s.based_on)
