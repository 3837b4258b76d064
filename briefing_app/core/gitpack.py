"""Git's pack format, read with a budget: index lookup, entry headers, inflating, deltas.

Pack files come with the dataset, so every size and offset in them is checked, inflating stops
at the size an entry declares, delta chains are bounded, and all the work of one read draws on
one `Budget`: a hostile pack makes the read fail (GitReadError), never hang.
"""

from __future__ import annotations

import os
import zlib
from typing import Final

OBJECT_LIMIT: Final = 4 << 20  # one commit or tree, inflated (or a loose one, compressed)
MAX_DELTA_CHAIN: Final = 5000
TYPES: Final = {1: b"commit", 2: b"tree", 3: b"blob", 4: b"tag"}
_OFS_DELTA: Final = 6
_REF_DELTA: Final = 7
_INDEX_MAGIC: Final = b"\xfftOc\x00\x00\x00\x02"
_CHUNK: Final = 1 << 16


class GitReadError(Exception):
    """The repository could not be read as expected; the caller shows no git version."""


class Budget:
    """Bytes that one read may still inflate or rebuild, all told."""

    def __init__(self, total: int) -> None:
        self._left = total

    def spend(self, size: int) -> None:
        if size > OBJECT_LIMIT:
            raise GitReadError("an object is too large")
        self._left -= size
        if self._left < 0:
            raise GitReadError("the repository needs too much reading")


def find_in_index(index: bytes, object_id: bytes) -> int | None:
    """The pack offset of `object_id` from a version 2 pack index, or None."""
    id_size = len(object_id)
    if index[:8] != _INDEX_MAGIC or len(index) < 8 + 1024:
        raise GitReadError("a pack index of an unknown version")
    first = object_id[0]
    low = int.from_bytes(index[4 + 4 * first : 8 + 4 * first]) if first else 0
    high = int.from_bytes(index[8 + 4 * first : 12 + 4 * first])
    count = int.from_bytes(index[8 + 1020 : 8 + 1024])
    ids_at, offsets_at = 8 + 1024, 8 + 1024 + count * (id_size + 4)
    if not low <= high <= count or len(index) < offsets_at + 4 * count:
        raise GitReadError("a malformed pack index")
    while low < high:
        middle = (low + high) // 2
        found = index[ids_at + middle * id_size : ids_at + (middle + 1) * id_size]
        if found < object_id:
            low = middle + 1
        elif found > object_id:
            high = middle
        else:
            offset = int.from_bytes(index[offsets_at + 4 * middle : offsets_at + 4 * middle + 4])
            if offset & 0x80000000:  # in the table of offsets past 2 GiB
                at = offsets_at + 4 * count + 8 * (offset & 0x7FFFFFFF)
                if len(index) < at + 8:
                    raise GitReadError("a malformed pack index")
                offset = int.from_bytes(index[at : at + 8])
            return offset
    return None


def unpack(
    packs: list[tuple[bytes, int]], pack: int, offset: int, id_size: int, budget: Budget
) -> tuple[bytes, bytes]:
    """The kind and body of the object at `offset` of the pack open as descriptor `pack`, its
    delta chain applied; `packs` (index bytes, descriptor) find the bases of ref deltas."""
    deltas: list[bytes] = []
    for _ in range(MAX_DELTA_CHAIN):
        head = _read_at(pack, 32 + id_size, offset)
        kind, size, used = _entry_header(head)
        if kind == _OFS_DELTA:
            distance, more = _offset_encoding(head[used:])
            deltas.append(_inflate_at(pack, offset + used + more, size, budget))
            if not 0 < distance < offset:
                raise GitReadError("a delta whose base is not before it")
            offset -= distance
        elif kind == _REF_DELTA:
            base = head[used : used + id_size]
            deltas.append(_inflate_at(pack, offset + used + id_size, size, budget))
            pack, offset = locate(packs, base)
        elif kind in TYPES:
            body = _inflate_at(pack, offset + used, size, budget)
            for delta in reversed(deltas):
                body = _apply_delta(body, delta)
                budget.spend(len(body))
            return TYPES[kind], body
        else:
            raise GitReadError("a pack entry of no known kind")
    raise GitReadError("a delta chain too long")


