"""The detail pane's page for an actor, a place or a source, as HTML built only from escaped
text: who or what it is, and every event it takes part in, with "Filter by this" as an action.

Its links are the app's own, as on an event's page: `event:`, `actor:`, `place:`, `source:`
(another entity's page), `filter-by:KIND:ID`, and `source-url:ID` for a source's address, which
the pane checks and shows before anything opens.
"""

from __future__ import annotations

from html import escape

from briefing_app.core.citation import chain_lines
from briefing_app.core.edtf import format_date
from briefing_app.core.entities import EntityKind, parts, relayed_by
from briefing_app.core.languages import language_name
from briefing_app.core.links import visible_address
from briefing_app.core.model import INVALID_VALUE, Dataset
from briefing_app.core.safetext import LIST_SEPARATOR
from briefing_app.core.sheet import inner_quotes
from briefing_app.ui.detail_html import LIST_CAP
from briefing_app.ui.html_text import Colors, invalid_html, plain

FILTER_BY = "filter-by"
SOURCE_URL = "source-url"
KIND_WORDS = {"actor": "Actor", "place": "Place", "source": "Source"}


class EntityPage:
    """Builds the page of one actor, place or source and its events."""

    def __init__(
        self,
        dataset: Dataset,
        kind: EntityKind,
        entity_id: str,
        events: list[str],
        colors: Colors,
    ) -> None:
        self.dataset, self.kind, self.entity_id = dataset, kind, entity_id
        self.events, self.colors = events, colors

    def muted(self, value: str) -> str:
        return f'<span style="color:{self.colors.muted}">{value}</span>'

    def kind_text(self, kind: str, invalid: tuple[str, ...]) -> str:
        """The entity's kind in words, or that it failed validation: never the loader's
        default shown as if the dataset said it."""
        if "kind" in invalid:
            return invalid_html(self.colors)
        return escape(kind.replace("_", " "))

    def link(self, kind: str, target: str, label: str) -> str:
        return f'<a href="{kind}:{escape(target)}">{plain(label)}</a>'

    def html(self) -> str:
        title, facts = {
            "actor": self.actor,
            "place": self.place,
            "source": self.source,
        }[self.kind]()
        rows = "".join(
            f'<tr><td style="color:{self.colors.muted};padding-right:12px">{label}</td>'
            f"<td>{value}</td></tr>"
            for label, value in facts
            if value
        )
        action = (
            f'<a href="{FILTER_BY}:{self.kind}:{escape(self.entity_id)}">Filter by this</a>'
            f" {self.muted('- show only its events in the tree')}"
        )
        return "\n".join(
            [
                f'<body dir="ltr" style="color:{self.colors.text}">',
                f"<p>{self.muted(KIND_WORDS[self.kind].upper())}</p>",
                f"<h2>{plain(title)}</h2>",
                f'<table cellspacing="0" cellpadding="2">{rows}</table>',
                f"<p>{action}</p>",
                self.event_list(),
                "</body>",
            ]
        )

    def actor(self) -> tuple[str, list[tuple[str, str]]]:
        actor = self.dataset.actors[self.entity_id]
        titles = "<br>".join(
            plain(title.title)
            + self.muted(
                escape(
                    f" ({format_date(title.start) if title.start else '...'} - "
                    f"{format_date(title.end) if title.end else '...'})"
                )
            )
            for title in actor.titles[:LIST_CAP]
        )
        affiliation = ""
        if actor.affiliation and actor.affiliation in self.dataset.actors:
            name = self.dataset.actors[actor.affiliation].name
            affiliation = self.link("actor", actor.affiliation, name)
        return actor.name, [
            ("Kind", self.kind_text(actor.kind, actor.invalid)),
            ("Also known as", LIST_SEPARATOR.join(plain(a) for a in actor.aliases[:LIST_CAP])),
            ("Title", plain(actor.title) if actor.title else ""),
            ("Titles over time", titles),
            ("Part of", affiliation),
            ("Country", escape(actor.country)),
        ]

    def place(self) -> tuple[str, list[tuple[str, str]]]:
        place = self.dataset.places[self.entity_id]
        where = ""
        if place.latitude is not None and place.longitude is not None:
            where = f"{place.latitude:.4f}, {place.longitude:.4f}"
            if place.precision:
                where += " " + self.muted(f"(precision: {escape(place.precision)})")
        return place.name, [
            ("Kind", self.kind_text(place.kind, place.invalid)),
            ("Also known as", LIST_SEPARATOR.join(plain(a) for a in place.aliases[:LIST_CAP])),
            ("Country", escape(place.country)),
            ("Coordinates", where),
        ]

    def source(self) -> tuple[str, list[tuple[str, str]]]:
        source = self.dataset.sources[self.entity_id]
        sources = self.dataset.sources
        if "reliability" in source.invalid:
            grade = f'<b style="color:{self.colors.warning}">\u26a0 {INVALID_VALUE}</b>'
        else:
            grade = f"<b>{source.reliability}</b> - {escape(source.reliability_meaning)}"
        if source.reliability_note:
            grade += f"<br>{self.muted(plain(source.reliability_note))}"
        address = ""
        if source.url:
            shown = plain(visible_address(source.url))
            address = f'<a href="{SOURCE_URL}:{escape(source.id)}">{shown}</a>'
        chains = "<br>".join(escape(line) for line in chain_lines(sources, source.id))

        def links(ids: tuple[str, ...]) -> str:
            return LIST_SEPARATOR.join(
                self.link("source", i, sources[i].publisher or sources[i].title)
                for i in ids[:LIST_CAP]
            )

        dates = [
            f"{word} {format_date(date)}"
            for word, date in (("published", source.published), ("retrieved", source.retrieved))
            if date
        ]
        return f"\u201c{inner_quotes(source.title)}\u201d", [
            ("Publisher", plain(source.publisher) if source.publisher else ""),
            ("Author", plain(source.author) if source.author else ""),
            ("Kind", self.kind_text(source.kind, source.invalid)),
            ("Language", escape(language_name(source.language)) if source.language else ""),
            ("Dates", escape(", ".join(dates))),
            ("Address", address),
            ("Reliability", grade),
            ("Based on", links(source.based_on)),
            ("Chains", chains),
            ("Passed on by", links(relayed_by(self.dataset, source.id))),
        ]

    def event_list(self) -> str:
        if not self.events:
            return f"<p>{self.muted('No event refers to it.')}</p>"
        items = []
        for event_id in self.events[:LIST_CAP]:
            event = self.dataset.events[event_id]
            found = parts(self.dataset, self.kind, self.entity_id, event)
            roles = f" - {plain('; '.join(found))}" if found else ""
            items.append(
                f"<li>{self.muted(escape(format_date(event.date)))} "
                f"{self.link('event', event_id, event.title)}{self.muted(roles)}</li>"
            )
        more = len(self.events) - LIST_CAP
        if more > 0:
            items.append(f"<li>and {more:,} more: {self.muted('Filter by this to see them')}</li>")
        return f"<h3>Events ({len(self.events):,})</h3><ul>{''.join(items)}</ul>"
