"""A population frame: what one columnar evaluation of a population under a rule set shares
between the nodes of the requirement tree (the activity arrays and views computed once)."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

from vakmanschap.engine.columnar.arrays import Bools, person_segments
from vakmanschap.engine.columnar.source import JudgedWindows, PeopleColumns
from vakmanschap.engine.columnar.units import converted_activities
from vakmanschap.engine.context import PreparedActivity
from vakmanschap.model.records import Professional
from vakmanschap.progress import Progress

if TYPE_CHECKING:
    import numpy as np
else:
    from vakmanschap.lazy import numpy as np

if TYPE_CHECKING:
    from vakmanschap.engine.columnar.context import ColumnarContext
    from vakmanschap.engine.columnar.memo import ColumnarMemo
    from vakmanschap.engine.primitives.activity_filter import ActivityFilter
    from vakmanschap.engine.ruleset import RuleSet

__all__ = ["PopulationFrame", "Progress"]
T = TypeVar("T")


class PopulationFrame:
    """One evaluation of ``people`` under ``rules`` on ``on``, each judged as ``judged`` says
    (window, parameter date, last decision, level).

    Views over all activities (filter masks, the reclassified category, day boundaries) are
    built on first use and kept until :meth:`release`; the primitives own what they mean
    (:meth:`cached` keeps them), the frame only when to drop them.
    """

    def __init__(self, people: PeopleColumns, rules: RuleSet, on: date, judged: JudgedWindows,
                 progress: Progress | None = None, memo: ColumnarMemo | None = None) -> None:
        self.people = people
        #: Node columns of a baseline evaluation to reuse, or to record (None: neither).
        self.memo = memo
        self.rules = rules
        self.on = on
        self.on_ord = on.toordinal()
        self.judged = judged
        self.progress = progress
        # amounts and units as the rule set counts them (unit conversion per category)
        acts = converted_activities(people.activities, rules)
        self.activities = acts
        self.n = people.size
        self.offsets = people.offsets("activities")
        self.counts = np.diff(self.offsets)
        #: :func:`person_segments` of the activities, found once for every per-person sum
        self.segments = person_segments(self.offsets)
        self._cache: dict[Hashable, Any] = {}
        self._people: dict[int, tuple[Professional, tuple[PreparedActivity, ...]]] = {}
        self.per_person: set[str] = set()  # keys of primitives evaluated person by person
        self.contexts: list[ColumnarContext] = []

    def cached(self, key: Hashable, build: Callable[[], T]) -> T:
        """The per-activity view ``key``, built once per evaluation."""
        if key not in self._cache:
            self._cache[key] = build()
        found: T = self._cache[key]
        return found

    def shared(self, key: Hashable, build: Callable[[], T]) -> T:
        """A per-activity view that depends only on the activities and the rule set's
        vocabulary (not on the windows or the trees): built once per evaluation, and taken
        from the baseline through the memo when this frame evaluates the same population
        under the same vocabulary (a variant)."""
        memo = self.memo
        if memo is None:
            return self.cached(key, build)
        return self.cached(key, lambda: memo.view(self, key, build))

    def release(self) -> None:
        """Drop the per-activity arrays kept during the evaluation (the per-person results
        stay); they are rebuilt when needed again, e.g. by a sweep."""
        self._cache.clear()
        for ctx in self.contexts:
            ctx.forget_active()
        self.contexts.clear()

    # -- activity-level views ------------------------------------------------------------

    def expand(self, per_person: Any) -> Any:
        """One value per activity from one value per person (scalars pass through)."""
        if np.ndim(per_person) == 0:
            return per_person
        return np.repeat(per_person, self.counts)

    def category_codes(self, names: Sequence[str]) -> list[int]:
        """Rule-category indices of ``names``."""
        order = list(self.rules.categories)
        return [order.index(n) for n in names if n in order]

    def theme_bits(self, names: Sequence[str]) -> int:
        """Bit mask (store vocabulary) of these theme names; names the store lacks add 0."""
        mask = 0
        for name in names:
            if name in self.activities.themes_names:
                mask |= 1 << self.activities.themes_names.index(name)
        return mask

    def candidates(self, filt: ActivityFilter, unit: str) -> Any:
        """(indices, person, day) of the activities passing the filter's checks when they are
        few (less than a third of all), else None: nodes then test windows on those only.
        (Tested on a few candidates, a window costs gathers; on all activities, passes over
        byte masks that are several times cheaper per activity.)"""
        def build() -> Any:
            passing = filt.columnar_mask(self, unit)
            if passing is not None:
                idx = np.flatnonzero(passing)
                if len(idx) * 3 < len(passing):
                    # person as intp: it indexes per-person arrays (no conversion each time)
                    return (idx, self.activities.person[idx].astype(np.intp),
                            self.activities.day[idx])
            return None

        return self.cached(("candidates", filt, unit), build)

    @property
    def nonnegative_amounts(self) -> bool:
        """Whether no activity counts a negative amount (a sum over activities is then
        positive exactly when one of them is)."""
        amount = self.activities.amount
        return self.shared("nonnegative", lambda: not len(amount) or int(amount.min()) >= 0)

    @property
    def narrow_sums(self) -> bool:
        """Whether sums of amounts fit in int32: the largest amount times the most
        activities of one person does (they are then accumulated in int32: faster, still
        exact). Found once per population and vocabulary (a variant takes its baseline's)."""
        def build() -> bool:
            amount = self.activities.amount
            top = max(int(amount.max()), -int(amount.min())) if len(amount) else 0
            most = int(self.counts.max()) if self.n else 0
            return top * most < np.iinfo(np.int32).max

        return self.shared("narrow sums", build)

    @property
    def day_start(self) -> Bools:
        """True at the first activity of each (person, day)."""
        def build() -> Bools:
            acts = self.activities
            start = np.ones(len(acts), dtype=bool)
            if len(acts):
                start[1:] = (acts.person[1:] != acts.person[:-1]) | (
                    acts.day[1:] != acts.day[:-1])
            return start

        return self.cached("day_start", build)

    # -- per-person objects, for nodes evaluated person by person -------------------------

    def person(self, i: int) -> tuple[Professional, tuple[PreparedActivity, ...]]:
        """The professional ``i`` and their prepared activities (cached)."""
        found = self._people.get(i)
        if found is None:
            from vakmanschap.engine.primitives.activity_filter import prepare_activities

            professional = self.people.professional(i)
            found = (professional, prepare_activities(professional, self.rules))
            self._people[i] = found
        return found
