"""The pane marks another name of what was typed only where the filter finds it: as a whole
word. The alias `UK` is not marked inside "Ukraine", nor `US` inside "Russia"."""

import re
from pathlib import Path

from briefing_app.core.query import parse_query
from briefing_app.core.search import SearchIndex
from briefing_app.ui.detail_html import Colors, EventPage
from tests.core.helpers import load_text

COLORS = Colors(text="#000", muted="#666", mark_background="#ff0", mark_text="#000", warning="#a00")
DATASET = """\
dataset: {title: T}
sources:
  - {id: s, kind: article, title: S, reliability: B}
actors:
  - {id: gb, name: United Kingdom, kind: state, aliases: [UK]}
  - {id: us, name: United States, kind: state, aliases: [US]}
events:
  - {id: e, title: "Ukraine, Russia and the UK discussed it with the US", sources: [s]}
"""


def marked(html: str) -> list[str]:
    return re.findall(r'<span style="background-color:#ff0;color:#000">([^<]*)</span>', html)


def test_the_pane_marks_other_names_as_whole_words_only(tmp_path: Path) -> None:
    dataset = load_text(tmp_path, DATASET).dataset
    assert dataset is not None
    index = SearchIndex(dataset)
    event = dataset.events["e"]
    words = parse_query('"united kingdom" OR "united states"').highlight_words(index)
    assert marked(EventPage(dataset, event, words, COLORS).html()) == ["UK", "US"]
    words = parse_query("us").highlight_words(index)  # typed: anywhere, as always
    assert marked(EventPage(dataset, event, words, COLORS).html()) == ["us", "us", "US"]
