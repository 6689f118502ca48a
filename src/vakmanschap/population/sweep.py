"""Sweeps: pass rates over one parameter (a curve) or two (a grid), from one evaluation.

A parameter changes only the nodes that carry it; every other node's outcome is reused. For
each node that carries a swept parameter (its *occurrences*: per rule version, per period)
the outcome under a new value comes from per-person statistics computed once:

* ``total`` ``min``: the counted total is fixed; the prorated minimum is recomputed;
  ``cap_per_category.<c>``: the total is ``rest + sum(min(part_c, cap_c))`` (without a day
  cap; with one, the node is evaluated again);
* ``count`` / ``distinct_themes`` ``min``, ``at_least`` ``k``, ``per_period`` ``allow_missed``:
  counts compared with the new threshold; ``distinct_themes`` ``min_per_theme``: per-theme
  sums compared with the new threshold; ``share`` ``min`` / ``max``: the share's part and
  whole with the new bounds;
* any other parameter: that node alone is evaluated again (columnar, or person by person for
  primitives without a columnar form).

Then only the ancestors of those nodes are recomputed, from their children's outcomes, and
only for the people whose outcome can change at all: because every combinator is monotone,
a person whose outcome is the same with all swept nodes met and with all of them unmet is
settled once. A thousand values therefore cost little more than one evaluation.

The result equals evaluating ``rules.with_changes({parameter: value})`` for each value (the
tests check this).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import date
from typing import Any

import attrs
import numpy as np

from vakmanschap.engine.primitives.base import Requirement
from vakmanschap.engine.ruleset import RuleSet
from vakmanschap.errors import RuleError
from vakmanschap.model.periods import to_date
from vakmanschap.population.compile import (
    Occ,
    _cents,
    _prorate_factor,
    _prorated_minimum,
    _theme_threshold,
    _whole,
    evaluate_node,
    share_outcome,
    total_parts,
)
from vakmanschap.population.result import PopulationResult, group_labels, simulate
from vakmanschap.population.store import Population
from vakmanschap.population.tables import Table, need_pandas

__all__ = ["SweepResult", "sweep"]

BLOCK_CELLS = 1 << 20  # people x values evaluated at once


@attrs.frozen
class _Key:
    """A parsed parameter: ``[version:]rule.parameter``."""

    text: str
    scope: str | None
    rule: str
    name: str

    @classmethod
    def parse(cls, text: str) -> _Key:
        scope, _, path = text.rpartition(":")
        rule, _, name = path.partition(".")
        if not rule or not name:
            raise RuleError(f"sweep parameter {text!r}: write it as '<rule id>.<parameter>', "
                            "e.g. 'totaal.min'")
        return cls(text, scope or None, rule, name)


@attrs.define(eq=False)
class _Target:
    """One occurrence of a node that carries a swept parameter, prepared for the people in
    the sweep's subset."""

    occ: Occ
    version: str
    names: dict[str, str]  # parameter name -> key text
    fast: bool
    stats: dict[str, Any] = attrs.field(factory=dict)


def _occurrences(result: PopulationResult, key: _Key) -> list[tuple[Occ, str]]:
    """The evaluated occurrences of the rule (with their version): a rule inside a subtree
    evaluated person by person is reached through that subtree's root."""
    found: list[tuple[Occ, str]] = []

    def visit(occ: Occ, version: str) -> None:
        if occ.node.id == key.rule or any(x.node.id == key.rule for x in occ.extra):
            found.append((occ, version))
            return
        for child in occ.children:
            visit(child, version)

    for plan, root in zip(result.assignment.plans, result.roots, strict=True):
        if key.scope is None or plan.version.id == key.scope:
            visit(root, plan.version.id)
    return found


_FAST: dict[str, tuple[str, ...]] = {
    "total": ("min",), "count": ("min",), "distinct_themes": ("min", "min_per_theme"),
    "share": ("min", "max"), "per_period": ("allow_missed",), "at_least": ("k",),
}


def _is_fast(occ: Occ, name: str) -> bool:
    kind = occ.node.key
    if "fallback" in occ.stats:
        return False
    if kind == "total" and name.startswith("cap_per_category."):
        return getattr(occ.node, "cap_per_day", None) is None
    return name in _FAST.get(kind, ())


