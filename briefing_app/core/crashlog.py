"""Where an unexpected failure is written down, so the person sees one line and not a traceback.

Every entry point has one outer guard; what it catches goes here: a report with the time, the
version, what was being done and the traceback, appended to `crash.log` in the user's state
folder ($BRIEFING_VIEWER_STATE_DIR, else `~/.local/state/briefing-viewer` on Linux). The
traceback may quote the dataset, so it is written with its control characters escaped (a later
`cat crash.log` must not run a terminal escape), the folder is private, and the log is cut short
when it grows past a limit rather than filling the disk.
"""

from __future__ import annotations

import os
import sys
import traceback
from datetime import datetime
from pathlib import Path
from typing import Final

from briefing_app import __version__
from briefing_app.core.problems import escape_controls

STATE_FOLDER_VARIABLE: Final = "BRIEFING_VIEWER_STATE_DIR"
LOG_NAME: Final = "crash.log"
LOG_LIMIT: Final = 1 << 20  # a log past this size is started afresh


def state_folder() -> Path:
    """$BRIEFING_VIEWER_STATE_DIR, else the platform's folder for an app's state and logs."""
    chosen = os.environ.get(STATE_FOLDER_VARIABLE)
    if chosen:
        return Path(chosen)
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local"))
        return base / "briefing-viewer" / "Logs"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Logs" / "briefing-viewer"
    base = Path(os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state")
    return base / "briefing-viewer"


def crash_log() -> Path:
    return state_folder() / LOG_NAME


def record_crash(error: BaseException, doing: str) -> Path:
    """Append a report of `error`, met while `doing` (e.g. `briefing-app print`), to the crash
    log; returns the log's path. OSError when it cannot be written."""
    path = crash_log()
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    trace = "".join(traceback.format_exception(error))
    lines = [
        f"== {datetime.now().astimezone().isoformat(timespec='seconds')} "
        f"briefing-app {__version__}, Python {sys.version.split()[0]}, {sys.platform}",
        escape_controls(doing),
        *(escape_controls(line) for line in trace.splitlines()),
        "",
    ]
    flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_NOFOLLOW", 0)
    descriptor = os.open(path, flags, 0o600)
    try:
        if os.fstat(descriptor).st_size > LOG_LIMIT:
            os.ftruncate(descriptor, 0)
        data = ("\n".join(lines) + "\n").encode("utf-8", "backslashreplace")
        view = memoryview(data)
        while view:
            view = view[os.write(descriptor, view) :]
    finally:
        os.close(descriptor)
    return path
