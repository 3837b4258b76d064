"""What every `briefing-app` command shares: exit statuses, safe output, which dataset to use.

Everything printed may quote an untrusted dataset (or a file name from its folder), so every
line goes out with its control characters escaped, and standard output that cannot be written
is OutputFailed, which the command's guard turns into exit status 3.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Final, TextIO

from briefing_app import paths
from briefing_app.core.loader_files import ROOT_FILE, YAML_SUFFIXES, display_path
from briefing_app.core.problems import escape_controls

EXIT_OK: Final = 0
EXIT_PROBLEMS: Final = 1
EXIT_UNREADABLE: Final = 2
EXIT_OUTPUT: Final = 3
EXIT_CRASH: Final = 4
EXIT_NO_DISPLAY: Final = 5  # the window cannot start: see display_check.py
EXIT_INTERRUPTED: Final = 130

SAMPLE_NAME: Final = "sample dataset (bundled)"
CURRENT_FOLDER_NAME: Final = "./"
_SCAN_LIMIT: Final = 1000  # entries of the current folder looked at for a stray YAML file


class OutputFailed(Exception):
    """Standard output could not be written (a full disk, a closed pipe)."""


@dataclass(frozen=True, slots=True)
class DatasetChoice:
    """The dataset a command works on, and how its messages name it (printable text).
    `note`: why the sample was used although the current folder holds YAML files."""

    path: Path
    name: str
    note: str = ""


def choose_dataset(given: Path | None) -> DatasetChoice:
    """The dataset named on the command line; without one, the current folder when it holds a
    dataset (a `dataset.yaml`, as the loader finds a folder dataset's root: even a broken one
    counts, so its problems are reported rather than the sample's), else the bundled sample."""
    if given is not None:
        return DatasetChoice(given, display_path(given))
    here = Path(".")
    if holds_dataset(here):
        return DatasetChoice(here, CURRENT_FOLDER_NAME)
    note = ""
    if _has_yaml_files(here):
        note = (
            f"this folder has YAML files but no {ROOT_FILE}, so the bundled sample was used; "
            "name a dataset (its folder or a YAML file) to use it instead"
        )
    return DatasetChoice(paths.sample_dataset(), SAMPLE_NAME, note)


def holds_dataset(folder: Path) -> bool:
    """Whether `folder` is a folder dataset: it has a `dataset.yaml` entry (of any kind)."""
    try:
        return os.path.lexists(folder / ROOT_FILE)
    except (OSError, ValueError):
        return False


def _has_yaml_files(folder: Path) -> bool:
    """Whether `folder` has a visible YAML file among its first entries: a hint that the
    person meant it as a dataset. Best effort: a folder that cannot be read has none."""
    try:
        with os.scandir(folder) as entries:
            for count, entry in enumerate(entries):
                if count >= _SCAN_LIMIT:
                    return False
                name = entry.name
                if not name.startswith(".") and name.lower().endswith(YAML_SUFFIXES):
                    return True
    except (OSError, ValueError):
        return False
    return False


def say(lines: Iterable[str], *, errors: bool = False) -> None:
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
        flush(out)
    except OutputFailed:
        if not errors:
            raise
    except (OSError, ValueError) as error:
        if not errors:
            raise OutputFailed(reason(error)) from None


def tell(name: str, message: str, *, kind: str = "error") -> None:
    """One line on standard error (`briefing-app print: error: ...`); if even that cannot be
    written, the exit status says it."""
    say([f"{name}: {kind}: {message}"], errors=True)


def flush(stream: TextIO | None) -> None:
    if stream is None:
        return
    try:
        stream.flush()
    except (OSError, ValueError) as error:
        raise OutputFailed(reason(error)) from None


def reason(error: Exception) -> str:
    return (error.strerror if isinstance(error, OSError) else None) or str(error)


def quiet_stdout() -> None:
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