class _Sweeper:
    """Recomputes the outcome of the plans' roots for new parameter values."""

    def __init__(self, result: PopulationResult, keys: Sequence[_Key]) -> None:
        self.result = result
        self.keys = keys
        targets: dict[int, _Target] = {}
        for key in keys:  # (a rule evaluated for no one leaves everyone's outcome as it is)
            for occ, version in _occurrences(result, key):
                target = targets.setdefault(id(occ), _Target(occ, version, {}, True))
                target.names[key.name] = key.text
        for target in targets.values():
            target.fast = target.occ.node.id in {k.rule for k in keys} and all(
                _is_fast(target.occ, name) for name in target.names)
        self.targets = list(targets.values())
        n = result.size
        members = [result.assignment.plan == k for k in range(len(result.roots))]
        # people whose outcome does not depend on the swept nodes are settled once
        on_path = self._on_path()
        high = np.zeros(n, dtype=bool)
        low = np.zeros(n, dtype=bool)
        for root, mask in zip(result.roots, members, strict=True):
            up = self._propagate(root, on_path, {id(t.occ): np.ones(n, bool)
                                                 for t in self.targets})
            down = self._propagate(root, on_path, {id(t.occ): np.zeros(n, bool)
                                                   for t in self.targets})
            high |= up & mask
            low |= down & mask
        self.subset = np.flatnonzero(high & ~low)
        self.settled_met = low  # met whatever the values (monotone tree)
        self.on_path = on_path
        self._restrict()

    # -- the tree above the targets ---------------------------------------------------------

    def _on_path(self) -> set[int]:
        wanted = {id(t.occ) for t in self.targets}
        out: set[int] = set()

        def visit(occ: Occ) -> bool:
            hit = id(occ) in wanted
            for child in occ.children:
                hit = visit(child) or hit
            if hit:
                out.add(id(occ))
            return hit

        for root in self.result.roots:
            visit(root)
        return out

    def _propagate(self, occ: Occ, on_path: set[int], overrides: dict[int, Any]) -> Any:
        """Root outcome with the target occurrences' outcomes replaced (full length)."""
        if id(occ) in overrides:
            return overrides[id(occ)]
        if id(occ) not in on_path:
            return occ.met
        count = np.zeros(len(occ.met), dtype=np.int64)
        for child in occ.children:
            met = self._propagate(child, on_path, overrides)
            count += met & child.ctx.mask if occ.node.key == "per_period" else met
        return count >= _needed(occ)

    # -- the subset ------------------------------------------------------------------------------

    def _restrict(self) -> None:
        """Precompute, for the people in the subset, what each node on the path needs."""
        s = self.subset
        self.fixed: dict[int, Any] = {}
        self.needed: dict[int, Any] = {}
        self.path_children: dict[int, list[Occ]] = {}
        for root in self.result.roots:
            for occ in root.walk():  # (a swept node may sit above another: both are here)
                if id(occ) not in self.on_path:
                    continue
                fixed = np.zeros(len(s), dtype=np.int64)
                moving = []
                for child in occ.children:
                    if id(child) in self.on_path:
                        moving.append(child)
                    elif occ.node.key == "per_period":
                        fixed += (child.met & child.ctx.mask)[s]
                    else:
                        fixed += child.met[s]
                self.fixed[id(occ)] = fixed
                self.needed[id(occ)] = _needed(occ)[s]
                self.path_children[id(occ)] = moving
        for target in self.targets:
            self._prepare(target)

    def _prepare(self, target: _Target) -> None:
        occ, s = target.occ, self.subset
        node, ctx, stats = occ.node, occ.ctx, occ.stats
        out = target.stats
        out["mask"] = ctx.mask[s]
        if not target.fast:
            return
        kind = node.key
        if kind == "total":
            caps = [n.split(".", 1)[1] for n in target.names if n.startswith("cap_per_category.")]
            rest, parts = stats["rest"], stats["parts"]
            if any(c not in parts for c in caps):
                rest, parts = total_parts(node, ctx, caps)  # type: ignore[arg-type]
            out["rest"] = rest[s]
            out["parts"] = {c: p[s] for c, p in parts.items()}
            out["caps"] = {c: _take(_cents(ctx.param(node.cap_per_category[c])), s)  # type: ignore[attr-defined]
                           for c in parts if c in node.cap_per_category}  # type: ignore[attr-defined]
            out["factor"] = _take(_prorate_factor(node.prorate, ctx), s)  # type: ignore[attr-defined]
            out["min"] = _take(ctx.param(node.min), s)  # type: ignore[attr-defined]
        elif kind == "count":
            out["count"] = occ.actual[s]
        elif kind == "distinct_themes":
            out["sums"] = [x[s] for x in stats["sums"]]
            out["min"] = _take(ctx.param(node.min), s)  # type: ignore[attr-defined]
            out["need"] = _take(ctx.param(node.min_per_theme), s)  # type: ignore[attr-defined]
        elif kind == "share":
            out["part"], out["whole"] = stats["part"][s], stats["whole"][s]
            out["low"] = _take(ctx.param(node.min), s)  # type: ignore[attr-defined]
            out["high"] = _take(ctx.param(node.max), s)  # type: ignore[attr-defined]
        elif kind == "per_period":
            out["met_count"], out["evaluated"] = occ.actual[s], stats["evaluated"][s]
        elif kind == "at_least":
            out["met_count"] = occ.actual[s]

    # -- one point -------------------------------------------------------------------------------

    def target_met(self, target: _Target, values: dict[str, Any], rules: RuleSet,
                   per_person: bool = False) -> Any:
        """The target's outcome for the subset (rows) under each of V parameter values
        (columns): ``values`` maps key texts to arrays of V values; the result broadcasts to
        (people, V). With ``per_person`` each value array holds one value per person of the
        subset instead (the result is one column)."""
        by_name = {name: np.asarray(values[text])[:, None] if per_person
                   else np.asarray(values[text])[None, :]
                   for name, text in target.names.items()}
        st = target.stats
        if not target.fast:
            return self._reevaluate(target, values, rules)
        kind = target.occ.node.key
        if kind == "total":
            total: Any = _col(st["rest"]).astype(np.int64)
            for c, part in st["parts"].items():
                name = f"cap_per_category.{c}"
                cap = _cents(by_name[name]) if name in by_name else _col(st["caps"].get(c))
                total = total + (_col(part) if cap is None else np.minimum(_col(part), cap))
            minimum = by_name["min"] if "min" in by_name else _col(st["min"])
            return _meets_prorated(total, minimum, _col(st["factor"]),
                                   target.occ.node.round)  # type: ignore[attr-defined]
        if kind == "count":
            return _col(st["count"]) >= _whole(by_name["min"])
        if kind == "distinct_themes":
            need = by_name["min_per_theme"] if "min_per_theme" in by_name else _col(st["need"])
            threshold = _theme_threshold(need)
            covered: Any = 0
            for sums in st["sums"]:
                column = _col(sums)
                covered = covered + ((column >= threshold) & (column > 0))
            minimum = by_name["min"] if "min" in by_name else _col(st["min"])
            return covered >= _whole(minimum)
        if kind == "share":
            low = by_name["min"] if "min" in by_name else _col(st["low"])
            high = by_name["max"] if "max" in by_name else _col(st["high"])
            met, _, _ = share_outcome(_col(st["part"]), _col(st["whole"]), low, high, None)
            return met
        if kind == "per_period":
            needed = np.maximum(0, _col(st["evaluated"]) - _whole(by_name["allow_missed"]))
            return _col(st["met_count"]) >= needed
        return _col(st["met_count"]) >= _whole(by_name["k"])  # at_least

    def target_needed(self, target: _Target, values: dict[str, Any], per_person: bool
                      ) -> Any:
        """What a swept ``per_period`` (``allow_missed``) or ``at_least`` (``k``) needs
        under the values, per person (rows) and value (columns)."""
        by_name = {name: np.asarray(values[text])[:, None] if per_person
                   else np.asarray(values[text])[None, :]
                   for name, text in target.names.items()}
        if target.occ.node.key == "per_period":
            allowed = by_name.get("allow_missed")
            return np.maximum(0, _col(target.stats["evaluated"]) - (
                _whole(allowed) if allowed is not None else _col(self.needed_base(target))))
        return _whole(by_name["k"])

    def needed_base(self, target: _Target) -> Any:
        """Missed periods the rules as given allow (per person of the subset)."""
        node, ctx = target.occ.node, target.occ.ctx
        allowed = node.allow_missed  # type: ignore[attr-defined]
        value = _whole(ctx.param(allowed)) if allowed is not None else 0
        return _take(value, self.subset) if np.ndim(value) else np.full(len(self.subset),
                                                                         value)

    def _reevaluate(self, target: _Target, values: dict[str, Any], rules: RuleSet) -> Any:
        """Evaluate the target's node again with the changed parameters (its own context),
        once per value; every swept parameter is changed, since the node's subtree may hold
        the other one."""
        occ = target.occ
        texts = list(values)
        count = len(np.asarray(values[texts[0]]))
        out = np.zeros((len(self.subset), count), dtype=bool)
        for j in range(count):
            changes = {text: np.asarray(values[text])[j].item() for text in texts}
            changed = _find_node(rules.with_changes(changes), target.version, occ.node.id)
            out[:, j] = evaluate_node(changed, occ.ctx).met[self.subset]
        return out

    def root_met(self, values: dict[str, Any], rules: RuleSet, per_person: bool = False
                 ) -> Any:
        """Per person of the subset (rows) and value (columns): met under the values (with
        ``per_person``: one value per person, one column)."""
        count = 1 if per_person else len(np.asarray(next(iter(values.values()))))
        targets = {id(t.occ): t for t in self.targets}
        memo: dict[int, Any] = {}

        def up(occ: Occ) -> Any:
            key = id(occ)
            if key in memo:
                return memo[key]
            target = targets.get(key)
            moving = self.path_children.get(key, [])
            if target is not None and (not moving or not target.fast):
                # its own outcome under the values (a re-evaluated node covers its subtree)
                memo[key] = _col(target.stats["mask"]) & self.target_met(target, values, rules,
                                                                          per_person)
                return memo[key]
            total: Any = _col(self.fixed[key]).astype(np.int16)  # counts of met children
            for child in moving:
                met = up(child)
                if occ.node.key == "per_period":
                    met = met & _col(child.ctx.mask[self.subset])
                total = total + met
            if target is None:
                memo[key] = total >= _col(self.needed[key])
            else:  # a swept per_period or at_least above other swept nodes
                memo[key] = _col(target.stats["mask"]) & (
                    total >= self.target_needed(target, values, per_person))
            return memo[key]

        plan = self.result.assignment.plan[self.subset]
        shape = (len(self.subset), count)
        roots = [(index, root) for index, root in enumerate(self.result.roots)
                 if id(root) in self.on_path]
        if len(roots) == 1 and (plan == roots[0][0]).all():  # everyone under one plan
            return np.broadcast_to(up(roots[0][1]), shape)
        out = np.zeros(shape, dtype=bool)
        for index, root in roots:
            here = plan == index
            out[here] = np.broadcast_to(up(root), shape)[here]
        return out


