"""What a printed briefing sheet says, and in what order; the UI only lays it out on pages.

A sheet covers a scope (the whole dataset, what a filter matches, or one event with its
sub-events) and says so in words. Its events run in tree order (storylines depth first, children
in date order); sources are numbered by their first citation on the sheet, so footnotes read
1, 2, 3 down the pages. Every page carries the handling marking and a short version of the data,
so a sheet found on a desk can be traced to exactly what it was printed from.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Final, Literal

from briefing_app.core.edtf import EdtfError, format_date, parse_edtf
from briefing_app.core.model import (
    CREDIBILITY_MEANINGS,
    RELIABILITY_MEANINGS,
    Dataset,
    Event,
    Source,
    date_sort_key,
)
from briefing_app.core.query import Query, Term
from briefing_app.core.reliability import describe as describe_reliability
from briefing_app.core.repo_version import dataset_version
from briefing_app.core.safetext import isolate
from briefing_app.core.search import SearchIndex
from briefing_app.core.textmatch import fold

SECTIONS: Final = ("chronology", "figures", "quotes", "disputes", "sources")
SECTION_LABELS: Final = {
    "chronology": "Chronology",
    "figures": "Figures",
    "quotes": "Quotes",
    "disputes": "Disputes",
    "sources": "Source list",
}
PAGE_SIZES: Final = ("A4", "Letter")
Scope = Literal["all", "filter", "event"]

LEGEND: Final = (
    "Source reliability: "
    + "; ".join(f"{grade} {meaning}" for grade, meaning in RELIABILITY_MEANINGS.items())
    + ". Information credibility: "
    + "; ".join(f"{number} {meaning}" for number, meaning in CREDIBILITY_MEANINGS.items())
    + "."
)


class SheetError(ValueError):
    """A sheet that cannot be made as asked (an unknown event, a query with errors)."""


@dataclass(frozen=True, slots=True)
class SheetOptions:
    """What to print: remembered by the window, given as flags on the command line."""

    scope: Scope = "all"
    event_id: str | None = None
    query_text: str = ""
    sections: frozenset[str] = frozenset(SECTIONS)
    page_size: str = "A4"
    landscape: bool = False


@dataclass(frozen=True, slots=True)
class SheetEvent:
    """An event on the sheet; `depth` counts its ancestors that are on the sheet too."""

    event: Event
    depth: int
    context: str  # "Part of ..." when its parent is not on the sheet, else ""


@dataclass(frozen=True, slots=True)
class ChronologyRow:
    date: str
    title: str
    status: str
    credibility: str


@dataclass(frozen=True, slots=True)
class Sheet:
    dataset: Dataset
    title: str
    marking: str
    as_of: str
    scope_line: str
    key_points: tuple[tuple[str, str], ...]
    chronology: tuple[ChronologyRow, ...]
    events: tuple[SheetEvent, ...]
    sources: tuple[Source, ...]
    source_numbers: Mapping[str, int]
    sections: frozenset[str]
    version: str
    made: str
    legend: str = LEGEND
    warning: str = ""
    options: SheetOptions = field(default_factory=SheetOptions)
    location: Path | None = None  # the dataset as opened (folder or file), when known

    def shows(self, section: str) -> bool:
        return section in self.sections

    @property
    def subtitle(self) -> str:
        """The dataset's title, to print under the sheet's: empty when the sheet's title already
        says it (a whole-dataset sheet is titled with it), so the first lines do not repeat."""
        dataset_title = self.dataset.info.title
        return "" if _folded(dataset_title) in _folded(self.title) else dataset_title

    @property
    def prints_quotes(self) -> bool:
        """Whether any quote is on the sheet: the DIRECT and REPORTED key is only for those."""
        return self.shows("quotes") and any(item.event.quotes for item in self.events)


def _folded(text: str) -> str:
    return " ".join(fold(text).split())


def compose_sheet(
    dataset: Dataset,
    options: SheetOptions,
    *,
    query: Query | None = None,
    index: SearchIndex | None = None,
    warning: str = "",
    now: datetime | None = None,
    location: Path | None = None,
) -> Sheet:
    """The sheet for `options`. Raises SheetError for an unknown event or a query with errors.

    `index` answers a filter scope; without one it is built, and only when a filter needs it.
    `location` is the dataset as opened (its folder or its file): the version stamp compares
    it with git, and an export refuses to write inside it."""
    in_scope = set(_events_in_scope(dataset, options, query, index))
    sheet_events = _sheet_events(dataset, in_scope)
    sources_on_sheet: dict[str, int] = {}
    for item in sheet_events:
        for source_id in cited_on_sheet(item.event, options.sections):
            sources_on_sheet.setdefault(source_id, len(sources_on_sheet) + 1)
    chronology = tuple(
        ChronologyRow(
            format_date(event.date),
            event.title,
            event.status_label,
            "invalid" if "credibility" in event.invalid else str(event.credibility or "-"),
        )
        for event in sorted(
            (item.event for item in sheet_events), key=lambda event: date_sort_key(event.date)
        )
    )
    key_points = tuple(
        (item.event.title, item.event.summary) for item in sheet_events if item.depth == 0
    )
    info = dataset.info
    return Sheet(
        dataset=dataset,
        title=dataset.events[options.event_id].title
        if options.scope == "event" and options.event_id
        else info.title,
        marking=info.marking,
        as_of=format_date(info.updated) if info.updated else "not stated",
        scope_line=describe_scope(dataset, options, query, len(sheet_events)),
        key_points=key_points,
        chronology=chronology,
        events=sheet_events,
        sources=tuple(dataset.sources[source_id] for source_id in sources_on_sheet),
        source_numbers=sources_on_sheet,
        sections=options.sections,
        version=dataset_version(dataset.files, location),
        made=(now or datetime.now().astimezone()).strftime("%Y-%m-%d %H:%M %Z").strip(),
        warning=warning,
        options=options,
        location=location,
    )


def cited_on_sheet(event: Event, sections: frozenset[str]) -> list[str]:
    """The sources an event's section cites, in the order they appear in it."""
    cited = list(event.sources)
    if "figures" in sections:
        for figure in event.figures:
            cited += figure.cited_source_ids()
    if "quotes" in sections:
        cited += (quote.source for quote in event.quotes)
    if "disputes" in sections:
        cited += (dispute.source for dispute in event.disputes)
    return list(dict.fromkeys(cited))


