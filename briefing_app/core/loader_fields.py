"""The format's tables (which keys each mapping holds) and the rules for single values.

`FIELDS` is the format's single definition of which keys exist; the JSON Schema in `resources/`
is tested against it. The value rules here are the ones a dataset could use to mislead: a
handling marking that hides or fakes itself, text that carries control characters or opens
right-to-left text it never closes, numbers that are not finite.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from briefing_app.core.safetext import BLANK_LOOKING, is_default_ignorable


@dataclass(frozen=True, slots=True)
class Fields:
    """The keys one kind of mapping may hold."""

    required: tuple[str, ...]
    optional: tuple[str, ...]

    @property
    def allowed(self) -> tuple[str, ...]:
        return self.required + self.optional


FIELDS: Final = MappingProxyType(
    {
        "file": Fields((), ("dataset", "sources", "actors", "places", "events")),
        "dataset": Fields(("title",), ("description", "language", "updated", "marking", "format")),
        "source": Fields(
            ("id", "kind", "title", "reliability"),
            (
                "publisher",
                "author",
                "published",
                "retrieved",
                "url",
                "reliability_note",
                "based_on",
                "language",
            ),
        ),
        "actor": Fields(
            ("id", "name", "kind"), ("title", "affiliation", "country", "aliases", "titles")
        ),
        "actor_title": Fields(("title",), ("from", "until")),
        "place": Fields(
            ("id", "name", "kind"), ("country", "aliases", "latitude", "longitude", "precision")
        ),
        "event": Fields(
            ("id", "title"),
            (
                "date",
                "parent",
                "summary",
                "actors",
                "places",
                "tags",
                "kind",
                "status",
                "credibility",
                "sources",
                "figures",
                "quotes",
                "disputes",
                "related",
            ),
        ),
        "event_actor": Fields(("actor",), ("role",)),
        "figure": Fields(
            ("label", "qualifier", "source"),
            (
                "value",
                "low",
                "high",
                "unit",
                "estimated_by",
                "locator",
                "as_of",
                "as_stated",
                "disputes",
            ),
        ),
        "quote": Fields(
            ("text", "mode", "source"),
            (
                "speaker",
                "speaker_role",
                "said",
                "locator",
                "language",
                "translation",
                "translated_by",
            ),
        ),
        "dispute": Fields(("by", "stance", "summary", "source"), ("locator",)),
    }
)

# The keys and values format 2 added: a dataset using one must say `format: 2` in its dataset
# section, so that a tool that knows only format 1 is told, rather than misreading the data.
# Keys by the kind of mapping that holds them; values by (kind, key).
FORMAT_2_KEYS: Final = MappingProxyType(
    {
        "source": frozenset({"based_on", "language"}),
        "figure": frozenset({"as_of", "as_stated", "disputes"}),
        "actor": frozenset({"titles"}),
        "place": frozenset({"precision"}),
        "event": frozenset({"kind"}),
        "quote": frozenset({"language", "translation", "translated_by"}),
    }
)
FORMAT_2_VALUES: Final = MappingProxyType(
    {
        ("figure", "qualifier"): frozenset({"nearly", "more_than", "less_than"}),
        ("quote", "mode"): frozenset({"editorial"}),
    }
)
FORMAT_2_ADVICE: Final = "add 'format: 2' to the dataset section"

# Keys whose text may run over several lines; every other text is one line (a name, a title).
PROSE_KEYS: Final = frozenset({"description", "summary", "text", "reliability_note", "translation"})

ID_PATTERN: Final = re.compile(r"[a-z0-9](?:[a-z0-9._-]{0,98}[a-z0-9])?")
COUNTRY_PATTERN: Final = re.compile(r"[A-Z]{2}")
LANGUAGE_PATTERN: Final = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_NOT_FINITE = re.compile(r"[-+]?\.?(?:inf|infinity|nan)", re.IGNORECASE)
_KIND_NAMES: Final = {
    MappingNode: "a mapping",
    SequenceNode: "a list",
    ScalarNode: "text",
}

# A marking must print in full at the top and bottom of every page: 8.5 pt bold across the
# 174 mm between the margins of A4 portrait (Letter is wider). 52 of the widest Latin letter
# (W, in DejaVu Sans Bold) fit there; a wide East Asian character or emoji, one em, counts 2.
MARKING_MAX_COLUMNS: Final = 50
INVALID_MARKING: Final = "MARKING INVALID - SEE THE DATASET'S PROBLEMS"
# What a marking may not hold: characters that hide, reorder or break the line (controls, format
# characters, separators), that print as nothing or as the font pleases (unassigned, private use,
# surrogates), and combining marks, which draw on the letter before them: strike-through
# (S\u0336) that still reads as "SECRET" to a check, or marks alone that print as a blank. A
# marking is uppercase text in practice; precomposed letters (É, Ä) are single characters and fine.
_REFUSED_CATEGORIES: Final = frozenset({"Cc", "Cf", "Zl", "Zp", "Cn", "Co", "Cs", "Mn", "Mc", "Me"})
_LINE_BREAKS = re.compile("[\n\r\x85\u2028\u2029]")
# C0 and C1 controls but tab and the line breaks: no text has a use for them, and in a
# terminal they are commands. YAML lets them in only as escapes ("\e", "\x1b").
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]")
# Bidi controls: embeddings and overrides end at PDF, isolates at PDI.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
_SUSPECT = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_CONTROL_NAMES: Final = {
    "\t": "TAB",
    "\n": "LINE FEED",
    "\r": "CARRIAGE RETURN",
    "\x1b": "ESCAPE",
    "\x85": "NEXT LINE",
}
_EMBEDDINGS: Final = frozenset("\u202a\u202b\u202d\u202e")
_ISOLATES: Final = frozenset("\u2066\u2067\u2068")


def kind_name(node: Node) -> str:
    return _KIND_NAMES.get(type(node), "something else")


def character_name(char: str) -> str:
    """`U+202E RIGHT-TO-LEFT OVERRIDE`: a character that cannot be shown, named."""
    name = unicodedata.name(char, "") or _CONTROL_NAMES.get(char, "")
    return f"U+{ord(char):04X} {name}" if name else f"U+{ord(char):04X}"


def parse_number(value: str) -> float:
    """The finite number `value` spells, or ValueError saying what it must be. `1e999`
    overflows to infinity, which no figure or coordinate can be and nothing can print."""
    if _NUMBER.fullmatch(value) is None:
        raise ValueError("a finite number" if _NOT_FINITE.fullmatch(value) else "a number")
    number = float(value)
    if not math.isfinite(number):
        raise ValueError("a finite number")
    return number


def suspicious(value: str) -> bool:
    """Whether `value` holds anything the text checks look for (most text holds none)."""
    return _SUSPECT.search(value) is not None


def control_character(value: str) -> str | None:
    """The first control character in `value` (other than tab and line breaks), if any."""
    found = _CONTROLS.search(value)
    return found.group() if found else None


def without_controls(value: str) -> str:
    return _CONTROLS.sub("", value)


def line_break(value: str) -> str | None:
    """The first line break in `value`, for text that must be one line."""
    found = _LINE_BREAKS.search(value)
    return found.group() if found else None


def one_line(value: str) -> str:
    return _LINE_BREAKS.sub(" ", value)


def unbalanced_bidi(value: str) -> str | None:
    """The first bidi control in `value` that is not closed (or closes nothing), if any.

    Closed pairs are right-to-left text written properly; an open one reverses whatever is
    shown after the field (the app's own words, other fields) until the end of the line."""
    stack: list[str] = []
    for found in _BIDI.finditer(value):
        char = found.group()
        if char in _EMBEDDINGS or char in _ISOLATES:
            stack.append(char)
        elif char == "\u2069":  # PDI closes the last isolate and any embeddings inside it
            while stack and stack[-1] not in _ISOLATES:
                stack.pop()
            if not stack:
                return char
            stack.pop()
        elif not stack or stack[-1] in _ISOLATES:  # PDF with no embedding to close
            return char
        else:
            stack.pop()
    return stack[0] if stack else None


@dataclass(frozen=True, slots=True)
class Marking:
    """A marking as it will print, or why it cannot be printed (`problem`, then `text` is
    `INVALID_MARKING`: falling back to the default would claim a marking nobody gave)."""

    text: str
    problem: str = ""


def refused_in_marking(char: str) -> bool:
    """Whether `char` cannot be part of a marking: it is not a visible base character (or a
    space), so it could blank, hide or disguise the marking."""
    return (
        unicodedata.category(char) in _REFUSED_CATEGORIES
        or is_default_ignorable(char)
        or char in BLANK_LOOKING
    )


def check_marking(value: str) -> Marking:
    """One short line of visible base characters: whitespace runs collapse to one space, and
    control, format, separator, default-ignorable, unassigned and private-use characters and
    combining marks (which hide, blank, reorder, break or strike through the line) are refused,
    as is a marking too long to print in full."""
    for char in value:
        if refused_in_marking(char):
            return Marking(
                INVALID_MARKING,
                f"'marking' holds {character_name(char)}: a marking is one line of visible "
                "characters",
            )
    text = " ".join(value.split())  # only spaces are left: collapse their runs, trim the ends
    if not text:
        return Marking(INVALID_MARKING, "'marking' is empty: leave it out for the default")
    columns = sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)
    if columns > MARKING_MAX_COLUMNS:
        return Marking(
            INVALID_MARKING,
            f"'marking' is {columns} characters wide; at most {MARKING_MAX_COLUMNS} print in "
            "full on a page (wide characters count twice)",
        )
    return Marking(text)
