"""Editing a query's structure, as the pickers, date fields and reliability choice do.

The query text is the filter's single truth, and people type it too, so a picker must edit it
as a query and not as a string: `actor:khrenin OR actor:lukashenko` is two alternatives, and
pasting a term on the end would narrow only the last one. Here the text is split into the
parser's own tokens (so both always agree on what a term is), grouped into alternatives at `OR`,
and only the tokens an edit concerns are rewritten; everything else is kept as typed, white space
included.

What an edit means, with alternatives `A OR B`:

- Ticking a choice (`pick`) makes it acceptable in every alternative: AND distributes, so
  `(A OR B) actor:x` becomes `A actor:x OR B actor:x`. Where an alternative already has a plain
  `actor:` term the id joins its list (`actor:a` -> `actor:a,x`, "any of these", as the picker
  reads it); otherwise a term is added at the alternative's end. An exclusion of the same choice
  in that alternative (`-actor:x`) is removed, since it could only make the result empty.
- Unticking (`unpick`) removes every value naming the choice from every alternative; a term left
  with no value goes, an alternative left with no term goes with one `OR` (never a dangling
  `OR`), and a stray `AND` beside a removed term goes too.
- A one-value field (`set_value`: after, before, reliability) is set the same way in every
  alternative, or removed from all.

Anything beyond what was asked (an exclusion removed, other choices a shared value kept, a term
written into several alternatives) is said in the edit's `note`, for the filter bar to show.

A value names a choice when, folded, it equals the choice's id or one of its names (with or
without spaces: `armyrecognition` names "Army Recognition"); that is how a hand-typed
`source:armyrecognition` ticks its sources. Negated terms never tick anything.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Final, Literal

# The parser's tokenizer, so that what is edited here is exactly what the parser reads.
from briefing_app.core.query import TOKEN, quote_value
from briefing_app.core.textmatch import fold

_PART: Final = re.compile(r'"[^"]*"?|[^,]+')  # one value of `a,"b c",d`, as query.py splits it

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


@dataclass(frozen=True, slots=True)
class Choices:
    """What a picker offers: for each folded name a value may use, the ids it names."""

    by_key: Mapping[str, frozenset[str]] = field(default_factory=dict)

    @staticmethod
    def of(entries: Iterable[tuple[str, Iterable[str]]]) -> Choices:
        """(id, names) pairs: an actor's name and aliases, a source's title and publisher."""
        by_key: dict[str, set[str]] = {}
        for choice_id, names in entries:
            for name in (choice_id, *names):
                folded = " ".join(fold(name).split())
                for key in (folded, folded.replace(" ", "")):
                    if key:
                        by_key.setdefault(key, set()).add(choice_id)
        return Choices({key: frozenset(ids) for key, ids in by_key.items()})

    def named(self, value: str, choice_id: str | None = None) -> frozenset[str]:
        """The ids `value` names; `choice_id` counts as named by itself even if not offered
        (a term added for an actor the dataset no longer has still comes off again)."""
        folded = " ".join(fold(value).split())
        ids = self.by_key.get(folded, frozenset())
        if choice_id is not None and folded == " ".join(fold(choice_id).split()):
            ids |= {choice_id}
        return ids


@dataclass(frozen=True, slots=True)
class Edit:
    """The query text after an edit, and what else it changed, in words (or "")."""

    text: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class PickState:
    """What a picker shows for the query: ids named in every alternative (ticked), in some
    (partly ticked), and values that name no choice, as written (`actor:luka`)."""

    checked: frozenset[str] = frozenset()
    partial: frozenset[str] = frozenset()
    unnamed: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class FieldValue:
    """A one-value field in the query: its value if every alternative has the same one
    (None if none has it), whether they differ, and where its plain terms are in the text."""

    value: str | None = None
    varies: bool = False
    spans: tuple[tuple[int, int], ...] = ()


# -- reading ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Parsed:
    alternatives: list[list[Piece]]  # split at OR; an alternative may be empty (a stray OR)
    ors: list[Piece]  # the OR between alternatives i and i+1
    lead: str  # white space before the first token
    trail: str  # and after the last


def _parse(text: str) -> _Parsed:
    alternatives: list[list[Piece]] = [[]]
    ors: list[Piece] = []
    space, lead, first = "", "", True
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
        piece = Piece(
            space, match.group(), kind, name.lower() if name else None, negated, start, position
        )
        space = ""
        if kind == "or":
            ors.append(piece)
            alternatives.append([])
        else:
            alternatives[-1].append(piece)
    if first:
        lead, space = space, ""
    return _Parsed(alternatives, ors, lead, space)


def _has_terms(alternative: list[Piece]) -> bool:
    return any(piece.kind == "term" for piece in alternative)


def _join(parsed: _Parsed, dropped: set[int]) -> str:
    """The text again, without the alternatives in `dropped` (each with one OR)."""
    pieces: list[Piece] = []
    passed = False  # whether an alternative has been kept, so the next needs its OR
    for index, alternative in enumerate(parsed.alternatives):
        if index in dropped:
            continue
        if passed:
            pieces.append(parsed.ors[index - 1])
        pieces += alternative
        passed = True
    if not pieces:
        return ""
    out = [parsed.lead, pieces[0].text]
    out += (piece.space + piece.text for piece in pieces[1:])
    return "".join(out) + parsed.trail


def pick_state(text: str, name: str, choices: Choices) -> PickState:
    named_in: list[set[str]] = []
    unnamed: list[str] = []
    for alternative in _parse(text).alternatives:
        if not _has_terms(alternative):
            continue
        here: set[str] = set()
        for piece in alternative:
            if piece.is_plain(name):
                for raw, value in piece.parts():
                    ids = choices.named(value)
                    here |= ids
                    if not ids and raw not in unnamed:
                        unnamed.append(raw)
        named_in.append(here)
    if not named_in:
        return PickState()
    checked = set.intersection(*named_in)
    return PickState(frozenset(checked), frozenset(set.union(*named_in) - checked), tuple(unnamed))


def field_value(text: str, name: str) -> FieldValue:
    values: set[tuple[str, ...]] = set()  # each alternative's values
    spans: list[tuple[int, int]] = []
    for alternative in _parse(text).alternatives:
        if not _has_terms(alternative):
            continue
        plain = [piece for piece in alternative if piece.is_plain(name)]
        spans += ((piece.start, piece.end) for piece in plain)
        values.add(tuple(value for piece in plain for _, value in piece.parts()))
    if not values or values == {()}:
        return FieldValue(None, False, tuple(spans))
    if len(values) == 1 and len(only := next(iter(values))) == 1:
        return FieldValue(only[0], False, tuple(spans))
    return FieldValue(None, True, tuple(spans))


# -- editing ------------------------------------------------------------------------------------


def _only_term(text: str, term: str) -> Edit:
    """`term` for a query with no term to put it beside."""
    kept = text.strip()
    return Edit(f"{kept} {term}" if kept else term)


def _tidy(alternative: list[Piece]) -> list[Piece]:
    """No AND left first, last or doubled once a term beside it has gone."""
    kept: list[Piece] = []
    for piece in alternative:
        if piece.kind == "and" and (not kept or kept[-1].kind == "and"):
            continue
        kept.append(piece)
    while kept and kept[-1].kind == "and":
        kept.pop()
    return kept


def _with_values(piece: Piece, raws: list[str]) -> Piece:
    """`piece` listing `raws`, each as typed, but with any quote left open closed."""
    closed = (raw + '"' if raw.count('"') % 2 else raw for raw in raws)
    return replace(piece, text=piece.prefix + ",".join(closed), start=-1, end=-1)


def _appended(piece: Piece, raw: str) -> Piece:
    """`piece` with one more value; what was typed before it stays as typed."""
    value = piece.value
    if piece.parts() and value.count('"') % 2 == 0:
        return replace(piece, text=piece.text + ("" if value.endswith(",") else ",") + raw)
    return _with_values(piece, [*(raw for raw, _ in piece.parts()), raw])


def pick(text: str, name: str, choice_id: str, choices: Choices) -> Edit:
    """`text` with `choice_id` acceptable for `name:` in every alternative."""
    parsed = _parse(text)
    new = f"{name}:{quote_value(choice_id)}"
    if not any(map(_has_terms, parsed.alternatives)):
        return _only_term(text, new)
    changed, removed = 0, []
    for index, alternative in enumerate(parsed.alternatives):
        if not _has_terms(alternative):
            continue
        if any(
            choice_id in choices.named(value, choice_id)
            for piece in alternative
            if piece.is_plain(name)
            for _, value in piece.parts()
        ):
            continue
        changed += 1
        kept: list[Piece] = []
        for piece in alternative:
            if piece.kind == "term" and piece.field == name and piece.negated:
                raws = [
                    raw
                    for raw, value in piece.parts()
                    if choice_id not in choices.named(value, choice_id)
                ]
                if len(raws) < len(piece.parts()):
                    removed.append(piece.text)
                    if raws:
                        kept.append(_with_values(piece, raws))
                    continue
            kept.append(piece)
        if len(kept) < len(alternative):
            kept = _tidy(kept)
        plain = [at for at, piece in enumerate(kept) if piece.is_plain(name)]
        if plain:
            kept[plain[-1]] = _appended(kept[plain[-1]], quote_value(choice_id))
        else:
            kept.append(Piece(" ", new, "term", name))
        parsed.alternatives[index] = kept
    notes = []
    if changed > 1:
        notes.append(f"{new} added to each of the {changed} alternatives")
    if removed:
        notes.append(f"{', '.join(dict.fromkeys(removed))} removed, as it excluded {new}")
    return Edit(_join(parsed, set()), "; ".join(notes))


def unpick(text: str, name: str, choice_id: str, choices: Choices) -> Edit:
    """`text` with no plain `name:` value naming `choice_id` left in any alternative."""
    parsed = _parse(text)
    dropped: set[int] = set()
    shared: list[str] = []
    for index, alternative in enumerate(parsed.alternatives):
        kept: list[Piece] = []
        for piece in alternative:
            if not piece.is_plain(name):
                kept.append(piece)
                continue
            raws: list[str] = []
            touched = False
            for raw, value in piece.parts():
                ids = choices.named(value, choice_id)
                if choice_id not in ids:
                    raws.append(raw)
                    continue
                touched = True
                others = sorted(ids - {choice_id})
                if others:  # `source:armyrecognition` named two: the other stays chosen
                    shared.append(raw)
                    raws += (quote_value(other) for other in others if other not in raws)
            if not touched:
                kept.append(piece)
            elif raws:
                kept.append(_with_values(piece, raws))
        if kept == alternative:
            continue
        kept = _tidy(kept)
        parsed.alternatives[index] = kept
        if not _has_terms(kept):
            dropped.add(index)
    note = ""
    if shared:
        named = ", ".join(dict.fromkeys(shared))
        note = f"{name}:{named} also named other {name}s; they stay chosen"
    return Edit(_join(parsed, dropped), note)


def set_value(text: str, name: str, value: str | None) -> Edit:
    """`text` with the one-value field `name:` set to `value` in every alternative (or, for
    None, removed from every alternative)."""
    parsed = _parse(text)
    new = f"{name}:{quote_value(value)}" if value else ""
    if new and not any(map(_has_terms, parsed.alternatives)):
        return _only_term(text, new)
    dropped: set[int] = set()
    changed = 0
    for index, alternative in enumerate(parsed.alternatives):
        if not _has_terms(alternative):
            continue
        plain = [at for at, piece in enumerate(alternative) if piece.is_plain(name)]
        if new and len(plain) == 1 and alternative[plain[0]].value == quote_value(value or ""):
            continue
        if not new and not plain:
            continue
        changed += 1
        kept = list(alternative)
        if new and plain:
            first = kept[plain[0]]
            kept[plain[0]] = replace(first, text=first.prefix + quote_value(value or ""))
        elif new:
            kept.append(Piece(" ", new, "term", name))
        for at in reversed(plain[1:] if new else plain):
            del kept[at]
        kept = _tidy(kept)
        parsed.alternatives[index] = kept
        if not _has_terms(kept):
            dropped.add(index)
    note = f"{new} set in each of the {changed} alternatives" if new and changed > 1 else ""
    return Edit(_join(parsed, dropped), note)
