"""The event tree the window shows, in each grouping, and which of its rows a filter keeps.

Storyline grouping is the dataset's own parent/child tree. The other groupings (date, actor,
place, tag, source) put each event, flat, under every group it belongs to, in date order, with
the catch-all group (`Undated`, `No actor`, ...) last.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Final
from weakref import ReferenceType, ref

from briefing_app.core.edtf import MONTH_NAMES
from briefing_app.core.model import Dataset, Event, date_sort_key
from briefing_app.core.safetext import isolate
from briefing_app.core.search import Matches

GROUPINGS: Final = ("storyline", "date", "actor", "place", "tag", "source")
GROUPING_LABELS: Final = {
    "storyline": "Storyline",
    "date": "Date",
    "actor": "Actor",
    "place": "Place",
    "tag": "Tag",
    "source": "Source",
}


class TreeNode:
    """One row: an event, or a group of events. Built once and never changed afterwards.

    `key` is unique in its tree and stable across reloads, so expansion and selection can be
    restored by key. A group knows every event below it, for the filter.

    A node holds its parent weakly, so a tree has no reference cycles: a dropped tree is freed
    at once, and the garbage collector never needs to look at one (see `loading`)."""

    __slots__ = (
        "__weakref__",
        "_parent",
        "children",
        "event_id",
        "event_ids",
        "key",
        "label",
        "row",
    )

    def __init__(self, key: str, label: str, event_id: str | None = None) -> None:
        self.key = key
        self.label = label
        self.event_id = event_id
        self._parent: ReferenceType[TreeNode] | None = None
        self.children: list[TreeNode] = []
        self.row = 0
        self.event_ids: frozenset[str] = frozenset()

    @property
    def parent(self) -> TreeNode | None:
        return None if self._parent is None else self._parent()

    def add(self, child: TreeNode) -> TreeNode:
        child._parent = ref(self)
        child.row = len(self.children)
        self.children.append(child)
        return child

    def adopt(self, children: list[TreeNode]) -> None:
        """Make `children` this node's only children: `add` for a whole row of them at once."""
        parent = ref(self)
        for row, child in enumerate(children):
            child._parent = parent
            child.row = row
        self.children = children


class Tree:
    """A built tree and the lookups the window needs: a node by its key, and every node of an
    event (in grouped trees an event sits under each of its groups)."""

    __slots__ = ("by_event", "by_key", "grouping", "root")

    def __init__(self, root: TreeNode, grouping: str) -> None:
        self.root = root
        self.grouping = grouping
        nodes: list[TreeNode] = []
        stack = list(reversed(root.children))
        while stack:
            node = stack.pop()
            nodes.append(node)
            if node.children:
                stack.extend(reversed(node.children))
        self.by_key: dict[str, TreeNode] = {node.key: node for node in nodes}
        self.by_event: dict[str, list[TreeNode]] = {}
        if grouping == "storyline":  # each event once, keyed by its id
            self.by_event = {node.key: [node] for node in nodes}
            return
        for node in nodes:
            if node.event_id is not None:
                self.by_event.setdefault(node.event_id, []).append(node)


def make_tree(dataset: Dataset, grouping: str) -> Tree:
    return Tree(build_tree(dataset, grouping), grouping)


def build_tree(dataset: Dataset, grouping: str) -> TreeNode:
    """The invisible root of the tree for `grouping` (one of GROUPINGS)."""
    root = TreeNode("", "")
    if grouping == "storyline":
        _add_storylines(dataset, root)
    elif grouping == "date":
        _add_by_date(dataset, root)
    else:
        _add_by_group(dataset, root, *_GROUP_SPECS[grouping])
    return root


def _add_storylines(dataset: Dataset, root: TreeNode) -> None:
    # The hot loop of a re-open: 50,000 nodes, so no per-node call that can be avoided.
    title, children_of = dataset.events.title, dataset.children.get
    stack = [(root, dataset.roots())]
    while stack:
        parent, child_ids = stack.pop()
        nodes = [TreeNode(event_id, title(event_id), event_id) for event_id in child_ids]
        parent.adopt(nodes)
        for node in nodes:
            children = children_of(node.key)
            if children:
                stack.append((node, children))


def _sorted_events(dataset: Dataset, event_ids: Iterable[str]) -> list[Event]:
    return sorted((dataset.events[i] for i in event_ids), key=lambda e: date_sort_key(e.date))


def _add_leaves(dataset: Dataset, group: TreeNode, event_ids: Iterable[str]) -> None:
    events = _sorted_events(dataset, event_ids)
    group.event_ids = frozenset(event.id for event in events)
    for event in events:
        group.add(TreeNode(f"{group.key}/{event.id}", event.title, event.id))


