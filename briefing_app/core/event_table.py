"""A dataset's events by id: decoded only when first asked for, when re-opened from the cache."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

from briefing_app.core.model import Event


class EventTable(Mapping[str, Event]):
    """A dataset's events by id, in file order; read-only.

    Events re-opened from the cache are decoded on first use: a window showing a few dozen rows
    of a 50,000-event dataset need not build 50,000 Event objects first. Their titles, which the
    tree needs for every row, are kept apart so that building the tree decodes nothing."""

    __slots__ = ("_decode", "_decoded", "_ids", "_positions", "_titles")

    def __init__(self, events: Mapping[str, Event]) -> None:
        self._decoded: dict[str, Event] = dict(events)
        self._ids = tuple(self._decoded)
        self._positions = {event_id: i for i, event_id in enumerate(self._ids)}
        self._titles = tuple(event.title for event in self._decoded.values())
        self._decode: Callable[[int], Event] | None = None

    @classmethod
    def deferred(
        cls, ids: tuple[str, ...], titles: tuple[str, ...], decode: Callable[[int], Event]
    ) -> EventTable:
        """A table whose event at position `i` (in `ids`) is `decode(i)`, made when first asked."""
        table = cls({})
        table._ids, table._titles, table._decode = ids, titles, decode
        table._positions = {event_id: i for i, event_id in enumerate(ids)}
        return table

    def __getitem__(self, event_id: str) -> Event:
        event = self._decoded.get(event_id)
        if event is None:
            position = self._positions[event_id]  # KeyError for an unknown id, as a dict would
            assert self._decode is not None
            # Two threads may decode the same event at once; both make equal values.
            event = self._decoded[event_id] = self._decode(position)
        return event

    def __contains__(self, event_id: object) -> bool:
        return event_id in self._positions

    def __iter__(self) -> Iterator[str]:
        return iter(self._ids)

    def __len__(self) -> int:
        return len(self._ids)

    def title(self, event_id: str) -> str:
        """The event's title, without decoding the event."""
        return self._titles[self._positions[event_id]]
