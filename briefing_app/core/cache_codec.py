"""A loaded dataset and its search index as plain tuples for `marshal`, and back, checked.

Only bytes whose HMAC verified are ever given to `marshal`; even so, nothing decoded is trusted
to have the right shape. Everything a re-open builds at once (the head: info, sources, actors,
places, problems, the tree's links and the search index) is checked for shape, types and
lengths before it is used, with set and `map` passes that run at C speed (about 20 ms at 50,000
events); the word index's millions of positions are taken on the HMAC's word. Each event is its
own record, decoded and checked the first time it is asked for; a record that fails is handed
to a `recover` callback, which reads the files, instead of failing in the window. (Checking
every record at open would cost 0.24 s at 20,000 events: more than the whole re-open.)
"""

from __future__ import annotations

import marshal
from array import array
from collections.abc import Callable, Iterable
from itertools import chain
from operator import itemgetter
from types import MappingProxyType
from typing import Any

from briefing_app.core.edtf import EdtfDate, parse_edtf
from briefing_app.core.loader import LoadResult
from briefing_app.core.model import (
    ESTIMATOR_KINDS,
    Actor,
    Dataset,
    DatasetInfo,
    Dispute,
    Event,
    EventActor,
    EventTable,
    Figure,
    Origin,
    Place,
    Quote,
    Source,
)
from briefing_app.core.problems import Problem
from briefing_app.core.search import SearchIndex
from briefing_app.core.search_build import IndexState

Recover = Callable[[str, str], Event]  # (event id, title) -> the event, read another way
_POSITION_BYTES = array("i").itemsize
_ENTITY_FIELDS = ("actor", "place", "tag", "source")


class BadEntry(ValueError):
    """A cache entry or record that is not exactly what this version writes."""


# -- to plain tuples ----------------------------------------------------------------------------


def _origin(origin: Origin) -> tuple[str, int, int]:
    return (origin.path, origin.line, origin.col)


def _date(date: EdtfDate | None) -> str | None:
    """A date as its text: parsing it again on the way back rebuilds (and so checks) the rest."""
    return None if date is None else date.text


def freeze_head(result: LoadResult, index: SearchIndex, record_ends: bytes) -> tuple[Any, ...]:
    """Everything but the events' own records, which `record_ends` locates."""
    dataset = result.dataset
    assert dataset is not None
    info = dataset.info
    return (
        (
            info.title,
            info.description,
            info.language,
            _date(info.updated),
            info.marking,
            _origin(info.origin),
            info.format,
        ),
        tuple(
            (
                *(s.id, s.kind, s.title, s.publisher, s.author),
                *(_date(s.published), _date(s.retrieved), s.url, s.reliability),
                *(s.reliability_note, _origin(s.origin), s.invalid),
            )
            for s in dataset.sources.values()
        ),
        tuple(
            (a.id, a.name, a.kind, a.title, a.affiliation, a.country, a.aliases, _origin(a.origin))
            for a in dataset.actors.values()
        ),
        tuple(
            (p.id, p.name, p.kind, p.country, p.aliases, p.latitude, p.longitude, _origin(p.origin))
            for p in dataset.places.values()
        ),
        dataset.files,
        tuple((parent, children) for parent, children in dataset.children.items()),
        tuple((p.path, p.line, p.col, p.severity, p.message, p.rule) for p in result.problems),
        result.files,
        result.paths,
        tuple(dataset.events),
        tuple(dataset.events.title(event_id) for event_id in dataset.events),
        record_ends,
        tuple(index.state),
    )


def freeze_event(e: Event) -> tuple[Any, ...]:
    return (
        *(e.id, e.title, _date(e.date), e.parent, e.summary),
        tuple((a.actor, a.role) for a in e.actors),
        *(e.places, e.tags, e.status, e.credibility, e.sources),
        tuple(
            (
                *(f.label, f.value, f.low, f.high, f.unit, f.qualifier),
                *(f.estimated_by, f.source, f.locator, _origin(f.origin), f.invalid),
                *(_date(f.as_of), f.as_stated, f.estimator, _disputes(f.disputes)),
            )
            for f in e.figures
        ),
        tuple(
            (
                *(q.text, q.mode, q.speaker, q.speaker_role, _date(q.said), q.source),
                *(q.locator, _origin(q.origin), q.invalid),
            )
            for q in e.quotes
        ),
        _disputes(e.disputes),
        e.related,
        _origin(e.origin),
        e.invalid,
    )


def _disputes(disputes: tuple[Dispute, ...]) -> tuple[Any, ...]:
    return tuple(
        (d.by, d.stance, d.summary, d.source, d.locator, _origin(d.origin), d.invalid)
        for d in disputes
    )


# -- checked, back to the domain ----------------------------------------------------------------


def _bad() -> BadEntry:
    return BadEntry("the cache entry is not what this version writes")


