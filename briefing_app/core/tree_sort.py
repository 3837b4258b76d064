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
from operator import itemgetter
from typing import Any, Final

from briefing_app.core.edtf import format_date
from briefing_app.core.model import Dataset, Event
from briefing_app.core.reliability import GRADES, cited_grade_mask
from briefing_app.core.safetext import LIST_SEPARATOR, isolate
from briefing_app.core.search import SearchIndex
from briefing_app.core.textmatch import fold
from briefing_app.core.tree import Tree, TreeNode
from briefing_app.core.yamlread import garbage_collector_paused

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


def _event_keys(dataset: Dataset, column: str) -> Callable[[str], Any]:
    """The sort key of an event by its id, read from the event itself (decoded if need be)."""
    events = dataset.events

    def first_place(event: Event) -> Any:
        return fold(dataset.places[event.places[0]].name) if event.places else None

    def first_actor(event: Event) -> Any:
        return fold(dataset.actors[event.actors[0].actor].name) if event.actors else None

    def credibility(event: Event) -> Any:
        invalid = "credibility" in event.invalid
        return event.credibility if event.credibility and not invalid else None

    def grade(event: Event) -> Any:
        grades = _grades(dataset, event)
        return (grades[0] if column == "best_source" else grades[-1]) if grades else None

    by_event: dict[str, Callable[[Event], Any]] = {
        "date": lambda event: (event.date.lower, event.date.upper) if event.date else None,
        "place": first_place,
        "status": lambda event: event.status_label,
        "credibility": credibility,
        "actors": first_actor,
        "best_source": grade,
        "worst_source": grade,
        "quotes": lambda event: len(event.quotes),
    }
    if column == "title":
        return lambda event_id: fold(events.title(event_id))
    key = by_event[column]
    return lambda event_id: key(events[event_id])


def _index_keys(index: SearchIndex, column: str) -> Callable[[str], Any] | None:
    """The sort key of an event read from the search index, which holds the dates, statuses,
    credibility and grades of every event: sorting by them decodes no event (a re-opened
    dataset decodes each event only when something first asks for it)."""
    state, position = index.state, index.position
    if column == "date":
        return lambda event_id: state.bounds[position[event_id]]
    if column == "credibility":
        return lambda event_id: state.credibility[position[event_id]]
    if column in ("best_source", "worst_source"):
        best = column == "best_source"

        def grade(event_id: str) -> Any:
            mask = state.grades[position[event_id]]
            if not mask:
                return None
            bit = (mask & -mask).bit_length() - 1 if best else mask.bit_length() - 1
            return GRADES[bit]

        return grade
    if column == "status":
        labels = {i: label for label, members in state.status.items() for i in members}
        return lambda event_id: labels[position[event_id]]
    return None


def sorted_tree(
    tree: Tree,
    dataset: Dataset,
    column: str,
    *,
    descending: bool = False,
    index: SearchIndex | None = None,
) -> Tree:
    """A copy of `tree` with its events sorted by `column` (one of COLUMNS); the same keys,
    so expansion and selection carry over. With the dataset's `index`, the columns it holds
    are read from it."""
    # 50,000 new nodes and no cycles among them (a node holds its parent weakly): with the
    # collector running, its passes over the dataset's millions of objects took most of a
    # second.
    with garbage_collector_paused():
        return _sorted_copy(tree, dataset, column, descending, index)


def _sorted_copy(
    tree: Tree, dataset: Dataset, column: str, descending: bool, index: SearchIndex | None
) -> Tree:
    key = (index and _index_keys(index, column)) or _event_keys(dataset, column)
    values: dict[str, Any] = {}
    root = TreeNode(tree.root.key, tree.root.label)
    stack = [(tree.root, root)]
    while stack:
        original, copy = stack.pop()
        groups: list[TreeNode] = []
        valued: list[tuple[Any, TreeNode]] = []
        empty: list[tuple[Any, TreeNode]] = []
        for child in original.children:
            if child.event_id is None:
                groups.append(child)
                continue
            value = values.get(child.event_id)
            if value is None and child.event_id not in values:
                value = values[child.event_id] = key(child.event_id)
            (empty if value is None else valued).append((value, child))
        valued.sort(key=itemgetter(0), reverse=descending)
        children = []
        for child in [*groups, *(node for _, node in valued), *(node for _, node in empty)]:
            twin = TreeNode(child.key, child.label, child.event_id)
            twin.event_ids = child.event_ids
            children.append(twin)
            if child.children:
                stack.append((child, twin))
        copy.adopt(children)
    return Tree(root, tree.grouping)
