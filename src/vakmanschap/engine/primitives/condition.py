"""What the primitives that test a fact of the person's register standing share (``employed``,
``term_number``, ``registered_level``): a completion plan cannot add that fact, so it plans a
``condition`` step that is never achievable, and says so instead of inventing a to-do."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from vakmanschap.engine.plan.need import CONDITION
from vakmanschap.engine.primitives.base import Requirement

if TYPE_CHECKING:
    from vakmanschap.engine.assessment import RequirementResult
    from vakmanschap.engine.plan.model import PlanStep
    from vakmanschap.engine.plan.need import Need, Options
    from vakmanschap.engine.plan.planner import Planner

__all__ = ["ConditionRequirement"]


@attrs.frozen(kw_only=True)
class ConditionRequirement(Requirement):
    """A requirement on the person's standing (a position held, the term's number, the level
    registered), which no planned activity or document can change."""

    def plan_needs(self, result: RequirementResult, planner: Planner) -> Options:
        """Nothing a plan can add: the person's standing is not for the plan to change."""
        need = planner.need(result, CONDITION, plannable=False)
        return need.cost(), [need]

    def plan_step(self, need: Need, last: RequirementResult, planner: Planner) -> PlanStep:
        """A ``condition`` step, never achievable."""
        return need.step(CONDITION, achievable=False)
