"""The dataset a window shows: opening it (in the background when large), swapping it in,
watching it on disk and reloading it, and refusing what cannot be read.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox

from briefing_app import paths
from briefing_app.core.loader import ROOT_FILE, LoadProgress, LoadResult, dataset_files
from briefing_app.core.loader_files import display_path
from briefing_app.core.problems import Problem, summary_line
from briefing_app.core.tree import GROUPINGS
from briefing_app.ui.background import Report
from briefing_app.ui.guard import guarded
from briefing_app.ui.loading import Loaded, load_for_window
from briefing_app.ui.plain_text import (
    add_data_action,
    inline,
    isolate,
    message_box,
    one_line,
    tooltip,
    window_title,
)
from briefing_app.ui.settings import (
    APP_NAME,
    RecentDataset,
    clear_recent,
    forget_dataset,
    last_dataset,
    recent_datasets,
    remember_dataset,
)

BACKGROUND_BYTES = 4 * 2**20  # datasets larger than this load off the main thread
OPEN_STORYLINES_UP_TO = 50  # a new dataset opens with its storylines showing their events
RECENT_TITLE_CHARS = 80  # a longer title is cut short in Open Recent (its path is the tooltip)


class DatasetSession:
    """Loads, reloads and installs datasets: `path`, `result`, `dataset` and `index` change only
    here."""

    @guarded("opening the dataset")
    def open_initial(self, requested: Path | None) -> None:
        """At start: the dataset asked for, else the last one, else the bundled sample."""
        last = last_dataset()
        candidates = [requested] if requested else []
        if not requested and last and Path(str(last)).exists():
            candidates.append(Path(str(last)))
        for candidate in candidates:
            if self.open_dataset(candidate):
                self.restore_session()
                return
        self.open_dataset(paths.sample_dataset())
        self.restore_session()

    @guarded("opening the dataset")
    def open_dataset(self, path: Path) -> bool:
        """Load and show `path`; if it cannot be read at all, say why and keep what is open.

        A large dataset loads in the background, with progress and Cancel in the status bar,
        and the dataset open until then stays usable; True then means the load has started."""
        if _dataset_bytes(path) > BACKGROUND_BYTES:
            self._load_in_background(path, live=False)
            return True
        return self._take(load_for_window(path, self.grouping), live=False)

    def _load_in_background(self, path: Path, *, live: bool) -> None:
        grouping = self.grouping

        def work(report: Report, cancelled: Callable[[], bool]) -> Loaded:
            def progress(step: LoadProgress) -> None:
                report(step.files_done, step.files_total, f"files, {step.events_read:,} events")

            return load_for_window(path, grouping, progress=progress, cancelled=cancelled)

        still = f"; still showing {inline(self.dataset.info.title)}" if self.dataset else ""
        self._run_task(
            "Opening",
            work,
            lambda loaded: self._take(loaded, live=live),
            cancelled_message=f"Opening cancelled{still}.",
        )

    @guarded("showing the dataset")
    def _take(self, loaded: Loaded, *, live: bool) -> bool:
        """Show what a load produced: a new dataset, or a change on disk to the open one."""
        if live:
            return self._take_change(loaded)
        if loaded.result.dataset is None:
            self._refuse(loaded.path, loaded.result)
            if self.dataset is None and loaded.path != paths.sample_dataset():
                self.open_dataset(paths.sample_dataset())  # never leave the window empty
            return False
        same = self.path is not None and loaded.path == self.path
        self._install(loaded, same_dataset=same)
        remember_dataset(str(loaded.path), loaded.result.dataset.info.title)
        self._fill_recent_menu()
        return True

    def _refuse(self, path: Path, result: LoadResult) -> None:
        """Say why `path` did not open, and what the window still shows; offer to take it out
        of Open Recent if it is there (a dataset moved or deleted since)."""
        still = f" Still showing {inline(self.dataset.info.title)}." if self.dataset else ""
        box = message_box(
            self,
            "Cannot open dataset",
            f"{inline(str(path))} could not be opened.{still}",
            icon=QMessageBox.Icon.Warning,
            # A problem with the dataset as a whole (rule "dataset": missing, unreadable) has
            # no place in a file to point at; its message alone says it.
            informative="\n".join(
                problem.message if problem.rule == "dataset" else str(problem)
                for problem in result.problems[:10]
            ),
        )
        recent = str(path) in (item.path for item in recent_datasets())
        remove = None
        if recent:
            remove = box.addButton("Remove from Recent", QMessageBox.ButtonRole.DestructiveRole)
            box.addButton("Keep in Recent", QMessageBox.ButtonRole.RejectRole)
        box.exec()
        if remove is not None and box.clickedButton() is remove:
            forget_dataset(str(path))
            self._fill_recent_menu()

    def _install(self, loaded: Loaded, *, same_dataset: bool) -> None:
        path, result = loaded.path, loaded.result
        dataset = result.dataset
        assert dataset is not None
        assert loaded.index is not None
        if not same_dataset:
            self.history, self.history_position = [], -1
            self._update_history_actions()  # Back must not offer the other dataset's pages
            self.expanded = {grouping: set() for grouping in GROUPINGS}
            if len(dataset.roots()) <= OPEN_STORYLINES_UP_TO:
                self.expanded["storyline"] = set(dataset.roots())
            self.selected = None
            self.detail.show_nothing()  # nothing of the other dataset stays on the page
        self.path, self.result, self.dataset = path, result, dataset
        self.index = loaded.index
        self._chronology = None
        self.search_counts.clear()
        self.filter_bar.set_dataset(dataset, loaded.index.tags)
        self.query_completer.set_dataset(dataset)
        self.watcher.watch(path)
        self.setWindowTitle(window_title(f"{inline(dataset.info.title)} \u2014 {APP_NAME}"))
        self.title_label.setText(inline(dataset.info.title))
        self._show_problems_state(result)
        self._rebuild_tree(loaded.tree)
        if not self.tree.columns_fitted:  # the first start: no widths of the person's yet
            self.tree.fit_columns()
        if loaded.cache_warning:
            self.statusBar().showMessage(f"Opened without the cache: {loaded.cache_warning}", 15000)

    def _show_problems_state(self, result: LoadResult) -> None:
        errors = result.error_count
        summary = summary_line(result.problems, len(result.files))
        self.problems.set_problems(
            result.problems, len(result.files), folder=_folder_shown(self.path)
        )
        self.problems_button.setText(summary.split(" in ")[0])
        if errors:
            self.banner_label.setText(
                f"This dataset is incomplete: {summary}. What could be read is shown; the "
                "Problems panel lists every message."
            )
            self.banner.show()
        else:
            self.banner.hide()

    def choose_dataset_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Open dataset", str(self._dialog_folder()), "Briefing datasets (*.yaml *.yml)"
        )
        if name:
            chosen = Path(name)
            self.open_dataset(chosen.parent if chosen.name == ROOT_FILE else chosen)

    def choose_dataset_folder(self) -> None:
        name = QFileDialog.getExistingDirectory(
            self, "Open dataset folder", str(self._dialog_folder())
        )
        if name:
            self.open_dataset(Path(name))

    def _dialog_folder(self) -> Path:
        if self.path is None:
            return Path.home()
        return self.path if self.path.is_dir() else self.path.parent

    def _fill_recent_menu(self) -> None:
        """Open Recent lists datasets by title (the bundled sample as "Sample: ..."), with the
        path as each one's tooltip, and ends with Clear List."""
        menu = self.recent_menu
        menu.clear()
        recent = recent_datasets()
        labels = [recent_label(item) for item in recent]
        for item, label in zip(recent, labels, strict=True):
            if labels.count(label) > 1:  # two copies of a dataset: say which folder is which
                label = f"{label} \u2014 {inline(Path(item.path).name)}"
            action = add_data_action(menu, label)
            action.setToolTip(tooltip(item.path))
            action.triggered.connect(lambda _=False, p=item.path: self.open_dataset(Path(p)))
        if recent:
            menu.addSeparator()
            menu.addAction("&Clear List", self.clear_recent_list)
        menu.setEnabled(bool(recent))

    def clear_recent_list(self) -> None:
        clear_recent()
        self._fill_recent_menu()

    @guarded("reloading the dataset")
    def reload(self) -> None:
        if self.path is not None:
            self.open_dataset(self.path)

    @guarded("reloading the changed dataset")
    def reload_from_disk(self) -> None:
        """A file changed: swap in the new data if it loaded, else keep the last good data.

        The new version replaces the one shown only if it has no more errors and lost no file,
        so a half-saved file never blanks part of the view."""
        if self.path is None or self.result is None:
            return
        if _dataset_bytes(self.path) > BACKGROUND_BYTES:
            self._load_in_background(self.path, live=True)
        else:
            self._take(load_for_window(self.path, self.grouping), live=True)

    def _take_change(self, loaded: Loaded) -> bool:
        """Swap in a changed dataset, unless it lost files or has more errors than the version
        shown: then keep that version and say why in the banner (Reload shows the new state as
        it is)."""
        assert self.result is not None
        result = loaded.result
        still_there = set(result.files)
        vanished = tuple(
            Problem(file, 1, 1, "error", "file vanished from disk since the last load", "vanished")
            for file in self.result.files
            if file not in still_there
        )
        # Editing a dataset that already has an error is normal; a save that adds errors is
        # most likely half done, and would show part of the data as if it were all of it.
        usable = (
            result.dataset is not None
            and not vanished
            and result.error_count <= self.result.error_count
        )
        if usable:
            self._install(loaded, same_dataset=True)
            self.statusBar().showMessage("Reloaded: the dataset changed on disk.", 5000)
            return True
        problems = vanished + result.problems
        what = "lost files" if vanished else "now has problems"
        note = (
            f"The dataset changed on disk and {what}; still showing the last version that "
            f"loaded. {summary_line(problems, len(result.files))}. Reload (F5) shows it as it "
            "is now."
        )
        self.problems.set_problems(problems, len(result.files), note, _folder_shown(self.path))
        self.banner_label.setText(note)
        self.banner.show()
        return False


def _folder_shown(path: Path | None) -> str:
    """The dataset's folder as problems name it (printable), so the Problems table can show
    each file from there; "" for a dataset that is one file."""
    return display_path(path) if path is not None and path.is_dir() else ""


def recent_label(item: RecentDataset) -> str:
    """How Open Recent names a dataset: its title on one line (cut short past
    RECENT_TITLE_CHARS), or its path when the title is not known (remembered by an earlier
    version)."""
    if not one_line(item.title).strip():
        return inline(item.path)
    title = one_line(item.title).strip()
    if len(title) > RECENT_TITLE_CHARS:
        title = title[: RECENT_TITLE_CHARS - 1].rstrip() + "\u2026"
    if Path(item.path) == paths.sample_dataset():  # remembered as the window opened it
        return f"Sample: {isolate(title)}"
    return isolate(title)


def _dataset_bytes(path: Path) -> int:
    """The size of a dataset's YAML files, to judge whether opening it takes a moment (a file
    that cannot be looked at counts as nothing; the load itself reports it)."""
    total = 0
    try:
        files = dataset_files(path) if path.is_dir() else [path]
    except OSError:
        return 0
    for file in files:
        with contextlib.suppress(OSError):
            total += file.stat().st_size
    return total
