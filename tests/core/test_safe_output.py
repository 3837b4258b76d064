"""Writing a sheet so nothing is lost: which targets are refused, whole-or-nothing writes on a
full disk, and the permissions a new or replaced file gets."""

import errno
import os
import stat
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest

from briefing_app.core import safe_output
from briefing_app.core.safe_output import (
    AtomicWrite,
    OutputExists,
    OutputRefused,
    OutputUnwritable,
    check_output_path,
)


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    folder = tmp_path / "ds"
    (folder / "events").mkdir(parents=True)
    (folder / "dataset.yaml").write_text("dataset: {title: T}\n")
    (folder / "events" / "a.yaml").write_text("events: []\n")
    return folder


@pytest.fixture
def tiny_disk(small_filesystem: Callable[[str], Path]) -> Path:
    """A 64 KiB file system (where the test can mount one)."""
    return small_filesystem("size=64k")


@pytest.mark.parametrize(
    "inside",
    [
        "events/a.yaml",  # a data file
        "dataset.yaml",
        "events/sheet.pdf",  # a new file in the dataset
        "sheet.pdf",
        "events/../events/a.yaml",
        ".",
    ],
)
@pytest.mark.parametrize("replace", [False, True])
def test_nothing_inside_the_dataset(dataset: Path, inside: str, replace: bool) -> None:
    with pytest.raises(OutputRefused, match="inside the dataset being printed"):
        check_output_path(dataset / inside, [dataset], replace=replace)


def test_links_into_the_dataset_are_followed(dataset: Path, tmp_path: Path) -> None:
    (tmp_path / "to-file.pdf").symlink_to(dataset / "events" / "a.yaml")
    (tmp_path / "to-folder").symlink_to(dataset / "events")
    for target in ("to-file.pdf", "to-folder/new.pdf"):
        with pytest.raises(OutputRefused, match="inside the dataset"):
            check_output_path(tmp_path / target, [dataset], replace=True)


def test_a_hard_link_to_data_is_replaced_not_written_into(dataset: Path, tmp_path: Path) -> None:
    """The sheet is renamed over the name: the data file the name shared stays as it was."""
    os.link(dataset / "events" / "a.yaml", tmp_path / "hard.pdf")
    _write(check_output_path(tmp_path / "hard.pdf", [dataset], replace=True), b"%PDF-")
    assert (dataset / "events" / "a.yaml").read_text() == "events: []\n"
    assert (tmp_path / "hard.pdf").read_bytes() == b"%PDF-"


def test_a_single_file_dataset_protects_the_file_only(tmp_path: Path) -> None:
    data = tmp_path / "brief.yaml"
    data.write_text("dataset: {title: T}\n")
    with pytest.raises(OutputRefused, match="inside the dataset"):
        check_output_path(data, [data], replace=True)
    assert check_output_path(tmp_path / "brief.pdf", [data], replace=False) == (
        tmp_path.resolve() / "brief.pdf"
    )


@pytest.mark.parametrize("replace", [False, True])
def test_only_regular_files(tmp_path: Path, replace: bool) -> None:
    os.mkfifo(tmp_path / "fifo.pdf")
    (tmp_path / "folder.pdf").mkdir()
    (tmp_path / "dangling.pdf").symlink_to(tmp_path / "nowhere" / "x.pdf")
    (tmp_path / "loop.pdf").symlink_to("loop.pdf")
    cases = {
        "fifo.pdf": "is a FIFO, not a regular file",
        "folder.pdf": "is a folder, not a regular file",
        "dangling.pdf": "is a link to nothing",
        "loop.pdf": "is a link that leads nowhere",
    }
    for name, message in cases.items():
        with pytest.raises(OutputRefused, match=message):
            check_output_path(tmp_path / name, [], replace=replace)
    with pytest.raises(OutputRefused, match="is a device, not a regular file"):
        check_output_path(Path("/dev/null"), [], replace=replace)


def test_an_existing_file_needs_replace(tmp_path: Path) -> None:
    (tmp_path / "old.pdf").write_bytes(b"old")
    with pytest.raises(OutputExists, match="already exists"):
        check_output_path(tmp_path / "old.pdf", [], replace=False)
    assert check_output_path(tmp_path / "old.pdf", [], replace=True) == tmp_path / "old.pdf"


def test_a_link_to_a_file_is_written_where_it_points(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "sheet.pdf").write_bytes(b"old")
    (tmp_path / "link.pdf").symlink_to(tmp_path / "real" / "sheet.pdf")
    target = check_output_path(tmp_path / "link.pdf", [], replace=True)
    assert target == tmp_path / "real" / "sheet.pdf"


def _write(target: Path, data: bytes) -> None:
    with AtomicWrite(target) as output:
        output.commit(data)


