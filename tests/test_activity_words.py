"""Tests of the lines about activities (text/activity_words.py): grouped in one pass from the
outcome tuples, they say what the outcome objects say."""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

import vakmanschap as vk
from helpers import act, assess, person, rules_for
from vakmanschap.model.words import fmt_amount, unit_name
from vakmanschap.text.activity_words import NAMED, _nodes, not_counted_lines


def _lines_reference(result: Any, lang: Any, sub_period: bool) -> list[str]:
    """The lines as they were built from :meth:`RequirementResult.not_counted_by_reason`."""
    groups = result.not_counted_by_reason(
        lang, skip=("after_on", "outside_window") if sub_period else ("after_on",))
    nl = lang == "nl"
    lines = []
    for (status, why, unit), items in sorted(groups.items(), key=lambda g: g[0][:2]):
        items.sort()
        if status == "capped":
            head = "deels meegeteld" if nl else "counted in part"
        else:
            head = "niet meegeteld" if nl else "not counted"
        ids = ", ".join([i for i, _ in items[:NAMED]])
        if len(items) > NAMED:
            more = len(items) - NAMED
            ids += (f" en {more} andere" if nl else f" and {more} more")
        lost = sum(amount for _, amount in items)
        unit = unit or None
        noun = (("activiteit" if len(items) == 1 else "activiteiten") if nl else
                ("activity" if len(items) == 1 else "activities"))
        size = f"{len(items)} {noun}"
        if unit is not None and lost:
            size += f", {fmt_amount(lost, lang)} {unit_name(unit, lost, lang)}" + (
                " niet meegeteld" if nl and status == "capped" else
                " not counted" if status == "capped" else "")
        lines.append(f"· {head} ({why}): {ids} ({size})")
    return lines


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_lines_grouped_in_one_pass_equal_the_grouped_outcomes(data: st.DataObject) -> None:
    """For random rule files and people, every node's lines on activities not counted (in a
    sub-period and not) equal the ones built from the outcomes grouped by reason, in both
    languages, with and without the memos of words and lines shared by the tree's nodes."""
    from vakmanschap import strategies as vks

    rules = data.draw(vks.rule_sets())
    p = data.draw(vks.professionals(rules))
    days = sorted(x.on for x in p.activities if x.on >= rules.versions[0].valid_from)
    on = data.draw(st.sampled_from(days) if days else
                   st.dates(rules.versions[0].valid_from, date(2040, 12, 31)))
    try:
        a = rules.assess(p, on)
    except vk.VakmanschapError:
        return
    for lang in ("nl", "en"):
        words: dict[object, str] = {}
        for sub_period in (False, True):
            seen: dict[object, str] = {}  # one render's, shared by its nodes
            for node in a.result.walk():
                expected = _lines_reference(node, lang, sub_period)
                assert not_counted_lines(node, lang, sub_period) == expected
                assert not_counted_lines(node, lang, sub_period, words, seen) == expected


def test_capped_and_excluded_activities_are_grouped_by_their_words() -> None:
    """Caps and exclusions each get a line, ids sorted and named up to the limit, the rest
    counted, with the amount not counted."""
    rules = rules_for("{id: prof, title: Prof, total: {min: 40, caps: {per_activity: 5}, "
                      "categories: [formeel]}}")
    acts = [act(f"c{i}", f"2022-0{i + 1}-01", 8) for i in range(6)]
    acts.append(act("x", "2022-03-03", 4, category="reflectie"))
    node = assess(rules, person(acts), on="2022-12-31").result
    lines = not_counted_lines(node, "nl", False)
    assert lines == _lines_reference(node, "nl", False)
    assert any(line.startswith("· deels meegeteld") and "en 2 andere" in line
               and "(6 activiteiten, 18 uur niet meegeteld)" in line for line in lines)
    assert any(line.startswith("· niet meegeteld") and ": x (1 activiteit, 4 uur)" in line
               for line in lines)


def test_a_count_says_the_activities_amounts_in_their_own_unit() -> None:
    """A count's activities that did not count are said in hours, not in 'activiteiten'
    (the count's own unit), both in the line and in the grouped outcomes."""
    rules = rules_for("{id: refl, title: Reflectie, count: {min: 1, categories: [reflectie]}}")
    acts = [act("a", "2022-02-01", 8), act("b", "2022-03-01", 4)]
    node = assess(rules, person(acts), on="2022-12-31").result
    assert node.unit == "activities"
    lines = not_counted_lines(node, "nl", False)
    assert lines == _lines_reference(node, "nl", False)
    assert lines[0].endswith(": a, b (2 activiteiten, 12 uur)")
    assert [key[2] for key in node.not_counted_by_reason("en")] == ["hours"]
    mixed = [act("a", "2022-02-01", 8), act("p", "2022-03-01", 4, unit="points")]
    rules = rules_for("{id: refl, title: Reflectie, count: {min: 1, categories: [reflectie], "
                      "unit: points}}")
    node = assess(rules, person(mixed), on="2022-12-31").result
    assert not_counted_lines(node, "nl", False) == [
        "· niet meegeteld (andere eenheid (uur)): a (1 activiteit, 8 uur)",
        "· niet meegeteld (categorie formeel telt hier niet): p (1 activiteit, 4 punten)"]


@settings(max_examples=30, deadline=None)
@given(st.data())
def test_nodes_are_the_walk(data: st.DataObject) -> None:
    """The nodes listed without generators are the tree's walk, in its order."""
    from vakmanschap import strategies as vks

    rules = data.draw(vks.rule_sets())
    p = data.draw(vks.professionals(rules))
    try:
        a = rules.assess(p, data.draw(st.dates(rules.versions[0].valid_from,
                                               date(2040, 12, 31))))
    except vk.VakmanschapError:
        return
    assert [id(n) for n in _nodes(a.result)] == [id(n) for n in a.result.walk()]
