"""Suite-wide set-up: Qt runs offscreen; settings, the dataset cache and the crash log go to
temporary folders.

So the whole suite needs no screen, and never reads or changes a person's real settings, cache
or crash log."""

import os
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def private_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    folder = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("BRIEFING_VIEWER_CACHE_DIR", str(folder))
    return folder


@pytest.fixture(autouse=True)
def private_settings(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from PySide6.QtCore import QSettings

    folder = tmp_path_factory.mktemp("settings")
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    return folder


@pytest.fixture(autouse=True)
def private_state(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    folder = tmp_path_factory.mktemp("state")
    monkeypatch.setenv("BRIEFING_VIEWER_STATE_DIR", str(folder))
    return folder


@pytest.fixture
def small_filesystem(tmp_path: Path) -> Iterator[Callable[[str], Path]]:
    """Mounts a tmpfs with the given mount options (`size=64k`) and returns its folder, for
    tests of full and read-only disks; skips where that is not possible (not root, not Linux).
    Everything mounted is unmounted afterwards."""
    mounted: list[Path] = []

    def mount(options: str) -> Path:
        folder = tmp_path / f"mounted-{len(mounted)}"
        folder.mkdir()
        command = ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)]
        if subprocess.run(command, capture_output=True, check=False).returncode:
            pytest.skip("cannot mount a small file system here")
        mounted.append(folder)
        return folder

    try:
        yield mount
    finally:
        for folder in mounted:
            subprocess.run(["umount", str(folder)], check=False)


@pytest.fixture
def sample_copy(tmp_path: Path) -> Path:
    """A copy of the bundled sample, free to change."""
    import shutil

    from briefing_app import paths

    target = tmp_path / "data"
    shutil.copytree(paths.sample_dataset(), target)
    return target


@pytest.fixture
def umask() -> Iterator[None]:
    """Sets the umask to 022 for the test (which may change it); the old one comes back after."""
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)