def _events_in_scope(
    dataset: Dataset, options: SheetOptions, query: Query | None, index: SearchIndex | None
) -> list[str]:
    if options.scope == "event":
        if options.event_id not in dataset.events:
            raise SheetError(f"no event with the id '{options.event_id}' in this dataset")
        assert options.event_id is not None
        return [options.event_id, *dataset.descendants(options.event_id)]
    if options.scope == "filter" and query is not None:
        if query.errors:  # a sheet must not quietly print more than was asked for
            raise SheetError("; ".join(error.message for error in query.errors))
        if not query.matches_everything:
            return list((index or SearchIndex(dataset)).matching_ids(query))
    return list(dataset.events)


def _sheet_events(dataset: Dataset, in_scope: set[str]) -> tuple[SheetEvent, ...]:
    """The events in scope in tree order, each with how many of its ancestors are on the sheet.

    One walk down the tree carries that count from parent to child, so a chain 20,000 deep
    costs what 20,000 siblings do (counting each event's ancestors would be quadratic)."""
    found: list[SheetEvent] = []
    pending = [(event_id, 0) for event_id in reversed(dataset.roots())]
    while pending:
        event_id, above = pending.pop()
        on_sheet = event_id in in_scope
        if on_sheet:
            event = dataset.events[event_id]
            context = ""
            if event.parent is not None and event.parent not in in_scope:
                context = f"Part of: {isolate(dataset.events.title(event.parent))}"
            found.append(SheetEvent(event, above, context))
        below = above + on_sheet
        pending.extend((child, below) for child in reversed(dataset.children_of(event_id)))
    return tuple(found)


