"""A statement reads as one in the pane and on the sheet: made (its status), and what it says
weighed (its credibility)."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

from briefing_app.core.sheet import SheetOptions, compose_sheet
from briefing_app.ui.detail_html import Colors, EventPage
from briefing_app.ui.sheet_html import sheet_html
from tests.core.helpers import load_text
from tests.core.test_event_kind import STATEMENT

COLORS = Colors(text="#000", muted="#666", mark_background="#ff0", mark_text="#000", warning="#a00")


def plain(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def test_the_pane_says_the_statement_was_made_and_weighs_its_content(tmp_path: Path) -> None:
    dataset = load_text(tmp_path, STATEMENT).dataset
    assert dataset is not None
    page = plain(EventPage(dataset, dataset.events["said"], (), COLORS).html())
    assert "Status statement confirmed" in page
    assert "Credibility its content: 5 - improbable" in page
    assert "Treat with care: what the statement says is improbable." in page
    other = plain(EventPage(dataset, dataset.events["happened"], (), COLORS).html())
    assert "Status confirmed" in other
    assert "Treat with care" not in other


def test_the_sheet_says_it_too(tmp_path: Path) -> None:
    dataset = load_text(tmp_path, STATEMENT).dataset
    assert dataset is not None
    page = plain(sheet_html(compose_sheet(dataset, SheetOptions())))
    assert "statement confirmed · its content: credibility 5 - improbable" in page
    assert "status confirmed · credibility 5 - improbable" in page


def test_an_assessments_usual_status_is_not_said_twice() -> None:
    from tests.core.helpers import load_format2

    dataset = load_format2()
    event = dataset.events["analysts-doubt"]  # kind assessment, status assessed
    page = plain(EventPage(dataset, event, (), COLORS).html())
    assert "Status assessment Credibility its content: 3 - possibly true" in page
    sheet = plain(sheet_html(compose_sheet(dataset, SheetOptions())))
    assert "19 Aug 2024 · assessment · its content: credibility 3" in sheet
    assert "assessment assessed" not in page + sheet
