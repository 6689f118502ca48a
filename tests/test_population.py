"""The population evaluator agrees exactly with the per-person evaluator (RuleSet.assess)."""

from __future__ import annotations

import math
from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import vakmanschap as vk
from population_strategies import ON, population, rule_text
from tooling_helpers import TOY_RULES
from vakmanschap.engine.columnar.columns import result_keys
from vakmanschap.engine.primitives import REGISTRY
from vakmanschap.errors import DataError, RuleError
from vakmanschap.model.cells import MAX_AMOUNT
from vakmanschap.population import Population, simulate
from vakmanschap.rules.schema import MAX_NUMBER

SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _same(a: float | None, b: float) -> bool:
    if a is None:
        return math.isnan(b)
    return a == b


def assert_agree(rules: vk.RuleSet, people: list[vk.Professional], on: date,
                 group: str | None = None) -> None:
    """Every person: same met, and per requirement the same met, actual, required, shortfall."""
    try:
        result = simulate(Population.from_professionals(people), rules, on, group=group)
    except DataError as exc:  # data a rule needs is missing: assess must refuse someone too
        refused = []
        for person in people:
            try:
                rules.assess(person, on, group=group)  # type: ignore[arg-type]
            except DataError as own:
                refused.append(str(own))
            except RuleError:
                pass
        assert str(exc) in refused
        return
    columns = result.columns
    for i, person in enumerate(people):
        try:
            assessment = rules.assess(person, on, group=group)  # type: ignore[arg-type]
        except RuleError:
            assert not result.assessed[i], f"{person.id}: assess refused, population did not"
            assert not any(c.applies[i] for c in columns.values())
            continue
        assert result.assessed[i], person.id
        assert bool(result.met[i]) == assessment.met, person.id
        seen = set()
        for key, node in result_keys(assessment.result):
            seen.add(key)
            col = columns[key]
            where = f"{person.id} {key}"
            assert col.applies[i], where
            assert bool(col.met[i]) == node.met, where
            assert _same(node.actual, col.actual[i]), (where, node.actual, col.actual[i])
            assert _same(node.required, col.required[i]), (where, node.required,
                                                            col.required[i])
            assert _same(node.shortfall, col.shortfall[i]), (where, node.shortfall,
                                                              col.shortfall[i])
        extra = {k for k, c in columns.items() if c.applies[i]} - seen
        assert not extra, (person.id, extra)
        failed = [path[-1] for path, _ in assessment.unmet_leaves()]
        ours = [k for k, c in columns.items() if c.failed[i]]
        assert sorted(ours) == sorted(_keys_of(assessment, failed)), person.id


def _keys_of(assessment: vk.Assessment, failed_ids: list[str]) -> list[str]:
    """Result keys of the unmet leaves (ids alone are ambiguous inside periods)."""
    leaves = {id(node) for _, node in assessment.unmet_leaves()}
    return [key for key, node in result_keys(assessment.result) if id(node) in leaves]


@SETTINGS
@given(text=rule_text(), people=population(), on=ON)
def test_population_agrees_with_per_person(text: str, people: list[vk.Professional],
                                           on: date) -> None:
    """Random rule files and people: both evaluators give the same outcome everywhere."""
    rules = vk.parse_rules(text, "generated.yaml")
    assert_agree(rules, people, on)


def _agree_rooted_at(key: str, examples: int) -> None:
    """Per person == population on rule files whose re-registration requirement is ``key``."""

    @settings(SETTINGS, max_examples=examples)
    @given(text=rule_text(root=key), people=population(), on=ON)
    def check(text: str, people: list[vk.Professional], on: date) -> None:
        rules = vk.parse_rules(text, "generated.yaml")
        assert rules.versions[0].reregistration is not None
        assert rules.versions[0].reregistration.key == key
        assert_agree(rules, people, on)

    check()


@pytest.mark.parametrize("key", sorted(REGISTRY))
def test_population_agrees_for_every_primitive(key: str) -> None:
    """For each registered primitive, rule files rooted at it: both evaluators agree (a new
    primitive is covered without changing this test)."""
    _agree_rooted_at(key, 12)


@pytest.mark.slow
@pytest.mark.parametrize("key", sorted(REGISTRY))
def test_population_agrees_for_every_primitive_slow(key: str) -> None:
    """The same at the larger size."""
    _agree_rooted_at(key, 150)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=rule_text(), people=population(), on=ON,
       group=st.sampled_from(["registration", "reregistration", "development"]))
def test_population_agrees_for_explicit_groups(text: str, people: list[vk.Professional],
                                               on: date, group: str) -> None:
    """An explicit requirement group is honoured as RuleSet.assess honours it."""
    rules = vk.parse_rules(text, "generated.yaml")
    try:
        rules.version_at(on).requirement(group) if group != "registration" else None
    except RuleError:
        return
    if group == "registration" and not rules.version_at(on).registration:
        with pytest.raises(RuleError):
            simulate(Population.from_professionals(people), rules, on, group=group)
        return
    assert_agree(rules, people, on, group)


R1 = """
register: r1
title: R1
source: test
unit: hours
categories:
  formeel: {title: Formeel, if_unaccredited: informeel}
  informeel: Informeel
  reflectie: Reflectie
themes: {t1: T1, t2: T2}
versions:
  - id: r1
    title: R1
    valid_from: 2000-01-01
    source: test
    cycle: {years: 4}
    reregistration:
      id: r1
      title: R1
      all_of:
        - id: totaal
          title: Totaal
          total: {min: 20, prorate: [fte], caps: {per_category: {informeel: 5}, per_day: 8}}
        - id: reflectie
          title: Reflectie
          per_period:
            every: cycle_year
            requires: {id: jaar, title: Jaar, count: {min: 1, categories: [reflectie]}}
"""


