"""The `briefing-app` command: open the viewer, or work from the shell.

`briefing-app [DATASET]` opens the window. `briefing-app validate [DATASET]` checks a dataset;
`briefing-app print [DATASET] --output sheet.pdf` makes a briefing sheet with no display
(cli_print.py). With no DATASET, each uses the current folder when it holds a dataset (a
`dataset.yaml`), else the bundled sample (the window: else the last dataset, then the sample),
and the commands name what they used, so a broken dataset is never passed over for the sample
in silence. They exit 0 when all went well, 1 when the dataset has errors or the request is
refused, 2 when the dataset cannot be read at all or the command line is wrong, 3 when the
output (the report, the PDF) could not be written, 4 on an unexpected failure, whose report
goes to the crash log, and 130 when interrupted.

Everything printed quotes an untrusted dataset, so every line goes out with its control
characters escaped (cli_common.say), and nothing reaches the terminal as a traceback: each
command runs inside one guard (`_guarded`) that turns any failure into one line.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from briefing_app import __version__
from briefing_app.cli_common import (
    EXIT_CRASH,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_OUTPUT,
    EXIT_PROBLEMS,
    EXIT_UNREADABLE,
    OutputFailed,
    choose_dataset,
    flush,
    holds_dataset,
    quiet_stdout,
    say,
    tell,
)
from briefing_app.core.crashlog import record_crash
from briefing_app.core.loader import load_dataset
from briefing_app.core.problems import did_you_mean, escape_controls, summary_line

__all__ = [
    "EXIT_CRASH",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_OUTPUT",
    "EXIT_PROBLEMS",
    "EXIT_UNREADABLE",
    "SUBCOMMANDS",
    "main",
]

COMMANDS = {  # every subcommand, with the line `briefing-app --help` gives it
    "validate": "check a dataset and list its problems as file:line:col messages",
    "print": "make a briefing sheet as a PDF, with no display",
    "changes": "what changed in a dataset since an earlier copy of it",
}
SUBCOMMANDS = tuple(COMMANDS)


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    command = args[0] if args and args[0] in SUBCOMMANDS else ""
    name = f"briefing-app {command}".strip()
    return _guarded(name, args, lambda: _run(command, args))


def _attach_filter(args: list[str]) -> list[str]:
    """`--filter -wagner` as `--filter=-wagner`: a query may start with `-word`, which argparse
    would otherwise take for an option and refuse. A following `--option` is left alone, so a
    missing query is still an error."""
    joined: list[str] = []
    position = 0
    while position < len(args):
        following = args[position + 1] if position + 1 < len(args) else "--"
        if args[position] == "--filter" and not following.startswith("--"):
            joined.append(f"--filter={args[position + 1]}")
            position += 2
        else:
            joined.append(args[position])
            position += 1
    return joined


def _run(command: str, args: list[str]) -> int:
    if command == "print":
        from briefing_app.cli_print import print_parser, run_print

        return run_print(print_parser().parse_args(_attach_filter(args[1:])))
    if command == "validate":
        return _validate(_validate_parser().parse_args(args[1:]))
    if command == "changes":
        from briefing_app.cli_changes import changes_parser, run_changes

        return run_changes(changes_parser().parse_args(args[1:]))
    parser = _window_parser()
    options = parser.parse_args(args)
    if _looks_like_a_mistyped_command(options.dataset):
        parser.error(
            f"'{options.dataset}' is neither a command nor a dataset"
            f"{did_you_mean(str(options.dataset), SUBCOMMANDS)}; "
            f"the commands are {', '.join(SUBCOMMANDS)}"
        )
    from briefing_app.ui.app import run_window  # Qt is only imported when a window is wanted

    return run_window(options.dataset or _current_folder_dataset())


def _current_folder_dataset() -> Path | None:
    """The current folder, as an absolute path (the window remembers it), when it holds a
    dataset; else None, and the window opens the last dataset or the sample."""
    if not holds_dataset(Path(".")):
        return None
    try:
        return Path.cwd()
    except OSError:  # the folder was removed under us
        return None


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
            flush(sys.stdout)
            raise
        flush(sys.stdout)
    except OutputFailed as error:
        quiet_stdout()
        tell(name, f"the output could not be written: {error}")
        return EXIT_OUTPUT
    except KeyboardInterrupt:
        tell(name, "interrupted")
        return EXIT_INTERRUPTED
    except Exception as error:
        try:
            report = f"the details are in {record_crash(error, ' '.join([name, *args[1:]]))}"
        except OSError as log_error:
            report = f"no report could be written ({log_error.strerror or log_error})"
        tell(name, f"unexpected error ({type(error).__name__}); {report}")
        return EXIT_CRASH
    return status


def _looks_like_a_mistyped_command(dataset: Path | None) -> bool:
    """A bare word that names nothing on disk (`valdate`): a slip, not a dataset to open."""
    if dataset is None or dataset.exists():
        return False
    return len(dataset.parts) == 1 and not dataset.suffix


_DATASET_HELP = (
    "a dataset folder or YAML file (default: the current folder if it has a dataset.yaml, "
    "else the bundled sample)"
)


def _window_parser() -> argparse.ArgumentParser:
    width = max(len(command) for command in COMMANDS) + 2
    listing = "\n".join(f"  {name:<{width}}{line}" for name, line in COMMANDS.items())
    parser = argparse.ArgumentParser(
        prog="briefing-app",
        usage="%(prog)s [-h] [--version] [DATASET]\n       %(prog)s COMMAND [DATASET] [options]",
        description="Read, filter and print sourced briefings offline.\n\n"
        "With no command, open the window on DATASET (default: the current folder if it has\n"
        "a dataset.yaml, else the last dataset opened, else the bundled sample).",
        epilog=f"commands:\n{listing}\n\n"
        "Run 'briefing-app COMMAND --help' for a command's options.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "dataset", nargs="?", type=Path, metavar="DATASET", help="a dataset folder or YAML file"
    )
    return parser


def _validate_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="briefing-app validate",
        description="Check a dataset and list its problems as file:line:col messages, then a "
        "summary line naming the dataset checked. Exit status: 0 no errors, 1 errors, "
        "2 the dataset cannot be read or the command line is wrong, 3 the report could not "
        "be written, 4 an unexpected failure (see the crash log), 130 interrupted.",
    )
    parser.add_argument(
        "dataset", nargs="?", type=Path, default=None, metavar="DATASET", help=_DATASET_HELP
    )
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text for people, json for editors and CI",
    )
    return parser


def _validate(options: argparse.Namespace) -> int:
    chosen = choose_dataset(options.dataset)
    if chosen.note:
        tell("briefing-app validate", chosen.note, kind="note")
    result = load_dataset(chosen.path)
    summary = f"{chosen.name}: {summary_line(result.problems, len(result.files))}"
    if result.dataset is None:
        status = EXIT_UNREADABLE
    else:
        status = EXIT_PROBLEMS if result.error_count else EXIT_OK
    if options.format == "json":
        report = {  # every string with visible escapes, as the text form shows it
            "dataset": escape_controls(chosen.name),
            "problems": [
                {key: _escaped(value) for key, value in problem.as_dict().items()}
                for problem in result.problems
            ],
            "errors": result.error_count,
            "warnings": len(result.problems) - result.error_count,
            "files": [escape_controls(name) for name in result.files],
            "summary": escape_controls(summary),
        }
        # ASCII only, so valid UTF-8 whatever the terminal's encoding
        say(json.dumps(report, indent=2).splitlines())
    else:
        say([*(str(problem) for problem in result.problems), summary])
    return status


def _escaped(value: str | int) -> str | int:
    return escape_controls(value) if isinstance(value, str) else value
