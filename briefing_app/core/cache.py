"""A validated cache of loaded datasets, so re-opening an unchanged dataset skips reading YAML.

The cache lives in the user's cache folder, never beside the data. An entry is used only if
everything still matches: the app and cache-format version, the same files, and each file's
size, modification time and content hash. Anything else, and anything the least bit wrong with
the entry (a bad checksum, a decoding error), means a full load that writes a fresh entry. The
cache is only ever a shortcut: failing to read or write it never fails a load.

Entries are `marshal`ed plain tuples behind a checksum. Unlike pickle, marshal cannot run code;
the checksum keeps a damaged file from ever being decoded.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
import tempfile
from collections.abc import Callable
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
    Figure,
    Origin,
    Place,
    Quote,
    Source,
)
from briefing_app.core.problems import Problem
from briefing_app.core.yamlread import garbage_collector_paused

CACHE_FOLDER_VARIABLE: Final = "BRIEFING_VIEWER_CACHE_DIR"
_FORMAT: Final = 1
_MAGIC: Final = b"BVCACHE\n"


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


def load_with_cache(
    path: Path | str,
    *,
    folder: Path | None = None,
    progress: Callable[[LoadProgress], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> tuple[LoadResult, bool]:
    """The dataset at `path`, from a valid cache entry if there is one; and whether it was."""
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
                return cached, True
        result = load_dataset(path, progress=progress, cancelled=cancelled)
        if result.dataset is not None and fingerprint is not None:
            _write(entry, fingerprint, result)
    return result, False


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
        digest = hashlib.blake2b(f"{__version__}\0{_FORMAT}\0".encode())
        for file in files:
            status = file.stat()
            digest.update(f"{file}\0{status.st_size}\0{status.st_mtime_ns}\0".encode())
            digest.update(hashlib.blake2b(file.read_bytes()).digest())
    except OSError:
        return None
    return digest.digest()


def _read(entry: Path, fingerprint: bytes) -> LoadResult | None:
    try:
        data = entry.read_bytes()
    except OSError:
        return None
    header = len(_MAGIC) + len(fingerprint) + 64
    if len(data) < header or not data.startswith(_MAGIC):
        return None
    stored_fingerprint = data[len(_MAGIC) : len(_MAGIC) + len(fingerprint)]
    checksum = data[len(_MAGIC) + len(fingerprint) : header]
    payload = data[header:]
    if stored_fingerprint != fingerprint or hashlib.blake2b(payload).digest() != checksum:
        return None
    try:
        return _thaw(marshal.loads(payload))
    except (ValueError, EOFError, TypeError, IndexError, KeyError):
        return None  # not what this version writes: load the files instead


def _write(entry: Path, fingerprint: bytes, result: LoadResult) -> None:
    try:
        payload = marshal.dumps(_freeze(result))
        # Entries hold copies of briefings: the folder and each file are the user's alone.
        entry.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=".", suffix=".part", dir=entry.parent)
        with os.fdopen(handle, "wb") as output:
            output.write(_MAGIC + fingerprint + hashlib.blake2b(payload).digest() + payload)
        os.replace(name, entry)
    except (OSError, ValueError):
        pass  # a cache that cannot be written only means the next open reads the files


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


def _freeze(result: LoadResult) -> tuple[Any, ...]:
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
        tuple(_freeze_event(event) for event in dataset.events.values()),
        dataset.files,
        tuple((parent, children) for parent, children in dataset.children.items()),
        tuple((p.path, p.line, p.col, p.severity, p.message, p.rule) for p in result.problems),
        result.files,
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


def _thaw(data: tuple[Any, ...]) -> LoadResult:
    info, sources, actors, places, events, files, children, problems, result_files = data
    title, description, language, updated, marking, origin = info
    thawed_events = {}
    for row in events:
        (
            event_id,
            title_,
            date,
            parent,
            summary,
            event_actors,
            event_places,
            tags,
            status,
            credibility,
            event_sources,
            figures,
            quotes,
            disputes,
            related,
            event_origin,
        ) = row
        thawed_events[event_id] = Event(
            event_id,
            title_,
            _thaw_date(date),
            parent,
            summary,
            tuple(EventActor(*actor) for actor in event_actors),
            event_places,
            tags,
            status,
            credibility,
            event_sources,
            tuple(Figure(*((*f[:9], Origin(*f[9])))) for f in figures),
            tuple(
                Quote(q[0], q[1], q[2], q[3], _thaw_date(q[4]), q[5], q[6], Origin(*q[7]))
                for q in quotes
            ),
            tuple(Dispute(*((*d[:5], Origin(*d[5])))) for d in disputes),
            related,
            Origin(*event_origin),
        )
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
        events=MappingProxyType(thawed_events),
        files=files,
        children=MappingProxyType(dict(children)),
    )
    return LoadResult(dataset, tuple(Problem(*p) for p in problems), result_files)
