"""Where the hours go: per group, the hours one requirement counts, caps (per cap) and
excludes (per reason), for a simulation (:func:`hours_table`) or side by side for a base and
a variant (:func:`compare_hours`).

The breakdown is for one requirement node, because nodes treat the same activity
differently (``totaal`` counts an informal hour that ``formeel`` excludes): by default the
first node in tree order whose shortfall is an amount of activities (the first ``total``,
e.g. the cycle total ``totaal``), or the node named (``node="formeel"``; inside a period
``id[k]``). Per person, the node's outcomes are those ``RuleSet.assess`` lists in
``RequirementResult.activities`` (:mod:`vakmanschap.engine.columnar.fates` computes them
columnar); so per group ``input = counted + capped + excluded + not_judged``, where
``not_judged`` are the activities of people the node does not judge (not registered, or
under a rule version or group without it).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from vakmanschap.engine.columnar.fates import NOT_JUDGED, HourSums, node_hours
from vakmanschap.engine.columnar.units import converted_activities
from vakmanschap.engine.outcomes import CAP_PREFIX, REASONS
from vakmanschap.errors import RuleError
from vakmanschap.population.grouping import group_labels
from vakmanschap.population.tables import Table

if TYPE_CHECKING:
    from vakmanschap.population.compare import Comparison
    from vakmanschap.population.result import PopulationResult

__all__ = ["TOTALS", "compare_hours", "hour_sums", "hours_node", "hours_table"]

#: The columns of every breakdown, after the group and ``people``; then ``capped.<cap>`` and
#: ``excluded.<reason>`` for every cap and reason that occurs.
TOTALS = ("judged", "input", "counted", "capped", "excluded", "not_judged")


def hours_node(result: PopulationResult, node: str | None = None) -> str:
    """The key of the requirement the breakdown is for: ``node`` when it looks at
    activities, else the first node whose shortfall is an amount of activities (the first
    ``total``), else the first that looks at activities; a RuleError says which may be
    chosen when none fits."""
    unit = result.rules.unit
    candidates = [occ for root in result.roots for occ in root.walk()
                  if occ.node is not None and occ.node.activity_unit(unit) is not None]
    keys = list(dict.fromkeys(occ.key for occ in candidates))
    if node is not None:
        if node not in keys:
            raise RuleError(f"--hours-for {node!r}: not a requirement of this result that "
                            f"looks at activities; choose one of: {', '.join(keys) or '(none)'}")
        return node
    for occ in candidates:
        if occ.rule().shortfall_is_activity_amount:
            return occ.key
    if not keys:
        raise RuleError("no requirement of these rules looks at activities: there are no "
                        "hours to break down")
    return keys[0]


def hour_sums(result: PopulationResult, node: str | None = None) -> HourSums:
    """Per person and reason what requirement ``node`` (:func:`hours_node`) did with the
    activities (hundredths; kept with the result)."""
    key = hours_node(result, node)
    cache = result._cache  # a memo of a pure function of the result
    if f"hours:{key}" not in cache:
        roots = [(root, np.asarray(result.assignment.plan == index))
                 for index, root in enumerate(result.roots)]
        # amounts as the rules count them (unit conversion per category)
        acts = converted_activities(result.population.activities, result.rules)
        cache[f"hours:{key}"] = node_hours(roots, key, result.size, (
            acts.amount, result.population.offsets("activities")))
    found: HourSums = cache[f"hours:{key}"]
    return found


def _order(reason: str) -> tuple[int, str]:
    known = list(REASONS)
    return (known.index(reason) if reason in known else len(known), reason)


def _reason_columns(sums: HourSums) -> tuple[list[str], list[str]]:
    """The caps and the exclusion reasons that occur, in the order of REASONS."""
    caps, excluded = [], []
    for k, reason in enumerate(sums.reasons):
        if reason in ("counted", NOT_JUDGED):
            continue
        if reason.startswith(CAP_PREFIX):
            if (sums.amount[:, k] - sums.counted[:, k]).any():
                caps.append(reason)
        elif sums.amount[:, k].any():
            excluded.append(reason)
    return sorted(caps, key=_order), sorted(excluded, key=_order)


def _rows(result: PopulationResult, sums: HourSums, keys: list[str]
          ) -> tuple[list[dict[str, Any]], list[str]]:
    caps, excluded = _reason_columns(sums)
    index = {reason: k for k, reason in enumerate(sums.reasons)}
    capped = np.zeros(result.size, dtype=np.int64)
    out_of = np.zeros(result.size, dtype=np.int64)
    parts: dict[str, Any] = {}
    for reason, k in index.items():
        if reason == NOT_JUDGED:
            continue
        if reason.startswith(CAP_PREFIX):
            part = sums.amount[:, k] - sums.counted[:, k]
            capped += part
            parts[f"capped.{reason}"] = part
        elif reason != "counted":
            out_of += sums.amount[:, k]
            parts[f"excluded.{reason}"] = sums.amount[:, k]
    counted = sums.counted.sum(axis=1)
    not_judged = sums.amount[:, index[NOT_JUDGED]]
    columns = [*TOTALS, *(f"capped.{c}" for c in caps), *(f"excluded.{r}" for r in excluded)]
    rows = []
    for label, members in group_labels(result.population, keys):
        row: dict[str, Any] = {**label, "people": int(members.sum()),
                               "judged": int((sums.judged & members).sum())}
        values = {"counted": counted, "capped": capped, "excluded": out_of,
                  "not_judged": not_judged, **parts}
        for name in columns[1:]:
            if name != "input":
                row[name] = int(values[name][members].sum()) / 100
        row["input"] = int(sums.amount[members].sum()) / 100
        rows.append(row)
    return rows, columns


def _keys(by: str | Sequence[str] | None) -> list[str]:
    return [by] if isinstance(by, str) else list(by or [])


def hours_table(result: PopulationResult, node: str | None = None,
                by: str | Sequence[str] | None = None) -> Table:
    """Per group of ``by``: people, people judged by ``node`` (:func:`hours_node`), the
    activities' amounts (``input``), what counted, was capped (in total and per cap:
    ``capped.cap_per_day``, ...) and excluded (in total and per reason:
    ``excluded.outside_window``, ...), and ``not_judged``, in the node's unit."""
    key = hours_node(result, node)
    sums = hour_sums(result, key)
    keys = _keys(by)
    rows, columns = _rows(result, sums, keys)
    unit = sums.unit or result.rules.unit
    return Table.of(f"where the {unit} go: {key} ({result.rules.register} on "
                    f"{result.on.isoformat()})" + (f", by {', '.join(keys)}" if keys else ""),
                    rows, [*keys, "people", *columns])


