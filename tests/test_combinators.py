"""The combinators ``all_of``, ``any_of`` and ``at_least``."""

from __future__ import annotations

import functools

import pytest
from hypothesis import given
from hypothesis import strategies as st

import vakmanschap as vk
from helpers import ON, act, assess, person, root, rules_for

MET = "count: {min: 0}"
UNMET = "count: {min: 1, categories: [reflectie]}"


def child(index: int, met: bool) -> str:
    """A leaf that is met (``count: {min: 0}``) or not (no reflection activity)."""
    return f"{{id: c{index}, title: Eis {index}, {MET if met else UNMET}}}"


@functools.lru_cache(maxsize=512)
def combo(kind: str, pattern: tuple[bool, ...], k: int = 1) -> vk.RuleSet:
    """A combinator of leaves that are met or not as ``pattern`` says."""
    items = ", ".join(child(i, m) for i, m in enumerate(pattern))
    body = f"{{k: {k}, of: [{items}]}}" if kind == "at_least" else f"[{items}]"
    return rules_for(f"{{id: root, title: Samen, {kind}: {body}}}")


def test_all_of() -> None:
    """all_of is met when every child is; required and actual count requirements."""
    r = root(combo("all_of", (True, True, False)), person())
    assert (r.met, r.required, r.actual, r.unit, r.shortfall) == (False, 3.0, 2.0,
                                                                  "requirements", 1.0)
    assert root(combo("all_of", (True, True)), person()).met


def test_any_of() -> None:
    """any_of is met when at least one child is."""
    r = root(combo("any_of", (False, True, False)), person())
    assert (r.met, r.required, r.actual) == (True, 1.0, 1.0)
    assert not root(combo("any_of", (False, False)), person()).met


def test_at_least() -> None:
    """at_least k is met when k or more children are."""
    assert root(combo("at_least", (True, False, True), 2), person()).met
    r = root(combo("at_least", (True, False, False), 2), person())
    assert (r.met, r.required, r.actual) == (False, 2.0, 1.0)


def test_every_child_is_evaluated() -> None:
    """No short-circuit: every child appears in the result, in rule order."""
    r = root(combo("any_of", (True, False, True)), person())
    assert [c.id for c in r.children] == ["c0", "c1", "c2"]
    assert [c.met for c in r.children] == [True, False, True]


def test_at_least_k_cannot_exceed_the_number_of_requirements() -> None:
    """A k larger than the list is a rule-file problem."""
    with pytest.raises(vk.RuleFileError, match=r"k \(3\) is larger than the number"):
        rules_for(f"{{id: r, title: R, at_least: {{k: 3, of: [{child(0, True)}, "
                  f"{child(1, True)}]}}}}")


@pytest.mark.parametrize("body", ["all_of: []", "any_of: {}", "at_least: {k: 0, of: [{id: c, "
                                  "title: C, count: {min: 0}}]}", "at_least: {of: []}"])
def test_bad_combinators(body: str) -> None:
    """Empty lists, non-lists and a k below 1 are rule-file problems."""
    with pytest.raises(vk.RuleFileError):
        rules_for(f"{{id: r, title: R, {body}}}")


def test_dated_k() -> None:
    """k may change over time; it is read at the start of the cycle."""
    items = ", ".join(child(i, m) for i, m in enumerate((True, True, False)))
    rules = rules_for(f"{{id: r, title: R, at_least: {{k: {{2000-01-01: 2, 2021-01-01: 3}}, "
                      f"of: [{items}]}}}}")
    assert root(rules, person()).met
    assert not root(rules, person(registered="2021-01-01"), on="2022-01-01").met


def test_nested_tree_and_shortfalls() -> None:
    """Nested combinators mirror the rule tree; shortfalls list the unmet leaves with paths."""
    rules = rules_for("""
        id: herregistratie
        title: Herregistratie
        all_of:
          - {id: uren, title: Uren, total: {min: 40}}
          - id: route
            title: Route
            any_of:
              - {id: reflectie, title: Reflectie, count: {min: 2, categories: [reflectie]}}
              - {id: master, title: Master, qualification: {kinds: [master]}}
    """)
    a = assess(rules, person([act("a", "2021-01-01", 30),
                              act("r", "2021-01-01", 1, category="reflectie")]))
    assert not a.met
    assert [n.id for n in a.result.walk()] == ["herregistratie", "uren", "route", "reflectie",
                                               "master"]
    assert a.result.find("route").children[0].actual == 1.0
    paths = {s.requirement: s.path for s in a.shortfalls}
    assert paths == {"uren": ("herregistratie", "uren"),
                     "reflectie": ("herregistratie", "route", "reflectie"),
                     "master": ("herregistratie", "route", "master")}
    by_id = {s.requirement: s for s in a.shortfalls}
    assert (by_id["uren"].missing, by_id["uren"].unit) == (9.0, "hours")  # 30 + 1 of 40
    assert by_id["reflectie"].missing == 1.0
    assert by_id["master"].missing is None


def test_alternatives_are_explained_as_alternatives() -> None:
    """Unmet alternatives of any_of are grouped under a line saying one of them suffices."""
    a = assess(combo("any_of", (False, False)), person())
    assert "Eén van de volgende routes volstaat" in a.explain("nl")
    assert "One of the following routes suffices" in a.explain("en")


# -- properties ----------------------------------------------------------------------------------


@given(st.lists(st.booleans(), min_size=1, max_size=5))
def test_all_of_and_any_of_match_boolean_logic(pattern: list[bool]) -> None:
    """all_of is ``all()`` and any_of is ``any()`` of the children's outcomes."""
    p = person()
    assert root(combo("all_of", tuple(pattern)), p).met == all(pattern)
    assert root(combo("any_of", tuple(pattern)), p).met == any(pattern)


@given(st.lists(st.booleans(), min_size=1, max_size=5), st.data())
def test_at_least_counts_met_children(pattern: list[bool], data: st.DataObject) -> None:
    """at_least k is met exactly when k or more children are; actual is that number."""
    k = data.draw(st.integers(1, len(pattern)))
    r = root(combo("at_least", tuple(pattern), k), person())
    assert r.actual == sum(pattern) and r.required == k
    assert r.met == (sum(pattern) >= k)


@given(st.lists(st.booleans(), min_size=1, max_size=5))
def test_at_least_generalises_all_and_any(pattern: list[bool]) -> None:
    """at_least 1 behaves as any_of and at_least n as all_of."""
    p, n, key = person(), len(pattern), tuple(pattern)
    assert root(combo("at_least", key, 1), p).met == root(combo("any_of", key), p).met
    assert root(combo("at_least", key, n), p).met == root(combo("all_of", key), p).met


def test_any_of_says_one_of_the_routes() -> None:
    """An any_of line says 'één van de routes', not a count of requirements."""
    rules = rules_for("""
        id: route
        title: Route
        any_of:
          - {id: a, title: A, total: {min: 10}}
          - {id: b, title: B, total: {min: 20}}
        """)
    met = rules.assess(person([act("x", "2021-01-01", 10)]), ON)
    unmet = rules.assess(person(), ON)
    assert "✓ Route: één van de routes volstaat (voldaan)" in met.explain("nl")
    assert "✗ Route: één van de routes volstaat (nog geen route voldaan)" in unmet.explain("nl")
    assert "Route: one of the routes suffices (met)" in met.explain("en")
    assert "eis voldaan" not in met.explain("nl").splitlines()[4]
