"""Per requirement: who fails it alone and who fails it together with other requirements."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import vakmanschap as vk
from vakmanschap.population import simulate
from vakmanschap.population.failures import failing_together


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(1, 50), on=st.sampled_from(["2027-06-30", "2030-01-01"]))
def test_alone_and_together_add_up(seed: int, on: str) -> None:
    """Alone plus together is everyone failing a requirement; someone failing alone fails
    nothing else, and their number equals people with exactly one failing point."""
    from vakmanschap.population.generate import generate

    rules = vk.load_rules("rijksambtenaar")
    result = simulate(generate(150, seed, rules), rules, on)
    table = failing_together(result)
    points = sum(col.failed.astype(int) for col in result.columns.values())
    for row in table.rows:
        col = result.column(row["requirement"])
        assert row["alone"] + row["together"] == row["failing"] == int(col.failed.sum())
    assert sum(r["alone"] for r in table.rows) == int(np.sum(points == 1))
    by = failing_together(result, "part_time")
    assert sum(r["failing"] for r in by.rows) == sum(r["failing"] for r in table.rows)
