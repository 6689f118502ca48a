"""The facts of a professional one by one (employments, leave, attestations, qualifications,
register decisions) and windows: valid for a rule set's names, drawn around an anchor date.

:func:`vakmanschap.strategies.professionals` draws its records with these, and
``st.from_type`` draws each public record type with them once :mod:`vakmanschap.strategies`
is imported.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from hypothesis import strategies as st

from vakmanschap.model.periods import Window
from vakmanschap.model.records import (
    Attestation,
    Employment,
    Leave,
    LeaveKind,
    Qualification,
    RegisterEvent,
)
from vakmanschap.strategies.common import Vocabulary, amounts, draw_date, maybe, maybe_date, one

if TYPE_CHECKING:
    from vakmanschap.engine.ruleset import RuleSet

__all__ = ["attestations", "employments", "leaves", "qualifications", "register_events",
           "windows"]

_LEAVE_KINDS = tuple(k.value for k in LeaveKind)
_ANCHOR = date(2025, 1, 1)


def _span(anchor: date | None) -> tuple[date, date]:
    """The years around ``anchor`` in which a professional's facts are drawn."""
    day = anchor or _ANCHOR
    return day - timedelta(days=400), day + timedelta(days=365 * 6)


@st.composite
def employments(draw: st.DrawFn, rules: RuleSet | None = None, ident: str = "e0",
                anchor: date | None = None) -> Employment:
    """An employment (open-ended or not) in a role of ``rules``, around ``anchor``."""
    start, end = _span(anchor)
    first = draw_date(draw, start - timedelta(days=365 * 3), end)
    return Employment(id=ident, start=first,
                      end=maybe_date(draw, first, end + timedelta(days=365)),
                      hours_per_week=draw(amounts(40)),
                      role=draw(one((*Vocabulary(rules).roles, None))))


@st.composite
def leaves(draw: st.DrawFn, ident: str = "l0", anchor: date | None = None) -> Leave:
    """A leave of any kind, up to 400 days long, around ``anchor``."""
    start, end = _span(anchor)
    first = draw_date(draw, start, end)
    return Leave(id=ident, start=first, end=first + timedelta(days=draw(st.integers(0, 400))),
                 kind=draw(one(_LEAVE_KINDS)))


@st.composite
def attestations(draw: st.DrawFn, rules: RuleSet | None = None, ident: str = "t0",
                 anchor: date | None = None) -> Attestation:
    """An attestation of a kind of ``rules``, around ``anchor``."""
    start, end = _span(anchor)
    return Attestation(id=ident, kind=draw(one(Vocabulary(rules).attestation_kinds)),
                       on=draw_date(draw, start - timedelta(days=365), end))


@st.composite
def qualifications(draw: st.DrawFn, rules: RuleSet | None = None, ident: str = "q0",
                   anchor: date | None = None) -> Qualification:
    """A qualification of a kind of ``rules``: awarded, or started and not yet awarded."""
    start, end = _span(anchor)
    awarded = maybe_date(draw, start - timedelta(days=3650), end)
    return Qualification(
        id=ident, kind=draw(one(Vocabulary(rules).qualification_kinds)),
        ects=maybe(draw, amounts(120)), awarded_on=awarded,
        started_on=None if awarded else draw_date(draw, start, end),
        accredited_until=maybe_date(draw, start, end))


@st.composite
def register_events(draw: st.DrawFn, rules: RuleSet | None = None, ident: str = "r0",
                    on: date | None = None) -> RegisterEvent:
    """A registration decision (on ``on``, else drawn), at a level of ``rules`` if it has
    levels."""
    vocab = Vocabulary(rules)
    day = on or draw_date(draw, vocab.first_day, vocab.first_day + timedelta(days=365 * 3))
    level = draw(one(vocab.levels)) if vocab.levels else None
    return RegisterEvent(id=ident, kind="registered", on=day, level=level)


@st.composite
def windows(draw: st.DrawFn, start: date = date(2000, 1, 1),
            end: date = date(2040, 12, 31)) -> Window:
    """A window within ``[start, end]`` whose start is not after its end."""
    first = draw_date(draw, start, end)
    return Window(first, draw_date(draw, first, end), end_inclusive=draw(st.booleans()))
