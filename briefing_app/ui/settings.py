"""Where the window remembers things between runs (an INI file in the user's config folder).

One explicit format and scope, so tests can point it at a temporary folder with
`QSettings.setPath` and never touch a person's real settings."""

from __future__ import annotations

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
        return [value]
    return [str(item) for item in value] if isinstance(value, list) else []


def remember_dataset(path: str) -> None:
    recent = [path, *(item for item in recent_datasets() if item != path)][:MAX_RECENT]
    settings = app_settings()
    settings.setValue("recent", recent)
    settings.setValue("last_dataset", path)
