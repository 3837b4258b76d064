"""Which files a dataset is made of, and reading one of them safely.

A dataset is untrusted: it arrives as a zip, a git clone or a shared folder. So listing never
follows a link out of the dataset folder or into a loop, and never silently skips a folder it
cannot read; reading opens nothing that is not a regular file (a named pipe would block for ever,
a device never ends), and never reads more than the size limit. Names are shown as printable
text, with escapes for what is not (bytes that are not UTF-8, control characters), while the
files themselves are still read under their real names.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from briefing_app.core.problems import Problem

ROOT_FILE: Final = "dataset.yaml"
YAML_SUFFIXES: Final = (".yaml", ".yml")
MAX_FILE_BYTES: Final = 50 * 1024 * 1024

# Flags for opening a data file. O_NONBLOCK: a named pipe swapped in after listing must not block
# the open; O_NOFOLLOW: the path opened is already resolved, so a link there now is a swap;
# O_NOCTTY: a terminal device must never become the process's controlling terminal.
_OPEN_FLAGS: Final = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)
_READ_CHUNK: Final = 1024 * 1024
_LINK_OUTSIDE: Final = "links outside the dataset, so it is not read"


class FileRefused(Exception):
    """A data file that is not read: why (`message`) and under which rule."""

    def __init__(self, message: str, rule: str) -> None:
        super().__init__(message)
        self.message = message
        self.rule = rule


@dataclass(frozen=True, slots=True)
class DataFile:
    """A file to read: its path as listed (the caller's spelling) and that path as shown."""

    path: Path
    display: str


@dataclass(frozen=True, slots=True)
class Listing:
    """The files of a dataset and what listing them found wrong (links out, unreadable
    folders, special files). `inside` is the resolved folder every file must stay in."""

    files: tuple[DataFile, ...]
    problems: tuple[Problem, ...]
    inside: str


def display_path(path: str | os.PathLike[str]) -> str:
    """`path` as printable text: valid UTF-8 with no control, format or invisible characters.

    Bytes that are not UTF-8 (which `os.fsdecode` keeps as lone surrogates) become `\\xd0`,
    other unprintable characters `\\x1b`, `\\u202e`; everything else is left as it is."""
    text = os.fspath(path)
    if text.isprintable():
        return text
    return "".join(_escape(char) for char in text)


def _escape(char: str) -> str:
    if char.isprintable() or char == " ":
        return char
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte kept by surrogateescape
        return f"\\x{code - 0xDC00:02x}"
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def list_dataset(root: Path) -> Listing:
    """The YAML files of a folder dataset, `dataset.yaml` first, then the rest by path.

    Hidden files and folders (editor backups, `.git`) are skipped. A link is followed only when
    it resolves inside the dataset folder, and a linked folder is not walked (what it links to
    inside the dataset is read where it really is). Raises OSError when `root` itself cannot
    be read."""
    inside = os.path.realpath(root)
    problems: list[Problem] = []
    found: dict[str, DataFile] = {}  # by the real path, so a file linked twice is read once
    linked: dict[str, DataFile] = {}
    pending = [root]
    while pending:
        folder = pending.pop()
        try:
            with os.scandir(folder) as scan:
                entries = list(scan)
        except OSError as error:
            if folder is root:
                raise
            problems.append(_problem(folder, "cannot read folder", error))
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = folder / entry.name
            try:
                if folder is root and entry.name == ROOT_FILE and _folder_inside(path, inside):
                    problems.append(_root_file_is_a_folder(path))  # and walked, as any folder
                if entry.is_symlink():
                    _list_link(path, inside, linked, problems)
                elif entry.is_dir(follow_symlinks=False):
                    pending.append(path)
                elif path.suffix in YAML_SUFFIXES:
                    if entry.is_file(follow_symlinks=False):
                        real = os.path.join(inside, path.relative_to(root))
                        found[real] = DataFile(path, display_path(path))
                    else:
                        problems.append(_special(path, entry.stat(follow_symlinks=False).st_mode))
            except OSError as error:
                problems.append(_problem(path, "cannot read", error))
    for real, data_file in linked.items():
        found.setdefault(real, data_file)
    files = sorted(
        found.values(),
        key=lambda file: (file.path.name != ROOT_FILE or file.path.parent != root, str(file.path)),
    )
    return Listing(tuple(files), tuple(problems), inside)


def _list_link(
    path: Path,
    inside: str,
    linked: dict[str, DataFile],
    problems: list[Problem],
) -> None:
    """A link found while listing: refused if it leads out, skipped if it is a folder inside."""
    real = os.path.realpath(path)
    is_data = path.suffix in YAML_SUFFIXES
    if not is_within(real, inside):
        if is_data or os.path.isdir(real):
            problems.append(
                Problem(display_path(path), 1, 1, "error", _LINK_OUTSIDE, "link-outside")
            )
        return
    if not is_data or os.path.isdir(real):
        return
    try:
        mode = os.stat(real).st_mode
    except OSError:
        mode = stat.S_IFREG  # a dangling link or a loop: reading it says why it cannot be read
    if stat.S_ISREG(mode):
        linked.setdefault(real, DataFile(path, display_path(path)))
    else:
        problems.append(_special(path, mode))


def dataset_files(root: Path) -> list[Path]:
    """The paths of the files a folder dataset is read from (see `list_dataset`)."""
    return [file.path for file in list_dataset(root).files]


def is_within(real: str, folder: str) -> bool:
    """Whether resolved path `real` is `folder` or lies below it."""
    return real == folder or real.startswith(folder.rstrip(os.sep) + os.sep)


def _problem(path: Path, what: str, error: OSError) -> Problem:
    reason = error.strerror or str(error)
    return Problem(display_path(path), 1, 1, "error", f"{what}: {reason}", "io")


def _folder_inside(path: Path, inside: str) -> bool:
    """Whether `path` is a folder (or a link to one) inside the dataset folder; a link out is
    reported as such instead."""
    return os.path.isdir(path) and is_within(os.path.realpath(path), inside)


def _root_file_is_a_folder(path: Path) -> Problem:
    """A folder named `dataset.yaml`: said as it is, never as a dataset with no root file."""
    message = (
        f"is a folder, not a file: a dataset's {ROOT_FILE} is the file with its 'dataset' section"
    )
    return Problem(display_path(path), 1, 1, "error", message, "special-file")


def _special(path: Path, mode: int) -> Problem:
    return Problem(display_path(path), 1, 1, "error", _not_a_file(mode), "special-file")


def _not_a_file(mode: int) -> str:
    return f"is {_kind(mode)}, not a regular file, so it is not read"


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "something other than a file"


def read_data_file(path: Path, inside: str | None) -> bytes:
    """The bytes of the regular file at `path`, read without blocking and never past the limit.

    The path is resolved first and, given `inside` (a folder dataset's resolved folder), refused
    if it leads out of it; the resolved path is then opened without following links, so a link
    swapped in after that is refused too. The type is checked before opening (opening a device
    can have effects) and again on the open descriptor (the file may have been swapped)."""
    target = os.path.realpath(path)
    if inside is not None and not is_within(target, inside):
        raise FileRefused(_LINK_OUTSIDE, "link-outside")
    try:
        _check_regular(os.stat(target).st_mode)
        descriptor = os.open(target, _OPEN_FLAGS)
    except OSError as error:
        raise _refusal(error) from None
    try:
        status = os.fstat(descriptor)
        _check_regular(status.st_mode)
        _check_size(status.st_size)
        chunks: list[bytes] = []
        total = 0
        while total <= MAX_FILE_BYTES:
            chunk = os.read(descriptor, min(_READ_CHUNK, MAX_FILE_BYTES + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        _check_size(total)
        return b"".join(chunks)
    except OSError as error:
        raise _refusal(error) from None
    finally:
        os.close(descriptor)


def _check_regular(mode: int) -> None:
    if not stat.S_ISREG(mode):
        raise FileRefused(_not_a_file(mode), "special-file")


def _check_size(size: int) -> None:
    if size > MAX_FILE_BYTES:
        raise FileRefused(
            f"file is {size / 1e6:.1f} MB; the limit is {MAX_FILE_BYTES // 2**20} MiB a file: "
            "split the dataset into several files",
            "file-too-large",
        )


def _refusal(error: OSError) -> FileRefused:
    if isinstance(error, FileNotFoundError):
        return FileRefused(
            "cannot read file: it is not there (removed while the dataset was read, or a link "
            "to nothing)",
            "io",
        )
    if error.errno == errno.ELOOP:
        return FileRefused("cannot read file: it is a link in a loop, or was replaced by one", "io")
    return FileRefused(f"cannot read file: {error.strerror or error}", "io")
