"""The columnar evaluator: the same requirement tree, evaluated for everyone at once.

The rule tree objects that :meth:`RuleSet.assess` walks (the :class:`Requirement` subclasses
of ``primitives/``) are walked here too; for each primitive a function computes, with numpy
over all activities sorted by person, what the primitive's ``evaluate`` computes for one
person: met, actual and required per person (see docs/population.md for the exactness
argument). The functions mirror the primitives line by line:

* ``total``: the activity filter, ``per_activity_min``, then the caps in chronological order
  (ties by activity id): per activity, per day, per category. A running cap is applied with
  a segmented cumulative sum: what is counted after activity *i* of a group is
  ``min(S_i, cap)``, so activity *i* counts ``min(S_i, cap) - min(S_{i-1}, cap)``;
* ``count``, ``distinct_themes``, ``share``: filtered sums and counts per person;
* ``per_period``: the person's window split exactly as :meth:`Window.split` splits it (per
  distinct window), the sub-requirement evaluated for each part;
* ``all_of``, ``any_of``, ``at_least``: counts of met children.

Primitives without a columnar form here (``work_hours``, ``qualification``, ``attestation``
and any primitive added later) are evaluated person by person with their own ``evaluate``,
for those nodes only: the rest of the tree stays columnar.

Dated parameters are read per person at the date :class:`~vakmanschap.population.windows.
Assignment` gives (``CycleSpec.parameters_on``). Amounts stay integer hundredths throughout,
so sums are exact; actual and required values are produced with the same float operations as
the primitives, so that both evaluators agree to the last bit.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

import attrs
import numpy as np

from vakmanschap.context import EvalContext, prepare_activities
from vakmanschap.errors import DataError, RuleError
from vakmanschap.periods import Window
from vakmanschap.population.store import F64, I32, Bools, IntArray, Population
from vakmanschap.population.windows import Assignment, Plan
from vakmanschap.primitives.base import ActivityFilter, Requirement
from vakmanschap.primitives.combinators import AllOf, AnyOf, AtLeast
from vakmanschap.primitives.count import Count
from vakmanschap.primitives.distinct_themes import DistinctThemes
from vakmanschap.primitives.per_period import PerPeriod
from vakmanschap.primitives.share import Share
from vakmanschap.primitives.total import Total
from vakmanschap.rules.params import Dated
from vakmanschap.rules.ruleset import RuleSet

__all__ = ["COLUMNAR", "Ctx", "Occ", "State", "evaluate_plan", "result_keys"]

Progress = Callable[[str, float], None]

# The context carries the level of the registration judged in newer versions of the engine.
_HAS_LEVEL = "level" in getattr(EvalContext, "__slots__", ())


# -- per-activity helpers --------------------------------------------------------------------


def person_sums(values: Any, offsets: IntArray, n: int) -> IntArray:
    """Sum of ``values`` (one per activity, sorted by person) per person, exactly (int64)."""
    out = np.zeros(n, dtype=np.int64)
    if len(values) == 0:
        return out
    counts = np.diff(offsets)
    nonempty = np.flatnonzero(counts)
    if len(nonempty):
        out[nonempty] = np.add.reduceat(values, offsets[nonempty], dtype=np.int64)
    return out


def running_cap(counted: IntArray, group_start: Any, cap: Any) -> IntArray:
    """Apply a running ``cap`` over groups of consecutive activities (``group_start`` marks
    the first activity of each group); ``cap`` is a scalar or one value per activity."""
    cs = np.cumsum(counted)
    starts = np.flatnonzero(group_start)
    base = np.zeros(len(starts), dtype=np.int64)
    base[1:] = cs[starts[1:] - 1]
    lengths = np.diff(np.append(starts, len(counted)))
    running = cs - np.repeat(base, lengths)
    capped: IntArray = np.minimum(running, cap) - np.minimum(running - counted, cap)
    return capped


# -- the evaluation state ----------------------------------------------------------------------


class State:
    """What one evaluation of a population under a rule set shares between nodes."""

    def __init__(self, population: Population, rules: RuleSet, on: date,
                 assignment: Assignment, progress: Progress | None = None) -> None:
        self.pop = population
        self.rules = rules
        self.on = on
        self.on_ord = on.toordinal()
        self.assignment = assignment
        self.progress = progress
        acts = population.activities
        self.acts = acts
        self.n = population.size
        self.offsets = population.offsets("activities")
        self.counts = np.diff(self.offsets)
        self._static: dict[Any, Bools | None] = {}
        self._eff: Any = None
        self._day_start: Bools | None = None
        self._person_start: Bools | None = None
        self._people: dict[int, tuple[Any, Any]] = {}
        self.fallbacks: set[str] = set()
        check_vocabulary(population, rules)

    # activity-level views, computed once per evaluation

    def expand(self, per_person: Any) -> Any:
        """One value per activity from one value per person (scalars pass through)."""
        if np.ndim(per_person) == 0:
            return per_person
        return np.repeat(per_person, self.counts)

    @property
    def effective_category(self) -> Any:
        """Per activity: the index in ``rules.categories`` after reclassification of
        unaccredited activities (``if_unaccredited``), as :func:`prepare_activities` does."""
        if self._eff is None:
            names = list(self.rules.categories)
            store = self.acts.categories
            to_rule = np.array([names.index(c) for c in store] or [0], dtype=np.int16)
            moves = [self.rules.categories[c].if_unaccredited or c for c in store]
            target = np.array([names.index(c) for c in moves] or [0], dtype=np.int16)
            recorded = to_rule[self.acts.category]
            moved = target[self.acts.category]
            self._eff = np.where(self.acts.accredited, recorded, moved)
        return self._eff

    def category_codes(self, names: Sequence[str]) -> list[int]:
        """Rule-category indices of ``names``."""
        order = list(self.rules.categories)
        return [order.index(n) for n in names if n in order]

    def theme_bits(self, names: Sequence[str]) -> int:
        """Bit mask (store vocabulary) of these theme names; names the store lacks add 0."""
        mask = 0
        for name in names:
            if name in self.acts.themes_names:
                mask |= 1 << self.acts.themes_names.index(name)
        return mask

    def static(self, filt: ActivityFilter, unit: str) -> Bools | None:
        """Activities passing the filter's unit, category, accreditation, provider and theme
        checks (window aside); None when every activity passes."""
        key = (filt.categories, filt.themes, filt.accredited, filt.providers, unit)
        if key in self._static:
            return self._static[key]
        acts = self.acts
        mask: Bools | None = None

        def both(extra: Bools) -> Bools:
            return extra if mask is None else mask & extra

        points = unit == "points"
        if len(acts) and (acts.points != points).any():
            mask = both(acts.points == points)
        if filt.categories is not None:
            table = np.zeros(len(self.rules.categories), dtype=bool)
            table[self.category_codes(filt.categories)] = True
            mask = both(table[self.effective_category])
        if filt.accredited is not None:
            mask = both(acts.accredited == filt.accredited)
        if filt.providers is not None:
            allowed = np.zeros(len(acts.providers) + 1, dtype=bool)
            for name in filt.providers:
                if name in acts.providers:
                    allowed[acts.providers.index(name)] = True
            mask = both(allowed[acts.provider])  # index -1 (no provider) -> last: False
        if filt.themes is not None:
            bits = self.theme_bits(filt.themes)
            mask = both((acts.themes & acts.themes.dtype.type(bits)) != 0)
        self._static[key] = mask
        return mask

    @property
    def day_start(self) -> Bools:
        """True at the first activity of each (person, day)."""
        if self._day_start is None:
            acts = self.acts
            start = np.ones(len(acts), dtype=bool)
            if len(acts):
                start[1:] = (acts.person[1:] != acts.person[:-1]) | (
                    acts.day[1:] != acts.day[:-1])
            self._day_start = start
        return self._day_start

    @property
    def person_start(self) -> Bools:
        """True at the first activity of each person."""
        if self._person_start is None:
            start = np.zeros(len(self.acts), dtype=bool)
            firsts = self.offsets[:-1][self.counts > 0]
            start[firsts] = True
            self._person_start = start
        return self._person_start

    # per-person objects for the fallback

    def person(self, i: int) -> tuple[Any, Any]:
        """The professional ``i`` and their prepared activities (cached)."""
        found = self._people.get(i)
        if found is None:
            professional = self.pop.professional(i)
            found = (professional, prepare_activities(professional, self.rules))
            self._people[i] = found
        return found


def check_vocabulary(population: Population, rules: RuleSet) -> None:
    """DataError naming the first activity whose category or theme the rule set lacks."""
    acts = population.activities
    for code, name in enumerate(acts.categories):
        if name not in rules.categories:
            hits = np.flatnonzero(acts.category == code)
            if len(hits):
                raise DataError(f"unknown category {name!r}; allowed: "
                                f"{', '.join(rules.categories)}",
                                record=acts.where(int(hits[0])), field="category")
    for bit, name in enumerate(acts.themes_names):
        if name not in rules.themes:
            hits = np.flatnonzero(acts.themes & acts.themes.dtype.type(1 << bit))
            if len(hits):
                allowed = ", ".join(rules.themes) or "(this register has no themes)"
                raise DataError(f"unknown theme {name!r}; allowed: {allowed}",
                                record=acts.where(int(hits[0])), field="theme")


# -- contexts: a set of people, each with a window -----------------------------------------------


class Ctx:
    """People (``mask``) each judged in a window ``[start, end)`` / ``[start, end]``."""

    def __init__(self, state: State, mask: Bools, start: I32, end: I32, incl: Bools,
                 params_on: I32, suffix: str = "") -> None:
        self.state = state
        self.mask = mask
        self.start = start
        self.end = end
        self.incl = incl
        self.last = np.where(incl, end, end - 1).astype(np.int32)
        self.params_on = params_on
        self.suffix = suffix
        self._active: Bools | None = None
        self._constant_params: bool | None = None

    def key(self, node: Requirement) -> str:
        """The result key of ``node`` here: its id, plus ``[p]`` per enclosing period."""
        return node.id + self.suffix

    def active(self) -> Bools:
        """Activities of people in ``mask`` inside their window and not after ``on``."""
        if self._active is None:
            st = self.state
            last = np.minimum(self.last, st.on_ord)
            last = np.where(self.mask, last, np.iinfo(np.int32).min)
            day = st.acts.day
            self._active = (day >= st.expand(self.start)) & (day <= st.expand(last))
        return self._active

    def select(self, filt: ActivityFilter, unit: str) -> Bools:
        """Activities that a node with this filter and unit looks at."""
        static = self.state.static(filt, unit)
        return self.active() if static is None else self.active() & static

    def param(self, value: Dated | None) -> Any:
        """The parameter's value per person (a scalar when it does not change), or None."""
        if value is None:
            return None
        if value.is_constant or len(value.values) == 1:
            day, constant = value.values[0]
            if not value.is_constant:
                self._check_first(day.toordinal(), value)
            return constant
        days = np.array([d.toordinal() for d, _ in value.values], dtype=np.int32)
        index = np.searchsorted(days, self.params_on, side="right") - 1
        self._check_first(int(days[0]), value, index)
        items = [v for _, v in value.values]
        if any(v is None for v in items):
            return np.array(items, dtype=object)[np.maximum(index, 0)]
        return np.array(items, dtype=np.float64)[np.maximum(index, 0)]

    def _check_first(self, first: int, value: Dated, index: Any = None) -> None:
        early = self.mask & (self.params_on < first)
        if early.any():
            day = date.fromordinal(int(self.params_on[np.flatnonzero(early)[0]]))
            raise RuleError(f"no value in force on {day}; the first applies from "
                            f"{value.values[0][0]}")

    def window(self, i: int) -> Window:
        """Person ``i``'s window as a :class:`Window`."""
        return Window(date.fromordinal(int(self.start[i])), date.fromordinal(int(self.end[i])),
                      bool(self.incl[i]))

    def sub(self, mask: Bools, start: I32, end: I32, incl: Bools, suffix: str) -> Ctx:
        """The same people, narrowed to sub-windows."""
        return Ctx(self.state, mask, start, end, incl, self.params_on, self.suffix + suffix)


