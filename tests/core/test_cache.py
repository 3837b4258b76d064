"""The dataset cache: used only when nothing changed, and never trusted when anything is off."""

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from briefing_app import paths
from briefing_app.core import cache, cache_codec, cache_store
from briefing_app.core.cache import cache_folder, load_with_cache
from briefing_app.core.loader import load_dataset
from briefing_app.core.model import Event
from briefing_app.core.search import SearchIndex
from briefing_app.core.tree import make_tree


@pytest.fixture
def data(sample_copy: Path) -> Path:
    return sample_copy


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "cache"


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.cache"))


def test_used_when_nothing_changed(data: Path, folder: Path) -> None:
    first = load_with_cache(data, folder=folder)
    assert not first.hit
    assert len(entries(folder)) == 1
    second = load_with_cache(data, folder=folder)
    assert second.hit
    full = load_dataset(data)
    assert second.result == full  # the very same dataset, problems and files
    assert first.result == full
    assert second.index is not None
    assert second.index.state == SearchIndex(full.dataset).state  # and the same index


def test_problems_come_back_from_the_cache(tmp_path: Path, folder: Path) -> None:
    path = tmp_path / "d.yaml"
    path.write_text(
        "dataset: {title: T}\nsources:\n  - {id: s, kind: article, title: S, reliability: B}\n"
        "events:\n  - {id: e, title: E, sources: [s], parent: ghost}\n"
    )
    load_with_cache(path, folder=folder)
    cached = load_with_cache(path, folder=folder)
    assert cached.hit
    assert [p.rule for p in cached.result.problems] == ["unresolved-reference"]


def test_never_used_when_one_byte_changed(data: Path, folder: Path) -> None:
    load_with_cache(data, folder=folder)
    events = data / "events" / "ukraine-north.yaml"
    status = events.stat()
    content = events.read_bytes()
    events.write_bytes(content.replace(b"Ukraine's northern", b"Ukraine's Northern", 1))
    os.utime(events, ns=(status.st_atime_ns, status.st_mtime_ns))  # same size, same time
    loaded = load_with_cache(data, folder=folder)
    assert not loaded.hit
    dataset = loaded.result.dataset
    assert dataset is not None
    assert dataset.events["ukraine-north-2022-2024"].title == "Ukraine's Northern defences"


@pytest.mark.parametrize("change", ["add", "remove"])
def test_never_used_when_files_come_or_go(data: Path, folder: Path, change: str) -> None:
    load_with_cache(data, folder=folder)
    if change == "add":
        (data / "events" / "more.yaml").write_text("events: []\n")
    else:
        (data / "events" / "ukraine-north.yaml").unlink()
    assert not load_with_cache(data, folder=folder).hit


