"""A sweep cut by professional: each partition swept on its own (here, or on a Dask cluster),
the integer counts added.

A sweep's counts are sums over people (who meets the requirements at each value, who loses,
per group), so partitions add up to exactly the counts of one sweep over everyone; groups are
matched by their labels, in the order the whole population gives them. For a workforce too
large for one process, or to use a cluster's cores (``vakmanschap sweep --workers N`` or
``--scheduler dask://HOST:PORT``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import numpy as np

from vakmanschap.engine.ruleset import RuleSet
from vakmanschap.model.periods import to_date
from vakmanschap.population.grouping import group_labels
from vakmanschap.population.partitions import bounds, dask_client, slice_population
from vakmanschap.population.store import Population
from vakmanschap.population.sweep import sweep
from vakmanschap.population.sweep_result import SweepResult
from vakmanschap.progress import Progress, report

__all__ = ["sweep_partitioned"]


def _label_key(label: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((str(k), str(v)) for k, v in label.items()))


def _part(population: Population, rules: RuleSet, parameter: str, values: Any, on: date,
          options: dict[str, Any]) -> SweepResult:
    return sweep(population, rules, parameter, values, on, **options)


def sweep_partitioned(population: Population, rules: RuleSet, parameter: str, values: Any,
                      on: date | str, *, parameter2: str | None = None, values2: Any = (),
                      group: str | None = None, by: str | Sequence[str] | None = None,
                      partition_size: int = 100_000, scheduler: Any = None,
                      workers: int | None = None, progress: Progress | None = None
                      ) -> SweepResult:
    """:func:`~vakmanschap.population.sweep.sweep` over partitions of ``partition_size``
    people, added up: the same counts as one sweep. ``scheduler`` (``dask://HOST:PORT`` or a
    ``distributed.Client``) or ``workers`` (a local Dask cluster of that many processes)
    runs the partitions on Dask; without either they run here, one after the other."""
    day = to_date(on, field="on")
    keys = [by] if isinstance(by, str) else list(by or [])
    options: dict[str, Any] = {"parameter2": parameter2, "values2": values2, "group": group,
                               "by": keys or None}
    parts = bounds(population.size, partition_size)
    results: list[SweepResult] = []
    if scheduler is None and workers is None:
        for index, (lo, hi) in enumerate(parts):
            report(progress, "sweep", index, len(parts))
            results.append(_part(slice_population(population, lo, hi), rules, parameter,
                                 values, day, options))
    else:
        client, owned = dask_client(scheduler, workers)
        try:
            # the partitions scattered, not embedded in the task graph (see projection)
            slices = client.scatter([slice_population(population, lo, hi) for lo, hi in parts],
                                    hash=False)
            futures = client.map(_part, slices,
                                 [rules] * len(parts), [parameter] * len(parts),
                                 [values] * len(parts), [day] * len(parts),
                                 [options] * len(parts), pure=False)
            results = list(client.gather(futures))
        finally:
            if owned:
                cluster = getattr(client, "cluster", None)
                client.close()
                if cluster is not None:
                    cluster.close()
    report(progress, "sweep", len(parts), len(parts))
    return _added(results, population, keys)


def _added(results: list[SweepResult], population: Population, keys: list[str]
           ) -> SweepResult:
    """The partitions' results as one: counts added, groups matched by label."""
    first = results[0]
    met = sum((r.met for r in results[1:]), start=first.met.copy())
    loses = sum((r.loses for r in results[1:]), start=first.loses.copy())
    groups: tuple[dict[str, Any], ...] = ()
    group_met = group_assessed = None
    if keys:
        labels = [label for label, _ in group_labels(population, keys)]
        where = {_label_key(label): g for g, label in enumerate(labels)}
        group_met = np.zeros((*np.shape(first.met), len(labels)), dtype=np.int64)
        group_assessed = np.zeros(len(labels), dtype=np.int64)
        for r in results:
            for g, label in enumerate(r.groups):
                k = where[_label_key(label)]
                group_met[..., k] += r.group_met[..., g]
                group_assessed[k] += r.group_assessed[g]
        groups = tuple(labels)
    return SweepResult(first.parameter, first.values, met, sum(r.assessed for r in results),
                       sum(r.base_met for r in results), loses, first.parameter2,
                       first.values2, groups, group_met, group_assessed, first.by,
                       label=first.label, label2=first.label2, direction=first.direction)