def _cents(value: Any) -> Any:
    """``round(value * 100)`` per person, as the primitives compute hundredths."""
    if value is None:
        return None
    if np.ndim(value) == 0:
        return round(value * 100)
    return np.rint(np.asarray(value, dtype=np.float64) * 100).astype(np.int64)


def _whole(value: Any) -> Any:
    """``int(value)`` per person."""
    if np.ndim(value) == 0:
        return int(value)
    return np.trunc(np.asarray(value, dtype=np.float64)).astype(np.int64)


# -- occurrences: a node evaluated in a context --------------------------------------------------


@attrs.define(eq=False)
class Occ:
    """One requirement node evaluated in one context: per person met, actual and required
    (meaningful where ``ctx.mask``), its children, and statistics a sweep can reuse."""

    key: str
    node: Requirement
    ctx: Ctx
    met: Bools
    actual: F64 | None
    required: F64 | None
    shortfall: F64 | None
    children: list[Occ] = attrs.field(factory=list)
    stats: dict[str, Any] = attrs.field(factory=dict)
    unit: str | None = None
    extra: list[Occ] = attrs.field(factory=list)  # descendants of a per-person node

    def walk(self) -> Any:
        """This occurrence and all below it, depth first (per-person subtrees flattened)."""
        yield self
        yield from self.extra
        for child in self.children:
            yield from child.walk()