def test_another_version_of_the_app_rebuilds(
    data: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_with_cache(data, folder=folder)
    monkeypatch.setattr(cache, "__version__", "99.0")
    assert not load_with_cache(data, folder=folder).hit
    assert load_with_cache(data, folder=folder).hit  # rebuilt for this version


@pytest.mark.parametrize("damage", ["flip", "truncate", "garbage", "empty"])
def test_a_damaged_entry_is_ignored_and_rebuilt(data: Path, folder: Path, damage: str) -> None:
    load_with_cache(data, folder=folder)
    (entry,) = entries(folder)
    content = bytearray(entry.read_bytes())
    if damage == "flip":
        content[-10] ^= 0xFF
    elif damage == "truncate":
        content = content[: len(content) // 2]
    elif damage == "garbage":
        content = bytearray(os.urandom(len(content)))
    else:
        content = bytearray()
    entry.write_bytes(bytes(content))
    loaded = load_with_cache(data, folder=folder)
    assert not loaded.hit
    assert loaded.result == load_dataset(data)
    assert load_with_cache(data, folder=folder).hit


def test_a_cache_that_cannot_be_written_does_not_matter(data: Path, tmp_path: Path) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder should be")
    loaded = load_with_cache(data, folder=blocked)
    assert not loaded.hit
    assert loaded.result.dataset is not None


def test_nothing_is_written_beside_the_data(data: Path, folder: Path) -> None:
    before = sorted(path.name for path in data.rglob("*"))
    load_with_cache(data, folder=folder)
    load_with_cache(data, folder=folder)
    assert sorted(path.name for path in data.rglob("*")) == before


def test_where_the_cache_lives(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("BRIEFING_VIEWER_CACHE_DIR", str(tmp_path / "mine"))
    assert cache_folder() == tmp_path / "mine"
    monkeypatch.delenv("BRIEFING_VIEWER_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    if os.name == "posix" and cache.sys.platform not in ("darwin",):
        assert cache_folder() == tmp_path / "xdg" / "briefing-viewer"


def test_an_unreadable_dataset_is_not_cached(tmp_path: Path, folder: Path) -> None:
    loaded = load_with_cache(tmp_path / "missing", folder=folder)
    assert (loaded.result.dataset, loaded.index, loaded.hit) == (None, None, False)
    assert entries(folder) == []


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_entries_are_private(data: Path, folder: Path) -> None:
    load_with_cache(data, folder=folder)
    assert folder.stat().st_mode & 0o777 == 0o700
    (entry,) = entries(folder)
    assert entry.stat().st_mode & 0o777 == 0o600


def test_events_from_the_cache_are_decoded_when_first_used(
    data: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    decoded: list[str] = []
    thaw = cache_codec.thaw_event

    def counting_thaw(row: tuple[object, ...]) -> Event:
        event = thaw(row)
        decoded.append(event.id)
        return event

    monkeypatch.setattr(cache_codec, "thaw_event", counting_thaw)
    load_with_cache(data, folder=folder)
    loaded = load_with_cache(data, folder=folder)
    assert loaded.result.dataset is not None
    make_tree(loaded.result.dataset, "storyline")
    assert decoded == []  # opening, indexing and the tree decoded nothing
    events = loaded.result.dataset.events
    assert len(events) == 24
    first = next(iter(events))
    assert first in events
    assert "ghost" not in events
    assert events[first].title == events.title(first)
    assert events[first] is events[first]
    assert decoded == [first]  # decoded once, then kept
    with pytest.raises(KeyError):
        events["ghost"]


# -- names that are not UTF-8 -------------------------------------------------------------------

CP1251 = "Брифинг".encode("cp1251")  # Windows-1251 bytes: not valid UTF-8


def non_utf8_or_skip(parent: Path, name: bytes) -> Path:
    path = Path(os.fsdecode(bytes(parent) + b"/" + name))
    try:
        path.mkdir()
    except (OSError, UnicodeError):
        pytest.skip("this file system refuses names that are not UTF-8")
    return path


@pytest.mark.skipif(os.name != "posix", reason="byte file names")
def test_names_that_are_not_utf8_are_cached_like_any_other(tmp_path: Path) -> None:
    data = non_utf8_or_skip(tmp_path, CP1251)
    shutil.copytree(paths.sample_dataset(), data, dirs_exist_ok=True)
    odd = Path(os.fsdecode(bytes(data / "events") + b"/" + CP1251 + b".yaml"))
    (data / "events" / "ukraine-north.yaml").rename(odd)
    folder = non_utf8_or_skip(tmp_path, CP1251 + b"-cache")
    first = load_with_cache(data, folder=folder)
    assert not first.hit
    assert first.result.dataset is not None
    second = load_with_cache(data, folder=folder)
    assert second.hit
    assert second.result == load_dataset(data)
    odd.write_text("events: []\n")  # and a change to that file is still seen
    assert not load_with_cache(data, folder=folder).hit


@pytest.mark.skipif(os.name != "posix", reason="byte file names")
def test_a_single_file_dataset_with_such_a_name(tmp_path: Path, folder: Path) -> None:
    path = Path(os.fsdecode(bytes(tmp_path) + b"/" + CP1251 + b".yaml"))
    try:
        path.write_text("dataset: {title: T}\nevents:\n  - {id: e, title: E}\n")
    except (OSError, UnicodeError):
        pytest.skip("this file system refuses names that are not UTF-8")
    load_with_cache(path, folder=folder)
    assert load_with_cache(path, folder=folder).hit


# -- nothing in the cache ever fails a load ---------------------------------------------------


@pytest.mark.parametrize(
    "target",
    [
        (cache, "thaw_head", RuntimeError("unexpected")),
        (cache, "thaw_head", MemoryError()),
        (cache_store.CacheStore, "read", RecursionError()),
        (cache, "_fingerprint", KeyError("unexpected")),
        (cache, "_entry_name", UnicodeEncodeError("utf-8", "x", 0, 1, "unexpected")),
        (cache, "open_store", ValueError("embedded null byte")),
        (cache_store, "_key", AssertionError()),
    ],
    ids=["thaw-error", "thaw-memory", "read-recursion", "fingerprint", "name", "folder", "key"],
)
def test_any_error_while_reading_the_cache_means_a_full_load(
    data: Path,
    folder: Path,
    monkeypatch: pytest.MonkeyPatch,
    target: tuple[object, str, BaseException],
) -> None:
    load_with_cache(data, folder=folder)
    owner, name, error = target

    def fail(*args: object, **kwargs: object) -> None:
        raise error

    monkeypatch.setattr(owner, name, fail)
    loaded = load_with_cache(data, folder=folder)
    assert not loaded.hit
    assert loaded.result == load_dataset(data)
    assert loaded.index is not None


@pytest.mark.parametrize(
    "target",
    [(cache, "freeze_head"), (cache, "freeze_event"), (cache_store.CacheStore, "replace")],
)
def test_any_error_while_writing_the_cache_is_silent(
    data: Path, folder: Path, monkeypatch: pytest.MonkeyPatch, target: tuple[object, str]
) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise RuntimeError("unexpected")

    monkeypatch.setattr(*target, fail)
    loaded = load_with_cache(data, folder=folder)
    assert loaded.result == load_dataset(data)
    assert entries(folder) == []
    assert [name for name in os.listdir(folder) if name.endswith(".part")] == []


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_disk_while_writing_is_silent(
    data: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    create = cache_store.CacheStore.create

    def create_on_a_full_disk(self: cache_store.CacheStore, name: str) -> int:
        os.close(create(self, name))
        return os.open("/dev/full", os.O_WRONLY)  # every write: ENOSPC

    monkeypatch.setattr(cache_store.CacheStore, "create", create_on_a_full_disk)
    loaded = load_with_cache(data, folder=folder)
    assert loaded.result == load_dataset(data)
    assert entries(folder) == []
    assert [name for name in os.listdir(folder) if name.endswith(".part")] == []


def test_a_really_full_disk_is_silent(data: Path, small_filesystem: Callable[[str], Path]) -> None:
    mount_point = small_filesystem("size=8k,mode=0700")  # the key fits, an entry does not
    for _ in range(2):
        loaded = load_with_cache(data, folder=mount_point)
        assert not loaded.hit
        assert loaded.result == load_dataset(data)
        assert loaded.warning is None
    assert sorted(os.listdir(mount_point)) == [cache_store.KEY_NAME]


def test_a_read_only_folder_is_silent(data: Path, small_filesystem: Callable[[str], Path]) -> None:
    mount_point = small_filesystem("size=1m,mode=0700")
    load_with_cache(data, folder=mount_point)
    (data / "events" / "more.yaml").write_text("events: []\n")  # the entry is now stale
    command = ["mount", "-o", "remount,ro", str(mount_point)]
    if subprocess.run(command, capture_output=True, check=False).returncode:
        pytest.skip("cannot make the file system read-only")
    for _ in range(2):
        loaded = load_with_cache(data, folder=mount_point)
        assert not loaded.hit
        assert loaded.result == load_dataset(data)
        assert loaded.warning is None


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes anywhere")
def test_a_folder_we_may_not_write_in_is_silent(data: Path, folder: Path) -> None:
    load_with_cache(data, folder=folder)
    (data / "events" / "more.yaml").write_text("events: []\n")
    folder.chmod(0o500)
    try:
        loaded = load_with_cache(data, folder=folder)
    finally:
        folder.chmod(0o700)
    assert not loaded.hit
    assert loaded.result == load_dataset(data)
    assert loaded.warning is None


def test_no_entry_when_the_files_change_during_the_load(
    data: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load = cache.load_dataset

    def load_then_edit(path: Path, **options: object) -> object:
        result = load(path)
        (data / "events" / "more.yaml").write_text("events: []\n")
        return result

    monkeypatch.setattr(cache, "load_dataset", load_then_edit)
    load_with_cache(data, folder=folder)
    assert entries(folder) == []


def test_a_change_to_the_core_code_means_a_fresh_load(
    data: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """New rules or new folding must never be answered by an entry the old code wrote."""
    assert not load_with_cache(data, folder=folder).hit
    assert load_with_cache(data, folder=folder).hit
    monkeypatch.setattr(cache, "_core_code_stamp", lambda: b"another version of the loader")
    assert not load_with_cache(data, folder=folder).hit
