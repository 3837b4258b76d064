"""Where a problem in the Problems panel leads: to the event it is in (selected in the tree), or
the page of the actor, place or source it is in; and its file, handed to the desktop."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from briefing_app.core.model import Dataset
from briefing_app.core.problem_place import ItemLocator
from briefing_app.core.problems import Problem
from briefing_app.ui.plain_text import inline
from briefing_app.ui.problems_panel import open_in_desktop


def _still_inside(file: Path, dataset: Path) -> bool:
    """Whether `file` is, now, a regular file inside the dataset (its folder, or the dataset's
    one file): a file may have been swapped for a link to elsewhere since it was read."""
    try:
        resolved = Path(os.path.realpath(file))
        root = Path(os.path.realpath(dataset))
        regular = stat.S_ISREG(os.stat(resolved).st_mode)
    except OSError:
        return False
    inside = resolved == root if not root.is_dir() else root in resolved.parents
    return regular and inside


class ProblemActions:
    """Uses the window's dataset, its load result, the tree and the pane."""

    _locator: tuple[Dataset, ItemLocator] | None = None

    def go_to_problem(self, problem: Problem) -> None:
        if self.dataset is None:
            return
        if self._locator is None or self._locator[0] is not self.dataset:
            self._locator = (self.dataset, ItemLocator(self.dataset))
        item = self._locator[1].item_at(problem.path, problem.line)
        if item is None:
            self.statusBar().showMessage(
                "This problem is in no event, actor, place or source: Open File shows it.", 8000
            )
            return
        kind, item_id = item
        if kind == "event":
            self.select_event(item_id)
        else:
            self.show_entity(kind, item_id)

    def open_problem_file(self, problem: Problem) -> None:
        """The problem's file in the desktop's application for it, if the dataset has it."""
        if self.result is None:
            return
        real = dict(zip(self.result.files, self.result.paths, strict=False)).get(problem.path)
        shown = inline(problem.path)
        if real is None or self.path is None or not _still_inside(Path(real), self.path):
            self.statusBar().showMessage(f"Not opened: {shown} is not a file of the dataset.")
            return
        if open_in_desktop(real):
            self.statusBar().showMessage(f"Opened {shown}; the problem is on line {problem.line}.")
        else:
            self.statusBar().showMessage(f"No application could open {shown}.", 8000)
