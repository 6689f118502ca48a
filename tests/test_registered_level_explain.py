"""Routes closed by ``registered_level`` in the explanation (reported to the lead).

rules/big.yaml has one work-experience route per hour norm (2,080 hours for nine professions,
3,120 for the two GZ professions), each an ``all_of`` of ``registered_level`` and
``work_hours`` with ``roles_of_level``. The completion plan picks the open route, and the
explanation does not list the closed one as an unmet alternative.
"""

from __future__ import annotations

import vakmanschap as vk

NURSE = {
    "id": "nurse",
    "events": [{"id": "r1", "kind": "registered", "on": "2019-01-01",
                "level": "verpleegkundige"}],
    "employments": [{"id": "e1", "start": "2019-01-01", "hours_per_week": 7.5,
                     "role": "verpleegkundige"}],
}


def _assessment() -> vk.Assessment:
    person = vk.Professional.from_dict(NURSE)
    return vk.builtin_rules("big").assess(person, "2023-12-31")


def test_the_plan_takes_the_open_route() -> None:
    """With time left the completion plan asks for the nurse's own hours, not for another
    profession's; on the last day, when the hours no longer fit in a week, it takes the open
    training route instead, never a closed one."""
    person = vk.Professional.from_dict(NURSE)
    early = vk.builtin_rules("big").assess(person, "2023-06-01").plan().steps
    assert [s.requirement for s in early] == ["uren-2080"]
    assert early[0].feasible
    late = _assessment().plan().steps
    assert late and not any(s.requirement.startswith("uren-") for s in late)


def test_closed_routes_are_not_listed_as_missing() -> None:
    """Routes closed by the registration's level are left out of 'Wat ontbreekt'."""
    text = _assessment().explain("nl")
    missing = text.split("Wat ontbreekt:", 1)[1]
    assert "2.080 uur in het geregistreerde beroep" in missing
    assert "3.120" not in missing
    assert "Geregistreerd als gezondheidszorgpsycholoog" not in missing


def test_a_level_condition_has_no_deadline() -> None:
    """registered_level reports no deadline (nothing can be done by then); its sibling
    work_hours keeps the cycle's."""
    assessment = _assessment()
    route = next(n for n in assessment.result.walk()
                 if n.children and any(c.kind == "registered_level" for c in n.children))
    level, hours = route.children
    assert level.kind == "registered_level" and level.deadline is None
    assert hours.deadline == assessment.deadline is not None
