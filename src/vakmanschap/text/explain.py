"""Text for people, rendered from the assessment tree by fixed templates (Dutch first).

The text is a pure function of the tree: the same assessment always gives the same words.
Each primitive supplies the quantitative phrase of its line (``Requirement.phrase``); this
module supplies the frame: the heading, the tree with ✓/✗, and one sentence per shortfall:

    U voldoet niet aan Professionalisering: 28 van 40 uur; er ontbreken 12 uur, vóór
    1 augustus 2027 (bron: ...).
"""

from __future__ import annotations

import math
from datetime import date
from typing import TYPE_CHECKING

from vakmanschap.engine.phrases import amount_phrase
from vakmanschap.engine.routes import alternatives as _alternatives
from vakmanschap.engine.routes import open_children as _open_alternatives
from vakmanschap.model.words import Lang, fmt_amount, fmt_date, unit_name
from vakmanschap.text.activity_words import converted_line as _converted
from vakmanschap.text.activity_words import later_line as _later
from vakmanschap.text.activity_words import not_counted_lines
from vakmanschap.text.day_words import day_word as _day
from vakmanschap.text.day_words import days_memo as _days
from vakmanschap.text.day_words import deadline_words as _deadline
from vakmanschap.text.day_words import span_word as _span
from vakmanschap.text.period_runs import Run, may_run, run_sentence, runs
from vakmanschap.text.plan_words import render_plan

if TYPE_CHECKING:
    from vakmanschap.engine.assessment import Assessment, RequirementResult, Standing
    from vakmanschap.engine.plan import Plan
    from vakmanschap.model.periods import Window

__all__ = ["amount_phrase", "render"]

_GROUP = {
    "registration": ("registratie", "registration"),
    "development": ("professionalisering in de lopende periode",
                    "professional development in the running cycle"),
    "reregistration": ("herregistratie", "re-registration"),
}

def _phrase(result: RequirementResult, lang: Lang, memo: dict[int, str]) -> str:
    """The node's quantitative phrase, worded once per render (``memo``, by node): the tree
    line and the shortfall sentence of an unmet leaf say the same."""
    text = memo.get(id(result))
    if text is None:
        rule = result.rule
        text = memo[id(result)] = (rule.phrase(result, lang) if rule is not None
                                   else amount_phrase(result, lang))
    return text


def _line(result: RequirementResult, lang: Lang, parent: RequirementResult | None,
          memo: dict[int, str], days: dict[object, str]) -> str:
    """The node's line in the tree; its phrase is kept in ``memo`` when the node is unmet
    (its shortfall sentence says it again)."""
    rule = result.rule
    phrase = rule.phrase(result, lang) if rule is not None else amount_phrase(result, lang)
    if result.met:
        head = f"✓ {result.title(lang)}: {phrase}"
    else:
        head = f"✗ {result.title(lang)}: {phrase}"
        memo[id(result)] = phrase
    window = result.window
    # A sub-period (per_period) shows its own window; the cycle window is in the heading.
    # Most nodes share their parent's very window object; sub-periods differ in the start.
    if parent is None or window is None or window is parent.window or window.start.year <= 1:
        return head
    other = parent.window
    if other is None or window.start != other.start or window != other:
        return f"{head} [{_span(window, lang, days)}]"
    return head


def _tree(result: RequirementResult, lang: Lang, depth: int, out: list[str],
          parent: RequirementResult | None, memo: dict[int, str], days: dict[object, str],
          seen: dict[object, str], on: date) -> None:
    pad = "  " * depth
    out.append(pad + _line(result, lang, parent, memo, days))
    if result.outcomes or result.split is not None:  # else it looked at no activities
        # Outside its own sub-period an activity counts in another: a sub-period does not
        # list those.
        sub_period = (parent is not None and parent.window is not result.window
                      and parent.window != result.window)
        out.extend([f"{pad}  {line}" for line in not_counted_lines(result, lang, sub_period,
                                                                     days, seen)])
    children = result.children
    if not children:
        return
    shown = _open_alternatives(result) if _alternatives(result) else children
    for child in (runs(shown, lang, lambda node, lang: _phrase(node, lang, memo), on)
                  if may_run(shown) else shown):
        if isinstance(child, Run):
            first, last = child.span()
            out.append(f"{pad}  {'✓' if child.met else '✗'} {child.first.title(lang)}: "
                       f"{child.tree_phrase(lang)} [{_day(first, lang, days)} – "
                       f"{_day(last, lang, days)}]")
        elif child.children or child.outcomes or child.split is not None:
            _tree(child, lang, depth + 1, out, result, memo, days, seen, on)
        else:  # a leaf that looked at no activities: its line alone
            out.append(f"{pad}  {_line(child, lang, result, memo, days)}")
    closed = len(children) - len(shown)
    if closed:
        out.append(pad + "  " + (
            f"– {closed} andere route{'s' if closed > 1 else ''}: niet van toepassing op "
            "uw registratie" if lang == "nl" else
            f"– {closed} other route{'s' if closed > 1 else ''}: not applicable to your "
            "registration"))


# Statuses in which the registration has ended (docs/lifecycle.md).
_ENDED = ("verlopen", "doorgehaald", "uitgeschreven")

