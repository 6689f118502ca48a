"""Unit conversion per category (engine/columnar/units.py, with the conversion itself in
rules/versions.py and the per-person form in activity_filter.prepare_activities): NOvA-style
rule files where hours taught and words written count as points."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import vakmanschap as vk
from vakmanschap.engine.columnar.units import converted_activities
from vakmanschap.errors import DataError, RuleFileError
from vakmanschap.population import Population, simulate
from vakmanschap.rules.versions import Conversion

RULES = """\
register: conv
title: Conversie
source: Testwet art. 1
unit: points
units: [points, hours, words]
categories:
  gevolgd: {title: Gevolgd, convert: {hours: {per: 1}}}
  gegeven: {title: Gegeven, convert: {hours: {per: 0.5, gives: 1}}}
  publicatie: {title: Publicatie, convert: {words: {per: 500}}}
  pro-rata: {title: Naar rato, convert: {words: {per: 300, gives: 2, rounding: hundredth}}}
  overig: Overig
versions:
  - id: v1
    title: V1
    source: Testwet art. 2
    valid_from: 2020-01-01
    cycle: {years: 1, grid: 2020-01-01}
    reregistration:
      id: totaal
      title: Totaal
      source: Testwet art. 3
      total: {min: %(min)s, caps: {per_category: {gegeven: 6}}}
