"""Values that could mislead where they are shown: the handling marking, control and bidi
characters in text, numbers that are not finite."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest

from briefing_app import paths
from briefing_app.core.loader_fields import (
    INVALID_MARKING,
    MARKING_MAX_COLUMNS,
    check_marking,
    refused_in_marking,
    unbalanced_bidi,
)
from briefing_app.core.model import DEFAULT_MARKING
from briefing_app.core.safetext import DEFAULT_IGNORABLE
from tests.core.helpers import MINIMAL, load_text, messages

# -- the handling marking ------------------------------------------------------------------------


def marking_of(folder: Path, written: str) -> tuple[str, list[str]]:
    result = load_text(folder, MINIMAL.replace("dataset: {title: T}", f"dataset: {written}"))
    assert result.dataset is not None
    return result.dataset.info.marking, messages(result)


@pytest.mark.parametrize(
    ("written", "prints"),
    [
        ('{title: T, marking: "SECRET // NOFORN"}', "SECRET // NOFORN"),
        ('{title: T, marking: "  TOP   SECRET  "}', "TOP SECRET"),
        ('{title: T, marking: "TOP SECRET' + " " * 3000 + '"}', "TOP SECRET"),
        ('{title: T, marking: "TOP\\u00a0\\u3000 SECRET"}', "TOP SECRET"),
        ("{title: T}", DEFAULT_MARKING),
        ('{title: T, marking: "ОФИЦИАЛЬНО"}', "ОФИЦИАЛЬНО"),
    ],
)
def test_a_marking_is_one_line_with_its_spaces_collapsed(
    tmp_path: Path, written: str, prints: str
) -> None:
    assert marking_of(tmp_path, written) == (prints, [])


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ('"\\u200b"', "'marking' holds U+200B ZERO WIDTH SPACE"),
        ('"UNCLASSIFIED\\u200b"', "'marking' holds U+200B ZERO WIDTH SPACE"),
        ('"\\u202eDEIFISSALCNU"', "'marking' holds U+202E RIGHT-TO-LEFT OVERRIDE"),
        ('"\\u2067TOP SECRET\\u2069"', "'marking' holds U+2067 RIGHT-TO-LEFT ISOLATE"),
        ('"TOP SECRET\\nUNCLASSIFIED"', "'marking' holds U+000A LINE FEED"),
        ('"TOP SECRET\\LUNCLASSIFIED"', "'marking' holds U+2028 LINE SEPARATOR"),
        ('"TOP SECRET\\PUNCLASSIFIED"', "'marking' holds U+2029 PARAGRAPH SEPARATOR"),
        ('"TOP\\tSECRET"', "'marking' holds U+0009 TAB"),
        ('"SECRET\\e[8m"', "'marking' holds U+001B ESCAPE"),
        ('"SECRET\\u00ad"', "'marking' holds U+00AD SOFT HYPHEN"),
        ('"\\U000E0041"', "'marking' holds U+E0041 TAG LATIN CAPITAL LETTER A"),
        ('""', "'marking' is empty: leave it out for the default"),
        ('"   "', "'marking' is empty: leave it out for the default"),
        ("'" + "W" * 51 + "'", "'marking' is 51 characters wide; at most 50 print in full"),
        ('"' + "機密" * 13 + '"', "'marking' is 52 characters wide; at most 50 print in full"),
        # Blanks that are letters or symbols, not format characters: each prints as nothing.
        ('"\\u3164"', "'marking' holds U+3164 HANGUL FILLER"),
        ('"\\u115f"', "'marking' holds U+115F HANGUL CHOSEONG FILLER"),
        ('"\\u1160"', "'marking' holds U+1160 HANGUL JUNGSEONG FILLER"),
        ('"\\uffa0"', "'marking' holds U+FFA0 HALFWIDTH HANGUL FILLER"),
        ('"\\u17b4"', "'marking' holds U+17B4 KHMER VOWEL INHERENT AQ"),
        ('"\\u2800"', "'marking' holds U+2800 BRAILLE PATTERN BLANK"),
        ('"SECRET\\u3164\\u3164"', "'marking' holds U+3164 HANGUL FILLER"),
        ('"\\ufe0f"', "'marking' holds U+FE0F VARIATION SELECTOR-16"),
        ('"\\u034f"', "'marking' holds U+034F COMBINING GRAPHEME JOINER"),
        ('"\\u180f"', "'marking' holds U+180F MONGOLIAN FREE VARIATION SELECTOR FOUR"),
        ('"\\U0001d173"', "'marking' holds U+1D173 MUSICAL SYMBOL BEGIN BEAM"),
        # Combining marks: alone they print as a blank, on letters they strike them through.
        ('"\\u0336\\u0336"', "'marking' holds U+0336 COMBINING LONG STROKE OVERLAY"),
        (
            '"S\\u0336E\\u0336C\\u0336R\\u0336E\\u0336T\\u0336"',
            "'marking' holds U+0336 COMBINING LONG STROKE OVERLAY",
        ),
        ('"\\u20dd"', "'marking' holds U+20DD COMBINING ENCLOSING CIRCLE"),
        ('"SECRET\\u0903"', "'marking' holds U+0903 DEVANAGARI SIGN VISARGA"),
        # Private use and unassigned code points print as the font pleases, often as nothing.
        ('"\\ue000"', "'marking' holds U+E000:"),
        ('"\\U000f0000"', "'marking' holds U+F0000:"),
        ('"\\u0378"', "'marking' holds U+0378:"),
    ],
)
def test_a_marking_that_could_hide_or_fake_itself_is_an_error(
    tmp_path: Path, written: str, message: str
) -> None:
    marking, found = marking_of(tmp_path, f"{{title: T, marking: {written}}}")
    assert marking == INVALID_MARKING  # never the default: that would claim a marking
    assert len(found) == 1
    assert found[0].startswith(f"1:30: error: {message}")
    assert found[0].endswith("[marking]")


def test_the_longest_marking_fits() -> None:
    assert check_marking("W" * MARKING_MAX_COLUMNS).problem == ""
    assert check_marking("機" * (MARKING_MAX_COLUMNS // 2)).problem == ""
    assert check_marking("UNCLASSIFIED // FOR OFFICIAL USE ONLY").problem == ""
    assert len(INVALID_MARKING) <= MARKING_MAX_COLUMNS


def test_the_schema_refuses_the_same_marking_characters() -> None:
    """Every character of the Basic Multilingual Plane the loader refuses in a marking, the
    schema's pattern refuses too (a JSON Schema pattern cannot name characters beyond it), and
    no other. The pattern lists the ranges `refused_in_marking` gives over the BMP, surrogates
    left out (a validator without Unicode mode sees characters beyond the BMP as pairs); when
    Python's Unicode version changes what is unassigned, regenerate it from that function."""
    schema = json.loads(paths.resource("dataset.schema.json").read_text(encoding="utf-8"))
    marking = schema["definitions"]["dataset"]["properties"]["marking"]
    pattern = re.compile(marking["pattern"])
    assert marking["maxLength"] == MARKING_MAX_COLUMNS
    for code in range(0x10000):
        char = chr(code)
        if unicodedata.category(char) == "Cs":
            continue
        refused = check_marking(f"A{char}B").problem != ""
        assert refused == refused_in_marking(char), f"U+{code:04X}"
        assert (pattern.search(f"A{char}B") is None) == refused, f"U+{code:04X}"


