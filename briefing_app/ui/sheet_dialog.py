"""The dialog that says what a briefing sheet covers before it is printed, previewed or exported.

Its choices are remembered between sheets (except the scope "selected event", which only makes
sense for the event selected now)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from briefing_app.core.sheet import PAGE_SIZES, SECTION_LABELS, SECTIONS, Scope, SheetOptions
from briefing_app.ui.plain_text import inline, no_mnemonic
from briefing_app.ui.printing import default_page_size
from briefing_app.ui.settings import app_settings

SCOPES: dict[Scope, str] = {
    "event": "The selected event and its sub-events",
    "filter": "The events the filter shows",
    "all": "The whole dataset",
}


class SheetDialog(QDialog):
    def __init__(
        self,
        parent: QWidget | None,
        *,
        action: str,
        scope: Scope,
        event_title: str | None,
        filter_text: str,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{action} briefing sheet")
        self.setObjectName("sheetDialog")
        settings = app_settings()

        scope_box = QGroupBox("What to print", self)
        scope_layout = QVBoxLayout(scope_box)
        self.scope_buttons = QButtonGroup(self)
        self.scope_radios: dict[Scope, QRadioButton] = {}
        for key, label in SCOPES.items():
            detail = ""
            if key == "event":
                detail = (
                    f": {inline(shortened(event_title))}" if event_title else " (none selected)"
                )
            elif key == "filter":
                detail = (
                    f": {inline(shortened(filter_text))}"
                    if filter_text
                    else " (no filter: all events)"
                )
            radio = QRadioButton(no_mnemonic(f"{label}{detail}"), scope_box)
            radio.setAccessibleName(label)
            radio.setEnabled(key != "event" or event_title is not None)
            self.scope_buttons.addButton(radio)
            self.scope_radios[key] = radio
            scope_layout.addWidget(radio)
        remembered = str(settings.value("sheet/scope", "all"))
        # With a filter on, what the person sees is what they mean to print.
        chosen: Scope = (
            scope
            if scope == "event"
            else ("filter" if filter_text or remembered == "filter" else "all")
        )
        if chosen == "event" and event_title is None:
            chosen = "all"
        self.scope_radios[chosen].setChecked(True)

        sections_box = QGroupBox("Sections", self)
        sections_layout = QHBoxLayout(sections_box)
        shown = settings.value("sheet/sections", list(SECTIONS))
        shown_list = [shown] if isinstance(shown, str) else list(shown or [])
        self.section_boxes: dict[str, QCheckBox] = {}
        for section in SECTIONS:
            box = QCheckBox(SECTION_LABELS[section], sections_box)
            box.setChecked(section in shown_list)
            self.section_boxes[section] = box
            sections_layout.addWidget(box)

        self.page_size = QComboBox(self)
        self.page_size.setAccessibleName("Page size")
        self.page_size.addItems(list(PAGE_SIZES))
        self.page_size.setCurrentText(str(settings.value("sheet/page_size", default_page_size())))
        self.landscape = QCheckBox("Landscape", self)
        self.landscape.setChecked(str(settings.value("sheet/landscape", "false")) == "true")
        page_row = QHBoxLayout()
        page_row.addWidget(self.page_size)
        page_row.addWidget(self.landscape)
        page_row.addStretch(1)
        form = QFormLayout()
        form.addRow("Paper", page_row)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(f"{action}...")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(scope_box)
        layout.addWidget(sections_box)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def options(self, event_id: str | None, filter_text: str) -> SheetOptions:
        scope = next(key for key, radio in self.scope_radios.items() if radio.isChecked())
        return SheetOptions(
            scope=scope,
            event_id=event_id if scope == "event" else None,
            query_text=filter_text if scope == "filter" else "",
            sections=frozenset(s for s, box in self.section_boxes.items() if box.isChecked()),
            page_size=self.page_size.currentText(),
            landscape=self.landscape.isChecked(),
        )

    def remember(self) -> None:
        settings = app_settings()
        scope = next(key for key, radio in self.scope_radios.items() if radio.isChecked())
        if scope != "event":
            settings.setValue("sheet/scope", scope)
        settings.setValue(
            "sheet/sections", [s for s, box in self.section_boxes.items() if box.isChecked()]
        )
        settings.setValue("sheet/page_size", self.page_size.currentText())
        settings.setValue("sheet/landscape", "true" if self.landscape.isChecked() else "false")


def shortened(text: str, limit: int = 160) -> str:
    """`text` cut to `limit` characters with an ellipsis: a title of 100,000 characters would
    make the dialog wider than any screen and push OK out of reach."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"
