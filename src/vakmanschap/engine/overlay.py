"""Rule variants: replace parameters of a rule set without touching the original.

A change is written ``"<rule id>.<parameter>": value`` (every version that has the rule) or
``"<version id>:<rule id>.<parameter>": value`` (one version). The value is a number or a
mapping of effective dates (``YYYY-MM-DD``) to numbers, exactly as in a rule file; ``null``
removes an optional parameter (e.g. ``"werkervaring.interruption_max_years": null``).
Parameters keyed by name use dots: ``"totaal.cap_per_category.informeel": 40``. The syntax
is :mod:`vakmanschap.rules.change_keys`; which parameters a rule has and what values they
take is asked of its primitive (``parameters``, ``parameter_schema``).

>>> variant = rules.with_changes({"totaal.min": 120})          # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

import attrs

from vakmanschap.engine.primitives.base import Requirement
from vakmanschap.errors import RuleError
from vakmanschap.model.periods import to_date
from vakmanschap.rules.change_keys import ChangeKey, parse_change_key, parse_change_value
from vakmanschap.rules.params import Dated
from vakmanschap.rules.schema import MAX_MONTHS, MAX_YEARS, Checker, Loc, Num, Schema
from vakmanschap.rules.versions import LevelRoute, RuleVersion

if TYPE_CHECKING:
    from vakmanschap.engine.ruleset import RuleSet

__all__ = ["CYCLE", "CYCLE_SETTINGS", "allowed_names", "apply_changes", "parameter_paths",
           "rules_as_of"]


# attrs.evolve is typed per class; requirement fields are chosen by name at run time here.
_evolve: Any = attrs.evolve


def parameter_paths(rules: RuleSet) -> list[str]:
    """Every dated parameter that is set, as ``version:rule.parameter`` (what sweeps and rule
    diffs vary). Everything a change may set, settings and unset optional parameters
    included, is :meth:`RuleSet.parameters`."""
    out: list[str] = []
    for version in rules.versions:
        for root in version.requirements():
            for node in root.walk():
                out.extend(f"{version.id}:{node.id}.{name}" for name in node.parameters())
    return out


#: The rule id under which a change reaches a version's cycle: ``cycle.years``,
#: ``cycle.months`` (the length of a term). A requirement with this id takes precedence.
CYCLE = "cycle"
CYCLE_SETTINGS = ("years", "months")


def allowed_names(node: Requirement) -> list[str]:
    """The parameters a change may name on ``node``, with ``field.<key>`` for parameters
    keyed by name (``cap_per_category.<category>``)."""
    names = node.parameter_names()
    for field in attrs.fields(type(node)):
        keyed = f"{field.name}.<key>"
        if field.metadata and node.parameter_schema(f"{field.name}.x") is not None:
            names.append(keyed)
    return names


def _constant(value: Dated | None, key: str, name: str) -> Any:
    if value is None:
        raise RuleError(f"change {key!r}: {name!r} cannot be removed")
    if not value.is_constant:
        raise RuleError(f"change {key!r}: {name!r} has one value for every date, not "
                        "{date: value}; a new rule version changes it from a date")
    return value.values[0][1]


def _check(schema: Schema, value: Any, name: str, key: str) -> None:
    checker = Checker(f"change {key!r}")
    schema.check(value, Loc(1, 1, name), checker)
    if checker.problems:
        raise RuleError(f"change {key!r}: {checker.problems[0].message}")


def _set_param(node: Requirement, name: str, value: Dated | None, key: str) -> Requirement:
    # The primitive says which of its fields are dated parameters (set or not) and what a
    # value of each must satisfy: its schema, shared with the rule-file loader.
    setting = node.setting_schema(name)
    if setting is not None:
        number = _constant(value, key, name)
        _check(setting, number, name, key)
        return node.with_setting(name, number)
    schema = node.parameter_schema(name)
    if schema is None:
        allowed = ", ".join(allowed_names(node)) or "(none)"
        raise RuleError(f"change {key!r}: rule {node.id!r} ({node.key}) has no parameter "
                        f"{name!r}; its parameters: {allowed}")
    field, dot, sub = name.partition(".")
    if value is not None:
        for _, item in value.values:
            _check(schema, item, name, key)
    if dot:
        mapping = dict(getattr(node, field))
        if value is None:
            mapping.pop(sub, None)
        else:
            mapping[sub] = value
        changed: Requirement = _evolve(node, **{field: mapping})
    elif value is None and getattr(attrs.fields(type(node)), field).default is attrs.NOTHING:
        raise RuleError(f"change {key!r}: {name!r} cannot be removed")
    else:
        changed = _evolve(node, **{field: value})
    return changed


def _set_cycle(version: RuleVersion, name: str, value: Dated | None, key: str) -> RuleVersion:
    number = _constant(value, key, f"{CYCLE}.{name}")
    top = MAX_YEARS if name == "years" else MAX_MONTHS
    _check(Num(f"term length in {name}", minimum=0, maximum=top, integer=True), number,
           name, key)
    cycle = _evolve(version.cycle, **{name: int(number)})
    return attrs.evolve(version, cycle=cycle)


def _replace(node: Requirement, rule_id: str, name: str, value: Dated | None, key: str,
             hits: list[int]) -> Requirement:
    if node.id == rule_id:
        hits.append(1)
        return _set_param(node, name, value, key)
    updates: dict[str, Any] = {}
    for field in attrs.fields(type(node)):
        current = getattr(node, field.name)
        if isinstance(current, Requirement):
            updates[field.name] = _replace(current, rule_id, name, value, key, hits)
        elif isinstance(current, tuple) and current and isinstance(current[0], Requirement):
            updates[field.name] = tuple(_replace(c, rule_id, name, value, key, hits)
                                        for c in current)
    return _evolve(node, **updates) if updates else node


def _apply_to_version(version: RuleVersion, rule_id: str, name: str, value: Dated | None,
                      key: str, hits: list[int]) -> RuleVersion:
    routes = tuple(LevelRoute(r.level, _replace(r.requires, rule_id, name, value, key, hits))
                   for r in version.registration)
    dev = (_replace(version.development, rule_id, name, value, key, hits)
           if version.development else None)
    rereg = (_replace(version.reregistration, rule_id, name, value, key, hits)
             if version.reregistration else None)
    return attrs.evolve(version, registration=routes, development=dev, reregistration=rereg)


def apply_changes(rules: RuleSet, changes: Mapping[str, Any]) -> RuleSet:
    """A new RuleSet with the parameters in ``changes`` replaced (the original is untouched)."""
    versions = list(rules.versions)
    for text, raw in changes.items():
        key: ChangeKey = parse_change_key(text)
        value = parse_change_value(key, raw)
        scope, rule_id, name = key.version, key.rule, key.name
        if scope is not None and scope not in {v.id for v in versions}:
            raise RuleError(f"change {text!r}: unknown rule version {scope!r}; known: "
                            f"{', '.join(v.id for v in versions)}")
        hits: list[int] = []
        if rule_id == CYCLE and CYCLE not in rules.requirement_ids():
            if name not in CYCLE_SETTINGS:
                raise RuleError(f"change {text!r}: the cycle has no parameter {name!r}; its "
                                f"parameters: {', '.join(CYCLE_SETTINGS)}")
            versions = [(_set_cycle(v, name, value, text) if scope is None or v.id == scope
                         else v) for v in versions]
            continue
        versions = [(_apply_to_version(v, rule_id, name, value, text, hits)
                     if scope is None or v.id == scope else v) for v in versions]
        if not hits:
            raise RuleError(f"change {text!r}: no rule {rule_id!r}"
                            f"{' in version ' + repr(scope) if scope else ''}; known rules: "
                            f"{', '.join(rules.requirement_ids())} (and {CYCLE}: the term "
                            "length)")
    # Parameters that bound each other (a share's min and max) are checked once all changes
    # are made: {min: 0.6, max: 0.8} must not fail on the old max.
    for text in changes:
        key = parse_change_key(text)
        for version in versions:
            if key.rule == CYCLE and version.cycle.years == version.cycle.months == 0:
                raise RuleError(f"change {text!r}: a term needs a length; cycle.years and "
                                f"cycle.months of version {version.id!r} cannot both be 0")
            if key.version is not None and version.id != key.version:
                continue
            for root in version.requirements():
                for node in root.walk():
                    problem = node.parameters_problem() if node.id == key.rule else None
                    if problem is not None:
                        raise RuleError(f"change {text!r}: rule {node.id!r}: {problem}")
    return attrs.evolve(rules, versions=tuple(versions))


def _frozen(node: Requirement, day: date, where: str) -> Requirement:
    """``node`` and its subtree with every dated parameter fixed at its value on ``day``
    (a parameter that only takes effect later is removed where optional)."""
    updates: dict[str, Any] = {}
    for field in attrs.fields(type(node)):
        current = getattr(node, field.name)
        if isinstance(current, Requirement):
            updates[field.name] = _frozen(current, day, where)
        elif isinstance(current, tuple) and current and isinstance(current[0], Requirement):
            updates[field.name] = tuple(_frozen(c, day, where) for c in current)
    out: Requirement = _evolve(node, **updates) if updates else node
    for name, value in node.parameters().items():
        in_force = value.values[0][0] <= day
        if not in_force and getattr(attrs.fields(type(node)), name.partition(".")[0]
                                    ).default is attrs.NOTHING:
            raise RuleError(f"{where}: parameter {node.id}.{name} takes effect only on "
                            f"{value.values[0][0]}; these rules did not stand yet on {day}")
        out = _set_param(out, name, Dated.constant(value.at(day)) if in_force else None,
                         f"{node.id}.{name}")
    return out


def rules_as_of(rules: RuleSet, day: date | str) -> RuleSet:
    """The rules as they stood on ``day``: the rule version in force on that day, with every
    dated parameter fixed at its value on that day, governing every date (earlier and later).

    Judging a professional under the result answers "under the rules of ``day``, would she
    have passed?" whatever the assessment date. The version keeps its id, its cycle settings
    and its source; its ``note`` says it was fixed on ``day``.
    """
    day = to_date(day, field="as of")
    version = rules.version_at(day)
    where = f"rules as of {day}"
    routes = tuple(LevelRoute(r.level, _frozen(r.requires, day, where))
                   for r in version.registration)
    dev = _frozen(version.development, day, where) if version.development else None
    rereg = _frozen(version.reregistration, day, where) if version.reregistration else None
    note = f"zoals geldend op {day.isoformat()}" + (f"; {version.note}" if version.note else "")
    fixed = attrs.evolve(version, valid_from=date(1, 1, 1), valid_until=None,
                         registration=routes, development=dev, reregistration=rereg, note=note)
    return attrs.evolve(rules, versions=(fixed,))
