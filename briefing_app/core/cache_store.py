"""The cache folder as a place to keep files safely: checked before use, used only through its
descriptor, never following a link, never blocking on a special file.

A folder is used only if it is a directory owned by this user and writable by nobody else: then
no other account can plant, swap or remove anything in it. It is opened once and checked on the
open descriptor, and every entry is opened relative to that descriptor, so renaming or replacing
a folder on the way to it after the check changes nothing. Missing folders on the way are created
private (0700), files are created private (0600).

Each folder holds a per-user secret key (`hmac.key`), which authenticates entries: an entry made
with another key (another account's, another machine's, or forged) is simply a cache miss.
"""

from __future__ import annotations

import hmac
import os
import secrets
import stat
from contextlib import suppress
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Final

from briefing_app.core.loader_files import display_path

KEY_NAME: Final = "hmac.key"
KEY_SIZE: Final = 32
_POSIX: Final = os.name == "posix"
_NOFOLLOW: Final[int] = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK: Final[int] = getattr(os, "O_NONBLOCK", 0)
_CLOEXEC: Final[int] = getattr(os, "O_CLOEXEC", 0)
_DIRECTORY: Final[int] = getattr(os, "O_DIRECTORY", 0)
_BINARY: Final[int] = getattr(os, "O_BINARY", 0)  # Windows only
_READ_FLAGS: Final = os.O_RDONLY | _NOFOLLOW | _NONBLOCK | _CLOEXEC | _BINARY
_CREATE_FLAGS: Final = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC | _BINARY
# Where the OS can open, rename and remove relative to a folder's descriptor. Not on Windows:
# there the folder is named again each time, and the user profile's permissions protect it.
_AT_FOLDER: Final = {os.open, os.rename, os.unlink, os.link, os.stat} <= os.supports_dir_fd


class FolderRefused(Exception):
    """The cache folder is not a folder, or not this user's alone; the message says why, for a
    person."""


@dataclass(frozen=True, slots=True)
class CacheStore:
    """An open, checked cache folder and its key. Names are single file names inside it."""

    path: Path
    descriptor: int | None  # the folder, open: what was checked is what is used (not Windows)
    key: bytes

    def close(self) -> None:
        if self.descriptor is not None:
            os.close(self.descriptor)

    def _at(self, name: str) -> str:
        """`name` as the OS calls below take it: bare with a descriptor, else a full path."""
        if "/" in name or os.sep in name or name in ("", ".", ".."):
            raise ValueError(f"not a file name: {name!r}")
        return name if self.descriptor is not None else str(self.path / name)

    def read(self, name: str, limit: int) -> bytes | None:
        """The file's bytes, or None unless it is a regular file of ours of at most `limit`
        bytes. Links are not followed and a FIFO or device is refused before anything is read."""
        try:
            handle = os.open(self._at(name), _READ_FLAGS, dir_fd=self.descriptor)
        except OSError:
            return None
        try:
            return _read_regular(handle, limit)
        finally:
            os.close(handle)

    def create(self, name: str) -> int:
        """A new private file, open for writing; fails if anything (a link included) is there."""
        return os.open(self._at(name), _CREATE_FLAGS, 0o600, dir_fd=self.descriptor)

    def replace(self, source: str, target: str) -> None:
        """Atomically put `source` at `target` (a link at `target` is replaced, not followed)."""
        fd = self.descriptor
        os.replace(self._at(source), self._at(target), src_dir_fd=fd, dst_dir_fd=fd)

    def unlink(self, name: str) -> None:
        """Remove `name` if it is there; a failure only leaves it."""
        with suppress(OSError):
            os.unlink(self._at(name), dir_fd=self.descriptor)

    def temporary_name(self) -> str:
        """A fresh hidden name for a file being written, that no entry or key can have."""
        return f".{secrets.token_hex(8)}.part"

    def mac(self) -> hmac.HMAC:
        """An HMAC-SHA256 under this folder's key, to sign or check an entry."""
        return hmac.new(self.key, digestmod="sha256")


def open_store(path: Path) -> CacheStore | None:
    """The cache folder at `path`, checked and with its key, or None if it cannot be made or
    used (a read-only disk, ...); close it after use. Raises FolderRefused when the folder is
    not this user's alone."""
    try:
        descriptor = _open_folder(path)
    except OSError:
        return None
    store = CacheStore(path, descriptor, b"")
    try:
        key = _key(store)
    except BaseException:
        store.close()
        raise
    if key is None:
        store.close()
        return None
    return replace(store, key=key)


