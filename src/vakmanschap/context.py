"""The evaluation context: one professional, prepared once, judged at one date in one window.

Activities are prepared once per assessment (category reclassification applied, amounts as
integer hundredths) so that every requirement node scans cheap tuples instead of re-reading
attrs objects, and so that the per-person and population evaluators add amounts exactly.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from vakmanschap.model import Professional
from vakmanschap.periods import DatePolicy, Window

if TYPE_CHECKING:
    from vakmanschap.rules.ruleset import RuleSet

__all__ = ["EvalContext", "PreparedActivity", "prepare_activities"]


class PreparedActivity(NamedTuple):
    """An activity as the engine sees it (input order kept in ``index``)."""

    index: int
    id: str
    day: date
    amount_c: int  # hundredths of the activity's unit
    unit: str
    category: str  # after reclassification (e.g. unaccredited formal -> informal)
    recorded_category: str
    themes: frozenset[str]
    accredited: bool
    provider: str | None


def prepare_activities(professional: Professional, rules: RuleSet) -> tuple[PreparedActivity, ...]:
    """Prepare the activities of ``professional`` under the categories of ``rules``."""
    out = []
    for index, act in enumerate(professional.activities):
        category = act.category
        spec = rules.categories[category]
        if not act.accredited and spec.if_unaccredited is not None:
            category = spec.if_unaccredited
        out.append(PreparedActivity(index, act.id, act.on, round(act.amount * 100), act.unit,
                                    category, act.category, frozenset(act.themes),
                                    act.accredited, act.provider))
    return tuple(out)


class EvalContext:
    """Everything a requirement needs to evaluate; cheap to derive for a sub-window.

    ``window`` is the cycle (or sub-period) being judged; ``on`` the assessment date (facts
    after it do not exist yet); ``params_on`` the date at which dated parameters are read;
    ``deadline`` the due date shown to people; ``last_registration`` the date of the latest
    registration decision (for "obtained after the last registration").
    """

    __slots__ = ("activities", "deadline", "last_registration", "on", "params_on", "policy",
                 "professional", "rules", "unit", "window")

    def __init__(self, *, professional: Professional, rules: RuleSet, on: date, window: Window,
                 params_on: date, deadline: date | None, last_registration: date | None,
                 policy: DatePolicy, unit: str,
                 activities: tuple[PreparedActivity, ...]) -> None:
        self.professional = professional
        self.rules = rules
        self.on = on
        self.window = window
        self.params_on = params_on
        self.deadline = deadline
        self.last_registration = last_registration
        self.policy = policy
        self.unit = unit
        self.activities = activities

    def with_window(self, window: Window, deadline: date | None) -> EvalContext:
        """The same context narrowed to a sub-window with its own deadline."""
        return EvalContext(professional=self.professional, rules=self.rules, on=self.on,
                           window=window, params_on=self.params_on, deadline=deadline,
                           last_registration=self.last_registration, policy=self.policy,
                           unit=self.unit, activities=self.activities)