"""
ON = date(2022, 12, 31)
CATS = ("gevolgd", "gegeven", "publicatie", "pro-rata", "overig")


def rules(minimum: float = 20) -> vk.RuleSet:
    return vk.parse_rules(RULES % {"min": minimum}, "conv.yaml")


def act(ident: str, category: str, amount: float, unit: str, on: str = "2022-03-01"
        ) -> vk.Activity:
    return vk.Activity(id=ident, on=on, category=category, amount=amount, unit=unit)


def person(*activities: vk.Activity, ident: str = "p") -> vk.Professional:
    return vk.Professional(id=ident, activities=activities, events=[vk.RegisterEvent(
        id="r", kind="registered", on="2020-01-01")])


def actual(*activities: vk.Activity) -> float:
    return rules().assess(person(*activities), ON).result.actual  # type: ignore[return-value]


def test_words_count_per_whole_500() -> None:
    """499 words give no point, 500 and 501 one, 1,000 two (rounding: whole, per activity)."""
    assert [actual(act("a", "publicatie", n, "words")) for n in (499, 500, 501, 1000)] == [
        0, 1, 1, 2]


def test_hours_taught_count_per_half_hour() -> None:
    """2.75 hours taught give five points; 0.25 hours none."""
    assert actual(act("a", "gegeven", 2.75, "hours")) == 5
    assert actual(act("a", "gegeven", 0.25, "hours")) == 0


def test_hundredth_rounding_counts_pro_rata_rounded_down() -> None:
    """rounding: hundredth gives 2 points per 300 words pro rata, rounded down (100 -> 0.66)."""
    assert actual(act("a", "pro-rata", 100, "words")) == 0.66
    assert actual(act("a", "pro-rata", 450, "words")) == 3


def test_mixed_units_in_one_category_count_together() -> None:
    """Points as entered and converted words in one category add up."""
    assert actual(act("a", "publicatie", 2, "points"), act("b", "publicatie", 1500, "words")) == 5


def test_cap_applies_after_conversion() -> None:
    """The cap of 6 points on teaching applies to the converted points (8 hours = 16 points)."""
    result = rules().assess(person(act("a", "gegeven", 8, "hours")), ON).result
    assert result.actual == 6
    assert [(o.status, o.amount, o.counted) for o in result.activities] == [
        ("capped", 16, 6)]


def test_unconverted_unit_is_excluded_with_its_own_amount() -> None:
    """Words in a category that converts none are excluded for their unit, in words."""
    result = rules().assess(person(act("a", "overig", 800, "words")), ON).result
    assert [(o.reason, o.reason_arg, o.amount) for o in result.activities] == [
        ("unit", "words", 800)]


def test_explanation_shows_the_conversion() -> None:
    """The explanation says what a converted activity counts as, in Dutch and English."""
    assessment = rules().assess(person(act("a", "publicatie", 1000, "words"),
                                       act("b", "gegeven", 2.25, "hours")), ON)
    assert "Omgerekend: a: 1.000 woorden = 2 punten; b: 2,25 uur = 4 punten." in (
        assessment.explain("nl"))
    assert "Converted: a: 1,000 words = 2 points; b: 2.25 hours = 4 points." in (
        assessment.explain("en"))


def test_unknown_unit_in_a_person_is_an_error_naming_the_units() -> None:
    """A unit the rule file does not declare is refused, naming the declared ones."""
    with pytest.raises(DataError, match=r"activities\[0\].*unknown unit 'pages'; allowed: "
                                        r"points, hours, words"):
        rules().assess(person(act("a", "publicatie", 3, "pages")), ON)


def test_default_units_are_hours_and_points() -> None:
    """A rule file without units accepts hours and points only."""
    plain = vk.parse_rules(RULES.replace("units: [points, hours, words]\n", "").replace(
        "publicatie: {title: Publicatie, convert: {words: {per: 500}}}", "publicatie: P")
        .replace("pro-rata: {title: Naar rato, convert: {words: {per: 300, gives: 2, rounding:"
                 " hundredth}}}", "pro-rata: R") % {"min": 1}, "plain.yaml")
    assert plain.units == ("hours", "points")
    with pytest.raises(DataError, match="unknown unit 'words'; allowed: hours, points"):
        plain.assess(person(act("a", "overig", 3, "words")), ON)


@pytest.mark.parametrize(("change", "message"), [
    ("convert: {words: {per: 500}}}", "conv.yaml:9:"),
    ("convert: {points: {per: 2}}}", "unknown unit 'points' to convert; allowed: hours, words"),
    ("convert: {pages: {per: 2}}}", "unknown unit 'pages' to convert"),
    ("convert: {words: {per: 0.001}}}", "must be a positive amount to the hundredth"),
    ("convert: {words: {per: 5, gives: 0.5, rounding: up}}}", "rounding"),
])
def test_bad_conversions_are_located_errors(change: str, message: str) -> None:
    """A conversion of the file's own unit, of an undeclared unit, or with a bad number or
    rounding is refused at its line and column."""
    text = RULES.replace("publicatie: {title: Publicatie, convert: {words: {per: 500}}}",
                         "publicatie: {title: Publicatie, " + change) % {"min": 1}
    if change.startswith("convert: {words: {per: 500}"):
        text = text.replace("units: [points, hours, words]", "units: [points, hours]")
        message = "unknown unit 'words' to convert"
    with pytest.raises(RuleFileError, match=message):
        vk.parse_rules(text, "conv.yaml")


def test_conversion_is_the_same_for_an_int_and_an_array() -> None:
    """Conversion.hundredths gives the same integers for one amount and for an array."""
    for conversion in (Conversion("words", 50000, 100), Conversion("hours", 50, 100),
                       Conversion("words", 30000, 200, "hundredth")):
        amounts = np.arange(0, 200_000, 37, dtype=np.int64)
        assert conversion.hundredths(amounts).tolist() == [
            conversion.hundredths(int(a)) for a in amounts]


def test_store_without_conversions_is_left_alone() -> None:
    """A population whose rules convert nothing keeps its activity columns as they are."""
    plain = vk.parse_rules(RULES.replace("convert: {hours: {per: 1}}", "convert: {}")
                           .replace("convert: {hours: {per: 0.5, gives: 1}}", "convert: {}")
                           % {"min": 1}, "p.yaml")
    pop = Population.from_professionals([vk.Professional(id="p", activities=[
        vk.Activity(id="a", on="2022-01-01", category="overig", points=2)])])
    assert converted_activities(pop.activities, plain) is pop.activities


AMOUNTS = st.integers(0, 300_000).map(lambda c: c / 100)
ACTS = st.lists(st.tuples(st.sampled_from(CATS), AMOUNTS,
                          st.sampled_from(("points", "hours", "words"))), max_size=10)


@settings(max_examples=80, deadline=None)
@given(ACTS, st.integers(0, 9), st.integers(0, 5000).map(lambda c: c / 100))
def test_conversion_is_monotone(items: list[tuple[str, float, str]], which: int,
                                more: float) -> None:
    """Recording more of a unit never counts for less, per activity and in total."""
    acts = [act(f"a{k}", c, a, u) for k, (c, a, u) in enumerate(items)]
    if not acts:
        return
    k = which % len(acts)
    bigger = min(round(acts[k].amount * 100) + round(more * 100), 10 ** 8) / 100
    grown = [*acts[:k], act(f"a{k}", acts[k].category, bigger, acts[k].unit), *acts[k + 1:]]
    rs = rules()
    before, after = rs.converted(acts[k]), rs.converted(grown[k])
    assert (before is None) == (after is None)
    assert before is None or (after is not None and after >= before)
    assert actual(*grown) >= actual(*acts)


@settings(max_examples=60, deadline=None)
@given(ACTS)
def test_every_activity_is_counted_capped_or_excluded(items: list[tuple[str, float, str]]
                                                      ) -> None:
    """Conservation: every activity has one outcome, whose amount is what it counts as
    (converted, or as recorded), split into counted and lost, per person and columnar."""
    acts = [act(f"a{k}", c, a, u) for k, (c, a, u) in enumerate(items)]
    rs = rules()
    result = rs.assess(person(*acts), ON).result
    outcomes = {o.activity_id: o for o in result.activities}
    assert sorted(outcomes) == sorted(a.id for a in acts)
    for a in acts:
        converted = rs.converted(a)
        assert outcomes[a.id].amount == (a.amount if converted is None else converted)
        assert 0 <= outcomes[a.id].counted <= outcomes[a.id].amount
    population = simulate(Population.from_professionals([person(*acts)]), rs, ON)
    column = population.columns["totaal"]
    assert bool(column.met[0]) == result.met
    assert round(float(column.actual[0]), 2) == result.actual
