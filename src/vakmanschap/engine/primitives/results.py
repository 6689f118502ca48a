"""Result nodes built in one step for the most common shapes, on the hot path of ``assess``.

:meth:`Requirement.result <vakmanschap.engine.primitives.base.Requirement.result>` builds any
result from keyword arguments; the builders here build the same tuple for three shapes that
most nodes of every assessment have, with positional arguments and nothing to decide: a
condition (no amounts), a combination of children (counts of requirements) and an amount of
activities (a scanned window with a derived shortfall). Each gives exactly what ``result``
gives for the same values (tests/test_results.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from vakmanschap.engine.amounts import derived_shortfall
from vakmanschap.engine.assessment import RequirementResult
from vakmanschap.engine.context import EvalContext
from vakmanschap.engine.outcomes import Outcome
from vakmanschap.model.frozen_map import FrozenMap

if TYPE_CHECKING:
    from vakmanschap.engine.primitives.base import Requirement

__all__ = ["NO_DETAIL", "amount_result", "combined_result", "condition_result"]

#: The detail of a result that has none.
NO_DETAIL: Mapping[str, Any] = FrozenMap()

_new = tuple.__new__


def condition_result(node: Requirement, ctx: EvalContext, met: bool,
                     detail: Mapping[str, Any], deadline: date | None) -> RequirementResult:
    """``node.result(ctx, met=met, required=None, actual=None, unit=None, shortfall=None,
    detail=detail, deadline=deadline)``."""
    return _new(RequirementResult, (
        node.id, node.key, node.title, met, None, None, None, deadline, ctx.window,
        node.source, node.location, None, (), (), ctx.activities, detail or NO_DETAIL, node,
        None))


def combined_result(node: Requirement, ctx: EvalContext, needed: int, met_count: int,
                    children: tuple[RequirementResult, ...]) -> RequirementResult:
    """``node.result(ctx, met=met_count >= needed, required=float(needed),
    actual=float(met_count), unit="requirements", children=children,
    shortfall=float(max(0, needed - met_count)))``."""
    return _new(RequirementResult, (
        node.id, node.key, node.title, met_count >= needed, float(needed), float(met_count),
        "requirements", ctx.deadline, ctx.window, node.source, node.location,
        float(needed - met_count) if needed > met_count else 0.0, children, (), ctx.activities,
        NO_DETAIL, node, None))


def amount_result(node: Requirement, ctx: EvalContext, met: bool, required: Any, actual: Any,
                  unit: str, outcomes: tuple[Outcome, ...], detail: Mapping[str, Any] | None
                  ) -> RequirementResult:
    """``node.result(ctx, met=met, required=required, actual=actual, unit=unit,
    outcomes=outcomes, scanned=True, detail=detail)``: the shortfall derived."""
    if type(required) is float and type(actual) is float:
        missing = round(required - actual, 2)  # derived_shortfall's max(0.0, ...)
        shortfall = missing if missing > 0.0 else 0.0
    else:
        shortfall = derived_shortfall(required, actual)
    return _new(RequirementResult, (
        node.id, node.key, node.title, met, required, actual, unit, ctx.deadline, ctx.window,
        node.source, node.location, shortfall, (), outcomes, ctx.activities,
        detail or NO_DETAIL, node, ctx.in_window()))
