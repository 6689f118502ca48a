"""The JSON Schema of rule files agrees with the loader (issue 5, part 1).

Every shipped rule file validates against the schema; a corpus of broken rule files is
rejected by the loader and, where JSON Schema can express the check, by the schema too. The
checks that only the loader makes are listed in :data:`LOADER_ONLY` (and in docs/cli.md):
the test fails when the schema starts to reject one of them, so the list stays true.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from tooling_helpers import TOY_RULES, json_ready, rule_file_paths, run_cli
from vakmanschap.engine.rulefile.file_schema import rule_file_json_schema
from vakmanschap.errors import RuleFileError
from vakmanschap.io import parse_rules
from vakmanschap.rules.yamlpos import load_yaml

SCHEMA = rule_file_json_schema()
VALIDATOR = jsonschema.Draft202012Validator(
    SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def schema_errors(data: Any) -> list[str]:
    """The schema's complaints about parsed YAML data (empty when it validates)."""
    return [e.message for e in VALIDATOR.iter_errors(json_ready(data))]


def loader_rejects(text: str) -> bool:
    """Whether the loader refuses the rule-file text."""
    try:
        parse_rules(text, "broken.yaml")
    except RuleFileError:
        return True
    return False


def test_schema_is_valid_draft_2020_12() -> None:
    """The generated schema is itself a valid JSON Schema (draft 2020-12)."""
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"].endswith("2020-12/schema")
    assert "requirement" in SCHEMA["$defs"]


def test_schema_command_prints_the_schema() -> None:
    """``vakmanschap schema`` prints exactly rule_file_json_schema() as JSON."""
    code, out, err = run_cli("schema")
    assert code == 0, err
    assert json.loads(out) == json.loads(json.dumps(SCHEMA))


def test_toy_rule_file_is_among_the_checked_files() -> None:
    """The schema test always has at least the documentation's example rule file."""
    assert TOY_RULES.resolve() in {p.resolve() for p in rule_file_paths()}


@pytest.mark.parametrize("path", rule_file_paths(), ids=lambda p: p.name)
def test_shipped_rule_file_loads_and_validates(path: Path) -> None:
    """Every shipped rule file loads and validates against the JSON Schema."""
    text = path.read_text(encoding="utf-8")
    parse_rules(text, str(path))
    assert schema_errors(load_yaml(text, str(path))) == []


# -- the broken corpus -----------------------------------------------------------------

MINIMAL = """\
register: mini
title: Mini
source: Reglement
unit: hours
categories:
  formeel: Formeel
  informeel: {title: {nl: Informeel, en: Informal}}
themes: {integriteit: Integriteit, wetgeving: {nl: Wetgeving, en: Legislation}}
levels: {basis: Basis}
versions:
  - id: v1
    title: Versie 1
    valid_from: 2024-01-01
    source: Reglement art. 1
    cycle: {years: 4}
    reregistration:
      id: alles
      title: Alles
      all_of:
        - {id: totaal, title: Totaal, total: {min: 160, categories: [formeel]}}
        - {id: themas, title: Themas, distinct_themes: {min: 1}}
"""

Mutation = Callable[[dict[str, Any]], None]


def _version(d: dict[str, Any]) -> dict[str, Any]:
    return d["versions"][0]  # type: ignore[no-any-return]


def _total(d: dict[str, Any]) -> dict[str, Any]:
    return _version(d)["reregistration"]["all_of"][0]  # type: ignore[no-any-return]


def _second_version(d: dict[str, Any], **changes: Any) -> None:
    second = copy.deepcopy(_version(d))
    second.update({"id": "v2", "valid_from": "2028-01-01", **changes})
    d["versions"].append(second)


