"""Which window, rule version and parameter date judge each person, exactly as
:meth:`RuleSet.assess` chooses them.

For every person the cycle running on ``on`` is that of
:func:`vakmanschap.engine.cycles.current_cycle`
over their register events (``registered_on`` is a ``registered`` event). The requirement group
is the one asked for, or (as ``assess`` does without ``group``) ``registration`` for people
without a running cycle and ``reregistration`` for the others. The cycle's window, its judging
version and the date at which dated parameters are read (``CycleSpec.parameters_on``) follow.

People whose only event is one ``registered`` decision without a stated end (the usual HR
export) are handled per distinct registration date: their cycle is the term that decision
opens (:func:`vakmanschap.engine.cycles.open_cycle`, which is what ``current_cycle`` returns
for such
a history), so a million people cost a few thousand date computations. Richer histories, and
every person under rules with terms on a calendar grid (``cycle.grid``) or versions phased in
by level (``valid_from_by_level``), are computed person by person with ``current_cycle``.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import attrs
import numpy as np

from vakmanschap.engine.columnar.arrays import dense_unique
from vakmanschap.engine.columnar.dates import add_months
from vakmanschap.engine.columnar.memo import ColumnarMemo, frame_rules_digest
from vakmanschap.engine.cycles import Cycle, current_cycle, open_cycle
from vakmanschap.engine.receipt import canonical, digest
from vakmanschap.engine.ruleset import GROUPS, RuleSet, RuleVersion
from vakmanschap.errors import RuleError
from vakmanschap.model.records import Professional
from vakmanschap.population.fact_tables import I32, Bools
from vakmanschap.population.store import Population

__all__ = ["Assignment", "VersionGroup", "assign", "assign_through", "cycle_shape"]

NOT_REGISTERED = -1
_EPOCH = date(1, 1, 1).toordinal()


@attrs.frozen
class VersionGroup:
    """A rule version and requirement group that judges some of the people (not to be
    confused with a completion :class:`~vakmanschap.engine.plan.Plan`)."""

    version: RuleVersion
    group: str

    @property
    def label(self) -> str:
        """``version:group``."""
        return f"{self.version.id}:{self.group}"


@attrs.frozen(eq=False)
class Assignment:
    """Per person: the version and group judging them (``plan``, an index into ``plans``;
    -1: not registered, not assessed), the window ``[start, end)`` (or ``[start, end]`` when
    ``incl``), the parameter date, the date of the last registration decision (0: none), the
    cycle's due date (0: none) and level."""

    plans: tuple[VersionGroup, ...]
    plan: Any  # int16 per person
    start: I32
    end: I32
    incl: Bools
    params_on: I32
    decided: I32
    due: I32
    level: Any  # object array: the level held (cycle) or None


def _cycle_row(cycle: Cycle | None, rules: RuleSet, on: date, group: str | None,
               plans: dict[tuple[str, str], int], plan_list: list[VersionGroup]
               ) -> tuple[int, int, int, bool, int, int, int, str | None]:
    chosen = group or ("registration" if cycle is None else "reregistration")
    decided = cycle.decided_on.toordinal() if cycle is not None else 0
    if chosen == "registration":
        version = rules.version_at(on)
        if not version.registration:
            if group == "registration":
                raise RuleError(f"rule version {version.id!r} defines no registration levels")
            return NOT_REGISTERED, 0, 0, False, 0, decided, 0, None
        index = _plan(plans, plan_list, version, chosen)
        return index, _EPOCH, on.toordinal(), True, on.toordinal(), decided, 0, None
    if cycle is None:
        return NOT_REGISTERED, 0, 0, False, 0, 0, 0, None
    version = cycle.judged_by
    version.requirement(chosen)  # RuleError when the version lacks the group
    params_on = version.cycle.parameters_date(cycle.start, cycle.due, on)
    index = _plan(plans, plan_list, version, chosen)
    window = cycle.window
    return (index, window.start.toordinal(), window.end.toordinal(), window.end_inclusive,
            params_on.toordinal(), decided, cycle.due.toordinal(), cycle.level)


def _plan(plans: dict[tuple[str, str], int], plan_list: list[VersionGroup],
          version: RuleVersion, group: str) -> int:
    key = (version.id, group)
    if key not in plans:
        plans[key] = len(plan_list)
        plan_list.append(VersionGroup(version, group))
    return plans[key]


