"""The result builders of engine/primitives/results.py give what ``Requirement.result`` gives."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from helpers import ON, act, person, rules_for
from vakmanschap.engine.context import EvalContext
from vakmanschap.engine.primitives.activity_filter import prepare_activities
from vakmanschap.engine.primitives.results import (
    amount_result,
    combined_result,
    condition_result,
)
from vakmanschap.model.periods import Window

RULES = rules_for("{id: t, title: T, all_of: [{id: a, title: A, total: {min: 1}}]}")
NODE = RULES.versions[0].requirement("reregistration")
PRO = person([act("x1", "2021-03-01", 5), act("x2", "2026-01-01", 5)])


def context(deadline: date | None = date(2024, 1, 1)) -> EvalContext:
    """A context over PRO's activities in the standard cycle."""
    return EvalContext(professional=PRO, rules=RULES, on=ON,
                       window=Window(date(2020, 1, 1), date(2024, 1, 1)), params_on=ON,
                       deadline=deadline, last_registration=None, policy=RULES.date_policy,
                       unit="hours", activities=prepare_activities(PRO, RULES))


@given(st.booleans(), st.sampled_from([{}, {"level": "x"}]), st.booleans())
def test_condition_result(met: bool, detail: dict[str, str], no_deadline: bool) -> None:
    """A condition: no amounts, the given detail and deadline."""
    ctx = context()
    deadline = None if no_deadline else ctx.deadline
    assert condition_result(NODE, ctx, met, detail, deadline) == NODE.result(
        ctx, met=met, required=None, actual=None, unit=None, shortfall=None, detail=detail,
        deadline=deadline)


@given(st.integers(0, 5), st.integers(0, 5))
def test_combined_result(needed: int, met_count: int) -> None:
    """A combination: counts of requirements and the children as given."""
    ctx = context()
    children = (NODE.result(ctx, met=True, required=None, actual=None, unit=None),)
    assert combined_result(NODE, ctx, needed, met_count, children) == NODE.result(
        ctx, met=met_count >= needed, required=float(needed), actual=float(met_count),
        unit="requirements", children=children, shortfall=float(max(0, needed - met_count)))


@given(st.integers(0, 10_000), st.integers(0, 10_000), st.booleans())
def test_amount_result(required_c: int, actual_c: int, with_detail: bool) -> None:
    """An amount of activities: the shortfall derived, the window's split attached."""
    ctx = context()
    detail = {"cap_factor": 0.5} if with_detail else None
    outcomes = ((0, 500, "counted", ""),)
    got = amount_result(NODE, ctx, actual_c >= required_c, required_c / 100, actual_c / 100,
                        "hours", outcomes, detail)
    want = NODE.result(ctx, met=actual_c >= required_c, required=required_c / 100,
                       actual=actual_c / 100, unit="hours", outcomes=outcomes, scanned=True,
                       detail=detail)
    assert got == want
    assert got.not_counted() == want.not_counted()

