"""Where the window remembers things between runs (an INI file in the user's config folder).

One explicit format and scope, so tests can point it at a temporary folder with
`QSettings.setPath` and never touch a person's real settings."""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import quote, quote_from_bytes, unquote, unquote_to_bytes

from PySide6.QtCore import QSettings

APP_NAME = "Briefing Viewer"  # as people see it: titles, menus, dialogs
ORGANISATION = "BriefingViewer"
APPLICATION = "briefing-viewer"
MAX_RECENT = 8


def app_settings() -> QSettings:
    return QSettings(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANISATION, APPLICATION
    )


@dataclass(frozen=True, slots=True)
class RecentDataset:
    """A dataset in Open Recent: its path, and its title when it was last opened ("" if that
    is not known). The title is the dataset's own text: untrusted, shown only as plain text."""

    path: str
    title: str


def recent_datasets() -> list[RecentDataset]:
    value = app_settings().value("recent", [])
    if isinstance(value, str):  # an INI file stores a one-item list as a plain string
        value = [value]
    return [_recent_from_setting(str(item)) for item in value] if isinstance(value, list) else []


def last_dataset() -> str:
    """The dataset open when the window last closed, or ""."""
    return _path_from_setting(str(app_settings().value("last_dataset", "")))


def remember_dataset(path: str, title: str = "") -> None:
    """Put `path` first in Open Recent, with its title, and make it the one to reopen."""
    others = [item for item in recent_datasets() if item.path != path]
    _store_recent([RecentDataset(path, title), *others][:MAX_RECENT])
    app_settings().setValue("last_dataset", _path_setting(path))


def forget_dataset(path: str) -> None:
    """Take `path` out of Open Recent (it no longer opens)."""
    _store_recent([item for item in recent_datasets() if item.path != path])


def clear_recent() -> None:
    _store_recent([])


def _store_recent(recent: list[RecentDataset]) -> None:
    app_settings().setValue("recent", [_recent_setting(item) for item in recent])


# Paths are kept as the system's bytes, percent-encoded: a folder name that is not UTF-8 turns
# into replacement characters as a QSettings string, and could then name another folder.
_PATH_PREFIX = "path:"


def _path_setting(path: str) -> str:
    return _PATH_PREFIX + quote_from_bytes(os.fsencode(path), safe="/")


def _path_from_setting(value: str) -> str:
    if value.startswith(_PATH_PREFIX):
        return os.fsdecode(unquote_to_bytes(value[len(_PATH_PREFIX) :]))
    return value  # written by an earlier version, as plain text


# A recent dataset is its path setting, then its title percent-encoded as UTF-8. An encoded path
# has no "#" of its own, so the first one ends it.
_TITLE_MARK = "#title:"


def _recent_setting(item: RecentDataset) -> str:
    title = f"{_TITLE_MARK}{quote(item.title, safe='')}" if item.title else ""
    return _path_setting(item.path) + title


def _recent_from_setting(value: str) -> RecentDataset:
    if value.startswith(_PATH_PREFIX) and _TITLE_MARK in value:
        path, _, title = value.partition(_TITLE_MARK)
        return RecentDataset(_path_from_setting(path), unquote(title, errors="replace"))
    return RecentDataset(_path_from_setting(value), "")


@dataclass(frozen=True, slots=True)
class Session:
    """Where the person was in a dataset when the window closed, to take them back there."""

    selected: str
    filter_text: str
    expanded: tuple[str, ...]  # node keys open in the tree, in its grouping then
    scroll: int


def save_session(path: str, session: Session) -> None:
    settings = app_settings()
    settings.setValue("session/dataset", _path_setting(path))
    settings.setValue("session/selected", session.selected)
    settings.setValue("session/filter", session.filter_text)
    settings.setValue("session/expanded", list(session.expanded))
    settings.setValue("session/scroll", session.scroll)


def _whole(text: str) -> int:
    """A saved count: a plain decimal of at most 9 digits, else 0 (a settings file may have been
    edited by hand: `²` is a digit to str.isdigit, and int() refuses it)."""
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 9 else 0


def session_for(path: str) -> Session | None:
    """The session saved for the dataset at `path`, if the last one saved was for it."""
    settings = app_settings()
    if _path_from_setting(str(settings.value("session/dataset", ""))) != path:
        return None
    expanded = settings.value("session/expanded", [])
    if isinstance(expanded, str):  # an INI file stores a one-item list as a plain string
        expanded = [expanded]
    scroll = str(settings.value("session/scroll", 0))
    return Session(
        selected=str(settings.value("session/selected", "")),
        filter_text=str(settings.value("session/filter", "")),
        expanded=tuple(str(key) for key in expanded) if isinstance(expanded, list) else (),
        scroll=_whole(scroll),
    )
