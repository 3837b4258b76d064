"""Plain-text references to sources and quotes, as copied to the clipboard and printed.

Every dataset string in them is put on one line and isolated (`cited`): line breaks, line and
paragraph separators and runs of whitespace become single spaces, so a quote cannot end the
citation's line and forge a `Source ...` line of its own, and a right-to-left name or an
unclosed override cannot reorder the words around it where the text is pasted. Addresses have
their invisible characters escaped (`links.visible_address`).
"""

from __future__ import annotations

from briefing_app.core.edtf import format_date
from briefing_app.core.links import visible_address
from briefing_app.core.model import ANALYST, Dataset, Quote, Source
from briefing_app.core.safetext import isolate, one_line


def cited(text: str) -> str:
    """A data string as it goes into a citation: every run of whitespace (line breaks, line and
    paragraph separators, tabs included) one space, the ends trimmed, any other control shown
    as a visible symbol (`safetext.one_line`), and isolated. Only the citation's own words
    start a line."""
    return isolate(one_line(" ".join(text.split())))


def source_reference(source: Source) -> str:
    """`Army Recognition, "Title", Jul 2024, https://... Reliability C: fairly reliable.`"""
    parts = [cited(part) for part in (source.publisher, source.author) if part]
    parts.append(f"\u201c{cited(source.title)}\u201d")
    if source.published:
        parts.append(format_date(source.published))
    text = ", ".join(parts)
    if source.url:
        text += f", {cited(visible_address(source.url))}"
    return f"{text}. Reliability {source.grade}: {source.reliability_meaning}."


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
        said += f" [{quote.language}]"
    if quote.translation:
        said += f"\n{translation_line(quote, dataset)}"
    return f"{said}\nSource{where}: {source_reference(source)}"


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
