"""The checks only the whole dataset can make, once every file is read: references to ids that
do not exist (with a "did you mean"), loops in the parent chains, entries nothing uses.

Each runs in time linear in the dataset (a 20,000-deep parent chain, 20,000 events with one slip
breaking thousands of references) and asks `cancelled` as it goes, so Cancel works here too.
"""

from __future__ import annotations

import dataclasses
import difflib
import heapq
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Final, TypeVar

from briefing_app.core.loader_values import ESTIMATOR, Located, Reference
from briefing_app.core.model import Event, Figure, Origin, date_sort_key
from briefing_app.core.problems import Problem, did_you_mean

T = TypeVar("T")

CANCEL_EVERY: Final = 1024  # items between two looks at `cancelled`
# "Did you mean" compares a word with every candidate while there are few of them; beyond that,
# an index of three-letter pieces finds the few worth comparing.
_SMALL_TABLE: Final = 200
_SCAN_BUDGET: Final = 1024  # index entries read per word, rarest pieces first
_COMPARED: Final = 8  # candidates sharing the most pieces, compared in full
SUGGESTION_LIMIT: Final = 2_500  # distinct words per load; after that, no more suggestions
_CUTOFF: Final = 0.7
_LOOP_SHOWN: Final = 10  # events named in a parent-cycle message
MAX_NESTING: Final = 100  # levels of storylines, events and sub-events


class LoadCancelled(Exception):
    """The load was cancelled; nothing was loaded."""


def checked(items: Iterable[T], cancelled: Callable[[], bool]) -> Iterator[T]:
    """`items`, asking `cancelled` every so often and stopping with LoadCancelled if it says so."""
    for count, item in enumerate(items):
        if count % CANCEL_EVERY == 0 and cancelled():
            raise LoadCancelled
        yield item


class Suggestions:
    """Near misses among the ids of one kind, found without comparing a word with them all."""

    def __init__(self, options: Mapping[str, object], budget: list[int]) -> None:
        self._options = options
        self._budget = budget  # shared by every kind: how many more words may be looked up
        self._folded: dict[str, str] | None = None
        self._pieces: dict[str, list[str]] | None = None
        self._found: dict[str, str] = {}

    def hint(self, word: str) -> str:
        """` (did you mean 'x'?)`, or "" when nothing is close (or the budget is spent)."""
        if word in self._found:
            return self._found[word]
        if self._budget[0] <= 0:
            return ""
        self._budget[0] -= 1
        if len(self._options) <= _SMALL_TABLE:
            found = did_you_mean(word, self._options)
        else:
            match = self._closest(word)
            found = f" (did you mean '{match}'?)" if match else ""
        self._found[word] = found
        return found

    def _closest(self, word: str) -> str | None:
        if self._folded is None or self._pieces is None:
            self._folded, self._pieces = {}, {}
            for option in self._options:
                self._folded.setdefault(option.casefold(), option)
                for piece in _pieces(option):
                    self._pieces.setdefault(piece, []).append(option)
        same = self._folded.get(word.casefold())
        if same is not None:
            return same
        postings = sorted(
            (self._pieces[piece] for piece in set(_pieces(word)) if piece in self._pieces), key=len
        )
        shared: dict[str, int] = {}
        left = _SCAN_BUDGET
        for posting in postings:
            left -= len(posting)
            if left < 0:
                break
            for option in posting:
                shared[option] = shared.get(option, 0) + 1
        # As difflib.get_close_matches: the best ratio of at least the cutoff, ties to the larger.
        scored: list[tuple[float, str]] = []
        matcher = difflib.SequenceMatcher(b=word)
        for option in heapq.nlargest(_COMPARED, shared, key=shared.__getitem__):
            matcher.set_seq1(option)
            if matcher.real_quick_ratio() < _CUTOFF or matcher.quick_ratio() < _CUTOFF:
                continue
            score = matcher.ratio()
            if score >= _CUTOFF:
                scored.append((score, option))
        return max(scored)[1] if scored else None


def _pieces(word: str) -> list[str]:
    padded = f"\0{word}\0"
    return [padded[start : start + 3] for start in range(len(padded) - 2)]


def check_references(
    references: list[Reference],
    tables: Mapping[str, Mapping[str, Located]],
    problems: list[Problem],
    cancelled: Callable[[], bool],
) -> set[tuple[str, str]]:
    """Report references to ids that do not exist; return them as (kind, id) pairs."""
    broken: set[tuple[str, str]] = set()
    budget = [SUGGESTION_LIMIT]
    suggestions = {kind: Suggestions(table, budget) for kind, table in tables.items()}
    for reference in checked(references, cancelled):
        if reference.target in tables[reference.kind]:
            continue
        broken.add((reference.kind, reference.target))
        problems.append(
            Problem.at(
                reference.origin,
                "error",
                f"'{reference.field}' names {reference.kind} '{reference.target}', which does "
                f"not exist{suggestions[reference.kind].hint(reference.target)}",
                "unresolved-reference",
            )
        )
    return broken


