"""The Problems panel: every `file:line:col` message of the dataset, selectable and copyable."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import QDockWidget, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from briefing_app.core.problems import Problem, summary_line


class ProblemsPanel(QDockWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Problems", parent)
        self.setObjectName("problemsPanel")
        self.setAccessibleName("Problems in the dataset")
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        self.text = QPlainTextEdit(body)
        self.text.setReadOnly(True)
        self.text.setAccessibleName("Problem messages")
        # Wrapped: at a large zoom the end of a message (its "did you mean") would be off screen.
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.text.setFont(_fixed_pitch())
        self.copy = QPushButton("Copy all", body)
        self.copy.setAccessibleName("Copy all problems")
        self.copy.clicked.connect(self._copy_all)
        layout.addWidget(self.text)
        layout.addWidget(self.copy)
        self.setWidget(body)

    def set_problems(self, problems: tuple[Problem, ...], file_count: int, note: str = "") -> None:
        lines = [str(problem) for problem in problems]
        lines.append(summary_line(problems, file_count))
        if note:
            lines.insert(0, note)
        self.text.setPlainText("\n".join(lines))

    def _copy_all(self) -> None:
        QGuiApplication.clipboard().setText(self.text.toPlainText())


def _fixed_pitch() -> QFont:
    """The system's fixed-pitch family, and nothing else: the size comes from the window, so
    the panel follows its zoom."""
    font = QFont()
    font.setFamilies(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont).families())
    font.setStyleHint(QFont.StyleHint.Monospace)
    font.setFixedPitch(True)
    return font
