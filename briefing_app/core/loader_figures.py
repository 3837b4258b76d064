"""Reading figures and disputes, and settling what a figure's `estimated_by` names.

`estimated_by` may name an actor, a source (a publisher's own estimate) or be the word
`analyst`; which kind an id is can only be told once every file is read, so the reference is
kept as "actor or source" until `settle_estimators` looks it up (an actor's id first).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Mapping

from yaml.nodes import Node

from briefing_app.core.loader_checks import checked
from briefing_app.core.loader_values import ESTIMATOR, Located, NodeReader, Reference
from briefing_app.core.model import (
    ANALYST,
    DISPUTE_STANCES,
    FIGURE_QUALIFIERS,
    Dispute,
    Event,
    Figure,
)


class ActorsOrSources(Mapping[str, Located]):
    """The actors and the sources as one table (an actor's id first), for "did you mean"
    when an `estimated_by` names neither."""

    def __init__(self, actors: Mapping[str, Located], sources: Mapping[str, Located]) -> None:
        self._actors = actors
        self._sources = sources

    def __getitem__(self, key: str) -> Located:
        found = self._actors.get(key)
        return self._sources[key] if found is None else found

    def __iter__(self) -> Iterator[str]:
        yield from self._actors
        yield from (key for key in self._sources if key not in self._actors)

    def __len__(self) -> int:
        return sum(1 for _ in self)


class FigureReader(NodeReader):
    """Reads a figure (with its own disputes) and a dispute."""

    def read_figure(self, node: Node) -> Figure | None:
        fields = self.mapping(node, "figure")
        if fields is None:
            return None
        value = self.number(fields, "value")
        low = self.number(fields, "low")
        high = self.number(fields, "high")
        # One problem, one message: a value written wrongly (`value: 1/3`) was reported where
        # it is; only what is left out altogether is reported on the figure.
        if (low is None) != (high is None):
            if ("low" in fields) != ("high" in fields):
                self.report(node, "a range needs both 'low' and 'high'", "range")
            low = high = None
        if not {"value", "low", "high"} & fields.keys():
            self.report(node, "a figure needs a 'value', or 'low' and 'high'", "missing-key")
        if low is not None and high is not None:
            if low > high:
                self.report(node, f"'low' ({low:g}) is greater than 'high' ({high:g})", "range")
            elif value is not None and not low <= value <= high:
                self.report(node, f"'value' ({value:g}) lies outside {low:g} to {high:g}", "range")
        source = self.reference(fields, "source", "source")
        if source is None:
            return None
        invalid: list[str] = []
        qualifier = self.choice(
            fields, "qualifier", FIGURE_QUALIFIERS, "exact", invalid, required=True
        )
        self.format_2_value(fields, "figure", "qualifier", qualifier)
        estimated_by, estimator = self.estimator(fields)
        return Figure(
            label=self.text(fields, "label", required=True),
            value=value,
            low=low,
            high=high,
            unit=self.text(fields, "unit"),
            qualifier=qualifier,
            estimated_by=estimated_by,
            source=source,
            locator=self.text(fields, "locator"),
            origin=self.origin(node),
            invalid=tuple(invalid),
            as_of=self.date(fields, "as_of"),
            as_stated=self.text(fields, "as_stated"),
            estimator=estimator,
            disputes=self.items(fields, "disputes", self.read_dispute),
        )

    def estimator(self, fields: dict[str, Node]) -> tuple[str | None, str]:
        """(id, kind) of whoever made the estimate: the word `analyst` is the dataset's author;
        an id is taken for an actor's until `settle_estimators` finds it is a source's."""
        value = self.text(fields, "estimated_by")
        if not value:
            return None, "actor"
        if value == ANALYST:
            self.needs_format_2(fields["estimated_by"], "'estimated_by: analyst' is format 2")
            return None, "analyst"
        origin = self.origin(fields["estimated_by"])
        self.references.append(Reference(ESTIMATOR, value, origin, "estimated_by"))
        return value, "actor"

    def read_dispute(self, node: Node) -> Dispute | None:
        fields = self.mapping(node, "dispute")
        if fields is None:
            return None
        by = self.reference(fields, "by", "actor")
        invalid: list[str] = []
        stance = self.choice(fields, "stance", DISPUTE_STANCES, "", invalid, required=True)
        summary = self.text(fields, "summary", required=True)
        source = self.reference(fields, "source", "source")
        if by is None or source is None:
            return None
        locator = self.text(fields, "locator")
        return Dispute(by, stance, summary, source, locator, self.origin(node), tuple(invalid))


def settle_estimators(
    reader: NodeReader,
    actors: Mapping[str, Located],
    sources: Mapping[str, Located],
    cancelled: Callable[[], bool],
) -> frozenset[str]:
    """Make each `estimated_by` reference an actor's or a source's (an id that is both is the
    actor's), noting a source's as a format 2 use; return the source ids so named. One that is
    neither stays an "actor or source" reference, for the reference check to report."""
    named_sources: set[str] = set()
    references = reader.references
    for position, reference in checked(list(enumerate(references)), cancelled):
        if reference.kind != ESTIMATOR:
            continue
        if reference.target in actors:
            kind = "actor"
        elif reference.target in sources:
            kind = "source"
            named_sources.add(reference.target)
            reader.format_2_uses.append(
                (
                    reference.origin,
                    f"'estimated_by' naming a source ('{reference.target}') is format 2",
                )
            )
        else:
            continue
        references[position] = dataclasses.replace(reference, kind=kind)
    return frozenset(named_sources)


def with_source_estimators(event: Event, named_sources: frozenset[str]) -> Event:
    """The event with each figure whose `estimated_by` names a source marked so."""
    if not any(figure.estimated_by in named_sources for figure in event.figures):
        return event
    figures = tuple(
        dataclasses.replace(figure, estimator="source")
        if figure.estimated_by in named_sources
        else figure
        for figure in event.figures
    )
    return dataclasses.replace(event, figures=figures)
