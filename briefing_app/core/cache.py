"""A validated cache of loaded datasets, so re-opening an unchanged dataset skips reading YAML.

The cache lives in the user's cache folder, never beside the data. An entry is used only if
everything still matches: the app and cache-format version, the same files, and each file's
size, modification time and content hash. Anything else, and anything the least bit wrong with
the entry (a bad checksum, a decoding error), means a full load that writes a fresh entry. The
cache is only ever a shortcut: failing to read or write it never fails a load.

Entries are `marshal`ed plain tuples behind a checksum. Unlike pickle, marshal cannot run code;
the checksum keeps a damaged file from ever being decoded. An entry holds the search index too,
and each event as its own small record decoded on first use, so that re-opening 50,000 events
builds almost nothing before the window can show them.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
import tempfile
from array import array
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, Final

from briefing_app import __version__
from briefing_app.core.edtf import DatePoint, EdtfDate
from briefing_app.core.loader import (
    LoadProgress,
    LoadResult,
    dataset_files,
    load_dataset,
)
from briefing_app.core.model import (
    Actor,
    Dataset,
    DatasetInfo,
    Dispute,
    Event,
    EventActor,
    EventTable,
    Figure,
    Origin,
    Place,
    Quote,
    Source,
)
from briefing_app.core.problems import Problem
from briefing_app.core.search import IndexState, SearchIndex
from briefing_app.core.yamlread import garbage_collector_paused

CACHE_FOLDER_VARIABLE: Final = "BRIEFING_VIEWER_CACHE_DIR"
_FORMAT: Final = 3
_MAGIC: Final = b"BVCACHE\n"
_CHECKSUM_SIZE: Final = 32  # sha256


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
    """A load with its search index (None when nothing could be read), and whether it came from
    the cache."""

    result: LoadResult
    index: SearchIndex | None
    hit: bool


def load_with_cache(
    path: Path | str,
    *,
    folder: Path | None = None,
    progress: Callable[[LoadProgress], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> CachedLoad:
    """The dataset at `path` and its search index, from a valid cache entry if there is one."""
    path = Path(path)
    entry = _entry_path(folder or cache_folder(), path)
    # Reading, loading and writing an entry all make millions of objects and no cycles: with
    # the collector running, its passes over them cost seconds, and one left due lands on the
    # first filter update afterwards.
    with garbage_collector_paused():
        fingerprint = _fingerprint(path)
        if fingerprint is not None:
            cached = _read(entry, fingerprint)
            if cached is not None:
                return cached
        result = load_dataset(path, progress=progress, cancelled=cancelled)
        index = None if result.dataset is None else SearchIndex(result.dataset)
        if index is not None and fingerprint is not None:
            _write(entry, fingerprint, result, index)
    return CachedLoad(result, index, hit=False)


def _entry_path(folder: Path, path: Path) -> Path:
    """One entry per dataset, as the person named it (messages keep their spelling of it)."""
    key = f"{path}\0{path.resolve()}".encode()
    return folder / f"{hashlib.sha256(key).hexdigest()[:32]}.cache"


def _fingerprint(path: Path) -> bytes | None:
    """Version, files, sizes, times and content hashes: what an entry must match to be used."""
    try:
        files = dataset_files(path) if path.is_dir() else [path] if path.is_file() else []
        if not files:
            return None
        # Hashing releases the interpreter lock, so the files are hashed side by side.
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            stamps = list(pool.map(_file_stamp, files))
    except OSError:
        return None
    digest = hashlib.sha256(f"{__version__}\0{_FORMAT}\0".encode())
    for stamp in stamps:
        digest.update(stamp)
    return digest.digest()


def _file_stamp(file: Path) -> bytes:
    """A file's path, size, modification time and content hash, as bytes to hash."""
    status = file.stat()
    content = hashlib.sha256(file.read_bytes()).digest()
    return f"{file}\0{status.st_size}\0{status.st_mtime_ns}\0".encode() + content


# An entry: magic, fingerprint, checksum (sha256 of all that follows), the events' records one
# after another, then the head (everything else, marshalled) and the head's size in 8 bytes. The
# records come first so that they can be written one by one, never all held in memory at once.
_SIZE_BYTES: Final = 8