def _float(values: Any, n: int) -> F64:
    if np.ndim(values) == 0:
        return np.full(n, float(values))
    return np.asarray(values, dtype=np.float64)


def _derived_shortfall(required: F64, actual: F64) -> F64:
    """``max(0, round(required - actual, 2))`` as the primitives derive it."""
    return np.maximum(0.0, np.round(required - actual, 2))


Evaluator = Callable[[Any, Ctx], Occ]


def evaluate_node(node: Requirement, ctx: Ctx) -> Occ:
    """Evaluate ``node`` in ``ctx`` with its columnar form, or person by person."""
    evaluator = COLUMNAR.get(type(node))
    if evaluator is None:
        return _fallback(node, ctx)
    return evaluator(node, ctx)


def _total(node: Total, ctx: Ctx) -> Occ:
    st = ctx.state
    unit = node.unit or st.rules.unit
    sel = ctx.select(node.filter, unit)
    amount = st.acts.amount
    floor = _cents(ctx.param(node.per_activity_min))
    if floor is not None:
        sel = sel & (amount >= st.expand(floor))
    counted = np.where(sel, amount, 0).astype(np.int64)
    act_cap = _cents(ctx.param(node.cap_per_activity))
    if act_cap is not None:
        counted = np.minimum(counted, st.expand(act_cap))
    day_cap = _cents(ctx.param(node.cap_per_day))
    if day_cap is not None:
        counted = running_cap(counted, st.day_start, st.expand(day_cap))
    stats: dict[str, Any] = {}
    if node.cap_per_category:
        eff = st.effective_category
        for name, param in node.cap_per_category.items():
            cap = _cents(ctx.param(param))
            codes = st.category_codes([name])
            if not codes:
                continue
            in_cat = sel & (eff == codes[0])
            part = np.where(in_cat, counted, 0)
            capped = running_cap(part, st.person_start, st.expand(cap))
            counted = np.where(in_cat, capped, counted)
    total = person_sums(counted, st.offsets, st.n)
    factor = _prorate_factor(node.prorate, ctx)
    minimum = ctx.param(node.min)
    required_c = _prorated_minimum(minimum, factor, node.round)
    met = total >= required_c
    actual = total / 100
    required = _float(required_c, st.n) / 100
    stats.update(total=total, factor=factor)
    return Occ(ctx.key(node), node, ctx, met, actual, required,
               _derived_shortfall(required, actual), stats=stats, unit=unit)


