"""``registered_level``: the registration being judged is at one of the listed levels.

Routes that depend on how someone is registered (SRPO: a RADO registered with a basisbekwaam
programme may re-register with a vakbekwaam programme; BIG: 3,120 hours for the
gezondheidszorgpsycholoog) combine this with the route's own requirement in an ``all_of``.
The level is that of the registration decision that opened the cycle (``registered`` or
``reregistered`` event with ``level``; a re-registration without a level keeps the previous).
"""

from __future__ import annotations

import attrs

from vakmanschap.assessment import RequirementResult
from vakmanschap.context import EvalContext
from vakmanschap.primitives.base import Requirement, primitive
from vakmanschap.rules.schema import Field, Record, Ref, SeqOf
from vakmanschap.text import Lang

__all__ = ["RegisteredLevel"]


@primitive
@attrs.frozen(kw_only=True)
class RegisteredLevel(Requirement):
    """The current registration's level is one of ``levels``."""

    key = "registered_level"
    doc = "The registration being judged is at one of `levels`."
    schema = Record({
        "levels": Field(SeqOf(Ref("levels"), min_items=1, unique=True), required=True),
    }, "the level of the current registration")

    levels: tuple[str, ...]

    def evaluate(self, ctx: EvalContext) -> RequirementResult:
        return self.result(ctx, met=ctx.level in self.levels, required=None, actual=None,
                           unit=None, shortfall=None, detail={"level": ctx.level})

    def phrase(self, result: RequirementResult, lang: Lang) -> str:
        level = result.detail.get("level") or ("geen" if lang == "nl" else "none")
        wanted = ", ".join(self.levels)
        if lang == "nl":
            return f"geregistreerd als {level} (vereist: {wanted})"
        return f"registered as {level} (required: {wanted})"
