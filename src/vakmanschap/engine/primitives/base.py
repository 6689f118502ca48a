"""What every requirement primitive shares: common keys, the activity filter, the registry.

A primitive is one class in one module of this package: its parameters (an attrs class), the
schema of its YAML key, its per-person ``evaluate``, its ``phrase`` for explanations, and
what a completion plan must add to meet it (``plan_needs``, ``plan_fact``, ``plan_step``).
Registering it (:func:`primitive`) makes the loader, the JSON Schema and the docs know it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

import attrs

from vakmanschap.engine.amounts import derived_shortfall
from vakmanschap.engine.assessment import RequirementResult
from vakmanschap.engine.columnar.walk import person_by_person
from vakmanschap.engine.context import EvalContext
from vakmanschap.engine.outcomes import Outcome
from vakmanschap.engine.phrases import amount_phrase
from vakmanschap.engine.plan.need import MANUAL
from vakmanschap.engine.primitives.activity_filter import ActivityFilter
from vakmanschap.engine.primitives.asks import NOTHING, Asks, Due, activity_asks
from vakmanschap.engine.primitives.param_info import param
from vakmanschap.engine.primitives.results import NO_DETAIL
from vakmanschap.engine.primitives.schema_fields import dated_value_schema, take_filter
from vakmanschap.model.periods import Every
from vakmanschap.model.words import Lang, Text
from vakmanschap.rules.params import Dated
from vakmanschap.rules.schema import MAX_MONTHS, Num, Record, Schema

if TYPE_CHECKING:
    from datetime import date

    from vakmanschap.engine.columnar.arrays import IntArray
    from vakmanschap.engine.columnar.columns import NodeColumns
    from vakmanschap.engine.columnar.context import ColumnarContext
    from vakmanschap.engine.columnar.fates import Fates
    from vakmanschap.engine.plan.model import PlanStep
    from vakmanschap.engine.plan.need import Need, Options
    from vakmanschap.engine.plan.planner import Planner
    from vakmanschap.engine.primitives.drawing import Child, Draw, Vocab
    from vakmanschap.engine.reuse import Change
    from vakmanschap.model.periods import Window
    from vakmanschap.model.records import (
        Activity,
        Attestation,
        Employment,
        Professional,
        Qualification,
    )

    #: A planned record.
    Fact = Activity | Employment | Qualification | Attestation

__all__ = ["REGISTRY", "ActivityFilter", "ActivityRequirement", "Asks", "Due", "Requirement",
           "primitive"]


class _Derive:
    """Marker: derive the value (shortfall from required and actual, deadline from context)."""


DERIVE = _Derive()
_new_result = tuple.__new__


@attrs.frozen(kw_only=True)
class Requirement:
    """A node of the requirement tree. Subclasses add their parameters as attrs fields."""

    key: ClassVar[str]
    words: ClassVar[tuple[str, str]]  # the kind of requirement in words (Dutch, English)
    schema: ClassVar[Schema]
    doc: ClassVar[str]
    # Reason codes for activity outcomes that this primitive adds to the shared ones of
    # engine/outcomes.py: code -> (Dutch, English), "{arg}" filled in; "cap_..." = capped.
    reasons: ClassVar[Mapping[str, tuple[str, str]]] = MappingProxyType({})
    #: Whether the children are alternatives of which some suffice (any_of, at_least): an
    #: explanation groups them under "Eén van de volgende routes volstaat".
    alternatives: ClassVar[bool] = False
    #: Whether this requirement, unmet, closes the route it is part of: nothing the
    #: professional does can meet it under this registration (registered_level).
    closes_route: ClassVar[bool] = False

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
        """Sub-requirements (combinators and ``per_period`` only).

        A node with children reports in its result's ``required`` how many of them must be
        met: explanations count on it to find routes that can no longer be met.
        """
        return ()

    def walk(self) -> Iterator[Requirement]:
        """This node and every node below it, depth first (the rule file's order)."""
        yield self
        for child in self.children():
            yield from child.walk()

    def parameters(self) -> dict[str, Dated]:
        """The dated numeric parameters of this node, by name (for overlays and diffs)."""
        return {f.name: getattr(self, f.name) for f in attrs.fields(type(self))
                if isinstance(getattr(self, f.name), Dated)}

    def parameter_schema(self, name: str) -> Schema | None:
        """The schema of one value of dated parameter ``name`` (``min``, or ``field.key`` for
        a parameter keyed by name), whether set or not; None when there is no such parameter.

        Read from the primitive's own schema, so that an overlay accepts what a rule file
        accepts. A primitive whose YAML keys are not its field names overrides this.
        """
        field, dot, _ = name.partition(".")
        schema = self.schema
        spec = schema.fields.get(field) if isinstance(schema, Record) else None
        return dated_value_schema(spec.schema if spec else None, keyed=bool(dot))

    def parameter_names(self) -> list[str]:
        """Every parameter a change may set on this node: its dated parameters, set or not
        (an optional one that the rule file leaves out is still changeable), the entries of
        parameters keyed by name that are set, and its settings (:meth:`settings`)."""
        names = list(self.parameters())
        for field in attrs.fields(type(self)):
            if field.name not in names and field.metadata and \
                    self.parameter_schema(field.name) is not None:
                names.append(field.name)
        return names + list(self.settings())

    def settings(self) -> dict[str, Any]:
        """Parameters that are not dated numbers but may still be changed, by name, with
        their current value as a rule file writes it: the length of a sub-period
        (``every.months``: blocks of n months; ``cycle_year`` and ``calendar_year`` are
        its other forms). One value for every date: a new rule version changes it."""
        # months as the number --set takes; cycle_year and calendar_year by name
        return {f"{field.name}.months": value.months if value.months is not None
                else value.to_json()
                for field in attrs.fields(type(self))
                if isinstance(value := getattr(self, field.name), Every)}

    def setting_schema(self, name: str) -> Schema | None:
        """The schema of the value of setting ``name`` (None when there is no such one)."""
        if name not in self.settings():
            return None
        return Num("months per sub-period", minimum=1, maximum=MAX_MONTHS, integer=True)

    def setting_meaning(self, name: str) -> tuple[Text, str]:
        """Setting ``name`` in words (Dutch, English) and its unit."""
        return Text("lengte van een periode in maanden", "length of a period in months"), \
            "months"

    def with_setting(self, name: str, value: Any) -> Requirement:
        """This node with setting ``name`` (one of :meth:`settings`, value checked by
        :meth:`setting_schema`) replaced."""
        field = name.partition(".")[0]
        changed: Requirement = _evolve(self, **{field: Every("months", int(value))})
        return changed

    def parameters_problem(self) -> str | None:
        """What is wrong with this node's parameters taken together, as its rule-file schema
        would say it (a share's ``min`` above its ``max``); None when nothing is."""
        return None

    def evaluate(self, ctx: EvalContext) -> RequirementResult:  # pragma: no cover
        raise NotImplementedError

    #: The answer of :meth:`same_judged_later` for a primitive whose answer is always the same.
    reads_only_its_facts: ClassVar[bool] = False

    def same_judged_later(self, professional: Professional, on: date, later: date) -> bool:
        """Whether this node's own result stays the same when ``professional`` is judged on
        ``later`` instead of ``on`` (``later`` >= ``on``) with the same window, the same
        activities in it and the same parameter date: False when it reads the assessment
        date itself (facts dated after it do not exist yet, an attestation grows stale).

        Children answer for themselves. A completion plan's projection to the end of the
        cycle keeps the nodes that say True (:meth:`kept`). The default, False, is the safe
        answer for a primitive that does not say (``reads_only_its_facts``)."""
        return self.reads_only_its_facts

    #: Whether :meth:`kept` holds for added records: the primitive reads none a plan adds.
    blind_to_records: ClassVar[bool] = False
    def kept(self, result: RequirementResult, change: Change) -> bool:
        """Whether judging again after ``change`` keeps this node's own ``result``
        (:mod:`vakmanschap.engine.reuse`): a later date as :meth:`same_judged_later` says,
        added records when ``blind_to_records``; False for a primitive that says neither."""
        return change.alike_later(self) and (not change.adds or self.blind_to_records)

    def phrase(self, result: RequirementResult, lang: Lang) -> str:
        """The line's quantitative part (``28 van 40 uur``): of its met, amounts and detail only."""
        return amount_phrase(result, lang)

    def result(self, ctx: EvalContext, *, met: bool, required: float | None,
               actual: float | None, unit: str | None, children: tuple[RequirementResult, ...]
               = (), outcomes: tuple[Outcome, ...] = (), detail: Mapping[str, Any] | None = None,
               window: Window | None = None, shortfall: float | _Derive | None = DERIVE,
               scanned: bool = False, deadline: date | _Derive | None = DERIVE
               ) -> RequirementResult:
        """Build this node's result with the context's deadline and window.

        By default the shortfall is derived as ``max(0, required - actual)``. ``scanned``
        marks a node that looked at activities: it then lists the window's exclusions too.
        ``deadline`` replaces the context's (None: a condition with no deadline).
        """
        if shortfall is DERIVE:
            if required is None or actual is None:
                shortfall = None
            elif type(required) is float and type(actual) is float:
                shortfall = max(0.0, round(required - actual, 2))  # derived_shortfall's
            else:
                shortfall = derived_shortfall(required, actual)
        # One tuple built positionally: this runs for every node of every assessment.
        return _new_result(RequirementResult, (
            self.id, self.key, self.title, met, required, actual, unit,
            ctx.deadline if deadline is DERIVE else deadline,
            window if window is not None else ctx.window, self.source, self.location,
            shortfall, children, outcomes, ctx.activities, detail or NO_DETAIL, self,
            ctx.in_window() if scanned else None))

    # -- completion plan: what a plan must add to satisfy this requirement --

    def plan_needs(self, result: RequirementResult, planner: Planner) -> Options:
        """What a plan must add to meet this unmet requirement, and what that costs.

        Combinators choose among their children (``planner.needs``); leaves give needs
        (``planner.need``, ``planner.activity_need``). The default, for a primitive that
        declares no plan: one need no planned fact can meet, which :meth:`plan_step`
        reports as a ``manual`` step; the plan never passes over a requirement in silence.
        """
        need = planner.need(result, MANUAL, plannable=False)
        return need.cost(), [need]

    def plan_fact(self, need: Need, planner: Planner) -> Fact | None:
        """The planned record that meets ``need`` when it is not met by activities (those
        are planned together by the planner); None when there is none to plan."""
        return None

    def plan_step(self, need: Need, last: RequirementResult, planner: Planner) -> PlanStep:
        """The plan step reporting ``need``; ``last`` is this node after the final round.

        The default is a ``manual`` step: it names the requirement and says that the register
        decides what is needed. It is not achievable: the plan cannot show it can be done.
        """
        return need.step(MANUAL, achievable=False)

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

    def columnar_from(self, baseline: NodeColumns, ctx: ColumnarContext) -> NodeColumns | None:
        """This node's columns from ``baseline``'s (a node at the same place, evaluated in an
        equal context, that may differ in parameters) without the activities, when only a
        threshold its aggregates answer changed; None (the default): evaluate afresh."""
        return None

    def columnar_outcomes(self, ctx: ColumnarContext) -> Fates | None:
        """What this node does with each activity of the people in ``ctx`` (counted, capped
        per cap, excluded per reason) for everyone at once, exactly as :meth:`evaluate` lists
        it in ``RequirementResult.activities``; None (the default): the hours breakdown takes
        it from :meth:`evaluate` person by person (:mod:`vakmanschap.engine.columnar.fates`)."""
        return None

    def activity_unit(self, default: str) -> str | None:
        """The unit of the activities this node looks at (``default``: the rule file's), or
        None when it looks at none (then it has no hours breakdown)."""
        return None

    def asks(self) -> Asks:
        """What this node itself counts on (:class:`~.asks.Asks`); none by default."""
        return NOTHING

    def child_suffixes(self, result: RequirementResult) -> tuple[str, ...]:
        """Each child's result-key suffix (none: children share the parent's window)."""
        return ("",) * len(result.children)

    #: Whether this node is met when enough of its children are (a sweep then recomputes it
    #: from theirs); else (``carry_over`` reads amounts) a sweep below it evaluates it again.
    outcome_counts_children: ClassVar[bool] = False

    def sweep_closed_form(self, name: str) -> bool:
        """Whether a sweep of parameter ``name`` can recompute this node's outcome from its
        columns alone (:meth:`sweep_stats`, :meth:`sweep_met`); else it evaluates it again."""
        return False

    def sweep_stats(self, columns: NodeColumns, names: Collection[str], people: IntArray
                    ) -> dict[str, Any]:
        """What :meth:`sweep_met` needs for the ``people`` a sweep of ``names`` follows."""
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
            "strategy: give it a classmethod strategy(draw, vocab, child) in its 'random rule "
            "files' section, so that random rule files can hold it")


