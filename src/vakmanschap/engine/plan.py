"""The completion plan: what is still to be done, and by when, to meet the requirements.

``Assessment.plan()`` answers "what would make this assessment pass?" for the running cycle:
the smallest additional amount per unmet requirement (hours or points per category and theme,
activities per period, themes to cover, work hours, a missing attestation or qualification),
each with the period it must fall in and the deadline::

    Nog te doen vóór 1 augustus 2027: 12 uur voor Geaccrediteerde scholing, waarvan 6 uur in
    thema Integriteit; één activiteit voor Intervisie in 2026.

How it is made (docs/lifecycle.md, "Completion plan"):

1. **Projection.** The cycle is re-assessed on its last day with the facts already recorded
   (activities booked for later dates count as planned; contracts keep running).
2. **Needs.** The unmet requirements of the projection give needs; ``any_of`` (and a
   registration with several levels) takes the cheapest alternative, ``at_least`` and
   ``per_period`` the cheapest missing ones. Cheapest means, in this order: achievable in the
   time left, fewest new diplomas, smallest amount, fewest items.
3. **Synthesis.** Each need becomes planned activities (or an employment, a qualification,
   an attestation) dated from the assessment date on, inside the period it counts for, within
   the caps and the minimum per activity. The most specific needs go first, and each planned
   activity gets the category and accreditation that the most other needs accept, so that
   one activity serves several requirements ("12 uur, waarvan 6 in thema X").
4. **Check.** The cycle is re-assessed with the planned facts added; what is still missing
   (a cap, an interaction) is planned in a next round, up to a fixed number of rounds.
   ``Plan.verified`` says whether the planned facts make the assessment pass.

Each step reports the amount its requirement was found to miss (added up over the rounds,
and at least the minimum per activity). The plan is greedy, not an optimisation over all
combinations, and a maximum share is not monotonic: more activities can break it, so a plan
under such a rule may not verify.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

import attrs

from vakmanschap.model.periods import Window
from vakmanschap.model.records import Activity, Attestation, Employment, Professional, Qualification
from vakmanschap.model.words import Lang, Text, fmt_amount, fmt_date, unit_name

if TYPE_CHECKING:
    from vakmanschap.engine.assessment import Assessment, RequirementResult
    from vakmanschap.engine.ruleset import RuleSet

__all__ = ["PLAN_SCHEMA", "Plan", "PlanStep", "make_plan"]

PLAN_SCHEMA = "vakmanschap.engine.plan/1"

#: How many rounds of "plan, re-assess, plan what is still missing" at most.
MAX_ROUNDS = 8
#: The prefix of the ids of planned records.
PLAN_ID = "plan-"

_EPOCH = date(1, 1, 1)


@attrs.frozen
class PlanStep:
    """One thing still to do for one requirement.

    ``kind``: ``amount`` (hours or points), ``activities`` (a number of activities),
    ``theme`` (an amount or an activity in one theme), ``work_hours``, ``qualification``,
    ``attestation``, or ``other`` (a requirement the plan cannot fill in). ``window`` is the
    period the step must fall in (a year of a ``per_period`` rule, or the cycle) and
    ``deadline`` its due date. ``within`` names the step whose activities include this one's
    ("waarvan"). ``achievable`` is false when the time left or a cap makes it impossible.
    """

    requirement: str
    title: Text
    kind: str
    amount: float | None = None
    unit: str | None = None
    count: int | None = None
    theme: str | None = None
    theme_title: Text | None = None
    kinds: tuple[str, ...] = ()
    kind_titles: tuple[Text, ...] = ()
    window: Window | None = None
    deadline: date | None = None
    achievable: bool = True
    within: str | None = None
    source: str = ""
    location: str = ""

    @property
    def key(self) -> str:
        """A unique key within the plan: requirement, period and theme."""
        start = self.window.start.isoformat() if self.window is not None else ""
        return f"{self.requirement}@{start}#{self.theme or ''}"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "requirement": self.requirement, "title": self.title.to_json(), "kind": self.kind,
            "amount": self.amount, "unit": self.unit, "count": self.count, "theme": self.theme,
            "kinds": list(self.kinds),
            "window": None if self.window is None else {
                "start": self.window.start.isoformat(), "end": self.window.end.isoformat(),
                "end_inclusive": self.window.end_inclusive},
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "achievable": self.achievable, "within": self.within, "source": self.source,
            "location": self.location,
        }


@attrs.frozen(eq=False)
class Plan:
    """What is still to be done, by ``deadline``, to meet the requirements.

    ``steps`` are per requirement; ``activities``, ``employments``, ``qualifications`` and
    ``attestations`` are the planned facts that realise them (ids start with ``plan-``).
    ``verified`` is true when the assessment, repeated on ``horizon`` with these facts added,
    passes. ``recorded_later`` lists the activities already recorded with a date after the
    assessment date that the plan counts as done. An assessment that is met (``met_now``) has
    an empty plan; one that is not may have one too, when what is already recorded (later
    activities, work under a running contract) is enough by the deadline.
    """

    professional_id: str
    register: str
    version: str
    group: str
    on: date
    deadline: date | None
    inclusive: bool
    cycle: Window | None
    steps: tuple[PlanStep, ...] = ()
    activities: tuple[Activity, ...] = ()
    employments: tuple[Employment, ...] = ()
    qualifications: tuple[Qualification, ...] = ()
    attestations: tuple[Attestation, ...] = ()
    verified: bool = False
    horizon: date | None = None
    recorded_later: tuple[str, ...] = ()
    met_now: bool = False

    @property
    def achievable(self) -> bool:
        """Whether the plan can still be carried out in time (the planned facts were checked
        to make the assessment pass)."""
        return self.verified

    def apply_to(self, professional: Professional) -> Professional:
        """``professional`` with the planned facts added."""
        return attrs.evolve(
            professional, activities=professional.activities + self.activities,
            employments=professional.employments + self.employments,
            qualifications=professional.qualifications + self.qualifications,
            attestations=professional.attestations + self.attestations)

    def explain(self, lang: Lang = "nl") -> str:
        """One sentence: ``Nog te doen vóór 1 augustus 2027: ...; ... .`` (empty when met)."""
        return render_plan(self, lang)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form, versioned by ``schema``."""
        return {
            "schema": PLAN_SCHEMA, "professional": self.professional_id,
            "register": self.register, "version": self.version, "group": self.group,
            "on": self.on.isoformat(),
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "verified": self.verified, "achievable": self.achievable,
            "recorded_later": list(self.recorded_later),
            "text": {"nl": self.explain("nl"), "en": self.explain("en")},
            "steps": [s.to_dict() for s in self.steps],
            "activities": [_record_json(a) for a in self.activities],
            "employments": [_record_json(e) for e in self.employments],
            "qualifications": [_record_json(q) for q in self.qualifications],
            "attestations": [_record_json(a) for a in self.attestations],
        }


