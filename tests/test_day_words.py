"""Dates, spans and deadlines in words (vakmanschap.text.day_words)."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from vakmanschap.engine.assessment import RequirementResult
from vakmanschap.model.periods import Window
from vakmanschap.model.words import Text, fmt_date
from vakmanschap.text.day_words import day_word, deadline_words, span_word


def _node(deadline: date | None, inclusive: bool | None = None) -> RequirementResult:
    """A bare leaf with ``deadline`` (and its own inclusiveness when given)."""
    detail = {} if inclusive is None else {"deadline_inclusive": inclusive}
    return RequirementResult(id="x", kind="total", title=Text("X"), met=False, required=1.0,
                             actual=0.0, unit="hours", deadline=deadline, window=None,
                             source="s", location="l", detail=detail)


@given(st.dates(), st.sampled_from(["nl", "en"]))
def test_day_word_is_fmt_date_and_kept(day: date, lang: str) -> None:
    """A worded day equals fmt_date and is kept in the memo under the day."""
    days: dict[object, str] = {}
    assert day_word(day, lang, days) == fmt_date(day, lang)  # type: ignore[arg-type]
    assert days[day] == fmt_date(day, lang)  # type: ignore[arg-type]


def test_span_word() -> None:
    """A window reads from its first to its last day, whether its end is inclusive or not."""
    days: dict[object, str] = {}
    exclusive = Window(date(2027, 1, 1), date(2027, 2, 1), end_inclusive=False)
    inclusive = Window(date(2027, 1, 1), date(2027, 1, 31), end_inclusive=True)
    assert span_word(exclusive, "nl", days) == "1 januari 2027 – 31 januari 2027"
    assert span_word(inclusive, "en", {}) == "1 January 2027 – 31 January 2027"


def test_deadline_words() -> None:
    """A due date reads 'vóór', a last allowed day 'uiterlijk', a passed one says so."""
    due = date(2027, 8, 1)
    assert deadline_words(_node(due), False, "nl", date(2027, 1, 1), {}) == ", vóór 1 augustus 2027"
    assert deadline_words(_node(due, True), False, "nl", date(2027, 1, 1), {}) == (
        ", uiterlijk 1 augustus 2027")
    assert deadline_words(_node(due), False, "nl", due, {}) == (
        ", termijn verstreken (vóór 1 augustus 2027)")
    assert deadline_words(_node(due, True), False, "en", due, {}) == ", by 1 August 2027"
    assert deadline_words(_node(None), False, "nl", due, {}) == ""
