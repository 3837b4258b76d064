"""The filter's predicate, precomputed so that one update stays fast on 50,000 events.

Built once per dataset: every event's searchable text, folded (no case, no accents), and inverted
sets for actors, places, tags, sources and statuses. A query is answered with set algebra, field
terms first so that words are only looked for in the events still in question.

An event's text is what the event itself says: its title, summary, quotes, figures, disputes,
tags, and the names and aliases of its actors and places. Its sources' titles are not: every
event citing "Belarus orders troop withdrawal" would otherwise match `belarus`, `troop` and
`withdrawal`, and `-border` would leave none. Sources are found with `source:`.
"""

from __future__ import annotations

import re
import threading
from array import array
from collections import OrderedDict

from briefing_app.core.model import Dataset
from briefing_app.core.names import NameTable
from briefing_app.core.query import Query, Term, compare, name_runs
from briefing_app.core.reliability import GRADES, matching_masks
from briefing_app.core.search_build import SEPARATOR, IndexState, build_state
from briefing_app.core.textmatch import WholeWord
from briefing_app.core.words import WordIndex

RECENT_WORDS = 8
_Named = dict[tuple[str, ...], set[int]]


class _Entity:
    """An actor, place, tag or source as the filter sees it: the folded texts a value may be
    found in (id, name, aliases, ...) and the events that refer to it.

    The events come packed, as the cache stores them, and become a set when first asked for:
    most entities are never in a query."""

    __slots__ = ("_events", "_packed", "keys")

    def __init__(self, keys: str, packed: bytes) -> None:
        self.keys = keys
        self._packed = packed
        self._events: frozenset[int] | None = None

    @property
    def id(self) -> str:
        return self.keys.partition(SEPARATOR)[0]  # the keys start with the id

    @property
    def events(self) -> frozenset[int]:
        if self._events is None:
            self._events = frozenset(array("i", self._packed))
        return self._events


class Matches:
    """The events a query matched, as a mask over the index's order (1 = matched)."""

    __slots__ = ("_index", "count", "mask")

    def __init__(self, index: SearchIndex, hits: set[int] | None) -> None:
        self._index = index
        if hits is None:
            self.mask = bytearray(b"\x01") * len(index.ids)
            self.count = len(index.ids)
        else:
            self.mask = bytearray(len(index.ids))
            for position in hits:
                self.mask[position] = 1
            self.count = len(hits)

    def __contains__(self, event_id: str) -> bool:
        return bool(self.mask[self._index.position[event_id]])

    def ids(self) -> frozenset[str]:
        order = self._index.ids
        return frozenset(order[i] for i, hit in enumerate(self.mask) if hit)

    def any_in_subtree(self, event_id: str, *, include_self: bool = True) -> bool:
        """Whether this event (unless excluded) or anything below it in its storyline matched."""
        start = self._index.position[event_id]
        end = self._index.subtree_end[start]
        return self.mask.find(1, start if include_self else start + 1, end) >= 0


