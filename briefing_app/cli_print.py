"""`briefing-app print`: a briefing sheet as a PDF, made with no display.

The target is checked before the dataset is read (a refusal should not wait for a long load)
and again as it is written; the name is kept as typed, so `-o out/` still says "a folder".
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from briefing_app.cli_common import (
    EXIT_OK,
    EXIT_OUTPUT,
    EXIT_PROBLEMS,
    EXIT_UNREADABLE,
    DatasetChoice,
    choose_dataset,
    say,
    tell,
)
from briefing_app.core.loader import load_dataset
from briefing_app.core.problems import summary_line
from briefing_app.core.safe_output import (
    OutputExists,
    OutputRefused,
    OutputUnwritable,
    check_output_path,
)
from briefing_app.core.sheet import PAGE_SIZES, SECTION_LABELS, SECTIONS, Scope, Sheet

NAME = "briefing-app print"
PDF_SUFFIX = ".pdf"


def print_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=NAME,
        description="Make a briefing sheet as a PDF, with no display. Exit status: 0 written, "
        "1 refused (bad query, unknown event, dataset errors, file exists, a folder, a name "
        "not ending in .pdf, a target inside the dataset, a YAML file or not a regular file), "
        "2 the dataset cannot be read or the command line is wrong, 3 the PDF could not be "
        "written (nothing was left behind), 4 an unexpected failure (see the crash log), "
        "130 interrupted.",
    )
    parser.add_argument(
        "dataset",
        nargs="?",
        type=Path,
        default=None,
        metavar="DATASET",
        help="a dataset folder or YAML file (default: the current folder if it has a "
        "dataset.yaml, else the bundled sample)",
    )
    parser.add_argument(
        "--output", "-o", required=True, metavar="FILE.pdf", help="the PDF to write"
    )
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
    tell(NAME, message)
    return status


def run_print(options: argparse.Namespace) -> int:
    from briefing_app.core.query import parse_query
    from briefing_app.core.sheet import SheetError, SheetOptions, compose_sheet

    chosen = choose_dataset(options.dataset)
    output: str = options.output
    try:  # refused at once, before a long load; the export checks again as it writes
        target = check_output_path(output, [chosen.path], replace=options.force, suffix=PDF_SUFFIX)
    except OutputExists as error:
        return _fail(f"{error} (use --force to replace it)")
    except OutputUnwritable as error:
        return _fail(str(error), EXIT_OUTPUT)
    except OutputRefused as error:
        return _fail(str(error))
    if not target.parent.is_dir():
        folder = os.path.dirname(output) or "."
        return _fail(f"{output} cannot be written: there is no folder {folder}", EXIT_OUTPUT)
    if chosen.note:
        tell(NAME, chosen.note, kind="note")
    result = load_dataset(chosen.path)
    if result.dataset is None:
        say((str(problem) for problem in result.problems), errors=True)
        return _fail(f"{chosen.name} cannot be read", EXIT_UNREADABLE)
    warning = ""
    if result.error_count:
        summary = summary_line(result.problems, len(result.files))
        if not options.allow_problems:
            say((str(problem) for problem in result.problems), errors=True)
            return _fail(f"{chosen.name} has {summary} (use --allow-problems to print anyway)")
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
            result.dataset, sheet_options, query=query, warning=warning, location=chosen.path
        )
    except SheetError as error:
        return _fail(str(error))
    if not sheet.events and not options.allow_empty:
        return _fail("the filter matches no event (use --allow-empty to write the sheet anyway)")
    return _write_pdf(sheet, output, chosen, force=options.force)


def _write_pdf(sheet: Sheet, output: str, chosen: DatasetChoice, *, force: bool) -> int:
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
        pages = export_pdf(sheet, Path(output), overwrite=force)
    except ExportError as error:
        status = EXIT_PROBLEMS if error.refused else EXIT_OUTPUT
        return _fail(f"{output} was not written: {error}", status)
    finally:
        del application
    plural = "" if pages == 1 else "s"
    say([f"{output}: {pages:,} page{plural} from {chosen.name}, {sheet.scope_line}"])
    return EXIT_OK
