"""The version stamp's git part: read from the repository's files, never by running anything.

A dataset's `.git` is as untrusted as its YAML. These tests make repositories by hand (no git
needed) and, where git is installed, with git itself in the test's own folder: clean, modified,
packed with deltas, linked worktrees, and hostile ones that would run a program, hang on a FIFO,
loop on a link or exhaust memory. Every one must give a stamp, quickly, and run nothing.
"""

import hashlib
import os
import random
import re
import shutil
import subprocess
import threading
import time
import tracemalloc
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from briefing_app import paths
from briefing_app.core.gitpack import GitReadError
from briefing_app.core.gitread import MAX_TREE_ENTRIES, ObjectStore, find_repository, head_commit
from briefing_app.core.loader import load_dataset
from briefing_app.core.repo_version import dataset_version
from briefing_app.core.sheet import SheetOptions, compose_sheet

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
PACKAGE = Path(__file__).resolve().parents[2] / "briefing_app"


def write_object(git: Path, kind: bytes, body: bytes) -> bytes:
    data = kind + b" %d\0" % len(body) + body
    object_id = hashlib.sha1(data).hexdigest()
    path = git / "objects" / object_id[:2] / object_id[2:]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(zlib.compress(data))
    return bytes.fromhex(object_id)


def write_tree(git: Path, folder: Path) -> bytes:
    body = b""
    for path in sorted(folder.iterdir()):
        if path.name == ".git":
            continue
        if path.is_dir():
            body += b"40000 " + os.fsencode(path.name) + b"\0" + write_tree(git, path)
        else:
            blob = write_object(git, b"blob", path.read_bytes())
            body += b"100644 " + os.fsencode(path.name) + b"\0" + blob
    return write_object(git, b"tree", body)


def commit_by_hand(folder: Path) -> str:
    """Make `folder` a repository whose HEAD (branch `main`) commits its files as they are."""
    git = folder / ".git"
    tree = write_tree(git, folder)
    stamp = b"t <t@example.org> 0 +0000"
    body = b"tree %s\nauthor %s\ncommitter %s\n\ndata\n" % (tree.hex().encode(), stamp, stamp)
    commit = write_object(git, b"commit", body).hex()
    (git / "refs" / "heads").mkdir(parents=True)
    (git / "refs" / "heads" / "main").write_text(f"{commit}\n")
    (git / "HEAD").write_text("ref: refs/heads/main\n")
    return commit


