"""Walking a requirement tree for a population: each node's own columnar form, person by
person where a primitive has none, and the levels of an initial registration.

Every node is asked for its columnar form (:meth:`Requirement.columnar`); the default is
:func:`person_by_person`, which runs the node's own ``evaluate`` for each person in the
context (for that node and its subtree only: the rest of the tree stays columnar). So a
primitive added later works in populations without any other file changing.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from vakmanschap.engine.assessment import REGISTRATION_ID, RequirementResult
from vakmanschap.engine.columnar.arrays import Bools
from vakmanschap.engine.columnar.columns import NodeColumns, result_keys
from vakmanschap.engine.columnar.context import ColumnarContext
from vakmanschap.engine.columnar.frame import PopulationFrame
from vakmanschap.engine.context import EvalContext
from vakmanschap.progress import report

if TYPE_CHECKING:
    import numpy as np
else:
    from vakmanschap.lazy import numpy as np

if TYPE_CHECKING:
    from vakmanschap.engine.primitives.base import Requirement
    from vakmanschap.rules.versions import RuleVersion

__all__ = ["evaluate_tree", "person_by_person", "person_context"]


def evaluate_tree(frame: PopulationFrame, version: RuleVersion, group: str,
                  members: Bools) -> NodeColumns:
    """The requirement tree of ``group`` of ``version`` for the people in ``members``, in
    the windows the frame's ``judged`` gives them."""
    judged = frame.judged
    if group != "registration":
        ctx = ColumnarContext(frame, members, judged.start, judged.end, judged.incl,
                              judged.params_on)
        return ctx.evaluate(version.requirement(group))
    # initial registration is judged without a registration level (RuleSet.assess)
    none = np.full(frame.n, None, dtype=object)
    ctx = ColumnarContext(frame, members, judged.start, judged.end, judged.incl,
                          judged.params_on, level=none)
    return _registration_levels(frame, version, ctx)


def _registration_levels(frame: PopulationFrame, version: RuleVersion, ctx: ColumnarContext
                         ) -> NodeColumns:
    """The root ``RuleSet.assess`` builds for an initial registration: met when some level's
    route is; the level reached is the highest such level."""
    children = [ctx.evaluate(route.requires) for route in version.registration]
    met_count = np.zeros(frame.n, dtype=np.int64)
    order = list(frame.rules.levels)
    level = np.full(frame.n, None, dtype=object)
    rank = np.full(frame.n, -1, dtype=np.int64)
    for route, child in zip(version.registration, children, strict=True):
        met_count += child.met
        r = order.index(route.level) if route.level in order else -1
        better = child.met & (r > rank)
        level[better] = route.level
        rank[better] = r
    # the root is met or not: no amounts (RuleSet.assess)
    return NodeColumns(REGISTRATION_ID, None, ctx, met_count >= 1, np.nan, np.nan, np.nan,
                       children, stats={"level": level}, unit=None)


def person_context(ctx: ColumnarContext, i: int) -> EvalContext:
    """Person ``i`` of ``ctx`` as :meth:`RuleSet.assess` would judge them there: their
    window, parameter date, last registration decision and level."""
    frame = ctx.frame
    rules = frame.rules
    professional, prepared = frame.person(i)
    decided = int(frame.judged.decided[i])
    return EvalContext(
        professional=professional, rules=rules, on=frame.on, window=ctx.window(i),
        params_on=date.fromordinal(int(ctx.params_on[i])), deadline=None,
        last_registration=date.fromordinal(decided) if decided else None,
        policy=rules.date_policy, unit=rules.unit, activities=prepared, level=ctx.level[i])


def person_by_person(node: Requirement, ctx: ColumnarContext) -> NodeColumns:
    """Evaluate ``node`` (and its subtree) for each person in ``ctx`` with its own
    ``evaluate``; the subtree's nodes come back flattened in ``extra``."""
    frame = ctx.frame
    frame.per_person.add(node.key)
    n = frame.n
    columns: dict[str, tuple[Requirement, Bools, Bools, Any, Any, Any, str | None]] = {}
    order: list[str] = []
    idx = np.flatnonzero(ctx.mask)
    for count, i in enumerate(idx.tolist()):
        if count % 2000 == 0:
            report(frame.progress, "evaluate", count, len(idx))
        result: RequirementResult = node.evaluate(person_context(ctx, i))
        for key, res in result_keys(result, ctx.suffix):
            if key not in columns:
                columns[key] = (res.rule or node, np.zeros(n, bool), np.zeros(n, bool),
                                np.full(n, np.nan), np.full(n, np.nan), np.full(n, np.nan),
                                res.unit)
                order.append(key)
            _, applies, met, actual, required, shortfall, _ = columns[key]
            applies[i] = True
            met[i] = res.met
            actual[i] = np.nan if res.actual is None else res.actual
            required[i] = np.nan if res.required is None else res.required
            shortfall[i] = np.nan if res.shortfall is None else res.shortfall
    own = ctx.key(node)
    if own not in columns:  # nobody in the context
        columns[own] = (node, np.zeros(n, bool), np.zeros(n, bool), np.full(n, np.nan),
                        np.full(n, np.nan), np.full(n, np.nan), None)
        order.insert(0, own)
    found = {}
    for key in order:
        rule, applies, met, actual, required, shortfall, unit = columns[key]
        sub = ColumnarContext(frame, applies, ctx.start, ctx.end, ctx.incl, ctx.params_on,
                              ctx.suffix, ctx.level)
        found[key] = NodeColumns(key, rule, sub, met, actual, required, shortfall, unit=unit)
    root = found.pop(own)
    root.ctx = ctx
    root.extra = list(found.values())  # its own subtree, flattened (for the result columns)
    root.stats["per_person"] = True
    return root