def _read(entry: Path, fingerprint: bytes) -> CachedLoad | None:
    try:
        data = entry.read_bytes()
    except OSError:
        return None
    header = len(_MAGIC) + len(fingerprint) + _CHECKSUM_SIZE
    if len(data) < header + _SIZE_BYTES or not data.startswith(_MAGIC):
        return None
    view = memoryview(data)
    stored_fingerprint = view[len(_MAGIC) : len(_MAGIC) + len(fingerprint)]
    checksum = view[len(_MAGIC) + len(fingerprint) : header]
    if stored_fingerprint != fingerprint or hashlib.sha256(view[header:]).digest() != checksum:
        return None
    head_start = len(data) - _SIZE_BYTES - int.from_bytes(view[-_SIZE_BYTES:], "little")
    if head_start < header:
        return None
    try:
        head = marshal.loads(view[head_start:-_SIZE_BYTES])
        return _thaw(head, bytes(view[header:head_start]))
    except (ValueError, EOFError, TypeError, IndexError, KeyError):
        return None  # not what this version writes: load the files instead


def _write(entry: Path, fingerprint: bytes, result: LoadResult, index: SearchIndex) -> None:
    assert result.dataset is not None
    try:
        # Entries hold copies of briefings: the folder and each file are the user's alone.
        entry.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=".", suffix=".part", dir=entry.parent)
    except OSError:
        return  # a cache that cannot be written only means the next open reads the files
    try:
        with os.fdopen(handle, "wb") as output:
            output.write(_MAGIC + fingerprint + bytes(_CHECKSUM_SIZE))
            digest = hashlib.sha256()
            ends, written = array("Q"), 0
            for event in result.dataset.events.values():
                record = marshal.dumps(_freeze_event(event))
                output.write(record)
                digest.update(record)
                written += len(record)
                ends.append(written)
            head = marshal.dumps(_freeze(result, index, ends.tobytes()))
            for part in (head, len(head).to_bytes(_SIZE_BYTES, "little")):
                output.write(part)
                digest.update(part)
            output.seek(len(_MAGIC) + len(fingerprint))
            output.write(digest.digest())
        os.replace(name, entry)
    except (OSError, ValueError):
        Path(name).unlink(missing_ok=True)


# -- plain tuples to and from the domain ------------------------------------------------------


def _origin(origin: Origin) -> tuple[str, int, int]:
    return (origin.path, origin.line, origin.col)


def _point(point: DatePoint | None) -> tuple[int, int, int, bool, bool] | None:
    if point is None:
        return None
    return (point.year, point.month or 0, point.day or 0, point.uncertain, point.approximate)


def _date(date: EdtfDate | None) -> tuple[Any, ...] | None:
    if date is None:
        return None
    return (
        date.text,
        _point(date.start),
        _point(date.end),
        date.is_interval,
        date.lower,
        date.upper,
    )


def _freeze(result: LoadResult, index: SearchIndex, record_ends: bytes) -> tuple[Any, ...]:
    """Everything but the events' own records, which `record_ends` locates."""
    dataset = result.dataset
    assert dataset is not None
    info = dataset.info
    return (
        (
            info.title,
            info.description,
            info.language,
            _date(info.updated),
            info.marking,
            _origin(info.origin),
        ),
        tuple(
            (
                s.id,
                s.kind,
                s.title,
                s.publisher,
                s.author,
                _date(s.published),
                _date(s.retrieved),
                s.url,
                s.reliability,
                s.reliability_note,
                _origin(s.origin),
            )
            for s in dataset.sources.values()
        ),
        tuple(
            (a.id, a.name, a.kind, a.title, a.affiliation, a.country, a.aliases, _origin(a.origin))
            for a in dataset.actors.values()
        ),
        tuple(
            (p.id, p.name, p.kind, p.country, p.aliases, p.latitude, p.longitude, _origin(p.origin))
            for p in dataset.places.values()
        ),
        dataset.files,
        tuple((parent, children) for parent, children in dataset.children.items()),
        tuple((p.path, p.line, p.col, p.severity, p.message, p.rule) for p in result.problems),
        result.files,
        tuple(dataset.events),
        tuple(dataset.events.title(event_id) for event_id in dataset.events),
        record_ends,
        tuple(index.state),
    )


