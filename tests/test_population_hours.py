"""Where the hours go (population/hours.py): the breakdown equals the per-person outcomes of
RuleSet.assess and adds up to the hours in the input, per group."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import vakmanschap as vk
from helpers import rules_for
from population_strategies import ON, population, rule_text
from vakmanschap.cli import main
from vakmanschap.engine.columnar.columns import result_keys
from vakmanschap.engine.columnar.fates import NOT_JUDGED, HourSums
from vakmanschap.engine.primitives import REGISTRY, Requirement
from vakmanschap.errors import DataError, RuleError
from vakmanschap.population import Population, simulate
from vakmanschap.population.hours import compare_hours, hour_sums, hours_node

SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
EXAMPLE = "docs/population-example"


def _cents(value: float) -> int:
    return round(value * 100)


def _activity_keys(result: vk.PopulationResult) -> list[str]:
    unit = result.rules.unit
    return list(dict.fromkeys(occ.key for root in result.roots for occ in root.walk()
                              if occ.node is not None and occ.node.activity_unit(unit)))


def _counted(rules: vk.RuleSet, act: vk.Activity) -> int:
    """The hundredths an activity counts as (converted when its category converts its unit)."""
    converted = rules.converted(act)
    return _cents(act.amount if converted is None else converted)


def _per_person(rules: vk.RuleSet, person: vk.Professional, on: date, key: str
                ) -> tuple[Counter[str], Counter[str]]:
    """Amount and counted hundredths per reason of ``key`` in ``assess``'s result."""
    amount: Counter[str] = Counter()
    counted: Counter[str] = Counter()
    try:
        assessment = rules.assess(person, on)
    except RuleError:
        assessment = None
    nodes = dict(result_keys(assessment.result)) if assessment is not None else {}
    if key not in nodes:
        amount[NOT_JUDGED] = sum(_counted(rules, a) for a in person.activities)
        return amount, counted
    for outcome in nodes[key].activities:
        amount[outcome.reason] += _cents(outcome.amount)
        counted[outcome.reason] += _cents(outcome.counted)
    return amount, counted


def assert_breakdown_agrees(rules: vk.RuleSet, people: list[vk.Professional], on: date
                            ) -> None:
    """For every node that looks at activities: per person and reason the same amounts and
    counted hundredths as assess, and per person (so per group) nothing lost."""
    try:
        result = simulate(Population.from_professionals(people), rules, on)
    except DataError:
        return
    for key in _activity_keys(result):
        sums = hour_sums(result, key)
        for i, person in enumerate(people):
            amount, counted = _per_person(rules, person, on, key)
            ours_amount = {r: int(sums.amount[i, k]) for k, r in enumerate(sums.reasons)
                           if sums.amount[i, k]}
            ours_counted = {r: int(sums.counted[i, k]) for k, r in enumerate(sums.reasons)
                            if sums.counted[i, k]}
            where = (person.id, key)
            assert ours_amount == {r: v for r, v in amount.items() if v}, where
            assert ours_counted == {r: v for r, v in counted.items() if v}, where
            assert int(sums.amount[i].sum()) == sum(_counted(rules, a)
                                                    for a in person.activities), where
        for row in result.hours(key, by="org").rows:
            total = row["counted"] + row["capped"] + row["excluded"] + row["not_judged"]
            assert _cents(row["input"]) == _cents(total), (key, row)


@SETTINGS
@given(text=rule_text(), people=population(), on=ON)
def test_breakdown_equals_per_person_outcomes(text: str, people: list[vk.Professional],
                                             on: date) -> None:
    """Random rule files and people: the columnar breakdown of every activity node equals
    the sum of assess's per-person outcomes, and every input hour is accounted for."""
    assert_breakdown_agrees(vk.parse_rules(text, "generated.yaml"), people, on)


@SETTINGS
@given(text=rule_text(root="total"), people=population(), on=ON)
def test_breakdown_of_capped_totals(text: str, people: list[vk.Professional], on: date
                                   ) -> None:
    """Rule files rooted at a total (caps per activity, day and category): the same."""
    assert_breakdown_agrees(vk.parse_rules(text, "generated.yaml"), people, on)


