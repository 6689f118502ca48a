"""What every requirement primitive shares: common keys, the activity filter, the registry.

A primitive is one class in one module of this package: its parameters (an attrs class), the
schema of its YAML key, its per-person ``evaluate``, and its ``phrase`` for explanations.
Registering it (:func:`primitive`) makes the loader, the JSON Schema and the docs know it.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

import attrs

from vakmanschap.engine.assessment import Outcome, RequirementResult
from vakmanschap.engine.context import EvalContext, PreparedActivity
from vakmanschap.engine.primitives.param_info import param
from vakmanschap.model.words import Lang, Text, fmt_date
from vakmanschap.rules.params import Dated
from vakmanschap.rules.schema import Bool, Field, Record, Ref, Schema, SeqOf, Str

if TYPE_CHECKING:
    from vakmanschap.engine.primitives.drawing import Child, Draw, Vocab
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
                         else max(0.0, round(required - actual, 2)))
        # Positional: this runs for every node of every assessment.
        return RequirementResult(
            self.id, self.key, self.title, met, required, actual, unit, ctx.deadline,
            window if window is not None else ctx.window, self.source, self.location,
            shortfall, children, outcomes, ctx.activities, detail or _NO_DETAIL, self,
            ctx.in_window() if scanned else None)

    # -- completion plan: what a plan must add to satisfy this requirement --

    # -- population: columnar evaluation --

    # -- random rule files: Hypothesis strategy --

    #: True for a requirement that holds others (drawn through ``child``): a random rule file
    #: picks it only where it may still nest one level deeper.
    nests: ClassVar[bool] = False

    @classmethod
    def drawable(cls, vocab: Vocab) -> bool:
        """Whether a rule file declaring ``vocab``'s names can hold this requirement."""
        return True

    @classmethod
    def strategy(cls, draw: Draw, vocab: Vocab, child: Child) -> Any:
        """Draw the YAML value of this primitive's key (its parameters), valid for a rule
        file declaring ``vocab``'s names; a requirement that nests calls ``child`` for each
        requirement it holds."""
        raise NotImplementedError(
            f"primitive {cls.key!r} ({cls.__module__}.{cls.__qualname__}) has no Hypothesis "
            "strategy: give it a classmethod strategy(draw, vocab, child) in its "
            "'random rule files' section, so that random rule files can hold it")


_NO_DETAIL: Mapping[str, Any] = MappingProxyType({})

REGISTRY: dict[str, type[Requirement]] = {}

R = TypeVar("R", bound=type[Requirement])


def primitive(cls: R) -> R:
    """Class decorator: register a primitive under its YAML key."""
    if cls.key in REGISTRY:
        raise RuntimeError(f"primitive {cls.key!r} registered twice")
    REGISTRY[cls.key] = cls
    return cls


@attrs.frozen
class ActivityFilter:
    """Which activities a requirement looks at; every rejection has a reason."""

    categories: tuple[str, ...] | None = param("categorieën die meetellen", "categories that count",
                                                default=None)
    themes: tuple[str, ...] | None = param("thema's die meetellen", "themes that count",
                                           default=None)
    accredited: bool | None = param("alleen geaccrediteerd", "accredited only", default=None)
    providers: tuple[str, ...] | None = param("aanbieders die meetellen", "providers that count",
                                              default=None)

    def scan(self, ctx: EvalContext, unit: str) -> tuple[list[Outcome], list[PreparedActivity]]:
        """Split the window's activities into exclusions (with reasons) and candidates.

        Activities outside the window or after ``on`` are not listed here: the window's
        :class:`~vakmanschap.engine.context.WindowSplit` holds them, attached to the result by
        :meth:`Requirement.result` with ``scanned=True``.

        The order of checks is fixed and documented (docs/rule-language.md): after the
        assessment date, outside the window, unit, category, accreditation, provider, theme.
        Candidates come in chronological order (ties by activity id).
        """
        candidates = ctx.in_window().candidates
        excluded: list[Outcome] = []
        cats, acc, provs = self.categories, self.accredited, self.providers
        theme_set = self._theme_set
        if cats is None and acc is None and provs is None and theme_set is None and all(
                a.unit == unit for a in candidates):
            return excluded, list(candidates)
        passed: list[PreparedActivity] = []
        for act in candidates:
            if act.unit != unit:
                excluded.append((act.seq, 0, "unit", act.unit))
            elif cats is not None and act.category not in cats:
                excluded.append((act.seq, 0, "category", act.category))
            elif acc is not None and act.accredited != acc:
                excluded.append((act.seq, 0, "not_accredited" if acc else "accredited", ""))
            elif provs is not None and act.provider not in provs:
                excluded.append((act.seq, 0, "provider", act.provider or "-"))
            elif theme_set is not None and not (act.themes & theme_set):
                excluded.append((act.seq, 0, "theme", ""))
            else:
                passed.append(act)
        return excluded, passed

    @property
    def _theme_set(self) -> frozenset[str] | None:
        return frozenset(self.themes) if self.themes is not None else None

    def to_json(self) -> dict[str, Any]:
        """The filter as written in a rule file (only the keys given)."""
        return {k: list(v) if isinstance(v, tuple) else v
                for k, v in attrs.asdict(self, recurse=False).items() if v is not None}


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
