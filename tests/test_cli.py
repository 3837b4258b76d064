"""`briefing-app validate`: its output and exit status, as a person or CI sees them."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from briefing_app.cli import SUBCOMMANDS, main

HOSTILE = Path(__file__).parent / "core" / "hostile"


def test_validate_sample(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # an empty folder, as in CI: the bundled sample, by name
    assert main(["validate"]) == 0
    assert capsys.readouterr() == (
        "sample dataset (bundled): 0 errors, 0 warnings in 5 files\n",
        "",
    )


def test_validate_with_errors(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(HOSTILE / "duplicate_keys.yaml")]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert (
        lines[0]
        == f"{HOSTILE / 'duplicate_keys.yaml'}:3:3: error: unknown key '1' in dataset [unknown-key]"
    )
    assert lines[-1] == f"{HOSTILE / 'duplicate_keys.yaml'}: 3 errors, 0 warnings in 1 file"


def test_validate_unreadable(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["validate", str(tmp_path / "missing")]) == 2
    assert (
        capsys.readouterr().out.splitlines()[0].endswith("error: no such file or folder [dataset]")
    )


def test_validate_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--format", "json", str(HOSTILE / "yaml11_booleans.yaml")]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["errors"] == 1
    assert report["dataset"] == str(HOSTILE / "yaml11_booleans.yaml")
    assert report["summary"] == f"{report['dataset']}: 1 error, 0 warnings in 1 file"
    assert report["problems"][0] == {
        "path": str(HOSTILE / "yaml11_booleans.yaml"),
        "line": 5,
        "col": 50,
        "severity": "error",
        "message": "'credibility' must be one of 1, 2, 3, 4, 5, 6, not 'yes'",
        "rule": "enum",
    }


def test_python_m_runs_the_same_command(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "briefing_app", "validate"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert (done.returncode, done.stdout, done.stderr) == (
        0,
        "sample dataset (bundled): 0 errors, 0 warnings in 5 files\n",
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
        "the commands are validate, print, changes\n"
    )


BROKEN_ROOT = "dataset: {title: T, licence: nope}\n"


@pytest.fixture
def broken_folder(tmp_path: Path) -> Path:
    """A folder dataset with one error in its root file."""
    folder = tmp_path / "broken"
    folder.mkdir()
    (folder / "dataset.yaml").write_text(BROKEN_ROOT)
    return folder


def test_validate_with_no_argument_checks_the_dataset_in_the_current_folder(
    broken_folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`cd broken && briefing-app validate` reports the broken dataset, not the sample."""
    monkeypatch.chdir(broken_folder)
    assert main(["validate"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("dataset.yaml:1:")
    assert out[-1] == "./: 1 error, 0 warnings in 1 file"
    assert main(["validate", "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert (report["dataset"], report["summary"]) == ("./", "./: 1 error, 0 warnings in 1 file")


@pytest.mark.parametrize(("kind", "status"), [("folder", 1), ("dangling link", 1)])
def test_a_root_file_of_any_kind_makes_the_current_folder_the_dataset(
    tmp_path: Path,
    kind: str,
    status: int,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """As for the loader, a `dataset.yaml` that cannot be read still marks a dataset: its
    problem is reported, never the sample's all-clear."""
    if kind == "folder":
        (tmp_path / "dataset.yaml").mkdir()
    else:
        (tmp_path / "dataset.yaml").symlink_to(tmp_path / "gone.yaml")
    monkeypatch.chdir(tmp_path)
    assert main(["validate"]) == status
    out = capsys.readouterr().out.splitlines()
    assert out[-1].startswith("./: 1 error")
    if kind == "folder":  # what it is, never "no dataset.yaml in this folder"
        assert out[0] == (
            "dataset.yaml:1:1: error: is a folder, not a file: a dataset's dataset.yaml is the "
            "file with its 'dataset' section [special-file]"
        )


def test_a_choice_left_blank_fails_validation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`reliability:` with the grade forgotten is an error, not a silent F."""
    path = tmp_path / "brief.yaml"
    path.write_text(
        "dataset: {title: T}\n"
        "sources:\n  - {id: s, kind: article, title: S, reliability: }\n"
        "events:\n  - {id: e, title: E, sources: [s], status: }\n"
    )
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].endswith("'reliability' is empty: give one of A, B, C, D, E, F [missing-key]")
    assert "'status' is empty" in out[1]
    assert out[-1].endswith(": 2 errors, 0 warnings in 1 file")


def test_yaml_files_without_a_root_file_get_a_note(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`dataset.yml` or a lone events file is not a folder dataset: the sample is checked,
    named, and a note says why, on standard error (JSON output stays valid)."""
    (tmp_path / "dataset.yml").write_text(BROKEN_ROOT)
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "--format", "json"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["dataset"] == "sample dataset (bundled)"
    assert err == (
        "briefing-app validate: note: this folder has YAML files but no dataset.yaml, so the "
        "bundled sample was used; name a dataset (its folder or a YAML file) to use it instead\n"
    )


def test_the_dataset_named_in_the_summary_is_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hostile = tmp_path / "x\u202e\x1b[2Jlmth.yaml"
    hostile.write_text(BROKEN_ROOT)
    assert main(["validate", str(hostile)]) == 1
    last = capsys.readouterr().out.splitlines()[-1]
    assert last == f"{tmp_path}/x\\u202e\\x1b[2Jlmth.yaml: 1 error, 0 warnings in 1 file"


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["--help"])
    assert stopped.value.code == 0
    lines = capsys.readouterr().out.splitlines()
    for command in SUBCOMMANDS:
        assert any(line.startswith(f"  {command} ") for line in lines), command
        with pytest.raises(SystemExit):  # and each command has help of its own
            main([command, "--help"])
        assert capsys.readouterr().out.startswith(f"usage: briefing-app {command}")


def test_the_window_opens_the_dataset_in_the_current_folder(
    broken_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With no argument the window opens the current folder's dataset, by its absolute path
    (it is remembered); elsewhere it gets None: the last dataset, else the sample."""
    import briefing_app.ui.app

    opened: list[Path | None] = []
    monkeypatch.setattr(briefing_app.ui.app, "run_window", lambda path: opened.append(path) or 0)
    monkeypatch.chdir(broken_folder)
    assert main([]) == 0
    monkeypatch.chdir(broken_folder.parent)
    assert main([]) == 0
    assert opened == [broken_folder, None]
