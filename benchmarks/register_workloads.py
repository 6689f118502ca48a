"""Register workloads for benchmarks/population.py (issue 15): shipped rule sets other than R1
evaluated on a generated workforce of the same size, and their time as a ratio to the R1
workload (``simulate`` of benchmarks/r1.yaml on the benchmark's own files).

NBA is always measured. NOvA is measured once ``rules/nova.yaml`` ships (``"nova"`` in
``vakmanschap.builtin_names()``): the hook is ``LATER``, nothing else needs to change. The
register populations come from ``vakmanschap.population.generate`` (seed 1, start 2021-01-01);
their vocabulary is the rule set's, so the figures measure the evaluator, not a realistic
pass rate.
"""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path
from typing import Any

# name -> assessment date; each is measured when the shipped rule set exists
REGISTERS = {"nba": date(2023, 6, 1)}
LATER = {"nova": date(2023, 6, 1)}  # NOvA: written in parallel; measured once it ships
START = date(2021, 1, 1)


def workloads() -> dict[str, date]:
    """The register workloads to measure: NBA, and NOvA when it is shipped."""
    import vakmanschap as vk

    shipped = set(vk.builtin_names())
    return {name: on for name, on in {**REGISTERS, **LATER}.items() if name in shipped}


def _once(function: Any) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def worker_registers(data: Path, fmt: str, repeats: int, out: Path,
                     r1_rules: Path, r1_on: date) -> dict[str, Any]:
    """Seconds of one evaluation (the best of ``repeats``) of R1 on the benchmark's files and
    of each register workload on as many generated people; ratios to R1."""
    import vakmanschap as vk
    from vakmanschap.population import Population, simulate
    from vakmanschap.population.generate import generate

    load = Population.from_csv if fmt == "csv" else Population.from_parquet
    population = load(data / f"professionals.{fmt}", data / f"activities.{fmt}")
    r1 = vk.load_rules(r1_rules)
    base = min(_once(lambda: simulate(population, r1, r1_on)) for _ in range(repeats))
    figures: dict[str, Any] = {"r1": base}
    for name, on in workloads().items():
        rules = vk.builtin_rules(name)
        people = generate(population.size, 1, rules, start=START)
        seconds = min(_once(lambda p=people, r=rules, d=on: simulate(p, r, d))
                      for _ in range(repeats))
        figures[name] = {"evaluate": seconds, "ratio": seconds / base,
                         "activities": len(people.activities)}
    return figures


def report(figures: dict[str, Any]) -> list[str]:
    """Lines for the benchmark's output."""
    lines = [f"  registers (evaluation, best of the repeats): R1 {figures['r1']:.3f} s"]
    for name in sorted(set(figures) - {"r1"}):
        f = figures[name]
        lines.append(f"    {name}: {f['evaluate']:.3f} s, {f['ratio']:.1f}x R1 "
                     f"({f['activities']:,} activities)")
    missing = sorted(set(LATER) - set(figures))
    if missing:
        lines.append(f"    not yet shipped, not measured: {', '.join(missing)}")
    return lines