def _prorate_factor(prorate: tuple[str, ...], ctx: Ctx) -> Any:
    """:func:`vakmanschap.primitives.total.prorate_factor` per person."""
    factor: Any = 1.0
    st = ctx.state
    if "fte" in prorate:
        factor = np.minimum(st.pop.fte, 1.0)
    if "late_entry" in prorate:
        entry = st.pop.entry
        days = (ctx.last.astype(np.int64) - ctx.start + 1).astype(np.float64)
        remaining = np.maximum(0, ctx.last.astype(np.int64) - entry + 1).astype(np.float64)
        late = (entry != 0) & (entry > ctx.start) & (days > 0)  # days: 0 outside ctx.mask
        share = remaining / np.where(days > 0, days, 1.0)
        factor = np.where(late, factor * share, factor)
    return factor


def _prorated_minimum(minimum: Any, factor: Any, rounding: str) -> Any:
    """:func:`vakmanschap.primitives.total.prorated_minimum` per person (hundredths)."""
    if np.ndim(minimum) == 0 and np.ndim(factor) == 0:
        raw = round(minimum * 100) * factor
        if rounding == "whole":
            return math.ceil(raw / 100 - 1e-9) * 100
        return math.ceil(raw - 1e-9)
    raw = _cents(minimum) * np.asarray(factor, dtype=np.float64)
    if rounding == "whole":
        return (np.ceil(raw / 100 - 1e-9) * 100).astype(np.int64)
    return np.ceil(raw - 1e-9).astype(np.int64)


