"""`briefing-app` starts the window on the bundled sample and keeps running; where no window
can open (no display, missing X11 libraries) it says so in one line instead of Qt's abort."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from subprocess import CompletedProcess

import pytest

from briefing_app.cli_common import EXIT_NO_DISPLAY
from briefing_app.display_check import (
    NO_DISPLAY,
    NO_X11_DISPLAY,
    XCB_LIBRARIES,
    display_problem,
    parse_x11_display,
    wayland_socket,
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
        if key not in ("DISPLAY", "WAYLAND_DISPLAY", "WAYLAND_SOCKET", "QT_QPA_PLATFORM")
    }
    return {**environment, "XDG_CONFIG_HOME": str(tmp_path), "HOME": str(tmp_path)}


def run_app(folder: Path, environment: dict[str, str], *args: str) -> CompletedProcess[str]:
    """`briefing-app ARGS` in a fresh process, in `folder`, with exactly `environment`."""
    return subprocess.run(
        [sys.executable, "-m", "briefing_app", *args],
        cwd=folder,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the check is for Linux")
def test_no_display_is_one_line_and_a_documented_status_not_an_abort(tmp_path: Path) -> None:
    finished = run_app(tmp_path, without_display(tmp_path))
    assert finished.returncode == EXIT_NO_DISPLAY == 5
    assert finished.stderr.splitlines() == [f"briefing-app: error: {NO_DISPLAY}"]
    assert "set DISPLAY" in finished.stderr
    assert "briefing-app print" in finished.stderr


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the check is for Linux")
def test_validate_and_print_still_run_without_a_display(tmp_path: Path) -> None:
    finished = run_app(tmp_path, without_display(tmp_path), "validate")
    assert finished.returncode == 0, finished.stderr


def test_the_check_only_speaks_when_a_window_cannot_open() -> None:
    def check(platform: str = "linux", **environ: str) -> str | None:
        return display_problem(
            environ, platform, lambda soname: True, lambda display: True, lambda path: True
        )

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
        return display_problem(
            environ, "linux", lambda so: so not in missing, lambda d: True, lambda path: True
        )

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


# -- displays that are set but dead, malformed or remote ---------------------------------------

DEAD_DISPLAYS = [
    {"WAYLAND_DISPLAY": "junk"},
    {"WAYLAND_DISPLAY": "junk", "DISPLAY": ":99"},
    {"DISPLAY": "junk:0"},
    {"DISPLAY": "localhost:99"},
    {"DISPLAY": "junk"},
    {"DISPLAY": ":abc"},
]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the check is for Linux")
@pytest.mark.parametrize("setting", DEAD_DISPLAYS, ids=lambda s: " ".join(s.values()))
def test_a_dead_or_unusable_display_is_one_line_not_an_abort(
    tmp_path: Path, setting: dict[str, str]
) -> None:
    """What a tester saw end in Qt's abort (exit 134, 7-10 lines) now ends in one line."""
    environment = {**without_display(tmp_path), **setting}
    environment.pop("XDG_RUNTIME_DIR", None)  # no real compositor's socket to find
    if setting.get("DISPLAY") == ":99":
        assert not Path("/tmp/.X11-unix/X99").exists(), "a real display :99 runs here"
    finished = run_app(tmp_path, environment)
    assert finished.returncode == EXIT_NO_DISPLAY, finished.stderr
    lines = finished.stderr.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("briefing-app: error: no display: ")
    assert "`briefing-app print` / `validate` need none" in lines[0]


def dead(**environ: str) -> str | None:
    """The check where no X display and no Wayland socket answers, and libraries load."""
    return display_problem(
        environ, "linux", lambda soname: True, lambda display: False, lambda path: False
    )


def test_a_wayland_display_that_does_not_answer_needs_a_working_x_display() -> None:
    assert dead(WAYLAND_DISPLAY="junk") == (
        "no display: nothing answers at WAYLAND_DISPLAY='junk' and DISPLAY is not set (start "
        "the compositor, or set WAYLAND_DISPLAY or DISPLAY to one that runs; `briefing-app "
        "print` / `validate` need none)"
    )
    assert dead(WAYLAND_DISPLAY="junk", DISPLAY=":99") == (
        "no display: nothing answers at WAYLAND_DISPLAY='junk', and nothing answers at "
        "DISPLAY=':99' (start the X server, or set DISPLAY to one that runs; `briefing-app "
        "print` / `validate` need none)"
    )
    # Qt falls back to X11 when Wayland fails: a display that answers there is enough...
    x_only = display_problem(
        {"WAYLAND_DISPLAY": "junk", "DISPLAY": ":0"},
        "linux",
        lambda soname: True,
        lambda display: True,
        lambda path: False,
    )
    assert x_only is None
    # ... as long as the X11 libraries are there too
    no_libraries = display_problem(
        {"WAYLAND_DISPLAY": "junk", "DISPLAY": ":0"},
        "linux",
        lambda soname: False,
        lambda display: True,
        lambda path: False,
    )
    assert no_libraries is not None
    assert no_libraries.startswith("the window needs system libraries")
    # a socket handed over by file descriptor is the compositor's business
    assert dead(WAYLAND_DISPLAY="junk", WAYLAND_SOCKET="3") is None


