"""Editorial marks in quotes (format 2): `[...]` for words left out, `[text]` for words put in;
read into pieces, checked with one located error each, and plain text in format 1."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing_app.core.quote_marks import (
    QuotePiece,
    has_marks,
    mark_problem,
    quote_pieces,
    quoted_runs,
)
from tests.core.helpers import load_text, messages


def test_a_quote_splits_into_the_sources_words_and_the_marks() -> None:
    pieces = quote_pieces("[Belarus has] deployed a third [...] along the border", 2)
    assert pieces == (
        QuotePiece("insertion", "Belarus has"),
        QuotePiece("quoted", " deployed a third "),
        QuotePiece("omission", "..."),
        QuotePiece("quoted", " along the border"),
    )
    assert has_marks(pieces)
    assert quoted_runs(pieces) == ["deployed a third", "along the border"]
    assert quote_pieces("a [\u2026] b", 2)[1] == QuotePiece("omission", "\u2026")


@pytest.mark.parametrize("text", ["he [sic] said", "a [b", "plain words"])
def test_format_1_and_malformed_marks_are_the_text_as_written(text: str) -> None:
    assert quote_pieces(text, 1) == (QuotePiece("quoted", text),)
    if "[sic]" not in text:
        assert quote_pieces(text, 2) == (QuotePiece("quoted", text),)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("a [b", "the '[' at character 3 is never closed with ']'"),
        (
            "a ] b",
            "a ']' at character 3 closes no '[': write '[...]' for words left out, '[text]' "
            "for words put in",
        ),
        (
            "a [b [c] d]",
            "the mark begun at character 3 is not closed before the '[' at character 6: close "
            "each mark with ']' (marks do not nest)",
        ),
        (
            "a [ ] b",
            "the mark at character 3 is empty: write '[...]' for words left out, '[text]' for "
            "words put in",
        ),
        (
            "[...] [he]",
            "the quote is all editorial marks: give the source's own words outside them",
        ),
        ("a [b] c [...] d", None),
    ],
)
def test_each_malformed_mark_has_one_message(text: str, problem: str | None) -> None:
    assert mark_problem(text) == problem


QUOTED = """\
dataset: {{title: T{form}}}
sources:
  - {{id: s, kind: article, title: S, reliability: B}}
actors:
  - {{id: a, name: A, kind: person}}
events:
  - id: e
    title: E
    quotes:
      - {{text: "{text}", mode: reported, speaker: a, source: s, locator: p}}
"""


def test_format_2_reports_a_malformed_mark_at_the_quote_text(tmp_path: Path) -> None:
    result = load_text(tmp_path, QUOTED.format(form=", format: 2", text="said [that"))
    assert messages(result) == [
        "10:16: error: the '[' at character 6 is never closed with ']' [quote-marks]"
    ]
    assert result.dataset is not None
    assert result.dataset.events["e"].quotes[0].text == "said [that"  # kept, shown as written


def test_format_1_takes_brackets_as_text(tmp_path: Path) -> None:
    assert messages(load_text(tmp_path, QUOTED.format(form="", text="said [that"))) == []
    assert messages(load_text(tmp_path, QUOTED.format(form="", text="he [sic] said"))) == []


def test_spaced_full_stops_are_an_omission_too() -> None:
    assert quote_pieces("a [. . .] b", 2)[1] == QuotePiece("omission", ". . .")


def test_a_quote_of_many_marks_is_refused_and_shown_as_written() -> None:
    text = "w " + "[i]" * 33_332 + " z"
    assert mark_problem(text) == (
        "the quote has more than 20 editorial marks: quote a shorter excerpt, or several"
    )
    assert quote_pieces(text, 2) == (QuotePiece("quoted", text),)
    assert mark_problem("w" + " [i] w" * 20) is None
