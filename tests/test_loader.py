"""Rule-file schema nodes and the loader: every problem of a file reported at once.

(The JSON Schema emitted for editors is tested in test_schema.py; this file tests the
schema nodes of vakmanschap.rules.schema as checkers, and vakmanschap.parse_rules.)
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import vakmanschap as vk
from helpers import FILE, rule_text, rules_for
from vakmanschap import RuleFileError
from vakmanschap.engine.rulefile.loader import rules_from_data
from vakmanschap.model.words import Text
from vakmanschap.rules.params import Dated
from vakmanschap.rules.schema import (
    INVALID,
    Bool,
    Checker,
    DatedS,
    DateS,
    Field,
    Loc,
    MapOf,
    Num,
    Record,
    Ref,
    SeqOf,
    Str,
    TextS,
)

ROOT = Loc(1, 1, "$")


def check(schema: Any, value: Any, **names: tuple[str, ...]) -> tuple[Any, list[str]]:
    """Run one schema node; return the converted value and the problem messages."""
    checker = Checker("f.yaml", names=dict(names))
    out = schema.check(value, ROOT, checker)
    return out, [p.message for p in checker.problems]


def problems_of(text: str) -> list[vk.Problem]:
    """The problems the loader reports for a rule-file text (fails if it loads)."""
    with pytest.raises(RuleFileError) as info:
        vk.parse_rules(text, FILE)
    return list(info.value.problems)


def line_of(text: str, fragment: str) -> int:
    """The 1-based line of the first line of ``text`` that contains ``fragment``."""
    return next(i for i, row in enumerate(text.splitlines(), start=1) if fragment in row)


def messages(text: str) -> list[str]:
    """``str(problem)`` of every problem of the text."""
    return [str(p) for p in problems_of(text)]


# -- schema nodes -----------------------------------------------------------------------------


def test_str_and_choices() -> None:
    """Str refuses empty text and lists the allowed choices."""
    assert check(Str(), "x") == ("x", [])
    out, errs = check(Str(), "  ")
    assert out is INVALID and "non-empty" in errs[0]
    out, errs = check(Str(choices=("hours", "points")), "minutes")
    assert out is INVALID and errs == ["unknown value 'minutes'; allowed: hours, points"]


@pytest.mark.parametrize(("schema", "value", "fragment"), [
    (Num(), True, "expected a number"),
    (Num(), "3", "expected a number"),
    (Num(), float("nan"), "expected a number"),
    (Num(), float("inf"), "expected a number"),
    (Num(minimum=0), -1, ">= 0"),
    (Num(minimum=0, exclusive_minimum=True), 0, "> 0"),
    (Num(maximum=1), 1.5, "<= 1"),
    (Num(integer=True), 2.5, "whole number"),
])
def test_num_refusals(schema: Num, value: Any, fragment: str) -> None:
    """Num refuses booleans, text, non-finite values, out-of-bounds and fractions."""
    out, errs = check(schema, value)
    assert out is INVALID and fragment in errs[0]


def test_num_integer_converts() -> None:
    """A whole float becomes an int when integers are asked for."""
    assert check(Num(integer=True), 3.0) == (3, [])


def test_bool_and_date() -> None:
    """Bool wants true/false; DateS wants a date or YYYY-MM-DD text."""
    assert check(Bool(), False) == (False, [])
    assert check(Bool(), "yes")[0] is INVALID
    assert check(DateS(), "2024-02-29") == (date(2024, 2, 29), [])
    assert check(DateS(), date(2024, 2, 29)) == (date(2024, 2, 29), [])
    for bad in ("2023-02-29", "29-02-2024", "20240229", 2024):
        assert check(DateS(), bad)[0] is INVALID


def test_text_titles() -> None:
    """A title is Dutch text or {nl, en}; other languages and missing Dutch are refused."""
    assert check(TextS(), "Titel") == (Text("Titel"), [])
    assert check(TextS(), {"nl": "Titel", "en": "Title"}) == (Text("Titel", "Title"), [])
    assert "allowed: nl, en" in check(TextS(), {"nl": "x", "de": "y"})[1][0]
    assert "Dutch" in check(TextS(), {"en": "Title"})[1][0]
    assert check(TextS(), 5)[0] is INVALID


def test_ref_lists_declared_names() -> None:
    """A reference to an undeclared name lists the declared ones (or says none are)."""
    assert check(Ref("categories"), "a", categories=("a", "b")) == ("a", [])
    out, errs = check(Ref("categories"), "c", categories=("a", "b"))
    assert out is INVALID and errs == ["unknown category 'c'; allowed: a, b"]
    assert "none declared under themes" in check(Ref("themes"), "t1")[1][0]


def test_seq_of() -> None:
    """SeqOf checks each item, the minimum length and repeats; it returns a tuple."""
    schema = SeqOf(Str(), min_items=1, unique=True)
    assert check(schema, ["a", "b"]) == (("a", "b"), [])
    assert "at least 1" in check(schema, [])[1][0]
    assert "listed twice" in check(schema, ["a", "a"])[1][0]
    assert "expected a list" in check(schema, "a")[1][0]
    out, errs = check(SeqOf(Num()), [1, "x", "y"])
    assert out is INVALID and len(errs) == 2


def test_map_of() -> None:
    """MapOf wants text keys and checks every value."""
    schema = MapOf(Num(), key_doc="a name", min_items=1)
    assert check(schema, {"a": 1}) == ({"a": 1}, [])
    assert "a name must be a text" in check(schema, {5: 1})[1][0]
    assert "at least 1" in check(schema, {})[1][0]
    out, errs = check(schema, {"a": "x", "b": "y"})
    assert out is INVALID and len(errs) == 2


def test_record_reports_every_problem() -> None:
    """Unknown keys (with the allowed ones), missing keys and bad values all at once."""
    schema = Record({"a": Field(Num(), required=True), "b": Field(Str(), default="d")})
    assert check(schema, {"a": 1}) == ({"a": 1, "b": "d"}, [])
    out, errs = check(schema, {"b": 5, "c": 1, "d": 2})
    assert out is INVALID
    assert "unknown key 'c'; allowed: a, b" in errs
    assert "unknown key 'd'; allowed: a, b" in errs
    assert "missing required key 'a'" in errs
    assert any("non-empty text" in e for e in errs)
    assert len(errs) == 4


def test_record_one_of() -> None:
    """one_of wants exactly one of its keys."""
    schema = Record({"x": Field(Num()), "y": Field(Num())}, one_of=("x", "y"))
    assert check(schema, {"x": 1})[1] == []
    assert "got none" in check(schema, {})[1][0]
    assert "got x and y" in check(schema, {"x": 1, "y": 2})[1][0]


def test_dated_schema() -> None:
    """DatedS gives a constant for one value and a sorted history for a date mapping."""
    assert check(DatedS(Num()), 5) == (Dated.constant(5), [])
    out, errs = check(DatedS(Num()), {"2027-01-01": 120, date(2024, 1, 1): 160})
    assert errs == []
    assert out == Dated(((date(2024, 1, 1), 160), (date(2027, 1, 1), 120)))
    out, errs = check(DatedS(Num(minimum=0)), {"soon": 1, "2024-01-01": -1})
    assert out is INVALID and len(errs) == 2
    assert "needs at least one" in check(DatedS(Num()), {})[1][0]


# -- a valid rule file ------------------------------------------------------------------------


VALID = rule_text("""
    id: herregistratie
    title: {nl: Herregistratie, en: Re-registration}
    source: Reglement art. 5
    all_of:
      - {id: totaal, title: Totaal, total: {min: 160, categories: [formeel, informeel]}}
      - id: themas
        title: Thema's
        distinct_themes: {min: 2, of: [t1, t2, t3]}
