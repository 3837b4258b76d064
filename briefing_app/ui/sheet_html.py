"""A composed Sheet as the HTML that QTextDocument lays out on pages.

Every dataset string is escaped and isolated (`detail_html.plain`), so neither markup nor a
direction control in the data can change the sheet's own words; the only markup is this
module's own. Quotes are one-cell tables so the paginator can keep each one on a page; tables
use <thead> so the paginator repeats their header row on every page they run onto. Lengths are
CSS pixels: Qt's rich text ignores margins given in points.
"""

from __future__ import annotations

from html import escape
from typing import Literal

from briefing_app.core.caution import caution_reasons, status_reason
from briefing_app.core.chains import upstream_ids
from briefing_app.core.citation import chain_lines, speaker_line, translation_credit
from briefing_app.core.edtf import format_date
from briefing_app.core.figures import as_of, as_stated, estimator_name, figure_text
from briefing_app.core.languages import language_name
from briefing_app.core.links import check_link, visible_address
from briefing_app.core.model import (
    INVALID_VALUE,
    ROUGH_PRECISIONS,
    Dispute,
    Event,
    Place,
    Quote,
    Source,
)
from briefing_app.core.quote_marks import quote_pieces
from briefing_app.core.safetext import LIST_SEPARATOR, balance
from briefing_app.core.sheet import Sheet, SheetEvent, inner_quotes
from briefing_app.ui.detail_html import quote_key
from briefing_app.ui.html_text import marked_quote, plain

# A sub-event stands in from its parent by one step per level, up to INDENT_LEVELS steps: a
# chain hundreds deep must not push its text off the page, so deeper levels say theirs in words.
# Qt scales a block's indent and a table's margin to the printer, but not a block's margin:
# blocks are indented in steps (the document's indent width is INDENT_PX), tables by margin.
INDENT_PX = 16
INDENT_LEVELS = 4
LIST_STEPS = 2  # a list's own indent, room for its bullets or numbers


def sheet_html(sheet: Sheet) -> str:
    pad = 3  # table cell padding, in CSS pixels (Qt scales them to the printer)
    about = [f"as of {escape(sheet.as_of)}", f"printed {escape(sheet.made)}"]
    if sheet.subtitle:
        about.insert(0, plain(sheet.subtitle))
    parts = [
        '<html><body dir="ltr">',  # the sheet's words run left to right, whatever the data
        f"<h1>{plain(sheet.title)}</h1>",
        f'<p class="meta">{" &middot; ".join(about)}</p>',
        f'<p class="scope">{escape(sheet.scope_line)}</p>',
    ]
    if sheet.warning:
        parts.append(
            f'<table width="100%" cellpadding="{pad * 2}" cellspacing="0" border="1" '
            'style="border-color:#8a1c12;border-style:solid">'
            f'<tr><td class="warning">{escape(sheet.warning)}</td></tr></table>'
        )
    if sheet.key_points:
        items = "".join(
            f"<li><b>{plain(title)}</b>"
            + (f" \u2014 {plain(summary)}" if summary else "")
            + "</li>"
            for title, summary in sheet.key_points
        )
        parts.append(f'<h2>Key points</h2><ul style="-qt-list-indent:{LIST_STEPS}">{items}</ul>')
    if sheet.shows("chronology") and sheet.chronology:
        rows = "".join(
            f"<tr><td>{escape(row.date)}</td><td>{plain(row.title)}</td>"
            f"<td>{escape(row.status)}</td><td>{escape(row.credibility)}</td></tr>"
            for row in sheet.chronology
        )
        parts.append(
            "<h2>Chronology</h2>"
            f'<table width="100%" cellspacing="0" cellpadding="{pad}" border="0">'
            '<thead><tr><th width="16%">Date</th><th width="58%">Event</th>'
            '<th width="13%">Status</th><th width="13%">Credibility</th></tr></thead>'
            f"<tbody>{rows}</tbody></table>"
        )
    parts.append("<h2>Events</h2>")
    parts += (_event(sheet, item, pad) for item in sheet.events)
    if sheet.shows("sources") and sheet.sources:
        parts.append(_sources(sheet))
    legend = sheet.legend
    if sheet.prints_quotes:
        quotes = [quote for item in sheet.events for quote in item.event.quotes]
        legend += " Quotes: " + " ".join(quote_key(quotes, sheet.dataset.info.format))
    parts.append(f'<p class="legend">{escape(legend)}</p>')
    parts.append("</body></html>")
    return "\n".join(parts)


def _note(sheet: Sheet, source_id: str) -> str:
    return _notes(sheet, (source_id,))


