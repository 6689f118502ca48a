"""Assessment results: a tree that mirrors the requirement tree, and its JSON form.

Each :class:`RequirementResult` says whether its requirement is met, the required and actual
amounts with their unit, the shortfall, the deadline, which activities counted, were capped or
were excluded (each with a reason), and where the rule lives (id, file:line, legal source).

Activity outcomes are kept as compact tuples and turned into :class:`ActivityOutcome`
objects only when asked for, because an HR system calls ``assess`` inline and most callers
never look at every activity of every node.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

import attrs

from vakmanschap.engine import outcomes as _o
from vakmanschap.engine.outcomes import ActivityOutcome, Outcome, Status
from vakmanschap.engine.receipt import assessment_receipt
from vakmanschap.engine.routes import open_children
from vakmanschap.errors import RuleError
from vakmanschap.model.frozen_map import FrozenMap
from vakmanschap.model.periods import Window
from vakmanschap.model.words import Lang, Text

if TYPE_CHECKING:
    from vakmanschap.engine.context import PreparedActivity, WindowSplit
    from vakmanschap.engine.cycles import Cycle
    from vakmanschap.engine.plan import Plan
    from vakmanschap.engine.primitives.base import Requirement
    from vakmanschap.engine.ruleset import RuleSet
    from vakmanschap.model.records import Professional

__all__ = [
    "REGISTRATION_ID",
    "REGISTRATION_KIND",
    "REGISTRATION_TITLE",
    "SCHEMA_VERSION",
    "ActivityOutcome",
    "Assessment",
    "AssessmentOrigin",
    "RequirementResult",
    "Shortfall",
    "Standing",
]

SCHEMA_VERSION = "vakmanschap.engine.assessment/1"

# The root of an initial registration: no rule node, one child per level's route.
REGISTRATION_ID = "registratie"
REGISTRATION_KIND = "levels"
REGISTRATION_TITLE = Text("Registratie", "Registration")

@attrs.frozen
class Shortfall:
    """One unmet requirement: how much is missing and by when (machine-readable)."""

    requirement: str
    title: Text
    path: tuple[str, ...]
    required: float | None
    actual: float | None
    missing: float | None
    unit: str | None
    deadline: date | None
    source: str
    window: Window | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"requirement": self.requirement, "title": self.title.to_json(),
                "path": list(self.path), "required": self.required, "actual": self.actual,
                "missing": self.missing, "unit": self.unit,
                "deadline": self.deadline.isoformat() if self.deadline else None,
                "source": self.source, "window": _window_json(self.window)}


class RequirementResult(NamedTuple):
    """The assessment of one requirement node; ``children`` mirror the rule tree.

    ``shortfall`` is how much of ``unit`` is missing (0 when met, None when the requirement
    is not a quantity); for most primitives ``required - actual``, for a maximum share the
    amount of other activities that would bring the share within bounds.

    An immutable named tuple rather than an attrs class: a tree of these is built on every
    ``assess`` call, and tuple construction is several times cheaper (benchmarks/assess.py).
    """

    id: str
    kind: str
    title: Text
    met: bool
    required: float | None
    actual: float | None
    unit: str | None
    deadline: date | None
    window: Window | None
    source: str
    location: str
    shortfall: float | None = None
    children: tuple[RequirementResult, ...] = ()
    outcomes: tuple[Outcome, ...] = ()
    prepared: tuple[PreparedActivity, ...] = ()
    detail: Mapping[str, Any] = FrozenMap()
    rule: Requirement | None = None
    split: WindowSplit | None = None

    def __repr__(self) -> str:
        return (f"RequirementResult(id={self.id!r}, kind={self.kind!r}, met={self.met}, "
                f"required={self.required}, actual={self.actual}, unit={self.unit!r}, "
                f"shortfall={self.shortfall}, children={len(self.children)})")

    @property
    def activities(self) -> tuple[ActivityOutcome, ...]:
        """Every activity of the professional (input order) with what this requirement did
        with it; empty for nodes that do not look at activities (combinators, work hours)."""
        return tuple(ActivityOutcome(act.id, status, act.amount_c / 100, counted_c / 100,
                                     reason, arg, words)
                     for act, status, counted_c, reason, arg, words in self._outcome_rows())

    def not_counted(self, skip: Collection[str] = (), only: Collection[str] | None = None
                    ) -> tuple[ActivityOutcome, ...]:
        """The outcomes of :attr:`activities` not counted in full (excluded or capped), in
        input order, none whose reason is in ``skip`` (and only reasons in ``only``)."""
        every = self.outcomes + self.split.excluded if self.split is not None else self.outcomes
        return tuple(ActivityOutcome(act.id, status, act.amount_c / 100, counted_c / 100,
                                     reason, arg, words)
                     for act, status, counted_c, reason, arg, words in self._outcome_rows(
                         [o for o in every if o[2] != "counted" and o[2] not in skip
                          and (only is None or o[2] in only)]))

    def not_counted_by_reason(self, lang: Lang, skip: Collection[str] = ()
                              ) -> dict[tuple[Status, str, str | None], list[tuple[str, float]]]:
        """The outcomes of :meth:`not_counted` (none whose reason is in ``skip``) grouped by
        status, reason in words and the unit of their amounts: (status, reason text, unit) ->
        [(activity id, amount not counted)], in input order; each reason is worded once
        (explanations). An activity excluded for its unit is in its own unit, as are those of
        a node counting no amounts (``COUNTED_UNITS``; None for several units)."""
        every, split = self.outcomes, self.split
        if split is not None and not ("outside_window" in skip and "after_on" in skip):
            every = every + split.excluded  # (its only reasons: those two)
        return _o.group_not_counted(
            sorted(o for o in every if o[2] != "counted" and o[2] not in skip), self.prepared,
            self.rule.reasons if self.rule is not None else {}, self.unit, lang)

    def counted(self) -> tuple[ActivityOutcome, ...]:
        """The outcomes of :attr:`activities` that counted (in full or in part), in input
        order; cheaper than filtering :attr:`activities`."""
        return tuple(ActivityOutcome(act.id, status, act.amount_c / 100, counted / 100,
                                     reason, arg, words)
                     for act, status, counted, reason, arg, words in self._outcome_rows(
                         [o for o in self.outcomes if o[1] > 0]))

    def counted_amounts(self) -> Iterator[tuple[PreparedActivity, int]]:
        """(activity, counted hundredths) of :meth:`counted`, as judged, no outcome objects."""
        return ((self.prepared[o[0]], o[1]) for o in self.outcomes if o[1] > 0)

    def _outcome_rows(self, only: list[Outcome] | None = None
                      ) -> Iterator[tuple[PreparedActivity, Status, int, str, str,
                                          tuple[str, str] | None]]:
        """(activity, status, counted hundredths, reason, argument, the primitive's own
        words) per activity in input order (``only`` those outcomes when given): what
        :attr:`activities` and :meth:`to_dict` are built from."""
        if only is not None:
            every: tuple[Outcome, ...] | list[Outcome] = only
        elif self.split is not None:
            every = self.outcomes + self.split.excluded
        else:
            every = self.outcomes
        own = self.rule.reasons if self.rule is not None else {}
        prepared = self.prepared
        for index, counted_c, reason, arg in sorted(every):
            status: Status = ("counted" if reason == "counted" else
                              "capped" if reason.startswith(_o.CAP_PREFIX) else "excluded")
            yield prepared[index], status, counted_c, reason, arg, own.get(reason)

    def walk(self) -> Iterator[RequirementResult]:
        """This node and all below it, depth first."""
        yield self
        for child in self.children:
            yield from child.walk()

    def find(self, rule_id: str) -> RequirementResult:
        """The node with ``rule_id`` in this subtree (KeyError when absent)."""
        for node in self.walk():
            if node.id == rule_id:
                return node
        raise KeyError(rule_id)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (see docs/result-schema.md)."""
        return {
            "id": self.id, "kind": self.kind, "title": self.title.to_json(), "met": self.met,
            "required": self.required, "actual": self.actual, "unit": self.unit,
            "shortfall": self.shortfall,
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "window": _window_json(self.window), "source": self.source,
            "location": self.location, "detail": _jsonable(self.detail),
            "activities": [
                {"id": act.id, "status": status, "amount": act.amount_c / 100,
                 "counted": counted_c / 100, "reason": reason,
                 "reason_text": _reason_texts(reason, arg, words)}
                for act, status, counted_c, reason, arg, words in self._outcome_rows()],
            "children": [c.to_dict() for c in self.children],
        }


