"""What `reliability:` in a query means, defined once: the filter, the tree's warning sign and
anything else that asks "does this event rest on weak sources" must agree.

An event is judged by the grades of every source it rests on: those it cites
(`Event.cited_source_ids()`: its own sources and those of its figures, quotes and disputes),
and every link of their chains (format 2's `based_on`: a B-graded wire relaying an E-graded
channel passes on what the channel said). A claim is only as good as its weakest support, so
the comparisons read:

- `reliability:>=B`  every source is B or better (`>B`: every one better than B);
- `reliability:<=E`  at least one source is E or worse (`<E`: at least one worse than E),
  so `<=E` keeps exactly the events that `>=D` leaves out;
- `reliability:B`    at least one source is graded B.

An event that cites no source has no grade to compare: it matches none of them (and so every
negated one, `-reliability:>=B`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from briefing_app.core.chains import upstream_ids
from briefing_app.core.model import Dataset, Event

GRADES: Final = "ABCDEF"  # A is the most reliable; F (cannot be judged) ranks last
# The grades the tree's warning sign is about ("rests on a source graded E or F"): an event
# shows the sign exactly when `reliability:<=E` keeps it.
WEAK_GRADE: Final = "E"
WEAK_SOURCES_QUERY: Final = f"reliability:<={WEAK_GRADE}"
_ALL_MASKS: Final = range(1 << len(GRADES))


def grade_mask(grades: Iterable[str]) -> int:
    """The grades as bits (A is bit 0): what the search index keeps for each event."""
    mask = 0
    for grade in grades:
        mask |= 1 << GRADES.index(grade)
    return mask


def sources_rested_on(dataset: Dataset, event: Event) -> tuple[str, ...]:
    """Every source `event` cites, each followed by the links of its chains, once each."""
    links: dict[str, None] = {}
    for source_id in event.cited_source_ids():
        links[source_id] = None
        links.update(dict.fromkeys(upstream_ids(dataset.sources, source_id)))
    return tuple(links)


def cited_grade_mask(dataset: Dataset, event: Event) -> int:
    """The grades of every source `event` rests on, chains included, as bits; 0 when it cites
    none."""
    sources = dataset.sources
    return grade_mask(sources[link].reliability for link in sources_rested_on(dataset, event))


def mask_matches(mask: int, op: str, grade: str) -> bool:
    """Whether an event whose cited grades are `mask` matches `reliability:{op}{grade}`
    (`op` one of >=, >, <=, <, = or empty for =)."""
    if not mask:
        return False
    rank = GRADES.index(grade)
    if op in (">=", ">"):  # every cited grade is at least this good
        allowed = (1 << (rank + (op == ">="))) - 1
        return not mask & ~allowed
    if op in ("<=", "<"):  # some cited grade is at most this good
        worse = ~((1 << (rank + (op == "<"))) - 1)
        return bool(mask & worse)
    return bool(mask & (1 << rank))


def matching_masks(op: str, grade: str) -> frozenset[int]:
    """Every grade mask that `reliability:{op}{grade}` keeps: the index tests each event with
    one set lookup."""
    return frozenset(mask for mask in _ALL_MASKS if mask_matches(mask, op, grade))


def rests_on_weak_source(dataset: Dataset, event: Event) -> bool:
    """Whether `event` rests on a source graded E or F (cited, or a link of a chain): the tree's
    warning sign, and exactly the events `reliability:<=E` keeps."""
    return mask_matches(cited_grade_mask(dataset, event), "<=", WEAK_GRADE)


def describe(op: str, grade: str) -> str:
    """`reliability:{op}{grade}` in words, as a sheet states its scope: "every source C or
    better", "a source E or worse", "a source graded B"."""
    grade = grade.upper()
    words = {
        ">=": f"every source {grade} or better",
        ">": f"every source better than {grade}",
        "<=": f"a source {grade} or worse",
        "<": f"a source worse than {grade}",
    }
    return words.get(op, f"a source graded {grade}")
