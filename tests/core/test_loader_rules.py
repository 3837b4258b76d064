"""Every validation rule: a small failing dataset and the exact message and position it gives."""

from pathlib import Path

import pytest

from briefing_app.core.loader import load_dataset
from tests.core.helpers import MINIMAL, load_text, messages, write

CASES = {
    "unknown-key": (
        """\
        dataset: {title: T, langauge: en}
        sources:
          - {id: s, kind: article, title: S, reliability: B}
        events:
          - {id: e, title: E, sources: [s], summray: x}
        """,
        [
            "1:21: error: unknown key 'langauge' in dataset (did you mean 'language'?) "
            "[unknown-key]",
            "5:37: error: unknown key 'summray' in event (did you mean 'summary'?) [unknown-key]",
        ],
    ),
    "missing-key": (
        """\
        dataset: {title: T}
        sources:
          - {id: s, kind: article, reliability: B}
        events:
          - {id: e, title: '', sources: [s]}
        """,
        [
            "3:5: error: source has no 'title' [missing-key]",
            "5:20: error: 'title' is empty [missing-key]",
        ],
    ),
    "missing-dataset-section": (
        """\
        sources:
          - {id: s, kind: article, title: S, reliability: B}
        events:
          - {id: e, title: E, sources: [s]}
        """,
        ["1:1: error: no 'dataset' section: give at least its title [missing-key]"],
    ),
    "type": (
        """\
        dataset: {title: [T]}
        sources:
          - {id: s, kind: article, title: S, reliability: B}
        events:
          - {id: e, title: E, sources: s, tags: {a: b}}
        """,
        [
            "1:18: error: 'title' must be text, found a list [type]",
            "3:5: warning: source 's' is never referred to [unused-source]",
            "5:5: error: event 'e' cites no source: add 'sources', or a quote, figure or dispute "
            "with its source [unsourced-event]",
            "5:32: error: expected a list, found text [type]",
            "5:41: error: expected a list, found a mapping [type]",
        ],
    ),
    "enum": (
        """\
        dataset: {title: T}
        sources:
          - {id: s, kind: artcle, title: S, reliability: b}
        events:
          - {id: e, title: E, sources: [s], status: confrimed, credibility: 7}
        """,
        [
            "3:19: error: 'kind' must be one of article, official_statement, report, "
            "social_post, broadcast, interview, image, video, dataset, other, not 'artcle' "
            "(did you mean 'article'?) [enum]",
            "3:50: error: 'reliability' must be one of A, B, C, D, E, F, not 'b' "
            "(did you mean 'B'?) [enum]",
            "5:45: error: 'status' must be one of reported, confirmed, contested, refuted, "
            "assessed, not 'confrimed' (did you mean 'confirmed'?) [enum]",
            "5:69: error: 'credibility' must be one of 1, 2, 3, 4, 5, 6, not '7' [enum]",
        ],
    ),
    "empty-choice": (
        """\
        dataset: {title: T}
        sources:
          - {id: s, kind: article, title: S, reliability: }
        events:
          - {id: e, title: E, sources: [s], status: '', credibility: ' '}
        """,
        [
            "3:51: error: 'reliability' is empty: give one of A, B, C, D, E, F [missing-key]",
            "5:45: error: 'status' is empty: give one of reported, confirmed, contested, "
            "refuted, assessed, or leave it out for reported [enum]",
            "5:62: error: 'credibility' is empty: give one of 1, 2, 3, 4, 5, 6, or leave it out "
            "[enum]",
        ],
    ),
    "id-format": (
        """\
        dataset: {title: T}
        sources:
          - {id: s, kind: article, title: S, reliability: B}
        events:
          - {id: Big Event, title: E, sources: [s]}
          - {id: e, title: E, sources: [s], tags: [Not A Tag]}
        """,
        [
            "5:10: error: id 'Big Event' must be 1-100 lowercase letters, digits, '-', '_' or "
            "'.', beginning and ending with a letter or digit [id-format]",
            "6:44: error: tag 'Not A Tag' must be written like an id [id-format]",
        ],
    ),
    "duplicate-key": (
        """\
        dataset:
          title: T
          title: U
        sources:
          - {id: s, kind: article, title: S, reliability: B}
        events:
          - {id: e, title: E, sources: [s]}
        """,
        [
            "3:3: error: duplicate key 'title' (first on line 2); YAML would silently keep only "
            "the last [duplicate-key]"
        ],
    ),
    "format": (
        """\
        dataset: {title: T, language: English}
        sources:
          - {id: s, kind: article, title: S, reliability: B}
        actors:
          - {id: a, name: A, kind: person, country: Belarus}
        events:
          - {id: e, title: E, sources: [s], actors: [{actor: a}]}
        """,
        [
            "1:31: error: 'language' must be a language tag such as 'en', not 'English' [format]",
            "5:45: error: 'country' must be a two-letter country code, not 'Belarus' [format]",
        ],
    ),
    "url": (
        """\
        dataset: {title: T}
        sources:
          - {id: s, kind: article, title: S, reliability: B, url: "javascript:alert(1)"}
        events:
          - {id: e, title: E, sources: [s]}
        """,
        ["3:59: error: 'url' must be an http or https address, not 'javascript:alert(1)' [url]"],
    ),
    "unresolved-reference": (
        """\
        dataset: {title: T}
        sources:
          - {id: source-one, kind: article, title: S, reliability: B}
        events:
          - {id: e, title: E, sources: [source-on], parent: nowhere}
        """,
        [
            "3:5: warning: source 'source-one' is never referred to [unused-source]",
            "5:33: error: 'sources' names source 'source-on', which does not exist "
            "(did you mean 'source-one'?) [unresolved-reference]",
            "5:53: error: 'parent' names event 'nowhere', which does not exist "
            "[unresolved-reference]",
        ],
    ),
    "parent-cycle": (
        """\
        dataset: {title: T}
        sources:
          - {id: s, kind: article, title: S, reliability: B}
        events:
          - {id: a, title: A, sources: [s], parent: c}
          - {id: b, title: B, sources: [s], parent: a}
          - {id: c, title: C, sources: [s], parent: b}
          - {id: d, title: D, sources: [s], parent: d}
        """,
        [
            "5:5: error: parent chain loops back on itself: a -> c -> b -> a [parent-cycle]",
            "8:5: error: parent chain loops back on itself: d -> d [parent-cycle]",
        ],
    ),
    "date": (
        """\
        dataset: {title: T, updated: 13/07/2024}
        sources:
          - {id: s, kind: article, title: S, reliability: B}
        events:
          - {id: e, title: E, sources: [s], date: 2024-02-30}
          - {id: f, title: F, sources: [s], date: 2024-08/2024-07}
        """,
        [
            "1:30: error: 'updated': '13/07/2024' has more than one '/'; an interval is "
            "START/END [date]",
            "5:43: error: 'date': '2024-02-30': February 2024 has no day 30 [date]",
            "6:43: error: 'date': interval '2024-08/2024-07' runs backwards: 2024-08 is after "
            "2024-07 [date]",
        ],
    ),
    "range": (
        """\
        dataset: {title: T}
        sources:
          - {id: s, kind: article, title: S, reliability: B}
        events:
          - id: e
            title: E
            figures:
              - {label: a, low: 6000, high: 4000, qualifier: estimate, source: s}
              - {label: b, value: 7000, low: 4000, high: 6000, qualifier: estimate, source: s}
              - {label: c, low: 4000, qualifier: estimate, source: s}
              - {label: d, value: "4,000", qualifier: exact, source: s}
        """,
        [
            "8:9: error: 'low' (6000) is greater than 'high' (4000) [range]",
            "9:9: error: 'value' (7000) lies outside 4000 to 6000 [range]",
            "10:9: error: a range needs both 'low' and 'high' [range]",
            "11:27: error: 'value' must be a number, not '4,000' [type]",  # one message, there
        ],
    ),
    "unsourced-event": (
        """\
        dataset: {title: T}
        sources:
          - {id: s, kind: article, title: S, reliability: B}
        events:
          - {id: e, title: E, sources: [s]}
          - {id: f, title: F, summary: Nobody said so.}
        """,
        [
            "6:5: error: event 'f' cites no source: add 'sources', or a quote, figure or dispute "
            "with its source [unsourced-event]"
        ],
    ),
    "quote-speaker": (
        """\
        dataset: {title: T}
        sources:
          - {id: s, kind: article, title: S, reliability: B}
        events:
          - id: e
            title: E
            quotes:
              - {text: We will leave., mode: direct, source: s, locator: para 1}
              - {text: said they would leave, mode: reported, source: s}
        """,
        [
            "8:9: error: a direct quote needs a 'speaker': whose own words are these? "
            "[quote-speaker]",
            "9:9: warning: quote has no 'locator' (paragraph, page or timestamp): readers "
            "cannot find it in the source [quote-locator]",
        ],
    ),
    "coordinates": (
        """\
        dataset: {title: T}
        sources:
          - {id: s, kind: article, title: S, reliability: B}
        places:
          - {id: p, name: P, kind: city, latitude: 95, longitude: 30}
          - {id: q, name: Q, kind: city, latitude: 50}
        events:
          - {id: e, title: E, sources: [s], places: [p, q]}
        """,
        [
            "5:44: error: latitude must lie between -90 and 90 [coordinates]",
            "6:5: error: give both latitude and longitude, or neither [coordinates]",
        ],
    ),
    "unused": (
        """\
        dataset: {title: T}
        sources:
          - {id: s, kind: article, title: S, reliability: B}
        actors:
          - {id: lonely, name: L, kind: person}
          - {id: member, name: M, kind: person, affiliation: body}
          - {id: body, name: B, kind: organisation}
        places:
          - {id: nowhere, name: N, kind: area}
        events:
          - {id: e, title: E, sources: [s], actors: [{actor: member}]}
        """,
        [
            "5:5: warning: actor 'lonely' is never referred to [unused-actor]",
            "9:5: warning: place 'nowhere' is never referred to [unused-place]",
        ],
    ),
    "marking": (
        """\
        dataset: {title: T, marking: "\\u202eDEIFISSALCNU"}
        sources:
          - {id: s, kind: article, title: S, reliability: B}
        events:
          - {id: e, title: E, sources: [s]}
        """,
        [
            "1:30: error: 'marking' holds U+202E RIGHT-TO-LEFT OVERRIDE: a marking is one line "
            "of visible characters [marking]"
        ],
    ),
    "text": (
        """\
        dataset: {title: T}
        sources:
          - {id: s, kind: article, title: S, reliability: B, author: "\\u202eR"}
        actors:
          - {id: a, name: "A\\nB", kind: person, title: "\\e[2J"}
        places:
          - {id: p, name: P, kind: city, latitude: 1e999, longitude: .nan}
        events:
          - {id: e, title: E, sources: [s], actors: [{actor: a}], places: [p]}
        """,
        [
            "3:62: warning: 'author' has U+202E RIGHT-TO-LEFT OVERRIDE with no partner: "
            "unbalanced bidi controls can reverse the text shown after it [bidi-control]",
            "5:19: error: 'name' must be one line; it holds a line break (U+000A LINE FEED) "
            "[one-line]",
            "5:48: error: 'title' holds control character U+001B ESCAPE, which is not allowed "
            "in text [encoding]",
            "7:44: error: 'latitude' must be a finite number, not '1e999' [type]",
            "7:62: error: 'longitude' must be a finite number, not '.nan' [type]",
        ],
    ),
    "text-too-long": (
        "dataset: {title: T}\nsources:\n  - {id: s, kind: article, title: S, reliability: B}\n"
        "events:\n  - {id: e, title: E, sources: [s], summary: " + "x" * 100_001 + "}\n",
        ["5:46: error: 'summary' is 100,001 characters long; the limit is 100,000 [text-too-long]"],
    ),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_rule(tmp_path: Path, case: str) -> None:
    text, expected = CASES[case]
    assert messages(load_text(tmp_path, text)) == sorted(expected, key=_position)


def _position(message: str) -> tuple[int, int, str]:
    line, col, rest = message.split(":", 2)
    return int(line), int(col), rest


def test_minimal_dataset_is_clean(tmp_path: Path) -> None:
    result = load_text(tmp_path, MINIMAL)
    assert result.problems == ()
    assert result.dataset is not None
    assert list(result.dataset.events) == ["e"]


def test_duplicate_ids_across_files_name_both_places(tmp_path: Path) -> None:
    write(tmp_path, "dataset.yaml", MINIMAL)
    write(tmp_path, "more/extra.yaml", "events:\n  - {id: e, title: Again, sources: [s]}\n")
    result = load_dataset(tmp_path)
    assert [str(problem) for problem in result.problems] == [
        f"{tmp_path}/more/extra.yaml:2:10: error: duplicate event id 'e'; first defined at "
        f"{tmp_path}/dataset.yaml:5:5 [duplicate-id]"
    ]


def test_children_may_sit_in_other_files(tmp_path: Path) -> None:
    write(tmp_path, "dataset.yaml", MINIMAL)
    write(
        tmp_path,
        "events/children.yaml",
        """\
        events:
          - {id: late, title: Late, parent: e, date: 2024-08, sources: [s]}
          - {id: undated, title: Undated, parent: e, sources: [s]}
          - {id: early, title: Early, parent: e, date: 2024-07-13, sources: [s]}
        """,
    )
    result = load_dataset(tmp_path)
    assert result.problems == ()
    assert result.dataset is not None
    assert result.dataset.children_of("e") == ("early", "late", "undated")
    assert result.dataset.ancestors("late") == ("e",)
    assert result.dataset.descendants("e") == ("early", "late", "undated")


def test_dataset_section_only_in_root_file(tmp_path: Path) -> None:
    write(tmp_path, "dataset.yaml", MINIMAL)
    write(tmp_path, "other.yaml", "dataset: {title: Other}\n")
    result = load_dataset(tmp_path)
    assert [str(problem).split(": ", 1)[1] for problem in result.problems] == [
        "error: the dataset section belongs in dataset.yaml, not here [misplaced-section]"
    ]


def test_hidden_files_and_folders_are_skipped(tmp_path: Path) -> None:
    write(tmp_path, "dataset.yaml", MINIMAL)
    write(tmp_path, ".git/junk.yaml", "{{{{ not yaml")
    write(tmp_path, ".backup.yaml", "{{{{ not yaml")
    result = load_dataset(tmp_path)
    assert result.problems == ()
    assert result.files == (f"{tmp_path}/dataset.yaml",)


def test_folder_without_root_file_is_unreadable(tmp_path: Path) -> None:
    write(tmp_path, "events.yaml", "events: []\n")
    result = load_dataset(tmp_path)
    assert result.dataset is None
    assert [problem.message for problem in result.problems] == [
        "no dataset.yaml in this folder: not a dataset"
    ]


def test_broken_references_are_removed_from_what_loads(tmp_path: Path) -> None:
    result = load_text(
        tmp_path,
        """\
        dataset: {title: T}
        sources:
          - {id: s, kind: article, title: S, reliability: B}
        actors:
          - {id: a, name: A, kind: person, affiliation: ghost}
        events:
          - id: e
            title: E
            sources: [s]
            parent: missing
            actors: [{actor: a}, {actor: nobody}]
            quotes:
              - {text: x, mode: reported, speaker: nobody, source: s, locator: p1}
              - {text: y, mode: reported, source: gone, locator: p1}
        """,
    )
    assert result.error_count == 5
    assert result.dataset is not None
    event = result.dataset.events["e"]
    assert event.parent is None
    assert [actor.actor for actor in event.actors] == ["a"]
    assert [(quote.text, quote.speaker) for quote in event.quotes] == [("x", None)]
    assert result.dataset.actors["a"].affiliation is None
    assert result.dataset.roots() == ("e",)


def test_progress_and_cancel(tmp_path: Path) -> None:
    from briefing_app.core.loader import LoadCancelled, LoadProgress

    write(tmp_path, "dataset.yaml", MINIMAL)
    write(tmp_path, "more.yaml", "events:\n  - {id: f, title: F, sources: [s]}\n")
    heard: list[LoadProgress] = []
    load_dataset(tmp_path, progress=heard.append)
    assert heard == [LoadProgress(1, 2, 1), LoadProgress(2, 2, 2)]
    with pytest.raises(LoadCancelled):
        load_dataset(tmp_path, progress=heard.append, cancelled=lambda: len(heard) >= 3)
    import gc

    assert gc.isenabled()  # a cancelled load leaves the collector as it found it


def test_one_problem_gets_one_message_at_the_node_that_is_wrong(tmp_path: Path) -> None:
    """Real material met these: a list of speakers also said "a direct quote needs a
    'speaker'", and `value: 1/3` also said "a figure needs a 'value'"."""
    result = load_text(
        tmp_path,
        """\
        dataset: {title: T}
        sources:
          - {id: s, kind: article, title: S, reliability: B}
        actors:
          - {id: a, name: A, kind: person}
        events:
          - id: e
            title: E
            actors: [{actor: a}]
            sources: [s]
            quotes:
              - {text: w, mode: direct, speaker: [a], source: s, locator: p1}
              - {text: v, mode: direct, source: s, locator: p2}
            figures:
              - {label: share, value: 1/3, qualifier: exact, source: s}
              - {label: range, low: x, high: 3, qualifier: exact, source: s}
              - {label: none, qualifier: exact, source: s}
        """,
    )
    assert messages(result) == [
        "12:42: error: 'speaker' must be text, found a list [type]",
        "13:9: error: a direct quote needs a 'speaker': whose own words are these? [quote-speaker]",
        "15:31: error: 'value' must be a number, not '1/3' [type]",
        "16:29: error: 'low' must be a number, not 'x' [type]",
        "17:9: error: a figure needs a 'value', or 'low' and 'high' [missing-key]",
    ]


def test_a_blank_speaker_on_a_direct_quote_is_still_asked_for(tmp_path: Path) -> None:
    result = load_text(
        tmp_path,
        """\
        dataset: {title: T}
        sources:
          - {id: s, kind: article, title: S, reliability: B}
        events:
          - id: e
            title: E
            sources: [s]
            quotes:
              - {text: w, mode: direct, speaker: "", source: s, locator: p1}
        """,
    )
    assert [m.rsplit("[", 1)[1] for m in messages(result)] == ["quote-speaker]"]