def _count(node: Count, ctx: Ctx) -> Occ:
    st = ctx.state
    unit = node.unit or st.rules.unit
    sel = ctx.select(node.filter, unit)
    count = person_sums(sel, st.offsets, st.n)
    required = _whole(ctx.param(node.min))
    met = count >= required
    actual = count.astype(np.float64)
    req = _float(required, st.n)
    return Occ(ctx.key(node), node, ctx, met, actual, req, _derived_shortfall(req, actual),
               stats={"count": count}, unit="activities")


def _distinct_themes(node: DistinctThemes, ctx: Ctx) -> Occ:
    st = ctx.state
    unit = node.unit or st.rules.unit
    listed = node.of if node.of is not None else tuple(st.rules.themes)
    sel = ctx.select(node.filter, unit)
    acts = st.acts
    amount = acts.amount
    sums: list[IntArray] = []
    for theme in listed:
        bits = st.theme_bits([theme])
        if not bits:
            sums.append(np.zeros(st.n, dtype=np.int64))
            continue
        has = sel & ((acts.themes & acts.themes.dtype.type(bits)) != 0)
        sums.append(person_sums(np.where(has, amount, 0), st.offsets, st.n))
    threshold = _theme_threshold(ctx.param(node.min_per_theme))
    covered = _covered(sums, threshold, st.n)
    required = _whole(ctx.param(node.min))
    met = covered >= required
    actual = covered.astype(np.float64)
    req = _float(required, st.n)
    return Occ(ctx.key(node), node, ctx, met, actual, req, _derived_shortfall(req, actual),
               stats={"sums": sums}, unit="themes")


def _theme_threshold(need: Any) -> Any:
    """``round(need * 100) if need else 1`` per person."""
    if need is None:
        return 1
    if np.ndim(need) == 0:
        return round(need * 100) if need else 1
    need = np.asarray(need, dtype=np.float64)
    return np.where(need != 0, np.rint(need * 100), 1).astype(np.int64)


def _covered(sums: list[IntArray], threshold: Any, n: int) -> IntArray:
    covered = np.zeros(n, dtype=np.int64)
    for s in sums:
        covered += (s >= threshold) & (s > 0)
    return covered


