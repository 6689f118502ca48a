"""A population cut into partitions by professional, and where the partitions run: here, or
on a Dask cluster (the ``[dask]`` extra: ``distributed``).

Projections and large sweeps are sums over people, so each partition is judged on its own
and the integer counts are added: the result does not depend on how the population is cut or
where the parts run. Nothing here is a scheduler of its own: on a cluster, Dask's
``Client.map`` runs the parts.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise
from typing import Any

from vakmanschap.errors import RuleError, VakmanschapError
from vakmanschap.population.fact_tables import (
    ActivityTable,
    AttestationTable,
    EmploymentTable,
    EventTable,
    LeaveTable,
    NumberedIds,
)
from vakmanschap.population.store import Population

__all__ = ["bounds", "dask_client", "local_cluster", "slice_population"]


def bounds(size: int, partition_size: int) -> list[tuple[int, int]]:
    """(first, last + 1) of each partition of ``size`` people, ``partition_size`` each."""
    if partition_size < 1:
        raise RuleError(f"the partition size must be at least 1, got {partition_size}")
    edges = [*range(0, size, partition_size), size]
    return [(lo, hi) for lo, hi in pairwise(edges) if hi > lo]


def dask_client(scheduler: Any, workers: int | None) -> tuple[Any, bool]:
    """A Dask client for ``scheduler`` (``dask://HOST:PORT``, or a Client given) or a local
    cluster of ``workers`` processes; and whether the caller must close it."""
    try:
        from distributed import Client
    except ImportError:
        raise VakmanschapError("running on Dask needs the [dask] extra: "
                               "pip install 'vakmanschap[dask]'") from None
    if scheduler is not None and not isinstance(scheduler, str):
        return scheduler, False  # a Client given by the caller
    if isinstance(scheduler, str):
        address = scheduler
        for prefix in ("dask://",):
            if address.startswith(prefix):
                address = "tcp://" + address[len(prefix):]
        if not address.startswith(("tcp://", "tls://", "inproc://")):
            raise RuleError(f"--scheduler {scheduler!r}: write dask://HOST:PORT")
        return Client(address), True  # type: ignore[no-untyped-call]
    if workers is None or workers < 1:
        raise RuleError(f"--workers must be at least 1, got {workers}")
    return Client(local_cluster(workers)), True  # type: ignore[no-untyped-call]


def local_cluster(workers: int, **options: Any) -> Any:
    """A ``LocalCluster`` of ``workers`` single-threaded worker processes (``options``: more
    of its keyword arguments), whose workers start without Dask's default
    ``MALLOC_TRIM_THRESHOLD_`` (65536).

    Setting that variable turns off glibc's adaptive mmap threshold, so every large numpy
    temporary is mapped and unmapped afresh: a projection partition then runs about twice as
    long, in page faults (docs/performance.md). The other variables Dask sets before it
    spawns a worker (one thread for OpenMP, MKL and OpenBLAS) are kept. A worker inherits
    this process's environment, so a ``MALLOC_TRIM_THRESHOLD_`` set here (by the user, or by
    an earlier cluster started with Dask's defaults) still holds.
    """
    import dask
    from distributed import LocalCluster

    key = "distributed.nanny.pre-spawn-environ"
    environ = {k: v for k, v in (dask.config.get(key, default=None) or {}).items()
               if k != "MALLOC_TRIM_THRESHOLD_"}
    with dask.config.set({key: environ}):
        return LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
            **options)


def slice_population(population: Population, lo: int, hi: int) -> Population:
    """The people ``lo`` to ``hi - 1`` of ``population`` as a population of their own."""
    def rows(table: str) -> tuple[int, int]:
        off = population.offsets(table)
        return int(off[lo]), int(off[hi])

    a0, a1 = rows("activities")
    acts = population.activities
    activities = ActivityTable(
        person=acts.person[a0:a1] - lo, day=acts.day[a0:a1], amount=acts.amount[a0:a1],
        points=acts.points[a0:a1], category=acts.category[a0:a1],
        themes=acts.themes[a0:a1], accredited=acts.accredited[a0:a1],
        provider=acts.provider[a0:a1],
        rows=None if acts.rows is None else acts.rows[a0:a1], categories=acts.categories,
        themes_names=acts.themes_names, providers=acts.providers,
        ids=None if acts.ids is None else acts.ids[a0:a1], source=acts.source,
        id_width=acts.id_width, first_row=acts.first_row + a0 if acts.first_row else 0,
        **acts.unit_rows(slice(a0, a1)))
    e0, e1 = rows("employments")
    emp = population.employments
    employments = EmploymentTable(emp.person[e0:e1] - lo, emp.start[e0:e1], emp.end[e0:e1],
                                  emp.hours[e0:e1], tuple(emp.role[e0:e1]),
                                  _slice(emp.ids, e0, e1))
    l0, l1 = rows("leaves")
    lv = population.leaves
    leaves = LeaveTable(lv.person[l0:l1] - lo, lv.start[l0:l1], lv.end[l0:l1],
                        lv.kind[l0:l1], _slice(lv.ids, l0, l1))
    v0, v1 = rows("events")
    ev = population.events
    events = EventTable(ev.person[v0:v1] - lo, ev.kind[v0:v1], ev.on[v0:v1], ev.until[v0:v1],
                        tuple(ev.level[v0:v1]), tuple(ev.ids[v0:v1]))
    t0, t1 = rows("attestations")
    att = population.attestations
    attestations = AttestationTable(att.person[t0:t1] - lo, att.kind[t0:t1], att.on[t0:t1],
                                    att.kinds, _slice(att.ids, t0, t1))
    return Population(
        ids=population.ids[lo:hi], fte=population.fte[lo:hi],
        entered=population.entered[lo:hi], entry=population.entry[lo:hi],
        attributes={k: v[lo:hi] for k, v in population.attributes.items()},
        activities=activities, employments=employments, leaves=leaves, events=events,
        attestations=attestations)


def _slice(ids: Sequence[str], lo: int, hi: int) -> Sequence[str]:
    """Rows ``lo`` to ``hi`` of a table's ids: numbered ids stay numbered (formed when asked
    for), a tuple stays a tuple."""
    return ids[lo:hi] if isinstance(ids, NumberedIds) else tuple(ids[lo:hi])
