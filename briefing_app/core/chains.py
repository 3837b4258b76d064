"""Where a source's words travelled (format 2): the chains of `based_on` links from what the
analyst read back to where the words began (`citation.chain_lines` puts them in words).

The loader has cut loops and bounded what a source rests on (`loader_chains.MAX_UPSTREAM`), so
every walk here ends, and soon.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from briefing_app.core.model import Source

CHAINS_SHOWN: Final = 5  # chains named for one source; a source relaying several has more


def upstream_ids(sources: Mapping[str, Source], source_id: str) -> tuple[str, ...]:
    """Every source `source_id` rests on, nearest first, each once."""
    found: dict[str, None] = {}
    frontier = list(sources[source_id].based_on)
    while frontier:
        following: list[str] = []
        for link in frontier:
            if link not in found and link != source_id:
                found[link] = None
                following += sources[link].based_on
        frontier = following
    return tuple(found)


def chains(sources: Mapping[str, Source], source_id: str) -> tuple[list[tuple[str, ...]], bool]:
    """Up to CHAINS_SHOWN chains ending in `source_id`, each from where the words began to the
    source read, and whether there are more. A source based on nothing has none."""
    found: list[tuple[str, ...]] = []
    stack: list[tuple[str, ...]] = [(source_id,)]
    while stack:
        path = stack.pop()
        links = [link for link in sources[path[-1]].based_on if link not in path]
        if not links:
            if len(path) > 1:
                if len(found) == CHAINS_SHOWN:
                    return found, True
                found.append(tuple(reversed(path)))
            continue
        stack.extend((*path, link) for link in reversed(links))
    return found, False
