"""Reading an actor's `titles` (format 2): the offices held over time, each with its dates.

Kept apart from `loader_build` so that the builder stays one screenful of objects; the checks
are the ones every mapping gets, plus that a title's `from` does not come after its `until`.
"""

from __future__ import annotations

from yaml.nodes import Node

from briefing_app.core.loader_values import NodeReader
from briefing_app.core.model import ActorTitle


def read_titles(reader: NodeReader, fields: dict[str, Node]) -> tuple[ActorTitle, ...]:
    """The actor's titles that validated; each problem is reported where it is written."""
    return reader.items(fields, "titles", lambda node: read_title(reader, node))


def read_title(reader: NodeReader, node: Node) -> ActorTitle | None:
    fields = reader.mapping(node, "actor_title")
    if fields is None:
        return None
    title = reader.text(fields, "title", required=True)
    start = reader.date(fields, "from")
    end = reader.date(fields, "until")
    if start is not None and end is not None and start.lower > end.upper:
        reader.report(
            fields["until"],
            f"'until' ({end.text}) is before 'from' ({start.text}): a title's dates run forwards",
            "date",
        )
        return None
    if not title:  # missing or empty: `mapping` or `text` reported it
        return None
    return ActorTitle(title, start, end)
