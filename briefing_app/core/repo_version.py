"""The version stamp on every sheet: a hash of the data's files, and the git commit they match.

Nothing is run to make it. The commit comes from HEAD as `gitread` reads it, and `+changes`
from comparing each dataset file's bytes with the blob that HEAD's tree holds for its path: that
needs neither git's index nor its filters, so a dataset's `.git/config` has nothing to run.
The stamp names a commit only when the comparison could be made; in doubt it shows none.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Final

from briefing_app.core.gitpack import GitReadError
from briefing_app.core.gitread import (
    MAX_ENTRIES,
    ObjectStore,
    Repository,
    find_repository,
    head_commit,
)
from briefing_app.core.loader import YAML_SUFFIXES, dataset_files
from briefing_app.core.regular_files import open_regular

SHORT_COMMIT: Final = 10
MAX_WALKED: Final = MAX_ENTRIES  # entries walked below the dataset (a subtree may recur)
_REGULAR_MODES: Final = (b"100644", b"100755", b"100664")
_LINK_MODE: Final = b"120000"
_TREE_MODES: Final = (b"40000", b"040000")
_FILE_MODES: Final = (*_REGULAR_MODES, _LINK_MODE)

BlobIds = dict[Path, bytes | None]  # each file's id as a blob, None if it could not be read


def dataset_version(files: Sequence[str], location: Path | None = None) -> str:
    """`data 1a2b3c4d5e6f`: a hash of every file's name and bytes; then `, git 0123456789`
    when the files are committed in a git repository, `+changes` when they differ from HEAD.

    `location` is the dataset as opened (its folder or its file); given it, the files are found
    as the loader finds them, by paths that open whatever their names (the names a dataset
    shows are escaped), and files committed in the folder but not there count as changes."""
    folder = location if location is not None and location.is_dir() else None
    paths = sorted(_data_paths(files, location), key=str)
    root = folder or (paths[0].parent if paths else Path())
    found = _head(root) if paths else None
    algorithm = "sha1" if found is None or len(found[1]) == 40 else "sha256"
    digest = hashlib.sha256()
    blobs: BlobIds = {}
    for path in paths:
        digest.update(_relative_name(path, root) + b"\0")
        blobs[path] = _hash_file(path, digest, algorithm)
        digest.update(b"\0")
    version = f"data {digest.hexdigest()[:12]}"
    if found is None:
        return version
    repository, commit = found
    try:
        with ObjectStore(repository, len(commit)) as store:
            same = _matches_head(store, repository.work_tree, commit, blobs, folder)
    except Exception:  # a hostile repository may break in ways no check foresaw: no git part
        return version
    if same is None:  # none of the files is in the repository
        return version
    return f"{version}, git {commit[:SHORT_COMMIT]}{'' if same else '+changes'}"


def _data_paths(files: Sequence[str], location: Path | None) -> list[Path]:
    if location is None:
        return [Path(name) for name in files]
    if not location.is_dir():
        return [location]
    try:
        return dataset_files(location)
    except OSError:
        return []


def _head(folder: Path) -> tuple[Repository, str] | None:
    try:
        repository = find_repository(Path(os.path.realpath(folder)))
        commit = head_commit(repository) if repository is not None else None
    except (GitReadError, OSError, ValueError):
        return None
    return (repository, commit) if repository is not None and commit is not None else None


def _relative_name(path: Path, root: Path) -> bytes:
    try:
        name = path.relative_to(root).as_posix()
    except ValueError:
        name = path.as_posix()
    return name.encode("utf-8", "surrogateescape")


def _hash_file(path: Path, digest: hashlib._Hash, algorithm: str) -> bytes | None:
    """Feed the file's bytes to `digest`; return their blob id (None if unreadable). Only a
    regular file is read, without blocking, so a FIFO swapped in cannot hang the stamp."""
    try:
        descriptor = open_regular(path, follow_links=True)
    except OSError:
        digest.update(b"unreadable")
        return None
    try:
        size = os.fstat(descriptor).st_size
        blob = _blob_hasher(algorithm, size)
        total = 0
        while chunk := os.read(descriptor, 1 << 20):
            digest.update(chunk)
            blob.update(chunk)
            total += len(chunk)
    except OSError:
        digest.update(b"unreadable")
        return None
    finally:
        os.close(descriptor)
    return blob.digest() if total == size else None  # changed while read: not HEAD's


def _blob_hasher(algorithm: str, size: int) -> hashlib._Hash:
    hasher = hashlib.new(algorithm)
    hasher.update(b"blob " + str(size).encode("ascii") + b"\0")
    return hasher


def _matches_head(
    store: ObjectStore, work_tree: Path, commit: str, blobs: BlobIds, folder: Path | None
) -> bool | None:
    """Whether HEAD holds exactly these files' bytes (and, in `folder`, no other dataset file);
    None when it holds none of them."""
    tree = store.commit_tree(commit)
    real_tree = Path(os.path.realpath(work_tree))
    loaded: set[tuple[bytes, ...]] = set()
    tracked, same = 0, True
    for path, blob in blobs.items():
        parts = _parts_in(real_tree, Path(os.path.realpath(path.parent)) / path.name)
        entry = _lookup(store, tree, parts) if parts is not None else None
        if parts is None or entry is None:
            same = False
            continue
        loaded.add(parts)
        tracked += 1
        mode, object_id = entry
        if mode == _LINK_MODE:  # a committed link: compare where it points, not what it holds
            blob = _link_blob(path, store.algorithm)
        elif mode not in _REGULAR_MODES:
            blob = None
        same = same and blob == object_id
    if folder is not None and same:
        base = _parts_in(real_tree, Path(os.path.realpath(folder)))
        subtree = _lookup(store, tree, base) if base is not None else None
        if base is not None and subtree is not None and subtree[0] in _TREE_MODES:
            committed = _dataset_entries(store, subtree[1], base)
            same = all(parts in loaded for parts in committed)
    return same if tracked else None


def _parts_in(work_tree: Path, path: Path) -> tuple[bytes, ...] | None:
    """`path`'s components below the work tree, as git names them (bytes), or None."""
    try:
        relative = path.relative_to(work_tree)
    except ValueError:
        return None
    return tuple(os.fsencode(part) for part in relative.parts)


