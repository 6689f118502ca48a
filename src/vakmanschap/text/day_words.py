"""Dates, spans and deadlines in words, kept by the rule set between renders.

Dates, spans and the reasons activities did not count are worded in one language and kept by
the rule set (its periods, deadlines and reasons recur for everyone): keys are dates,
(first, last day) pairs and (reason, argument, the primitive's own words), by value, so a
word never goes stale; the memo is cleared when it holds more than :data:`DAYS_KEPT`.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from vakmanschap.model.words import Lang, fmt_date

if TYPE_CHECKING:
    from vakmanschap.engine.assessment import Assessment, RequirementResult
    from vakmanschap.engine.ruleset import RuleSet
    from vakmanschap.model.periods import Window

__all__ = ["DAYS_KEPT", "day_word", "days_memo", "deadline_words", "span_word"]

#: The most worded dates, spans and reasons a rule set keeps per language.
DAYS_KEPT = 4096


def _new_days(rules: RuleSet) -> dict[object, str]:
    return {}


def days_memo(assessment: Assessment, lang: Lang) -> dict[object, str]:
    """The memo of worded dates for ``lang``: the rule set's (see :data:`DAYS_KEPT`), or one
    for this render when the assessment has no rule set."""
    origin = assessment.origin
    if origin is None:
        return {}
    days = origin.rules.derived(f"text: days ({lang})", _new_days)
    if len(days) > DAYS_KEPT:
        days.clear()
    return days


def day_word(day: date, lang: Lang, days: dict[object, str]) -> str:
    """:func:`fmt_date` of ``day``, from ``days`` when worded before."""
    text = days.get(day)
    if text is None:
        text = days[day] = fmt_date(day, lang)
    return text


def span_word(window: Window, lang: Lang, days: dict[object, str]) -> str:
    """``1 januari 2027 – 31 januari 2027``: a window's days, from ``days`` when worded before
    (the tree line of a sub-period and its shortfall sentence say the same, and the periods
    of a ``per_period`` node recur for everyone)."""
    key = (window.start, window.last_day)
    text = days.get(key)
    if text is None:
        text = days[key] = (f"{day_word(window.start, lang, days)} – "
                            f"{day_word(window.last_day, lang, days)}")
    return text


def deadline_words(result: RequirementResult, inclusive: bool, lang: Lang, on: date,
                   days: dict[object, str]) -> str:
    """``, vóór 1 januari 2027`` (``uiterlijk`` for a last allowed day), or ``, termijn
    verstreken (...)`` once it has passed on ``on``; empty without a deadline."""
    deadline = result.deadline
    if deadline is None:
        return ""
    # A node may declare its own deadline as a last allowed day (an attestation's limit).
    inclusive = bool(result.detail.get("deadline_inclusive", inclusive))
    day = day_word(deadline, lang, days)
    passed = deadline < on if inclusive else deadline <= on
    if lang == "nl":
        word = "uiterlijk" if inclusive else "vóór"
        return f", termijn verstreken ({word} {day})" if passed else f", {word} {day}"
    word = "by" if inclusive else "before"
    return f", deadline passed ({word} {day})" if passed else f", {word} {day}"
