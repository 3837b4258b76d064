"""A validated cache of loaded datasets, so re-opening an unchanged dataset skips reading YAML.

The cache lives in the user's cache folder, never beside the data. An entry is used only if
everything still matches: the app and cache-format version, the same files, and each file's
size, modification time and content hash. Anything else, and anything the least bit wrong with
the entry, means a full load that writes a fresh entry. The cache is only ever a shortcut:
failing to read or write it never fails a load, and no error in it ever reaches the person.

What it promises, and against whom (docs/security.md says it for people):

- The folder is used only if it is this user's and no one else can write in it
  (`cache_store`); otherwise the load goes without a cache and says why (`CachedLoad.warning`).
- An entry is used only if its HMAC verifies under the folder's secret key, so only entries
  this user's viewer wrote are ever decoded: `marshal` never sees bytes that were not verified.
- Even a verified entry is checked for shape before use (`cache_codec`); an event record that
  turns out wrong when first shown makes the files be read instead.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import io
import logging
import marshal
import os
import sys
import threading
from array import array
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Final

from briefing_app import __version__
from briefing_app.core.cache_codec import freeze_event, freeze_head, thaw_head
from briefing_app.core.cache_store import CacheStore, FolderRefused, open_store
from briefing_app.core.loader import LoadProgress, LoadResult, load_dataset
from briefing_app.core.loader_files import display_path, list_dataset
from briefing_app.core.model import Event, Origin
from briefing_app.core.regular_files import open_regular
from briefing_app.core.search import SearchIndex
from briefing_app.core.yamlread import garbage_collector_paused

CACHE_FOLDER_VARIABLE: Final = "BRIEFING_VIEWER_CACHE_DIR"
_FORMAT: Final = 10
_MAGIC: Final = b"BVCACHE\n"
_DIGEST_SIZE: Final = 32  # sha256, for the fingerprint and the HMAC alike
_MAC_AT: Final = len(_MAGIC) + _DIGEST_SIZE
_HEADER: Final = _MAC_AT + _DIGEST_SIZE
_SIZE_BYTES: Final = 8
# An entry runs about twice the size of the dataset's YAML (55 MB for 27 MB at 20,000 events).
# Sixteen times leaves room for datasets of tiny events with long file paths, while a damaged or
# planted file can never make a re-open read more than that multiple of the dataset's own size.
_ENTRY_SIZE_FACTOR: Final = 16
_ENTRY_SIZE_SLACK: Final = 32 * 2**20
_HASH_CHUNK: Final = 2**20
_log = logging.getLogger(__name__)


def cache_folder() -> Path:
    """Where entries go: $BRIEFING_VIEWER_CACHE_DIR, else the platform's user cache folder."""
    chosen = os.environ.get(CACHE_FOLDER_VARIABLE)
    if chosen:
        return Path(chosen)
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local"))
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "briefing-viewer"


@dataclass(frozen=True, slots=True)
class CachedLoad:
    """A load with its search index (None when nothing could be read), whether it came from
    the cache, and why no cache could be used at all (for the window or CLI to show)."""

    result: LoadResult
    index: SearchIndex | None
    hit: bool
    warning: str | None = None


def cache_warning(folder: Path | None = None) -> str | None:
    """Why the cache folder cannot be used, in words for a person; None when it can be (or
    when it merely cannot be written just now, which needs no word)."""
    store, warning = _open(folder or cache_folder())
    if store is not None:
        store.close()
    return warning


