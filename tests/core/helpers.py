"""Small datasets written on the fly, and their problems without the path prefix."""

from pathlib import Path
from textwrap import dedent

from briefing_app.core.loader import LoadResult, load_dataset
from briefing_app.core.model import Dataset

# The format-2 fixture: every addition of format 2, validated clean.
FORMAT2 = Path(__file__).parent / "fixtures" / "format2"

MINIMAL = """\
dataset: {title: T}
sources:
  - {id: s, kind: article, title: S, reliability: B}
events:
  - {id: e, title: E, sources: [s]}
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dedent(text), encoding="utf-8")
    return path


def load_text(folder: Path, text: str) -> LoadResult:
    return load_dataset(write(folder, "brief.yaml", text))


def messages(result: LoadResult) -> list[str]:
    """`line:col: severity: message [rule]` for each problem, path removed."""
    return [str(problem).split(":", 1)[1] for problem in result.problems]


def load_format2() -> Dataset:
    """The format-2 fixture, loaded, with no problem allowed."""
    result = load_dataset(FORMAT2)
    assert result.problems == ()
    assert result.dataset is not None
    return result.dataset
