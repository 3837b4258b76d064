"""The dataset cache: used only when nothing changed, and never trusted when anything is off."""

import os
import shutil
from pathlib import Path

import pytest

from briefing_app import paths
from briefing_app.core import cache
from briefing_app.core.cache import cache_folder, load_with_cache
from briefing_app.core.loader import load_dataset
from briefing_app.core.model import Event
from briefing_app.core.search import SearchIndex
from briefing_app.core.tree import make_tree


@pytest.fixture
def data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(paths.sample_dataset(), target)
    return target


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
    thaw = cache._thaw_event

    def counting_thaw(row: tuple[object, ...]) -> Event:
        event = thaw(row)
        decoded.append(event.id)
        return event

    monkeypatch.setattr(cache, "_thaw_event", counting_thaw)
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
