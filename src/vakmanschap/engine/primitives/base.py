"""What every requirement primitive shares: common keys, the activity filter, the registry.

A primitive is one class in one module of this package: its parameters (an attrs class), the
schema of its YAML key, its per-person ``evaluate``, and its ``phrase`` for explanations.
Registering it (:func:`primitive`) makes the loader, the JSON Schema and the docs know it.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

import attrs

from vakmanschap.engine.amounts import derived_shortfall
from vakmanschap.engine.assessment import Outcome, RequirementResult
from vakmanschap.engine.columnar.walk import person_by_person
from vakmanschap.engine.context import EvalContext
from vakmanschap.engine.primitives.activity_filter import ActivityFilter
from vakmanschap.engine.primitives.param_info import param
from vakmanschap.model.words import Lang, Text, fmt_date
from vakmanschap.rules.params import Dated
from vakmanschap.rules.schema import Bool, Field, Record, Ref, Schema, SeqOf, Str

if TYPE_CHECKING:
    from vakmanschap.engine.columnar.arrays import IntArray
    from vakmanschap.engine.columnar.columns import NodeColumns
    from vakmanschap.engine.columnar.context import ColumnarContext
    from vakmanschap.model.periods import Window

__all__ = [
    "REGISTRY",
    "ActivityFilter",
    "ActivityRequirement",
    "Requirement",
    "filter_schema",
    "primitive",
]


class _Derive:
    """Marker: derive the shortfall from required and actual."""


DERIVE = _Derive()


@attrs.frozen(kw_only=True)
class Requirement:
    """A node of the requirement tree. Subclasses add their parameters as attrs fields."""

    key: ClassVar[str]
    schema: ClassVar[Schema]
    doc: ClassVar[str]

    id: str
    title: Text
    source: str
    location: str
    note: str | None = None

    @classmethod
    def build(cls, common: dict[str, Any], params: Any) -> Requirement:
        """Create the node from its checked common keys and its checked parameter mapping."""
        return cls(**common, **params)

    def children(self) -> tuple[Requirement, ...]:
        """Sub-requirements (combinators only)."""
        return ()

    def parameters(self) -> dict[str, Dated]:
        """The dated numeric parameters of this node, by name (for overlays and diffs)."""
        return {f.name: getattr(self, f.name) for f in attrs.fields(type(self))
                if isinstance(getattr(self, f.name), Dated)}

    def evaluate(self, ctx: EvalContext) -> RequirementResult:  # pragma: no cover
        raise NotImplementedError

    def phrase(self, result: RequirementResult, lang: Lang) -> str:
        """The quantitative part of the explanation line, e.g. ``28 van 40 uur``."""
        from vakmanschap.engine.phrases import amount_phrase

        return amount_phrase(result, lang)

    def result(self, ctx: EvalContext, *, met: bool, required: float | None,
               actual: float | None, unit: str | None, children: tuple[RequirementResult, ...]
               = (), outcomes: tuple[Outcome, ...] = (), detail: Mapping[str, Any] | None = None,
               window: Window | None = None, shortfall: float | _Derive | None = DERIVE,
               scanned: bool = False) -> RequirementResult:
        """Build this node's result with the context's deadline and window.

        By default the shortfall is derived as ``max(0, required - actual)``. ``scanned``
        marks a node that looked at activities: it then lists the window's exclusions too.
        """
        if isinstance(shortfall, _Derive):
            shortfall = (None if required is None or actual is None
                         else derived_shortfall(required, actual))
        # Positional: this runs for every node of every assessment.
        return RequirementResult(
            self.id, self.key, self.title, met, required, actual, unit, ctx.deadline,
            window if window is not None else ctx.window, self.source, self.location,
            shortfall, children, outcomes, ctx.activities, detail or _NO_DETAIL, self,
            ctx.in_window() if scanned else None)

    # -- completion plan: what a plan must add to satisfy this requirement --

    # -- population: columnar evaluation --

    #: Whether the shortfall is an amount of activities still to be done, in the
    #: requirement's unit (a population comparison's "hours short" adds these up).
    shortfall_is_activity_amount: ClassVar[bool] = False

    def columnar(self, ctx: ColumnarContext) -> NodeColumns:
        """This node for everyone in ``ctx`` at once, exactly as :meth:`evaluate` judges each.

        The default evaluates the node person by person with :meth:`evaluate` (its subtree
        too), so that a new primitive works in populations without any other change; a
        primitive with a columnar form overrides this.
        """
        return person_by_person(self, ctx)

    def child_suffixes(self, result: RequirementResult) -> tuple[str, ...]:
        """The result-key suffix of each child of ``result`` (none: children share the
        parent's window; periods number theirs)."""
        return ("",) * len(result.children)

    def sweep_closed_form(self, name: str) -> bool:
        """Whether a sweep can recompute this node's outcome for new values of parameter
        ``name`` from its columns alone (:meth:`sweep_stats`, :meth:`sweep_met`); when not,
        the sweep evaluates the node again for each value."""
        return False

    def sweep_stats(self, columns: NodeColumns, names: Collection[str], people: IntArray
                    ) -> dict[str, Any]:
        """What :meth:`sweep_met` needs, for the ``people`` (indices) a sweep follows, when
        the parameters ``names`` are swept (all with a closed form)."""
        return {}

    def sweep_met(self, stats: dict[str, Any], values: Mapping[str, Any]) -> Any:
        """Met under new parameter ``values`` (name -> an array that broadcasts to people x
        values; parameters not swept keep their values), from :meth:`sweep_stats`."""
        raise NotImplementedError(f"{self.key}: no closed form")

    def sweep_needed(self, stats: dict[str, Any], values: Mapping[str, Any]) -> Any:
        """For a node that counts its met children, how many it needs under ``values``
        (a swept node above other swept nodes)."""
        raise NotImplementedError(f"{self.key}: does not count children")

    # -- random rule files: Hypothesis strategy --


_NO_DETAIL: Mapping[str, Any] = MappingProxyType({})

REGISTRY: dict[str, type[Requirement]] = {}

R = TypeVar("R", bound=type[Requirement])


def primitive(cls: R) -> R:
    """Class decorator: register a primitive under its YAML key."""
    if cls.key in REGISTRY:
        raise RuntimeError(f"primitive {cls.key!r} registered twice")
    REGISTRY[cls.key] = cls
    return cls


@attrs.frozen(kw_only=True)
class ActivityRequirement(Requirement):
    """A primitive that looks at activities: it has a filter and may override the unit."""

    filter: ActivityFilter
    unit: str | None = param("eenheid", "unit", default=None)

    @classmethod
    def build(cls, common: dict[str, Any], params: Any) -> Requirement:
        params = dict(params)
        return cls(**common, filter=take_filter(params), **params)


def filter_schema() -> dict[str, Field]:
    """The filter keys every activity primitive accepts."""
    return {
        "categories": Field(SeqOf(Ref("categories"), min_items=1, unique=True)),
        "themes": Field(SeqOf(Ref("themes"), min_items=1, unique=True)),
        "accredited": Field(Bool("only accredited (true) or only unaccredited (false)")),
        "providers": Field(SeqOf(Str(), min_items=1, unique=True)),
    }


def take_filter(params: dict[str, Any]) -> ActivityFilter:
    """Pop the filter keys from checked parameters into an :class:`ActivityFilter`."""
    return ActivityFilter(categories=params.pop("categories", None),
                          themes=params.pop("themes", None),
                          accredited=params.pop("accredited", None),
                          providers=params.pop("providers", None))


def unit_schema() -> Field:
    """Optional unit override of an activity primitive (default: the rule file's unit)."""
    return Field(Str("hours or points; default: the rule file's unit",
                     choices=("hours", "points")))


def deadline_text(ctx_deadline: Any, inclusive: bool, lang: Lang) -> str:
    """``vóór 1 augustus 2027`` or ``uiterlijk 1 augustus 2027`` (declared, not guessed)."""
    if ctx_deadline is None:
        return ""
    word = ("uiterlijk" if inclusive else "vóór") if lang == "nl" else (
        "by" if inclusive else "before")
    return f"{word} {fmt_date(ctx_deadline, lang)}"


def record_schema(fields: Mapping[str, Field], doc: str, **kwargs: Any) -> Record:
    """Shorthand used by primitives for their parameter record."""
    return Record(fields, doc, **kwargs)
