"""`briefing-app validate`: its output and exit status, as a person or CI sees them."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from briefing_app.cli import main

HOSTILE = Path(__file__).parent / "core" / "hostile"


def test_validate_sample(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate"]) == 0
    assert capsys.readouterr().out == "0 errors, 0 warnings in 5 files\n"


def test_validate_with_errors(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(HOSTILE / "duplicate_keys.yaml")]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert (
        lines[0]
        == f"{HOSTILE / 'duplicate_keys.yaml'}:3:3: error: unknown key '1' in dataset [unknown-key]"
    )
    assert lines[-1] == "3 errors, 0 warnings in 1 file"


def test_validate_unreadable(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["validate", str(tmp_path / "missing")]) == 2
    assert (
        capsys.readouterr().out.splitlines()[0].endswith("error: no such file or folder [dataset]")
    )


def test_validate_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--format", "json", str(HOSTILE / "yaml11_booleans.yaml")]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["errors"] == 1
    assert report["problems"][0] == {
        "path": str(HOSTILE / "yaml11_booleans.yaml"),
        "line": 5,
        "col": 50,
        "severity": "error",
        "message": "'credibility' must be one of 1, 2, 3, 4, 5, 6, not 'yes'",
        "rule": "enum",
    }


def test_python_m_runs_the_same_command() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "briefing_app", "validate"], capture_output=True, text=True
    )
    assert (done.returncode, done.stdout, done.stderr) == (
        0,
        "0 errors, 0 warnings in 5 files\n",
        "",
    )


def test_a_mistyped_command_is_an_error_not_a_dataset_to_open(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as stopped:
        main(["valdate"])
    assert stopped.value.code == 2
    assert capsys.readouterr().err.endswith(
        "error: 'valdate' is neither a command nor a dataset (did you mean 'validate'?); "
        "the commands are validate, print\n"
    )
