"""Pro rata by months: the one meaning of ``prorate: {by: months_registered, ...}``.

A minimum (and, when asked, a cap or a minimum per theme) is multiplied by the share of a full
term during which the duty applied: ``months / term_months``, at most 1, and 1 outright when
``months >= threshold_months`` (NOvA, Voda art. 4.4 lid 3: no reduction unless the duty
applied "korter dan elf maanden"). The month arithmetic, declared:

* The months counted are **calendar months** of the judged window (a term on a calendar grid
  starts on the day of registration, so the window holds exactly the days registered).
* A day *applies* when it lies in the window and not in a leave that suspends the duty: a
  leave of a kind named in ``leave`` whose own length (all of it, also across a year end) is
  at least the months given there: its last day is on or after ``start + n months - 1 day``
  (month ends as the rule file's ``date_policy`` adds months). A leave that starts after the
  assessment date is not yet known.
* ``count: whole`` counts a calendar month when every one of its days applies (the month of a
  registration on its 1st counts, a registration on the 2nd loses that month; February counts
  with 28 or 29 days alike); ``count: started`` counts a month when any of its days applies.

The scalar form (:meth:`MonthsProRata.months`) walks the months of one window; the vector form
(:func:`window_months`) gives, for windows without leave, the same whole numbers in closed
form (tests/test_prorata.py checks that they agree).
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

import attrs

from vakmanschap.engine.amounts import is_scalar, prorate_factor, prorated_minimum
from vakmanschap.model.frozen_map import FrozenMap, frozen_map
from vakmanschap.model.kinds import LeaveKind
from vakmanschap.model.periods import DatePolicy
from vakmanschap.rules.schema import Bool, Field, MapOf, Num, Record, SeqOf, Str
from vakmanschap.rules.schema.checker import INVALID, Checker, Loc, Schema, show

if TYPE_CHECKING:
    import numpy as np

    from vakmanschap.engine.columnar.context import ColumnarContext
    from vakmanschap.engine.context import EvalContext
    from vakmanschap.engine.primitives.drawing import Draw
    from vakmanschap.model.records import Professional
else:
    from vakmanschap.lazy import numpy as np

__all__ = [
    "LIST_FORMS",
    "PRORATE_SCHEMA",
    "ROUND_SCHEMA",
    "MonthsProRata",
    "Prorate",
    "as_prorate",
    "columnar_factor",
    "draw_prorate",
    "factor",
    "factor_columns",
    "known_alike_later",
    "leave_spans",
    "person_factor",
    "prorated_cap",
    "window_months",
]

LIST_FORMS = ("fte", "late_entry")
BY = ("months_registered",)
COUNTS = ("whole", "started")
MAX_TERM_MONTHS = 1200
_UNIX = date(1970, 1, 1).toordinal()


@attrs.frozen
class MonthsProRata:
    """The mapping form of ``prorate``: the factor by months of a term that applied."""

    term_months: int
    by: str = "months_registered"
    threshold_months: int | None = None
    count: str = "whole"
    leave: Mapping[str, int] = attrs.field(factory=FrozenMap, converter=frozen_map)
    caps: bool = False

    def to_json(self) -> dict[str, Any]:
        """As a rule file writes it."""
        out: dict[str, Any] = {"by": self.by, "term_months": self.term_months}
        if self.threshold_months is not None:
            out["threshold_months"] = self.threshold_months
        out["count"] = self.count
        if self.leave:
            out["leave"] = dict(self.leave)
        if self.caps:
            out["caps"] = True
        return out

    def factor_of(self, months: Any) -> Any:
        """``min(months, term) / term``, or 1 from ``threshold_months`` on; for one number of
        months or one per person."""
        term = self.term_months
        if is_scalar(months):  # np.ndim(months) == 0, without numpy for a Python int
            one = int(months)
            if self.threshold_months is not None and one >= self.threshold_months:
                return 1.0
            return min(one, term) / term
        many = np.asarray(months, dtype=np.int64)
        share = np.minimum(many, term).astype(np.float64) / term
        if self.threshold_months is not None:
            share = np.where(many >= self.threshold_months, 1.0, share)
        return share

    def suspends(self, start: date, end: date, kind: str, policy: DatePolicy) -> bool:
        """Whether a leave ``[start, end]`` of ``kind`` suspends the duty: a kind named in
        ``leave`` lasting at least its months."""
        need = self.leave.get(kind)
        if need is None:
            return False
        return need == 0 or end >= policy.add(start, months=need) - timedelta(days=1)

    def months(self, first: date, last: date, suspended: Iterable[tuple[date, date]]) -> int:
        """The calendar months of ``[first, last]`` that count (see the module docstring),
        with the days of the ``suspended`` spans (inclusive) not applying: the months of the
        window in closed form, less those a span takes away (only the months the spans touch
        are looked at)."""
        if last < first:
            return 0
        lo, hi = first.toordinal(), last.toordinal()
        counted = _months_between(self.count, first, last)
        merged = _merge(suspended, lo, hi)
        for month in sorted(_touched(merged)):
            a = max(_month_first(month), lo)
            b = min(_month_last(month), hi)
            whole_month = a == _month_first(month) and b == _month_last(month)
            off = sum(max(0, min(y, b) - max(x, a) + 1) for x, y in merged)
            if self.count == "started":
                counted -= off == b - a + 1
            else:
                counted -= whole_month and off > 0
        return counted


def _index(day: date) -> int:
    return day.year * 12 + day.month - 1


def _month_first(index: int) -> int:
    return date(index // 12, index % 12 + 1, 1).toordinal()


def _month_last(index: int) -> int:
    year, month = index // 12, index % 12 + 1
    return date(year, month, calendar.monthrange(year, month)[1]).toordinal()


def _months_between(count: str, first: date, last: date) -> int:
    """The calendar months of ``[first, last]`` that count without leave (closed form)."""
    a, b = _index(first), _index(last)
    if count == "started":
        return b - a + 1
    starts = first.day == 1
    ends = last.day == calendar.monthrange(last.year, last.month)[1]
    return max(0, (b - (0 if ends else 1)) - (a + (0 if starts else 1)) + 1)


def _merge(spans: Iterable[tuple[date, date]], lo: int, hi: int) -> list[tuple[int, int]]:
    """The spans clipped to ``[lo, hi]`` (ordinals) as disjoint sorted intervals."""
    out: list[tuple[int, int]] = []
    for a, b in sorted((max(x.toordinal(), lo), min(y.toordinal(), hi)) for x, y in spans):
        if a > b:
            continue
        if out and a <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _touched(merged: list[tuple[int, int]]) -> set[int]:
    """The month indices the intervals touch."""
    months: set[int] = set()
    for a, b in merged:
        months.update(range(_index(date.fromordinal(a)), _index(date.fromordinal(b)) + 1))
    return months


Prorate = tuple[str, ...] | MonthsProRata


def leave_spans(prorate: MonthsProRata, leaves: Iterable[Any], on: date, policy: DatePolicy
                ) -> list[tuple[date, date]]:
    """The spans of the leaves (records with ``start``, ``end``, ``kind``) that suspend the
    duty, known on ``on``."""
    return [(lv.start, lv.end) for lv in leaves if lv.start <= on
            and prorate.suspends(lv.start, lv.end, str(lv.kind), policy)]


def window_months(count: str, first: Any, last: Any) -> Any:
    """Per person the calendar months of ``[first, last]`` (ordinals) that count when no
    leave suspends the duty: :meth:`MonthsProRata.months` without spans, in closed form."""
    lo = (np.asarray(first, dtype=np.int64) - _UNIX).astype("datetime64[D]")
    hi = (np.asarray(last, dtype=np.int64) - _UNIX).astype("datetime64[D]")
    m_lo, m_hi = lo.astype("datetime64[M]"), hi.astype("datetime64[M]")
    a, b = m_lo.astype(np.int64), m_hi.astype(np.int64)
    if count == "started":
        out = b - a + 1
    else:
        starts_month = lo == m_lo.astype("datetime64[D]")
        ends_month = hi == ((m_hi + np.timedelta64(1, "M")).astype("datetime64[D]")
                            - np.timedelta64(1, "D"))
        out = (b - np.where(ends_month, 0, 1)) - (a + np.where(starts_month, 0, 1)) + 1
    return np.where(hi >= lo, np.maximum(out, 0), 0)


# -- the schema: the list form or the mapping form -------------------------------------------

_KINDS = tuple(k.value for k in LeaveKind)


def _months_post(out: dict[str, Any], raw: Any, loc: Loc, checker: Checker) -> Any:
    for kind in out.get("leave") or {}:
        if kind not in _KINDS:
            return checker.error(loc.key_itself(raw.get("leave", {}), kind),
                                 f"unknown leave kind {kind!r}; allowed: {', '.join(_KINDS)}")
    threshold = out.get("threshold_months")
    if threshold is not None and threshold > out["term_months"]:
        return checker.error(loc.key(raw, "threshold_months"),
                             f"must be <= term_months ({out['term_months']}), got {threshold}")
    return MonthsProRata(**{k: v for k, v in out.items() if v is not None})


_LIST = SeqOf(Str(choices=LIST_FORMS), "part-time factor and/or late entry", unique=True)
_MAPPING = Record({
    "by": Field(Str("what is counted: the months of the window the duty applied",
                    choices=BY), required=True),
    "term_months": Field(Num("months of a full term: the factor is months / term_months",
                             minimum=1, maximum=MAX_TERM_MONTHS, integer=True),
                         required=True),
    "threshold_months": Field(Num("from this many months on the amount is not reduced",
                                  minimum=0, maximum=MAX_TERM_MONTHS, integer=True)),
    "count": Field(Str("which calendar months count: whole (every day applies) or started "
                       "(any day applies)", choices=COUNTS), default="whole"),
    "leave": Field(MapOf(Num("the least length of such a leave, in months", minimum=0,
                             maximum=MAX_TERM_MONTHS, integer=True),
                         "leave kinds that suspend the duty", key_doc="a leave kind")),
    "caps": Field(Bool("reduce the caps per category (and a per-theme minimum) by the same "
                       "factor"), default=False),
}, "pro rata by months of the term that the duty applied", post=_months_post)

_ALLOWED = (f"a list of {', '.join(LIST_FORMS)}, or a mapping with keys "
            f"{', '.join(_MAPPING.fields)} (by: months_registered)")


class ProrateS(Schema):
    """``prorate``: the list form (``[fte, late_entry]``) or the mapping form (by months)."""

    def __init__(self, doc: str = "pro rata of the minimum") -> None:
        self.doc = doc

    def check(self, value: Any, loc: Loc, checker: Checker) -> Any:
        if isinstance(value, list | tuple):
            out = _LIST.check(value, loc, checker)
            return out if out is INVALID else tuple(out)
        if isinstance(value, Mapping):
            return _MAPPING.check(value, loc, checker)
        return checker.error(loc, f"expected {_ALLOWED}; got {show(value)}")

    def json(self) -> dict[str, Any]:
        return self._with_doc({"oneOf": [_LIST.json(), _MAPPING.json()]})


PRORATE_SCHEMA = ProrateS()
ROUND_SCHEMA = Str("rounding of a prorated amount (always up)", choices=("hundredth", "whole"))


def as_prorate(value: Any) -> Prorate:
    """A field converter: the list form as a tuple, the mapping form as
    :class:`MonthsProRata` (a checked mapping from a rule file, or one already built)."""
    if isinstance(value, MonthsProRata):
        return value
    if isinstance(value, Mapping):
        return MonthsProRata(**{k: v for k, v in value.items() if v is not None})
    return tuple(value or ())


# -- the factor for one professional and for a population -------------------------------------

def known_alike_later(prorate: Prorate, professional: Professional, on: date,
                      later: date) -> bool:
    """Whether the factor judged on ``later`` is the one judged on ``on``: a leave is known
    from its start (:func:`leave_spans`), so one starting between the two can change it
    (the primitives' ``same_judged_later``)."""
    return not (isinstance(prorate, MonthsProRata) and prorate.leave
                and any(on < lv.start <= later for lv in professional.leaves))


def factor(prorate: Prorate, ctx: EvalContext) -> float:
    """The factor of either form of ``prorate`` for the professional of ``ctx`` (1.0 without
    pro rata)."""
    if not prorate:
        return 1.0
    if isinstance(prorate, MonthsProRata):
        return person_factor(prorate, ctx)
    entry, window = ctx.professional.entry_date, ctx.window
    found: float = prorate_factor(prorate, ctx.professional.fte,
                                  entry.toordinal() if entry is not None else 0,
                                  window.start.toordinal(), window.last_day.toordinal())
    return found


def factor_columns(prorate: Prorate, ctx: ColumnarContext) -> Any:
    """:func:`factor` per person of a columnar context (1.0 for everyone without pro rata)."""
    if isinstance(prorate, MonthsProRata):
        return columnar_factor(prorate, ctx)
    people = ctx.frame.people
    return prorate_factor(prorate, people.fte, people.entry, ctx.start, ctx.last)


def prorated_cap(prorate: Prorate, cap_c: Any, found: Any, rounding: str) -> Any:
    """A cap per category in hundredths, prorated like the minimum (rounded up as declared)
    when the mapping form says ``caps: true``; as it is otherwise."""
    if cap_c is None or not (isinstance(prorate, MonthsProRata) and prorate.caps):
        return cap_c
    return prorated_minimum(cap_c / 100, found, rounding)


def person_factor(prorate: MonthsProRata, ctx: EvalContext) -> float:
    """The factor for the professional of ``ctx`` in its window."""
    window = ctx.window
    spans = leave_spans(prorate, ctx.professional.leaves, ctx.on, ctx.policy) \
        if prorate.leave else []
    factor: float = prorate.factor_of(prorate.months(window.start, window.last_day, spans))
    return factor


def columnar_factor(prorate: MonthsProRata, ctx: ColumnarContext) -> Any:
    """The factor per person of a columnar context, as :func:`person_factor` gives it: in
    closed form for everyone, then again, through :meth:`MonthsProRata.months`, for the few
    people with a suspending leave that touches their window."""
    first, last = ctx.start, ctx.last
    months = window_months(prorate.count, first, last)
    frame = ctx.frame
    leaves = frame.people.leaves
    if prorate.leave and len(leaves):
        names = tuple(k.value for k in LeaveKind)
        wanted = np.isin(leaves.kind, [names.index(k) for k in prorate.leave])
        person = leaves.person
        rows = np.flatnonzero(wanted & (leaves.start <= frame.on_ord)
                              & (leaves.start <= last[person]) & (leaves.end >= first[person]))
        policy = frame.rules.date_policy
        spans: dict[int, list[tuple[date, date]]] = {}
        for k in rows.tolist():
            start = date.fromordinal(int(leaves.start[k]))
            end = date.fromordinal(int(leaves.end[k]))
            if prorate.suspends(start, end, names[int(leaves.kind[k])], policy):
                spans.setdefault(int(person[k]), []).append((start, end))
        if spans:
            months = months.copy()
            for p, found in spans.items():
                months[p] = prorate.months(date.fromordinal(int(first[p])),
                                           date.fromordinal(int(last[p])), found)
    return prorate.factor_of(months)


def draw_prorate(draw: Draw, *, lists: bool) -> Any:
    """A ``prorate`` value for a random rule file: None, the list form (when ``lists``) or the
    mapping form."""
    if lists and draw.boolean():
        return draw.subset(LIST_FORMS, min_size=0) or None
    if not draw.boolean():
        return None
    term = draw.choice((12, 24, 36, 60))
    out: dict[str, Any] = {"by": "months_registered", "term_months": term,
                           "count": draw.choice(COUNTS)}
    if draw.boolean():
        out["threshold_months"] = draw.integer(0, term)
    if draw.boolean():
        out["leave"] = {k: draw.integer(0, 8) for k in draw.subset(_KINDS, max_size=2)}
    if draw.boolean():
        out["caps"] = True
    return out
