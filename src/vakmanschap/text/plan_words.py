"""The completion plan in words: ``Nog te doen vóór 1 augustus 2027: ...; ... .``

A pure function of the plan (:class:`vakmanschap.engine.plan.Plan`): one phrase per step,
the steps whose activities are part of another's after "waarvan", the deadline in front.
Rule sets loaded through :mod:`vakmanschap.io` lend it to their plans (``Plan.explain``).
"""

from __future__ import annotations

import math
from datetime import date
from typing import TYPE_CHECKING

from vakmanschap.model.words import Lang, fmt_amount, fmt_date, unit_name

if TYPE_CHECKING:
    from vakmanschap.engine.plan import Plan, PlanStep
    from vakmanschap.model.periods import Window

__all__ = ["render_plan"]


def _count_words(count: int, lang: Lang) -> str:
    """``één`` / ``one`` for one, else the number."""
    if count == 1:
        return "één" if lang == "nl" else "one"
    return fmt_amount(count, lang)


def _period(step: PlanStep, cycle: Window | None, lang: Lang) -> str:
    """`` in 2026`` or `` tussen ... en ...``: the step's own period ("" for the cycle)."""
    window = step.window
    if window is None or (cycle is not None and window.start == cycle.start
                          and window.end == cycle.end):
        return ""
    first, last = window.start, window.last_day
    if first.month == 1 and first.day == 1 and last == date(first.year, 12, 31):
        return f" in {first.year}"
    if lang == "nl":
        return f" tussen {fmt_date(first, lang)} en {fmt_date(last, lang)}"
    return f" between {fmt_date(first, lang)} and {fmt_date(last, lang)}"


def _weekly(step: PlanStep, start: date) -> float | None:
    """The average extra hours a week over the time left for work hours (rounded up to a
    tenth), or None when the step is not about work or no time is left."""
    if step.kind != "work_hours" or step.window is None or step.amount is None:
        return None
    first = max(start, step.window.start)
    days = (step.window.last_day - first).days + 1
    if days <= 0:
        return None
    return math.ceil(step.amount * 7 / days * 10) / 10


def _hours(value: float, lang: Lang) -> str:
    """Hours a week to one decimal (``58,7``), whole hours without one (``10``)."""
    text = f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"
    return text.replace(".", ",") if lang == "nl" else text


def _weekly_words(step: PlanStep, weekly: float, lang: Lang) -> str:
    """`` (gemiddeld 9,5 uur per week bovenop uw contract van 10 uur per week)``."""
    nl = lang == "nl"
    text = (f" (gemiddeld {_hours(weekly, lang)} uur per week" if nl
            else f" (on average {_hours(weekly, lang)} hours a week")
    contract = step.contract_hours
    if contract:
        text += (f" bovenop uw contract van {_hours(contract, lang)} uur per week" if nl
                 else f" on top of your contract of {_hours(contract, lang)} hours a week")
    return text + ")"


def _infeasible(step: PlanStep, weekly: float | None, lang: Lang, inclusive: bool) -> str:
    """`` — niet haalbaar vóór <datum>: ...``: why the step cannot be done in time
    (``binnen de termijn (uiterlijk <datum>)`` when the deadline is the last day allowed)."""
    nl = lang == "nl"
    day = fmt_date(step.deadline, lang) if step.deadline is not None else None
    if step.kind == "condition":  # nothing to do in time: how one is registered
        day = None
    if step.deadline_inclusive is not None:
        inclusive = step.deadline_inclusive
    if not day:
        head = " (niet haalbaar)" if nl else " (not achievable)"
    elif inclusive:  # the deadline is the last day allowed
        head = (f" — niet haalbaar binnen de termijn (uiterlijk {day})" if nl
                else f" — not achievable within the term (by {day})")
    else:
        head = f" — niet haalbaar vóór {day}" if nl else f" — not achievable before {day}"
    if weekly is not None and step.max_weekly_hours is not None and day:
        total = weekly + (step.contract_hours or 0)
        cap = _hours(step.max_weekly_hours, lang)
        return head + (f": samen {_hours(total, lang)} uur per week, meer dan de {cap} uur "
                       "per week die een plan toestaat (Arbeidstijdenwet: gemiddeld ten "
                       "hoogste 48 uur per week)" if nl and step.max_weekly_hours == 48 else
                       f": samen {_hours(total, lang)} uur per week, meer dan de {cap} uur "
                       "per week die een plan toestaat" if nl else
                       f": {_hours(total, lang)} hours a week in all, more than the {cap} "
                       "hours a week a plan allows" + (
                           " (Working Hours Act: on average at most 48 hours a week)"
                           if step.max_weekly_hours == 48 else ""))
    if not day:
        return head
    return head + (": de tijd die overblijft of een maximum van de regels laat het niet toe"
                   if nl else ": the time left or a cap of the rules does not allow it")