def _record_json(record: Any) -> dict[str, Any]:
    """A planned fact in the person-file format (only the fields that are set)."""
    out: dict[str, Any] = {}
    for name, value in attrs.asdict(record, recurse=False).items():
        if value is None or value == ():
            continue
        if isinstance(value, date):
            value = value.isoformat()
        elif isinstance(value, tuple):
            value = list(value)
        out[name] = value
    return out


# -- needs --------------------------------------------------------------------------------


@attrs.define
class _Need:
    """One unmet leaf of the requirement tree, as something to plan (internal)."""

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
    rule: Any = None

    @property
    def key(self) -> str:
        return f"{self.node.id}@{_window_start(self.node)}#{self.theme or ''}"

    @property
    def possible(self) -> bool:
        return self.kind != "other" and self.lo <= self.hi

    def cost(self) -> tuple[int, int, float, int]:
        if not self.possible:
            return (1, 0, 0.0, 1)
        if self.kind == "qualification":
            return (0, 1, 0.0, 1)
        if self.kind in ("amount", "theme"):
            return (0, 0, self.amount_c / 100, 1)
        if self.kind == "activities":
            return (0, 0, float(self.count), self.count)
        if self.kind == "work_hours":
            return (0, 0, self.amount_c / 100, 1)
        return (0, 0, 0.0, 1)


def _window_start(node: RequirementResult) -> str:
    return node.window.start.isoformat() if node.window is not None else ""


_Cost = tuple[int, int, float, int]


