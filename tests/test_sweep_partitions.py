"""Sweeps cut by professional (vakmanschap.population.sweep_partitions): the parts add up to
one sweep, here and on a Dask cluster."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import vakmanschap as vk
from vakmanschap.population.generate import generate
from vakmanschap.population.partitions import bounds
from vakmanschap.population.sweep import sweep
from vakmanschap.population.sweep_partitions import sweep_partitioned

RULES = vk.load_rules("rijksambtenaar")
ON = "2029-12-31"
POPULATION = generate(120, 4, RULES)


def _same(a: vk.SweepResult, b: vk.SweepResult) -> None:
    assert np.array_equal(a.met, b.met) and np.array_equal(a.loses, b.loses)
    assert (a.assessed, a.base_met, a.direction) == (b.assessed, b.base_met, b.direction)
    assert a.groups == b.groups
    if a.group_met is not None or b.group_met is not None:
        assert np.array_equal(a.group_met, b.group_met)
        assert np.array_equal(a.group_assessed, b.group_assessed)


@given(st.integers(1, 130), st.sampled_from([None, "organisation", "scale"]))
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_parts_add_up_to_one_sweep(size: int, by: str | None) -> None:
    """Whatever the partition size, the added counts (per group too) equal one sweep over
    everyone (property)."""
    one = sweep(POPULATION, RULES, "totaal.min", [80, 120, 160, 200], ON, by=by)
    parts = sweep_partitioned(POPULATION, RULES, "totaal.min", [80, 120, 160, 200], ON, by=by,
                              partition_size=size)
    _same(one, parts)


def test_a_grid_adds_up_too() -> None:
    """A two-parameter grid, cut in three, equals the grid over everyone."""
    one = sweep(POPULATION, RULES, "totaal.min", [100, 160], ON, parameter2="themas.min",
                values2=[3, 5])
    parts = sweep_partitioned(POPULATION, RULES, "totaal.min", [100, 160], ON,
                              parameter2="themas.min", values2=[3, 5], partition_size=40)
    _same(one, parts)


def test_bounds_cover_everyone_once() -> None:
    """The partitions cover 0..size-1 once, in order; a size below 1 is refused."""
    assert bounds(10, 4) == [(0, 4), (4, 8), (8, 10)]
    assert bounds(0, 4) == []
    with pytest.raises(vk.RuleError):
        bounds(10, 0)


def test_on_a_local_dask_cluster_the_counts_are_the_same() -> None:
    """On a local Dask cluster (in-process workers) the partitioned sweep equals the sweep
    over everyone."""
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(n_workers=2, processes=False, dashboard_address=None)
    client = distributed.Client(cluster)
    try:
        parts = sweep_partitioned(POPULATION, RULES, "totaal.min", [80, 160], ON,
                                  by="organisation", partition_size=50, scheduler=client)
    finally:
        client.close()
        cluster.close()
    _same(sweep(POPULATION, RULES, "totaal.min", [80, 160], ON, by="organisation"), parts)


def test_local_cluster_workers_start_without_the_malloc_trim_threshold(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The workers of local_cluster have Dask's one-thread settings but not its
    MALLOC_TRIM_THRESHOLD_, and Dask's configuration is as it was afterwards."""
    # an earlier cluster of Dask's own settings leaves it in this process's environment
    monkeypatch.delenv("MALLOC_TRIM_THRESHOLD_", raising=False)
    dask = pytest.importorskip("dask")
    distributed = pytest.importorskip("distributed")
    import os

    from vakmanschap.population.partitions import local_cluster

    before = dask.config.get("distributed.nanny.pre-spawn-environ")
    with local_cluster(1, memory_limit=0) as cluster, distributed.Client(cluster) as client:
        env = client.run(lambda: {k: os.environ.get(k)
                                  for k in ("MALLOC_TRIM_THRESHOLD_", "OMP_NUM_THREADS")})
    assert list(env.values()) == [{"MALLOC_TRIM_THRESHOLD_": None, "OMP_NUM_THREADS": "1"}]
    assert dask.config.get("distributed.nanny.pre-spawn-environ") == before