def _phrase(step: PlanStep, cycle: Window | None, lang: Lang, start: date,
            inclusive: bool = False) -> str:
    """One step in words, by the kind of step (see :class:`~vakmanschap.engine.plan.PlanStep`)."""
    nl = lang == "nl"
    title = step.title(lang)
    period = _period(step, cycle, lang)
    if step.kind in ("amount", "work_hours") and step.amount is not None:
        unit = unit_name(step.unit or "hours", step.amount, lang)
        work = (" werk" if nl else " of work") if step.kind == "work_hours" else ""
        text = f"{fmt_amount(step.amount, lang)} {unit}{work} {'voor' if nl else 'for'} {title}"
        weekly = _weekly(step, start)
        if weekly is not None:
            text += _weekly_words(step, weekly, lang)
    elif step.kind == "activities" and step.count is not None:
        noun = ("activiteit" if step.count == 1 else "activiteiten") if nl else (
            "activity" if step.count == 1 else "activities")
        text = f"{_count_words(step.count, lang)} {noun} {'voor' if nl else 'for'} {title}"
    elif step.kind == "theme":
        theme = step.theme_title(lang) if step.theme_title else (step.theme or "")
        if step.amount is not None:
            unit = unit_name(step.unit or "hours", step.amount, lang)
            text = (f"{fmt_amount(step.amount, lang)} {unit} in thema {theme}" if nl
                    else f"{fmt_amount(step.amount, lang)} {unit} in the theme {theme}")
        else:
            text = (f"één activiteit in thema {theme}" if nl
                    else f"one activity in the theme {theme}")
    elif step.kind in ("qualification", "attestation"):
        kinds = (" of " if nl else " or ").join(t(lang) for t in step.kind_titles)
        text = f"{'een' if nl else 'a'} {kinds} ({'voor' if nl else 'for'} {title})"
    elif step.kind == "manual":
        # Not "niet haalbaar": the plan cannot tell; the register says what is needed.
        return title + period + (" (het register beoordeelt wat hiervoor nodig is)" if nl
                                 else " (the register decides what this needs)")
    else:  # a condition: nothing to plan, only its title
        text = title
    text += period
    if not step.achievable or not step.feasible:
        text += _infeasible(step, _weekly(step, start), lang, inclusive)
    return text


def render_plan(plan: Plan, lang: Lang = "nl") -> str:
    """The plan as one sentence (empty when nothing is left to do)."""
    nl = lang == "nl"
    if not plan.steps:
        if plan.met_now or not plan.verified or plan.deadline is None:
            return ""
        ids = f" ({', '.join(plan.recorded_later)})" if plan.recorded_later else ""
        word = ("uiterlijk" if plan.inclusive else "vóór") if nl else (
            "by" if plan.inclusive else "before")
        day = fmt_date(plan.deadline, lang)
        return (f"Nog te doen: niets meer; met wat al is vastgelegd (activiteiten met een latere "
                f"datum{ids}, lopend werk) voldoet u {word} {day} aan de eisen." if nl else
                f"Still to do: nothing more; with what is already recorded (activities with a "
                f"later date{ids}, ongoing work) you meet the requirements {word} {day}.")
    # "waarvan" is said once: a step inside a step inside another goes with the outermost.
    by_id = {step.requirement: step for step in plan.steps}
    children: dict[str, list[PlanStep]] = {}
    for step in plan.steps:
        outer, seen = step.within, set()
        while outer is not None and outer in by_id and by_id[outer].within is not None \
                and outer not in seen:
            seen.add(outer)
            outer = by_id[outer].within
        if outer is not None:
            children.setdefault(outer, []).append(step)
    parts = []
    for step in plan.steps:
        if step.within is not None:
            continue
        text = _phrase(step, plan.cycle, lang, plan.on, plan.inclusive)
        inner = children.pop(step.requirement, [])  # once, even if an id is in several periods
        if inner:
            phrases = [_phrase(c, plan.cycle, lang, plan.on, plan.inclusive) for c in inner]
            joined = phrases[-1] if len(phrases) == 1 else (
                ", ".join(phrases[:-1]) + (" en " if nl else " and ") + phrases[-1])
            text += (", waarvan " if nl else ", of which ") + joined
        parts.append(text)
    if plan.deadline is not None:
        word = ("uiterlijk" if plan.inclusive else "vóór") if nl else (
            "by" if plan.inclusive else "before")
        head = (f"Nog te doen {word} {fmt_date(plan.deadline, lang)}: " if nl
                else f"Still to do {word} {fmt_date(plan.deadline, lang)}: ")
    else:
        head = "Nog te doen: " if nl else "Still to do: "
    tail = ""
    if plan.recorded_later:
        ids = ", ".join(plan.recorded_later)
        tail = (f" Activiteiten die al met een latere datum zijn vastgelegd, tellen mee: {ids}."
                if nl else f" Activities already recorded with a later date are counted: {ids}.")
    return head + "; ".join(parts) + "." + tail
