"""Every command has one outer guard: output that cannot be written, Ctrl+C, and any failure
nobody expected each end in one line on standard error and an exit status of their own, with
the traceback in the crash log and never on the terminal."""

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import briefing_app.core.sheet
import briefing_app.ui.app
from briefing_app import cli
from briefing_app.cli import EXIT_CRASH, EXIT_INTERRUPTED, EXIT_OUTPUT, main
from briefing_app.core.crashlog import STATE_FOLDER_VARIABLE


@pytest.fixture(autouse=True)
def state_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "state"
    monkeypatch.setenv(STATE_FOLDER_VARIABLE, str(folder))
    return folder


def run(*args: str, **options: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", "briefing_app", *args], text=True, timeout=120, **options
    )


def assert_one_clean_line(stderr: str) -> str:
    assert len(stderr.splitlines()) == 1, stderr
    assert "Traceback" not in stderr
    assert "Exception ignored" not in stderr
    return stderr.strip()


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
@pytest.mark.parametrize("args", [["validate"], ["validate", "--format", "json"]])
def test_a_full_disk_is_an_output_error(args: list[str]) -> None:
    with open("/dev/full", "w") as full:
        done = run(*args, stdout=full, stderr=subprocess.PIPE)
    assert done.returncode == EXIT_OUTPUT
    assert assert_one_clean_line(done.stderr) == (
        "briefing-app validate: error: the output could not be written: No space left on device"
    )


def test_a_closed_pipe_is_an_output_error() -> None:
    reader, writer = os.pipe()
    os.close(reader)  # nobody will ever read: every write fails with EPIPE
    try:
        done = run("validate", stdout=writer, stderr=subprocess.PIPE)
    finally:
        os.close(writer)
    assert done.returncode == EXIT_OUTPUT
    assert assert_one_clean_line(done.stderr).endswith("could not be written: Broken pipe")


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
def test_prints_report_to_a_full_disk(tmp_path: Path) -> None:
    with open("/dev/full", "w") as full:
        done = run("print", "-o", str(tmp_path / "s.pdf"), stdout=full, stderr=subprocess.PIPE)
    assert done.returncode == EXIT_OUTPUT
    assert_one_clean_line(done.stderr)


def _boom(*_args: object, **_kwargs: object) -> None:
    raise RuntimeError("nobody expected this \x1b[2J")


@pytest.mark.parametrize(
    ("args", "target", "name"),
    [
        (["validate"], (cli, "load_dataset"), "briefing-app validate"),
        (["print", "-o", "{tmp}/s.pdf"], (briefing_app.core.sheet, "compose_sheet"), "print"),
        ([], (briefing_app.ui.app, "run_window"), "briefing-app"),
    ],
    ids=["validate", "print", "window"],
)
def test_each_command_turns_a_failure_into_one_line_and_a_report(
    args: list[str],
    target: tuple[object, str],
    name: str,
    tmp_path: Path,
    state_folder: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(*target, _boom)
    assert main([arg.format(tmp=tmp_path) for arg in args]) == EXIT_CRASH
    log = state_folder / "crash.log"
    line = assert_one_clean_line(capsys.readouterr().err)
    assert line.startswith(f"{'briefing-app print' if name == 'print' else name}: error: ")
    assert line.endswith(f"unexpected error (RuntimeError); the details are in {log}")
    report = log.read_text()
    assert "Traceback (most recent call last)" in report
    assert "RuntimeError: nobody expected this \\x1b[2J" in report  # escaped in the log too
    assert "\x1b" not in report
    assert oct(log.stat().st_mode & 0o777) == oct(0o600)


def test_a_crash_with_no_place_for_its_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "not-a-folder").write_text("")
    monkeypatch.setenv(STATE_FOLDER_VARIABLE, str(tmp_path / "not-a-folder"))
    monkeypatch.setattr(cli, "load_dataset", _boom)
    assert main(["validate"]) == EXIT_CRASH
    line = assert_one_clean_line(capsys.readouterr().err)
    assert "unexpected error (RuntimeError); no report could be written" in line


def test_ctrl_c(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    def interrupted(*_args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "load_dataset", interrupted)
    assert main(["validate"]) == EXIT_INTERRUPTED
    assert (
        assert_one_clean_line(capsys.readouterr().err)
        == "briefing-app validate: error: interrupted"
    )


def test_no_traceback_reaches_the_terminal(state_folder: Path) -> None:
    """The guard as a person meets it: a real process whose command fails deep inside."""
    code = (
        "import sys, briefing_app.cli as cli\n"
        "cli.load_dataset = None  # calling it fails with a TypeError\n"
        "sys.exit(cli.main(['validate']))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == EXIT_CRASH
    assert done.stdout == ""
    line = assert_one_clean_line(done.stderr)
    assert line.endswith(f"(TypeError); the details are in {state_folder / 'crash.log'}")


def _closed(descriptors: tuple[int, ...]) -> Callable[[], None]:
    def close() -> None:
        for descriptor in descriptors:
            os.close(descriptor)

    return close


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX descriptors")
@pytest.mark.parametrize(
    "args", [["validate"], ["validate", "--format", "json"], ["print", "-o", "s.pdf"]]
)
def test_a_closed_standard_output_is_an_output_error(args: list[str], tmp_path: Path) -> None:
    """`briefing-app validate >&-`: Python's sys.stdout is None; a report (or print's success
    line) written nowhere is no success."""
    done = run(*args, stdout=None, stderr=subprocess.PIPE, cwd=tmp_path, preexec_fn=_closed((1,)))
    assert done.returncode == EXIT_OUTPUT
    name = f"briefing-app {args[0]}"
    assert assert_one_clean_line(done.stderr) == (
        f"{name}: error: the output could not be written: standard output is closed"
    )


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX descriptors")
def test_closed_standard_output_and_error_exit_3_silently(state_folder: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "briefing_app", "validate"],
        timeout=120,
        preexec_fn=_closed((1, 2)),
    )
    assert done.returncode == EXIT_OUTPUT
    assert not state_folder.exists()  # no crash report: this is no crash
