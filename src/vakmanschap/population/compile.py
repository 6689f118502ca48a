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

* ``attestation``: per person, whether any attestation of the kinds passes the checks
  (not after ``on``; in the window with ``in_cycle``; from the entry date up to entry plus
  ``within_months_of_entry``, that limit computed per distinct entry date).

Primitives without a columnar form here (``work_hours``, ``qualification`` and any primitive
added later) are evaluated person by person with their own ``evaluate``, for those nodes
only: the rest of the tree stays columnar.

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

from vakmanschap.engine.context import EvalContext, prepare_activities
from vakmanschap.engine.primitives.attestation import AttestationRequirement
from vakmanschap.engine.primitives.base import ActivityFilter, Requirement
from vakmanschap.engine.primitives.combinators import AllOf, AnyOf, AtLeast
from vakmanschap.engine.primitives.count import Count
from vakmanschap.engine.primitives.distinct_themes import DistinctThemes
from vakmanschap.engine.primitives.per_period import PerPeriod
from vakmanschap.engine.primitives.share import Share
from vakmanschap.engine.primitives.total import Total
from vakmanschap.engine.ruleset import RuleSet
from vakmanschap.errors import DataError, RuleError
from vakmanschap.model.periods import Window
from vakmanschap.population.dates import add_months, next_years
from vakmanschap.population.store import F64, I32, Bools, IntArray, Population
from vakmanschap.population.windows import Assignment, Plan
from vakmanschap.rules.params import Dated

__all__ = ["COLUMNAR", "Ctx", "Occ", "State", "evaluate_plan", "result_keys"]

Progress = Callable[[str, float], None]

# The context carries the level of the registration judged in newer versions of the engine.
_HAS_LEVEL = "level" in getattr(EvalContext, "__slots__", ())


# -- per-activity helpers --------------------------------------------------------------------


def person_sums(values: Any, offsets: IntArray, n: int, narrow: bool = False) -> IntArray:
    """Sum of ``values`` (one per activity, sorted by person) per person, exactly (int64).

    With ``narrow`` the sums are accumulated in int32 (about twice as fast); the caller
    guarantees that no person's sum can exceed it.
    """
    out = np.zeros(n, dtype=np.int64)
    if len(values) == 0:
        return out
    counts = np.diff(offsets)
    nonempty = np.flatnonzero(counts)
    if len(nonempty):
        dtype = np.int32 if narrow or values.dtype == bool else np.int64
        out[nonempty] = np.add.reduceat(values, offsets[nonempty], dtype=dtype)
    return out


def running_cap(counted: IntArray, group_start: Any, cap: Any) -> IntArray:
    """Apply a running ``cap`` over groups of consecutive activities (``group_start`` marks
    the first activity of each group); ``cap`` is a scalar or one value per activity."""
    cs = np.cumsum(counted, dtype=np.int64)
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
        self._candidates: dict[Any, Any] = {}
        self._eff: Any = None
        self._day_start: Bools | None = None
        self._person_start: Bools | None = None
        self._people: dict[int, tuple[Any, Any]] = {}
        self.fallbacks: set[str] = set()
        self.contexts: list[Ctx] = []
        # sums of amounts fit in int32 when the largest amount times the most activities
        # of one person does (then they are accumulated in int32: faster, still exact)
        top = int(np.abs(acts.amount).max()) if len(acts) else 0
        most = int(self.counts.max()) if self.n else 0
        self.narrow_sums = top * most < np.iinfo(np.int32).max
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
            small = np.int8 if len(names) < 128 else np.int16
            category = self.acts.category
            eff = to_rule.astype(small)[category]
            movable = to_rule != target
            if movable.any():
                moved = np.flatnonzero(movable[category] & ~self.acts.accredited)
                eff[moved] = target.astype(small)[category[moved]]
            self._eff = eff
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

    def release(self) -> None:
        """Drop the per-activity arrays kept during the evaluation (the per-person results
        stay); they are rebuilt when needed again, e.g. by a sweep."""
        self._static.clear()
        self._candidates.clear()
        self._eff = self._day_start = self._person_start = None
        for ctx in self.contexts:
            ctx._active = None
        self.contexts.clear()

    def candidates(self, filt: ActivityFilter, unit: str) -> Any:
        """Indices of the activities passing the static checks when they are few (less than
        a third of all), else None: nodes then test windows on those activities only."""
        key = (filt.categories, filt.themes, filt.accredited, filt.providers, unit)
        if key not in self._candidates:
            static = self.static(filt, unit)
            found = None
            if static is not None:
                idx = np.flatnonzero(static)
                if len(idx) * 3 < len(static):
                    found = (idx, self.acts.person[idx], self.acts.day[idx])
            self._candidates[key] = found
        return self._candidates[key]

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
    att = population.attestations
    if rules.attestation_kinds:
        for code, name in enumerate(att.kinds):
            hits = np.flatnonzero(att.kind == code)
            if name not in rules.attestation_kinds and len(hits):
                k = int(hits[0])
                raise DataError(f"unknown kind {name!r}; allowed: "
                                f"{', '.join(rules.attestation_kinds)}",
                                record=f"professional {population.ids[att.person[k]]}, "
                                       f"attestation {att.ids[k]}", field="kind")
    emp = population.employments
    if rules.roles:
        for k, role in enumerate(emp.role):
            if role is not None and role not in rules.roles:
                raise DataError(f"unknown role {role!r}; allowed: {', '.join(rules.roles)}",
                                record=f"professional {population.ids[emp.person[k]]}, "
                                       f"employment {emp.ids[k]}", field="role")