def compare_hours(comparison: Comparison, node: str | None = None,
                  by: str | Sequence[str] | None = None) -> Table:
    """:func:`hours_table` of the base and of the variant side by side: per group, each
    column as ``NAME_base`` and ``NAME_variant`` (the node is chosen in the base)."""
    key = hours_node(comparison.base, node)
    keys = _keys(by)
    base_rows, base_cols = _rows(comparison.base, hour_sums(comparison.base, key), keys)
    try:
        variant_key = hours_node(comparison.variant, key)
    except RuleError:
        raise RuleError(f"--hours-for {key!r}: the variant has no such requirement that looks "
                        "at activities; name one both have") from None
    var_rows, var_cols = _rows(comparison.variant, hour_sums(comparison.variant,
                                                             variant_key), keys)
    names = list(dict.fromkeys([*base_cols, *var_cols]))
    rows = []
    for base, variant in zip(base_rows, var_rows, strict=True):
        row: dict[str, Any] = {k: base[k] for k in keys}
        row["people"] = base["people"]
        for name in names:
            row[f"{name}_base"] = base.get(name, 0 if name == "judged" else 0.0)
            row[f"{name}_variant"] = variant.get(name, 0 if name == "judged" else 0.0)
        rows.append(row)
    unit = comparison.base.rules.unit
    return Table.of(f"where the {unit} go: {key}, base and variant ("
                    f"{comparison.base.rules.register} on {comparison.base.on.isoformat()})"
                    + (f", by {', '.join(keys)}" if keys else ""), rows,
                    [*keys, "people", *(f"{n}_{side}" for n in names
                                        for side in ("base", "variant"))])
