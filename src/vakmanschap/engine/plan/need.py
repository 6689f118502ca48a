"""A need: one thing a plan must add for one unmet requirement, and what it costs.

Primitives make needs (``Requirement.plan_needs``); the planner (:mod:`.planner`) chooses
among alternatives by cost, turns the needs into planned facts (:mod:`.synthesis`, or the
primitive's ``plan_fact``) and asks the primitive for the step that reports each need
(``Requirement.plan_step``).

A need's ``kind`` is the kind of the plan step that reports it (:class:`~.model.PlanStep`):
the plan's own vocabulary, not a primitive's key. Needs of the kinds in
:data:`ACTIVITY_KINDS` are met by planned activities, which several needs can share; the
planner plans those together.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from operator import attrgetter, itemgetter
from typing import TYPE_CHECKING, Any

import attrs

from vakmanschap.engine.plan.model import PlanStep
from vakmanschap.model.words import Text

if TYPE_CHECKING:
    from vakmanschap.engine.assessment import RequirementResult
    from vakmanschap.rules.versions import Named

__all__ = [
    "ACTIVITIES",
    "ACTIVITY_KINDS",
    "AMOUNT",
    "ATTESTATION",
    "CONDITION",
    "MANUAL",
    "NOTHING",
    "QUALIFICATION",
    "THEME",
    "WORK_HOURS",
    "Cost",
    "Need",
    "Options",
    "cheapest",
    "each",
    "every",
    "kind_titles",
]

# The kinds of plan steps (PlanStep.kind); see PlanStep for what each means.
AMOUNT = "amount"
ACTIVITIES = "activities"
THEME = "theme"
WORK_HOURS = "work_hours"
QUALIFICATION = "qualification"
ATTESTATION = "attestation"
CONDITION = "condition"
MANUAL = "manual"

#: Step kinds met by planned activities (planned together, shared between needs).
ACTIVITY_KINDS = frozenset({AMOUNT, ACTIVITIES, THEME})

#: (not achievable, new diplomas, amount, items): compared in this order, smaller is cheaper.
Cost = tuple[int, int, float, int]
#: The cost of a subtree and the needs it gives.
Options = tuple[Cost, list["Need"]]

NOTHING: Options = ((0, 0, 0.0, 0), [])

_EPOCH = date(1, 1, 1)


@attrs.define
class Need:
    """One unmet leaf requirement as something to plan: what, how much, when and where.

    ``lo`` to ``hi`` are the days the planned facts may fall on. The activity fields
    (``unit``, ``categories``, ``excluded``, ``themes``, ``theme``, ``accredited``,
    ``providers``, ``floor_c``, ``cap_c``, ``day_cap_c``, ``day_used``) say which activities
    count and how much of each; amounts are in hundredths. ``plannable`` is false for a need
    no planned fact can meet; ``diplomas`` counts new diplomas (the second cost criterion);
    ``nests`` is false when the requirement's activities say nothing about "waarvan" (a share
    counts every activity in its total). Mutable: the planner adds what later rounds find
    still missing to (a copy of) the need first chosen; its node and theme, which make its
    :attr:`key` (worded once), do not change.
    """

    node: RequirementResult
    kind: str
    lo: date
    hi: date
    amount_c: int = 0
    count: int = 0
    unit: str = "hours"
    categories: frozenset[str] | None = None
    excluded: frozenset[str] = frozenset()
    themes: tuple[str, ...] | None = None
    theme: str | None = None
    accredited: bool | None = None
    providers: tuple[str, ...] | None = None
    floor_c: int | None = None
    cap_c: int | None = None
    day_cap_c: int | None = None
    day_used: dict[date, int] = attrs.field(factory=dict)
    plannable: bool = True
    diplomas: int = 0
    nests: bool = True
    _key: str | None = attrs.field(default=None, init=False, eq=False, repr=False)

    @property
    def key(self) -> str:
        """The need's identity over rounds: requirement, period and theme (worded once)."""
        key = self._key
        if key is None:
            key = self._key = f"{self.node.id}@{window_start(self.node)}#{self.theme or ''}"
        return key

    @property
    def node_key(self) -> tuple[str, date | None]:
        """The requirement's id and the start of its period (None without one): the node
        in a tree judged again (``key`` without the theme, the start unwritten)."""
        window = self.node.window
        return self.node.id, window.start if window is not None else None

    @property
    def possible(self) -> bool:
        """Whether planned facts can meet it: it is plannable and there is a day left."""
        return self.plannable and self.lo <= self.hi

    @property
    def by_activities(self) -> bool:
        """Whether planned activities meet it (rather than one fact of its own)."""
        return self.kind in ACTIVITY_KINDS

    def copy(self) -> Need:
        """A copy (as ``attrs.evolve(self)``: the same values, the same ``day_used``)."""
        return Need(*_init_values(self))

    @property
    def planned_c(self) -> int:
        """The amount found missing, raised to the minimum per activity: an activity below
        it does not count, so less cannot be done."""
        if self.floor_c is not None and 0 < self.amount_c < self.floor_c:
            return self.floor_c
        return self.amount_c

    def cost(self) -> Cost:
        """Cheapest first: achievable, fewest new diplomas, smallest amount, fewest items.

        The amount is the hours or points missing, else the number of activities.
        """
        if not (self.plannable and self.lo <= self.hi):  # not possible
            return (1, 0, 0.0, 1)
        if self.amount_c:
            return (0, self.diplomas, self.amount_c / 100, 1)
        return (0, self.diplomas, float(self.count), max(1, self.count))

    def step(self, kind: str, *, achievable: bool, **fields: Any) -> PlanStep:
        """The plan step reporting this need: the requirement's id, title, period (unless
        it has none), deadline and source, with ``fields`` added."""
        node = self.node
        window = node.window
        if window is not None and window.start <= _EPOCH:
            window = None
        # A node may declare its deadline a last allowed day (an attestation's limit).
        inclusive = node.detail.get("deadline_inclusive")
        return PlanStep(requirement=node.id, title=node.title, kind=kind, window=window,
                        deadline=node.deadline, source=node.source, location=node.location,
                        achievable=achievable,
                        deadline_inclusive=None if inclusive is None else bool(inclusive),
                        **fields)


