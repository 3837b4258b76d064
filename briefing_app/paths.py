"""The one place that knows where the bundled dataset and resources live.

An installed wheel carries them inside the package (`briefing_app/_bundled/`); a source checkout
or an editable install has them at the top of the project. Nothing else in the app builds these
paths, so moving them means changing this module only.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _bundled(name: str) -> Path:
    installed = _PACKAGE / "_bundled" / name
    return installed if installed.is_dir() else _PACKAGE.parent / name


def sample_dataset() -> Path:
    """The sample briefing that opens when no dataset is named."""
    return _bundled("data")


def document(name: str) -> Path:
    """A page of the documentation, shown from the Help menu."""
    return _bundled("docs") / name


def resource(*parts: str) -> Path:
    """A file under `resources/`: icons, stylesheets, the dataset's JSON Schema."""
    return _bundled("resources").joinpath(*parts)