# What to do now, per status without a running registration (Dutch, English).
_NEXT: dict[str, tuple[str, str]] = {
    "verlopen": ("Wat nu: vraag het register om herregistratie of herintreding; tot een nieuw "
                 "besluit bent u niet geregistreerd.",
                 "What now: ask the register for re-registration or re-entry; until a new "
                 "decision you are not registered."),
    "doorgehaald": ("Wat nu: u bent niet geregistreerd; om weer in het register te komen "
                    "vraagt u herintreding aan, waarvoor de eisen voor registratie gelden.",
                    "What now: you are not registered; to return to the register, apply for "
                    "re-entry, under the requirements for registration."),
    "uitgeschreven": ("Wat nu: u bent op eigen verzoek uitgeschreven; om weer in het register "
                      "te komen vraagt u opnieuw registratie aan.",
                      "What now: you were deregistered at your request; to return to the "
                      "register, apply for registration again."),
    "ingeschreven": ("Wat nu: u bent ingeschreven maar nog niet geregistreerd; het register "
                     "besluit over uw registratie.",
                     "What now: you are enrolled but not yet registered; the register decides "
                     "on your registration."),
}


def _status_line(assessment: Assessment, lang: Lang) -> str:
    standing = assessment.standing
    assert standing is not None
    on, since = fmt_date(assessment.on, lang), fmt_date(standing.since, lang)
    return (f"Status op {on}: {standing.title('nl')} sinds {since} ({standing.reason('nl')})."
            if lang == "nl" else
            f"Status on {on}: {standing.title('en')} since {since} "
            f"({standing.reason('en')}).")


def _ended_lines(assessment: Assessment, standing: Standing, lang: Lang) -> list[str]:
    """The outcome of a professional whose registration is not running on the assessment
    date: the status and since when, which requirements were judged, what to do now."""
    nl = lang == "nl"
    since = fmt_date(standing.since, lang)
    title = standing.title(lang)
    last = fmt_date(assessment.cycle.last_day, lang) if assessment.cycle else "-"
    head = (f"Uitkomst: u bent niet (meer) geregistreerd: {title} sinds {since}." if nl
            else f"Outcome: you are not (or no longer) registered: {title} since {since}.")
    judged = ("De eisen hieronder zijn die van de periode die eindigde op " if nl
              else "The requirements below are those of the term that ended on ") + last
    if assessment.met:
        judged += (": daaraan voldoet u, maar dat herstelt de registratie niet vanzelf." if nl
                   else ": you meet them, but that does not restore the registration by "
                   "itself.")
    else:
        judged += (": daaraan voldoet u (nog) niet." if nl
                   else ": you do not (yet) meet them.")
    nl_next, en_next = _NEXT.get(standing.status, _NEXT["verlopen"])
    return [head, judged, nl_next if nl else en_next]


def render(assessment: Assessment, lang: Lang = "nl", plan: Plan | None = None) -> str:
    """The full explanation of an assessment, with its completion ``plan`` when given.

    A pure function of the tree and the plan: it never assesses anything again.
    """
    nl = lang == "nl"
    days = _days(assessment, lang)
    group = _GROUP[assessment.group][0 if nl else 1]
    on = _day(assessment.on, lang, days)
    lines = [f"{assessment.register_title(lang)} — {group} — {assessment.professional_id} — "
             + (f"beoordeeld op {on}" if nl else f"assessed on {on}")]
    inclusive = bool(assessment.cycle and assessment.cycle.end_inclusive)
    if assessment.cycle is not None:
        span = _span(assessment.cycle, lang, days)
        due = _day(assessment.deadline, lang, days) if assessment.deadline else "-"
        word = ("uiterlijk" if inclusive else "vóór") if nl else ("by" if inclusive else "before")
        lines.append(f"Regelversie {assessment.version}; periode {span}; herregistratie {word} "
                     f"{due}." if nl else f"Rule version {assessment.version}; cycle {span}; "
                     f"re-registration {word} {due}.")
    else:
        lines.append(f"Regelversie {assessment.version}." if nl
                     else f"Rule version {assessment.version}.")
    standing = assessment.standing
    if standing is not None and not standing.registered:  # a running term needs no word
        lines.append(_status_line(assessment, lang))
    if assessment.group == "registration":
        level = assessment.level
        titles = assessment.result.detail.get("level_titles", {})
        if standing is not None and standing.status in _ENDED:
            lines.append("De eisen hieronder zijn die voor een nieuwe registratie "
                         "(herintreding)." if nl else "The requirements below are those of "
                         "a new registration (re-entry).")
        if level is not None:
            name = titles[level](lang) if level in titles else level
            lines.append(f"Uitkomst: u komt in aanmerking voor registratie als {name}." if nl
                         else f"Outcome: you qualify for registration as {name}.")
        else:
            lines.append("Uitkomst: u komt (nog) niet in aanmerking voor registratie." if nl
                         else "Outcome: you do not (yet) qualify for registration.")
    elif not assessment.in_register and standing is not None:
        lines.extend(_ended_lines(assessment, standing, lang))
    elif assessment.met:
        lines.append(f"Uitkomst: u voldoet aan de eisen voor {group}." if nl
                     else f"Outcome: you meet the requirements for {group}.")
    else:
        lines.append(f"Uitkomst: u voldoet (nog) niet aan de eisen voor {group}." if nl
                     else f"Outcome: you do not (yet) meet the requirements for {group}.")
    lines.append("")
    # The nodes of the tree live as long as this call: ids key the phrase memo safely.
    memo: dict[int, str] = {}
    _tree(assessment.result, lang, 0, lines, None, memo, days, {}, assessment.on)
    converted = _converted(assessment, lang)
    if converted:
        lines.append(converted)
    later = _later(assessment.result, lang)
    if later:
        lines.append(later)
    if not assessment.met and assessment.group != "registration":
        lines.append("")
        lines.append("Wat ontbreekt:" if nl else "What is missing:")
        _missing(assessment.result, assessment.on, inclusive, lang, 0, lines, memo, days,
                 assessment.cycle)
    if plan is not None:
        words = render_plan(plan, lang)  # "Nog te doen vóór ...: ..."
        if words:
            lines.extend(["", words])
    return "\n".join(lines) + "\n"


