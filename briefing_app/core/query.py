"""The filter bar's query language.

    withdrawal "special operations" -wagner actor:khrenin,lukashenko tag:border place:gomel
    source:armyrecognition status:contested reliability:>=C credibility:<=3
    after:2024-07 before:2024-08  OR  tag:nato

Terms side by side must all match (AND, which may also be written); `OR` separates alternatives.
A field may list several values, any of which matches: `actor:khrenin,lukashenko`. Values with
spaces are quoted: `actor:"viktor khrenin"`. A leading `-` negates a term. What words and
`reliability:` match is the search index's business (`search.py`, `reliability.py`); a word
that names an actor or place also finds its other names (`names.py`).

Parsing never fails: each malformed term becomes a QueryError (with its position, for the inline
message) and is left out, and the rest of the query still applies. A phrase or value whose quote
is not closed is such a term, left out until the quote is typed: the filter bar says "left out"
of every error, and applying half a phrase under that message misled. A query too long to
evaluate quickly (more than `MAX_TERMS` terms, or more than `MAX_QUERY_LENGTH` characters) is
left out as a whole: an error, and no filter, rather than a window frozen scanning every event
once per term.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, Protocol

from briefing_app.core.edtf import EdtfError, parse_edtf
from briefing_app.core.model import EVENT_STATUSES
from briefing_app.core.names import NameRun, NameTable
from briefing_app.core.problems import did_you_mean
from briefing_app.core.reliability import GRADES
from briefing_app.core.textmatch import as_name, fold

TEXT_FIELDS: Final = ("actor", "place", "tag", "source")
FIELDS: Final = (*TEXT_FIELDS, "status", "reliability", "credibility", "after", "before")

TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<negate>-)?
    (?:(?P<field>[A-Za-z]+):(?P<value>(?:"[^"]*"?|[^\s"])*)
      |"(?P<phrase>[^"]*)(?P<closed>"?)
      |(?P<word>[^\s"]+))
    """,
    re.VERBOSE,
)
# A date as people write it by hand (13/07/2024, 7.13.24): not EDTF, and worth saying so.
_DAY_FIRST = re.compile(r"\d{1,2}[./-]\d{1,2}[./-]\d{2,4}")
_COMPARISON = re.compile(r"(>=|<=|>|<|=)?(.*)")
# Each word is a scan of every event's text: 64 keep the filter interactive on 100,000 events
# (8,000 one-letter words took 33 s). The length cap bounds the parsing and the field values.
MAX_TERMS: Final = 64
MAX_QUERY_LENGTH: Final = 2000


@dataclass(frozen=True, slots=True)
class QueryError:
    """A part of the query that could not be understood, at `start:end` of the query text."""

    start: int
    end: int
    message: str


@dataclass(frozen=True, slots=True)
class Term:
    """One condition. `values` are folded text for text terms and text fields (any may match);
    for comparisons, `op` and a single value: a grade rank, a credibility, or an ISO day."""

    field: str | None
    values: tuple[str, ...]
    negated: bool = False
    op: str = ""
    # The value as written, to describe the term in words; not part of what the term means.
    raw: str = dataclasses.field(default="", compare=False)


class HasNames(Protocol):
    """Anything that knows a dataset's names and aliases: a SearchIndex."""

    @property
    def names(self) -> NameTable: ...


@dataclass(frozen=True, slots=True)
class Query:
    text: str
    alternatives: tuple[tuple[Term, ...], ...]
    errors: tuple[QueryError, ...]

    @property
    def matches_everything(self) -> bool:
        return not self.alternatives

    def highlight_words(self, names: NameTable | HasNames | None = None) -> tuple[str, ...]:
        """The folded words and phrases to mark in the detail pane, longest first.

        Given the dataset's names (its SearchIndex), a word that is a name or alias brings the
        entity's other names, as the filter looks for them too: `kiev` marks "Kyiv". Those are
        `WholeWord`s, marked only as whole words, as the filter finds them; what was typed is
        marked wherever it occurs, and wins when it is also another name."""
        table = names if isinstance(names, NameTable) or names is None else names.names
        typed = [
            term.values[0]
            for terms in self.alternatives
            for term in terms
            if term.field is None and not term.negated
        ]
        words = dict.fromkeys(typed)
        if table is not None:
            for terms in self.alternatives:
                for run in name_runs(terms, table):  # marked whole: `armed forces of ukraine`
                    spelled = as_name(
                        " ".join(term.values[0] for term in terms[run.start : run.end])
                    )
                    marked = (spelled, *run.names)
                    words.update((name, None) for name in marked if name not in words)
            for value in typed:
                words.update((name, None) for name in table.others(value) if name not in words)
        return tuple(sorted(words, key=lambda word: (-len(word), word)))


