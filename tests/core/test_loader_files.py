"""Untrusted folders: links out of the dataset, special files, unreadable folders and files,
names that are not UTF-8, files that vanish or change while the dataset is read."""

from __future__ import annotations

import json
import os
import socket
import stat
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from briefing_app import cli
from briefing_app.core.loader import LoadProgress, LoadResult, load_dataset
from briefing_app.core.loader_files import MAX_FILE_BYTES, display_path, read_data_file
from tests.core.helpers import write

DATASET = """\
dataset: {title: T}
sources:
  - {id: s, kind: article, title: S, reliability: B}
events:
  - {id: r, title: R, sources: [s]}
"""
EVENTS = """\
events:
  - {id: e, title: E, sources: [s]}
"""
SECRET = "dataset: {title: LEAKED}\nLEAKED: LEAKED\n"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
needs_links = pytest.mark.skipif(not hasattr(os, "symlink") or os.name == "nt", reason="POSIX")


def dataset(folder: Path) -> Path:
    root = folder / "data"
    write(root, "dataset.yaml", DATASET)
    write(root, "events/a.yaml", EVENTS)
    return root


def found(result: LoadResult) -> list[tuple[str, str, str]]:
    """(path relative to the dataset, severity, rule) of every problem."""
    return [(p.path.split("data/", 1)[-1], p.severity, p.rule) for p in result.problems]


def load_in_time(path: Path, **options: Callable[..., object]) -> LoadResult:
    """Load in a thread and fail (instead of hanging the tests) if it blocks."""
    results: list[LoadResult] = []
    worker = threading.Thread(
        target=lambda: results.append(load_dataset(path, **options)),  # type: ignore[arg-type]
        daemon=True,
    )
    worker.start()
    worker.join(timeout=20)
    assert not worker.is_alive(), "the load blocked"
    return results[0]


def refuse_scandir(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """Make `folder` unreadable the way mode 000 does for anyone but root."""
    real_scandir = os.scandir

    def scandir(path: str | os.PathLike[str]) -> object:
        if os.fspath(path) == os.fspath(folder):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)


# -- links ---------------------------------------------------------------------------------------


@needs_links
def test_a_file_linking_outside_is_an_error_and_not_read(tmp_path: Path) -> None:
    root = dataset(tmp_path)
    write(tmp_path, "outside/secret.yaml", SECRET)
    (root / "x.yaml").symlink_to(tmp_path / "outside" / "secret.yaml")
    (root / "relative.yml").symlink_to(Path("..", "outside", "secret.yaml"))
    result = load_dataset(root)
    assert found(result) == [
        ("relative.yml", "error", "link-outside"),
        ("x.yaml", "error", "link-outside"),
    ]
    assert result.problems[0].message == "links outside the dataset, so it is not read"
    assert result.problems[0].path == str(root / "relative.yml")
    assert not any("LEAKED" in str(problem) for problem in result.problems)
    assert result.dataset is not None
    assert result.dataset.info.title == "T"
    assert str(root / "x.yaml") not in result.paths


@needs_links
def test_a_dataset_yaml_linking_outside_leaves_the_other_files_in_their_place(
    tmp_path: Path,
) -> None:
    root = dataset(tmp_path)
    write(tmp_path, "outside/secret.yaml", SECRET)
    (root / "dataset.yaml").unlink()
    (root / "dataset.yaml").symlink_to(tmp_path / "outside" / "secret.yaml")
    write(root, "events/b.yaml", "sources:\n  - {id: s, kind: article, title: S, reliability: B}\n")
    result = load_dataset(root)
    assert found(result) == [("dataset.yaml", "error", "link-outside")]  # b.yaml: no "dataset"
    assert result.dataset is not None
    assert result.dataset.info.title == "data"


@needs_links
def test_a_folder_linking_outside_is_an_error_and_not_walked(tmp_path: Path) -> None:
    root = dataset(tmp_path)
    write(tmp_path, "elsewhere/secret.yaml", SECRET)
    (root / "more").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    (root / "up").symlink_to("..", target_is_directory=True)
    (root / "everything").symlink_to("/", target_is_directory=True)
    result = load_dataset(root)
    assert found(result) == [
        ("everything", "error", "link-outside"),
        ("more", "error", "link-outside"),
        ("up", "error", "link-outside"),
    ]
    assert not any("LEAKED" in str(problem) for problem in result.problems)


