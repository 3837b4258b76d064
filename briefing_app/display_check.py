"""Whether a window can open here, asked before Qt is started.

Without a display, or without the system libraries of Qt's X11 platform plugin, creating the
QApplication ends in Qt's abort (exit 134, "could not load the Qt platform plugin xcb"), with
advice about plugins that means nothing to someone who only wanted a window. So the window's
start asks first and, when the answer is no, prints one line saying what to do and exits with
EXIT_NO_DISPLAY. This module imports no Qt.

A local display that nothing answers at (DISPLAY=:0 left over in a container or an ssh session)
ends in the same abort, so that is asked too, by connecting to its socket.

Libraries are looked for by opening them the way the dynamic linker will (`ctypes.CDLL` on
their sonames), not with `ctypes.util.find_library`, which starts programs (ldconfig, gcc) and
so breaks the rule that the app starts none.
"""

from __future__ import annotations

import ctypes
import importlib.util
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
) -> str | None:
    """Why no window can open here, in one line, or None when nothing is known to stop it.

    Only Linux is checked, and only when Qt would use X11 (QT_QPA_PLATFORM unset or xcb):
    another platform asked for by name is the person's choice, and a Wayland session may not
    need the X11 libraries at all. `loads` (does this library load?) and `answers` (does
    this X display answer?) are for tests."""
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
    if wayland and not requested:
        return None  # Qt may well use Wayland
    if not (_x11_display_answers if answers is None else answers)(display):
        return (
            f"no display: nothing answers at DISPLAY={display!r} (start the X server, or set "
            "DISPLAY to one that runs; `briefing-app print` / `validate` need none)"
        )
    loads = _loads if loads is None else loads
    missing = [package for soname, package in XCB_LIBRARIES if not loads(soname)]
    if not missing:
        return None
    return (
        "the window needs system libraries that are missing; install them "
        f"(Debian/Ubuntu: sudo apt install {' '.join(missing)})"
    )


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
    """Whether a local X display (":0", "unix:0") has a server listening on its socket. Any
    other kind (a host, as ssh forwarding sets) is taken on trust: only Xlib knows them all."""
    host, _, number = display.rpartition(":")
    number = number.split(".")[0]
    if host not in ("", "unix") or not number.isdigit():
        return True
    path = f"/tmp/.X11-unix/X{number}"
    for address in (f"\0{path}", path):  # Linux servers listen on both, abstract first
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
            probe.settimeout(1)
            try:
                probe.connect(address)
            except OSError:
                continue
            return True
    return False


def _pyside_libraries() -> Path | None:
    spec = importlib.util.find_spec("PySide6")  # finds the package without importing Qt
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "Qt" / "lib"
