"""What changed between two rule sets, as data: the comparison behind ``diff_rules``.

:func:`compare_rules` compares rule set A (the old rules) with B (the new ones, or a variant
made with :meth:`RuleSet.with_changes`) and lists every change: rule versions added or
removed, their dates and terms, requirements added, removed or moved, numeric parameters
(one change per span of dates on which old and new differ, with the unit the primitive
declares), other settings, titles and sources, and the register's vocabulary. The words for
people are the text layer's business (:mod:`vakmanschap.text.diff`).

Requirements are matched by id within a rule version (ids are unique there), versions by id.
Positions in the file (``location``) are not compared: moving a rule is no change. What a
field of a requirement is (a dated parameter with a unit, or a setting) is read from the
primitive's field metadata (:mod:`vakmanschap.engine.primitives.param_info`).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, Literal

import attrs

from vakmanschap.engine.primitives.base import ActivityFilter, Requirement
from vakmanschap.engine.primitives.param_info import OWN, info
from vakmanschap.engine.prorata import MonthsProRata
from vakmanschap.model.periods import Every
from vakmanschap.model.words import Text
from vakmanschap.rules.params import Dated
from vakmanschap.rules.versions import RuleVersion

if TYPE_CHECKING:
    from vakmanschap.engine.ruleset import RuleSet

__all__ = ["ChangeKind", "RuleChange", "compare_rules", "parameter_unit", "plain"]

ChangeKind = Literal[
    "register_changed",  # register, title, source, unit, date policy
    "name_added", "name_removed", "name_changed",  # categories, themes, levels, ...
    "version_added", "version_removed", "version_changed",
    "requirement_added", "requirement_removed", "requirement_kind_changed",
    "requirement_moved",  # same id under another parent or group: its weight may change
    "parameter_changed",  # a numeric (dated) parameter: one change per span of dates
    "setting_changed",  # any other setting of a requirement (filters, pro rata, ...)
    "title_changed", "source_changed",
]

VOCABULARIES = ("categories", "themes", "levels", "qualification_kinds", "attestation_kinds",
                "roles")

_EPOCH = date(1, 1, 1)


@attrs.frozen
class RuleChange:
    """One change from A to B.

    ``version`` and ``rule`` say where (rule version id, requirement id); ``parameter`` what
    (``min``, ``cap_per_category.informeel``, ``cycle.years``, ``filter.categories``, ...).
    For a dated parameter ``start``/``end`` give the span of days (inclusive; None: open)
    during which ``old`` is replaced by ``new``. ``unit`` is the unit of both values.
    ``primitive`` is the key of the rule's primitive in B (whose fields give the parameter's
    meaning); None for changes that are not about one requirement's parameter.
    """

    kind: ChangeKind
    version: str | None = None
    version_title: Text | None = None
    rule: str | None = None
    rule_title: Text | None = None
    group: str | None = None  # registration:<level>, development or reregistration
    path: tuple[str, ...] = ()  # requirement ids from the group's root to this rule
    parameter: str | None = None
    start: date | None = None
    end: date | None = None
    old: Any = None
    new: Any = None
    unit: str | None = None
    primitive: str | None = None


def compare_rules(a: RuleSet, b: RuleSet) -> tuple[RuleChange, ...]:
    """Every change from rule set ``a`` (old) to ``b`` (new), in a fixed order."""
    changes: list[RuleChange] = []
    changes += _register_changes(a, b)
    old_versions = {v.id: v for v in a.versions}
    new_ids = {v.id for v in b.versions}
    for version in b.versions:
        old = old_versions.get(version.id)
        if old is None:
            changes.append(RuleChange("version_added", version.id, version.title,
                                      new=_version_summary(version)))
        else:
            changes += _version_changes(old, version, a, b)
    for version in a.versions:
        if version.id not in new_ids:
            changes.append(RuleChange("version_removed", version.id, version.title,
                                      old=_version_summary(version)))
    return tuple(changes)


def parameter_unit(node: Requirement, name: str, rules_unit: str) -> str | None:
    """The unit of parameter ``name`` of ``node``, as its primitive declares it (``OWN``: the
    node's ``unit``, else the rule file's)."""
    meta = info(type(node), name)
    if meta is None or meta.unit is None:
        return None
    if meta.unit == OWN:
        own: str | None = getattr(node, "unit", None)
        return own or rules_unit
    return meta.unit


# -- the register and its versions ----------------------------------------------------------

def _register_changes(a: RuleSet, b: RuleSet) -> list[RuleChange]:
    out: list[RuleChange] = []
    skip = {"versions", "origin", "note", "extensions", *VOCABULARIES}
    old_fields, new_fields = _flatten(a, skip), _flatten(b, skip)
    for name in dict.fromkeys([*new_fields, *old_fields]):
        old, new = old_fields.get(name), new_fields.get(name)
        if old != new:
            out.append(RuleChange("register_changed", parameter=name, old=old, new=new))
    for vocabulary in VOCABULARIES:
        old_names, new_names = getattr(a, vocabulary), getattr(b, vocabulary)
        for name, item in new_names.items():
            if name not in old_names:
                out.append(RuleChange("name_added", parameter=vocabulary, rule=name,
                                      rule_title=item.title))
                continue
            before = old_names[name]
            for field in ("title", "if_unaccredited"):
                old_value, new_value = getattr(before, field, None), getattr(item, field, None)
                if old_value != new_value:
                    out.append(RuleChange("name_changed", parameter=f"{vocabulary}.{field}",
                                          rule=name, rule_title=item.title, old=old_value,
                                          new=new_value))
        for name, item in old_names.items():
            if name not in new_names:
                out.append(RuleChange("name_removed", parameter=vocabulary, rule=name,
                                      rule_title=item.title))
    return out


def _flatten(obj: Any, skip: Collection[str] = (), prefix: str = "") -> dict[str, Any]:
    """The fields of an attrs object as ``dotted.name: value``, nested attrs objects expanded
    (the cycle, its lifecycle settings, the date policy), in field order; what is derived
    rather than written (fields outside ``__init__``, such as a memo) is no rule."""
    out: dict[str, Any] = {}
    for field in attrs.fields(type(obj)):
        if field.name in skip or not field.init:
            continue
        value = getattr(obj, field.name)
        name = prefix + field.name
        if attrs.has(type(value)) and not isinstance(value, Text):
            out.update(_flatten(value, (), name + "."))
        else:
            out[name] = value
    return out


def _version_summary(version: RuleVersion) -> dict[str, Any]:
    return {"valid_from": version.valid_from, "valid_until": version.valid_until,
            "title": version.title, "cycle_years": version.cycle.years,
            "cycle_months": version.cycle.months}


def _version_changes(old: RuleVersion, new: RuleVersion, a: RuleSet,
                     b: RuleSet) -> list[RuleChange]:
    out: list[RuleChange] = []

    def add(kind: ChangeKind, **kw: Any) -> None:
        out.append(RuleChange(kind, new.id, new.title, **kw))

    skip = {"id", "registration", "development", "reregistration", "location", "note"}
    old_fields, new_fields = _flatten(old, skip), _flatten(new, skip)
    for name in dict.fromkeys([*new_fields, *old_fields]):
        before, after = old_fields.get(name), new_fields.get(name)
        if before != after:
            add("version_changed", parameter=name, old=before, new=after)
    old_nodes, new_nodes = _nodes(old), _nodes(new)
    clip = None if (old.judge_running_cycles or new.judge_running_cycles) else min(
        old.valid_from, new.valid_from)
    for rule_id, (node, group, path) in new_nodes.items():
        if rule_id not in old_nodes:
            add("requirement_added", rule=rule_id, rule_title=node.title, group=group,
                path=path, new=_node_summary(node, b.unit))
            continue
        before, old_group, old_path = old_nodes[rule_id]
        where: dict[str, Any] = {"rule": rule_id, "rule_title": node.title, "group": group,
                                 "path": path}
        if (old_group, old_path[:-1]) != (group, path[:-1]):
            add("requirement_moved", old={"group": old_group, "path": list(old_path)},
                new={"group": group, "path": list(path)}, **where)
        if before.key != node.key:
            add("requirement_kind_changed", old=before.key, new=node.key, **where)
            continue
        if before.title != node.title:
            add("title_changed", old=before.title, new=node.title, **where)
        if before.source != node.source:
            add("source_changed", old=before.source, new=node.source, **where)
        old_params, new_params = before.parameters(), node.parameters()
        for name in dict.fromkeys([*new_params, *old_params]):
            unit = parameter_unit(node, name, b.unit)
            for start, end, was, now in _segments(old_params.get(name), new_params.get(name),
                                                  clip):
                add("parameter_changed", parameter=name, start=start, end=end, old=was,
                    new=now, unit=unit, primitive=node.key, **where)
        old_settings, new_settings = _settings(before), _settings(node)
        for name in dict.fromkeys([*new_settings, *old_settings]):
            was, now = old_settings.get(name), new_settings.get(name)
            if was != now:
                add("setting_changed", parameter=name, old=was, new=now, primitive=node.key,
                    **where)
    for rule_id, (node, group, path) in old_nodes.items():
        if rule_id not in new_nodes:
            add("requirement_removed", rule=rule_id, rule_title=node.title, group=group,
                path=path, old=_node_summary(node, a.unit))
    return out


# -- requirements ---------------------------------------------------------------------------

def _nodes(version: RuleVersion) -> dict[str, tuple[Requirement, str, tuple[str, ...]]]:
    """Every requirement of a version by id, with its group and path, in tree order."""
    out: dict[str, tuple[Requirement, str, tuple[str, ...]]] = {}

    def walk(node: Requirement, group: str, path: tuple[str, ...]) -> None:
        here = (*path, node.id)
        out.setdefault(node.id, (node, group, here))
        for child in node.children():
            walk(child, group, here)

    for route in version.registration:
        walk(route.requires, f"registration:{route.level}", ())
    if version.development is not None:
        walk(version.development, "development", ())
    if version.reregistration is not None:
        walk(version.reregistration, "reregistration", ())
    return out


def _settings(node: Requirement) -> dict[str, Any]:
    """Every setting of a node as plain data: the fields its primitive declares without a
    unit (param_info: a unit marks a numeric parameter), the filter key by key."""
    out: dict[str, Any] = {}
    for field in attrs.fields(type(node)):
        value = getattr(node, field.name)
        if isinstance(value, ActivityFilter):
            for key in attrs.fields(ActivityFilter):
                out[f"filter.{key.name}"] = plain(getattr(value, key.name))
            continue
        meta = info(type(node), field.name)
        if meta is not None and meta.unit is None:
            out[field.name] = plain(value)
    return out


def _node_summary(node: Requirement, unit: str) -> dict[str, Any]:
    params = {name: plain(value) for name, value in node.parameters().items()}
    return {"kind": node.key, "parameters": params,
            "units": {name: parameter_unit(node, name, unit) for name in params}}


def _segments(old: Dated | None, new: Dated | None, clip: date | None
              ) -> list[tuple[date | None, date | None, Any, Any]]:
    """Spans of days on which the two parameter histories differ: (start, end, old, new)."""
    points = sorted({d for d, _ in (old.values if old else ())}
                    | {d for d, _ in (new.values if new else ())})
    if clip is not None:
        points = sorted({max(p, clip) for p in points} | ({clip} if points else set()))
    spans: list[tuple[date, date | None, Any, Any]] = []
    for index, start in enumerate(points):
        end = points[index + 1] - timedelta(days=1) if index + 1 < len(points) else None
        pair = (_value_at(old, start), _value_at(new, start))
        if spans and (spans[-1][2], spans[-1][3]) == pair:
            spans[-1] = (spans[-1][0], end, *pair)
        else:
            spans.append((start, end, *pair))
    return [(None if start == _EPOCH else start, end, was, now)
            for start, end, was, now in spans if was != now]


def _value_at(param: Dated | None, day: date) -> Any:
    if param is None:
        return None
    value = None
    for when, item in param.values:
        if when <= day:
            value = item
    return value


def plain(value: Any) -> Any:
    """Values as JSON-ready data: dates as text, titles as {nl, en}, tuples as lists."""
    # Dated values, titles, filters, period lengths: each says how it is written in a file.
    if isinstance(value, Dated | Text | ActivityFilter | Every | MonthsProRata):
        return plain(value.to_json())
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | frozenset | set):
        return [plain(v) for v in value]
    return value
