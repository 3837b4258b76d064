"""The strict dataset loader: YAML files in, a frozen Dataset and every problem out.

It reads all files and reports all problems in one pass, and still returns what validated, so the
viewer can show an incomplete dataset beside the list of what is wrong with it. The work is split
by step: `loader_files` lists and reads files safely, `yamlread` turns one into nodes,
`loader_values`, `loader_build` and `loader_figures` read the nodes against the tables in
`loader_fields`, and `loader_checks` checks across files.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from briefing_app.core.loader_build import Builder
from briefing_app.core.loader_checks import LoadCancelled
from briefing_app.core.loader_fields import FIELDS, ID_PATTERN, Fields
from briefing_app.core.loader_files import (
    ROOT_FILE,
    YAML_SUFFIXES,
    DataFile,
    dataset_files,
    display_path,
    list_dataset,
)
from briefing_app.core.model import Dataset
from briefing_app.core.problems import Problem, count_errors
from briefing_app.core.yamlread import FileReader, garbage_collector_paused

__all__ = [
    "FIELDS",
    "ID_PATTERN",
    "ROOT_FILE",
    "YAML_SUFFIXES",
    "Fields",
    "FileReader",
    "LoadCancelled",
    "LoadProgress",
    "LoadResult",
    "dataset_files",
    "load_dataset",
]


@dataclass(frozen=True, slots=True)
class LoadResult:
    """What a load gives back. `dataset` is None only when nothing could be read at all.

    `files` are the files' names as shown (printable, as in every Problem); `paths` are the same
    files as paths to open, hash or watch (as is `dataset.files`). The two differ only where a
    name is not printable: bytes that are not UTF-8, control characters."""

    dataset: Dataset | None
    problems: tuple[Problem, ...]
    files: tuple[str, ...]
    paths: tuple[str, ...]

    @property
    def error_count(self) -> int:
        return count_errors(self.problems)


@dataclass(frozen=True, slots=True)
class LoadProgress:
    """How far a load has got, reported after each file."""

    files_done: int
    files_total: int
    events_read: int


def load_dataset(
    path: Path | str,
    *,
    progress: Callable[[LoadProgress], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> LoadResult:
    """Load a folder dataset (`dataset.yaml` plus YAML files below it) or a single YAML file.

    `progress` hears after each file; when `cancelled` says so, the load stops (between two
    files, or every so often in the checks across files) with LoadCancelled. Both let a window
    load a large dataset in the background."""
    path = Path(path)
    display_root = display_path(path)
    is_cancelled = cancelled or _never
    try:
        if path.is_dir():
            listing = list_dataset(path)
            if not any(file.path == path / ROOT_FILE for file in listing.files) and not any(
                problem.path == display_path(path / ROOT_FILE) for problem in listing.problems
            ):
                return _unreadable(display_root, f"no {ROOT_FILE} in this folder: not a dataset")
            files, problems, inside = listing.files, listing.problems, listing.inside
        elif os.path.lexists(path):
            files, problems, inside = (DataFile(path, display_root),), (), None
        else:
            return _unreadable(display_root, "no such file or folder")
    except OSError as error:
        return _unreadable(display_root, f"cannot read the dataset: {error.strerror or error}")
    root_file = path if inside is None else path / ROOT_FILE
    builder = Builder(inside, is_cancelled)
    builder.problems.extend(problems)
    with garbage_collector_paused():
        for done, file in enumerate(files, 1):
            if is_cancelled():
                raise LoadCancelled(display_root)
            builder.read_file(file.path, file.display, is_root=file.path == root_file)
            if progress is not None:
                progress(LoadProgress(done, len(files), len(builder.events)))
        if inside is None and builder.reader.refused:
            return LoadResult(None, tuple(sorted(builder.problems)), (), ())
        paths = tuple(str(file.path) for file in files)
        fallback_title = display_path(path.stem if inside is None else path.name)
        dataset = builder.finish(fallback_title, paths)  # its users open them: real paths
    displays = tuple(file.display for file in files)
    return LoadResult(dataset, tuple(sorted(builder.problems)), displays, paths)


def _never() -> bool:
    return False


def _unreadable(display: str, message: str) -> LoadResult:
    problem = Problem(display, 1, 1, "error", message, "dataset")
    return LoadResult(None, (problem,), (), ())
