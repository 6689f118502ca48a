"""Which activities count: the activity filter and the reclassification of unaccredited
activities, each in its per-person and its columnar form, side by side.

The order of checks is fixed and documented (docs/rule-language.md): after the assessment
date, outside the window, unit, category (after reclassification), accreditation, provider,
theme. :meth:`ActivityFilter.scan` applies it to one professional's prepared activities and
names the first check an activity fails; :meth:`ActivityFilter.columnar_mask` applies the
same checks to every activity of a population at once. Reclassification
(``if_unaccredited``) likewise: :func:`prepare_activities` per professional,
:func:`effective_category` per population.
"""

from __future__ import annotations

import math
from itertools import chain, repeat
from operator import itemgetter
from typing import TYPE_CHECKING, Any

import attrs

from vakmanschap.engine.columnar.arrays import lookup
from vakmanschap.engine.context import EvalContext, Outcome, PreparedActivity
from vakmanschap.engine.primitives.param_info import param
from vakmanschap.model.records import Professional

if TYPE_CHECKING:
    import numpy as np
else:
    from vakmanschap.lazy import numpy as np

if TYPE_CHECKING:
    from vakmanschap.engine.columnar.arrays import Bools
    from vakmanschap.engine.columnar.context import ColumnarContext
    from vakmanschap.engine.columnar.fates import Fates
    from vakmanschap.engine.columnar.frame import PopulationFrame
    from vakmanschap.engine.ruleset import RuleSet
    from vakmanschap.rules.versions import Conversion

__all__ = ["FILTER_REASONS", "ActivityFilter", "conversions", "effective_category",
           "prepare_activities", "prepare_known"]

#: The reason codes of :meth:`ActivityFilter.scan`, in the order of its checks; index 0 (no
#: code) is an activity that passes (:meth:`ActivityFilter.columnar_reasons`).
FILTER_REASONS = ("", "unit", "category", "not_accredited", "accredited", "provider", "theme")


_new_tuple = tuple.__new__


def prepare_activities(professional: Professional, rules: RuleSet, start: int = 0
                       ) -> tuple[PreparedActivity, ...]:
    """Prepare the activities of ``professional`` under the categories of ``rules``: amounts
    in hundredths, unaccredited activities reclassified (``if_unaccredited``); from the
    activity at position ``start`` on (each activity is prepared on its own, so the
    preparation of a longer list extends that of its first ``start`` activities).

    The result is in input order (``seq``); :class:`EvalContext` keeps a chronological view.
    """
    prepared = _prepare(professional, rules, start, False)
    assert prepared is not None
    return prepared


def prepare_known(professional: Professional, rules: RuleSet
                  ) -> tuple[PreparedActivity, ...] | None:
    """:func:`prepare_activities`, or None when an activity names a category, theme or unit
    that ``rules`` lacks (``RuleSet.check_professional`` then says which): the check and the
    preparation in one pass."""
    return _prepare(professional, rules, 0, True)


def _prepare(professional: Professional, rules: RuleSet, start: int, check: bool
             ) -> tuple[PreparedActivity, ...] | None:
    reclass, convert, themes, units = rules.derived("preparation tables", _tables)
    acts = professional.activities
    rows = []
    # One pass, one tuple per activity: this runs on every assessment, so the recorded
    # amount is read from the fields, not through Activity.amount/unit (properties); the
    # rows become named tuples in one map at the end (cheaper than one call per row).
    # floor, not int: the same for amounts >= 0 (the record's converters refuse others), and
    # a builtin function is called faster than a type.
    floor = _floor
    for index, act in enumerate(acts[start:] if start else acts, start):
        if act.hours is not None:
            amount, unit = act.hours, "hours"
        elif act.points is not None:
            amount, unit = act.points, "points"
        else:
            amount, unit = act.other_amount, act.other_unit  # type: ignore[assignment]
        category = act.category
        if check and (category not in reclass or unit not in units):
            return None
        amount_c = floor(amount * 100 + 0.5)
        if convert and (category, unit) in convert:
            # the recorded category says how its kind of work counts (unit conversion)
            amount_c, unit = convert[category, unit].hundredths(amount_c), rules.unit
        rows.append((index, act.id, act.on, amount_c, unit,
                     category if act.accredited else reclass[category] or category,
                     category, act.themes, act.accredited, act.provider))
    # the distinct theme tuples first: people repeat the same few combinations
    if check and not themes.issuperset(chain.from_iterable(set(map(_THEMES, rows)))):
        return None
    return tuple(map(_new_tuple, repeat(PreparedActivity, len(rows)), rows))


_THEMES = itemgetter(7)  # a row's (PreparedActivity's) themes
_floor = math.floor