def _text(value: object) -> str:
    if type(value) is not str:
        raise _bad()
    return value


def _optional_text(value: object) -> str | None:
    return None if value is None else _text(value)


def _int(value: object) -> int:
    if type(value) is not int:
        raise _bad()
    return value


def _optional_int(value: object) -> int | None:
    return None if value is None else _int(value)


def _number(value: object) -> float | None:
    if value is not None and type(value) is not float:
        raise _bad()
    return value


def _row(value: object, size: int) -> tuple[Any, ...]:
    if type(value) is not tuple or len(value) != size:
        raise _bad()
    return value


def _rows(value: object, size: int) -> tuple[tuple[Any, ...], ...]:
    if type(value) is not tuple:
        raise _bad()
    _only(value, tuple)
    if not set(map(len, value)) <= {size}:
        raise _bad()
    return value


def _only(values: Iterable[object], *types: type) -> None:
    """Every value is exactly one of `types` (a C-speed pass, however many values)."""
    if not frozenset(types).issuperset(map(type, values)):
        raise _bad()


_JUST_TEXT = frozenset((str,))


def _texts(value: object) -> tuple[str, ...]:
    if type(value) is not tuple or (value and not _JUST_TEXT.issuperset(map(type, value))):
        raise _bad()
    return value


def _origin_of(value: object) -> Origin:
    path, line, col = _row(value, 3)
    return Origin(_text(path), _int(line), _int(col))


def _date_of(value: object) -> EdtfDate | None:
    return None if value is None else parse_edtf(_text(value))  # EdtfError is a ValueError


def thaw_event(row: object) -> Event:
    """One event record, checked field by field; BadEntry (or ValueError) if it is not one."""
    fields = _row(row, 17)
    eid, title, date, parent, summary, actors, places, tags = fields[:8]
    status, credibility, sources, figures, quotes, disputes, related, origin, invalid = fields[8:]
    return Event(
        _text(eid),
        _text(title),
        _date_of(date),
        _optional_text(parent),
        _text(summary),
        tuple(EventActor(_text(actor), _text(role)) for actor, role in _rows(actors, 2)),
        _texts(places),
        _texts(tags),
        _text(status),
        _optional_int(credibility),
        _texts(sources),
        tuple(
            Figure(
                *(_text(f[0]), _number(f[1]), _number(f[2]), _number(f[3]), _text(f[4])),
                *(_text(f[5]), _optional_text(f[6]), _text(f[7]), _text(f[8])),
                *(_origin_of(f[9]), _texts(f[10]), _date_of(f[11]), _text(f[12])),
                *(_estimator(f[13]), _disputes_of(f[14])),
            )
            for f in _rows(figures, 15)
        ),
        tuple(
            Quote(
                *(_text(q[0]), _text(q[1]), _optional_text(q[2]), _text(q[3]), _date_of(q[4])),
                *(_text(q[5]), _text(q[6]), _origin_of(q[7]), _texts(q[8])),
            )
            for q in _rows(quotes, 9)
        ),
        _disputes_of(disputes),
        _texts(related),
        _origin_of(origin),
        _texts(invalid),
    )


def _disputes_of(rows: object) -> tuple[Dispute, ...]:
    return tuple(
        Dispute(
            *(_text(d[0]), _text(d[1]), _text(d[2]), _text(d[3]), _text(d[4])),
            *(_origin_of(d[5]), _texts(d[6])),
        )
        for d in _rows(rows, 7)
    )


def _estimator(value: object) -> str:
    if value not in ESTIMATOR_KINDS:
        raise _bad()
    return str(value)


def deferred_events(
    ids: tuple[str, ...],
    titles: tuple[str, ...],
    ends: array[int],
    records: memoryview,
    recover: Recover,
) -> EventTable:
    """The events, each decoded from its record when first asked for. A record that does not
    decode, or decodes to anything but the event expected there, goes to `recover`."""

    def decode(position: int) -> Event:
        event_id, title = ids[position], titles[position]
        try:
            start = ends[position - 1] if position else 0
            event = thaw_event(marshal.loads(records[start : ends[position]]))
            if event.id == event_id and event.title == title:
                return event
        except Exception:
            pass  # whatever is wrong with it, the files will say better
        return recover(event_id, title)

    return EventTable.deferred(ids, titles, decode)


