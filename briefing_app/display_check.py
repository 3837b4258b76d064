"""Whether a window can open here, asked before Qt is started.

Without a display, or without the system libraries of Qt's X11 platform plugin, creating the
QApplication ends in Qt's abort (exit 134, "could not load the Qt platform plugin xcb"), with
advice about plugins that means nothing to someone who only wanted a window. So the window's
start asks first and, when the answer is no, prints one line saying what to do and exits with
EXIT_NO_DISPLAY. This module imports no Qt.

A display that nothing answers at ends in the same abort, so that is asked too, by connecting
to it: DISPLAY=:0 left over in a container or an ssh session (its socket), localhost:10 from
ssh -X (the loopback port), WAYLAND_DISPLAY naming no compositor (its socket under
XDG_RUNTIME_DIR). A DISPLAY that is no display name at all (`junk`, `:abc`) is said to be one.
A display on another host is never probed, as that would be a network connection: it is
refused unless QT_QPA_PLATFORM=xcb asks for X11 by name (docs/security.md).

Libraries are looked for by opening them the way the dynamic linker will (`ctypes.CDLL` on
their sonames), not with `ctypes.util.find_library`, which starts programs (ldconfig, gcc) and
so breaks the rule that the app starts none.
"""

from __future__ import annotations

import ctypes
import importlib.util
import ipaddress
import os
import socket
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Final

# The system libraries Qt 6.8-6.11's xcb platform (libqxcb.so and libQt6XcbQpa.so) and QtGui
# load, by soname, with the Debian/Ubuntu package that holds each. Qt 6.5 added xcb-cursor,
# the one most often missing.
XCB_LIBRARIES: Final = (
    ("libxcb-cursor.so.0", "libxcb-cursor0"),
    ("libxcb-icccm.so.4", "libxcb-icccm4"),
    ("libxcb-keysyms.so.1", "libxcb-keysyms1"),
    ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"),
    ("libxcb-image.so.0", "libxcb-image0"),
    ("libxcb-render-util.so.0", "libxcb-render-util0"),
    ("libxcb-randr.so.0", "libxcb-randr0"),
    ("libxcb-shape.so.0", "libxcb-shape0"),
    ("libxcb-xkb.so.1", "libxcb-xkb1"),
    ("libxcb-sync.so.1", "libxcb-sync1"),
    ("libxcb-xfixes.so.0", "libxcb-xfixes0"),
    ("libxcb-shm.so.0", "libxcb-shm0"),
    ("libxcb-util.so.1", "libxcb-util1"),
    ("libX11-xcb.so.1", "libx11-xcb1"),
    ("libxkbcommon.so.0", "libxkbcommon0"),
    ("libEGL.so.1", "libegl1"),
    ("libGL.so.1", "libgl1"),
    ("libfontconfig.so.1", "libfontconfig1"),
    ("libdbus-1.so.3", "libdbus-1-3"),
)
NEED_NONE: Final = "; `briefing-app print` / `validate` need none"
PROBE_TIMEOUT: Final = 0.5  # seconds; a local socket answers at once or not at all
NO_DISPLAY: Final = (
    "no display: DISPLAY and WAYLAND_DISPLAY are not set, so no window can open (set DISPLAY, "
    "or use `briefing-app print` / `validate`, which need none)"
)
NO_X11_DISPLAY: Final = (
    "no display: QT_QPA_PLATFORM asks for X11 but DISPLAY is not set (set DISPLAY, or use "
    "`briefing-app print` / `validate`, which need none)"
)


def display_problem(
    environ: Mapping[str, str] | None = None,
    platform: str | None = None,
    loads: Callable[[str], bool] | None = None,
    answers: Callable[[str], bool] | None = None,
    wayland_answers: Callable[[str], bool] | None = None,
) -> str | None:
    """Why no window can open here, in one line, or None when nothing is known to stop it.

    Only Linux is checked, and only when Qt would use X11 or Wayland on its own choice
    (QT_QPA_PLATFORM unset or xcb): another platform asked for by name is the person's choice.
    A Wayland display that answers is trusted with no more asked (the session may not need the
    X11 libraries at all); one that does not answer makes Qt try X11, which must then work.
    `loads` (does this library load?), `answers` (does this X display answer?) and
    `wayland_answers` (does this Wayland socket answer?) are for tests."""
    environ = os.environ if environ is None else environ
    if not (sys.platform if platform is None else platform).startswith("linux"):
        return None
    requested = environ.get("QT_QPA_PLATFORM", "").strip()
    if requested and not requested.startswith("xcb"):
        return None
    display, wayland = environ.get("DISPLAY", ""), environ.get("WAYLAND_DISPLAY", "")
    if not display and requested:
        return NO_X11_DISPLAY
    if not display and not wayland:
        return NO_DISPLAY
    dead_wayland = ""
    if wayland and not requested:
        if environ.get("WAYLAND_SOCKET") or (wayland_answers or _wayland_answers)(
            wayland_socket(wayland, environ)
        ):
            return None  # Qt may well use Wayland
        dead_wayland = f"nothing answers at WAYLAND_DISPLAY={_shown(wayland)}"
        if not display:
            return (
                f"no display: {dead_wayland} and DISPLAY is not set (start the compositor, or "
                f"set WAYLAND_DISPLAY or DISPLAY to one that runs{NEED_NONE})"
            )
    trouble = _x11_trouble(display, answers or _x11_display_answers, trust_remote=bool(requested))
    if trouble is not None:
        what, advice = trouble
        if dead_wayland:
            what = f"{dead_wayland}, and {what}"
        return f"no display: {what} ({advice}{NEED_NONE})"
    loads = _loads if loads is None else loads
    missing = [package for soname, package in XCB_LIBRARIES if not loads(soname)]
    if not missing:
        return None
    return (
        "the window needs system libraries that are missing; install them "
        f"(Debian/Ubuntu: sudo apt install {' '.join(missing)})"
    )


