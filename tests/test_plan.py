"""The completion plan (``Assessment.plan()``): the smallest additional amounts per unmet
requirement, with the deadline, in the explanation too; and the property that adding the
planned activities makes the assessment pass (rule trees without maximum shares)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import vakmanschap as vk
from helpers import REGISTERED, act, block, person, rule_text, rules_for
from vakmanschap.engine.assessment import RequirementResult
from vakmanschap.engine.context import EvalContext
from vakmanschap.engine.primitives import REGISTRY, Requirement
from vakmanschap.engine.rulefile import loader
from vakmanschap.model.words import Text
from vakmanschap.rules.schema import Record


def plan_of(requirement: str, activities: list[vk.Activity], on: str = "2023-01-01",
            **kwargs: Any) -> vk.Assessment:
    """The assessment of a professional registered on 2020-01-01 (due 2024-01-01)."""
    extra = {k: kwargs.pop(k) for k in ("employments", "attestations", "qualifications",
                                        "entered_service") if k in kwargs}
    rules = rules_for(requirement, **kwargs)
    return rules.assess(person(activities, **extra), on)


def test_met_assessment_has_an_empty_plan() -> None:
    """Nothing to do: no steps, verified, and no 'Nog te doen' in the explanation."""
    assessment = plan_of("{id: t, title: Totaal, total: {min: 10}}",
                         [act("a", "2021-01-01", 10)])
    plan = assessment.plan()
    assert plan.steps == () and plan.verified and plan.achievable
    assert plan.explain() == "" and "Nog te doen" not in assessment.explain()


def test_the_example_of_the_issue() -> None:
    """12 hours of accredited training of which 6 in a theme, and one intervisie in 2026."""
    requirement = """
        id: herregistratie
        title: Herregistratie
        all_of:
          - id: scholing
            title: geaccrediteerde scholing
            total: {min: 40, categories: [formeel], accredited: true}
          - id: thema
            title: thema Integriteit
            total: {min: 10, themes: [t1]}
          - id: intervisie
            title: intervisie
            per_period:
              every: calendar_year
              allow_missed: 1
              requires:
                id: intervisie-jaar
                title: intervisiebijeenkomst
                count: {min: 1, categories: [reflectie]}
        """
    rules = rules_for(requirement)
    history = person([act("s1", "2023-09-01", 24),
                      act("s2", "2024-05-01", 4, themes=["t1"]),
                      act("i1", "2023-10-01", 1, category="reflectie"),
                      act("i2", "2024-10-01", 1, category="reflectie"),
                      act("i3", "2025-10-01", 1, category="reflectie")],
                     registered=date(2023, 8, 1))
    assessment = rules.assess(history, "2026-03-01")
    plan = assessment.plan()
    # 40 - 28 = 12 accredited hours; 10 - 4 = 6 in theme t1 (part of the 12); intervisie in
    # 4 of the 5 calendar years 2023-2027: 2026 is the first one still open.
    assert plan.verified
    assert [(s.requirement, s.kind, s.amount, s.count, s.within) for s in plan.steps] == [
        ("scholing", "amount", 12.0, None, None),
        ("thema", "amount", 6.0, None, "scholing"),
        ("intervisie-jaar", "activities", None, 1, None)]
    assert plan.explain() == (
        "Nog te doen vóór 1 augustus 2027: 12 uur voor geaccrediteerde scholing, waarvan 6 uur "
        "voor thema Integriteit; één activiteit voor intervisiebijeenkomst in 2026.")
    assert plan.explain("en") == (
        "Still to do before 1 August 2027: 12 hours for geaccrediteerde scholing, of which 6 "
        "hours for thema Integriteit; one activity for intervisiebijeenkomst in 2026.")
    assert plan.explain() in assessment.explain()


def test_any_of_takes_the_cheapest_alternative() -> None:
    """Of two routes the one with the smaller amount missing is planned."""
    assessment = plan_of("""
        id: route
        title: Route
        any_of:
          - {id: veel, title: Veel, total: {min: 100, categories: [formeel]}}
          - {id: weinig, title: Weinig, total: {min: 20, categories: [reflectie]}}
          - {id: diploma, title: Diploma, qualification: {kinds: [master]}}
        """, [act("a", "2021-01-01", 70), act("b", "2021-01-01", 5, category="reflectie")])
    steps = assessment.plan().steps
    assert [(s.requirement, s.amount) for s in steps] == [("weinig", 15.0)]


def test_at_least_takes_the_cheapest_missing_ones() -> None:
    """``at_least`` plans only as many of the cheapest unmet requirements as are missing."""
    assessment = plan_of("""
        id: twee
        title: Twee van drie
        at_least:
          k: 2
          of:
            - {id: a, title: A, total: {min: 30, categories: [formeel]}}
            - {id: b, title: B, total: {min: 10, categories: [informeel]}}
            - {id: c, title: C, total: {min: 5, categories: [reflectie]}}
        """, [act("x", "2021-01-01", 25)])
    assert sorted((s.requirement, s.amount) for s in assessment.plan().steps) == [
        ("a", 5.0), ("c", 5.0)]


def test_themes_to_cover_prefer_the_ones_already_started() -> None:
    """Missing themes are planned per theme, the cheapest first, with the amount missing."""
    assessment = plan_of("{id: th, title: Thema's, distinct_themes: {min: 3, min_per_theme: 8}}",
                         [act("a", "2021-01-01", 8, themes=["t1"]),
                          act("b", "2021-01-01", 5, themes=["t3"])])
    plan = assessment.plan()
    assert [(s.kind, s.theme, s.amount) for s in plan.steps] == [
        ("theme", "t3", 3.0), ("theme", "t2", 8.0)]
    assert "3 uur in thema Thema drie" in plan.explain()


def test_caps_spread_the_plan_over_activities_and_days() -> None:
    """A cap per activity and per day gives several activities on different days."""
    assessment = plan_of("{id: t, title: Totaal, total: {min: 30, caps: {per_activity: 8, "
                         "per_day: 8}}}", [], on="2023-12-20")
    plan = assessment.plan()
    assert plan.verified and [s.amount for s in plan.steps] == [30.0]
    assert [(a.on.isoformat(), a.hours) for a in plan.activities] == [
        ("2023-12-20", 8.0), ("2023-12-21", 8.0), ("2023-12-22", 8.0), ("2023-12-23", 6.0)]


def test_a_full_category_cap_sends_the_plan_elsewhere() -> None:
    """When informal learning is at its cap, the plan chooses another category."""
    assessment = plan_of("{id: t, title: Totaal, total: {min: 40, caps: {per_category: "
                         "{informeel: 10}}}}", [act("i", "2021-01-01", 15, category="informeel")])
    plan = assessment.plan()
    assert plan.verified and {a.category for a in plan.activities} == {"formeel"}
    assert plan.steps[0].amount == 30.0


def test_not_enough_days_left_is_not_achievable() -> None:
    """With a per-day cap and two days left, 30 hours cannot be done in time."""
    assessment = plan_of("{id: t, title: Totaal, total: {min: 30, caps: {per_day: 8}}}", [],
                         on="2023-12-30")
    plan = assessment.plan()
    assert not plan.verified and not plan.achievable
    assert not plan.steps[0].achievable
    assert plan.explain().endswith(
        "— niet haalbaar vóór 1 januari 2024: de tijd die overblijft of een maximum van de "
        "regels laat het niet toe.")


def test_minimum_share_is_planned_in_the_part() -> None:
    """A minimum share is met by adding activities of the required categories."""
    assessment = plan_of("{id: s, title: Aandeel, share: {part_categories: [reflectie], "
                         "min: 0.5}}", [act("a", "2021-01-01", 30)])
    plan = assessment.plan()
    assert plan.verified
    assert {a.category for a in plan.activities} == {"reflectie"}
    assert plan.steps[0].amount == 30.0


def test_attestation_and_qualification_steps() -> None:
    """A missing attestation and diploma become steps naming their kinds."""
    assessment = plan_of("""
        id: alles
        title: Alles
        all_of:
          - {id: code, title: Gedragscode, attestation: {kinds: [gedragscode], in_cycle: true}}
          - id: master
            title: Masteropleiding
            qualification: {kinds: [master], obtained_after_last_registration: true}
        """, [])
    plan = assessment.plan()
    assert plan.verified
    assert [(s.kind, s.kinds) for s in plan.steps] == [("attestation", ("gedragscode",)),
                                                       ("qualification", ("master",))]
    assert plan.qualifications[0].awarded_on > REGISTERED
    assert plan.explain() == ("Nog te doen vóór 1 januari 2024: een Gedragscode (voor "
                              "Gedragscode); een Master (voor Masteropleiding).")


def test_a_passed_time_limit_is_not_achievable() -> None:
    """An oath due within 3 months of entering service cannot be planned years later."""
    assessment = plan_of("{id: eed, title: Eed, attestation: {kinds: [ambtseed], "
                         "within_months_of_entry: 3}}", [], entered_service=date(2019, 6, 1))
    plan = assessment.plan()
    assert not plan.verified
    assert [(s.kind, s.achievable) for s in plan.steps] == [("attestation", False)]


def test_work_hours_step_with_a_weekly_average() -> None:
    """Missing work hours are planned as an employment and read with a weekly average."""
    assessment = plan_of("{id: w, title: Werk, work_hours: {min: 1000, roles: [arts]}}", [],
                         on="2023-01-01",
                         employments=[vk.Employment(id="e", start="2020-01-01",
                                                    end="2022-12-31", hours_per_week=4,
                                                    role="arts")])
    plan = assessment.plan()
    assert plan.verified
    # 4 h/week over 1,096 days = 626.29 h; 373.71 h over the 365 days left = 7.2 h/week
    assert plan.steps[0].amount == 373.71
    assert "373,71 uur werk voor Werk (gemiddeld 7,2 uur per week)" in plan.explain()


def test_overdue_cycle_cannot_be_completed() -> None:
    """After the due date no activity can still fall inside the cycle."""
    assessment = plan_of("{id: t, title: Totaal, total: {min: 10}}", [], on="2024-03-01")
    assert assessment.deadline == date(2024, 1, 1)
    plan = assessment.plan()
    assert not plan.verified and plan.activities == ()


def test_registration_plan_takes_the_cheapest_level() -> None:
    """Not yet registered: the plan names what the cheapest level still needs."""
    text = block("""
        registration:
          levels:
            - level: n1
              requires: {id: eed, title: Eed, source: Wet, attestation: {kinds: [ambtseed]}}
            - level: n2
              requires: {id: master, title: Master, source: Wet, qualification: {kinds: [master]}}
        """, 0)
    rules = rules_for("{id: t, title: Totaal, total: {min: 10}}", version_extra=text)
    assessment = rules.assess(person([], registered=None), "2023-01-01")
    assert assessment.group == "registration"
    plan = assessment.plan()
    assert plan.verified and [s.requirement for s in plan.steps] == ["eed"]
    assert plan.explain().startswith("Nog te doen: een Ambtseed (voor Eed)")


def test_plan_json_and_recorded_later_activities() -> None:
    """The plan has a JSON form; activities recorded for later dates count and are named."""
    assessment = plan_of("{id: t, title: Totaal, total: {min: 40}}",
                         [act("a", "2021-01-01", 10), act("later", "2023-06-01", 10)])
    plan = assessment.plan()
    assert plan.recorded_later == ("later",) and plan.steps[0].amount == 20.0
    assert "tellen mee: later." in plan.explain()
    data = json.loads(json.dumps(plan.to_dict()))
    assert data["schema"] == "vakmanschap.engine.plan/1" and data["verified"] is True
    assert data["steps"][0]["requirement"] == "t"
    # Planned facts are in the person-file format: they can be read back.
    for record in data["activities"]:
        assert vk.Activity(**record).id.startswith("plan-")


@attrs.frozen(kw_only=True)
class _Unplanned(Requirement):
    """A primitive known only to these tests: never met, and it declares no plan."""

    key = "unplanned"
    doc = "Never met; declares nothing for the completion plan (test only)."
    schema = Record({}, "nothing")

    def evaluate(self, ctx: EvalContext) -> RequirementResult:
        return self.result(ctx, met=False, required=None, actual=None, unit=None,
                           shortfall=None)


def test_a_primitive_without_a_plan_gets_a_manual_step(monkeypatch: pytest.MonkeyPatch) -> None:
    """A primitive that declares no plan is named in a ``manual`` step left to the register,
    next to the planned steps of the others; the plan does not verify."""
    monkeypatch.setitem(REGISTRY, _Unplanned.key, _Unplanned)
    assessment = plan_of("""
        id: alles
        title: Alles
        all_of:
          - {id: t, title: Totaal, total: {min: 10}}
          - {id: u, title: Beoordeling door het register, unplanned: {}}
        """, [])
    plan = assessment.plan()
    assert [(s.requirement, s.kind, s.achievable) for s in plan.steps] == [
        ("t", "amount", True), ("u", "manual", False)]
    assert not plan.verified and plan.activities
    assert plan.explain() == (
        "Nog te doen vóór 1 januari 2024: 10 uur voor Totaal; Beoordeling door het register "
        "(het register beoordeelt wat hiervoor nodig is).")
    assert plan.explain("en").endswith(
        "Beoordeling door het register (the register decides what this needs).")
    assert plan.to_dict()["steps"][1]["kind"] == "manual"


def test_an_alternative_without_a_plan_is_not_chosen(monkeypatch: pytest.MonkeyPatch) -> None:
    """An alternative the plan cannot fill in is dearer than any that it can."""
    monkeypatch.setitem(REGISTRY, _Unplanned.key, _Unplanned)
    assessment = plan_of("""
        id: route
        title: Route
        any_of:
          - {id: u, title: Onbekend, unplanned: {}}
          - {id: t, title: Totaal, total: {min: 300}}
        """, [])
    plan = assessment.plan()
    assert plan.verified and [s.requirement for s in plan.steps] == ["t"]


def test_a_registration_condition_is_a_condition_step() -> None:
    """How one is registered is no thing to plan: a ``condition`` step, never achievable."""
    assessment = plan_of("""
        id: route
        title: Route
        all_of:
          - {id: niveau, title: Geregistreerd op niveau 2, registered_level: {levels: [n2]}}
          - {id: t, title: Totaal, total: {min: 10}}
        """, [])
    plan = assessment.plan()
    assert [(s.requirement, s.kind, s.achievable) for s in plan.steps] == [
        ("niveau", "condition", False), ("t", "amount", True)]
    assert not plan.verified
    assert plan.explain().startswith(
        "Nog te doen vóór 1 januari 2024: Geregistreerd op niveau 2 (niet haalbaar); 10 uur")


def test_a_plan_without_the_text_layer_cannot_be_worded() -> None:
    """A rule set built without extensions still plans, but wording the plan raises the same
    clear error as explaining the assessment."""
    rules = loader.parse_rules(rule_text("{id: t, title: Totaal, total: {min: 10}}"),
                               "test.yaml")
    assessment = rules.assess(person([]), "2023-01-01")
    plan = assessment.plan()
    assert [s.amount for s in plan.steps] == [10.0] and plan.verified
    for call in (plan.explain, plan.to_dict, assessment.explain):
        with pytest.raises(vk.RuleError, match="without the text layer"):
            call()


# -- the property -------------------------------------------------------------------------

CATEGORIES = ("formeel", "informeel", "reflectie")
THEMES = ("t1", "t2", "t3", "t4")


@st.composite
def leaves(draw: st.DrawFn, ident: str) -> str:
    """One random leaf requirement (no maximum share), as a YAML flow mapping."""
    kind = draw(st.sampled_from(["total", "total", "count", "themes", "share", "attestation",
                                 "qualification", "work", "period"]))
    filt = ""
    if draw(st.booleans()):
        cats = draw(st.lists(st.sampled_from(CATEGORIES), min_size=1, max_size=2, unique=True))
        filt += f", categories: [{', '.join(cats)}]"
    if draw(st.integers(0, 3)) == 0:
        flag = draw(st.booleans())
        # Unaccredited formal learning counts as informal: {formeel, accredited: false} is a
        # filter nothing can pass, so it is not generated.
        if flag or "categories: [formeel]" not in filt:
            filt += f", accredited: {str(flag).lower()}"
    if draw(st.integers(0, 3)) == 0:
        filt += f", themes: [{draw(st.sampled_from(THEMES))}]"
    head = f"id: {ident}, title: R {ident}"
    if kind == "total":
        caps = ""
        if draw(st.booleans()):
            caps = f", caps: {{per_activity: {draw(st.integers(5, 40))}}}"
        if draw(st.integers(0, 3)) == 0:
            caps = f", per_activity_min: {draw(st.integers(1, 10))}"
        return f"{{{head}, total: {{min: {draw(st.integers(1, 120))}{filt}{caps}}}}}"
    if kind == "count":
        return f"{{{head}, count: {{min: {draw(st.integers(1, 3))}{filt}}}}}"
    if kind == "themes":
        per = f", min_per_theme: {draw(st.integers(1, 12))}" if draw(st.booleans()) else ""
        return f"{{{head}, distinct_themes: {{min: {draw(st.integers(1, 4))}{per}}}}}"
    if kind == "share":
        # One part category for every share: two minimum shares of different parts may add
        # up to more than 100 % and then nothing can meet both.
        return (f"{{{head}, share: {{part_categories: [reflectie], "
                f"min: {draw(st.sampled_from([0.1, 0.25, 0.5, 0.75]))}}}}}")
    if kind == "attestation":
        return f"{{{head}, attestation: {{kinds: [gedragscode], in_cycle: true}}}}"
    if kind == "qualification":
        return f"{{{head}, qualification: {{kinds: [master]}}}}"
    if kind == "work":
        return f"{{{head}, work_hours: {{min: {draw(st.integers(100, 3000))}, roles: [arts]}}}}"
    every = draw(st.sampled_from(["calendar_year", "cycle_year"]))
    inner = draw(st.sampled_from(["count: {min: 1, categories: [reflectie]}",
                                  "total: {min: 8}"]))
    return (f"{{{head}, per_period: {{every: {every}, requires: "
            f"{{id: {ident}-p, title: P, {inner}}}}}}}")


@st.composite
def trees(draw: st.DrawFn, depth: int = 0, prefix: str = "r") -> str:
    """A random requirement tree of combinators over :func:`leaves`."""
    if depth >= 2 or draw(st.integers(0, 2)) == 0:
        return draw(leaves(prefix))
    kind = draw(st.sampled_from(["all_of", "any_of", "at_least"]))
    children = [draw(trees(depth + 1, f"{prefix}{i}")) for i in range(draw(st.integers(1, 3)))]
    items = ", ".join(children)
    if kind == "at_least":
        k = draw(st.integers(1, len(children)))
        return f"{{id: {prefix}, title: C, at_least: {{k: {k}, of: [{items}]}}}}"
    return f"{{id: {prefix}, title: C, {kind}: [{items}]}}"


@st.composite
def cases(draw: st.DrawFn) -> tuple[vk.RuleSet, vk.Professional, date]:
    """A random rule tree, a professional registered on 2020-01-01 and an assessment date."""
    rules = rules_for(draw(trees()))
    acts = []
    for i in range(draw(st.integers(0, 8))):
        day = REGISTERED + timedelta(days=draw(st.integers(0, 1460)))
        acts.append(act(f"a{i}", day, draw(st.integers(1, 40)),
                        category=draw(st.sampled_from(CATEGORIES)),
                        accredited=draw(st.booleans()),
                        themes=draw(st.lists(st.sampled_from(THEMES), max_size=2, unique=True))))
    jobs = [vk.Employment(id="e", start="2020-01-01", end="2021-06-30",
                          hours_per_week=draw(st.integers(0, 20)), role="arts")]
    on = draw(st.one_of(st.just(REGISTERED),
                        st.integers(0, 1400).map(lambda d: REGISTERED + timedelta(days=d))))
    return rules, person(acts, employments=jobs), on


@given(cases())
def test_adding_the_planned_activities_makes_the_assessment_pass(
        case: tuple[vk.RuleSet, vk.Professional, date]) -> None:
    """With the planned facts added, the cycle re-assessed at the plan's horizon passes."""
    rules, professional, on = case
    assessment = rules.assess(professional, on)
    plan = assessment.plan()
    assert assessment.origin is not None and assessment.origin.cycle is not None
    after = rules.assess_cycle(plan.apply_to(professional), assessment.origin.cycle,
                               plan.horizon or on)
    assert after.met == plan.verified
    for fact in plan.activities:
        assert on <= fact.on < date(2024, 1, 1) and fact.id.startswith("plan-")
    if not assessment.met:
        assert plan.steps or (plan.verified and plan.explain().startswith("Nog te doen: niets"))
        # Nothing with a maximum share, a time limit, a per-day cap or an impossible filter
        # is generated: on the first day of the cycle every requirement can still be met.
        if on == REGISTERED:
            assert plan.verified, plan.steps


