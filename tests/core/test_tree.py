"""Tree groupings and filter visibility."""

import pytest

from briefing_app import paths
from briefing_app.core.loader import load_dataset
from briefing_app.core.model import Dataset
from briefing_app.core.tree import GROUPINGS, TreeNode, Visibility, build_tree


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    loaded = load_dataset(paths.sample_dataset()).dataset
    assert loaded is not None
    return loaded


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
    assert sum(1 for _ in root.walk()) == 24
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
    assert root.children[-1].label == "No actor"  # the publisher's own assessment
    keys = [node.key for node in root.walk()]
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize("grouping", GROUPINGS)
def test_every_event_is_somewhere(dataset: Dataset, grouping: str) -> None:
    root = build_tree(dataset, grouping)
    assert {node.event_id for node in root.walk() if node.event_id} == set(dataset.events)


def test_storyline_visibility_keeps_ancestors_as_context(dataset: Dataset) -> None:
    root = build_tree(dataset, "storyline")
    visibility = Visibility(dataset, "storyline", frozenset({"minor-forces-remain"}))
    shown = [node.key for node in root.walk() if visibility.shows(node)]
    assert shown == ["withdrawal-2024", "withdrawal-announced", "minor-forces-remain"]
    context = [
        node.key for node in root.walk() if visibility.is_context(node) and visibility.shows(node)
    ]
    assert context == ["withdrawal-2024", "withdrawal-announced"]


def test_group_visibility(dataset: Dataset) -> None:
    root = build_tree(dataset, "tag")
    visibility = Visibility(dataset, "tag", frozenset({"nato-largest-presence"}))
    shown = [node.key for node in root.walk() if visibility.shows(node)]
    assert shown == [
        "tag:nato",
        "tag:nato/nato-largest-presence",
        "tag:russian-forces",
        "tag:russian-forces/nato-largest-presence",
    ]
    everything = Visibility(dataset, "tag", None)
    assert all(everything.shows(node) for node in root.walk())
