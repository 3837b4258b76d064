"""The `briefing-app` command: open the viewer, or work from the shell.

`briefing-app [DATASET]` opens the window. `briefing-app validate [DATASET]` checks a dataset;
`briefing-app print [DATASET] --output sheet.pdf` makes a briefing sheet with no display. They
exit 0 when all went well, 1 when the dataset has errors or the request is refused, 2 when the
dataset cannot be read at all, 3 when the output (the report, the PDF) could not be written,
and 4 on an unexpected failure, whose report goes to the crash log.

Everything printed quotes an untrusted dataset, so every line goes out with its control
characters escaped, and nothing reaches the terminal as a traceback: each command runs inside
one guard (`_guarded`) that turns any failure into one line.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TextIO

from briefing_app import __version__, paths
from briefing_app.core.crashlog import record_crash
from briefing_app.core.loader import load_dataset
from briefing_app.core.problems import did_you_mean, escape_controls, summary_line
from briefing_app.core.safe_output import (
    OutputExists,
    OutputRefused,
    OutputUnwritable,
    check_output_path,
)
from briefing_app.core.sheet import PAGE_SIZES, SECTION_LABELS, SECTIONS, Scope, Sheet

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_UNREADABLE = 2
EXIT_OUTPUT = 3
EXIT_CRASH = 4
EXIT_INTERRUPTED = 130
SUBCOMMANDS = ("validate", "print")


class OutputFailed(Exception):
    """Standard output could not be written (a full disk, a closed pipe)."""


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    command = args[0] if args and args[0] in SUBCOMMANDS else ""
    name = f"briefing-app {command}".strip()
    return _guarded(name, args, lambda: _run(command, args))


def _run(command: str, args: list[str]) -> int:
    if command == "print":
        return _print(_print_parser().parse_args(args[1:]))
    if command == "validate":
        return _validate(_validate_parser().parse_args(args[1:]))
    parser = _window_parser()
    options = parser.parse_args(args)
    if _looks_like_a_mistyped_command(options.dataset):
        parser.error(
            f"'{options.dataset}' is neither a command nor a dataset"
            f"{did_you_mean(str(options.dataset), SUBCOMMANDS)}; "
            f"the commands are {', '.join(SUBCOMMANDS)}"
        )
    from briefing_app.ui.app import run_window  # Qt is only imported when a window is wanted

    return run_window(options.dataset)


def _guarded(name: str, args: list[str], run: Callable[[], int]) -> int:
    """Run a command so that whatever happens the person gets one line and an exit status:
    output that cannot be written is EXIT_OUTPUT, Ctrl+C is 130, and any other failure is
    EXIT_CRASH with its traceback in the crash log, never on the terminal."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):  # what the terminal cannot encode comes out escaped
            stream.reconfigure(errors="backslashreplace")
    try:
        try:
            status = run()
        except SystemExit:  # --help, --version, a usage error: what argparse printed must out
            _flush(sys.stdout)
            raise
        _flush(sys.stdout)
    except OutputFailed as error:
        _quiet_stdout()
        _tell(name, f"the output could not be written: {error}")
        return EXIT_OUTPUT
    except KeyboardInterrupt:
        _tell(name, "interrupted")
        return EXIT_INTERRUPTED
    except Exception as error:
        try:
            report = f"the details are in {record_crash(error, ' '.join([name, *args[1:]]))}"
        except OSError as log_error:
            report = f"no report could be written ({log_error.strerror or log_error})"
        _tell(name, f"unexpected error ({type(error).__name__}); {report}")
        return EXIT_CRASH
    return status


def _say(lines: Iterable[str], *, errors: bool = False) -> None:
    """Print lines of text that may quote the dataset, each with its control characters
    escaped, so that none can steer the terminal or pass for a line of its own. They go to
    standard output, or with `errors` to standard error; standard output that cannot be
    written (closed, full, a broken pipe) is OutputFailed, standard error is best effort."""
    out = sys.stderr if errors else sys.stdout
    if out is None:  # closed (`>&-`), or no console at all (a windowed start on Windows)
        if not errors:  # a report that goes nowhere is not a report written
            raise OutputFailed("standard output is closed")
        return
    try:
        for line in lines:
            out.write(escape_controls(line) + "\n")
        _flush(out)
    except OutputFailed:
        if not errors:
            raise
    except (OSError, ValueError) as error:
        if not errors:
            raise OutputFailed(_reason(error)) from None


def _flush(stream: TextIO | None) -> None:
    if stream is None:
        return
    try:
        stream.flush()
    except (OSError, ValueError) as error:
        raise OutputFailed(_reason(error)) from None


