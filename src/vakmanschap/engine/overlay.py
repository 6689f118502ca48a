"""Rule variants: replace parameters of a rule set without touching the original.

A change is written ``"<rule id>.<parameter>": value`` (every version that has the rule) or
``"<version id>:<rule id>.<parameter>": value`` (one version). The value is a number or a
mapping of effective dates to numbers, exactly as in a rule file; ``null`` removes an
optional parameter (e.g. ``"werkervaring.interruption_max_years": null``).
Nested parameters use dots: ``"totaal.cap_per_category.informeel": 40``.

>>> variant = rules.with_changes({"totaal.min": 120})          # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

import attrs

from vakmanschap.engine.primitives.base import Requirement
from vakmanschap.errors import RuleError
from vakmanschap.rules.params import Dated
from vakmanschap.rules.schema import Checker, DatedS, Loc, MapOf, Num, Record, Schema
from vakmanschap.rules.versions import LevelRoute, RuleVersion

if TYPE_CHECKING:
    from vakmanschap.engine.ruleset import RuleSet

__all__ = ["apply_changes", "parameter_paths"]


# attrs.evolve is typed per class; requirement fields are chosen by name at run time here.
_evolve: Any = attrs.evolve


def _as_dated(key: str, value: Any) -> Dated | None:
    if value is None:
        return None
    if isinstance(value, Mapping):
        pairs = []
        for day, item in value.items():
            try:
                when = day if isinstance(day, date) else date.fromisoformat(str(day))
            except ValueError:
                raise RuleError(f"change {key!r}: {day!r} is not a date YYYY-MM-DD") from None
            pairs.append((when, _number(key, item)))
        if not pairs:
            raise RuleError(f"change {key!r}: needs at least one date: value")
        return Dated(tuple(sorted(pairs, key=lambda p: p[0])))
    return Dated.constant(_number(key, value))


def _number(key: str, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise RuleError(f"change {key!r}: expected a number >= 0, got {value!r}")
    return value


def parameter_paths(rules: RuleSet) -> list[str]:
    """Every changeable parameter as ``version:rule.parameter``."""
    out: list[str] = []
    for version in rules.versions:
        for root in version.requirements():
            for node in _walk(root):
                out.extend(f"{version.id}:{node.id}.{name}" for name in node.parameters())
    return out


def _walk(node: Requirement) -> list[Requirement]:
    out = [node]
    for child in node.children():
        out.extend(_walk(child))
    return out


def _set_param(node: Requirement, name: str, value: Dated | None, key: str) -> Requirement:
    params = node.parameters()
    if name not in params and not _optional(node, name):
        allowed = ", ".join(params) or "(none)"
        raise RuleError(f"change {key!r}: rule {node.id!r} ({node.key}) has no parameter "
                        f"{name!r}; its parameters: {allowed}")
    _check_value(node, name, value, key)
    if "." in name:
        field, sub = name.split(".", 1)
        mapping = dict(getattr(node, field))
        if value is None:
            mapping.pop(sub, None)
        else:
            mapping[sub] = value
        changed: Requirement = _evolve(node, **{field: mapping})
        return changed
    if value is None and name in ("min", "k"):
        raise RuleError(f"change {key!r}: {name!r} cannot be removed")
    replaced: Requirement = _evolve(node, **{name: value})
    return replaced


def _optional(node: Requirement, name: str) -> bool:
    """Optional dated parameters currently unset may be given a value by an overlay; other
    unset attributes (``unit``, ``note``, filters) are not parameters."""
    field = name.split(".", 1)[0]
    names = {f.name: f for f in attrs.fields(type(node))}
    if field not in names or "Dated" not in str(names[field].type):
        return False
    current = getattr(node, field)
    return current is None or (isinstance(current, Mapping) and "." in name)


def _value_schema(node: Requirement, name: str) -> Schema | None:
    """The schema a value of parameter ``name`` must satisfy, from the primitive's own schema
    (one source of truth with the rule-file loader)."""
    schema = node.schema
    if not isinstance(schema, Record):
        return Num(minimum=1, integer=True) if name == "k" else None
    field, _, sub = name.partition(".")
    if field.startswith("cap_per_") and "caps" in schema.fields:
        caps = schema.fields["caps"].schema
        assert isinstance(caps, Record)
        spec = caps.fields.get(field.removeprefix("cap_"))
        inner = spec.schema if spec else None
        if sub and isinstance(inner, MapOf):
            inner = inner.value
    else:
        spec = schema.fields.get(field)
        inner = spec.schema if spec else None
    return inner.inner if isinstance(inner, DatedS) else inner


def _check_value(node: Requirement, name: str, value: Dated | None, key: str) -> None:
    schema = _value_schema(node, name)
    if value is None or schema is None:
        return
    checker = Checker(f"change {key!r}")
    for _, item in value.values:
        schema.check(item, Loc(1, 1, name), checker)
    if name == "k":
        top = max(v for _, v in value.values)
        if top > len(node.children()):
            checker.error(Loc(1, 1, name), f"k ({top}) is larger than the number of "
                          f"requirements ({len(node.children())})")
    if checker.problems:
        raise RuleError(f"change {key!r}: {checker.problems[0].message}")


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
    for key, raw in changes.items():
        if not isinstance(key, str) or "." not in key:
            raise RuleError(f"change {key!r}: write it as '<rule id>.<parameter>', e.g. "
                            "'totaal.min'")
        scope, _, path = key.rpartition(":")
        rule_id, _, name = path.partition(".")
        value = _as_dated(key, raw)
        if scope and scope not in {v.id for v in versions}:
            raise RuleError(f"change {key!r}: unknown rule version {scope!r}; known: "
                            f"{', '.join(v.id for v in versions)}")
        hits: list[int] = []
        versions = [(_apply_to_version(v, rule_id, name, value, key, hits)
                     if not scope or v.id == scope else v) for v in versions]
        if not hits:
            raise RuleError(f"change {key!r}: no rule {rule_id!r}"
                            f"{' in version ' + repr(scope) if scope else ''}; known rules: "
                            f"{', '.join(rules.requirement_ids())}")
    return attrs.evolve(rules, versions=tuple(versions))