def _share(node: Share, ctx: Ctx) -> Occ:
    st = ctx.state
    unit = node.unit or st.rules.unit
    sel = ctx.select(node.filter, unit)
    amount = st.acts.amount
    table = np.zeros(len(st.rules.categories), dtype=bool)
    table[st.category_codes(node.part_categories)] = True
    in_part = sel & table[st.effective_category]
    part = person_sums(np.where(in_part, amount, 0), st.offsets, st.n)
    whole = person_sums(np.where(sel, amount, 0), st.offsets, st.n)
    low = ctx.param(node.min)
    high = ctx.param(node.max)
    met, actual, missing = share_outcome(part, whole, low, high, ctx.mask)
    bound = low if low is not None else high
    required = _float(bound, st.n)
    return Occ(ctx.key(node), node, ctx, met, actual, required, missing / 100,
               stats={"part": part, "whole": whole}, unit="share")


def share_outcome(part: IntArray, whole: IntArray, low: Any, high: Any, mask: Bools
                  ) -> tuple[Bools, F64, Any]:
    """Met, ``round(share, 4)`` and the missing hundredths, as ``Share.evaluate`` computes
    them (the same float operations, element by element)."""
    n = len(part)
    partf = part.astype(np.float64)
    wholef = whole.astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(whole != 0, partf / np.where(whole != 0, wholef, 1.0), 0.0)
    missing = np.zeros(n, dtype=np.int64)
    if low is not None:
        lowf = np.broadcast_to(np.asarray(low, dtype=np.float64), (n,))
        short = (whole == 0) | (share < lowf)
        with np.errstate(divide="ignore", invalid="ignore"):
            below_one = np.ceil((lowf * wholef - partf) / (1 - lowf) - 1e-9)
        at_one = np.where(whole - part != 0, whole - part, 1)
        value = np.where(lowf < 1, np.nan_to_num(below_one, nan=0.0, posinf=0.0, neginf=0.0),
                         at_one)
        missing = np.where(short, np.maximum(value, 1), missing).astype(np.int64)
    if high is not None:
        highf = np.broadcast_to(np.asarray(high, dtype=np.float64), (n,))
        over = (whole != 0) & (share > highf)
        with np.errstate(divide="ignore", invalid="ignore"):
            value = np.where(highf > 0, np.ceil(partf / np.where(highf > 0, highf, 1.0)
                                                 - wholef - 1e-9), 0)
        value = np.where(value != 0, value, 1)
        missing = np.where(over, value, missing).astype(np.int64)
    met = missing == 0
    rounded = np.zeros(n, dtype=np.float64)
    idx = np.flatnonzero(mask)
    rounded[idx] = [round(x, 4) for x in share[idx].tolist()]
    return met, rounded, missing


@attrs.frozen
class Parts:
    """Per person the sub-windows of their window: ``count[i]`` parts, part ``p`` spanning
    ``start[p, i]`` .. ``end[p, i]`` (``incl[p, i]``)."""

    count: Any
    start: Any
    end: Any
    incl: Any


def split_windows(ctx: Ctx, every: str) -> Parts:
    """Split each person's window as :meth:`Window.split` does (once per distinct window)."""
    st = ctx.state
    policy = st.rules.date_policy
    idx = np.flatnonzero(ctx.mask)
    key = (ctx.start[idx].astype(np.int64) << 23) | (ctx.end[idx].astype(np.int64) << 1) | \
        ctx.incl[idx].astype(np.int64)
    uniques, inverse = np.unique(key, return_inverse=True)
    tables: list[list[Window]] = []
    for k in uniques.tolist():
        window = Window(date.fromordinal(k >> 23), date.fromordinal((k >> 1) & ((1 << 22) - 1)),
                        bool(k & 1))
        if every == "calendar_year":
            parts = list(window.split(policy, calendar_years=True))
        elif every == "cycle_year":
            parts = list(window.split(policy, years=1))
        else:
            parts = list(window.split(policy, months=int(every.split(":")[1])))
        tables.append(parts)
    width = max((len(t) for t in tables), default=0)
    n = st.n
    count = np.zeros(n, dtype=np.int64)
    start = np.zeros((width, n), dtype=np.int32)
    end = np.zeros((width, n), dtype=np.int32)
    incl = np.zeros((width, n), dtype=bool)
    t_count = np.array([len(t) for t in tables] or [0], dtype=np.int64)
    t_start = np.zeros((width, max(len(tables), 1)), dtype=np.int32)
    t_end = np.zeros_like(t_start)
    t_incl = np.zeros(t_start.shape, dtype=bool)
    for u, parts in enumerate(tables):
        for p, w in enumerate(parts):
            t_start[p, u] = w.start.toordinal()
            t_end[p, u] = w.end.toordinal()
            t_incl[p, u] = w.end_inclusive
    count[idx] = t_count[inverse]
    start[:, idx] = t_start[:, inverse]
    end[:, idx] = t_end[:, inverse]
    incl[:, idx] = t_incl[:, inverse]
    return Parts(count, start, end, incl)