""")


def test_valid_file_builds_a_rule_set() -> None:
    """A valid file gives a RuleSet with its vocabulary, version and requirement tree."""
    rules = vk.parse_rules(VALID, FILE)
    assert rules.register == "test" and rules.unit == "hours" and rules.origin == FILE
    assert rules.title("en") == "Test register"
    assert list(rules.categories) == ["formeel", "informeel", "reflectie"]
    assert rules.categories["formeel"].if_unaccredited == "informeel"
    assert list(rules.themes) == ["t1", "t2", "t3", "t4"]
    assert rules.levels["n2"].title("en") == "Level 2"
    assert rules.date_policy == vk.DatePolicy()
    (version,) = rules.versions
    assert version.valid_from == date(2000, 1, 1) and version.valid_until is None
    assert rules.requirement_ids() == ["herregistratie", "totaal", "themas"]


def test_requirements_know_their_location_and_source() -> None:
    """Each requirement knows file:line and its source; children inherit their parent's."""
    rules = vk.parse_rules(VALID, FILE)
    root = rules.versions[0].reregistration
    assert root is not None
    assert root.location == f"{FILE}:{line_of(VALID, 'id: herregistratie')}"
    assert root.source == "Reglement art. 5"
    totaal, themas = root.children()
    assert totaal.source == themas.source == "Reglement art. 5"
    assert themas.location == f"{FILE}:{line_of(VALID, '- id: themas')}"


