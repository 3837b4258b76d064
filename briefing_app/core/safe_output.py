"""Writing a file the person asked for (a sheet's PDF) so that nothing is lost.

Two rules. The target is checked first: never inside the dataset being printed (the viewer
never writes to a dataset, and `--force` must not turn a sheet into the data it came from),
never a YAML file (a `.yaml` or `.yml` name, in any case: data of some dataset), and
never anything but a regular file (a FIFO would block, a device would swallow the sheet, a
folder cannot be one: a name that is one, or ends in `/`, is told to name a file in it). A
caller that knows its format can insist on a suffix, so a PDF is never written as `sheet.txt`.
Then it is written whole or not at all: to a new file beside the target, flushed to disk and
checked, then renamed over the target, so a full disk or a crash leaves the old file as it was.
That new file has a short name of its own (`.bv-<random>.part`), so any name the file system
allows for the target works, and no message ever names it: its errors name the target. A new
file gets the permissions any new file of the person gets (the umask applies); a replaced one
keeps its mode.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import TracebackType
from typing import Final

from briefing_app.core.loader_files import ROOT_FILE

_KINDS: Final = (
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)
_NAME_TRIES: Final = 20
TEMPORARY_PREFIX: Final = ".bv-"  # the new file's name: this, 12 random hex digits, `.part`
_YAML_ENDINGS: Final = (".yaml", ".yml")


class OutputRefused(ValueError):
    """The target must not be written; nothing was touched."""


class OutputExists(OutputRefused):
    """The target exists and replacing it was not asked for."""


class OutputUnwritable(OutputRefused):
    """The target could not even be checked (a name too long, a folder that is a file or
    cannot be searched): it cannot be written, an output error rather than a refusal."""


def check_output_path(
    output: Path | str, dataset: Iterable[Path], *, replace: bool, suffix: str = ""
) -> Path:
    """The real path to write `output` to (links resolved), or OutputRefused.

    `output` may be the text the person typed, so that a trailing `/` (lost in a Path) still
    says "a folder". With `suffix` (`.pdf`), a name that does not end in it (in any case) is
    refused, with the name it should have.

    `dataset` is the dataset being printed: its folder or its file (or, when that is not known,
    its files). A file named `dataset.yaml` is the root of a folder dataset, so its whole folder
    counts. Identity is by device and inode, so neither links, `..`, another spelling on a
    case-insensitive disk nor a bind mount lead around the check. No PDF is written over a
    YAML file, wherever it is. OutputUnwritable when the path cannot be checked at all."""
    try:
        return _check(output, dataset, replace=replace, suffix=suffix)
    except OSError as error:
        reason = error.strerror or str(error)
        raise OutputUnwritable(f"{output} cannot be written: {reason}") from None


def _check(output: Path | str, dataset: Iterable[Path], *, replace: bool, suffix: str) -> Path:
    typed = os.fspath(output)
    if not typed:
        raise OutputRefused("no file name was given; give one such as sheet.pdf")
    absolute = Path(os.path.abspath(typed))
    if os.path.islink(absolute):
        target = Path(os.path.realpath(absolute))
        if not os.path.lexists(target):
            raise OutputRefused(f"{typed} is a link to nothing")
    else:
        target = Path(os.path.realpath(absolute.parent)) / absolute.name
    protected = {_identity(path) for path in _dataset_roots(dataset)} - {None}
    for candidate in (target, *target.parents):
        if _identity(candidate) in protected:
            raise OutputRefused(f"{typed} is inside the dataset being printed")
    if _is_yaml_name(absolute.name) or _is_yaml_name(target.name):
        raise OutputRefused(f"{typed}: will not write a PDF over a YAML file")
    if os.path.basename(typed) in ("", ".", ".."):  # `out/`, `.`: a folder by its spelling
        verb = "is" if os.path.isdir(typed) else "names"
        raise OutputRefused(f"{typed} {verb} a folder, not a regular file; {_file_in(typed)}")
    try:
        mode: int | None = os.lstat(target).st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None:
        if stat.S_ISDIR(mode):
            raise OutputRefused(f"{typed} is a folder, not a regular file; {_file_in(typed)}")
        for is_kind, kind in _KINDS:
            if is_kind(mode):
                raise OutputRefused(f"{typed} is {kind}, not a regular file")
        if stat.S_ISLNK(mode):  # still a link after resolving: a loop
            raise OutputRefused(f"{typed} is a link that leads nowhere")
    if suffix:
        _check_suffix(typed, target, suffix)
    if mode is not None and not replace:
        raise OutputExists(f"{typed} already exists")
    return target


def _file_in(folder: str) -> str:
    return f"give a file name such as {os.path.join(folder, 'sheet.pdf')}"


def _check_suffix(typed: str, target: Path, suffix: str) -> None:
    """Refuse a name that does not end in `suffix`, naming the one it should have."""
    name = os.path.basename(typed)
    if not name.lower().endswith(suffix.lower()):
        stem = name.rsplit(".", 1)[0] if "." in name.lstrip(".") else name
        better = os.path.join(os.path.dirname(typed), stem + suffix)
        raise OutputRefused(f"{typed} does not end in {suffix}; give a name such as {better}")
    if not target.name.lower().endswith(suffix.lower()):
        raise OutputRefused(f"{typed} is a link to {target.name}, which does not end in {suffix}")


def _is_yaml_name(name: str) -> bool:
    return name.lower().endswith(_YAML_ENDINGS)


def _dataset_roots(dataset: Iterable[Path]) -> Iterator[Path]:
    """The dataset's paths, and the folder of a `dataset.yaml` among them: it is a folder
    dataset's root file, and the folder is the dataset."""
    for path in dataset:
        yield path
        if path.name == ROOT_FILE and os.path.isfile(path):
            yield path.parent


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    return (info.st_dev, info.st_ino)


