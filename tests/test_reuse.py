"""Judging a cycle again with reuse (vakmanschap.engine.reuse): the nodes kept from an earlier
judgement are what judging every node again gives, for a later date and for added records."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import attrs
from hypothesis import assume, given
from hypothesis import strategies as st

import vakmanschap as vk
from helpers import ON, act, every_primitive_rules, person, rules_for
from vakmanschap import strategies as vks
from vakmanschap.engine.assessment import Assessment, RequirementResult
from vakmanschap.engine.judging import judge_cycle
from vakmanschap.engine.plan.planner import Planner
from vakmanschap.engine.primitives.activity_filter import prepare_activities
from vakmanschap.engine.primitives.base import REGISTRY
from vakmanschap.engine.reuse import Change, Earlier, change_between
from vakmanschap.errors import VakmanschapError
from vakmanschap.strategies import records

#: Every shipped rule set, and a tree holding the two primitives none of them uses
#: (``at_least``, ``share``) among the others.
RULES = {name: vk.builtin_rules(name) for name in vk.builtin_names()}
RULES["every primitive"] = every_primitive_rules()
NAMES = tuple(RULES)
#: The fields of a result node compared as they are (``outcomes``, ``prepared`` and ``split``
#: are compared up to the activities the kept node did not have).
SAME = ("id", "kind", "title", "met", "required", "actual", "unit", "deadline", "window",
        "source", "location", "shortfall", "detail")


def _excluded(outcome: tuple[int, int, str, str]) -> bool:
    """Whether an outcome lists an activity as not counted at all."""
    return outcome[1] == 0 and outcome[2] != "counted" and not outcome[2].startswith("cap_")


def same_tree(kept: RequirementResult, full: RequirementResult) -> None:
    """``kept`` (judged with reuse) is ``full`` (every node judged again) field by field, but
    for listing the activities added after those it holds, which it may only leave out
    where ``full`` lists them as excluded."""
    for field in SAME:
        assert getattr(kept, field) == getattr(full, field), (kept.id, field)
    assert kept.rule is full.rule
    n = len(kept.prepared)
    assert kept.prepared == full.prepared[:n]
    assert sorted(kept.outcomes) == sorted(o for o in full.outcomes if o[0] < n), kept.id
    assert all(_excluded(o) for o in full.outcomes if o[0] >= n), kept.id
    assert (kept.split is None) == (full.split is None)
    if kept.split is not None and full.split is not None:
        assert kept.split.candidates == tuple(a for a in full.split.candidates if a.seq < n)
        assert kept.split.excluded == tuple(o for o in full.split.excluded if o[0] < n)
    assert len(kept.children) == len(full.children), kept.id
    for mine, theirs in zip(kept.children, full.children, strict=True):
        same_tree(mine, theirs)


def same_assessment(kept: Assessment, full: Assessment) -> None:
    """Every field of the two assessments alike, the trees by :func:`same_tree`."""
    for field in attrs.fields(Assessment):
        if field.name not in ("result", "origin", "_standing"):
            assert getattr(kept, field.name) == getattr(full, field.name), field.name
    same_tree(kept.result, full.result)


@st.composite
def judged(draw: st.DrawFn) -> tuple[vk.RuleSet, vk.Professional, Assessment, date]:
    """A shipped rule set (or the tree of every primitive), a registered professional, the
    assessment of their running cycle on a date, and a date on or after it, at most the
    cycle's last day."""
    rules = RULES[draw(st.sampled_from(NAMES))]
    first = rules.versions[0].valid_from
    pro = draw(vks.professionals(rules, registered=vks.dates(first, first + timedelta(
        days=365 * 3))))
    on = draw(vks.dates(first, first + timedelta(days=365 * 9)))
    try:
        a = rules.assess(pro, on, with_standing=False)
    except VakmanschapError:
        assume(False)
        raise
    assume(a.origin is not None and a.origin.cycle is not None)
    assert a.origin is not None and a.origin.cycle is not None
    last = max(a.origin.cycle.window.last_day, on)
    later = draw(st.sampled_from((on, last, on + (last - on) // 2)))
    return rules, pro, a, later


def _again(rules: vk.RuleSet, pro: vk.Professional, a: Assessment, on: date,
           earlier: Assessment | None) -> Assessment:
    """``pro`` judged for ``a``'s cycle on ``on``, reusing ``earlier`` when given."""
    assert a.origin is not None and a.origin.cycle is not None
    known = a.result.prepared
    prepared = known + prepare_activities(pro, rules, start=len(known))
    return judge_cycle(rules, pro, a.origin.cycle, on, a.group,  # type: ignore[arg-type]
                       prepared, earlier=earlier)


@st.composite
def added(draw: st.DrawFn, rules: vk.RuleSet, anchor: date) -> tuple[Any, ...]:
    """Records a plan may add: activities, employments, qualifications, attestations (ids
    that no drawn professional has)."""
    acts = tuple(draw(vks.activities(rules, f"plan-{i}", start=anchor - timedelta(days=400),
                                     end=anchor + timedelta(days=800)))
                 for i in range(draw(st.integers(0, 3))))
    jobs = tuple(draw(records.employments(rules, f"plan-e{i}", anchor))
                 for i in range(draw(st.integers(0, 1))))
    quals = tuple(draw(records.qualifications(rules, f"plan-q{i}", anchor))
                  for i in range(draw(st.integers(0, 1))))
    atts = tuple(draw(records.attestations(rules, f"plan-t{i}", anchor))
                 for i in range(draw(st.integers(0, 1))))
    return acts, jobs, quals, atts


def _judged_or_none(fn: Any) -> Any:
    try:
        return fn()
    except VakmanschapError:
        return None


@given(judged())
def test_a_later_date_keeps_what_judging_again_gives(case: tuple[Any, ...]) -> None:
    """Property: judged on a later date with the assessment as the earlier judgement, every
    shipped rule set (and every primitive) gives what judging every node again gives."""
    rules, pro, a, later = case
    full = _judged_or_none(lambda: _again(rules, pro, a, later, None))
    assume(full is not None)
    same_assessment(_again(rules, pro, a, later, a), full)


@given(judged(), st.data())
def test_added_records_keep_what_judging_again_gives(case: tuple[Any, ...],
                                                     data: st.DataObject) -> None:
    """Property: with records added after the professional's own (a plan's), on the same or
    a later date, every shipped rule set gives what judging every node again gives."""
    rules, pro, a, later = case
    more = pro.with_records(*data.draw(added(rules, a.on)))
    full = _judged_or_none(lambda: _again(rules, more, a, later, None))
    assume(full is not None)
    same_assessment(_again(rules, more, a, later, a), full)
    # and again from a judgement that already had them all: nothing changes
    same_assessment(_again(rules, more, a, later, full), full)


class _Afresh(Planner):
    """A planner that judges every node again."""

    reuse = False


@given(judged())
def test_plans_are_the_ones_judged_afresh(case: tuple[Any, ...]) -> None:
    """Property: the completion plan built with reuse is the one built judging every node
    again, in JSON and in words."""
    _, _, a, _ = case
    assume(not a.met)
    afresh = _judged_or_none(lambda: _Afresh(a).run())
    assume(afresh is not None)
    plan = a.plan()
    assert plan.to_dict() == afresh.to_dict()
    assert plan.explain() == afresh.explain()


RULE = rules_for("""
id: alles
title: Alles
all_of:
  - {id: formeel, title: Formeel, total: {min: 10, categories: [formeel]}}
  - {id: informeel, title: Informeel, total: {min: 10, categories: [informeel]}}
""")


def test_a_node_the_added_activities_miss_is_kept() -> None:
    """An activity node whose filter admits none of the added activities is the earlier
    result itself; the one that admits one is judged again, and so is their parent."""
    pro = person([act("a", "2021-01-01", 12)])
    a = RULE.assess(pro, ON, with_standing=False)
    more = pro.with_records((act("plan-1", "2021-02-01", 3, category="informeel"),))
    again = _again(RULE, more, a, ON, a)
    formeel, informeel = again.result.children
    assert formeel is a.result.children[0]
    assert informeel is not a.result.children[1] and informeel.actual == 3.0
    assert again.result is not a.result
    same_assessment(again, _again(RULE, more, a, ON, None))


def test_no_change_keeps_the_whole_tree() -> None:
    """Judged again on the same date with the same records, the tree is the earlier one."""
    pro = person([act("a", "2021-01-01", 12)])
    a = RULE.assess(pro, ON, with_standing=False)
    assert _again(RULE, pro, a, ON, a).result is a.result


def test_a_primitive_that_says_nothing_is_judged_again() -> None:
    """The default of ``kept`` is False for a later date and for added records."""
    class Silent(REGISTRY["registered_level"]):  # type: ignore[misc,valid-type]
        reads_only_its_facts = False
        blind_to_records = False

    node = RULE.versions[0].requirement("reregistration")
    silent = Silent(id="s", title=node.title, source="s", location="s", levels=("x",))
    result = RULE.assess(person(), ON).result
    change = Change.of(person(), ON, ON + timedelta(days=1))
    assert not silent.kept(result, change)
    added_job = Change.of(person(), ON, ON, employments=(object(),))  # type: ignore[arg-type]
    assert not silent.kept(result, added_job)


def test_a_change_it_cannot_judge_is_none() -> None:
    """An earlier date, removed records or another field changed: no change to reuse from."""
    pro = person([act("a", "2021-01-01", 12), act("b", "2021-03-01", 2)])
    a = RULE.assess(pro, ON, with_standing=False)
    assert a.origin is not None and a.origin.cycle is not None
    cycle, params_on = a.origin.cycle, a.origin.params_on
    prepared = a.result.prepared
    assert change_between(a, pro, cycle, ON, params_on, prepared) == Change.of(
        pro, ON, ON, unit="hours")
    assert change_between(a, pro, cycle, ON - timedelta(days=1), params_on, prepared) is None
    fewer = attrs.evolve(pro, activities=pro.activities[:1])
    assert change_between(a, fewer, cycle, ON, params_on, prepared[:1]) is None
    renamed = attrs.evolve(pro, fte=0.5)
    assert change_between(a, renamed, cycle, ON, params_on, prepared) is None
    assert len(Earlier(a.result, Change.of(pro, ON, ON))) == len(list(a.result.walk()))
