"""Small datasets written on the fly, and their problems without the path prefix."""

from pathlib import Path
from textwrap import dedent

from briefing_app.core.loader import LoadResult, load_dataset

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