def load_with_cache(
    path: Path | str,
    *,
    folder: Path | None = None,
    progress: Callable[[LoadProgress], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> CachedLoad:
    """The dataset at `path` and its search index, from a valid cache entry if there is one."""
    path = Path(path)
    folder = folder or cache_folder()
    # Reading, loading and writing an entry all make millions of objects and no cycles: with
    # the collector running, its passes over them cost seconds, and one left due lands on the
    # first filter update afterwards.
    with garbage_collector_paused():
        store, warning = _open(folder)
        try:
            slot = None if store is None else _slot(store, path)
            if slot is not None:
                cached = _read(slot, _Reload(path, folder, slot.name))
                if cached is not None:
                    return cached
            return replace(_load_files(path, slot, progress, cancelled), warning=warning)
        finally:
            if store is not None:
                store.close()


def _open(folder: Path) -> tuple[CacheStore | None, str | None]:
    """The checked cache folder, or None and (if the folder is refused) why, for a person."""
    try:
        return open_store(folder), None
    except FolderRefused as refusal:
        _log.info("not using the cache: %s", refusal)
        return None, str(refusal)
    except Exception:
        _log.info("no cache: the folder cannot be used", exc_info=True)
        return None, None


def _load_files(
    path: Path,
    slot: _Slot | None,
    progress: Callable[[LoadProgress], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> CachedLoad:
    """A full load, stored as a fresh entry when the files did not change while it ran."""
    result = load_dataset(path, progress=progress, cancelled=cancelled)
    index = None if result.dataset is None else SearchIndex(result.dataset)
    if slot is not None and index is not None:
        try:
            # The load read the files again: an entry is only as good as their being the same.
            if _fingerprint(path) == slot.fingerprint:
                _write(slot, result, index)
        except Exception:
            _log.info("cache entry %s not written", slot.name, exc_info=True)
    return CachedLoad(result, index, hit=False)


@dataclass(frozen=True, slots=True)
class _Slot:
    """Where a dataset's entry lives, and what it must match to be used."""

    store: CacheStore
    name: str
    fingerprint: _Fingerprint


def _slot(store: CacheStore, path: Path) -> _Slot | None:
    """The dataset's entry slot; None (no cache this time) if its files cannot all be read."""
    try:
        fingerprint = _fingerprint(path)
        if fingerprint is None:
            return None
        return _Slot(store, _entry_name(path), fingerprint)
    except Exception:
        _log.info("no cache for %s", path, exc_info=True)
        return None


def _entry_name(path: Path) -> str:
    """One entry per dataset, as the person named it (messages keep their spelling of it).

    Names are hashed as the bytes the OS holds, so names that are not UTF-8 work too."""
    key = os.fsencode(path) + b"\0" + os.fsencode(path.resolve())
    return f"{hashlib.sha256(key).hexdigest()[:32]}.cache"


@dataclass(frozen=True, slots=True)
class _Fingerprint:
    """What an entry must match to be used, and the files' total size (which caps the
    entry's)."""

    digest: bytes
    size: int


@functools.cache
def _core_code_stamp() -> bytes:
    """A hash of the core's own code: an entry holds what the loader, its rules and the search
    index made of the files, so any change to them (a new rule, another folding) must mean a
    fresh load, whether or not someone remembered to raise _FORMAT."""
    digest = hashlib.sha256()
    for module in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(module.name.encode() + b"\0" + module.read_bytes())
    return digest.digest()


def _fingerprint(path: Path) -> _Fingerprint | None:
    """Version, files, sizes, times and content hashes; None when there are no files. Raises
    when they cannot all be read as regular files (then the load says what is wrong)."""
    digest = hashlib.sha256(f"{__version__}\0{_FORMAT}\0".encode() + _core_code_stamp())
    if path.is_dir():
        listing = list_dataset(path)
        files = [file.path for file in listing.files]
        # What listing found wrong (an unreadable folder, a link out) is part of the result.
        for problem in listing.problems:
            digest.update(str(problem).encode("utf-8", "surrogatepass") + b"\0")
    else:
        files = [path] if path.is_file() else []
    if not files:
        return None
    # Hashing releases the interpreter lock, so the files are hashed side by side.
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        stamps = list(pool.map(_file_stamp, files))
    for stamp, _ in stamps:
        digest.update(stamp)
    return _Fingerprint(digest.digest(), sum(size for _, size in stamps))


def _file_stamp(file: Path) -> tuple[bytes, int]:
    """A file's name (as bytes), size, modification time and content hash, and its size.

    The file is checked to be a regular file on the opened descriptor, so a FIFO or device
    swapped in never blocks, and only as many bytes as it had are read."""
    handle = open_regular(file, follow_links=True)
    try:
        status = os.fstat(handle)
        content, left = hashlib.sha256(), status.st_size
        buffer = bytearray(min(_HASH_CHUNK, left))
        with io.FileIO(handle, "rb", closefd=False) as source, memoryview(buffer) as view:
            while left:
                count = source.readinto(view[: min(left, len(view))])
                if not count:
                    raise OSError(f"shrank while read: {file!r}")
                content.update(view[:count])
                left -= count
    finally:
        os.close(handle)
    times = f"\0{status.st_size}\0{status.st_mtime_ns}\0".encode()
    return os.fsencode(file) + times + content.digest(), status.st_size


# An entry: magic, fingerprint, HMAC (of the magic, the fingerprint and all that follows), the
# events' records one after another, then the head (everything else, marshalled) and the head's
# size in 8 bytes. The records come first so that they can be written one by one, never all held
# in memory at once.


def _read(slot: _Slot, reload: _Reload) -> CachedLoad | None:
    """The entry, if it is there, verified and well formed; None (a miss) for anything else."""
    store, name, fingerprint = slot.store, slot.name, slot.fingerprint
    try:
        limit = _ENTRY_SIZE_FACTOR * fingerprint.size + _ENTRY_SIZE_SLACK
        data = store.read(name, limit)
        if data is None or len(data) < _HEADER + _SIZE_BYTES:
            return None
        view = memoryview(data)
        if view[:_MAC_AT] != _MAGIC + fingerprint.digest:
            return None
        mac = store.mac()
        mac.update(view[:_MAC_AT])
        mac.update(view[_HEADER:])
        if not hmac.compare_digest(mac.digest(), bytes(view[_MAC_AT:_HEADER])):
            return None
        # From here on the bytes are this user's viewer's own; they are still checked.
        head_start = len(data) - _SIZE_BYTES - int.from_bytes(view[-_SIZE_BYTES:], "little")
        if head_start < _HEADER:
            return None
        head = marshal.loads(view[head_start:-_SIZE_BYTES])
        records = memoryview(bytes(view[_HEADER:head_start]))
        result, index = thaw_head(head, records, reload)
    except Exception:
        _log.info("cache entry %s not used", name, exc_info=True)
        return None
    return CachedLoad(result, index, hit=True)


def _write(slot: _Slot, result: LoadResult, index: SearchIndex) -> None:
    """Write the entry beside its final name, then rename it there: a planted link is replaced,
    never followed, and a failure (a full disk, a read-only folder) leaves no trace."""
    assert result.dataset is not None
    store, name, fingerprint = slot.store, slot.name, slot.fingerprint
    temporary = store.temporary_name()
    try:
        handle = store.create(temporary)
    except OSError:
        _log.info("cache entry %s not written", name, exc_info=True)
        return  # nothing was made, so nothing is removed (not even a link planted there)
    try:
        with open(handle, "wb") as output:
            output.write(_MAGIC + fingerprint.digest + bytes(_DIGEST_SIZE))
            mac = store.mac()
            mac.update(_MAGIC + fingerprint.digest)
            ends, written = array("Q"), 0
            for event in result.dataset.events.values():
                record = marshal.dumps(freeze_event(event))
                output.write(record)
                mac.update(record)
                written += len(record)
                ends.append(written)
            head = marshal.dumps(freeze_head(result, index, ends.tobytes()))
            for part in (head, len(head).to_bytes(_SIZE_BYTES, "little")):
                output.write(part)
                mac.update(part)
            output.seek(_MAC_AT)
            output.write(mac.digest())
        store.replace(temporary, name)
    except Exception:
        _log.info("cache entry %s not written", name, exc_info=True)
        store.unlink(temporary)


class _Reload:
    """Where a cached event goes when its record turns out wrong: the files, read in full once
    (and a fresh entry written over the bad one), so a bad record costs a load, never a crash."""

    __slots__ = ("_events", "_folder", "_lock", "_name", "_path")

    def __init__(self, path: Path, folder: Path, name: str) -> None:
        self._path, self._folder, self._name = path, folder, name
        self._lock = threading.Lock()
        self._events: Mapping[str, Event] | None = None

    def __call__(self, event_id: str, title: str) -> Event:
        with self._lock:
            if self._events is None:
                self._events = self._load()
        event = self._events.get(event_id)
        return event if event is not None else _unreadable_event(event_id, title, self._path)

    def _load(self) -> Mapping[str, Event]:
        shown = display_path(self._path)
        _log.warning("a cached event of %s did not decode: reading the files", shown)
        store = None
        try:
            with garbage_collector_paused():
                store, _ = _open(self._folder)
                if store is not None:
                    store.unlink(self._name)
                slot = None if store is None else _slot(store, self._path)
                fresh = _load_files(self._path, slot)
            return {} if fresh.result.dataset is None else fresh.result.dataset.events
        except Exception:
            _log.info("the files of %s could not be read either", shown, exc_info=True)
            return {}
        finally:
            if store is not None:
                store.close()


def _unreadable_event(event_id: str, title: str, path: Path) -> Event:
    """An honest stand-in for an event that neither the cache nor the files can give now."""
    summary = "This event could not be read: reopen the dataset to see it."
    return Event(
        *(event_id, title, None, None, summary, (), (), (), "reported", None, (), (), (), ()),
        *((), Origin(str(path), 0, 0)),
    )
