"""Why an event deserves a second look: one definition for the tree's sign, its tooltip and
accessible text, the detail pane and the sheet, so that they can never disagree."""

from __future__ import annotations

from typing import Final

from briefing_app.core.model import Dataset, Dispute, Event, Figure, Quote
from briefing_app.core.reliability import GRADES, WEAK_GRADE, sources_rested_on

DOUBTFUL: Final = (4, 5)  # doubtful, improbable: worth the sign when a statement says it
_FIELD_WORDS: Final = {"status": "its status", "credibility": "its credibility"}
_PART_WORDS: Final = {
    "mode": "a quote's mode",
    "qualifier": "a figure's qualifier",
    "stance": "a dispute's stance",
}


def status_reason(event: Event) -> str:
    """The reason a contested or refuted status gives: about the information, or about whether
    a statement or assessment was made at all."""
    subject = f"the {event.kind}" if event.said else "the information"
    return f"{subject} is {event.status}"


def caution_reasons(dataset: Dataset, event: Event) -> tuple[str, ...]:
    """The reasons, in words, in a fixed order; empty when there are none."""
    reasons = [
        f"{_FIELD_WORDS[field]} is invalid" for field in _FIELD_WORDS if field in event.invalid
    ]
    parts: list[Quote | Figure | Dispute] = [*event.quotes, *event.figures, *event.disputes]
    parts += (dispute for figure in event.figures for dispute in figure.disputes)
    for field, words in _PART_WORDS.items():
        if any(field in part.invalid for part in parts):
            reasons.append(f"{words} is invalid")
    if event.status in ("contested", "refuted") and "status" not in event.invalid:
        reasons.append(status_reason(event))
    # For a statement the sign follows what it says: made it surely was, believed it need not be.
    if event.said and event.credibility in DOUBTFUL and "credibility" not in event.invalid:
        reasons.append(f"what the {event.kind} says is {event.credibility_meaning}")
    # A number someone denies is a number to check, whatever the event's own status says.
    if any(
        dispute.stance == "contests" and "stance" not in dispute.invalid
        for figure in event.figures
        for dispute in figure.disputes
    ):
        reasons.append("a figure is contested")
    cited = [dataset.sources[source_id] for source_id in sources_rested_on(dataset, event)]
    if any("reliability" in source.invalid for source in cited):
        reasons.append("a source's reliability grade is invalid")
    # The grades `reliability:<=E` flags (core/reliability.py), named; an invalid grade, which
    # the filter ranks with F, was named above as invalid instead.
    weak = sorted(
        {
            source.reliability
            for source in cited
            if GRADES.index(source.reliability) >= GRADES.index(WEAK_GRADE)
            and "reliability" not in source.invalid
        }
    )
    if weak:
        reasons.append(f"it rests on a source graded {' and '.join(weak)}")
    return tuple(reasons)


def caution(dataset: Dataset, event: Event) -> str:
    """The reasons as one sentence part ("the information is contested; it rests on ..."), or
    an empty string."""
    return "; ".join(caution_reasons(dataset, event))