def assign(population: Population, rules: RuleSet, on: date, group: str | None = None
           ) -> Assignment:
    """Compute the :class:`Assignment` of every person of ``population`` on ``on``."""
    if group is not None and group not in GROUPS:
        raise RuleError(f"unknown requirement group {group!r}; allowed: {', '.join(GROUPS)}")
    n = population.size
    plans: dict[tuple[str, str], int] = {}
    plan_list: list[VersionGroup] = []
    plan = np.full(n, NOT_REGISTERED, dtype=np.int16)
    start = np.zeros(n, np.int32)
    end = np.zeros(n, np.int32)
    incl = np.zeros(n, bool)
    params_on = np.zeros(n, np.int32)
    decided = np.zeros(n, np.int32)
    due = np.zeros(n, np.int32)
    level = np.full(n, None, dtype=object)
    simple = population.registration_dates()
    if any(v.cycle.grid is not None or v.valid_from_by_level for v in rules.versions):
        # Terms on a calendar grid, or versions phased in by level: not the one term a
        # registration decision opens, so each person's cycle comes from current_cycle.
        simple = np.where(simple > 0, -1, simple)
    on_ord = on.toordinal()

    def fill(idx: Any, row: tuple[int, int, int, bool, int, int, int, str | None]) -> None:
        plan[idx], start[idx], end[idx], incl[idx] = row[0], row[1], row[2], row[3]
        params_on[idx], decided[idx], due[idx] = row[4], row[5], row[6]
        level[idx] = row[7]

    # People without events, and people whose only event is a `registered` decision: one
    # computation per distinct date.
    none = np.flatnonzero(simple == 0)
    if len(none):
        fill(none, _cycle_row(None, rules, on, group, plans, plan_list))
    dated = simple > 0
    if dated.any() and group != "registration":
        _registered_only(population, rules, on, group, dated, plans, plan_list,
                         (plan, start, end, incl, params_on, decided, due, level))
    elif dated.any():
        days, first, inverse = np.unique(simple[dated], return_index=True, return_inverse=True)
        where = np.flatnonzero(dated)
        rows = []
        for k, day in enumerate(days.tolist()):
            cycle = None
            if day <= on_ord:  # what current_cycle gives for one `registered` decision
                try:
                    cycle = open_cycle(rules, date.fromordinal(day), date.fromordinal(day), None)
                except RuleError as exc:
                    i = int(where[first[k]])
                    raise RuleError(f"{population.where(i)} (professional "
                                    f"{population.ids[i]}): {exc}") from None
            rows.append(_cycle_row(cycle, rules, on, group, plans, plan_list))
        table = list(zip(*rows, strict=True))
        targets: tuple[Any, ...] = (plan, start, end, incl, params_on, decided, due)
        for target, column in zip(targets, table, strict=False):
            target[where] = np.array(column)[inverse]
        # the level held is each person's own (that of their registration decision)
        levels = population.events.level
        if levels.count(None) != len(levels):
            running = np.array([r[0] != NOT_REGISTERED and r[6] != 0 for r in rows])[inverse]
            firsts = population.offsets("events")[where[running]]
            level[where[running]] = np.array(population.events.level, dtype=object)[firsts]
    # Everyone else: their cycle follows from their register events and leaves alone (a
    # Cycle holds dates, versions and a level, no ids), so people with the same dates share it.
    rows_of: dict[tuple[Any, ...], tuple[int, int, int, bool, int, int, int, str | None]] = {}
    for i, key in _cycle_keys(population, np.flatnonzero(simple < 0)):
        row = rows_of.get(key)
        if row is None:
            cycle = _current(population, i, _cycle_person(population, i), rules, on)
            row = rows_of[key] = _cycle_row(cycle, rules, on, group, plans, plan_list)
        fill(i, row)
    return Assignment(tuple(plan_list), plan, start, end, incl, params_on, decided, due, level)


def _registered_only(population: Population, rules: RuleSet, on: date, group: str | None,
                     dated: Bools, plans: dict[tuple[str, str], int], plan_list: list[VersionGroup],
                     targets: tuple[Any, ...]) -> None:
    """Fill the rows of people whose only event is a ``registered`` decision, vectorised over
    the distinct dates: their cycle is the term that decision opens
    (:func:`vakmanschap.engine.cycles.open_cycle` without a stated end): the version in force on the
    date, its term added with the date policy, judged by a later version that declares
    ``judge_running_cycles`` and takes effect within the term."""
    plan, start, end, incl, params_on, decided, due, level = targets
    on_ord = on.toordinal()
    where = np.flatnonzero(dated)
    simple = population.registration_dates()
    days, inverse = dense_unique(simple[where])
    later = days > on_ord
    if later.any():  # registered after the date: no cycle yet
        row = _cycle_row(None, rules, on, group, plans, plan_list)
        members = where[later[inverse]]
        plan[members], start[members], end[members], incl[members] = row[:4]
        params_on[members], decided[members], due[members] = row[4:7]
    running = np.flatnonzero(~later)
    if not len(running):
        return
    versions = rules.versions
    valid_from = np.array([v.valid_from.toordinal() for v in versions], dtype=np.int64)
    valid_until = np.array([v.valid_until.toordinal() if v.valid_until else 1 << 30
                            for v in versions], dtype=np.int64)
    d = days[running].astype(np.int64)
    index = np.searchsorted(valid_from, d, side="right") - 1
    uncovered = (index < 0) | (d > valid_until[np.maximum(index, 0)])
    if uncovered.any():
        k = int(running[np.flatnonzero(uncovered)[0]])
        i = int(where[np.flatnonzero(inverse == k)[0]])  # the first person with that date
        try:
            rules.version_at(date.fromordinal(int(days[k])))
        except RuleError as exc:
            raise RuleError(f"{population.where(i)} (professional {population.ids[i]}): "
                            f"{exc}") from None
    u_due = np.zeros(len(d), dtype=np.int64)
    roll = rules.date_policy.month_end == "roll"
    for k, version in enumerate(versions):
        members = index == k
        if members.any():
            spec = version.cycle
            u_due[members] = add_months(d[members], spec.years * 12 + spec.months, roll)
    judge = index.copy()
    for k, version in enumerate(versions):
        if version.judge_running_cycles:
            judge[(valid_from[k] > d) & (valid_from[k] <= u_due)] = k
    chosen = group or "reregistration"
    u_plan = np.zeros(len(d), dtype=np.int16)
    u_params = np.zeros(len(d), dtype=np.int64)
    for k in np.unique(judge).tolist():
        version = versions[k]
        version.requirement(chosen)  # RuleError when the version lacks the group
        members = judge == k
        u_plan[members] = _plan(plans, plan_list, version, chosen)
        u_params[members] = version.cycle.parameters_date(
            d, u_due, np.full(len(d), on_ord))[members]
    people = where[~later[inverse]]
    back = np.searchsorted(running, inverse[~later[inverse]])
    plan[people] = u_plan[back]
    start[people] = d[back]
    decided[people] = d[back]
    end[people] = u_due[back]
    due[people] = u_due[back]
    incl[people] = rules.date_policy.window_end == "inclusive"
    params_on[people] = u_params[back]
    levels = population.events.level  # the level held is that of each one's decision
    if levels.count(None) != len(levels):
        firsts = population.offsets("events")[people]
        level[people] = np.array(levels, dtype=object)[firsts]


