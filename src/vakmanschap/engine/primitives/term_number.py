"""``term_number``: the term being judged is the n-th since the registration.

Some registers ask more, or other things, at the first re-registration than later (SKJ
jeugdzorgwerkers: "Dan gelden voor jouw eerste herregistratie de volgende eisen", sources
§3.2). The term opened by the registration decision is term 1: its end is the first
re-registration. Each recorded re-registration decision (``reregistered``) after that
registration and up to the decision that opened the judged term adds one; a term the timeline
derived without a decision (an application judged by the engine) counts as one more. Counting
restarts at every ``registered`` decision (re-entry after the registration ended).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import attrs

from vakmanschap.engine.assessment import RequirementResult
from vakmanschap.engine.context import EvalContext
from vakmanschap.engine.primitives.base import Requirement, primitive
from vakmanschap.engine.primitives.condition import ConditionRequirement
from vakmanschap.engine.primitives.param_info import param
from vakmanschap.model.records import EventKind, Professional
from vakmanschap.model.words import Lang
from vakmanschap.rules.schema import INVALID, Field, Num, Record

if TYPE_CHECKING:
    from vakmanschap.engine.primitives.drawing import Child, Draw, Vocab

__all__ = ["TermNumber", "term_number"]


def term_number(professional: Professional, decided_on: date | None) -> int | None:
    """The number of the term opened on ``decided_on`` (None without a registration)."""
    if decided_on is None:
        return None
    registered = [e.on for e in professional.events
                  if e.kind is EventKind.REGISTERED and e.on <= decided_on]
    if not registered:
        return None
    start = max(registered)
    renewals = [e.on for e in professional.events
                if e.kind is EventKind.REREGISTERED and start < e.on <= decided_on]
    derived = decided_on != start and decided_on not in renewals
    return 1 + len(renewals) + int(derived)


def _range_post(out: dict[str, Any], raw: Any, loc: Any, checker: Any) -> Any:
    if out is INVALID:
        return INVALID
    if out.get("max") is not None and out["max"] < out.get("min", 1):
        return checker.error(loc.key(raw, "max"), "'max' is below 'min'")
    return out


@primitive
@attrs.frozen(kw_only=True)
class TermNumber(ConditionRequirement):
    """The judged term is number ``min`` .. ``max`` since the registration."""

    key = "term_number"
    words = ("nummer van de registratieperiode", "number of the registration term")
    doc = ("The term being judged is number `min` (default 1) to `max` since the registration "
           "decision; 1 is the term that ends with the first re-registration.")
    closes_route = True
    schema = Record({
        "min": Field(Num(minimum=1, maximum=1000, integer=True), default=1),
        "max": Field(Num(minimum=1, maximum=1000, integer=True)),
    }, "the number of the term judged", post=_range_post)

    min: int = param("vanaf periode", "from term", default=1)
    max: int | None = param("tot en met periode", "up to term", default=None)

    reads_only_its_facts = True  # reads the register decisions up to the last registration only.
    blind_to_records = True

    def evaluate(self, ctx: EvalContext) -> RequirementResult:
        number = term_number(ctx.professional, ctx.last_registration)
        met = number is not None and number >= self.min and (self.max is None
                                                             or number <= self.max)
        # A condition on which term it is has no deadline: nothing can change it.
        return self.result(ctx, met=met, required=None, actual=None, unit=None,
                           shortfall=None, deadline=None, detail={"term": number})

    def phrase(self, result: RequirementResult, lang: Lang) -> str:
        number = result.detail.get("term")
        nl = lang == "nl"
        if self.max is None:
            wanted = f"periode {self.min} of later" if nl else f"term {self.min} or later"
        elif self.max == self.min:
            wanted = f"periode {self.min}" if nl else f"term {self.min}"
        else:
            wanted = (f"periode {self.min} tot en met {self.max}" if nl
                      else f"terms {self.min} to {self.max}")
        if number is None:
            return (f"geen registratieperiode (vereist: {wanted})" if nl
                    else f"no registration term (required: {wanted})")
        return (f"registratieperiode {number} (vereist: {wanted})" if nl
                else f"registration term {number} (required: {wanted})")

    # -- completion plan: what a plan must add to satisfy this requirement --

    # -- population: columnar evaluation --

    # Evaluated person by person (the default of Requirement.columnar): the population
    # store's fact tables hold no register events per person for a count yet.
    columnar = Requirement.columnar

    # -- random rule files: Hypothesis strategy --

    @classmethod
    def strategy(cls, draw: Draw, vocab: Vocab, child: Child) -> Any:
        low = draw.integer(1, 3)
        params: dict[str, Any] = {"min": low}
        if draw.boolean():
            params["max"] = draw.integer(low, 4)
        return params
