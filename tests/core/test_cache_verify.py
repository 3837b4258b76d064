"""Only entries this user's viewer wrote are decoded, and even those are checked: a planted,
forged or malformed entry, head or record means the files are read, never a crash later."""

from __future__ import annotations

import hashlib
import hmac
import marshal
import shutil
from pathlib import Path
from typing import Any

import pytest

from briefing_app.core import cache, cache_codec, cache_store
from briefing_app.core.cache import load_with_cache
from briefing_app.core.loader import load_dataset
from briefing_app.core.model import Dataset, Event
from briefing_app.core.search import SearchIndex
from briefing_app.core.sheet import SheetOptions, compose_sheet
from briefing_app.core.tree import make_tree

HEADER = cache._HEADER
MAC_AT = cache._MAC_AT


@pytest.fixture
def data(sample_copy: Path) -> Path:
    return sample_copy


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "cache"


def entry_of(data: Path, folder: Path) -> Path:
    name = cache._entry_name(data)
    assert name is not None
    return folder / name


def signed(folder: Path, content: bytes) -> bytes:
    """`content` with its MAC made again under the folder's own key: what only someone holding
    the key (or a bug in the writer) could produce."""
    key = (folder / cache_store.KEY_NAME).read_bytes()
    mac = hmac.new(key, content[:MAC_AT] + content[HEADER:], "sha256").digest()
    return content[:MAC_AT] + mac + content[HEADER:]


def use_everything(dataset: Dataset, index: SearchIndex) -> None:
    """What the window and a sheet do with a dataset: every event, the tree, a filter."""
    for event_id in dataset.events:
        event = dataset.events[event_id]
        assert isinstance(event, Event)
        event.cited_source_ids()
        _ = event.credibility_meaning
        dataset.ancestors(event_id)
    for grouping in ("storyline", "date", "actor", "place", "tag", "source"):
        make_tree(dataset, grouping)
    compose_sheet(dataset, SheetOptions(page_size="A4"))
    from briefing_app.core.query import parse_query

    for text in ("withdrawal", "actor:khrenin", "status:confirmed", "reliability:>=C", "e"):
        index.matches(parse_query(text))


class MarshalSpy:
    """`marshal`, recording every buffer it is asked to decode."""

    def __init__(self) -> None:
        self.decoded: list[bytes] = []

    def loads(self, data: Any) -> Any:
        self.decoded.append(bytes(data))
        return marshal.loads(data)

    def dumps(self, value: Any) -> bytes:
        return marshal.dumps(value)


# -- the MAC ------------------------------------------------------------------------------------


def test_an_entry_from_another_account_or_machine_is_a_miss(data: Path, tmp_path: Path) -> None:
    theirs, mine = tmp_path / "theirs", tmp_path / "mine"
    load_with_cache(data, folder=theirs)
    load_with_cache(data, folder=mine)
    shutil.copyfile(entry_of(data, theirs), entry_of(data, mine))  # same dataset, other key
    loaded = load_with_cache(data, folder=mine)
    assert not loaded.hit
    assert loaded.result == load_dataset(data)
    assert load_with_cache(data, folder=mine).hit