def _per_period(node: PerPeriod, ctx: Ctx) -> Occ:
    st = ctx.state
    parts = split_windows(ctx, node.every)
    entry = st.pop.entry
    children: list[Occ] = []
    met_count = np.zeros(st.n, dtype=np.int64)
    evaluated = np.zeros(st.n, dtype=np.int64)
    skipped = np.zeros(st.n, dtype=np.int64)
    for p in range(parts.start.shape[0]):
        exists = ctx.mask & (parts.count > p)
        last = np.where(parts.incl[p], parts.end[p], parts.end[p] - 1)
        skip = np.zeros(st.n, dtype=bool)
        if node.skip_before_entry:
            skip = exists & (entry != 0) & (last < entry)
            skipped += skip
        mask = exists & ~skip
        sub = ctx.sub(mask, parts.start[p], parts.end[p], parts.incl[p], f"[{p}]")
        child = evaluate_node(node.requires, sub)
        children.append(child)
        met_count += child.met & mask
        evaluated += mask
    allowed = _whole(ctx.param(node.allow_missed)) if node.allow_missed is not None else 0
    needed = np.maximum(0, evaluated - allowed)
    met = met_count >= needed
    actual = met_count.astype(np.float64)
    required = needed.astype(np.float64)
    return Occ(ctx.key(node), node, ctx, met, actual, required,
               _derived_shortfall(required, actual), children,
               stats={"met_count": met_count, "evaluated": evaluated, "skipped": skipped},
               unit="periods")


def _composite(node: Any, ctx: Ctx) -> Occ:
    st = ctx.state
    children = [evaluate_node(item, ctx) for item in node.items]
    met_count = np.zeros(st.n, dtype=np.int64)
    for child in children:
        met_count += child.met
    if isinstance(node, AllOf):
        needed: Any = len(node.items)
    elif isinstance(node, AnyOf):
        needed = 1
    else:
        needed = _whole(ctx.param(node.k))
    met = met_count >= needed
    actual = met_count.astype(np.float64)
    required = _float(needed, st.n)
    return Occ(ctx.key(node), node, ctx, met, actual, required,
               _derived_shortfall(required, actual), children,
               stats={"met_count": met_count}, unit="requirements")