def _freeze_event(e: Event) -> tuple[Any, ...]:
    return (
        e.id,
        e.title,
        _date(e.date),
        e.parent,
        e.summary,
        tuple((a.actor, a.role) for a in e.actors),
        e.places,
        e.tags,
        e.status,
        e.credibility,
        e.sources,
        tuple(
            (
                f.label,
                f.value,
                f.low,
                f.high,
                f.unit,
                f.qualifier,
                f.estimated_by,
                f.source,
                f.locator,
                _origin(f.origin),
            )
            for f in e.figures
        ),
        tuple(
            (
                q.text,
                q.mode,
                q.speaker,
                q.speaker_role,
                _date(q.said),
                q.source,
                q.locator,
                _origin(q.origin),
            )
            for q in e.quotes
        ),
        tuple(
            (d.by, d.stance, d.summary, d.source, d.locator, _origin(d.origin)) for d in e.disputes
        ),
        e.related,
        _origin(e.origin),
    )


def _thaw_point(point: tuple[int, int, int, bool, bool] | None) -> DatePoint | None:
    if point is None:
        return None
    year, month, day, uncertain, approximate = point
    return DatePoint(year, month or None, day or None, uncertain, approximate)


def _thaw_date(date: tuple[Any, ...] | None) -> EdtfDate | None:
    if date is None:
        return None
    text, start, end, is_interval, lower, upper = date
    return EdtfDate(text, _thaw_point(start), _thaw_point(end), is_interval, lower, upper)


def _thaw_event(row: tuple[Any, ...]) -> Event:
    (
        event_id,
        title,
        date,
        parent,
        summary,
        actors,
        places,
        tags,
        status,
        credibility,
        sources,
        figures,
        quotes,
        disputes,
        related,
        origin,
    ) = row
    return Event(
        event_id,
        title,
        _thaw_date(date),
        parent,
        summary,
        tuple(EventActor(*actor) for actor in actors),
        places,
        tags,
        status,
        credibility,
        sources,
        tuple(Figure(*((*f[:9], Origin(*f[9])))) for f in figures),
        tuple(
            Quote(q[0], q[1], q[2], q[3], _thaw_date(q[4]), q[5], q[6], Origin(*q[7]))
            for q in quotes
        ),
        tuple(Dispute(*((*d[:5], Origin(*d[5])))) for d in disputes),
        related,
        Origin(*origin),
    )


def _thaw(data: tuple[Any, ...], records: bytes) -> CachedLoad:
    (
        info,
        sources,
        actors,
        places,
        files,
        children,
        problems,
        result_files,
        event_ids,
        titles,
        record_ends,
        index_state,
    ) = data
    title, description, language, updated, marking, origin = info
    ends = array("Q", record_ends)
    if len(ends) != len(event_ids) or len(titles) != len(event_ids):
        raise ValueError("the records do not match the events")
    view = memoryview(records)

    def decode(position: int) -> Event:
        start = ends[position - 1] if position else 0
        return _thaw_event(marshal.loads(view[start : ends[position]]))

    dataset = Dataset(
        info=DatasetInfo(
            title, description, language, _thaw_date(updated), marking, Origin(*origin)
        ),
        sources=MappingProxyType(
            {
                s[0]: Source(
                    *((*s[:5], _thaw_date(s[5]), _thaw_date(s[6]), *s[7:10], Origin(*s[10])))
                )
                for s in sources
            }
        ),
        actors=MappingProxyType({a[0]: Actor(*((*a[:7], Origin(*a[7])))) for a in actors}),
        places=MappingProxyType({p[0]: Place(*((*p[:7], Origin(*p[7])))) for p in places}),
        events=EventTable.deferred(event_ids, titles, decode),
        files=files,
        children=MappingProxyType(dict(children)),
    )
    result = LoadResult(dataset, tuple(Problem(*p) for p in problems), result_files)
    return CachedLoad(result, SearchIndex(dataset, IndexState(*index_state)), hit=True)
