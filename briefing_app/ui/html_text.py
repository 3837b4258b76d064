"""Dataset text as HTML for the pane and the sheet: escaped, isolated, highlighted, and a quote
with its editorial marks set apart from the source's own words.

No dataset string is ever interpreted as markup: every one goes through `html.escape` (matched
words are highlighted by wrapping escaped pieces), and is isolated (`safetext.isolate`) so that
its direction cannot reorder the app's own words. Qt's rich text ignores `<bdi>` and
`dir="auto"`, but follows the isolate characters.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape

from briefing_app.core.model import INVALID_VALUE
from briefing_app.core.quote_marks import QuotePiece
from briefing_app.core.safetext import FSI, PDI, balance, isolate, needs_isolation
from briefing_app.core.textmatch import match_spans


@dataclass(frozen=True, slots=True)
class Colors:
    """CSS colours taken from the window's palette, so the page follows light and dark themes."""

    text: str
    muted: str
    mark_background: str
    mark_text: str
    warning: str


def plain(text: str) -> str:
    """A dataset string as HTML: escaped and isolated."""
    return escape(isolate(text))


def mark(text: str, words: tuple[str, ...], colors: Colors) -> str:
    """`text` escaped and isolated, with the matched `words` highlighted. Balancing only adds
    or drops direction controls, which folding ignores, so the spans are found in its result."""
    if needs_isolation(text):
        return f"{FSI}{highlighted(balance(text), words, colors)}{PDI}"
    return highlighted(text, words, colors)


def highlighted(text: str, words: tuple[str, ...], colors: Colors) -> str:
    """`text` escaped, with the matched `words` highlighted; not isolated (see `mark`)."""
    spans = match_spans(text, words)
    if not spans:
        return escape(text)
    style = f"background-color:{colors.mark_background};color:{colors.mark_text}"
    pieces, last = [], 0
    for start, end in spans:
        pieces.append(escape(text[last:start]))
        pieces.append(f'<span style="{style}">{escape(text[start:end])}</span>')
        last = end
    pieces.append(escape(text[last:]))
    return "".join(pieces)


def invalid_html(colors: Colors) -> str:
    """A value that failed validation, shown as such rather than as the loader's default."""
    return f'<b style="color:{colors.warning}">\u26a0 {INVALID_VALUE}</b> (see Problems)'


def marked_quote(
    pieces: tuple[QuotePiece, ...], shown: Callable[[str], str], mark_attributes: str
) -> str:
    """A quote's text as HTML: the source's words through `shown` (which escapes and balances
    them), each editorial mark in brackets set apart by `mark_attributes` (a style or a class),
    and the whole isolated as one, so that a right-to-left quote keeps its marks in place."""
    parts = []
    for piece in pieces:
        if piece.kind == "omission":
            parts.append(f"<span {mark_attributes}>[\u2026]</span>")
        elif piece.kind == "insertion":
            parts.append(f"<span {mark_attributes}>[{shown(piece.text)}]</span>")
        else:
            parts.append(shown(piece.text))
    html = "".join(parts)
    return f"{FSI}{html}{PDI}" if needs_isolation("".join(p.text for p in pieces)) else html
