"""How long the core takes to answer filter queries, without the window: building the search
index, and each query's first run (nothing remembered) and repeated runs.

    python benchmarks/search_queries.py /tmp/big50k        # make it with make_dataset.py first
    python benchmarks/search_queries.py /tmp/big50k --hostile-names

The figures are the core's share of a filter update (`filter_update.py` measures the whole of
it, repainting included); medians in milliseconds. `--hostile-names` then adds, in memory, an
actor with 8,000 aliases (the index of that dataset opened again: the names table is rebuilt
every time) and 10,000 actors `Border N` that all have the alias `zz`, and times `zz` and
`zz OR zz` over the same events.
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import statistics
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from briefing_app.core.model import Dataset
    from briefing_app.core.search_build import IndexState

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
    '"taras bondar 0" OR petrov-0',
)
HOSTILE_QUERIES = ("zz", "zz OR zz", "zz OR zz OR zz OR zz")


def measure(path: Path, repeats: int, hostile_names: bool) -> None:
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
    if hostile_names:
        measure_hostile_names(dataset, index.state)


def measure_hostile_names(dataset: Dataset, state: IndexState) -> None:
    """The same events with hostile actors added; the index's state is reused, as the cache
    would give it, so only the names table is built again."""
    from briefing_app.core.query import parse_query
    from briefing_app.core.search import SearchIndex

    actor = next(iter(dataset.actors.values()))
    many = dataclasses.replace(actor, aliases=tuple(f"a{n}" for n in range(8_000)))
    started = time.perf_counter()
    SearchIndex(dataclasses.replace(dataset, actors={**dataset.actors, actor.id: many}), state)
    print(f"an actor with 8,000 aliases: index opened in {time.perf_counter() - started:.2f} s")
    borders = {
        f"border-{n}": dataclasses.replace(
            actor, id=f"border-{n}", name=f"Border {n}", aliases=("zz",)
        )
        for n in range(10_000)
    }
    index = SearchIndex(dataclasses.replace(dataset, actors={**dataset.actors, **borders}), state)
    print("10,000 actors `Border N` with the alias `zz`:")
    for text in HOSTILE_QUERIES:
        fresh = SearchIndex(index.dataset, state)
        begin = time.perf_counter()
        count = fresh.matches(parse_query(text)).count
        print(f"  {text:36} {(time.perf_counter() - begin) * 1000:9.1f} ms {count:8,}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dataset", type=Path)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--hostile-names", action="store_true", help="also time hostile names")
    options = parser.parse_args()
    if not options.dataset.exists():
        sys.exit(f"{options.dataset}: no such dataset (make one with benchmarks/make_dataset.py)")
    measure(options.dataset, options.repeats, options.hostile_names)


if __name__ == "__main__":
    main()
