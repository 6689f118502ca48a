"""Sweeps: pass rates over one parameter (a curve) or two (a grid), from one evaluation.

A parameter changes only the nodes that carry it; every other node's outcome is reused
(:class:`~vakmanschap.population.sweeper.Sweeper`). What a node can recompute from its own
columns is its primitive's business (``Requirement.sweep_closed_form``, ``sweep_stats``,
``sweep_met``: e.g. a ``total``'s counted amount is fixed when only its minimum changes);
any other node is evaluated again for each value. When the outcome moves one way as the
parameter grows (the direction declared on the parameter's field, ``param_info``), each
person's breakpoint is found by binary search and the curve is a histogram of breakpoints.
A thousand values therefore cost little more than one evaluation.

The result equals evaluating ``rules.with_changes({parameter: value})`` for each value (the
tests check this).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import date
from typing import Any

import numpy as np

from vakmanschap.engine.overlay import CYCLE
from vakmanschap.engine.ruleset import RuleSet
from vakmanschap.errors import RuleError
from vakmanschap.model.periods import to_date
from vakmanschap.population.grouping import group_labels
from vakmanschap.population.result import PopulationResult, simulate
from vakmanschap.population.store import Population
from vakmanschap.population.sweep_result import SweepResult
from vakmanschap.population.sweeper import Sweeper
from vakmanschap.population.words import parameter_label
from vakmanschap.progress import Progress, part, report
from vakmanschap.rules.change_keys import ChangeKey, parse_change_key

__all__ = ["SweepResult", "sweep"]

BLOCK_CELLS = 1 << 20  # people x values evaluated at once


def _breakpoints(sweeper: Sweeper, parameter: str, ordered: Any, direction: int,
                 rules: RuleSet, fixed: dict[str, float] | None = None) -> Any:
    """Per person of the subset, for values sorted ascending: with direction -1 the number of
    leading values under which they meet the rules; with +1 the index of the first value
    under which they do (a binary search, about log2(V) evaluations of the subset). ``fixed``
    holds the value of another swept parameter."""
    size = len(sweeper.subset)
    others = {text: np.full(size, value) for text, value in (fixed or {}).items()}
    lo = np.zeros(size, dtype=np.int64)
    hi = np.full(size, len(ordered), dtype=np.int64)
    while True:
        open_ = lo < hi
        if not open_.any():
            return lo
        mid = np.where(open_, (lo + hi) // 2, np.minimum(lo, len(ordered) - 1))
        met = sweeper.root_met({parameter: ordered[mid], **others}, rules,
                               per_person=True)[:, 0]
        if direction < 0:
            lo = np.where(open_ & met, mid + 1, lo)
            hi = np.where(open_ & ~met, mid, hi)
        else:
            hi = np.where(open_ & met, mid, hi)
            lo = np.where(open_ & ~met, mid + 1, lo)


def _values(values: Any) -> tuple[float, ...]:
    out = tuple(float(v) for v in values)
    if not out:
        raise RuleError("a sweep needs at least one value")
    return out


def _check_values(rules: RuleSet, values: dict[str, tuple[float, ...]]) -> None:
    """The overlay's own checks and messages for a bad parameter or value. A parameter's
    schema bounds its values and may ask for whole numbers (and a pair, such as a share's
    min and max, may bound each other), so checking the smallest, the largest and the first
    fractional value of each, in every combination, checks them all."""
    probes: dict[str, list[float]] = {}
    for parameter, given in values.items():
        bad = [v for v in given if not np.isfinite(v)]
        if bad:
            raise RuleError(f"change {parameter!r}: expected a finite number, got {bad[0]!r}")
        chosen = {min(given), max(given)}
        fractional = next((v for v in given if v != int(v)), None)
        if fractional is not None:
            chosen.add(fractional)
        probes[parameter] = sorted(chosen)
    names = list(probes)
    for combination in itertools.product(*(probes[name] for name in names)):
        rules.with_changes({name: int(v) if v == int(v) else v
                            for name, v in zip(names, combination, strict=True)})


def _refuse_settings(rules: RuleSet, keys: Sequence[ChangeKey]) -> None:
    """A setting (a term's or a sub-period's length) is not swept: it changes the windows
    that the one evaluation a sweep reuses was cut into. Compare a variant per value."""
    ids = rules.requirement_ids()
    for key in keys:
        setting = key.rule == CYCLE and CYCLE not in ids
        for version in rules.versions:
            for root in version.requirements():
                setting = setting or any(node.id == key.rule and key.name in node.settings()
                                         for node in root.walk())
        if setting:
            raise RuleError(f"sweep {str(key)!r}: a length (of the term or of a sub-period) "
                            "cannot be swept, it changes the windows the sweep reuses; "
                            f"compare one variant per value instead (compare --set {key}=N)")


def sweep(population: Population, rules: RuleSet, parameter: str, values: Any,
          on: date | str, *, parameter2: str | None = None, values2: Any = (),
          group: str | None = None, by: str | Sequence[str] | None = None,
          base: PopulationResult | None = None, progress: Progress | None = None
          ) -> SweepResult:
    """Pass counts of ``population`` on ``on`` for each value of ``parameter`` (and each
    combination with ``parameter2``'s values: a grid), reusing one evaluation.

    ``parameter`` is written as for :meth:`RuleSet.with_changes` (``totaal.min``,
    ``v2:totaal.cap_per_category.informeel``). ``by`` adds pass counts per group. ``base``
    reuses an evaluation of the same population, rules and date. ``progress`` (optional) is
    called as ``progress("sweep", done, total)``: the evaluation is the first tenth, the
    values the rest (:mod:`vakmanschap.progress`).
    """
    day = to_date(on, field="on")
    first = _values(values)
    second = _values(values2) if parameter2 is not None else ()
    keys = [parse_change_key(parameter)] + ([parse_change_key(parameter2)] if parameter2
                                                else [])
    _refuse_settings(rules, keys)
    _check_values(rules, {parameter: first, **({parameter2: second} if parameter2 else {})})
    result = base if base is not None else simulate(population, rules, day, group=group,
                                                    progress=part(progress, "sweep", 0, 10))
    report(progress, "sweep", 1, 10)
    sweeper = Sweeper(result, keys)
    subset = sweeper.subset
    assessed = result.assessed
    settled = int((sweeper.settled_met & assessed).sum())
    base_met = result.met
    base_sub = base_met[subset]
    base_settled_loss = 0  # settled people keep their outcome
    keys_by = [by] if isinstance(by, str) else list(by or [])
    groups = group_labels(population, keys_by) if keys_by else []
    codes = np.zeros(population.size, dtype=np.int64)
    for g, (_, members) in enumerate(groups):
        codes[members] = g
    code_sub = codes[subset]
    settled_by_group = np.bincount(codes[sweeper.settled_met & assessed],
                                   minlength=len(groups)) if groups else None
    shape = (len(first),) if parameter2 is None else (len(first), len(second))
    # every point of the curve or grid, in row-major order, evaluated in blocks of points
    points: dict[str, Any] = {parameter: np.repeat(np.array(first), max(len(second), 1))}
    if parameter2 is not None:
        points[parameter2] = np.tile(np.array(second), len(first))
    total = len(points[parameter])
    met = np.zeros(total, dtype=np.int64)
    loses = np.zeros(total, dtype=np.int64)
    group_met = np.zeros((total, len(groups)), dtype=np.int64) if groups else None
    onehot = (np.arange(len(groups))[:, None] == code_sub[None, :]).astype(np.float32) \
        if groups else None
    direction = sweeper.direction(parameter)
    if direction:  # monotone in the first parameter: a breakpoint per person, histograms
        ordered_index = np.argsort(np.array(first), kind="stable")
        ordered = np.array(first)[ordered_index]
        span = len(ordered) + 1
        width = max(len(second), 1)
        for j, w in enumerate(second or (None,)):
            report(progress, "sweep", 10 * width + 90 * j, 100 * width)
            fixed = {str(parameter2): float(w)} if parameter2 is not None and w is not None \
                else None
            k = _breakpoints(sweeper, parameter, ordered, direction, rules, fixed)

            def passing(weights: Any, k: Any = k) -> Any:
                counts = np.bincount(k, weights=weights, minlength=span)[:span]
                # -1: met for sorted values i < k; +1: met for i >= k
                cumulative = (np.cumsum(counts[::-1])[::-1][1:] if direction < 0
                              else np.cumsum(counts)[:-1])
                return np.rint(cumulative).astype(np.int64)

            at = ordered_index * width + j  # row-major positions of (value i, value2 j)
            met[at] = settled + passing(None)
            loses[at] = base_settled_loss + int(base_sub.sum()) - passing(
                base_sub.astype(np.float64))
            if group_met is not None and settled_by_group is not None:
                for g in range(len(groups)):
                    group_met[at, g] = settled_by_group[g] + passing(
                        (code_sub == g).astype(np.float64))
        total = 0  # nothing left to evaluate point by point
    block = max(1, min(total, BLOCK_CELLS // max(len(subset), 1)))
    for lo in range(0, total, block):
        report(progress, "sweep", 10 * total + 90 * lo, 100 * total)
        hi = min(total, lo + block)
        here = sweeper.root_met({k: v[lo:hi] for k, v in points.items()}, rules)
        met[lo:hi] = settled + np.count_nonzero(here, axis=0)
        kept = np.count_nonzero(here & base_sub[:, None], axis=0)
        loses[lo:hi] = base_settled_loss + int(base_sub.sum()) - kept
        if group_met is not None and settled_by_group is not None and onehot is not None:
            counts = onehot @ here.astype(np.float32)  # exact: counts below 2**24
            group_met[lo:hi] = settled_by_group[None, :] + np.rint(counts.T).astype(np.int64)
    report(progress, "sweep", 1, 1)
    met, loses = met.reshape(shape), loses.reshape(shape)
    if group_met is not None:
        group_met = group_met.reshape((*shape, len(groups)))
    group_assessed = (np.bincount(codes[assessed], minlength=len(groups)) if groups
                      else None)
    return SweepResult(parameter, first, met, int(assessed.sum()), int(base_met.sum()), loses,
                       parameter2, second, tuple(label for label, _ in groups), group_met,
                       group_assessed, tuple(keys_by), direction=direction,
                       label=parameter_label(rules, parameter),
                       label2=parameter_label(rules, parameter2) if parameter2 else None)
