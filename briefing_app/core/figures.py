"""A figure in words, with its uncertainty kept: one wording for the pane, the sheet and the
search index, so that what a reader sees is what `9000` or `4,000` finds."""

from __future__ import annotations

from typing import Final

from briefing_app.core.edtf import format_date
from briefing_app.core.model import INVALID_VALUE, Dataset, Figure
from briefing_app.core.safetext import isolate

QUALIFIER_WORDS: Final = {
    "exact": "",
    "approx": "about ",
    "up_to": "up to ",
    "at_least": "at least ",
    "estimate": "an estimated ",
    "nearly": "nearly ",
    "more_than": "more than ",
    "less_than": "less than ",
}


def format_number(value: float) -> str:
    """`9,000`, `2.5`: thousands separated, no `.0` on whole numbers."""
    return f"{value:,.0f}" if value == int(value) else f"{value:,}"


def figure_amount(figure: Figure) -> str:
    """`4,000 to 6,000 (most likely 5,000)`, or the single value."""
    if figure.low is not None and figure.high is not None:
        amount = f"{format_number(figure.low)} to {format_number(figure.high)}"
        if figure.value is not None:
            amount += f" (most likely {format_number(figure.value)})"
        return amount
    return format_number(figure.value or 0)


def figure_text(figure: Figure) -> str:
    """`an estimated 4,000 to 6,000 troops`, `up to 4 battalion tactical groups`; a qualifier
    that failed validation says so rather than reading as exact."""
    amount = figure_amount(figure)
    unit = f" {isolate(figure.unit)}" if figure.unit else ""
    if "qualifier" in figure.invalid:
        return f"\u26a0 qualifier {INVALID_VALUE}: {amount}{unit}"
    return f"{QUALIFIER_WORDS.get(figure.qualifier, '')}{amount}{unit}"


def as_stated(figure: Figure) -> str:
    """The source's own words for the figure, in quotation marks as they are its words: `as
    stated: "nearly a third of the army"`; "" when it gives none."""
    return f"as stated: \u201c{isolate(figure.as_stated)}\u201d" if figure.as_stated else ""


def as_of(figure: Figure) -> str:
    """`as of 2022`: when the figure held, where that is not the event's own date."""
    return f"as of {format_date(figure.as_of)}" if figure.as_of else ""


def estimator_name(dataset: Dataset, figure: Figure) -> str:
    """Who made the estimate, in words: the actor's name, the source's publisher (or title) as
    its own estimate, `the analyst`; "" when the dataset does not say."""
    if figure.estimator == "analyst":
        return "the analyst"
    if figure.estimated_by is None:
        return ""
    if figure.estimator == "source":
        source = dataset.sources[figure.estimated_by]
        return f"{isolate(source.publisher or source.title)} (its own estimate)"
    return isolate(dataset.actors[figure.estimated_by].name)
