"""Briefing sheets from the window: ask what a sheet covers, compose it, then print, preview or
export it, long ones in the background.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMenu

from briefing_app.core.problems import summary_line
from briefing_app.core.sheet import Scope, Sheet, SheetError, compose_sheet
from briefing_app.ui.background import Report, Work
from briefing_app.ui.guard import guarded
from briefing_app.ui.plain_text import inline, window_title
from briefing_app.ui.printing import (
    ExportError,
    export_pdf,
    page_layout,
    paint_sheet,
    preview_size,
)
from briefing_app.ui.settings import app_settings
from briefing_app.ui.sheet_dialog import SheetDialog

# Path separators, what Windows refuses, and control and bidi characters (a right-to-left
# override in a title would make the suggested name read backwards in the save dialog).
_UNSAFE_IN_FILE_NAMES = re.compile(
    r'[\\/:*?"<>|\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]+'
)
BACKGROUND_SHEET_EVENTS = 150  # sheets longer than this print or export off the main thread
BACKGROUND_COMPOSE_EVENTS = 2000  # sheets of datasets larger than this are composed off it too


class SheetActions:
    """Print, Print Preview and Export PDF, for the whole dataset, the filter or one event."""

    def _ask_sheet(
        self, action: str, scope: Scope, event_id: str | None, then: Callable[[Sheet], object]
    ) -> None:
        """Ask what the sheet should cover, compose it, and hand it to `then`. Composing a
        large dataset's sheet takes a moment, so it runs in the background with Cancel."""
        if self.dataset is None or self.index is None or self.result is None:
            return
        event_id = event_id or self.selected
        filter_text = "" if self.query.matches_everything else self.query.text
        dialog = SheetDialog(
            self,
            action=action,
            scope=scope,
            event_title=self.dataset.events[event_id].title if event_id else None,
            filter_text=filter_text,
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        dialog.remember()
        options = dialog.options(event_id, filter_text)
        warning = ""
        if self.result.error_count:
            warning = (
                f"This dataset has {summary_line(self.result.problems, len(self.result.files))}."
                " The sheet shows what could be read and may be incomplete."
            )
        dataset, query, index, location = self.dataset, self.query, self.index, self.path

        def compose(_report: Report, _cancelled: Callable[[], bool]) -> Sheet:
            return compose_sheet(
                dataset, options, query=query, index=index, warning=warning, location=location
            )

        if len(dataset.events) > BACKGROUND_COMPOSE_EVENTS:
            self._run_task(
                "Composing the sheet",
                compose,
                then,
                cancelled_message="Cancelled; no sheet was made.",
            )
            return
        try:
            sheet = compose(lambda step, total, detail: None, lambda: False)
        except SheetError as error:
            self._warn("Cannot make the sheet", str(error))
            return
        then(sheet)

    def _printer(self, sheet: Sheet) -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageLayout(page_layout(sheet))
        printer.setDocName(sheet.title)
        return printer

    @guarded("making the sheet")
    def print_sheet(self, scope: Scope = "all", event_id: str | None = None) -> None:
        self._ask_sheet("Print", scope, event_id, self._print_composed)

    @guarded("printing the sheet")
    def _print_composed(self, sheet: Sheet) -> None:
        printer = self._printer(sheet)
        if QPrintDialog(printer, self).exec() != QDialog.DialogCode.Accepted:
            return

        def sent(pages: object) -> None:
            self.statusBar().showMessage(f"Sent {pages} pages to the printer.", 6000)

        # Qt paints on a printer from any thread.
        self._make_sheet(
            sheet,
            "Printing",
            lambda report, cancelled: paint_sheet(sheet, printer, report, cancelled),
            sent,
            cancelled_message="Printing cancelled; the print job was withdrawn.",
            failure=("Printing failed", ""),
        )

    @guarded("making the sheet")
    def preview_sheet(self, scope: Scope = "all", event_id: str | None = None) -> None:
        self._ask_sheet("Preview", scope, event_id, self._preview_composed)

    @guarded("previewing the sheet")
    def _preview_composed(self, sheet: Sheet) -> None:
        # Keep the printer referenced while the dialog runs: it only borrows it, and a
        # temporary would be deleted under it.
        printer = self._printer(sheet)
        preview = QPrintPreviewDialog(printer, self)
        preview.setWindowTitle(window_title(f"Print preview: {inline(sheet.title)}"))

        def paint(printer: QPrinter) -> None:
            # Qt's preview asks for every page at once, on this thread (about 2 s for 1,000
            # events): say so with the busy cursor.
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                paint_sheet(sheet, printer)
            finally:
                QApplication.restoreOverrideCursor()

        preview.paintRequested.connect(paint)
        screen = self.screen() or QApplication.primaryScreen()  # where the window is
        preview.resize(preview_size(screen.availableGeometry().size()))
        preview.exec()

    @guarded("making the sheet")
    def export_sheet(self, scope: Scope = "all", event_id: str | None = None) -> None:
        self._ask_sheet("Export", scope, event_id, self._export_composed)

    @guarded("exporting the sheet")
    def _export_composed(self, sheet: Sheet) -> None:
        settings = app_settings()
        folder = Path(str(settings.value("sheet/folder", Path.home())))
        suggested = folder / f"{safe_file_name(sheet.title)}.pdf"
        name, _ = QFileDialog.getSaveFileName(
            self, "Export briefing sheet", str(suggested), "PDF documents (*.pdf)"
        )
        if not name:
            return
        target = Path(name) if name.lower().endswith(".pdf") else Path(f"{name}.pdf")
        settings.setValue("sheet/folder", str(target.parent))

        def saved(pages: object) -> None:
            self.statusBar().showMessage(f"Saved {pages} pages to {target}.", 8000)

        # The save dialog has already asked before replacing an existing file.
        self._make_sheet(
            sheet,
            "Exporting",
            lambda report, cancelled: export_pdf(
                sheet, target, overwrite=True, report=report, cancelled=cancelled
            ),
            saved,
            cancelled_message=f"Export cancelled; {target} was not written.",
            failure=("Export failed", f"{target} was not written: "),
        )

    def _make_sheet(
        self,
        sheet: Sheet,
        title: str,
        work: Work,
        done: Callable[[Any], object],
        *,
        cancelled_message: str,
        failure: tuple[str, str],
    ) -> None:
        """Print or export: a long sheet in the background with progress and Cancel, a short
        one at once. `failure` is the title and message prefix of the dialog if it fails."""
        if len(sheet.events) > BACKGROUND_SHEET_EVENTS:
            self._run_task(title, work, done, cancelled_message=cancelled_message)
            return
        try:
            done(work(lambda step, total, detail: None, lambda: False))
        except (ExportError, OSError) as error:
            self._warn(failure[0], f"{failure[1]}{error}")

    def _tree_menu(self, event_id: str, position: QPoint) -> None:
        """The tree's context menu for one event (the view has settled which one)."""
        menu = QMenu(self)
        menu.addAction("Print This Event...", lambda: self.print_sheet("event", event_id))
        menu.addAction("Preview This Event...", lambda: self.preview_sheet("event", event_id))
        menu.addAction("Export This Event as PDF...", lambda: self.export_sheet("event", event_id))
        menu.exec(position)


def safe_file_name(title: str) -> str:
    """A file name from a title: no path separators or characters Windows refuses."""
    name = _UNSAFE_IN_FILE_NAMES.sub(" ", title).strip(" .")
    return " ".join(name.split())[:120] or "briefing"
