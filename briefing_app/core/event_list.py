"""A list of events to take elsewhere: copied as text or Markdown, exported as CSV or Markdown.

What a reader pastes into their own report must say where each event comes from, so every
form names the event's date and its sources. The data is untrusted and these forms are read by
other programs, so each guards against what they would make of it:

- text and Markdown put every dataset string on one line and isolate it (`citation.cited`), and
  Markdown escapes its own marks, so a title cannot become a link, a heading or a table cell;
- CSV cells are quoted by the csv module, have their bidi controls balanced so one cell cannot
  reorder the next, and a cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab
  or carriage return first) starts with an apostrophe, as OWASP advises.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from typing import Final

from briefing_app.core.citation import cited, source_reference
from briefing_app.core.edtf import format_date
from briefing_app.core.model import Dataset, Event
from briefing_app.core.safetext import balance

CSV_COLUMNS: Final = (
    "id",
    "title",
    "date",
    "date_from",
    "date_to",
    "kind",
    "status",
    "credibility",
    "actors",
    "places",
    "tags",
    "sources",
)
_FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")
_MARKDOWN_SPECIAL: Final = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def _source_names(dataset: Dataset, event: Event) -> list[str]:
    names = []
    for source_id in event.cited_source_ids():
        source = dataset.sources[source_id]
        names.append(f"{source.publisher}: {source.title}" if source.publisher else source.title)
    return names


def csv_row(dataset: Dataset, event: Event) -> tuple[str, ...]:
    """The event's row, in CSV_COLUMNS order: its date as written (EDTF) and as the first and
    last day it can mean (ISO 8601; blank for an open or unknown end, which has no day), lists
    joined with `; `."""
    date = event.date
    open_start = date is None or (date.is_interval and date.start is None)
    open_end = date is None or (date.is_interval and date.end is None)
    return (
        event.id,
        event.title,
        date.text if date else "",
        "" if open_start or date is None else date.lower,
        "" if open_end or date is None else date.upper,
        event.kind,
        event.status_label,
        "invalid" if "credibility" in event.invalid else str(event.credibility or ""),
        "; ".join(dataset.actors[part.actor].name for part in event.actors),
        "; ".join(dataset.places[place].name for place in event.places),
        "; ".join(event.tags),
        "; ".join(_source_names(dataset, event)),
    )


def _cell(value: str) -> str:
    value = balance(value)
    return f"'{value}" if value.startswith(_FORMULA_STARTS) else value


def as_csv(dataset: Dataset, event_ids: Iterable[str]) -> str:
    """A header row, then one row per event."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for event_id in event_ids:
        writer.writerow([_cell(value) for value in csv_row(dataset, dataset.events[event_id])])
    return out.getvalue()


def as_text(dataset: Dataset, event_ids: Iterable[str]) -> str:
    """`Title (13 Jul 2024)` then a line for each source reference, an event a paragraph."""
    blocks = []
    for event_id in event_ids:
        event = dataset.events[event_id]
        lines = [f"{cited(event.title)} ({format_date(event.date)})"]
        lines += (
            f"  Source: {source_reference(dataset.sources[source_id])}"
            for source_id in event.cited_source_ids()
        )
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n" if blocks else ""


def markdown_text(text: str) -> str:
    """A dataset string as Markdown text: one line, isolated, every mark of Markdown escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", cited(text))


def as_markdown(dataset: Dataset, event_ids: Iterable[str], *, scope: str = "") -> str:
    """A table: date, event, status, credibility, sources. With `scope` (what the list is, in
    words), a document: the handling marking, the dataset's title and the scope above it."""
    head = []
    if scope:
        marking = markdown_text(dataset.info.marking)
        head = [f"**{marking}**", "", f"# {markdown_text(dataset.info.title)}", "", scope, ""]
    rows = [
        *head,
        "| Date | Event | Status | Credibility | Sources |",
        "| --- | --- | --- | --- | --- |",
    ]
    for event_id in event_ids:
        event = dataset.events[event_id]
        row = csv_row(dataset, event)
        sources = "; ".join(markdown_text(name) for name in _source_names(dataset, event))
        rows.append(
            f"| {format_date(event.date)} | {markdown_text(event.title)} | "
            f"{markdown_text(row[6])} | {row[7] or '-'} | {sources} |"
        )
    return "\n".join(rows) + "\n"