def test_a_forged_entry_with_a_good_checksum_is_never_decoded(
    data: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whoever can write a file cannot make its MAC without the key: a plain checksum, as the
    cache once kept, is easily made again and proves nothing."""
    load_with_cache(data, folder=folder)
    entry = entry_of(data, folder)
    content = bytearray(entry.read_bytes())
    evil = marshal.dumps(("not", "a", "head"))
    content[-8 - 100 :] = evil + len(evil).to_bytes(8, "little")
    checksum = hashlib.sha256(content[HEADER:]).digest()
    content[MAC_AT:HEADER] = checksum
    entry.write_bytes(bytes(content))
    spy = MarshalSpy()
    monkeypatch.setattr(cache, "marshal", spy)
    monkeypatch.setattr(cache_codec, "marshal", spy)
    loaded = load_with_cache(data, folder=folder)
    assert not loaded.hit
    assert spy.decoded == []  # not one byte of it reached marshal
    assert loaded.result == load_dataset(data)


@pytest.mark.parametrize("where", [0, 8, 40, 80, -1, -9])
def test_any_byte_changed_is_a_miss(data: Path, folder: Path, where: int) -> None:
    load_with_cache(data, folder=folder)
    entry = entry_of(data, folder)
    content = bytearray(entry.read_bytes())
    content[where] ^= 0x01
    entry.write_bytes(bytes(content))
    assert not load_with_cache(data, folder=folder).hit
    assert load_with_cache(data, folder=folder).hit


def test_an_entry_for_another_dataset_is_a_miss(data: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    shutil.copytree(data, other)
    (other / "events" / "more.yaml").write_text("events: []\n")
    folder = tmp_path / "cache"
    load_with_cache(other, folder=folder)
    shutil.copyfile(entry_of(other, folder), entry_of(data, folder))
    assert not load_with_cache(data, folder=folder).hit


# -- a verified head that is not what this version reads ------------------------------------------


def head_change(name: str) -> Any:
    def change(head: tuple[Any, ...]) -> tuple[Any, ...]:
        fields = list(head)
        state = list(fields[12])
        if name == "arity":
            return head[:-1]
        if name == "title-type":
            fields[0] = (42, *fields[0][1:])
        elif name == "unknown-child":
            fields[5] = (*fields[5], (None, ("ghost",)))
        elif name == "severity":
            fields[6] = ((*fields[6][0][:3], "fatal", *fields[6][0][4:]),) if fields[6] else ((),)
        elif name == "record-ends":
            fields[11] = fields[11][:-8]
        elif name == "index-texts":
            state[2] = [*state[2][:-1], None]
        elif name == "index-length":
            state[4] = state[4][:-1]
        elif name == "index-status-position":
            state[3] = {**state[3], "reported": frozenset({10**6})}
        elif name == "index-packed":
            state[7] = {**state[7], "actor": [("x", b"\x00\x00\x00")]}
        elif name == "index-words":
            state[9] = {**state[9], "word": "not bytes"}
        fields[12] = tuple(state)
        return tuple(fields)

    return change


@pytest.mark.parametrize(
    "change",
    [
        "arity",
        "title-type",
        "unknown-child",
        "severity",
        "record-ends",
        "index-texts",
        "index-length",
        "index-status-position",
        "index-packed",
        "index-words",
    ],
)
def test_a_verified_head_of_the_wrong_shape_is_a_miss(
    data: Path, folder: Path, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    freeze = cache_codec.freeze_head
    monkeypatch.setattr(
        cache, "freeze_head", lambda *args: head_change(change)(freeze(*args))
    )  # a writer with a bug: its entries are signed like any other
    load_with_cache(data, folder=folder)
    monkeypatch.undo()
    loaded = load_with_cache(data, folder=folder)
    assert not loaded.hit
    assert loaded.result == load_dataset(data)
    assert load_with_cache(data, folder=folder).hit


# -- a verified record that is not what this version reads -------------------------------------


def bad_record(kind: str, event: Event) -> Any:
    row = list(cache_codec.freeze_event(event))
    if kind == "credibility-text":
        row[9] = "3"
    elif kind == "short":
        row = row[:-1]
    elif kind == "date":
        row[2] = "not a date"
    elif kind == "figure-shape":
        row[11] = (("label",),)
    elif kind == "another-event":
        row[0] = "someone-else"
    elif kind == "list-not-tuple":
        row[6] = list(row[6])
    elif kind == "origin":
        row[15] = ("path", "1", 1)
    return tuple(row)


RECORD_KINDS = [
    "credibility-text",
    "short",
    "date",
    "figure-shape",
    "another-event",
    "list-not-tuple",
    "origin",
]


def signed_with_bad_records(
    data: Path, folder: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    freeze = cache_codec.freeze_event
    monkeypatch.setattr(
        cache,
        "freeze_event",
        lambda event: bad_record(kind, event) if event.quotes else freeze(event),
    )
    load_with_cache(data, folder=folder)
    monkeypatch.undo()


@pytest.mark.parametrize("kind", RECORD_KINDS)
def test_a_verified_record_of_the_wrong_shape_means_the_files_are_read(
    data: Path,
    folder: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    kind: str,
) -> None:
    signed_with_bad_records(data, folder, monkeypatch, kind)
    loaded = load_with_cache(data, folder=folder)
    assert loaded.hit  # the head is sound; the records are only read when asked for
    assert "did not decode" not in caplog.text
    full = load_dataset(data)
    assert loaded.result == full  # every event, as the files say, never a crash
    assert loaded.result.dataset is not None
    assert loaded.index is not None
    use_everything(loaded.result.dataset, loaded.index)
    assert caplog.text.count("did not decode") == 1  # the files were read, once
    again = load_with_cache(data, folder=folder)  # the bad entry was replaced
    assert again.hit
    assert again.result == full


def test_undecodable_record_bytes_mean_the_files_are_read(data: Path, folder: Path) -> None:
    load_with_cache(data, folder=folder)
    entry = entry_of(data, folder)
    content = bytearray(entry.read_bytes())
    content[HEADER : HEADER + 4] = b"\xff\xff\xff\xff"  # the first record: not marshal data
    entry.write_bytes(signed(folder, bytes(content)))
    loaded = load_with_cache(data, folder=folder)
    assert loaded.hit
    assert loaded.result == load_dataset(data)
    assert load_with_cache(data, folder=folder).hit


def test_a_bad_record_and_files_changed_since_give_an_honest_stand_in(
    data: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    full = load_dataset(data).dataset
    assert full is not None
    quoted = [event_id for event_id in full.events if full.events[event_id].quotes]
    signed_with_bad_records(data, folder, monkeypatch, "credibility-text")
    loaded = load_with_cache(data, folder=folder)
    dataset = loaded.result.dataset
    assert dataset is not None
    for file in data.rglob("*.yaml"):
        if file.name != "dataset.yaml":
            file.write_text("events: []\n")  # the events are gone from the files meanwhile
    stand_in = dataset.events[quoted[0]]
    assert stand_in.id == quoted[0]
    assert stand_in.title == full.events[quoted[0]].title
    assert stand_in.summary.startswith("This event could not be read")
    assert loaded.index is not None
    use_everything(dataset, loaded.index)


def test_every_event_and_index_survive_the_round_trip(data: Path, folder: Path) -> None:
    load_with_cache(data, folder=folder)
    loaded = load_with_cache(data, folder=folder)
    full = load_dataset(data)
    assert loaded.hit
    assert loaded.result.dataset is not None
    assert full.dataset is not None
    for event_id in full.dataset.events:
        assert loaded.result.dataset.events[event_id] == full.dataset.events[event_id]
