"""Dataset text made safe to show beside the app's own words.

A dataset is untrusted, like a web page. Two things let its text misrepresent what is around it:
bidirectional controls (an unclosed right-to-left override in a name reverses everything after
it on the line, app text included) and line-breaking or control characters (a newline in a
message forges a second message). `isolate` keeps a data string's direction to itself and
`one_line` keeps it on its line. (Diagnostics, which must show every invisible character, use
`problems.escape_controls`.)
"""

from __future__ import annotations

import unicodedata
from typing import Final

FSI: Final = "\u2068"  # FIRST STRONG ISOLATE: the text inside takes its own direction
PDI: Final = "\u2069"  # POP DIRECTIONAL ISOLATE
# The app's comma between two data strings. Isolates keep two right-to-left names apart in Qt,
# but not where text goes without them (a renderer or a paste that ignores isolates): there two
# names around a plain comma run together and swap places. The left-to-right mark ends the
# first name, so the list reads left to right everywhere.
LRM: Final = "\u200e"  # LEFT-TO-RIGHT MARK: a strong left-to-right letter that shows nothing
LIST_SEPARATOR: Final = f"{LRM}, "
PDF: Final = "\u202c"  # POP DIRECTIONAL FORMATTING
_EMBEDDINGS: Final = frozenset("\u202a\u202b\u202d\u202e")  # LRE RLE LRO RLO, closed by PDF
_ISOLATES: Final = frozenset("\u2066\u2067\u2068")  # LRI RLI FSI, closed by PDI
# Bidi classes that can make text run right to left or change what follows it.
_DIRECTIONAL: Final = frozenset(
    {"R", "AL", "AN", "LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"}
)
_PARAGRAPH_SEPARATORS: Final = frozenset("\n\r\x1c\x1d\x1e\x85\u2029")  # bidi class B

# Unicode's Default_Ignorable_Code_Point (DerivedCoreProperties.txt, unchanged from 9.0 to 16.0):
# characters that show nothing unless a font chooses to. Besides the format characters (soft
# hyphen, zero-width and bidi controls, tags) they include letters that are blanks, the Hangul
# fillers, which a search or a marking must not take for text. `unicodedata` cannot tell these,
# so they are listed: the one set the marking rule and search folding share.
_DEFAULT_IGNORABLE_RANGES: Final = (
    (0x00AD, 0x00AD),  # SOFT HYPHEN
    (0x034F, 0x034F),  # COMBINING GRAPHEME JOINER
    (0x061C, 0x061C),  # ARABIC LETTER MARK
    (0x115F, 0x1160),  # HANGUL CHOSEONG and JUNGSEONG FILLER
    (0x17B4, 0x17B5),  # KHMER VOWEL INHERENT AQ, AA
    (0x180B, 0x180F),  # MONGOLIAN FREE VARIATION SELECTORS, VOWEL SEPARATOR
    (0x200B, 0x200F),  # zero-width space, (non-)joiner, LRM, RLM
    (0x202A, 0x202E),  # bidi embeddings and overrides
    (0x2060, 0x206F),  # word joiner, invisible operators, bidi isolates, deprecated formats
    (0x3164, 0x3164),  # HANGUL FILLER
    (0xFE00, 0xFE0F),  # VARIATION SELECTORS 1-16
    (0xFEFF, 0xFEFF),  # ZERO WIDTH NO-BREAK SPACE
    (0xFFA0, 0xFFA0),  # HALFWIDTH HANGUL FILLER
    (0xFFF0, 0xFFF8),  # unassigned, reserved as ignorable
    (0x1BCA0, 0x1BCA3),  # SHORTHAND FORMAT controls
    (0x1D173, 0x1D17A),  # MUSICAL SYMBOL BEGIN/END formats
    (0xE0000, 0xE0FFF),  # tags, variation selectors 17-256, reserved
)
DEFAULT_IGNORABLE: Final = frozenset(
    chr(code) for first, last in _DEFAULT_IGNORABLE_RANGES for code in range(first, last + 1)
)

