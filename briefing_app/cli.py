"""The `briefing-app` command: open the viewer, or validate a dataset from the shell.

`briefing-app [DATASET]` opens the window; `briefing-app validate [DATASET]` checks a dataset and
exits 0 (no errors), 1 (errors) or 2 (the dataset cannot be read at all).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from briefing_app import __version__, paths
from briefing_app.core.loader import load_dataset
from briefing_app.core.problems import summary_line

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_UNREADABLE = 2
SUBCOMMANDS = ("validate",)


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in SUBCOMMANDS:
        try:
            return _validate(_validate_parser().parse_args(args[1:]))
        except BrokenPipeError:  # `briefing-app validate | head`: the reader has had enough
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - keeps the interpreter's flush quiet
            return EXIT_PROBLEMS
    options = _window_parser().parse_args(args)
    from briefing_app.ui.app import run_window  # Qt is only imported when a window is wanted

    return run_window(options.dataset)


def _window_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="briefing-app",
        description="Read, filter and print sourced briefings offline. "
        "Subcommands: validate (run 'briefing-app validate --help').",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "dataset",
        nargs="?",
        type=Path,
        help="a dataset folder or YAML file (default: the bundled sample briefing)",
    )
    return parser


def _validate_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="briefing-app validate",
        description="Check a dataset and list its problems as file:line:col messages. "
        "Exit status: 0 no errors, 1 errors, 2 the dataset cannot be read.",
    )
    parser.add_argument(
        "dataset",
        nargs="?",
        type=Path,
        default=None,
        help="a dataset folder or YAML file (default: the bundled sample briefing)",
    )
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text for people, json for editors and CI",
    )
    return parser


def _validate(options: argparse.Namespace) -> int:
    result = load_dataset(options.dataset or paths.sample_dataset())
    summary = summary_line(result.problems, len(result.files))
    if result.dataset is None:
        status = EXIT_UNREADABLE
    else:
        status = EXIT_PROBLEMS if result.error_count else EXIT_OK
    if options.format == "json":
        report = {
            "problems": [problem.as_dict() for problem in result.problems],
            "errors": result.error_count,
            "warnings": len(result.problems) - result.error_count,
            "files": list(result.files),
            "summary": summary,
        }
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        for problem in result.problems:
            print(problem)
        print(summary)
    return status
