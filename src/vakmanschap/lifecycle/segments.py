"""The pieces of a status timeline (:class:`StatusSegment` and its :class:`Note`) and their
versioned JSON form (docs/lifecycle.md)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import attrs

from vakmanschap.engine.assessment import Assessment
from vakmanschap.engine.cycles import Cycle
from vakmanschap.engine.receipt import timeline_receipt
from vakmanschap.lifecycle.statuses import NOTES, REASONS, REGISTERED, STATUSES
from vakmanschap.model.periods import Window
from vakmanschap.model.records import Professional, RegisterEvent
from vakmanschap.model.words import Lang, Text, fmt_date

if TYPE_CHECKING:
    from vakmanschap.engine.ruleset import RuleSet

__all__ = ["TIMELINE_SCHEMA", "Note", "StatusSegment", "timeline_to_dict"]

TIMELINE_SCHEMA = "vakmanschap.timeline/1"


@attrs.frozen
class Note:
    """Something that happened within a segment without changing the status (an application
    that did not meet the requirements, a deferral without effect, ...)."""

    on: date
    code: str
    event: RegisterEvent | None = None
    arg: str = ""
    assessment: Assessment | None = attrs.field(default=None, eq=False, repr=False)

    def text(self, lang: Lang = "nl") -> str:
        """The note in words."""
        nl, en = NOTES[self.code]
        template = nl if lang == "nl" else en
        return template.format(event=fmt_date(self.on, lang), arg=self.arg,
                               kind=self.event.kind.value if self.event else "")

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"on": self.on.isoformat(), "code": self.code,
                "text": {"nl": self.text("nl"), "en": self.text("en")},
                "event": _event_json(self.event),
                "assessment": _assessment_json(self.assessment)}


@attrs.frozen
class StatusSegment:
    """One status held from ``start`` up to ``end`` (exclusive).

    ``reason`` (a code of :data:`REASONS`) says what decided it: the register ``event`` or
    the ``assessment`` the engine made. ``version`` is the rule version that governs the
    segment; ``due`` the date by which re-registration is due (the end of the term, of the
    deferral, or of the grace period) and ``term`` the window judged at that date; ``cycle``
    the term itself (for :meth:`RuleSet.assess_cycle`).
    """

    status: str
    level: str | None
    start: date
    end: date
    version: str | None
    reason: str
    event: RegisterEvent | None = None
    assessment: Assessment | None = attrs.field(default=None, eq=False, repr=False)
    due: date | None = None
    term: Window | None = None
    notes: tuple[Note, ...] = ()
    cycle: Cycle | None = attrs.field(default=None, eq=False, repr=False)

    @property
    def decided_by(self) -> RegisterEvent | Assessment | None:
        """The event or the assessment that decided this segment."""
        return self.event if self.event is not None else self.assessment

    @property
    def registered(self) -> bool:
        """Whether the professional is in the register during this segment."""
        return self.status in REGISTERED

    def title(self, lang: Lang = "nl") -> str:
        """The status in words."""
        return STATUSES[self.status](lang)

    def reason_text(self, lang: Lang = "nl") -> str:
        """Why the segment has this status, in words."""
        nl, en = REASONS[self.reason]
        when = self.event.on if self.event is not None else self.start
        return (nl if lang == "nl" else en).format(event=fmt_date(when, lang))

    def words(self) -> tuple[Text, Text]:
        """The status and why, each in both languages (:meth:`title`, :meth:`reason_text`),
        as an assessment's standing holds them."""
        nl, en = REASONS[self.reason]
        when = self.event.on if self.event is not None else self.start
        return STATUSES[self.status], Text(nl.format(event=fmt_date(when, "nl")),
                                           en.format(event=fmt_date(when, "en")))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (docs/lifecycle.md)."""
        return {
            "status": self.status,
            "status_text": STATUSES[self.status].to_json(),
            "level": self.level,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "version": self.version,
            "reason": self.reason,
            "reason_text": {"nl": self.reason_text("nl"), "en": self.reason_text("en")},
            "event": _event_json(self.event),
            "assessment": _assessment_json(self.assessment),
            "due": self.due.isoformat() if self.due else None,
            "term": None if self.term is None else {
                "start": self.term.start.isoformat(), "end": self.term.end.isoformat(),
                "end_inclusive": self.term.end_inclusive},
            "notes": [n.to_dict() for n in self.notes],
        }


def _event_json(event: RegisterEvent | None) -> dict[str, Any] | None:
    if event is None:
        return None
    return {"id": event.id, "kind": event.kind.value, "on": event.on.isoformat(),
            **({"until": event.until.isoformat()} if event.until else {}),
            **({"level": event.level} if event.level else {})}


def _assessment_json(assessment: Assessment | None) -> dict[str, Any] | None:
    if assessment is None:
        return None
    return {"on": assessment.on.isoformat(), "group": assessment.group,
            "version": assessment.version, "met": assessment.met,
            "shortfalls": [s.to_dict() for s in assessment.shortfalls]}


def timeline_to_dict(rules: RuleSet, professional: Professional, until: date,
                     segments: list[StatusSegment]) -> dict[str, Any]:
    """The timeline as a versioned JSON-ready mapping."""
    versions = [s.version for s in segments if s.version is not None]
    return {"schema": TIMELINE_SCHEMA, "professional": professional.id,
            "register": rules.register, "until": until.isoformat(),
            "segments": [s.to_dict() for s in segments],
            "receipt": timeline_receipt(rules, professional, until, versions)}
