"""Reading a git repository's HEAD commit and trees as plain files, running nothing.

A dataset may arrive with its own `.git`, and its config can make `git` itself start programs
(core.fsmonitor, filter drivers, hooks, pagers). So the version stamp never runs git: this module
reads only the files it needs (HEAD, refs, packed-refs, loose and packed commits and trees), each
through `read_regular`, which refuses links, FIFOs and devices and caps the size. Every object is
checked against its id, so a tampered pack cannot make a tree hold itself, all inflating draws
on one budget, and trees are parsed only as far as a lookup needs, with a cap on the entries of
one tree and of all trees: a hostile repository makes the read fail, never hang, swell or run
anything. Neither the config, the index, attributes nor alternates are read.

The limits are a briefing repository's needs many times over, and small enough that the stamp
stays cheap (it is made on the window's thread when a small sheet is printed): a tree of
20,000 entries is a folder of 20,000 files, where a briefing has tens to hundreds; 100,000
entries read in all is a whole repository of that size; 64 MiB inflated in all, and 4 MiB per
object (`gitpack.OBJECT_LIMIT`), hold such trees and any commit. Past them the stamp simply
shows no commit.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import zlib
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Final

from briefing_app.core.gitpack import OBJECT_LIMIT, Budget, GitReadError, locate, unpack
from briefing_app.core.regular_files import open_regular, read_regular

SMALL_FILE: Final = 4096  # HEAD, a loose ref, a `.git` file, `commondir`
PACKED_REFS_LIMIT: Final = 8 << 20  # about 100,000 refs
INDEX_LIMIT: Final = 32 << 20  # all pack indexes together: over a million objects
BUDGET: Final = 64 << 20  # bytes inflated (or rebuilt from deltas) by one stamp, all told
MAX_TREE_ENTRIES: Final = 20_000  # entries parsed in one tree
MAX_ENTRIES: Final = 100_000  # entries parsed in all trees of one stamp
MAX_SYMREF_DEPTH: Final = 5
MAX_PACKS: Final = 1000
_HEX_ID: Final = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")
_REF_PART: Final = r"[A-Za-z0-9_\-][A-Za-z0-9_.\-]*"
_REF_NAME: Final = re.compile(rf"refs(/{_REF_PART})+")


@dataclass(frozen=True, slots=True)
class Repository:
    """Where a repository's pieces are: `git_dir` holds HEAD; `common_dir` holds refs and
    objects (they differ in a linked worktree)."""

    work_tree: Path
    git_dir: Path
    common_dir: Path


def find_repository(folder: Path) -> Repository | None:
    """The repository whose work tree holds `folder` (absolute and resolved), or None. Like git,
    the nearest `.git` counts; one that cannot be read means no repository."""
    for candidate in (folder, *folder.parents):
        dot_git = candidate / ".git"
        try:
            mode = os.stat(dot_git).st_mode
        except (FileNotFoundError, NotADirectoryError):
            continue
        except (OSError, ValueError):
            return None
        try:
            if stat.S_ISDIR(mode):
                git_dir = dot_git
            else:  # a linked worktree or a submodule: `gitdir: <path>`
                text = read_regular(dot_git, SMALL_FILE).decode("utf-8")
                if not text.startswith("gitdir: "):
                    return None
                git_dir = candidate / text[len("gitdir: ") :].strip()
            common_dir = git_dir
            if os.path.lexists(git_dir / "commondir"):
                common = read_regular(git_dir / "commondir", SMALL_FILE).decode("utf-8")
                common_dir = git_dir / common.strip()
        except (OSError, UnicodeError, ValueError):
            return None
        return Repository(candidate, git_dir, common_dir)
    return None


def head_commit(repository: Repository) -> str | None:
    """HEAD's commit as lower-case hex (detached, or through symbolic refs), or None when HEAD
    names a branch with no commit yet. GitReadError for anything malformed."""
    content = _ref_file(repository.git_dir / "HEAD")
    for _ in range(MAX_SYMREF_DEPTH):
        if content is None:
            return None
        if _HEX_ID.fullmatch(content):
            return content
        if not content.startswith("ref: "):
            raise GitReadError("HEAD is neither a commit nor a ref")
        name = content[len("ref: ") :].strip()
        if not _REF_NAME.fullmatch(name) or name.endswith(".lock"):
            raise GitReadError("HEAD names an impossible ref")  # `..`, absolute, odd bytes
        content = _ref_file(repository.common_dir / name)
        if content is None:
            content = _packed_ref(repository.common_dir / "packed-refs", name)
    raise GitReadError("symbolic refs nest too deeply")


def _ref_file(path: Path) -> str | None:
    try:
        raw = read_regular(path, SMALL_FILE)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as error:
        raise GitReadError(f"{path.name}: {error.strerror}") from None
    try:
        return raw.decode("ascii").strip()
    except UnicodeDecodeError:
        raise GitReadError(f"{path.name} is not text") from None


def _packed_ref(path: Path, name: str) -> str | None:
    try:
        raw = read_regular(path, PACKED_REFS_LIMIT)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise GitReadError(f"packed-refs: {error.strerror}") from None
    wanted = b" " + name.encode("ascii")
    at = raw.find(wanted)
    while at >= 0:  # searched, not split into lines: a file of empty lines costs nothing
        end = at + len(wanted)
        if end == len(raw) or raw[end : end + 1] in (b"\n", b"\r"):
            start = max(raw.rfind(b"\n", 0, at), raw.rfind(b"\r", 0, at)) + 1
            target = raw[start:at].decode("ascii", "replace")
            if not _HEX_ID.fullmatch(target):
                raise GitReadError("packed-refs holds a malformed line")
            return target
        at = raw.find(wanted, at + 1)
    return None


class _TreeScan:
    """A tree's body, parsed as far as lookups have needed: `seen` holds the entries before
    `at`; the body is let go once all of it is parsed."""

    __slots__ = ("at", "body", "count", "seen")

    def __init__(self, body: bytes) -> None:
        self.body = body
        self.at = 0
        self.count = 0
        self.seen: dict[bytes, tuple[bytes, bytes]] = {}


class ObjectStore:
    """Commits and trees by id, from loose objects and version 2 packs. Use it in a `with`
    block: it keeps the packs it has opened open until the block ends."""

    def __init__(self, repository: Repository, hex_length: int) -> None:
        self._objects = repository.common_dir / "objects"
        self.algorithm = "sha1" if hex_length == 40 else "sha256"
        self.id_size = hex_length // 2
        self._budget = Budget(BUDGET)
        self._packs: list[tuple[bytes, int]] | None = None  # (index bytes, pack descriptor)
        self._trees: dict[bytes, _TreeScan] = {}
        self._entries_left = MAX_ENTRIES

    def __enter__(self) -> ObjectStore:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        for _, descriptor in self._packs or ():
            os.close(descriptor)

    def commit_tree(self, commit_hex: str) -> bytes:
        """The id of a commit's root tree."""
        first_line = self._read(bytes.fromhex(commit_hex), b"commit").split(b"\n", 1)[0]
        try:
            if not first_line.startswith(b"tree "):
                raise ValueError(first_line)
            return bytes.fromhex(first_line[5:].decode("ascii"))
        except ValueError:
            raise GitReadError("a commit without a readable tree") from None

    def tree_entry(self, tree: bytes, name: bytes) -> tuple[bytes, bytes] | None:
        """The (mode, object id) of `name` in a tree, or None; the tree is parsed only up to
        it (and never again)."""
        scan = self._scan(tree)
        found = scan.seen.get(name)
        return found if found is not None else self._parse(scan, name)

    def tree_entries(self, tree: bytes) -> dict[bytes, tuple[bytes, bytes]]:
        """All of a tree's entries: name -> (mode, object id)."""
        scan = self._scan(tree)
        self._parse(scan, None)
        return scan.seen

    def _scan(self, tree: bytes) -> _TreeScan:
        scan = self._trees.get(tree)
        if scan is None:
            scan = self._trees[tree] = _TreeScan(self._read(tree, b"tree"))
        return scan

    def _parse(self, scan: _TreeScan, wanted: bytes | None) -> tuple[bytes, bytes] | None:
        """Parse on from where the last lookup stopped, up to `wanted` (None: to the end).
        GitReadError past a tree's or the store's cap on entries: no tree of a briefing needs
        them, and each costs time and memory."""
        body, at, seen = scan.body, scan.at, scan.seen
        try:
            while at < len(body):
                space = body.find(b" ", at)
                nul = body.find(b"\0", space + 1)
                end = nul + 1 + self.id_size
                if space < 0 or nul < 0 or end > len(body):
                    raise GitReadError("a malformed tree")
                scan.count += 1
                self._entries_left -= 1
                if scan.count > MAX_TREE_ENTRIES or self._entries_left < 0:
                    raise GitReadError("a tree with too many entries to compare")
                name = body[space + 1 : nul]
                entry = seen.setdefault(name, (body[at:space], body[nul + 1 : end]))
                at = end
                if name == wanted:
                    return entry
            scan.body = b""  # all parsed: `seen` is the tree
            return None
        finally:
            scan.at = at if scan.body else 0

    def _read(self, object_id: bytes, kind: bytes) -> bytes:
        if len(object_id) != self.id_size:
            raise GitReadError("an object id of the wrong length")
        found = self._loose(object_id)
        if found is None:
            pack, offset = locate(self._pack_list(), object_id)
            found = unpack(self._pack_list(), pack, offset, self.id_size, self._budget)
        found_kind, body = found
        header = found_kind + b" " + str(len(body)).encode("ascii") + b"\0"
        if found_kind != kind or hashlib.new(self.algorithm, header + body).digest() != object_id:
            raise GitReadError(f"object {object_id.hex()} is not the {kind.decode()} it claims")
        return body

    def _loose(self, object_id: bytes) -> tuple[bytes, bytes] | None:
        name = object_id.hex()
        try:
            raw = read_regular(self._objects / name[:2] / name[2:], OBJECT_LIMIT)
        except (FileNotFoundError, NotADirectoryError):
            return None
        except OSError as error:
            raise GitReadError(f"a loose object: {error.strerror}") from None
        inflater = zlib.decompressobj()
        try:
            head = inflater.decompress(raw, 64)
            kind, _, rest = head.partition(b" ")
            size_text, nul, body = rest.partition(b"\0")
            if not nul or not size_text.isdigit() or len(size_text) > 12:
                raise GitReadError("a loose object without a header")
            size = int(size_text)
            self._budget.spend(size)
            if len(body) > size:
                raise GitReadError("a loose object larger than it says")
            body += inflater.decompress(inflater.unconsumed_tail, size + 1 - len(body))
        except zlib.error:
            raise GitReadError("a corrupt loose object") from None
        if len(body) != size:
            raise GitReadError("a loose object's size is not what it says")
        return kind, body

    def _pack_list(self) -> list[tuple[bytes, int]]:
        if self._packs is None:
            self._packs = []
            folder = self._objects / "pack"
            indexes: list[str] = []
            try:
                with os.scandir(folder) as entries:
                    for number, entry in enumerate(entries):
                        if number > 10 * MAX_PACKS:  # each pack has a few files beside it
                            raise GitReadError("too many packs")
                        if entry.name.endswith(".idx"):
                            indexes.append(entry.name)
            except FileNotFoundError:
                pass
            except OSError as error:
                raise GitReadError(f"the pack folder: {error.strerror}") from None
            left = INDEX_LIMIT
            for name in sorted(indexes):
                try:
                    index = read_regular(folder / name, left)
                    left -= len(index)
                    pack = open_regular(folder / f"{name[:-4]}.pack", follow_links=False)
                except OSError as error:
                    raise GitReadError(f"a pack: {error.strerror}") from None
                self._packs.append((index, pack))
        return self._packs