@pytest.mark.parametrize(
    "char",
    ["\u3164", "\u115f", "\u1160", "\uffa0", "\u2800", "\ufe0f", "\u0336", "\ue000"],
)
def test_the_schema_refuses_blank_and_combining_markings(char: str) -> None:
    schema = json.loads(paths.resource("dataset.schema.json").read_text(encoding="utf-8"))
    pattern = re.compile(schema["definitions"]["dataset"]["properties"]["marking"]["pattern"])
    assert pattern.search(char) is None
    assert pattern.search(f"SECRET{char}") is None
    assert pattern.search("TOP SECRET // REL TO ÉIRE") is not None


def test_the_marking_refuses_every_default_ignorable_character() -> None:
    for char in DEFAULT_IGNORABLE:
        assert check_marking(f"A{char}B").problem, f"U+{ord(char):04X}"


def test_visible_markings_in_other_scripts_still_pass() -> None:
    for marking in (
        "ОФИЦИАЛЬНО",
        "ΑΠΟΡΡΗΤΟ",
        "機密",
        "סודי",
        "سري",
        "ÉTÉ À ÇA",
        "GEHEIM - NUR FÜR",
    ):
        assert check_marking(marking).problem == "", marking


# -- control, line-break and bidi characters in text ---------------------------------------------


def test_control_characters_in_text_are_errors_and_removed(tmp_path: Path) -> None:
    result = load_text(
        tmp_path,
        MINIMAL.replace("title: E", 'title: "\\e]52;c;cm0gLXJmIH4=\\a\\e[2K"'),
    )
    assert messages(result) == [
        "5:20: error: 'title' holds control character U+001B ESCAPE, which is not allowed in "
        "text [encoding]"
    ]
    assert result.dataset is not None
    assert result.dataset.events["e"].title == "]52;c;cm0gLXJmIH4=[2K"


