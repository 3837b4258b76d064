"""Which of an actor's titles to show beside an event: the one held on the event's date.

A minister named in a 2019 event and again in 2024 may have held two offices; showing today's
title on the older event would misstate who acted in what capacity.
"""

from __future__ import annotations

from briefing_app.core.edtf import EARLIEST, LATEST, EdtfDate
from briefing_app.core.model import Actor, ActorTitle


def title_on(actor: Actor, date: EdtfDate | None) -> str:
    """The title whose `from`..`until` overlaps the bounds of `date` (the latest `from` when
    several do); the actor's plain `title` when none does or the event is undated."""
    if date is None or not actor.titles:
        return actor.title
    held = [t for t in actor.titles if _lower(t) <= date.upper and _upper(t) >= date.lower]
    if not held:
        return actor.title
    # max keeps the first of equals: among titles begun on the same day, the one written first.
    return max(held, key=_lower).title


def _lower(title: ActorTitle) -> str:
    return title.start.lower if title.start is not None else EARLIEST


def _upper(title: ActorTitle) -> str:
    return title.end.upper if title.end is not None else LATEST