@pytest.mark.usefixtures("umask")
@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_a_new_file_gets_the_users_permissions(tmp_path: Path, mask: int, mode: int) -> None:
    os.umask(mask)
    _write(tmp_path / "new.pdf", b"%PDF-")
    assert stat.S_IMODE(os.stat(tmp_path / "new.pdf").st_mode) == mode


@pytest.mark.usefixtures("umask")
@pytest.mark.parametrize("mode", [0o644, 0o640, 0o600, 0o664])
def test_a_replaced_file_keeps_its_mode(tmp_path: Path, mode: int) -> None:
    os.umask(0o077 if mode != 0o600 else 0o022)
    path = tmp_path / "old.pdf"
    path.write_bytes(b"old")
    path.chmod(mode)
    _write(path, b"%PDF- new")
    assert path.read_bytes() == b"%PDF- new"
    assert stat.S_IMODE(os.stat(path).st_mode) == mode


def test_whole_or_nothing_on_a_full_disk(tiny_disk: Path) -> None:
    good = tiny_disk / "sheet.pdf"
    _write(good, b"%PDF- the good old sheet")
    with pytest.raises(OSError, match="No space left") as failure:
        _write(good, b"%PDF-" + os.urandom(256 << 10))
    assert failure.value.errno == errno.ENOSPC
    assert good.read_bytes() == b"%PDF- the good old sheet"
    assert sorted(path.name for path in tiny_disk.iterdir()) == ["sheet.pdf"]
    with pytest.raises(OSError, match="No space left"):
        _write(tiny_disk / "new.pdf", os.urandom(256 << 10))
    assert sorted(path.name for path in tiny_disk.iterdir()) == ["sheet.pdf"]


@pytest.mark.parametrize("failing", ["write", "fsync", "replace"])
def test_any_failure_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    path = tmp_path / "sheet.pdf"
    path.write_bytes(b"%PDF- old")

    def broken(*_args: object) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(safe_output.os, failing, broken)
    with pytest.raises(OSError, match="Input/output error"):
        _write(path, b"%PDF- new")
    monkeypatch.undo()
    assert path.read_bytes() == b"%PDF- old"
    assert [p.name for p in tmp_path.iterdir()] == ["sheet.pdf"]


def test_a_short_write_is_caught(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A write that reports success but leaves the file short must not be renamed."""
    real_fstat = os.fstat

    class Short:
        def __init__(self, real: os.stat_result) -> None:
            self.st_size = real.st_size - 1

    monkeypatch.setattr(safe_output.os, "fstat", lambda fd: Short(real_fstat(fd)))
    with pytest.raises(OSError, match="came out short"):
        _write(tmp_path / "sheet.pdf", b"%PDF- new")
    assert list(tmp_path.iterdir()) == []


def test_abandoned_writes_leave_nothing(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError), AtomicWrite(tmp_path / f"{uuid.uuid4()}.pdf"):
        raise RuntimeError("painting failed")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("replace", [False, True])
def test_a_root_file_stands_for_its_folder(dataset: Path, tmp_path: Path, replace: bool) -> None:
    """A folder dataset given by its `dataset.yaml`: the whole folder is the dataset."""
    for inside in ("events/a.yaml", "events/new.pdf", "sheet.pdf", "dataset.yaml"):
        with pytest.raises(OutputRefused, match="inside the dataset being printed"):
            check_output_path(dataset / inside, [dataset / "dataset.yaml"], replace=replace)
    assert check_output_path(tmp_path / "s.pdf", [dataset / "dataset.yaml"], replace=replace)


@pytest.mark.parametrize("name", ["x.yaml", "x.yml", "X.YAML", "x.Yml", "to-yaml.pdf"])
@pytest.mark.parametrize("replace", [False, True])
def test_no_pdf_over_a_yaml_file(dataset: Path, tmp_path: Path, name: str, replace: bool) -> None:
    (tmp_path / "x.yaml").write_text("events: []\n")
    (tmp_path / "to-yaml.pdf").symlink_to(tmp_path / "x.yaml")
    with pytest.raises(OutputRefused, match="will not write a PDF over a YAML file"):
        check_output_path(tmp_path / name, [dataset], replace=replace)


def test_a_path_that_cannot_be_checked_is_unwritable(dataset: Path, tmp_path: Path) -> None:
    (tmp_path / "plain").write_text("x")
    for target in (tmp_path / ("x" * 300 + ".pdf"), tmp_path / "plain" / "s.pdf"):
        with pytest.raises(OutputUnwritable, match="cannot be written"):
            check_output_path(target, [dataset], replace=True)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads all")
def test_a_folder_that_cannot_be_searched_is_unwritable(dataset: Path, tmp_path: Path) -> None:
    closed = tmp_path / "closed"
    closed.mkdir()
    closed.chmod(0)
    try:
        with pytest.raises(OutputUnwritable, match="Permission denied"):
            check_output_path(closed / "s.pdf", [dataset], replace=True)
    finally:
        closed.chmod(0o700)