def test_requirement_without_source_inherits_the_version_source() -> None:
    """A requirement without its own source cites its version's source."""
    rules = rules_for("{id: tot, title: Tot, total: {min: 1}}")
    node = rules.versions[0].reregistration
    assert node is not None and node.source == "Reglement 2000"


def test_plain_data_without_positions_still_loads_and_reports() -> None:
    """rules_from_data accepts plain dicts; problems are then placed at 1:1."""
    import yaml

    data = yaml.safe_load(VALID)
    assert rules_from_data(data, "plain").register == "test"
    data["unit"] = "minutes"
    with pytest.raises(RuleFileError) as info:
        rules_from_data(data, "plain")
    assert str(info.value.problems[0]).startswith("plain:1:1: $.unit: unknown value")


@pytest.mark.parametrize("text", ["", "- a\n- b\n", "just text\n"])
def test_not_a_mapping(text: str) -> None:
    """A file that is not a mapping is one clear problem."""
    (problem,) = problems_of(text)
    assert "a rule file is a mapping" in problem.message


# -- every problem at once, with file:line:column -------------------------------------------------


BROKEN = """\
register: t
title: T
source: s
unit: minutes
bogus: 1
categories: {a: A}
themes: {t1: T1}
versions:
  - id: v1
    title: V1
    valid_from: 2000-01-01
    source: s
    cycle: {years: 4, weeks: 2}
    reregistration:
      id: x
      title: X
      all_of:
        - {id: y, title: Y, total: {min: -1, categories: [b]}}
        - {id: z, title: Z, count: {min: abc, themes: [t9]}}
"""


def test_every_problem_is_reported_with_its_position() -> None:
    """One report holds every problem, each with file:line:column and what is allowed."""
    got = messages(BROKEN)
    assert "test.yaml:4:7: $.unit: unknown value 'minutes'; allowed: hours, points" in got
    assert any(m.startswith("test.yaml:5:1: $.bogus: unknown key 'bogus'; allowed: register,")
               for m in got)
    assert any(m.startswith("test.yaml:13:23: $.versions[0].cycle.weeks: unknown key 'weeks'")
               for m in got)
    assert ("test.yaml:18:42: $.versions[0].reregistration.all_of[0].total.min: "
            "must be >= 0, got -1") in got
    assert ("test.yaml:18:59: $.versions[0].reregistration.all_of[0].total.categories[0]: "
            "unknown category 'b'; allowed: a") in got
    assert ("test.yaml:19:42: $.versions[0].reregistration.all_of[1].count.min: "
            "expected a number, got 'abc'") in got
    assert ("test.yaml:19:56: $.versions[0].reregistration.all_of[1].count.themes[0]: "
            "unknown theme 't9'; allowed: t1") in got
    assert len(got) == 7


def test_rule_file_error_text_and_one_line() -> None:
    """The error message lists every problem; one_line gives the first and a count."""
    with pytest.raises(RuleFileError) as info:
        vk.parse_rules(BROKEN, FILE)
    err = info.value
    assert str(err).startswith("7 problems in rule file:\n  test.yaml:")
    assert err.one_line().endswith("(and 6 more problems)")
    assert "\n" not in err.one_line()


def test_unknown_top_level_key_lists_versions_as_allowed() -> None:
    """The allowed keys of the top level include 'versions'."""
    (message,) = [m for m in messages(BROKEN) if "bogus" in m]
    assert "versions" in message


def test_duplicate_key_and_schema_problem_in_one_report() -> None:
    """A duplicate key is reported together with the file's other problems."""
    text = VALID.replace("unit: hours", "unit: minutes\nsource: again")
    got = messages(text)
    assert any("duplicate key 'source'" in m for m in got)
    assert any("unknown value 'minutes'" in m for m in got)


def test_duplicate_yaml_key_is_located() -> None:
    """A duplicate key is a located problem."""
    text = VALID.replace("unit: hours", "unit: hours\nunit: points")
    (message,) = messages(text)
    line = text.splitlines().index("unit: points") + 1
    assert message.startswith(f"test.yaml:{line}:1: duplicate key 'unit'")


