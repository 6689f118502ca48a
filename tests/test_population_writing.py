"""The CSV files of a population do not depend on the size of the pieces they are written in."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import vakmanschap as vk
from population_strategies import population
from vakmanschap.population import Population, writing
from vakmanschap.population.activity_lines import _arrow_ids
from vakmanschap.population.generate import generate
from vakmanschap.population.writing import write_csv


def _files(pop: Population, folder: Path) -> dict[str, bytes]:
    return {name: path.read_bytes() for name, path in write_csv(pop, folder).items()}


@settings(max_examples=6, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.integers(1, 50), chunk=st.integers(4, 400), seed=st.integers(0, 2**16))
def test_piece_size_changes_no_byte_of_a_generated_workforce(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lines: int, chunk: int,
        seed: int) -> None:
    """Every file of a generated workforce (with employments and leaves) is the same whatever
    the number of lines written at a time."""
    pop = generate(150, seed, vk.load_rules("rijksambtenaar"), employments=True, leaves=True)
    folder = tmp_path / f"{lines}-{chunk}-{seed}"
    whole = _files(pop, folder / "whole")
    with monkeypatch.context() as patch:
        patch.setattr(writing, "LINES", lines)
        patch.setattr(writing, "CHUNK", chunk)
        pieces = _files(pop, folder / "pieces")
    assert set(whole) == {"professionals", "activities", "attestations", "employments",
                          "leaves"}
    assert pieces == whole


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(people=population(), lines=st.integers(1, 4))
def test_piece_size_changes_no_byte_of_any_people(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch,
                                                  people: list[vk.Professional],
                                                  lines: int) -> None:
    """For any people (texts that need quoting, events, attestations), pieces of one to four
    lines write the files written whole."""
    pop = Population.from_professionals(people)
    folder = tmp_path / str(abs(hash((lines, *(p.id for p in people)))) % 10**9)
    whole = _files(pop, folder / "whole")
    with monkeypatch.context() as patch:
        patch.setattr(writing, "LINES", lines)
        pieces = _files(pop, folder / "pieces")
    assert pieces == whole


@pytest.mark.parametrize("ids", [["p1", "p22", "p333"], ["één", "x", "ü,\"q\""], [""]])
def test_arrow_ids_are_pyarrows_array(ids: list[str]) -> None:
    """The Arrow ids built from one joined text are ``pa.array(ids, pa.string())``, also for
    texts that are not ASCII (then pyarrow converts them itself)."""
    values = np.array(ids, dtype=object)
    assert _arrow_ids(values).equals(pa.array(values, pa.string()))
