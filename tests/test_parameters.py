"""The parameter list of a rule set (engine/parameters.py, RuleSet.parameters) and the
settings a change can reach: sub-period length and term length (issue 12, item 2)."""

from __future__ import annotations

import pickle

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import vakmanschap as vk
from helpers import act, assess, person, rules_for
from vakmanschap.engine.parameters import allowed_text, value_text
from vakmanschap.rules.schema import Num

REFLECT = """\
id: reflectie
title: {nl: Reflectie elk jaar, en: Reflection every year}
source: Reglement art. 4
per_period:
  every: cycle_year
  requires: {id: reflectie-jaar, title: Jaar, count: {min: 1, categories: [reflectie]}}
"""

TOTAL = ("{id: totaal, title: {nl: Uren, en: Hours}, source: Reglement art. 3, "
         "total: {min: {2020-01-01: 160, 2027-01-01: 120}}}")


def _by_path(rules: vk.RuleSet) -> dict[str, vk.Parameter]:
    return {p.path: p for p in rules.parameters()}


def test_unset_optional_parameter_is_listed_and_named_in_errors() -> None:
    """``allow_missed`` left out of the file is still a parameter: listed, and named by the
    error for an unknown one (it used to say "its parameters: (none)")."""
    rules = rules_for(REFLECT)
    listed = _by_path(rules)
    assert listed["reflectie.allow_missed"].value is None
    assert listed["reflectie.allow_missed"].sweep == "easier"
    with pytest.raises(vk.RuleError, match=r"its parameters: allow_missed, every\.months"):
        rules.with_changes({"reflectie.x": 1})


def test_reflect_every_two_years_via_a_change() -> None:
    """``reflectie.every.months=24`` turns "reflect every year" into "every two years": one
    reflection in each half of the term then suffices."""
    rules = rules_for(REFLECT)
    two_reflections = person([act("r1", "2020-06-01", 1, category="reflectie"),
                              act("r2", "2022-06-01", 1, category="reflectie")])
    assert not assess(rules, two_reflections).met  # years 2 and 4 have none
    every_two = rules.with_changes({"reflectie.every.months": 24})
    assert assess(every_two, two_reflections).met
    assert _by_path(every_two)["reflectie.every.months"].value == 24
    one = person([act("r1", "2020-06-01", 1, category="reflectie")])
    assert not assess(every_two, one).met


def test_sub_period_length_takes_one_value() -> None:
    """A sub-period's length is not dated and must be a whole number of months, 1 or more."""
    rules = rules_for(REFLECT)
    with pytest.raises(vk.RuleError, match="one value for every date"):
        rules.with_changes({"reflectie.every.months": {"2027-01-01": 24}})
    with pytest.raises(vk.RuleError, match="whole number"):
        rules.with_changes({"reflectie.every.months": 1.5})
    with pytest.raises(vk.RuleError, match=r"at least 1|minimum|>= 1"):
        rules.with_changes({"reflectie.every.months": 0})
    with pytest.raises(vk.RuleError, match="cannot be removed"):
        rules.with_changes({"reflectie.every.months": None})


def test_cycle_length_is_a_parameter() -> None:
    """``cycle.years`` changes the term: a two-year term ends on 2022-01-01."""
    rules = rules_for(TOTAL)
    assert _by_path(rules)["cycle.years"].value == 4
    short = rules.with_changes({"cycle.years": 2})
    assert short.versions[0].cycle.years == 2
    a = assess(short, person(), "2021-12-31")
    assert a.deadline is not None and a.deadline.isoformat() == "2022-01-01"
    assert rules.versions[0].cycle.years == 4  # the original is untouched


@pytest.mark.parametrize(("changes", "fragment"), [
    ({"cycle.years": 0}, "cannot both be 0"),
    ({"cycle.years": 101}, "100"),
    ({"cycle.weeks": 1}, "its parameters: years, months"),
    ({"cycle.years": {"2027-01-01": 2}}, "one value for every date"),
])
def test_cycle_changes_are_checked(changes: dict[str, object], fragment: str) -> None:
    """A bad term length is refused with what is allowed."""
    with pytest.raises(vk.RuleError, match=fragment):
        rules_for(TOTAL).with_changes(changes)


