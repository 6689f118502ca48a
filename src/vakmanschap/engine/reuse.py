"""Judging a cycle again, reusing what an earlier judgement of it found where the change
cannot reach.

A completion plan judges one professional's cycle again and again: on the cycle's last day
instead of the assessment date (its projection), then with planned facts added (its rounds and
the verifying judgement). Most of the tree is the same each time. :class:`Change` says what
differs from the earlier judgement (a later date with the same facts, records added after the
professional's own, or both: :func:`change_between`); :class:`Earlier` holds the earlier
result's nodes that the change cannot alter. Nodes that evaluate children (combinators,
``per_period``, ``carry_over``) ask :meth:`Earlier.judge` for a child's result before
evaluating it (the context's ``earlier``, None on a first judgement): it gives the earlier
result when one is kept, else evaluates the child (whose own children are asked in turn). So
only the changed nodes and their ancestors are judged again.

Which of its nodes a change cannot alter each primitive says itself (nothing here knows a
kind): :meth:`Requirement.kept <vakmanschap.engine.primitives.base.Requirement.kept>`, by
default :meth:`~vakmanschap.engine.primitives.base.Requirement.same_judged_later` for a later
date and ``blind_to_records`` for added records, False unless the primitive says otherwise,
so a primitive that declares nothing is always judged again. A node is kept only when every
node of its subtree is.

What a kept node carries is the earlier judgement's: its ``prepared`` activities are the
earlier ones (the added activities come after them, so the indices of its outcomes stay
valid), and it does not list the added activities its filter turned away as excluded (a node
judged again lists them). Everything else (met, amounts, shortfall, counted and capped
activities, detail, window, deadline) is what judging again gives (tests/test_reuse.py).
"""

from __future__ import annotations

from datetime import date
from operator import attrgetter, is_
from typing import TYPE_CHECKING, NamedTuple

import attrs

from vakmanschap.model.records import Professional

if TYPE_CHECKING:
    from vakmanschap.engine.assessment import Assessment, RequirementResult
    from vakmanschap.engine.context import EvalContext, PreparedActivity
    from vakmanschap.engine.cycles import Cycle
    from vakmanschap.engine.primitives.base import Requirement
    from vakmanschap.model.periods import Window
    from vakmanschap.model.records import Attestation, Employment, Qualification

__all__ = ["Change", "Earlier", "change_between"]

_RECORDS = ("activities", "employments", "qualifications", "attestations")
#: A professional's records, and every other field.
_records = attrgetter(*_RECORDS)
_others = attrgetter(*(f.name for f in attrs.fields(Professional) if f.name not in _RECORDS))


class Change(NamedTuple):
    """What differs between an earlier judgement of a cycle and the one asked: the date
    (``earlier_on`` to ``on``, the parameter date the same, no activity of the earlier
    professional dated in between) and the records added after the earlier professional's
    own (``activities`` as prepared). ``professional`` is the one judged now, ``unit`` the
    rule file's unit; ``later``: the date is a later one; ``adds``: some record is added.
    Build it with :meth:`of` (a named tuple: one is built on every judgement again)."""

    professional: Professional
    earlier_on: date
    on: date
    activities: tuple[PreparedActivity, ...]
    employments: tuple[Employment, ...]
    qualifications: tuple[Qualification, ...]
    attestations: tuple[Attestation, ...]
    unit: str
    later: bool
    adds: bool

    @staticmethod
    def of(professional: Professional, earlier_on: date, on: date,
           activities: tuple[PreparedActivity, ...] = (), employments: tuple[Employment, ...]
           = (), qualifications: tuple[Qualification, ...] = (),
           attestations: tuple[Attestation, ...] = (), unit: str = "hours") -> Change:
        """The change, ``later`` and ``adds`` derived."""
        return Change(professional, earlier_on, on, activities, employments, qualifications,
                      attestations, unit, on != earlier_on,
                      bool(activities or employments or qualifications or attestations))

    def alike_later(self, node: Requirement) -> bool:
        """Whether ``node`` judges alike on the later date (:meth:`Requirement.same_judged_later
        <vakmanschap.engine.primitives.base.Requirement.same_judged_later>`); True when the
        date is the same."""
        return not self.later or node.same_judged_later(self.professional, self.earlier_on,
                                                        self.on)

    def activities_in(self, window: Window) -> list[PreparedActivity]:
        """The added activities a node judging ``window`` scans: inside it, not after ``on``."""
        if not self.activities:
            return []
        start, last = window.start, min(window.last_day, self.on)
        return [a for a in self.activities if start <= a.day <= last]


