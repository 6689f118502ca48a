"""Planned activities: the facts that meet the needs of the activity kinds together.

Needs met by activities are planned jointly because one activity can serve several of them:
the most specific needs go first, and each planned activity gets the category and
accreditation that the most other needs accept ("12 uur, waarvan 6 in thema X"). New
activities are dated from the first day the need allows, within the caps per activity and per
day, and at least the minimum per activity.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import TYPE_CHECKING

from vakmanschap.engine.plan.need import ACTIVITIES, AMOUNT, THEME, Need
from vakmanschap.model.cells import MAX_AMOUNT
from vakmanschap.model.records import Activity

if TYPE_CHECKING:
    from vakmanschap.engine.ruleset import RuleSet

__all__ = ["accepts", "activities_for", "activity_order", "planned_activity"]

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


def _recorded_table(rules: RuleSet) -> dict[tuple[str, bool], str | None]:
    """:func:`_recorded` of every category and accreditation (derived once per rule set)."""
    return {(name, flag): _recorded(rules, name, flag)
            for name in rules.categories for flag in (True, False)}


def _choose(rules: RuleSet, need: Need, others: list[Need]) -> tuple[str, bool, str] | None:
    """(recorded category, accredited, effective category) for a new activity."""
    categories, excluded = need.categories, need.excluded
    names = [c for c in rules.categories
             if (categories is None or c in categories) and c not in excluded]
    flags = [need.accredited] if need.accredited is not None else [True, False]
    recorded_as = rules.derived("plan: recorded categories", _recorded_table)
    day = need.lo  # new activities for this need are dated from here
    unit, amount_c = need.unit, need.amount_c
    # The other needs this activity could also serve, whatever its category: what it would
    # give each (the amount it shares with an amount need, one unit for a count), in order.
    served = [(1.0 if o.kind == ACTIVITIES else min(o.amount_c, amount_c) / 100,
               o.categories, o.excluded, o.accredited)
              for o in others if o.by_activities and o.unit == unit and o.theme is None
              and o.themes is None and o.lo <= day <= o.hi]
    if not served:  # every choice serves nothing else: the first one that can be recorded
        for flag in flags:
            for name in names:
                recorded = recorded_as[name, flag]
                if recorded is not None:
                    return recorded, flag, name
        return None
    best: tuple[float, int, tuple[str, bool, str]] | None = None
    rank = 0
    for flag in flags:
        for name in names:
            recorded = recorded_as[name, flag]
            if recorded is None:
                continue
            # How much of the other needs this activity would also serve.
            score = sum(share for share, cats, out, accredited in served
                        if (cats is None or name in cats) and name not in out
                        and (accredited is None or accredited == flag))
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


_TITLE = "gepland"
_new = object.__new__
_set = object.__setattr__


def _plain(text: object) -> bool:
    """Whether ``text`` is a text the record's converters keep as it is."""
    return type(text) is str and text != "" and text.strip() == text


def planned_activity(ident: str, on: date, category: str, accredited: bool,
                     themes: tuple[str, ...], provider: str | None, amount: float,
                     hours: bool) -> Activity:
    """``Activity(id=ident, on=on, category=category, accredited=accredited, themes=themes,
    provider=provider, title="gepland", hours=amount)`` (``points=amount`` unless ``hours``),
    built without its converters when they would keep every value as given (the planner's
    own values from the rule set: texts without surrounding spaces, a date, an amount to the
    hundredth in range); anything else goes through the constructor, which converts or
    refuses it as for any other record."""
    # (the amount converter's fast path: a float in range that is its own hundredths)
    if (type(amount) is float and 0.0 <= amount <= MAX_AMOUNT and type(on) is date
            and type(accredited) is bool and type(themes) is tuple and _plain(ident)
            and _plain(category) and (provider is None or _plain(provider))
            and (not themes or (all(_plain(theme) for theme in themes)
                                and len(set(themes)) == len(themes)))):
        kept = round(amount * 100) / 100  # as the converter keeps it (0.0 for -0.0)
        if kept == amount:
            act: Activity = _new(Activity)
            _set(act, "id", ident)
            _set(act, "on", on)
            _set(act, "category", category)
            _set(act, "hours", kept if hours else None)
            _set(act, "points", None if hours else kept)
            _set(act, "themes", themes)
            _set(act, "accredited", accredited)
            _set(act, "provider", provider)
            _set(act, "title", _TITLE)
            _set(act, "start", None)
            _set(act, "other_amount", None)
            _set(act, "other_unit", None)
            return act
    return Activity(id=ident, on=on, category=category, accredited=accredited, themes=themes,
                    provider=provider, title=_TITLE, **{"hours" if hours else "points": amount})


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
        act = planned_activity(next_id(), day, recorded, flag, themes, provider,
                               chunk / 100, need.unit == "hours")
        made.append(act)
        remaining -= 1 if need.kind == ACTIVITIES else chunk
    yield from made