def _fallback(node: Requirement, ctx: Ctx) -> Occ:
    """Evaluate ``node`` person by person with its own ``evaluate`` (and its subtree)."""
    st = ctx.state
    st.fallbacks.add(node.key)
    n = st.n
    rules = st.rules
    columns: dict[str, tuple[Requirement, Bools, Bools, F64, F64, F64, str | None]] = {}
    order: list[str] = []
    idx = np.flatnonzero(ctx.mask)
    for count, i in enumerate(idx.tolist()):
        if st.progress is not None and count % 2000 == 0:
            st.progress(f"{node.id} (per person)", count / max(len(idx), 1))
        professional, prepared = st.person(i)
        decided = int(st.assignment.decided[i])
        extra = {"level": st.assignment.level[i]} if _HAS_LEVEL else {}
        ectx = EvalContext(
            professional=professional, rules=rules, on=st.on, window=ctx.window(i),
            params_on=date.fromordinal(int(ctx.params_on[i])), deadline=None,
            last_registration=date.fromordinal(decided) if decided else None,
            policy=rules.date_policy, unit=rules.unit, activities=prepared, **extra)
        result = node.evaluate(ectx)
        for key, res in result_keys(result, ctx.suffix):
            if key not in columns:
                columns[key] = (res.rule or node, np.zeros(n, bool), np.zeros(n, bool),
                                np.full(n, np.nan), np.full(n, np.nan), np.full(n, np.nan),
                                res.unit)
                order.append(key)
            _, applies, met, actual, required, shortfall, _ = columns[key]
            applies[i] = True
            met[i] = res.met
            actual[i] = np.nan if res.actual is None else res.actual
            required[i] = np.nan if res.required is None else res.required
            shortfall[i] = np.nan if res.shortfall is None else res.shortfall
    own = ctx.key(node)
    if own not in columns:  # nobody in the context
        columns[own] = (node, np.zeros(n, bool), np.zeros(n, bool), np.full(n, np.nan),
                        np.full(n, np.nan), np.full(n, np.nan), None)
        order.insert(0, own)
    occs = {}
    for key in order:
        rule, applies, met, actual, required, shortfall, unit = columns[key]
        sub = Ctx(st, applies, ctx.start, ctx.end, ctx.incl, ctx.params_on, ctx.suffix)
        occs[key] = Occ(key, rule, sub, met, actual, required, shortfall, unit=unit)
    root = occs.pop(own)
    root.ctx = ctx
    root.extra = list(occs.values())  # its own subtree, flattened (for the result columns)
    root.stats["fallback"] = True
    return root


COLUMNAR: dict[type[Requirement], Evaluator] = {
    Total: _total,
    Count: _count,
    DistinctThemes: _distinct_themes,
    Share: _share,
    PerPeriod: _per_period,
    AllOf: _composite,
    AnyOf: _composite,
    AtLeast: _composite,
}


def result_keys(result: Any, suffix: str = "") -> Any:
    """(key, node) for every node of a per-person result tree, keyed as the population
    evaluator keys its columns: the rule id, plus ``[p]`` for each enclosing period ``p``
    (the index among all parts of the window, skipped parts included)."""
    yield result.id + suffix, result
    if result.kind == "per_period":
        offset = int(result.detail.get("skipped_before_entry", 0))
        for position, child in enumerate(result.children):
            yield from result_keys(child, f"{suffix}[{offset + position}]")
        return
    for child in result.children:
        yield from result_keys(child, suffix)


# -- one plan -----------------------------------------------------------------------------------


def evaluate_plan(state: State, plan: Plan, members: Bools) -> Occ:
    """Evaluate the plan's requirement tree for the people in ``members``."""
    a = state.assignment
    ctx = Ctx(state, members, a.start, a.end, a.incl, a.params_on)
    if plan.group != "registration":
        return evaluate_node(plan.version.requirement(plan.group), ctx)
    return _registration(state, plan, ctx)


@attrs.frozen(kw_only=True)
class _LevelsNode(Requirement):
    """Stands for the synthetic ``registratie`` root that ``RuleSet.assess`` builds."""

    key = "levels"

    routes: tuple[tuple[str, Requirement], ...] = ()

    def children(self) -> tuple[Requirement, ...]:
        return tuple(r for _, r in self.routes)


def _registration(state: State, plan: Plan, ctx: Ctx) -> Occ:
    from vakmanschap.text import Text

    version = plan.version
    children = [evaluate_node(route.requires, ctx) for route in version.registration]
    met_count = np.zeros(state.n, dtype=np.int64)
    order = list(state.rules.levels)
    level = np.full(state.n, None, dtype=object)
    rank = np.full(state.n, -1, dtype=np.int64)
    for route, child in zip(version.registration, children, strict=True):
        met_count += child.met
        r = order.index(route.level) if route.level in order else -1
        better = child.met & (r > rank)
        level[better] = route.level
        rank[better] = r
    node = _LevelsNode(id="registratie", title=Text("Registratie", "Registration"),
                       source=version.source, location=version.location,
                       routes=tuple((r.level, r.requires) for r in version.registration))
    actual = met_count.astype(np.float64)
    required = np.ones(state.n)
    return Occ("registratie", node, ctx, met_count >= 1, actual, required, None, children,
               stats={"level": level, "met_count": met_count}, unit="requirements")