@given(cases(), st.lists(st.integers(0, 1460), max_size=2))
def test_a_plan_reusing_the_judged_tree_equals_one_that_judges_the_projection_again(
        case: tuple[vk.RuleSet, vk.Professional, date], oaths: list[int]) -> None:
    """Where the planner takes the tree judged on the assessment date as its projection to
    the cycle's end (no node reads the date, nothing recorded in between), the plan is the
    one a re-assessment on the horizon gives."""
    from vakmanschap.engine.plan import planner as planning

    rules, professional, on = case
    professional = attrs.evolve(professional, attestations=[
        vk.Attestation(id=f"o{i}", kind="gedragscode", on=REGISTERED + timedelta(days=d))
        for i, d in enumerate(oaths)])
    assessment = rules.assess(professional, on)

    class Again(planning.Planner):
        def _unchanged(self) -> bool:
            return False

    if assessment.met:
        return
    reused, again = planning.make_plan(assessment), Again(assessment).run()
    assert json.dumps(reused.to_dict(), default=str) == json.dumps(again.to_dict(), default=str)
    assert reused.explain() == again.explain()


@pytest.mark.parametrize("name", ["srpo", "big", "rijksambtenaar"])
def test_plans_for_the_demo_people_of_the_shipped_registers(name: str) -> None:
    """Each shipped register plans for its demo people; a plan that says it can be done
    makes the assessment pass when its facts are added."""
    from pathlib import Path

    rules = vk.builtin_rules(name)
    path = Path(vk.__file__).parent / "data" / "examples" / f"people-{name}.yaml"
    on = date.fromisoformat(path.read_text(encoding="utf-8").splitlines()[0].split(":", 1)[1]
                            .strip())
    for professional in vk.load_professionals(path):
        assessment = rules.assess(professional, on)
        plan = assessment.plan()
        if assessment.met:
            assert plan.steps == () and plan.explain() == ""
            continue
        assert plan.explain("nl").startswith("Nog te doen")
        assert plan.explain("en").startswith("Still to do")
        if not plan.verified:
            assert any(not step.achievable for step in plan.steps)
        elif assessment.origin is not None and assessment.origin.cycle is not None:
            after = rules.assess_cycle(plan.apply_to(professional), assessment.origin.cycle,
                                       plan.horizon or on)
            assert after.met