def _meets_prorated(total: Any, minimum: Any, factor: Any, rounding: str) -> Any:
    """``total >= prorated_minimum(minimum, factor, rounding)`` without materialising the
    rounded minimum: for a whole number t, ``t >= ceil(x)`` exactly when ``t >= x``, and
    ``t >= 100 * ceil(y)`` exactly when ``t // 100 >= y`` (x, y the same float expressions
    as :func:`~vakmanschap.engine.primitives.total.prorated_minimum` computes)."""
    if np.ndim(minimum) == 0 and np.ndim(factor) == 0:
        return total >= _prorated_minimum(minimum, factor, rounding)
    raw = _cents(minimum) * np.asarray(factor, dtype=np.float64)
    if rounding == "whole":
        return total // 100 >= raw / 100 - 1e-9
    return total >= raw - 1e-9


def _col(value: Any) -> Any:
    """A per-person array as a column (people, 1); scalars and None unchanged."""
    if value is None or np.ndim(value) == 0:
        return value
    return np.asarray(value)[:, None]


# How a target's outcome moves as its parameter grows: -1 harder (a minimum), +1 easier (a
# cap, a maximum, missed periods allowed). Every combinator is monotone in its children.
_DIRECTION = {("total", "min"): -1, ("count", "min"): -1, ("distinct_themes", "min"): -1,
              ("distinct_themes", "min_per_theme"): -1, ("share", "min"): -1,
              ("share", "max"): 1, ("per_period", "allow_missed"): 1, ("at_least", "k"): -1}