def _reason(error: Exception) -> str:
    return (error.strerror if isinstance(error, OSError) else None) or str(error)


def _quiet_stdout() -> None:
    """Point standard output at the null device, so the interpreter's last flush of what
    could not be written does not fail again with a traceback."""
    if sys.stdout is None:  # closed: the interpreter has nothing to flush
        return
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError):
        pass


def _tell(name: str, message: str) -> None:
    """One line on standard error; if even that cannot be written, the exit status says it."""
    _say([f"{name}: error: {message}"], errors=True)


def _looks_like_a_mistyped_command(dataset: Path | None) -> bool:
    """A bare word that names nothing on disk (`valdate`): a slip, not a dataset to open."""
    if dataset is None or dataset.exists():
        return False
    return len(dataset.parts) == 1 and not dataset.suffix


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
        "Exit status: 0 no errors, 1 errors, 2 the dataset cannot be read, "
        "3 the report could not be written, 4 an unexpected failure (see the crash log).",
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
        report = {  # every string with visible escapes, as the text form shows it
            "problems": [
                {key: _escaped(value) for key, value in problem.as_dict().items()}
                for problem in result.problems
            ],
            "errors": result.error_count,
            "warnings": len(result.problems) - result.error_count,
            "files": [escape_controls(name) for name in result.files],
            "summary": summary,
        }
        # ASCII only, so valid UTF-8 whatever the terminal's encoding
        _say(json.dumps(report, indent=2).splitlines())
    else:
        _say([*(str(problem) for problem in result.problems), summary])
    return status


def _escaped(value: str | int) -> str | int:
    return escape_controls(value) if isinstance(value, str) else value


def _print_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="briefing-app print",
        description="Make a briefing sheet as a PDF, with no display. Exit status: 0 written, "
        "1 refused (bad query, unknown event, dataset errors, file exists, a target inside the "
        "dataset, a YAML file or not a regular file), 2 the dataset cannot be read, 3 the PDF "
        "could not be written (nothing was left behind), 4 an unexpected failure (see the "
        "crash log).",
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
    parser.add_argument(
        "--allow-empty",
        action="store_true",
        help="write the sheet even when the filter matches no event",
    )
    return parser


def _fail(message: str, status: int = EXIT_PROBLEMS) -> int:
    _tell("briefing-app print", message)
    return status


def _print(options: argparse.Namespace) -> int:
    from briefing_app.core.query import parse_query
    from briefing_app.core.sheet import SheetError, SheetOptions, compose_sheet

    dataset_path = options.dataset or paths.sample_dataset()
    try:  # refused at once, before a long load; the export checks again as it writes
        check_output_path(options.output, [dataset_path], replace=options.force)
    except OutputExists as error:
        return _fail(f"{error} (use --force to replace it)")
    except OutputUnwritable as error:
        return _fail(str(error), EXIT_OUTPUT)
    except OutputRefused as error:
        return _fail(str(error))
    result = load_dataset(dataset_path)
    if result.dataset is None:
        _say((str(problem) for problem in result.problems), errors=True)
        return _fail("the dataset cannot be read", EXIT_UNREADABLE)
    warning = ""
    if result.error_count:
        summary = summary_line(result.problems, len(result.files))
        if not options.allow_problems:
            _say((str(problem) for problem in result.problems), errors=True)
            return _fail(f"the dataset has {summary} (use --allow-problems to print anyway)")
        warning = (
            f"This dataset has {summary}. The sheet shows what could be read and may be incomplete."
        )
    query = parse_query(options.filter or "")
    if query.errors:
        return _fail(f"bad query: {'; '.join(error.message for error in query.errors)}")
    if options.event is not None and not options.event.strip():
        return _fail("--event needs the id of an event")  # "" must not mean the whole dataset
    scope: Scope = "event" if options.event else ("filter" if options.filter else "all")
    sheet_options = SheetOptions(
        scope=scope,
        event_id=options.event,
        query_text=options.filter or "",
        sections=frozenset(s for s in SECTIONS if not getattr(options, f"no_{s}")),
        page_size=options.page_size or "",
        landscape=options.landscape,
    )
    try:
        sheet = compose_sheet(
            result.dataset, sheet_options, query=query, warning=warning, location=dataset_path
        )
    except SheetError as error:
        return _fail(str(error))
    if not sheet.events and not options.allow_empty:
        return _fail("the filter matches no event (use --allow-empty to write the sheet anyway)")
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
    except ExportError as error:
        status = EXIT_PROBLEMS if error.refused else EXIT_OUTPUT
        return _fail(f"{output} was not written: {error}", status)
    finally:
        del application
    _say([f"{output}: {pages} pages, {sheet.scope_line}"])
    return EXIT_OK