def test_one_line_fields_refuse_line_breaks_and_prose_keeps_them(tmp_path: Path) -> None:
    result = load_text(
        tmp_path,
        MINIMAL.replace(
            "title: E", 'title: "Withdrawal\\nPage 1 of 1", summary: "One.\\n\\nTwo.\\tThree."'
        ),
    )
    assert messages(result) == [
        "5:20: error: 'title' must be one line; it holds a line break (U+000A LINE FEED) [one-line]"
    ]
    assert result.dataset is not None
    event = result.dataset.events["e"]
    assert event.title == "Withdrawal Page 1 of 1"
    assert event.summary == "One.\n\nTwo.\tThree."


def test_unbalanced_bidi_controls_are_warnings(tmp_path: Path) -> None:
    result = load_text(
        tmp_path,
        MINIMAL.replace(
            "{id: s, kind: article, title: S, reliability: B}",
            '{id: s, kind: article, title: "\\u202eS", reliability: B, '
            'publisher: "\\u2067\\u05d0\\u2069 and \\u202b\\u05d1\\u202c"}',
        ),
    )
    assert messages(result) == [
        "3:35: warning: 'title' has U+202E RIGHT-TO-LEFT OVERRIDE with no partner: unbalanced "
        "bidi controls can reverse the text shown after it [bidi-control]"
    ]


@pytest.mark.parametrize(
    ("text", "unbalanced"),
    [
        ("plain", None),
        ("\u202eabc\u202c", None),
        ("\u2067\u202eabc\u2069", None),  # PDI closes the embedding inside its isolate too
        ("\u2068a\u2069\u202ab\u202c", None),
        ("\u202eabc", "\u202e"),
        ("abc\u202c", "\u202c"),
        ("abc\u2069", "\u2069"),
        ("\u2066\u202cx\u2069", "\u202c"),  # PDF cannot close an isolate
        ("\u202a\u2067x\u202c", "\u202c"),  # nor an embedding outside the isolate
    ],
)
def test_bidi_balance(text: str, unbalanced: str | None) -> None:
    assert unbalanced_bidi(text) == unbalanced


def test_a_title_of_invisible_characters_is_empty(tmp_path: Path) -> None:
    result = load_text(tmp_path, MINIMAL.replace("title: E", 'title: "\\u200b\\u2060"'))
    assert messages(result) == ["5:20: error: 'title' has no visible characters [missing-key]"]


@pytest.mark.parametrize(
    "blank",
    [
        "\\u3164",  # HANGUL FILLER
        "\\u2800",  # BRAILLE PATTERN BLANK
        "\\u115f\\u1160",  # HANGUL CHOSEONG and JUNGSEONG FILLER
        "\\uffa0",  # HALFWIDTH HANGUL FILLER
        "\\u180e",  # MONGOLIAN VOWEL SEPARATOR
        "\\ufe0f\\u3164 \\u2800",
    ],
)
@pytest.mark.parametrize(
    ("where", "line", "col"),
    [("dataset: {title: T}", 1, 18), ("title: S,", 3, 35), ("title: E,", 5, 20)],
    ids=["dataset", "source", "event"],
)
def test_a_title_of_blank_looking_characters_is_empty(
    tmp_path: Path, blank: str, where: str, line: int, col: int
) -> None:
    """What shows as a blank window title, Open Recent entry or tree row is an error."""
    title = where.split("title: ")[1][0]  # T, S or E
    result = load_text(tmp_path, MINIMAL.replace(where, where.replace(title, f'"{blank}"', 1)))
    assert messages(result) == [
        f"{line}:{col}: error: 'title' has no visible characters [missing-key]"
    ]


@pytest.mark.parametrize("blank", ["\\u3164", "\\u2800", "\\uffa0"])
def test_a_name_of_blank_looking_characters_is_empty(tmp_path: Path, blank: str) -> None:
    text = MINIMAL + f'actors:\n  - {{id: a, name: "{blank}", kind: person}}\n'
    result = load_text(tmp_path, text)
    assert "7:19: error: 'name' has no visible characters [missing-key]" in messages(result)


# -- numbers -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written",
    ["1e999", "-1e999", ".nan", ".NaN", "nan", ".inf", "-.inf", "+.Inf", "inf", "1" * 400],
)
def test_only_finite_numbers_are_valid(tmp_path: Path, written: str) -> None:
    result = load_text(
        tmp_path,
        MINIMAL.replace(
            "sources: [s]}",
            "sources: [s], figures: [{label: L, qualifier: exact, source: s, low: 1, high: 2, "
            f"value: {written}}}]}}",
        ),
    )
    found = messages(result)
    assert f"error: 'value' must be a finite number, not '{written}' [type]" in found[0]
    assert result.dataset is not None
    assert result.dataset.events["e"].figures[0].value is None


def test_large_finite_numbers_and_coordinates_are_fine(tmp_path: Path) -> None:
    result = load_text(
        tmp_path,
        MINIMAL.replace(
            "sources: [s]}",
            "sources: [s], figures: [{label: L, qualifier: exact, source: s, value: 1e300}]}",
        ),
    )
    assert messages(result) == []
