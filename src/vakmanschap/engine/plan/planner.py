"""The planner: rounds of planning and re-assessing, asking each primitive what it needs.

The planner knows no primitive. For an unmet node it asks the node's primitive what a plan
must add (``Requirement.plan_needs``: combinators choose among their children, leaves give
needs), plans the needs (activities together, see :mod:`.synthesis`; any other fact by the
primitive's ``plan_fact``), re-assesses, and finally asks each primitive for the step that
reports its need (``Requirement.plan_step``). Primitives call back the helpers here
(:meth:`Planner.needs`, :meth:`Planner.need`, :meth:`Planner.activity_need`, ...).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from vakmanschap.engine.plan.model import Plan, PlanStep, step_within
from vakmanschap.engine.plan.need import (
    AMOUNT,
    MANUAL,
    NOTHING,
    Need,
    Options,
    cheapest,
)
from vakmanschap.engine.plan.synthesis import activities_for, activity_order
from vakmanschap.engine.primitives.activity_filter import prepare_activities
from vakmanschap.model.records import Activity, Attestation, Employment, Professional, Qualification

if TYPE_CHECKING:
    from vakmanschap.engine.assessment import Assessment, RequirementResult
    from vakmanschap.engine.primitives.base import ActivityFilter
    from vakmanschap.engine.ruleset import RuleSet

__all__ = ["MAX_ROUNDS", "PLAN_ID", "Planner", "make_plan"]

#: How many rounds of "plan, re-assess, plan what is still missing" at most.
MAX_ROUNDS = 8
#: The prefix of the ids of planned records.
PLAN_ID = "plan-"

_EPOCH = date(1, 1, 1)

_Facts = tuple[list[Activity], list[Employment], list[Qualification], list[Attestation]]


class Planner:
    """Builds the plan for one assessment (see :func:`make_plan`).

    ``start`` is the assessment date (planned facts fall on or after it), ``horizon`` the
    cycle's last day (the projection date), ``last_registration`` the decision that opened
    the cycle (None for a registration).
    """

    def __init__(self, assessment: Assessment) -> None:
        origin = assessment.origin
        assert origin is not None
        self.assessment = assessment
        self.rules: RuleSet = origin.rules
        self.person: Professional = origin.professional
        self.cycle = origin.cycle
        self.params_on = origin.params_on
        self.start = assessment.on
        last = self.cycle.window.last_day if self.cycle is not None else assessment.on
        self.horizon = max(last, assessment.on)
        self.last_registration = self.cycle.decided_on if self.cycle is not None else None
        self.serial = 0

    # -- what primitives call back ------------------------------------------------------

    def needs(self, node: RequirementResult) -> Options:
        """The needs of ``node`` and their cost: none when it is met, else what its
        primitive says; the registration root (no primitive) takes its cheapest level."""
        if node.met:
            return NOTHING
        rule = node.rule
        if rule is None:
            return cheapest([self.needs(c) for c in node.children if not c.met], 1)
        return rule.plan_needs(node, self)

    def dates(self, node: RequirementResult) -> tuple[date, date]:
        """The days a fact for ``node`` may fall on: from the assessment date to the horizon,
        inside the node's own period."""
        window = node.window
        if window is not None and window.start > _EPOCH:
            return max(self.start, window.start), min(self.horizon, window.last_day)
        return self.start, self.horizon

    def value(self, param: Any) -> Any:
        """A dated parameter's value on the parameter date (None stays None)."""
        return None if param is None else param.at(self.params_on)

    def cents(self, param: Any) -> int | None:
        """A dated parameter's value in hundredths (None stays None)."""
        value = self.value(param)
        return None if value is None else round(value * 100)

    def counted(self, node: RequirementResult) -> tuple[dict[str, int], dict[date, int]]:
        """Counted hundredths per (reclassified) category and per day of a node."""
        per_cat: dict[str, int] = {}
        per_day: dict[date, int] = {}
        for act, amount in node.counted_amounts():
            per_cat[act.category] = per_cat.get(act.category, 0) + amount
            per_day[act.day] = per_day.get(act.day, 0) + amount
        return per_cat, per_day

    def need(self, node: RequirementResult, kind: str, **fields: Any) -> Need:
        """A need for ``node`` dated within :meth:`dates` (``lo``/``hi`` in ``fields`` win)."""
        if "lo" in fields and "hi" in fields:
            return Need(node, kind, **fields)
        window = node.window
        if window is not None and window.start > _EPOCH:  # self.dates(node), inline
            lo, hi = max(self.start, window.start), min(self.horizon, window.last_day)
        else:
            lo, hi = self.start, self.horizon
        return Need(node, kind, fields.pop("lo", lo), fields.pop("hi", hi), **fields)

    def activity_need(self, node: RequirementResult, filt: ActivityFilter, unit: str | None,
                      kind: str, **fields: Any) -> Need:
        """A need met by activities that pass ``filt``, in ``unit`` (default: the rule
        file's); ``fields`` (e.g. ``categories``) override what the filter says."""
        lo, hi = self.dates(node)
        categories = filt.categories
        dated: dict[str, Any] = {
            "lo": lo, "hi": hi, "unit": unit or self.rules.unit,
            "categories": frozenset(categories) if categories is not None else None,
            "themes": filt.themes, "accredited": filt.accredited, "providers": filt.providers}
        dated.update(fields)
        return Need(node=node, kind=kind, **dated)

    def next_id(self) -> str:
        """The id of the next planned record (``plan-1``, ``plan-2``, ...)."""
        self.serial += 1
        return f"{PLAN_ID}{self.serial}"

    # -- rounds ---------------------------------------------------------------------------

    #: Whether the projection keeps the nodes of the assessment that judging on the horizon
    #: cannot alter (:mod:`vakmanschap.engine.reuse`); False judges every node again.
    reuse: bool = True

    def reassess(self, person: Professional) -> Assessment:
        """The assessment on the horizon of ``person`` (with planned facts).

        The projection (``person`` the professional) keeps the nodes of the assessment that
        the later date cannot alter and judges the others again. With planned facts every
        node is judged again: a plan adds facts where the tree is unmet, its dearest nodes,
        and finding the few nodes they leave costs more than judging those again
        (benchmarks/reuse_parts.py)."""
        if self.cycle is not None:
            # The planned activities come after the professional's own, whose preparation
            # the assessment already holds: only the planned ones are prepared again.
            self.rules.check_professional(person)
            known = self.assessment.result.prepared
            if len(known) != len(self.person.activities):
                known = ()
            prepared = known + prepare_activities(person, self.rules, start=len(known))
            earlier = self.assessment if self.reuse and person is self.person else None
            return self.rules.assess_cycle(person, self.cycle, self.horizon,
                                           group=self.assessment.group,  # type: ignore[arg-type]
                                           prepared=prepared, earlier=earlier)
        return self.rules.assess(person, self.horizon, group="registration",
                                 with_standing=False)

    def realize(self, needs: list[Need], unplanned: set[str] | None = None) -> _Facts:
        """Planned facts for ``needs``: activities together, other facts by their primitive
        (the keys of needs their primitive could plan no fact for are added to
        ``unplanned``)."""
        facts: _Facts = ([], [], [], [])
        pending = sorted((n for n in needs if n.possible), key=activity_order)
        for position, need in enumerate(pending):
            if need.by_activities:
                # Facts planned in earlier rounds are already in the re-assessed tree.
                facts[0].extend(activities_for(self.rules, need, pending[position + 1:],
                                               facts[0], self.next_id))
                continue
            rule = need.node.rule
            fact = rule.plan_fact(need, self) if rule is not None else None
            if fact is None and unplanned is not None:
                unplanned.add(need.key)
            if isinstance(fact, Activity):
                facts[0].append(fact)
            elif isinstance(fact, Employment):
                facts[1].append(fact)
            elif isinstance(fact, Qualification):
                facts[2].append(fact)
            elif isinstance(fact, Attestation):
                facts[3].append(fact)
        return facts

    def projection(self) -> Assessment:
        """The assessment projected to the horizon: the tree already judged on the
        assessment date when judging on the horizon cannot change it (:meth:`_unchanged`),
        else a re-assessment."""
        return self.assessment if self._unchanged() else self.reassess(self.person)

    def _unchanged(self) -> bool:
        """Whether assessing on the horizon gives the tree judged on the assessment date: the
        same cycle judged on the same parameter date, no activity dated between the two
        dates (the window's activities are then the same, and so is every exclusion), and no
        node whose result reads the assessment date itself
        (:meth:`~vakmanschap.engine.primitives.base.Requirement.same_judged_later`)."""
        a, cycle = self.assessment, self.cycle
        root = a.result.rule
        if cycle is None or root is None:
            return False
        if self.horizon == a.on:
            return True
        on, horizon = a.on, self.horizon
        if cycle.judged_by.cycle.parameters_date(cycle.start, cycle.due, horizon) != (
                self.params_on):
            return False
        if any(on < act.on <= horizon for act in self.person.activities):
            return False
        person = self.person
        return all(node.same_judged_later(person, on, horizon) for node in root.walk())

    def run(self) -> Plan:
        """Project, plan, re-assess up to :data:`MAX_ROUNDS` times, and report."""
        projection = self.projection()
        facts: _Facts = ([], [], [], [])
        current = projection
        chosen: dict[str, Need] = {}
        # A need no fact was planned for is missing again next round by the same amount:
        # adding it again would double what the plan asks.
        unplanned: set[str] = set()
        # The chosen needs the planner has copied: a need is copied only when an amount is
        # added to it, so that the round's own needs (which ``realize`` reads) stay as made.
        copied: set[str] = set()
        for _ in range(MAX_ROUNDS):
            if current.met:
                break
            _, needs = self.needs(current.result)
            for need in needs:
                key = need.key
                first = chosen.get(key)
                if first is None:
                    chosen[key] = need
                elif need.possible and key not in unplanned:
                    # Still missing after a round: add to the amount.
                    if key not in copied:
                        first = chosen[key] = first.copy()
                        copied.add(key)
                    first.amount_c += need.amount_c
                    first.count += need.count
            new = self.realize(needs, unplanned)
            if not any(new):
                break
            facts[0].extend(new[0])
            facts[1].extend(new[1])
            facts[2].extend(new[2])
            facts[3].extend(new[3])
            current = self.reassess(self._with(facts))
        steps = self.steps(current, list(chosen.values()))
        a = self.assessment
        start, horizon = self.start, self.horizon
        later = tuple(sorted([act.id for act in self.person.activities
                              if start < act.on <= horizon]))
        return Plan(a.professional_id, a.register, a.version, a.group, a.on, a.deadline,
                    bool(a.cycle and a.cycle.end_inclusive), a.cycle, steps,
                    tuple(facts[0]), tuple(facts[1]), tuple(facts[2]), tuple(facts[3]),
                    verified=current.met, horizon=self.horizon, recorded_later=later,
                    extensions=self.rules.extensions)

    def _with(self, facts: _Facts) -> Professional:
        """The professional with ``facts`` added."""
        p = self.person
        return p.with_records(tuple(facts[0]), tuple(facts[1]), tuple(facts[2]),
                              tuple(facts[3]))

    def steps(self, after: Assessment, needs: list[Need]) -> tuple[PlanStep, ...]:
        """One step per need, as its primitive words it, nested by the planned activities
        they share ("waarvan")."""
        if not needs:
            # Nothing to report (the projection is met: kp's hours of a running contract):
            # the tree after the plan is not indexed.
            return ()
        new = _index(after.result, {need.node_key for need in needs})
        met = after.met
        built: list[PlanStep] = []
        sets: list[frozenset[str]] = []
        for need in needs:
            node = need.node
            last = new.get(need.node_key, node)
            rule = node.rule
            step = (rule.plan_step(need, last, self) if rule is not None
                    else need.step(MANUAL, achievable=False))
            if met and not step.achievable:
                continue  # an alternative tried first and then not needed is not a step
            built.append(step)
            sets.append(_planned_counted(last) if need.nests else _NONE)
        if not any(sets):
            # No step counts a planned activity: none is within another.
            return tuple(step if step.within is None else step_within(step, None)
                         for step in built)
        # What each step's planned activities are, by its key (a step's key worded once: of
        # two steps with one key, the later one's).
        planned = {step.key: mine for step, mine in zip(built, sets, strict=True)}
        sets = [planned[step.key] for step in built]
        out = []
        for index, step in enumerate(built):
            mine = sets[index]
            parent = None
            if mine:
                candidates = [(len(sets[j]), j, o) for j, o in enumerate(built)
                              if j != index and o.kind == AMOUNT and mine <= sets[j]
                              and (mine < sets[j] or j < index)]
                if candidates:
                    parent = min(candidates, key=lambda c: (c[0], c[1]))[2].requirement
            out.append(step if step.within == parent else step_within(step, parent))
        return tuple(out)


