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

from briefing_app.core.cache_values import (
    bad_entry,
    date_of,
    number_of,
    only,
    optional_int,
    optional_text,
    origin_of,
    row_of,
    rows_of,
    text_of,
    texts_of,
    whole,
)
from briefing_app.core.edtf import EdtfDate
from briefing_app.core.event_table import EventTable
from briefing_app.core.loader import LoadResult
from briefing_app.core.model import (
    ESTIMATOR_KINDS,
    EVENT_KINDS,
    Actor,
    ActorTitle,
    Dataset,
    DatasetInfo,
    Dispute,
    Event,
    EventActor,
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
                *(s.reliability_note, _origin(s.origin), s.invalid, s.based_on, s.language),
            )
            for s in dataset.sources.values()
        ),
        tuple(
            (
                *(a.id, a.name, a.kind, a.title, a.affiliation, a.country, a.aliases),
                *(
                    _origin(a.origin),
                    tuple((t.title, _date(t.start), _date(t.end)) for t in a.titles),
                    a.invalid,
                ),
            )
            for a in dataset.actors.values()
        ),
        tuple(
            (
                *(p.id, p.name, p.kind, p.country, p.aliases, p.latitude, p.longitude),
                *(_origin(p.origin), p.precision, p.invalid),
            )
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
                *(q.language, q.translation, q.translated_by),
            )
            for q in e.quotes
        ),
        _disputes(e.disputes),
        e.related,
        _origin(e.origin),
        e.invalid,
        e.kind,
    )


def _disputes(disputes: tuple[Dispute, ...]) -> tuple[Any, ...]:
    return tuple(
        (d.by, d.stance, d.summary, d.source, d.locator, _origin(d.origin), d.invalid)
        for d in disputes
    )


# -- checked, back to the domain ----------------------------------------------------------------


def thaw_event(row: object) -> Event:
    """One event record, checked field by field; BadEntry (or ValueError) if it is not one."""
    fields = row_of(row, 18)
    eid, title, date, parent, summary, actors, places, tags = fields[:8]
    status, credibility, sources, figures, quotes, disputes, related, origin, invalid = fields[8:17]
    return Event(
        text_of(eid),
        text_of(title),
        date_of(date),
        optional_text(parent),
        text_of(summary),
        tuple(EventActor(text_of(actor), text_of(role)) for actor, role in rows_of(actors, 2)),
        texts_of(places),
        texts_of(tags),
        text_of(status),
        optional_int(credibility),
        texts_of(sources),
        tuple(
            Figure(
                *(text_of(f[0]), number_of(f[1]), number_of(f[2]), number_of(f[3]), text_of(f[4])),
                *(text_of(f[5]), optional_text(f[6]), text_of(f[7]), text_of(f[8])),
                *(origin_of(f[9]), texts_of(f[10]), date_of(f[11]), text_of(f[12])),
                *(_estimator(f[13]), _disputes_of(f[14])),
            )
            for f in rows_of(figures, 15)
        ),
        tuple(
            Quote(
                *(text_of(q[0]), text_of(q[1]), optional_text(q[2]), text_of(q[3]), date_of(q[4])),
                *(text_of(q[5]), text_of(q[6]), origin_of(q[7]), texts_of(q[8])),
                *(text_of(q[9]), text_of(q[10]), text_of(q[11])),
            )
            for q in rows_of(quotes, 12)
        ),
        _disputes_of(disputes),
        texts_of(related),
        origin_of(origin),
        texts_of(invalid),
        _event_kind(fields[17]),
    )


def _event_kind(value: object) -> str:
    if value not in EVENT_KINDS:
        raise bad_entry()
    return str(value)


def _disputes_of(rows: object) -> tuple[Dispute, ...]:
    return tuple(
        Dispute(
            *(text_of(d[0]), text_of(d[1]), text_of(d[2]), text_of(d[3]), text_of(d[4])),
            *(origin_of(d[5]), texts_of(d[6])),
        )
        for d in rows_of(rows, 7)
    )


def _estimator(value: object) -> str:
    if value not in ESTIMATOR_KINDS:
        raise bad_entry()
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
    fields = row_of(head, 13)
    info, sources, actors, places, files, children, problems, result_files = fields[:8]
    result_paths, event_ids, titles, record_ends, index_state = fields[8:]
    title, description, language, updated, marking, origin, form = row_of(info, 7)
    ids, titles = texts_of(event_ids), texts_of(titles)
    known = frozenset(ids)
    if type(record_ends) is not bytes or len(known) != len(ids) or len(titles) != len(ids):
        raise bad_entry()
    ends = array("Q", record_ends)
    if len(ends) != len(ids) or (ends and ends[-1] != len(records)):
        raise bad_entry()
    links = rows_of(children, 2)
    only(map(itemgetter(0), links), str, type(None))
    only(map(itemgetter(1), links), tuple)
    if not known.issuperset(chain.from_iterable(map(itemgetter(1), links))):
        raise bad_entry()  # which also says every child id is text
    dataset = Dataset(
        info=DatasetInfo(
            *(text_of(title), text_of(description), text_of(language), date_of(updated)),
            *(text_of(marking), origin_of(origin), whole(form)),
        ),
        sources=_sources(rows_of(sources, 14)),
        actors=MappingProxyType({a.id: a for a in map(_actor, rows_of(actors, 10))}),
        places=MappingProxyType({p.id: p for p in map(_place, rows_of(places, 10))}),
        events=deferred_events(ids, titles, ends, records, recover),
        files=texts_of(files),
        children=MappingProxyType(dict(links)),
    )
    result = LoadResult(
        dataset,
        tuple(map(_problem, rows_of(problems, 6))),
        texts_of(result_files),
        texts_of(result_paths),
    )
    return result, SearchIndex(dataset, _index_state(index_state, known))


