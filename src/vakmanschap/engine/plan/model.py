"""The completion plan as data: :class:`Plan` and its :class:`PlanStep` s, with their JSON form."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import attrs

from vakmanschap.errors import RuleError
from vakmanschap.model.periods import Window
from vakmanschap.model.records import Activity, Attestation, Employment, Professional, Qualification
from vakmanschap.model.words import Lang, Text

if TYPE_CHECKING:
    from vakmanschap.engine.ruleset import Extensions

__all__ = ["PLAN_SCHEMA", "Plan", "PlanStep", "step_within"]

PLAN_SCHEMA = "vakmanschap.engine.plan/1"


@attrs.frozen
class PlanStep:
    """One thing still to do for one requirement.

    ``kind`` says what the step asks for:

    * ``amount``: hours or points (``amount``, ``unit``);
    * ``activities``: a number of activities (``count``);
    * ``theme``: an amount or one activity in one theme (``theme``);
    * ``work_hours``: hours of work (``amount``), planned as an employment;
    * ``qualification`` or ``attestation``: one of ``kinds`` (titles in ``kind_titles``);
    * ``condition``: a condition no planned fact can meet (``registered_level``: how one is
      registered), never achievable;
    * ``manual``: a requirement whose primitive declares no plan (the default of
      ``Requirement.plan_needs``): the plan names it and leaves it to the register to say
      what is needed; not achievable, since the plan cannot show it can be done.

    ``window`` is the period the step must fall in (a year of a ``per_period`` rule, or the
    cycle) and ``deadline`` its due date. ``within`` names the step whose activities include
    this one's ("waarvan"). ``achievable`` is false when the time left or a cap makes it
    impossible.
    """

    requirement: str
    title: Text
    kind: str
    amount: float | None = None
    unit: str | None = None
    count: int | None = None
    theme: str | None = None
    theme_title: Text | None = None
    kinds: tuple[str, ...] = ()
    kind_titles: tuple[Text, ...] = ()
    window: Window | None = None
    deadline: date | None = None
    achievable: bool = True
    within: str | None = None
    source: str = ""
    location: str = ""
    feasible: bool = True
    deadline_inclusive: bool | None = None
    contract_hours: float | None = None
    max_weekly_hours: float | None = None

    @property
    def key(self) -> str:
        """A unique key within the plan: requirement, period and theme."""
        start = self.window.start.isoformat() if self.window is not None else ""
        return f"{self.requirement}@{start}#{self.theme or ''}"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "requirement": self.requirement, "title": self.title.to_json(), "kind": self.kind,
            "amount": self.amount, "unit": self.unit, "count": self.count, "theme": self.theme,
            "kinds": list(self.kinds),
            "window": None if self.window is None else {
                "start": self.window.start.isoformat(), "end": self.window.end.isoformat(),
                "end_inclusive": self.window.end_inclusive},
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "achievable": self.achievable, "within": self.within, "source": self.source,
            "location": self.location, "feasible": self.feasible,
            "contract_hours": self.contract_hours,
            "max_weekly_hours": self.max_weekly_hours,
        }


_new = object.__new__
_set = object.__setattr__


_STEP_FIELDS = tuple(field.name for field in attrs.fields(PlanStep) if field.name != "within")


def step_within(step: PlanStep, within: str | None) -> PlanStep:
    """``attrs.evolve(step, within=within)``: a step converts and checks nothing, so its
    copy is its slots with ``within`` replaced (a fraction of evolve's time)."""
    out: PlanStep = _new(PlanStep)
    for name in _STEP_FIELDS:
        _set(out, name, getattr(step, name))
    _set(out, "within", within)
    return out


@attrs.frozen(eq=False)
class Plan:
    """What is still to be done, by ``deadline``, to meet the requirements.

    ``steps`` are per requirement; ``activities``, ``employments``, ``qualifications`` and
    ``attestations`` are the planned facts that realise them (ids start with ``plan-``).
    ``verified`` is true when the assessment, repeated on ``horizon`` with these facts added,
    passes. ``recorded_later`` lists the activities already recorded with a date after the
    assessment date that the plan counts as done. An assessment that is met (``met_now``) has
    an empty plan; one that is not may have one too, when what is already recorded (later
    activities, work under a running contract) is enough by the deadline. ``extensions``
    are those of the rule set the plan was made with: they word it (:meth:`explain`).
    """

    professional_id: str
    register: str
    version: str
    group: str
    on: date
    deadline: date | None
    inclusive: bool
    cycle: Window | None
    steps: tuple[PlanStep, ...] = ()
    activities: tuple[Activity, ...] = ()
    employments: tuple[Employment, ...] = ()
    qualifications: tuple[Qualification, ...] = ()
    attestations: tuple[Attestation, ...] = ()
    verified: bool = False
    horizon: date | None = None
    recorded_later: tuple[str, ...] = ()
    met_now: bool = False
    extensions: Extensions | None = attrs.field(default=None, repr=False)

    @property
    def achievable(self) -> bool:
        """Whether the plan can still be carried out in time: the planned facts were checked
        to make the assessment pass, and every step fits in the weeks left."""
        return self.verified and all(step.feasible for step in self.steps)

    def apply_to(self, professional: Professional) -> Professional:
        """``professional`` with the planned facts added."""
        return attrs.evolve(
            professional, activities=professional.activities + self.activities,
            employments=professional.employments + self.employments,
            qualifications=professional.qualifications + self.qualifications,
            attestations=professional.attestations + self.attestations)

    def explain(self, lang: Lang = "nl") -> str:
        """One sentence: ``Nog te doen vóór 1 augustus 2027: ...; ... .`` (empty when met).

        The words come from the text layer, lent through the rule set's extensions.
        """
        if self.extensions is None:
            raise RuleError("this plan comes from a rule set built without the text layer; "
                            "load the rules with vakmanschap.load_rules, parse_rules or "
                            "builtin_rules")
        return self.extensions.explain_plan(self, lang)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form, versioned by ``schema``."""
        return {
            "schema": PLAN_SCHEMA, "professional": self.professional_id,
            "register": self.register, "version": self.version, "group": self.group,
            "on": self.on.isoformat(),
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "verified": self.verified, "achievable": self.achievable,
            "recorded_later": list(self.recorded_later),
            "text": {"nl": self.explain("nl"), "en": self.explain("en")},
            "steps": [s.to_dict() for s in self.steps],
            "activities": [_record_json(a) for a in self.activities],
            "employments": [_record_json(e) for e in self.employments],
            "qualifications": [_record_json(q) for q in self.qualifications],
            "attestations": [_record_json(a) for a in self.attestations],
        }


def _record_json(record: Any) -> dict[str, Any]:
    """A planned fact in the person-file format (only the fields that are set)."""
    out: dict[str, Any] = {}
    for name, value in attrs.asdict(record, recurse=False).items():
        if value is None or value == ():
            continue
        if isinstance(value, date):
            value = value.isoformat()
        elif isinstance(value, tuple):
            value = list(value)
        out[name] = value
    return out
