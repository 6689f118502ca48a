"""Reusing a population evaluation for a variant: node columns keyed by content.

A variant of a rule set (a threshold changed by ``with_changes``) differs from its base in a
few nodes. :class:`ColumnarMemo` keeps every node's columns of one evaluation (the *baseline*)
and gives them back to a later evaluation of the same population, on the same date, in the
same windows, when the node is the same by content: its canonical digest (every parameter, its
children, its filter; :mod:`vakmanschap.engine.receipt`) and its location. A changed node, and
so each of its ancestors (whose digest holds it), is evaluated again; its unchanged children
are not. A changed node whose primitive can judge it from the baseline's aggregates at the
same place (:meth:`Requirement.columnar_from`: ``total`` with only its minimum changed) is
judged from those, without the activities. Nothing is reused across populations (compared
by identity: a store is immutable), dates, or rule sets whose vocabulary, unit or date policy
differ (a digest of the rule set without its versions), and a context is reused only when its
people, windows, parameter dates and levels are equal array by array.

Per-activity views that depend only on the activities and the rule set's vocabulary (the
category each activity counts as after reclassification: :meth:`PopulationFrame.shared`) are
kept from the baseline too, and given to a frame of the same population and vocabulary
digest, whatever its windows: one per-activity array lives as long as the memo. So are the
activities inside the windows of the baseline's outermost contexts (one byte per activity and
version judged: :meth:`ColumnarMemo.active`), and the window assignment of its population
(:meth:`ColumnarMemo.kept`): a threshold variant evaluates its changed nodes without finding
either again.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, Any, TypeVar

import attrs
import numpy as np

from vakmanschap.engine.receipt import canonical, digest

if TYPE_CHECKING:
    from vakmanschap.engine.columnar.columns import NodeColumns
    from vakmanschap.engine.columnar.context import ColumnarContext
    from vakmanschap.engine.columnar.frame import PopulationFrame
    from vakmanschap.engine.primitives.base import Requirement
    from vakmanschap.engine.ruleset import RuleSet

__all__ = ["ColumnarMemo"]
T = TypeVar("T")

_JUDGED = ("start", "end", "incl", "params_on", "decided", "level")
_CONTEXT = ("mask", "start", "end", "incl", "params_on", "level")


def frame_rules_digest(rules: RuleSet) -> str:
    """The digest of what a frame reads from its rule set besides the requirement trees
    (vocabulary, unit, date policy): equal for a base and its parameter variants."""
    return digest({f.name: canonical(getattr(rules, f.name)) for f in attrs.fields(type(rules))
                   if f.name not in ("versions", "extensions", "origin") and f.init})


def _same(a: Any, b: Any) -> bool:
    if a is b:
        return True
    if np.ndim(a) == 0 or np.ndim(b) == 0:
        return bool(np.ndim(a) == np.ndim(b) and a == b)
    return bool(np.shape(a) == np.shape(b) and np.array_equal(a, b))


class ColumnarMemo:
    """Node columns of the first evaluation (frame) it is given, for later ones to reuse.

    The first frame that evaluates through the memo records; a later frame reuses what
    matches (see the module text) and evaluates the rest. ``hits`` and ``misses`` count the
    lookups of later frames.
    """

    def __init__(self) -> None:
        self._baseline: PopulationFrame | None = None
        self._rules_digest = ""
        self._entries: dict[tuple[str, str], list[tuple[ColumnarContext, NodeColumns,
                                                        frozenset[str]]]] = {}
        self._digests: dict[int, tuple[Requirement, tuple[str, str]]] = {}
        self._last: tuple[PopulationFrame, bool] | None = None  # the last frame matched
        self._views: dict[Hashable, Any] = {}  # the baseline's shared per-activity views
        self._last_vocabulary: tuple[PopulationFrame, bool] | None = None
        self._kept: dict[Hashable, tuple[object, Any]] = {}  # the baseline's other values
        self._windows: list[tuple[ColumnarContext, Any]] = []  # the baseline's root windows
        # the baseline's columns by place (location, period suffix), for changed nodes
        self._placed: dict[tuple[str, str], list[tuple[ColumnarContext, NodeColumns]]] = {}
        self.hits = 0
        self.misses = 0
        self.rethresholded = 0  # changed nodes judged from the baseline's aggregates

    def _key(self, node: Requirement) -> tuple[str, str]:
        found = self._digests.get(id(node))
        if found is None or found[0] is not node:
            found = (node, (digest(node), node.location))
            self._digests[id(node)] = found
        return found[1]

    def _matches(self, frame: PopulationFrame) -> bool:
        """Whether ``frame`` evaluates what the baseline did, but for its trees."""
        known = self._last
        if known is not None and known[0] is frame:
            return known[1]
        base = self._baseline
        assert base is not None
        ok = (frame.people is base.people and frame.on == base.on
              and frame_rules_digest(frame.rules) == self._rules_digest
              and all(_same(getattr(frame.judged, name), getattr(base.judged, name))
                      for name in _JUDGED))
        self._last = (frame, ok)
        return ok

    def _same_vocabulary(self, frame: PopulationFrame) -> bool:
        """Whether ``frame`` evaluates the baseline's population under the same vocabulary."""
        known = self._last_vocabulary
        if known is not None and known[0] is frame:
            return known[1]
        base = self._baseline
        ok = (base is not None and frame.people is base.people
              and frame_rules_digest(frame.rules) == self._rules_digest)
        self._last_vocabulary = (frame, ok)
        return ok

    def view(self, frame: PopulationFrame, key: Hashable, build: Callable[[], T]) -> T:
        """A view of :meth:`PopulationFrame.shared`: recorded for the baseline, the
        baseline's for a frame of the same population and vocabulary, else built."""
        if self._baseline is None:
            self._baseline = frame
            self._rules_digest = frame_rules_digest(frame.rules)
        if frame is self._baseline:
            value = build()
            self._views[key] = value
            return value
        if key in self._views and self._same_vocabulary(frame):
            found: T = self._views[key]
            return found
        return build()

    def kept(self, key: Hashable, owner: object, build: Callable[[], T]) -> T:
        """A value that the first evaluation through the memo found before its frame (the
        window assignment of its population: :func:`vakmanschap.population.result.simulate`),
        given to a later evaluation of the same ``owner`` (by identity: a population is
        immutable) under an equal ``key`` (by content: what the value depends on); else
        built, and kept when it is the first."""
        found = self._kept.get(key)
        if found is not None and found[0] is owner:
            found_value: T = found[1]
            return found_value
        value = build()
        if not self._kept:
            self._kept[key] = (owner, value)
        return value

    def active(self, ctx: ColumnarContext, build: Callable[[], T]) -> T:
        """The activities in the window of ``ctx`` (:meth:`ColumnarContext.active`): kept for
        the baseline's outermost contexts (one per version and group: the windows the
        changed nodes of a variant are evaluated in again), given to a context of a frame
        that evaluates what the baseline did with equal people, windows and dates."""
        frame = ctx.frame
        if self._baseline is None:
            self._baseline = frame
            self._rules_digest = frame_rules_digest(frame.rules)
        if frame is self._baseline:
            value = build()
            if not ctx.suffix:
                self._windows.append((ctx, value))
            return value
        if self._matches(frame):
            for old, found in self._windows:
                if old.suffix == ctx.suffix and all(
                        _same(getattr(old, name), getattr(ctx, name)) for name in _CONTEXT):
                    kept: T = found
                    return kept
        return build()

    def evaluate(self, node: Requirement, ctx: ColumnarContext) -> NodeColumns:
        """``node`` in ``ctx``: the baseline's columns when they are the same by content,
        else its own columnar form (recorded when ``ctx`` belongs to the baseline)."""
        frame = ctx.frame
        if self._baseline is None:
            self._baseline = frame
            self._rules_digest = frame_rules_digest(frame.rules)
        key = self._key(node)
        if frame is not self._baseline:
            if self._matches(frame):
                for old, columns, per_person in self._entries.get(key, ()):
                    if old.suffix == ctx.suffix and all(
                            _same(getattr(old, name), getattr(ctx, name)) for name in _CONTEXT):
                        self.hits += 1
                        frame.per_person.update(per_person)
                        return columns
                found = self._rethresholded(node, ctx)
                if found is not None:
                    return found
            self.misses += 1
            return node.columnar(ctx)
        before = set(frame.per_person)
        columns = node.columnar(ctx)
        per_person = frozenset(frame.per_person - before)
        self._entries.setdefault(key, []).append((ctx, columns, per_person))
        if not per_person:
            self._placed.setdefault((node.location, ctx.suffix), []).append((ctx, columns))
        return columns

    def _rethresholded(self, node: Requirement, ctx: ColumnarContext) -> NodeColumns | None:
        """A changed node judged from the baseline's node at the same place and in an
        equal context (:meth:`Requirement.columnar_from`: a changed threshold), if it can."""
        for old, columns in self._placed.get((node.location, ctx.suffix), ()):
            if all(_same(getattr(old, name), getattr(ctx, name)) for name in _CONTEXT):
                found = node.columnar_from(columns, ctx)
                if found is not None:
                    self.rethresholded += 1
                    return found
        return None
