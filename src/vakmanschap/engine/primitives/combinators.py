"""``all_of``, ``any_of`` and ``at_least``: compose requirements.

Every child is always evaluated (no short-circuit), so an explanation shows all of them and
a completion plan can choose the cheapest alternative.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from operator import itemgetter
from typing import TYPE_CHECKING, Any

import attrs

from vakmanschap.engine.assessment import RequirementResult
from vakmanschap.engine.columnar.arrays import IntArray, column, narrow, whole
from vakmanschap.engine.columnar.columns import NodeColumns
from vakmanschap.engine.context import EvalContext
from vakmanschap.engine.plan.need import cheapest, every
from vakmanschap.engine.primitives.base import Requirement, primitive
from vakmanschap.engine.primitives.param_info import HARDER, param
from vakmanschap.engine.primitives.results import combined_result
from vakmanschap.rules.params import Dated
from vakmanschap.rules.schema import INVALID, DatedS, Field, Num, Record, Schema, SeqOf

if TYPE_CHECKING:
    import numpy as np
else:
    from vakmanschap.lazy import numpy as np

if TYPE_CHECKING:
    from vakmanschap.engine.plan.need import Options
    from vakmanschap.engine.plan.planner import Planner
    from vakmanschap.model.words import Lang

if TYPE_CHECKING:
    from vakmanschap.engine.columnar.context import ColumnarContext

if TYPE_CHECKING:

    from vakmanschap.engine.primitives.drawing import Child, Draw, Vocab

__all__ = ["AllOf", "AnyOf", "AtLeast", "requirement_list"]

_MET = itemgetter(3)  # RequirementResult.met


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

    reads_only_its_facts = True  # combines its children's results only.
    blind_to_records = True
    outcome_counts_children = True  # met: enough children met (``needed``).

    def evaluate(self, ctx: EvalContext) -> RequirementResult:
        # No generator, and for two children (most combinators: a pair of routes) no
        # comprehension either; the met children counted by a map over the results' ``met``
        # (booleans add up): this runs for every combinator of every assessment.
        items = self.items
        results: tuple[RequirementResult, ...]
        earlier = ctx.earlier
        if earlier is not None:  # judging again: each child kept or judged (engine/reuse.py)
            results = tuple([earlier.judge(item, ctx) for item in items])
        elif len(items) == 2:
            results = (items[0].evaluate(ctx), items[1].evaluate(ctx))
        else:
            results = tuple([item.evaluate(ctx) for item in items])
        return combined_result(self, ctx, self.needed(ctx), sum(map(_MET, results)), results)

    # -- completion plan: what a plan must add to satisfy this requirement --

    def plan_needs(self, result: RequirementResult, planner: Planner) -> Options:
        """The cheapest unmet children, as many as are still missing."""
        missing = max(1, math.ceil((result.required or 0) - (result.actual or 0)))
        return cheapest([planner.needs(c) for c in result.children if not c.met], missing)

    # -- population: columnar evaluation --

    def columnar(self, ctx: ColumnarContext) -> NodeColumns:
        """Every child for everyone (no short-circuit, as :meth:`evaluate`), met children
        counted against :meth:`columnar_needed`."""
        children = [ctx.evaluate(item) for item in self.items]
        met_count = np.zeros(ctx.frame.n, dtype=np.int64)
        for child in children:
            met_count += child.met
        needed = self.columnar_needed(ctx)
        return NodeColumns(ctx.key(self), self, ctx, met_count >= needed, narrow(met_count),
                           needed, None, children, unit="requirements")

    def columnar_needed(self, ctx: ColumnarContext) -> Any:  # pragma: no cover
        """:meth:`needed` for everyone in ``ctx`` (one value, or one per person)."""
        raise NotImplementedError

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
    words = ("alle onderliggende eisen", "all of the requirements below")
    doc = "Every listed requirement is met."
    schema = _ListSchema()

    def needed(self, ctx: EvalContext) -> int:
        return len(self.items)

    # -- completion plan: what a plan must add to satisfy this requirement --

    def plan_needs(self, result: RequirementResult, planner: Planner) -> Options:
        """Every unmet child, in the order of the rule file."""
        return every([planner.needs(c) for c in result.children if not c.met])

    # -- population: columnar evaluation --

    def columnar_needed(self, ctx: ColumnarContext) -> Any:
        """Every child, for everyone."""
        return len(self.items)

    # -- random rule files: Hypothesis strategy --


@primitive
@attrs.frozen(kw_only=True)
class AnyOf(_Composite):
    """At least one listed requirement must be met (alternative routes)."""

    key = "any_of"
    words = ("één van de onderliggende eisen", "one of the requirements below")
    doc = "At least one listed requirement is met (alternative routes)."
    alternatives = True
    schema = _ListSchema()

    def needed(self, ctx: EvalContext) -> int:
        return 1

    def phrase(self, result: RequirementResult, lang: Lang) -> str:
        """``één van de routes volstaat (voldaan)``: not a count of requirements, which read
        as "1 van 1 eis voldaan" beside two routes."""
        if lang == "nl":
            return "één van de routes volstaat (" + (
                "voldaan" if result.met else "nog geen route voldaan") + ")"
        return "one of the routes suffices (" + ("met" if result.met else "no route met yet") + ")"

    # -- completion plan: what a plan must add to satisfy this requirement --

    # -- population: columnar evaluation --

    def columnar_needed(self, ctx: ColumnarContext) -> Any:
        """One child, for everyone."""
        return 1

    # -- random rule files: Hypothesis strategy --


_K = Num(minimum=1, integer=True)


def _too_many(k: int, count: int) -> str:
    return f"k ({k}) is larger than the number of requirements ({count})"


class _KValue(Schema):
    """One value of ``k`` for a node with ``count`` listed requirements (overlays check it)."""

    def __init__(self, count: int) -> None:
        self.count = count

    def check(self, value: Any, loc: Any, checker: Any) -> Any:
        out = _K.check(value, loc, checker)
        if out is not INVALID and out > self.count:
            return checker.error(loc, _too_many(out, self.count))
        return out

    def json(self) -> dict[str, Any]:
        return {**_K.json(), "maximum": self.count}


class _AtLeastSchema(Schema):
    def check(self, value: Any, loc: Any, checker: Any) -> Any:
        record = Record({
            "k": Field(DatedS(_K), required=True),
            "of": Field(requirement_list(), required=True),
        }, "at least k of the listed requirements")
        out = record.check(value, loc, checker)
        if not isinstance(out, dict):
            return out
        top = max(v for _, v in out["k"].values)
        if top > len(out["of"]):
            return checker.error(loc, _too_many(top, len(out["of"])))
        return out

    def json(self) -> dict[str, Any]:
        return {"type": "object", "additionalProperties": False, "required": ["k", "of"],
                "properties": {"k": DatedS(_K).json(),
                               "of": _ListSchema().json()}}


@primitive
@attrs.frozen(kw_only=True)
class AtLeast(_Composite):
    """At least ``k`` of the listed requirements must be met."""

    key = "at_least"
    words = ("een aantal van de onderliggende eisen", "some of the requirements below")
    doc = "At least `k` of the requirements in `of` are met."
    alternatives = True
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

    def parameter_schema(self, name: str) -> Schema | None:
        return _KValue(len(self.items)) if name == "k" else None

    # -- completion plan: what a plan must add to satisfy this requirement --

    # -- population: columnar evaluation --

    def columnar_needed(self, ctx: ColumnarContext) -> Any:
        """``k`` as in force on each person's parameter date."""
        return whole(ctx.param(self.k))

    def sweep_closed_form(self, name: str) -> bool:
        """``k``: the number of met requirements is fixed."""
        return name == "k"

    def sweep_stats(self, columns: NodeColumns, names: Collection[str], people: IntArray
                    ) -> dict[str, Any]:
        return {"met_count": columns.actual[people]}

    def sweep_met(self, stats: dict[str, Any], values: Mapping[str, Any]) -> Any:
        return column(stats["met_count"]) >= self.sweep_needed(stats, values)

    def sweep_needed(self, stats: dict[str, Any], values: Mapping[str, Any]) -> Any:
        return whole(values["k"])

    # -- random rule files: Hypothesis strategy --

    @classmethod
    def strategy(cls, draw: Draw, vocab: Vocab, child: Child) -> Any:
        items = [child() for _ in range(draw.integer(1, 3))]
        return {"k": draw.dated(lambda: draw.integer(1, len(items))), "of": items}
