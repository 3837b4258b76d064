"""How long the core takes to answer filter queries, without the window: building the search
index, and each query's first run (nothing remembered) and repeated runs.

    python benchmarks/search_queries.py /tmp/big50k        # make it with make_dataset.py first

The figures are the core's share of a filter update (`filter_update.py` measures the whole of
it, repainting included); medians in milliseconds.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from pathlib import Path

QUERIES = (
    "withdrawal",
    "convoy brigade",
    '"air defence"',
    "9000",
    "9,000",
    "petrov-0",
    '"armed forces of ukraine"',
    "actor:kovalenko",
    "source:railway",
    "tag:border status:contested",
    "reliability:>=B credibility:<=2",
    "reliability:<=E",
    "drones OR sanctions -civilians",
    "-border",
)


def measure(path: Path, repeats: int) -> None:
    from briefing_app.core.loader import load_dataset
    from briefing_app.core.query import parse_query
    from briefing_app.core.search import SearchIndex
    from briefing_app.core.yamlread import garbage_collector_paused

    # As the window loads (ui/loading.py): the collector paused, then everything frozen.
    with garbage_collector_paused():
        started = time.perf_counter()
        dataset = load_dataset(path).dataset
        assert dataset is not None
        print(f"loaded {len(dataset.events):,} events in {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        index = SearchIndex(dataset)
        print(f"index built in {time.perf_counter() - started:.2f} s")
        gc.freeze()
    print(f"  {'query':36} {'first ms':>9} {'median ms':>10} {'events':>8}")
    for text in QUERIES:
        query = parse_query(text)
        fresh = SearchIndex(dataset, index.state)  # nothing remembered from earlier queries
        begin = time.perf_counter()
        count = fresh.matches(query).count
        first = (time.perf_counter() - begin) * 1000
        times = []
        for _ in range(repeats):
            begin = time.perf_counter()
            fresh.matches(query)
            times.append((time.perf_counter() - begin) * 1000)
        print(f"  {text:36} {first:9.1f} {statistics.median(times):10.1f} {count:8,}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dataset", type=Path)
    parser.add_argument("--repeats", type=int, default=5)
    options = parser.parse_args()
    if not options.dataset.exists():
        sys.exit(f"{options.dataset}: no such dataset (make one with benchmarks/make_dataset.py)")
    measure(options.dataset, options.repeats)


if __name__ == "__main__":
    main()
