"""Text for people, rendered from the assessment tree by fixed templates (Dutch first).

The text is a pure function of the tree: the same assessment always gives the same words.
Each primitive supplies the quantitative phrase of its line (``Requirement.phrase``); this
module supplies the frame: the heading, the tree with ✓/✗, and one sentence per shortfall:

    U voldoet niet aan Professionalisering: 28 van 40 uur; er ontbreken 12 uur, vóór
    1 augustus 2027 (bron: ...).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from vakmanschap.engine.phrases import amount_phrase
from vakmanschap.engine.routes import alternatives as _alternatives
from vakmanschap.engine.routes import open_children as _open_alternatives
from vakmanschap.model.words import Lang, fmt_amount, fmt_date, unit_name
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

def _phrase(result: RequirementResult, lang: Lang, memo: dict[int, str] | None = None) -> str:
    """The node's quantitative phrase, worded once per render (``memo``, by node): the tree
    line and the shortfall sentence of an unmet leaf say the same."""
    if memo is not None:
        text = memo.get(id(result))
        if text is not None:
            return text
    rule = result.rule
    text = rule.phrase(result, lang) if rule is not None else amount_phrase(result, lang)
    if memo is not None:
        memo[id(result)] = text
    return text


def _line(result: RequirementResult, lang: Lang, parent: RequirementResult | None,
          memo: dict[int, str] | None = None) -> str:
    mark = "✓" if result.met else "✗"
    window = ""
    # A sub-period (per_period) shows its own window; the cycle window is in the heading.
    if (parent is not None and result.window is not None
            and not _same_window(parent, result) and result.window.start.year > 1):
        window = f" [{_span(result.window, lang, memo)}]"
    return f"{mark} {result.title(lang)}: {_phrase(result, lang, memo)}{window}"


def _span(window: Window, lang: Lang, memo: dict[int, str] | None = None) -> str:
    """``1 januari 2027 – 31 januari 2027``: a window's days, worded once per render
    (``memo``, by the window object: the tree line of a sub-period and its shortfall
    sentence say the same, and the periods of a ``per_period`` node repeat in both). The
    memo is the render's phrase memo: its keys are ids of objects that live as long as the
    tree (nodes, windows, dates), so no two of them are equal."""
    if memo is not None:
        text = memo.get(id(window))
        if text is not None:
            return text
    text = f"{fmt_date(window.start, lang)} – {fmt_date(window.last_day, lang)}"
    if memo is not None:
        memo[id(window)] = text
    return text


def _same_window(parent: RequirementResult, result: RequirementResult) -> bool:
    """Whether a node judges its parent's window (most share the very object: no field by
    field comparison then)."""
    return parent.window is result.window or parent.window == result.window


# At most this many activity ids are named per reason; the rest are counted.
_NAMED = 4


def _not_counted(result: RequirementResult, lang: Lang, parent: RequirementResult | None
                 ) -> list[str]:
    """One line per reason why activities did not count (in full) for ``result``:
    ``· niet meegeteld (niet geaccrediteerd): a, b (2 activiteiten, 25 uur)``.

    Outside its own sub-period an activity counts in another, so a sub-period does not
    list those; activities dated after the assessment date are said once, under the tree
    (:func:`_later`); every other exclusion and every cap is said, grouped by its words.
    """
    if not result.outcomes and result.split is None:
        return []  # a node that looked at no activities
    sub_period = parent is not None and not _same_window(parent, result)
    groups = result.not_counted_by_reason(
        lang, skip=("after_on", "outside_window") if sub_period else ("after_on",))
    nl = lang == "nl"
    lines = []
    # Sorted, so that the text does not depend on the order of the input.
    for (status, why, unit), items in sorted(groups.items(), key=lambda g: g[0][:2]):
        items.sort()
        if status == "capped":
            head = "deels meegeteld" if nl else "counted in part"
        else:
            head = "niet meegeteld" if nl else "not counted"
        ids = ", ".join([i for i, _ in items[:_NAMED]])
        if len(items) > _NAMED:
            more = len(items) - _NAMED
            ids += (f" en {more} andere" if nl else f" and {more} more")
        lost = sum(amount for _, amount in items)
        unit = unit or None
        noun = (("activiteit" if len(items) == 1 else "activiteiten") if nl else
                ("activity" if len(items) == 1 else "activities"))
        size = f"{len(items)} {noun}"
        if unit is not None and lost:
            size += f", {fmt_amount(lost, lang)} {unit_name(unit, lost, lang)}" + (
                " niet meegeteld" if nl and status == "capped" else
                " not counted" if status == "capped" else "")
        lines.append(f"· {head} ({why}): {ids} ({size})")
    return lines


def _converted(assessment: Assessment, lang: Lang) -> str:
    """The one line on activities recorded in a unit that their category converts
    (``2.600 woorden = 5 punten``), for those the requirements above looked at ("" if none)."""
    origin = assessment.origin
    if origin is None or not any(c.convert for c in origin.rules.categories.values()):
        return ""
    # The ids of the activities some node judged (:attr:`RequirementResult.activities`
    # without an outcome object per activity; a window's own exclusions, outside it or
    # after the assessment date, are exactly the ones left out).
    seen = {node.prepared[index].id for node in assessment.result.walk()
            for index, _, reason, _ in node.outcomes
            if reason != "after_on" and reason != "outside_window"}
    rules, parts = origin.rules, []
    for act in origin.professional.activities:
        counted = rules.converted(act) if act.id in seen else None
        if counted is not None:
            parts.append(f"{act.id}: {fmt_amount(act.amount, lang)} "
                         f"{unit_name(act.unit, act.amount, lang)} = {fmt_amount(counted, lang)} "
                         f"{unit_name(rules.unit, counted, lang)}")
    if not parts:
        return ""
    return (("Omgerekend: " if lang == "nl" else "Converted: ") + "; ".join(sorted(parts))
            + ".")


def _later(root: RequirementResult, lang: Lang) -> str:
    """The one line about activities dated after the assessment date ("" when none)."""
    ids: dict[str, None] = {}
    latest: dict[int, date | None] = {}  # the last day of each tuple of prepared activities
    for node in root.walk():
        # The outcomes as :meth:`RequirementResult.not_counted` reads them (after the
        # assessment date is never counted), without an outcome object per activity.
        split = node.split
        prepared = node.prepared
        every = node.outcomes
        if split is not None:
            if id(prepared) not in latest:  # the tuples live as long as the tree
                latest[id(prepared)] = max((a.day for a in prepared), default=None)
            last = latest[id(prepared)]
            # A window's exclusions name an activity after the assessment date only when
            # one is dated after it: else they need not be built (a sub-period skips them).
            if last is not None and last > split.on:
                every = every + split.excluded
        for index, _, reason, _ in every:
            if reason == "after_on":
                ids[prepared[index].id] = None
    if not ids:
        return ""
    names = ", ".join(sorted(ids))
    return (f"Activiteiten met een datum na de beoordelingsdatum tellen hierboven niet mee: "
            f"{names}." if lang == "nl" else
            f"Activities dated after the assessment date are not counted above: {names}.")


def _tree(result: RequirementResult, lang: Lang, depth: int, out: list[str],
          parent: RequirementResult | None = None, memo: dict[int, str] | None = None
          ) -> None:
    out.append("  " * depth + _line(result, lang, parent, memo))
    out.extend("  " * (depth + 1) + line for line in _not_counted(result, lang, parent))
    shown = _open_alternatives(result)
    for child in shown:
        _tree(child, lang, depth + 1, out, result, memo)
    closed = len(result.children) - len(shown)
    if closed:
        out.append("  " * (depth + 1) + (
            f"– {closed} andere route{'s' if closed > 1 else ''}: niet van toepassing op "
            "uw registratie" if lang == "nl" else
            f"– {closed} other route{'s' if closed > 1 else ''}: not applicable to your "
            "registration"))


def _deadline(result: RequirementResult, inclusive: bool, lang: Lang, on: date,
              memo: dict[int, str] | None = None) -> str:
    deadline = result.deadline
    if deadline is None:
        return ""
    # A node may declare its own deadline as a last allowed day (an attestation's limit).
    inclusive = bool(result.detail.get("deadline_inclusive", inclusive))
    # The date worded once per render (``memo``, by the date object: the nodes judged in
    # one window share it).
    day = memo.get(id(deadline)) if memo is not None else None
    if day is None:
        day = fmt_date(deadline, lang)
        if memo is not None:
            memo[id(deadline)] = day
    passed = deadline < on if inclusive else deadline <= on
    if lang == "nl":
        word = "uiterlijk" if inclusive else "vóór"
        return f", termijn verstreken ({word} {day})" if passed else f", {word} {day}"
    word = "by" if inclusive else "before"
    return f", deadline passed ({word} {day})" if passed else f", {word} {day}"


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
    group = _GROUP[assessment.group][0 if nl else 1]
    lines = [f"{assessment.register_title(lang)} — {group} — {assessment.professional_id} — "
             + (f"beoordeeld op {fmt_date(assessment.on, lang)}" if nl
                else f"assessed on {fmt_date(assessment.on, lang)}")]
    inclusive = bool(assessment.cycle and assessment.cycle.end_inclusive)
    if assessment.cycle is not None:
        cyc = assessment.cycle
        span = f"{fmt_date(cyc.start, lang)} – {fmt_date(cyc.last_day, lang)}"
        due = fmt_date(assessment.deadline, lang) if assessment.deadline else "-"
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
    _tree(assessment.result, lang, 0, lines, None, memo)
    converted = _converted(assessment, lang)
    if converted:
        lines.append(converted)
    later = _later(assessment.result, lang)
    if later:
        lines.append(later)
    if not assessment.met and assessment.group != "registration":
        lines.append("")
        lines.append("Wat ontbreekt:" if nl else "What is missing:")
        _missing(assessment.result, assessment, inclusive, lang, 0, lines, memo)
    if plan is not None:
        words = render_plan(plan, lang)  # "Nog te doen vóór ...: ..."
        if words:
            lines.extend(["", words])
    return "\n".join(lines) + "\n"


def _missing(node: RequirementResult, assessment: Assessment, inclusive: bool, lang: Lang,
             depth: int, out: list[str], memo: dict[int, str] | None = None) -> None:
    """One sentence per unmet leaf; alternatives (any_of, at_least) are grouped under a line
    that says how many of them suffice, so nobody reads every route as required."""
    if node.met:
        return
    unmet = [c for c in _open_alternatives(node) if not c.met]
    indent = "  " * depth
    if not unmet:
        out.append(f"{indent}- " + _shortfall_sentence(node, assessment, inclusive, lang,
                                                       memo))
        return
    if _alternatives(node) and len(unmet) > 1:
        still = max(1, round((node.required or 1) - (node.actual or 0)))
        title = node.title(lang)
        if lang == "nl":
            head = ("Eén van de volgende routes volstaat" if still == 1 else
                    f"{still} van de volgende {len(unmet)} volstaan")
        else:
            head = ("One of the following routes suffices" if still == 1 else
                    f"{still} of the following {len(unmet)} suffice")
        out.append(f"{indent}- {head} ({title}):")
        for child in unmet:
            _missing(child, assessment, inclusive, lang, depth + 1, out, memo)
        return
    for child in unmet:
        _missing(child, assessment, inclusive, lang, depth, out, memo)


def _shortfall_sentence(node: RequirementResult, assessment: Assessment, inclusive: bool,
                        lang: Lang, memo: dict[int, str] | None = None) -> str:
    nl = lang == "nl"
    phrase = _phrase(node, lang, memo)
    period = ""
    if node.window is not None and assessment.cycle is not None and (
            node.window.start, node.window.end) != (assessment.cycle.start, assessment.cycle.end):
        span = _span(node.window, lang, memo)
        period = f" in de periode {span}" if nl else f" in the period {span}"
    text = (f"U voldoet niet aan {node.title(lang)}{period}: {phrase}" if nl
            else f"You do not meet {node.title(lang)}{period}: {phrase}")
    if node.shortfall and node.unit not in (None, "share", "requirements", "periods"):
        unit = unit_name(node.unit or "", node.shortfall, lang)
        amount = fmt_amount(node.shortfall, lang)
        verb = "ontbreekt" if abs(node.shortfall - 1) < 1e-9 else "ontbreken"
        text += (f"; er {verb} {amount} {unit}" if nl else f"; {amount} {unit} missing")
    elif node.shortfall and node.unit == "share":
        unit = unit_name(node.detail.get("unit", ""), node.shortfall, lang)
        text += (f"; er is {fmt_amount(node.shortfall, lang)} {unit} bij nodig" if nl
                 else f"; {fmt_amount(node.shortfall, lang)} {unit} more needed")
    text += _deadline(node, inclusive, lang, assessment.on, memo)
    source = "bron" if nl else "source"
    return f"{text} ({source}: {node.source}; {node.location})."