def name_runs(terms: Sequence[Term], names: NameTable) -> list[NameRun]:
    """The runs of consecutive plain words (and phrases) in one alternative that together spell
    a name with aliases, as `armed forces of ukraine` typed without quotes: positions are
    those of `terms`. A field or a negated word between two words breaks a run."""
    runs: list[NameRun] = []
    start = 0
    while start < len(terms):
        end = start
        while end < len(terms) and terms[end].field is None and not terms[end].negated:
            end += 1
        if end - start > 1:
            values = [term.values[0] for term in terms[start:end]]
            runs += (
                NameRun(start + run.start, start + run.end, run.names) for run in names.runs(values)
            )
        start = end + 1
    return runs


def parse_query(text: str) -> Query:
    if len(text) > MAX_QUERY_LENGTH:  # the first character too many marks where
        error = QueryError(
            MAX_QUERY_LENGTH,
            MAX_QUERY_LENGTH + 1,
            f"a query is at most {MAX_QUERY_LENGTH:,} characters; this query has {len(text):,}",
        )
        return Query(text, (), (error,))
    alternatives: list[tuple[Term, ...]] = []
    errors: list[QueryError] = []
    current: list[Term] = []
    bounds: dict[str, Term] = {}  # this alternative's after: and before:
    pending_or: tuple[int, int] | None = None
    terms = 0
    beyond: tuple[int, int] | None = None  # where the first term past the cap is
    position = 0
    while position < len(text):
        match = TOKEN.match(text, position)
        if match is None:  # pragma: no cover - the pattern matches any non-empty rest
            break
        start, position = match.span()
        if match.group("space"):
            continue
        word = match.group("word")
        if word in ("OR", "AND") and not match.group("negate"):
            if word == "OR":
                if not current:
                    errors.append(QueryError(start, position, "OR needs a term on both sides"))
                else:
                    alternatives.append(tuple(current))
                    current = []
                    bounds = {}
                pending_or = (start, position)
            continue
        term = _term(match, errors)
        if term is not None and term.field in ("after", "before") and not term.negated:
            bounds[term.field] = term
            if _no_date_between(bounds):
                errors.append(
                    QueryError(start, position, "after: is later than before:, so nothing matches")
                )
                continue
        if term is not None:
            current.append(term)
            pending_or = None
            terms += 1
            if terms == MAX_TERMS + 1:
                beyond = (start, position)
    if current:
        alternatives.append(tuple(current))
    elif pending_or is not None and alternatives:
        errors.append(QueryError(*pending_or, "OR needs a term on both sides"))
    if beyond is not None:
        errors.append(QueryError(*beyond, f"at most {MAX_TERMS} terms; this query has {terms}"))
        errors.sort(key=lambda error: (error.start, error.end))
        return Query(text, (), tuple(errors))
    return Query(text, tuple(alternatives), tuple(errors))


def _no_date_between(bounds: dict[str, Term]) -> bool:
    """Whether `after:` lies past `before:` in one alternative, so that it can match nothing
    (the filter would quietly show no event, or a sheet print none)."""
    if "after" not in bounds or "before" not in bounds:
        return False
    return bool(bounds["after"].values[0] > bounds["before"].values[0])


