"""`briefing-app` starts the window on the bundled sample and keeps running; where no window
can open (no display, missing X11 libraries) it says so in one line instead of Qt's abort."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from briefing_app.cli_common import EXIT_NO_DISPLAY
from briefing_app.display_check import (
    NO_DISPLAY,
    NO_X11_DISPLAY,
    XCB_LIBRARIES,
    display_problem,
)


def test_the_command_opens_a_window_and_stays_up(tmp_path: Path) -> None:
    environment = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(tmp_path),  # its settings, not the person's
        "HOME": str(tmp_path),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "briefing_app"],
        cwd=tmp_path,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 4
        while time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.1)
        assert process.poll() is None, process.communicate()
    finally:
        process.terminate()
        _, errors = process.communicate(timeout=10)
    assert "Traceback" not in errors
    settings = tmp_path / "BriefingViewer" / "briefing-viewer.ini"
    assert settings.exists()
    assert "last_dataset" in settings.read_text()


# -- no display --------------------------------------------------------------------------------


def without_display(tmp_path: Path) -> dict[str, str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    return {**environment, "XDG_CONFIG_HOME": str(tmp_path), "HOME": str(tmp_path)}


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the check is for Linux")
def test_no_display_is_one_line_and_a_documented_status_not_an_abort(tmp_path: Path) -> None:
    finished = subprocess.run(
        [sys.executable, "-m", "briefing_app"],
        cwd=tmp_path,
        env=without_display(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert finished.returncode == EXIT_NO_DISPLAY == 5
    assert finished.stderr.splitlines() == [f"briefing-app: error: {NO_DISPLAY}"]
    assert "set DISPLAY" in finished.stderr
    assert "briefing-app print" in finished.stderr


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the check is for Linux")
def test_validate_and_print_still_run_without_a_display(tmp_path: Path) -> None:
    finished = subprocess.run(
        [sys.executable, "-m", "briefing_app", "validate"],
        cwd=tmp_path,
        env=without_display(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert finished.returncode == 0, finished.stderr


def test_the_check_only_speaks_when_a_window_cannot_open() -> None:
    def check(platform: str = "linux", **environ: str) -> str | None:
        return display_problem(environ, platform, lambda soname: True, lambda display: True)

    assert check() == NO_DISPLAY
    assert check(DISPLAY="") == NO_DISPLAY  # set but empty is not a display
    assert check(QT_QPA_PLATFORM="xcb", WAYLAND_DISPLAY="wayland-0") == NO_X11_DISPLAY
    assert check(DISPLAY=":0") is None
    assert check(WAYLAND_DISPLAY="wayland-0") is None
    assert check(QT_QPA_PLATFORM="offscreen") is None  # asked for by name: the person's choice
    assert check(QT_QPA_PLATFORM="wayland") is None
    assert check("darwin") is None
    assert check("win32") is None


def test_missing_x11_libraries_are_named_by_package() -> None:
    gone = {"libxcb-cursor.so.0", "libxkbcommon-x11.so.0"}

    def check(environ: dict[str, str], missing: set[str]) -> str | None:
        return display_problem(environ, "linux", lambda so: so not in missing, lambda d: True)

    problem = check({"DISPLAY": ":0"}, gone)
    assert problem is not None
    assert problem.endswith("(Debian/Ubuntu: sudo apt install libxcb-cursor0 libxkbcommon-x11-0)")
    assert "\n" not in problem
    assert check({"DISPLAY": ":0"}, set()) is None
    # In a Wayland session Qt may not use X11 at all: the libraries are not asked for.
    everything = {soname for soname, _package in XCB_LIBRARIES}
    assert check({"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0"}, everything) is None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="abstract sockets are Linux's")
def test_a_local_display_nothing_answers_at_is_no_display() -> None:
    from briefing_app.display_check import _x11_display_answers

    number = 4000 + os.getpid() % 1000  # far above any real display
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(f"\0/tmp/.X11-unix/X{number}")
    server.listen(1)
    try:
        assert _x11_display_answers(f":{number}")
        assert _x11_display_answers(f"unix:{number}.0")
    finally:
        server.close()
    assert not _x11_display_answers(f":{number}")
    assert _x11_display_answers(f"remote.example:{number}")  # taken on trust
    problem = display_problem({"DISPLAY": f":{number}"}, "linux", lambda soname: True)
    assert problem == (
        f"no display: nothing answers at DISPLAY=':{number}' (start the X server, or set "
        "DISPLAY to one that runs; `briefing-app print` / `validate` need none)"
    )


def test_the_libraries_are_found_as_the_linker_finds_them() -> None:
    from briefing_app.display_check import _loads

    assert not _loads("libbriefing-no-such-library.so.0")
    if sys.platform.startswith("linux"):
        assert _loads("libc.so.6")


def test_the_readme_lists_the_packages_the_check_names() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    quick_start = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    for _soname, package in XCB_LIBRARIES:
        assert package in quick_start, package