def _tables(rules: RuleSet) -> tuple[dict[str, str | None], dict[tuple[str, str], Conversion],
                                     frozenset[str], frozenset[str]]:
    """What preparing reads of ``rules`` (derived once): the reclassification, the unit
    conversions, the theme names and the units."""
    return (_reclassification(rules), conversions(rules), frozenset(rules.themes),
            frozenset(rules.units))


def conversions(rules: RuleSet) -> dict[tuple[str, str], Conversion]:
    """(recorded category, recorded unit) -> how it counts in the file's unit (derived once
    per rule set; empty when no category converts)."""
    return {(name, c.unit): c for name, spec in rules.categories.items() for c in spec.convert}


def _reclassification(rules: RuleSet) -> dict[str, str | None]:
    """Category -> the category its unaccredited activities count as (derived once)."""
    return {name: spec.if_unaccredited for name, spec in rules.categories.items()}


def effective_category(frame: PopulationFrame) -> Any:
    """Per activity of a population: the index in ``rules.categories`` after
    reclassification, as :func:`prepare_activities` does it (cached per evaluation, and
    shared by a variant with its baseline: it reads only the activities and the vocabulary)."""
    return frame.shared("effective_category", lambda: _effective_category(frame))


def _effective_category(frame: PopulationFrame) -> Any:
    rules, acts = frame.rules, frame.activities
    names = list(rules.categories)
    store = acts.categories
    to_rule = np.array([names.index(c) for c in store] or [0], dtype=np.int16)
    moves = [rules.categories[c].if_unaccredited or c for c in store]
    target = np.array([names.index(c) for c in moves] or [0], dtype=np.int16)
    small = np.int8 if len(names) < 128 else np.int16
    category = acts.category
    # lookup: bytes translated, not codes converted to intp (see arrays.lookup)
    if (to_rule == target).all():
        return lookup(to_rule.astype(small), category)
    # one lookup by (accredited, recorded category): the unaccredited targets, then the rest
    width = len(store)
    codes = category if 2 * width <= np.iinfo(category.dtype).max else category.astype(np.int32)
    table = np.concatenate([target, to_rule]).astype(small)
    return lookup(table, codes + acts.accredited.view(np.uint8) * codes.dtype.type(width))