def _add(a: _Cost, b: _Cost) -> _Cost:
    return (a[0] + b[0], a[1] + b[1], a[2] + b[2], a[3] + b[3])


class _Planner:
    """Builds the plan for one assessment (internal; see :func:`make_plan`)."""

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

    # -- re-assessment --------------------------------------------------------------------

    def reassess(self, person: Professional) -> Assessment:
        if self.cycle is not None:
            return self.rules.assess_cycle(person, self.cycle, self.horizon,
                                           group=self.assessment.group)  # type: ignore[arg-type]
        return self.rules.assess(person, self.horizon, group="registration")

    # -- needs ----------------------------------------------------------------------------

    def needs(self, node: RequirementResult) -> tuple[_Cost, list[_Need]]:
        """The needs of an unmet node and their cost (cheapest alternatives chosen)."""
        if node.met:
            return (0, 0, 0.0, 0), []
        kind = node.kind
        children = [c for c in node.children if not c.met]
        if kind == "all_of" or (kind == "per_period" and not children):
            return self._sum([self.needs(c) for c in children])
        if kind in ("any_of", "levels", "at_least", "per_period"):
            wanted = 1 if kind in ("any_of", "levels") else max(
                1, math.ceil((node.required or 0) - (node.actual or 0)))
            options = sorted((self.needs(c) for c in children), key=lambda o: o[0])
            return self._sum(options[:wanted])
        leaf = self.leaf(node)
        return self._sum([(n.cost(), [n]) for n in leaf])

    @staticmethod
    def _sum(parts: Sequence[tuple[_Cost, list[_Need]]]) -> tuple[_Cost, list[_Need]]:
        cost: _Cost = (0, 0, 0.0, 0)
        out: list[_Need] = []
        for part_cost, part in parts:
            cost = _add(cost, part_cost)
            out.extend(part)
        return cost, out

    def dates(self, node: RequirementResult) -> tuple[date, date]:
        window = node.window
        lo, hi = self.start, self.horizon
        if window is not None and window.start > _EPOCH:
            lo, hi = max(lo, window.start), min(hi, window.last_day)
        return lo, hi

    def value(self, param: Any) -> Any:
        return None if param is None else param.at(self.params_on)

    def cents(self, param: Any) -> int | None:
        value = self.value(param)
        return None if value is None else round(value * 100)

    def counted(self, node: RequirementResult) -> tuple[dict[str, int], dict[date, int]]:
        """Counted hundredths per (reclassified) category and per day of a node."""
        by_id = {a.id: a for a in node.prepared}
        per_cat: dict[str, int] = {}
        per_day: dict[date, int] = {}
        for outcome in node.activities:
            if outcome.counted <= 0:
                continue
            act = by_id[outcome.activity_id]
            amount = round(outcome.counted * 100)
            per_cat[act.category] = per_cat.get(act.category, 0) + amount
            per_day[act.day] = per_day.get(act.day, 0) + amount
        return per_cat, per_day

    def leaf(self, node: RequirementResult) -> list[_Need]:
        rule: Any = node.rule
        lo, hi = self.dates(node)
        kind = node.kind
        base: dict[str, Any] = {"node": node, "lo": lo, "hi": hi, "rule": rule}
        filt = getattr(rule, "filter", None)
        if filt is not None:
            base.update(
                unit=getattr(rule, "unit", None) or self.rules.unit,
                categories=frozenset(filt.categories) if filt.categories is not None else None,
                themes=filt.themes, accredited=filt.accredited, providers=filt.providers)
        if kind == "total":
            per_cat, per_day = self.counted(node)
            caps = {name: self.cents(v) for name, v in rule.cap_per_category.items()}
            full = frozenset(c for c, cap in caps.items()
                             if cap is not None and per_cat.get(c, 0) >= cap)
            return [_Need(kind="amount", amount_c=round((node.shortfall or 0) * 100),
                          excluded=full, floor_c=self.cents(rule.per_activity_min),
                          cap_c=self.cents(rule.cap_per_activity),
                          day_cap_c=self.cents(rule.cap_per_day), day_used=per_day, **base)]
        if kind == "count":
            return [_Need(kind="activities",
                          count=max(1, math.ceil((node.required or 0) - (node.actual or 0))),
                          **base)]
        if kind == "distinct_themes":
            return self.theme_needs(node, base)
        if kind == "share":
            part = frozenset(rule.part_categories)
            low = node.detail.get("min")
            share = node.actual or 0.0
            if low is not None and (node.detail.get("total", 0) == 0 or share < low):
                cats = part if base["categories"] is None else part & base["categories"]
            else:
                every = base["categories"] or frozenset(self.rules.categories)
                cats = every - part
            base["categories"] = cats
            return [_Need(kind="amount", amount_c=max(1, round((node.shortfall or 0) * 100)),
                          **base)]
        if kind == "work_hours":
            return [_Need(kind="work_hours", amount_c=round((node.shortfall or 0) * 100),
                          **base)]
        if kind == "qualification":
            lo = self.start
            if rule.obtained_after_last_registration and self.last_registration is not None:
                lo = max(lo, self.last_registration + timedelta(days=1))
            base.update(lo=lo, hi=self.horizon)
            return [_Need(kind="qualification", **base)]
        if kind == "attestation":
            lo, hi = self.start, self.horizon
            if rule.in_cycle and node.window is not None:
                lo, hi = max(lo, node.window.start), min(hi, node.window.last_day)
            limit = node.detail.get("limit")
            if limit is not None:
                hi = min(hi, limit)
            base.update(lo=lo, hi=hi)
            return [_Need(kind="attestation", **base)]
        return [_Need(kind="other", **base)]

    def theme_needs(self, node: RequirementResult, base: dict[str, Any]) -> list[_Need]:
        rule: Any = node.rule
        listed = tuple(rule.of) if rule.of is not None else tuple(self.rules.themes)
        covered = set(node.detail.get("covered", ()))
        amounts = node.detail.get("amount_per_theme", {})
        threshold = self.cents(rule.min_per_theme)
        options = []
        for theme in listed:
            if theme in covered:
                continue
            have = round(amounts.get(theme, 0) * 100)
            need = (threshold - have) if threshold else 100
            options.append((max(need, 1), listed.index(theme), theme))
        wanted = max(1, math.ceil((node.required or 0) - (node.actual or 0)))
        base = {**base, "themes": None}
        return [_Need(kind="theme", theme=theme, amount_c=need, count=0 if threshold else 1,
                      **base) for need, _, theme in sorted(options)[:wanted]]

    # -- synthesis ------------------------------------------------------------------------

    def next_id(self) -> str:
        self.serial += 1
        return f"{PLAN_ID}{self.serial}"

    def recorded(self, category: str, accredited: bool) -> str | None:
        """The category to record so that it counts as ``category`` with this accreditation."""
        spec = self.rules.categories[category]
        if accredited or spec.if_unaccredited is None:
            return category
        for name, other in self.rules.categories.items():
            if other.if_unaccredited == category:
                return name
        return None

    def effective(self, act: Activity) -> str:
        spec = self.rules.categories[act.category]
        return (spec.if_unaccredited or act.category) if not act.accredited else act.category

    def accepts(self, need: _Need, act: Activity) -> bool:
        if need.kind not in ("amount", "theme", "activities") or act.unit != need.unit:
            return False
        if not (need.lo <= act.on <= need.hi):
            return False
        category = self.effective(act)
        if need.categories is not None and category not in need.categories:
            return False
        if category in need.excluded:
            return False
        if need.accredited is not None and act.accredited != need.accredited:
            return False
        if need.providers is not None and act.provider not in need.providers:
            return False
        if need.themes is not None and not set(act.themes) & set(need.themes):
            return False
        return need.theme is None or need.theme in act.themes

    def contribution(self, need: _Need, act: Activity) -> int:
        if not self.accepts(need, act):
            return 0
        amount = round(act.amount * 100)
        if need.floor_c is not None and amount < need.floor_c:
            return 0
        return min(amount, need.cap_c) if need.cap_c is not None else amount

    def choose(self, need: _Need, others: list[_Need]) -> tuple[str, bool, str] | None:
        """(recorded category, accredited, effective category) for a new activity."""
        names = [c for c in self.rules.categories
                 if (need.categories is None or c in need.categories) and c not in need.excluded]
        flags = [need.accredited] if need.accredited is not None else [True, False]
        best: tuple[float, int, tuple[str, bool, str]] | None = None
        rank = 0
        day = need.lo  # new activities for this need are dated from here
        for flag in flags:
            for name in names:
                recorded = self.recorded(name, flag)
                if recorded is None:
                    continue
                # How much of the other needs this activity would also serve: the amount it
                # shares with an amount need, one unit for a count.
                score = sum(
                    (1.0 if o.kind == "activities" else min(o.amount_c, need.amount_c) / 100)
                    for o in others if o.kind in ("amount", "theme", "activities")
                    and o.unit == need.unit and (o.categories is None or name in o.categories)
                    and name not in o.excluded and o.theme is None and o.themes is None
                    and (o.accredited is None or o.accredited == flag) and o.lo <= day <= o.hi)
                rank += 1
                if best is None or score > best[0]:
                    best = (score, -rank, (recorded, flag, name))
        return best[2] if best is not None else None

    def pick_theme(self, need: _Need, others: list[_Need]) -> tuple[str, ...]:
        if need.theme is not None:
            return (need.theme,)
        if need.themes is None:
            return ()
        scored = sorted(need.themes, key=lambda t: (-sum(
            1 for o in others if o.theme == t or (o.themes is not None and t in o.themes)),
            list(self.rules.themes).index(t) if t in self.rules.themes else 0))
        return (scored[0],)

    def realize(self, needs: list[_Need]) -> tuple[
            list[Activity], list[Employment], list[Qualification], list[Attestation]]:
        acts: list[Activity] = []
        jobs: list[Employment] = []
        quals: list[Qualification] = []
        atts: list[Attestation] = []
        kind_order = {"theme": 0, "activities": 1, "amount": 2}
        pending = [n for n in needs if n.possible]
        pending.sort(key=lambda n: (
            kind_order.get(n.kind, 3),
            -(n.theme is not None or n.themes is not None),
            len(n.categories) if n.categories is not None else 10 ** 6,
            (n.hi - n.lo).days))
        for position, need in enumerate(pending):
            others = pending[position + 1:]
            if need.kind in ("amount", "theme", "activities"):
                # Facts planned in earlier rounds are already in the re-assessed tree.
                acts.extend(self.activities_for(need, others, acts))
            elif need.kind == "work_hours":
                job = self.employment_for(need)
                if job is not None:
                    jobs.append(job)
            elif need.kind == "qualification":
                rule = need.rule
                min_ects = self.value(rule.min_ects)
                quals.append(Qualification(
                    id=self.next_id(), kind=rule.kinds[0],
                    level=rule.levels[0] if rule.levels else None,
                    ects=min_ects, awarded_on=need.lo,
                    accredited_until=need.lo if rule.accredited_when_awarded else None))
            elif need.kind == "attestation":
                atts.append(Attestation(id=self.next_id(), kind=need.rule.kinds[0], on=need.lo))
        return acts, jobs, quals, atts

    def activities_for(self, need: _Need, others: list[_Need], planned: list[Activity]
                       ) -> Iterator[Activity]:
        if need.kind == "activities":
            remaining = need.count - sum(1 for a in planned if self.accepts(need, a))
        else:
            remaining = need.amount_c - sum(self.contribution(need, a) for a in planned)
        if remaining <= 0:
            return
        choice = self.choose(need, others)
        if choice is None:
            return
        recorded, flag, _ = choice
        themes = self.pick_theme(need, others)
        provider = need.providers[0] if need.providers else None
        day = need.lo
        made: list[Activity] = []
        while remaining > 0 and day <= need.hi:
            if need.kind == "activities":
                chunk = max(100, need.floor_c or 0)
            else:
                chunk = remaining
                if need.cap_c is not None:
                    chunk = min(chunk, need.cap_c)
                if need.floor_c is not None:
                    chunk = max(chunk, need.floor_c)
            if need.day_cap_c is not None:
                used = need.day_used.get(day, 0) + sum(
                    round(a.amount * 100) for a in planned + made
                    if a.on == day and self.accepts(need, a))
                room = need.day_cap_c - used
                if room <= 0 or (need.floor_c is not None and room < need.floor_c):
                    day += timedelta(days=1)
                    continue
                chunk = min(chunk, room)
            if chunk <= 0:
                break
            amount = chunk / 100
            fields: dict[str, Any] = {"hours": amount} if need.unit == "hours" else {
                "points": amount}
            act = Activity(id=self.next_id(), on=day, category=recorded, accredited=flag,
                           themes=themes, provider=provider, title="gepland", **fields)
            made.append(act)
            remaining -= 1 if need.kind == "activities" else chunk
        yield from made

    def employment_for(self, need: _Need) -> Employment | None:
        days = (need.hi - need.lo).days + 1
        weekly = math.ceil(need.amount_c * 7 / days) / 100
        if weekly > 168:
            return None
        roles = getattr(need.rule, "roles", None)
        return Employment(id=self.next_id(), start=need.lo, end=need.hi,
                          hours_per_week=weekly, role=roles[0] if roles else None)

    # -- the plan -------------------------------------------------------------------------

    def run(self) -> Plan:
        projection = self.reassess(self.person)
        facts: tuple[list[Activity], list[Employment], list[Qualification],
                     list[Attestation]] = ([], [], [], [])
        current = projection
        chosen: dict[str, _Need] = {}
        for _ in range(MAX_ROUNDS):
            if current.met:
                break
            _, needs = self.needs(current.result)
            for need in needs:
                if need.key in chosen:  # still missing after a round: add to the amount
                    first = chosen[need.key]
                    if need.possible:
                        first.amount_c += need.amount_c
                        first.count += need.count
                else:
                    chosen[need.key] = attrs.evolve(need)
            acts, jobs, quals, atts = self.realize(needs)
            if not (acts or jobs or quals or atts):
                break
            facts[0].extend(acts)
            facts[1].extend(jobs)
            facts[2].extend(quals)
            facts[3].extend(atts)
            current = self.reassess(self._with(facts))
        steps = self.steps(projection, current, list(chosen.values()))
        a = self.assessment
        later = tuple(sorted(act.id for act in self.person.activities
                             if self.start < act.on <= self.horizon))
        return Plan(a.professional_id, a.register, a.version, a.group, a.on, a.deadline,
                    bool(a.cycle and a.cycle.end_inclusive), a.cycle, steps,
                    tuple(facts[0]), tuple(facts[1]), tuple(facts[2]), tuple(facts[3]),
                    verified=current.met, horizon=self.horizon, recorded_later=later)

    def _with(self, facts: tuple[list[Activity], list[Employment], list[Qualification],
                                 list[Attestation]]) -> Professional:
        p = self.person
        return attrs.evolve(p, activities=p.activities + tuple(facts[0]),
                            employments=p.employments + tuple(facts[1]),
                            qualifications=p.qualifications + tuple(facts[2]),
                            attestations=p.attestations + tuple(facts[3]))

    def steps(self, before: Assessment, after: Assessment, needs: list[_Need]
              ) -> tuple[PlanStep, ...]:
        old = _index(before.result)
        new = _index(after.result)
        built: list[PlanStep] = []
        planned: dict[str, frozenset[str]] = {}
        for need in needs:
            node = need.node
            key = (node.id, _window_start(node))
            first, last = old.get(key, node), new.get(key, node)
            step = self.step(need, first, last)
            if after.met and not step.achievable:
                continue  # an alternative tried first and then not needed is not a step
            built.append(step)
            # A share counts every activity in its total, so it says nothing about "waarvan".
            planned[step.key] = frozenset() if node.kind == "share" else frozenset(
                o.activity_id for o in last.activities
                if o.counted > 0 and o.activity_id.startswith(PLAN_ID))
        out = []
        for index, step in enumerate(built):
            mine = planned[step.key]
            parent = None
            if mine:
                candidates = [(len(planned[o.key]), j, o) for j, o in enumerate(built)
                              if j != index and o.kind == "amount" and mine <= planned[o.key]
                              and (mine < planned[o.key] or j < index)]
                if candidates:
                    parent = min(candidates, key=lambda c: (c[0], c[1]))[2].requirement
            out.append(attrs.evolve(step, within=parent))
        return tuple(out)

    def step(self, need: _Need, first: RequirementResult, last: RequirementResult
             ) -> PlanStep:
        node = need.node
        window = node.window if node.window is not None and node.window.start > _EPOCH else None
        common: dict[str, Any] = {
            "requirement": node.id, "title": node.title, "window": window,
            "deadline": node.deadline, "source": node.source, "location": node.location}
        achieved = last.met
        # The amount found missing (over all rounds), raised to the minimum per activity: an
        # activity below it does not count, so less cannot be done.
        amount_c = need.amount_c
        if need.floor_c is not None and 0 < amount_c < need.floor_c:
            amount_c = need.floor_c
        if need.kind == "theme":
            theme = need.theme or ""
            achieved = theme in last.detail.get("covered", ())
            named = self.rules.themes.get(theme)
            return PlanStep(kind="theme", amount=None if need.count else amount_c / 100,
                            unit=need.unit, count=1 if need.count else None, theme=theme,
                            theme_title=named.title if named else None,
                            achievable=achieved, **common)
        if need.kind == "amount":
            return PlanStep(kind="amount", amount=amount_c / 100, unit=need.unit,
                            achievable=achieved, **common)
        if need.kind == "activities":
            return PlanStep(kind="activities", count=need.count, achievable=achieved, **common)
        if need.kind == "work_hours":
            # The hours missing (the planned employment may add a little more: its weekly
            # hours are rounded up to the hundredth).
            return PlanStep(kind="work_hours", amount=need.amount_c / 100, unit="hours",
                            achievable=achieved and need.possible, **common)
        if need.kind in ("qualification", "attestation"):
            kinds = tuple(need.rule.kinds)
            vocabulary = (self.rules.qualification_kinds if need.kind == "qualification"
                          else self.rules.attestation_kinds)
            titles = tuple(vocabulary[k].title if k in vocabulary else Text(k) for k in kinds)
            return PlanStep(kind=need.kind, kinds=kinds, kind_titles=titles,
                            achievable=achieved and need.possible, **common)
        return PlanStep(kind="other", achievable=False, **common)


