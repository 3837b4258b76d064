"""The domain of a briefing: sources, actors, places and the tree of events that cite them.

Everything is frozen: a loaded dataset is a value the whole app can share without copying or
locking, and the viewer has no way to change what it reads.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Final

from briefing_app.core.edtf import EdtfDate

if TYPE_CHECKING:  # the table holds Events: it is made from this module's classes
    from briefing_app.core.event_table import EventTable

DEFAULT_MARKING: Final = "UNCLASSIFIED // OPEN SOURCE"

# The NATO / Admiralty scale: how far the source can be trusted (A-F) ...
RELIABILITY_MEANINGS: Final = MappingProxyType(
    {
        "A": "completely reliable",
        "B": "usually reliable",
        "C": "fairly reliable",
        "D": "not usually reliable",
        "E": "unreliable",
        "F": "reliability cannot be judged",
    }
)
# ... and how far this piece of information can be believed (1-6), judged separately.
CREDIBILITY_MEANINGS: Final = MappingProxyType(
    {
        1: "confirmed by other sources",
        2: "probably true",
        3: "possibly true",
        4: "doubtful",
        5: "improbable",
        6: "truth cannot be judged",
    }
)

SOURCE_KINDS: Final = (
    "article",
    "official_statement",
    "report",
    "social_post",
    "broadcast",
    "interview",
    "image",
    "video",
    "dataset",
    "other",
)
ACTOR_KINDS: Final = ("person", "organisation", "state", "military_unit", "group")
PLACE_KINDS: Final = (
    "country",
    "region",
    "city",
    "town",
    "village",
    "border",
    "facility",
    "area",
    "other",
)
EVENT_STATUSES: Final = ("reported", "confirmed", "contested", "refuted", "assessed")
# What an event is: something that happened, or someone's statement or assessment, whose
# status says whether it was made and whose credibility weighs what it says.
EVENT_KINDS: Final = ("occurrence", "statement", "assessment")
FIGURE_QUALIFIERS: Final = (
    "exact",
    "approx",
    "up_to",
    "at_least",
    "estimate",
    "nearly",
    "more_than",
    "less_than",
)
# Who made a figure's estimate: `estimated_by` names an actor or a source (a publisher's own
# estimate), or is the word `analyst` (the dataset's author).
ESTIMATOR_KINDS: Final = ("actor", "source", "analyst")
ANALYST: Final = "analyst"
# The dataset format a dataset may declare (`format: 2`); without one it is format 1.
DATASET_FORMATS: Final = (1, 2)
QUOTE_MODES: Final = ("direct", "reported", "editorial")  # editorial: format 2, no speaker
DISPUTE_STANCES: Final = ("contests", "supports")
# How closely a place's coordinates locate it (format 2): a district shown by its town's
# coordinates says `district`, so that nobody reads the point as the place itself.
PLACE_PRECISIONS: Final = ("exact", "settlement", "district", "region", "country", "approximate")
# The precisions a reader is told of beside the place's name: coarser than a settlement.
ROUGH_PRECISIONS: Final = frozenset(PLACE_PRECISIONS[2:])
# Shown in place of a value that failed validation, never a plausible default: the loader keeps
# a safe value for filtering (status reported, reliability F) and lists the field in `invalid`.
INVALID_VALUE: Final = "invalid in the dataset"


@dataclass(frozen=True, slots=True)
class Origin:
    """Where an object was written, so every message can point at it."""

    path: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


@dataclass(frozen=True, slots=True)
class DatasetInfo:
    title: str
    description: str
    language: str
    updated: EdtfDate | None
    marking: str
    origin: Origin
    format: int = 1


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    kind: str
    title: str
    publisher: str
    author: str
    published: EdtfDate | None
    retrieved: EdtfDate | None
    url: str
    reliability: str
    reliability_note: str
    origin: Origin
    invalid: tuple[str, ...] = ()
    # The sources this one relays, reports or republishes (format 2): a wire's report of an
    # agency's account of an interview. Checked: they exist, and no chain loops.
    based_on: tuple[str, ...] = ()
    language: str = ""  # BCP 47, of the source as published (format 2)

    @property
    def reliability_meaning(self) -> str:
        if "reliability" in self.invalid:
            return INVALID_VALUE
        return RELIABILITY_MEANINGS[self.reliability]

    @property
    def grade(self) -> str:
        """The reliability letter as a reader should see it: `?` when the dataset's was invalid."""
        return "?" if "reliability" in self.invalid else self.reliability


@dataclass(frozen=True, slots=True)
class ActorTitle:
    """A title an actor held for a time (format 2): a minister is not one for ever, and an
    event should name the office held on its own date. An end left out is open."""

    title: str
    start: EdtfDate | None = None
    end: EdtfDate | None = None


@dataclass(frozen=True, slots=True)
class Actor:
    id: str
    name: str
    kind: str
    title: str
    affiliation: str | None
    country: str
    aliases: tuple[str, ...]
    origin: Origin
    titles: tuple[ActorTitle, ...] = ()
    invalid: tuple[str, ...] = ()  # fields that failed validation: `kind`


@dataclass(frozen=True, slots=True)
class Place:
    id: str
    name: str
    kind: str
    country: str
    aliases: tuple[str, ...]
    latitude: float | None
    longitude: float | None
    origin: Origin
    precision: str = ""  # one of PLACE_PRECISIONS (format 2); "" when not stated
    invalid: tuple[str, ...] = ()  # fields that failed validation: `kind`, `precision`