def _open_folder(path: Path) -> int | None:
    """Open the folder (making it and any missing parents 0700) and check it on the descriptor
    (where the OS has no descriptors for folders, check it by name).

    A link to the folder is followed (a cache moved to another disk and linked back is common):
    what is checked is the folder it leads to, once open, and that is the one used."""
    missing: list[Path] = []
    for folder in (path, *path.parents):
        if os.path.lexists(folder):
            break
        missing.append(folder)
    for folder in reversed(missing):
        with suppress(FileExistsError):  # made meanwhile: the check below decides
            os.mkdir(folder, 0o700)
    if not _AT_FOLDER:
        _check_folder(path, os.stat(path))
        return None
    try:
        descriptor = os.open(path, os.O_RDONLY | _DIRECTORY | _CLOEXEC)
    except NotADirectoryError:
        raise FolderRefused(f"the cache folder {display_path(path)} is not a folder") from None
    try:
        _check_folder(path, os.fstat(descriptor))
    except BaseException:
        os.close(descriptor)
        raise
    return descriptor


def _check_folder(path: Path, status: os.stat_result) -> None:
    if not stat.S_ISDIR(status.st_mode):
        raise FolderRefused(f"the cache folder {display_path(path)} is not a folder")
    if not _POSIX:
        return  # owners and mode bits do not describe access there; the user profile does
    if status.st_uid != os.geteuid():
        raise FolderRefused(f"the cache folder {display_path(path)} belongs to another user")
    if status.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        raise FolderRefused(
            f"the cache folder {display_path(path)} can be changed by other users "
            f"(mode {stat.S_IMODE(status.st_mode):04o}); make it 0700 to use it"
        )


def _key(store: CacheStore) -> bytes | None:
    """This folder's key: made once, 32 random bytes, private. A key file that is not a private
    regular file of ours, of the right size, is replaced (which only invalidates entries)."""
    key = _valid_key(store)
    if key is not None:
        return key
    stale = _present(store)
    temporary = store.temporary_name()
    try:
        handle = store.create(temporary)
    except OSError:
        return None  # a folder we cannot write in: no cache this time
    try:
        try:
            _write_all(handle, secrets.token_bytes(KEY_SIZE))
        finally:
            os.close(handle)
        if stale:
            store.replace(temporary, KEY_NAME)
        else:
            # A link, not a rename: if another instance made a key meanwhile, theirs stays.
            with suppress(FileExistsError):
                fd = store.descriptor
                os.link(store._at(temporary), store._at(KEY_NAME), src_dir_fd=fd, dst_dir_fd=fd)
    except OSError:
        return None
    finally:
        store.unlink(temporary)
    return _valid_key(store)


def _present(store: CacheStore) -> bool:
    """Whether anything (a link included) is at the key's name."""
    try:
        os.stat(store._at(KEY_NAME), dir_fd=store.descriptor, follow_symlinks=False)
    except FileNotFoundError:
        return False
    return True


def _valid_key(store: CacheStore) -> bytes | None:
    try:
        handle = os.open(store._at(KEY_NAME), _READ_FLAGS, dir_fd=store.descriptor)
    except OSError:
        return None
    try:
        if _POSIX and stat.S_IMODE(os.fstat(handle).st_mode) & 0o077:
            return None  # others could read it
        key = _read_regular(handle, KEY_SIZE)
    finally:
        os.close(handle)
    return key if key is not None and len(key) == KEY_SIZE else None


def _write_all(handle: int, data: bytes | bytearray | memoryview) -> None:
    """Write all of `data`, however many calls it takes (a full disk raises OSError)."""
    with memoryview(data) as view:
        done = 0
        while done < len(view):
            count = os.write(handle, view[done:])
            if count <= 0:
                raise OSError("nothing written")
            done += count


def _read_regular(handle: int, limit: int) -> bytes | None:
    """All of an open file, if it is a regular file of ours of at most `limit` bytes; read
    exactly to the size it had when checked, so a file growing meanwhile cannot make it more."""
    status = os.fstat(handle)
    if not stat.S_ISREG(status.st_mode) or status.st_size > limit:
        return None
    if _POSIX and status.st_uid != os.geteuid():
        return None
    parts, left = [], status.st_size
    while left:
        part = os.read(handle, left)
        if not part:
            return None  # it shrank while being read
        parts.append(part)
        left -= len(part)
    return parts[0] if len(parts) == 1 else b"".join(parts)