def _index(root: RequirementResult) -> dict[tuple[str, str], RequirementResult]:
    out: dict[tuple[str, str], RequirementResult] = {}
    for node in root.walk():
        out.setdefault((node.id, _window_start(node)), node)
    return out


def make_plan(assessment: Assessment) -> Plan:
    """The completion plan of ``assessment`` (see the module documentation)."""
    a = assessment
    inclusive = bool(a.cycle and a.cycle.end_inclusive)
    if a.met or a.origin is None:
        return Plan(a.professional_id, a.register, a.version, a.group, a.on, a.deadline,
                    inclusive, a.cycle, verified=a.met, met_now=a.met)
    return _Planner(assessment).run()


# -- text ---------------------------------------------------------------------------------


def _count_words(count: int, lang: Lang) -> str:
    if count == 1:
        return "één" if lang == "nl" else "one"
    return fmt_amount(count, lang)


def _period(step: PlanStep, cycle: Window | None, lang: Lang) -> str:
    window = step.window
    if window is None or (cycle is not None and window.start == cycle.start
                          and window.end == cycle.end):
        return ""
    first, last = window.start, window.last_day
    if first.month == 1 and first.day == 1 and last == date(first.year, 12, 31):
        return f" in {first.year}"
    if lang == "nl":
        return f" tussen {fmt_date(first, lang)} en {fmt_date(last, lang)}"
    return f" between {fmt_date(first, lang)} and {fmt_date(last, lang)}"


