"""Lazy imports (vakmanschap.lazy and the package's population names): ``import vakmanschap``
and one person's check load neither numpy nor pandas nor pyarrow (issue 10, part 5)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import vakmanschap
from vakmanschap.lazy import LazyModule

ROOT = Path(__file__).resolve().parents[1]

SINGLE_PERSON = """
import sys
import vakmanschap as vk
rules = vk.builtin_rules("srpo")
people = vk.load_professionals("rules/examples/people-srpo.yaml")
assessment = rules.assess(people[1], on="2027-06-01")
assert not assessment.met
assessment.explain("nl"); assessment.to_dict(); rules.timeline(people[1], "2030-01-01")
print(sorted(m for m in ("numpy", "pandas", "pyarrow") if m in sys.modules))
vk.Population
print("numpy" in sys.modules)
"""


def test_single_person_check_imports_no_numpy() -> None:
    """In a fresh interpreter, import + assess + explain + timeline leave numpy, pandas and
    pyarrow unimported; asking for ``vk.Population`` then imports numpy."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    out = subprocess.run([sys.executable, "-c", SINGLE_PERSON], cwd=ROOT, env=env,
                         capture_output=True, text=True, check=True).stdout.split("\n")
    assert out[:2] == ["[]", "True"]


def test_population_names_resolve_to_their_home() -> None:
    """The lazily imported names are the population layer's own objects, and dir() lists them."""
    from vakmanschap.population import Population, simulate
    from vakmanschap.population.sweep import SweepResult

    assert vakmanschap.Population is Population and vakmanschap.simulate is simulate
    assert vakmanschap.SweepResult is SweepResult
    assert {"Population", "compare", "sweep"} <= set(dir(vakmanschap))


def test_unknown_attribute_is_an_attribute_error() -> None:
    """A name the package does not have raises AttributeError, as for any module."""
    try:
        vakmanschap.no_such_name  # type: ignore[attr-defined]  # noqa: B018
    except AttributeError as exc:
        assert "no_such_name" in str(exc)
    else:
        raise AssertionError("no AttributeError")


def test_lazy_module_imports_on_first_attribute() -> None:
    """A LazyModule stands for its module: the first attribute imports it, later ones are the
    module's own (copied into the stand-in)."""
    import json

    lazy = LazyModule("json")
    assert "dumps" not in vars(lazy)
    assert lazy.dumps is json.dumps
    assert vars(lazy)["loads"] is json.loads
