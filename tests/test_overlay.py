"""Rule variants: ``RuleSet.with_changes`` (vakmanschap.engine.overlay)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

import vakmanschap as vk
import vakmanschap.strategies as vks
from helpers import VOCABULARY, act, assess, person, root
from strategies import activity_lists
from tooling_helpers import TOY_RULES
from vakmanschap.engine.overlay import parameter_paths
from vakmanschap.rules.params import Dated

TEXT = VOCABULARY % {"unit": "hours", "date_policy": ""} + """\
versions:
  - id: v1
    title: Versie 1
    valid_from: 2000-01-01
    source: s1
    cycle: {years: 4}
    reregistration:
      id: herregistratie
      title: Herregistratie
      all_of:
        - {id: totaal, title: Totaal, total: {min: 160, caps: {per_category: {informeel: 40}}}}
        - {id: themas, title: Thema's, distinct_themes: {min: 3}}
        - id: route
          title: Route
          at_least:
            k: 1
            of:
              - {id: c1, title: C1, count: {min: 1}}
              - {id: c2, title: C2, count: {min: 1, categories: [reflectie]}}
  - id: v2
    title: Versie 2
    valid_from: 2022-01-01
    source: s2
    cycle: {years: 4}
    reregistration: {id: totaal, title: Totaal, total: {min: 120}}
"""
RULES = vk.parse_rules(TEXT, "test.yaml")


def node(rules: vk.RuleSet, version: str, rule_id: str) -> object:
    """The requirement ``rule_id`` in ``version``."""
    root_node = rules.version(version).reregistration
    assert root_node is not None
    stack = [root_node]
    while stack:
        n = stack.pop()
        if n.id == rule_id:
            return n
        stack.extend(n.children())
    raise KeyError(rule_id)


def minimum(rules: vk.RuleSet, version: str, rule_id: str = "totaal") -> Dated:
    """The ``min`` parameter of a rule."""
    return node(rules, version, rule_id).min  # type: ignore[attr-defined, no-any-return]


def test_change_applies_to_every_version_with_the_rule() -> None:
    """``rule.param`` changes that parameter in every version that has the rule."""
    variant = RULES.with_changes({"totaal.min": 100})
    assert minimum(variant, "v1") == minimum(variant, "v2") == Dated.constant(100)


def test_original_is_untouched() -> None:
    """A variant never changes the rule set it came from."""
    RULES.with_changes({"totaal.min": 100, "themas.min": 1})
    assert minimum(RULES, "v1") == Dated.constant(160)
    assert minimum(RULES, "v1", "themas") == Dated.constant(3)


def test_scoped_change() -> None:
    """``version:rule.param`` changes one version only."""
    variant = RULES.with_changes({"v2:totaal.min": 90})
    assert minimum(variant, "v1") == Dated.constant(160)
    assert minimum(variant, "v2") == Dated.constant(90)


def test_dated_value() -> None:
    """A value may be a mapping of effective dates, as in a rule file."""
    variant = RULES.with_changes({"totaal.min": {"2027-01-01": 120, date(2024, 1, 1): 160}})
    assert minimum(variant, "v1") == Dated(((date(2024, 1, 1), 160), (date(2027, 1, 1), 120)))


def test_nested_parameter_and_new_optional_parameter() -> None:
    """Nested parameters use dots; an unset optional parameter can be given a value."""
    variant = RULES.with_changes({"v1:totaal.cap_per_category.informeel": 20,
                                  "v1:totaal.cap_per_day": 8})
    total = node(variant, "v1", "totaal")
    assert total.cap_per_category == {"informeel": Dated.constant(20)}  # type: ignore[attr-defined]
    assert total.cap_per_day == Dated.constant(8)  # type: ignore[attr-defined]


def test_null_removes_an_optional_parameter() -> None:
    """``None`` removes an optional parameter; ``min`` cannot be removed."""
    variant = RULES.with_changes({"v1:totaal.cap_per_category.informeel": None})
    assert node(variant, "v1", "totaal").cap_per_category == {}  # type: ignore[attr-defined]
    with pytest.raises(vk.RuleError, match="'min' cannot be removed"):
        RULES.with_changes({"totaal.min": None})


def test_changes_inside_combinators() -> None:
    """Parameters of nested requirements (at_least k, children) can be changed."""
    variant = RULES.with_changes({"route.k": 2, "c1.min": 3})
    assert node(variant, "v1", "route").k == Dated.constant(2)  # type: ignore[attr-defined]
    assert minimum(variant, "v1", "c1") == Dated.constant(3)


def test_variant_changes_the_outcome() -> None:
    """A variant is assessed with its own parameters."""
    p = person([act("a", "2021-01-01", 130, themes=["t1", "t2", "t3"])])
    assert not assess(RULES, p).met
    assert assess(RULES.with_changes({"v1:totaal.min": 120}), p).met


def test_parameter_paths() -> None:
    """Every changeable parameter is listed as version:rule.parameter."""
    paths = parameter_paths(RULES)
    for expected in ("v1:totaal.min", "v1:totaal.cap_per_category.informeel", "v1:themas.min",
                     "v1:route.k", "v1:c1.min", "v2:totaal.min"):
        assert expected in paths


@pytest.mark.parametrize(("changes", "fragment"), [
    ({"nope.min": 1}, "no rule 'nope'"),
    ({"totaal.bogus": 1}, "has no parameter 'bogus'"),
    ({"v9:totaal.min": 1}, "unknown rule version 'v9'; known: v1, v2"),
    ({"totaal.min": -1}, "expected a number >= 0"),
    ({"totaal.min": True}, "expected a number >= 0"),
    ({"totaal.min": "many"}, "expected a number >= 0"),
    ({"totaal.min": {"soon": 1}}, "is not a date"),
    ({"totaal.min": {}}, "needs at least one"),
    ({"totaal": 1}, "write it as '<rule id>.<parameter>'"),
    ({"v2:themas.min": 1}, "no rule 'themas' in version 'v2'"),
])
def test_bad_changes_are_rule_errors(changes: dict[str, object], fragment: str) -> None:
    """Unknown rules, parameters, versions and bad values are RuleErrors saying what is wrong."""
    with pytest.raises(vk.RuleError, match=fragment.replace("(", r"\(").replace(")", r"\)")):
        RULES.with_changes(changes)


@pytest.mark.parametrize("key", ["totaal.unit", "totaal.note", "c1.unit"])
def test_only_numeric_parameters_can_be_changed(key: str) -> None:
    """Fields that are not numeric parameters cannot be set through an overlay."""
    with pytest.raises(vk.RuleError):
        RULES.with_changes({key: 5})


@pytest.mark.parametrize("changes", [{"route.k": 5}, {"c1.min": 1.5}])
def test_changed_values_obey_the_rule_schema(changes: dict[str, object]) -> None:
    """A variant cannot hold values the rule file itself would refuse."""
    with pytest.raises(vk.RuleError):
        RULES.with_changes(changes)


@given(st.integers(0, 300), st.data())
def test_raising_the_minimum_never_helps(threshold: int, data: st.DataObject) -> None:
    """A higher minimum never turns not met into met (and the original stays as it was)."""
    rules = RULES.with_changes({"themas.min": 0, "route.k": 1})
    acts = data.draw(activity_lists(rules))
    p = person(acts)
    low = root(rules.with_changes({"v1:totaal.min": threshold}), p).find("totaal")
    high = root(rules.with_changes({"v1:totaal.min": threshold + 10}), p).find("totaal")
    assert low.actual == high.actual
    assert low.met or not high.met
    assert high.required == low.required + 10


TOY = vk.load_rules(TOY_RULES)


@pytest.mark.parametrize("day", ["20270101", 20270101])
def test_basic_format_dates_are_refused_as_in_rule_files(day: object) -> None:
    """An effective date written 20270101 (text or number) is refused, as a rule file does."""
    with pytest.raises(vk.RuleError, match=r"change 'totaal\.min': .* is not a date.*YYYY-MM-DD"):
        RULES.with_changes({"totaal.min": {day: 120}})


def test_empty_version_and_repeated_date_are_refused() -> None:
    """``:rule.param`` is no way to say 'every version'; a date is given once."""
    with pytest.raises(vk.RuleError, match="the rule version before ':' is empty"):
        RULES.with_changes({":totaal.min": 100})
    with pytest.raises(vk.RuleError, match="given twice"):
        RULES.with_changes({"totaal.min": {"2024-01-01": 1, date(2024, 1, 1): 2}})


def test_share_bounds_are_checked_together_after_all_changes() -> None:
    """A share's min above its max, or neither given, is refused as in a rule file; a min
    and max changed together are judged on their new values, in either order."""
    with pytest.raises(vk.RuleError, match=r"min \(0.6\) is above max \(0.5\)"):
        TOY.with_changes({"informeel-aandeel.min": 0.6})
    with pytest.raises(vk.RuleError, match="give 'min', 'max' or both"):
        TOY.with_changes({"informeel-aandeel.max": None})
    for changes in ({"informeel-aandeel.min": 0.6, "informeel-aandeel.max": 0.8},
                    {"informeel-aandeel.max": 0.8, "informeel-aandeel.min": 0.6}):
        share = TOY.with_changes(changes).version("v2024").reregistration
        assert share is not None
        (node_,) = [n for n in share.children() if n.id == "informeel-aandeel"]
        assert (node_.min, node_.max) == (  # type: ignore[attr-defined]
            Dated.constant(0.6), Dated.constant(0.8))


@pytest.mark.parametrize("name", ["toy", "test", *vk.builtin_names()])
def test_every_listed_parameter_can_be_set_to_its_own_value(name: str) -> None:
    """Each parameter of ``RuleSet.parameters()`` is accepted by its path with its listed
    value (dated values in full, unset ones as null) and leaves every parameter as it was;
    a sub-period in a named form (``cycle_year``) is listed but set in months."""
    rules = {"toy": TOY, "test": RULES}.get(name) or vk.builtin_rules(name)
    listed = {p.path: p.value for p in rules.parameters()}
    assert any(path.endswith("cycle.years") for path in listed)
    for path, value in listed.items():
        if isinstance(value, str):
            continue
        after = rules.with_changes({path: value})
        assert {p.path: p.value for p in after.parameters()} == listed, path


@given(vks.rule_sets())
def test_every_parameter_a_node_lists_has_a_value_schema(rules: vk.RuleSet) -> None:
    """The overlay asks the node: whatever ``parameters()`` lists, ``parameter_schema`` knows."""
    for version in rules.versions:
        for tree in version.requirements():
            stack = [tree]
            while stack:
                n = stack.pop()
                stack.extend(n.children())
                assert all(n.parameter_schema(name) is not None for name in n.parameters())
                assert n.parameter_schema("note") is None and n.parameter_schema("id") is None


def _params(rules: vk.RuleSet, version_id: str, rule_id: str) -> dict[str, Dated]:
    """The parameters of requirement ``rule_id`` in ``version_id``."""
    for tree in rules.version(version_id).requirements():
        stack = [tree]
        while stack:
            n = stack.pop()
            if n.id == rule_id:
                return n.parameters()
            stack.extend(n.children())
    raise KeyError(rule_id)


# -- rules as they stood on a date (issue 11, item 6) --------------------------------------------

AS_OF_TEXT = """\
register: t
title: T
source: Wet
unit: hours
categories: {formeel: Formeel}
versions:
  - id: oud
    title: Oud
    valid_from: 2010-01-01
    valid_until: 2019-12-31
    source: Reglement 2010
    cycle: {years: 4}
    reregistration: {id: uren, title: Uren, total: {min: {2010-01-01: 40, 2015-01-01: 50}}}
  - id: nieuw
    title: Nieuw
    valid_from: 2020-01-01
    source: Reglement 2020
    cycle: {years: 4}
    reregistration: {id: uren, title: Uren, total: {min: 80}}
"""


def _as_of_person(hours: float) -> vk.Professional:
    return vk.Professional(
        id="p", events=[vk.RegisterEvent(id="r", kind="registered", on="2021-01-01")],
        activities=[vk.Activity(id="a", on="2022-01-01", category="formeel", hours=hours)])


@pytest.mark.parametrize(("day", "version", "required"), [
    ("2012-06-01", "oud", 40), ("2016-06-01", "oud", 50), ("2023-06-01", "nieuw", 80)])
def test_as_of_judges_under_the_rules_of_that_day(day: str, version: str,
                                                  required: float) -> None:
    """as_of(day) judges every date under the version and the dated values of ``day``."""
    rules = vk.parse_rules(AS_OF_TEXT, "t.yaml").as_of(day)
    a = rules.assess(_as_of_person(45), "2024-06-01")
    assert (a.version, a.result.required) == (version, required)
    assert a.met is (required <= 45)
    assert a.to_dict()["receipt"]["rules"]["parameters"] == {"uren.min": required}


def test_as_of_changes_the_receipt_and_keeps_the_original() -> None:
    """The rules as of a day are another rule set (another digest); the original is intact."""
    rules = vk.parse_rules(AS_OF_TEXT, "t.yaml")
    old = rules.as_of("2012-01-01")
    assert len(rules.versions) == 2 and len(old.versions) == 1
    a, b = (r.assess(_as_of_person(45), "2024-06-01").to_dict()["receipt"] for r in (rules, old))
    assert a["rules"]["sha256"] != b["rules"]["sha256"]


def test_as_of_before_any_rules_is_an_error() -> None:
    """Asking for the rules on a day before the first version is a RuleError."""
    with pytest.raises(vk.RuleError, match="first applies from 2010-01-01"):
        vk.parse_rules(AS_OF_TEXT, "t.yaml").as_of("2009-01-01")


@given(st.dates(date(2010, 1, 1), date(2030, 12, 31)))
def test_as_of_agrees_with_the_rules_on_that_day(day: date) -> None:
    """Assessed on ``day`` itself with parameters read on that day, as_of(day) changes
    nothing: the same version and the same required amount."""
    text = AS_OF_TEXT.replace("cycle: {years: 4}", "cycle: {years: 4, parameters_on: "
                              "assessment_date}")
    rules = vk.parse_rules(text, "t.yaml")
    person = vk.Professional(id="p", events=[vk.RegisterEvent(id="r", kind="registered",
                                                              on=day)])
    a, b = rules.assess(person, day), rules.as_of(day).assess(person, day)
    assert (a.version, a.result.required) == (b.version, b.result.required)