def _notes(sheet: Sheet, source_ids: tuple[str, ...]) -> str:
    """Footnote markers for these sources, comma-separated: "¹²" would read as note 12."""
    if not sheet.shows("sources") or not source_ids:
        return ""
    numbers = ",".join(
        map(str, sorted({sheet.source_numbers[source_id] for source_id in source_ids}))
    )
    return f"<sup>{numbers}</sup>"


def _place(place: Place) -> str:
    """The place's name, with how roughly its point locates it when not to a settlement."""
    if place.precision not in ROUGH_PRECISIONS:
        return plain(place.name)
    return f'{plain(place.name)} <span class="muted">({escape(place.precision)})</span>'


def _event(sheet: Sheet, item: SheetEvent, pad: int) -> str:
    event = item.event
    steps = min(item.depth, INDENT_LEVELS)
    indent = f' style="-qt-block-indent:{steps}"' if steps else ""
    heading = "h3" if item.depth == 0 else "h4"
    dataset = sheet.dataset
    status = event.with_kind(event.status_label) if event.said else f"status {event.status_label}"
    facts = [escape(format_date(event.date)), escape(status)]
    content = "its content: credibility" if event.said else "credibility"
    if "credibility" in event.invalid:
        facts.append(f"{content} {INVALID_VALUE}")
    elif event.credibility:
        facts.append(f"{content} {event.credibility} - {escape(event.credibility_meaning)}")
    if event.places:
        facts.append(LIST_SEPARATOR.join(_place(dataset.places[p]) for p in event.places))
    reasons = caution_reasons(dataset, event)
    status_class = "warning" if reasons else "meta"
    # "status contested" is already on the line: the caution adds only what it does not say.
    others = [reason for reason in reasons if reason != status_reason(event)]
    if others:
        facts.append(f"\u26a0 treat with care: {escape('; '.join(others))}")
    level = (
        f' <span class="label">LEVEL {item.depth + 1}</span>' if item.depth > INDENT_LEVELS else ""
    )
    parts = [
        f"<{heading}{indent}>{plain(event.title)}{level}</{heading}>",
        f'<p class="{status_class}"{indent}>{" &middot; ".join(facts)}</p>',
    ]
    if item.context:
        parts.append(f'<p class="muted"{indent}>{escape(item.context)}</p>')
    if event.actors:
        actors = "; ".join(
            plain(dataset.actors[a.actor].name) + (f" ({plain(a.role)})" if a.role else "")
            for a in event.actors
        )
        parts.append(f'<p{indent}><span class="muted">Actors:</span> {actors}</p>')
    if event.summary:
        parts.append(f"<p{indent}>{plain(event.summary)}{_notes(sheet, event.sources)}</p>")
    margin = steps * INDENT_PX
    if sheet.shows("figures") and event.figures:
        parts.append(_figures(sheet, event, pad, margin))
    if sheet.shows("quotes") and event.quotes:
        parts += (_quote(sheet, quote, pad, margin) for quote in event.quotes)
    if sheet.shows("disputes") and event.disputes:
        items = "".join(f"<li>{_dispute(sheet, d)}</li>" for d in event.disputes)
        parts.append(
            f"<h5{indent}>DISPUTED OR SUPPORTED BY</h5>"
            f'<ul style="-qt-list-indent:{steps + LIST_STEPS}">{items}</ul>'
        )
    return "\n".join(parts)


