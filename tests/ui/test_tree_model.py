"""The tree model and the filter proxy pass Qt's model checks in every state the window uses."""

import pytest
from PySide6.QtCore import QModelIndex, Qt

from briefing_app import paths
from briefing_app.core.loader import load_dataset
from briefing_app.core.model import Dataset
from briefing_app.core.query import parse_query
from briefing_app.core.search import SearchIndex
from briefing_app.core.tree import GROUPINGS, Visibility, build_tree
from briefing_app.ui import tree_model
from briefing_app.ui.tree_model import EVENT_ID_ROLE, EventFilterProxy, EventTreeModel
from tests.core.test_tree import matching


@pytest.fixture(scope="module")
def dataset(qapp) -> Dataset:  # type: ignore[no-untyped-def]  # the icons need a QApplication
    loaded = load_dataset(paths.sample_dataset()).dataset
    assert loaded is not None
    return loaded


def event_ids(
    model: EventFilterProxy | EventTreeModel, parent: QModelIndex = QModelIndex()
) -> list[str]:
    found = []
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        event_id = model.data(index, EVENT_ID_ROLE)
        if event_id:
            found.append(event_id)
        found += event_ids(model, index)
    return found


@pytest.mark.parametrize("grouping", GROUPINGS)
def test_model_passes_modeltester(qtmodeltester, dataset: Dataset, grouping: str) -> None:  # type: ignore[no-untyped-def]
    model = EventTreeModel()
    model.set_tree(dataset, build_tree(dataset, grouping))
    qtmodeltester.check(model)


@pytest.mark.parametrize("grouping", GROUPINGS)
def test_proxy_passes_modeltester_while_filtering(
    qtmodeltester, dataset: Dataset, grouping: str
) -> None:  # type: ignore[no-untyped-def]
    model = EventTreeModel()
    proxy = EventFilterProxy()
    proxy.setSourceModel(model)
    model.set_tree(dataset, build_tree(dataset, grouping))
    qtmodeltester.check(proxy)
    index = SearchIndex(dataset)
    for text in ("actor:khrenin", "nothing-matches-this", "", "tag:nato OR tag:wagner"):
        matches = index.matches(parse_query(text)) if text else None
        proxy.set_visibility(Visibility(grouping, matches))
        qtmodeltester.check(proxy)
        shown = set(event_ids(proxy))
        if matches is not None:
            matched = matches.ids()
            assert matched <= shown
            if grouping != "storyline":
                assert shown == matched
    model.set_tree(dataset, build_tree(dataset, "date"))  # regrouping under a live proxy
    qtmodeltester.check(proxy)


def test_storyline_filter_keeps_ancestors_dimmed(dataset: Dataset) -> None:
    model = EventTreeModel()
    proxy = EventFilterProxy()
    proxy.setSourceModel(model)
    model.set_tree(dataset, build_tree(dataset, "storyline"))
    proxy.set_visibility(Visibility("storyline", matching(dataset, {"minor-forces-remain"})))
    assert event_ids(proxy) == ["withdrawal-2024", "withdrawal-announced", "minor-forces-remain"]
    storyline = proxy.index(0, 0)
    assert proxy.data(storyline, Qt.ItemDataRole.ForegroundRole) is not None
    leaf = proxy.index(0, 0, proxy.index(0, 0, storyline))
    assert proxy.data(leaf, Qt.ItemDataRole.ForegroundRole) is None


def test_columns_and_marks(dataset: Dataset) -> None:
    model = EventTreeModel()
    model.set_tree(dataset, build_tree(dataset, "storyline"))
    withdrawal = model.index(3, 0)
    row = [model.data(model.index(3, column)) for column in range(5)]
    assert row == [
        "Belarus announces a drawdown of its forces on the Ukrainian border",
        "Jul 2024",
        "Belarus-Ukraine border",
        "contested",
        "",
    ]
    sign = tree_model.warning_icon()
    assert sign is not None
    assert model.data(withdrawal, Qt.ItemDataRole.DecorationRole).cacheKey() == sign.cacheKey()
    assert "contested" in model.data(withdrawal, Qt.ItemDataRole.ToolTipRole)
    # A row without the sign keeps its room, so titles line up.
    room = model.data(model.index(0, 0), Qt.ItemDataRole.DecorationRole)
    assert room.cacheKey() == tree_model.blank_icon().cacheKey()
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Date"


def test_bad_indexes_do_not_raise(dataset: Dataset) -> None:
    model = EventTreeModel()
    model.set_tree(dataset, build_tree(dataset, "storyline"))
    assert not model.index(99, 0).isValid()
    assert not model.index(0, 9).isValid()
    assert model.data(QModelIndex()) is None
    assert model.rowCount(model.index(0, 3)) == 0
    assert model.headerData(9, Qt.Orientation.Horizontal) is None


def test_group_labels_count_what_the_filter_shows(dataset: Dataset) -> None:
    model = EventTreeModel()
    proxy = EventFilterProxy()
    proxy.setSourceModel(model)
    model.set_tree(dataset, build_tree(dataset, "tag"))
    assert proxy.data(proxy.index(0, 0)) == "border (9)"
    proxy.set_visibility(Visibility("tag", matching(dataset, {"withdrawal-2024"})))
    assert proxy.data(proxy.index(0, 0)) == "border (1 of 9)"