def _work_plan(hours_per_week: float, minimum: float, max_weekly: str = "") -> Any:
    """The plan, a month before the due date, of a professional on a contract under a
    work-hours-only rule."""
    rules = rules_for(f"{{id: uren, title: Werkuren, work_hours: {{min: {minimum}, "
                      f"roles: [arts]{max_weekly}}}}}")
    job = vk.Employment(id="e", start="2020-01-01", hours_per_week=hours_per_week, role="arts")
    return rules.assess(person(employments=(job,)), on="2023-12-01").plan()


def test_work_hours_beyond_a_week_are_not_feasible_and_say_why() -> None:
    """Hours that, on top of the contract, exceed 48 a week make the plan not feasible, with
    the contract, the total a week and the Arbeidstijdenwet limit in the words."""
    plan = _work_plan(10, 3000)
    step = plan.steps[0]
    assert step.kind == "work_hours" and step.contract_hours == 10 and not step.feasible
    assert not plan.achievable
    text = plan.explain()
    assert "bovenop uw contract van 10 uur per week" in text
    assert "niet haalbaar vóór 1 januari 2024" in text and "48 uur per week" in text
    assert "not achievable before 1 January 2024" in plan.explain("en")


def test_work_hours_within_a_week_are_feasible() -> None:
    """A shortfall that fits on top of the contract is a feasible step, without the words."""
    plan = _work_plan(36, 7530)
    step = plan.steps[0]
    assert step.feasible and plan.achievable
    assert "niet haalbaar" not in plan.explain()


