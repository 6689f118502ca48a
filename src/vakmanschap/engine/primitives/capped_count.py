"""The per-person count of an activity requirement with caps, and its parameters resolved once.

:func:`count_capped` is the loop of ``total``'s ``evaluate``: activities in chronological
order (ties by id), each below the per-activity minimum excluded, then capped per activity,
per day and per category, only what finally counts using up the day's and the category's room.
Without a cap per day or per category (most rule files) it takes a shorter loop with the same
outcomes. :func:`fixed_cents` gives, once per node (``RuleSet.compiled``), the hundredths of
the parameters that have one value at every date, so that an assessment does not look them up.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from vakmanschap.engine.amounts import cents
from vakmanschap.engine.context import Outcome, PreparedActivity
from vakmanschap.rules.params import Dated

__all__ = ["VARIES", "count_capped", "fixed_cents", "fmt_cents"]


class _Varies:
    """Marker: the parameter has more than one value over time (read it at the date)."""

    def __repr__(self) -> str:
        return "VARIES"


VARIES: Any = _Varies()


def fmt_cents(value: int) -> str:
    """Hundredths as the amount an outcome's argument shows (``12.5``, ``100``)."""
    return f"{value / 100:g}"


def fixed_cents(params: Sequence[Dated | None]) -> tuple[Any, ...]:
    """Per parameter: None when unset, its value in hundredths when it is the same at every
    date, else :data:`VARIES` (then ``cents(param.at(day))`` is read per assessment)."""
    return tuple(None if p is None else cents(p.values[0][1]) if p.is_constant else VARIES
                 for p in params)


def count_capped(passed: Sequence[PreparedActivity], outcomes: list[Outcome],
                 floor_c: int | None, act_cap: int | None, day_cap: int | None,
                 cat_caps: dict[str, Any]) -> int:
    """The total counted of ``passed`` (hundredths), each activity's outcome appended to
    ``outcomes``: ``below_minimum``, ``counted``, or the cap that cut it."""
    total = 0
    append = outcomes.append
    if day_cap is None and not cat_caps:
        # the outcomes' arguments are formatted when first needed (most people have no
        # activity below the minimum or above the cap)
        floor_arg = cap_arg = ""
        # act[0] is PreparedActivity.seq and act[3] its amount_c (indexing is the cheaper
        # read in this loop, which runs for every activity of every assessment)
        for act in passed:
            amount = act[3]
            if floor_c is not None and amount < floor_c:
                floor_arg = floor_arg or fmt_cents(floor_c)
                append((act[0], 0, "below_minimum", floor_arg))
            elif act_cap is not None and amount > act_cap:
                total += act_cap
                cap_arg = cap_arg or fmt_cents(act_cap)
                append((act[0], act_cap, "cap_per_activity", cap_arg))
            else:
                total += amount
                append((act[0], amount, "counted", ""))
        return total
    used_day: dict[Any, int] = {}
    used_cat: dict[str, int] = {}
    # act[0] is PreparedActivity.seq, act[2] its day, act[3] its amount_c, act[5] its category
    for act in passed:
        amount = act[3]
        if floor_c is not None and amount < floor_c:
            append((act[0], 0, "below_minimum", fmt_cents(floor_c)))
            continue
        counted, reason, arg = amount, "counted", ""
        if act_cap is not None and counted > act_cap:
            counted, reason, arg = act_cap, "cap_per_activity", fmt_cents(act_cap)
        # The day and category rooms are both checked before either is booked: hours one
        # cap refuses must not use up the other's room (one more activity must never lower
        # the total).
        if day_cap is not None:
            room = day_cap - used_day.get(act[2], 0)
            if counted > room:
                counted, reason, arg = room, "cap_per_day", fmt_cents(day_cap)
        category = act[5]
        cat_cap = cat_caps.get(category)
        if cat_cap is not None:
            room = cat_cap - used_cat.get(category, 0)
            if counted > room:
                counted, reason, arg = room, "cap_per_category", category
            used_cat[category] = used_cat.get(category, 0) + counted
        if day_cap is not None:
            used_day[act[2]] = used_day.get(act[2], 0) + counted
        total += counted
        append((act[0], counted, reason, arg))
    return total
