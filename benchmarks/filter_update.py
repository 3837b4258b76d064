"""How long one filter update takes in the real window, on a large generated dataset.

    python benchmarks/filter_update.py /tmp/big50k        # make it with make_dataset.py first

A filter update is everything from the query to a repainted tree: the core's query over its
index, the proxy's filter change, restoring expansion, and the view's relayout. Each query runs
several times with the tree collapsed, again with every storyline open, and again with
everything open (Expand All); the medians are printed in milliseconds.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

QUERIES = (
    "withdrawal",
    "convoy brigade",
    '"air defence"',
    "actor:kovalenko",
    "tag:border status:contested",
    "after:2020-01 before:2020-06",
    "reliability:>=B credibility:<=2",
    "drones OR sanctions -civilians",
    "",
)


def offscreen_window() -> tuple[Any, Any]:
    """The real main window, offscreen, with settings in a throwaway folder."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings

    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tempfile.mkdtemp())
    from briefing_app.ui.app import application
    from briefing_app.ui.main_window import MainWindow

    app = application()
    window = MainWindow()
    window.resize(1400, 900)
    window.show()
    return app, window


def open_and_wait(app: Any, window: Any, path: Path) -> None:
    """Open `path` as a person would, and wait for it (a large dataset loads in the background)."""
    window.open_dataset(path)
    while window.task is not None:
        app.processEvents()
        time.sleep(0.002)
    window.repaint()
    app.processEvents()


def timed_update(app: Any, window: Any, text: str) -> float:
    """Milliseconds from a query to the tree painted with its result, as the event loop lays
    it out and paints it: nothing is forced, so nothing is painted twice."""
    from briefing_app.core.query import parse_query

    paints = _paint_counter(window)
    painted = paints.count
    begin = time.perf_counter()
    window.apply_query(parse_query(text))
    while paints.count == painted:
        app.processEvents()
        if time.perf_counter() - begin > 10:
            raise RuntimeError(f"the tree was never repainted after {text!r}")
    return (time.perf_counter() - begin) * 1000


def _paint_counter(window: Any) -> Any:
    """An event filter counting the tree's paints, installed once per window."""
    from PySide6.QtCore import QEvent, QObject

    class PaintCounter(QObject):
        count = 0

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                self.count += 1
            return False

    viewport = window.tree.viewport()
    counter = viewport.findChild(PaintCounter, "paint-counter")
    if counter is None:
        counter = PaintCounter(viewport)
        counter.setObjectName("paint-counter")
        viewport.installEventFilter(counter)
    return counter


def measure(path: Path, repeats: int) -> None:
    app, window = offscreen_window()
    started = time.perf_counter()
    open_and_wait(app, window, path)
    print(f"opened {path} in {time.perf_counter() - started:.2f} s")
    assert window.dataset is not None
    print(f"{len(window.dataset.events):,} events")

    def update(text: str) -> float:
        return timed_update(app, window, text)

    for state in ("collapsed", "storylines open", "everything open"):
        if state == "storylines open":
            window.expanded["storyline"] = set(window.dataset.roots())
            timed_update(app, window, "")
        elif state == "everything open":
            window.expand_all()
            app.processEvents()
        print(f"\ntree {state}:")
        print(f"  {'query':40} {'first ms':>9} {'median ms':>10} {'events':>8}")
        medians = []
        for text in QUERIES:
            first = update(text)
            times = [update(text) for _ in range(repeats)]
            medians.append(statistics.median(times))
            shown = window.count_label.text().split(" of ")[0]
            print(f"  {text or '(empty)':40} {first:9.1f} {medians[-1]:10.1f} {shown:>8}")
        print(f"  median of medians: {statistics.median(medians):.1f} ms")
    window.close()


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
