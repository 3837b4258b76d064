"""Dataset text beside the app's own: isolated so its direction stays its own, kept on one line."""

import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefing_app.core.safetext import (
    BLANK_LOOKING,
    DEFAULT_IGNORABLE,
    FSI,
    PDF,
    PDI,
    balance,
    has_visible_character,
    inline,
    is_default_ignorable,
    isolate,
    one_line,
    shows_as_nothing,
)

RLO, LRO, RLE, LRE, RLI, LRI = "\u202e", "\u202d", "\u202b", "\u202a", "\u2067", "\u2066"
OPENERS = {RLO: PDF, LRO: PDF, RLE: PDF, LRE: PDF, RLI: PDI, LRI: PDI, FSI: PDI}
CONTROLS = "".join(OPENERS) + PDF + PDI
BREAKS = "\n\r\u2029\x85"


def closed_in_order(text: str) -> bool:
    """Whether every opener in `text` is closed by its own closer, innermost first, before the
    text ends and before any paragraph separator; and no closer closes nothing."""
    open_: list[str] = []
    for char in text:
        if char in OPENERS:
            open_.append(char)
        elif char in (PDF, PDI):
            if not open_ or OPENERS[open_.pop()] != char:
                return False
        elif char in BREAKS and open_:
            return False
    return not open_


def without_controls(text: str) -> str:
    return "".join(char for char in text if char not in CONTROLS)


def test_left_to_right_text_is_left_as_it_is() -> None:
    for text in ("Viktor Khrenin", "Kyïv, 2024", "<b>&amp;</b>", ""):
        assert isolate(text) == text


def test_right_to_left_text_is_isolated() -> None:
    assert isolate("\u05d0\u05d1") == f"{FSI}\u05d0\u05d1{PDI}"


def test_an_unclosed_override_is_closed_before_the_app_text() -> None:
    name = f"Khrenin{RLO}retsiniM ecnefeD"
    line = f"\u201cquote\u201d \u2014 {isolate(name)}, as reported by Army Recognition"
    isolated = line.split("\u2014 ", 1)[1].split(", as reported", 1)[0]
    assert isolated == f"{FSI}Khrenin{RLO}retsiniM ecnefeD{PDF}{PDI}"
    assert closed_in_order(isolated)


def test_closers_that_close_nothing_are_dropped() -> None:
    # A stray PDI would close the isolate around the text and let the rest out.
    assert isolate(f"a{PDI}{RLO}b") == f"{FSI}a{RLO}b{PDF}{PDI}"
    assert isolate(f"a{PDF}b{RLO}") == f"{FSI}ab{RLO}{PDF}{PDI}"
    # A PDF cannot close an embedding from outside an isolate opened after it.
    assert balance(f"{RLE}a{RLI}b{PDF}c") == f"{RLE}a{RLI}bc{PDI}{PDF}"


def test_an_isolate_closes_the_embeddings_opened_inside_it() -> None:
    assert balance(f"{RLI}a{RLO}b{PDI}c") == f"{RLI}a{RLO}b{PDF}{PDI}c"


def test_everything_is_closed_before_a_paragraph_separator() -> None:
    assert balance(f"a{RLO}b\nc{LRE}d") == f"a{RLO}b{PDF}\nc{LRE}d{PDF}"


@given(st.text(alphabet=st.sampled_from(f"ab\u05d0 {CONTROLS}{BREAKS}")))
def test_isolated_text_is_closed_in_order_and_keeps_its_content(text: str) -> None:
    isolated = isolate(text)
    if isolated != text:
        assert isolated.startswith(FSI)
        assert isolated.endswith(PDI)
        inner = isolated[1:-1]
        # Every paragraph of the inside is balanced on its own.
        for paragraph in re.split(f"[{BREAKS}]", inner):
            assert closed_in_order(paragraph)
    assert without_controls(isolated) == without_controls(text)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("one\ntwo", "one\u240atwo"),
        ("tab\there", "tab\u2409here"),
        ("esc\x1b[2J", "esc\u241b[2J"),
        ("del\x7f", "del\u2421"),
        ("next\x85line", "next\u27e8U+0085\u27e9line"),
        ("line\u2028sep", "line\u27e8U+2028\u27e9sep"),
        ("para\u2029sep", "para\u27e8U+2029\u27e9sep"),
        ("bad\udcc0byte", "bad\u27e8U+DCC0\u27e9byte"),
        ("plain words", "plain words"),
    ],
)
def test_one_line_shows_line_breaks_and_controls(text: str, shown: str) -> None:
    assert one_line(text) == shown