# attrs.evolve is typed per class; a setting's field is chosen by name at run time.
_evolve: Any = attrs.evolve

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

    def activity_unit(self, default: str) -> str | None:
        return self.unit or default

    #: Whether it reads of the activities only those its filter admits: :meth:`kept` asks it.
    counts_only_admitted: ClassVar[bool] = False
    def kept(self, result: RequirementResult, change: Change) -> bool:
        """Kept when the filter admits none of the added activities it scans."""
        if not (self.counts_only_admitted and change.alike_later(self)) or result.window is None:
            return False
        unit, admits = self.unit or change.unit, self.filter.admits
        return not any(admits(act, unit) for act in change.activities_in(result.window))

    def asks(self) -> Asks:
        """Its categories, unit and minimum (:func:`~.asks.activity_asks`)."""
        return activity_asks(self, self.filter.categories, self.unit)

    def columnar_scan(self, ctx: ColumnarContext) -> tuple[Fates, Any]:
        """:meth:`ActivityFilter.columnar_scan` of the window in this node's unit."""
        from vakmanschap.engine.columnar.fates import window_fates

        return self.filter.columnar_scan(ctx, self.unit or ctx.frame.rules.unit,
                                         *window_fates(ctx))

    def columnar_counted_in_full(self, ctx: ColumnarContext) -> Fates:
        """:meth:`columnar_scan` with every candidate counted in full (``count``, ``share``)."""
        fates, passed = self.columnar_scan(ctx)
        fates.mark(passed, "counted", ctx.frame.activities.amount)
        return fates
