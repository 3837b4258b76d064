"""How long validation takes when one slip breaks thousands of references, and how soon Cancel
stops it once every file has been read (the cross-file checks and their "did you mean").

    python benchmarks/broken_references.py [--events 20000]

Generates a dataset (seed 7), times a clean load, then misspells `event-` as `evnt-` in the
parents and related events of one events file (a `sed` slip: 2,341 references to events break at
20,000 events), times that load, then loads it again and asks to cancel as soon as the last file
has been read.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=20_000, help="size of the dataset")
    options = parser.parse_args()
    from make_dataset import generate

    from briefing_app.core.loader import LoadCancelled, LoadProgress, load_dataset

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "data"
        generate(options.events, path, seed=7)
        started = time.perf_counter()
        clean = load_dataset(path)
        print(f"clean:  {time.perf_counter() - started:6.1f} s, {clean.error_count} errors")

        slipped = sorted((path / "events").glob("*.yaml"))[min(3, options.events // 2_000)]
        lines = slipped.read_text("utf-8").splitlines(keepends=True)
        slipped.write_text(
            "".join(
                line.replace("event-", "evnt-")
                if line.lstrip().startswith(("parent:", "related:"))
                else line
                for line in lines
            ),
            "utf-8",
        )
        started = time.perf_counter()
        broken = load_dataset(path)
        unresolved = sum(p.rule == "unresolved-reference" for p in broken.problems)
        print(
            f"broken: {time.perf_counter() - started:6.1f} s, {unresolved:,} unresolved "
            f"references, {sum('did you mean' in p.message for p in broken.problems):,} "
            "with a suggestion"
        )

        asked: list[float] = []

        def progress(step: LoadProgress) -> None:
            if step.files_done == step.files_total:
                asked.append(time.perf_counter())

        try:
            load_dataset(path, progress=progress, cancelled=lambda: bool(asked))
        except LoadCancelled:
            print(f"cancel: stopped {time.perf_counter() - asked[0]:6.2f} s after it was asked")
        else:
            print(f"cancel: ignored, the load ran {time.perf_counter() - asked[0]:.1f} s more")


if __name__ == "__main__":
    main()
