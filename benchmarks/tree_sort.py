"""How long sorting the tree takes, in the core and in the real window, on a large dataset.

    python benchmarks/tree_sort.py /tmp/big50k        # make it with make_dataset.py first

For each column, in the storyline and actor groupings: the core's `sorted_tree` alone, then a
header click in the window as a person makes it (the sorted tree installed, expansion and
selection restored, the view laid out again). Medians in milliseconds.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.filter_update import offscreen_window, open_and_wait


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dataset", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    from briefing_app.core.tree import make_tree
    from briefing_app.core.tree_sort import COLUMNS, sorted_tree

    app, window = offscreen_window()
    open_and_wait(app, window, args.dataset)
    dataset = window.dataset
    print(f"{len(dataset.events):,} events")
    print(f"{'grouping':10} {'column':14} {'core ms':>9} {'window ms':>10}")
    for grouping in ("storyline", "actor"):
        window.set_grouping(grouping)
        tree = make_tree(dataset, grouping)
        for column in COLUMNS:
            core, shown = [], []
            for run in range(args.runs):
                start = time.perf_counter()
                sorted_tree(tree, dataset, column, descending=bool(run % 2), index=window.index)
                core.append(time.perf_counter() - start)
                start = time.perf_counter()
                window.tree.set_sort(column, descending=not run % 2)
                window.repaint()
                app.processEvents()
                shown.append(time.perf_counter() - start)
            print(
                f"{grouping:10} {column:14} {statistics.median(core) * 1000:9.1f} "
                f"{statistics.median(shown) * 1000:10.1f}"
            )
        window.tree.set_sort("")


if __name__ == "__main__":
    main()
