"""How long a large briefing sheet takes to compose and write as PDF, and how many pages it has.

    python benchmarks/sheet_export.py [DATASET]   # default: a generated 1,000-event dataset

Prints the seconds to compose, to lay out and write the PDF, and the page count.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dataset", nargs="?", type=Path)
    parser.add_argument("--events", type=int, default=1_000, help="size of a generated dataset")
    options = parser.parse_args()
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from make_dataset import generate
    from PySide6.QtGui import QGuiApplication

    from briefing_app.core.loader import load_dataset
    from briefing_app.core.sheet import SheetOptions, compose_sheet
    from briefing_app.ui.printing import export_pdf

    application = QGuiApplication(["benchmark"])
    with tempfile.TemporaryDirectory() as folder:
        path = options.dataset
        if path is None:
            path = Path(folder) / "data"
            generate(options.events, path, seed=7)
        dataset = load_dataset(path).dataset
        assert dataset is not None
        started = time.perf_counter()
        sheet = compose_sheet(dataset, SheetOptions(page_size="A4"))
        composed = time.perf_counter()
        pages = export_pdf(sheet, Path(folder) / "sheet.pdf")
        written = time.perf_counter()
        size = (Path(folder) / "sheet.pdf").stat().st_size
    print(
        f"{len(sheet.events):,} events: compose {composed - started:.2f} s, "
        f"lay out and write PDF {written - composed:.2f} s, {pages:,} pages, "
        f"{size / 1e6:.1f} MB"
    )
    del application


if __name__ == "__main__":
    main()