def locate(packs: list[tuple[bytes, int]], object_id: bytes) -> tuple[int, int]:
    """The descriptor of the pack holding `object_id`, and its offset there."""
    for index, descriptor in packs:
        found = find_in_index(index, object_id)
        if found is not None:
            return descriptor, found
    raise GitReadError(f"object {object_id.hex()} is not in the repository")


def _entry_header(head: bytes) -> tuple[int, int, int]:
    """A pack entry's kind, inflated size and header length."""
    if not head:
        raise GitReadError("a pack entry past the end of its pack")
    kind, size, shift, used = (head[0] >> 4) & 7, head[0] & 15, 4, 1
    while head[used - 1] & 0x80:
        if used >= len(head) or shift > 56:
            raise GitReadError("a malformed pack entry")
        size |= (head[used] & 0x7F) << shift
        shift += 7
        used += 1
    return kind, size, used


def _offset_encoding(data: bytes) -> tuple[int, int]:
    """An offset delta's distance back to its base, and the encoding's length."""
    if not data:
        raise GitReadError("a malformed offset delta")
    value, used = data[0] & 0x7F, 1
    while data[used - 1] & 0x80:
        if used >= min(len(data), 10):
            raise GitReadError("a malformed offset delta")
        value = ((value + 1) << 7) | (data[used] & 0x7F)
        used += 1
    return value, used


def _inflate_at(descriptor: int, offset: int, size: int, budget: Budget) -> bytes:
    """The `size` bytes that the zlib stream at `offset` inflates to; it may read no more
    compressed bytes than deflate could ever need for them."""
    budget.spend(size)
    inflater = zlib.decompressobj()
    pieces: list[bytes] = []
    produced, compressed_left = 0, 2 * size + 4096
    try:
        while not inflater.eof:
            chunk = _read_at(descriptor, min(_CHUNK, compressed_left), offset)
            if not chunk:
                raise GitReadError("a pack entry cut short")
            offset += len(chunk)
            compressed_left -= len(chunk)
            piece = inflater.decompress(chunk, size + 1 - produced)
            pieces.append(piece)
            produced += len(piece)
            if produced > size or (compressed_left <= 0 and not inflater.eof):
                raise GitReadError("a pack entry larger than it says")
    except zlib.error:
        raise GitReadError("a corrupt pack entry") from None
    if produced != size:
        raise GitReadError("a pack entry smaller than it says")
    return b"".join(pieces)


def _read_at(descriptor: int, size: int, offset: int) -> bytes:
    if hasattr(os, "pread"):
        return os.pread(descriptor, size, offset)
    os.lseek(descriptor, offset, os.SEEK_SET)  # Windows has no pread
    return os.read(descriptor, size)


def _apply_delta(base: bytes, delta: bytes) -> bytes:
    """Git's delta format: the base and result sizes, then copy and insert instructions."""
    source_size, at = _delta_size(delta, 0)
    result_size, at = _delta_size(delta, at)
    if source_size != len(base) or result_size > OBJECT_LIMIT:
        raise GitReadError("a delta that does not fit its base")
    out = bytearray()
    while at < len(delta):
        op = delta[at]
        at += 1
        if op & 0x80:  # copy: up to 4 offset bytes, then up to 3 length bytes, as flagged
            start = length = 0
            for bit in range(7):
                if op & (1 << bit):
                    if at >= len(delta):
                        raise GitReadError("a truncated delta")
                    if bit < 4:
                        start |= delta[at] << (8 * bit)
                    else:
                        length |= delta[at] << (8 * (bit - 4))
                    at += 1
            length = length or 0x10000
            if start + length > len(base):
                raise GitReadError("a delta copying past its base")
            out += base[start : start + length]
        elif op:  # insert the next `op` bytes
            if at + op > len(delta):
                raise GitReadError("a truncated delta")
            out += delta[at : at + op]
            at += op
        else:
            raise GitReadError("a delta with a reserved instruction")
        if len(out) > result_size:
            raise GitReadError("a delta longer than it says")
    if len(out) != result_size:
        raise GitReadError("a delta shorter than it says")
    return bytes(out)


def _delta_size(delta: bytes, at: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        if at >= len(delta) or shift > 56:
            raise GitReadError("a malformed delta")
        byte = delta[at]
        value |= (byte & 0x7F) << shift
        shift += 7
        at += 1
        if not byte & 0x80:
            return value, at