def break_parent_cycles(
    events: dict[str, Event], problems: list[Problem], cancelled: Callable[[], bool]
) -> None:
    """Report each loop in the parent chains once and cut it, so the tree can be drawn.

    Every event is walked up to at most once over the whole run: a walk stops at the first
    event already settled, so a 20,000-deep chain costs 20,000 steps, not 200 million."""
    settled: set[str] = set()
    for start in checked(list(events), cancelled):
        chain: list[str] = []
        on_chain: set[str] = set()
        current: str | None = start
        while current is not None and current not in settled and current not in on_chain:
            chain.append(current)
            on_chain.add(current)
            current = events[current].parent
        if current is not None and current in on_chain:
            loop = chain[chain.index(current) :]
            first = min(loop, key=lambda event_id: _origin_key(events[event_id].origin))
            at = loop.index(first)
            path = _loop_path([*loop[at:], *loop[:at]])
            problems.append(
                _error_at(
                    events[first], f"parent chain loops back on itself: {path}", "parent-cycle"
                )
            )
            events[first] = dataclasses.replace(events[first], parent=None)
        settled.update(chain)


def limit_nesting(
    events: dict[str, Event], problems: list[Problem], cancelled: Callable[[], bool]
) -> None:
    """Cut every parent link that would nest an event more than MAX_NESTING levels deep, so
    the event starts a storyline of its own. Briefings nest a handful of levels; a chain of
    thousands only makes the tree view and everything that walks ancestors crawl. Linear: each
    event's level is worked out once, from its parent's."""
    level: dict[str, int] = {}
    for start in checked(list(events), cancelled):
        chain: list[str] = []
        current: str | None = start
        while current is not None and current not in level:
            chain.append(current)
            current = events[current].parent
        above = 0 if current is None else level[current]
        for event_id in reversed(chain):
            above += 1
            if above > MAX_NESTING:
                event = events[event_id]
                problems.append(
                    _error_at(
                        event,
                        f"event '{event_id}' would be nested {above:,} levels deep, and the "
                        f"limit is {MAX_NESTING}: it is shown as a storyline of its own",
                        "nesting",
                    )
                )
                events[event_id] = dataclasses.replace(event, parent=None)
                above = 1
            level[event_id] = above


def warn_unused(
    references: list[Reference],
    tables: Mapping[str, Mapping[str, Located]],
    problems: list[Problem],
    cancelled: Callable[[], bool],
) -> None:
    used = {(reference.kind, reference.target) for reference in checked(references, cancelled)}
    for kind in ("actor", "place", "source"):
        for object_id, item in checked(tables[kind].items(), cancelled):
            if (kind, object_id) not in used:
                problems.append(
                    Problem.at(
                        item.origin,
                        "warning",
                        f"{kind} '{object_id}' is never referred to",
                        f"unused-{kind}",
                    )
                )


def children_index(
    events: Mapping[str, Event], cancelled: Callable[[], bool]
) -> dict[str | None, tuple[str, ...]]:
    grouped: dict[str | None, list[Event]] = {}
    for event in checked(events.values(), cancelled):
        grouped.setdefault(event.parent, []).append(event)
    return {
        parent: tuple(event.id for event in sorted(members, key=lambda e: date_sort_key(e.date)))
        for parent, members in grouped.items()
    }


def _error_at(event: Event, message: str, rule: str) -> Problem:
    """An error located where `event` is defined."""
    return Problem.at(event.origin, "error", message, rule)


def _loop_path(loop: list[str]) -> str:
    """`a -> b -> c -> a`, with the middle of a long loop left out so the message stays short."""
    if len(loop) > _LOOP_SHOWN:
        half = _LOOP_SHOWN // 2
        loop = [*loop[:half], f"... ({len(loop) - 2 * half:,} more)", *loop[-half:]]
    return " -> ".join([*loop, loop[0]])


def _origin_key(origin: Origin) -> tuple[str, int, int]:
    return (origin.path, origin.line, origin.col)


def without_broken_references(event: Event, broken: set[tuple[str, str]]) -> Event:
    """The event without references to ids that do not exist, so the viewer can trust the rest."""

    def ok(kind: str, target: str | None) -> bool:
        return target is None or (kind, target) not in broken

    def estimator_ok(figure: Figure) -> bool:
        """An `estimated_by` that names neither an actor nor a source is kept as ESTIMATOR."""
        return ok(ESTIMATOR, figure.estimated_by) and ok(figure.estimator, figure.estimated_by)

    return dataclasses.replace(
        event,
        parent=event.parent if ok("event", event.parent) else None,
        actors=tuple(a for a in event.actors if ok("actor", a.actor)),
        places=tuple(p for p in event.places if ok("place", p)),
        sources=tuple(s for s in event.sources if ok("source", s)),
        figures=tuple(
            dataclasses.replace(
                f,
                estimated_by=f.estimated_by if estimator_ok(f) else None,
                disputes=tuple(
                    d for d in f.disputes if ok("source", d.source) and ok("actor", d.by)
                ),
            )
            for f in event.figures
            if ok("source", f.source)
        ),
        quotes=tuple(
            dataclasses.replace(
                q,
                speaker=q.speaker if ok("actor", q.speaker) else None,
                translated_by=q.translated_by if ok("actor", q.translated_by) else "",
            )
            for q in event.quotes
            if ok("source", q.source)
        ),
        disputes=tuple(d for d in event.disputes if ok("source", d.source) and ok("actor", d.by)),
        related=tuple(r for r in event.related if ok("event", r)),
    )
