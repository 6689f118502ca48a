"""The status timeline as a letter from the register (Dutch first, English on request).

A pure function of the timeline: the same segments always give the same words. One paragraph
per segment says the status, the period, what it rests on (the decision or the engine's
assessment, with what was missing), and what the professional could still do; the letter ends
with the completion plan for the running term, when there is one.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from vakmanschap.lifecycle.segments import StatusSegment
from vakmanschap.lifecycle.statuses import REGISTERED
from vakmanschap.model.words import Lang, fmt_date
from vakmanschap.text.plan_words import render_plan

if TYPE_CHECKING:
    from vakmanschap.engine.ruleset import RuleSet
    from vakmanschap.model.records import Professional

__all__ = ["render_letter"]


def _level(rules: RuleSet, level: str | None, lang: Lang) -> str:
    if level is None:
        return ""
    named = rules.levels.get(level)
    title = named.title(lang) if named is not None else level
    return f" als {title}" if lang == "nl" else f" as {title}"


def _span(segment: StatusSegment, last: bool, lang: Lang) -> str:
    start = fmt_date(segment.start, lang)
    if last:
        return f"Vanaf {start}" if lang == "nl" else f"From {start}"
    end = fmt_date(segment.end, lang)
    return f"Van {start} tot {end}" if lang == "nl" else f"From {start} to {end}"


def _missing(segment: StatusSegment, lang: Lang) -> str:
    """`` (niet voldaan: A, B)``: the unmet requirements of an assessment that decided a
    segment, when its root needs every one of them (with alternative routes, listing every
    leg of every route would bury the point: the reason already says the requirements were
    not met).
    """
    assessment = segment.assessment
    if assessment is None or assessment.met:
        return ""
    root = assessment.result
    # The root's result says how many of its sub-requirements it needs; its kind is not asked.
    if (not root.children or root.unit != "requirements"
            or root.required != len(root.children)):
        return ""
    nodes = [c for c in root.children if not c.met]
    joined = ", ".join(dict.fromkeys(node.title(lang) for node in nodes))
    return f" (niet voldaan: {joined})" if lang == "nl" else f" (not met: {joined})"


def _due(segment: StatusSegment, inclusive: bool, lang: Lang) -> str:
    if segment.due is None:
        return ""
    nl = lang == "nl"
    word = ("uiterlijk" if inclusive else "vóór") if nl else ("by" if inclusive else "before")
    day = fmt_date(segment.due, lang)
    if segment.status == "onder_voorwaarden":
        return (f" U kunt de herregistratie nog aanvragen vóór {day}." if nl
                else f" You can still apply for re-registration before {day}.")
    if segment.status == "uitstel":
        return (f" Herregistratie {word} {day} (einde van het uitstel)." if nl
                else f" Re-registration {word} {day} (end of the deferral).")
    if segment.registered:
        return f" Herregistratie {word} {day}." if nl else f" Re-registration {word} {day}."
    return ""


def _paragraph(rules: RuleSet, segment: StatusSegment, last: bool, lang: Lang) -> list[str]:
    nl = lang == "nl"
    inclusive = rules.date_policy.window_end == "inclusive"
    head = f"{_span(segment, last, lang)}: {segment.title(lang)}"
    if segment.registered:
        head += _level(rules, segment.level, lang)
    lines = [head + "."]
    ground = segment.reason_text(lang) + _missing(segment, lang)
    version = (f" (regelversie {segment.version})" if nl else f" (rule version "
               f"{segment.version})") if segment.version else ""
    lines.append(f"  {'Grond' if nl else 'Grounds'}: {ground}{version}."
                 + _due(segment, inclusive, lang))
    for note in segment.notes:
        lines.append(f"  {'Let op' if nl else 'Note'}: {note.text(lang)}.")
    return lines


def render_letter(rules: RuleSet, professional: Professional, until: date,
                  segments: list[StatusSegment], lang: Lang = "nl") -> str:
    """The timeline of ``professional`` as a letter from the register."""
    nl = lang == "nl"
    title = rules.title(lang)
    lines = [title, "Overzicht van uw registratie" if nl else "Overview of your registration",
             (f"Betreft: {professional.id} — stand tot {fmt_date(until, lang)}" if nl
              else f"Concerning: {professional.id} — up to {fmt_date(until, lang)}"), ""]
    lines.append("Geachte heer, mevrouw," if nl else "Dear Sir or Madam,")
    lines.append("")
    if not segments:
        lines.append(f"In onze gegevens staat vóór {fmt_date(until, lang)} geen inschrijving of "
                     "registratie op uw naam." if nl else
                     f"Our records show no enrolment or registration in your name before "
                     f"{fmt_date(until, lang)}.")
    else:
        lines.append(
            "Hieronder leest u welke status u in ons register had en, als er niets verandert, "
            "zult hebben. Bij elke periode staat waarop die status berust: een besluit van het "
            "register, of een beoordeling van uw gegevens volgens de regels." if nl else
            "Below you can read which status you had in our register and, if nothing changes, "
            "will have. Each period says what the status rests on: a decision of the register, "
            "or an assessment of your records under the rules.")
        lines.append("")
        for index, segment in enumerate(segments):
            lines.extend(_paragraph(rules, segment, index == len(segments) - 1, lang))
        lines.extend(_outlook(rules, professional, until, segments[-1], lang))
    lines.extend(["", "Met vriendelijke groet," if nl else "Yours faithfully,", "", title, ""])
    lines.append(
        "Dit overzicht is berekend door vakmanschap uit de gegevens die bekend zijn; het is "
        "geen besluit." if nl else
        "This overview was computed by vakmanschap from the records known; it is not a "
        "decision.")
    return "\n".join(lines) + "\n"


def _outlook(rules: RuleSet, professional: Professional, until: date, segment: StatusSegment,
             lang: Lang) -> list[str]:
    """What is still to do for the running term (the completion plan), or how to return."""
    nl = lang == "nl"
    if segment.status in ("verlopen", "doorgehaald", "uitgeschreven"):
        version = next((v for v in rules.versions if v.id == segment.version), None)
        if version is None:
            return []
        route = ("de eisen voor herregistratie" if version.reentry == "reregistration"
                 else "de eisen voor registratie") if nl else (
            "the requirements for re-registration" if version.reentry == "reregistration"
            else "the requirements for registration")
        return ["", f"Wilt u weer in het register worden opgenomen? Dan gelden {route} "
                    "(herintreding)." if nl else
                    f"Do you want to return to the register? Then {route} apply (re-entry)."]
    if segment.cycle is None or segment.status not in REGISTERED:
        return []
    on = max(segment.start, until - timedelta(days=1))
    assessment = rules.assess_cycle(professional, segment.cycle, on)
    if assessment.met:
        return ["", "U voldoet nu al aan de eisen voor de volgende herregistratie." if nl
                else "You already meet the requirements for the next re-registration."]
    text = render_plan(assessment.plan(), lang)
    return ["", text] if text else []
