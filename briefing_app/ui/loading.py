"""Everything the window needs from a dataset, made in one call that any thread can run.

Reading and checking the files, building the search index and the tree all take time and touch no
widget, so a large dataset does them in a background task; the window only swaps the result in.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from briefing_app.core.cache import load_with_cache
from briefing_app.core.loader import LoadProgress, LoadResult
from briefing_app.core.search import SearchIndex
from briefing_app.core.tree import Tree, make_tree
from briefing_app.core.yamlread import garbage_collector_paused


@dataclass(frozen=True, slots=True)
class Loaded:
    """A finished load: the result, and for a readable dataset its index and tree (in the
    grouping the window showed when the load began), and why no cache could be used, if so."""

    path: Path
    result: LoadResult
    index: SearchIndex | None
    tree: Tree | None
    cache_warning: str | None = None


def load_for_window(
    path: Path,
    grouping: str,
    *,
    progress: Callable[[LoadProgress], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Loaded:
    """Everything the window needs from a dataset, in whichever thread calls it.

    A large dataset is millions of objects, made with the garbage collector paused. Left at
    that, the collector's next pass would scan every one of them (0.6 s at 50,000 events, a
    stall in the window) to find nothing: a dataset, its index and its trees hold no reference
    cycles. So they are frozen, out of the collector's sight; being acyclic, each is still freed
    by reference counting as soon as the window lets go of it."""
    with garbage_collector_paused():
        cached = load_with_cache(path, progress=progress, cancelled=cancelled)
        dataset = cached.result.dataset
        tree = None if dataset is None else make_tree(dataset, grouping)
        gc.freeze()
    return Loaded(path, cached.result, cached.index, tree, cached.warning)
