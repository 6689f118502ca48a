"""The requirements on a person's standing (``employed``, ``term_number``,
``registered_level``): met or not from the person's facts, and planned as a condition."""

from __future__ import annotations

import pytest

import vakmanschap as vk
from helpers import assess, person, rules_for

EMPLOYED = rules_for("{id: baan, title: In dienst, employed: {roles: [arts], "
                     "min_hours_per_week: 16}}")
FIRST_TERM = rules_for("{id: eerste, title: Eerste, term_number: {max: 1}}")
LEVEL_2 = rules_for("{id: n2, title: Niveau 2, registered_level: {levels: [n2]}}")


def doctor(hours: float, end: str | None = None) -> vk.Professional:
    """A professional employed as arts from 2021 for ``hours`` a week until ``end``."""
    return person(employments=[vk.Employment(id="e1", start="2021-01-01", hours_per_week=hours,
                                             end=end, role="arts")])


@pytest.mark.parametrize(("professional", "met"), [
    (doctor(16), True),
    (doctor(15.5), False),
    (doctor(36, end="2023-12-30"), False),  # the last day worked is before the date judged
    (doctor(36, end="2023-12-31"), True),   # ... or is the date judged itself (inclusive)
])
def test_employed_reads_the_employment_running_on_the_date(professional: vk.Professional,
                                                           met: bool) -> None:
    """``employed`` is met by an employment in the role running on the date, with the hours."""
    assert assess(EMPLOYED, professional).result.met is met


@pytest.mark.parametrize("rules", [EMPLOYED, FIRST_TERM, LEVEL_2], ids=["employed",
                                                                        "term_number",
                                                                        "registered_level"])
def test_unmet_standing_is_planned_as_one_condition_that_no_fact_meets(
        rules: vk.RuleSet) -> None:
    """Unmet, each plans exactly one condition step, never achievable, and no activity."""
    professional = person(events=[vk.RegisterEvent(id="h1", kind="reregistered",
                                                    on="2022-01-01")])
    a = assess(rules, professional, on="2023-06-01")
    assert not a.result.met
    plan = a.plan()
    assert [s.kind for s in plan.steps] == ["condition"]
    assert not plan.steps[0].achievable
