"""Tree groupings and filter visibility."""

import pytest

from briefing_app import paths
from briefing_app.core.loader import load_dataset
from briefing_app.core.model import Dataset
from briefing_app.core.search import Matches, SearchIndex
from briefing_app.core.tree import (
    GROUPINGS,
    Tree,
    TreeNode,
    Visibility,
    build_tree,
    nodes_to_reveal,
)


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    loaded = load_dataset(paths.sample_dataset()).dataset
    assert loaded is not None
    return loaded


def walk(root: TreeNode) -> list[TreeNode]:
    """Every node below `root`, depth first (the order `Tree` keeps them in)."""
    return list(Tree(root, "").by_key.values())


def matching(dataset: Dataset, event_ids: set[str]) -> Matches:
    index = SearchIndex(dataset)
    return Matches(index, {index.position[event_id] for event_id in event_ids})


def labels(node: TreeNode) -> list[str]:
    return [child.label for child in node.children]


def test_storylines(dataset: Dataset) -> None:
    root = build_tree(dataset, "storyline")
    assert len(root.children) == 4
    withdrawal = root.children[-1]
    assert withdrawal.key == "withdrawal-2024"
    assert [c.key for c in withdrawal.children] == [
        "lukashenko-border-visit",
        "ukrainian-scepticism",
        "de-escalation-assessment",
        "withdrawal-announced",
    ]
    assert sum(1 for _ in walk(root)) == 24
    assert all(child.row == row for row, child in enumerate(withdrawal.children))


def test_by_date(dataset: Dataset) -> None:
    root = build_tree(dataset, "date")
    assert labels(root) == ["2022", "2023", "2024"]
    year_2022 = root.children[0]
    assert labels(year_2022)[0] == "October 2022"
    assert year_2022.children[0].children[0].event_id == "joint-grouping-2022"
    assert "Russia invades Ukraine from Belarusian territory" in labels(year_2022)


def test_by_actor_lists_an_event_under_each_actor(dataset: Dataset) -> None:
    root = build_tree(dataset, "actor")
    khrenin = next(node for node in root.children if node.key == "actor:khrenin")
    assert [c.event_id for c in khrenin.children] == [
        "withdrawal-2024",
        "lukashenko-orders-withdrawal",
        "withdrawal-announced",
        "minor-forces-remain",
    ]
    assert all(node.label != "No actor" for node in root.children)  # every event has one
    keys = [node.key for node in walk(root)]
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize("grouping", GROUPINGS)
def test_every_event_is_somewhere(dataset: Dataset, grouping: str) -> None:
    root = build_tree(dataset, grouping)
    assert {node.event_id for node in walk(root) if node.event_id} == set(dataset.events)


def test_storyline_visibility_keeps_ancestors_as_context(dataset: Dataset) -> None:
    root = build_tree(dataset, "storyline")
    visibility = Visibility("storyline", matching(dataset, {"minor-forces-remain"}))
    shown = [node.key for node in walk(root) if visibility.shows(node)]
    assert shown == ["withdrawal-2024", "withdrawal-announced", "minor-forces-remain"]
    context = [
        node.key for node in walk(root) if visibility.is_context(node) and visibility.shows(node)
    ]
    assert context == ["withdrawal-2024", "withdrawal-announced"]


def test_group_visibility(dataset: Dataset) -> None:
    root = build_tree(dataset, "tag")
    visibility = Visibility("tag", matching(dataset, {"nato-largest-presence"}))
    shown = [node.key for node in walk(root) if visibility.shows(node)]
    assert shown == [
        "tag:nato",
        "tag:nato/nato-largest-presence",
        "tag:russian-forces",
        "tag:russian-forces/nato-largest-presence",
    ]
    everything = Visibility("tag", None)
    assert all(everything.shows(node) for node in walk(root))


def test_children_are_answered_without_asking_each_child(dataset: Dataset) -> None:
    root = build_tree(dataset, "storyline")
    withdrawal = root.children[-1]
    announced = withdrawal.children[-1]
    visibility = Visibility("storyline", matching(dataset, {"withdrawal-announced"}))
    assert visibility.has_shown_children(withdrawal)
    assert not visibility.has_shown_children(announced)  # its sub-events did not match
    assert visibility.shows(announced)
    assert not visibility.is_context(announced)
    assert visibility.is_context(withdrawal)


def test_search_order_keeps_subtrees_together(dataset: Dataset) -> None:
    index = SearchIndex(dataset)
    start = index.position["withdrawal-2024"]
    inside = set(index.ids[start : index.subtree_end[start]])
    assert inside == {"withdrawal-2024", *dataset.descendants("withdrawal-2024")}


def test_a_filter_reveals_the_path_to_its_first_matches(dataset: Dataset) -> None:
    root = build_tree(dataset, "storyline")
    visibility = Visibility(
        "storyline", matching(dataset, {"minor-forces-remain", "lukashenko-orders-withdrawal"})
    )
    revealed = [node.key for node in nodes_to_reveal(root, visibility, 10)]
    assert revealed == ["withdrawal-2024", "lukashenko-border-visit", "withdrawal-announced"]
    assert [node.key for node in nodes_to_reveal(root, visibility, 1)] == [
        "withdrawal-2024",
        "lukashenko-border-visit",
    ]


def test_reveal_in_groups(dataset: Dataset) -> None:
    root = build_tree(dataset, "date")
    visibility = Visibility("date", matching(dataset, {"withdrawal-announced"}))
    assert [node.key for node in nodes_to_reveal(root, visibility, 5)] == [
        "date:2024",
        "date:2024-07",
    ]