def _figures(sheet: Sheet, event: Event, pad: int, margin: int) -> str:
    rows = []
    for f in event.figures:
        value = f"<b>{escape(figure_text(f))}</b>"
        value += "".join(f"<br>{escape(words)}" for words in (as_stated(f), as_of(f)) if words)
        rows.append(
            f"<tr><td>{plain(f.label)}</td><td>{value}</td>"
            f"<td>{escape(estimator_name(sheet.dataset, f) or 'not stated')}</td>"
            f"<td>{_note(sheet, f.source)} {plain(f.locator)}</td></tr>"
        )
        if f.disputes:
            disputes = "<br>".join(_dispute(sheet, d) for d in f.disputes)
            rows.append(f'<tr><td></td><td colspan="3">{disputes}</td></tr>')
    return (
        f'<table width="100%" cellspacing="0" cellpadding="{pad}" border="0" '
        f'style="margin-left:{margin}px"><thead><tr><th width="36%">Figure</th>'
        '<th width="30%">Value</th><th width="17%">Estimated by</th><th width="17%">Source</th>'
        "</tr>"
        f"</thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _dispute(sheet: Sheet, d: Dispute) -> str:
    """`Contests: Belarus - what they say [2]`: an event's dispute or a figure's."""
    return (
        f'<span class="{"warning" if d.stance != "supports" else "meta"}">'
        f"{_stance(d)}</span>: {plain(sheet.dataset.actors[d.by].name)} \u2014 "
        f"{plain(d.summary)}{_note(sheet, d.source)}"
        + (f" {plain(d.locator)}" if d.locator else "")
    )


def _stance(dispute: Dispute) -> str:
    if "stance" in dispute.invalid:
        return f"\u26a0 Stance {INVALID_VALUE}"
    return escape(dispute.stance.capitalize())


def _said(sheet: Sheet, quote: Quote, outer: Literal["double", "single"] = "double") -> str:
    """The quote's words, its editorial marks set apart (class `inserted`)."""

    def shown(text: str) -> str:
        return escape(balance(inner_quotes(text, outer)))

    return marked_quote(
        quote_pieces(quote.text, sheet.dataset.info.format), shown, 'class="inserted"'
    )


def _quote(sheet: Sheet, quote: Quote, pad: int, margin: int) -> str:
    source = sheet.dataset.sources[quote.source]
    speaker = escape(speaker_line(quote, sheet.dataset))
    where = f", {plain(quote.locator)}" if quote.locator else ""
    if "mode" in quote.invalid:
        said = f"\u201c{_said(sheet, quote)}\u201d"
        attribution = f"\u2014 {speaker} (quote mode {INVALID_VALUE})"
    elif quote.mode == "direct":
        said = f"<b>\u201c{_said(sheet, quote)}\u201d</b>"
        attribution = f"\u2014 {speaker}"
    elif quote.mode == "editorial":  # never "unattributed": the source is speaking
        said = f"\u201c{_said(sheet, quote)}\u201d"
        attribution = f"\u2014 the assessment of {plain(source.publisher or source.title)}"
    else:
        said = f"<i>\u2018{_said(sheet, quote, 'single')}\u2019</i>"
        attribution = f"\u2014 {speaker}, as reported by {plain(source.publisher or source.title)}"
    label = "MODE INVALID" if "mode" in quote.invalid else quote.mode.upper()
    if quote.language:  # the original is what is quoted, in its own language
        said += f' <span class="muted">[{escape(language_name(quote.language))}]</span>'
    if quote.translation:
        who = escape(translation_credit(quote, sheet.dataset))
        said += (
            f'<br><span class="label">TRANSLATION</span>&nbsp; '
            f'\u2018{plain(quote.translation)}\u2019 <span class="muted">{who}</span>'
        )
    return (
        f'<table width="100%" cellspacing="0" cellpadding="{pad}" border="0" '
        f'style="margin-left:{margin + 14}px">'
        f'<tr><td><span class="label">{label}</span>&nbsp; {said}<br>'
        f'<span class="attribution">{attribution}{_note(sheet, quote.source)}{where}</span>'
        "</td></tr></table>"
    )


def _host_caution(url: str) -> str:
    """On paper no dialog shows where a link leads: when the address's host is not what it
    seems (a lookalike, another script, a user name before it), the sheet says so."""
    link = check_link(url)
    if not link.opens:
        return f" (not a web address: {escape(link.refusal)})"
    if not link.host_unicode and not link.warnings:
        return ""
    said = " ".join((f"the site is {link.host}.", *link.warnings))
    return f" ({escape(said)})"


def _sources(sheet: Sheet) -> str:
    """The numbered sources, then the links of their chains that are not cited themselves: an
    analyst citing the wire behind a site needs its title and date too."""
    items = "".join(_source_item(sheet, source) for source in sheet.sources)
    html = f'<h2>Sources</h2><ol style="-qt-list-indent:{LIST_STEPS}">{items}</ol>'
    sources, listed = sheet.dataset.sources, {source.id for source in sheet.sources}
    links = dict.fromkeys(
        link for source in sheet.sources for link in upstream_ids(sources, source.id)
    )
    further = [sources[link] for link in links if link not in listed]
    if further:
        items = "".join(_source_item(sheet, source) for source in further)
        html += (
            "<h3>Earlier links of those chains</h3>"
            f'<ul style="-qt-list-indent:{LIST_STEPS}">{items}</ul>'
        )
    return html


def _source_item(sheet: Sheet, source: Source) -> str:
    details = [plain(part) for part in (source.publisher, source.author) if part]
    details.append(f"\u201c{plain(inner_quotes(source.title))}\u201d")
    if source.published:
        details.append(escape(format_date(source.published)))
    if source.language:
        details.append(f"in {escape(language_name(source.language))}")
    if source.url:
        details.append(plain(visible_address(source.url)) + _host_caution(source.url))
    note = f" {plain(source.reliability_note)}" if source.reliability_note else ""
    chains = "".join(
        f'<br><span class="muted">Chain:</span> {escape(line)}'
        for line in chain_lines(sheet.dataset.sources, source.id)
    )
    return (
        f"<li>{LIST_SEPARATOR.join(details)}. <b>Reliability {source.grade}</b> "
        f'({escape(source.reliability_meaning)}).<span class="muted">{note}</span>{chains}</li>'
    )
