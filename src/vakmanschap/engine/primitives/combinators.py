"""``all_of``, ``any_of`` and ``at_least``: compose requirements.

Every child is always evaluated (no short-circuit), so an explanation shows all of them and
a completion plan can choose the cheapest alternative.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from vakmanschap.engine.assessment import RequirementResult
from vakmanschap.engine.context import EvalContext
from vakmanschap.engine.primitives.base import Requirement, primitive
from vakmanschap.engine.primitives.param_info import HARDER, param
from vakmanschap.rules.params import Dated
from vakmanschap.rules.schema import DatedS, Field, Num, Record, Schema, SeqOf

if TYPE_CHECKING:
    from vakmanschap.engine.primitives.drawing import Child, Draw, Vocab

__all__ = ["AllOf", "AnyOf", "AtLeast", "requirement_list"]


def requirement_list() -> Schema:
    """A non-empty list of requirement nodes (resolved lazily: the schema is recursive)."""
    from vakmanschap.engine.rulefile.requirement_schema import REQUIREMENT

    return SeqOf(REQUIREMENT, min_items=1)


@attrs.frozen(kw_only=True)
class _Composite(Requirement):
    items: tuple[Requirement, ...]

    @classmethod
    def build(cls, common: dict[str, Any], params: Any) -> Requirement:
        return cls(**common, items=tuple(params))

    def children(self) -> tuple[Requirement, ...]:
        return self.items

    def needed(self, ctx: EvalContext) -> int:  # pragma: no cover
        raise NotImplementedError

    def evaluate(self, ctx: EvalContext) -> RequirementResult:
        results = tuple(item.evaluate(ctx) for item in self.items)
        met_count = sum(1 for r in results if r.met)
        needed = self.needed(ctx)
        return self.result(ctx, met=met_count >= needed, required=float(needed),
                           actual=float(met_count), unit="requirements", children=results)

    # -- completion plan: what a plan must add to satisfy this requirement --

    # -- population: columnar evaluation --

    # -- random rule files: Hypothesis strategy --

    nests = True

    @classmethod
    def strategy(cls, draw: Draw, vocab: Vocab, child: Child) -> Any:
        return [child() for _ in range(draw.integer(1, 3))]


class _ListSchema(Schema):
    """``all_of: [...]``: the value is the list itself."""

    def check(self, value: Any, loc: Any, checker: Any) -> Any:
        return requirement_list().check(value, loc, checker)

    def json(self) -> dict[str, Any]:
        return {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/requirement"}}


@primitive
@attrs.frozen(kw_only=True)
class AllOf(_Composite):
    """Every listed requirement must be met."""

    key = "all_of"
    doc = "Every listed requirement is met."
    schema = _ListSchema()

    def needed(self, ctx: EvalContext) -> int:
        return len(self.items)

    # -- completion plan: what a plan must add to satisfy this requirement --

    # -- population: columnar evaluation --

    # -- random rule files: Hypothesis strategy --


@primitive
@attrs.frozen(kw_only=True)
class AnyOf(_Composite):
    """At least one listed requirement must be met (alternative routes)."""

    key = "any_of"
    doc = "At least one listed requirement is met (alternative routes)."
    schema = _ListSchema()

    def needed(self, ctx: EvalContext) -> int:
        return 1

    # -- completion plan: what a plan must add to satisfy this requirement --

    # -- population: columnar evaluation --

    # -- random rule files: Hypothesis strategy --


class _AtLeastSchema(Schema):
    def check(self, value: Any, loc: Any, checker: Any) -> Any:
        record = Record({
            "k": Field(DatedS(Num(minimum=1, integer=True)), required=True),
            "of": Field(requirement_list(), required=True),
        }, "at least k of the listed requirements")
        out = record.check(value, loc, checker)
        if not isinstance(out, dict):
            return out
        top = max(v for _, v in out["k"].values)
        if top > len(out["of"]):
            return checker.error(loc, f"k ({top}) is larger than the number of requirements "
                                 f"({len(out['of'])})")
        return out

    def json(self) -> dict[str, Any]:
        return {"type": "object", "additionalProperties": False, "required": ["k", "of"],
                "properties": {"k": DatedS(Num(minimum=1, integer=True)).json(),
                               "of": _ListSchema().json()}}


@primitive
@attrs.frozen(kw_only=True)
class AtLeast(_Composite):
    """At least ``k`` of the listed requirements must be met."""

    key = "at_least"
    doc = "At least `k` of the requirements in `of` are met."
    schema = _AtLeastSchema()

    k: Dated = param("aantal eisen waaraan voldaan moet zijn", "number of requirements to meet",
                     unit="requirements", sweep=HARDER)

    @classmethod
    def build(cls, common: dict[str, Any], params: Any) -> Requirement:
        return cls(**common, k=params["k"], items=tuple(params["of"]))

    def needed(self, ctx: EvalContext) -> int:
        return int(self.k.at(ctx.params_on))

    def parameters(self) -> dict[str, Dated]:
        return {"k": self.k}

    # -- completion plan: what a plan must add to satisfy this requirement --

    # -- population: columnar evaluation --

    # -- random rule files: Hypothesis strategy --

    @classmethod
    def strategy(cls, draw: Draw, vocab: Vocab, child: Child) -> Any:
        items = [child() for _ in range(draw.integer(1, 3))]
        return {"k": draw.dated(lambda: draw.integer(1, len(items))), "of": items}
