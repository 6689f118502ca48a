"""The assessment tree: group selection, shortfalls, activity outcomes and the JSON form."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import vakmanschap as vk
from conftest import SLOW_EXAMPLES
from helpers import (
    act,
    assess,
    every_primitive_rules,
    person,
    root,
    rules_for,
)
from strategies import employments, professionals
from vakmanschap.engine.assessment import ActivityOutcome
from vakmanschap.engine.outcomes import REASONS

RULES = every_primitive_rules()


def rich_person(**kwargs: Any) -> vk.Professional:
    """A professional with some of everything the EVERY_PRIMITIVE tree looks at."""
    return person(
        [act("a1", "2020-03-01", 20, themes=["t1", "t2"]),
         act("a2", "2021-03-01", 15, category="informeel", themes=["t3"]),
         act("r1", "2020-06-01", 1, category="reflectie"),
         act("r2", "2021-06-01", 1, category="reflectie"),
         act("p1", "2021-07-01", 12, unit="points"),
         act("late", "2030-01-01", 5)],
        employments=[vk.Employment(id="e1", start="2019-01-01", hours_per_week=20, role="arts")],
        qualifications=[vk.Qualification(id="m1", kind="master", awarded_on="2018-06-01")],
        attestations=[vk.Attestation(id="x1", kind="ambtseed", on="2019-01-02")],
        **kwargs)


# -- choosing what to assess --------------------------------------------------------------------


def test_registered_professional_gets_reregistration() -> None:
    """A registered professional is judged for re-registration of the running cycle."""
    a = assess(RULES, rich_person())
    assert (a.group, a.version, a.professional_id, a.register) == ("reregistration", "v1",
                                                                   "p1", "test")
    assert a.cycle == vk.Window(date(2020, 1, 1), date(2024, 1, 1))
    assert a.deadline == date(2024, 1, 1)
    assert a.register_title("en") == "Test register"


def test_assessment_date_as_text() -> None:
    """The assessment date may be ISO text; anything else is a DataError naming 'on'."""
    assert assess(RULES, rich_person(), on="2023-12-31").on == date(2023, 12, 31)
    with pytest.raises(vk.DataError) as info:
        assess(RULES, rich_person(), on="31-12-2023")
    assert info.value.field == "on"


def test_development_group_falls_back_to_reregistration() -> None:
    """Without a development tree, the development group judges the re-registration tree."""
    a = assess(RULES, rich_person(), group="development")
    assert a.group == "development" and a.result.id == "herregistratie"


def test_unknown_group_is_a_rule_error() -> None:
    """Asking for a group that does not exist lists the groups."""
    with pytest.raises(vk.RuleError, match="allowed: registration, development, reregistration"):
        assess(RULES, rich_person(), group="promotion")  # type: ignore[arg-type]


def test_unregistered_professional_and_no_registration_levels() -> None:
    """Unregistered, the registration group is chosen; a file without levels says so."""
    with pytest.raises(vk.RuleError, match="no registration levels"):
        assess(RULES, rich_person(registered=None))
    with pytest.raises(vk.RuleError, match="holds no registration"):
        assess(RULES, rich_person(registered=None), group="reregistration")


def test_no_rule_version_in_force() -> None:
    """Before the first rule version nothing can be judged: a RuleError says from when."""
    with pytest.raises(vk.RuleError, match="2000-01-01"):
        assess(RULES, person(registered="1999-01-01"), on="1999-06-01")


@pytest.mark.parametrize(("activity", "field", "fragment"), [
    (act("x", "2021-01-01", category="cursus"), "category",
     "allowed: formeel, informeel, reflectie"),
    (act("x", "2021-01-01", themes=["t9"]), "themes", "allowed: t1, t2, t3, t4"),
])
def test_unknown_names_in_person_data(activity: vk.Activity, field: str, fragment: str) -> None:
    """Categories and themes the register does not know are DataErrors naming the record."""
    with pytest.raises(vk.DataError) as info:
        assess(RULES, person([activity]))
    assert info.value.field == field
    assert info.value.record == "professional p1, activities[0] (id x)"
    assert fragment in str(info.value)


def test_unknown_role_in_person_data() -> None:
    """A role the register does not declare is a DataError naming the employment."""
    job = vk.Employment(id="e9", start="2020-01-01", hours_per_week=8, role="chirurg")
    with pytest.raises(vk.DataError) as info:
        assess(RULES, person(employments=[job]))
    assert info.value.field == "role" and "employments[0] (id e9)" in info.value.record


# -- the tree -----------------------------------------------------------------------------------


def test_tree_mirrors_the_rules() -> None:
    """Every requirement of the rule tree has a node, depth first, with its kind."""
    a = assess(RULES, rich_person())
    ids = [n.id for n in a.result.walk() if n.id != "jaar"]
    assert ids == [i for i in RULES.requirement_ids() if i != "jaar"]
    kinds = {n.id: n.kind for n in a.result.walk()}
    assert kinds["uren"] == "total" and kinds["route"] == "at_least"
    assert kinds["werk"] == "work_hours" and kinds["eed"] == "attestation"
    assert len([n for n in a.result.walk() if n.id == "jaar"]) == 4


def test_nodes_carry_location_source_window_and_deadline() -> None:
    """Each node knows its rule's location and source, its window and deadline."""
    a = assess(RULES, rich_person())
    uren = a.result.find("uren")
    assert uren.location.startswith("test.yaml:") and uren.source == "Reglement art. 5"
    assert uren.window == a.cycle and uren.deadline == a.deadline
    assert uren.title("en") == "Hours"
    with pytest.raises(KeyError):
        a.result.find("nope")


