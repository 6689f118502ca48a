"""The comparison behind rule diffs, as data (vakmanschap.engine.rule_diff)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

import vakmanschap as vk
import vakmanschap.strategies as vks
from tooling_helpers import TOY_RULES
from vakmanschap.engine.overlay import parameter_paths
from vakmanschap.engine.rule_diff import RuleChange, compare_rules, parameter_unit, plain

TOY = vk.load_rules(TOY_RULES)
TEXT = TOY_RULES.read_text(encoding="utf-8")


def _node(rules: vk.RuleSet, rule_id: str) -> vk.Requirement:
    """Requirement ``rule_id`` of the toy register's only version."""
    for tree in rules.versions[0].requirements():
        stack = [tree]
        while stack:
            n = stack.pop()
            if n.id == rule_id:
                return n
            stack.extend(n.children())
    raise KeyError(rule_id)


def test_units_come_from_the_primitive() -> None:
    """OWN means the node's unit, else the file's; fixed units as declared; settings none."""
    assert parameter_unit(_node(TOY, "totaal"), "min", "hours") == "hours"
    assert parameter_unit(_node(TOY, "totaal"), "cap_per_category.informeel", "points") == (
        "points")
    assert parameter_unit(_node(TOY, "informeel-aandeel"), "max", "hours") == "share"
    assert parameter_unit(_node(TOY, "reflectie"), "allow_missed", "hours") == "periods"
    assert parameter_unit(_node(TOY, "een-van"), "k", "hours") == "requirements"
    assert parameter_unit(_node(TOY, "eed"), "within_months_of_entry", "hours") == "months"
    assert parameter_unit(_node(TOY, "totaal"), "prorate", "hours") is None
    pointed = vk.parse_rules(TEXT.replace("          total:\n            min: {2024",
                                          "          total:\n            unit: points\n"
                                          "            min: {2024"), "b.yaml")
    assert parameter_unit(_node(pointed, "totaal"), "min", "hours") == "points"


def test_settings_are_the_fields_without_a_unit_and_the_filter_keys() -> None:
    """A changed filter key and a changed setting are setting changes naming the primitive."""
    text = TEXT.replace("total: {min: 40, categories: [formeel], accredited: true}",
                        "total: {min: 40, categories: [formeel, informeel], accredited: true}")
    text = text.replace("leave_counts: [pregnancy]", "leave_counts: []")
    changes = compare_rules(TOY, vk.parse_rules(text, "b.yaml"))
    assert [(c.kind, c.rule, c.parameter, c.primitive, c.old, c.new) for c in changes] == [
        ("setting_changed", "werk", "leave_counts", "work_hours", ["pregnancy"], []),
        ("setting_changed", "formeel-totaal", "filter.categories", "total", ["formeel"],
         ["formeel", "informeel"]),
    ]
    assert all(type(c) is RuleChange for c in changes)


def test_a_parameter_set_only_in_b_is_a_parameter_change_not_a_setting() -> None:
    """An optional parameter given a value is one parameter change, from nothing."""
    (change,) = compare_rules(TOY, TOY.with_changes({"totaal.cap_per_day": 8}))
    assert (change.kind, change.parameter, change.old, change.new, change.unit) == (
        "parameter_changed", "cap_per_day", None, 8, "hours")


def test_plain_is_json_ready() -> None:
    """Dated values, titles, filters, dates and tuples become plain JSON data."""
    total = _node(TOY, "formeel-totaal")
    assert plain(total.parameters()["min"]) == 40
    assert plain(_node(TOY, "totaal").parameters()["min"]) == {"2024-01-01": 160,
                                                               "2026-01-01": 140}
    assert plain(total.filter) == {"categories": ["formeel"], "accredited": True}  # type: ignore[attr-defined]
    assert plain((TOY.title, TOY.versions[0].valid_from)) == [
        {"nl": "Voorbeeldregister", "en": "Example register"}, "2024-01-01"]


@given(vks.rule_sets())
def test_a_rule_set_has_no_changes_from_itself(rules: vk.RuleSet) -> None:
    """Comparing any rule set with itself finds nothing."""
    assert compare_rules(rules, rules) == ()


@given(vks.rule_sets(), st.data())
def test_an_overlay_changes_only_its_parameter(rules: vk.RuleSet, data: st.DataObject) -> None:
    """A variant that sets one parameter differs only in that parameter of that rule."""
    paths = parameter_paths(rules)
    if not paths:
        return
    path = data.draw(st.sampled_from(paths))
    version_id, _, rest = path.partition(":")
    rule_id, _, name = rest.partition(".")
    try:
        variant = rules.with_changes({path: data.draw(st.integers(0, 3))})
    except vk.RuleError:  # a value the parameter's schema refuses (a share above 1, ...)
        return
    for change in compare_rules(rules, variant):
        assert (change.kind, change.version, change.rule, change.parameter) == (
            "parameter_changed", version_id, rule_id, name)
