"""Case- and accent-insensitive matching: `lukashenka` finds `Lukashenka`, `kyiv` finds `Kyïv`,
`lukasenka` finds `Łukašenka`, and `wagner` finds a Wagner with a zero-width space or a Hangul
filler inside (every default-ignorable character, `safetext.DEFAULT_IGNORABLE`, is dropped).

Folding is per character, so every folded character knows which original character it came from
and matches can be highlighted in the original text.
"""

from __future__ import annotations

import unicodedata
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
    if text.isascii():
        return text.lower()
    return "".join(map(_fold_char, text))


def match_spans(text: str, needles: tuple[str, ...]) -> list[tuple[int, int]]:
    """Where in `text` (original offsets) any of the already-folded `needles` occur, merged and
    in order; used to highlight matched words without touching the text itself."""
    if not needles or not text:
        return []
    folded_parts: list[str] = []
    owner: list[int] = []  # folded offset -> original offset
    for index, char in enumerate(text):
        part = _fold_char(char) if not char.isascii() else char.lower()
        folded_parts.append(part)
        owner.extend([index] * len(part))
    folded = "".join(folded_parts)
    owner.append(len(text))
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
