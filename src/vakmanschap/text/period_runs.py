"""Runs of like periods: one line for many sub-periods that say the same.

A ``per_period`` rule judges every month (or year) of a term: KP asks for work in 36 of the 60
months of its five years. Listed one by one, such a tree gives sixty lines, and the missing
list forty sentences that each seem required. People read a run instead:

    ✓ Werk in het beroep in deze maand: voldaan in 17 periodes [1 juli 2025 – 30 november 2026]
    ✗ Werk in het beroep in deze maand: 0 van 1 uur in elk van 43 periodes [1 december 2026 –
      30 juni 2030]

A run is at least :data:`MIN_RUN` consecutive sibling leaves (adjacent windows, the same
title, the same outcome) that show no activity lines; met ones may differ in their amounts
(each is met), unmet ones must say the very same phrase, so that one phrase is true of each.
Only the text is condensed: the assessment and its JSON keep every period.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

import attrs

from vakmanschap.model.words import fmt_amount, unit_name
from vakmanschap.text.day_words import day_word as _day
from vakmanschap.text.day_words import deadline_words as _deadline

if TYPE_CHECKING:
    from vakmanschap.engine.assessment import RequirementResult
    from vakmanschap.model.words import Lang

__all__ = ["MIN_RUN", "Run", "may_run", "run_sentence", "runs"]

#: The fewest like periods worded as one run (two lines are read as easily as one).
MIN_RUN = 3

_DAY = timedelta(days=1)


@attrs.frozen
class Run:
    """Consecutive like periods (``nodes``, at least :data:`MIN_RUN`) and the phrase each
    says (``phrase``: the shared phrase of unmet ones; None for met ones, whose amounts
    may differ)."""

    nodes: tuple[RequirementResult, ...]
    phrase: str | None

    @property
    def first(self) -> RequirementResult:
        """The run's first period."""
        return self.nodes[0]

    @property
    def met(self) -> bool:
        """Whether the run's periods are met (all are, or none is)."""
        return self.nodes[0].met

    def span(self) -> tuple[date, date]:
        """The first day of the first period and the last day of the last."""
        first, last = self.nodes[0].window, self.nodes[-1].window
        assert first is not None and last is not None
        return first.start, last.last_day

    def tree_phrase(self, lang: Lang) -> str:
        """What the run's tree line says after the title (without the span)."""
        n = len(self.nodes)
        if self.phrase is None:
            return f"voldaan in {n} periodes" if lang == "nl" else f"met in {n} periods"
        return (f"{self.phrase} in elk van {n} periodes" if lang == "nl"
                else f"{self.phrase} in each of {n} periods")


def may_run(children: Sequence[RequirementResult]) -> bool:
    """Whether ``children`` may hold a run, cheaply: enough of them, and the first two share
    their id, as the periods of a ``per_period`` node do (siblings of other nodes differ), so
    that the lines of other nodes pay for no search."""
    return len(children) >= MIN_RUN and children[0].id == children[1].id


def _said(node: RequirementResult) -> tuple[object, ...]:
    """What a node's phrase is made of (``Requirement.phrase`` reads the outcome, the amounts
    and the detail, never the period): nodes alike in these say the same."""
    return (node.rule, node.required, node.actual, node.unit, node.shortfall, node.detail)


def runs(children: Sequence[RequirementResult], lang: Lang,
         phrase: Callable[[RequirementResult, Lang], str], on: date
         ) -> list[RequirementResult | Run]:
    """``children`` with each run of :data:`MIN_RUN` or more like periods replaced by one
    :class:`Run`; ``phrase(node, lang)`` words a run's first node (unmet nodes of a run are
    alike in what their phrase is made of, so they share it). A run of unmet periods never
    spans the assessment date ``on``: periods that ended before it can no longer be made up,
    and are said apart from those still open.

    Like periods are sub-period leaves that show no activity lines (no children, outcomes or
    split), of one requirement and one outcome, each starting the day after the last ends.
    """
    out: list[RequirementResult | Run] = []
    i, n = 0, len(children)
    while i < n:
        node = children[i]
        window = node.window
        if node.children or node.outcomes or node.split is not None or window is None:
            out.append(node)
            i += 1
            continue
        met, ident, last = node.met, node.id, window.last_day
        said = None if met else _said(node)
        ended = last < on
        j = i + 1
        while j < n:
            other = children[j]
            w = other.window
            if (w is None or other.met != met or other.id != ident or other.children
                    or other.outcomes or other.split is not None or w.start != last + _DAY):
                break
            last = w.last_day
            if said is not None and ((last < on) is not ended or _said(other) != said):
                break
            j += 1
        if j - i >= MIN_RUN:
            out.append(Run(tuple(children[i:j]), None if said is None else phrase(node, lang)))
        else:
            out.extend(children[i:j])
        i = j
    return out


def run_sentence(run: Run, on: date, inclusive: bool, lang: Lang,
                 days: dict[object, str]) -> str:
    """One sentence for a run of like unmet periods: what each lacks, and by when."""
    nl = lang == "nl"
    node = run.first
    first, last = run.span()
    span = f"{_day(first, lang, days)} – {_day(last, lang, days)}"
    n = len(run.nodes)
    text = (f"U voldoet niet aan {node.title(lang)} in {n} periodes ({span}): {run.phrase}"
            if nl else f"You do not meet {node.title(lang)} in {n} periods ({span}): "
            f"{run.phrase}")
    shortfall, unit = node.shortfall, node.unit
    if shortfall and unit not in (None, "share", "requirements", "periods"):
        amount = f"{fmt_amount(shortfall, lang)} {unit_name(unit or '', shortfall, lang)}"
        verb = "ontbreekt" if abs(shortfall - 1) < 1e-9 else "ontbreken"
        text += (f"; er {verb} {amount} per periode" if nl
                 else f"; {amount} missing per period")
    text += _run_deadline(run, inclusive, lang, on, days)
    return f"{text} ({'bron' if nl else 'source'}: {node.source}; {node.location})."


def _run_deadline(run: Run, inclusive: bool, lang: Lang, on: date,
                  days: dict[object, str]) -> str:
    """When each period of a run is due: by the end of its own period when each deadline
    is its period's end (as the engine dates them), else the first and the last deadline."""
    nodes = run.nodes
    if any(n.deadline is None for n in nodes):
        return ""
    own = all(n.window is not None and n.deadline in (n.window.last_day,
                                                      n.window.last_day + timedelta(days=1))
              for n in nodes)
    if own:
        if nodes[-1].deadline < on:  # type: ignore[operator]
            return (", termijnen verstreken (telkens binnen de eigen periode)" if lang == "nl"
                    else ", deadlines passed (each within its own period)")
        return (", telkens binnen de eigen periode" if lang == "nl"
                else ", each within its own period")
    first = _deadline(nodes[0], inclusive, lang, on, days)
    return first + (" tot" if lang == "nl" else " to") + _deadline(
        nodes[-1], inclusive, lang, on, days).lstrip(",")
