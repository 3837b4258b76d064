"""Writing a sheet so nothing is lost: which targets are refused, whole-or-nothing writes on a
full disk, and the permissions a new or replaced file gets."""

import errno
import os
import re
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


@pytest.mark.parametrize("replace", [False, True])
@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("folder", "folder is a folder"),
        ("folder/", "folder/ is a folder"),
        ("folder/.", "folder/. is a folder"),
        ("new/", "new/ names a folder"),  # a trailing slash says "folder", existing or not
        ("link-to-folder", "link-to-folder is a folder"),
    ],
)
def test_a_folder_is_told_to_name_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, typed: str, said: str, replace: bool
) -> None:
    (tmp_path / "folder").mkdir()
    (tmp_path / "link-to-folder").symlink_to(tmp_path / "folder")
    monkeypatch.chdir(tmp_path)
    example = os.path.join(typed, "sheet.pdf")
    expected = f"{said}, not a regular file; give a file name such as {example}"
    with pytest.raises(OutputRefused) as refusal:
        check_output_path(typed, [], replace=replace, suffix=".pdf")
    assert str(refusal.value) == expected
    assert not isinstance(refusal.value, OutputExists)  # --force would not help


@pytest.mark.parametrize(
    ("typed", "better"),
    [
        ("sheet.txt", "sheet.pdf"),
        ("notes", "notes.pdf"),
        ("out/sheet.pdf.txt", "out/sheet.pdf.pdf"),
        (".hidden", ".hidden.pdf"),
    ],
)
def test_a_suffix_is_insisted_on_when_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, typed: str, better: str
) -> None:
    (tmp_path / "out").mkdir()
    monkeypatch.chdir(tmp_path)
    with pytest.raises(OutputRefused) as refusal:
        check_output_path(typed, [], replace=True, suffix=".pdf")
    assert str(refusal.value) == f"{typed} does not end in .pdf; give a name such as {better}"
    assert check_output_path(typed, [], replace=True) == tmp_path / typed  # not asked: fine
    for fine in ("a.pdf", "B.PDF", "c.Pdf"):
        assert check_output_path(fine, [], replace=False, suffix=".pdf") == tmp_path / fine


def test_a_suffix_is_insisted_on_through_a_link(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("notes")
    (tmp_path / "link.pdf").symlink_to(tmp_path / "notes.txt")
    with pytest.raises(OutputRefused, match=r"link\.pdf is a link to notes\.txt, which does not"):
        check_output_path(tmp_path / "link.pdf", [], replace=True, suffix=".pdf")


def test_an_empty_name_is_refused() -> None:
    with pytest.raises(OutputRefused, match="no file name was given; give one such as sheet"):
        check_output_path("", [], replace=True)


def test_the_temporary_file_has_a_short_hidden_name_of_its_own(tmp_path: Path) -> None:
    with AtomicWrite(tmp_path / "sheet.pdf"):
        (temporary,) = os.listdir(tmp_path)
    assert re.fullmatch(r"\.bv-[0-9a-f]{12}\.part", temporary)
    assert temporary.startswith(safe_output.TEMPORARY_PREFIX)
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("name", ["a" * 251 + ".pdf", "é" * 125 + "a.pdf", "€" * 83 + "ab.pdf"])
def test_a_name_at_the_file_systems_limit_is_written(tmp_path: Path, name: str) -> None:
    """A 255-byte name is legal; the file written beside it must not need a longer one."""
    assert len(os.fsencode(name)) == 255
    target = check_output_path(tmp_path / name, [], replace=False, suffix=".pdf")
    _write(target, b"%PDF-")
    assert os.listdir(tmp_path) == [name]
    with pytest.raises(OutputUnwritable, match="cannot be written"):  # one byte more cannot be
        check_output_path(tmp_path / ("b" + name), [], replace=False)


@pytest.mark.parametrize("failing", ["write", "fsync", "replace", "fstat"])
def test_a_failure_names_the_target_never_the_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    path = tmp_path / "sheet.pdf"

    def broken(*args: object) -> None:
        raise OSError(errno.EIO, "Input/output error", str(args[0]))

    monkeypatch.setattr(safe_output.os, failing, broken)
    with pytest.raises(OSError, match="Input/output error") as failure:
        _write(path, b"%PDF- new")
    monkeypatch.undo()
    assert failure.value.filename == str(path)
    assert ".bv-" not in str(failure.value)
    assert ".part" not in str(failure.value)
    assert os.listdir(tmp_path) == []


def test_a_folder_that_cannot_be_written_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refused(path: object, *_args: object) -> int:
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    monkeypatch.setattr(safe_output.os, "open", refused)  # what a read-only folder does
    with pytest.raises(PermissionError) as failure:
        AtomicWrite(tmp_path / "sheet.pdf")
    assert failure.value.filename == str(tmp_path)
    assert ".part" not in str(failure.value)
