"""Case- and accent-insensitive matching: `lukashenka` finds `Lukashenka`, `kyiv` finds `Kyïv`,
`lukasenka` finds `Łukašenka`, and `wagner` finds a Wagner with a zero-width space or a Hangul
filler inside (every default-ignorable character, `safetext.DEFAULT_IGNORABLE`, is dropped).
Every run of white space is one space, so a phrase finds its words across a line break or a
double space. Numbers lose their thousands separators, so `9000`, `9,000` and `9 000` (any
space, the narrow no-break one included) are one number to a search.

Folding is per character, so every folded character knows which original character it came from
and matches can be highlighted in the original text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Final

from briefing_app.core.safetext import is_default_ignorable

# Letters that NFKD leaves whole (a stroke or a ligature is not an accent), folded as a reader
# of the language would type them on a plain keyboard. Keys are casefolded already.
LETTER_FOLDS: Final = {
    "æ": "ae",
    "œ": "oe",
    "ø": "o",
    "ł": "l",
    "đ": "d",
    "ð": "d",
    "þ": "th",
    "\u0131": "i",  # dotless i
    "ħ": "h",
    "ŧ": "t",
    "ŋ": "ng",
    "ĸ": "k",
    "ƀ": "b",
    "ƈ": "c",
    "ȼ": "c",
    "ɇ": "e",
    "ƒ": "f",
    "ǥ": "g",
    "ɨ": "i",
    "ɉ": "j",
    "ƙ": "k",
    "ƚ": "l",
    "ɍ": "r",
    "ʉ": "u",
    "ɏ": "y",
    "ƶ": "z",
}

# White space other than one plain space; fold only looks for it where the text has some.
_SPACES: Final = re.compile(r"[^\S ]+| {2,}")
# A number grouped in thousands, after folding (every kind of space is a plain one by then, and
# full-width digits ASCII ones); `_ungrouped` decides. Scanning for it costs 0.4 s over the
# 40 MB of text of 50,000 events, and most texts have no digit beside a separator at all: the
# quicker `_GROUPED_HINT` spares them.
_GROUPED: Final = re.compile(r"[0-9]+[, ][0-9]{3}(?:[, ][0-9]{3})*(?![0-9])")
_GROUPED_HINT: Final = re.compile(r"[0-9][, ][0-9]")


@lru_cache(maxsize=8192)
def _fold_char(char: str) -> str:
    if unicodedata.category(char) == "Cf" or is_default_ignorable(char):
        # Zero-width spaces and joiners, soft hyphens, bidi controls, variation selectors, the
        # Hangul fillers: nothing a reader sees or types.
        return ""
    decomposed = unicodedata.normalize("NFKD", char)
    folded = "".join(
        c for c in decomposed if not unicodedata.combining(c) and not is_default_ignorable(c)
    ).casefold()
    return "".join(LETTER_FOLDS.get(c, c) for c in folded)


def fold(text: str) -> str:
    """The form every search compares: no case, no accents, no invisible characters, letters
    such as Ł, Ø and ß as a plain keyboard types them. ASCII text takes the fast path."""
    folded = text.lower() if text.isascii() else "".join(map(_fold_char, text))
    if _odd_spaces(folded):
        folded = _SPACES.sub(" ", folded)
    return _GROUPED.sub(_ungrouped, folded) if _GROUPED_HINT.search(folded) else folded


def _odd_spaces(folded: str) -> bool:
    """Whether `folded` may hold white space other than single spaces: a quick test that spares
    most texts the regular expression (the search index's part separator, `\\x00`, is no space,
    and kept)."""
    if "  " in folded:
        return True
    return not folded.isprintable() and not folded.replace("\x00", "").isprintable()


def _ungrouped(match: re.Match[str]) -> str:
    """`9,000` and `1 200 000` without their separators. Left as they are: `2024 300` (a year,
    then a count: a first group is at most three digits), `1,200 000` (two kinds of separator),
    and `0,5 100` (what comes before the digits is part of another number)."""
    number, start = match.group(), match.start()
    separators = {char for char in number if char in ", "}
    if len(separators) != 1 or (start and match.string[start - 1] in ".,"):
        return number
    separator = separators.pop()
    return number if number.index(separator) > 3 else number.replace(separator, "")


def match_spans(text: str, needles: tuple[str, ...]) -> list[tuple[int, int]]:
    """Where in `text` (original offsets) any of the already-folded `needles` occur, merged and
    in order; used to highlight matched words without touching the text itself."""
    if not needles or not text:
        return []
    folded, owner = _folded_with_owners(text)
    spans: list[tuple[int, int]] = []
    for needle in needles:
        if not needle:
            continue
        start = folded.find(needle)
        while start >= 0:
            end = start + len(needle)
            spans.append((owner[start], owner[end - 1] + 1))
            start = folded.find(needle, end)
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _folded_with_owners(text: str) -> tuple[str, list[int]]:
    """`fold(text)`, and for each of its characters the offset of the original character it
    came from (a `ß` gives two; a soft hyphen, a thousands separator or the rest of a run of
    white space none). The same steps as `fold`, in the same order, keeping count."""
    folded_parts: list[str] = []
    owner: list[int] = []
    for index, char in enumerate(text):
        part = _fold_char(char) if not char.isascii() else char.lower()
        folded_parts.append(part)
        owner.extend([index] * len(part))
    folded = "".join(folded_parts)
    if _odd_spaces(folded):
        folded, owner = _rewritten(folded, owner, _SPACES.finditer(folded), lambda _: " ")
    return _rewritten(folded, owner, _GROUPED.finditer(folded), _ungrouped)


def _rewritten(
    folded: str,
    owner: list[int],
    matches: Iterable[re.Match[str]],
    replace: Callable[[re.Match[str]], str],
) -> tuple[str, list[int]]:
    """`folded` with each match replaced, as `re.sub` would, and the owners to match. A
    replacement is either one character (it owns the match's first) or the match with some
    characters left out (each kept character keeps its owner)."""
    pieces: list[str] = []
    owners: list[int] = []
    done = 0
    for match in matches:
        start, end = match.span()
        replacement = replace(match)
        if replacement == match.group():
            continue
        pieces.append(folded[done:start])
        owners += owner[done:start]
        if len(replacement) == 1:
            owners.append(owner[start])
        else:
            kept = iter(replacement)
            wanted = next(kept, None)
            for offset in range(start, end):
                if folded[offset] == wanted:
                    owners.append(owner[offset])
                    wanted = next(kept, None)
        pieces.append(replacement)
        done = end
    if not pieces:
        return folded, owner
    pieces.append(folded[done:])
    owners += owner[done:]
    return "".join(pieces), owners