@SETTINGS
@given(text=rule_text(root="total_per_listed_theme"), people=population(), on=ON)
def test_breakdown_of_listed_themes(text: str, people: list[vk.Professional], on: date
                                    ) -> None:
    """Rule files rooted at a minimum per listed theme (counted or theme_not_listed per
    person's own list): the same."""
    assert_breakdown_agrees(vk.parse_rules(text, "generated.yaml"), people, on)


_CAP = st.one_of(st.none(), st.integers(0, 12))


@st.composite
def _crowded_person(draw: st.DrawFn, index: int) -> vk.Professional:
    """Activities on few days in a four-year cycle from 2020, in few categories."""
    days = [date(2020 + draw(st.integers(-1, 4)), draw(st.integers(1, 12)), 1)
            for _ in range(3)]
    return vk.Professional(
        id=f"p{index}", activities=[
            vk.Activity(id=draw(st.sampled_from("abc")) + str(k), on=draw(st.sampled_from(days)),
                        category=draw(st.sampled_from(("formeel", "informeel", "reflectie"))),
                        hours=draw(st.integers(0, 40)) / 4, accredited=draw(st.booleans()))
            for k in range(draw(st.integers(0, 12)))],
        events=[vk.RegisterEvent(id="r", kind="registered", on="2020-01-01")]
        if draw(st.integers(0, 5)) else [],
        attributes={"org": draw(st.sampled_from(("BZK", "FIN")))})


@SETTINGS
@given(act=_CAP, day=_CAP, informal=_CAP, formal=_CAP, floor=_CAP,
       people=st.integers(1, 8).flatmap(lambda n: st.tuples(*(_crowded_person(i)
                                                               for i in range(n)))),
       on=st.dates(date(2020, 6, 1), date(2025, 6, 1)))
def test_breakdown_when_caps_bind(act: int | None, day: int | None, informal: int | None,
                                  formal: int | None, floor: int | None,
                                  people: tuple[vk.Professional, ...], on: date) -> None:
    """Small caps per activity, per day and per category on crowded days (both a day and a
    category cap binding included): the breakdown still equals assess's outcomes."""
    caps = {"per_activity": act, "per_day": day,
            "per_category": {k: v for k, v in (("informeel", informal), ("formeel", formal))
                             if v is not None} or None}
    written = ", ".join(f"{k}: {v}" for k, v in caps.items() if v is not None)
    extra = f", per_activity_min: {floor / 4}" if floor is not None else ""
    caps_text = f", caps: {{{written}}}" if written else ""
    rules = rules_for("{id: totaal, title: T, source: s, total: {min: 40" + caps_text + extra
                      + "}}")
    assert_breakdown_agrees(rules, list(people), on)


@pytest.fixture(scope="module")
def example() -> tuple[vk.RuleSet, Population, vk.PopulationResult]:
    rules = vk.builtin_rules("rijksambtenaar")
    pop = Population.from_csv(f"{EXAMPLE}/professionals.csv", f"{EXAMPLE}/activities.csv",
                              attestations=f"{EXAMPLE}/attestations.csv", rules=rules)
    return rules, pop, simulate(pop, rules, "2033-01-01")


def test_default_node_is_the_first_total(example: tuple[vk.RuleSet, Population,
                                                        vk.PopulationResult]) -> None:
    """Without a node the breakdown is for the cycle total, the first total of the tree."""
    _, _, result = example
    assert hours_node(result) == "totaal"
    assert result.hours().title.startswith("where the hours go: totaal")


def test_unknown_or_non_activity_node_is_refused(
        example: tuple[vk.RuleSet, Population, vk.PopulationResult]) -> None:
    """A node that is not there, or looks at no activities, is refused naming the choices."""
    _, _, result = example
    with pytest.raises(RuleError, match=r"choose one of: .*totaal"):
        result.hours("nope")


