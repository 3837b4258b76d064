"""The dataset cache: used only when nothing changed, and never trusted when anything is off."""

import os
import shutil
from pathlib import Path

import pytest

from briefing_app import paths
from briefing_app.core import cache
from briefing_app.core.cache import cache_folder, load_with_cache
from briefing_app.core.loader import load_dataset


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
    first, hit = load_with_cache(data, folder=folder)
    assert not hit
    assert len(entries(folder)) == 1
    second, hit = load_with_cache(data, folder=folder)
    assert hit
    full = load_dataset(data)
    assert second == full  # the very same dataset, problems and files
    assert first == full


def test_problems_come_back_from_the_cache(tmp_path: Path, folder: Path) -> None:
    path = tmp_path / "d.yaml"
    path.write_text(
        "dataset: {title: T}\nsources:\n  - {id: s, kind: article, title: S, reliability: B}\n"
        "events:\n  - {id: e, title: E, sources: [s], parent: ghost}\n"
    )
    load_with_cache(path, folder=folder)
    cached, hit = load_with_cache(path, folder=folder)
    assert hit
    assert [p.rule for p in cached.problems] == ["unresolved-reference"]


def test_never_used_when_one_byte_changed(data: Path, folder: Path) -> None:
    load_with_cache(data, folder=folder)
    events = data / "events" / "ukraine-north.yaml"
    status = events.stat()
    content = events.read_bytes()
    events.write_bytes(content.replace(b"Ukraine's northern", b"Ukraine's Northern", 1))
    os.utime(events, ns=(status.st_atime_ns, status.st_mtime_ns))  # same size, same time
    result, hit = load_with_cache(data, folder=folder)
    assert not hit
    assert result.dataset is not None
    assert result.dataset.events["ukraine-north-2022-2024"].title == "Ukraine's Northern defences"


@pytest.mark.parametrize("change", ["add", "remove"])
def test_never_used_when_files_come_or_go(data: Path, folder: Path, change: str) -> None:
    load_with_cache(data, folder=folder)
    if change == "add":
        (data / "events" / "more.yaml").write_text("events: []\n")
    else:
        (data / "events" / "ukraine-north.yaml").unlink()
    assert not load_with_cache(data, folder=folder)[1]


def test_another_version_of_the_app_rebuilds(
    data: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_with_cache(data, folder=folder)
    monkeypatch.setattr(cache, "__version__", "99.0")
    assert not load_with_cache(data, folder=folder)[1]
    assert load_with_cache(data, folder=folder)[1]  # rebuilt for this version


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
    result, hit = load_with_cache(data, folder=folder)
    assert not hit
    assert result == load_dataset(data)
    assert load_with_cache(data, folder=folder)[1]


def test_a_cache_that_cannot_be_written_does_not_matter(data: Path, tmp_path: Path) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder should be")
    result, hit = load_with_cache(data, folder=blocked)
    assert not hit
    assert result.dataset is not None


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
    result, hit = load_with_cache(tmp_path / "missing", folder=folder)
    assert (result.dataset, hit) == (None, False)
    assert entries(folder) == []


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_entries_are_private(data: Path, folder: Path) -> None:
    load_with_cache(data, folder=folder)
    assert folder.stat().st_mode & 0o777 == 0o700
    (entry,) = entries(folder)
    assert entry.stat().st_mode & 0o777 == 0o600
