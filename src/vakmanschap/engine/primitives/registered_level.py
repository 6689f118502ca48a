"""``registered_level``: the registration being judged is at one of the listed levels.

Routes that depend on how someone is registered (SRPO: a RADO registered with a basisbekwaam
programme may re-register with a vakbekwaam programme; BIG: 3,120 hours for the
gezondheidszorgpsycholoog) combine this with the route's own requirement in an ``all_of``.
The level is that of the registration decision that opened the cycle (``registered`` or
``reregistered`` event with ``level``; a re-registration without a level keeps the previous).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from vakmanschap.engine.assessment import RequirementResult
from vakmanschap.engine.columnar.columns import NodeColumns
from vakmanschap.engine.context import EvalContext
from vakmanschap.engine.primitives.base import Asks, primitive
from vakmanschap.engine.primitives.condition import ConditionRequirement
from vakmanschap.engine.primitives.param_info import param
from vakmanschap.engine.primitives.results import condition_result
from vakmanschap.model.words import Lang, Text
from vakmanschap.rules.schema import Field, Record, Ref, SeqOf

if TYPE_CHECKING:
    import numpy as np
else:
    from vakmanschap.lazy import numpy as np

if TYPE_CHECKING:

    from vakmanschap.engine.columnar.context import ColumnarContext
    from vakmanschap.engine.primitives.drawing import Child, Draw, Vocab
    from vakmanschap.engine.ruleset import RuleSet

__all__ = ["RegisteredLevel"]


@primitive
@attrs.frozen(kw_only=True)
class RegisteredLevel(ConditionRequirement):
    """The current registration's level is one of ``levels``."""

    key = "registered_level"
    words = ("registratie op een niveau", "registration at a level")
    doc = "The registration being judged is at one of `levels`."
    closes_route = True
    schema = Record({
        "levels": Field(SeqOf(Ref("levels"), min_items=1, unique=True), required=True),
    }, "the level of the current registration")

    levels: tuple[str, ...] = param("geregistreerde niveaus", "registered levels")

    reads_only_its_facts = True  # reads the level of the registration judged only.
    blind_to_records = True

    def evaluate(self, ctx: EvalContext) -> RequirementResult:
        every = ctx.rules.derived("level_titles", _level_titles)
        titles = {name: every[name] for name in (*self.levels, ctx.level) if name in every}
        # A condition on how one is registered has no deadline: nothing can be done by then.
        return condition_result(self, ctx, ctx.level in self.levels,
                                {"level": ctx.level, "titles": titles}, None)

    def phrase(self, result: RequirementResult, lang: Lang) -> str:
        titles = result.detail.get("titles", {})

        def name(level: str) -> str:
            return titles[level](lang) if level in titles else level

        level = result.detail.get("level")
        held = name(level) if level else ("zonder niveau" if lang == "nl" else "without level")
        wanted = ", ".join(name(level) for level in self.levels)
        if lang == "nl":
            return f"geregistreerd als {held} (vereist: {wanted})"
        return f"registered as {held} (required: {wanted})"

    def asks(self) -> Asks:
        """The levels it names."""
        return Asks(levels=self.levels)

    # -- completion plan: what a plan must add to satisfy this requirement --

    # -- population: columnar evaluation --

    def columnar(self, ctx: ColumnarContext) -> NodeColumns:
        """Per person whether the level of the registration judged is one of ``levels``."""
        met = np.zeros(ctx.frame.n, dtype=bool)
        for name in self.levels:
            met |= ctx.level == name
        return NodeColumns(ctx.key(self), self, ctx, met, np.nan, np.nan, np.nan)

    # -- random rule files: Hypothesis strategy --

    @classmethod
    def drawable(cls, vocab: Vocab) -> bool:
        return bool(vocab.levels)

    @classmethod
    def strategy(cls, draw: Draw, vocab: Vocab, child: Child) -> Any:
        return {"levels": draw.subset(vocab.levels)}


def _level_titles(rules: RuleSet) -> dict[str | None, Text]:
    """Level name -> its title (derived once per rule set)."""
    return {name: level.title for name, level in rules.levels.items()}
