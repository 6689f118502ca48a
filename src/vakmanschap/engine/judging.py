"""One professional judged: the evaluation context, the requirement tree and the
:class:`~vakmanschap.engine.assessment.Assessment`, as :meth:`RuleSet.assess
<vakmanschap.engine.ruleset.RuleSet.assess>` builds them on every call.

This is the hot path of an HR system that checks people inline, so the objects are built with
no keyword parsing: the context from positional arguments (:meth:`EvalContext.judging`) and
the assessment by setting its slots directly (:func:`new_assessment`), which gives what the
attrs constructor gives, field by field (tests/test_judging.py), for about a microsecond
less.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from vakmanschap.engine.assessment import (
    REGISTRATION_ID,
    REGISTRATION_KIND,
    REGISTRATION_TITLE,
    Assessment,
    AssessmentOrigin,
    RequirementResult,
    Standing,
)
from vakmanschap.engine.context import EvalContext
from vakmanschap.engine.reuse import Earlier, change_between
from vakmanschap.errors import RuleError
from vakmanschap.model.periods import Window
from vakmanschap.model.records import Professional
from vakmanschap.model.words import Text

if TYPE_CHECKING:
    from vakmanschap.engine.cycles import Cycle
    from vakmanschap.engine.ruleset import RuleSet
    from vakmanschap.rules.versions import Group

__all__ = ["judge_cycle", "judge_registration", "new_assessment"]

StandingOrLater = Standing | Callable[[], Standing | None] | None

_NEW = object.__new__
# The slots of the two frozen classes, set directly (attrs' own __init__ goes through
# object.__setattr__ per field, after matching the keywords).
(_ID, _REGISTER, _REGISTER_TITLE, _VERSION, _GROUP, _ON, _CYCLE, _DEADLINE, _LEVEL, _RESULT,
 _ORIGIN, _STANDING) = (
    Assessment.__dict__[name].__set__ for name in (
        "professional_id", "register", "register_title", "version", "group", "on", "cycle",
        "deadline", "level", "result", "origin", "_standing"))
_RULES, _PROFESSIONAL, _JUDGED, _PARAMS_ON = (
    AssessmentOrigin.__dict__[name].__set__
    for name in ("rules", "professional", "cycle", "params_on"))


def new_assessment(professional_id: str, register: str, register_title: Text, version: str,
                   group: str, on: date, cycle: Window | None, deadline: date | None,
                   level: str | None, result: RequirementResult, rules: RuleSet,
                   professional: Professional, judged: Cycle | None, params_on: date,
                   standing: StandingOrLater = None) -> Assessment:
    """``Assessment(professional_id, ..., result, origin=AssessmentOrigin(rules,
    professional, judged, params_on), standing=standing)``."""
    origin: AssessmentOrigin = _NEW(AssessmentOrigin)
    _RULES(origin, rules)
    _PROFESSIONAL(origin, professional)
    _JUDGED(origin, judged)
    _PARAMS_ON(origin, params_on)
    out: Assessment = _NEW(Assessment)
    _ID(out, professional_id)
    _REGISTER(out, register)
    _REGISTER_TITLE(out, register_title)
    _VERSION(out, version)
    _GROUP(out, group)
    _ON(out, on)
    _CYCLE(out, cycle)
    _DEADLINE(out, deadline)
    _LEVEL(out, level)
    _RESULT(out, result)
    _ORIGIN(out, origin)
    _STANDING(out, standing)
    return out


def judge_cycle(rules: RuleSet, professional: Professional, cycle: Cycle, on: date,
                group: Group, prepared: Any, standing: StandingOrLater = None,
                earlier: Assessment | None = None) -> Assessment:
    """The requirements of ``group`` judged for ``cycle`` on ``on`` (``prepared``: the
    professional's activities, prepared and checked); with ``earlier``, a judgement of the
    same group and cycle, the nodes the change since cannot alter are taken from it
    (:mod:`vakmanschap.engine.reuse`)."""
    version = cycle.judged_by
    params_on = version.cycle.parameters_date(cycle.start, cycle.due, on)
    reuse = None if earlier is None else _reuse(earlier, rules, professional, cycle, on, group,
                                                params_on, prepared)
    ctx = EvalContext.judging(professional, rules, on, cycle.window, params_on, cycle.due,
                              cycle.decided_on, cycle.level, prepared, reuse)
    if reuse is None:
        result = version.requirement(group).evaluate(ctx)
    else:
        result = reuse.judge(version.requirement(group), ctx)
    return new_assessment(professional.id, rules.register, rules.title, version.id, group, on,
                          cycle.window, cycle.due, cycle.level, result, rules, professional,
                          cycle, params_on, standing)


def _reuse(earlier: Assessment, rules: RuleSet, professional: Professional, cycle: Cycle,
           on: date, group: Group, params_on: date, prepared: Any) -> Earlier | None:
    """What judging ``cycle`` again can keep of ``earlier`` (None: nothing)."""
    origin = earlier.origin
    if origin is None or origin.rules is not rules or earlier.group != group:
        return None
    change = change_between(earlier, professional, cycle, on, params_on, prepared)
    reuse = Earlier(earlier.result, change) if change is not None else None
    return reuse if reuse is not None and reuse.any_kept else None


def judge_registration(rules: RuleSet, professional: Professional, on: date, prepared: Any,
                       last: date | None, standing: StandingOrLater = None) -> Assessment:
    """The registration routes judged on ``on``: the highest level whose route is met
    (``last``: the date of the latest registration decision, if any)."""
    version = rules.version_at(on)
    if not version.registration:
        raise RuleError(f"rule version {version.id!r} defines no registration levels")
    window = Window(date(1, 1, 1), on, True)
    ctx = EvalContext.judging(professional, rules, on, window, on, None, last, None, prepared)
    children = tuple(route.requires.evaluate(ctx) for route in version.registration)
    met_levels = [route.level for route, res in zip(version.registration, children,
                                                       strict=True) if res.met]
    order = list(rules.levels)
    level = max(met_levels, key=order.index) if met_levels else None
    detail = {"levels": {route.level: res.met for route, res in
                         zip(version.registration, children, strict=True)},
              "level_titles": {route.level: rules.levels[route.level].title
                               for route in version.registration}}
    root = RequirementResult(
        id=REGISTRATION_ID, kind=REGISTRATION_KIND, title=REGISTRATION_TITLE,
        met=level is not None, required=None, actual=None, unit=None, deadline=None,
        window=None, source=version.source,
        location=version.location, shortfall=None, children=children, prepared=prepared,
        detail={**detail, "level": level})
    return new_assessment(professional.id, rules.register, rules.title, version.id,
                          "registration", on, None, None, level, root, rules, professional,
                          None, on, standing)
