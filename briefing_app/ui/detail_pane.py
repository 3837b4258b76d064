"""The detail pane: a read-only page for the selected event, or for an actor, place or source.

It never follows a link by itself and never loads a resource. The app's own links become signals
for the main window; an http or https address opens in the system browser only after the person
has seen what it is (`core.links.check_link`: the host as contacted, warnings about lookalike
names and user names before the host) and agreed; anything else (file:, javascript:, data:,
relative, unknown) is refused with a message.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QUrl, Signal
from PySide6.QtGui import QColor, QDesktopServices, QGuiApplication, QPalette, QTextCharFormat
from PySide6.QtWidgets import QDialog, QTextBrowser, QWidget

from briefing_app.core.citation import figure_citation, quote_citation
from briefing_app.core.entities import ENTITY_KINDS, EntityKind, entity_exists
from briefing_app.core.links import WEB_SCHEMES, check_link, visible_address
from briefing_app.core.model import Dataset
from briefing_app.ui.detail_html import (
    COPY_FIGURE,
    COPY_QUOTE,
    SHOW_CHILDREN,
    SOURCE_LINK,
    Colors,
    EventPage,
)
from briefing_app.ui.entity_html import FILTER_BY, SOURCE_URL, EntityPage
from briefing_app.ui.link_dialog import LinkDialog
from briefing_app.ui.plain_text import inline


def _mix(first: QColor, second: QColor, share: float) -> str:
    """`share` of `second` mixed into `first`, as a CSS colour."""
    return QColor.fromRgbF(
        first.redF() * (1 - share) + second.redF() * share,
        first.greenF() * (1 - share) + second.greenF() * share,
        first.blueF() * (1 - share) + second.blueF() * share,
    ).name()


def palette_colors(palette: QPalette) -> Colors:
    role = QPalette.ColorRole
    return Colors(
        text=palette.color(role.Text).name(),
        muted=_mix(palette.color(role.Text), palette.color(role.Base), 0.4),
        mark_background=palette.color(role.Highlight).name(),
        mark_text=palette.color(role.HighlightedText).name(),
        warning="#c0392b" if palette.color(role.Base).lightness() > 127 else "#ff7b6b",
    )


class DetailPane(QTextBrowser):
    """Shows one event; emits what the person asked for and leaves the doing to the window."""

    event_requested = Signal(str)
    children_requested = Signal(str)
    entity_requested = Signal(str, str)  # kind ("actor", "place", "source"), id
    filter_requested = Signal(str, str)  # kind, id: "Filter by this"
    status_message = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("detailPane")
        self.setAccessibleName("Event details")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setReadOnly(True)
        self.anchorClicked.connect(self._follow)
        self._dataset: Dataset | None = None
        self._event_id: str | None = None
        self._words: tuple[str, ...] = ()
        self._notice = ""
        # The entity page shown (kind, id, its events with its parts in each), if any.
        self._entity: tuple[EntityKind, str, list[str]] | None = None
        self.show_nothing()

    @property
    def event_id(self) -> str | None:
        return self._event_id

    @property
    def entity(self) -> tuple[str, str] | None:
        """The actor, place or source whose page is shown, as (kind, id)."""
        return None if self._entity is None else self._entity[:2]

    def show_entity(
        self,
        dataset: Dataset,
        kind: EntityKind,
        entity_id: str,
        events: list[str],
    ) -> None:
        """Show an entity's page, with its events (their ids, in date order)."""
        self._dataset, self._event_id, self._entity = dataset, None, (kind, entity_id, events)
        self._render()

    def show_event(
        self, dataset: Dataset, event_id: str, words: tuple[str, ...] = (), notice: str = ""
    ) -> None:
        """Show the event; `notice` says something about the page's state above its title."""
        self._dataset, self._event_id, self._words = dataset, event_id, words
        self._notice, self._entity = notice, None
        self._render()

    def show_nothing(self, message: str = "Select an event in the tree to read it here.") -> None:
        self._dataset, self._event_id, self._entity = None, None, None
        # Plain text takes the cursor's format: after a click on a link, that of the link.
        self.setCurrentCharFormat(QTextCharFormat())
        self.setPlainText(message)

    def _render(self) -> None:
        if self._dataset is not None and self._entity is not None:
            kind, entity_id, events = self._entity
            colors = palette_colors(self.palette())
            page = EntityPage(self._dataset, kind, entity_id, events, colors)
            self.setHtml(page.html())
            return
        if self._dataset is None or self._event_id is None:
            return
        event = self._dataset.events[self._event_id]
        colors = palette_colors(self.palette())
        page = EventPage(self._dataset, event, self._words, colors, self._notice)
        scroll = self.verticalScrollBar().value()
        self.setHtml(page.html())
        self.verticalScrollBar().setValue(scroll)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._render()

    def loadResource(self, kind: int, name: QUrl | str) -> Any:
        """Nothing named in a page is ever fetched: not images, not stylesheets, not files."""
        return None

    def _follow(self, url: QUrl) -> None:
        scheme, target = url.scheme(), url.path()
        if scheme == "event" and self._dataset and target in self._dataset.events:
            self.event_requested.emit(target)
        elif scheme == SHOW_CHILDREN and self._dataset and target in self._dataset.events:
            self.children_requested.emit(target)
        elif scheme in ENTITY_KINDS and self._dataset:
            if entity_exists(self._dataset, scheme, target):
                self.entity_requested.emit(scheme, target)
        elif scheme == FILTER_BY and self._dataset:
            kind, _, entity_id = target.partition(":")
            if entity_exists(self._dataset, kind, entity_id):
                self.filter_requested.emit(kind, entity_id)
        elif scheme == SOURCE_URL and self._dataset and target in self._dataset.sources:
            self._open_address(self._dataset.sources[target].url)
        elif scheme in (COPY_QUOTE, COPY_FIGURE):
            self._copy_citation(scheme, target)
        elif scheme == SOURCE_LINK:
            self._open_source(target)
        elif scheme in WEB_SCHEMES:
            self._open_address(url.toString(QUrl.ComponentFormattingOption.FullyEncoded))
        else:
            self.status_message.emit(
                f"Not opened: links of the kind '{scheme or 'none'}:' are never followed."
            )

    def _copy_citation(self, scheme: str, number: str) -> None:
        """The citation of the page's quote or figure `number`, onto the clipboard."""
        if self._dataset is None or self._event_id is None or not number.isdigit():
            return
        event, index = self._dataset.events[self._event_id], int(number)
        if scheme == COPY_QUOTE and index < len(event.quotes):
            citation = quote_citation(event.quotes[index], self._dataset)
        elif scheme == COPY_FIGURE and index < len(event.figures):
            citation = figure_citation(event.figures[index], self._dataset)
        else:
            return
        QGuiApplication.clipboard().setText(citation)
        self.status_message.emit("Citation copied to the clipboard.")

    def _open_source(self, number: str) -> None:
        """The address of the page's source `number`, as the data wrote it."""
        if self._dataset is None or self._event_id is None or not number.isdigit():
            return
        cited = self._dataset.events[self._event_id].cited_source_ids()
        if 0 < int(number) <= len(cited):
            self._open_address(self._dataset.sources[cited[int(number) - 1]].url)

    def _open_address(self, address: str) -> None:
        """Open `address` in the browser if it is http or https and the person, having seen
        what it is (`LinkDialog`), agrees; else say why not."""
        link = check_link(address)
        if not link.allowed:
            shown = inline(visible_address(address))
            self.status_message.emit(f"Not opened: {shown}: {link.refusal}.")
            return
        if LinkDialog(link, self).exec() != QDialog.DialogCode.Accepted:
            return
        url = QUrl.fromEncoded(link.opens.encode("ascii"), QUrl.ParsingMode.StrictMode)
        if not url.isValid() or url.host(QUrl.ComponentFormattingOption.FullyEncoded) != link.host:
            self.status_message.emit(f"Not opened: Qt reads {link.host} differently.")
            return
        if QDesktopServices.openUrl(url):
            self.status_message.emit(f"Opened {link.host} in the browser.")
        else:
            QGuiApplication.clipboard().setText(link.opens)
            self.status_message.emit(
                f"No web browser could be started; the address of {link.host} was copied."
            )
