"""The Problems panel: every `file:line:col` message of the dataset, in a table that sorts by
file, line, severity or rule, and that leads to the problem.

Activating a row (Enter, or a double click) selects the event the problem is in, or opens the
page of the actor, place or source it is in (`core/problem_place.py`); "Open File" hands the
file to the desktop's own application for it, as a confirmed web address is handed to the
browser: nothing is started by the viewer itself, and only a file the loader read is handed on.
Copy All copies every message as `file:line:col` text, the summary last.
"""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QFont, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyle,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from briefing_app.core.problems import Problem, escape_controls, summary_line
from briefing_app.ui.plain_text import plain_label, tooltip

SHOWN_LIMIT: Final = 5_000  # rows in the table; Copy All still has every message
COLUMNS: Final = ("Severity", "File", "Line", "Col", "Rule", "Message")
_PROBLEM_ROLE: Final = Qt.ItemDataRole.UserRole + 1


class _ProblemItem(QTreeWidgetItem):
    """A row that sorts its line and column as numbers, and file, line, column together."""

    def __lt__(self, other: QTreeWidgetItem) -> bool:
        tree = self.treeWidget()
        column = tree.sortColumn() if tree is not None else 0
        mine, theirs = self.data(0, _PROBLEM_ROLE), other.data(0, _PROBLEM_ROLE)
        if column == 2:
            return bool((mine.line, mine) < (theirs.line, theirs))
        if column == 3:
            return bool((mine.col, mine) < (theirs.col, theirs))
        if column == 1:
            return bool(mine < theirs)  # Problem orders by file, line, column
        if column == 0:
            return bool((mine.severity, mine) < (theirs.severity, theirs))
        return bool((self.text(column), mine) < (other.text(column), theirs))


class ProblemsPanel(QDockWidget):
    """Emits `problem_activated(problem)` and `open_requested(problem)`; the window decides what
    they lead to."""

    problem_activated = Signal(object)  # Problem
    open_requested = Signal(object)  # Problem

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Problems", parent)
        self.setObjectName("problemsPanel")
        self.setAccessibleName("Problems in the dataset")
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        self.note = plain_label(QLabel(body))
        self.note.setWordWrap(True)
        self.table = QTreeWidget(body)
        self.table.setAccessibleName("Problem messages")
        self.table.setRootIsDecorated(False)
        self.table.setUniformRowHeights(True)
        self.table.setAlternatingRowColors(True)
        self.table.setColumnCount(len(COLUMNS))
        self.table.setHeaderLabels(list(COLUMNS))
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setFont(_fixed_pitch())
        self.table.itemActivated.connect(
            lambda item: self.problem_activated.emit(item.data(0, _PROBLEM_ROLE))
        )
        # The selected problem in full, wrapped: a table cell cuts a long message short, and at
        # a large zoom its end (the "did you mean") would be out of sight.
        self.current = plain_label(QLabel(body))
        self.current.setWordWrap(True)
        self.current.setAccessibleName("The selected problem")
        self.current.setFont(_fixed_pitch())
        self.table.currentItemChanged.connect(
            lambda item, _previous: self.current.setText(
                str(item.data(0, _PROBLEM_ROLE)) if item is not None else ""
            )
        )
        self.open_button = QPushButton("&Open File", body)
        self.open_button.setAccessibleName("Open the problem's file")
        self.open_button.setToolTip("Open the selected problem's file in its application")
        self.open_button.clicked.connect(self._open_current)
        self.copy = QPushButton("Copy all", body)
        self.copy.setAccessibleName("Copy all problems")
        self.copy.clicked.connect(self._copy_all)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.copy)
        buttons.addStretch(1)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.current)
        layout.addLayout(buttons)
        self.setWidget(body)
        self._lines: list[str] = []

    def set_problems(
        self, problems: tuple[Problem, ...], file_count: int, note: str = "", folder: str = ""
    ) -> None:
        """Show `problems`; in the File column a path inside `folder` (the dataset's) is shown
        from there, `events/border.yaml`, the whole path staying in the line under the table."""
        self._lines = [str(problem) for problem in problems]
        self._lines.append(summary_line(problems, file_count))
        if note:
            self._lines.insert(0, note)
        shown = problems[:SHOWN_LIMIT]
        more = len(problems) - len(shown)
        words = [note] if note else []
        words.append(summary_line(problems, file_count))
        if more:
            words.append(f"The table shows the first {SHOWN_LIMIT:,}; Copy all has every one.")
        self.note.setText(" ".join(words))
        style = self.style()
        icons = {
            "error": style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical),
            "warning": style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning),
        }
        self.table.setSortingEnabled(False)
        self.table.clear()
        items = []
        for problem in shown:
            item = _ProblemItem(
                [
                    problem.severity,
                    escape_controls(_within(problem.path, folder)),
                    str(problem.line),
                    str(problem.col),
                    problem.rule,
                    escape_controls(problem.message),
                ]
            )
            item.setIcon(0, icons[problem.severity])
            item.setData(0, _PROBLEM_ROLE, problem)
            item.setToolTip(5, tooltip(item.text(5)))  # plain: never markup guessed from data
            items.append(item)
        self.table.addTopLevelItems(items)
        self.table.setSortingEnabled(True)
        for column in range(len(COLUMNS) - 1):
            self.table.resizeColumnToContents(column)
        if items:
            self.table.setCurrentItem(self.table.topLevelItem(0))

    def plain_text(self) -> str:
        """Every message as `file:line:col` text, as Copy all copies it."""
        return "\n".join(self._lines)

    def _copy_all(self) -> None:
        QGuiApplication.clipboard().setText(self.plain_text())

    def _open_current(self) -> None:
        item = self.table.currentItem()
        if item is not None:
            self.open_requested.emit(item.data(0, _PROBLEM_ROLE))


def _within(path: str, folder: str) -> str:
    prefix = folder.rstrip("/") + "/"
    return path[len(prefix) :] if folder and path.startswith(prefix) else path


def open_in_desktop(path: str) -> bool:
    """Hand a dataset file to the desktop's application for it (the person's editor)."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(path))


def _fixed_pitch() -> QFont:
    """The system's fixed-pitch family, and nothing else: the size comes from the window, so
    the panel follows its zoom."""
    font = QFont()
    font.setFamilies(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont).families())
    font.setStyleHint(QFont.StyleHint.Monospace)
    font.setFixedPitch(True)
    return font