def change_between(earlier: Assessment, professional: Professional, cycle: Cycle, on: date,
                   params_on: date, prepared: tuple[PreparedActivity, ...]) -> Change | None:
    """What changes from ``earlier`` to judging ``professional`` (activities ``prepared``)
    for ``cycle`` on ``on`` with parameters of ``params_on``; None when it is not a change
    that :class:`Earlier` can judge: another cycle or parameter date, an earlier date, an
    activity of the earlier professional dated between the two dates, a field other than
    the records changed, or records not added after the earlier ones."""
    origin = earlier.origin
    if origin is None or origin.params_on != params_on or on < earlier.on or not _same_cycle(
            origin.cycle, cycle):
        return None
    before = origin.professional
    added: list[tuple[object, ...]] = [(), (), (), ()]
    if before is not professional:
        if not all(map(is_, _others(before), _others(professional))):
            return None
        for position, (old, new) in enumerate(zip(_records(before), _records(professional),
                                                  strict=True)):
            if len(new) < len(old) or not all(map(is_, old, new)):
                return None
            added[position] = new[len(old):]
    known = earlier.result.prepared
    if len(known) != len(before.activities) or len(prepared) != len(
            professional.activities) or prepared[:len(known)] != known:
        return None
    if on != earlier.on:
        first = earlier.on
        for act in before.activities:
            if first < act.on <= on:
                return None
    return Change.of(professional, earlier.on, on, prepared[len(known):],
                     added[1], added[2], added[3], origin.rules.unit)  # type: ignore[arg-type]


def _same_cycle(judged: Cycle | None, cycle: Cycle) -> bool:
    """Whether ``judged`` is ``cycle`` (or one alike: window, rule version, due date, level
    and the decision that opened it)."""
    return judged is cycle or (
        judged is not None and judged.window == cycle.window
        and judged.judged_by is cycle.judged_by and judged.due == cycle.due
        and judged.level == cycle.level and judged.decided_on == cycle.decided_on)


class Earlier:
    """The nodes of an earlier judgement that ``change`` cannot alter, by requirement and
    window (a requirement met at two places of the tree in one window is judged again: the
    node's deadline and window are those of its place)."""

    __slots__ = ("_kept", "any_kept")

    def __init__(self, root: RequirementResult, change: Change) -> None:
        self._kept: dict[tuple[int, date, date], RequirementResult | None] = {}
        #: Whether any node is kept (else judging again with it only costs more).
        self.any_kept = False
        self._visit(root, change)

    def _visit(self, node: RequirementResult, change: Change) -> bool:
        """Index ``node``'s subtree; whether the whole subtree is kept."""
        kept = True
        for child in node.children:
            kept = self._visit(child, change) and kept  # every child indexed
        rule, window = node.rule, node.window
        if rule is None or window is None:
            return False
        kept = kept and rule.kept(node, change)
        key = (id(rule), window.start, window.end)
        if kept and key not in self._kept:
            self._kept[key] = node
            self.any_kept = True
        else:
            self._kept[key] = None
        return kept

    def judge(self, node: Requirement, ctx: EvalContext) -> RequirementResult:
        """``node``'s result in ``ctx``: the earlier one when it is kept, else judged."""
        window = ctx.window
        found = self._kept.get((id(node), window.start, window.end))
        if found is not None and found.rule is node and found.window == window:
            return found
        return node.evaluate(ctx)

    def __len__(self) -> int:
        """How many nodes are kept."""
        return sum(1 for node in self._kept.values() if node is not None)