def _missing(node: RequirementResult, on: date, inclusive: bool, lang: Lang, depth: int,
             out: list[str], memo: dict[int, str], days: dict[object, str],
             cycle: Window | None) -> None:
    """One sentence per unmet leaf; alternatives (any_of, at_least) are grouped under a line
    that says how many of them suffice, so nobody reads every route as required."""
    if node.met:
        return
    children = node.children
    alternatives = _alternatives(node) if children else False
    unmet = [c for c in (_open_alternatives(node) if alternatives else children) if not c.met]
    indent = "  " * depth
    if not unmet:
        out.append(f"{indent}- "
                   f"{_shortfall_sentence(node, on, inclusive, lang, memo, days, cycle)}")
        return
    if alternatives and len(unmet) > 1:
        still = max(1, round((node.required or 1) - (node.actual or 0)))
        title = node.title(lang)
        if lang == "nl":
            head = ("Eén van de volgende routes volstaat" if still == 1 else
                    f"{still} van de volgende {len(unmet)} volstaan")
        else:
            head = ("One of the following routes suffices" if still == 1 else
                    f"{still} of the following {len(unmet)} suffice")
        out.append(f"{indent}- {head} ({title}):")
        depth += 1
    elif node.unit == "periods" and node.required is not None and len(unmet) > 1:
        # Periods of which some may be missed (KP: 36 of 60 months): say how many of the
        # open ones suffice, so that nobody reads each as required.
        still = max(1, math.ceil(node.required - (node.actual or 0)))
        if still < len(unmet):
            out.append(f"{indent}- " + (
                f"{still} van de volgende {len(unmet)} periodes volstaan" if lang == "nl"
                else f"{still} of the following {len(unmet)} periods suffice")
                + f" ({node.title(lang)}):")
            depth += 1
    for child in (runs(unmet, lang, lambda n, lang: _phrase(n, lang, memo), on)
                  if may_run(unmet) else unmet):
        if isinstance(child, Run):
            out.append(f"{'  ' * depth}- "
                       f"{run_sentence(child, on, inclusive, lang, days)}")
        elif child.children:
            _missing(child, on, inclusive, lang, depth, out, memo, days, cycle)
        else:  # an unmet leaf: its sentence
            out.append(f"{'  ' * depth}- "
                       f"{_shortfall_sentence(child, on, inclusive, lang, memo, days, cycle)}")


def _shortfall_sentence(node: RequirementResult, on: date, inclusive: bool, lang: Lang,
                        memo: dict[int, str], days: dict[object, str], cycle: Window | None
                        ) -> str:
    nl = lang == "nl"
    phrase = _phrase(node, lang, memo)
    period = ""
    window = node.window
    if window is not None and cycle is not None and (
            window.start != cycle.start or window.end != cycle.end):
        span = _span(window, lang, days)
        period = f" in de periode {span}" if nl else f" in the period {span}"
    text = (f"U voldoet niet aan {node.title(lang)}{period}: {phrase}" if nl
            else f"You do not meet {node.title(lang)}{period}: {phrase}")
    shortfall, unit = node.shortfall, node.unit
    if shortfall and unit not in (None, "share", "requirements", "periods"):
        unit = unit_name(unit or "", shortfall, lang)
        amount = fmt_amount(shortfall, lang)
        verb = "ontbreekt" if abs(shortfall - 1) < 1e-9 else "ontbreken"
        text += (f"; er {verb} {amount} {unit}" if nl else f"; {amount} {unit} missing")
    elif shortfall and unit == "share":
        unit = unit_name(node.detail.get("unit", ""), shortfall, lang)
        text += (f"; er is {fmt_amount(shortfall, lang)} {unit} bij nodig" if nl
                 else f"; {fmt_amount(shortfall, lang)} {unit} more needed")
    if node.deadline is not None:
        text += _deadline(node, inclusive, lang, on, days)
    return f"{text} ({'bron' if nl else 'source'}: {node.source}; {node.location})."

