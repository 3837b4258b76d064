"""The checks on sources' `based_on` chains (format 2), once every file is read: no chain loops
back on itself, and no source rests on more than MAX_UPSTREAM others.

A loop is cut where it closes, so the chains left can be walked to their ends. The bound keeps
what depends on the chains small whatever the dataset: `source:` finds an event by any link of
its chains, so every event's index entry holds its sources' upstream links; a real chain (an
interview, relayed by an agency, reported by a wire, republished by a site) has a handful.
Linear in the sources and their links: each source is walked once.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Mapping
from typing import Final

from briefing_app.core.loader_checks import checked
from briefing_app.core.model import Origin, Source
from briefing_app.core.problems import Problem

MAX_UPSTREAM: Final = 50  # sources one source may rest on, directly or through others
_LOOP_SHOWN: Final = 5  # sources named at each end of a long loop in its message


def settle_source_chains(
    sources: dict[str, Source],
    origins: Mapping[tuple[str, str], Origin],
    broken: set[tuple[str, str]],
    problems: list[Problem],
    cancelled: Callable[[], bool],
) -> None:
    """Leave out the links to sources that do not exist (`broken`, already reported), then
    report each loop (at the link that closes it, whose place `origins` gives) and each
    over-long chain, and cut them in `sources`."""
    cut: dict[str, set[str]] = {}  # source -> the links of its `based_on` cut
    for source_id, source in checked(list(sources.items()), cancelled):
        if any(("source", link) in broken for link in source.based_on):
            kept = tuple(link for link in source.based_on if ("source", link) not in broken)
            sources[source_id] = dataclasses.replace(source, based_on=kept)
    below: dict[str, frozenset[str]] = {}
    for start in checked(list(sources), cancelled):
        if start in below:
            continue
        path = [start]
        on_path = {start: 0}
        stack: list[tuple[str, Iterator[str]]] = [(start, iter(sources[start].based_on))]
        while stack:
            current, links = stack[-1]
            for link in links:
                if link in on_path:
                    origin = origins.get((current, link), sources[current].origin)
                    problems.append(_loop_problem(origin, path, on_path[link], link))
                    cut.setdefault(current, set()).add(link)
                elif link not in below:
                    on_path[link] = len(path)
                    path.append(link)
                    stack.append((link, iter(sources[link].based_on)))
                    break
            else:
                stack.pop()
                path.pop()
                del on_path[current]
                below[current] = _rests_on(sources[current], below, cut, problems)
    for source_id, removed in cut.items():
        source = sources[source_id]
        kept = tuple(link for link in source.based_on if link not in removed)
        sources[source_id] = dataclasses.replace(source, based_on=kept)


def _rests_on(
    source: Source,
    below: dict[str, frozenset[str]],
    cut: dict[str, set[str]],
    problems: list[Problem],
) -> frozenset[str]:
    """Every source `source` rests on, once its links are settled; none, with its chain cut,
    when that is more than MAX_UPSTREAM."""
    removed = cut.get(source.id, set())
    found: set[str] = set()
    for link in source.based_on:
        if link in removed:
            continue
        found.add(link)
        found |= below[link]
        if len(found) > MAX_UPSTREAM:
            problems.append(
                Problem.at(
                    source.origin,
                    "error",
                    f"source '{source.id}' rests on more than {MAX_UPSTREAM} sources through "
                    "'based_on': its chain is left out; cite the sources it draws on instead",
                    "source-chain",
                )
            )
            cut[source.id] = set(source.based_on)
            return frozenset()
    return frozenset(found)


def _loop_problem(origin: Origin, path: list[str], start: int, link: str) -> Problem:
    """`'based_on' loops back on itself (a -> b -> a, each based on the next)`, the middle of a
    long loop left out, and which link is cut: the one written at `origin`, from the last of
    `path` to `link`."""
    count = len(path) - start
    if count > 2 * _LOOP_SHOWN:
        middle = f"... ({count - 2 * _LOOP_SHOWN:,} more)"
        shown = [*path[start : start + _LOOP_SHOWN], middle, *path[-_LOOP_SHOWN:]]
    else:
        shown = path[start:]
    loop = " -> ".join([*shown, path[start]])
    return Problem.at(
        origin,
        "error",
        f"'based_on' loops back on itself ({loop}, each based on the next): this link, "
        f"'{path[-1]}' based on '{link}', is left out",
        "source-cycle",
    )
