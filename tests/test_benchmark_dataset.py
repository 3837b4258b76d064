"""The benchmark's generated datasets are real datasets: they validate clean, and a seed makes
the same files every time (so figures from different runs compare like with like)."""

import importlib.util
from pathlib import Path
from types import ModuleType

from briefing_app.core.loader import load_dataset

GENERATOR = Path(__file__).resolve().parent.parent / "benchmarks" / "make_dataset.py"


def generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_dataset", GENERATOR)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_generated_dataset_validates_clean_and_repeats(tmp_path: Path) -> None:
    make = generator()
    make.generate(2_500, tmp_path / "one", seed=3)
    make.generate(2_500, tmp_path / "two", seed=3)
    result = load_dataset(tmp_path / "one")
    assert result.dataset is not None
    assert [str(problem) for problem in result.problems] == []
    assert len(result.dataset.events) == 2_500
    one = {p.relative_to(tmp_path / "one"): p for p in (tmp_path / "one").rglob("*.yaml")}
    two = {p.relative_to(tmp_path / "two"): p for p in (tmp_path / "two").rglob("*.yaml")}
    assert one.keys() == two.keys()
    assert all(one[name].read_bytes() == two[name].read_bytes() for name in one)