def _direction(sweeper: _Sweeper, parameter: str) -> int:
    """+1 or -1 when every target carrying ``parameter`` moves the same way as its value
    grows (and every target has a closed form), else 0."""
    found = set()
    for target in sweeper.targets:
        if not target.fast:
            return 0
        kind = target.occ.node.key
        for name, text in target.names.items():
            if text == parameter:
                found.add(1 if kind == "total" and name.startswith("cap_per_category.")
                          else _DIRECTION.get((kind, name), 0))
    return found.pop() if len(found) == 1 and 0 not in found else 0


def _breakpoints(sweeper: _Sweeper, parameter: str, ordered: Any, direction: int,
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


def _needed(occ: Occ) -> Any:
    """What a combinator-like node needs per person: its required count (the registration
    root: one route)."""
    required = np.broadcast_to(np.asarray(occ.required, dtype=np.float64), occ.met.shape)
    if np.isnan(required).all():
        return np.ones(len(occ.met), dtype=np.int64)
    return np.nan_to_num(required, nan=0.0).astype(np.int64)


def _take(value: Any, s: Any) -> Any:
    if value is None or np.ndim(value) == 0:
        return value
    return np.asarray(value)[s]


def _find_node(rules: RuleSet, version_id: str, rule_id: str) -> Requirement:
    for version in rules.versions:
        if version.id != version_id:
            continue
        for root in version.requirements():
            stack = [root]
            while stack:
                node = stack.pop()
                if node.id == rule_id:
                    return node
                stack.extend(node.children())
    raise RuleError(f"no rule {rule_id!r}")  # pragma: no cover - found before


@attrs.frozen(eq=False)
class SweepResult:
    """Pass rates per parameter value (``values2`` set for a two-parameter grid)."""

    parameter: str
    values: tuple[float, ...]
    met: Any  # people meeting the requirements: shape (len(values),) or (len(values), len(values2))
    assessed: int
    base_met: int
    loses: Any  # people meeting them under the rules as given, not under the value(s)
    parameter2: str | None = None
    values2: tuple[float, ...] = ()
    groups: tuple[dict[str, str], ...] = ()
    group_met: Any = None  # (values..., groups)
    group_assessed: Any = None
    by: tuple[str, ...] = ()

    @property
    def pass_rate(self) -> Any:
        """Share of assessed people meeting the requirements, per value (or grid point)."""
        return self.met / self.assessed if self.assessed else self.met * 0.0

    def table(self) -> Table:
        """One row per value (and second value), with pass counts and rates."""
        rows = []
        for i, v in enumerate(self.values):
            if self.parameter2 is None:
                rows.append({self.parameter: v, "met": int(self.met[i]),
                             "pass_rate": float(self.pass_rate[i]), "loses": int(self.loses[i])})
                continue
            for j, w in enumerate(self.values2):
                rows.append({self.parameter: v, self.parameter2: w, "met": int(self.met[i, j]),
                             "pass_rate": float(self.pass_rate[i, j]),
                             "loses": int(self.loses[i, j])})
        title = f"sweep of {self.parameter}" + (f" and {self.parameter2}"
                                                 if self.parameter2 else "") + \
            f" ({self.assessed} assessed, {self.base_met} meet the rules as given)"
        return Table.of(title, rows, percent=("pass_rate",))

    def group_table(self) -> Table:
        """Pass rate per value (rows) and group (columns) of a one-parameter sweep with
        ``by``."""
        if self.group_met is None or self.parameter2 is not None:
            raise RuleError("group rates need a one-parameter sweep with 'by'")
        names = [" / ".join(g.values()) for g in self.groups]
        rows = []
        for i, v in enumerate(self.values):
            row: dict[str, Any] = {self.parameter: v}
            for g, name in enumerate(names):
                a = self.group_assessed[g]
                row[name] = float(self.group_met[i, g] / a) if a else float("nan")
            rows.append(row)
        return Table.of(f"pass rate by {', '.join(self.by)}", rows, percent=tuple(names))

    def __str__(self) -> str:
        return str(self.table())

    def _repr_html_(self) -> str:
        return self.table()._repr_html_()

    def to_pandas(self) -> Any:
        """The table as a pandas DataFrame (needs pandas)."""
        need_pandas()
        return self.table().to_pandas()

    def to_csv(self, target: Any = None) -> str | None:
        """Write the table as CSV (see :meth:`Table.to_csv`)."""
        return self.table().to_csv(target)

    def to_json(self, target: Any = None) -> str | None:
        """Write the table as JSON (see :meth:`Table.to_json`)."""
        return self.table().to_json(target)

    def plot(self, path: Any = None) -> Any:
        """A pass-rate curve (or one curve per second value); see
        :func:`vakmanschap.population.plots.sweep_curve`."""
        from vakmanschap.population.plots import sweep_curve

        return sweep_curve(self, path)


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


def sweep(population: Population, rules: RuleSet, parameter: str, values: Any,
          on: date | str, *, parameter2: str | None = None, values2: Any = (),
          group: str | None = None, by: str | Sequence[str] | None = None,
          base: PopulationResult | None = None, progress: Any = None) -> SweepResult:
    """Pass counts of ``population`` on ``on`` for each value of ``parameter`` (and each
    combination with ``parameter2``'s values: a grid), reusing one evaluation.

    ``parameter`` is written as for :meth:`RuleSet.with_changes` (``totaal.min``,
    ``v2:totaal.cap_per_category.informeel``). ``by`` adds pass counts per group. ``base``
    reuses an evaluation of the same population, rules and date; ``progress`` is called
    as ``progress(stage, fraction)``.
    """
    day = to_date(on, field="on")
    first = _values(values)
    second = _values(values2) if parameter2 is not None else ()
    keys = [_Key.parse(parameter)] + ([_Key.parse(parameter2)] if parameter2 else [])
    _check_values(rules, {parameter: first, **({parameter2: second} if parameter2 else {})})
    result = base if base is not None else simulate(population, rules, day, group=group,
                                                    progress=progress)
    sweeper = _Sweeper(result, keys)
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
    direction = _direction(sweeper, parameter)
    if direction:  # monotone in the first parameter: a breakpoint per person, histograms
        ordered_index = np.argsort(np.array(first), kind="stable")
        ordered = np.array(first)[ordered_index]
        span = len(ordered) + 1
        width = max(len(second), 1)
        for j, w in enumerate(second or (None,)):
            if progress is not None:
                progress(f"sweeping {parameter}", j / width)
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
        if progress is not None:
            progress(f"sweeping {parameter}", lo / total)
        hi = min(total, lo + block)
        here = sweeper.root_met({k: v[lo:hi] for k, v in points.items()}, rules)
        met[lo:hi] = settled + np.count_nonzero(here, axis=0)
        kept = np.count_nonzero(here & base_sub[:, None], axis=0)
        loses[lo:hi] = base_settled_loss + int(base_sub.sum()) - kept
        if group_met is not None and settled_by_group is not None and onehot is not None:
            counts = onehot @ here.astype(np.float32)  # exact: counts below 2**24
            group_met[lo:hi] = settled_by_group[None, :] + np.rint(counts.T).astype(np.int64)
    met, loses = met.reshape(shape), loses.reshape(shape)
    if group_met is not None:
        group_met = group_met.reshape((*shape, len(groups)))
    group_assessed = (np.bincount(codes[assessed], minlength=len(groups)) if groups
                      else None)
    return SweepResult(parameter, first, met, int(assessed.sum()), int(base_met.sum()), loses,
                       parameter2, second, tuple(label for label, _ in groups), group_met,
                       group_assessed, tuple(keys_by))
