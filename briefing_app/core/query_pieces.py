"""A query's text as the parser's own tokens, grouped into OR alternatives, and put back together.

`query_edit` rewrites a few of these pieces and leaves the rest as typed, so this module answers
the questions an edit must get right to keep the meaning of what it did not touch:

- which pieces the parser keeps as terms (`live`): `bad:x`, `"half a phrase` or `after:13/07`
  are read as terms here but left out by the parser, so an alternative made only of such pieces
  is no alternative at all (`OR` beside it is an error);
- how pieces join again (`join`): two pieces typed without a space between them (`"belarus"OR`)
  stay so, but a piece an edit wrote or moved always gets white space on both sides, since
  `actor:khrenin` glued to `OR` is the one term `actor:khreninOR`;
- which `AND` the edit left hanging (first, last, beside an `OR` or another `AND`), to be
  removed; an `AND` whose neighbours are as typed stays as typed, even if the person's own.
- whether the parser reads an edit's result as the edit meant (`refusal`): the same
  alternatives, every other term the same, no new error. This is checked on the parser's own
  reading, not on what the edit believes it wrote, so a slip in the pieces refuses an edit
  rather than changing a filter unseen.

Pieces are read by `query.TOKEN`, so a piece here is exactly a token there.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Final, Literal

from briefing_app.core.query import MAX_QUERY_LENGTH, TOKEN, Query, Term, parse_query

_PART: Final = re.compile(r'"[^"]*"?|[^,]+')  # one value of `a,"b c",d`, as query.py splits it
WRITTEN: Final = -1  # the index of a piece an edit wrote: it has no place in the text read

Kind = Literal["term", "or", "and"]


@dataclass(frozen=True, slots=True)
class Piece:
    """One token of the query text, with the white space typed before it."""

    space: str
    text: str
    kind: Kind = "term"
    field: str | None = None  # lower-case; None for words and phrases
    negated: bool = False
    start: int = -1  # where it is in the text it was read from; -1 for a piece an edit wrote
    end: int = -1
    index: int = WRITTEN  # which token of the text it was (spaces not counted)

    @property
    def prefix(self) -> str:
        """`-Actor:` of `-Actor:a,b`: the field as written, kept when the values change."""
        return self.text[: self.text.index(":") + 1]

    @property
    def value(self) -> str:
        return self.text[self.text.index(":") + 1 :]

    def parts(self) -> list[tuple[str, str]]:
        """Each value as written (quotes kept) and as meant, empty ones left out."""
        found = ((raw, raw.strip('"').strip()) for raw in _PART.findall(self.value))
        return [(raw, value) for raw, value in found if value]

    def is_plain(self, name: str) -> bool:
        return self.kind == "term" and self.field == name and not self.negated

    def is_plain_live(self, name: str) -> bool:
        return self.is_plain(name) and live(self)

    def rewritten(self, text: str) -> Piece:
        """This piece saying `text` instead: written by the edit, so spaced on both sides."""
        return replace(self, text=text, start=-1, end=-1, index=WRITTEN)

    @staticmethod
    def new(name: str, text: str) -> Piece:
        return Piece(" ", text, "term", name)


@dataclass(frozen=True, slots=True)
class Pieces:
    """The text split at OR; an alternative may be empty (a stray OR)."""

    alternatives: list[list[Piece]]
    ors: list[Piece]  # the OR between alternatives i and i+1
    lead: str  # white space before the first token
    trail: str  # and after the last
    count: int  # how many tokens were read


def read(text: str) -> Pieces:
    alternatives: list[list[Piece]] = [[]]
    ors: list[Piece] = []
    space, lead, first, index = "", "", True, 0
    position = 0
    while position < len(text):
        match = TOKEN.match(text, position)
        if match is None or match.end() == position:  # pragma: no cover - matches any rest
            break
        start, position = match.span()
        if match.group("space"):
            space += match.group()
            continue
        if first:
            lead, space, first = space, "", False
        word, negated = match.group("word"), bool(match.group("negate"))
        kind: Kind = "term"
        if word in ("OR", "AND") and not negated:
            kind = "or" if word == "OR" else "and"
        name = match.group("field")
        field = name.lower() if name else None
        piece = Piece(space, match.group(), kind, field, negated, start, position, index)
        space, index = "", index + 1
        if kind == "or":
            ors.append(piece)
            alternatives.append([])
        else:
            alternatives[-1].append(piece)
    if first:
        lead, space = space, ""
    return Pieces(alternatives, ors, lead, space, index)


@functools.lru_cache(maxsize=1024)
def _live_text(text: str) -> bool:
    return bool(parse_query(text).alternatives)


def live(piece: Piece) -> bool:
    """Whether the parser keeps this piece as a term. Read alone: only `after:`/`before:` in
    the wrong order depend on their alternative, and then the first of the two is kept, so an
    alternative has a term the parser keeps exactly when one of its pieces is live alone."""
    return piece.kind == "term" and _live_text(piece.text)


def has_terms(alternative: list[Piece]) -> bool:
    return any(map(live, alternative))


def open_quote(pieces: Pieces) -> Piece | None:
    """The piece whose quote is never closed, if any. It runs to the end of the text, so
    anything written after it would be read as part of it."""
    for alternative in pieces.alternatives:
        for piece in alternative:
            if piece.text.count('"') % 2:
                return piece
    return None


def join(pieces: Pieces, dropped: set[int]) -> tuple[str, list[Piece]]:
    """The text again, without the alternatives in `dropped` (each with one OR), and the pieces
    of those that were kept: ones the parser left out, kept as typed beside the alternative
    before (or after), so that no dangling OR and no lost typing is left."""
    out: list[Piece] = []
    kept: list[Piece] = []
    passed = False  # whether an alternative has been kept, so the next needs its OR
    for index, alternative in enumerate(pieces.alternatives):
        if index in dropped:
            rest = [piece for piece in alternative if piece.kind == "term"]
            kept += rest
            out += rest
            continue
        if passed:
            out.append(pieces.ors[index - 1])
        out += alternative
        passed = True
    out = _without_hanging_ands(out, pieces.count)
    if not out:
        return "", kept
    text = [pieces.lead, out[0].text]
    for before, piece in itertools.pairwise(out):
        glued = WRITTEN not in (before.index, piece.index) and before.index == piece.index - 1
        text += (piece.space or ("" if glued else " "), piece.text)
    return "".join(text) + pieces.trail, kept


def _without_hanging_ands(out: list[Piece], count: int) -> list[Piece]:
    """`out` without an AND the edit left first, last, or beside an OR or an AND."""
    while True:
        for at, piece in enumerate(out):
            if piece.kind != "and" or _as_typed(out, at, count):
                continue
            last = len(out) - 1
            if at in (0, last) or out[at - 1].kind != "term" or out[at + 1].kind != "term":
                del out[at]
                break
        else:
            return out


def _as_typed(out: list[Piece], at: int, count: int) -> bool:
    """Whether the piece at `at` has the neighbours it was typed with (or the text's edges)."""
    index = out[at].index
    if index == WRITTEN:
        return False
    if at == 0:
        before = index == 0
    else:
        before = out[at - 1].index != WRITTEN and out[at - 1].index == index - 1
    after = index == count - 1 if at == len(out) - 1 else out[at + 1].index == index + 1
    return before and after


# -- checking an edit against the parser --------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Intent:
    """What an edit meant, for `refusal` to hold the parser's reading of its result to."""

    fields: Iterable[str]  # the fields it may change: every other term must stay as it was
    alternatives: int  # how many alternatives the parser must find in the result
    holds: Callable[[tuple[Term, ...]], bool]  # what each of them must say of `fields`
    own_errors: bool = False  # an error in a `fields` term is the value the person set


def quote_refusal(pieces: Pieces) -> str | None:
    """Why no edit is made to a text with a quote left open, or None if none is."""
    piece = open_quote(pieces)
    if piece is None:
        return None
    shown = piece.text if len(piece.text) <= 24 else piece.text[:23] + "\u2026"
    return f"close the quote opened at {shown} first"


def refusal(text: str, result: str, intent: Intent) -> str | None:
    """Why `text` must not become `result`, or None if the parser reads `result` as `text`
    with only what `intent` says changed and no new error but the value's own."""
    old, new = parse_query(text), parse_query(result)
    errors = _new_errors(text, old, result, new, intent)
    if errors:
        return f"the filter would then not be understood: {errors[0]}"
    if not _capped(text, old) and not _means(old, new, intent):
        return "it could not be made safely; edit the text instead"
    return None


def _capped(text: str, query: Query) -> bool:
    """Whether the parser dropped the whole query for a limit (terms, length): it has terms
    the parser would keep, but none kept."""
    if query.alternatives:
        return False
    return any(has_terms(alternative) for alternative in read(text).alternatives)


def _shape(message: str) -> str:
    """A message with its numbers out: "this query has 70" is the limit "this query has 71"
    already broke."""
    return re.sub(r"\d[\d,]*", "#", message)


def _new_errors(text: str, old: Query, result: str, new: Query, intent: Intent) -> list[str]:
    """The messages of the result's errors that the text did not have, the value's own first
    (none if those are all). A text too long to be read at all had none to compare with: what
    an edit (an untick) makes of it is the person's to see."""
    if len(text) > MAX_QUERY_LENGTH:
        return [error.message for error in new.errors if len(result) > len(text)]
    had = Counter((error.message, text[error.start : error.end]) for error in old.errors)
    shapes = {_shape(error.message) for error in old.errors} if _capped(text, old) else set()
    fields = set(intent.fields) if intent.own_errors else set()
    own_spans = [
        (piece.start, piece.end)
        for alternative in read(result).alternatives
        for piece in alternative
        if piece.kind == "term" and piece.field in fields
    ]
    own: list[str] = []
    fresh: list[str] = []
    for error in new.errors:
        key = (error.message, result[error.start : error.end])
        if had[key]:
            had[key] -= 1
        elif any(start <= error.start and error.end <= end for start, end in own_spans):
            own.append(error.message)
        elif _shape(error.message) not in shapes:
            fresh.append(error.message)
    return own + fresh if fresh else []


def _means(old: Query, new: Query, intent: Intent) -> bool:
    """Whether `new` is `old` with only `intent.fields` changed, as the edit meant."""
    if len(new.alternatives) != intent.alternatives:
        return False
    fields = set(intent.fields)

    def rest(terms: tuple[Term, ...]) -> tuple[Term, ...]:
        return tuple(term for term in terms if term.field not in fields)

    kept = [terms for terms in map(rest, old.alternatives) if terms]
    now = [terms for terms in map(rest, new.alternatives) if terms]
    return kept == now and all(map(intent.holds, new.alternatives))