def _set(path: str, value: Any) -> Mutation:
    """A mutation that sets a dotted path (``versions.0.cycle.years``) to ``value``."""
    def mutate(d: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node: Any = d
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node[part]
        if isinstance(node, list):
            node[int(last)] = value
        else:
            node[last] = value
    return mutate


def _drop(path: str) -> Mutation:
    def mutate(d: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node: Any = d
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node[part]
        del node[last]
    return mutate


_REQ = "versions.0.reregistration.all_of.0"

#: Broken files that both the loader and the JSON Schema reject.
BOTH: dict[str, Mutation] = {
    "missing register": _drop("register"),
    "unknown top-level key": _set("registers", "x"),
    "unknown unit": _set("unit", "minutes"),
    "no categories": _set("categories", {}),
    "blank category name": _set("categories.  ", "Leeg"),
    "category title in an unknown language": _set("categories.formeel",
                                                   {"nl": "Formeel", "de": "Formell"}),
    "category with title and an unknown key": _set("categories.formeel",
                                                    {"title": "Formeel", "en": "Formal"}),
    "blank title": _set("title", "   "),
    "title without Dutch": _set("title", {"en": "Mini"}),
    "title in an unknown language": _set("title", {"nl": "Mini", "de": "Mini"}),
    "no versions": _set("versions", []),
    "versions not a list": _set("versions", {"v1": {}}),
    "version without cycle": _drop("versions.0.cycle"),
    "negative cycle years": _set("versions.0.cycle.years", -1),
    "fractional cycle years": _set("versions.0.cycle.years", 1.5),
    "unknown next_due": _set("versions.0.cycle.next_due", "from_birthday"),
    "valid_from in words": _set("versions.0.valid_from", "1 januari 2024"),
    "valid_from without dashes": _set("versions.0.valid_from", "20240101"),
    "valid_from an impossible date": _set("versions.0.valid_from", "2024-02-30"),
    "version without any requirement group": _drop("versions.0.reregistration"),
    "requirement without id": _drop(f"{_REQ}.id"),
    "requirement without title": _drop(f"{_REQ}.title"),
    "requirement with an unknown key": _set(f"{_REQ}.minimum", 3),
    "requirement with two primitives": _set(f"{_REQ}.count", {"min": 1}),
    "requirement without primitive": _drop(f"{_REQ}.total"),
    "negative minimum": _set(f"{_REQ}.total.min", -5),
    "minimum in words": _set(f"{_REQ}.total.min", "veel"),
    "minimum true": _set(f"{_REQ}.total.min", True),
    "dated minimum keyed by words": _set(f"{_REQ}.total.min", {"vanaf 2024": 160}),
    "dated minimum without dates": _set(f"{_REQ}.total.min", {}),
    "unknown key in total": _set(f"{_REQ}.total.minimum", 3),
    "empty category filter": _set(f"{_REQ}.total.categories", []),
    "category filter listed twice": _set(f"{_REQ}.total.categories", ["formeel", "formeel"]),
    "accredited as text": _set(f"{_REQ}.total.accredited", "yes"),
    "unknown prorate": _set(f"{_REQ}.total.prorate", ["age"]),
    "unknown rounding": _set(f"{_REQ}.total.round", "down"),
    "share above one": _set(_REQ, {"id": "s", "title": "S",
                                   "share": {"part_categories": ["formeel"], "max": 1.5}}),
    "empty all_of": _set("versions.0.reregistration.all_of", []),
    "per_period weekly": _set(_REQ, {"id": "p", "title": "P", "per_period": {
        "every": "weekly", "requires": {"id": "c", "title": "C", "count": {"min": 1}}}}),
    "at_least with k zero": _set(_REQ, {"id": "k", "title": "K", "at_least": {"k": 0, "of": [
        {"id": "c", "title": "C", "count": {"min": 1}}]}}),
    "unknown month_end policy": _set("date_policy", {"month_end": "nearest"}),
    "rule file is a list": lambda d: d.clear(),  # replaced below by a list
    "a number that is not finite": _set(f"{_REQ}.total.min", float("inf")),
    "a minimum above the bound of every number (issue 16)": _set(f"{_REQ}.total.min", 1e300),
    "a term of 100000 years (issue 16)": _set("versions.0.cycle.years", 100_000),
}

#: Broken files that only the loader rejects: what JSON Schema cannot say (names declared
#: elsewhere in the file, relations between values, YAML itself) or what a primitive's
#: ``post`` check says without a JSON form yet.
LOADER_ONLY: dict[str, Mutation] = {
    "filter names an undeclared category": _set(f"{_REQ}.total.categories", ["onbekend"]),
    "theme list names an undeclared theme": _set(
        "versions.0.reregistration.all_of.1.distinct_themes.of", ["onbekend"]),
    "cap on an undeclared category": _set(f"{_REQ}.total.caps", {"per_category":
                                                                 {"onbekend": 10}}),
    "if_unaccredited names an undeclared category": _set(
        "categories.formeel", {"title": "Formeel", "if_unaccredited": "onbekend"}),
    "registration level not declared": _set("versions.0.registration", {"levels": [
        {"level": "expert", "requires": {"id": "q", "title": "Q", "count": {"min": 1}}}]}),
    "duplicate requirement id": _set(f"{_REQ}.id", "themas"),
    "duplicate version id": lambda d: _second_version(d, id="v1"),
    "versions out of date order": lambda d: _second_version(d, valid_from="2020-01-01"),
    "gap between versions": lambda d: (_set("versions.0.valid_until", "2026-12-31")(d),
                                       _second_version(d)),
    "versions overlap": lambda d: (_set("versions.0.valid_until", "2029-12-31")(d),
                                   _second_version(d)),
    "valid_until before valid_from": _set("versions.0.valid_until", "2023-01-01"),
    "zero-length cycle": _set("versions.0.cycle", {"years": 0, "months": 0}),
    "at_least k larger than the list": _set(_REQ, {"id": "k", "title": "K", "at_least": {
        "k": 3, "of": [{"id": "c", "title": "C", "count": {"min": 1}}]}}),
    "share without min or max": _set(_REQ, {"id": "s", "title": "S",
                                            "share": {"part_categories": ["formeel"]}}),
    "leave kind both counting and capped": _set(_REQ, {"id": "w", "title": "W", "work_hours": {
        "min": 10, "leave_counts": ["illness"],
        "leave_capped": {"illness": {"weeks_per_year": 6}}}}),
    "capped leave of an unknown kind": _set(_REQ, {"id": "w", "title": "W", "work_hours": {
        "min": 10, "leave_capped": {"vakantie": {"weeks_per_year": 6}}}}),
}

#: YAML-level problems: only the loader sees them (the schema sees parsed data).
YAML_ONLY: dict[str, str] = {
    "duplicate key": MINIMAL.replace("unit: hours\n", "unit: hours\nunit: points\n"),
    "merge key": MINIMAL.replace("levels: {basis: Basis}\n",
                                 "levels: &l {basis: Basis}\nroles: {<<: *l}\n"),
    "invalid YAML": MINIMAL.replace("categories:\n", "categories: [\n"),
    "a category name that is a number": MINIMAL.replace("  formeel: Formeel\n",
                                                         "  formeel: Formeel\n  2024: Jaar\n"),
}


def _mutated(mutation: Mutation) -> tuple[str, Any]:
    data = yaml.safe_load(MINIMAL)
    if mutation is BOTH["rule file is a list"]:
        return "- register: mini\n", ["register: mini"]
    mutation(data)
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    return text, load_yaml(text, "broken.yaml")


def test_minimal_file_is_valid_for_both() -> None:
    """The corpus's starting point is accepted by the loader and the schema."""
    assert not loader_rejects(MINIMAL)
    assert schema_errors(load_yaml(MINIMAL, "mini.yaml")) == []


@pytest.mark.parametrize("name", sorted(BOTH))
def test_broken_file_rejected_by_loader_and_schema(name: str) -> None:
    """Each broken file of the corpus is refused by the loader and by the JSON Schema."""
    text, data = _mutated(BOTH[name])
    assert loader_rejects(text), f"loader accepted: {name}"
    assert schema_errors(data), f"schema accepted: {name}"


@pytest.mark.parametrize("name", sorted(LOADER_ONLY))
def test_loader_only_checks(name: str) -> None:
    """Checks JSON Schema cannot express are made by the loader, and the schema lets them by."""
    text, data = _mutated(LOADER_ONLY[name])
    assert loader_rejects(text), f"loader accepted: {name}"
    assert schema_errors(data) == [], (
        f"the schema now rejects {name!r}: move it from LOADER_ONLY to BOTH")


@pytest.mark.parametrize("name", sorted(YAML_ONLY))
def test_yaml_level_problems_rejected_by_loader(name: str) -> None:
    """Duplicate keys, merge keys and invalid YAML are refused with a position."""
    with pytest.raises(RuleFileError) as info:
        parse_rules(YAML_ONLY[name], "broken.yaml")
    assert info.value.problems[0].line >= 1
