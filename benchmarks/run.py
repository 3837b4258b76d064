"""The large-dataset benchmark: one table, beside PyYAML's raw parse of the same files.

    python benchmarks/run.py                      # 1k, 10k, 50k and 100k events, 3 runs each
    python benchmarks/run.py --events 1000 50000 --runs 5 --work /tmp/bench

For each size it generates a dataset (once, kept in --work), then measures, each figure the
median of --runs runs, each run in a fresh process (so it starts cold and its peak memory is
its own):

- raw parse: `yaml.load` with PyYAML's CSafeLoader over every file, the yardstick;
- cold open: read and check every file, build the search index and the storyline tree;
- re-open: the same for a dataset opened before and unchanged since (from the cache);
- peak memory of the process during an open;
- first paint: from start to the window painted with the dataset in it;
- first filter and typical filter: one filter update in the real window, the first after
  opening and the median of several different queries, each run for the first time;
and, once, the time for a 1,000-event briefing sheet as PDF.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # the other benchmark scripts, imported as modules


def _peak_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def worker_raw(path: Path) -> dict[str, float]:
    import yaml

    started = time.perf_counter()
    for file in sorted(path.rglob("*.yaml")):
        yaml.load(file.read_bytes(), Loader=yaml.CSafeLoader)
    return {"seconds": time.perf_counter() - started}


def worker_open(path: Path) -> dict[str, float]:
    from briefing_app.ui.loading import load_for_window

    started = time.perf_counter()
    loaded = load_for_window(path, "storyline")
    seconds = time.perf_counter() - started
    assert loaded.result.dataset is not None
    assert loaded.result.error_count == 0
    return {"seconds": seconds, "peak_mb": _peak_mb(), "events": len(loaded.result.dataset.events)}


def worker_window(path: Path, started: float) -> dict[str, float]:
    from filter_update import QUERIES, offscreen_window, open_and_wait, timed_update

    app, window = offscreen_window()
    open_and_wait(app, window, path)
    first_paint = time.perf_counter() - started
    first = timed_update(app, window, QUERIES[0])
    typical = statistics.median(timed_update(app, window, text) for text in QUERIES[1:] if text)
    return {
        "first_paint": first_paint,
        "first_filter_ms": first,
        "typical_filter_ms": typical,
        "peak_mb": _peak_mb(),
    }


def worker_sheet(path: Path) -> dict[str, float]:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtGui import QGuiApplication

    from briefing_app.core.loader import load_dataset
    from briefing_app.core.sheet import SheetOptions, compose_sheet
    from briefing_app.ui.printing import export_pdf

    application = QGuiApplication(["benchmark"])
    dataset = load_dataset(path).dataset
    assert dataset is not None
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        pages = export_pdf(
            compose_sheet(dataset, SheetOptions(page_size="A4")), Path(folder) / "s.pdf"
        )
    seconds = time.perf_counter() - started
    del application
    return {"seconds": seconds, "pages": pages}


def measure(kind: str, path: Path, runs: int, cache: Path | None = None) -> dict[str, float]:
    """The median of `runs` fresh processes for each figure one kind of worker reports.

    With no `cache` folder each run starts with an empty cache, as a first open does."""
    results = []
    for _ in range(runs):
        folder = cache or Path(tempfile.mkdtemp(prefix="briefing-bench-cache-"))
        environment = {**os.environ, "BRIEFING_VIEWER_CACHE_DIR": str(folder)}
        done = subprocess.run(
            [sys.executable, __file__, "--worker", kind, str(path), str(time.perf_counter())],
            capture_output=True,
            text=True,
            check=False,
            env=environment,
        )
        if done.returncode:
            sys.exit(f"the {kind} measurement of {path} failed:\n{done.stderr}")
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return {key: statistics.median(result[key] for result in results) for key in results[0]}


def dataset_for(events: int, work: Path) -> Path:
    from make_dataset import generate

    path = work / f"events-{events}"
    if not (path / "dataset.yaml").exists():
        generate(events, path, seed=7)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, nargs="+", default=[1_000, 10_000, 50_000, 100_000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "briefing-bench")
    parser.add_argument(
        "--worker", nargs=3, metavar=("KIND", "PATH", "STARTED"), help=argparse.SUPPRESS
    )
    options = parser.parse_args()
    if options.worker:
        kind, path, started = options.worker
        workers = {"raw": worker_raw, "open": worker_open, "sheet": worker_sheet}
        if kind == "window":
            result = worker_window(Path(path), float(started))
        else:
            result = workers[kind](Path(path))
        print(json.dumps(result))
        return
    options.work.mkdir(parents=True, exist_ok=True)
    header = (
        f"{'events':>8} {'size MB':>8} {'raw s':>7} {'open s':>7} {'x raw':>6} {'reopen s':>9} "
        f"{'peak MB':>8} {'paint s':>8} {'1st filt ms':>12} {'typ filt ms':>12}"
    )
    print(header)
    print("-" * len(header))
    for events in options.events:
        path = dataset_for(events, options.work)
        size = sum(file.stat().st_size for file in path.rglob("*.yaml")) / 1e6
        raw = measure("raw", path, options.runs)
        cold = measure("open", path, options.runs)
        warmed = Path(tempfile.mkdtemp(prefix="briefing-bench-cache-"))
        measure("open", path, 1, warmed)  # fills the cache a re-open then finds
        again = measure("open", path, options.runs, warmed)
        window = measure("window", path, options.runs)
        print(
            f"{events:>8,} {size:>8.1f} {raw['seconds']:>7.2f} {cold['seconds']:>7.2f} "
            f"{cold['seconds'] / raw['seconds']:>6.2f} {again['seconds']:>9.2f} "
            f"{max(cold['peak_mb'], window['peak_mb']):>8.0f} {window['first_paint']:>8.2f} "
            f"{window['first_filter_ms']:>12.1f} {window['typical_filter_ms']:>12.1f}",
            flush=True,
        )
    sheet = measure("sheet", dataset_for(1_000, options.work), 1)
    print(f"\n1,000-event briefing sheet: {sheet['seconds']:.2f} s, {sheet['pages']:.0f} pages")


if __name__ == "__main__":
    main()
