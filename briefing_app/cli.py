"""The `briefing-app` command: open the viewer, or work from the shell.

`briefing-app [DATASET]` opens the window. `briefing-app validate [DATASET]` checks a dataset;
`briefing-app print [DATASET] --output sheet.pdf` makes a briefing sheet with no display. Both
exit 0 when all went well, 1 when the dataset has errors or the request cannot be met, and 2 when
the dataset cannot be read at all.
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
from briefing_app.core.sheet import PAGE_SIZES, SECTION_LABELS, SECTIONS, Sheet

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_UNREADABLE = 2
SUBCOMMANDS = ("validate", "print")


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "print":
        return _print(_print_parser().parse_args(args[1:]))
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
        "Subcommands: validate, print (run 'briefing-app validate --help').",
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


def _print_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="briefing-app print",
        description="Make a briefing sheet as a PDF, with no display. Exit status: 0 written, "
        "1 not written (bad query, unknown event, dataset errors, file exists), "
        "2 the dataset cannot be read.",
    )
    parser.add_argument(
        "dataset", nargs="?", type=Path, default=None, help="default: the bundled sample"
    )
    parser.add_argument("--output", "-o", type=Path, required=True, help="the PDF to write")
    scope = parser.add_mutually_exclusive_group()
    scope.add_argument("--filter", metavar="QUERY", help="only the events this query matches")
    scope.add_argument("--event", metavar="ID", help="one event and its sub-events")
    parser.add_argument("--page-size", choices=PAGE_SIZES, help="default: from the locale")
    parser.add_argument("--landscape", action="store_true")
    for section in SECTIONS:
        parser.add_argument(
            f"--no-{section}",
            dest=f"no_{section}",
            action="store_true",
            help=f"leave out the {SECTION_LABELS[section].lower()}",
        )
    parser.add_argument("--force", action="store_true", help="replace an existing file")
    parser.add_argument(
        "--allow-problems",
        action="store_true",
        help="print a dataset that has errors, with a warning on the first page",
    )
    return parser


def _fail(message: str, status: int = EXIT_PROBLEMS) -> int:
    print(f"briefing-app print: error: {message}", file=sys.stderr)
    return status


def _print(options: argparse.Namespace) -> int:
    from briefing_app.core.query import parse_query
    from briefing_app.core.sheet import SheetError, SheetOptions, compose_sheet

    if options.output.exists() and not options.force:
        return _fail(f"{options.output} already exists (use --force to replace it)")
    result = load_dataset(options.dataset or paths.sample_dataset())
    if result.dataset is None:
        for problem in result.problems:
            print(problem, file=sys.stderr)
        return _fail("the dataset cannot be read", EXIT_UNREADABLE)
    warning = ""
    if result.error_count:
        summary = summary_line(result.problems, len(result.files))
        if not options.allow_problems:
            for problem in result.problems:
                print(problem, file=sys.stderr)
            return _fail(f"the dataset has {summary} (use --allow-problems to print anyway)")
        warning = (
            f"This dataset has {summary}. The sheet shows what could be read and may be incomplete."
        )
    query = parse_query(options.filter or "")
    if query.errors:
        return _fail(f"bad query: {'; '.join(error.message for error in query.errors)}")
    scope = "event" if options.event else ("filter" if options.filter else "all")
    sheet_options = SheetOptions(
        scope=scope,
        event_id=options.event,
        query_text=options.filter or "",
        sections=frozenset(s for s in SECTIONS if not getattr(options, f"no_{s}")),
        page_size=options.page_size or "",
        landscape=options.landscape,
    )
    try:
        sheet = compose_sheet(result.dataset, sheet_options, query=query, warning=warning)
    except SheetError as error:
        return _fail(str(error))
    return _write_pdf(sheet, options.output, force=options.force)


def _write_pdf(sheet: Sheet, output: Path, *, force: bool) -> int:
    """Lay the sheet out with Qt on the offscreen platform: no display is needed."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    import dataclasses

    from PySide6.QtGui import QGuiApplication

    from briefing_app.ui.printing import ExportError, default_page_size, export_pdf

    application = QGuiApplication.instance() or QGuiApplication(["briefing-app"])
    if not sheet.options.page_size:
        options = dataclasses.replace(sheet.options, page_size=default_page_size())
        sheet = dataclasses.replace(sheet, options=options)
    try:
        pages = export_pdf(sheet, output, overwrite=force)
    except (ExportError, OSError) as error:
        return _fail(f"{output} was not written: {error}")
    finally:
        del application
    print(f"{output}: {pages} pages, {sheet.scope_line}")
    return EXIT_OK
