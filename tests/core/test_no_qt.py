"""The core stays free of Qt, so it can be used and tested without a display or PySide6."""

import subprocess
import sys
from pathlib import Path

PROBE = """
import importlib, pkgutil, sys
import briefing_app.core as core
for module in pkgutil.walk_packages(core.__path__, "briefing_app.core."):
    importlib.import_module(module.name)
loaded = sorted(name for name in sys.modules if name.split(".")[0] in ("PySide6", "shiboken6"))
print(len(list(pkgutil.walk_packages(core.__path__))), loaded)
"""


def test_importing_every_core_module_loads_no_qt() -> None:
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, cwd=root, check=True
    )
    count, loaded = done.stdout.split(" ", 1)
    assert int(count) >= 5
    assert loaded.strip() == "[]"
