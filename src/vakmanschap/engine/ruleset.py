"""A register's rules: vocabulary, rule versions over time, and assessment of one professional.

A :class:`RuleSet` is frozen data built by the rule-file compiler
(:mod:`vakmanschap.engine.rulefile`). It never reads a file or the clock:
:meth:`RuleSet.assess` takes the professional and the date. The words and the status timeline
come from layers above the engine and are lent to it as :class:`Extensions`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, timedelta
from functools import partial
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

import attrs

from vakmanschap.engine.assessment import Assessment, Standing
from vakmanschap.engine.cycles import current_cycle
from vakmanschap.engine.judging import judge_cycle, judge_registration
from vakmanschap.engine.overlay import apply_changes, rules_as_of
from vakmanschap.engine.parameters import Parameter, list_parameters, parameters_html
from vakmanschap.engine.primitives.activity_filter import prepare_activities, prepare_known
from vakmanschap.errors import DataError, RuleError
from vakmanschap.model.frozen_map import frozen_map
from vakmanschap.model.periods import DatePolicy, to_date
from vakmanschap.model.records import Activity, Professional
from vakmanschap.model.words import Text
from vakmanschap.rules.versions import (
    DEFAULT_UNITS,
    GROUPS,
    Category,
    CycleSpec,
    Group,
    LevelRoute,
    Named,
    RuleVersion,
)

if TYPE_CHECKING:
    from vakmanschap.engine.cycles import Cycle
    from vakmanschap.engine.plan import Plan
    from vakmanschap.lifecycle.segments import StatusSegment
    from vakmanschap.model.words import Lang

T = TypeVar("T")

__all__ = ["GROUPS", "Category", "CycleSpec", "Extensions", "Group", "LevelRoute", "Named",
           "RuleSet", "RuleVersion", "extensions_of"]



class Extensions(Protocol):
    """What the layers above the engine lend a rule set: words and the status timeline.

    The engine never imports the text or lifecycle layers; the edge that loads a rule set
    (:mod:`vakmanschap.io`) passes their functions in, so that ``assessment.explain()`` and
    ``rules.timeline()`` work on every rule set a user gets from ``vakmanschap``.
    """

    def explain(self, assessment: Assessment, plan: Plan | None, lang: Lang) -> str:
        """The explanation of ``assessment``, given its completion plan (None when met)."""

    def explain_plan(self, plan: Plan, lang: Lang) -> str:
        """The completion plan in words (what :meth:`Plan.explain` returns)."""

    def timeline(self, rules: RuleSet, professional: Professional,
                 until: date, *, checked: bool = False) -> list[StatusSegment]:
        """The status segments of ``professional`` up to ``until`` (``checked``: the
        professional's names were already checked against ``rules``)."""


def _vocabulary_sets(rules: RuleSet) -> tuple[frozenset[str], frozenset[str]]:
    """The category and theme names of ``rules`` as sets (derived once per rule set)."""
    return frozenset(rules.categories), frozenset(rules.themes)


def _unit_sets(rules: RuleSet) -> tuple[frozenset[str | None], bool]:
    """The units of ``rules`` as a set (with None: an activity in hours or points has no other
    unit), and whether hours and points are among them: then only an activity's other unit
    needs checking, read from its field (derived once per rule set)."""
    plain = {"hours", "points"} <= set(rules.units)
    return frozenset(rules.units) | ({None} if plain else frozenset()), plain


def _record_checks(rules: RuleSet) -> tuple[tuple[str, Mapping[str, Named], str], ...]:
    """(records of a professional, the vocabulary they name, the field naming it) for each
    vocabulary the rule file declares; an empty vocabulary checks nothing (derived once)."""
    checks = (("qualifications", rules.qualification_kinds, "kind"),
              ("attestations", rules.attestation_kinds, "kind"),
              ("employments", rules.roles, "role"))
    return tuple(check for check in checks if check[1])


def _phased_in(rules: RuleSet) -> bool:
    """Whether a version of ``rules`` comes in earlier for some levels (derived once)."""
    return any(version.valid_from_by_level for version in rules.versions)


def _new_memo(rules: RuleSet) -> dict[tuple[Callable[[Any], Any], int], tuple[object, Any]]:
    return {}


def extensions_of(rules: RuleSet | None) -> Extensions:
    """The extensions of ``rules``; a clear error when it was built without them."""
    ext = rules.extensions if rules is not None else None
    if ext is None:
        raise RuleError("this rule set was built without the text and lifecycle layers; load "
                        "it with vakmanschap.load_rules, parse_rules or builtin_rules")
    return ext


@attrs.frozen(eq=False)
class RuleSet:
    """The rules of one register, as loaded from a rule file."""

    register: str
    title: Text
    source: str
    unit: str
    date_policy: DatePolicy
    categories: Mapping[str, Category] = attrs.field(converter=frozen_map)
    themes: Mapping[str, Named] = attrs.field(converter=frozen_map)
    levels: Mapping[str, Named] = attrs.field(converter=frozen_map)
    qualification_kinds: Mapping[str, Named] = attrs.field(converter=frozen_map)
    attestation_kinds: Mapping[str, Named] = attrs.field(converter=frozen_map)
    roles: Mapping[str, Named] = attrs.field(converter=frozen_map)
    versions: tuple[RuleVersion, ...]
    origin: str = ""
    note: str | None = None
    #: The units an activity may be recorded in (``units:``; categories convert the others).
    units: tuple[str, ...] = DEFAULT_UNITS
    extensions: Extensions | None = attrs.field(default=None, repr=False)
    # Values derived from this frozen rule set once (its digest); never shared with a variant,
    # which starts with its own empty memo.
    _derived: dict[str, Any] = attrs.field(factory=dict, init=False, repr=False)

    def derived(self, key: str, compute: Callable[[RuleSet], T]) -> T:
        """``compute(self)``, computed once per rule set (the rule set never changes)."""
        try:
            value: T = self._derived[key]
        except KeyError:
            value = self._derived[key] = compute(self)
        return value

    def compiled(self, node: object, compute: Callable[[Any], T]) -> T:
        """``compute(node)`` for a requirement node, worked out once per node and function:
        what its ``evaluate`` derives from its own fixed fields (a set of leave kinds, a
        table of caps); the node is kept with its value (so its id stays its own)."""
        memo: dict[tuple[Callable[[Any], Any], int], tuple[object, Any]] = self.derived(
            "compiled nodes", _new_memo)
        hit = memo.get((compute, id(node)))
        if hit is None or hit[0] is not node:
            hit = memo[compute, id(node)] = (node, compute(node))
        value: T = hit[1]
        return value

    # -- versions -------------------------------------------------------------------------

    def version_at(self, day: date | str, level: str | None = None) -> RuleVersion:
        """The rule version in force on ``day`` (RuleError when none is); with ``level``, for
        a professional registered at that level (a version's ``valid_from_by_level`` may
        bring it in earlier for some levels: phase-in by member group)."""
        day = to_date(day, field="on")
        if level is not None and self.derived("phased in by level", _phased_in):
            started = [v for v in self.versions if v.starts_for(level) <= day]
            if started and (started[-1].valid_until is None or day <= started[-1].valid_until):
                return started[-1]
        for version in self.versions:
            if version.covers(day):
                return version
        first = self.versions[0].valid_from
        raise RuleError(f"no rule version of {self.register!r} is in force on {day}; the "
                        f"first applies from {first}")

    def version(self, version_id: str) -> RuleVersion:
        """The rule version with this id."""
        for version in self.versions:
            if version.id == version_id:
                return version
        raise RuleError(f"unknown rule version {version_id!r}; known: "
                        f"{', '.join(v.id for v in self.versions)}")

    def requirement_ids(self) -> list[str]:
        """Every requirement id in every version (a version may reuse another's ids)."""
        seen: dict[str, None] = {}
        for version in self.versions:
            for root in version.requirements():
                for node in root.walk():
                    seen[node.id] = None
        return list(seen)

    # -- assessment -----------------------------------------------------------------------

    def converted(self, activity: Activity) -> float | None:
        """What ``activity`` counts as in :attr:`unit` when its category converts the unit it
        was recorded in (``convert:``), as the evaluators count it; None: as recorded."""
        spec = self.categories.get(activity.category)
        conversion = spec.conversion(activity.unit) if spec is not None else None
        if conversion is None:
            return None
        return int(conversion.hundredths(int(activity.amount * 100 + 0.5))) / 100

    def check_professional(self, professional: Professional) -> None:
        """Raise DataError when the professional's records use names this register lacks."""
        self._check_activities(professional)
        self._check_records(professional)

    def _checked_prepared(self, professional: Professional) -> tuple[Any, ...]:
        """:meth:`check_professional` and the prepared activities, the activities' names
        checked while they are prepared (one pass); the same errors in the same order."""
        prepared = prepare_known(professional, self)
        if prepared is None:
            self._check_activities(professional)
            raise AssertionError("prepare_known and check_professional disagree")  # a bug
        self._check_records(professional)
        return prepared

    def _check_activities(self, professional: Professional) -> None:
        acts = professional.activities
        categories, themes = self.derived("vocabulary_sets", _vocabulary_sets)
        units_set, plain_units = self.derived("unit_sets", _unit_sets)
        # Fast path: one set comparison; the culprit is searched only when there is one.
        units = self.units
        if {a.category for a in acts} <= categories and {
                t for a in acts for t in a.themes} <= themes and (
                {a.other_unit for a in acts} <= units_set if plain_units else
                {a.unit for a in acts} <= units_set):
            bad_activity = None
        else:
            bad_activity = next(i for i, a in enumerate(acts) if a.category not in
                                self.categories or not set(a.themes) <= self.themes.keys()
                                or a.unit not in units)
        if bad_activity is not None:
            who = f"professional {professional.id}"
            act = acts[bad_activity]
            record = f"{who}, activities[{bad_activity}] (id {act.id})"
            if act.category not in self.categories:
                raise DataError(f"unknown category {act.category!r}; allowed: "
                                f"{', '.join(self.categories)}", record=record, field="category")
            if act.unit not in units:
                raise DataError(f"unknown unit {act.unit!r}; allowed: {', '.join(units)} (the "
                                f"units of {self.register})", record=record,
                                field="unit" if act.unit not in DEFAULT_UNITS else act.unit)
            theme = next(t for t in act.themes if t not in self.themes)
            allowed = ", ".join(self.themes) or "(this register has no themes)"
            raise DataError(f"unknown theme {theme!r}; allowed: {allowed}", record=record,
                            field="themes")

    def _check_records(self, professional: Professional) -> None:
        if professional.profession is not None and self.levels and (
                professional.profession not in self.levels):
            raise DataError(f"unknown profession {professional.profession!r}; allowed: "
                            f"{', '.join(self.levels)}", record=f"professional {professional.id}",
                            field="profession")
        for records, vocabulary, field in self.derived("record vocabularies", _record_checks):
            for index, item in enumerate(getattr(professional, records)):
                value = getattr(item, field)
                if value is not None and value not in vocabulary:
                    raise DataError(f"unknown {field} {value!r}; allowed: "
                                    f"{', '.join(vocabulary)}",
                                    record=f"professional {professional.id}, "
                                           f"{records}[{index}] (id {item.id})",
                                    field=field)

    def assess(self, professional: Professional, on: date | str, *,
               group: Group | None = None, with_standing: bool = True) -> Assessment:
        """Assess ``professional`` on date ``on``.

        Without ``group``: ``registration`` when the professional holds no registration on
        ``on``, else ``reregistration`` for the cycle running on ``on`` (the overdue cycle when
        its due date has passed). ``development`` gives the professional-development part of
        the running cycle.

        The assessment knows the professional's status on ``on`` (``standing``, from the
        status timeline): a lapsed, struck-off or deregistered professional is judged on the
        requirements of the term that ended (or of re-entry) and is not ``ok``.
        ``with_standing=False`` leaves the status out (the timeline itself assesses so).
        """
        on = to_date(on, field="on")
        if group is not None and group not in GROUPS:
            raise RuleError(f"unknown requirement group {group!r}; allowed: {', '.join(GROUPS)}")
        prepared = self._checked_prepared(professional)
        cycle = current_cycle(professional, self, on)
        chosen = group or ("registration" if cycle is None else "reregistration")
        # The status is derived from the timeline when first asked (an HR system checking
        # requirements inline should not pay for a timeline).
        standing = partial(self._standing, professional, on, True) if with_standing else None
        if chosen == "registration":
            return judge_registration(self, professional, on, prepared,
                                      cycle.decided_on if cycle else None, standing)
        if cycle is None:
            raise RuleError(f"professional {professional.id} holds no registration on {on}; "
                            f"group {chosen!r} needs one (use group='registration')")
        return judge_cycle(self, professional, cycle, on, chosen, prepared, standing)

    def standing(self, professional: Professional, on: date | str) -> Standing | None:
        """The professional's status on ``on`` from the status timeline (None when no event
        gives a status yet, or when the rule set was built without the lifecycle layer)."""
        return self._standing(professional, to_date(on, field="on"), False)

    def _standing(self, professional: Professional, on: date, checked: bool
                  ) -> Standing | None:
        """:meth:`standing`; ``checked``: the professional's names were already checked (an
        assessment checked them before it judged), so the timeline need not do it again."""
        if self.extensions is None or not professional.events:
            return None
        segments = self.extensions.timeline(self, professional, on + timedelta(days=1),
                                            checked=checked)
        here = next((s for s in segments if s.start <= on < s.end), None)
        if here is None:
            return None
        title, reason = here.words()
        return Standing(here.status, here.start, here.registered, title, reason)

    def assess_cycle(self, professional: Professional, cycle: Cycle, on: date | str, *,
                     group: Group = "reregistration", prepared: Any = None,
                     earlier: Assessment | None = None) -> Assessment:
        """Assess ``professional`` on ``on`` for the given ``cycle`` (window, due date, rule
        version), e.g. a term the timeline derived (:mod:`vakmanschap.lifecycle.timeline`);
        ``earlier``, a judgement of the same cycle, lends the nodes the change since cannot
        alter (:mod:`vakmanschap.engine.reuse`)."""
        on = to_date(on, field="on")
        if prepared is None:
            self.check_professional(professional)
            prepared = prepare_activities(professional, self)
        return judge_cycle(self, professional, cycle, on, group, prepared, earlier=earlier)

    # -- variants -------------------------------------------------------------------------

    def with_changes(self, changes: Mapping[str, Any]) -> RuleSet:
        """A variant with parameters replaced; see
        :func:`~vakmanschap.engine.overlay.apply_changes`."""
        return apply_changes(self, changes)

    def parameters(self, as_of: date | str | None = None) -> tuple[Parameter, ...]:
        """Every changeable parameter, with its path as a change writes it, value, unit,
        allowed values, meaning and requirement (title and source); with ``as_of``, those of
        the version in force on that day and their value then. See
        :mod:`vakmanschap.engine.parameters`."""
        day = to_date(as_of, field="as of") if as_of is not None else None
        return list_parameters(self, day)

    def _repr_html_(self) -> str:
        return parameters_html(self)

    def as_of(self, day: date | str) -> RuleSet:
        """The rules as they stood on ``day``: the version in force then, with its dated
        values of that day, applied to every date; see
        :func:`~vakmanschap.engine.overlay.rules_as_of`."""
        return rules_as_of(self, day)

    # -- lifecycle ------------------------------------------------------------------------

    def timeline(self, professional: Professional, until: date | str) -> list[StatusSegment]:
        """The status segments of ``professional`` up to ``until`` (exclusive); see
        :func:`vakmanschap.lifecycle.timeline.timeline`."""
        return extensions_of(self).timeline(self, professional, to_date(until, field="until"))