def test_the_weekly_limit_is_a_rule_parameter() -> None:
    """A rule file that allows 100 hours a week makes a week of some 70 hours feasible."""
    assert not _work_plan(10, 2400).steps[0].feasible
    step = _work_plan(10, 2400, ", max_weekly_hours: 100").steps[0]
    assert step.feasible, step


@given(cases())
def test_counted_amounts_read_from_tuples_equal_the_outcome_objects(
        case: tuple[vk.RuleSet, vk.Professional, date]) -> None:
    """What the planner reads as counted per category and day, and the planned activities a
    node counts, equal what the outcome objects of ``counted()`` give, for every node of the
    assessment and of the tree after the plan."""
    from vakmanschap.engine.plan import planner as planning

    rules, professional, on = case
    assessment = rules.assess(professional, on)
    plan = assessment.plan()
    assert assessment.origin is not None and assessment.origin.cycle is not None
    after = rules.assess_cycle(plan.apply_to(professional), assessment.origin.cycle,
                               plan.horizon or on)
    planner = planning.Planner(assessment)
    for node in (*assessment.result.walk(), *after.result.walk()):
        by_id = {a.id: a for a in node.prepared}
        per_cat: dict[str, int] = {}
        per_day: dict[date, int] = {}
        for outcome in node.counted():
            act = by_id[outcome.activity_id]
            amount = round(outcome.counted * 100)
            per_cat[act.category] = per_cat.get(act.category, 0) + amount
            per_day[act.day] = per_day.get(act.day, 0) + amount
        assert planner.counted(node) == (per_cat, per_day)
        assert planning._planned_counted(node) == frozenset(
            o.activity_id for o in node.counted() if o.activity_id.startswith(planning.PLAN_ID))


