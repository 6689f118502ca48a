""":func:`project`: partitions by professional, run here or on a Dask cluster.

With ``scheduler`` (``dask://HOST:PORT``, ``tcp://HOST:PORT`` or a ``distributed.Client``)
or ``workers`` (a local cluster of that many single-threaded worker processes,
:func:`~vakmanschap.population.partitions.local_cluster`), every partition is one task
(``Client.submit``, two per worker in flight) and the counts come back to be added up; this needs
the ``[dask]`` extra (``pip install 'vakmanschap[dask]'``). Without them, the partitions run
one after the other in this process. The counts are identical either way (see
:mod:`~vakmanschap.population.projection.run`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from itertools import islice, pairwise
from typing import Any

import numpy as np

from vakmanschap.engine.ruleset import RuleSet
from vakmanschap.errors import RuleError
from vakmanschap.model.periods import to_date
from vakmanschap.population.fact_tables import (
    IntArray,
)
from vakmanschap.population.grouping import group_labels
from vakmanschap.population.partitions import dask_client, slice_population
from vakmanschap.population.projection.assumptions import Assumptions, load_assumptions
from vakmanschap.population.projection.result import ProjectionResult
from vakmanschap.population.projection.run import OUTCOMES, Spec, partition_counts
from vakmanschap.population.store import Population
from vakmanschap.progress import Progress, report

__all__ = ["project", "slice_population"]



def project(population: Population, rules: RuleSet, start: date | str, *, years: int = 5,
            draws: int = 200, seed: int = 1, variant: RuleSet | None = None,
            by: str | Sequence[str] | None = None, assumptions: Assumptions | None = None,
            partition_size: int = 20_000, scheduler: Any = None, workers: int | None = None,
            progress: Progress | None = None) -> ProjectionResult:
    """Project ``population`` for ``years`` years from ``start`` under ``rules`` (and
    ``variant``): per year and group, how many pass, are onder voorwaarden, lapse, leave,
    enter, or cannot be projected for lack of history, over ``draws`` draws."""
    day = to_date(start, field="from")
    if not 1 <= years <= 50:
        raise RuleError(f"--years must be 1 to 50, got {years}")
    if not 1 <= draws <= 100_000:
        raise RuleError(f"--draws must be 1 to 100000, got {draws}")
    if partition_size < 1:
        raise RuleError(f"partition size must be at least 1, got {partition_size}")
    keys = [by] if isinstance(by, str) else list(by or [])
    labels = group_labels(population, keys)
    group = np.zeros(population.size, dtype=np.int64)
    for code, (_, members) in enumerate(labels):
        group[members] = code
    chosen = assumptions if assumptions is not None else load_assumptions()
    ruleset = (rules,) if variant is None else (rules, variant)
    spec = Spec(ruleset, day, years, draws, seed, chosen, len(labels))
    bounds = [*range(0, population.size, partition_size), population.size]
    parts = [(lo, hi) for lo, hi in pairwise(bounds) if hi > lo]
    counts = _run(population, group, spec, parts, scheduler, workers, progress)
    from vakmanschap.population.projection.terms import Horizon

    horizon = Horizon.of(day, years)
    names = tuple(r.register for r in ruleset)
    return ProjectionResult(counts, tuple(horizon.label(k) for k in range(years)),
                            tuple(label for label, _ in labels), tuple(keys), names, seed,
                            chosen, population.size)


def _task(population: Population, group: IntArray, spec: Spec) -> IntArray:
    return partition_counts(population, group, spec)


def _run(population: Population, group: IntArray, spec: Spec, parts: list[tuple[int, int]],
         scheduler: Any, workers: int | None, progress: Progress | None) -> IntArray:
    shape = (len(spec.rules), spec.draws, spec.years, spec.groups, len(OUTCOMES))
    total = np.zeros(shape, dtype=np.int64)
    if scheduler is None and workers is None:
        for index, (lo, hi) in enumerate(parts):
            report(progress, "project", index, len(parts))
            total += _task(slice_population(population, lo, hi), group[lo:hi], spec)
        report(progress, "project", len(parts), len(parts))
        return total
    client, owned = dask_client(scheduler, workers)
    try:
        from distributed import as_completed

        # A few partitions per worker in flight, sliced when sent: the client and the
        # scheduler hold those, not every partition of the workforce at once.
        size = max(1, len(client.scheduler_info().get("workers", {})))
        pending = iter(parts)

        def submit(lo: int, hi: int) -> Any:
            # scattered, not embedded in the task graph: a partition is about 11 MB at
            # 20,000 people, and Dask warns about (and slows on) graphs that large
            part = client.scatter(slice_population(population, lo, hi), hash=False)
            return client.submit(_task, part, group[lo:hi], spec, pure=False)

        running = as_completed(  # type: ignore[no-untyped-call]
            [submit(lo, hi) for lo, hi in islice(pending, 2 * size)])
        for done, future in enumerate(running, start=1):
            total += future.result()
            future.release()
            for lo, hi in islice(pending, 1):
                running.add(submit(lo, hi))  # type: ignore[no-untyped-call]
            report(progress, "project", done, len(parts))
    finally:
        if owned:
            cluster = getattr(client, "cluster", None)
            client.close()
            if cluster is not None:
                cluster.close()
    return total