def _reason_texts(reason: str, arg: str, words: tuple[str, str] | None) -> dict[str, str]:
    """:meth:`ActivityOutcome.reason_text` in both languages, as its ``to_dict`` gives it."""
    chosen = words or _o.REASONS[reason]
    return {lang: _o.reason_words(chosen, reason, arg, lang) for lang in ("nl", "en")}


def _window_json(window: Window | None) -> dict[str, Any] | None:
    if window is None:
        return None
    return {"start": window.start.isoformat(), "end": window.end.isoformat(),
            "end_inclusive": window.end_inclusive}


def _jsonable(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | frozenset | set):
        items = [_jsonable(v) for v in value]
        return sorted(items) if isinstance(value, frozenset | set) else items
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Text):
        return value.to_json()
    return value


@attrs.frozen
class Standing:
    """The professional's status in the register on the assessment date, as the status
    timeline has it (:meth:`RuleSet.timeline`): the status code and its words, since when,
    why, and whether the professional is in the register with a running term."""

    status: str
    since: date
    registered: bool
    title: Text
    reason: Text

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (see docs/result-schema.md)."""
        return {"status": self.status, "status_text": self.title.to_json(),
                "since": self.since.isoformat(), "registered": self.registered,
                "reason_text": self.reason.to_json()}


@attrs.frozen(eq=False)
class AssessmentOrigin:
    """What an assessment was computed from, kept so that a completion plan can re-assess
    with planned activities added: the rules, the professional, the cycle judged (None for
    registration) and the date at which dated parameters were read."""

    rules: RuleSet
    professional: Professional
    cycle: Cycle | None
    params_on: date


@attrs.frozen(eq=False)
class Assessment:
    """The outcome of assessing one professional on one date under one requirement group.

    ``result`` is the root of the explained tree; ``level`` is the registration level reached
    (registration group) or held. ``cycle`` is the window judged and ``deadline`` its due date.
    """

    professional_id: str
    register: str
    register_title: Text
    version: str
    group: str
    on: date
    cycle: Window | None
    deadline: date | None
    level: str | None
    result: RequirementResult
    origin: AssessmentOrigin | None = attrs.field(default=None, repr=False)
    # The status on the assessment date, or a function that derives it from the timeline when
    # first asked: an HR system checking requirements inline should not pay for a timeline.
    _standing: Standing | Callable[[], Standing | None] | None = attrs.field(
        default=None, alias="standing", repr=False)

    @property
    def standing(self) -> Standing | None:
        """The professional's status in the register on the assessment date (None when no
        register event gives one)."""
        value = self._standing
        if callable(value):
            value = value()
            object.__setattr__(self, "_standing", value)  # a memo of a pure function
        return value

    @property
    def met(self) -> bool:
        """Whether every requirement of the group is met."""
        return self.result.met

    @property
    def in_register(self) -> bool:
        """Whether the professional holds a running registration on the assessment date, as
        the status timeline has it (True when there is no timeline to ask)."""
        return self.standing is None or self.standing.registered

    @property
    def ok(self) -> bool:
        """The answer in one bit, as ``vakmanschap check`` exits on it: the requirements are
        met, and for re-registration or development the professional is also in the register
        on the assessment date (a lapsed, struck-off or deregistered professional who met the
        requirements of the term that ended is not ok). For registration: qualifies."""
        return self.met and (self.group == "registration" or self.in_register)

    def unmet_leaves(self) -> list[tuple[tuple[str, ...], RequirementResult]]:
        """The unmet nodes without unmet applicable children, under unmet parents, with their
        id path. Routes closed to the professional (:mod:`vakmanschap.engine.routes`) are left
        out of an alternative, unless every route is closed: they are not to-dos."""
        out: list[tuple[tuple[str, ...], RequirementResult]] = []

        def visit(node: RequirementResult, path: tuple[str, ...]) -> None:
            if node.met:
                return
            here = (*path, node.id)
            unmet_children = [c for c in open_children(node) if not c.met]
            if not unmet_children:
                out.append((here, node))
            for child in unmet_children:
                visit(child, here)

        visit(self.result, ())
        return out

    @property
    def shortfalls(self) -> tuple[Shortfall, ...]:
        """The unmet leaf requirements under unmet nodes that apply to the professional, with
        what is missing (:meth:`unmet_leaves`)."""
        return tuple(Shortfall(node.id, node.title, path, node.required, node.actual,
                               node.shortfall, node.unit, node.deadline, node.source,
                               node.window)
                     for path, node in self.unmet_leaves())

    def plan(self) -> Plan:
        """What is still to be done, and by when, to meet the requirements (see
        :mod:`vakmanschap.engine.plan`); empty when they are met. Its words come from the
        rule set's extensions, as for :meth:`explain`."""
        from vakmanschap.engine.plan import make_plan

        return make_plan(self)

    def explain(self, lang: Lang = "nl") -> str:
        """Deterministic text for people (Dutch by default, ``lang="en"`` for English)."""
        rules = self.origin.rules if self.origin is not None else None
        ext = rules.extensions if rules is not None else None
        if ext is None:
            raise RuleError("this assessment comes from a rule set built without the text "
                            "layer; load the rules with vakmanschap.load_rules, parse_rules or "
                            "builtin_rules")
        return ext.explain(self, None if self.met else self.plan(), lang)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form, versioned by ``schema`` (see docs/result-schema.md)."""
        return {
            "schema": SCHEMA_VERSION,
            "professional": self.professional_id,
            "register": self.register,
            "version": self.version,
            "group": self.group,
            "on": self.on.isoformat(),
            "cycle": _window_json(self.cycle),
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "met": self.met,
            "ok": self.ok,
            "status": self.standing.to_dict() if self.standing is not None else None,
            "level": self.level,
            "shortfalls": [s.to_dict() for s in self.shortfalls],
            "result": self.result.to_dict(),
            "receipt": assessment_receipt(self) if self.origin is not None else None,
        }

    def _repr_html_(self) -> str:
        from html import escape

        return f"<pre>{escape(self.explain())}</pre>"