def test_a_plan_whose_projection_is_met_has_no_steps_and_is_verified() -> None:
    """Hours of a running contract that reach the minimum by the due date: the plan has no
    steps (the tree after it is not read), is verified and plans no fact."""
    plan = _work_plan(36, 7380)  # 7,359.43 hours worked by the assessment date
    assert not plan.met_now and plan.verified and plan.steps == () and plan.activities == ()
    assert plan.explain().startswith("Nog te doen: niets")


# -- the planner's own shortcuts ----------------------------------------------------------

_TEXTS = st.one_of(st.sampled_from(["plan-1", "formeel", "t1", "x y"]),
                   st.text(alphabet=" ab\t", max_size=3))
_AMOUNTS = st.one_of(st.integers(0, 10**8).map(lambda c: c / 100),
                     st.floats(allow_nan=False, allow_infinity=False, min_value=-5, max_value=2e6),
                     st.sampled_from([0.0, -0.0, 10.0**6, 10.0**6 + 0.01, 0.001]))


@given(_TEXTS, st.dates(), _TEXTS, st.booleans(), st.lists(_TEXTS, max_size=3).map(tuple),
       st.one_of(st.none(), _TEXTS), _AMOUNTS, st.booleans())
def test_a_planned_activity_is_the_record_the_constructor_makes(
        ident: str, on: date, category: str, accredited: bool, themes: tuple[str, ...],
        provider: str | None, amount: float, hours: bool) -> None:
    """Property: the planner's activity, built without the converters where they would keep
    every value, is the one ``Activity(...)`` makes (field by field, types included), and
    what the constructor refuses is refused alike."""
    from vakmanschap.engine.plan.synthesis import planned_activity

    fields = {"hours" if hours else "points": amount}
    try:
        expected = vk.Activity(id=ident, on=on, category=category, accredited=accredited,
                               themes=themes, provider=provider, title="gepland", **fields)
    except vk.DataError as error:
        with pytest.raises(vk.DataError) as raised:
            planned_activity(ident, on, category, accredited, themes, provider, amount, hours)
        assert str(raised.value) == str(error)
        return
    made = planned_activity(ident, on, category, accredited, themes, provider, amount, hours)
    assert made == expected
    assert [(type(v), repr(v)) for v in attrs.astuple(made, recurse=False)] == [
        (type(v), repr(v)) for v in attrs.astuple(expected, recurse=False)]


