"""Whatever sits at an entry's path (a FIFO, a link to a device or to another file, a folder, a
huge file, another user's file), re-opening never hangs, never runs out of memory and never
writes through it: it is a cache miss, and the fresh entry replaces it."""

from __future__ import annotations

import os
import signal
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefing_app.core import cache, cache_store
from briefing_app.core.cache import load_with_cache
from briefing_app.core.loader import load_dataset

pytestmark = pytest.mark.skipif(os.name != "posix", reason="FIFOs, links and POSIX modes")


@pytest.fixture
def data(sample_copy: Path) -> Path:
    return sample_copy


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    made = tmp_path / "cache"
    made.mkdir(mode=0o700)
    return made


@pytest.fixture(autouse=True)
def no_hang() -> Iterator[None]:
    """A test that would block for ever fails after 20 s instead."""

    def timeout(signum: int, frame: object) -> None:
        raise TimeoutError("the cache blocked")

    previous = signal.signal(signal.SIGALRM, timeout)
    signal.setitimer(signal.ITIMER_REAL, 20)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def entry_path(data: Path, folder: Path) -> Path:
    name = cache._entry_name(data)
    assert name is not None
    return folder / name


def assert_miss_then_rebuilt(data: Path, folder: Path) -> None:
    loaded = load_with_cache(data, folder=folder)
    assert not loaded.hit
    assert loaded.result == load_dataset(data)
    entry = entry_path(data, folder)
    assert stat.S_ISREG(entry.lstat().st_mode)  # the fresh entry replaced what was there
    assert load_with_cache(data, folder=folder).hit
    assert not [name for name in os.listdir(folder) if name.endswith(".part")]


def test_a_fifo_at_an_entry_is_a_miss_and_never_blocks(data: Path, folder: Path) -> None:
    os.mkfifo(entry_path(data, folder))
    assert_miss_then_rebuilt(data, folder)


def test_a_link_to_dev_zero_is_a_miss_not_a_memory_error(data: Path, folder: Path) -> None:
    entry_path(data, folder).symlink_to("/dev/zero")
    assert_miss_then_rebuilt(data, folder)


def test_a_link_to_a_good_entry_is_not_followed(data: Path, folder: Path, tmp_path: Path) -> None:
    load_with_cache(data, folder=folder)
    entry = entry_path(data, folder)
    elsewhere = tmp_path / "elsewhere.cache"
    entry.rename(elsewhere)
    entry.symlink_to(elsewhere)
    assert_miss_then_rebuilt(data, folder)


def test_writing_never_goes_through_a_planted_link(
    data: Path, folder: Path, tmp_path: Path
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    entry_path(data, folder).symlink_to(victim)
    assert_miss_then_rebuilt(data, folder)
    assert victim.read_text() == "precious"


def test_a_link_planted_at_a_temporary_name_is_not_written_through(
    data: Path, folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    (folder / ".planted.part").symlink_to(victim)
    monkeypatch.setattr(cache_store.CacheStore, "temporary_name", lambda self: ".planted.part")
    loaded = load_with_cache(data, folder=folder)  # O_EXCL: the write fails, silently
    assert loaded.result == load_dataset(data)
    assert victim.read_text() == "precious"


def test_a_folder_at_an_entry_is_a_miss(data: Path, folder: Path) -> None:
    entry_path(data, folder).mkdir()
    loaded = load_with_cache(data, folder=folder)  # and cannot be replaced: still no crash
    assert not loaded.hit
    assert loaded.result == load_dataset(data)
    assert not load_with_cache(data, folder=folder).hit


def test_an_entry_far_larger_than_the_dataset_is_not_read(
    data: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    entry = entry_path(data, folder)
    with entry.open("wb") as output:
        output.truncate(2**40)  # a terabyte, sparse: reading it would never end well
    read = cache_store.os.read
    sizes: list[int] = []

    def counting_read(handle: int, size: int) -> bytes:
        sizes.append(size)
        return read(handle, size)

    monkeypatch.setattr(cache_store.os, "read", counting_read)
    assert not load_with_cache(data, folder=folder).hit
    assert all(size < 2**30 for size in sizes)
    assert entry_path(data, folder).stat().st_size < 2**30  # replaced by a fresh entry
    assert load_with_cache(data, folder=folder).hit


def test_the_size_cap_follows_the_dataset(
    data: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_with_cache(data, folder=folder)
    size = entry_path(data, folder).stat().st_size
    monkeypatch.setattr(cache, "_ENTRY_SIZE_SLACK", 0)
    monkeypatch.setattr(cache, "_ENTRY_SIZE_FACTOR", 1)  # smaller than this entry
    data_bytes = sum(file.stat().st_size for file in data.rglob("*.yaml"))
    assert size > data_bytes
    assert not load_with_cache(data, folder=folder).hit


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file away")
def test_an_entry_of_another_user_is_a_miss(data: Path, folder: Path) -> None:
    load_with_cache(data, folder=folder)
    os.chown(entry_path(data, folder), 65534, 65534)
    assert_miss_then_rebuilt(data, folder)


def test_entries_and_key_are_private_whatever_the_umask(data: Path, folder: Path) -> None:
    old = os.umask(0)
    try:
        load_with_cache(data, folder=folder)
    finally:
        os.umask(old)
    assert stat.S_IMODE(entry_path(data, folder).stat().st_mode) == 0o600
    assert stat.S_IMODE((folder / cache_store.KEY_NAME).stat().st_mode) == 0o600


@pytest.mark.parametrize("plant", ["fifo", "dev-zero", "link", "public", "short", "folder"])
def test_a_bad_key_is_never_followed_and_replaced_when_it_can_be(
    data: Path, folder: Path, tmp_path: Path, plant: str
) -> None:
    key = folder / cache_store.KEY_NAME
    victim = tmp_path / "victim.key"
    victim.write_bytes(b"k" * cache_store.KEY_SIZE)
    if plant == "fifo":
        os.mkfifo(key)
    elif plant == "dev-zero":
        key.symlink_to("/dev/zero")
    elif plant == "link":
        key.symlink_to(victim)
    elif plant == "public":
        key.write_bytes(b"k" * cache_store.KEY_SIZE)
        key.chmod(0o644)
    elif plant == "short":
        key.write_bytes(b"k")
    else:
        key.mkdir()
    loaded = load_with_cache(data, folder=folder)
    assert loaded.result == load_dataset(data)
    assert victim.read_bytes() == b"k" * cache_store.KEY_SIZE
    if plant == "folder":
        assert not load_with_cache(data, folder=folder).hit  # no key, no cache; no crash
        return
    assert stat.S_ISREG(key.lstat().st_mode)
    assert stat.S_IMODE(key.lstat().st_mode) == 0o600
    assert key.read_bytes() != b"k" * cache_store.KEY_SIZE  # a fresh random key
    assert load_with_cache(data, folder=folder).hit


def test_one_key_per_folder_kept_across_opens(data: Path, folder: Path) -> None:
    load_with_cache(data, folder=folder)
    key = (folder / cache_store.KEY_NAME).read_bytes()
    assert len(key) == cache_store.KEY_SIZE
    assert load_with_cache(data, folder=folder).hit
    assert (folder / cache_store.KEY_NAME).read_bytes() == key