@dataclass(frozen=True, slots=True)
class EventActor:
    """An actor's part in one event: `ordered the withdrawal`, `announced`, `observed`."""

    actor: str
    role: str


@dataclass(frozen=True, slots=True)
class Figure:
    """A number with its uncertainty kept: a value, a low-high range, or both; when it held
    (`as_of`), the source's own words for it (`as_stated`), and who disputes it.

    `estimated_by` is an id when `estimator` is "actor" or "source", None for "analyst"."""

    label: str
    value: float | None
    low: float | None
    high: float | None
    unit: str
    qualifier: str
    estimated_by: str | None
    source: str
    locator: str
    origin: Origin
    invalid: tuple[str, ...] = ()
    as_of: EdtfDate | None = None
    as_stated: str = ""
    estimator: str = "actor"
    disputes: tuple[Dispute, ...] = ()

    def cited_source_ids(self) -> tuple[str, ...]:
        """The figure's source, then its disputes' sources."""
        return (self.source, *(dispute.source for dispute in self.disputes))


@dataclass(frozen=True, slots=True)
class Quote:
    """An exact excerpt of a source: the speaker's own words (`direct`) or the source's account of
    them (`reported`)."""

    text: str
    mode: str
    speaker: str | None
    speaker_role: str
    said: EdtfDate | None
    source: str
    locator: str
    origin: Origin
    invalid: tuple[str, ...] = ()
    language: str = ""  # BCP 47, of `text` as the source prints it
    translation: str = ""  # into the dataset's language: never the speaker's words
    translated_by: str = ""  # an actor's id, or "analyst"


@dataclass(frozen=True, slots=True)
class Dispute:
    """Someone who contests or supports the event's claim, and where they say so."""

    by: str
    stance: str
    summary: str
    source: str
    locator: str
    origin: Origin
    invalid: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Event:
    id: str
    title: str
    date: EdtfDate | None
    parent: str | None
    summary: str
    actors: tuple[EventActor, ...]
    places: tuple[str, ...]
    tags: tuple[str, ...]
    status: str
    credibility: int | None
    sources: tuple[str, ...]
    figures: tuple[Figure, ...]
    quotes: tuple[Quote, ...]
    disputes: tuple[Dispute, ...]
    related: tuple[str, ...]
    origin: Origin
    invalid: tuple[str, ...] = ()
    kind: str = "occurrence"

    @property
    def credibility_meaning(self) -> str:
        if "credibility" in self.invalid:
            return INVALID_VALUE
        return CREDIBILITY_MEANINGS[self.credibility] if self.credibility else "not graded"

    @property
    def said(self) -> bool:
        """A statement or an assessment: its status says whether it was made, its credibility
        weighs what it says."""
        return self.kind != "occurrence"

    def with_kind(self, status: str) -> str:
        """`status` (as shown) said of what the event is: `statement confirmed`; for an
        assessment, its usual status `assessed` adds nothing to `assessment`."""
        if not self.said:
            return status
        if self.kind == "assessment" and self.status_label == "assessed":
            return self.kind
        return f"{self.kind} {status}"

    @property
    def status_label(self) -> str:
        """The status as a reader should see it: never `reported` standing in for a typo."""
        return "invalid" if "status" in self.invalid else self.status

    def cited_source_ids(self) -> tuple[str, ...]:
        """Every source this event rests on, in first-cited order, without repeats."""
        cited = [*self.sources]
        for figure in self.figures:
            cited += figure.cited_source_ids()
        cited += (quote.source for quote in self.quotes)
        cited += (dispute.source for dispute in self.disputes)
        return tuple(dict.fromkeys(cited))


@dataclass(frozen=True, slots=True)
class Dataset:
    """A whole briefing. Events keep file order; `children` maps a parent id (None for the
    top-level storylines) to its children in date order."""

    info: DatasetInfo
    sources: Mapping[str, Source]
    actors: Mapping[str, Actor]
    places: Mapping[str, Place]
    events: EventTable
    files: tuple[str, ...]
    children: Mapping[str | None, tuple[str, ...]]

    def roots(self) -> tuple[str, ...]:
        return self.children.get(None, ())

    def children_of(self, event_id: str) -> tuple[str, ...]:
        return self.children.get(event_id, ())

    def ancestors(self, event_id: str) -> tuple[str, ...]:
        """Parent, grandparent, ... up to the storyline; the loader has already broken cycles."""
        chain: list[str] = []
        parent = self.events[event_id].parent
        while parent is not None and parent in self.events:
            chain.append(parent)
            parent = self.events[parent].parent
        return tuple(chain)

    def storyline_order(self) -> tuple[str, ...]:
        """Every event in tree order: storylines depth first, children in date order."""
        return self._depth_first(self.roots())

    def descendants(self, event_id: str) -> tuple[str, ...]:
        """The event's sub-events, depth first in tree order."""
        return self._depth_first(self.children_of(event_id))

    def _depth_first(self, starts: tuple[str, ...]) -> tuple[str, ...]:
        found: list[str] = []
        stack = list(reversed(starts))
        while stack:
            current = stack.pop()
            found.append(current)
            stack.extend(reversed(self.children_of(current)))
        return tuple(found)


def date_sort_key(date: EdtfDate | None) -> tuple[int, str, str]:
    """Events in date order; undated ones last."""
    if date is None:
        return (1, "", "")
    return (0, date.lower, date.upper)
