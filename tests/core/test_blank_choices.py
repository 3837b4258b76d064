"""A choice written with no value (`reliability:`, `stance: ""`) is an error and invalid, never
the default shown as if someone had given it; and whatever the loader marks invalid, the
Problems panel says why, at that object."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import jsonschema
import pytest
import yaml
from yaml.nodes import MappingNode, Node

from briefing_app import paths
from briefing_app.core.loader import LoadResult, load_dataset
from briefing_app.core.loader_fields import FIELDS
from briefing_app.core.model import INVALID_VALUE, Dataset, Origin
from tests.core.helpers import load_text, messages
from tests.core.test_invalid_values import TYPOS

# One of each object, block style so that a value's line is not its object's line.
TEMPLATE = """\
dataset:
  title: T
sources:
  - id: s
    kind: {source.kind}
    title: S
    reliability: {reliability}
actors:
  - id: a
    name: Ann
    kind: {actor.kind}
places:
  - id: p
    name: Minsk
    kind: {place.kind}
events:
  - id: e
    title: E
    status: {status}
    credibility: {credibility}
    places: [p]
    sources: [s]
    figures:
      - label: troops
        value: 5
        qualifier: {qualifier}
        source: s
    quotes:
      - text: words
        mode: {mode}
        speaker: a
        source: s
        locator: p1
    disputes:
      - by: a
        stance: {stance}
        summary: They deny it
        source: s
