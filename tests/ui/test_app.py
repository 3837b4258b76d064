"""`briefing-app` starts the window on the bundled sample and keeps running."""

import os
import subprocess
import sys
import time
from pathlib import Path


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
