"""The strict dataset loader: YAML files in, a frozen Dataset and every problem out.

It reads all files and reports all problems in one pass, and still returns what validated, so the
viewer can show an incomplete dataset beside the list of what is wrong with it. The field tables
(`FIELDS`) are the format's single definition of which keys exist; the JSON Schema in `resources/`
is tested against them.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Final, Protocol, TypeVar

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from briefing_app.core.edtf import EdtfDate, EdtfError, parse_edtf
from briefing_app.core.model import (
    ACTOR_KINDS,
    DEFAULT_MARKING,
    DISPUTE_STANCES,
    EVENT_STATUSES,
    FIGURE_QUALIFIERS,
    PLACE_KINDS,
    QUOTE_MODES,
    RELIABILITY_MEANINGS,
    SOURCE_KINDS,
    Actor,
    Dataset,
    DatasetInfo,
    Dispute,
    Event,
    EventActor,
    EventTable,
    Figure,
    Origin,
    Place,
    Quote,
    Source,
    date_sort_key,
)
from briefing_app.core.problems import Problem, Severity, count_errors, did_you_mean
from briefing_app.core.yamlread import MAX_TEXT_CHARS, FileReader, garbage_collector_paused

ROOT_FILE: Final = "dataset.yaml"
YAML_SUFFIXES: Final = (".yaml", ".yml")


@dataclass(frozen=True, slots=True)
class Fields:
    """The keys one kind of mapping may hold."""

    required: tuple[str, ...]
    optional: tuple[str, ...]

    @property
    def allowed(self) -> tuple[str, ...]:
        return self.required + self.optional


FIELDS: Final = MappingProxyType(
    {
        "file": Fields((), ("dataset", "sources", "actors", "places", "events")),
        "dataset": Fields(("title",), ("description", "language", "updated", "marking")),
        "source": Fields(
            ("id", "kind", "title", "reliability"),
            ("publisher", "author", "published", "retrieved", "url", "reliability_note"),
        ),
        "actor": Fields(("id", "name", "kind"), ("title", "affiliation", "country", "aliases")),
        "place": Fields(("id", "name", "kind"), ("country", "aliases", "latitude", "longitude")),
        "event": Fields(
            ("id", "title"),
            (
                "date",
                "parent",
                "summary",
                "actors",
                "places",
                "tags",
                "status",
                "credibility",
                "sources",
                "figures",
                "quotes",
                "disputes",
                "related",
            ),
        ),
        "event_actor": Fields(("actor",), ("role",)),
        "figure": Fields(
            ("label", "qualifier", "source"),
            ("value", "low", "high", "unit", "estimated_by", "locator"),
        ),
        "quote": Fields(("text", "mode", "source"), ("speaker", "speaker_role", "said", "locator")),
        "dispute": Fields(("by", "stance", "summary", "source"), ("locator",)),
    }
)

ID_PATTERN: Final = re.compile(r"[a-z0-9](?:[a-z0-9._-]{0,98}[a-z0-9])?")
_COUNTRY = re.compile(r"[A-Z]{2}")
_LANGUAGE = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_KIND_NAMES: Final = {
    MappingNode: "a mapping",
    SequenceNode: "a list",
    ScalarNode: "text",
}

T = TypeVar("T")


class _Located(Protocol):
    @property
    def origin(self) -> Origin: ...


@dataclass(frozen=True, slots=True)
class LoadResult:
    """What a load gives back. `dataset` is None only when nothing could be read at all."""

    dataset: Dataset | None
    problems: tuple[Problem, ...]
    files: tuple[str, ...]

    @property
    def error_count(self) -> int:
        return count_errors(self.problems)


@dataclass(frozen=True, slots=True)
class LoadProgress:
    """How far a load has got, reported after each file."""

    files_done: int
    files_total: int
    events_read: int


class LoadCancelled(Exception):
    """The load was cancelled between two files; nothing was loaded."""


@dataclass(frozen=True, slots=True)
class _Reference:
    kind: str  # "event", "actor", "place" or "source"
    target: str
    origin: Origin
    field: str


def dataset_files(root: Path) -> list[Path]:
    """The YAML files of a folder dataset, `dataset.yaml` first, then the rest by path.

    Hidden files and folders (editor backups, `.git`) are skipped."""
    found = [
        path
        for path in root.rglob("*")
        if path.suffix in YAML_SUFFIXES
        and path.is_file()
        and not any(part.startswith(".") for part in path.relative_to(root).parts)
    ]
    found.sort(key=lambda path: (path.name != ROOT_FILE or path.parent != root, str(path)))
    return found


def load_dataset(
    path: Path | str,
    *,
    progress: Callable[[LoadProgress], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> LoadResult:
    """Load a folder dataset (`dataset.yaml` plus YAML files below it) or a single YAML file.

    `progress` hears after each file; when `cancelled` says so, the load stops between two files
    with LoadCancelled. Both let a window load a large dataset in the background."""
    path = Path(path)
    display_root = str(path)
    if path.is_dir():
        if not (path / ROOT_FILE).is_file():
            return _unreadable(display_root, f"no {ROOT_FILE} in this folder: not a dataset")
        files = dataset_files(path)
        displays = [str(path / file.relative_to(path)) for file in files]
    elif path.is_file():
        files, displays = [path], [display_root]
    elif path.exists():
        return _unreadable(display_root, "not a file or a folder")
    else:
        return _unreadable(display_root, "no such file or folder")
    builder = _Builder()
    with garbage_collector_paused():
        for done, (file, display) in enumerate(zip(files, displays, strict=True), 1):
            if cancelled is not None and cancelled():
                raise LoadCancelled(display_root)
            builder.read_file(file, display, is_root=file == files[0])
            if progress is not None:
                progress(LoadProgress(done, len(files), len(builder.events)))
        dataset = builder.finish(path.stem if path.is_file() else path.name, tuple(displays))
    return LoadResult(dataset, tuple(sorted(builder.problems)), tuple(displays))


def _unreadable(display: str, message: str) -> LoadResult:
    problem = Problem(display, 1, 1, "error", message, "dataset")
    return LoadResult(None, (problem,), ())


def _kind_name(node: Node) -> str:
    return _KIND_NAMES.get(type(node), "something else")


class _Builder:
    """Builds domain objects from nodes, one file at a time, then checks across files."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.reader = FileReader(self.problems)
        self.display = ""
        self.info: DatasetInfo | None = None
        self.sources: dict[str, Source] = {}
        self.actors: dict[str, Actor] = {}
        self.places: dict[str, Place] = {}
        self.events: dict[str, Event] = {}
        self.references: list[_Reference] = []
        self.tables: dict[str, Mapping[str, _Located]] = {
            "source": self.sources,
            "actor": self.actors,
            "place": self.places,
            "event": self.events,
        }

    # -- problems and positions -------------------------------------------------------------

    def origin(self, node: Node) -> Origin:
        mark = node.start_mark
        return Origin(self.display, mark.line + 1, mark.column + 1)

    def report(self, node: Node, message: str, rule: str, severity: Severity = "error") -> None:
        self.report_at(self.origin(node), message, rule, severity)

    def report_at(
        self, origin: Origin, message: str, rule: str, severity: Severity = "error"
    ) -> None:
        self.problems.append(Problem(origin.path, origin.line, origin.col, severity, message, rule))

    # -- reading files --------------------------------------------------------------------------

    def read_file(self, path: Path, display: str, *, is_root: bool) -> None:
        self.display = display
        root = self.reader.read(path, display)
        if root is None:
            if not any(problem.path == display for problem in self.problems):
                self.problems.append(
                    Problem(
                        display,
                        1,
                        1,
                        "error" if is_root else "warning",
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
                for item in self.sequence(fields[section]):
                    read_item(item)

    def mapping(self, node: Node, kind: str) -> dict[str, Node] | None:
        """The mapping's values by key, after checking the keys against `FIELDS[kind]`."""
        if not isinstance(node, MappingNode):
            self.report(node, f"expected a mapping ({kind}), found {_kind_name(node)}", "type")
            return None
        spec = FIELDS[kind]
        values: dict[str, Node] = {}
        key_lines: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self.report(key_node, "a key must be plain text", "type")
                continue
            key = key_node.value
            if key in key_lines:
                self.report(
                    key_node,
                    f"duplicate key '{key}' (first on line {key_lines[key]}); "
                    "YAML would silently keep only the last",
                    "duplicate-key",
                )
                continue
            key_lines[key] = key_node.start_mark.line + 1
            if key not in spec.allowed:
                self.report(
                    key_node,
                    f"unknown key '{key}' in {kind}{did_you_mean(key, spec.allowed)}",
                    "unknown-key",
                )
                continue
            values[key] = value_node
        for key in spec.required:
            if key not in values:
                self.report(node, f"{kind} has no '{key}'", "missing-key")
        return values

    def sequence(self, node: Node) -> list[Node]:
        if isinstance(node, SequenceNode):
            items: list[Node] = node.value
            return items
        self.report(node, f"expected a list, found {_kind_name(node)}", "type")
        return []

    # -- scalar values --------------------------------------------------------------------------

    def text(self, fields: dict[str, Node], key: str, *, required: bool = False) -> str:
        node = fields.get(key)
        if node is None:
            return ""
        if not isinstance(node, ScalarNode):
            self.report(node, f"'{key}' must be text, found {_kind_name(node)}", "type")
            return ""
        value: str = node.value
        if len(value) > MAX_TEXT_CHARS:
            self.report(
                node,
                f"'{key}' is {len(value):,} characters long; the limit is {MAX_TEXT_CHARS:,}",
                "text-too-long",
            )
            return value[:MAX_TEXT_CHARS]
        value = value.strip()
        if required and not value:
            self.report(node, f"'{key}' is empty", "missing-key")
        return value

    def texts(self, fields: dict[str, Node], key: str) -> list[tuple[str, Node]]:
        node = fields.get(key)
        if node is None:
            return []
        found: list[tuple[str, Node]] = []
        for item in self.sequence(node):
            value = self.text({key: item}, key).strip()
            if value:
                found.append((value, item))
        return found

    def choice(
        self, fields: dict[str, Node], key: str, choices: Iterable[str], default: str = ""
    ) -> str:
        value = self.text(fields, key)
        if not value:
            return default
        options = tuple(choices)
        if value not in options:
            self.report(
                fields[key],
                f"'{key}' must be one of {', '.join(options)}, not '{value}'"
                f"{did_you_mean(value, options)}",
                "enum",
            )
            return default
        return value

    def date(self, fields: dict[str, Node], key: str) -> EdtfDate | None:
        value = self.text(fields, key)
        if not value:
            return None
        try:
            return parse_edtf(value)
        except EdtfError as error:
            self.report(fields[key], f"'{key}': {error}", "date")
            return None

    def number(self, fields: dict[str, Node], key: str) -> float | None:
        value = self.text(fields, key)
        if not value:
            return None
        if _NUMBER.fullmatch(value) is None:
            self.report(fields[key], f"'{key}' must be a number, not '{value}'", "type")
            return None
        return float(value)

    def pattern(self, fields: dict[str, Node], key: str, regex: re.Pattern[str], what: str) -> str:
        value = self.text(fields, key)
        if value and regex.fullmatch(value) is None:
            self.report(fields[key], f"'{key}' must be {what}, not '{value}'", "format")
            return ""
        return value

    def identifier(self, fields: dict[str, Node], kind: str) -> str | None:
        """The object's id, if well formed and not yet used by another object of its kind."""
        value = self.text(fields, "id", required=True)
        if not value:
            return None
        node = fields["id"]
        if ID_PATTERN.fullmatch(value) is None:
            self.report(
                node,
                f"id '{value}' must be 1-100 lowercase letters, digits, '-', '_' or '.', "
                "beginning and ending with a letter or digit",
                "id-format",
            )
            return None
        table = self.tables[kind]
        if value in table:
            first = table[value].origin
            self.report(
                node, f"duplicate {kind} id '{value}'; first defined at {first}", "duplicate-id"
            )
            return None
        return value

    def reference(self, fields: dict[str, Node], key: str, kind: str) -> str | None:
        value = self.text(fields, key)
        if not value:
            return None
        self.references.append(_Reference(kind, value, self.origin(fields[key]), key))
        return value

    def references_list(self, fields: dict[str, Node], key: str, kind: str) -> tuple[str, ...]:
        found = []
        for value, node in self.texts(fields, key):
            self.references.append(_Reference(kind, value, self.origin(node), key))
            found.append(value)
        return tuple(dict.fromkeys(found))

    def items(
        self, fields: dict[str, Node], key: str, read: Callable[[Node], T | None]
    ) -> tuple[T, ...]:
        node = fields.get(key)
        if node is None:
            return ()
        built = (read(item) for item in self.sequence(node))
        return tuple(item for item in built if item is not None)

    # -- the sections ---------------------------------------------------------------------------

    def read_info(self, node: Node) -> None:
        fields = self.mapping(node, "dataset")
        if fields is None:
            return
        self.info = DatasetInfo(
            title=self.text(fields, "title", required=True),
            description=self.text(fields, "description"),
            language=self.pattern(fields, "language", _LANGUAGE, "a language tag such as 'en'"),
            updated=self.date(fields, "updated"),
            marking=self.text(fields, "marking") or DEFAULT_MARKING,
            origin=self.origin(node),
        )

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
        source = Source(
            id=source_id or "",
            kind=self.choice(fields, "kind", SOURCE_KINDS, "other"),
            title=self.text(fields, "title", required=True),
            publisher=self.text(fields, "publisher"),
            author=self.text(fields, "author"),
            published=self.date(fields, "published"),
            retrieved=self.date(fields, "retrieved"),
            url=url,
            reliability=self.choice(fields, "reliability", RELIABILITY_MEANINGS, "F"),
            reliability_note=self.text(fields, "reliability_note"),
            origin=self.origin(node),
        )
        if source_id:
            self.sources[source_id] = source

    def read_actor(self, node: Node) -> None:
        fields = self.mapping(node, "actor")
        if fields is None:
            return
        actor_id = self.identifier(fields, "actor")
        actor = Actor(
            id=actor_id or "",
            name=self.text(fields, "name", required=True),
            kind=self.choice(fields, "kind", ACTOR_KINDS, "group"),
            title=self.text(fields, "title"),
            affiliation=self.reference(fields, "affiliation", "actor"),
            country=self.pattern(fields, "country", _COUNTRY, "a two-letter country code"),
            aliases=tuple(value for value, _ in self.texts(fields, "aliases")),
            origin=self.origin(node),
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
        place = Place(
            id=place_id or "",
            name=self.text(fields, "name", required=True),
            kind=self.choice(fields, "kind", PLACE_KINDS, "other"),
            country=self.pattern(fields, "country", _COUNTRY, "a two-letter country code"),
            aliases=tuple(value for value, _ in self.texts(fields, "aliases")),
            latitude=latitude,
            longitude=longitude,
            origin=self.origin(node),
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
        event = Event(
            id=event_id or "",
            title=self.text(fields, "title", required=True),
            date=self.date(fields, "date"),
            parent=self.reference(fields, "parent", "event"),
            summary=self.text(fields, "summary"),
            actors=self.items(fields, "actors", self.read_event_actor),
            places=self.references_list(fields, "places", "place"),
            tags=tuple(dict.fromkeys(tags)),
            status=self.choice(fields, "status", EVENT_STATUSES, "reported"),
            credibility=self.credibility(fields),
            sources=self.references_list(fields, "sources", "source"),
            figures=self.items(fields, "figures", self.read_figure),
            quotes=self.items(fields, "quotes", self.read_quote),
            disputes=self.items(fields, "disputes", self.read_dispute),
            related=self.references_list(fields, "related", "event"),
            origin=self.origin(node),
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

    def credibility(self, fields: dict[str, Node]) -> int | None:
        value = self.choice(fields, "credibility", ("1", "2", "3", "4", "5", "6"))
        return int(value) if value else None

    def read_event_actor(self, node: Node) -> EventActor | None:
        fields = self.mapping(node, "event_actor")
        if fields is None:
            return None
        actor = self.reference(fields, "actor", "actor")
        return EventActor(actor, self.text(fields, "role")) if actor else None

    def read_figure(self, node: Node) -> Figure | None:
        fields = self.mapping(node, "figure")
        if fields is None:
            return None
        value = self.number(fields, "value")
        low = self.number(fields, "low")
        high = self.number(fields, "high")
        if (low is None) != (high is None):
            self.report(node, "a range needs both 'low' and 'high'", "range")
            low = high = None
        if value is None and low is None:
            self.report(node, "a figure needs a 'value', or 'low' and 'high'", "missing-key")
        if low is not None and high is not None:
            if low > high:
                self.report(node, f"'low' ({low:g}) is greater than 'high' ({high:g})", "range")
            elif value is not None and not low <= value <= high:
                self.report(node, f"'value' ({value:g}) lies outside {low:g} to {high:g}", "range")
        source = self.reference(fields, "source", "source")
        if source is None:
            return None
        return Figure(
            label=self.text(fields, "label", required=True),
            value=value,
            low=low,
            high=high,
            unit=self.text(fields, "unit"),
            qualifier=self.choice(fields, "qualifier", FIGURE_QUALIFIERS, "exact"),
            estimated_by=self.reference(fields, "estimated_by", "actor"),
            source=source,
            locator=self.text(fields, "locator"),
            origin=self.origin(node),
        )

    def read_quote(self, node: Node) -> Quote | None:
        fields = self.mapping(node, "quote")
        if fields is None:
            return None
        mode = self.choice(fields, "mode", QUOTE_MODES, "reported")
        speaker = self.reference(fields, "speaker", "actor")
        if mode == "direct" and speaker is None:
            self.report(
                node,
                "a direct quote needs a 'speaker': whose own words are these?",
                "quote-speaker",
            )
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
        )

    def read_dispute(self, node: Node) -> Dispute | None:
        fields = self.mapping(node, "dispute")
        if fields is None:
            return None
        by = self.reference(fields, "by", "actor")
        stance = self.choice(fields, "stance", DISPUTE_STANCES)
        summary = self.text(fields, "summary", required=True)
        source = self.reference(fields, "source", "source")
        if by is None or source is None or not stance:
            return None
        return Dispute(by, stance, summary, source, self.text(fields, "locator"), self.origin(node))

    # -- across files ---------------------------------------------------------------------------

    def finish(self, fallback_title: str, files: tuple[str, ...]) -> Dataset:
        broken = self.check_references()
        if broken:
            for event_id, event in self.events.items():
                self.events[event_id] = _without_broken_references(event, broken)
            for actor_id, actor in self.actors.items():
                if ("actor", actor.affiliation) in broken:
                    self.actors[actor_id] = dataclasses.replace(actor, affiliation=None)
        self.break_parent_cycles()
        self.warn_unused()
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
            children=MappingProxyType(self.children_index()),
        )

    def check_references(self) -> set[tuple[str, str]]:
        """Report references to ids that do not exist; return them as (kind, id) pairs."""
        broken: set[tuple[str, str]] = set()
        for reference in self.references:
            table = self.tables[reference.kind]
            if reference.target in table:
                continue
            broken.add((reference.kind, reference.target))
            self.report_at(
                reference.origin,
                f"'{reference.field}' names {reference.kind} '{reference.target}', which does not "
                f"exist{did_you_mean(reference.target, table)}",
                "unresolved-reference",
            )
        return broken

    def break_parent_cycles(self) -> None:
        """Report each loop in the parent chains once and cut it, so the tree can be drawn."""
        settled: set[str] = set()
        for start in list(self.events):
            chain: list[str] = []
            on_chain: set[str] = set()
            current: str | None = start
            while current is not None and current not in settled and current not in on_chain:
                chain.append(current)
                on_chain.add(current)
                current = self.events[current].parent
            if current is not None and current in on_chain:
                loop = chain[chain.index(current) :]
                first = min(loop, key=lambda event_id: _origin_key(self.events[event_id].origin))
                path = " -> ".join([*loop[loop.index(first) :], *loop[: loop.index(first)], first])
                event = self.events[first]
                self.report_at(
                    event.origin, f"parent chain loops back on itself: {path}", "parent-cycle"
                )
                self.events[first] = dataclasses.replace(event, parent=None)
            settled.update(chain)

    def warn_unused(self) -> None:
        used = {(reference.kind, reference.target) for reference in self.references}
        for kind, table in (
            ("actor", self.actors),
            ("place", self.places),
            ("source", self.sources),
        ):
            for object_id, item in table.items():
                if (kind, object_id) not in used:
                    self.report_at(
                        item.origin,
                        f"{kind} '{object_id}' is never referred to",
                        f"unused-{kind}",
                        "warning",
                    )

    def children_index(self) -> dict[str | None, tuple[str, ...]]:
        grouped: dict[str | None, list[Event]] = {}
        for event in self.events.values():
            grouped.setdefault(event.parent, []).append(event)
        return {
            parent: tuple(event.id for event in sorted(events, key=lambda e: date_sort_key(e.date)))
            for parent, events in grouped.items()
        }


def _origin_key(origin: Origin) -> tuple[str, int, int]:
    return (origin.path, origin.line, origin.col)


def _without_broken_references(event: Event, broken: set[tuple[str, str]]) -> Event:
    """The event without references to ids that do not exist, so the viewer can trust the rest."""

    def ok(kind: str, target: str | None) -> bool:
        return target is None or (kind, target) not in broken

    return dataclasses.replace(
        event,
        parent=event.parent if ok("event", event.parent) else None,
        actors=tuple(a for a in event.actors if ok("actor", a.actor)),
        places=tuple(p for p in event.places if ok("place", p)),
        sources=tuple(s for s in event.sources if ok("source", s)),
        figures=tuple(
            dataclasses.replace(
                f, estimated_by=None if not ok("actor", f.estimated_by) else f.estimated_by
            )
            for f in event.figures
            if ok("source", f.source)
        ),
        quotes=tuple(
            dataclasses.replace(q, speaker=q.speaker if ok("actor", q.speaker) else None)
            for q in event.quotes
            if ok("source", q.source)
        ),
        disputes=tuple(d for d in event.disputes if ok("source", d.source) and ok("actor", d.by)),
        related=tuple(r for r in event.related if ok("event", r)),
    )
