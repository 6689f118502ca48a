"""One professional judged (vakmanschap.engine.judging): the assessment built slot by slot is
the one the attrs constructor builds, and ``assess`` keeps its status for later."""

from __future__ import annotations

from datetime import date
from functools import partial

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import vakmanschap as vk
from helpers import ON, act, person, rules_for
from vakmanschap.engine.assessment import Assessment, AssessmentOrigin
from vakmanschap.engine.cycles import current_cycle
from vakmanschap.engine.judging import judge_cycle, new_assessment
from vakmanschap.engine.primitives.activity_filter import prepare_activities

RULES = rules_for("{id: t, title: T, total: {min: 10}}")


def _fields(value: object) -> dict[str, object]:
    """Every attrs field of ``value`` by name (the private ones included)."""
    return {f.name: getattr(value, f.name) for f in attrs.fields(type(value))}


@given(st.integers(0, 3), st.booleans(), st.sampled_from(["registration", "reregistration"]))
def test_new_assessment_is_the_constructor_s(activities: int, with_standing: bool,
                                             group: str) -> None:
    """Property: new_assessment sets every field of the assessment and of its origin as
    ``Assessment(..., origin=AssessmentOrigin(...), standing=...)`` does."""
    # the registration routes of a shipped rule set (the test rules have none)
    rules = RULES if group == "reregistration" else vk.builtin_rules("srpo")
    pro = person([act(f"a{i}", date(2021, 1 + i, 1), 5) for i in range(activities)]
                 if group == "reregistration" else [])
    built = rules.assess(pro, ON, group=group)  # type: ignore[arg-type]
    origin = built.origin
    assert origin is not None
    standing = partial(rules.standing, pro, ON) if with_standing else None
    args = (built.professional_id, built.register, built.register_title, built.version,
            built.group, built.on, built.cycle, built.deadline, built.level, built.result)
    fast = new_assessment(*args, origin.rules, origin.professional, origin.cycle,
                          origin.params_on, standing)
    slow = Assessment(*args, origin=AssessmentOrigin(origin.rules, origin.professional,
                                                     origin.cycle, origin.params_on),
                      standing=standing)
    fast_fields, slow_fields = _fields(fast), _fields(slow)
    assert _fields(fast_fields.pop("origin")) == _fields(slow_fields.pop("origin"))
    assert fast_fields == slow_fields
    assert fast.to_dict() == slow.to_dict()


def test_the_built_assessment_is_frozen() -> None:
    """An assessment built slot by slot refuses changes as the constructor's does."""
    built = RULES.assess(person([act("a", "2021-01-01", 12)]), ON)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        built.group = "registration"  # type: ignore[misc]


def test_standing_is_derived_when_first_asked() -> None:
    """``assess`` keeps a function for the status and derives it once, when first asked;
    ``with_standing=False`` and ``judge_cycle`` without one leave it out."""
    pro = person([act("a", "2021-01-01", 12)])
    built = RULES.assess(pro, ON)
    assert callable(built._standing)
    assert built.standing == RULES.standing(pro, ON)
    assert not callable(built._standing)
    assert RULES.assess(pro, ON, with_standing=False).standing is None
    cycle = current_cycle(pro, RULES, ON)
    assert cycle is not None
    judged = judge_cycle(RULES, pro, cycle, ON, "reregistration",
                         prepare_activities(pro, RULES))
    assert judged.standing is None and judged.met
