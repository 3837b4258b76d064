"""A translated quote in the pane and on the sheet: the original first, with its language,
then the translation marked as one and said not to be the speaker's words."""

from __future__ import annotations

from pathlib import Path

from briefing_app.core.sheet import SheetOptions, compose_sheet
from briefing_app.ui.detail_html import EventPage
from briefing_app.ui.sheet_html import sheet_html
from tests.core.helpers import load_text
from tests.core.test_quote_translation import EDITORIAL, TRANSLATED
from tests.ui.test_event_kind_shown import COLORS, plain


def test_the_pane_and_the_sheet_mark_the_translation(tmp_path: Path) -> None:
    dataset = load_text(tmp_path, TRANSLATED).dataset
    assert dataset is not None
    pane = plain(EventPage(dataset, dataset.events["e"], (), COLORS).html())
    sheet = plain(sheet_html(compose_sheet(dataset, SheetOptions())))
    for page in (pane, sheet):
        original = page.index("\u043f\u043e\u0447\u0442\u0438 \u0442\u0440\u0435\u0442\u044c")
        translation = page.index("TRANSLATION \u2018nearly a third of the army\u2019")
        assert original < translation  # the original is what is quoted
        assert "[Russian]" in page
        assert "by the analyst, not the speaker's words" in page
        assert "by BelTA, not the speaker's words" in page


def test_an_editorial_quote_reads_as_the_sources_assessment(tmp_path: Path) -> None:
    dataset = load_text(tmp_path, EDITORIAL).dataset
    assert dataset is not None
    pane = plain(EventPage(dataset, dataset.events["e"], (), COLORS).html())
    sheet = plain(sheet_html(compose_sheet(dataset, SheetOptions())))
    for page in (pane, sheet):
        assert "EDITORIAL" in page
        assert "the assessment of Euromaidan Press" in page
        assert "unattributed" not in page
    assert "EDITORIAL: the source's own words, its analysis or assessment." in pane
