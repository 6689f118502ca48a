"""Recomputing a population's outcome for new values of one or two parameters.

A parameter changes only the nodes that carry it (its *targets*: per rule version, per
period); every other node's outcome is reused. A target whose primitive has a closed form for
the parameter (``Requirement.sweep_closed_form``) recomputes its outcome from statistics it
kept in its columns; any other target is evaluated again (columnar, or person by person).
Then only the ancestors of the targets are recomputed, from their children's outcomes, and
only for the people whose outcome can change at all: because every combinator is monotone,
a person whose outcome is the same with all targets met and with all of them unmet is
settled once.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs
import numpy as np

from vakmanschap.engine.columnar.arrays import column
from vakmanschap.engine.columnar.columns import NodeColumns
from vakmanschap.engine.primitives.base import Requirement
from vakmanschap.engine.primitives.param_info import NONE, info
from vakmanschap.engine.ruleset import RuleSet
from vakmanschap.errors import RuleError
from vakmanschap.population.result import PopulationResult
from vakmanschap.rules.change_keys import ChangeKey

__all__ = ["Sweeper"]


@attrs.define(eq=False)
class Target:
    """One evaluated occurrence of a node that carries a swept parameter, prepared for the
    people the sweep follows."""

    columns: NodeColumns
    version: str
    names: dict[str, str]  # parameter name -> key text
    closed_form: bool = True
    mask: Any = None  # the occurrence's people, among those followed
    stats: dict[str, Any] = attrs.field(factory=dict)

    def values_by_name(self, values: dict[str, Any], per_person: bool) -> dict[str, Any]:
        """The swept values of this target's parameters, by parameter name, shaped to
        broadcast against people (rows): a row of V values, or one value per person."""
        return {name: np.asarray(values[text])[:, None] if per_person
                else np.asarray(values[text])[None, :] for name, text in self.names.items()}


def occurrences(result: PopulationResult, key: ChangeKey
                ) -> list[tuple[NodeColumns, str, bool]]:
    """The occurrences to evaluate again for the rule (with their version, and whether it is
    an ancestor standing in for the rule): a rule inside a subtree evaluated person by person
    is reached through that subtree's root; a rule below a node whose outcome is more than a
    count of its met children (``carry_over``: its requirement's amounts, now and in the
    period before) through the outermost such node, since that node's outcome cannot be
    recomputed from the rule's outcome alone."""
    found: list[tuple[NodeColumns, str, bool]] = []

    def visit(occ: NodeColumns, version: str, holder: NodeColumns | None) -> None:
        if occ.node is not None and (occ.id == key.rule
                                     or any(x.id == key.rule for x in occ.extra)):
            found.append((holder or occ, version, holder is not None))
            return
        if holder is None and occ.node is not None and occ.children \
                and not occ.node.outcome_counts_children:
            holder = occ
        for child in occ.children:
            visit(child, version, holder)

    for plan, root in zip(result.assignment.plans, result.roots, strict=True):
        if key.version is None or plan.version.id == key.version:
            visit(root, plan.version.id, None)
    return found