@needs_links
def test_links_inside_the_dataset_are_read_once(tmp_path: Path) -> None:
    root = dataset(tmp_path)
    (root / "alias.yaml").symlink_to(Path("events", "a.yaml"))
    (root / "mirror").symlink_to("events", target_is_directory=True)
    (root / "self").symlink_to(".", target_is_directory=True)
    write(root, ".drafts/b.yaml", "events:\n  - {id: b, title: B, sources: [s]}\n")
    (root / "draft.yaml").symlink_to(Path(".drafts", "b.yaml"))
    result = load_dataset(root)
    assert found(result) == []
    assert result.dataset is not None
    assert sorted(result.dataset.events) == ["b", "e", "r"]
    assert len(result.files) == 3  # dataset.yaml, events/a.yaml, and draft.yaml for .drafts/b


@needs_links
def test_a_dataset_reached_through_a_link_reads_its_own_links(tmp_path: Path) -> None:
    root = dataset(tmp_path)
    (root / "alias.yaml").symlink_to(Path("events", "a.yaml"))
    (tmp_path / "shortcut").symlink_to(root, target_is_directory=True)
    result = load_dataset(tmp_path / "shortcut")
    assert result.problems == ()
    assert result.files[0] == str(tmp_path / "shortcut" / "dataset.yaml")


@needs_links
def test_a_single_file_dataset_may_be_a_link(tmp_path: Path) -> None:
    write(tmp_path, "elsewhere/brief.yaml", DATASET)
    (tmp_path / "brief.yaml").symlink_to(tmp_path / "elsewhere" / "brief.yaml")
    result = load_dataset(tmp_path / "brief.yaml")
    assert result.problems == ()
    assert result.paths == (str(tmp_path / "brief.yaml"),)


@needs_links
def test_link_loops_and_dangling_links_are_errors_not_hangs(tmp_path: Path) -> None:
    root = dataset(tmp_path)
    (root / "a.yaml").symlink_to("b.yaml")
    (root / "b.yaml").symlink_to("a.yaml")
    (root / "gone.yaml").symlink_to("nothing-here.yaml")
    (root / "deep").mkdir()
    (root / "deep" / "loop").symlink_to("../deep", target_is_directory=True)
    result = load_in_time(root)
    assert found(result) == [
        ("a.yaml", "error", "io"),
        ("b.yaml", "error", "io"),
        ("gone.yaml", "error", "io"),
    ]
    assert "loop" in result.problems[0].message
    assert "not there" in result.problems[2].message


@needs_links
def test_a_file_swapped_for_a_link_out_after_listing_is_not_read(tmp_path: Path) -> None:
    root = dataset(tmp_path)
    write(tmp_path, "outside/secret.yaml", SECRET)

    def swap(step: LoadProgress) -> None:
        if step.files_done == 1:
            (root / "events" / "a.yaml").unlink()
            (root / "events" / "a.yaml").symlink_to(tmp_path / "outside" / "secret.yaml")

    result = load_dataset(root, progress=swap)
    assert found(result) == [("events/a.yaml", "error", "link-outside")]
    assert not any("LEAKED" in str(problem) for problem in result.problems)


# -- special files -------------------------------------------------------------------------------

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")


@needs_fifo
def test_a_named_pipe_is_refused_without_blocking(tmp_path: Path) -> None:
    root = dataset(tmp_path)
    os.mkfifo(root / "events" / "events.yaml")
    result = load_in_time(root)
    assert found(result) == [("events/events.yaml", "error", "special-file")]
    assert result.problems[0].message == (
        "is a named pipe (FIFO), not a regular file, so it is not read"
    )
    assert result.dataset is not None
    assert "e" in result.dataset.events


@needs_fifo
def test_a_named_pipe_as_dataset_yaml_is_refused(tmp_path: Path) -> None:
    root = dataset(tmp_path)
    (root / "dataset.yaml").unlink()
    os.mkfifo(root / "dataset.yaml")
    write(root, "events/b.yaml", "sources:\n  - {id: s, kind: article, title: S, reliability: B}\n")
    result = load_in_time(root)
    assert found(result) == [("dataset.yaml", "error", "special-file")]
    assert result.dataset is not None


def test_a_folder_named_dataset_yaml_is_said_to_be_a_folder(tmp_path: Path) -> None:
    """Not "no dataset.yaml in this folder": there is one, and it is the wrong kind. Like a
    pipe in its place it is an error, and the rest of the dataset is still read (what is in
    that folder too, as in any folder)."""
    root = dataset(tmp_path)
    (root / "dataset.yaml").unlink()
    write(root, "dataset.yaml/inside.yaml", EVENTS.replace("id: e,", "id: f,"))
    write(root, "events/b.yaml", "sources:\n  - {id: s, kind: article, title: S, reliability: B}\n")
    result = load_in_time(root)
    assert found(result) == [("dataset.yaml", "error", "special-file")]
    assert result.problems[0].message == (
        "is a folder, not a file: a dataset's dataset.yaml is the file with its 'dataset' section"
    )
    assert result.dataset is not None
    assert set(result.dataset.events) == {"e", "f"}


