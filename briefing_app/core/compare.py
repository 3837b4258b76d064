"""What changed between two versions of a dataset: events, sources, actors and places added,
removed and changed, and for a changed one which fields, with their values before and after.

An item is the same item when its id is the same: an id renamed is one removed and one added.
Where an item is written (its file, its line) is not part of it, so moving events between files
changes nothing. Values are compared as a reader sees them, in words (`date` as written, a
figure as `nearly 20,000 troops`), so a change is reported exactly when what is shown changed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Final

from briefing_app.core.figures import figure_text
from briefing_app.core.model import Actor, Dataset, Event, Place, Source

KINDS: Final = ("events", "sources", "actors", "places")


@dataclass(frozen=True, slots=True)
class FieldChange:
    field: str  # `title`, `status`, `quote 2`...
    before: str  # "" when the field was not there
    after: str


@dataclass(frozen=True, slots=True)
class ItemChange:
    id: str
    fields: tuple[FieldChange, ...]


@dataclass(frozen=True, slots=True)
class KindChanges:
    added: tuple[str, ...]
    removed: tuple[str, ...]
    changed: tuple[ItemChange, ...]

    @property
    def any(self) -> bool:
        return bool(self.added or self.removed or self.changed)


@dataclass(frozen=True, slots=True)
class Changes:
    events: KindChanges
    sources: KindChanges
    actors: KindChanges
    places: KindChanges

    def of(self, kind: str) -> KindChanges:
        changes: KindChanges = getattr(self, kind)
        return changes


def compare(before: Dataset, after: Dataset) -> Changes:
    """Every difference between `before` and `after` (which is the newer)."""
    return Changes(
        events=_compare(before.events, after.events, lambda e: event_fields(after, e)),
        sources=_compare(before.sources, after.sources, source_fields),
        actors=_compare(before.actors, after.actors, actor_fields),
        places=_compare(before.places, after.places, place_fields),
    )


def _compare(
    before: Mapping[str, Any], after: Mapping[str, Any], fields: Callable[[Any], dict[str, str]]
) -> KindChanges:
    added = tuple(item_id for item_id in after if item_id not in before)
    removed = tuple(item_id for item_id in before if item_id not in after)
    changed = []
    for item_id in after:
        if item_id not in before:
            continue
        old, new = fields(before[item_id]), fields(after[item_id])
        differences = tuple(
            FieldChange(name, old.get(name, ""), new.get(name, ""))
            for name in dict.fromkeys([*old, *new])
            if old.get(name, "") != new.get(name, "")
        )
        if differences:
            changed.append(ItemChange(item_id, differences))
    return KindChanges(added, removed, tuple(changed))


def event_fields(dataset: Dataset, event: Event) -> dict[str, str]:
    """An event's fields in words; each quote, figure and dispute a field of its own."""
    fields = {
        "title": event.title,
        "date": event.date.text if event.date else "",
        "kind": event.kind,
        "parent": event.parent or "",
        "status": event.status_label,
        "credibility": "invalid"
        if "credibility" in event.invalid
        else str(event.credibility or ""),
        "summary": event.summary,
        "actors": "; ".join(
            f"{part.actor} ({part.role})" if part.role else part.actor for part in event.actors
        ),
        "places": ", ".join(event.places),
        "tags": ", ".join(event.tags),
        "sources": ", ".join(event.sources),
        "related": ", ".join(event.related),
    }
    for number, quote in enumerate(event.quotes, 1):
        speaker = f"{quote.speaker}: " if quote.speaker else ""
        where = f" ({quote.source}, {quote.locator})" if quote.locator else f" ({quote.source})"
        fields[f"quote {number}"] = f"{quote.mode} {speaker}\u201c{quote.text}\u201d{where}"
    for number, figure in enumerate(event.figures, 1):
        fields[f"figure {number}"] = f"{figure.label}: {figure_text(figure)} ({figure.source})"
    for number, dispute in enumerate(event.disputes, 1):
        fields[f"dispute {number}"] = (
            f"{dispute.by} {dispute.stance}: {dispute.summary} ({dispute.source})"
        )
    return {name: value for name, value in fields.items() if value}


def source_fields(source: Source) -> dict[str, str]:
    return _non_empty(
        kind=source.kind,
        title=source.title,
        publisher=source.publisher,
        author=source.author,
        published=source.published.text if source.published else "",
        retrieved=source.retrieved.text if source.retrieved else "",
        url=source.url,
        reliability=source.grade,
        reliability_note=source.reliability_note,
        based_on=", ".join(source.based_on),
        language=source.language,
    )


def actor_fields(actor: Actor) -> dict[str, str]:
    titles = "; ".join(
        f"{t.title} ({t.start.text if t.start else ''}/{t.end.text if t.end else ''})"
        for t in actor.titles
    )
    return _non_empty(
        name=actor.name,
        kind="invalid" if "kind" in actor.invalid else actor.kind,
        title=actor.title,
        titles=titles,
        affiliation=actor.affiliation or "",
        country=actor.country,
        aliases=", ".join(actor.aliases),
    )


def place_fields(place: Place) -> dict[str, str]:
    where = "" if place.latitude is None else f"{place.latitude}, {place.longitude}"
    return _non_empty(
        name=place.name,
        kind="invalid" if "kind" in place.invalid else place.kind,
        country=place.country,
        aliases=", ".join(place.aliases),
        coordinates=where,
        precision=place.precision,
    )


def _non_empty(**fields: str) -> dict[str, str]:
    return {name: value for name, value in fields.items() if value}


def as_json(changes: Changes, against: str) -> dict[str, Any]:
    """The shape `briefing-app changes --format json` prints: the events' changes at the top,
    the sources', actors' and places' under their names, in the same shape."""

    def shape(kind: KindChanges) -> dict[str, Any]:
        return {
            "added": list(kind.added),
            "removed": list(kind.removed),
            "changed": [
                {
                    "id": item.id,
                    "fields": [f.field for f in item.fields],
                    "values": {
                        f.field: {"before": f.before, "after": f.after} for f in item.fields
                    },
                }
                for item in kind.changed
            ],
        }

    return {
        "against": against,
        **shape(changes.events),
        **{kind: shape(changes.of(kind)) for kind in KINDS[1:]},
    }