# -- contexts: a set of people, each with a window -----------------------------------------------


class Sel:
    """The activities a node looks at: all activities with a ``mask`` (dense), or the sorted
    indices ``idx`` of a few of them (sparse). Values handed to :meth:`sum` are aligned with
    the selection: full length (zero outside the mask) when dense, one per index when sparse.
    """

    __slots__ = ("_person", "idx", "mask", "st")

    def __init__(self, st: State, mask: Any, idx: Any) -> None:
        self.st, self.idx = st, idx
        self.mask: Any = mask
        self._person: Any = None

    @property
    def dense(self) -> bool:
        """Whether the selection is a full-length mask."""
        return self.idx is None

    @property
    def person(self) -> Any:
        """Person index of each selected activity (all activities when dense)."""
        if self._person is None:
            self._person = self.st.acts.person if self.idx is None else \
                self.st.acts.person[self.idx]
        return self._person

    def amounts(self) -> IntArray:
        """The activities' amounts (hundredths, in the store's integer type), zero outside a
        dense mask."""
        amount = self.st.acts.amount
        out: IntArray = np.where(self.mask, amount, amount.dtype.type(0)) if self.idx is None \
            else amount[self.idx]
        return out

    def pick(self, full: Any) -> Any:
        """A per-activity array aligned with the selection."""
        return full if self.idx is None else full[self.idx]

    def per_person(self, per_person: Any) -> Any:
        """A per-person value (or scalar) for each selected activity."""
        if np.ndim(per_person) == 0:
            return per_person
        return self.st.expand(per_person) if self.idx is None else per_person[self.person]

    def narrow(self, keep: Bools) -> Sel:
        """The selected activities for which ``keep`` (aligned) holds."""
        if self.idx is None:
            return Sel(self.st, self.mask & keep, None)
        return Sel(self.st, None, self.idx[keep])

    def sum(self, values: Any) -> IntArray:
        """Per person the sum of ``values`` (aligned; int64, exact)."""
        st = self.st
        if self.idx is None:
            return person_sums(values, st.offsets, st.n, st.narrow_sums and
                               values.dtype.itemsize <= 4)
        if len(values) == 0:
            return np.zeros(st.n, dtype=np.int64)
        sums = np.bincount(self.person, weights=values, minlength=st.n)
        return np.rint(sums).astype(np.int64)  # exact: sums of integers below 2**53

    def count(self) -> IntArray:
        """Per person the number of selected activities."""
        st = self.st
        if self.idx is None:
            return person_sums(self.mask, st.offsets, st.n)
        return np.bincount(self.person, minlength=st.n).astype(np.int64)

    def group_start(self) -> Bools:
        """True at the first selected activity of each (person, day) (dense: of all)."""
        if self.idx is None:
            return self.st.day_start
        person, day = self.person, self.st.acts.day[self.idx]
        start = np.ones(len(self.idx), dtype=bool)
        if len(start):
            start[1:] = (person[1:] != person[:-1]) | (day[1:] != day[:-1])
        return start


