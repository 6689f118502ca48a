"""The activities.csv lines built from distinct values are the row-by-row writer's lines."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings

import vakmanschap as vk
from population_strategies import population
from vakmanschap.population import Population, activity_lines, writing
from vakmanschap.population.generate import generate
from vakmanschap.population.writing import write_csv


def _texts(pop: Population, folder: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    """activities.csv written three ways: row by row, numpy objects, pyarrow."""
    out = {}
    with monkeypatch.context() as patch:
        patch.setattr(writing, "ActivityLines", lambda *args: None)
        out["rows"] = write_csv(pop, folder / "rows")["activities"].read_bytes()
    with monkeypatch.context() as patch:
        def no_arrow(name: str) -> Any:
            raise ImportError(name)

        patch.setattr(activity_lines, "import_module", no_arrow)
        out["numpy"] = write_csv(pop, folder / "numpy")["activities"].read_bytes()
    out["arrow"] = write_csv(pop, folder / "arrow")["activities"].read_bytes()
    return out


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(people=population())
def test_lines_equal_the_row_writer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                    people: list[vk.Professional]) -> None:
    """For any people (hours or points, providers, themes; activity ids dropped, since with
    ids the row writer is used), the three ways write the same bytes."""
    pop = Population.from_professionals(people)
    pop = attrs.evolve(pop, activities=attrs.evolve(pop.activities, ids=None))
    folder = tmp_path / str(abs(hash(tuple(p.id for p in people))) % 10**9)
    texts = _texts(pop, folder, monkeypatch)
    assert texts["numpy"] == texts["rows"]
    assert texts["arrow"] == texts["rows"]


def test_generated_workforce_in_small_chunks(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """A generated workforce written in chunks of 1,000 rows gives the same bytes each way."""
    monkeypatch.setattr(writing, "CHUNK", 4_000)
    pop = generate(300, 4, vk.load_rules("rijksambtenaar"))
    texts = _texts(pop, tmp_path, monkeypatch)
    assert texts["numpy"] == texts["rows"] == texts["arrow"]
    assert texts["rows"].count(b"\n") == len(pop.activities) + 1
