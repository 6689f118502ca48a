"""Pro rata by months (``engine/prorata.py``): the month arithmetic, the factor, the setting's
schema, and its use on ``total`` (minimum and caps) per person and for a population."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import vakmanschap as vk
from helpers import act, person, root, rule_text
from test_population import assert_agree
from vakmanschap.engine.prorata import MonthsProRata, window_months
from vakmanschap.errors import RuleFileError
from vakmanschap.model.periods import DatePolicy

YEAR = MonthsProRata(term_months=12, threshold_months=11)
CLAMP = DatePolicy()
DAYS = st.dates(date(1990, 1, 1), date(2040, 12, 31))
COUNTS = st.sampled_from(["whole", "started"])
SPANS = st.lists(st.tuples(DAYS, st.integers(0, 500)).map(
    lambda t: (t[0], t[0] + timedelta(days=t[1]))), max_size=3)


def _grid_rules(prorate: str, extra: str = "", round_: str = "whole") -> vk.RuleSet:
    """A yearly calendar-grid register whose duty is 20 points prorated as ``prorate``."""
    text = rule_text(f"{{id: po, title: PO, total: {{min: 20, prorate: {prorate}, "
                     f"round: {round_}{extra}}}}}", unit="points", years=1)
    text = text.replace("cycle: {years: 1, months: 0, next_due: from_decision}",
                        "cycle: {years: 1, grid: 2020-01-01}")
    return vk.parse_rules(text, "grid.yaml")


NOVA_LIKE = ("{by: months_registered, term_months: 12, threshold_months: 11, "
             "leave: {illness: 6, pregnancy: 4}}")


# -- the month arithmetic -----------------------------------------------------------------------


@pytest.mark.parametrize(("first", "last", "count", "months"), [
    (date(2022, 1, 1), date(2022, 12, 31), "whole", 12),
    (date(2022, 2, 1), date(2022, 12, 31), "whole", 11),
    (date(2022, 2, 2), date(2022, 12, 31), "whole", 10),
    (date(2022, 2, 2), date(2022, 12, 31), "started", 11),
    (date(2024, 2, 29), date(2024, 12, 31), "whole", 10),
    (date(2024, 2, 29), date(2024, 12, 31), "started", 11),
    (date(2024, 2, 1), date(2024, 2, 29), "whole", 1),
    (date(2023, 2, 1), date(2023, 2, 28), "whole", 1),
    (date(2022, 3, 15), date(2022, 3, 20), "whole", 0),
    (date(2022, 3, 15), date(2022, 3, 20), "started", 1),
])
def test_months_of_a_window(first: date, last: date, count: str, months: int) -> None:
    """Whole calendar months count when every day applies, started ones when any day does."""
    assert MonthsProRata(term_months=12, count=count).months(first, last, []) == months


def test_a_suspending_leave_takes_its_months_away() -> None:
    """A leave across a year end takes, in each year, the months it touches (whole) or
    covers completely (started)."""
    leave = [(date(2022, 10, 15), date(2023, 4, 30))]
    whole = MonthsProRata(term_months=12)
    started = MonthsProRata(term_months=12, count="started")
    assert whole.months(date(2022, 1, 1), date(2022, 12, 31), leave) == 9
    assert started.months(date(2022, 1, 1), date(2022, 12, 31), leave) == 10
    assert whole.months(date(2023, 1, 1), date(2023, 12, 31), leave) == 8
    assert started.months(date(2023, 1, 1), date(2023, 12, 31), leave) == 8


@pytest.mark.parametrize(("start", "end", "kind", "suspends"), [
    (date(2024, 2, 29), date(2024, 8, 28), "illness", True),
    (date(2024, 2, 29), date(2024, 8, 27), "illness", False),
    (date(2022, 1, 31), date(2022, 7, 30), "illness", True),   # 31 Jan + 6 months: 31 July
    (date(2022, 1, 31), date(2022, 7, 29), "illness", False),
    (date(2022, 5, 1), date(2022, 8, 31), "pregnancy", True),
    (date(2022, 5, 1), date(2022, 8, 30), "pregnancy", False),
    (date(2022, 1, 1), date(2022, 12, 31), "parental", False),
])
def test_a_leave_suspends_from_its_least_length(start: date, end: date, kind: str,
                                                suspends: bool) -> None:
    """A leave suspends when its last day is on or after start + n months - 1 day."""
    rule = MonthsProRata(term_months=12, leave={"illness": 6, "pregnancy": 4})
    assert rule.suspends(start, end, kind, CLAMP) is suspends


@given(DAYS, DAYS, COUNTS)
def test_closed_form_is_the_walk_over_months(a: date, b: date, count: str) -> None:
    """The vector form gives, for windows without leave, the months the scalar form counts."""
    first, last = min(a, b), max(a, b)
    vector = window_months(count, np.array([first.toordinal()]), np.array([last.toordinal()]))
    assert int(vector[0]) == MonthsProRata(term_months=12, count=count).months(first, last, [])


@given(DAYS, st.integers(0, 800), SPANS, st.data())
def test_months_fall_with_leave_and_whole_never_exceeds_started(
        first: date, length: int, spans: list[tuple[date, date]], data: st.DataObject) -> None:
    """More suspended days never add a month, and whole months never exceed started ones."""
    last = first + timedelta(days=length)
    whole = MonthsProRata(term_months=12)
    started = MonthsProRata(term_months=12, count="started")
    fewer = spans[:data.draw(st.integers(0, len(spans)))]
    for rule in (whole, started):
        assert rule.months(first, last, spans) <= rule.months(first, last, fewer)
    assert whole.months(first, last, spans) <= started.months(first, last, spans)


@given(st.integers(1, 120), st.one_of(st.none(), st.integers(0, 120)), st.integers(0, 200),
       st.integers(0, 200))
def test_factor_is_monotone_bounded_and_respects_the_threshold(
        term: int, threshold: int | None, m1: int, m2: int) -> None:
    """The factor lies in [0, 1], never falls with more months, and is 1 from the threshold."""
    if threshold is not None:
        threshold = min(threshold, term)
    rule = MonthsProRata(term_months=term, threshold_months=threshold)
    low, high = sorted((m1, m2))
    f_low, f_high = rule.factor_of(low), rule.factor_of(high)
    assert 0.0 <= f_low <= f_high <= 1.0
    if threshold is not None and low >= threshold:
        assert f_low == 1.0
    if threshold is None or low < threshold:
        assert f_low == min(low, term) / term
    vector = rule.factor_of(np.array([low, high]))
    assert list(vector) == [f_low, f_high]


# -- the setting in a rule file -----------------------------------------------------------------


def test_list_and_mapping_forms_load() -> None:
    """``prorate`` takes the list form and the mapping form; the mapping form's defaults are
    whole months, no threshold, no leave, caps whole."""
    node = _grid_rules("{by: months_registered, term_months: 12}").versions[0].reregistration
    assert node is not None
    assert node.prorate == MonthsProRata(term_months=12)  # type: ignore[attr-defined]
    listed = _grid_rules("[fte]").versions[0].reregistration
    assert listed.prorate == ("fte",)  # type: ignore[union-attr]


@pytest.mark.parametrize(("prorate", "words"), [
    ("{by: months_registered, term_months: 12, count: halve}", ["count", "whole, started"]),
    ("months", ["a list of fte, late_entry", "by: months_registered"]),
    ("{by: months_registered, term_months: 12, threshold_months: 13}", ["term_months (12)"]),
    ("{by: months_registered, term_months: 12, leave: {sabbatical: 2}}", ["sabbatical"]),
    ("{by: days, term_months: 12}", ["months_registered"]),
    ("{by: months_registered}", ["term_months"]),
    ("{by: months_registered, term_months: 0}", ["term_months", ">= 1"]),
])
def test_a_malformed_setting_is_located_and_names_what_is_allowed(
        prorate: str, words: list[str]) -> None:
    """A bad ``prorate`` is an error at its line that says what is allowed."""
    with pytest.raises(RuleFileError) as err:
        _grid_rules(prorate)
    message = str(err.value)
    assert "grid.yaml:" in message
    for word in words:
        assert word in message, message


# -- on total: the minimum and the caps ---------------------------------------------------------


def _advocate(registered: str, points: float, leaves: tuple[vk.Leave, ...] = (),
              category: str = "formeel") -> vk.Professional:
    return person([act("a1", "2022-12-10", points, unit="points", category=category)],
                  registered=registered, leaves=leaves)


@pytest.mark.parametrize(("registered", "required"), [
    ("2022-01-01", 20), ("2022-02-01", 20), ("2022-02-02", 17), ("2022-03-01", 17),
    ("2022-07-01", 10), ("2022-12-01", 2), ("2022-12-02", 0)])
def test_late_registration_reduces_the_minimum_below_the_threshold(
        registered: str, required: float) -> None:
    """Registered during the year: 20 x months / 12, rounded up, unless 11 months remain."""
    r = root(_grid_rules(NOVA_LIKE), _advocate(registered, 0), on="2022-12-31")
    assert r.required == required


def test_illness_across_the_year_end_reduces_both_years() -> None:
    """Seven months of illness from October: 9 months in the first year, 8 in the next."""
    rules = _grid_rules(NOVA_LIKE)
    ill = (vk.Leave(id="l", start="2022-10-01", end="2023-04-30", kind="illness"),)
    who = _advocate("2020-01-01", 0, ill)
    assert root(rules, who, on="2022-12-31").required == 15
    assert root(rules, who, on="2023-12-31").required == 14


def test_a_leave_after_the_assessment_date_is_not_yet_known() -> None:
    """A suspending leave that starts after ``on`` does not reduce the minimum yet."""
    ill = (vk.Leave(id="l", start="2022-07-01", end="2023-04-30", kind="illness"),)
    r = root(_grid_rules(NOVA_LIKE), _advocate("2020-01-01", 0, ill), on="2022-06-30")
    assert r.required == 20


def test_a_plan_projects_again_when_a_leave_becomes_known_before_the_term_ends() -> None:
    """Judged later, a suspending leave that starts in between changes the minimum, so the
    node does not promise the same result later (the plan then re-assesses its projection)."""
    rules = _grid_rules(NOVA_LIKE)
    ill = (vk.Leave(id="l", start="2022-07-01", end="2023-04-30", kind="illness"),)
    node = rules.versions[0].reregistration
    assert node is not None
    who = _advocate("2020-01-01", 0, ill)
    assert not node.same_judged_later(who, date(2022, 6, 30), date(2022, 12, 31))
    assert node.same_judged_later(who, date(2022, 7, 1), date(2022, 12, 31))
    assert node.same_judged_later(_advocate("2020-01-01", 0), date(2022, 6, 30),
                                  date(2022, 12, 31))
    # on 30 June the minimum is the full 20; by the year's end the leave has halved it
    assert root(rules, who, on="2022-06-30").required == 20
    at_end = root(rules, who, on="2022-12-31")
    step, = rules.assess(who, "2022-06-30").plan().steps
    assert step.amount == at_end.shortfall == 10


def test_caps_are_prorated_only_when_asked() -> None:
    """With ``caps: true`` a cap per category shrinks with the minimum (rounded up)."""
    setting = "{by: months_registered, term_months: 12, caps: %s}"
    caps = ", caps: {per_category: {informeel: 6}}"
    who = _advocate("2022-07-01", 8, category="informeel")
    kept = root(_grid_rules(setting % "false", caps), who, on="2022-12-31")
    shrunk = root(_grid_rules(setting % "true", caps), who, on="2022-12-31")
    assert (kept.required, kept.actual) == (10, 6)
    assert (shrunk.required, shrunk.actual) == (10, 3)


def test_population_agrees_with_per_person_on_months_and_leave() -> None:
    """Both evaluators give the same minimum and caps for registrations and leaves around
    the year's edges (the columnar form recomputes people with a suspending leave)."""
    people = []
    for i, (registered, leave) in enumerate([
            ("2022-02-01", None), ("2022-02-02", None), ("2024-02-29", None),
            ("2020-01-01", ("2022-10-01", "2023-04-30", "illness")),
            ("2020-01-01", ("2024-02-29", "2024-08-28", "illness")),
            ("2020-01-01", ("2024-02-29", "2024-08-27", "illness")),
            ("2020-01-01", ("2022-05-01", "2022-08-31", "pregnancy")),
            ("2020-01-01", ("2022-01-01", "2022-12-31", "parental"))]):
        leaves = () if leave is None else (
            vk.Leave(id="l", start=leave[0], end=leave[1], kind=leave[2]),)
        acts = [act(f"a{year}-{k}", f"{year}-0{k + 1}-10", 4, unit="points",
                    category=("formeel", "informeel")[k % 2])
                for year in (2022, 2023, 2024) for k in range(4)]
        people.append(person(acts, registered=registered, leaves=leaves, ident=f"p{i}"))
    caps = ", caps: {per_category: {informeel: 6}, per_day: 3}"
    for prorate in (NOVA_LIKE, "{by: months_registered, term_months: 12, count: started, "
                               "leave: {illness: 0}, caps: true}"):
        rules = _grid_rules(prorate, caps, round_="hundredth")
        for on in (date(2022, 12, 31), date(2023, 12, 31), date(2024, 12, 31)):
            assert_agree(rules, people, on)
