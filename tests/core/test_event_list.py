"""Events taken out of the viewer: text and Markdown to paste, CSV to analyse. Each names the
event's date and sources, and none lets the data become markup, a formula or a reordering."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from briefing_app import paths
from briefing_app.core.event_list import CSV_COLUMNS, as_csv, as_markdown, as_text
from briefing_app.core.loader import load_dataset
from briefing_app.core.model import Dataset
from briefing_app.core.safetext import FSI, PDI
from tests.core.helpers import load_text


def sample() -> Dataset:
    dataset = load_dataset(paths.sample_dataset()).dataset
    assert dataset is not None
    return dataset


def test_csv_has_a_row_per_event_with_dates_as_edtf_and_iso_bounds() -> None:
    dataset = sample()
    rows = list(
        csv.reader(io.StringIO(as_csv(dataset, ["withdrawal-announced", "joint-grouping-2022"])))
    )
    assert tuple(rows[0]) == CSV_COLUMNS
    announced = dict(zip(CSV_COLUMNS, rows[1], strict=True))
    assert announced["date"] == "2024-07-13"
    assert (announced["date_from"], announced["date_to"]) == ("2024-07-13", "2024-07-13")
    assert announced["status"] == "contested"
    assert announced["actors"] == "Viktor Khrenin; Ministry of Defence of Belarus"
    assert announced["sources"].startswith("Army Recognition: Belarus orders immediate")
    grouping = dict(zip(CSV_COLUMNS, rows[2], strict=True))
    assert (grouping["date"], grouping["date_from"], grouping["date_to"]) == (
        "2022-10/2022-12",
        "2022-10-01",
        "2022-12-31",
    )


def test_text_and_markdown_name_the_date_and_the_sources() -> None:
    dataset = sample()
    text = as_text(dataset, ["withdrawal-announced"])
    assert text.startswith("Defence minister announces the immediate withdrawal from the border")
    assert "(13 Jul 2024)\n  Source: Army Recognition" in text
    table = as_markdown(dataset, ["withdrawal-announced"]).splitlines()
    assert table[0] == "| Date | Event | Status | Credibility | Sources |"
    assert table[2].startswith("| 13 Jul 2024 | Defence minister announces")


HOSTILE = """\
dataset: {title: T}
sources:
  - {id: s, kind: article, title: "=HYPERLINK(\\"http://x\\")", reliability: B}
events:
  - id: e
    title: "[click](http://evil) | <b>x</b> \\u202eevil"
    sources: [s]
  - {id: f, title: "-2+3", sources: [s], tags: [t]}
"""


def test_hostile_text_stays_text_everywhere(tmp_path: Path) -> None:
    dataset = load_text(tmp_path, HOSTILE).dataset
    assert dataset is not None
    rows = list(csv.reader(io.StringIO(as_csv(dataset, ["e", "f"]))))
    assert rows[2][1] == "'-2+3"  # never a formula
    assert rows[1][11] == '\'=HYPERLINK("http://x")'
    assert rows[1][1].endswith("\u202eevil\u202c")  # the override closed inside its cell
    markdown = as_markdown(dataset, ["e"])
    assert "\\[click\\]\\(http://evil\\) \\| \\<b\\>x\\</b\\>" in markdown
    assert markdown.splitlines()[2].count(" | ") == 4  # no extra cell
    text = as_text(dataset, ["e"])
    assert text.startswith(FSI)  # isolated, and its override closed before the app's words
    assert f"\u202eevil\u202c{PDI} (undated)" in text.splitlines()[0]


def test_open_ends_have_no_day_and_a_listed_document_says_what_it_is() -> None:
    dataset = sample()
    rows = list(csv.DictReader(io.StringIO(as_csv(dataset, ["border-fortifications"]))))
    assert (rows[0]["date"], rows[0]["date_from"], rows[0]["date_to"]) == (
        "../2024-07",
        "",
        "2024-07-31",
    )
    document = as_markdown(dataset, ["border-fortifications"], scope="All events; 1 of 24.")
    assert document.splitlines()[:5] == [
        "**UNCLASSIFIED // OPEN SOURCE**",
        "",
        f"# {dataset.info.title.replace('(', chr(92) + '(').replace(')', chr(92) + ')')}",
        "",
        "All events; 1 of 24.",
    ]
