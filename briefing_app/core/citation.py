"""Plain-text references to sources and quotes, as copied to the clipboard and printed.

Every dataset string in them is put on one line and isolated (`cited`): line breaks, line and
paragraph separators and runs of whitespace become single spaces, so a quote cannot end the
citation's line and forge a `Source ...` line of its own, and a right-to-left name or an
unclosed override cannot reorder the words around it where the text is pasted. Addresses have
their invisible characters escaped (`links.visible_address`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from briefing_app.core.chains import chains, upstream_ids
from briefing_app.core.edtf import format_date
from briefing_app.core.figures import as_of, as_stated, estimator_name, figure_text
from briefing_app.core.languages import language_name
from briefing_app.core.links import visible_address
from briefing_app.core.model import ANALYST, INVALID_VALUE, Dataset, Figure, Quote, Source
from briefing_app.core.safetext import isolate, one_line

# A link of a chain that was spoken is named with its kind: "Rossiya 1 interview".
_SPOKEN_KINDS: Final = frozenset({"interview", "broadcast"})


def cited(text: str) -> str:
    """A data string as it goes into a citation: every run of whitespace (line breaks, line and
    paragraph separators, tabs included) one space, the ends trimmed, any other control shown
    as a visible symbol (`safetext.one_line`), and isolated. Only the citation's own words
    start a line."""
    return isolate(one_line(" ".join(text.split())))


def source_reference(source: Source, sources: Mapping[str, Source] | None = None) -> str:
    """`Army Recognition, "Title", Jul 2024, https://... Reliability C: fairly reliable.`, then
    its chains (`Chain: ...`) when `sources` are given and it rests on others."""
    parts = [cited(part) for part in (source.publisher, source.author) if part]
    parts.append(f"\u201c{cited(source.title)}\u201d")
    if source.published:
        parts.append(format_date(source.published))
    if source.language:
        parts.append(f"in {language_name(source.language)}")
    text = ", ".join(parts)
    if source.url:
        text += f", {cited(visible_address(source.url))}"
    text = f"{text}. Reliability {source.grade}: {source.reliability_meaning}."
    if sources is not None:
        text += "".join(f"\nChain: {line}." for line in chain_lines(sources, source.id))
    return text


def link_name(source: Source) -> str:
    """A source as a link of a chain: its publisher, isolated, then what it was when spoken
    (`Rossiya 1 interview`: the app's word outside the isolate, so the name's direction cannot
    turn it round); else its title."""
    if not source.publisher:
        return cited(source.title)
    spoken = f" {source.kind}" if source.kind in _SPOKEN_KINDS else ""
    return f"{cited(source.publisher)}{spoken}"


def chain_text(sources: Mapping[str, Source], chain: tuple[str, ...]) -> str:
    """`Rossiya 1 interview (F), via BelTA (D), read in Turan (C)`, every name isolated."""
    named = [f"{link_name(sources[link])} ({sources[link].grade})" for link in chain]
    return ", ".join([named[0], *(f"via {name}" for name in named[1:-1]), f"read in {named[-1]}"])


def chain_lines(sources: Mapping[str, Source], source_id: str) -> list[str]:
    """The chains of a source in words, one a line, with a last line when more are left out."""
    found, more = chains(sources, source_id)
    lines = [chain_text(sources, chain) for chain in found]
    if more:
        count = len(upstream_ids(sources, source_id))
        lines.append(f"and more chains: it rests on {count} sources in all")
    return lines


def speaker_line(quote: Quote, dataset: Dataset) -> str:
    """`Viktor Khrenin (Defence Minister of Belarus), Jul 2024`, or `unattributed`."""
    if quote.speaker is None:
        text = "unattributed"
    else:
        name = dataset.actors[quote.speaker].name
        text = cited(name)
        if quote.speaker_role and quote.speaker_role.casefold() != name.casefold():
            text += f" ({cited(quote.speaker_role)})"
    if quote.said:
        text += f", {format_date(quote.said)}"
    return text


def quote_citation(quote: Quote, dataset: Dataset) -> str:
    """A quote with everything needed to find and weigh it, for pasting into another document."""
    source = dataset.sources[quote.source]
    said = f"\u201c{cited(quote.text)}\u201d"
    if "mode" in quote.invalid:
        said = f"{said} \u2014 {speaker_line(quote, dataset)} (quote mode invalid in the dataset)"
    elif quote.mode == "direct":
        said = f"{said} \u2014 {speaker_line(quote, dataset)}"
    elif quote.mode == "editorial":
        said = f"{said} \u2014 the assessment of {cited(source.publisher or source.title)}"
    else:
        reporter = cited(source.publisher or source.title)
        said = f"{speaker_line(quote, dataset)}, as reported by {reporter}: {said}"
    where = f" ({cited(quote.locator)})" if quote.locator else ""
    if quote.language:
        said += f" [{language_name(quote.language)}]"
    if quote.translation:
        said += f"\n{translation_line(quote, dataset)}"
    return f"{said}\nSource{where}: {source_reference(source, dataset.sources)}"


def figure_citation(figure: Figure, dataset: Dataset) -> str:
    """A figure with who counted it, when and in what words, who disputes it, and its source."""
    lines = [f"{cited(figure.label)}: {figure_text(figure)}"]
    lines += (words for words in (as_stated(figure), as_of(figure)) if words)
    estimator = estimator_name(dataset, figure)
    lines.append(f"Estimated by {estimator}" if estimator else "Estimator not stated")
    for dispute in figure.disputes:
        source = dataset.sources[dispute.source]
        invalid = "stance" in dispute.invalid
        stance = f"Stance {INVALID_VALUE}" if invalid else dispute.stance.capitalize()
        where = f", {cited(dispute.locator)}" if dispute.locator else ""
        lines.append(
            f"{stance}: {cited(dataset.actors[dispute.by].name)} \u2014 {cited(dispute.summary)}"
            f"\n  Source{where}: {source_reference(source, dataset.sources)}"
        )
    where = f" ({cited(figure.locator)})" if figure.locator else ""
    source = dataset.sources[figure.source]
    return "\n".join(lines) + f"\nSource{where}: {source_reference(source, dataset.sources)}"


def translator(quote: Quote, dataset: Dataset) -> str:
    """Who translated a quote, in words: an actor's name, the analyst, or nobody named."""
    if quote.translated_by == ANALYST:
        return "the analyst"
    actor = dataset.actors.get(quote.translated_by)
    return cited(actor.name) if actor is not None else "an unnamed translator"


def translation_credit(quote: Quote, dataset: Dataset) -> str:
    """`by the analyst, not the speaker's words`: beside every translation shown or copied."""
    return f"by {translator(quote, dataset)}, not the speaker's words"


def translation_line(quote: Quote, dataset: Dataset) -> str:
    """The translation, marked as one, so that it can never be taken for the speaker's words."""
    return (
        f"Translation {translation_credit(quote, dataset)}: \u2018{cited(quote.translation)}\u2019"
    )