"""
# (placeholder, the kind in FIELDS, the key, a valid value, the model's invalid list or None)
CHOICES = (
    ("source.kind", "source", "kind", "article", None),
    ("reliability", "source", "reliability", "B", "source"),
    ("actor.kind", "actor", "kind", "person", None),
    ("place.kind", "place", "kind", "city", None),
    ("status", "event", "status", "confirmed", "event"),
    ("credibility", "event", "credibility", "2", "event"),
    ("qualifier", "figure", "qualifier", "approx", "figure"),
    ("mode", "quote", "mode", "direct", "quote"),
    ("stance", "dispute", "stance", "contests", "dispute"),
)
BLANKS = ("", '""', "''", '"   "', "' \t '")


def dataset_text(**values: str | None) -> str:
    """The template with every choice valid but those given (None: the key left out)."""
    lines = []
    for line in TEMPLATE.splitlines():
        for placeholder, _kind, _key, valid, _owner in CHOICES:
            if "{" + placeholder + "}" in line:
                value = values.get(placeholder.replace(".", "_"), valid)
                if value is None:
                    line = ""
                else:
                    line = line.replace("{" + placeholder + "}", value).rstrip()
        if line:
            lines.append(line)
    return "\n".join(lines) + "\n"


def invalid_of(dataset: Dataset, owner: str) -> tuple[str, ...]:
    event = dataset.events["e"]
    holders = {
        "source": dataset.sources["s"].invalid,
        "event": event.invalid,
        "figure": event.figures[0].invalid,
        "quote": event.quotes[0].invalid,
        "dispute": event.disputes[0].invalid,
    }
    return holders[owner]


def test_the_template_is_clean(tmp_path: Path) -> None:
    result = load_text(tmp_path, dataset_text())
    assert messages(result) == []


@pytest.mark.parametrize("blank", BLANKS, ids=repr)
@pytest.mark.parametrize("choice", CHOICES, ids=[choice[0] for choice in CHOICES])
def test_a_blank_choice_is_an_error_and_invalid(
    tmp_path: Path, choice: tuple[str, str, str, str, str | None], blank: str
) -> None:
    placeholder, kind, key, _valid, owner = choice
    result = load_text(tmp_path, dataset_text(**{placeholder.replace(".", "_"): blank}))
    found = messages(result)
    assert len(found) == 1, found
    # required by the format: as empty as a missing key; optional: not one of the choices
    rule = "missing-key" if key in FIELDS[kind].required else "enum"
    assert f": error: '{key}' is empty: give one of " in found[0]
    assert found[0].endswith(f"[{rule}]")
    if rule == "enum":
        assert ", or leave it out" in found[0]
    assert result.dataset is not None
    if owner is not None:
        assert invalid_of(result.dataset, owner) == (key,)


def test_the_messages_name_the_choices(tmp_path: Path) -> None:
    result = load_text(
        tmp_path, dataset_text(reliability="", status="", credibility='""', stance='""')
    )
    assert messages(result) == [
        "7:17: error: 'reliability' is empty: give one of A, B, C, D, E, F [missing-key]",
        "19:12: error: 'status' is empty: give one of reported, confirmed, contested, refuted, "
        "assessed, or leave it out for reported [enum]",
        "20:18: error: 'credibility' is empty: give one of 1, 2, 3, 4, 5, 6, or leave it out "
        "[enum]",
        "36:17: error: 'stance' is empty: give one of contests, supports [missing-key]",
    ]


@pytest.mark.parametrize("choice", CHOICES, ids=[choice[0] for choice in CHOICES])
def test_a_choice_left_out_is_the_default_only_where_the_format_allows(
    tmp_path: Path, choice: tuple[str, str, str, str, str | None]
) -> None:
    placeholder, kind, key, _valid, owner = choice
    result = load_text(tmp_path, dataset_text(**{placeholder.replace(".", "_"): None}))
    assert result.dataset is not None
    if key in FIELDS[kind].required:
        assert messages(result) == [m for m in messages(result) if f"has no '{key}'" in m]
        assert len(messages(result)) == 1
        if owner is not None:  # a required value nobody gave is not shown as the default
            assert invalid_of(result.dataset, owner) == (key,)
    else:
        assert messages(result) == []
        assert owner is not None
        assert invalid_of(result.dataset, owner) == ()


def test_what_the_tester_saw_is_now_invalid_where_it_is_shown(tmp_path: Path) -> None:
    result = load_text(
        tmp_path, dataset_text(reliability="", status="", qualifier='""', mode='""', stance='""')
    )
    assert result.dataset is not None
    source = result.dataset.sources["s"]
    assert (source.grade, source.reliability_meaning) == ("?", INVALID_VALUE)
    event = result.dataset.events["e"]
    assert "invalid" in event.status_label
    assert event.figures[0].invalid == ("qualifier",)
    assert event.quotes[0].invalid == ("mode",)
    assert event.disputes[0].invalid == ("stance",)
    assert result.error_count == 5


# -- the schema agrees ---------------------------------------------------------------------------


def _schema() -> dict[str, object]:
    loaded: dict[str, object] = json.loads(
        paths.resource("dataset.schema.json").read_text(encoding="utf-8")
    )
    return loaded


def test_the_schema_refuses_blank_choices_too() -> None:
    """Editors using the schema flag `status:` and `stance: ""` as the loader does: null (a
    key with nothing after it) and "" are in no enum."""
    definitions = _schema()["definitions"]
    assert isinstance(definitions, dict)
    enums = [
        (name, key, spec["enum"])
        for name, definition in definitions.items()
        for key, spec in definition.get("properties", {}).items()
        if "enum" in spec
    ]
    # + a place's `precision` and an event's `kind`, format 2: their own tests check blanks.
    assert len(enums) == len(CHOICES) + 2
    for name, key, options in enums:
        assert None not in options, (name, key)
        assert "" not in options, (name, key)
    validator = jsonschema.Draft7Validator(_schema())
    for blank in BLANKS:
        for placeholder, *_ in CHOICES:
            text = dataset_text(**{placeholder.replace(".", "_"): blank})
            document = yaml.safe_load(text)
            errors = list(validator.iter_errors(document))
            assert len(errors) == 1, (placeholder, blank, [e.message for e in errors])


# -- every invalid field has its problem ---------------------------------------------------------


def _spans(path: Path) -> dict[tuple[int, int], tuple[int, int]]:
    """Every mapping of the (trusted, small) test file: its start -> its end, 1-based."""
    spans: dict[tuple[int, int], tuple[int, int]] = {}

    def walk(node: Node) -> None:
        if isinstance(node, MappingNode):
            start, end = node.start_mark, node.end_mark
            spans[(start.line + 1, start.column + 1)] = (end.line + 1, end.column + 1)
            for key, value in node.value:
                walk(key)
                walk(value)
        elif isinstance(node.value, list):
            for item in node.value:
                walk(item)

    root = yaml.compose(path.read_text(encoding="utf-8"))
    if root is not None:
        walk(root)
    return spans


def _marked(dataset: Dataset) -> Iterator[tuple[Origin, tuple[str, ...]]]:
    for source in dataset.sources.values():
        yield source.origin, source.invalid
    for event in dataset.events.values():
        yield event.origin, event.invalid
        for part in (*event.figures, *event.quotes, *event.disputes):
            yield part.origin, part.invalid


def assert_every_invalid_field_has_a_problem(result: LoadResult, path: Path) -> int:
    """For each object with a field marked invalid, an error inside that object names the
    field: the viewer says "invalid (see Problems)", so Problems must say what. Returns how
    many objects were marked."""
    assert result.dataset is not None
    spans = _spans(path)
    marked = 0
    for origin, invalid in _marked(result.dataset):
        if not invalid:
            continue
        marked += 1
        end = spans[(origin.line, origin.col)]
        inside = [
            problem
            for problem in result.problems
            if problem.path == origin.path
            and problem.severity == "error"
            and (origin.line, origin.col) <= (problem.line, problem.col) <= end
        ]
        for field in invalid:
            assert any(f"'{field}'" in problem.message for problem in inside), (
                origin,
                field,
                [str(problem) for problem in result.problems],
            )
    return marked


VARIANTS = [
    pytest.param({placeholder.replace(".", "_"): value}, id=f"{placeholder}={value!r}")
    for placeholder, *_ in CHOICES
    for value in (None, "", '""', '"  "', "typo", "[x]", "{x: y}", '"\\u200b"', '"\\e"')
]


@pytest.mark.parametrize("values", VARIANTS)
def test_every_invalid_field_has_a_problem_at_its_object(
    tmp_path: Path, values: dict[str, str | None]
) -> None:
    path = tmp_path / "brief.yaml"
    path.write_text(dataset_text(**values), encoding="utf-8")
    assert_every_invalid_field_has_a_problem(load_dataset(path), path)


def test_every_invalid_field_has_a_problem_all_at_once(tmp_path: Path) -> None:
    path = tmp_path / "brief.yaml"
    blank = {placeholder.replace(".", "_"): '""' for placeholder, *_ in CHOICES}
    path.write_text(dataset_text(**blank), encoding="utf-8")
    assert assert_every_invalid_field_has_a_problem(load_dataset(path), path) == 5
    path.write_text(TYPOS, encoding="utf-8")
    assert assert_every_invalid_field_has_a_problem(load_dataset(path), path) == 5


def test_the_sample_marks_nothing_invalid() -> None:
    result = load_dataset(paths.sample_dataset())
    assert result.dataset is not None
    assert all(not invalid for _origin, invalid in _marked(result.dataset))