class SearchIndex:
    """Answers queries over one dataset.

    Events are kept in storyline order, depth first, so every event's sub-events follow it in one
    run (`subtree_end`): whether anything below an event matched is one `bytearray.find`."""

    def __init__(self, dataset: Dataset, state: IndexState | None = None) -> None:
        """Index `dataset`, or take a `state` saved from an index of this same dataset."""
        self.dataset = dataset
        if state is None:
            state = build_state(dataset)
        self.state = state
        self.ids = state.ids
        self.position = {event_id: i for i, event_id in enumerate(self.ids)}
        self.subtree_end = state.subtree_end
        self.tags = state.tags  # every tag in use, sorted: for the tag picker
        self._texts = state.texts
        self._status = state.status
        self._credibility = state.credibility
        self._grades = state.grades
        self._bounds = state.bounds
        self._entities = {
            field: [_Entity(keys, events) for keys, events in entities]
            for field, entities in state.entities.items()
        }
        self._entity_ids: dict[str, dict[str, _Entity]] = {}  # made when a field is first asked
        self._words = WordIndex(state.words, len(self.ids))
        # Every actor's and place's names (9 ms at 50,000 events), made here, off the window's
        # thread, rather than on the first search.
        self.names = NameTable.of(dataset)
        self._recent_text: OrderedDict[str, set[int]] = OrderedDict()
        # A sheet composed in the background asks while the window filters: one at a time, as
        # the remembered words are shared.
        self._evaluating = threading.Lock()

    def __len__(self) -> int:
        return len(self.ids)

    def matches(self, query: Query) -> Matches:
        if query.matches_everything:
            return Matches(self, None)
        with self._evaluating:
            return Matches(self, self._evaluate(query))

    def matching_ids(self, query: Query) -> frozenset[str]:
        """The ids of the events the query matches."""
        return self.matches(query).ids()

    # -- evaluation -----------------------------------------------------------------------------

    def _evaluate(self, query: Query) -> set[int]:
        found: set[int] = set()
        named: _Named = {}  # other names' events, once per query however often they come back
        for terms in query.alternatives:
            matched = self._alternative(terms, named)
            found |= matched or set()
        return found

    def _alternative(self, terms: tuple[Term, ...], named: _Named) -> set[int] | None:
        """The events matching every term. Cheap set lookups first, then text, each text term
        only among the events left; names typed as several words (`armed forces of ukraine`)
        also find the entity's other names (`ZSU`)."""
        runs = name_runs(terms, self.names)
        in_runs = {i for run in runs for i in range(run.start, run.end)}
        fields = sorted((term for term in terms if term.field is not None), key=_negated_last)
        words = [
            term
            for i, term in enumerate(terms)
            if term.field is None and not term.negated and i not in in_runs
        ]
        matched: set[int] | None = None
        for term in fields:
            hits = self._term_hits(term, None if term.negated else matched)
            if term.negated:
                matched = (matched if matched is not None else self._all()) - hits
            else:
                matched = hits if matched is None else matched & hits
            if not matched:
                return matched
        for term in words:
            matched = self._name_hits(term.values[0], matched, named)
            if not matched:
                return matched
        for run in runs:
            values = [term.values[0] for term in terms[run.start : run.end]]
            matched = self._run_hits(values, run.names, matched, named)
            if not matched:
                return matched
        for term in terms:
            if term.field is None and term.negated:
                hits = self._name_hits(term.values[0], None, named)
                matched = (matched if matched is not None else self._all()) - hits
                if not matched:
                    return matched
        return matched

    def _matching_entities(self, field: str, value: str) -> list[_Entity]:
        """The entities `field:value` means. An id means that entity alone (a picker writes
        ids, and `actor:uk` must not also bring Ukraine); else a whole name or alias means the
        entities so called; else the value is looked for at the start of a word of an id, name
        or alias, so `actor:viktor` and `actor:luka` work while typing, and
        `source:recognition` finds "Army Recognition"."""
        entities = self._entities[field]
        if field not in self._entity_ids:
            self._entity_ids[field] = {entity.id: entity for entity in entities}
        exact = self._entity_ids[field].get(value)
        if exact is not None:
            return [exact]
        named = [entity for entity in entities if value in entity.keys.split(SEPARATOR)]
        if named:  # a whole name or alias: `actor:russia` is Russia, not Russian armed forces
            return named
        at_word_start = re.compile(rf"(?<![^\W_]){re.escape(value)}")
        return [entity for entity in entities if at_word_start.search(entity.keys)]

    def _all(self) -> set[int]:
        return set(range(len(self.ids)))

    def _term_hits(self, term: Term, candidates: set[int] | None) -> set[int]:
        """The events matching a field term, among `candidates` where that saves work."""
        if term.field in self._entities:
            hits: set[int] = set()
            for value in term.values:
                for entity in self._matching_entities(term.field, value):
                    hits |= entity.events
            return hits
        if term.field == "status":
            return set(self._status.get(term.values[0], ()))
        scope = candidates if candidates is not None else range(len(self.ids))
        if term.field in ("after", "before"):
            day, bounds = term.values[0], self._bounds
            if term.field == "after":
                return {i for i in scope if (b := bounds[i]) is not None and b[1] >= day}
            return {i for i in scope if (b := bounds[i]) is not None and b[0] <= day}
        wanted = int(term.values[0])
        if term.field == "credibility":
            values = self._credibility
            return {
                i for i in scope if (v := values[i]) is not None and compare(v, term.op, wanted)
            }
        # reliability, as `core/reliability.py` defines it for everyone
        accepted, grades = matching_masks(term.op, GRADES[wanted]), self._grades
        return {i for i in scope if grades[i] in accepted}

    def _name_hits(self, value: str, candidates: set[int] | None, named: _Named) -> set[int]:
        """Events whose text holds `value` or, when it is a name, another name of the entity."""
        hits = self._text_hits(value, candidates)
        others = self.names.others(value)
        return hits | self._named_hits(others, candidates, named) if others else hits

    def _run_hits(
        self, values: list[str], names: tuple[str, ...], candidates: set[int] | None, named: _Named
    ) -> set[int]:
        """Events holding each of the `values`, or any other name of the entity they spell."""
        matched = candidates
        for value in values:
            matched = self._name_hits(value, matched, named)
            if not matched:
                break
        return set(matched or ()) | self._named_hits(names, candidates, named)

    def _named_hits(
        self, names: tuple[str, ...], candidates: set[int] | None, named: _Named
    ) -> set[int]:
        """Events among `candidates` (None: all) holding any of an entity's other `names`, in
        one pass over them all (`WordIndex.whole`); remembered in `named` for the query."""
        found = named.get(names)
        if found is None:
            whole = [name for name in names if isinstance(name, WholeWord)]
            found = self._words.whole(whole, self._texts, candidates)
            for name in names:  # in a script without spaces: plain text, found anywhere
                if not isinstance(name, WholeWord):
                    found |= self._text_hits(name, candidates)
            if candidates is not None:
                return found
            named[names] = found
        return found & candidates if candidates is not None else set(found)

    def _text_hits(self, needle: str, candidates: set[int] | None) -> set[int]:
        """Events whose text holds `needle`, among `candidates` (None: all).

        The last few words searched are remembered with their hits. Typing usually extends a
        word already searched, and then only that word's hits can match and only they are
        scanned; deleting back to an earlier word finds it remembered."""
        if candidates is None:
            recent = self._recent_text
            if needle in recent:
                recent.move_to_end(needle)
                return set(recent[needle])
            narrower = [hits for word, hits in recent.items() if word in needle]
            hits = self._find_text(needle, min(narrower, key=len) if narrower else None)
            recent[needle] = hits
            if len(recent) > RECENT_WORDS:
                recent.popitem(last=False)
            return set(hits)
        return self._find_text(needle, candidates)

    def _find_text(self, needle: str, scope: set[int] | None) -> set[int]:
        """Events in `scope` (None: all) whose text holds `needle`: the word index narrows them
        down, and only what it cannot settle is read."""
        texts = self._texts
        found = self._words.candidates(needle)
        if found is not None:
            candidates, exact = found
            if scope is not None:
                candidates &= scope
            if exact:
                return candidates
            scope = candidates
        return {i for i in (range(len(texts)) if scope is None else scope) if needle in texts[i]}


def _negated_last(term: Term) -> bool:
    return term.negated
