"""The detail pane's page for one event, as HTML built only from escaped text (`html_text`).

The only links are the app's own (`event:`, `actor:`, `place:`, `copy-quote:`, `copy-figure:`,
`source-link:`); a source's address is never a link target itself, so the pane checks the
address as the data wrote it before anything is opened.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from html import escape
from typing import Literal

from briefing_app.core.caution import caution
from briefing_app.core.citation import chain_lines, speaker_line, translation_credit
from briefing_app.core.edtf import format_date
from briefing_app.core.figures import as_of, estimator_name, figure_text
from briefing_app.core.languages import language_name
from briefing_app.core.links import visible_address
from briefing_app.core.model import (
    ROUGH_PRECISIONS,
    Dataset,
    Dispute,
    Event,
    Quote,
)
from briefing_app.core.quote_marks import MARKS_KEY, QuotePiece, has_marks, quote_pieces
from briefing_app.core.safetext import LIST_SEPARATOR, balance
from briefing_app.core.sheet import inner_quotes
from briefing_app.core.titles import title_on
from briefing_app.ui.html_text import (
    Colors,
    highlighted,
    invalid_html,
    mark,
    marked_quote,
    plain,
)

KEY = {
    "direct": "DIRECT: the speaker's own words, as the source prints them.",
    "reported": "REPORTED: the source's account of what the speaker said, in its words.",
    "editorial": "EDITORIAL: the source's own words, its analysis or assessment.",
}
TRANSLATION_KEY = "TRANSLATION: a translation of the quote, never the speaker's own words."
PRECISION_WORDS = {
    "time": "time of day",
    "day": "exact day",
    "month": "month known",
    "year": "year known",
}
# The most items a page lists of any one kind (sub-events, sources, quotes, actors...): Qt lays
# out a long list in time that grows faster than the list, and a hostile dataset can make one
# of 50,000; the page says how many more there are.
LIST_CAP = 100
# The app's own link that opens an event's row in the tree, for the sub-events a page leaves out.
SHOW_CHILDREN = "show-children"
# The app's own link to the numbered source's address, checked by the pane before it opens.
SOURCE_LINK = "source-link"
# The app's own links that copy a quote's or a figure's citation, by its place in the event.
COPY_QUOTE = "copy-quote"
COPY_FIGURE = "copy-figure"


def quote_key(quotes: Sequence[Quote], dataset_format: int) -> list[str]:
    """What the labels and marks of these quotes mean, for those that have them: the pane's
    key above an event's quotes and the sheet's legend say the same."""
    modes = {quote.mode for quote in quotes if "mode" not in quote.invalid}
    key = [KEY[mode] for mode in KEY if mode in modes]
    if any(quote.translation for quote in quotes):
        key.append(TRANSLATION_KEY)
    if any(has_marks(quote_pieces(quote.text, dataset_format)) for quote in quotes):
        key.append(MARKS_KEY)
    return key


class EventPage:
    """Builds the page for one event; sources are numbered in the order the page cites them."""

    def __init__(
        self,
        dataset: Dataset,
        event: Event,
        words: tuple[str, ...],
        colors: Colors,
        notice: str = "",
    ) -> None:
        self.dataset = dataset
        self.event = event
        self.words = words
        self.colors = colors
        self.notice = notice  # the app's own word on the page's state, above the title
        self.source_numbers = {
            source_id: number for number, source_id in enumerate(event.cited_source_ids(), 1)
        }

    def text(self, value: str) -> str:
        return mark(value, self.words, self.colors)

    def muted(self, value: str) -> str:
        return f'<span style="color:{self.colors.muted}">{value}</span>'

    def invalid(self) -> str:
        """A value that failed validation, shown as such rather than as the loader's default."""
        return invalid_html(self.colors)

    def ref(self, source_id: str) -> str:
        return f"<sup>[{self.source_numbers[source_id]}]</sup>"

    def html(self) -> str:
        parts = [
            # The app's words run left to right; Qt would take a paragraph's direction from its
            # first letter even inside an isolate, so a Hebrew title would turn a line around.
            f'<body dir="ltr" style="color:{self.colors.text}">',
            f'<p style="color:{self.colors.warning}"><b>{escape(self.notice)}</b></p>'
            if self.notice
            else "",
            f"<h2>{self.text(self.event.title)}</h2>",
            self.caution(),
            self.facts(),
            self.context(),
        ]
        if self.event.summary:
            parts.append(f"<p>{self.text(self.event.summary)}</p>")
        parts += [
            self.figures(),
            self.quotes(),
            self.disputes(),
            self.links(),
            self.sources(),
            "</body>",
        ]
        return "\n".join(part for part in parts if part)

    def caution(self) -> str:
        """The tree's warning sign in words, where a reader sees it without hovering."""
        warning = caution(self.dataset, self.event)
        if not warning:
            return ""
        return (
            f'<p style="color:{self.colors.warning}"><b>\u26a0 Treat with care:</b> '
            f"{escape(warning)}.</p>"
        )

    def facts(self) -> str:
        event = self.event
        rows = []
        date = event.date
        if date is None:
            rows.append(("Date", "undated"))
        else:
            shown = escape(format_date(date))
            if not date.is_interval and date.start is not None:
                shown += " " + self.muted(f"({PRECISION_WORDS[date.start.precision]})")
            rows.append(("Date", shown))
        if "status" in event.invalid:
            status = self.invalid()
        elif event.status in ("contested", "refuted"):
            status = f'<b style="color:{self.colors.warning}">\u26a0 {escape(event.status)}</b>'
        else:
            status = escape(event.status)
        # "statement confirmed": it was made; what it says is weighed below
        status = event.with_kind(status)
        rows.append(("Status", status))
        if "credibility" in event.invalid:
            credibility = self.invalid()
        elif event.credibility:
            credibility = f"{event.credibility} - {escape(event.credibility_meaning)}"
        else:
            credibility = self.muted("not graded")
        if event.said:
            credibility = f"its content: {credibility}"
        rows.append(("Credibility", credibility))
        if event.places:
            places = LIST_SEPARATOR.join(self.place(p) for p in event.places[:LIST_CAP])
            rows.append(("Places", places + self.left_out(len(event.places), ", and ")))
        if event.actors:
            actors = "<br>".join(
                f'<a href="actor:{escape(a.actor)}">{self.text(self.dataset.actors[a.actor].name)}'
                f"</a>{self.actor_title(a.actor)}"
                + (f" {self.muted('- ' + self.text(a.role))}" if a.role else "")
                for a in event.actors[:LIST_CAP]
            )
            rows.append(("Actors", actors + self.left_out(len(event.actors), "<br>and ")))
        if event.tags:
            tags = LIST_SEPARATOR.join(self.text(tag) for tag in event.tags[:LIST_CAP])
            rows.append(("Tags", tags + self.left_out(len(event.tags), ", and ")))
        body = "".join(
            f'<tr><td style="color:{self.colors.muted};padding-right:12px">{label}</td>'
            f"<td>{value}</td></tr>"
            for label, value in rows
        )
        return f'<table cellspacing="0" cellpadding="2">{body}</table>'

    def place(self, place_id: str) -> str:
        """The place's link, with how roughly its point locates it when not to a settlement."""
        place = self.dataset.places[place_id]
        link = f'<a href="place:{escape(place_id)}">{self.text(place.name)}</a>'
        if place.precision in ROUGH_PRECISIONS:
            link += " " + self.muted(f"({escape(place.precision)})")
        return link

    def actor_title(self, actor_id: str) -> str:
        """` (title)`: the title the actor held on the event's date, if any."""
        title = title_on(self.dataset.actors[actor_id], self.event.date)
        return f" ({self.text(title)})" if title else ""

    def context(self) -> str:
        parent = self.event.parent
        if parent is None:
            return ""
        title = self.dataset.events[parent].title
        return f'<p>Part of <a href="event:{escape(parent)}">{plain(title)}</a></p>'

    def figures(self) -> str:
        if not self.event.figures:
            return ""
        rows = []
        for number, figure in enumerate(self.event.figures[:LIST_CAP]):
            by = estimator_name(self.dataset, figure)
            where = f" {self.muted(plain(figure.locator))}" if figure.locator else ""
            value = f"<b>{highlighted(figure_text(figure), self.words, self.colors)}</b>"
            if figure.as_stated:  # the source's own words, so in quotation marks
                value += f"<br>as stated: \u201c{self.text(figure.as_stated)}\u201d"
            if figure.as_of:
                value += f"<br>{self.muted(escape(as_of(figure)))}"
            # Under the number it disputes; a row spanning the columns pushed the page one
            # pixel wider than the pane, with a scroll bar.
            value += "".join(f"<br>{self.dispute(dispute)}" for dispute in figure.disputes)
            copy = self.muted(f'<a href="{COPY_FIGURE}:{number}">Copy&nbsp;citation</a>')
            rows.append(
                f"<tr><td>{self.text(figure.label)}</td><td>{value}</td>"
                f"<td>{escape(by) if by else self.muted('not stated')}</td>"
                f"<td>{self.ref(figure.source)}{where}<br>{copy}</td></tr>"
            )
        header = "".join(
            f'<th align="left" style="color:{self.colors.muted}">{label}</th>'
            for label in ("Figure", "Value", "Estimated&nbsp;by", "Source")
        )
        return (
            "<h3>Figures</h3>"
            f'<table cellspacing="0" cellpadding="4" width="100%"><tr>{header}</tr>'
            f"{''.join(rows)}</table>{self.left_out(len(self.event.figures), '<p>and ')}"
        )

    def quotes(self) -> str:
        if not self.event.quotes:
            return ""
        blocks = [
            self.quote(number, quote) for number, quote in enumerate(self.event.quotes[:LIST_CAP])
        ]
        blocks.append(self.left_out(len(self.event.quotes), "<p>and "))
        key = quote_key(self.event.quotes[:LIST_CAP], self.dataset.info.format)
        return f"<h3>Quotes</h3><p>{self.muted(escape(' '.join(key)))}</p>" + "".join(blocks)

    def pieces(self, quote: Quote) -> tuple[QuotePiece, ...]:
        return quote_pieces(quote.text, self.dataset.info.format)

    def said(self, quote: Quote, outer: Literal["double", "single"] = "double") -> str:
        """The quote's words, highlighted where they match, its editorial marks set apart."""
        style = f'style="color:{self.colors.muted};font-weight:normal;font-style:normal"'
        return marked_quote(
            self.pieces(quote),
            lambda text: highlighted(balance(inner_quotes(text, outer)), self.words, self.colors),
            style,
        )

    def quote(self, number: int, quote: Quote) -> str:
        source = self.dataset.sources[quote.source]
        speaker = highlighted(speaker_line(quote, self.dataset), self.words, self.colors)
        where = f", {plain(quote.locator)}" if quote.locator else ""
        copy = f'<a href="{COPY_QUOTE}:{number}">Copy&nbsp;citation</a>'
        reference = f"{self.ref(quote.source)}{where}"
        if "mode" in quote.invalid:
            label = "MODE INVALID"
            said = f"\u201c{self.said(quote)}\u201d"
            attribution = f"\u2014 {speaker} {reference} ({self.invalid()})"
        elif quote.mode == "direct":
            label = "DIRECT"
            said = f"<b>\u201c{self.said(quote)}\u201d</b>"
            attribution = f"\u2014 {speaker} {reference}"
        elif quote.mode == "editorial":  # never "unattributed": the source is speaking
            label = "EDITORIAL"
            said = f"\u201c{self.said(quote)}\u201d"
            publisher = plain(source.publisher or source.title)
            attribution = f"\u2014 the assessment of {publisher} {reference}"
        else:
            label = "REPORTED"
            said = f"<i>\u2018{self.said(quote, 'single')}\u2019</i>"
            publisher = plain(source.publisher or source.title)
            attribution = f"\u2014 {speaker}, as reported by {publisher} {reference}"
        if quote.language:  # the original is what is quoted, in its own language
            said += f" {self.muted(f'[{escape(language_name(quote.language))}]')}"
        if quote.translation:
            who = escape(translation_credit(quote, self.dataset))
            said += (
                f'<br><span style="color:{self.colors.muted};font-size:small">TRANSLATION</span>'
                f"&nbsp; \u2018{self.text(quote.translation)}\u2019 {self.muted(who)}"
            )
        return (
            f'<blockquote style="margin-left:16px"><p>'
            f'<span style="color:{self.colors.muted};font-size:small">{label}</span>&nbsp; {said}'
            f"<br>{attribution} &nbsp; {self.muted(copy)}</p></blockquote>"
        )

    def disputes(self) -> str:
        if not self.event.disputes:
            return ""
        items = [f"<li>{self.dispute(dispute)}</li>" for dispute in self.event.disputes[:LIST_CAP]]
        items.append(self.left_out(len(self.event.disputes), "<li>and "))
        return "<h3>Disputed or supported by</h3><ul>" + "".join(items) + "</ul>"

    def dispute(self, dispute: Dispute) -> str:
        """`Contests: Belarus - what they say [2]`: an event's dispute or a figure's."""
        actor = self.dataset.actors[dispute.by]
        color = self.colors.warning if dispute.stance == "contests" else self.colors.text
        stance = escape(dispute.stance.capitalize())
        if "stance" in dispute.invalid:
            color, stance = self.colors.warning, "\u26a0 Stance invalid (see Problems)"
        return (
            f'<b style="color:{color}">{stance}</b>: '
            f'<a href="actor:{escape(dispute.by)}">{self.text(actor.name)}</a> - '
            f"{self.text(dispute.summary)} {self.ref(dispute.source)}"
            + (f", {plain(dispute.locator)}" if dispute.locator else "")
        )

    def links(self) -> str:
        """Sub-events and related events, each list cut at LIST_CAP: a page of 50,000 links is
        megabytes of HTML that freezes the window for a minute, and nobody reads it there."""
        parts = []
        for title, ids in (
            ("Sub-events", self.dataset.children_of(self.event.id)),
            ("Related events", self.event.related),
        ):
            if ids:
                items = "".join(
                    f'<li><a href="event:{escape(i)}">{plain(self.dataset.events[i].title)}</a> '
                    f"{self.muted(escape(format_date(self.dataset.events[i].date)))}</li>"
                    for i in ids[:LIST_CAP]
                )
                parts.append(f"<h3>{title}</h3><ul>{items}{self.more(title, len(ids))}</ul>")
        return "".join(parts)

    def left_out(self, count: int, lead: str) -> str:
        """What stands for the items past LIST_CAP in a list of `count`: `lead` ("<li>and ")
        then how many more there are; nothing when none are left out."""
        if count <= LIST_CAP:
            return ""
        return f"{lead}{count - LIST_CAP:,} more, {self.muted('not listed here')}"

    def more(self, title: str, count: int) -> str:
        """The line for the events a capped list leaves out; sub-events can be read in the tree."""
        if title != "Sub-events" or count <= LIST_CAP:
            return self.left_out(count, "<li>and ")
        link = f'<a href="{SHOW_CHILDREN}:{escape(self.event.id)}">show them in the tree</a>'
        return f"<li>and {count - LIST_CAP:,} more: {link}</li>"

    def sources(self) -> str:
        items = []
        for source_id, number in itertools.islice(self.source_numbers.items(), LIST_CAP):
            source = self.dataset.sources[source_id]
            details = [plain(part) for part in (source.publisher, source.author) if part]
            # Not marked: free text never searches source titles, so a mark here would
            # suggest a match that is not why the event was found. The title opens the
            # source's page.
            title = f"\u201c{plain(inner_quotes(source.title))}\u201d"
            details.append(f'<a href="source:{escape(source_id)}">{title}</a>')
            if source.published:
                details.append(escape(format_date(source.published)))
            if source.language:
                details.append(f"in {escape(language_name(source.language))}")
            address = plain(visible_address(source.url))
            link = f'<br><a href="{SOURCE_LINK}:{number}">{address}</a>' if source.url else ""
            note = (
                f"<br>{self.muted(plain(source.reliability_note))}"
                if source.reliability_note
                else ""
            )
            if "reliability" in source.invalid:
                grade = f"Reliability {self.invalid()}"
            else:
                grade = f"Reliability <b>{source.reliability}</b> - "
                grade += escape(source.reliability_meaning)
            chains = "".join(
                f"<br>{self.muted('Chain:')} {escape(line)}"
                for line in chain_lines(self.dataset.sources, source_id)
            )
            items.append(f"<li>{LIST_SEPARATOR.join(details)}{link}<br>{grade}{chains}{note}</li>")
        items.append(self.left_out(len(self.source_numbers), "<li>and "))
        return '<h3>Sources</h3><ol style="margin-left:0">' + "".join(items) + "</ol>"
