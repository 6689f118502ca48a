"""Judging the items of one block of people: each distinct item once, and one set of
extended records for every rule set that has the same items.

Many items of a block are the same: a person's draws differ only in the blocks picked for the
years before the due date (with a pool of three and a term due in the first year of the
horizon there are three different futures, whatever the number of draws) and in the fte in
force. An item's verdict depends only on its own records (the population evaluator judges
every person on their own), so :class:`Judge` keeps one item per distinct (person, term,
shift, fte, entrant, picks of the years before the due date), builds the extended records of
those, and gives each item the verdict of its representative.

When the next rule set (a variant) has exactly the same items and date policy, its records
are the same too: they are evaluated again through a
:class:`~vakmanschap.engine.columnar.memo.ColumnarMemo`, so only the nodes the variant
changed are computed.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs
import numpy as np

from vakmanschap.engine.columnar.memo import ColumnarMemo
from vakmanschap.engine.ruleset import RuleSet
from vakmanschap.population.fact_tables import IntArray
from vakmanschap.population.projection.extend import History, Items, extended_population
from vakmanschap.population.result import simulate
from vakmanschap.population.store import Population

__all__ = ["Judge", "distinct_items"]


def distinct_items(items: Items, bounds: IntArray) -> tuple[IntArray, IntArray]:
    """The index of one item per distinct item (in key order) and, per item, the position
    of its representative among them. Picks of the years from the due date on are not read
    (``bounds``: the first day of each year of the horizon)."""
    m = len(items)
    if not m:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    active = bounds[None, :items.picks.shape[1]] <= items.due[:, None]
    picks = np.where(active, items.picks, -1)
    keys = [items.person, items.start, items.due, items.shift,
            np.ascontiguousarray(items.fte, dtype=np.float64).view(np.int64),
            np.asarray(items.entrant, dtype=np.int64), *picks.T]
    order = np.lexsort(keys[::-1])
    new = np.zeros(m, bool)
    new[0] = True
    for key in keys:
        ranked = key[order]
        new[1:] |= ranked[1:] != ranked[:-1]
    inverse = np.empty(m, np.int64)
    inverse[order] = np.cumsum(new) - 1
    return order[new], inverse


def _same(a: Items, b: Items) -> bool:
    return len(a) == len(b) and all(
        np.array_equal(getattr(a, f.name), getattr(b, f.name)) for f in attrs.fields(Items))


@attrs.define
class _Records:
    items: Items
    roll: bool
    inverse: IntArray
    population: Population
    on: date
    memo: ColumnarMemo


class Judge:
    """Verdicts of the items of one block, rule set after rule set (see the module text)."""

    def __init__(self, history: History) -> None:
        self.history = history
        self._last: _Records | None = None

    def met(self, rules: RuleSet, items: Items) -> Any:
        """Per item: every requirement of its term met under ``rules``."""
        if not len(items):
            return np.zeros(0, bool)
        roll = rules.date_policy.month_end == "roll"
        last = self._last
        if last is None or last.roll != roll or not _same(last.items, items):
            first, inverse = distinct_items(items, self.history.horizon.bounds)
            unique = Items(*(getattr(items, f.name)[first] for f in attrs.fields(Items)))
            on = date.fromordinal(max(int(items.due.max()), self.history.horizon.start))
            last = _Records(items, roll, inverse, extended_population(self.history, unique,
                                                                     roll), on, ColumnarMemo())
            self._last = last
        met = simulate(last.population, rules, last.on, memo=last.memo).met
        return np.asarray(met)[last.inverse]
