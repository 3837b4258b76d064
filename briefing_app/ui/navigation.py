"""Moving through a dataset in the window: the tree in its grouping, the filter applied to it,
what is open, the selection, history and stepping through time.
"""

from __future__ import annotations

from typing import cast

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt

from briefing_app.core.entities import ENTITY_KINDS, EntityKind, entity_events, entity_exists
from briefing_app.core.model import date_sort_key
from briefing_app.core.query import Query
from briefing_app.core.tree import Tree, TreeNode, Visibility, make_tree, nodes_to_reveal
from briefing_app.core.tree_sort import sorted_tree
from briefing_app.ui.plain_text import inline
from briefing_app.ui.tree_model import EVENT_ID_ROLE, NODE_KEY_ROLE

REVEAL_MATCHES = 100  # a filter opens the tree around this many matches, no more
HIDDEN_BY_FILTER = (
    "Hidden by the current filter: this event is not in the tree. Esc in the filter clears it."
)


class Navigation:
    """The tree, the filter's effect on it, the selection and history."""

    def _rebuild_tree(self, tree: Tree | None = None) -> None:
        """Show the tree for the current grouping (built already, or built now), in the order
        the person chose."""
        if self.dataset is None:
            return
        self._restoring = True
        if tree is None or tree.grouping != self.grouping:
            tree = make_tree(self.dataset, self.grouping)
        self._unsorted_tree = tree
        column, descending = self.tree.sort_column, self.tree.sort_descending
        if column:
            tree = sorted_tree(tree, self.dataset, column, descending=descending, index=self.index)
        self._nodes_by_key = tree.by_key
        self._nodes_by_event = tree.by_event
        self.proxy.set_visibility(None)
        self.model.set_tree(self.dataset, tree.root)
        self._restoring = False
        self.apply_query(self.filter_bar.query)

    def apply_query(self, query: Query) -> None:
        if self.dataset is None or self.index is None:
            return
        self.query = query
        self.matches = None if query.matches_everything else self.index.matches(query)
        visibility = Visibility(self.grouping, self.matches)
        if self.matches is not None:
            revealed = nodes_to_reveal(self.model.root, visibility, REVEAL_MATCHES)
            self.filter_expanded = {node.key for node in revealed}
        self._restoring = True
        self.proxy.set_visibility(visibility)
        self._set_expanded(self._open_keys())
        self._restoring = False
        total = len(self.dataset.events)
        shown = total if self.matches is None else self.matches.count
        self.count_label.setText(f"{shown:,} of {total:,} events")
        self.tree_stack.setCurrentWidget(self.tree if shown else self.empty_page)
        if not shown:
            self.empty_label.setText(self._why_nothing_matches(query))
        # An entity's page stays as it is (its "Filter by this" may just have been applied);
        # an event's page follows the filter's words.
        show_page = self.detail.entity is None
        if self.selected is not None and self.selected in self.dataset.events:
            self.select_event(self.selected, record=False, show_page=show_page)
        elif self.selected is not None:
            self.selected = None
            if show_page:
                self.detail.show_nothing()

    def _why_nothing_matches(self, query: Query) -> str:
        """The empty tree's message, naming the field terms that match nothing in this dataset
        on their own (`place:gomel` where there is no Gomel, `reliability:A` where no source is
        graded A): a typo or an impossible condition says so, not just "0"."""
        assert self.index is not None
        alone = {
            f"{term.field}:{term.raw or ','.join(term.values)}"
            for terms in query.alternatives
            for term in terms
            if term.field is not None
            and not term.negated
            and not self.index.matching_ids(Query(query.text, ((term,),), ()))
        }
        if not alone:
            return "No events match the filter."
        names = ", ".join(sorted(inline(text) for text in alone)[:5])
        return f"No events match the filter. Nothing in this dataset matches {names}."

    def _proxy_index(self, node: TreeNode) -> QModelIndex:
        return self.proxy.mapFromSource(self.model.createIndex(node.row, 0, node))

    def _open_keys(self) -> set[str]:
        """The keys of the nodes open now: around the filter's matches, or the person's own."""
        return self.filter_expanded if self.matches is not None else self.expanded[self.grouping]

    def _set_expanded(self, keys: set[str]) -> None:
        """Open these rows. Just after a proxy reset the view has not laid itself out again yet,
        so each only marks a row open, for the one layout that follows."""
        for key in keys:
            node = self._nodes_by_key.get(key)
            if node is not None:
                index = self._proxy_index(node)
                if index.isValid():
                    self.tree.setExpanded(index, True)

    def _remember_expanded(self, index: QModelIndex) -> None:
        if not self._restoring:
            self._open_keys().add(self.proxy.data(index, NODE_KEY_ROLE))

    def _remember_collapsed(self, index: QModelIndex) -> None:
        if not self._restoring:
            self._open_keys().discard(self.proxy.data(index, NODE_KEY_ROLE))

    def expand_all(self) -> None:
        self.tree.expandAll()
        self._open_keys().update(node.key for node in self._nodes_by_key.values() if node.children)

    def collapse_all(self) -> None:
        self.tree.collapseAll()
        self._open_keys().clear()

    def _sort_changed(self, _column: str, _descending: bool) -> None:
        """Show the rows in the order the header (or View > Sort By) now says."""
        self._rebuild_tree(self._unsorted_tree)

    def set_grouping(self, grouping: str) -> None:
        for action in self.grouping_actions.actions():
            action.setChecked(action.data() == grouping)
        if grouping == self.grouping:
            return
        self.grouping = grouping
        self._rebuild_tree()

    def select_event(self, event_id: str, *, record: bool = True, show_page: bool = True) -> None:
        """Select the event in the tree (its first visible row), show it (unless `show_page` is
        False: the pane keeps what it shows), and remember it."""
        if self.dataset is None or event_id not in self.dataset.events:
            return
        self.selected = event_id
        for node in self._nodes_by_event.get(event_id, []):
            index = self._proxy_index(node)
            if index.isValid():
                self._restoring = True
                parent = index.parent()
                while parent.isValid():
                    self.tree.setExpanded(parent, True)
                    self._open_keys().add(self.proxy.data(parent, NODE_KEY_ROLE))
                    parent = parent.parent()
                self.tree.selectionModel().setCurrentIndex(
                    index,
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows,
                )
                self.tree.scrollTo(index)
                self._restoring = False
                break
        else:
            self.tree.selectionModel().clearSelection()
        if show_page:
            notice = "" if self.tree.selectionModel().hasSelection() else HIDDEN_BY_FILTER
            words = self.query.highlight_words(self.index)
            self.detail.show_event(self.dataset, event_id, words, notice)
        if record:
            self._record(event_id)

    def show_entity(self, kind: str, entity_id: str, *, record: bool = True) -> None:
        """Show an actor's, place's or source's page, with every event it takes part in."""
        if self.dataset is None or self.index is None:
            return
        if kind not in ENTITY_KINDS or not entity_exists(self.dataset, kind, entity_id):
            self.detail.show_nothing("That page is not in this dataset.")
            return
        entity_kind = cast(EntityKind, kind)
        events = entity_events(self.index, entity_kind, entity_id)
        self.detail.show_entity(self.dataset, entity_kind, entity_id, events)
        if record:
            self._record(f"{kind}:{entity_id}")

    def _show_page(self, key: str) -> None:
        """A page of the history: an event's id, or `kind:id` for an entity's (ids have no
        colon, so the two never meet)."""
        kind, colon, entity_id = key.partition(":")
        if colon:
            self.show_entity(kind, entity_id, record=False)
        else:
            self.select_event(key, record=False)

    def show_children(self, event_id: str) -> None:
        """Select the event and open its row, so its sub-events can be read in the tree."""
        self.select_event(event_id)
        current = self.tree.currentIndex()
        if current.isValid() and self.proxy.data(current, EVENT_ID_ROLE) == event_id:
            self.tree.setExpanded(current, True)
            self.tree.setFocus(Qt.FocusReason.OtherFocusReason)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        # Focus alone (tabbing into the tree, closing a dialog) makes a row current without
        # selecting it: the page follows only a row that looks selected.
        if self._restoring or not current.isValid() or self.dataset is None:
            return
        if not self.tree.selectionModel().isSelected(current):
            return
        event_id = self.proxy.data(current, EVENT_ID_ROLE)
        if event_id is None:
            node = self.model.node(self.proxy.mapToSource(current))
            self.detail.show_nothing(
                f"{inline(node.label)}: {len(node.event_ids)} events. Open the group to read them."
            )
            return
        self.selected = event_id
        self.detail.show_event(self.dataset, event_id, self.query.highlight_words(self.index))
        self._record(event_id)

    def _record(self, event_id: str) -> None:
        if self.history_position >= 0 and self.history[self.history_position] == event_id:
            return
        del self.history[self.history_position + 1 :]
        self.history.append(event_id)
        self.history_position = len(self.history) - 1
        self._update_history_actions()

    def go_back(self) -> None:
        if self.history_position > 0:
            self.history_position -= 1
            self._show_page(self.history[self.history_position])
            self._update_history_actions()

    def go_forward(self) -> None:
        if self.history_position < len(self.history) - 1:
            self.history_position += 1
            self._show_page(self.history[self.history_position])
            self._update_history_actions()

    def _update_history_actions(self) -> None:
        self.back_action.setEnabled(self.history_position > 0)
        self.forward_action.setEnabled(self.history_position < len(self.history) - 1)

    def step_in_time(self, step: int) -> None:
        """Select the next (1) or previous (-1) event in time among those the filter shows."""
        if self.dataset is None:
            return
        if self._chronology is None:
            events = self.dataset.events
            self._chronology = tuple(sorted(events, key=lambda i: date_sort_key(events[i].date)))
        matches = self.matches
        order = [i for i in self._chronology if matches is None or i in matches]
        if not order:
            return
        if self.selected in order:
            position = order.index(self.selected) + step
        else:
            position = 0 if step > 0 else len(order) - 1
        if 0 <= position < len(order):
            self.select_event(order[position])