@needs_links
def test_a_link_named_dataset_yaml_to_a_folder_inside_is_said_to_be_a_folder(
    tmp_path: Path,
) -> None:
    root = dataset(tmp_path)
    (root / "dataset.yaml").unlink()
    (root / "dataset.yaml").symlink_to(root / "events")
    write(root, "events/b.yaml", "sources:\n  - {id: s, kind: article, title: S, reliability: B}\n")
    result = load_in_time(root)
    assert found(result) == [("dataset.yaml", "error", "special-file")]
    assert "is a folder, not a file" in result.problems[0].message


def test_a_folder_named_dataset_yaml_below_the_top_is_only_a_folder(tmp_path: Path) -> None:
    root = dataset(tmp_path)
    write(root, "events/dataset.yaml/more.yaml", EVENTS.replace("id: e,", "id: g,"))
    result = load_in_time(root)
    assert result.problems == ()


@needs_fifo
def test_a_named_pipe_swapped_in_after_listing_does_not_block(tmp_path: Path) -> None:
    root = dataset(tmp_path)

    def swap(step: LoadProgress) -> None:
        if step.files_done == 1:
            (root / "events" / "a.yaml").unlink()
            os.mkfifo(root / "events" / "a.yaml")

    result = load_in_time(root, progress=swap)
    assert found(result) == [("events/a.yaml", "error", "special-file")]


