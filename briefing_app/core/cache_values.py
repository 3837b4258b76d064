"""The checked readers the cache codec decodes with: each value is exactly the type this
version writes, or BadEntry. Apart from `cache_codec` so that it stays one module's length."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from briefing_app.core.edtf import EdtfDate, parse_edtf
from briefing_app.core.model import Origin


class BadEntry(ValueError):
    """A cache entry or record that is not exactly what this version writes."""


def bad_entry() -> BadEntry:
    return BadEntry("the cache entry is not what this version writes")


def text_of(value: object) -> str:
    if type(value) is not str:
        raise bad_entry()
    return value


def optional_text(value: object) -> str | None:
    return None if value is None else text_of(value)


def whole(value: object) -> int:
    if type(value) is not int:
        raise bad_entry()
    return value


def optional_int(value: object) -> int | None:
    return None if value is None else whole(value)


def number_of(value: object) -> float | None:
    if value is not None and type(value) is not float:
        raise bad_entry()
    return value


def row_of(value: object, size: int) -> tuple[Any, ...]:
    if type(value) is not tuple or len(value) != size:
        raise bad_entry()
    return value


def rows_of(value: object, size: int) -> tuple[tuple[Any, ...], ...]:
    if type(value) is not tuple:
        raise bad_entry()
    only(value, tuple)
    if not set(map(len, value)) <= {size}:
        raise bad_entry()
    return value


def only(values: Iterable[object], *types: type) -> None:
    """Every value is exactly one of `types` (a C-speed pass, however many values)."""
    if not frozenset(types).issuperset(map(type, values)):
        raise bad_entry()


_JUST_TEXT = frozenset((str,))


def texts_of(value: object) -> tuple[str, ...]:
    if type(value) is not tuple or (value and not _JUST_TEXT.issuperset(map(type, value))):
        raise bad_entry()
    return value


def origin_of(value: object) -> Origin:
    path, line, col = row_of(value, 3)
    return Origin(text_of(path), whole(line), whole(col))


def date_of(value: object) -> EdtfDate | None:
    return None if value is None else parse_edtf(text_of(value))  # EdtfError is a ValueError