@given(cases())
def test_the_index_of_the_tree_after_the_plan_finds_the_first_node_of_each_key(
        case: tuple[vk.RuleSet, vk.Professional, date]) -> None:
    """Property: the nodes the steps look up (by id and period start, only the keys asked
    for) are the first of each key in the tree's depth-first walk."""
    from vakmanschap.engine.plan import planner as planning

    rules, professional, on = case
    root = rules.assess(professional, on).result
    first: dict[tuple[str, date | None], RequirementResult] = {}
    for node in root.walk():
        first.setdefault((node.id, node.window.start if node.window else None), node)
    assert all(v is first[k] for k, v in planning._index(root, set(first)).items())
    assert planning._index(root, set(first)).keys() == first.keys()
    for key, node in first.items():
        assert planning._index(root, {key, ("absent", None)}) == {key: node}


@pytest.mark.parametrize("name", vk.builtin_names())
def test_the_table_of_recorded_categories_is_what_each_lookup_gives(name: str) -> None:
    """The category a planned activity is recorded in, derived once per rule set for every
    category and accreditation, is the one the lookup gives for each."""
    from vakmanschap.engine.plan import synthesis

    rules = vk.builtin_rules(name)
    table = rules.derived("plan: recorded categories", synthesis._recorded_table)
    assert table == {(c, flag): synthesis._recorded(rules, c, flag)
                     for c in rules.categories for flag in (True, False)}