@needs_fifo
def test_a_pipe_that_turns_regular_after_the_check_is_refused_on_its_descriptor(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The type is checked again on the opened descriptor: the last moment to swap."""
    pipe = tmp_path / "events.yaml"
    os.mkfifo(pipe)
    real_stat = os.stat
    monkeypatch.setattr(os, "stat", lambda path: real_stat(__file__))  # "a regular file"
    with pytest.raises(Exception, match="named pipe") as refused:
        read_data_file(pipe, None)
    assert getattr(refused.value, "rule", "") == "special-file"


def test_a_socket_is_refused(tmp_path: Path) -> None:
    if not hasattr(socket, "AF_UNIX"):
        pytest.skip("no Unix sockets")
    root = dataset(tmp_path)
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(root / "events.yaml"))
        result = load_in_time(root)
    assert found(result) == [("events.yaml", "error", "special-file")]
    assert "socket" in result.problems[0].message


def test_a_device_inside_the_dataset_is_refused(tmp_path: Path) -> None:
    root = dataset(tmp_path)
    try:
        os.mknod(root / "zero.yaml", stat.S_IFCHR | 0o600, os.makedev(1, 5))  # /dev/zero
    except (AttributeError, PermissionError, OSError):
        pytest.skip("cannot make a device node here")
    result = load_in_time(root)
    assert found(result) == [("zero.yaml", "error", "special-file")]


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_a_device_named_as_the_dataset_cannot_be_read_at_all() -> None:
    result = load_in_time(Path("/dev/zero"))
    assert result.dataset is None
    assert [(p.rule, p.message) for p in result.problems] == [
        ("special-file", "is a device, not a regular file, so it is not read")
    ]


def test_a_file_growing_past_the_limit_while_read_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "grows.yaml"
    path.write_text("dataset: {title: T}\n")
    real_read = os.read
    monkeypatch.setattr(os, "read", lambda fd, size: b"x" * size if size > 1 else real_read(fd, 1))
    with pytest.raises(Exception, match="the limit is 50 MiB"):
        read_data_file(path, None)
    assert MAX_FILE_BYTES == 50 * 2**20


# -- unreadable folders and files ----------------------------------------------------------------


def test_an_unreadable_sub_folder_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = dataset(tmp_path)
    write(root, "private/b.yaml", "events:\n  - {id: b, title: B, sources: [s]}\n")
    refuse_scandir(monkeypatch, root / "private")
    result = load_dataset(root)
    assert [str(p) for p in result.problems] == [
        f"{root / 'private'}:1:1: error: cannot read folder: Permission denied [io]"
    ]
    assert result.error_count == 1


def test_an_unreadable_dataset_folder_cannot_be_read_at_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = dataset(tmp_path)
    refuse_scandir(monkeypatch, root)
    result = load_dataset(root)
    assert result.dataset is None
    assert [str(p) for p in result.problems] == [
        f"{root}:1:1: error: cannot read the dataset: Permission denied [dataset]"
    ]


def test_an_unreadable_file_in_a_folder_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = dataset(tmp_path)
    target = str(root / "events" / "a.yaml")
    real_open = os.open

    def refuse(path: str, flags: int, *args: int) -> int:
        if os.fspath(path) == target:
            raise PermissionError(13, "Permission denied", path)
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", refuse)
    result = load_dataset(root)
    assert [str(p) for p in result.problems] == [
        f"{target}:1:1: error: cannot read file: Permission denied [io]"
    ]
    assert result.dataset is not None


@pytest.mark.skipif(IS_ROOT or os.name == "nt", reason="mode 000 does not stop root reading")
def test_mode_000_for_real(tmp_path: Path) -> None:
    root = dataset(tmp_path)
    write(root, "private/b.yaml", "events: []\n")
    (root / "private").chmod(0)
    (root / "events" / "a.yaml").chmod(0)
    try:
        assert found(load_dataset(root)) == [
            ("events/a.yaml", "error", "io"),
            ("private", "error", "io"),
        ]
        root.chmod(0)
        assert load_dataset(root).dataset is None
    finally:
        root.chmod(0o755)
        (root / "private").chmod(0o755)
        (root / "events" / "a.yaml").chmod(0o644)


# -- empty and vanished files --------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   \n\n", "# only a comment\n# and another\n"])
def test_an_empty_file_is_an_error(tmp_path: Path, text: str) -> None:
    root = dataset(tmp_path)
    write(root, "events/b.yaml", text)
    result = load_dataset(root)
    assert [(p.path, p.severity, p.message, p.rule) for p in result.problems] == [
        (str(root / "events" / "b.yaml"), "error", "file is empty", "empty-file")
    ]


def test_a_file_truncated_while_the_dataset_is_read_is_an_error(tmp_path: Path) -> None:
    root = dataset(tmp_path)

    def truncate(step: LoadProgress) -> None:
        if step.files_done == 1:
            (root / "events" / "a.yaml").write_bytes(b"")

    assert found(load_dataset(root, progress=truncate)) == [
        ("events/a.yaml", "error", "empty-file")
    ]


def test_a_file_removed_while_the_dataset_is_read_is_an_error(tmp_path: Path) -> None:
    root = dataset(tmp_path)

    def remove(step: LoadProgress) -> None:
        if step.files_done == 1:
            (root / "events" / "a.yaml").unlink()

    result = load_dataset(root, progress=remove)
    assert found(result) == [("events/a.yaml", "error", "io")]
    assert result.problems[0].message.startswith("cannot read file: it is not there")


# -- names that are not UTF-8 --------------------------------------------------------------------

WINDOWS_1251 = "Донесение".encode("cp1251")  # not valid UTF-8


def _bytes_name_supported(folder: Path) -> bool:
    try:
        (folder / os.fsdecode(WINDOWS_1251 + b".probe")).write_bytes(b"")
    except (OSError, UnicodeError):
        return False
    return True


def test_names_that_are_not_utf8_are_shown_with_escapes_and_still_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if not _bytes_name_supported(tmp_path):
        pytest.skip("this file system only takes UTF-8 names")
    root = dataset(tmp_path / os.fsdecode(WINDOWS_1251))
    bad = root / "events" / os.fsdecode(WINDOWS_1251 + b".yaml")
    bad.write_text("events:\n  - {id: b, title: B, sources: [s], status: bogus}\n")
    result = load_dataset(root)
    assert result.dataset is not None
    assert "b" in result.dataset.events  # the file was read under its real name
    escaped = "\\xc4\\xee\\xed\\xe5\\xf1\\xe5\\xed\\xe8\\xe5"
    shown = display_path(bad)
    assert shown.endswith(f"data/events/{escaped}.yaml")
    assert [p.path for p in result.problems] == [shown]
    for text in [*map(str, result.problems), *result.files, result.dataset.info.title]:
        text.encode("utf-8")  # printable: no lone surrogates
    assert str(bad) in result.paths
    assert result.dataset.files == result.paths  # what the version stamp hashes, by real name
    assert Path(result.paths[result.files.index(shown)]).read_bytes().startswith(b"events:")

    assert cli.main(["validate", "--format", "json", str(root)]) == 1
    report = json.loads(capsys.readouterr().out)
    assert shown in report["files"]
    assert cli.main(["validate", str(root)]) == 1
    assert f"{shown}:2:45: error:" in capsys.readouterr().out


def test_display_escapes_every_unprintable_character() -> None:
    name = os.fsdecode(b"a\xd0b") + "\x1b[2J\u202e\n\u00a0c\U000e0041\\d.yaml"
    assert display_path(name) == "a\\xd0b\\x1b[2J\\u202e\\x0a\\xa0c\\U000e0041\\d.yaml"
    assert display_path("plain/Донесение 1.yaml") == "plain/Донесение 1.yaml"