def _term(match: re.Match[str], errors: list[QueryError]) -> Term | None:
    negated = bool(match.group("negate"))
    start, end = match.span()
    if match.group("word") is not None:
        word = fold(match.group("word"))  # nothing left of a word of invisible characters
        return Term(None, (word,), negated, raw=match.group("word")) if word else None
    if match.group("phrase") is not None:
        if not match.group("closed"):
            errors.append(QueryError(start, end, "this phrase has no closing quote"))
            return None
        phrase = " ".join(fold(match.group("phrase")).split())
        return Term(None, (phrase,), negated, raw=match.group("phrase")) if phrase else None
    name = match.group("field").lower()
    raw = match.group("value")
    if name not in FIELDS:
        errors.append(
            QueryError(
                start,
                end,
                f"unknown field '{name}:'{did_you_mean(name, FIELDS)}; "
                f"fields are {', '.join(f + ':' for f in FIELDS)}",
            )
        )
        return None
    if raw.count('"') % 2:
        errors.append(QueryError(start, end, f"a value of '{name}:' has no closing quote"))
        return None
    values = _split_values(raw)
    if not values:
        errors.append(QueryError(start, end, f"'{name}:' needs a value"))
        return None
    try:
        return dataclasses.replace(_field_term(name, values, negated), raw=raw)
    except ValueError as error:
        errors.append(QueryError(start, end, str(error)))
        return None


def _split_values(raw: str) -> tuple[str, ...]:
    """`a,"b c",d` -> (a, b c, d)."""
    values = [part.strip('"').strip() for part in re.findall(r'"[^"]*"?|[^,]+', raw)]
    return tuple(value for value in values if value)


def _field_term(field: str, values: tuple[str, ...], negated: bool) -> Term:
    if field in TEXT_FIELDS:
        folded = tuple(value for value in map(fold, values) if value)
        if not folded:
            raise ValueError(f"'{field}:' needs a value")
        return Term(field, folded, negated)
    if len(values) > 1:
        raise ValueError(f"'{field}:' takes one value")
    value = values[0]
    if field == "status":
        status = value.lower()
        if status not in EVENT_STATUSES:
            raise ValueError(
                f"status must be one of {', '.join(EVENT_STATUSES)}"
                f"{did_you_mean(status, EVENT_STATUSES)}"
            )
        return Term(field, (status,), negated)
    if field in ("after", "before"):
        if _DAY_FIRST.fullmatch(value):
            raise ValueError(f"write {field}: dates as YYYY-MM-DD (2024-07-13), not {value}")
        try:
            date = parse_edtf(value)
        except EdtfError as error:
            raise ValueError(f"{field}: {error}") from None
        return Term(field, (date.lower if field == "after" else date.upper,), negated)
    comparison = _COMPARISON.fullmatch(value)
    assert comparison is not None  # the pattern matches any text
    op, operand = comparison.group(1) or "=", comparison.group(2)
    if field == "reliability":
        if len(operand) != 1 or operand.upper() not in GRADES:
            raise ValueError("reliability takes a grade A-F, as in reliability:>=C")
        return Term(field, (str(GRADES.index(operand.upper())),), negated, op)
    if operand not in ("1", "2", "3", "4", "5", "6"):
        raise ValueError("credibility takes 1-6, as in credibility:<=3")
    return Term(field, (operand,), negated, op)


def compare(actual: int, op: str, wanted: int) -> bool:
    """`actual op wanted` for the query's comparison operators."""
    if op == ">=":
        return actual >= wanted
    if op == "<=":
        return actual <= wanted
    if op == ">":
        return actual > wanted
    if op == "<":
        return actual < wanted
    return actual == wanted


def quote_value(value: str) -> str:
    return f'"{value}"' if re.search(r'[\s,"]', value) else value


def _is_plain_field(match: re.Match[str], field: str) -> bool:
    found = match.group("field")
    return bool(found) and found.lower() == field and not match.group("negate")


def with_field(text: str, field: str, values: list[str]) -> str:
    """The query text with its plain `field:` terms replaced by one listing `values` (or none).

    This is how the pickers write into the query, so the text always shows the whole filter."""
    kept = [
        match.group()
        for match in TOKEN.finditer(text)
        if not match.group("space") and not _is_plain_field(match, field)
    ]
    if values:
        kept.append(f"{field}:{','.join(quote_value(value) for value in values)}")
    return " ".join(kept)


def field_values(text: str, field: str) -> list[str]:
    """The values of the plain `field:` terms in the query text, as written."""
    return [
        value
        for match in TOKEN.finditer(text)
        if _is_plain_field(match, field)
        for value in _split_values(match.group("value"))
    ]