def test_activity_outcomes() -> None:
    """A node lists every activity with status, amount, counted amount and reason."""
    uren = root(RULES, rich_person()).find("uren")
    by_id = {o.activity_id: o for o in uren.activities}
    assert set(by_id) == {"a1", "a2", "r1", "r2", "p1", "late"}
    assert by_id["a1"] == ActivityOutcome("a1", "counted", 20.0, 20.0, "counted", "")
    assert by_id["a2"].status == "capped" and by_id["a2"].counted == 10.0
    assert by_id["p1"].reason == "unit"
    assert by_id["late"].status == "excluded" and by_id["late"].reason == "after_on"


def test_every_reason_has_dutch_and_english_text() -> None:
    """Every reason code renders in both languages, with its argument filled in."""
    for code in REASONS:
        outcome = ActivityOutcome("a", "excluded", 1.0, 0.0, code, "ARG")
        nl, en = outcome.reason_text("nl"), outcome.reason_text("en")
        assert nl and en and "{" not in nl + en
        assert ("ARG" in nl) == ("{arg}" in REASONS[code][0])


def test_shortfalls_are_the_unmet_leaves() -> None:
    """Shortfalls are exactly the unmet leaves under unmet nodes, with what is missing."""
    a = assess(RULES, person())
    assert not a.met
    ids = [s.requirement for s in a.shortfalls]
    assert "uren" in ids and "intervisie" in ids and "themas" in ids
    assert "aandeel" not in ids and "alternatief" not in ids and "geen" not in ids
    uren = next(s for s in a.shortfalls if s.requirement == "uren")
    assert (uren.required, uren.actual, uren.missing, uren.unit) == (40.0, 0.0, 40.0, "hours")
    assert uren.deadline == date(2024, 1, 1) and uren.path == ("herregistratie", "uren")
    assert uren.source == "Reglement art. 5"


def test_met_assessment_has_no_shortfalls() -> None:
    """A met assessment has no shortfalls."""
    rules = rules_for("{id: tot, title: Tot, total: {min: 10}}")
    a = assess(rules, person([act("a", "2021-01-01", 10)]))
    assert a.met and a.shortfalls == ()


# -- JSON form -----------------------------------------------------------------------------------


TOP_KEYS = {"schema", "professional", "register", "version", "group", "on", "cycle",
            "deadline", "met", "level", "shortfalls", "result"}
NODE_KEYS = {"id", "kind", "title", "met", "required", "actual", "unit", "shortfall",
             "deadline", "window", "source", "location", "detail", "activities", "children"}


def _check_json(a: vk.Assessment) -> dict[str, Any]:
    data = a.to_dict()
    text = json.dumps(data, allow_nan=False)  # fails on dates, Text, tuples of objects, NaN
    assert json.loads(text) == data  # only JSON types: no tuples, no date objects
    assert data["schema"] == vk.SCHEMA_VERSION
    assert set(data) >= TOP_KEYS
    stack = [data["result"]]
    while stack:
        node = stack.pop()
        assert set(node) >= NODE_KEYS
        assert isinstance(node["title"], dict) and "nl" in node["title"]
        stack.extend(node["children"])
    return data


def test_to_dict_is_json_with_a_schema_key() -> None:
    """to_dict is plain JSON, versioned by ``schema``, with ISO dates."""
    data = _check_json(assess(RULES, rich_person()))
    assert data["on"] == "2023-12-31" and data["deadline"] == "2024-01-01"
    assert data["cycle"] == {"start": "2020-01-01", "end": "2024-01-01",
                             "end_inclusive": False}
    assert data["result"]["title"] == {"nl": "Herregistratie", "en": "Re-registration"}


