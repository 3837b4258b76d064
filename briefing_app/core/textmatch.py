"""Case- and accent-insensitive matching: `lukashenka` finds `Lukashenka`, `kyiv` finds `Kyïv`,
`lukasenka` finds `Łukašenka`, and `wagner` finds a Wagner with a zero-width space or a Hangul
filler inside (every default-ignorable character, `safetext.DEFAULT_IGNORABLE`, is dropped).
Every run of white space is one space, so a phrase finds its words across a line break or a
double space. Numbers lose their thousands separators, so `9000`, `9,000` and `9 000` (any
space, the narrow no-break one included) are one number to a search.

Folding is per character, so every folded character knows which original character it came from
and matches can be highlighted in the original text.

What a person types matches anywhere (`kie` is in "Kiev"); another name of an entity it brings
(`names.py`) is a `WholeWord`, matched only where no letter or digit continues it on either side,
so that the alias `UK` never finds "Ukraine". Scripts written without spaces between words
(Chinese, Japanese, Thai, ...) have no such edges: names in them stay plain substrings.

Every pattern here is linear on any text: the search index folds untrusted text, and a pattern
that backtracks through a run of digits from each digit took 45 s on 100,000 of them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache, partial
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

# White space other than one plain space (a run of any two or more, or one that is not a plain
# space); fold only looks for it where the text has some.
_SPACES: Final = re.compile(r"\s{2,}|[^\S ]")
# A number grouped in thousands, after folding (every kind of space is a plain one by then, and
# full-width digits ASCII ones); `_ungrouped` decides. Scanning for it costs 0.4 s over the
# 40 MB of text of 50,000 events, and most texts have no digit beside a separator at all: the
# quicker `_GROUPED_HINT` spares them. A match starts only where a run of digits does (the
# digit after it, not the one before, is checked first: a pattern that starts with a digit skips
# to the next digit quickly), and takes that run whole, possessively. The matches are those of
# `[0-9]+[, ]...`, since a run never ends before a digit, but that read the rest of a run again
# from each of its digits: 45 s for 100,000 of them.
_GROUPED: Final = re.compile(r"[0-9](?<![0-9]{2})[0-9]*+[, ][0-9]{3}(?:[, ][0-9]{3})*(?![0-9])")
_GROUPED_HINT: Final = re.compile(r"[0-9][, ][0-9]")
# One character of a word, as the word index splits words (`words.py`).
_WORD_CHAR: Final = re.compile(r"\w")
# Scripts written without spaces between words (Thai, Lao, Tibetan, Myanmar, Khmer, Korean,
# whose particles join the noun, and the Chinese and Japanese ones): no name in them has edges.
_UNSPACED: Final = re.compile(
    "[\u0e00-\u0fff\u1000-\u109f\u1100-\u11ff\u1780-\u17ff\u2e80-\u2fdf\u3040-\u31ff"
    "\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\uff66-\uffdc"
    "\U00020000-\U0003ffff]"
)


class WholeWord(str):
    """A folded needle that matches only as a whole word or phrase: another name of what was
    typed (`names.py`), which `UK` must not find inside "Ukraine". Still a `str`, so that the
    words the pane marks stay one tuple of strings from the query to `match_spans`."""

    __slots__ = ()


def as_name(folded: str) -> str:
    """A folded name as the expansion looks for it: a `WholeWord`, unless it is written in a
    script without spaces, where it stays plain text found anywhere."""
    return folded if _UNSPACED.search(folded) else WholeWord(folded)


def is_word_char(char: str) -> bool:
    """Whether `char` is part of a word, as the word index and `\\w` see it."""
    return _WORD_CHAR.fullmatch(char) is not None


def find_whole(text: str, needle: str, start: int = 0) -> int:
    """The first offset from `start` at which `needle` occurs in `text` with no word character
    continuing it on either side (where its own edge is a word character); -1 if none."""
    if not needle:
        return -1
    check_before, check_after = _WORD_CHAR.match(needle), _WORD_CHAR.match(needle, len(needle) - 1)
    found = text.find(needle, start)
    while found >= 0:
        end = found + len(needle)
        if not (check_before and found and _WORD_CHAR.match(text, found - 1)) and not (
            check_after and _WORD_CHAR.match(text, end)
        ):
            return found
        found = text.find(needle, found + 1)
    return -1


@lru_cache(maxsize=8192)
def _fold_char(char: str) -> str:
    if unicodedata.category(char) == "Cf" or is_default_ignorable(char):
        # Zero-width spaces and joiners, soft hyphens, bidi controls, variation selectors, the
        # Hangul fillers: nothing a reader sees or types.
        return ""
    if unicodedata.category(char) == "Nd":  # Arabic-Indic or Devanagari 3000 is 3000
        return str(unicodedata.decimal(char))
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
    in order; used to highlight matched words without touching the text itself. A `WholeWord`
    is marked only where it stands as a whole word, as the search finds it."""
    if not needles or not text:
        return []
    folded, owner = _folded_with_owners(text)
    spans: list[tuple[int, int]] = []
    for needle in needles:
        if not needle:
            continue
        find = partial(find_whole, folded, needle) if isinstance(needle, WholeWord) else None
        start = find(0) if find else folded.find(needle)
        while start >= 0:
            end = start + len(needle)
            spans.append((owner[start], owner[end - 1] + 1))
            start = find(end) if find else folded.find(needle, end)
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
