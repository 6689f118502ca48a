"""Reusable Hypothesis strategies: dates, amounts, activities and professionals for a rule set.

Activities are drawn from the categories and themes a :class:`RuleSet` declares, so that a
professional drawn for a rule set always passes ``RuleSet.check_professional``. Activity ids
are unique (``a0``, ``a1``, ...); use :func:`hypothesis.strategies.permutations` on the drawn
list to test independence of input order.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hypothesis import strategies as st

import vakmanschap as vk
from helpers import CYCLE_END, REGISTERED

__all__ = [
    "activities",
    "activity_lists",
    "amounts",
    "dates",
    "employments",
    "leaves",
    "professionals",
]


def dates(start: date = date(1999, 1, 1),
          end: date = date(2060, 12, 31)) -> st.SearchStrategy[date]:
    """Calendar dates in ``[start, end]``, with month ends and 29 February well represented."""
    month_ends = st.builds(
        lambda y, m: (date(y, m % 12 + 1, 1) if m < 12 else date(y + 1, 1, 1))
        - timedelta(days=1),
        st.integers(start.year + 1, end.year - 1), st.integers(1, 12))
    leap_days = st.sampled_from([date(y, 2, 29) for y in range(start.year + 1, end.year)
                                 if y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)])
    return st.one_of(st.dates(start, end), month_ends, leap_days)


def amounts(max_value: float = 80) -> st.SearchStrategy[float]:
    """Amounts recorded to the hundredth, as the model requires."""
    return st.integers(0, int(max_value * 100)).map(lambda c: c / 100)


def _theme_choices(themes: tuple[str, ...]) -> list[tuple[str, ...]]:
    """Every set of at most three themes, smallest first (so that shrinking removes themes)."""
    from itertools import combinations

    return [c for size in range(min(3, len(themes)) + 1) for c in combinations(themes, size)]


@st.composite
def activities(draw: st.DrawFn, rules: vk.RuleSet, ident: str, *,
               start: date = REGISTERED - timedelta(days=60),
               end: date = CYCLE_END + timedelta(days=60), unit: str | None = None,
               max_amount: float = 80) -> vk.Activity:
    """One activity using the categories and themes declared by ``rules``.

    Few draws per activity (day, kind, themes, amount) keep generation cheap: the kind is one
    choice among category x accreditation x provider x unit (mostly the file's unit).
    """
    units = [unit] if unit else [rules.unit, rules.unit, rules.unit, "hours", "points"]
    kinds = [(c, acc, prov, u) for c in sorted(rules.categories) for acc in (True, False)
             for prov in (None, "prov-a", "prov-b") for u in units]
    category, accredited, provider, chosen_unit = draw(st.sampled_from(kinds))
    day = start + timedelta(days=draw(st.integers(0, (end - start).days)))
    themes = draw(st.sampled_from(_theme_choices(tuple(rules.themes))))
    return vk.Activity(id=ident, on=day, category=category, themes=themes,
                       accredited=accredited, provider=provider,
                       **{chosen_unit: draw(amounts(max_amount))})


@st.composite
def activity_lists(draw: st.DrawFn, rules: vk.RuleSet, *, min_size: int = 0,
                   max_size: int = 12, **kwargs: Any) -> list[vk.Activity]:
    """A list of activities with unique ids ``a0``, ``a1``, ... (see :func:`activities`)."""
    size = draw(st.integers(min_size, max_size))
    return [draw(activities(rules, f"a{i}", **kwargs)) for i in range(size)]


@st.composite
def employments(draw: st.DrawFn, roles: tuple[str | None, ...] = (None,), *,
                max_size: int = 3, start: date = date(2016, 1, 1),
                end: date = date(2025, 12, 31)) -> list[vk.Employment]:
    """Employments (possibly overlapping, possibly ongoing) with unique ids."""
    out = []
    for i in range(draw(st.integers(0, max_size))):
        first = draw(st.dates(start, end))
        last = draw(st.one_of(st.none(), st.dates(first, end)))
        out.append(vk.Employment(id=f"e{i}", start=first, end=last,
                                 hours_per_week=draw(st.integers(0, 4000).map(lambda c: c / 100)),
                                 role=draw(st.sampled_from(roles))))
    return out


@st.composite
def leaves(draw: st.DrawFn, kinds: tuple[str, ...] = tuple(k.value for k in vk.LeaveKind), *,
           max_size: int = 3, start: date = date(2016, 1, 1),
           end: date = date(2025, 12, 31)) -> list[vk.Leave]:
    """Leave periods (possibly overlapping) of the given kinds with unique ids."""
    out = []
    for i in range(draw(st.integers(0, max_size))):
        first = draw(st.dates(start, end))
        last = draw(st.dates(first, min(end, first + timedelta(days=900))))
        out.append(vk.Leave(id=f"l{i}", start=first, end=last, kind=draw(st.sampled_from(kinds))))
    return out


@st.composite
def professionals(draw: st.DrawFn, rules: vk.RuleSet, *, registered: date | None = REGISTERED,
                  max_activities: int = 12, **kwargs: Any) -> vk.Professional:
    """A professional with activities valid for ``rules`` (registered on ``registered``)."""
    events = ([vk.RegisterEvent(id="reg", kind="registered", on=registered)]
              if registered is not None else [])
    return vk.Professional(
        id="p",
        fte=draw(st.sampled_from([1.0, 0.8, 0.5, 0.25, 1.2])),
        entered_service=draw(st.one_of(st.none(), st.dates(date(2015, 1, 1), date(2023, 6, 1)))),
        activities=draw(activity_lists(rules, max_size=max_activities, **kwargs)),
        events=events,
    )