def test_to_dict_shortfalls() -> None:
    """The JSON shortfalls carry requirement, path, amounts, unit, deadline and source."""
    data = _check_json(assess(RULES, person()))
    uren = next(s for s in data["shortfalls"] if s["requirement"] == "uren")
    assert uren["path"] == ["herregistratie", "uren"]
    assert (uren["required"], uren["actual"], uren["missing"]) == (40.0, 0.0, 40.0)
    assert uren["deadline"] == "2024-01-01" and uren["unit"] == "hours"


def test_to_dict_is_deterministic() -> None:
    """Assessing the same facts twice gives the same JSON."""
    assert json.dumps(assess(RULES, rich_person()).to_dict()) == json.dumps(
        assess(RULES, rich_person()).to_dict())


@settings(max_examples=30)
@given(professionals(RULES), employments(("arts", None)))
def test_to_dict_is_always_json(p: vk.Professional, jobs: list[vk.Employment]) -> None:
    """For any professional, the assessment's JSON form round-trips through json."""
    import attrs

    p = attrs.evolve(p, employments=jobs)
    a = assess(RULES, p)
    _check_json(a)
    assert a.met == (not a.shortfalls)
    for s in a.shortfalls:
        node = next(n for n in a.result.walk() if n.id == s.requirement and not n.met)
        assert not node.met and s.path[-1] == s.requirement


@settings(max_examples=30)
@given(professionals(RULES), st.sampled_from(["2021-06-30", "2023-12-31"]))
def test_not_counted_and_counted_are_the_activities_that_did_not_and_did_count(
        p: vk.Professional, on: str) -> None:
    """The cheap views of a node's activity outcomes (for explanations and plans) are what
    filtering and grouping :attr:`activities` gives, node by node."""
    for node in assess(RULES, p, on=on).result.walk():
        every = node.activities
        assert node.counted() == tuple(o for o in every if o.counted > 0)
        assert node.not_counted(skip=("theme",)) == tuple(
            o for o in every if o.status != "counted" and o.reason != "theme")
        assert node.not_counted(only=("after_on",)) == tuple(
            o for o in every if o.reason == "after_on")
        for lang in ("nl", "en"):
            groups: dict[tuple[str, str, str | None], list[tuple[str, float]]] = {}
            units: dict[tuple[str, str], set[str]] = {}
            own_unit = {act.id: act.unit for act in node.prepared}
            for o in every:
                if o.status != "counted" and o.reason != "after_on":
                    unit = o.reason_arg if o.reason == "unit" else node.unit
                    groups.setdefault((o.status, o.reason_text(lang), unit), []).append(
                        (o.activity_id, o.amount - o.counted))
                    units.setdefault((o.status, o.reason_text(lang)), set()).add(
                        own_unit[o.activity_id])
            # A node that counts no amounts says them in the activities' own unit.
            if node.unit in ("activities", "themes", "share", "requirements", "periods"):
                groups = {(status, text, next(iter(units[status, text]))
                           if unit == node.unit and len(units[status, text]) == 1
                           else unit if unit != node.unit else None): items
                          for (status, text, unit), items in groups.items()}
            assert node.not_counted_by_reason(lang, skip=("after_on",)) == groups


@pytest.mark.slow
@settings(max_examples=SLOW_EXAMPLES)
@given(professionals(RULES, max_activities=30), employments(("arts", None)))
def test_to_dict_is_always_json_thoroughly(p: vk.Professional,
                                            jobs: list[vk.Employment]) -> None:
    """The JSON property on many more (and larger) professionals (slow)."""
    import attrs

    a = assess(RULES, attrs.evolve(p, employments=jobs))
    _check_json(a)
    assert a.met == (not a.shortfalls)


@given(st.data())
def test_registration_assessment_is_json(data: st.DataObject) -> None:
    """The registration group's JSON form round-trips too."""
    rules = REGISTRATION
    kinds = data.draw(st.lists(st.sampled_from(["master", "pabo"]), max_size=2, unique=True))
    quals = [vk.Qualification(id=k, kind=k, awarded_on="2010-01-01") for k in kinds]
    a = assess(rules, person(qualifications=quals, registered=None), on="2022-01-01")
    out = _check_json(a)
    assert out["group"] == "registration" and out["cycle"] is None
    assert out["level"] == ("n2" if "master" in kinds else "n1" if kinds else None)


REGISTRATION = rules_for("""
    levels:
      - {level: n1, requires: {id: l1, title: Niveau 1, qualification: {kinds: [pabo]}}}
      - {level: n2, requires: {id: l2, title: Niveau 2, qualification: {kinds: [master]}}}
""", group="registration")
