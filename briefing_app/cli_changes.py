"""The `changes` subcommand: what changed in a dataset since another version of it.

    briefing-app changes DATASET --against OTHER [--format text|json] [--allow-problems]

OTHER is another folder or file (an earlier copy). Reading a revision of the dataset's own git
repository (`git:REV`) is issue 13's next step and is refused, for now, in one line. Exit 0
when the comparison ran, whatever it found; 1 when either side has errors (a comparison of
half-read data would report what is missing as removed), unless `--allow-problems`; 2 when a
side cannot be read or the command line is wrong.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from briefing_app.cli_common import EXIT_OK, EXIT_PROBLEMS, EXIT_UNREADABLE, say, tell
from briefing_app.core.compare import KINDS, Changes, as_json, compare
from briefing_app.core.loader import load_dataset
from briefing_app.core.loader_files import display_path
from briefing_app.core.problems import escape_controls, summary_line

NAME = "briefing-app changes"


def changes_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=NAME,
        description="What changed in DATASET since OTHER, an earlier copy of it: events, "
        "sources, actors and places added, removed and changed, with each field's value "
        "before and after. Exit status: 0 compared, 1 either side has errors (see "
        "--allow-problems), 2 a side cannot be read or the command line is wrong.",
    )
    parser.add_argument("dataset", type=Path, metavar="DATASET", help="the newer version")
    parser.add_argument(
        "--against", required=True, metavar="OTHER", help="the older version: a folder or file"
    )
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument(
        "--allow-problems", action="store_true", help="compare even when a side has errors"
    )
    return parser


def run_changes(options: argparse.Namespace) -> int:
    if options.against.startswith("git:"):
        tell(NAME, "git revisions are not read yet: give a folder or file holding that version")
        return EXIT_UNREADABLE
    sides = []
    for path in (Path(options.against), options.dataset):
        result = load_dataset(path)
        name = display_path(path)
        if result.dataset is None:
            tell(NAME, f"{name} cannot be read: {summary_line(result.problems, len(result.files))}")
            return EXIT_UNREADABLE
        if result.error_count and not options.allow_problems:
            tell(
                NAME,
                f"{name} has errors ({summary_line(result.problems, len(result.files))}); "
                "run 'briefing-app validate' on it, or give --allow-problems",
            )
            return EXIT_PROBLEMS
        sides.append(result.dataset)
    changes = compare(sides[0], sides[1])
    if options.format == "json":
        report = as_json(changes, escape_controls(options.against))
        say(json.dumps(_escaped(report), indent=2).splitlines())  # ASCII: \\u escapes
    else:
        say(text_report(changes, display_path(options.against)))
    return EXIT_OK


def text_report(changes: Changes, against: str) -> list[str]:
    lines = [f"changes since {against}:"]
    for kind in KINDS:
        found = changes.of(kind)
        lines += (f"  + {kind[:-1]} {item}" for item in found.added)
        lines += (f"  - {kind[:-1]} {item}" for item in found.removed)
        for item in found.changed:
            lines.append(f"  ~ {kind[:-1]} {item.id}")
            lines += (
                f"      {change.field}: {_short(change.before)} -> {_short(change.after)}"
                for change in item.fields
            )
    counts = ", ".join(
        f"{len(changes.of(kind).added)} added, {len(changes.of(kind).removed)} removed, "
        f"{len(changes.of(kind).changed)} changed {kind}"
        for kind in KINDS
        if changes.of(kind).any
    )
    lines.append(counts or "no changes")
    return lines


def _short(value: str, limit: int = 80) -> str:
    """A value on one line, cut short: the JSON form has it whole."""
    flat = " ".join(value.split()) or "(none)"
    return flat if len(flat) <= limit else flat[: limit - 1] + "\u2026"


def _escaped(value: object) -> object:
    """Every string of the report with visible escapes, as `validate --format json` does."""
    if isinstance(value, str):
        return escape_controls(value)
    if isinstance(value, list):
        return [_escaped(item) for item in value]
    if isinstance(value, dict):
        return {escape_controls(str(key)): _escaped(item) for key, item in value.items()}
    return value
