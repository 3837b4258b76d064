"""The tree sorted by a column: siblings only (the storyline tree keeps its shape), undated and
empty values last in either direction, ties in the dataset's order, keys kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing_app import paths
from briefing_app.core.loader import load_dataset
from briefing_app.core.model import Dataset
from briefing_app.core.tree import Tree, TreeNode, make_tree
from briefing_app.core.tree_sort import COLUMNS, column_text, sorted_tree
from tests.core.helpers import load_text

DATED = """\
dataset: {title: T}
sources:
  - {id: a, kind: article, title: A, reliability: A}
  - {id: e, kind: article, title: E, reliability: E}
events:
  - {id: root, title: Root, date: "2024", sources: [a]}
  - {id: july, parent: root, title: b July, date: 2024-07, sources: [a], credibility: 2}
  - {id: undated, parent: root, title: a Undated, sources: [a, e]}
  - {id: march, parent: root, title: c March, date: 2024-03-05, sources: [e], credibility: 4}
  - {id: early, parent: root, title: d Early, date: 2024-03-05, sources: [a]}
"""


@pytest.fixture
def dated(tmp_path: Path) -> Dataset:
    dataset = load_text(tmp_path, DATED).dataset
    assert dataset is not None
    return dataset


def ids(node: TreeNode) -> list[str | None]:
    return [child.event_id for child in node.children]


def test_dates_sort_by_interval_with_undated_last_both_ways(dated: Dataset) -> None:
    tree = make_tree(dated, "storyline")
    assert ids(tree.root.children[0]) == ["march", "early", "july", "undated"]  # as built
    down = sorted_tree(tree, dated, "date", descending=True)
    (root,) = down.root.children
    assert root.event_id == "root"  # the shape is kept: children stay under their parent
    # 2024-07 runs to the 31st, after the 5 March pair, whose tie keeps the dataset's order.
    assert ids(root) == ["july", "march", "early", "undated"]
    up = sorted_tree(tree, dated, "date")
    assert ids(up.root.children[0]) == ["march", "early", "july", "undated"]


def test_other_columns_sort_with_empty_values_last(dated: Dataset) -> None:
    tree = make_tree(dated, "storyline")

    def order(column: str, *, descending: bool = False) -> list[str | None]:
        return ids(sorted_tree(tree, dated, column, descending=descending).root.children[0])

    assert order("title") == ["undated", "july", "march", "early"]
    # Ties and empty values keep the order the tree was built in (by date).
    assert order("credibility") == ["july", "march", "early", "undated"]
    assert order("credibility", descending=True) == ["march", "july", "early", "undated"]
    assert order("worst_source") == ["early", "july", "march", "undated"]
    assert order("best_source", descending=True) == ["march", "early", "july", "undated"]


def test_grouped_trees_keep_their_groups_and_sort_within(dated: Dataset) -> None:
    tree = make_tree(dated, "date")
    sorted_by_title = sorted_tree(tree, dated, "title")
    assert [g.key for g in sorted_by_title.root.children] == [g.key for g in tree.root.children]
    year = sorted_by_title.root.children[0]
    assert [child.event_id for child in year.children][:2] == [None, None]  # months first
    assert sorted_by_title.by_key.keys() == tree.by_key.keys()  # expansion carries over


def test_every_column_sorts_and_shows_the_sample() -> None:
    dataset = load_dataset(paths.sample_dataset()).dataset
    assert dataset is not None
    for grouping in ("storyline", "actor", "date"):
        tree = make_tree(dataset, grouping)
        for column in COLUMNS:
            for descending in (False, True):
                result = sorted_tree(tree, dataset, column, descending=descending)
                assert isinstance(result, Tree)
                assert _all_keys(result.root) == _all_keys(tree.root)
    event = dataset.events["btg-deployment-2024"]
    assert column_text(dataset, event, "quotes") == "1"
    assert column_text(dataset, event, "best_source") == "C"
    assert column_text(dataset, event, "worst_source") == "D"  # the ministry, through the chain
    assert "Alexander Lukashenko" in column_text(dataset, event, "actors")


def _all_keys(root: TreeNode) -> set[str]:
    keys, stack = set(), list(root.children)
    while stack:
        node = stack.pop()
        keys.add(node.key)
        stack.extend(node.children)
    return keys


def test_the_index_gives_the_same_order_as_the_events(tmp_path: Path) -> None:
    """Read from the search index (no event decoded) or from the events, every column sorts
    the same, invalid and ungraded values included."""
    from briefing_app.core.search import SearchIndex

    text = DATED + "  - {id: bad, parent: root, title: e Bad, credibility: 9, status: x}\n"
    dataset = load_text(tmp_path, text).dataset
    assert dataset is not None
    index = SearchIndex(dataset)
    for grouping in ("storyline", "tag"):
        tree = make_tree(dataset, grouping)
        for column in COLUMNS:
            for descending in (False, True):
                fast = sorted_tree(tree, dataset, column, descending=descending, index=index)
                slow = sorted_tree(tree, dataset, column, descending=descending)
                assert _order(fast.root) == _order(slow.root), (grouping, column, descending)


def _order(root: TreeNode) -> list[str]:
    found, stack = [], list(reversed(root.children))
    while stack:
        node = stack.pop()
        found.append(node.key)
        stack.extend(reversed(node.children))
    return found
