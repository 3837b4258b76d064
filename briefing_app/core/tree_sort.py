"""The tree's columns, what each shows of an event, and the tree sorted by one of them.

Sorting never changes the tree's shape: in the storyline grouping every event stays under its
parent and siblings are sorted among themselves; in the other groupings the groups keep their
order and the events in each are sorted. An event with nothing in the column (undated, no place,
not graded, no source) comes last in either direction: reversing the order is about the values,
and "no date" is not the earliest or the latest one. Ties keep the order the tree was
built in (by date).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

from briefing_app.core.edtf import format_date
from briefing_app.core.model import Dataset, Event
from briefing_app.core.reliability import GRADES, cited_grade_mask
from briefing_app.core.safetext import LIST_SEPARATOR, isolate
from briefing_app.core.textmatch import fold
from briefing_app.core.tree import Tree, TreeNode

# Every column the tree can show, in order; the first five are shown until the person chooses.
COLUMNS: Final = (
    "title",
    "date",
    "place",
    "status",
    "credibility",
    "actors",
    "best_source",
    "worst_source",
    "quotes",
)
COLUMN_LABELS: Final = {
    "title": "Title",
    "date": "Date",
    "place": "Place",
    "status": "Status",
    "credibility": "Credibility",
    "actors": "Actors",
    "best_source": "Best source",
    "worst_source": "Worst source",
    "quotes": "Quotes",
}
SHOWN_AT_FIRST: Final = frozenset(COLUMNS[:5])

_Key = Callable[[Dataset, Event], Any]  # None: nothing to sort by, so last


def _grades(dataset: Dataset, event: Event) -> list[str]:
    """The grades of the sources the event rests on (chains included), best first."""
    mask = cited_grade_mask(dataset, event)
    return [grade for bit, grade in enumerate(GRADES) if mask & (1 << bit)]


def column_text(dataset: Dataset, event: Event, column: str) -> str:
    """What the tree shows of `event` in `column` (data isolated where it sits among others)."""
    if column == "title":
        return event.title
    if column == "date":
        return format_date(event.date)
    if column == "place":
        return LIST_SEPARATOR.join(isolate(dataset.places[p].name) for p in event.places)
    if column == "status":
        return event.status_label
    if column == "credibility":
        if "credibility" in event.invalid:
            return "invalid"
        return str(event.credibility) if event.credibility else ""
    if column == "actors":
        return LIST_SEPARATOR.join(isolate(dataset.actors[a.actor].name) for a in event.actors)
    if column in ("best_source", "worst_source"):
        grades = _grades(dataset, event)
        return (grades[0] if column == "best_source" else grades[-1]) if grades else ""
    return str(len(event.quotes)) if event.quotes else ""


def _date_key(dataset: Dataset, event: Event) -> Any:
    return (event.date.lower, event.date.upper) if event.date else None


def _first_place(dataset: Dataset, event: Event) -> Any:
    return fold(dataset.places[event.places[0]].name) if event.places else None


def _credibility(dataset: Dataset, event: Event) -> Any:
    return event.credibility if event.credibility and "credibility" not in event.invalid else None


def _first_actor(dataset: Dataset, event: Event) -> Any:
    return fold(dataset.actors[event.actors[0].actor].name) if event.actors else None


def _best(dataset: Dataset, event: Event) -> Any:
    grades = _grades(dataset, event)
    return grades[0] if grades else None


def _worst(dataset: Dataset, event: Event) -> Any:
    grades = _grades(dataset, event)
    return grades[-1] if grades else None


_KEYS: Final[dict[str, _Key]] = {
    "title": lambda dataset, event: fold(event.title),
    "date": _date_key,
    "place": _first_place,
    "status": lambda dataset, event: event.status_label,
    "credibility": _credibility,
    "actors": _first_actor,
    "best_source": _best,
    "worst_source": _worst,
    "quotes": lambda dataset, event: len(event.quotes),
}


def sorted_tree(tree: Tree, dataset: Dataset, column: str, *, descending: bool = False) -> Tree:
    """A copy of `tree` with its events sorted by `column` (one of COLUMNS); the same keys,
    so expansion and selection carry over."""
    key = _KEYS[column]
    values: dict[str, Any] = {}

    def value(node: TreeNode) -> Any:
        assert node.event_id is not None
        if node.event_id not in values:
            values[node.event_id] = key(dataset, dataset.events[node.event_id])
        return values[node.event_id]

    root = TreeNode(tree.root.key, tree.root.label)
    stack = [(tree.root, root)]
    while stack:
        original, copy = stack.pop()
        groups = [child for child in original.children if child.event_id is None]
        events = [child for child in original.children if child.event_id is not None]
        valued = [node for node in events if value(node) is not None]
        valued.sort(key=value, reverse=descending)
        order = groups + valued + [node for node in events if value(node) is None]
        children = []
        for child in order:
            twin = TreeNode(child.key, child.label, child.event_id)
            twin.event_ids = child.event_ids
            children.append(twin)
            if child.children:
                stack.append((child, twin))
        copy.adopt(children)
    return Tree(root, tree.grouping)
