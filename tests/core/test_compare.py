"""Comparing two versions of a dataset: added, removed and changed items, each changed field
with its value before and after; where an item is written does not count, an id renamed is one
removed and one added."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from briefing_app import paths
from briefing_app.cli import main
from briefing_app.core.compare import as_json, compare
from briefing_app.core.loader import load_dataset
from briefing_app.core.model import Dataset
from tests.core.helpers import load_text

BEFORE = """\
dataset: {title: T, format: 2}
sources:
  - {id: s, kind: article, title: S, reliability: B}
  - {id: t, kind: article, title: T, reliability: C}
actors:
  - {id: a, name: A, kind: person}
events:
  - id: e
    title: E
    date: "2024-07"
    status: reported
    sources: [s]
    actors: [{actor: a, role: spoke}]
    quotes:
      - {text: said this, mode: reported, speaker: a, source: s, locator: p1}
    figures:
      - {label: Troops, value: 4000, qualifier: approx, source: s}
  - {id: gone, title: Gone, sources: [s]}
  - {id: same, title: Same, sources: [t]}
"""


def load(folder: Path, text: str) -> Dataset:
    dataset = load_text(folder, text).dataset
    assert dataset is not None
    return dataset


def test_every_kind_of_change_is_named_with_before_and_after(tmp_path: Path) -> None:
    after_text = (
        BEFORE.replace("status: reported", "status: contested")
        .replace("said this", "said that")
        .replace("value: 4000, qualifier: approx", "value: 6000, qualifier: nearly")
        .replace(
            "  - {id: gone, title: Gone, sources: [s]}\n",
            "  - {id: new, title: New, sources: [s]}\n",
        )
        .replace("reliability: C}", "reliability: E}")
    )
    changes = compare(load(tmp_path / "old", BEFORE), load(tmp_path / "new", after_text))
    assert (changes.events.added, changes.events.removed) == (("new",), ("gone",))
    (event,) = changes.events.changed
    assert event.id == "e"
    fields = {change.field: (change.before, change.after) for change in event.fields}
    assert fields["status"] == ("reported", "contested")
    assert fields["quote 1"] == (
        "reported a: \u201csaid this\u201d (s, p1)",
        "reported a: \u201csaid that\u201d (s, p1)",
    )
    assert fields["figure 1"] == ("Troops: about 4,000 (s)", "Troops: nearly 6,000 (s)")
    (source,) = changes.sources.changed
    assert (source.id, source.fields[0].field, source.fields[0].after) == ("t", "reliability", "E")
    assert not changes.actors.any


def test_moving_events_between_files_changes_nothing(tmp_path: Path) -> None:
    sample = paths.sample_dataset()
    moved = tmp_path / "moved"
    shutil.copytree(sample, moved)
    one = moved / "events" / "border-posture.yaml"
    other = moved / "events" / "ukraine-north.yaml"
    events = one.read_text(encoding="utf-8").split("\nevents:\n", 1)[1]
    other.write_text(other.read_text(encoding="utf-8") + events, encoding="utf-8")
    one.unlink()
    before, after = load_dataset(sample), load_dataset(moved)
    assert before.dataset is not None
    assert after.dataset is not None
    changes = compare(before.dataset, after.dataset)
    assert not any(changes.of(kind).any for kind in ("events", "sources", "actors", "places"))


def test_a_renamed_id_is_one_removed_and_one_added(tmp_path: Path) -> None:
    changes = compare(
        load(tmp_path / "old", BEFORE),
        load(tmp_path / "new", BEFORE.replace("id: same,", "id: same-renamed,")),
    )
    assert (changes.events.added, changes.events.removed) == (("same-renamed",), ("same",))


def test_the_json_has_the_documented_shape(tmp_path: Path) -> None:
    changes = compare(load(tmp_path / "old", BEFORE), load(tmp_path / "new", BEFORE))
    report = as_json(changes, "old")
    assert set(report) == {"against", "added", "removed", "changed", "sources", "actors", "places"}
    assert set(report["sources"]) == {"added", "removed", "changed"}


def test_the_command_compares_and_says_why_it_cannot(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = tmp_path / "old.yaml"
    new = tmp_path / "new.yaml"
    old.write_text(BEFORE, encoding="utf-8")
    new.write_text(BEFORE.replace("title: Same", "title: Changed"), encoding="utf-8")
    assert main(["changes", str(new), "--against", str(old), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["changed"] == [
        {
            "id": "same",
            "fields": ["title"],
            "values": {"title": {"before": "Same", "after": "Changed"}},
        }
    ]
    assert main(["changes", str(new), "--against", str(old)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "0 added, 0 removed, 1 changed events"
    broken = tmp_path / "broken.yaml"
    broken.write_text(BEFORE.replace("status: reported", "status: reportd"), encoding="utf-8")
    assert main(["changes", str(broken), "--against", str(old)]) == 1
    assert "has errors" in capsys.readouterr().err
    assert main(["changes", str(broken), "--against", str(old), "--allow-problems"]) == 0
    capsys.readouterr()
    assert main(["changes", str(new), "--against", str(tmp_path / "nothing")]) == 2
    assert main(["changes", str(new), "--against", "git:HEAD~1"]) == 2
    assert "not read yet" in capsys.readouterr().err
