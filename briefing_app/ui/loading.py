"""Everything the window needs from a dataset, made in one call that any thread can run.

Reading and checking the files, building the search index and the tree all take time and touch no
widget, so a large dataset does them in a background task; the window only swaps the result in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from briefing_app.core.cache import load_with_cache
from briefing_app.core.loader import LoadProgress, LoadResult
from briefing_app.core.search import SearchIndex
from briefing_app.core.tree import Tree, make_tree


@dataclass(frozen=True, slots=True)
class Loaded:
    """A finished load: the result, and for a readable dataset its index and tree (in the
    grouping the window showed when the load began)."""

    path: Path
    result: LoadResult
    index: SearchIndex | None
    tree: Tree | None


def load_for_window(
    path: Path,
    grouping: str,
    *,
    progress: Callable[[LoadProgress], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Loaded:
    """Everything the window needs from a dataset, in whichever thread calls it."""
    result, _ = load_with_cache(path, progress=progress, cancelled=cancelled)
    dataset = result.dataset
    if dataset is None:
        return Loaded(path, result, None, None)
    return Loaded(path, result, SearchIndex(dataset), make_tree(dataset, grouping))
