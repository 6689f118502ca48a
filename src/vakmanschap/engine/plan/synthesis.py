"""Planned activities: the facts that meet the needs of the activity kinds together.

Needs met by activities are planned jointly because one activity can serve several of them:
the most specific needs go first, and each planned activity gets the category and
accreditation that the most other needs accept ("12 uur, waarvan 6 in thema X"). New
activities are dated from the first day the need allows, within the caps per activity and per
day, and at least the minimum per activity.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from vakmanschap.engine.plan.need import ACTIVITIES, AMOUNT, THEME, Need
from vakmanschap.model.records import Activity

if TYPE_CHECKING:
    from vakmanschap.engine.ruleset import RuleSet

__all__ = ["accepts", "activities_for", "activity_order"]

_ORDER = {THEME: 0, ACTIVITIES: 1, AMOUNT: 2}


def activity_order(need: Need) -> tuple[int, int, int, int]:
    """Sort key: the most specific needs first (a theme, a count, then amounts; a theme
    filter; fewer categories; a shorter period), so that broader needs reuse their activities."""
    return (_ORDER.get(need.kind, 3),
            -(need.theme is not None or need.themes is not None),
            len(need.categories) if need.categories is not None else 10 ** 6,
            (need.hi - need.lo).days)


def _recorded(rules: RuleSet, category: str, accredited: bool) -> str | None:
    """The category to record so that it counts as ``category`` with this accreditation."""
    spec = rules.categories[category]
    if accredited or spec.if_unaccredited is None:
        return category
    for name, other in rules.categories.items():
        if other.if_unaccredited == category:
            return name
    return None


def _effective(rules: RuleSet, act: Activity) -> str:
    """The category ``act`` counts as (unaccredited training may count as another)."""
    spec = rules.categories[act.category]
    return (spec.if_unaccredited or act.category) if not act.accredited else act.category


def accepts(rules: RuleSet, need: Need, act: Activity) -> bool:
    """Whether ``act`` counts for ``need`` (before caps)."""
    if not need.by_activities or act.unit != need.unit:
        return False
    if not (need.lo <= act.on <= need.hi):
        return False
    category = _effective(rules, act)
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


def _contribution(rules: RuleSet, need: Need, act: Activity) -> int:
    """The hundredths ``act`` adds to ``need``: nothing below the minimum, at most the cap."""
    if not accepts(rules, need, act):
        return 0
    amount = round(act.amount * 100)
    if need.floor_c is not None and amount < need.floor_c:
        return 0
    return min(amount, need.cap_c) if need.cap_c is not None else amount


def _choose(rules: RuleSet, need: Need, others: list[Need]) -> tuple[str, bool, str] | None:
    """(recorded category, accredited, effective category) for a new activity."""
    names = [c for c in rules.categories
             if (need.categories is None or c in need.categories) and c not in need.excluded]
    flags = [need.accredited] if need.accredited is not None else [True, False]
    best: tuple[float, int, tuple[str, bool, str]] | None = None
    rank = 0
    day = need.lo  # new activities for this need are dated from here
    for flag in flags:
        for name in names:
            recorded = _recorded(rules, name, flag)
            if recorded is None:
                continue
            # How much of the other needs this activity would also serve: the amount it
            # shares with an amount need, one unit for a count.
            score = sum(
                (1.0 if o.kind == ACTIVITIES else min(o.amount_c, need.amount_c) / 100)
                for o in others if o.by_activities
                and o.unit == need.unit and (o.categories is None or name in o.categories)
                and name not in o.excluded and o.theme is None and o.themes is None
                and (o.accredited is None or o.accredited == flag) and o.lo <= day <= o.hi)
            rank += 1
            if best is None or score > best[0]:
                best = (score, -rank, (recorded, flag, name))
    return best[2] if best is not None else None


def _pick_theme(rules: RuleSet, need: Need, others: list[Need]) -> tuple[str, ...]:
    """The theme of a new activity: the need's own, else the one most other needs want."""
    if need.theme is not None:
        return (need.theme,)
    if need.themes is None:
        return ()
    scored = sorted(need.themes, key=lambda t: (-sum(
        1 for o in others if o.theme == t or (o.themes is not None and t in o.themes)),
        list(rules.themes).index(t) if t in rules.themes else 0))
    return (scored[0],)


def activities_for(rules: RuleSet, need: Need, others: list[Need], planned: list[Activity],
                   next_id: Callable[[], str]) -> Iterator[Activity]:
    """New activities for ``need`` beyond what ``planned`` already gives it; ``others`` are the
    needs still to plan (they decide the category); ``next_id()`` names each activity."""
    if need.kind == ACTIVITIES:
        remaining = need.count - sum(1 for a in planned if accepts(rules, need, a))
    else:
        remaining = need.amount_c - sum(_contribution(rules, need, a) for a in planned)
    if remaining <= 0:
        return
    choice = _choose(rules, need, others)
    if choice is None:
        return
    recorded, flag, _ = choice
    themes = _pick_theme(rules, need, others)
    provider = need.providers[0] if need.providers else None
    day = need.lo
    made: list[Activity] = []
    while remaining > 0 and day <= need.hi:
        if need.kind == ACTIVITIES:
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
                if a.on == day and accepts(rules, need, a))
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
        act = Activity(id=next_id(), on=day, category=recorded, accredited=flag,
                       themes=themes, provider=provider, title="gepland", **fields)
        made.append(act)
        remaining -= 1 if need.kind == ACTIVITIES else chunk
    yield from made