@given(cases())
def test_a_copied_need_is_what_evolve_gives(case: tuple[vk.RuleSet, vk.Professional, date]
                                            ) -> None:
    """Property: the copy the planner adds later rounds' amounts to equals ``attrs.evolve``
    of the need (every field, the per-day amounts shared), and is another object."""
    from vakmanschap.engine.plan import planner as planning

    rules, professional, on = case
    assessment = rules.assess(professional, on)
    if assessment.met:
        return
    for need in planning.Planner(assessment).needs(assessment.result)[1]:
        copy, evolved = need.copy(), attrs.evolve(need)
        assert copy == evolved and copy is not need and copy.day_used is need.day_used
        given = attrs.filters.exclude(attrs.fields(type(need))._key)  # a memo, not a value
        assert attrs.astuple(copy, recurse=False, filter=given) == attrs.astuple(
            evolved, recurse=False, filter=given)
        assert copy.key == need.key == evolved.key


@given(st.builds(vk.PlanStep, requirement=st.text(max_size=3), title=st.just(Text("t")),
                 kind=st.sampled_from(["amount", "theme"]), amount=st.none() | st.floats(0, 9),
                 within=st.none() | st.text(max_size=2), theme=st.none() | st.text(max_size=2)),
       st.none() | st.text(max_size=2))
def test_a_step_placed_within_another_is_what_evolve_gives(step: vk.PlanStep,
                                                           within: str | None) -> None:
    """Property: the copy of a step with ``within`` replaced equals ``attrs.evolve`` (every
    field), and the step itself is left as it was."""
    from vakmanschap.engine.plan.model import step_within

    before = attrs.asdict(step, recurse=False)
    made, evolved = step_within(step, within), attrs.evolve(step, within=within)
    assert made == evolved and made.within == within and made is not step
    assert attrs.asdict(made, recurse=False) == attrs.asdict(evolved, recurse=False)
    assert attrs.asdict(step, recurse=False) == before and made.key == evolved.key