def _sources(rows: tuple[tuple[Any, ...], ...]) -> MappingProxyType[str, Source]:
    """The sources by id; every `based_on` link names one of them."""
    sources = {s.id: s for s in map(_source, rows)}
    if not sources.keys() >= set(chain.from_iterable(s.based_on for s in sources.values())):
        raise bad_entry()
    return MappingProxyType(sources)


def _source(s: tuple[Any, ...]) -> Source:
    return Source(
        *(text_of(s[0]), text_of(s[1]), text_of(s[2]), text_of(s[3]), text_of(s[4])),
        *(date_of(s[5]), date_of(s[6]), text_of(s[7]), text_of(s[8]), text_of(s[9])),
        *(origin_of(s[10]), texts_of(s[11]), texts_of(s[12]), text_of(s[13])),
    )


def _actor(a: tuple[Any, ...]) -> Actor:
    return Actor(
        *(text_of(a[0]), text_of(a[1]), text_of(a[2]), text_of(a[3]), optional_text(a[4])),
        *(text_of(a[5]), texts_of(a[6]), origin_of(a[7])),
        tuple(ActorTitle(text_of(t[0]), date_of(t[1]), date_of(t[2])) for t in rows_of(a[8], 3)),
        texts_of(a[9]),
    )


def _place(p: tuple[Any, ...]) -> Place:
    return Place(
        *(text_of(p[0]), text_of(p[1]), text_of(p[2]), text_of(p[3]), texts_of(p[4])),
        *(number_of(p[5]), number_of(p[6]), origin_of(p[7]), text_of(p[8]), texts_of(p[9])),
    )


def _problem(p: tuple[Any, ...]) -> Problem:
    severity = p[3]
    if severity not in ("error", "warning"):
        raise bad_entry()
    return Problem(text_of(p[0]), whole(p[1]), whole(p[2]), severity, text_of(p[4]), text_of(p[5]))


def _index_state(value: object, known: frozenset[str]) -> IndexState:
    """The saved index, checked for shape: its fields, their types and lengths, and the sizes
    of its packed positions. The positions themselves (millions, in the word index) are not
    read: the entry's HMAC says they are the ones this version wrote."""
    state = IndexState(*row_of(value, len(IndexState._fields)))
    count = len(state.ids)
    if not known.issuperset(texts_of(state.ids)) or len(set(state.ids)) != count:
        raise bad_entry()
    columns = (state.subtree_end, state.texts, state.credibility, state.grades, state.bounds)
    if any(type(column) is not list or len(column) != count for column in columns):
        raise bad_entry()
    only(state.subtree_end, int)
    only(state.texts, str)
    only(state.credibility, int, type(None))
    only(state.grades, int)
    only(state.bounds, tuple, type(None))
    bounds = [b for b in state.bounds if b is not None]
    if not set(map(len, bounds)) <= {2}:
        raise bad_entry()
    only(chain.from_iterable(bounds), str)
    if type(state.status) is not dict or type(state.words) is not dict:
        raise bad_entry()
    only(state.status, str)
    only(state.status.values(), frozenset)
    positions = set(chain.from_iterable(state.status.values()))
    only(positions, int)
    if positions and (min(positions) < 0 or max(positions) >= count):
        raise bad_entry()
    texts_of(state.tags)
    if type(state.entities) is not dict or set(state.entities) != set(_ENTITY_FIELDS):
        raise bad_entry()
    for entities in state.entities.values():
        if type(entities) is not list:
            raise bad_entry()
        only(entities, tuple)
        if not set(map(len, entities)) <= {2}:
            raise bad_entry()
        only(map(itemgetter(0), entities), str)
        _packed(map(itemgetter(1), entities))
    only(state.words, str)
    _packed(state.words.values())
    return state


def _packed(parts: Iterable[object]) -> None:
    """Packed positions: bytes, each a whole number of positions."""
    parts = list(parts)
    only(parts, bytes)
    if any(size % _POSITION_BYTES for size in set(map(len, parts))):  # type: ignore[arg-type]
        raise bad_entry()
