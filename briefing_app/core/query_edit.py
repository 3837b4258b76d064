"""Editing a query's structure, as the pickers, date fields and reliability choice do.

The query text is the filter's single truth, and people type it too, so a picker must edit it
as a query and not as a string: `actor:khrenin OR actor:lukashenko` is two alternatives, and
pasting a term on the end would narrow only the last one. The text is read as the parser's own
tokens, grouped at `OR` (`query_pieces`), and only the tokens an edit concerns are rewritten;
everything else is kept as typed, white space included.

What an edit means, with alternatives `A OR B`:

- Ticking a choice (`pick`) makes it acceptable in every alternative: AND distributes, so
  `(A OR B) actor:x` becomes `A actor:x OR B actor:x`. Where an alternative already has a plain
  `actor:` term the id joins its list (`actor:a` -> `actor:a,x`, "any of these", as the picker
  reads it); otherwise a term is added at the alternative's end. An exclusion of the same choice
  in that alternative (`-actor:x`) is removed, since it could only make the result empty.
- Unticking (`unpick`) removes every value naming the choice from every alternative; a term left
  with no value goes, an alternative left with no term goes with one `OR` (never a dangling
  `OR`; what the parser left out of it stays, as typed, beside its neighbour), and a stray `AND`
  beside a removed term goes too.
- A one-value field (`set_value`: after, before, reliability) is set the same way in every
  alternative, or removed from all.

Every edit is checked against the parser before it is made (`_checked`): the result must mean
the old query with exactly that change (the same alternatives, every other term the same) and
bring no new error (more than `MAX_TERMS` terms, too long, a glued `OR`...), except an error in
the value a date field set, which is the person's to see and fix. Otherwise the edit is refused:
the text stays as it was and the note says why. A quote left open refuses every edit: it runs
to the end of the text, so a term added after it would be read as part of it, and closing it
for the person would turn half a phrase into a filter they did not write.

Anything beyond what was asked (an exclusion removed, other choices a shared value kept, a term
written into several alternatives) is said in the edit's `note`, for the filter bar to show.

A value names a choice when, folded, it equals the choice's id or one of its names (with or
without spaces: `armyrecognition` names "Army Recognition"); that is how a hand-typed
`source:armyrecognition` ticks its sources. Negated terms, and terms the parser left out, never
tick anything.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Final

from briefing_app.core.query import Term, parse_query, quote_value
from briefing_app.core.query_pieces import (
    Intent,
    Piece,
    Pieces,
    has_terms,
    join,
    live,
    quote_refusal,
    read,
    refusal,
)
from briefing_app.core.textmatch import fold

_DATES: Final = frozenset({"after", "before"})  # set together: one can void the other


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
    """The query text after an edit, and what else it changed, in words (or ""). A refused
    edit has the text as it was and says why in its note."""

    text: str
    note: str = ""
    refused: bool = False


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


def _targets(alternative: list[Piece], name: str) -> bool:
    """Whether a one-value field's edit concerns this alternative: it has a term the parser
    keeps, or a `name:` term (one left out for its value, as `after:13/07/2024`, included)."""
    return has_terms(alternative) or any(piece.is_plain(name) for piece in alternative)


def pick_state(text: str, name: str, choices: Choices) -> PickState:
    named_in: list[set[str]] = []
    unnamed: list[str] = []
    for alternative in read(text).alternatives:
        if not has_terms(alternative):
            continue
        here: set[str] = set()
        for piece in alternative:
            if piece.is_plain_live(name):
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
    for alternative in read(text).alternatives:
        if not _targets(alternative, name):
            continue
        plain = [piece for piece in alternative if piece.is_plain(name)]
        spans += ((piece.start, piece.end) for piece in plain)
        values.add(tuple(value for piece in plain for _, value in piece.parts()))
    if not values or values == {()}:
        return FieldValue(None, False, tuple(spans))
    if len(values) == 1 and len(only := next(iter(values))) == 1:
        return FieldValue(only[0], False, tuple(spans))
    return FieldValue(None, True, tuple(spans))


# -- checking -----------------------------------------------------------------------------------


def _checked(text: str, result: str, note: str, what: str, intent: Intent) -> Edit:
    """`result`, if the parser reads it as the edit meant; else `text`, and why not."""
    why = refusal(text, result, intent)
    return Edit(result, note) if why is None else Edit(text, f"{what}: {why}", refused=True)


def _quote_open(text: str, pieces: Pieces, what: str) -> Edit | None:
    why = quote_refusal(pieces)
    return None if why is None else Edit(text, f"{what}: {why}", refused=True)


def _live_count(pieces: Pieces, dropped: set[int]) -> int:
    """How many alternatives the parser will find once `dropped` have gone."""
    return sum(
        has_terms(alternative)
        for index, alternative in enumerate(pieces.alternatives)
        if index not in dropped
    )


def _kept_note(kept: list[Piece]) -> str:
    shown = ", ".join(piece.text for piece in kept)
    return f"{shown} (not understood) kept as typed, now without an OR of its own"


# -- editing ------------------------------------------------------------------------------------


def _only_term(text: str, term: str) -> str:
    """`term` for a query with no term to put it beside."""
    kept = text.strip()
    return f"{kept} {term}" if kept else term


def _with_values(piece: Piece, raws: list[str]) -> Piece:
    """`piece` listing `raws`, each as typed, but with any quote left open closed."""
    closed = (raw + '"' if raw.count('"') % 2 else raw for raw in raws)
    return piece.rewritten(piece.prefix + ",".join(closed))


def _appended(piece: Piece, raw: str) -> Piece:
    """`piece` with one more value; what was typed before it stays as typed."""
    return piece.rewritten(piece.text + ("" if piece.value.endswith(",") else ",") + raw)


def _naming(choices: Choices, choice_id: str) -> Callable[[Iterable[str]], bool]:
    """Whether any of some values names `choice_id`."""
    return lambda values: any(choice_id in choices.named(value, choice_id) for value in values)


def pick(text: str, name: str, choice_id: str, choices: Choices) -> Edit:
    """`text` with `choice_id` acceptable for `name:` in every alternative."""
    new = f"{name}:{quote_value(choice_id)}"
    names = _naming(choices, choice_id)
    pieces = read(text)

    def holds(terms: tuple[Term, ...]) -> bool:
        return any(t.field == name and not t.negated and names(t.values) for t in terms)

    what = f"{new} not added"
    if refused := _quote_open(text, pieces, what):
        return refused
    if not any(map(has_terms, pieces.alternatives)):
        return _checked(text, _only_term(text, new), "", what, Intent({name}, 1, holds))
    changed, removed = 0, []
    for index, alternative in enumerate(pieces.alternatives):
        plain = [piece for piece in alternative if piece.is_plain_live(name)]
        if not has_terms(alternative) or any(names(v for _, v in p.parts()) for p in plain):
            continue
        changed += 1
        kept: list[Piece] = []
        for piece in alternative:
            if piece.kind == "term" and piece.field == name and piece.negated and live(piece):
                raws = [raw for raw, value in piece.parts() if not names([value])]
                if len(raws) < len(piece.parts()):
                    removed.append(piece.text)
                    if raws:
                        kept.append(_with_values(piece, raws))
                    continue
            kept.append(piece)
        at = [at for at, piece in enumerate(kept) if piece.is_plain_live(name)]
        if at:
            kept[at[-1]] = _appended(kept[at[-1]], quote_value(choice_id))
        else:
            kept.append(Piece.new(name, new))
        pieces.alternatives[index] = kept
    notes = []
    if changed > 1:
        notes.append(f"{new} added to each of the {changed} alternatives")
    if removed:
        notes.append(f"{', '.join(dict.fromkeys(removed))} removed, as it excluded {new}")
    result, _ = join(pieces, set())
    intent = Intent({name}, _live_count(pieces, set()), holds)
    return _checked(text, result, "; ".join(notes), what, intent)


def unpick(text: str, name: str, choice_id: str, choices: Choices) -> Edit:
    """`text` with no plain `name:` value naming `choice_id` left in any alternative."""
    names = _naming(choices, choice_id)
    pieces = read(text)

    def holds(terms: tuple[Term, ...]) -> bool:
        return not any(t.field == name and not t.negated and names(t.values) for t in terms)

    what = f"{name}:{quote_value(choice_id)} not removed"
    if refused := _quote_open(text, pieces, what):
        return refused
    dropped: set[int] = set()
    shared: list[str] = []
    for index, alternative in enumerate(pieces.alternatives):
        kept: list[Piece] = []
        for piece in alternative:
            if not piece.is_plain_live(name):
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
        pieces.alternatives[index] = kept
        if not has_terms(kept):
            dropped.add(index)
    result, leftover = join(pieces, dropped)
    notes = []
    if shared:
        named = ", ".join(dict.fromkeys(shared))
        notes.append(f"{name}:{named} also named other {name}s; they stay chosen")
    if leftover and _live_count(pieces, dropped):
        notes.append(_kept_note(leftover))
    intent = Intent({name}, _live_count(pieces, dropped), holds)
    return _checked(text, result, "; ".join(notes), what, intent)


def set_value(text: str, name: str, value: str | None) -> Edit:
    """`text` with the one-value field `name:` set to `value` in every alternative (or, for
    None, removed from every alternative)."""
    new = f"{name}:{quote_value(value)}" if value else ""
    meant = parse_query(new).alternatives if new else ()
    term = meant[0][0] if meant else None  # None for a value not understood

    def holds(terms: tuple[Term, ...]) -> bool:
        plain = [t for t in terms if t.field == name and not t.negated]
        return plain in ([], [term]) if new else not plain

    fields = _DATES if name in _DATES else {name}
    what = f"{new} not set" if new else f"{name}: not removed"
    pieces = read(text)
    if refused := _quote_open(text, pieces, what):
        return refused
    if new and not any(_targets(alternative, name) for alternative in pieces.alternatives):
        intent = Intent(fields, 1 if term else 0, holds, own_errors=True)
        return _checked(text, _only_term(text, new), "", what, intent)
    dropped: set[int] = set()
    changed = 0
    for index, alternative in enumerate(pieces.alternatives):
        if not _targets(alternative, name):
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
            kept[plain[0]] = first.rewritten(first.prefix + quote_value(value or ""))
        elif new:
            kept.append(Piece.new(name, new))
        for at in reversed(plain[1:] if new else plain):
            del kept[at]
        pieces.alternatives[index] = kept
        if not new and not has_terms(kept):
            dropped.add(index)
    result, leftover = join(pieces, dropped)
    notes = [f"{new} set in each of the {changed} alternatives"] if new and changed > 1 else []
    if leftover and _live_count(pieces, dropped):
        notes.append(_kept_note(leftover))
    intent = Intent(fields, _live_count(pieces, dropped), holds, own_errors=True)
    return _checked(text, result, "; ".join(notes), what, intent)
