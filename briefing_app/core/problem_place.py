"""Which event, actor, place or source a problem is in, so the Problems panel can lead to it.

A problem is located by file and line; every item knows where its definition starts. The item a
problem is in is the last one in that file that starts at or before the problem's line, since
items follow each other in a file. A problem before the first item (a YAML error at the top, a
bad `dataset` section) is in none. Built once per dataset, on first use, as it reads every
event's origin.
"""

from __future__ import annotations

import bisect

from briefing_app.core.model import Dataset, Origin

ItemKind = str  # "event", "actor", "place" or "source"


class ItemLocator:
    """Answers `item_at(path, line)` for one dataset."""

    def __init__(self, dataset: Dataset) -> None:
        starts: dict[str, list[tuple[int, int, ItemKind, str]]] = {}

        def add(origin: Origin, kind: ItemKind, item_id: str) -> None:
            starts.setdefault(origin.path, []).append((origin.line, origin.col, kind, item_id))

        for source in dataset.sources.values():
            add(source.origin, "source", source.id)
        for actor in dataset.actors.values():
            add(actor.origin, "actor", actor.id)
        for place in dataset.places.values():
            add(place.origin, "place", place.id)
        for event_id in dataset.events:
            add(dataset.events[event_id].origin, "event", event_id)
        self._starts = {path: sorted(items) for path, items in starts.items()}
        self._lines = {path: [item[0] for item in items] for path, items in self._starts.items()}

    def item_at(self, path: str, line: int) -> tuple[ItemKind, str] | None:
        """The (kind, id) of the item whose definition holds `line` of `path`, if any."""
        lines = self._lines.get(path)
        if not lines:
            return None
        at = bisect.bisect_right(lines, line) - 1
        if at < 0:
            return None
        _, _, kind, item_id = self._starts[path][at]
        return kind, item_id