@pytest.mark.parametrize(("fragment", "replacement", "expected"), [
    ("total: {min: 160, categories: [formeel, informeel]}",
     "total: {min: 160, categories: [formeel, cursus]}",
     "unknown category 'cursus'; allowed: formeel, informeel, reflectie"),
    ("distinct_themes: {min: 2, of: [t1, t2, t3]}", "distinct_themes: {min: 2, of: [t1, t9]}",
     "unknown theme 't9'; allowed: t1, t2, t3, t4"),
    ("total: {min: 160, categories: [formeel, informeel]}", "total: {min: 160, colour: red}",
     "unknown key 'colour'; allowed: min, unit, categories, themes, accredited, providers"),
    ("total: {min: 160, categories: [formeel, informeel]}", "total: {min: [160]}",
     "expected a number"),
    ("total: {min: 160, categories: [formeel, informeel]}", "total: {min: 1, accredited: 1}",
     "expected true or false"),
    ("total: {min: 160, categories: [formeel, informeel]}",
     "total: {min: 1, caps: {per_category: {cursus: 5}}}",
     "unknown category 'cursus'; allowed: formeel, informeel, reflectie"),
    ("total: {min: 160, categories: [formeel, informeel]}", "total: {min: {soon: 5}}",
     "expected a date YYYY-MM-DD as key"),
    ("total: {min: 160, categories: [formeel, informeel]}",
     "total: {min: 1}, count: {min: 1}", "give exactly one of"),
    ("{id: totaal, title: Totaal, ", "{id: totaal, ", "missing required key 'title'"),
])
def test_requirement_problems(fragment: str, replacement: str, expected: str) -> None:
    """Unknown names, keys and wrong types inside a requirement are located problems."""
    assert fragment in VALID
    got = messages(VALID.replace(fragment, replacement))
    assert any(expected in m for m in got), got
    assert all(m.startswith("test.yaml:") for m in got)


def test_unknown_if_unaccredited_category() -> None:
    """A category may only be reclassified into a declared category."""
    text = VALID.replace("if_unaccredited: informeel", "if_unaccredited: vrij")
    (message,) = messages(text)
    assert "unknown category 'vrij'" in message


def test_duplicate_requirement_ids() -> None:
    """Two requirements with the same id in one version are a problem naming the first."""
    text = VALID.replace("- id: themas", "- id: totaal")
    (message,) = messages(text)
    assert "duplicate requirement id 'totaal'" in message
    assert f"first at line {line_of(VALID, '{id: totaal')}" in message


def _two_versions(first_until: str = "", second_from: str = "2010-01-01",
                  second_id: str = "v2", second_extra: str = "") -> str:
    until = f"    valid_until: {first_until}\n" if first_until else ""
    return VALID.replace("    source: Reglement 2000\n", "    source: Reglement 2000\n" + until) + (
        f"  - id: {second_id}\n"
        "    title: Versie 2\n"
        f"    valid_from: {second_from}\n"
        f"{second_extra}"
        "    source: Reglement 2010\n"
        "    cycle: {years: 5}\n"
        "    reregistration: {id: totaal, title: Totaal, total: {min: 100}}\n")


def test_versions_follow_each_other() -> None:
    """An open version ends the day before the next; ids may repeat across versions."""
    rules = vk.parse_rules(_two_versions(), FILE)
    v1, v2 = rules.versions
    assert v1.valid_until == date(2009, 12, 31) and v2.valid_until is None
    assert rules.version_at("2009-12-31") is v1 and rules.version_at("2010-01-01") is v2
    explicit = vk.parse_rules(_two_versions(first_until="2009-12-31"), FILE)
    assert explicit.versions[0].valid_until == date(2009, 12, 31)


@pytest.mark.parametrize(("kwargs", "expected"), [
    ({"first_until": "2008-12-31"}, "gap between versions: 'v1' ends 2008-12-31, 'v2' starts "
                                    "2010-01-01"),
    ({"first_until": "2010-06-30"}, "versions overlap: 'v1' runs until 2010-06-30, 'v2' "
                                    "starts 2010-01-01"),
    ({"second_from": "1999-01-01"}, "versions must be listed in date order"),
    ({"second_id": "v1"}, "duplicate version id 'v1'"),
    ({"second_extra": "    valid_until: 2009-01-01\n"}, "valid_until 2009-01-01 is before "
                                                         "valid_from 2010-01-01"),
])
def test_inconsistent_version_dates(kwargs: dict[str, str], expected: str) -> None:
    """Gaps, overlaps, order, repeated ids and backwards dates between versions are problems."""
    got = messages(_two_versions(**kwargs))
    assert any(expected in m for m in got), got


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("    cycle: {years: 4, months: 0, next_due: from_decision}\n",
     "    cycle: {years: 0, months: 0}\n", "a term of zero length"),
    ("    cycle: {years: 4, months: 0, next_due: from_decision}\n",
     "    cycle: {years: 4, next_due: someday}\n",
     "unknown value 'someday'; allowed: from_decision, from_previous_due"),
    ("    valid_from: 2000-01-01\n", "    valid_from: '2000-02-30'\n",
     "expected a date YYYY-MM-DD"),
    ("    title: Versie 1\n", "", "missing required key 'title'"),
])
def test_version_problems(old: str, new: str, expected: str) -> None:
    """Version keys are checked like any other: zero terms, choices, dates, required keys."""
    assert old in VALID
    got = messages(VALID.replace(old, new))
    assert any(expected in m for m in got), got


