"""Where the window remembers things between runs (an INI file in the user's config folder).

One explicit format and scope, so tests can point it at a temporary folder with
`QSettings.setPath` and never touch a person's real settings."""

from __future__ import annotations

import os
from urllib.parse import quote_from_bytes, unquote_to_bytes

from PySide6.QtCore import QSettings

APP_NAME = "Briefing Viewer"  # as people see it: titles, menus, dialogs
ORGANISATION = "BriefingViewer"
APPLICATION = "briefing-viewer"
MAX_RECENT = 8


def app_settings() -> QSettings:
    return QSettings(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANISATION, APPLICATION
    )


def recent_datasets() -> list[str]:
    value = app_settings().value("recent", [])
    if isinstance(value, str):  # an INI file stores a one-item list as a plain string
        value = [value]
    return [_path_from_setting(str(item)) for item in value] if isinstance(value, list) else []


def last_dataset() -> str:
    """The dataset open when the window last closed, or ""."""
    return _path_from_setting(str(app_settings().value("last_dataset", "")))


def remember_dataset(path: str) -> None:
    recent = [path, *(item for item in recent_datasets() if item != path)][:MAX_RECENT]
    settings = app_settings()
    settings.setValue("recent", [_path_setting(item) for item in recent])
    settings.setValue("last_dataset", _path_setting(path))


# Paths are kept as the system's bytes, percent-encoded: a folder name that is not UTF-8 turns
# into replacement characters as a QSettings string, and could then name another folder.
_PATH_PREFIX = "path:"


def _path_setting(path: str) -> str:
    return _PATH_PREFIX + quote_from_bytes(os.fsencode(path), safe="/")


def _path_from_setting(value: str) -> str:
    if value.startswith(_PATH_PREFIX):
        return os.fsdecode(unquote_to_bytes(value[len(_PATH_PREFIX) :]))
    return value  # written by an earlier version, as plain text