def _add_by_date(dataset: Dataset, root: TreeNode) -> None:
    """Year, then month, then events; an event sits at the precision its date has (a year-only
    date directly under its year), by its start (or its end, when the start is open)."""
    years: dict[str, dict[str, list[str]]] = {}
    undated: list[str] = []
    for event in dataset.events.values():
        point = event.date and (event.date.start or event.date.end)
        if not point:
            undated.append(event.id)
            continue
        month = f"{point.year:04d}-{point.month:02d}" if point.month else ""
        years.setdefault(f"{point.year:04d}", {}).setdefault(month, []).append(event.id)
    for year in sorted(years):
        year_node = root.add(TreeNode(f"date:{year}", year))
        months = years[year]
        for month in sorted(key for key in months if key):
            label = f"{MONTH_NAMES[int(month[5:]) - 1]} {year}"
            _add_leaves(dataset, year_node.add(TreeNode(f"date:{month}", label)), months[month])
        year_events = _sorted_events(dataset, months.get("", []))
        for event in year_events:
            year_node.add(TreeNode(f"date:{year}/{event.id}", event.title, event.id))
        year_node.event_ids = frozenset(i for ids in months.values() for i in ids)
    if undated:
        _add_leaves(dataset, root.add(TreeNode("date:undated", "Undated")), undated)


def _actors_of(dataset: Dataset, event: Event) -> Iterable[str]:
    return dict.fromkeys(actor.actor for actor in event.actors)


def _places_of(dataset: Dataset, event: Event) -> Iterable[str]:
    return event.places


def _tags_of(dataset: Dataset, event: Event) -> Iterable[str]:
    return event.tags


def _sources_of(dataset: Dataset, event: Event) -> Iterable[str]:
    return event.cited_source_ids()


def _actor_label(dataset: Dataset, actor_id: str) -> str:
    return dataset.actors[actor_id].name


def _place_label(dataset: Dataset, place_id: str) -> str:
    return dataset.places[place_id].name


def _tag_label(dataset: Dataset, tag: str) -> str:
    return tag


def _source_label(dataset: Dataset, source_id: str) -> str:
    source = dataset.sources[source_id]
    if not source.publisher:
        return source.title
    return f"{isolate(source.publisher)}: {isolate(source.title)}"  # neither reorders the other


_Members = Callable[[Dataset, Event], Iterable[str]]
_Label = Callable[[Dataset, str], str]
_GROUP_SPECS: Final[dict[str, tuple[str, _Members, _Label, str]]] = {
    "actor": ("actor", _actors_of, _actor_label, "No actor"),
    "place": ("place", _places_of, _place_label, "No place"),
    "tag": ("tag", _tags_of, _tag_label, "No tag"),
    "source": ("source", _sources_of, _source_label, "No source"),
}


def _add_by_group(
    dataset: Dataset, root: TreeNode, prefix: str, members: _Members, label: _Label, none: str
) -> None:
    groups: dict[str, list[str]] = {}
    ungrouped: list[str] = []
    for event in dataset.events.values():
        keys = list(members(dataset, event))
        for key in keys:
            groups.setdefault(key, []).append(event.id)
        if not keys:
            ungrouped.append(event.id)
    labelled = sorted((label(dataset, key).casefold(), key) for key in groups)
    for _, key in labelled:
        group = root.add(TreeNode(f"{prefix}:{key}", label(dataset, key)))
        _add_leaves(dataset, group, groups[key])
    if ungrouped:
        _add_leaves(dataset, root.add(TreeNode(f"{prefix}:", none)), ungrouped)


class Visibility:
    """Which rows of a tree a filter keeps.

    An event is shown when it matches; in the storyline tree its ancestors are shown too, as
    context (`is_context`), so a match is never out of its story. A group is shown when any event
    in it matches. `matches` is None for no filter at all."""

    def __init__(self, grouping: str, matches: Matches | None) -> None:
        self.matches = matches
        self._storyline = grouping == "storyline"

    def shows(self, node: TreeNode) -> bool:
        matches = self.matches
        if matches is None:
            return True
        if node.event_id is None:
            return any(event_id in matches for event_id in node.event_ids)
        if self._storyline:
            return matches.any_in_subtree(node.event_id)
        return node.event_id in matches

    def has_shown_children(self, node: TreeNode) -> bool:
        """Whether any child of `node` is shown, without asking each child."""
        matches = self.matches
        if matches is None or not node.children:
            return bool(node.children)
        if node.event_id is None:
            return self.shows(node)
        return self._storyline and matches.any_in_subtree(node.event_id, include_self=False)

    def is_context(self, node: TreeNode) -> bool:
        """Shown only because something below it matches."""
        return (
            self.matches is not None
            and node.event_id is not None
            and node.event_id not in self.matches
        )

    def count_shown(self, node: TreeNode) -> int:
        """How many of a group's events are shown."""
        if self.matches is None:
            return len(node.event_ids)
        return sum(1 for event_id in node.event_ids if event_id in self.matches)


def nodes_to_reveal(root: TreeNode, visibility: Visibility, limit: int) -> list[TreeNode]:
    """The nodes to open, in tree order, so that the first `limit` matching events can be seen.

    A filter opens the tree around what it found, as far as `limit` matches, and no further: a
    view asked to lay out tens of thousands of open rows on every keystroke would freeze."""
    reveal: list[TreeNode] = []
    budget = limit
    stack = [child for child in reversed(root.children) if visibility.shows(child)]
    while stack and budget > 0:
        node = stack.pop()
        if node.event_id is not None and not visibility.is_context(node):
            budget -= 1
        if visibility.has_shown_children(node):
            reveal.append(node)
            stack.extend(child for child in reversed(node.children) if visibility.shows(child))
    return reveal