def thaw_head(
    head: object, records: memoryview, recover: Recover
) -> tuple[LoadResult, SearchIndex]:
    """The load and its index from a head and the records it locates; BadEntry (or another
    ValueError, TypeError, ...) when anything in the head is not what this version writes."""
    fields = _row(head, 13)
    info, sources, actors, places, files, children, problems, result_files = fields[:8]
    result_paths, event_ids, titles, record_ends, index_state = fields[8:]
    title, description, language, updated, marking, origin, form = _row(info, 7)
    ids, titles = _texts(event_ids), _texts(titles)
    known = frozenset(ids)
    if type(record_ends) is not bytes or len(known) != len(ids) or len(titles) != len(ids):
        raise _bad()
    ends = array("Q", record_ends)
    if len(ends) != len(ids) or (ends and ends[-1] != len(records)):
        raise _bad()
    links = _rows(children, 2)
    _only(map(itemgetter(0), links), str, type(None))
    _only(map(itemgetter(1), links), tuple)
    if not known.issuperset(chain.from_iterable(map(itemgetter(1), links))):
        raise _bad()  # which also says every child id is text
    dataset = Dataset(
        info=DatasetInfo(
            *(_text(title), _text(description), _text(language), _date_of(updated)),
            *(_text(marking), _origin_of(origin), _int(form)),
        ),
        sources=MappingProxyType({s.id: s for s in map(_source, _rows(sources, 12))}),
        actors=MappingProxyType({a.id: a for a in map(_actor, _rows(actors, 8))}),
        places=MappingProxyType({p.id: p for p in map(_place, _rows(places, 8))}),
        events=deferred_events(ids, titles, ends, records, recover),
        files=_texts(files),
        children=MappingProxyType(dict(links)),
    )
    result = LoadResult(
        dataset,
        tuple(map(_problem, _rows(problems, 6))),
        _texts(result_files),
        _texts(result_paths),
    )
    return result, SearchIndex(dataset, _index_state(index_state, known))


def _source(s: tuple[Any, ...]) -> Source:
    return Source(
        *(_text(s[0]), _text(s[1]), _text(s[2]), _text(s[3]), _text(s[4])),
        *(_date_of(s[5]), _date_of(s[6]), _text(s[7]), _text(s[8]), _text(s[9])),
        *(_origin_of(s[10]), _texts(s[11])),
    )


def _actor(a: tuple[Any, ...]) -> Actor:
    return Actor(
        *(_text(a[0]), _text(a[1]), _text(a[2]), _text(a[3]), _optional_text(a[4])),
        *(_text(a[5]), _texts(a[6]), _origin_of(a[7])),
    )


def _place(p: tuple[Any, ...]) -> Place:
    return Place(
        *(_text(p[0]), _text(p[1]), _text(p[2]), _text(p[3]), _texts(p[4])),
        *(_number(p[5]), _number(p[6]), _origin_of(p[7])),
    )


def _problem(p: tuple[Any, ...]) -> Problem:
    severity = p[3]
    if severity not in ("error", "warning"):
        raise _bad()
    return Problem(_text(p[0]), _int(p[1]), _int(p[2]), severity, _text(p[4]), _text(p[5]))


def _index_state(value: object, known: frozenset[str]) -> IndexState:
    """The saved index, checked for shape: its fields, their types and lengths, and the sizes
    of its packed positions. The positions themselves (millions, in the word index) are not
    read: the entry's HMAC says they are the ones this version wrote."""
    state = IndexState(*_row(value, len(IndexState._fields)))
    count = len(state.ids)
    if not known.issuperset(_texts(state.ids)) or len(set(state.ids)) != count:
        raise _bad()
    columns = (state.subtree_end, state.texts, state.credibility, state.grades, state.bounds)
    if any(type(column) is not list or len(column) != count for column in columns):
        raise _bad()
    _only(state.subtree_end, int)
    _only(state.texts, str)
    _only(state.credibility, int, type(None))
    _only(state.grades, int)
    _only(state.bounds, tuple, type(None))
    bounds = [b for b in state.bounds if b is not None]
    if not set(map(len, bounds)) <= {2}:
        raise _bad()
    _only(chain.from_iterable(bounds), str)
    if type(state.status) is not dict or type(state.words) is not dict:
        raise _bad()
    _only(state.status, str)
    _only(state.status.values(), frozenset)
    positions = set(chain.from_iterable(state.status.values()))
    _only(positions, int)
    if positions and (min(positions) < 0 or max(positions) >= count):
        raise _bad()
    _texts(state.tags)
    if type(state.entities) is not dict or set(state.entities) != set(_ENTITY_FIELDS):
        raise _bad()
    for entities in state.entities.values():
        if type(entities) is not list:
            raise _bad()
        _only(entities, tuple)
        if not set(map(len, entities)) <= {2}:
            raise _bad()
        _only(map(itemgetter(0), entities), str)
        _packed(map(itemgetter(1), entities))
    _only(state.words, str)
    _packed(state.words.values())
    return state


def _packed(parts: Iterable[object]) -> None:
    """Packed positions: bytes, each a whole number of positions."""
    parts = list(parts)
    _only(parts, bytes)
    if any(size % _POSITION_BYTES for size in set(map(len, parts))):  # type: ignore[arg-type]
        raise _bad()