def test_cycle_years_zero_with_months_is_allowed() -> None:
    """A term of 0 years and 18 months is a term: checked once all changes are made."""
    rules = rules_for(TOTAL).with_changes({"cycle.years": 0, "cycle.months": 18})
    assert (rules.versions[0].cycle.years, rules.versions[0].cycle.months) == (0, 18)


def test_dated_value_in_full_and_as_of() -> None:
    """A dated parameter is listed in full; ``as_of`` adds the value in force that day."""
    rules = rules_for(TOTAL)
    entry = _by_path(rules)["totaal.min"]
    assert entry.value == {"2020-01-01": 160, "2027-01-01": 120}
    assert value_text(entry.value) == "{2020-01-01: 160, 2027-01-01: 120}"
    assert (entry.unit, entry.sweep, entry.kind) == ("hours", "harder", "total")
    assert entry.title.en == "Hours" and entry.source == "Reglement art. 3"
    assert entry.allowed == "0 to 1000000"
    assert _by_path(rules)["totaal.min"].in_force is None
    later = {p.path: p for p in rules.parameters("2028-01-01")}
    assert later["totaal.min"].in_force == 120


def test_paths_are_version_scoped_only_where_versions_differ() -> None:
    """The same value in every version gives one path; different values one per version."""
    text = vk.parse_rules("""\
register: t
title: T
source: Wet
unit: hours
categories: {formeel: Formeel}
versions:
  - {id: oud, title: Oud, valid_from: 2010-01-01, valid_until: 2019-12-31, source: R1,
     cycle: {years: 4}, reregistration: {id: uren, title: Uren, total: {min: 40}}}
  - {id: nieuw, title: Nieuw, valid_from: 2020-01-01, source: R2,
     cycle: {years: 4}, reregistration: {id: uren, title: Uren, total: {min: 80}}}
""", "t.yaml")
    paths = _by_path(text)
    assert "cycle.years" in paths and paths["cycle.years"].versions == ("oud", "nieuw")
    assert paths["oud:uren.min"].value == 40 and paths["nieuw:uren.min"].value == 80
    assert [p.path for p in text.parameters("2021-01-01") if p.rule == "uren"][:1] == \
        ["nieuw:uren.min"]


def test_every_listed_path_is_accepted_by_with_changes() -> None:
    """Every path the list gives is a valid change key (the list and overlays agree)."""
    for name in vk.builtin_names():
        rules = vk.builtin_rules(name)
        for p in rules.parameters():
            if isinstance(p.value, int | float) and not isinstance(p.value, bool):
                rules.with_changes({p.path: p.value})


def test_records_are_frozen_and_pickle() -> None:
    """Parameters are frozen attrs records that pickle (they cross process pools)."""
    entry = rules_for(TOTAL).parameters()[0]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        entry.path = "x"  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(entry)) == entry
    assert entry.to_dict()["words"]["nl"]


def test_repr_html_lists_the_parameters() -> None:
    """A rule set shows its parameters in a notebook."""
    html = rules_for(TOTAL)._repr_html_()
    assert "totaal.min" in html and "cycle.years" in html and "<table>" in html


@given(low=st.integers(0, 1000), span=st.integers(1, 1000), whole=st.booleans())
def test_allowed_text_names_the_bounds(low: int, span: int, whole: bool) -> None:
    """The allowed range names both bounds of a number schema, and 'whole' for integers."""
    text = allowed_text(Num(minimum=low, maximum=low + span, integer=whole))
    assert text.endswith(f"{low} to {low + span}")
    assert text.startswith("whole number") == whole


@pytest.mark.parametrize("changes", [{"reflectie.every.months": 24},
                                     {"cycle.years": 3, "ontwikkeling.every.months": 6}])
def test_changed_lengths_population_equals_person(changes: dict[str, int]) -> None:
    """With a sub-period or term length changed, the population evaluator judges everyone
    exactly as ``assess`` does."""
    from vakmanschap.population import generate, simulate

    base = vk.builtin_rules("rijksambtenaar")
    rules = base.with_changes(changes)
    population = generate(60, 3, base)
    result = simulate(population, rules, "2031-01-01")
    for i in range(population.size):
        if result.assessed[i]:
            assert result.met[i] == rules.assess(population.professional(i), "2031-01-01").met