def test_impossible_unquoted_date_is_a_located_problem() -> None:
    """An impossible date written as a YAML date is a problem with its position."""
    text = VALID.replace("valid_from: 2000-01-01", "valid_from: 2000-02-30")
    got = messages(text)
    assert got and all(m.startswith(f"test.yaml:{line_of(text, '2000-02-30')}:") for m in got)
    assert any("2000-02-30" in m for m in got)


def test_version_without_requirements() -> None:
    """A version must define at least one requirement group."""
    text = VALID[:VALID.index("    reregistration:")]
    got = messages(text)
    assert any("at least one of registration, development, reregistration" in m for m in got)


def test_date_policy_choices() -> None:
    """The declared date policy is read, and only its documented values are accepted."""
    rules = rules_for("{id: c, title: C, count: {min: 1}}",
                      date_policy="{month_end: roll, window_end: inclusive}")
    assert rules.date_policy == vk.DatePolicy("roll", "inclusive")
    text = rule_text("{id: c, title: C, count: {min: 1}}", date_policy="{month_end: leap}")
    assert any("allowed: clamp, roll" in m for m in messages(text))


# -- property: the report is complete --------------------------------------------------------------


# Each slot is one line of a valid file and a broken replacement that causes exactly one
# problem on that same line; any combination must be reported in full.
_SLOTS = {
    "unit": ("unit: hours", "unit: minutes"),
    "top": ("note: ok", "bogus: 1"),
    "cycle": ("    cycle: {years: 4}", "    cycle: {years: 4, weeks: 1}"),
    "min": ("        - {id: a, title: A, total: {min: 10}}",
            "        - {id: a, title: A, total: {min: -10}}"),
    "category": ("        - {id: b, title: B, count: {min: 1, categories: [formeel]}}",
                 "        - {id: b, title: B, count: {min: 1, categories: [cursus]}}"),
    "theme": ("        - {id: c, title: C, distinct_themes: {min: 1, of: [t1]}}",
              "        - {id: c, title: C, distinct_themes: {min: 1, of: [t7]}}"),
    "type": ("        - {id: d, title: D, share: {part_categories: [formeel], max: 0.5}}",
             "        - {id: d, title: D, share: {part_categories: [formeel], max: half}}"),
}
_TEMPLATE = """\
register: test
title: Test
source: s
{unit}
{top}
categories: {{formeel: F, informeel: I}}
themes: {{t1: T1, t2: T2}}
versions:
  - id: v1
    title: V1
    valid_from: 2000-01-01
    source: s
{cycle}
    reregistration:
      id: root
      title: Root
      all_of:
{min}
{category}
{theme}
{type}
"""


@given(st.sets(st.sampled_from(sorted(_SLOTS))))
def test_every_injected_problem_is_reported(broken: set[str]) -> None:
    """Whatever combination of independent mistakes a file has, each is reported on its line."""
    lines = {name: (bad if name in broken else good) for name, (good, bad) in _SLOTS.items()}
    text = _TEMPLATE.format(**lines)
    if not broken:
        vk.parse_rules(text, FILE)
        return
    with pytest.raises(RuleFileError) as info:
        vk.parse_rules(text, FILE)
    rows = text.splitlines()
    expected_lines = sorted(rows.index(lines[name]) + 1 for name in broken)
    assert sorted(p.line for p in info.value.problems) == expected_lines
    assert all(p.file == FILE and p.column >= 1 for p in info.value.problems)


def test_problem_text() -> None:
    """A problem reads file:line:column, then its path when it has one, then the message."""
    assert str(vk.Problem("f.yaml", 3, 7, "$.unit", "bad")) == "f.yaml:3:7: $.unit: bad"
    assert str(vk.Problem("f.yaml", 1, 1, "", "bad")) == "f.yaml:1:1: bad"
    one = RuleFileError([vk.Problem("f.yaml", 1, 1, "", "bad")])
    assert str(one).startswith("1 problem in rule file:") and one.one_line() == "f.yaml:1:1: bad"
    assert RuleFileError([]).one_line() == "invalid rule file"