_init_values = attrgetter(*(field.name for field in attrs.fields(Need) if field.init))


def window_start(node: RequirementResult) -> str:
    """The start of a node's window as text ("" without one): nodes of a ``per_period`` share
    their id, so id and start together name one."""
    return node.window.start.isoformat() if node.window is not None else ""


def every(parts: Sequence[Options]) -> Options:
    """All of ``parts``: their costs added, their needs joined."""
    cost: Cost = (0, 0, 0.0, 0)
    out: list[Need] = []
    for (a, b, c, d), part in parts:
        cost = (cost[0] + a, cost[1] + b, cost[2] + c, cost[3] + d)
        out.extend(part)
    return cost, out


def cheapest(parts: Sequence[Options], wanted: int) -> Options:
    """The ``wanted`` cheapest of ``parts`` (ties keep their order), as :func:`every`."""
    if len(parts) > 1:  # (one part is its own order)
        parts = sorted(parts, key=_cost_of)
    return every(parts[:wanted])


_cost_of = itemgetter(0)


def each(needs: Sequence[Need]) -> Options:
    """All of ``needs`` (a leaf that gives several), with their costs added."""
    return every([(need.cost(), [need]) for need in needs])


def kind_titles(vocabulary: Mapping[str, Named], kinds: Sequence[str]) -> tuple[Text, ...]:
    """The titles of ``kinds`` in a rule file's vocabulary (the name itself when absent)."""
    return tuple(vocabulary[k].title if k in vocabulary else Text(k) for k in kinds)