@given(st.text())
def test_one_line_never_breaks_a_line(text: str) -> None:
    assert not any(
        unicodedata.category(char) in ("Cc", "Zl", "Zp", "Cs") for char in one_line(text)
    )


def test_inline_is_one_line_and_isolated() -> None:
    assert inline(f"x{RLO}y\nz") == f"{FSI}x{RLO}y\u240az{PDF}{PDI}"


def test_the_default_ignorable_set_is_unicodes() -> None:
    """Default_Ignorable_Code_Point as DerivedCoreProperties.txt lists it (4,174 code points
    since Unicode 9.0): format characters, variation selectors, the Hangul fillers and the
    reserved ranges kept for more of them."""
    assert len(DEFAULT_IGNORABLE) == 4174
    for char in "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b\u180e\u180f\u200b\u200f":
        assert is_default_ignorable(char), f"U+{ord(char):04X}"
    for char in "\u202a\u202e\u2060\u206f\u3164\ufe00\ufe0f\ufeff\uffa0\ufff0\ufff8":
        assert is_default_ignorable(char), f"U+{ord(char):04X}"
    for code in (0x1BCA0, 0x1BCA3, 0x1D173, 0x1D17A, 0xE0000, 0xE0001, 0xE0100, 0xE0FFF):
        assert is_default_ignorable(chr(code)), f"U+{code:04X}"
    # Not ignorable: visible format characters (Arabic number signs), the braille blank (a
    # symbol; the marking rule refuses it on its own), spaces, letters and the replacement sign.
    for char in "\u0600\u06dd\u2800 \u00a0\u3000aЖ\ufff9\ufffc\ufffd":
        assert not is_default_ignorable(char), f"U+{ord(char):04X}"


BLANK_TITLES = {
    "\u3164": "HANGUL FILLER (Lo)",
    "\u115f": "HANGUL CHOSEONG FILLER (Lo)",
    "\u1160": "HANGUL JUNGSEONG FILLER (Lo)",
    "\u115f\u1160": "a Hangul syllable of fillers alone",
    "\uffa0": "HALFWIDTH HANGUL FILLER (Lo)",
    "\u2800": "BRAILLE PATTERN BLANK (So)",
    "\u180e": "MONGOLIAN VOWEL SEPARATOR (Cf)",
    "\u180b\u180c": "MONGOLIAN FREE VARIATION SELECTORS (Mn)",
    "\ufe0f": "VARIATION SELECTOR-16 (Mn)",
    "\u034f": "COMBINING GRAPHEME JOINER (Mn)",
    "\u17b4\u17b5": "KHMER VOWELS INHERENT (Mn)",
    "\U000e0041": "TAG LATIN CAPITAL LETTER A",
    "\u3164 \u2800\u3000\u200b": "a mix, with spaces",
}


@pytest.mark.parametrize("text", BLANK_TITLES, ids=list(BLANK_TITLES.values()))
def test_blank_looking_characters_are_not_visible(text: str) -> None:
    """Letters and symbols that every font draws blank count as nothing, as zero-width
    characters do: a title of them would show as a blank window title or tree row."""
    assert not has_visible_character(text)
    assert all(shows_as_nothing(char) for char in text)


def test_the_blank_table_holds_letters_and_symbols_only() -> None:
    """The table is for what `isprintable` passes; what it refuses needs no listing."""
    for char in BLANK_LOOKING:
        assert char.isprintable(), f"U+{ord(char):04X}"
        assert unicodedata.category(char) in ("Lo", "So"), f"U+{ord(char):04X}"


@pytest.mark.parametrize(
    "text", ["a", "\u3164a", "Ж", "機密", "\u05d0", "\u0661", "\U0001f600", "\u2801", "\uac00"]
)
def test_visible_text_is_visible(text: str) -> None:
    assert has_visible_character(text)
