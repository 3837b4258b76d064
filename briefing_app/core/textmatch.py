"""Case- and accent-insensitive matching: `lukashenka` finds `Lukashenka`, `kyiv` finds `Kyïv`."""

from __future__ import annotations

import unicodedata
from functools import lru_cache


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    decomposed = unicodedata.normalize("NFKD", char)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def fold(text: str) -> str:
    """The form every search compares: no case, no accents. ASCII text takes the fast path."""
    if text.isascii():
        return text.lower()
    return "".join(_fold_char(char) for char in text)


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