_NONE: frozenset[str] = frozenset()


def _planned_counted(node: RequirementResult) -> frozenset[str]:
    """The ids of the planned activities that count for ``node`` (those of its counted
    activities whose id is a planned one)."""
    prepared = node.prepared
    ids = [prepared[o[0]].id for o in node.outcomes if o[1] > 0]
    return frozenset(i for i in ids if i.startswith(PLAN_ID)) if ids else _NONE


def _index(root: RequirementResult, wanted: set[tuple[str, date | None]]
           ) -> dict[tuple[str, date | None], RequirementResult]:
    """The nodes of a tree named in ``wanted`` by id and period start (the first when
    repeated, depth first; the start as a date, which names a period as
    ``need.window_start`` does, unwritten)."""
    out: dict[tuple[str, date | None], RequirementResult] = {}
    stack = [root]
    while stack:
        node = stack.pop()
        window = node.window
        key = (node.id, window.start if window is not None else None)
        if key in wanted and key not in out:
            out[key] = node
            if len(out) == len(wanted):
                break
        children = node.children
        if children:
            stack.extend(reversed(children))
    return out


def make_plan(assessment: Assessment) -> Plan:
    """The completion plan of ``assessment`` (see :mod:`vakmanschap.engine.plan`).

    The plan is worded by the extensions of the rule set it was made with; without them,
    :meth:`Plan.explain` raises a :class:`~vakmanschap.errors.RuleError`.
    """
    a = assessment
    if a.met or a.origin is None:
        ext = a.origin.rules.extensions if a.origin is not None else None
        return Plan(a.professional_id, a.register, a.version, a.group, a.on, a.deadline,
                    bool(a.cycle and a.cycle.end_inclusive), a.cycle, verified=a.met,
                    met_now=a.met, extensions=ext)
    return Planner(assessment).run()