def _cycle_keys(population: Population, people: Any) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """(person, what their cycle depends on) for each of ``people``: the dates, kinds, levels
    and ends of their register events and the dates and kinds of their leaves."""
    if not len(people):  # the usual export: nobody (the rows below are per event, not free)
        return
    ev, lv = population.events, population.leaves
    ev_at, lv_at = population.offsets("events"), population.offsets("leaves")
    ev_rows = list(zip(ev.kind.tolist(), ev.on.tolist(), ev.level, ev.until.tolist(),
                       strict=True))
    lv_rows = list(zip(lv.start.tolist(), lv.end.tolist(), lv.kind.tolist(), strict=True))
    objects = population.objects
    for i in people.tolist():
        # a decision that names no level is for the person's own profession
        profession = objects[i].profession if objects is not None else None
        yield i, (tuple(ev_rows[ev_at[i]:ev_at[i + 1]]), tuple(lv_rows[lv_at[i]:lv_at[i + 1]]),
                  profession)


def _cycle_person(population: Population, i: int) -> Professional:
    """Person ``i`` with only what their cycle is computed from (events and leaves): building
    every activity of a workforce only to find each one's term took most of an evaluation."""
    if population.objects is not None:
        return population.objects[i]
    return Professional(id=str(population.ids[i]), leaves=population.leaves_of(i),
                        events=population.events_of(i))


def _current(population: Population, i: int, person: Professional, rules: RuleSet,
             on: date) -> Cycle | None:
    try:
        return current_cycle(person, rules, on)
    except RuleError as exc:
        raise RuleError(f"{population.where(i)} (professional {population.ids[i]}): "
                        f"{exc}") from None


_TREES = ("registration", "development", "reregistration")


def cycle_shape(rules: RuleSet) -> str:
    """The digest of everything :func:`assign` reads from ``rules``: the rule set but its
    versions (vocabulary, date policy, ...), and every version but its requirement trees
    (of which only which groups exist, and the levels of the registration routes, count).
    Equal for a rule set and its threshold variants; a changed term, date or policy
    changes it."""
    def shape(version: RuleVersion) -> dict[str, Any]:
        fields = {f.name: canonical(getattr(version, f.name))
                  for f in attrs.fields(type(version)) if f.name not in _TREES}
        fields["groups"] = [route.level for route in version.registration], [
            getattr(version, name) is not None for name in _TREES[1:]]
        return fields

    return rules.derived("cycle shape", lambda r: digest(
        {"rules": frame_rules_digest(r), "versions": [shape(v) for v in r.versions]}))


def assign_through(memo: ColumnarMemo | None, population: Population, rules: RuleSet,
                   on: date, group: str | None = None) -> Assignment:
    """:func:`assign`, or the assignment the memo's baseline found for the same population
    (by identity), date, group and :func:`cycle_shape` (a threshold variant's people are in
    the same windows), its versions those of ``rules``."""
    if memo is None:
        return assign(population, rules, on, group)
    found = memo.kept(("assignment", on, group, cycle_shape(rules)), population,
                      lambda: assign(population, rules, on, group))
    versions = {v.id: v for v in rules.versions}
    plans = tuple(plan if versions.get(plan.version.id) is plan.version
                  else VersionGroup(versions[plan.version.id], plan.group) for plan in found.plans)
    if all(a is b for a, b in zip(plans, found.plans, strict=True)):
        return found
    return attrs.evolve(found, plans=plans)