def test_the_wayland_socket_is_where_libwayland_looks() -> None:
    run = {"XDG_RUNTIME_DIR": "/run/user/1000"}
    assert wayland_socket("wayland-0", run) == "/run/user/1000/wayland-0"
    assert wayland_socket("/tmp/sock", run) == "/tmp/sock"
    assert wayland_socket("/tmp/sock", {}) == "/tmp/sock"
    assert wayland_socket("wayland-0", {}) == ""  # libwayland refuses: no runtime folder
    assert wayland_socket("wayland-0", {"XDG_RUNTIME_DIR": "relative"}) == ""
    seen: list[str] = []
    display_problem(
        {"WAYLAND_DISPLAY": "wayland-1", **run},
        "linux",
        lambda soname: True,
        lambda display: True,
        lambda path: seen.append(path) is None,
    )
    assert seen == ["/run/user/1000/wayland-1"]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the check is for Linux")
def test_a_wayland_socket_is_probed_for_real(tmp_path: Path) -> None:
    from briefing_app.display_check import _wayland_answers

    path = tmp_path / "wayland-test"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    server.listen(1)
    try:
        assert _wayland_answers(str(path))
        environ = {"WAYLAND_DISPLAY": path.name, "XDG_RUNTIME_DIR": str(tmp_path)}
        assert display_problem(environ, "linux", lambda soname: False) is None
    finally:
        server.close()
    assert not _wayland_answers(str(path))  # the socket file is left, but nobody listens
    assert not _wayland_answers(str(tmp_path / "absent"))
    (tmp_path / "plain").write_text("not a socket")
    assert not _wayland_answers(str(tmp_path / "plain"))
    assert not _wayland_answers(str(tmp_path / ("x" * 200)))  # longer than a socket address
    assert not _wayland_answers("")


@pytest.mark.parametrize(
    ("display", "parsed"),
    [
        (":0", ("", 0)),
        (":0.1", ("", 0)),
        ("unix:7", ("unix", 7)),
        ("localhost:10.0", ("localhost", 10)),
        ("127.0.0.1:3", ("127.0.0.1", 3)),
        ("[::1]:2", ("::1", 2)),
        ("::1:2", ("::1", 2)),
        ("tcp/remote.example:1", ("remote.example", 1)),
        ("/tmp/launch-x/org.xquartz:0", ("/tmp/launch-x/org.xquartz", 0)),
        ("junk", None),
        (":abc", None),
        (":", None),
        (":0.x", None),
        (":\u0661", None),  # an Arabic-Indic digit one: not a display number to Xlib
    ],
)
def test_display_names_are_read_as_xlib_reads_them(
    display: str, parsed: tuple[str, int] | None
) -> None:
    assert parse_x11_display(display) == parsed


@pytest.mark.parametrize("display", ["junk", ":abc", ":0.screen", "junk:"])
def test_a_malformed_display_is_said_to_be_malformed(display: str) -> None:
    problem = dead(DISPLAY=display, QT_QPA_PLATFORM="xcb")
    assert problem == (
        f"no display: DISPLAY={display!r} is not an X display name such as ':0' or 'host:0' "
        "(set DISPLAY to a display that runs; `briefing-app print` / `validate` need none)"
    )
    assert dead(DISPLAY=display) == problem


def test_a_display_on_another_host_is_refused_and_never_contacted(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Probing another host would be a network connection, which the app does not make; so
    the check refuses such a display, unless X11 is asked for by name (the person's choice:
    Qt then connects there itself)."""

    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"a network call: {args}")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    asked: list[str] = []

    def check(**environ: str) -> str | None:
        return display_problem(
            environ, "linux", lambda soname: True, lambda d: asked.append(d) is None
        )

    for display in ("junk:0", "remote.example:10.0", "192.0.2.7:0", "tcp/remote.example:1"):
        assert check(DISPLAY=display) == (
            f"no display: DISPLAY={display!r} is on another host (the viewer makes no network "
            "connection) (to draw the window there anyway, set QT_QPA_PLATFORM=xcb; "
            "`briefing-app print` / `validate` need none)"
        )
        assert check(DISPLAY=display, QT_QPA_PLATFORM="xcb") is None
    assert asked == []
    from briefing_app.display_check import _x11_display_answers

    assert _x11_display_answers("remote.example:0")  # not probed: taken on trust there


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the check is for Linux")
def test_a_loopback_display_is_probed_on_its_port() -> None:
    """ssh -X sets DISPLAY=localhost:10, served on the loopback at port 6010: local, so probed."""
    from briefing_app.display_check import _x11_display_answers

    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    number = server.getsockname()[1] - 6000
    if number < 0:
        server.close()
        pytest.skip("the port given is below 6000")
    try:
        assert _x11_display_answers(f"localhost:{number}")
        assert _x11_display_answers(f"127.0.0.1:{number}.0")
    finally:
        server.close()
    assert not _x11_display_answers(f"localhost:{number}")
    assert not _x11_display_answers(f"127.0.0.1:{number}")
    assert not _x11_display_answers("localhost:99999")  # past the last port


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the check is for Linux")
def test_the_check_of_dead_displays_is_quick() -> None:
    started = time.monotonic()
    for setting in DEAD_DISPLAYS:
        environ = {**setting}
        assert display_problem(environ, "linux", lambda soname: True) is not None, setting
    assert time.monotonic() - started < 2


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
