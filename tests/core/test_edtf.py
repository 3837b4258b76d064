"""EDTF dates: the supported subset, its error messages, and agreement with the `edtf` package."""

import calendar
import re
import time
import warnings

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing_app.core.edtf import EdtfError, format_date, parse_edtf


@pytest.mark.parametrize(
    ("text", "lower", "upper"),
    [
        ("2024-07-13", "2024-07-13", "2024-07-13"),
        ("2024-07", "2024-07-01", "2024-07-31"),
        ("2024", "2024-01-01", "2024-12-31"),
        ("2024-02", "2024-02-01", "2024-02-29"),
        ("1900-02", "1900-02-01", "1900-02-28"),
        ("2000-02", "2000-02-01", "2000-02-29"),
        ("2024-07~", "2024-07-01", "2024-07-31"),
        ("2024?", "2024-01-01", "2024-12-31"),
        ("2022-10/2022-12", "2022-10-01", "2022-12-31"),
        ("2022-10~/2022-12%", "2022-10-01", "2022-12-31"),
        ("../2024-07", "0000-01-01", "2024-07-31"),
        ("2024/..", "2024-01-01", "9999-12-31"),
        ("/2024", "0000-01-01", "2024-12-31"),
        ("2024-07-13/", "2024-07-13", "9999-12-31"),
    ],
)
def test_bounds(text: str, lower: str, upper: str) -> None:
    date = parse_edtf(text)
    assert (date.lower, date.upper) == (lower, upper)


def test_qualifiers() -> None:
    assert parse_edtf("2024~").start.approximate
    assert not parse_edtf("2024~").start.uncertain
    assert parse_edtf("2024?").start.uncertain
    both = parse_edtf("2024%").start
    assert both.uncertain
    assert both.approximate


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2024-02-30", "'2024-02-30': February 2024 has no day 30"),
        ("2023-02-29", "'2023-02-29': February 2023 has no day 29"),
        ("2024-13", "'2024-13': month 13 does not exist"),
        ("2024-21", "'2024-21': seasons and quarters (months 21-41) are not supported"),
        ("2024-07/2024-06", "interval '2024-07/2024-06' runs backwards: 2024-07 is after 2024-06"),
        ("../..", "'../..' has no date at either end"),
        ("2024/2025/2026", "'2024/2025/2026' has more than one '/'; an interval is START/END"),
        (
            "July 2024",
            "'July 2024' is not a date; write YYYY, YYYY-MM or YYYY-MM-DD, optionally "
            "followed by ? (uncertain), ~ (approximate) or % (both)",
        ),
        ("24-07-13", None),
        ("2024-7-13", None),
        ("", None),
    ],
)
def test_rejects(text: str, message: str | None) -> None:
    with pytest.raises(EdtfError) as caught:
        parse_edtf(text)
    if message is not None:
        assert str(caught.value) == message


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("2024-07-13", "13 Jul 2024"),
        ("2024-07", "Jul 2024"),
        ("2022~", "c. 2022"),
        ("2024?", "2024?"),
        ("2022-10/2022-12", "Oct-Dec 2022"),
        ("2023/2024", "2023-2024"),
        ("2022/2024-07", "2022 - Jul 2024"),
        ("../2024-07", "until Jul 2024"),
        ("2024/..", "from 2024"),
        ("2024-07-01%", "c. 1 Jul 2024?"),
    ],
)
def test_format(text: str, shown: str) -> None:
    assert format_date(parse_edtf(text)) == shown


def test_format_undated() -> None:
    assert format_date(None) == "undated"


# -- the `edtf` package as an independent oracle -----------------------------------------------

_years = st.integers(min_value=1000, max_value=2999)
_months = st.integers(min_value=0, max_value=14)
_days = st.integers(min_value=0, max_value=32)
_qualifiers = st.sampled_from(["", "?", "~", "%"])


@st.composite
def _points(draw: st.DrawFn) -> str:
    text = f"{draw(_years):04d}"
    month = draw(_months)
    if month:
        text += f"-{month:02d}"
        day = draw(_days)
        if day:
            text += f"-{day:02d}"
    return text + draw(_qualifiers)


def _oracle(text: str) -> tuple[str, str] | None:
    """The `edtf` package's bounds, or None where it rejects the text.

    One known difference: the package accepts 29 February in every year; we follow the Gregorian
    calendar (checked here against the standard library)."""
    import edtf

    for part in text.split("/"):
        if part[4:10] == "-02-29" and not calendar.isleap(int(part[:4])):
            return None

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            parsed = edtf.parse_edtf(text)
        except edtf.EDTFParseException:
            return None
        return (
            time.strftime("%Y-%m-%d", parsed.lower_strict()),
            time.strftime("%Y-%m-%d", parsed.upper_strict()),
        )


@settings(max_examples=300, deadline=None)
@given(_points())
def test_single_dates_agree_with_edtf_package(text: str) -> None:
    expected = _oracle(text)
    try:
        parsed = parse_edtf(text)
    except EdtfError:
        assert expected is None, f"{text} rejected, but the edtf package reads {expected}"
        return
    assert expected == (parsed.lower, parsed.upper)


@settings(max_examples=200, deadline=None)
@given(_points(), _points())
def test_closed_intervals_agree_with_edtf_package(start: str, end: str) -> None:
    text = f"{start}/{end}"
    expected = _oracle(text)
    try:
        parsed = parse_edtf(text)
    except EdtfError:
        # We also refuse intervals that run backwards, which the package accepts.
        if expected is not None:
            assert parse_edtf(start).lower > parse_edtf(end).upper
        return
    assert expected == (parsed.lower, parsed.upper)


@pytest.mark.parametrize(
    ("text", "shown", "lower", "upper"),
    [
        ("2024-08-09T19:04", "9 Aug 2024 19:04", "2024-08-09", "2024-08-09"),
        ("2024-08-09T19:04:30Z", "9 Aug 2024 19:04:30 UTC", "2024-08-09", "2024-08-09"),
        ("2024-08-09T23:30-05:00", "9 Aug 2024 23:30 -05:00", "2024-08-09", "2024-08-09"),
        ("2024-08-09T19:04/2024-08-09T21:00", "9 Aug 2024 19:04-21:00", "2024-08-09", "2024-08-09"),
        (
            "2024-08-09T22:00/2024-08-10T02:00",
            "9 Aug 2024 22:00 - 10 Aug 2024 02:00",
            "2024-08-09",
            "2024-08-10",
        ),
        ("2024-08-09/2024-08-10", "9-10 Aug 2024", "2024-08-09", "2024-08-10"),
    ],
)
def test_times_of_day_narrow_a_day_and_keep_its_bounds(
    text: str, shown: str, lower: str, upper: str
) -> None:
    date = parse_edtf(text)
    assert format_date(date) == shown
    assert (date.lower, date.upper) == (lower, upper)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2024-08T19:04", "a time of day needs a full date"),
        ("2024-08-09~T19:04", "takes no ?, ~ or %"),
        ("2024-08-09T19:04~", "write the time as hh:mm"),
        ("2024-08-09T19", "write the time as hh:mm"),
        ("2024-08-09T24:00", "is not a time of day"),
        ("2024-08-09T19:04+15:00", "is not a time zone"),
        ("2024-08-09T20:00/2024-08-09T19:00", "runs backwards"),
    ],
)
def test_times_that_are_wrong_are_refused_in_words(text: str, message: str) -> None:
    with pytest.raises(EdtfError, match=re.escape(message)):
        parse_edtf(text)