class Ctx:
    """People (``mask``) each judged in a window ``[start, end)`` / ``[start, end]``."""

    def __init__(self, state: State, mask: Bools, start: I32, end: I32, incl: Bools,
                 params_on: I32, suffix: str = "", level: Any = None) -> None:
        self.state = state
        self.level = state.assignment.level if level is None else level
        self.mask = mask
        self.start = start
        self.end = end
        self.incl = incl
        self.params_on = params_on
        self.suffix = suffix
        self._active: Bools | None = None
        state.contexts.append(self)
        self._constant_params: bool | None = None

    @property
    def last(self) -> I32:
        """Per person the last day of the window."""
        out: I32 = np.where(self.incl, self.end, self.end - 1).astype(np.int32)
        return out

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

    def last_counted(self) -> I32:
        """Per person the last day that counts (window end, ``on``); before any day for
        people outside ``mask``."""
        last = np.minimum(self.last, self.state.on_ord)
        out: I32 = np.where(self.mask, last, np.iinfo(np.int32).min).astype(np.int32)
        return out

    def select(self, filt: ActivityFilter, unit: str) -> Sel:
        """Activities that a node with this filter and unit looks at."""
        st = self.state
        found = None if self._active is not None else st.candidates(filt, unit)
        if found is not None:
            idx, person, day = found
            ok = (day >= self.start[person]) & (day <= self.last_counted()[person])
            return Sel(st, None, idx[ok])
        static = st.static(filt, unit)
        return Sel(st, self.active() if static is None else self.active() & static, None)

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
        return Ctx(self.state, mask, start, end, incl, self.params_on, self.suffix + suffix,
                   self.level)


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
    (meaningful where ``ctx.mask``), its children, and statistics a sweep can reuse.
    ``shortfall`` is None when it is derived from required and actual (every primitive but
    ``share``), to keep the per-person arrays few."""

    key: str
    node: Requirement
    ctx: Ctx
    met: Bools
    actual: Any  # per person (float or whole numbers), or one value for everyone
    required: Any
    shortfall: Any  # None: derived from required and actual
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


def derived_shortfall(required: F64, actual: F64) -> F64:
    """``max(0, round(required - actual, 2))`` as the primitives derive it (NaN stays NaN)."""
    out: F64 = np.maximum(0.0, np.round(required - actual, 2))
    return out


Evaluator = Callable[[Any, Ctx], Occ]


def evaluate_node(node: Requirement, ctx: Ctx) -> Occ:
    """Evaluate ``node`` in ``ctx`` with its columnar form, or person by person."""
    evaluator = COLUMNAR.get(type(node))
    if evaluator is None:
        return _fallback(node, ctx)
    return evaluator(node, ctx)


def total_parts(node: Total, ctx: Ctx, categories: Sequence[str] = ()
                ) -> tuple[IntArray, dict[str, IntArray]]:
    """Per person what ``node`` counts before its category caps, split into the categories
    that have a cap (and ``categories``) and the rest (hundredths).

    Per-activity minimum and cap, then the per-day cap in chronological order (ties by id).
    The category caps come last; because a running cap adds up to ``min(sum, cap)``, the
    counted total is ``rest + sum(min(part_c, cap_c))`` (see :func:`_total`).
    """
    st = ctx.state
    unit = node.unit or st.rules.unit
    sel = ctx.select(node.filter, unit)
    floor = _cents(ctx.param(node.per_activity_min))
    if floor is not None:
        sel = sel.narrow(sel.pick(st.acts.amount) >= sel.per_person(floor))
    counted = sel.amounts()
    act_cap = _cents(ctx.param(node.cap_per_activity))
    if act_cap is not None:
        counted = np.minimum(counted, sel.per_person(act_cap))
    day_cap = _cents(ctx.param(node.cap_per_day))
    split = [c for c in [*node.cap_per_category, *categories] if st.category_codes([c])]
    eff = sel.pick(st.effective_category) if split else None
    if day_cap is not None:
        capped = running_cap(counted, sel.group_start(), sel.per_person(day_cap))
        if node.cap_per_category:
            counted = _day_and_category(node, ctx, sel, counted, capped, day_cap, eff)
        else:
            counted = capped
    parts: dict[str, IntArray] = {}
    if not split:
        return sel.sum(counted), parts
    rest = counted
    for name in dict.fromkeys(split):
        in_cat = eff == st.category_codes([name])[0]
        parts[name] = sel.sum(np.where(in_cat, counted, 0))
        rest = np.where(in_cat, 0, rest)
    return sel.sum(rest), parts


def _day_and_category(node: Total, ctx: Ctx, sel: Sel, counted: IntArray, day_capped: IntArray,
                      day_cap: Any, eff: Any) -> IntArray:
    """Per activity what counts under both a per-day and per-category caps, where an
    activity takes the least of its amount, the day's room and its category's room, and only
    what it finally counts uses up both rooms.

    The result is such that ``rest + sum(min(part_c, cap_c))`` is the total: for people whose
    days never exceed the day cap it is ``counted`` (the category caps alone bind); for
    people whose capped categories never exceed their caps it is ``day_capped`` (the day cap
    alone binds); for people where both could bind, the primitive's own sequence is followed
    activity by activity (few people, in practice).
    """
    st = ctx.state
    person = sel.person
    day_binding = sel.sum(counted) > sel.sum(day_capped)
    category_binding = np.zeros(st.n, dtype=bool)
    caps: dict[int, Any] = {}
    for name, param in node.cap_per_category.items():
        codes = st.category_codes([name])
        if not codes:
            continue
        caps[codes[0]] = _cents(ctx.param(param))
        in_cat = sel.sum(np.where(eff == codes[0], counted, 0))
        category_binding |= in_cat > caps[codes[0]]
    values: IntArray = np.where(day_binding[person], day_capped, counted)
    both = np.flatnonzero((day_binding & category_binding)[person])
    if not len(both):
        return values
    days = sel.pick(st.acts.day)[both].tolist()
    who = person[both].tolist()
    cats = eff[both].tolist()
    amounts = counted[both].tolist()
    day_room = np.broadcast_to(np.asarray(day_cap), (st.n,))
    cat_room = {code: np.broadcast_to(np.asarray(cap), (st.n,)) for code, cap in caps.items()}
    out = []
    current = -1
    used_day: dict[int, int] = {}
    used_cat: dict[int, int] = {}
    for p, d, c, amount in zip(who, days, cats, amounts, strict=True):
        if p != current:
            current, used_day, used_cat = p, {}, {}
        room = int(day_room[p]) - used_day.get(d, 0)
        take = min(amount, room)
        if c in cat_room:
            take = min(take, int(cat_room[c][p]) - used_cat.get(c, 0))
            used_cat[c] = used_cat.get(c, 0) + take
        used_day[d] = used_day.get(d, 0) + take
        out.append(take)
    values[both] = out
    return values


def _total(node: Total, ctx: Ctx) -> Occ:
    st = ctx.state
    unit = node.unit or st.rules.unit
    rest, parts = total_parts(node, ctx)
    total = rest.copy()
    for name, part in parts.items():
        total += np.minimum(part, _cents(ctx.param(node.cap_per_category[name])))
    stats: dict[str, Any] = {"rest": _narrow(rest),
                             "parts": {c: _narrow(p) for c, p in parts.items()}}
    factor = _prorate_factor(node.prorate, ctx)
    required_c = _prorated_minimum(ctx.param(node.min), factor, node.round)
    met = total >= required_c
    return Occ(ctx.key(node), node, ctx, met, total / 100, required_c / 100, None,
               stats=stats, unit=unit)


def _narrow(values: IntArray) -> Any:
    """Per-person sums kept for sweeps, in int32 when they fit (half the memory)."""
    if len(values) and (int(values.max()) > np.iinfo(np.int32).max
                        or int(values.min()) < np.iinfo(np.int32).min):
        return values
    return values.astype(np.int32)


def _prorate_factor(prorate: tuple[str, ...], ctx: Ctx) -> Any:
    """:func:`vakmanschap.engine.primitives.total.prorate_factor` per person."""
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
    """:func:`vakmanschap.engine.primitives.total.prorated_minimum` per person (hundredths)."""
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
    count = ctx.select(node.filter, unit).count()
    required = _whole(ctx.param(node.min))
    met = count >= required
    return Occ(ctx.key(node), node, ctx, met, _narrow(count), required, None,
               unit="activities")


def _distinct_themes(node: DistinctThemes, ctx: Ctx) -> Occ:
    st = ctx.state
    unit = node.unit or st.rules.unit
    listed = node.of if node.of is not None else tuple(st.rules.themes)
    sel = ctx.select(node.filter, unit)
    themes = sel.pick(st.acts.themes)
    amount = sel.amounts()
    sums: list[IntArray] = []
    for theme in listed:
        bits = st.theme_bits([theme])
        if not bits:
            sums.append(np.zeros(st.n, dtype=np.int64))
            continue
        has = (themes & themes.dtype.type(bits)) != 0
        sums.append(sel.sum(np.where(has, amount, 0)))
    threshold = _theme_threshold(ctx.param(node.min_per_theme))
    covered = _covered(sums, threshold, st.n)
    required = _whole(ctx.param(node.min))
    met = covered >= required
    return Occ(ctx.key(node), node, ctx, met, _narrow(covered), required, None,
               stats={"sums": [_narrow(s) for s in sums]}, unit="themes")


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
    amount = sel.amounts()
    table = np.zeros(len(st.rules.categories), dtype=bool)
    table[st.category_codes(node.part_categories)] = True
    in_part = table[sel.pick(st.effective_category)]
    part = sel.sum(np.where(in_part, amount, 0))
    whole = sel.sum(amount)
    low = ctx.param(node.min)
    high = ctx.param(node.max)
    met, actual, missing = share_outcome(part, whole, low, high, ctx.mask)
    bound = low if low is not None else high
    return Occ(ctx.key(node), node, ctx, met, actual, bound, missing / 100,
               stats={"part": part, "whole": whole}, unit="share")


def share_outcome(part: IntArray, whole: IntArray, low: Any, high: Any, mask: Bools | None
                  ) -> tuple[Bools, F64, Any]:
    """Met, ``round(share, 4)`` and the missing hundredths, as ``Share.evaluate`` computes
    them (the same float operations, element by element); the rounded share only for the
    people in ``mask`` (none when it is None)."""
    partf = part.astype(np.float64)
    wholef = whole.astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(whole != 0, partf / np.where(whole != 0, wholef, 1.0), 0.0)
    # per person (n,), or people x values (n, V) in a sweep: everything broadcasts
    bounds = [np.shape(b) for b in (low, high) if b is not None]
    missing = np.zeros(np.broadcast_shapes(np.shape(part), *bounds), dtype=np.int64)
    if low is not None:
        lowf = np.asarray(low, dtype=np.float64)
        short = (lowf > 0) & ((whole == 0) | (share < lowf))
        with np.errstate(divide="ignore", invalid="ignore"):
            below_one = np.ceil((lowf * wholef - partf) / (1 - lowf) - 1e-9)
        at_one = np.where(whole - part != 0, whole - part, 1)
        value = np.where(lowf < 1, np.nan_to_num(below_one, nan=0.0, posinf=0.0, neginf=0.0),
                         at_one)
        missing = np.where(short, np.maximum(value, 1), missing).astype(np.int64)
    if high is not None:
        highf = np.asarray(high, dtype=np.float64)
        over = (whole != 0) & (share > highf)
        with np.errstate(divide="ignore", invalid="ignore"):
            value = np.where(highf > 0, np.ceil(partf / np.where(highf > 0, highf, 1.0)
                                                 - wholef - 1e-9), 0)
        value = np.where(value != 0, value, 1)
        missing = np.where(over, value, missing).astype(np.int64)
    met = missing == 0
    rounded = np.zeros(len(part), dtype=np.float64)
    if mask is not None:
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
    """Split each person's window as :meth:`Window.split` does, vectorised over the distinct
    windows: part boundaries are ``policy.add(start, k steps)`` (or 1 January of the next
    years for ``calendar_year``) before the window's end; the last part keeps the window's
    own end (and ``end_inclusive``)."""
    st = ctx.state
    roll = st.rules.date_policy.month_end == "roll"
    idx = np.flatnonzero(ctx.mask)
    key = (ctx.start[idx].astype(np.int64) << 23) | (ctx.end[idx].astype(np.int64) << 1) | \
        ctx.incl[idx].astype(np.int64)
    uniques, inverse = np.unique(key, return_inverse=True)
    u_start = uniques >> 23
    u_end = (uniques >> 1) & ((1 << 22) - 1)
    u_incl = (uniques & 1).astype(bool)
    step = 12 if every == "cycle_year" else 0 if every == "calendar_year" else int(
        every.split(":")[1])
    bounds = []
    k = 1
    while len(uniques):
        b = next_years(u_start, k) if step == 0 else add_months(u_start, step * k, roll)
        valid = b < u_end  # a boundary on or after the window's end: the last part
        if not valid.any():
            break
        bounds.append(np.where(valid, b, 0))
        k += 1
    u_count = 1 + sum((b != 0).astype(np.int64) for b in bounds) if bounds else \
        np.ones(len(uniques), dtype=np.int64)
    width = int(u_count.max()) if len(uniques) else 0
    t_start = np.zeros((width, len(uniques)), dtype=np.int64)
    t_end = np.zeros_like(t_start)
    t_incl = np.zeros(t_start.shape, dtype=bool)
    for p in range(width):
        t_start[p] = u_start if p == 0 else bounds[p - 1]
        final = u_count - 1 == p
        t_end[p] = np.where(final, u_end, bounds[p] if p < len(bounds) else 0)
        t_incl[p] = final & u_incl
    n = st.n
    count = np.zeros(n, dtype=np.int64)
    start = np.zeros((width, n), dtype=np.int32)
    end = np.zeros((width, n), dtype=np.int32)
    incl = np.zeros((width, n), dtype=bool)
    count[idx] = u_count[inverse]
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
    width = parts.start.shape[0]
    # Which part each activity of the window falls in, found once: a part's activities are
    # then the window's with that index (parts are consecutive and cover the window).
    index = _part_index(ctx, parts) if 1 < width <= 250 else None
    for p in range(width):
        exists = ctx.mask & (parts.count > p)
        last = np.where(parts.incl[p], parts.end[p], parts.end[p] - 1)
        skip = np.zeros(st.n, dtype=bool)
        if node.skip_before_entry:
            skip = exists & (entry != 0) & (last < entry)
            skipped += skip
        mask = exists & ~skip
        if getattr(node, "started_only", False):  # periods not yet started are not judged
            mask &= parts.start[p] <= st.on_ord
        sub = ctx.sub(mask, parts.start[p], parts.end[p], parts.incl[p], f"[{p}]")
        if index is not None:
            active = ctx.active() & (index == p)
            if (mask != exists).any():
                active &= st.expand(mask)
            sub._active = active
        child = evaluate_node(node.requires, sub)
        children.append(child)
        met_count += child.met & mask
        evaluated += mask
    allowed = _whole(ctx.param(node.allow_missed)) if node.allow_missed is not None else 0
    needed = np.maximum(0, evaluated - allowed)
    met = met_count >= needed
    return Occ(ctx.key(node), node, ctx, met, _narrow(met_count), _narrow(needed),
               None, children, stats={"evaluated": evaluated},
               unit="periods")


def _part_index(ctx: Ctx, parts: Parts) -> Any:
    """Per activity the number of part boundaries on or before its day (its part when it
    is inside the window)."""
    st = ctx.state
    index = np.zeros(len(st.acts), dtype=np.uint8)
    never = np.iinfo(np.int32).max
    for p in range(1, parts.start.shape[0]):
        bound = np.where(ctx.mask & (parts.count > p), parts.start[p], never)
        index += st.acts.day >= st.expand(bound)
    return index


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
    return Occ(ctx.key(node), node, ctx, met, _narrow(met_count), needed,
               None, children, unit="requirements")


def _attestation(node: AttestationRequirement, ctx: Ctx) -> Occ:
    st = ctx.state
    n = st.n
    att = st.pop.attestations
    wanted = np.zeros(len(att.kinds) + 1, dtype=bool)
    for k, name in enumerate(att.kinds):
        wanted[k] = name in node.kinds
    person = att.person
    sel = wanted[att.kind] & (att.on <= st.on_ord) & ctx.mask[person]
    if node.in_cycle:
        sel &= (att.on >= ctx.start[person]) & (att.on <= ctx.last[person])
    months = ctx.param(node.within_months_of_entry)
    if months is not None:
        entry = st.pop.entry
        lacking = np.flatnonzero(ctx.mask & (entry == 0))
        if len(lacking):
            who = st.pop.ids[int(lacking[0])]
            raise DataError(f"rule {node.id!r} ({node.location}) needs the date of entering "
                            "service; give 'entered_service' or an employment",
                            record=f"professional {who}", field="entered_service")
        limit = _months_after(entry, _whole(months), ctx.mask, st.rules.date_policy)
        sel &= (att.on >= entry[person]) & (att.on <= limit[person])
    met = np.bincount(person[sel], minlength=n)[:n] > 0 if len(att) else np.zeros(n, bool)
    return Occ(ctx.key(node), node, ctx, met, np.nan, np.nan, np.nan)


def _months_after(entry: I32, months: Any, mask: Bools, policy: Any) -> Any:
    """``policy.add(entry, months=m)`` per person (computed once per distinct pair)."""
    n = len(entry)
    out = np.zeros(n, dtype=np.int64)
    idx = np.flatnonzero(mask)
    m = np.broadcast_to(np.asarray(months, dtype=np.int64), (n,))
    key = entry[idx].astype(np.int64) << 16 | m[idx]
    uniques, inverse = np.unique(key, return_inverse=True)
    table = np.array([policy.add(date.fromordinal(int(k >> 16)), months=int(k & 0xFFFF))
                      .toordinal() for k in uniques.tolist()] or [0], dtype=np.int64)
    out[idx] = table[inverse]
    return out


def _registered_level(node: Any, ctx: Ctx) -> Occ:
    n = ctx.state.n
    met = np.zeros(n, dtype=bool)
    for name in node.levels:
        met |= ctx.level == name
    return Occ(ctx.key(node), node, ctx, met, np.nan, np.nan, np.nan)


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
        extra = {"level": ctx.level[i]} if _HAS_LEVEL else {}
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
        sub = Ctx(st, applies, ctx.start, ctx.end, ctx.incl, ctx.params_on, ctx.suffix,
                  ctx.level)
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
    AttestationRequirement: _attestation,
}
try:  # newer engines: routes that depend on the level of the registration
    from vakmanschap.engine.primitives.registered_level import RegisteredLevel

    COLUMNAR[RegisteredLevel] = _registered_level
except ImportError:  # pragma: no cover
    pass


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
    if plan.group != "registration":
        ctx = Ctx(state, members, a.start, a.end, a.incl, a.params_on)
        return evaluate_node(plan.version.requirement(plan.group), ctx)
    # initial registration is judged without a registration level (RuleSet.assess)
    none = np.full(state.n, None, dtype=object)
    ctx = Ctx(state, members, a.start, a.end, a.incl, a.params_on, level=none)
    return _registration(state, plan, ctx)


@attrs.frozen(kw_only=True)
class _LevelsNode(Requirement):
    """Stands for the synthetic ``registratie`` root that ``RuleSet.assess`` builds."""

    key = "levels"

    routes: tuple[tuple[str, Requirement], ...] = ()

    def children(self) -> tuple[Requirement, ...]:
        return tuple(r for _, r in self.routes)


def _registration(state: State, plan: Plan, ctx: Ctx) -> Occ:
    from vakmanschap.model.words import Text

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
    # the root is met or not: no amounts (RuleSet.assess)
    return Occ("registratie", node, ctx, met_count >= 1, np.nan, np.nan, np.nan, children,
               stats={"level": level}, unit=None)
