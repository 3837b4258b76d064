"""An event's kind (format 2): a statement's status says whether it was made, its credibility
weighs what it says, and the warning sign follows what it says."""

from __future__ import annotations

import json
from pathlib import Path

from briefing_app import paths
from briefing_app.core.cache import load_with_cache
from briefing_app.core.caution import caution_reasons
from briefing_app.core.model import EVENT_KINDS, FIGURE_QUALIFIERS, QUOTE_MODES
from tests.core.helpers import load_text, messages

STATEMENT = """\
dataset: {title: T, format: 2}
sources:
  - {id: s, kind: broadcast, title: Interview, reliability: C}
actors:
  - {id: a, name: Alexander Lukashenko, kind: person}
events:
  - id: said
    title: Lukashenko says a third of the army is at the border
    kind: statement
    status: confirmed
    credibility: 5
    actors: [{actor: a, role: said it}]
    sources: [s]
  - {id: happened, title: Troops move, status: confirmed, credibility: 5, sources: [s]}
"""


def test_a_statement_is_read_and_its_content_carries_the_sign(tmp_path: Path) -> None:
    result = load_text(tmp_path, STATEMENT)
    assert messages(result) == []
    assert result.dataset is not None
    said, happened = result.dataset.events["said"], result.dataset.events["happened"]
    assert (said.kind, said.said) == ("statement", True)
    assert (happened.kind, happened.said) == ("occurrence", False)
    assert caution_reasons(result.dataset, said) == ("what the statement says is improbable",)
    assert caution_reasons(result.dataset, happened) == ()


def test_kind_is_format_2_and_takes_its_three_values(tmp_path: Path) -> None:
    without = load_text(tmp_path, STATEMENT.replace(", format: 2", ""))
    assert [m.rsplit(" ", 1)[1] for m in messages(without)] == ["[format]"]
    wrong = load_text(tmp_path, STATEMENT.replace("kind: statement", "kind: claim"))
    assert [m.rsplit(" ", 1)[1] for m in messages(wrong)] == ["[enum]"]
    assert wrong.dataset is not None
    assert "kind" in wrong.dataset.events["said"].invalid


def test_the_cache_keeps_the_kind(tmp_path: Path) -> None:
    load_text(tmp_path, STATEMENT)
    path = tmp_path / "brief.yaml"
    load_with_cache(path, folder=tmp_path / "cache")
    cached = load_with_cache(path, folder=tmp_path / "cache")
    assert cached.hit
    assert cached.result.dataset is not None
    assert cached.result.dataset.events["said"].kind == "statement"


def test_the_schema_offers_the_loaders_choices() -> None:
    """An editor's completion offers what the loader accepts, format 2 values included."""
    schema = json.loads(paths.resource("dataset.schema.json").read_text(encoding="utf-8"))
    definitions = schema["definitions"]
    assert definitions["event"]["properties"]["kind"]["enum"] == list(EVENT_KINDS)
    assert definitions["quote"]["properties"]["mode"]["enum"] == list(QUOTE_MODES)
    assert definitions["figure"]["properties"]["qualifier"]["enum"] == list(FIGURE_QUALIFIERS)
