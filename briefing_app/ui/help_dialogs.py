"""The Help menu's windows: About, and the dataset format.

The format page is the same file as the project's `docs/dataset-format.md`, installed inside the
package. It names the sample and the schema by their places in a source checkout (`data/`,
`resources/dataset.schema.json`), which a pip user does not have: here they are shown where they
really are on this computer.
"""

from __future__ import annotations

import re
from typing import Final

import PySide6
from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QMessageBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from briefing_app import __version__, paths
from briefing_app.ui.plain_text import message_box
from briefing_app.ui.settings import APP_NAME

LICENCE: Final = "MIT"  # as pyproject.toml says (a test holds them together)
FORMAT_PAGE: Final = "dataset-format.md"


def about_box(parent: QWidget | None) -> QMessageBox:
    """What this is, which version (as `briefing-app --version` says), on which Qt, under
    which licence."""
    box = message_box(
        parent,
        f"About {APP_NAME}",
        f"{APP_NAME} {__version__}",
        informative="Read, filter and print sourced briefings, offline. Reads local YAML "
        "datasets; never writes to them and makes no network connections.\n\n"
        f"Qt {qVersion()}, PySide6 {PySide6.__version__}\n"
        f"Licence: {LICENCE}",
    )
    box.setIconPixmap(app_icon().pixmap(64, 64))
    return box


def app_icon() -> QIcon:
    return QIcon(str(paths.resource("icons", "briefing-viewer.svg")))


def format_page_markdown() -> str:
    """The format page, with the bundled sample and schema named where they are installed."""
    page = paths.document(FORMAT_PAGE)
    try:
        text = page.read_text(encoding="utf-8")
    except OSError as error:
        return f"# The dataset format\n\nThe description could not be read: {error.strerror}."
    sample = paths.sample_dataset()
    schema = paths.resource("dataset.schema.json")
    text = text.replace("`data/`", f"`{sample}`")
    # `resources/dataset.schema.json`, and `../resources/...` in the editor's first line
    text = re.sub(r"(?:\.\./)?\bresources/([\w./-]+)", lambda m: str(paths.resource(m[1])), text)
    # Qt draws a code span at body size even inside a heading, so `dataset` as a heading would
    # read as a line of text: headings lose their backticks.
    text = re.sub(r"(?m)^(#+ .*)$", lambda m: m[1].replace("`", ""), text)
    where = f"On this computer the sample dataset is `{sample}` and the schema is `{schema}`."
    title, _, rest = text.partition("\n")
    return f"{title}\n\n{where}\n{rest}" if title.startswith("# ") else f"{where}\n\n{text}"


def format_help_dialog(parent: QWidget | None) -> QDialog:
    return markdown_dialog(parent, "Dataset format", format_page_markdown())


def markdown_dialog(parent: QWidget | None, title: str, markdown: str) -> QDialog:
    """A help page of the app's own (Markdown), with a Close button; no link on it is followed."""
    dialog = QDialog(parent)
    dialog.setWindowTitle(title)
    dialog.resize(760, 640)
    browser = QTextBrowser(dialog)
    browser.setOpenLinks(False)
    browser.setMarkdown(markdown)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(browser)
    layout.addWidget(buttons)
    browser.setFocus(Qt.FocusReason.OtherFocusReason)
    return dialog
