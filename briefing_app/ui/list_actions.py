"""Taking events out of the window: the selected rows copied as text or Markdown, and the
events the filter shows exported as CSV or Markdown (`core/event_list.py` makes each form).

An export is written whole or not at all (`safe_output.AtomicWrite`), never inside the dataset
and never over a YAML file (`check_output_path`), like a sheet's PDF.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog

from briefing_app.core.event_list import as_csv, as_markdown, as_text, markdown_text
from briefing_app.core.safe_output import AtomicWrite, OutputRefused, check_output_path
from briefing_app.ui.guard import guarded
from briefing_app.ui.settings import app_settings
from briefing_app.ui.sheet_actions import safe_file_name
from briefing_app.ui.tree_model import EVENT_ID_ROLE

EXPORT_FILTERS = {"CSV (*.csv)": ".csv", "Markdown (*.md)": ".md"}


class ListActions:
    """Copy and export; uses the window's tree, model, dataset and matches."""

    def selected_event_ids(self) -> list[str]:
        """The events of the selected rows, in the order they are shown, each once."""
        rows = sorted(
            self.tree.selectionModel().selectedRows(),
            key=lambda index: self.tree.visualRect(index).top(),
        )
        ids = (self.proxy.data(index, EVENT_ID_ROLE) for index in rows)
        return list(dict.fromkeys(event_id for event_id in ids if event_id is not None))

    def shown_event_ids(self) -> list[str]:
        """Every event the filter shows (not those shown only as context), in tree order."""
        matches = self.matches
        found: dict[str, None] = {}
        stack = list(reversed(self.model.root.children))
        while stack:
            node = stack.pop()
            if node.event_id is not None and (matches is None or node.event_id in matches):
                found[node.event_id] = None
            stack.extend(reversed(node.children))
        return list(found)

    def copy_events(self, *, markdown: bool = False) -> None:
        if self.dataset is None:
            return
        ids = self.selected_event_ids()
        if not ids:
            self.statusBar().showMessage("Select events in the tree to copy them.", 6000)
            return
        text = as_markdown(self.dataset, ids) if markdown else as_text(self.dataset, ids)
        QGuiApplication.clipboard().setText(text)
        what = "as Markdown " if markdown else ""
        self.statusBar().showMessage(f"Copied {_events(ids)} {what}to the clipboard.", 6000)

    @guarded("exporting the list")
    def export_list(self) -> None:
        if self.dataset is None or self.path is None:
            return
        ids = self.shown_event_ids()
        settings = app_settings()
        folder = Path(str(settings.value("sheet/folder", Path.home())))
        suggested = folder / f"{safe_file_name(self.dataset.info.title)}.csv"
        name, chosen = QFileDialog.getSaveFileName(
            self, "Export list of events", str(suggested), ";;".join(EXPORT_FILTERS)
        )
        if not name:
            return
        suffix = EXPORT_FILTERS.get(chosen, ".csv")
        # A folder typed (`out/`) is refused as one, not written as a hidden `out/.csv`.
        if not name.lower().endswith(tuple(EXPORT_FILTERS.values())) and not (
            name.endswith(os.sep) or os.path.isdir(name)
        ):
            name += suffix
        markdown = name.lower().endswith(".md")
        if markdown:
            query = self.filter_bar.search.text().strip()
            what = f"Events matching: {query}" if query else "All events"
            scope = f"{markdown_text(what)}; {len(ids):,} of {len(self.dataset.events):,} events."
            text = as_markdown(self.dataset, ids, scope=scope)
        else:
            text = as_csv(self.dataset, ids)
        try:
            # The save dialog has already asked before replacing an existing file.
            # With the suffix, a link whose target is not such a file is refused, as for a PDF.
            target = check_output_path(
                name, [self.path], replace=True, suffix=".md" if markdown else ".csv"
            )
            with AtomicWrite(target) as output:
                output.commit(text.encode("utf-8"))
        except (OutputRefused, OSError) as error:
            self._warn("Export failed", f"{name} was not written: {error}")
            return
        settings.setValue("sheet/folder", str(target.parent))
        self.statusBar().showMessage(f"Exported {_events(ids)} to {target}.", 8000)


def _events(ids: list[str]) -> str:
    """`1 event`, `2,310 events`."""
    return f"{len(ids):,} event{'s' if len(ids) != 1 else ''}"
