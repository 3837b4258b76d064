"""The cache folder is used only when it is the user's alone; otherwise the dataset still opens,
without a cache, and the reason is there to show."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from briefing_app.core import cache_store
from briefing_app.core.cache import cache_warning, load_with_cache
from briefing_app.core.loader import load_dataset

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX owners and modes")
NOBODY = 65534


@pytest.fixture
def data(sample_copy: Path) -> Path:
    return sample_copy


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


@pytest.fixture(params=["chown", "seteuid"])
def owned_by_someone_else(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Callable[[Path], None]:
    """Makes a path another user's: for real (root only), or by making this process look like
    someone else to the cache."""

    def give_away(path: Path) -> None:
        if request.param == "chown":
            if os.geteuid() != 0:
                pytest.skip("only root can give a folder away")
            os.chown(path, NOBODY, NOBODY)
        else:
            me = os.geteuid()
            monkeypatch.setattr(os, "geteuid", lambda: me + 1)

    return give_away


def assert_opened_without_cache(data: Path, folder: Path | None, word: str) -> None:
    for _ in range(2):
        loaded = load_with_cache(data, folder=folder)
        assert not loaded.hit
        assert loaded.result == load_dataset(data)  # the dataset still opens, in full
        assert loaded.index is not None
        assert loaded.warning is not None
        assert word in loaded.warning
    assert cache_warning(folder) == loaded.warning


@pytest.mark.parametrize("mode", [0o770, 0o720, 0o707, 0o777, 0o1777, 0o775])
def test_a_folder_others_can_write_in_is_not_used(data: Path, tmp_path: Path, mode: int) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    folder.chmod(mode)
    assert_opened_without_cache(data, folder, "other users")
    assert os.listdir(folder) == []  # nothing written there, not even a key


def test_a_folder_of_another_user_is_not_used(
    data: Path, tmp_path: Path, owned_by_someone_else: Callable[[Path], None]
) -> None:
    folder = tmp_path / "theirs"
    folder.mkdir(mode=0o700)
    owned_by_someone_else(folder)
    assert_opened_without_cache(data, folder, "another user")
    assert os.listdir(folder) == []


def test_the_environment_variable_is_checked_the_same_way(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "from-environment"
    folder.mkdir()
    folder.chmod(0o777)
    monkeypatch.setenv("BRIEFING_VIEWER_CACHE_DIR", str(folder))
    assert_opened_without_cache(data, None, str(folder))
    folder.chmod(0o700)
    assert cache_warning() is None
    load_with_cache(data)
    assert load_with_cache(data).hit


def test_a_link_to_a_folder_of_another_user_is_not_used(
    data: Path, tmp_path: Path, owned_by_someone_else: Callable[[Path], None]
) -> None:
    theirs = tmp_path / "theirs"
    theirs.mkdir(mode=0o700)
    (tmp_path / "cache").symlink_to(theirs)
    owned_by_someone_else(theirs)
    assert_opened_without_cache(data, tmp_path / "cache", "another user")


def test_a_link_to_a_private_folder_of_ours_is_used(data: Path, tmp_path: Path) -> None:
    """A cache folder moved to another disk and linked back is a common set-up: what counts is
    the folder the link leads to, checked once opened."""
    mine = tmp_path / "elsewhere"
    mine.mkdir(mode=0o700)
    (tmp_path / "cache").symlink_to(mine)
    load_with_cache(data, folder=tmp_path / "cache")
    assert load_with_cache(data, folder=tmp_path / "cache").hit


def test_a_file_in_place_of_the_folder_means_no_cache(data: Path, tmp_path: Path) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder should be")
    assert_opened_without_cache(data, blocked, "not a folder")
    assert blocked.read_text() == "a file where the cache folder should be"


def test_missing_folders_are_made_private_each_one(
    data: Path, tmp_path: Path, umask_022: None
) -> None:
    folder = tmp_path / "made" / "by" / "the-app"
    load_with_cache(data, folder=folder)
    for made in (tmp_path / "made", tmp_path / "made" / "by", folder):
        assert stat.S_IMODE(made.stat().st_mode) == 0o700, made
    assert load_with_cache(data, folder=folder).hit
    assert load_with_cache(data, folder=folder).warning is None


def test_an_open_folder_of_ours_that_others_cannot_write_is_used(
    data: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "readable"
    folder.mkdir()
    folder.chmod(0o755)
    load_with_cache(data, folder=folder)
    assert load_with_cache(data, folder=folder).hit
    (key,) = [name for name in os.listdir(folder) if name == cache_store.KEY_NAME]
    assert stat.S_IMODE((folder / key).stat().st_mode) == 0o600


def test_the_warning_escapes_what_a_folder_name_cannot_show(data: Path, tmp_path: Path) -> None:
    folder = Path(os.fsdecode(bytes(tmp_path) + b"/\xcf\xf0\xe8\x1b[31m"))
    folder.mkdir()
    folder.chmod(0o777)
    warning = load_with_cache(data, folder=folder).warning
    assert warning is not None
    assert "\x1b" not in warning
    assert "\\xcf\\xf0\\xe8\\x1b[31m" in warning
    warning.encode("utf-8")  # printable, valid text
