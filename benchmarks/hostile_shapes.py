"""How the viewer copes with the shapes a hostile (or careless) dataset can take.

    python benchmarks/hostile_shapes.py [--children 50000] [--depth 20000]

Writes two datasets to a temporary folder: one event with 50,000 sub-events, and a parent chain
20,000 events deep. Then, in the real window (offscreen) and in the core, it times what used to
freeze: selecting the parent of 50,000 (its detail page), selecting the deepest event of the
chain (the tree opens every level above it), and composing the chain's sheet. Each figure is the
time of one run in seconds, in a fresh window; the cache is kept out of it.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from filter_update import offscreen_window  # a sibling script, not a package

HEAD = """\
dataset: {title: Hostile shapes, updated: "2024-07-13"}
sources:
  - {id: s, kind: article, title: S, reliability: B}
events:
  - {id: root, title: Root, sources: [s], date: "2024-07-13"}
"""


def write_dataset(path: Path, count: int, *, chain: bool) -> None:
    lines = [HEAD]
    for number in range(count):
        parent = f"e{number - 1}" if chain and number else "root"
        lines.append(
            f"  - {{id: e{number}, parent: {parent}, title: Event {number}, sources: [s], "
            'date: "2024-07-13"}\n'
        )
    path.write_text("".join(lines), encoding="utf-8")


def timed_select(path: Path, event_id: str) -> tuple[float, float]:
    """Seconds to open the dataset, and to select the event until the window has painted."""
    app, window = offscreen_window()
    started = time.perf_counter()
    window.open_dataset(path)
    while window.task is not None:
        app.processEvents()
    opened = time.perf_counter() - started
    app.processEvents()
    started = time.perf_counter()
    window.select_event(event_id)
    app.processEvents()
    selected = time.perf_counter() - started
    window.close()
    return opened, selected


def timed_sheet(path: Path) -> float:
    from briefing_app.core.loader import load_dataset
    from briefing_app.core.sheet import SheetOptions, compose_sheet

    dataset = load_dataset(path).dataset
    assert dataset is not None
    started = time.perf_counter()
    compose_sheet(dataset, SheetOptions())
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--children", type=int, default=50_000)
    parser.add_argument("--depth", type=int, default=20_000)
    options = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="hostile-shapes-"))
    os.environ["BRIEFING_VIEWER_CACHE_DIR"] = str(folder / "cache")
    wide, deep = folder / "wide.yaml", folder / "deep.yaml"
    write_dataset(wide, options.children, chain=False)
    write_dataset(deep, options.depth, chain=True)
    print(f"{'figure':<58} {'seconds':>8}")
    opened, selected = timed_select(wide, "root")
    print(f"{f'open, {options.children:,} sub-events of one event':<58} {opened:8.2f}")
    print(f"{'select their parent (its detail page)':<58} {selected:8.2f}")
    opened, selected = timed_select(deep, f"e{options.depth - 1}")
    print(f"{f'open, a chain {options.depth:,} events deep':<58} {opened:8.2f}")
    print(f"{'select the deepest event':<58} {selected:8.2f}")
    print(f"{'compose the sheet of the chain':<58} {timed_sheet(deep):8.2f}")


if __name__ == "__main__":
    main()
