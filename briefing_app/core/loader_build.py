"""Builds the domain objects from each file's nodes, then checks across files and freezes them.

One Builder serves one load: it reads the files one by one (every problem is collected, and what
validated is kept), then `finish` runs the cross-file checks and returns the Dataset.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from pathlib import Path
from types import MappingProxyType

from yaml.nodes import Node

from briefing_app.core.event_table import EventTable
from briefing_app.core.loader_chains import settle_source_chains
from briefing_app.core.loader_checks import (
    break_parent_cycles,
    check_references,
    checked,
    children_index,
    limit_nesting,
    warn_unused,
    without_broken_references,
)
from briefing_app.core.loader_fields import (
    COUNTRY_PATTERN,
    FORMAT_2_ADVICE,
    ID_PATTERN,
)
from briefing_app.core.loader_figures import (
    ActorsOrSources,
    settle_estimators,
    with_source_estimators,
)
from briefing_app.core.loader_files import ROOT_FILE
from briefing_app.core.loader_info import DatasetSectionReader
from briefing_app.core.loader_titles import read_titles
from briefing_app.core.loader_values import ESTIMATOR, Located
from briefing_app.core.model import (
    ACTOR_KINDS,
    DEFAULT_MARKING,
    EVENT_KINDS,
    EVENT_STATUSES,
    PLACE_KINDS,
    PLACE_PRECISIONS,
    QUOTE_MODES,
    RELIABILITY_MEANINGS,
    SOURCE_KINDS,
    Actor,
    Dataset,
    DatasetInfo,
    Event,
    EventActor,
    Origin,
    Place,
    Quote,
    Source,
)
from briefing_app.core.problems import Problem
from briefing_app.core.yamlread import FileReader


class Builder(DatasetSectionReader):
    """Reads each file's sections into objects; `finish` checks across files."""

    def __init__(self, inside: str | None, cancelled: Callable[[], bool]) -> None:
        self.info: DatasetInfo | None = None
        self.sources: dict[str, Source] = {}
        self.actors: dict[str, Actor] = {}
        self.places: dict[str, Place] = {}
        self.events: dict[str, Event] = {}
        tables: dict[str, Mapping[str, Located]] = {
            "source": self.sources,
            "actor": self.actors,
            "place": self.places,
            "event": self.events,
            ESTIMATOR: ActorsOrSources(self.actors, self.sources),
        }
        super().__init__(tables)
        self.reader = FileReader(self.problems, inside)
        self.link_origins: dict[tuple[str, str], Origin] = {}  # (source, based_on id) -> where
        self.cancelled = cancelled

    # -- reading files --------------------------------------------------------------------------

    def read_file(self, path: Path, display: str, *, is_root: bool) -> None:
        self.display = display
        reported = len(self.problems)
        root = self.reader.read(path, display)
        if root is None:
            if len(self.problems) == reported:  # nothing wrong but that there is nothing in it
                self.problems.append(
                    Problem(
                        display,
                        1,
                        1,
                        "error",
                        "file is empty"
                        + (": give at least the dataset's title" if is_root else ""),
                        "empty-file",
                    )
                )
            return
        fields = self.mapping(root, "file")
        if fields is None:
            return
        if "dataset" in fields:
            if is_root:
                self.read_info(fields["dataset"])
            else:
                self.report(
                    fields["dataset"],
                    f"the dataset section belongs in {ROOT_FILE}, not here",
                    "misplaced-section",
                )
        elif is_root:
            self.report(root, "no 'dataset' section: give at least its title", "missing-key")
        for section, read_item in (
            ("sources", self.read_source),
            ("actors", self.read_actor),
            ("places", self.read_place),
            ("events", self.read_event),
        ):
            if section in fields:
                for item in checked(self.sequence(fields[section]), self.cancelled):
                    read_item(item)

    # -- the sections ---------------------------------------------------------------------------

    def read_source(self, node: Node) -> None:
        fields = self.mapping(node, "source")
        if fields is None:
            return
        source_id = self.identifier(fields, "source")
        url = self.text(fields, "url")
        if url and not url.lower().startswith(("http://", "https://")):
            self.report(
                fields["url"], f"'url' must be an http or https address, not '{url}'", "url"
            )
            url = ""
        invalid: list[str] = []
        source = Source(
            id=source_id or "",
            kind=self.choice(fields, "kind", SOURCE_KINDS, "other", invalid, required=True),
            title=self.text(fields, "title", required=True),
            publisher=self.text(fields, "publisher"),
            author=self.text(fields, "author"),
            published=self.date(fields, "published"),
            retrieved=self.date(fields, "retrieved"),
            url=url,
            reliability=self.choice(
                fields, "reliability", RELIABILITY_MEANINGS, "F", invalid, required=True
            ),
            reliability_note=self.text(fields, "reliability_note"),
            origin=self.origin(node),
            invalid=tuple(invalid),
            based_on=self.chain_links(fields, source_id),
            language=self.language(fields),
        )
        if source_id:
            self.sources[source_id] = source

    def chain_links(self, fields: dict[str, Node], source_id: str | None) -> tuple[str, ...]:
        """A source's `based_on` ids, each one's place kept, so that a loop is reported at the
        link that closes it."""
        first = len(self.references)
        links = self.references_list(fields, "based_on", "source")
        for reference in self.references[first:]:
            self.link_origins.setdefault((source_id or "", reference.target), reference.origin)
        return links

    def read_actor(self, node: Node) -> None:
        fields = self.mapping(node, "actor")
        if fields is None:
            return
        actor_id = self.identifier(fields, "actor")
        invalid: list[str] = []
        actor = Actor(
            id=actor_id or "",
            name=self.text(fields, "name", required=True),
            kind=self.choice(fields, "kind", ACTOR_KINDS, "group", invalid, required=True),
            title=self.text(fields, "title"),
            affiliation=self.reference(fields, "affiliation", "actor"),
            country=self.pattern(fields, "country", COUNTRY_PATTERN, "a two-letter country code"),
            aliases=tuple(value for value, _ in self.texts(fields, "aliases")),
            origin=self.origin(node),
            titles=read_titles(self, fields),
            invalid=tuple(invalid),
        )
        if actor_id:
            self.actors[actor_id] = actor

    def read_place(self, node: Node) -> None:
        fields = self.mapping(node, "place")
        if fields is None:
            return
        place_id = self.identifier(fields, "place")
        latitude = self.number(fields, "latitude")
        longitude = self.number(fields, "longitude")
        if (latitude is None) != (longitude is None):
            self.report(node, "give both latitude and longitude, or neither", "coordinates")
            latitude = longitude = None
        if latitude is not None and not -90 <= latitude <= 90:
            self.report(fields["latitude"], "latitude must lie between -90 and 90", "coordinates")
            latitude = longitude = None
        if longitude is not None and not -180 <= longitude <= 180:
            self.report(
                fields["longitude"], "longitude must lie between -180 and 180", "coordinates"
            )
            latitude = longitude = None
        invalid: list[str] = []
        place = Place(
            id=place_id or "",
            name=self.text(fields, "name", required=True),
            kind=self.choice(fields, "kind", PLACE_KINDS, "other", invalid, required=True),
            country=self.pattern(fields, "country", COUNTRY_PATTERN, "a two-letter country code"),
            aliases=tuple(value for value, _ in self.texts(fields, "aliases")),
            latitude=latitude,
            longitude=longitude,
            origin=self.origin(node),
            precision=self.choice(fields, "precision", PLACE_PRECISIONS, "", invalid),
            invalid=tuple(invalid),
        )
        if place_id:
            self.places[place_id] = place

    def read_event(self, node: Node) -> None:
        fields = self.mapping(node, "event")
        if fields is None:
            return
        event_id = self.identifier(fields, "event")
        tags = []
        for tag, tag_node in self.texts(fields, "tags"):
            if ID_PATTERN.fullmatch(tag) is None:
                self.report(tag_node, f"tag '{tag}' must be written like an id", "id-format")
            else:
                tags.append(tag)
        invalid: list[str] = []
        kind = self.choice(fields, "kind", EVENT_KINDS, "occurrence", invalid)
        event = Event(
            id=event_id or "",
            title=self.text(fields, "title", required=True),
            date=self.date(fields, "date"),
            parent=self.reference(fields, "parent", "event"),
            summary=self.text(fields, "summary"),
            actors=self.items(fields, "actors", self.read_event_actor),
            places=self.references_list(fields, "places", "place"),
            tags=tuple(dict.fromkeys(tags)),
            status=self.choice(fields, "status", EVENT_STATUSES, "reported", invalid),
            credibility=self.credibility(fields, invalid),
            sources=self.references_list(fields, "sources", "source"),
            figures=self.items(fields, "figures", self.read_figure),
            quotes=self.items(fields, "quotes", self.read_quote),
            disputes=self.items(fields, "disputes", self.read_dispute),
            related=self.references_list(fields, "related", "event"),
            origin=self.origin(node),
            invalid=tuple(invalid),
            kind=kind,
        )
        if not event_id:
            return
        if not event.cited_source_ids():
            self.report(
                node,
                f"event '{event_id}' cites no source: add 'sources', or a quote, figure or "
                "dispute with its source",
                "unsourced-event",
            )
        self.events[event_id] = event

    def credibility(self, fields: dict[str, Node], invalid: list[str]) -> int | None:
        value = self.choice(fields, "credibility", ("1", "2", "3", "4", "5", "6"), "", invalid)
        return int(value) if value else None

    def read_event_actor(self, node: Node) -> EventActor | None:
        fields = self.mapping(node, "event_actor")
        if fields is None:
            return None
        actor = self.reference(fields, "actor", "actor")
        return EventActor(actor, self.text(fields, "role")) if actor else None

    def read_quote(self, node: Node) -> Quote | None:
        fields = self.mapping(node, "quote")
        if fields is None:
            return None
        invalid: list[str] = []
        mode = self.choice(fields, "mode", QUOTE_MODES, "reported", invalid, required=True)
        speaker = self.reference(fields, "speaker", "actor")
        self.check_speaker(fields, node, mode, speaker)
        locator = self.text(fields, "locator")
        if not locator:
            self.report(
                node,
                "quote has no 'locator' (paragraph, page or timestamp): readers cannot find it "
                "in the source",
                "quote-locator",
                "warning",
            )
        source = self.reference(fields, "source", "source")
        text = self.text(fields, "text", required=True)
        self.check_marks(fields, text)
        if source is None or not text:
            return None
        return Quote(
            text=text,
            mode=mode,
            speaker=speaker,
            speaker_role=self.text(fields, "speaker_role"),
            said=self.date(fields, "said"),
            source=source,
            locator=locator,
            origin=self.origin(node),
            invalid=tuple(invalid),
            **self.translation(fields, node),
        )

    # -- across files ---------------------------------------------------------------------------

    def finish(self, fallback_title: str, files: tuple[str, ...]) -> Dataset:
        cancelled = self.cancelled
        named_sources = settle_estimators(self, self.actors, self.sources, cancelled)
        if named_sources:
            for event_id, event in checked(list(self.events.items()), cancelled):
                self.events[event_id] = with_source_estimators(event, named_sources)
        broken = check_references(self.references, self.tables, self.problems, cancelled)
        if broken:
            for event_id, event in checked(list(self.events.items()), cancelled):
                self.events[event_id] = without_broken_references(event, broken)
            for actor_id, actor in checked(list(self.actors.items()), cancelled):
                if ("actor", actor.affiliation) in broken:
                    self.actors[actor_id] = dataclasses.replace(actor, affiliation=None)
        settle_source_chains(self.sources, self.link_origins, broken, self.problems, cancelled)
        break_parent_cycles(self.events, self.problems, cancelled)
        limit_nesting(self.events, self.problems, cancelled)
        warn_unused(self.references, self.tables, self.problems, cancelled)
        self.report_format_2_uses()
        info = self.info or DatasetInfo(
            fallback_title, "", "", None, DEFAULT_MARKING, Origin(self.display, 1, 1)
        )
        return Dataset(
            info=info,
            sources=MappingProxyType(self.sources),
            actors=MappingProxyType(self.actors),
            places=MappingProxyType(self.places),
            events=EventTable(self.events),
            files=files,
            children=MappingProxyType(children_index(self.events, cancelled)),
        )

    def report_format_2_uses(self) -> None:
        """Each use of format 2 in a dataset that does not say `format: 2`; in one that does,
        what only format 2 makes wrong (a quote's editorial marks). Neither when there is no
        dataset section, or its format is not one: that is reported, and which was meant is not
        known."""
        if self.info is not None and self.info.format == 2:
            for origin, message, rule in self.format_2_checks:
                self.report_at(origin, message, rule)
        if self.info is None or self.info.format != 1:
            return
        for origin, what in self.format_2_uses:
            self.report_at(origin, f"{what}: {FORMAT_2_ADVICE}", "format")
