"""`briefing-app print`: headless PDFs, refusals and their exit status."""

import os
import re
import shutil
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pypdf
import pytest

from briefing_app import paths
from tests.core.helpers import MINIMAL, write


def pdf_text(path: Path) -> str:
    pages = pypdf.PdfReader(path).pages
    return " ".join(re.sub(r"\s+", " ", page.extract_text()) for page in pages)


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY")}
    return subprocess.run(
        [sys.executable, "-m", "briefing_app", "print", *args],
        cwd=cwd,
        env=environment,  # no display and no platform chosen: the command picks offscreen
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_prints_the_sample_with_no_display(tmp_path: Path) -> None:
    done = run("--output", "sheet.pdf", "--page-size", "A4", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    pages = len(pypdf.PdfReader(tmp_path / "sheet.pdf").pages)
    assert done.stdout == (
        f"sheet.pdf: {pages} pages from sample dataset (bundled), All events; 24 of 24 events\n"
    )


def test_filter_event_and_sections(tmp_path: Path) -> None:
    done = run("-o", "f.pdf", "--filter", "actor:denisenko", "--no-quotes", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    text = pdf_text(tmp_path / "f.pdf")
    assert "Events matching: actor Vadim Denisenko" in text
    assert "calm and routine" in text  # in the summary
    assert "as reported by Army Recognition" not in text  # no quotes
    done = run("-o", "e.pdf", "--event", "minor-forces-remain", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "1 of 24 events" in done.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--event", "nope"], "no event with the id 'nope' in this dataset"),
        (["--filter", "reliability:>=G"], "bad query: reliability takes a grade A-F"),
    ],
)
def test_refuses_what_cannot_be_printed(tmp_path: Path, args: list[str], message: str) -> None:
    done = run("-o", "x.pdf", *args, cwd=tmp_path)
    assert done.returncode == 1
    assert message in done.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_never_overwrites_without_force(tmp_path: Path) -> None:
    (tmp_path / "old.pdf").write_bytes(b"precious")
    done = run("-o", "old.pdf", cwd=tmp_path)
    assert (done.returncode, (tmp_path / "old.pdf").read_bytes()) == (1, b"precious")
    assert "old.pdf already exists (use --force to replace it)" in done.stderr
    assert run("-o", "old.pdf", "--force", cwd=tmp_path).returncode == 0
    assert (tmp_path / "old.pdf").read_bytes().startswith(b"%PDF")


def test_dataset_with_errors(tmp_path: Path) -> None:
    broken = write(
        tmp_path, "d.yaml", MINIMAL + "  - {id: f, title: F, parent: ghost, sources: [s]}\n"
    )
    done = run(str(broken), "-o", "x.pdf", cwd=tmp_path)
    assert done.returncode == 1
    assert f"{broken} has 1 error, 0 warnings in 1 file (use --allow-problems" in done.stderr
    done = run(str(broken), "-o", "x.pdf", "--allow-problems", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "This dataset has 1 error" in pdf_text(tmp_path / "x.pdf")


def test_unreadable_dataset(tmp_path: Path) -> None:
    done = run(str(tmp_path / "missing"), "-o", "x.pdf", cwd=tmp_path)
    assert done.returncode == 2
    assert f"error: {tmp_path / 'missing'} cannot be read" in done.stderr


@pytest.fixture
def dataset_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "ds"
    shutil.copytree(paths.sample_dataset(), folder)
    return folder


@pytest.mark.parametrize(
    "inside", ["events/ukraine-north.yaml", "dataset.yaml", "sheet.pdf", "events/../x.pdf"]
)
def test_never_writes_inside_the_dataset(dataset_folder: Path, inside: str) -> None:
    before = {path: path.read_bytes() for path in dataset_folder.rglob("*.yaml")}
    done = run(
        str(dataset_folder), "-o", str(dataset_folder / inside), "--force", cwd=dataset_folder
    )
    assert done.returncode == 1
    assert "is inside the dataset being printed" in done.stderr
    assert {path: path.read_bytes() for path in dataset_folder.rglob("*.yaml")} == before
    assert not list(dataset_folder.rglob("*.pdf"))


def test_never_writes_over_a_single_file_dataset(tmp_path: Path) -> None:
    data = write(tmp_path, "d.yaml", MINIMAL)
    (tmp_path / "link.pdf").symlink_to(data)
    for target in ("d.yaml", "link.pdf"):
        done = run(str(data), "-o", target, "--force", cwd=tmp_path)
        assert (done.returncode, data.read_text()) == (1, MINIMAL)
    assert run(str(data), "-o", "d.pdf", cwd=tmp_path).returncode == 0  # beside it is fine


@pytest.mark.parametrize("force", [[], ["--force"]])
def test_only_regular_files_are_written(tmp_path: Path, force: list[str]) -> None:
    os.mkfifo(tmp_path / "fifo.pdf")  # writing into it would block for ever
    (tmp_path / "folder.pdf").mkdir()
    for target in ("fifo.pdf", "/dev/null", "folder.pdf"):
        done = run("-o", target, *force, cwd=tmp_path)
        assert done.returncode == 1
        assert "not a regular file" in done.stderr


def test_a_new_sheet_respects_the_umask_and_a_replaced_one_keeps_its_mode(tmp_path: Path) -> None:
    environment = {k: v for k, v in os.environ.items() if k != "DISPLAY"}
    done = subprocess.run(
        [sys.executable, "-m", "briefing_app", "print", "-o", "new.pdf"],
        cwd=tmp_path,
        env=environment,
        umask=0o022,
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE((tmp_path / "new.pdf").stat().st_mode) == 0o644
    (tmp_path / "new.pdf").chmod(0o640)
    assert run("-o", "new.pdf", "--force", cwd=tmp_path).returncode == 0
    assert stat.S_IMODE((tmp_path / "new.pdf").stat().st_mode) == 0o640


def test_a_full_disk_exits_3_and_keeps_the_old_sheet(
    tmp_path: Path, small_filesystem: Callable[[str], Path]
) -> None:
    tiny = small_filesystem("size=64k")
    (tiny / "sheet.pdf").write_bytes(b"%PDF- the good old sheet")
    done = run("-o", str(tiny / "sheet.pdf"), "--force", cwd=tmp_path)
    assert done.returncode == 3
    assert done.stderr == (
        f"briefing-app print: error: {tiny / 'sheet.pdf'} was not written: "
        "No space left on device\n"
    )
    assert (tiny / "sheet.pdf").read_bytes() == b"%PDF- the good old sheet"
    assert [path.name for path in tiny.iterdir()] == ["sheet.pdf"]


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_printing_from_a_hostile_repository_runs_nothing(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(paths.sample_dataset(), repo)
    for args in (["init", "-q"], ["add", "."], ["commit", "-qm", "data"]):
        subprocess.run(
            ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@e.org", *args],
            check=True,
            capture_output=True,
        )
    marker = tmp_path / "ran"
    evil = tmp_path / "evil.sh"
    evil.write_text(f"#!/bin/sh\ntouch '{marker}'\n")
    evil.chmod(0o755)
    with open(repo / ".git" / "config", "a") as config:
        config.write(
            f"[core]\n\tfsmonitor = {evil}\n\tpager = {evil}\n\thooksPath = {tmp_path}\n"
            f'[filter "evil"]\n\tclean = {evil}\n\tsmudge = {evil}\n\tprocess = {evil}\n'
        )
    (repo / ".gitattributes").write_text("* filter=evil\n")
    done = run(str(repo), "-o", "sheet.pdf", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert not marker.exists()
    assert ", git " in pdf_text(tmp_path / "sheet.pdf")


def test_what_it_prints_is_escaped(tmp_path: Path) -> None:
    done = run("-o", "x.pdf", "--event", "\x1b]52;c;SGVsbG8=\x07\nforged", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr == (
        "briefing-app print: error: no event with the id "
        "'\\x1b]52;c;SGVsbG8=\\x07\\nforged' in this dataset\n"
    )


@pytest.mark.parametrize("force", [[], ["--force"]])
def test_a_root_file_given_alone_protects_its_whole_folder(
    dataset_folder: Path, force: list[str]
) -> None:
    """`print DS/dataset.yaml`: the root file of a folder dataset stands for the folder."""
    before = {path: path.read_bytes() for path in dataset_folder.rglob("*.yaml")}
    for inside in ("events/ukraine-north.yaml", "events/sheet.pdf", "sheet.pdf"):
        done = run(
            str(dataset_folder / "dataset.yaml"),
            "-o",
            str(dataset_folder / inside),
            *force,
            "--allow-problems",
            cwd=dataset_folder.parent,
        )
        assert done.returncode == 1, done.stderr
        assert "is inside the dataset being printed" in done.stderr
    assert {path: path.read_bytes() for path in dataset_folder.rglob("*.yaml")} == before
    assert not list(dataset_folder.rglob("*.pdf"))


@pytest.mark.parametrize("name", ["other.yaml", "OTHER.YML", "new.Yaml", "link.pdf"])
def test_never_writes_a_pdf_over_a_yaml_file(tmp_path: Path, name: str) -> None:
    """Outside the dataset too, with --force, existing or not, directly or through a link."""
    other = write(tmp_path, "other.yaml", MINIMAL)
    (tmp_path / "OTHER.YML").write_text(MINIMAL)
    (tmp_path / "link.pdf").symlink_to(other)
    done = run("-o", name, "--force", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.strip().endswith("will not write a PDF over a YAML file")
    assert other.read_text() == MINIMAL
    assert (tmp_path / "OTHER.YML").read_text() == MINIMAL
    assert not (tmp_path / "new.Yaml").exists()


def test_an_output_path_that_cannot_be_checked_is_an_output_error(tmp_path: Path) -> None:
    """A name too long, a "folder" that is a file or is not there: it cannot be written (3)."""
    (tmp_path / "plain").write_text("x")
    for target in ("x" * 300 + ".pdf", "plain/sheet.pdf", "nodir/sheet.pdf"):
        done = run("-o", target, cwd=tmp_path)
        assert done.returncode == 3, done.stderr
        assert len(done.stderr.splitlines()) == 1
        assert "cannot be written" in done.stderr


def test_a_filter_that_matches_nothing_writes_no_sheet_unless_asked(tmp_path: Path) -> None:
    done = run("-o", "none.pdf", "--filter", "nosuchwordanywhere", cwd=tmp_path)
    assert done.returncode == 1
    assert "the filter matches no event (use --allow-empty" in done.stderr
    assert not (tmp_path / "none.pdf").exists()
    done = run("-o", "none.pdf", "--filter", "nosuchwordanywhere", "--allow-empty", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "none.pdf").exists()


def test_an_empty_event_id_is_refused(tmp_path: Path) -> None:
    done = run("-o", "all.pdf", "--event", "", cwd=tmp_path)
    assert done.returncode == 1
    assert "--event needs the id of an event" in done.stderr
    assert not (tmp_path / "all.pdf").exists()


def test_with_no_argument_prints_the_dataset_in_the_current_folder(dataset_folder: Path) -> None:
    """`cd broken && briefing-app print -o ../s.pdf` is about the broken dataset, by name."""
    (dataset_folder / "events" / "ukraine-north.yaml").unlink()  # leaves references to nothing
    done = run("-o", "../s.pdf", cwd=dataset_folder)
    assert done.returncode == 1
    assert re.search(
        r"error: \./ has \d+ errors?, .* in 4 files \(use --allow-problems", done.stderr
    )
    done = run("-o", "../s.pdf", "--allow-problems", cwd=dataset_folder)
    assert done.returncode == 0, done.stderr
    assert re.fullmatch(
        r"\.\./s\.pdf: \d+ pages from \./, All events; \d+ of \d+ events\n", done.stdout
    )
    assert "24 of 24" not in done.stdout


@pytest.mark.parametrize("force", [[], ["--force"]])
@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("folder", "folder is a folder"),
        ("folder/", "folder/ is a folder"),
        (".", ". is a folder"),
        ("new/", "new/ names a folder"),
    ],
)
def test_a_folder_is_told_to_name_a_file(
    tmp_path: Path, force: list[str], target: str, message: str
) -> None:
    (tmp_path / "folder").mkdir()
    done = run("-o", target, *force, cwd=tmp_path)
    assert done.returncode == 1
    example = os.path.join(target, "sheet.pdf")
    assert done.stderr == (
        f"briefing-app print: error: {message}, not a regular file; "
        f"give a file name such as {example}\n"
    )
    assert sorted(path.name for path in tmp_path.iterdir()) == ["folder"]
    assert not list((tmp_path / "folder").iterdir())


@pytest.mark.parametrize(
    ("target", "better"),
    [("sheet.txt", "sheet.pdf"), ("notes", "notes.pdf"), ("a.b.PDF.x", "a.b.PDF.pdf")],
)
def test_only_a_pdf_name_is_written(tmp_path: Path, target: str, better: str) -> None:
    (tmp_path / "sheet.txt").write_text("notes")
    done = run("-o", target, "--force", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr == (
        f"briefing-app print: error: {target} does not end in .pdf; give a name such as {better}\n"
    )
    assert sorted(path.name for path in tmp_path.iterdir()) == ["sheet.txt"]
    assert (tmp_path / "sheet.txt").read_text() == "notes"


def test_a_name_as_long_as_the_file_system_allows_is_written(tmp_path: Path) -> None:
    """255 bytes (here 2-byte letters): the temporary name beside it must not be longer."""
    name = "é" * 125 + "a.pdf"
    assert len(os.fsencode(name)) == 255
    done = run("-o", name, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert [path.name for path in tmp_path.iterdir()] == [name]
    assert (tmp_path / name).read_bytes().startswith(b"%PDF")


def test_a_filter_may_start_with_an_excluded_word(tmp_path: Path) -> None:
    """`--filter -border` is a query, not an unknown option; `--filter --landscape` is still
    a missing query."""
    done = run("--filter", "-border", "-o", "s.pdf", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "4 of 24 events" in done.stdout
    missing = run("--filter", "--landscape", "-o", "t.pdf", cwd=tmp_path)
    assert missing.returncode == 2
    assert "expected one argument" in missing.stderr