def test_table_columns_and_sums(example: tuple[vk.RuleSet, Population,
                                                vk.PopulationResult]) -> None:
    """The table has totals, a column per cap and per reason that occurs, and adds up."""
    _, pop, result = example
    table = result.hours(by="part_time")
    assert list(table.columns[:8]) == ["part_time", "people", "judged", "input", "counted",
                                       "capped", "excluded", "not_judged"]
    assert "capped.cap_per_category" in table.columns
    assert "excluded.outside_window" in table.columns
    for row in table.rows:
        parts = [row[c] for c in table.columns if c.startswith("capped.")]
        assert round(sum(parts), 2) == row["capped"]
    assert round(sum(r["input"] for r in table.rows), 2) == round(
        int(pop.activities.amount.sum()) / 100, 2)
    frame = table.to_pandas()
    assert len(frame) == 2 and frame["people"].sum() == pop.size


def test_compare_hours_side_by_side(example: tuple[vk.RuleSet, Population,
                                                   vk.PopulationResult]) -> None:
    """A lower informal cap caps more hours in the variant; the input is the same."""
    rules, pop, _ = example
    variant = rules.with_changes({"totaal.cap_per_category.informeel": 20})
    table = compare_hours(vk.compare(pop, rules, variant, on="2033-01-01"))
    (row,) = table.rows
    assert row["input_base"] == row["input_variant"]
    assert row["capped_variant"] > row["capped_base"]
    assert row["counted_variant"] < row["counted_base"]


_SIMULATE = ["simulate", EXAMPLE, "--rules", "rijksambtenaar", "--on", "2033-01-01"]


def test_simulate_hours_in_every_format(capsys: pytest.CaptureFixture[str]) -> None:
    """simulate --hours adds the breakdown to text, JSON and CSV output."""
    assert main([*_SIMULATE, "--hours", "--by", "part_time"]) == 0
    text = capsys.readouterr().out
    assert "where the hours go: totaal" in text and "capped.cap_per_category" in text
    assert main([*_SIMULATE, "--hours-for", "formeel", "--format", "json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["hours"]["title"].startswith("where the hours go: formeel")
    (row,) = payload["hours"]["rows"]
    assert row["excluded.category"] > 0
    assert main([*_SIMULATE, "--hours", "--format", "csv"]) == 0
    tail = capsys.readouterr().out.split("\n\n")[-1]
    assert tail.startswith("people,judged,input,counted,capped,excluded,not_judged")


def test_compare_hours_and_bad_node(capsys: pytest.CaptureFixture[str]) -> None:
    """compare --hours shows base and variant side by side; an unknown node exits 2."""
    compare = ["compare", *_SIMULATE[1:], "--set", "totaal.cap_per_category.informeel=20"]
    assert main([*compare, "--hours", "--format", "json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)["hours"]["rows"]
    assert row["capped_variant"] > row["capped_base"]
    assert main([*_SIMULATE, "--hours-for", "nope"]) == 2
    assert "choose one of: totaal" in capsys.readouterr().err


def test_nodes_below_a_node_evaluated_person_by_person(
        example: tuple[vk.RuleSet, Population, vk.PopulationResult],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A node inside a period whose parent is evaluated person by person gets the same
    breakdown, from the parent's own evaluate (whose windows the flattened columns lack)."""
    rules, pop, result = example
    key = "reflectie-jaar[1]"
    columnar = hour_sums(result, key)
    monkeypatch.setattr(REGISTRY["per_period"], "columnar", Requirement.columnar)
    again = simulate(pop, rules, "2033-01-01")
    assert "per_period" in again.fallbacks
    by_person = hour_sums(again, key)

    def per_reason(sums: HourSums) -> dict[str, tuple[list[int], list[int]]]:
        return {r: (sums.amount[:, k].tolist(), sums.counted[:, k].tolist())
                for k, r in enumerate(sums.reasons) if sums.amount[:, k].any()}

    assert per_reason(by_person) == per_reason(columnar)
    assert {"counted", "outside_window"} <= set(per_reason(columnar))