@attrs.frozen
class ActivityFilter:
    """Which activities a requirement looks at; every rejection has a reason."""

    categories: tuple[str, ...] | None = param("categorieën die meetellen", "categories that count",
                                                default=None)
    themes: tuple[str, ...] | None = param("thema's die meetellen", "themes that count",
                                           default=None)
    accredited: bool | None = param("alleen geaccrediteerd", "accredited only", default=None)
    providers: tuple[str, ...] | None = param("aanbieders die meetellen", "providers that count",
                                              default=None)

    def scan(self, ctx: EvalContext, unit: str) -> tuple[list[Outcome], list[PreparedActivity]]:
        """Split the window's activities into exclusions (with reasons) and candidates.

        Activities outside the window or after ``on`` are not listed here: the window's
        :class:`~vakmanschap.engine.context.WindowSplit` holds them, attached to the result by
        :meth:`Requirement.result` with ``scanned=True``.

        The order of checks is fixed and documented (docs/rule-language.md): after the
        assessment date, outside the window, unit, category, accreditation, provider, theme.
        Candidates come in chronological order (ties by activity id).
        """
        split = ctx.in_window()
        candidates = split.candidates
        excluded: list[Outcome] = []
        cats, acc, provs = self.categories, self.accredited, self.providers
        theme_set = self._theme_set
        if cats is None and provs is None and theme_set is None and split.only_in(unit):
            if acc is None:
                return excluded, list(candidates)
            # accredited only (or unaccredited only): two passes in the same order
            reason = "not_accredited" if acc else "accredited"
            # a[0] is PreparedActivity.seq, a[8] its accredited (the cheaper read here)
            return ([(a[0], 0, reason, "") for a in candidates if a[8] != acc],
                    [a for a in candidates if a[8] == acc])
        passed: list[PreparedActivity] = []
        for act in candidates:
            if act.unit != unit:
                excluded.append((act.seq, 0, "unit", act.unit))
            elif cats is not None and act.category not in cats:
                excluded.append((act.seq, 0, "category", act.category))
            elif acc is not None and act.accredited != acc:
                excluded.append((act.seq, 0, "not_accredited" if acc else "accredited", ""))
            elif provs is not None and act.provider not in provs:
                excluded.append((act.seq, 0, "provider", act.provider or "-"))
            elif theme_set is not None and theme_set.isdisjoint(act.themes):
                excluded.append((act.seq, 0, "theme", ""))
            else:
                passed.append(act)
        return excluded, passed

    def admits(self, act: PreparedActivity, unit: str) -> bool:
        """Whether :meth:`scan` takes ``act`` (inside the window) as a candidate."""
        return act.unit == unit and (
            self.categories is None or act.category in self.categories) and (
            self.accredited is None or act.accredited == self.accredited) and (
            self.providers is None or act.provider in self.providers) and (
            self.themes is None or not self._theme_set.isdisjoint(act.themes))  # type: ignore[union-attr]

    @property
    def _theme_set(self) -> frozenset[str] | None:
        return frozenset(self.themes) if self.themes is not None else None

    def to_json(self) -> dict[str, Any]:
        """The filter as written in a rule file (only the keys given)."""
        return {k: list(v) if isinstance(v, tuple) else v
                for k, v in attrs.asdict(self, recurse=False).items() if v is not None}

    # -- population: columnar evaluation --

    def columnar_scan(self, ctx: ColumnarContext, unit: str, fates: Fates, candidates: Any
                      ) -> tuple[Fates, Any]:
        """The window's outcomes (``fates``, its ``candidates``) for the people in ``ctx``
        with this filter's (:meth:`scan`) marked, and which activities pass both."""
        codes = self.columnar_reasons(ctx.frame, unit)
        for k, reason in enumerate(FILTER_REASONS[1:], start=1):
            failed = candidates & (codes == k)
            if failed.any():
                fates.mark(failed, reason)
        return fates, candidates & (codes == 0)

    def columnar_mask(self, frame: PopulationFrame, unit: str) -> Bools | None:
        """The checks of :meth:`scan` (window aside) for every activity of a population at
        once: True where an activity passes; None when every activity does (cached per
        filter and unit for one evaluation)."""
        found: Bools | None = frame.cached(("filter", self, unit),
                                           lambda: self._columnar_mask(frame, unit))
        return found

    def _columnar_mask(self, frame: PopulationFrame, unit: str) -> Bools | None:
        acts = frame.activities
        mask: Bools | None = None

        def both(extra: Bools) -> Bools:
            return extra if mask is None else mask & extra

        # the order of :meth:`scan` (a conjunction here: the order matters only for reasons)
        points = unit == "points"
        other = getattr(acts, "other", None)  # recorded in a unit counted in none
        if len(acts) and ((acts.points != points).any() or other is not None):
            mask = both((acts.points == points) if other is None else
                        (acts.points == points) & ~other)
        if self.categories is not None:
            table = np.zeros(len(frame.rules.categories), dtype=bool)
            table[frame.category_codes(self.categories)] = True
            mask = both(lookup(table, effective_category(frame)))
        if self.accredited is not None:
            mask = both(acts.accredited == self.accredited)
        if self.providers is not None:
            allowed = np.zeros(len(acts.providers) + 1, dtype=bool)
            for name in self.providers:
                if name in acts.providers:
                    allowed[acts.providers.index(name)] = True
            mask = both(allowed[acts.provider])  # index -1 (no provider) -> last: False
        if self.themes is not None:
            bits = frame.theme_bits(self.themes)
            mask = both((acts.themes & acts.themes.dtype.type(bits)) != 0)
        return mask

    def columnar_reasons(self, frame: PopulationFrame, unit: str) -> Any:
        """Per activity of a population the index in :data:`FILTER_REASONS` of the first
        check of :meth:`scan` it fails (window aside), 0 where it passes (cached)."""
        return frame.cached(("filter reasons", self, unit),
                            lambda: self._columnar_reasons(frame, unit))

    def _columnar_reasons(self, frame: PopulationFrame, unit: str) -> Any:
        acts = frame.activities
        code = np.zeros(len(acts), dtype=np.int8)
        # the checks of :meth:`scan` from the last to the first: the first failed one stays
        if self.themes is not None:
            bits = frame.theme_bits(self.themes)
            code[(acts.themes & acts.themes.dtype.type(bits)) == 0] = FILTER_REASONS.index(
                "theme")
        if self.providers is not None:
            allowed = np.zeros(len(acts.providers) + 1, dtype=bool)
            for name in self.providers:
                if name in acts.providers:
                    allowed[acts.providers.index(name)] = True
            code[~allowed[acts.provider]] = FILTER_REASONS.index("provider")
        if self.accredited is not None:
            code[acts.accredited != self.accredited] = FILTER_REASONS.index(
                "not_accredited" if self.accredited else "accredited")
        if self.categories is not None:
            table = np.zeros(len(frame.rules.categories), dtype=bool)
            table[frame.category_codes(self.categories)] = True
            code[~table[effective_category(frame)]] = FILTER_REASONS.index("category")
        wrong = acts.points != (unit == "points")
        other = getattr(acts, "other", None)  # recorded in a unit counted in none
        code[wrong if other is None else wrong | other] = FILTER_REASONS.index("unit")
        return code
