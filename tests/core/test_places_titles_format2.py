"""Issue 11's places and actors over time: a place's `precision` and an actor's `titles`, both
format 2, read with located problems, kept by the cache, and the title held on a date."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest

from briefing_app import paths
from briefing_app.core.cache import load_with_cache
from briefing_app.core.edtf import parse_edtf
from briefing_app.core.model import Actor, ActorTitle, Dataset, Origin
from briefing_app.core.titles import title_on
from tests.core.helpers import load_format2, load_text, messages
from tests.core.test_figures_format2 import FIXTURE

HEAD = """\
    dataset: {title: T, format: 2}
    sources:
      - {id: s, kind: article, title: S, reliability: B}
    events:
      - {id: e, title: E, sources: [s], places: [p], actors: [{actor: a}]}
"""


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return load_format2()


def test_the_fixture_place_and_actor(dataset: Dataset) -> None:
    assert dataset.places["gomel-region"].precision == "approximate"
    assert dataset.places["mazyr"].precision == "settlement"
    farm, president = dataset.actors["lukashenko"].titles
    assert farm.title == "Director of the Gorodets state farm"
    assert (farm.start, farm.end) == (parse_edtf("1987"), parse_edtf("1994"))
    assert president == ActorTitle("President of Belarus", parse_edtf("1994-07-20"), None)
    assert dataset.actors["dpsu"].titles == ()
    assert dataset.actors["dpsu"].title == ""


def _load(
    tmp_path: Path, actor: str = "{id: a, name: A, kind: person}", place: str = ""
) -> list[str]:
    place = place or "{id: p, name: P, kind: town}"
    text = HEAD + f"    actors:\n      - {actor}\n    places:\n      - {place}\n"
    return messages(load_text(tmp_path, text))


def test_a_valid_precision_and_titles_are_clean(tmp_path: Path) -> None:
    actor = "{id: a, name: A, kind: person, titles: [{title: X, from: '2019', until: 2020-05}]}"
    assert _load(tmp_path, actor, "{id: p, name: P, kind: town, precision: district}") == []


def test_an_unknown_precision_is_a_located_enum_error(tmp_path: Path) -> None:
    result = load_text(
        tmp_path,
        HEAD
        + "    actors:\n      - {id: a, name: A, kind: person}\n"
        + "    places:\n      - {id: p, name: P, kind: town, precision: regoin}\n",
    )
    assert messages(result) == [
        "9:45: error: 'precision' must be one of exact, settlement, district, region, country, "
        "approximate, not 'regoin' (did you mean 'region'?) [enum]"
    ]
    assert result.dataset is not None
    assert result.dataset.places["p"].precision == ""  # nothing claimed that was not given


def test_an_empty_precision_is_an_error(tmp_path: Path) -> None:
    found = _load(tmp_path, place="{id: p, name: P, kind: town, precision: ''}")
    assert len(found) == 1
    assert "'precision' is empty" in found[0]
    assert found[0].endswith("[enum]")


@pytest.mark.parametrize(
    ("titles", "expected"),
    [
        ("[{from: '2019'}]", "actor_title has no 'title' [missing-key]"),
        ("[{title: ' '}]", "'title' is empty [missing-key]"),
        ("[{title: X, from: '2021', until: '2020'}]", "'until' (2020) is before 'from' (2021)"),
        ("[{title: X, from: 2020-02-30}]", "'from': "),
        ("[{title: X, since: '2020'}]", "unknown key 'since' in actor_title"),
        ("[X]", "expected a mapping (actor_title), found text [type]"),
        ("{title: X}", "expected a list, found a mapping [type]"),
    ],
)
def test_titles_that_are_wrong_are_reported_where_written(
    tmp_path: Path, titles: str, expected: str
) -> None:
    found = _load(tmp_path, f"{{id: a, name: A, kind: person, titles: {titles}}}")
    assert len(found) == 1, found
    assert expected in found[0]
    assert found[0].startswith("7:")


def test_a_title_running_backwards_is_left_out(tmp_path: Path) -> None:
    actor = "{id: a, name: A, kind: person, titles: [{title: X, from: '2021', until: '2020'}]}"
    result = load_text(
        tmp_path,
        HEAD
        + f"    actors:\n      - {actor}\n    places:\n      - {{id: p, name: P, kind: town}}\n",
    )
    assert result.dataset is not None
    assert result.dataset.actors["a"].titles == ()


def test_without_format_2_each_is_a_format_error(tmp_path: Path) -> None:
    text = HEAD.replace(", format: 2", "") + (
        "    actors:\n      - {id: a, name: A, kind: person, titles: [{title: X}]}\n"
        "    places:\n      - {id: p, name: P, kind: town, precision: exact}\n"
    )
    advice = "add 'format: 2' to the dataset section [format]"
    assert messages(load_text(tmp_path, text)) == [
        f"7:36: error: 'titles' is a format 2 key: {advice}",
        f"9:34: error: 'precision' is a format 2 key: {advice}",
    ]


# -- the title held on a date -------------------------------------------------------------------


def _actor(*titles: tuple[str, str | None, str | None], title: str = "Plain") -> Actor:
    return Actor(
        "a",
        "A",
        "person",
        title,
        None,
        "",
        (),
        Origin("f", 1, 1),
        tuple(
            ActorTitle(t, parse_edtf(s) if s else None, parse_edtf(e) if e else None)
            for t, s, e in titles
        ),
    )


MINISTER = _actor(
    ("Deputy Minister", "2015", "2019-03-01"),
    ("Minister", "2019-03-02", "2022-12-31"),
    ("Adviser", "2023-01", None),
)


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        ("2016-05-01", "Deputy Minister"),
        ("2019-03-01", "Deputy Minister"),
        ("2019-03-02", "Minister"),
        ("2022", "Minister"),
        ("2023-01-15", "Adviser"),
        ("2030", "Adviser"),  # an open end is held still
        ("2010", "Plain"),  # before any title: the plain one
        ("2019-03", "Minister"),  # both overlap the month: the latest `from`
        ("2018/2024", "Adviser"),  # an interval overlapping all three
        ("../2014", "Plain"),
    ],
)
def test_the_title_held_on_a_date(date: str, expected: str) -> None:
    assert title_on(MINISTER, parse_edtf(date)) == expected


def test_undated_or_without_titles_is_the_plain_title() -> None:
    assert title_on(MINISTER, None) == "Plain"
    assert title_on(_actor(), parse_edtf("2020")) == "Plain"
    assert title_on(_actor(("X", "2020", None), title=""), parse_edtf("2019")) == ""


def test_a_title_without_dates_is_always_held_but_a_dated_one_wins() -> None:
    actor = _actor(("Member", None, None), ("Chair", "2020", None))
    assert title_on(actor, parse_edtf("2019")) == "Member"
    assert title_on(actor, parse_edtf("2021")) == "Chair"


# -- the cache and the schema -------------------------------------------------------------------


def test_the_cache_keeps_precision_and_titles(tmp_path: Path) -> None:
    copy = tmp_path / "data"
    shutil.copytree(FIXTURE, copy)
    folder = tmp_path / "cache"
    first = load_with_cache(copy, folder=folder)
    second = load_with_cache(copy, folder=folder)
    assert second.hit
    assert first.result.dataset is not None
    assert second.result.dataset is not None
    assert dict(second.result.dataset.actors) == dict(first.result.dataset.actors)
    assert dict(second.result.dataset.places) == dict(first.result.dataset.places)
    assert second.result.dataset.places["gomel-region"].precision == "approximate"
    assert len(second.result.dataset.actors["lukashenko"].titles) == 2


def _validator() -> jsonschema.Draft7Validator:
    schema = json.loads(paths.resource("dataset.schema.json").read_text(encoding="utf-8"))
    return jsonschema.Draft7Validator(schema)


@pytest.mark.parametrize(
    "place",
    [
        {"id": "p", "name": "P", "kind": "town", "precision": "regoin"},
        {"id": "p", "name": "P", "kind": "town", "precision": ""},
        {"id": "p", "name": "P", "kind": "town", "precision": None},
    ],
)
def test_the_schema_refuses_a_wrong_precision(place: dict[str, object]) -> None:
    assert len(list(_validator().iter_errors({"places": [place]}))) == 1


@pytest.mark.parametrize(
    "titles",
    [[{"from": "2020"}], [{"title": "X", "since": "2020"}], [{"title": " "}], {"title": "X"}],
)
def test_the_schema_refuses_wrong_titles(titles: object) -> None:
    actor = {"id": "a", "name": "A", "kind": "person", "titles": titles}
    assert len(list(_validator().iter_errors({"actors": [actor]}))) == 1