def _x11_trouble(
    display: str, answers: Callable[[str], bool], *, trust_remote: bool
) -> tuple[str, str] | None:
    """What is wrong with X display `display` and what to do, or None if nothing is known.

    A display on another host is not probed: that would be a network connection, which the
    app does not make. It is refused unless X11 was asked for by name (QT_QPA_PLATFORM=xcb):
    then drawing the window over the network is the person's own choice, and Qt is left to
    try. The loopback (`localhost:10`, as ssh -X sets) is local and probed like a socket."""
    address = parse_x11_display(display)
    if address is None:
        return (
            f"DISPLAY={_shown(display)} is not an X display name such as ':0' or 'host:0'",
            "set DISPLAY to a display that runs",
        )
    host, _number = address
    if host not in ("", "unix") and not host.startswith("/") and not is_loopback(host):
        if trust_remote:
            return None
        return (
            f"DISPLAY={_shown(display)} is on another host (the viewer makes no network "
            "connection)",
            "to draw the window there anyway, set QT_QPA_PLATFORM=xcb",
        )
    if not answers(display):
        return (
            f"nothing answers at DISPLAY={_shown(display)}",
            "start the X server, or set DISPLAY to one that runs",
        )
    return None


def parse_x11_display(display: str) -> tuple[str, int] | None:
    """The host and display number of `display` as Xlib reads it (`[protocol/]host:N[.S]`,
    `[::1]:0`), or None when it is not a display name at all (`junk`, `:abc`)."""
    rest = display.split("/", 1)[1] if "/" in display and not display.startswith("/") else display
    host, colon, number = rest.rpartition(":")
    if not colon:
        return None
    number, dot, screen = number.partition(".")
    if not (number.isascii() and number.isdigit()):
        return None
    if dot and not (screen.isascii() and screen.isdigit()):
        return None
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    return host, int(number)


def is_loopback(host: str) -> bool:
    """Whether `host` is this machine by name or address (no name is looked up: a lookup can
    be a network query)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def wayland_socket(name: str, environ: Mapping[str, str]) -> str:
    """Where a Wayland client connects for WAYLAND_DISPLAY `name`: the path itself if
    absolute, else under XDG_RUNTIME_DIR (with none set, libwayland finds no socket: "")."""
    if name.startswith("/"):
        return name
    runtime = environ.get("XDG_RUNTIME_DIR", "")
    return os.path.join(runtime, name) if runtime.startswith("/") else ""


def _wayland_answers(path: str) -> bool:
    """Whether a Wayland compositor accepts a connection on socket `path`."""
    return bool(path) and _unix_socket_answers(path)


def _unix_socket_answers(address: str) -> bool:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
        probe.settimeout(PROBE_TIMEOUT)
        try:
            probe.connect(address)
        except (OSError, ValueError):  # refused, absent, not a socket, a name too long
            return False
    return True


def _tcp_answers(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=PROBE_TIMEOUT):
            return True
    except (OSError, ValueError):
        return False


def _shown(value: str) -> str:
    """An environment value quoted for the one line: escaped, and cut if very long."""
    return repr(value if len(value) <= 80 else value[:80] + "...")


def _loads(soname: str) -> bool:
    """Whether the library `soname` can be loaded, as the dynamic linker would find it (or
    from PySide6's own folder, where a wheel may carry it)."""
    try:
        ctypes.CDLL(soname, mode=os.RTLD_LAZY)
    except OSError:
        bundled = _pyside_libraries()
        return bundled is not None and (bundled / soname).exists()
    return True


def _x11_display_answers(display: str) -> bool:
    """Whether a local X display has a server listening: on its socket (":0", "unix:0"), or on
    the loopback at port 6000 + N ("localhost:10", as ssh -X sets). Any other kind (a socket
    path, a host) is taken on trust here: `_x11_trouble` decides about those."""
    address = parse_x11_display(display)
    if address is None:
        return False
    host, number = address
    if host in ("", "unix"):
        path = f"/tmp/.X11-unix/X{number}"
        # Linux servers listen on both, abstract first
        return any(_unix_socket_answers(where) for where in (f"\0{path}", path))
    if is_loopback(host):
        port = 6000 + number
        if port > 65535:
            return False
        hosts = ("127.0.0.1", "::1") if host == "localhost" else (host,)
        return any(_tcp_answers(where, port) for where in hosts)
    return True


def _pyside_libraries() -> Path | None:
    spec = importlib.util.find_spec("PySide6")  # finds the package without importing Qt
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "Qt" / "lib"