def _person(pid: str, acts: list[tuple[str, str, float]], fte: float = 1.0) -> vk.Professional:
    return vk.Professional(
        id=pid, fte=fte,
        activities=[vk.Activity(id=f"a{k}", on=day, category=cat, hours=h, accredited=True)
                    for k, (day, cat, h) in enumerate(acts)],
        events=[vk.RegisterEvent(id="r", kind="registered", on="2020-01-01")])


def test_caps_apply_in_chronological_order_with_ties_by_id() -> None:
    """Day and category caps count activities by date, then id, like primitives/total.py."""
    rules = vk.parse_rules(R1)
    people = [
        _person("p1", [("2020-03-01", "informeel", 6), ("2020-03-01", "formeel", 6),
                       ("2020-02-01", "informeel", 3), ("2021-01-01", "reflectie", 1)]),
        _person("p2", [("2020-05-05", "formeel", 12)], fte=0.5),
    ]
    result = simulate(Population.from_professionals(people), rules, "2024-01-01")
    total = result.column("totaal")
    # p1: 3 informal hours in February; on 1 March a0 (informal 6) finds 2 hours of
    # category room and counts 2, a1 (formal 6) finds the day's remaining 6 hours: both caps
    # bind for this person, so the evaluator follows the primitive activity by activity.
    assert total.actual.tolist() == [rules.assess(p, "2024-01-01").result.find("totaal").actual
                                     for p in people]
    assert total.actual.tolist()[0] == 3 + 2 + 6 + 1  # and 1 hour of reflection
    assert total.required.tolist() == [20.0, 10.0]
    assert_agree(rules, people, date(2024, 1, 1))


def test_not_registered_people_are_reported_not_assessed() -> None:
    """Without a registration (and no registration levels) a person is not assessed."""
    rules = vk.parse_rules(R1)
    person = vk.Professional(id="x")
    result = simulate(Population.from_professionals([person]), rules, "2024-01-01")
    assert result.status.tolist() == ["not_registered"]
    assert result.pass_rate == 0.0


def test_result_tables_and_writers(tmp_path: Any) -> None:
    """Summaries print, render HTML, and the per-person table writes as CSV and JSON."""
    rules = vk.parse_rules(R1)
    people = [_person("p1", [("2020-03-01", "formeel", 30)]), _person("p2", [])]
    result = simulate(Population.from_professionals(people), rules, "2024-01-01")
    assert "pass_rate" in str(result.summary())
    assert "<table>" in result._repr_html_()
    result.to_csv(tmp_path / "out.csv")
    lines = (tmp_path / "out.csv").read_text().splitlines()
    assert lines[0].startswith("id,org,plan,status,met") or lines[0].startswith("id,plan")
    assert len(lines) == 3
    assert '"pass_rate"' in (result.to_json() or "")
    assert result.first_failed().tolist()[1] == "totaal"
    assert result.assessment("p2").met is False


# -- issue 16, item 1: bounds that make overflow impossible ----------------------------------

_EXTREME_AMOUNTS = st.sampled_from([0.0, 0.01, 1.0, MAX_AMOUNT - 0.01, float(MAX_AMOUNT)])
_EXTREME_PARAMS = st.sampled_from([0, 0.01, 1, MAX_NUMBER - 1, MAX_NUMBER])


@settings(SETTINGS, max_examples=40)
@given(hours=st.lists(st.lists(_EXTREME_AMOUNTS, max_size=60), min_size=1, max_size=4),
       minimum=_EXTREME_PARAMS, cap=_EXTREME_PARAMS, work=_EXTREME_PARAMS)
def test_population_agrees_at_the_bounds(hours: list[list[float]], minimum: float,
                                         cap: float, work: float) -> None:
    """Amounts and parameters at their documented bounds (MAX_AMOUNT per activity,
    MAX_NUMBER per parameter): the population evaluator gives exactly what assess gives."""
    rules = vk.load_rules(TOY_RULES).with_changes({
        "totaal.min": minimum, "totaal.cap_per_activity": cap, "werk.min": work,
        "formeel-totaal.min": minimum})
    people = [vk.Professional.from_dict({
        "id": f"p{i}", "fte": 1.0, "entered_service": "2023-01-01",
        "events": [{"id": "r", "kind": "registered", "on": "2024-01-01", "level": "basis"}],
        "activities": [{"id": f"a{j}", "on": "2025-03-01", "hours": h, "category": "formeel",
                        "accredited": True} for j, h in enumerate(row)]})
        for i, row in enumerate(hours)]
    assert_agree(rules, people, date(2027, 6, 1))


@pytest.mark.parametrize("value", [MAX_NUMBER * 1.001, 1e17, 1e300])
def test_parameters_beyond_the_bound_are_refused(value: float) -> None:
    """A parameter above MAX_NUMBER is refused by the overlay check (issue 16, item 1: --set
    totaal.min=1.0e+300 gave a 15.5 % pass rate where assess gave 0)."""
    with pytest.raises(RuleError, match="must be <= 1e\\+06"):
        vk.load_rules(TOY_RULES).with_changes({"totaal.min": value})


def test_activity_amounts_beyond_the_bound_are_refused() -> None:
    """Activity(hours=1e300) is refused when built (issue 16, item 8: it reached
    Population.from_professionals and raised a raw OverflowError)."""
    with pytest.raises(DataError, match="at most 1000000"):
        vk.Activity(id="a", on="2025-01-01", hours=1e300, category="formeel")