def git(folder: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(folder), "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


@pytest.fixture
def dataset_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "repo" / "data"
    shutil.copytree(paths.sample_dataset(), copy)
    return copy


def stamp(folder: Path) -> str:
    """The stamp of the dataset in `folder`, made in a thread that must end within 20 s."""
    files = load_dataset(folder).files
    made: list[str] = []
    worker = threading.Thread(target=lambda: made.append(dataset_version(files, folder)))
    worker.daemon = True
    worker.start()
    worker.join(20)
    assert made, "the version stamp hung"
    return made[0]


def test_clean_modified_deleted_and_added_files(dataset_copy: Path) -> None:
    commit = commit_by_hand(dataset_copy.parent)
    assert re.fullmatch(rf"data [0-9a-f]{{12}}, git {commit[:10]}", stamp(dataset_copy))
    (dataset_copy / "notes.txt").write_text("not data\n")  # not a dataset file: no change
    assert stamp(dataset_copy).endswith(f"git {commit[:10]}")
    events = dataset_copy / "events" / "ukraine-north.yaml"
    original = events.read_bytes()
    events.write_bytes(original + b"# edited\n")
    assert stamp(dataset_copy).endswith(f"git {commit[:10]}+changes")
    events.unlink()  # committed but gone
    assert stamp(dataset_copy).endswith(f"git {commit[:10]}+changes")
    events.write_bytes(original)
    (dataset_copy / "events" / "new.yaml").write_text("events: []\n")  # data not committed
    assert stamp(dataset_copy).endswith(f"git {commit[:10]}+changes")


def test_no_git_part_outside_a_repository(dataset_copy: Path) -> None:
    assert re.fullmatch(r"data [0-9a-f]{12}", stamp(dataset_copy))


def test_untracked_dataset_in_a_repository_has_no_git_part(tmp_path: Path) -> None:
    (tmp_path / "readme.txt").write_text("a repository holding other things\n")
    commit_by_hand(tmp_path)
    shutil.copytree(paths.sample_dataset(), tmp_path / "data")
    assert re.fullmatch(r"data [0-9a-f]{12}", stamp(tmp_path / "data"))


def test_detached_head_packed_refs_and_gitdir_file(dataset_copy: Path, tmp_path: Path) -> None:
    repo = dataset_copy.parent
    commit = commit_by_hand(repo)
    (repo / ".git" / "HEAD").write_text(f"{commit}\n")  # detached
    assert stamp(dataset_copy).endswith(f"git {commit[:10]}")
    (repo / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (repo / ".git" / "refs" / "heads" / "main").unlink()
    (repo / ".git" / "packed-refs").write_text(
        f"# pack-refs with: peeled\n{commit} refs/heads/main\n"
    )
    assert stamp(dataset_copy).endswith(f"git {commit[:10]}")
    (repo / ".git").rename(tmp_path / "moved.git")
    (repo / ".git").write_text(f"gitdir: {tmp_path / 'moved.git'}\n")
    assert stamp(dataset_copy).endswith(f"git {commit[:10]}")


def test_a_branch_with_no_commit_yet(dataset_copy: Path) -> None:
    (dataset_copy / ".git" / "refs" / "heads").mkdir(parents=True)
    (dataset_copy / ".git" / "objects").mkdir()
    (dataset_copy / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    assert "git" not in stamp(dataset_copy)


def _garbage_head(git_dir: Path, outside: Path) -> None:
    (git_dir / "HEAD").write_bytes(os.urandom(200))


def _head_outside(git_dir: Path, outside: Path) -> None:
    (git_dir / "HEAD").write_text(f"ref: refs/../../../../../../../..{outside}\n")


def _absolute_ref(git_dir: Path, outside: Path) -> None:
    (git_dir / "HEAD").write_text(f"ref: {outside}\n")


def _ref_links_outside(git_dir: Path, outside: Path) -> None:
    (git_dir / "refs" / "heads" / "main").unlink()
    (git_dir / "refs" / "heads" / "main").symlink_to(outside)


def _huge_head(git_dir: Path, outside: Path) -> None:
    with open(git_dir / "HEAD", "wb") as head:
        head.truncate(4 << 30)  # sparse: 4 GiB that take no disk


def _huge_packed_refs(git_dir: Path, outside: Path) -> None:
    (git_dir / "refs" / "heads" / "main").unlink()
    with open(git_dir / "packed-refs", "wb") as packed:
        packed.truncate(8 << 30)


def _head_link_loop(git_dir: Path, outside: Path) -> None:
    (git_dir / "HEAD").unlink()
    (git_dir / "HEAD").symlink_to("HEAD")


def _refs_folder_loop(git_dir: Path, outside: Path) -> None:
    shutil.rmtree(git_dir / "refs" / "heads")
    (git_dir / "refs" / "heads").symlink_to("heads")


def _dot_git_loop(git_dir: Path, outside: Path) -> None:
    shutil.rmtree(git_dir)
    git_dir.symlink_to(".git")


def _head_fifo(git_dir: Path, outside: Path) -> None:
    (git_dir / "HEAD").unlink()
    os.mkfifo(git_dir / "HEAD")


def _ref_fifo(git_dir: Path, outside: Path) -> None:
    (git_dir / "refs" / "heads" / "main").unlink()
    os.mkfifo(git_dir / "refs" / "heads" / "main")


def _object_fifo(git_dir: Path, outside: Path) -> None:
    _loose_commit(git_dir).unlink()
    os.mkfifo(_loose_commit(git_dir))


def _gitdir_device(git_dir: Path, outside: Path) -> None:
    shutil.rmtree(git_dir)
    git_dir.write_text("gitdir: /dev/zero\n")


def _symref_loop(git_dir: Path, outside: Path) -> None:
    (git_dir / "refs" / "heads" / "main").write_text("ref: refs/heads/main\n")


def _loose_commit(git_dir: Path) -> Path:
    commit = (git_dir / "refs" / "heads" / "main").read_text().strip()
    return git_dir / "objects" / commit[:2] / commit[2:]


def _zlib_bomb(git_dir: Path, outside: Path) -> None:
    """A small object as its header says, that inflates to 256 MiB."""
    bomb = zlib.compressobj()
    zeros = bytes(1 << 20)
    data = bomb.compress(b"commit 100\0") + b"".join(bomb.compress(zeros) for _ in range(256))
    _loose_commit(git_dir).write_bytes(data + bomb.flush())


def _declared_huge(git_dir: Path, outside: Path) -> None:
    _loose_commit(git_dir).write_bytes(zlib.compress(b"commit 99999999999\0tree "))


def _huge_object(git_dir: Path, outside: Path) -> None:
    with open(_loose_commit(git_dir), "wb") as loose:
        loose.truncate(4 << 30)


def _forged_object(git_dir: Path, outside: Path) -> None:
    """The commit's file holds another object, a tree that names itself."""
    commit = (git_dir / "refs" / "heads" / "main").read_text().strip()
    forged = b"tree 28\x0040000 a\0" + bytes.fromhex(commit)
    _loose_commit(git_dir).write_bytes(zlib.compress(forged))


def _garbage_pack(git_dir: Path, outside: Path) -> None:
    _loose_commit(git_dir).unlink()
    pack = git_dir / "objects" / "pack"
    pack.mkdir()
    index = b"\xfftOc\x00\x00\x00\x02" + (b"\xff\xff\xff\xff" * 256) + os.urandom(4096)
    (pack / "pack-1.idx").write_bytes(index)
    (pack / "pack-1.pack").write_bytes(b"PACK" + os.urandom(4096))


HOSTILE = [
    _garbage_head,
    _head_outside,
    _absolute_ref,
    _ref_links_outside,
    _huge_head,
    _huge_packed_refs,
    _head_link_loop,
    _refs_folder_loop,
    _dot_git_loop,
    _head_fifo,
    _ref_fifo,
    _object_fifo,
    _gitdir_device,
    _symref_loop,
    _zlib_bomb,
    _declared_huge,
    _huge_object,
    _forged_object,
    _garbage_pack,
]


@pytest.mark.parametrize("spoil", HOSTILE, ids=[spoil.__name__[1:] for spoil in HOSTILE])
def test_a_hostile_repository_gives_no_git_part(
    dataset_copy: Path, tmp_path: Path, spoil: Callable[[Path, Path], None]
) -> None:
    outside = tmp_path / "outside"
    outside.write_text("0123456789012345678901234567890123456789\n")
    commit_by_hand(dataset_copy.parent)
    spoil(dataset_copy.parent / ".git", outside)
    assert re.fullmatch(r"data [0-9a-f]{12}", stamp(dataset_copy))


def _armed(repo: Path, markers: Path) -> None:
    """Configure `repo` so that git runs a program at every turn, each leaving a marker."""
    scripts = repo.parent / "scripts"
    scripts.mkdir()
    hooks = scripts / "hooks"
    hooks.mkdir()

    def script(folder: Path, name: str) -> str:
        path = folder / name
        path.write_text(f"#!/bin/sh\ntouch '{markers / name}'\n")
        path.chmod(0o755)
        return str(path)

    for hook in ("pre-commit", "post-checkout", "post-index-change", "fsmonitor-watchman"):
        script(hooks, hook)
        shutil.copy(hooks / hook, repo / ".git" / "hooks" / hook)
    names = ("fsmonitor", "clean", "smudge", "process", "pager", "textconv", "external", "gpg")
    run = {name: script(scripts, name) for name in names}
    with open(repo / ".git" / "config", "a") as config:
        config.write(
            f"[core]\n\tfsmonitor = {run['fsmonitor']}\n\tpager = {run['pager']}\n"
            f"\thooksPath = {hooks}\n\tuntrackedCache = false\n"
            f'[filter "evil"]\n\tclean = {run["clean"]}\n\tsmudge = {run["smudge"]}\n'
            f"\tprocess = {run['process']}\n"
            f'[diff "evil"]\n\ttextconv = {run["textconv"]}\n'
            f"[diff]\n\texternal = {run['external']}\n[gpg]\n\tprogram = {run['gpg']}\n"
        )
    (repo / ".gitattributes").write_text("* filter=evil diff=evil\n")


@needs_git
def test_a_dataset_whose_git_config_would_run_programs_runs_none(
    dataset_copy: Path, tmp_path: Path
) -> None:
    repo = dataset_copy.parent
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "data")
    commit = git(repo, "rev-parse", "HEAD")
    markers = tmp_path / "markers"
    markers.mkdir()
    _armed(repo, markers)
    os.utime(dataset_copy / "dataset.yaml", (1, 1))  # git must look at the file again
    subprocess.run(["git", "-C", str(repo), "status"], capture_output=True, check=False, timeout=60)
    assert (markers / "fsmonitor").exists()  # the trap is real: git itself springs it
    for marker in markers.iterdir():
        marker.unlink()
    assert stamp(dataset_copy).endswith(f"git {commit[:10]}")
    loaded = load_dataset(dataset_copy).dataset
    assert loaded is not None
    sheet = compose_sheet(loaded, SheetOptions(), location=dataset_copy)
    assert sheet.version.endswith(f"git {commit[:10]}")
    assert list(markers.iterdir()) == []


@needs_git
def test_nothing_can_start_a_program(dataset_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = dataset_copy.parent
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "data")
    commit = git(repo, "rev-parse", "HEAD")

    def forbidden(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a program was started")

    monkeypatch.setattr(subprocess.Popen, "__init__", forbidden)
    for name in ("system", "popen", "posix_spawn", "posix_spawnp", "fork", "execv", "execve"):
        if hasattr(os, name):
            monkeypatch.setattr(os, name, forbidden)
    assert stamp(dataset_copy).endswith(f"git {commit[:10]}")


@needs_git
@pytest.mark.parametrize("object_format", ["sha1", "sha256"])
def test_packed_repository_with_deltas_matches_git(tmp_path: Path, object_format: str) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(paths.sample_dataset(), repo)
    try:
        git(repo, "init", "-q", f"--object-format={object_format}")
    except subprocess.CalledProcessError:
        pytest.skip(f"this git cannot make {object_format} repositories")
    for number in range(12):
        with open(repo / "events" / "ukraine-north.yaml", "a") as events:
            events.write(f"# revision {number}\n")
        git(repo, "add", ".")
        git(repo, "commit", "-qm", f"revision {number}")
    git(repo, "gc", "-q", "--aggressive")
    assert not list((repo / ".git" / "objects").glob("??/*"))  # everything is packed
    commit = git(repo, "rev-parse", "HEAD")
    assert stamp(repo).endswith(f"git {commit[:10]}")
    git(repo, "checkout", "-q", "HEAD~5")  # an older commit: its trees are deltas in the pack
    older = git(repo, "rev-parse", "HEAD")
    assert stamp(repo).endswith(f"git {older[:10]}")
    (repo / "dataset.yaml").write_text((repo / "dataset.yaml").read_text() + "# edited\n")
    assert stamp(repo).endswith(f"git {older[:10]}+changes")


@needs_git
def test_linked_worktree(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(paths.sample_dataset(), repo)
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "data")
    git(repo, "worktree", "add", "-q", str(tmp_path / "linked"))
    commit = git(repo, "rev-parse", "HEAD")
    assert stamp(tmp_path / "linked").endswith(f"git {commit[:10]}")


def test_no_module_starts_a_program() -> None:
    """The rule, for the whole app: nothing starts a program. The exceptions are hand-overs to
    the desktop (openUrl, in the UI only): an http(s) address the person confirmed, to their
    browser, and a dataset file the person asked to open from the Problems panel."""
    starts = re.compile(
        r"\bsubprocess\b|os\.system|os\.popen|os\.exec|os\.spawn|posix_spawn|QProcess"
        r"|startDetached|webbrowser|\bpty\b"
    )
    opens = re.compile(r"openUrl")
    found = [
        f"{path.relative_to(PACKAGE)}:{number}: {line.strip()}"
        for path in PACKAGE.rglob("*.py")
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1)
        if starts.search(line) or (opens.search(line) and path.parent.name != "ui")
    ]
    assert found == []


@needs_git
def test_corrupted_packs_never_crash_or_hang(tmp_path: Path) -> None:
    """Random bytes changed in a packed repository's pack and index: each stamp either names
    the commit (the damage missed what it reads) or has no git part, at once."""
    repo = tmp_path / "repo"
    shutil.copytree(paths.sample_dataset(), repo)
    git(repo, "init", "-q")
    for number in range(6):
        with open(repo / "events" / "ukraine-north.yaml", "a") as events:
            events.write(f"# revision {number}\n")
        git(repo, "add", ".")
        git(repo, "commit", "-qm", f"revision {number}")
    git(repo, "gc", "-q", "--aggressive")
    git(repo, "checkout", "-q", "HEAD~3")
    commit = git(repo, "rev-parse", "HEAD")
    files = load_dataset(repo).files
    packs = [*(repo / ".git" / "objects" / "pack").glob("*.pack")]
    packs += [*(repo / ".git" / "objects" / "pack").glob("*.idx")]
    originals = {path: path.read_bytes() for path in packs}
    chance = random.Random(9)
    for _ in range(300):
        path = chance.choice(packs)
        damaged = bytearray(originals[path])
        for _ in range(chance.randint(1, 8)):
            damaged[chance.randrange(len(damaged))] = chance.randrange(256)
        if chance.random() < 0.2:
            damaged = damaged[: chance.randrange(len(damaged))]
        path.write_bytes(damaged)
        started = time.perf_counter()
        version = dataset_version(files, repo)
        assert time.perf_counter() - started < 2
        assert re.fullmatch(rf"data [0-9a-f]{{12}}(, git {commit[:10]})?", version)
        path.write_bytes(originals[path])


def _tree_bomb(folder: Path, trees: int, entries: int, *, name_last: bool) -> Path:
    """A dataset in `folder`/data with one sub-folder per tree, each committed as a tree of
    `entries` filler entries beside its one YAML file (first or last)."""
    data = folder / "data"
    data.mkdir(parents=True)
    (data / "dataset.yaml").write_text("dataset: {title: T}\n")
    git_dir = folder / ".git"
    filler = b"".join(b"100644 %05x\0" % number + bytes(20) for number in range(entries))
    body = b"100644 dataset.yaml\0" + write_object(git_dir, b"blob", b"dataset: {title: T}\n")
    for number in range(trees):
        sub = data / f"s{number:02d}"
        sub.mkdir()
        (sub / "a.yaml").write_text(f"# {number}\n")
        own = b"100644 a.yaml\0" + write_object(git_dir, b"blob", f"# {number}\n".encode())
        tree_body = filler + own if name_last else own + filler
        body += b"40000 s%02d\0" % number + write_object(git_dir, b"tree", tree_body)
    top = b"40000 data\0" + write_object(git_dir, b"tree", body)
    stamp_line = b"t <t@example.org> 0 +0000"
    commit = write_object(
        git_dir,
        b"commit",
        b"tree %s\nauthor %s\ncommitter %s\n\nx\n"
        % (write_object(git_dir, b"tree", top).hex().encode(), stamp_line, stamp_line),
    )
    (git_dir / "refs" / "heads").mkdir(parents=True)
    (git_dir / "refs" / "heads" / "main").write_text(f"{commit.hex()}\n")
    (git_dir / "HEAD").write_text("ref: refs/heads/main\n")
    return data


@pytest.mark.parametrize(
    ("trees", "entries", "name_last"),
    [
        (3, 1_000_000, False),  # 33 MB trees, each under the old 32 MiB limit on an object
        (4, 120_000, True),  # 4 MB trees under today's limit, too many entries each
        (12, 19_990, True),  # trees under every per-tree cap: too many entries in all
    ],
    ids=["huge-trees", "many-entries-per-tree", "many-entries-in-all"],
)
def test_a_tree_bomb_gives_no_git_part_quickly_and_in_little_memory(
    tmp_path: Path, trees: int, entries: int, name_last: bool
) -> None:
    """A small `.git` whose trees each list up to a million entries took 17 s and 3.5 GB:
    now every cap on reading (object size, budget, entries per tree and in all) is far below
    that, and any cap hit only leaves the git part out."""
    data = _tree_bomb(tmp_path, trees, entries, name_last=name_last)
    files = load_dataset(data).files
    tracemalloc.start()
    try:
        started = time.perf_counter()
        version = dataset_version(files, data)
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert re.fullmatch(r"data [0-9a-f]{12}", version)
    assert elapsed < 3
    assert peak < 200 << 20


def test_a_lookup_parses_a_tree_only_up_to_the_name_it_wants(tmp_path: Path) -> None:
    """A tree past the per-tree cap still answers for its first names (the rest is never
    parsed); listing it all meets the cap, which the stamp takes as "no git part"."""
    data = _tree_bomb(tmp_path, 1, MAX_TREE_ENTRIES + 10, name_last=False)
    repository = find_repository(tmp_path.resolve())
    assert repository is not None
    commit = head_commit(repository)
    assert commit is not None
    with ObjectStore(repository, len(commit)) as store:
        top = store.tree_entry(store.commit_tree(commit), b"data")
        assert top is not None
        sub = store.tree_entry(top[1], b"s00")
        assert sub is not None
        assert store.tree_entry(sub[1], b"a.yaml") is not None
        with pytest.raises(GitReadError, match="too many entries"):
            store.tree_entries(sub[1])
    assert re.fullmatch(r"data [0-9a-f]{12}", stamp(data))