def describe_scope(dataset: Dataset, options: SheetOptions, query: Query | None, count: int) -> str:
    """The scope in words: `Events matching: actor Viktor Khrenin, on or after Jul 2024;
    4 of 24 events`."""
    total = f"{count:,} of {len(dataset.events):,} events"
    if options.scope == "event" and options.event_id in dataset.events:
        assert options.event_id is not None
        title = isolate(inner_quotes(dataset.events[options.event_id].title))
        below = count - 1
        subs = f" and its {below:,} sub-event{'s' if below != 1 else ''}" if below else ""
        return f"Event \u201c{title}\u201d{subs}; {total}"
    if options.scope == "filter" and query is not None and not query.matches_everything:
        alternatives = [
            ", ".join(describe_term(dataset, term) for term in terms)
            for terms in query.alternatives
        ]
        return f"Events matching: {'; or '.join(alternatives)}; {total}"
    return f"All events; {total}"


# Quotation marks inside a quotation, swapped for the other kind as nested quotations are
# printed: a direct quote goes in double marks with single ones inside, a reported one in single
# marks with double ones inside. A straight mark opens after a space or an opening bracket and
# closes elsewhere. A single mark may be an apostrophe (Russia's, the soldiers' base, '90s), so
# a single pair is swapped only when it opens and then closes before a letter or the end.
_AFTER_OPENING: Final = frozenset(" \t\n([{\u2014\u2013-/")
_INNER_DOUBLE: Final = {"\u201c": "\u2018", "\u201d": "\u2019", "\u201e": "\u201a"}
_INNER_SINGLE: Final = {"\u2018": "\u201c", "\u201a": "\u201e", "'": "\u201c"}


def inner_quotes(text: str, outer: Literal["double", "single"] = "double") -> str:
    """`text` to print inside `outer` quotation marks: its own marks of that kind become the
    other kind, so a quotation inside it still reads as one, not as the end of the outer one."""
    out = list(text)
    opened: int | None = None  # where a single quotation opened that has not closed yet
    for index, char in enumerate(text):
        before = text[index - 1] if index else " "
        after = text[index + 1] if index + 1 < len(text) else " "
        opening = before in _AFTER_OPENING and not after.isspace()
        if outer == "double":
            if char == '"':
                char = "\u2018" if opening else "\u2019"
            out[index] = _INNER_DOUBLE.get(char, char)
        elif char in "\u2018\u201a" or (char == "'" and opening):
            opened = index
        elif char in "'\u2019" and opened is not None and not after.isalnum():
            out[opened] = _INNER_SINGLE[text[opened]]
            out[index] = "\u201d"
            opened = None
    return "".join(out)


_COMPARISON_WORDS: Final = {">=": "at least", "<=": "at most", ">": "above", "<": "below"}


def describe_term(dataset: Dataset, term: Term) -> str:
    """One query term in words, with ids turned into the names they stand for."""
    words = _term_words(dataset, term)
    return f"not {words}" if term.negated else words


def _term_words(dataset: Dataset, term: Term) -> str:
    raw = term.raw or " ".join(term.values)
    if term.field is None:
        return f"\u201c{isolate(inner_quotes(raw))}\u201d"
    if term.field in ("actor", "place", "source", "tag"):
        names = [_entity_name(dataset, term.field, value) for value in raw.split(",")]
        return f"{term.field} {' or '.join(isolate(name) for name in names if name)}"
    if term.field == "status":
        return f"status {term.values[0]}"
    if term.field in ("after", "before"):
        when = "on or after" if term.field == "after" else "on or before"
        try:
            return f"{when} {format_date(parse_edtf(raw))}"
        except EdtfError:
            return f"{when} {isolate(raw)}"
    value = raw.lstrip("<>=")
    if term.field == "reliability":
        return f"reliability: {describe_reliability(term.op, value)}"
    if term.op in _COMPARISON_WORDS:
        return f"credibility {_COMPARISON_WORDS[term.op]} {value}"
    return f"credibility {value}"


def _entity_name(dataset: Dataset, field_name: str, value: str) -> str:
    value = value.strip().strip('"')
    if field_name == "actor" and value in dataset.actors:
        return dataset.actors[value].name
    if field_name == "place" and value in dataset.places:
        return dataset.places[value].name
    if field_name == "source" and value in dataset.sources:
        source = dataset.sources[value]
        return source.publisher or source.title
    return value
