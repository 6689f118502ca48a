"""The data of a rule file's versions: vocabulary entries, cycle settings, rule versions.

Pure data (frozen attrs): a :class:`RuleVersion` holds the requirement trees that the engine
evaluates, but this layer only stores them.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, Literal, TypeVar

import attrs

from vakmanschap.errors import RuleError
from vakmanschap.model.words import Text
from vakmanschap.rules.term_settings import (
    ApplicationSpec,
    DeferralSpec,
    Duration,
    EarlySpec,
    LateSpec,
)

if TYPE_CHECKING:
    from vakmanschap.engine.primitives.base import Requirement

T = TypeVar("T")

__all__ = ["DEFAULT_UNITS", "GROUPS", "Category", "Conversion", "CycleSpec", "Group",
           "LevelRoute", "Named", "RuleVersion"]


Group = Literal["registration", "development", "reregistration"]
GROUPS: tuple[str, ...] = ("registration", "development", "reregistration")


@attrs.frozen
class Named:
    """A declared name (theme, level, qualification kind, ...) with its title."""

    name: str
    title: Text
    note: str | None = None


#: The units an activity may be recorded in when a rule file does not declare ``units``.
DEFAULT_UNITS: tuple[str, ...] = ("hours", "points")


@attrs.frozen
class Conversion:
    """How an activity of a category recorded in ``unit`` counts in the file's unit: every
    ``per`` of it gives ``gives`` (both in hundredths). ``rounding``: ``whole`` counts only
    whole multiples of ``per`` ("iedere 500 woorden": 499 words give nothing), ``hundredth``
    counts pro rata, rounded down to the hundredth. Integer arithmetic only, so that one
    activity (an int) and a population (an int64 array) convert to the same hundredths."""

    unit: str
    per_c: int
    gives_c: int = 100
    rounding: Literal["whole", "hundredth"] = "whole"

    def hundredths(self, amount_c: Any) -> Any:
        """The counted hundredths of ``amount_c`` hundredths of :attr:`unit` (int or array)."""
        if self.rounding == "whole":
            return (amount_c // self.per_c) * self.gives_c
        return (amount_c * self.gives_c) // self.per_c


@attrs.frozen
class Category:
    """An activity category; ``if_unaccredited`` reclassifies unaccredited activities;
    ``convert`` says how activities recorded in another unit count (unit -> conversion)."""

    name: str
    title: Text
    if_unaccredited: str | None = None
    note: str | None = None
    convert: tuple[Conversion, ...] = ()

    def conversion(self, unit: str) -> Conversion | None:
        """How an activity recorded in ``unit`` counts (None: as recorded)."""
        return next((c for c in self.convert if c.unit == unit), None)


@attrs.frozen
class CycleSpec:
    """How long a registration term lasts and which date starts the next one.

    ``next_due``: ``from_decision`` (BIG: 5 years after the positive decision) or
    ``from_previous_due`` (SRPO: a late re-registration keeps the original rhythm).
    ``parameters_on``: the date at which dated parameters are read for a cycle:
    ``cycle_start`` (default: the rules in force when the cycle began), ``due_date`` or
    ``assessment_date``.

    Lifecycle settings (docs/lifecycle.md; defaults in :mod:`vakmanschap.rules.term_settings`):
    ``next_due`` may also be ``from_application`` (SKJ: the filing date of the application)
    or ``from_term_end`` (NIP: the day after the term's last day); ``early``,
    ``application``, ``late`` and ``deferral`` say when an application is accepted and on
    time, and what happens at the due date without re-registration.

    ``grid`` (default none): terms on a fixed calendar grid instead of anchored on a
    person's decisions. Terms are the consecutive blocks of the term length counted from this
    date (``2013-01-01`` with ``years: 3``: 2013-2015, 2016-2018, ...; any 1 January with
    ``years: 1``: calendar years). A registration opens the block it falls in (from the
    decision date to the block's end) and each next block opens by itself at the block end,
    without a re-registration decision (NBA, NOvA). A block ends early on the day a later
    rule version takes effect for the professional. ``reporting`` (grid only; default none):
    for this long after a block ends, the assessment still judges that block, not the new one
    (the time to report on it: NBA's compliance statement before 1 February).
    """

    years: int
    months: int = 0
    next_due: str = "from_decision"
    parameters_on: str = "cycle_start"
    early: EarlySpec = attrs.field(factory=EarlySpec)
    application: ApplicationSpec = attrs.field(factory=ApplicationSpec)
    late: LateSpec = attrs.field(factory=LateSpec)
    deferral: DeferralSpec = attrs.field(factory=DeferralSpec)
    grid: date | None = None
    reporting: Duration | None = None

    def parameters_date(self, start: T, due: T, on: T) -> T:
        """The date at which dated parameters are read for a cycle, as ``parameters_on``
        declares: its start, its due date or the assessment date. The one definition for
        one cycle (dates) and for many at once (arrays of ordinals)."""
        when = self.parameters_on
        if when == "cycle_start":
            return start
        if when == "due_date":
            return due
        if when == "assessment_date":
            return on
        raise KeyError(when)  # the schema allows only these three


@attrs.frozen
class LevelRoute:
    """A registration level and the requirement that grants it."""

    level: str
    requires: Requirement


@attrs.frozen
class RuleVersion:
    """The rules in force from ``valid_from`` up to and including ``valid_until``."""

    id: str
    title: Text
    valid_from: date
    valid_until: date | None
    source: str
    cycle: CycleSpec
    registration: tuple[LevelRoute, ...] = ()
    development: Requirement | None = None
    reregistration: Requirement | None = None
    judge_running_cycles: bool = False
    note: str | None = None
    location: str = ""
    reentry: str = "registration"  # criteria for re-entry after an ended registration
    #: Phase-in by member group: (level, date) pairs; for a professional registered at one of
    #: these levels the version takes effect on that (earlier) date instead of ``valid_from``.
    valid_from_by_level: tuple[tuple[str, date], ...] = ()

    def covers(self, day: date) -> bool:
        """Whether this version is in force on ``day``."""
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)

    def starts_for(self, level: str | None) -> date:
        """The first day this version is in force for a professional registered at
        ``level``: ``valid_from``, or the earlier date of ``valid_from_by_level``."""
        return dict(self.valid_from_by_level).get(level or "", self.valid_from)

    def requirement(self, group: str) -> Requirement:
        """The requirement tree of ``development`` or ``reregistration``."""
        node = self.development if group == "development" else self.reregistration
        if group == "development" and node is None:
            node = self.reregistration
        if node is None:
            raise RuleError(f"rule version {self.id!r} has no {group!r} requirements")
        return node

    def requirements(self) -> list[Requirement]:
        """Every requirement tree root of this version."""
        roots = [route.requires for route in self.registration]
        roots += [r for r in (self.development, self.reregistration) if r is not None]
        return roots
