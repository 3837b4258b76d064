"""Editorial marks inside a quote (format 2), as in academic quoting: `[...]` where words of the
source are left out, `[text]` for words put in that are not the speaker's (a name for "he").

Everything outside the brackets is still an exact excerpt of the source. A quote is split into
pieces so that the pane, the sheet and a check against the source can each treat the quoted
words and the marks apart. In format 1 brackets are plain text: a dataset written before marks
existed keeps meaning what it meant.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

PieceKind = Literal["quoted", "omission", "insertion"]

# Three full stops, spaced or not, or the ellipsis character.
OMISSIONS: Final = frozenset({"...", ". . .", "\u2026"})
# A quote is a short excerpt: a few marks at most. More is an error, and the text is shown as
# written, so a hostile quote of 30,000 marks cannot make 30,000 pieces to lay out.
MAX_MARKS: Final = 20
MARKS_KEY: Final = (
    "MARKS: [\u2026] stands for words of the source left out; words in [brackets] were put in "
    "and are not the speaker's."
)


@dataclass(frozen=True, slots=True)
class QuotePiece:
    """A run of a quote's text: the source's own words, an omission, or an insertion (its text
    without the brackets)."""

    kind: PieceKind
    text: str


def mark_problem(text: str) -> str | None:
    """What is wrong with the brackets of a format 2 quote, or None: every `[` closes, nothing
    nests, no mark is empty, there are at most MAX_MARKS, and some of the source's own words
    are left outside them."""
    depth_at = -1  # where the open bracket is, or -1
    marks = 0
    for position, character in enumerate(text):
        if character == "[":
            if depth_at >= 0:
                return (
                    f"the mark begun at character {depth_at + 1} is not closed before the '[' "
                    f"at character {position + 1}: close each mark with ']' (marks do not nest)"
                )
            depth_at = position
        elif character == "]":
            if depth_at < 0:
                return (
                    f"a ']' at character {position + 1} closes no '[': write '[...]' for words "
                    "left out, '[text]' for words put in"
                )
            if not text[depth_at + 1 : position].strip():
                return (
                    f"the mark at character {depth_at + 1} is empty: write '[...]' for words "
                    "left out, '[text]' for words put in"
                )
            depth_at = -1
            marks += 1
            if marks > MAX_MARKS:
                return (
                    f"the quote has more than {MAX_MARKS} editorial marks: quote a shorter "
                    "excerpt, or several"
                )
    if depth_at >= 0:
        return f"the '[' at character {depth_at + 1} is never closed with ']'"
    if not any(piece.kind == "quoted" and piece.text.strip() for piece in _split(text)):
        return "the quote is all editorial marks: give the source's own words outside them"
    return None


def quote_pieces(text: str, dataset_format: int) -> tuple[QuotePiece, ...]:
    """The quote as pieces. In format 1, or when the marks are malformed (the loader has said
    so), the whole text is the source's words, brackets and all: shown as written."""
    if dataset_format < 2 or "[" not in text or mark_problem(text) is not None:
        return (QuotePiece("quoted", text),)
    return tuple(_split(text))


def has_marks(pieces: tuple[QuotePiece, ...]) -> bool:
    return any(piece.kind != "quoted" for piece in pieces)


def quoted_runs(pieces: tuple[QuotePiece, ...]) -> list[str]:
    """The source's own words, run by run: each must be found in the source, in this order."""
    return [piece.text.strip() for piece in pieces if piece.kind == "quoted" and piece.text.strip()]


def _split(text: str) -> list[QuotePiece]:
    """Pieces of well-formed text (each `[` closed, none nested), in one pass."""
    pieces: list[QuotePiece] = []
    start = 0
    while (opening := text.find("[", start)) >= 0:
        closing = text.index("]", opening)
        if opening > start:
            pieces.append(QuotePiece("quoted", text[start:opening]))
        inside = text[opening + 1 : closing]
        kind: PieceKind = "omission" if inside.strip() in OMISSIONS else "insertion"
        pieces.append(QuotePiece(kind, inside))
        start = closing + 1
    if start < len(text):
        pieces.append(QuotePiece("quoted", text[start:]))
    return pieces