def _weekly(step: PlanStep, start: date) -> str:
    """`` (gemiddeld 9,5 uur per week)``: the average over the time left for work hours."""
    if step.kind != "work_hours" or step.window is None or step.amount is None:
        return ""
    first = max(start, step.window.start)
    days = (step.window.last_day - first).days + 1
    if days <= 0:
        return ""
    return f"{math.ceil(step.amount * 7 / days * 10) / 10:.1f}"


def _phrase(step: PlanStep, cycle: Window | None, lang: Lang, start: date) -> str:
    nl = lang == "nl"
    title = step.title(lang)
    period = _period(step, cycle, lang)
    if step.kind in ("amount", "work_hours") and step.amount is not None:
        unit = unit_name(step.unit or "hours", step.amount, lang)
        work = (" werk" if nl else " of work") if step.kind == "work_hours" else ""
        text = f"{fmt_amount(step.amount, lang)} {unit}{work} {'voor' if nl else 'for'} {title}"
        weekly = _weekly(step, start)
        if weekly:
            weekly = weekly.replace(".", ",") if nl else weekly
            text += (f" (gemiddeld {weekly} uur per week)" if nl
                     else f" (on average {weekly} hours a week)")
    elif step.kind == "activities" and step.count is not None:
        noun = ("activiteit" if step.count == 1 else "activiteiten") if nl else (
            "activity" if step.count == 1 else "activities")
        text = f"{_count_words(step.count, lang)} {noun} {'voor' if nl else 'for'} {title}"
    elif step.kind == "theme":
        theme = step.theme_title(lang) if step.theme_title else (step.theme or "")
        if step.amount is not None:
            unit = unit_name(step.unit or "hours", step.amount, lang)
            text = (f"{fmt_amount(step.amount, lang)} {unit} in thema {theme}" if nl
                    else f"{fmt_amount(step.amount, lang)} {unit} in the theme {theme}")
        else:
            text = (f"één activiteit in thema {theme}" if nl
                    else f"one activity in the theme {theme}")
    elif step.kind in ("qualification", "attestation"):
        kinds = (" of " if nl else " or ").join(t(lang) for t in step.kind_titles)
        text = f"{'een' if nl else 'a'} {kinds} ({'voor' if nl else 'for'} {title})"
    else:
        text = title
    text += period
    if not step.achievable:
        text += " (niet haalbaar)" if nl else " (not achievable)"
    return text


