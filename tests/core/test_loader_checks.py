"""The checks across files stay linear and can be cancelled: "did you mean" over thousands of
broken references, a 20,000-deep parent chain, Cancel during the checks."""

from __future__ import annotations

import difflib
import time
from pathlib import Path

import pytest

from briefing_app.core import loader_checks
from briefing_app.core.loader import LoadCancelled, LoadProgress, load_dataset
from briefing_app.core.loader_checks import MAX_NESTING, Suggestions
from briefing_app.core.problems import did_you_mean
from tests.core.helpers import write

HEAD = """\
dataset: {title: T}
sources:
  - {id: s, kind: article, title: S, reliability: B}
events:
"""


def chain(count: int, *, broken: int = 0, loop: bool = False) -> str:
    """Events e-0 <- e-1 <- ... (each the parent of the next); the first `broken` of them name
    a misspelt parent; with `loop`, the first names the last as its parent."""
    lines = [HEAD]
    for number in range(count):
        if number == 0:
            parent = f"event-{count - 1}" if loop else ""
        else:
            parent = f"{'evnt' if number <= broken else 'event'}-{number - 1}"
        parent_key = f", parent: {parent}" if parent else ""
        lines.append(f"  - {{id: event-{number}, title: T, sources: [s]{parent_key}}}\n")
    return "".join(lines)


class CountingMatcher(difflib.SequenceMatcher):  # type: ignore[type-arg]
    ratios = 0

    def ratio(self) -> float:
        CountingMatcher.ratios += 1
        return super().ratio()


def test_suggestions_agree_with_difflib_on_near_misses() -> None:
    options = {f"event-{number}": None for number in range(1_000)} | {"withdrawal-2024": None}
    words = ["evnt-123", "event-1234", "Event-12", "event_12", "withdrawl-2024", "event-99x"]
    suggestions = Suggestions(options, [100])
    for word in words:
        assert suggestions.hint(word) == did_you_mean(word, options), word
    assert suggestions.hint("zzzz") == ""


def test_suggestions_compare_a_few_candidates_whatever_the_table(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(difflib, "SequenceMatcher", CountingMatcher)
    CountingMatcher.ratios = 0
    options = {f"event-{number}": None for number in range(50_000)}
    suggestions = Suggestions(options, [10_000])
    for number in range(2_000):
        assert suggestions.hint(f"evnt-{number}") == f" (did you mean 'event-{number}'?)"
    assert CountingMatcher.ratios <= 8 * 2_000


def test_suggestions_stop_when_the_budget_is_spent() -> None:
    budget = [2]
    suggestions = Suggestions({"alpha": None, "beta": None}, budget)
    assert suggestions.hint("alpah") == " (did you mean 'alpha'?)"
    assert suggestions.hint("alpah") == " (did you mean 'alpha'?)"  # remembered: no cost
    assert suggestions.hint("btea") == " (did you mean 'beta'?)"
    assert suggestions.hint("alhpa") == ""
    assert budget == [0]


def test_thousands_of_broken_references_validate_quickly(tmp_path: Path) -> None:
    write(tmp_path, "chain.yaml", chain(20_000, broken=2_341))
    started = time.perf_counter()
    result = load_dataset(tmp_path / "chain.yaml")
    seconds = time.perf_counter() - started
    unresolved = [p for p in result.problems if p.rule == "unresolved-reference"]
    assert len(unresolved) == 2_341
    assert unresolved[0].message == (
        "'parent' names event 'evnt-0', which does not exist (did you mean 'event-0'?)"
    )
    assert all("did you mean 'event-" in problem.message for problem in unresolved)
    assert seconds < 30  # about 1 s; comparing every pair took minutes


def test_a_20000_deep_parent_chain_loads_in_linear_time(tmp_path: Path) -> None:
    write(tmp_path, "chain.yaml", chain(20_000, loop=True))
    started = time.perf_counter()
    result = load_dataset(tmp_path / "chain.yaml")
    assert time.perf_counter() - started < 30  # about 1 s; a walk per event would be minutes
    cycles = [p for p in result.problems if p.rule != "nesting"]
    assert [(p.line, p.rule) for p in cycles] == [(5, "parent-cycle")]
    assert cycles[0].message == (
        "parent chain loops back on itself: event-0 -> event-19999 -> event-19998 -> "
        "event-19997 -> event-19996 -> ... (19,990 more) -> event-5 -> event-4 -> event-3 -> "
        "event-2 -> event-1 -> event-0"
    )
    assert result.dataset is not None
    assert result.dataset.events["event-0"].parent is None
    assert result.dataset.children[None][0] == "event-0"


def test_nesting_deeper_than_the_limit_starts_new_storylines(tmp_path: Path) -> None:
    write(tmp_path, "chain.yaml", chain(2 * MAX_NESTING + 5))
    result = load_dataset(tmp_path / "chain.yaml")
    assert [(p.line, p.rule) for p in result.problems] == [
        (5 + MAX_NESTING, "nesting"),
        (5 + 2 * MAX_NESTING, "nesting"),
    ]
    assert result.problems[0].message == (
        f"event 'event-{MAX_NESTING}' would be nested {MAX_NESTING + 1} levels deep, and the "
        f"limit is {MAX_NESTING}: it is shown as a storyline of its own"
    )
    dataset = result.dataset
    assert dataset is not None
    assert dataset.children[None] == ("event-0", f"event-{MAX_NESTING}", f"event-{2 * MAX_NESTING}")
    deepest = f"event-{MAX_NESTING - 1}"
    assert len(dataset.ancestors(deepest)) == MAX_NESTING - 1
    assert all(len(dataset.ancestors(event_id)) < MAX_NESTING for event_id in dataset.events)


def test_a_20000_deep_chain_leaves_no_event_deeper_than_the_limit(tmp_path: Path) -> None:
    write(tmp_path, "chain.yaml", chain(20_000))
    dataset = load_dataset(tmp_path / "chain.yaml").dataset
    assert dataset is not None
    assert max(len(dataset.ancestors(event_id)) for event_id in dataset.events) == MAX_NESTING - 1


def test_cancel_is_heard_during_the_checks_across_files(tmp_path: Path) -> None:
    write(tmp_path, "chain.yaml", chain(5_000, broken=2_000))
    read: list[bool] = []
    asked_after_reading = 0

    def progress(step: LoadProgress) -> None:
        read.append(step.files_done == step.files_total)

    def cancelled() -> bool:
        nonlocal asked_after_reading
        if read:
            asked_after_reading += 1
        return asked_after_reading > 1  # let one check go by, then cancel

    with pytest.raises(LoadCancelled):
        load_dataset(tmp_path / "chain.yaml", progress=progress, cancelled=cancelled)
    assert asked_after_reading == 2


def test_cancel_is_heard_inside_a_large_file(tmp_path: Path) -> None:
    write(tmp_path, "chain.yaml", chain(5_000))
    calls = 0

    def cancelled() -> bool:
        nonlocal calls
        calls += 1
        return calls > 2  # before the file, the first event, then cancel

    with pytest.raises(LoadCancelled):
        load_dataset(tmp_path / "chain.yaml", cancelled=cancelled)
    assert calls == 3


def test_cancel_checks_are_spaced_out() -> None:
    asked = 0

    def cancelled() -> bool:
        nonlocal asked
        asked += 1
        return False

    assert sum(loader_checks.checked(range(10_000), cancelled)) == sum(range(10_000))
    assert asked == 10
