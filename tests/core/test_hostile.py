"""The hostile corpus: every file gives a clean problem with a position, and nothing runs."""

import os
from pathlib import Path

import pytest

from briefing_app.core.loader import load_dataset
from briefing_app.core.loader_fields import INVALID_MARKING
from briefing_app.core.yamlread import MAX_FILE_BYTES

HOSTILE = Path(__file__).parent / "hostile"

# file -> (line, col, rule) of the first error it must give
EXPECTED = {
    "python_tag.yaml": (3, 5, "yaml-tag"),
    "alias_bomb.yaml": (1, 4, "yaml-anchor"),
    "self_alias.yaml": (1, 10, "yaml-anchor"),
    "duplicate_keys.yaml": (3, 3, "unknown-key"),
    "latin1.yaml": (1, 21, "encoding"),
    "nul.yaml": (1, 19, "encoding"),
    "control_char.yaml": (1, 22, "encoding"),
    "utf16.yaml": (1, 1, "encoding"),
    "lone_surrogate_escape.yaml": (1, 21, "yaml-syntax"),
    "lone_surrogate_bytes.yaml": (1, 18, "encoding"),
    "multi_document.yaml": (6, 1, "multi-document"),
    "empty.yaml": (1, 1, "empty-file"),
    "yaml11_booleans.yaml": (5, 50, "enum"),
    "impossible_date.yaml": (5, 43, "date"),
    "list_root.yaml": (1, 1, "type"),
    "syntax_error.yaml": (2, 7, "yaml-syntax"),
    "comments_only.yaml": (1, 1, "empty-file"),
    "marking_zero_width.yaml": (1, 30, "marking"),
    "marking_rtl_override.yaml": (1, 30, "marking"),
    "marking_second_line.yaml": (3, 12, "marking"),
    "marking_line_separator.yaml": (1, 30, "marking"),
    "marking_too_long.yaml": (1, 30, "marking"),
    "non_finite.yaml": (5, 44, "type"),
    "terminal_escape.yaml": (1, 18, "encoding"),
}


def test_corpus_is_complete() -> None:
    assert sorted(path.name for path in HOSTILE.glob("*.yaml")) == sorted([*EXPECTED, "bom.yaml"])


@pytest.mark.parametrize("name", EXPECTED)
def test_hostile_file_gives_clean_problem(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # where python_tag.yaml would create its marker
    result = load_dataset(HOSTILE / name)
    errors = [problem for problem in result.problems if problem.severity == "error"]
    assert errors, result.problems
    first = errors[0]
    assert (first.line, first.col, first.rule) == EXPECTED[name]
    assert first.path == str(HOSTILE / name)
    assert not (tmp_path / "hostile-marker").exists()


def test_duplicate_keys_keep_nothing_silently() -> None:
    rules = [problem.rule for problem in load_dataset(HOSTILE / "duplicate_keys.yaml").problems]
    assert rules == ["unknown-key", "unknown-key", "duplicate-key"]


def test_alias_bomb_lists_every_anchor_and_alias() -> None:
    problems = load_dataset(HOSTILE / "alias_bomb.yaml").problems
    assert sum(problem.message.startswith("anchor") for problem in problems) == 9
    assert sum(problem.message.startswith("alias") for problem in problems) == 72


def test_byte_order_mark_is_a_warning_and_the_data_loads() -> None:
    result = load_dataset(HOSTILE / "bom.yaml")
    assert [(p.severity, p.rule) for p in result.problems] == [("warning", "encoding")]
    assert result.dataset is not None
    assert result.dataset.info.title == "T"


def test_yaml_11_booleans_stay_text() -> None:
    dataset = load_dataset(HOSTILE / "yaml11_booleans.yaml").dataset
    assert dataset is not None
    assert dataset.info.language == "no"
    assert dataset.events["e"].summary == "off"


def test_dates_stay_text(tmp_path: Path) -> None:
    path = tmp_path / "d.yaml"
    path.write_text(
        "dataset: {title: T, updated: 2024-07-13}\nsources:\n"
        "  - {id: s, kind: article, title: S, reliability: B}\n"
        "events:\n  - {id: e, title: E, sources: [s], date: 2024-07-13}\n"
    )
    dataset = load_dataset(path).dataset
    assert dataset is not None
    assert dataset.events["e"].date is not None
    assert dataset.events["e"].date.text == "2024-07-13"


@pytest.mark.parametrize("opener", ["[", "{a: "])
def test_5000_deep_nesting(tmp_path: Path, opener: str) -> None:
    closer = "]" if opener == "[" else "}"
    path = tmp_path / "deep.yaml"
    path.write_text("dataset: " + opener * 5000 + closer * 5000 + "\n")
    problems = load_dataset(path).problems
    assert [(p.line, p.rule) for p in problems] == [(1, "nesting")]
    assert problems[0].message == "nesting is deeper than 1000 levels"


def test_deep_block_nesting(tmp_path: Path) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text("".join(" " * depth + "k:\n" for depth in range(5000)))
    problems = load_dataset(path).problems
    assert [(p.line, p.rule) for p in problems] == [(1000, "nesting")]


def test_60_megabyte_file(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:
        handle.truncate(60_000_000)  # sparse: no need to write 60 MB to disk
    assert os.path.getsize(path) > MAX_FILE_BYTES
    problems = load_dataset(path).problems
    assert [(p.line, p.col, p.rule) for p in problems] == [(1, 1, "file-too-large")]
    assert problems[0].message == (
        "file is 60.0 MB; the limit is 50 MiB a file: split the dataset into several files"
    )


def test_unreadable_file_cannot_be_read_at_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "secret.yaml"
    path.write_text("dataset: {title: T}\n")
    real_open = os.open

    def refuse(file: str, flags: int, *args: int, **kwargs: int) -> int:
        if os.fspath(file) == str(path):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    result = load_dataset(path)
    assert result.dataset is None  # the command line's exit 2
    assert [str(p) for p in result.problems] == [
        f"{path}:1:1: error: cannot read file: Permission denied [io]"
    ]


def test_marking_and_text_escapes_never_reach_the_dataset() -> None:
    spoofed = load_dataset(HOSTILE / "marking_rtl_override.yaml").dataset
    assert spoofed is not None
    assert spoofed.info.marking == INVALID_MARKING
    escaped = load_dataset(HOSTILE / "terminal_escape.yaml").dataset
    assert escaped is not None
    assert escaped.info.title == "[2K[32m0 errors[0m"