def render_plan(plan: Plan, lang: Lang = "nl") -> str:
    """The plan as one sentence (empty when nothing is left to do)."""
    nl = lang == "nl"
    if not plan.steps:
        if plan.met_now or not plan.verified or plan.deadline is None:
            return ""
        ids = f" ({', '.join(plan.recorded_later)})" if plan.recorded_later else ""
        word = ("uiterlijk" if plan.inclusive else "vóór") if nl else (
            "by" if plan.inclusive else "before")
        day = fmt_date(plan.deadline, lang)
        return (f"Nog te doen: niets meer; met wat al is vastgelegd (activiteiten met een latere "
                f"datum{ids}, lopend werk) voldoet u {word} {day} aan de eisen." if nl else
                f"Still to do: nothing more; with what is already recorded (activities with a "
                f"later date{ids}, ongoing work) you meet the requirements {word} {day}.")
    # "waarvan" is said once: a step inside a step inside another goes with the outermost.
    by_id = {step.requirement: step for step in plan.steps}
    children: dict[str, list[PlanStep]] = {}
    for step in plan.steps:
        outer, seen = step.within, set()
        while outer is not None and outer in by_id and by_id[outer].within is not None \
                and outer not in seen:
            seen.add(outer)
            outer = by_id[outer].within
        if outer is not None:
            children.setdefault(outer, []).append(step)
    parts = []
    for step in plan.steps:
        if step.within is not None:
            continue
        text = _phrase(step, plan.cycle, lang, plan.on)
        inner = children.pop(step.requirement, [])  # once, even if an id is in several periods
        if inner:
            phrases = [_phrase(c, plan.cycle, lang, plan.on) for c in inner]
            joined = phrases[-1] if len(phrases) == 1 else (
                ", ".join(phrases[:-1]) + (" en " if nl else " and ") + phrases[-1])
            text += (", waarvan " if nl else ", of which ") + joined
        parts.append(text)
    if plan.deadline is not None:
        word = ("uiterlijk" if plan.inclusive else "vóór") if nl else (
            "by" if plan.inclusive else "before")
        head = (f"Nog te doen {word} {fmt_date(plan.deadline, lang)}: " if nl
                else f"Still to do {word} {fmt_date(plan.deadline, lang)}: ")
    else:
        head = "Nog te doen: " if nl else "Still to do: "
    tail = ""
    if plan.recorded_later:
        ids = ", ".join(plan.recorded_later)
        tail = (f" Activiteiten die al met een latere datum zijn vastgelegd, tellen mee: {ids}."
                if nl else f" Activities already recorded with a later date are counted: {ids}.")
    return head + "; ".join(parts) + "." + tail
