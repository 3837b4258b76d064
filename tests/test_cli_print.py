"""`briefing-app print`: headless PDFs, refusals and their exit status."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest

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
    assert done.stdout == f"sheet.pdf: {pages} pages, All events; 24 of 24 events\n"


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
    assert "the dataset has 1 error, 0 warnings in 1 file (use --allow-problems" in done.stderr
    done = run(str(broken), "-o", "x.pdf", "--allow-problems", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "This dataset has 1 error" in pdf_text(tmp_path / "x.pdf")


def test_unreadable_dataset(tmp_path: Path) -> None:
    done = run(str(tmp_path / "missing"), "-o", "x.pdf", cwd=tmp_path)
    assert done.returncode == 2
    assert "the dataset cannot be read" in done.stderr