class Sweeper:
    """Recomputes the outcome of the result's roots for new parameter values."""

    def __init__(self, result: PopulationResult, keys: Sequence[ChangeKey]) -> None:
        self.result = result
        self.keys = keys
        targets: dict[int, Target] = {}
        standing_in: set[int] = set()  # ancestors evaluated again for a rule below them
        for key in keys:  # (a rule evaluated for no one leaves everyone's outcome as it is)
            for occ, version, holder in occurrences(result, key):
                target = targets.setdefault(id(occ), Target(occ, version, {}))
                target.names[key.name] = str(key)
                if holder:
                    standing_in.add(id(occ))
        swept_rules = {k.rule for k in keys}
        for target in targets.values():
            occ = target.columns
            target.closed_form = occ.id in swept_rules and not occ.per_person and \
                id(occ) not in standing_in and all(
                    occ.rule().sweep_closed_form(name) for name in target.names)
        self.targets = list(targets.values())
        n = result.size
        members = [result.assignment.plan == k for k in range(len(result.roots))]
        # people whose outcome does not depend on the swept nodes are settled once
        self.on_path = self._on_path()
        high = np.zeros(n, dtype=bool)
        low = np.zeros(n, dtype=bool)
        for root, mask in zip(result.roots, members, strict=True):
            high |= self._propagate(root, {id(t.columns): np.ones(n, bool)
                                           for t in self.targets}) & mask
            low |= self._propagate(root, {id(t.columns): np.zeros(n, bool)
                                          for t in self.targets}) & mask
        self.subset = np.flatnonzero(high & ~low)
        self.settled_met = low  # met whatever the values (monotone tree)
        self._restrict()

    # -- the tree above the targets ---------------------------------------------------------

    def _on_path(self) -> set[int]:
        wanted = {id(t.columns) for t in self.targets}
        out: set[int] = set()

        def visit(occ: NodeColumns) -> bool:
            hit = id(occ) in wanted
            for child in occ.children:
                hit = visit(child) or hit
            if hit:
                out.add(id(occ))
            return hit

        for root in self.result.roots:
            visit(root)
        return out

    def _propagate(self, occ: NodeColumns, overrides: dict[int, Any]) -> Any:
        """Root outcome with the target occurrences' outcomes replaced (full length)."""
        if id(occ) in overrides:
            return overrides[id(occ)]
        if id(occ) not in self.on_path:
            return occ.met
        count = np.zeros(len(occ.met), dtype=np.int64)
        for child in occ.children:  # a child counts for the people it judges (periods)
            count += self._propagate(child, overrides) & child.ctx.mask
        return count >= needed(occ)

    # -- the people followed ---------------------------------------------------------------------

    def _restrict(self) -> None:
        """Precompute, for the people in the subset, what each node on the path needs."""
        s = self.subset
        self.fixed: dict[int, Any] = {}
        self.needed: dict[int, Any] = {}
        self.path_children: dict[int, list[NodeColumns]] = {}
        for root in self.result.roots:
            for occ in root.walk():  # (a swept node may sit above another: both are here)
                if id(occ) not in self.on_path:
                    continue
                fixed = np.zeros(len(s), dtype=np.int64)
                moving = []
                for child in occ.children:
                    if id(child) in self.on_path:
                        moving.append(child)
                    else:
                        fixed += (child.met & child.ctx.mask)[s]
                self.fixed[id(occ)] = fixed
                self.needed[id(occ)] = needed(occ)[s]
                self.path_children[id(occ)] = moving
        for target in self.targets:
            occ = target.columns
            target.mask = occ.ctx.mask[s]
            if target.closed_form:
                target.stats = occ.rule().sweep_stats(occ, tuple(target.names), s)

    # -- one point -------------------------------------------------------------------------------

    def target_met(self, target: Target, values: dict[str, Any], rules: RuleSet,
                   per_person: bool = False) -> Any:
        """The target's outcome for the subset (rows) under each of V parameter values
        (columns): ``values`` maps key texts to arrays of V values; the result broadcasts to
        (people, V). With ``per_person`` each value array holds one value per person of the
        subset instead (the result is one column)."""
        if not target.closed_form:
            return self._reevaluate(target, values, rules)
        return target.columns.rule().sweep_met(target.stats,
                                               target.values_by_name(values, per_person))

    def _reevaluate(self, target: Target, values: dict[str, Any], rules: RuleSet) -> Any:
        """Evaluate the target's node again with the changed parameters (its own context),
        once per value; every swept parameter is changed, since the node's subtree may hold
        the other one."""
        occ = target.columns
        texts = list(values)
        count = len(np.asarray(values[texts[0]]))
        out = np.zeros((len(self.subset), count), dtype=bool)
        for j in range(count):
            changes = {text: np.asarray(values[text])[j].item() for text in texts}
            changed = _find_node(rules.with_changes(changes), target.version, occ.id)
            out[:, j] = occ.ctx.evaluate(changed).met[self.subset]
        return out

    def root_met(self, values: dict[str, Any], rules: RuleSet, per_person: bool = False
                 ) -> Any:
        """Per person of the subset (rows) and value (columns): met under the values (with
        ``per_person``: one value per person, one column)."""
        count = 1 if per_person else len(np.asarray(next(iter(values.values()))))
        targets = {id(t.columns): t for t in self.targets}
        memo: dict[int, Any] = {}

        def up(occ: NodeColumns) -> Any:
            key = id(occ)
            if key in memo:
                return memo[key]
            target = targets.get(key)
            moving = self.path_children.get(key, [])
            if target is not None and (not moving or not target.closed_form):
                # its own outcome under the values (a re-evaluated node covers its subtree)
                memo[key] = column(target.mask) & self.target_met(target, values, rules,
                                                                  per_person)
                return memo[key]
            total: Any = column(self.fixed[key]).astype(np.int16)  # counts of met children
            for child in moving:
                total = total + (up(child) & column(child.ctx.mask[self.subset]))
            if target is None:
                memo[key] = total >= column(self.needed[key])
            else:  # a swept node that counts children, above other swept nodes
                wanted = occ.rule().sweep_needed(target.stats,
                                                 target.values_by_name(values, per_person))
                memo[key] = column(target.mask) & (total >= wanted)
            return memo[key]

        plan = self.result.assignment.plan[self.subset]
        shape = (len(self.subset), count)
        roots = [(index, root) for index, root in enumerate(self.result.roots)
                 if id(root) in self.on_path]
        if len(roots) == 1 and (plan == roots[0][0]).all():  # everyone under one plan
            return np.broadcast_to(up(roots[0][1]), shape)
        out = np.zeros(shape, dtype=bool)
        for index, root in roots:
            here = plan == index
            out[here] = np.broadcast_to(up(root), shape)[here]
        return out

    # -- monotone parameters ---------------------------------------------------------------------

    def direction(self, parameter: str) -> int:
        """How the outcome moves as ``parameter`` grows, when every target carrying it has a
        closed form and declares the same direction (``param_info``: -1 harder, +1 easier;
        every combinator is monotone in its children); else 0."""
        found = set()
        for target in self.targets:
            if not target.closed_form:
                return 0
            node = target.columns.rule()
            for name, text in target.names.items():
                if text == parameter:
                    meaning = info(type(node), name)
                    found.add(meaning.sweep if meaning is not None else NONE)
        return found.pop() if len(found) == 1 and NONE not in found else 0


def needed(occ: NodeColumns) -> Any:
    """What a node counting its children needs per person: its required count (the
    registration root, which has none: one route)."""
    required = np.broadcast_to(np.asarray(occ.required, dtype=np.float64), occ.met.shape)
    if np.isnan(required).all():
        return np.ones(len(occ.met), dtype=np.int64)
    return np.nan_to_num(required, nan=0.0).astype(np.int64)


def _find_node(rules: RuleSet, version_id: str, rule_id: str) -> Requirement:
    for version in rules.versions:
        if version.id != version_id:
            continue
        for root in version.requirements():
            for node in root.walk():
                if node.id == rule_id:
                    return node
    raise RuleError(f"no rule {rule_id!r}")  # pragma: no cover - found before
