"""What the commands print is safe for a terminal whatever the dataset holds: control
characters are escaped, no message can forge a line, file names that are not UTF-8 are shown
with escapes, and JSON output is always valid (ASCII) JSON."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from briefing_app import paths
from briefing_app.cli import main
from briefing_app.core.problems import Problem, escape_controls

HOSTILE_KEYS = [
    r"\e[2K\e[1A\e[32m0 errors\e[0m",  # erase the line above, print a green all-clear
    r"\e]52;c;SGVsbG8=\a",  # OSC 52: write the clipboard
    r"x\nforged.yaml:1:1: error: forged [rule]",  # a line of its own
    r"\u202eevil",  # right-to-left override
    r"a\u2028b\u2029c",  # line and paragraph separators
    r"\x9b31m\x85\x7f",  # C1 CSI, NEL, DEL
    r"zero\u200bwidth\ufeff",
]


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    events = "\n".join(
        f'  - {{id: e{n}, title: E, sources: [s], "{key}": 1}}'
        for n, key in enumerate(HOSTILE_KEYS)
    )
    path = tmp_path / "hostile.yaml"
    path.write_text(
        "dataset: {title: T}\nsources:\n  - {id: s, kind: article, title: S, reliability: B}\n"
        f"events:\n{events}\n"
    )
    return path


def printable_lines(text: str) -> list[str]:
    lines = text.split("\n")
    assert lines[-1] == ""
    for line in lines[:-1]:
        assert line.isprintable(), repr(line)
    return lines[:-1]


def test_validate_text_escapes_everything(
    hostile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(hostile)]) == 1
    lines = printable_lines(capsys.readouterr().out)
    assert len(lines) == len(HOSTILE_KEYS) + 1  # one line per problem, then the summary
    assert all(line.startswith(f"{hostile}:") for line in lines[:-1])
    assert lines[-1] == f"{hostile}: {len(HOSTILE_KEYS)} errors, 0 warnings in 1 file"
    assert "unknown key '\\x1b]52;c;SGVsbG8=\\x07' in event" in lines[1]
    assert "'x\\nforged.yaml:1:1: error: forged [rule]'" in lines[2]
    assert "'\\u202eevil'" in lines[3]
    assert "'a\\u2028b\\u2029c'" in lines[4]
    assert "'\\x9b31m\\x85\\x7f'" in lines[5]
    assert "'zero\\u200bwidth\\ufeff'" in lines[6]


def test_validate_json_is_ascii_and_valid(
    hostile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", "--format", "json", str(hostile)]) == 1
    out = capsys.readouterr().out
    assert out.isascii()
    printable_lines(out)
    report = json.loads(out)
    assert report["errors"] == len(HOSTILE_KEYS)
    assert report["problems"][0]["message"] == (
        "unknown key '\\x1b[2K\\x1b[1A\\x1b[32m0 errors\\x1b[0m' in event"
    )


@pytest.fixture
def windows_1251_names(tmp_path: Path) -> Path:
    """The sample with a data file and a folder named in Windows-1251 bytes."""
    copy = tmp_path / "data"
    shutil.copytree(paths.sample_dataset(), copy)
    events = os.fsencode(copy / "events")
    os.rename(events + b"/ukraine-north.yaml", events + b"/\xd3\xea\xf0\xe0\xbf\xed\xe0.yaml")
    os.mkdir(events + b"/\xcf\xee\xeb\xb3\xf1\xf1\xff")
    os.rename(events + b"/border-posture.yaml", events + b"/\xcf\xee\xeb\xb3\xf1\xf1\xff/b.yaml")
    return copy


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="names must be bytes")
@pytest.mark.parametrize("json_format", [False, True])
def test_file_names_that_are_not_utf8(windows_1251_names: Path, json_format: bool) -> None:
    args = ["validate", *(["--format", "json"] if json_format else []), str(windows_1251_names)]
    done = subprocess.run(
        [sys.executable, "-m", "briefing_app", *args], capture_output=True, timeout=120
    )
    assert done.stderr == b""
    text = done.stdout.decode("utf-8")  # valid UTF-8
    if json_format:
        report = json.loads(text)
        assert any(
            name.endswith("\\xd3\\xea\\xf0\\xe0\\xbf\\xed\\xe0.yaml") for name in report["files"]
        )
        assert report["errors"] == 0
    else:
        assert text.endswith(f"{windows_1251_names}: 0 errors, 0 warnings in 5 files\n")
    done = subprocess.run(
        [sys.executable, "-m", "briefing_app", "print", str(windows_1251_names), "-o", "s.pdf"],
        capture_output=True,
        timeout=120,
        cwd=windows_1251_names.parent,
    )
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("plain Łukašenka, 'quoted' \\ back", "plain Łukašenka, 'quoted' \\ back"),
        ("\x1b[31m\x07\x00", "\\x1b[31m\\x07\\x00"),
        ("a\nb\r\tc", "a\\nb\\r\\tc"),
        ("\x85\x9b\x7f\xa0", "\\x85\\x9b\\x7f\\xa0"),
        ("\u202e\u2066\u200f\u061c", "\\u202e\\u2066\\u200f\\u061c"),
        ("\u2028\u2029\u200b\ufeff", "\\u2028\\u2029\\u200b\\ufeff"),
        ("name\udcd3\udcea.yaml", "name\\xd3\\xea.yaml"),
        ("\U000e0001", "\\U000e0001"),
    ],
)
def test_escape_controls(text: str, shown: str) -> None:
    assert escape_controls(text) == shown
    problem = Problem(text, 1, 2, "error", text, "rule")
    assert str(problem) == f"{shown}:1:2: error: {shown} [rule]"
