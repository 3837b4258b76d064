"""Opening a file that the dataset (or anyone) may have swapped for something else.

A named pipe would block a plain open, a device could hand out endless bytes, and a link could
lead anywhere: each reader of untrusted files (the version stamp, the cache's fingerprint of the
data files) opens through here, without blocking, and takes only a regular file, checked on the
open descriptor so that nothing swapped in after a check gets through.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import Final

# Not blocking on a FIFO, never taking a terminal as the controlling one, not inherited.
_NOT_BLOCKING: Final[int] = (
    getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


def read_regular(path: Path, limit: int, *, follow_links: bool = False) -> bytes:
    """The bytes of the regular file at `path`. Opened without blocking (a FIFO cannot hang
    it) and, unless asked, without following a final link; OSError for anything else, or for
    a file larger than `limit`."""
    descriptor = open_regular(path, follow_links=follow_links)
    try:
        if os.fstat(descriptor).st_size > limit:
            raise OSError(errno.EFBIG, "file too large", str(path))
        chunks: list[bytes] = []
        total = 0
        while chunk := os.read(descriptor, min(1 << 20, limit + 1 - total)):
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:  # it grew while being read
                raise OSError(errno.EFBIG, "file too large", str(path))
        return b"".join(chunks)
    finally:
        os.close(descriptor)


def open_regular(path: Path, *, follow_links: bool) -> int:
    """A read-only descriptor of the regular file at `path`; OSError for anything else."""
    flags = os.O_RDONLY | _NOT_BLOCKING
    if not follow_links:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    descriptor = os.open(path, flags)
    if not stat.S_ISREG(os.fstat(descriptor).st_mode):
        os.close(descriptor)
        raise OSError(errno.EINVAL, "not a regular file", str(path))
    return descriptor