class AtomicWrite:
    """Put bytes at `target` whole, or leave `target` as it was.

    Made before the content is (so an unwritable folder fails at once), it holds a new hidden
    file in the target's folder; `commit` writes the bytes there, flushes them to disk, checks
    their size, renames the file over the target and flushes the folder so the rename survives
    a crash. Use it in a `with` block: leaving it without a commit removes the new file."""

    def __init__(self, target: Path) -> None:
        self.target = target
        try:
            self._old_mode: int | None = stat.S_IMODE(os.stat(target).st_mode) & 0o777
        except FileNotFoundError:
            self._old_mode = None
        self._temporary, self._descriptor = _create_beside(target)
        self._done = False

    def __enter__(self) -> AtomicWrite:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if not self._done:
            self._done = True
            os.close(self._descriptor)
            self._temporary.unlink(missing_ok=True)

    def commit(self, data: bytes) -> None:
        """Write `data` and rename it over the target; OSError leaves the target untouched."""
        if self._done:
            raise ValueError("already committed or abandoned")
        self._done = True
        try:
            try:
                if self._old_mode is not None and hasattr(os, "fchmod"):
                    os.fchmod(self._descriptor, self._old_mode)  # a replaced file keeps its mode
                view = memoryview(data)
                while view:
                    view = view[os.write(self._descriptor, view) :]
                os.fsync(self._descriptor)
                if os.fstat(self._descriptor).st_size != len(data):
                    raise OSError(errno.EIO, "the file came out short")
            finally:
                os.close(self._descriptor)
            os.replace(self._temporary, self.target)
        except OSError as error:
            self._temporary.unlink(missing_ok=True)
            raise _naming(error, self.target) from None
        except BaseException:
            self._temporary.unlink(missing_ok=True)
            raise
        _flush_folder(self.target.parent)


def _create_beside(target: Path) -> tuple[Path, int]:
    """A new, empty, hidden file in the target's folder, created with mode 0666 so that the
    umask (and a default ACL) decides its permissions as for any new file. Its name is short
    (21 characters), not derived from the target's, so a target name at the file system's
    limit (255 bytes) still has room beside it; a failure names the folder, never this file."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    flags |= getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    for _ in range(_NAME_TRIES):
        temporary = target.with_name(f"{TEMPORARY_PREFIX}{secrets.token_hex(6)}.part")
        try:
            return temporary, os.open(temporary, flags, 0o666)
        except FileExistsError:
            continue
        except OSError as error:
            raise _naming(error, target.parent) from None
    raise FileExistsError(errno.EEXIST, "no free temporary name", str(target.parent))


def _naming(error: OSError, path: Path) -> OSError:
    """`error` again (the same subclass, by its errno), about `path` rather than the
    temporary file, whose name means nothing to the person."""
    return OSError(error.errno, error.strerror or "cannot be written", str(path))


def _flush_folder(folder: Path) -> None:
    """Make the rename durable. Best effort: some file systems cannot flush a folder, and by
    now the new file is in place either way."""
    if not hasattr(os, "O_DIRECTORY"):
        return
    try:
        descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