def _lookup(
    store: ObjectStore, tree: bytes, parts: tuple[bytes, ...]
) -> tuple[bytes, bytes] | None:
    """The (mode, id) that HEAD's tree holds at `parts`, or None; `()` is the root tree."""
    entry: tuple[bytes, bytes] | None = (_TREE_MODES[0], tree)
    for part in parts:
        if entry is None or entry[0] not in _TREE_MODES:
            return None
        entry = store.tree_entry(entry[1], part)
    return entry


def _dataset_entries(
    store: ObjectStore, tree: bytes, prefix: tuple[bytes, ...]
) -> Iterator[tuple[bytes, ...]]:
    """The paths of committed files under `tree` that the loader would read: YAML files, not
    hidden. A tree too large to be a dataset's is given up on (GitReadError)."""
    pending = [(tree, prefix)]
    walked = 0
    while pending:
        tree, prefix = pending.pop()
        for name, (mode, object_id) in store.tree_entries(tree).items():
            walked += 1
            if walked > MAX_WALKED:
                raise GitReadError("the committed folder is too large to compare")
            if name.startswith(b"."):
                continue
            if mode in _TREE_MODES:
                pending.append((object_id, (*prefix, name)))
            elif mode in _FILE_MODES and Path(os.fsdecode(name)).suffix in YAML_SUFFIXES:
                yield (*prefix, name)


def _link_blob(path: Path, algorithm: str) -> bytes | None:
    try:
        target = os.fsencode(os.readlink(path))
    except OSError:
        return None
    hasher = _blob_hasher(algorithm, len(target))
    hasher.update(target)
    return hasher.digest()