# Characters Unicode calls letters (Lo) or symbols (So), so `str.isprintable` passes them, that
# every font draws as blank space: a title or name made of them shows as nothing in the window
# title, Open Recent or the tree, though it is not empty. The Hangul fillers are default-
# ignorable as well (listed here too, to say why they are blank); the braille blank is not.
BLANK_LOOKING: Final = frozenset(
    {
        "\u115f",  # HANGUL CHOSEONG FILLER (Lo)
        "\u1160",  # HANGUL JUNGSEONG FILLER (Lo)
        "\u2800",  # BRAILLE PATTERN BLANK (So): the braille cell with no dots raised
        "\u3164",  # HANGUL FILLER (Lo)
        "\uffa0",  # HALFWIDTH HANGUL FILLER (Lo)
    }
)


def is_default_ignorable(char: str) -> bool:
    """Whether `char` is a Default_Ignorable_Code_Point: invisible unless a font draws it."""
    return char in DEFAULT_IGNORABLE


def shows_as_nothing(char: str) -> bool:
    """Whether `char` leaves no mark where text is shown: a space, a control, format,
    unassigned or private-use character (not printable), a default-ignorable one, or a letter
    or symbol that fonts draw blank."""
    return (
        char.isspace()
        or not char.isprintable()
        or char in DEFAULT_IGNORABLE
        or char in BLANK_LOOKING
    )


def has_visible_character(text: str) -> bool:
    """Whether `text` shows anything at all: a title or name of fillers and zero-width
    characters is as good as empty where it is shown."""
    return not all(shows_as_nothing(char) for char in text)


def needs_isolation(text: str) -> bool:
    """Whether `text` could change the order of the text around it: it holds right-to-left
    letters or explicit direction controls. Left-to-right text is shown the same either way."""
    if text.isascii():
        return False
    bidirectional = unicodedata.bidirectional
    return any(bidirectional(char) in _DIRECTIONAL for char in text)


def balance(text: str) -> str:
    """`text` with every embedding, override and isolate it opens closed where it must end: at
    the end of the text and before each paragraph separator. Closers that close nothing are
    dropped, so that none can close an isolate around the text."""
    out: list[str] = []
    open_: list[str] = []  # the openers in force, innermost last

    def close(until_isolate: bool) -> None:
        while open_:
            opener = open_.pop()
            out.append(PDI if opener in _ISOLATES else PDF)
            if until_isolate and opener in _ISOLATES:
                return

    for char in text:
        if char in _EMBEDDINGS or char in _ISOLATES:
            open_.append(char)
            out.append(char)
        elif char == PDF:
            if open_ and open_[-1] in _EMBEDDINGS:
                open_.pop()
                out.append(char)
        elif char == PDI:
            if any(opener in _ISOLATES for opener in open_):
                close(until_isolate=True)  # also ends the embeddings opened inside the isolate
        elif char in _PARAGRAPH_SEPARATORS:
            close(until_isolate=False)
            out.append(char)
        else:
            out.append(char)
    close(until_isolate=False)
    return "".join(out)


def isolate(text: str) -> str:
    """`text` as a unit of its own direction, that cannot reorder or override what follows it:
    balanced and wrapped in FSI ... PDI. Text that cannot affect its neighbours comes back
    unchanged, so plain left-to-right text stays clean when it is copied."""
    if not needs_isolation(text):
        return text
    return f"{FSI}{balance(text)}{PDI}"


def _visible(char: str) -> str:
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures: \n shows as U+240A
    if code == 0x7F:
        return "\u2421"
    return f"\u27e8U+{code:04X}\u27e9"


def one_line(text: str) -> str:
    """`text` on one line: control characters and line or paragraph separators are shown as
    visible symbols, so a data string cannot start a line of its own. (So are lone surrogates,
    as a file name that is not UTF-8 may hold, which are not text at all.)"""
    if text.isascii() and text.isprintable():
        return text
    return "".join(
        _visible(char) if unicodedata.category(char) in ("Cc", "Zl", "Zp", "Cs") else char
        for char in text
    )


def inline(text: str) -> str:
    """A data string to put inside a line of the app's own text: on one line and isolated."""
    return isolate(one_line(text))
