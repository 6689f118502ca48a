"""The ``work_hours`` primitive: hours worked from employment records, leave and interruptions."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

import vakmanschap as vk
from helpers import ON, REGISTERED, assess, person, root, rule_text, rules_for
from strategies import employments, leaves

CYCLE_DAYS = 1461  # 2020-01-01 .. 2023-12-31


def work_rules(params: str, **kwargs: object) -> vk.RuleSet:
    """A rule file whose re-registration is ``work_hours: {<params>}``."""
    return rules_for(f"{{id: werk, title: Werkervaring, work_hours: {{{params}}}}}", **kwargs)  # type: ignore[arg-type]


PLAIN = work_rules("min: 2080")
BIG = work_rules("min: 2080, leave_counts: [pregnancy], "
                 "leave_capped: {illness: {weeks_per_year: 6}}")
ARTS = work_rules("min: 2080, roles: [arts]")
INTERRUPTION = work_rules("min: 100, interruption_max_years: {2000-01-01: 2, 2022-12-01: null}")


def job(ident: str = "e1", start: str = "2019-01-01", end: str | None = None,
        hours: float = 36, role: str | None = None) -> vk.Employment:
    """An employment."""
    return vk.Employment(id=ident, start=start, end=end, hours_per_week=hours, role=role)


def leave(kind: str, start: str, end: str, ident: str = "l1") -> vk.Leave:
    """A leave period."""
    return vk.Leave(id=ident, start=start, end=end, kind=kind)


def hours(rules: vk.RuleSet, **kwargs: object) -> float:
    """The counted hours of a professional registered on 1 January 2020, judged at ON."""
    r = root(rules, person(**kwargs))  # type: ignore[arg-type]
    assert r.actual is not None
    return r.actual


def test_weekly_hours_spread_over_the_days() -> None:
    """Contract hours per week count as hours x days / 7 over the cycle."""
    r = root(PLAIN, person(employments=[job()]))
    assert r.actual == round(36 * CYCLE_DAYS / 7, 2)
    assert (r.met, r.required, r.unit, r.shortfall) == (True, 2080.0, "hours", 0.0)


def test_only_days_inside_the_window_and_until_the_assessment_date() -> None:
    """Employment before the cycle or after the assessment date does not count."""
    assert hours(PLAIN, employments=[job(end="2020-01-07")]) == 36.0
    r = root(PLAIN, person(employments=[job(start="2023-12-25")]), on="2023-12-31")
    assert r.actual == 36.0
    early = root(PLAIN, person(employments=[job()]), on="2020-01-14")
    assert early.actual == 72.0 and not early.met and early.shortfall == 2008.0


def test_several_employments_add_up() -> None:
    """Hours of simultaneous employments add up."""
    both = [job("e1", "2020-01-01", "2020-12-30", 20), job("e2", "2020-01-01", "2020-12-30", 16)]
    assert hours(PLAIN, employments=both) == round(36 * 365 / 7, 2)


def test_roles_filter() -> None:
    """Only employments in the listed roles count."""
    jobs = [job("e1", role="arts"), job("e2", role="verpleegkundige"), job("e3")]
    assert hours(ARTS, employments=jobs) == round(36 * CYCLE_DAYS / 7, 2)


def test_leave_kinds() -> None:
    """Pregnancy leave counts, illness counts up to 6 weeks a year, parental leave not."""
    base = [job(hours=35)]
    full = hours(BIG, employments=base)
    year = leave("pregnancy", "2021-01-01", "2021-12-31")
    assert hours(BIG, employments=base, leaves=[year]) == full
    ill = leave("illness", "2021-01-01", "2021-12-31")
    assert hours(BIG, employments=base, leaves=[ill]) == round(full - 35 * 365 / 7 + 6 * 35, 2)
    parental = leave("parental", "2021-01-01", "2021-01-14")
    assert hours(BIG, employments=base, leaves=[parental]) == round(full - 70, 2)


def test_illness_cap_is_per_calendar_year() -> None:
    """Illness spanning New Year uses the cap of each calendar year."""
    base = [job(hours=7)]
    full = hours(BIG, employments=base)
    ill = leave("illness", "2021-10-01", "2022-03-31")  # 92 + 90 days
    expected = full - 7 * 182 / 7 + 6 * 7 * 2
    assert hours(BIG, employments=base, leaves=[ill]) == round(expected, 2)


def test_short_illness_counts_in_full() -> None:
    """Illness shorter than the yearly cap counts completely."""
    base = [job()]
    ill = leave("illness", "2021-03-01", "2021-03-14")
    assert hours(BIG, employments=base, leaves=[ill]) == hours(BIG, employments=base)


def test_interruption_longer_than_the_limit_cuts_earlier_hours() -> None:
    """Hours before an interruption of more than 2 years do not count."""
    jobs = [job("e1", "2019-01-01", "2020-06-30"), job("e2", "2023-01-01")]
    r = root(INTERRUPTION, person(employments=jobs))
    assert r.detail["counted_from"] == date(2023, 1, 1)
    assert r.actual == round(36 * 365 / 7, 2)
    text = assess(INTERRUPTION, person(employments=jobs)).explain("nl")
    assert "uren vóór 1 januari 2023 tellen niet: werkonderbreking langer dan 2 jaar" in text
    text = assess(INTERRUPTION, person(employments=jobs)).explain("en")
    assert "hours before 1 January 2023 do not count" in text


def test_interruption_of_exactly_the_limit_is_allowed() -> None:
    """A gap of exactly 2 years is not longer than 2 years: earlier hours still count."""
    jobs = [job("e1", "2019-01-01", "2020-06-30"), job("e2", "2022-07-01")]
    r = root(INTERRUPTION, person(employments=jobs))
    assert "counted_from" not in r.detail
    jobs = [job("e1", "2019-01-01", "2020-06-30"), job("e2", "2022-07-02")]
    assert root(INTERRUPTION, person(employments=jobs)).detail["counted_from"] == date(
        2022, 7, 2)


def test_interruption_rule_abolished_by_a_null_value() -> None:
    """A null value from a date on abolishes the rule for cycles judged from then."""
    jobs = [job("e1", "2019-01-01", "2022-12-31"), job("e2", "2025-06-01")]
    r = root(INTERRUPTION, person(employments=jobs, registered="2022-12-01"), on="2026-06-01")
    assert r.detail["interruption_max_years"] is None
    assert "counted_from" not in r.detail


def test_no_employment_means_no_hours() -> None:
    """Without employment records nothing counts."""
    r = root(BIG, person())
    assert (r.actual, r.met, r.shortfall) == (0.0, False, 2080.0)


@pytest.mark.parametrize(("params", "expected"), [
    ("min: 1, leave_counts: [illness], leave_capped: {illness: {weeks_per_year: 6}}",
     "listed both as counting and as capped"),
    ("min: 1, leave_capped: {holiday: {weeks_per_year: 6}}", "unknown leave kind 'holiday'"),
    ("min: 1, leave_counts: [holiday]", "allowed: illness, pregnancy, parental, care, other"),
    ("min: 1, roles: [chirurg]", "unknown role 'chirurg'; allowed: arts, verpleegkundige"),
    ("min: 1, interruption_max_years: -1", ">= 0"),
])
def test_rule_file_problems(params: str, expected: str) -> None:
    """Leave kinds, roles and the interruption limit are checked when the file loads."""
    with pytest.raises(vk.RuleFileError) as info:
        work_rules(params)
    assert expected in str(info.value)


# -- properties ----------------------------------------------------------------------------------


def _upper_bound(jobs: list[vk.Employment], roles: tuple[str, ...] | None = None) -> float:
    """Hours if every contract day inside the cycle (up to ON) counted."""
    total = 0.0
    for e in jobs:
        if roles is not None and e.role not in roles:
            continue
        first = max(e.start, REGISTERED)
        last = min(e.end or ON, ON)
        if last >= first:
            total += e.hours_per_week * ((last - first).days + 1) / 7
    return total


_JOBS = employments(("arts", "verpleegkundige", None))


@given(_JOBS)
def test_without_leave_hours_are_contract_hours(jobs: list[vk.Employment]) -> None:
    """Without leave or interruptions, hours are exactly the contract hours in the window."""
    assert hours(PLAIN, employments=jobs) == pytest.approx(round(_upper_bound(jobs), 2),
                                                           abs=0.011)
    assert hours(ARTS, employments=jobs) == pytest.approx(round(_upper_bound(jobs, ("arts",)),
                                                                2), abs=0.011)


@given(_JOBS, leaves())
def test_leave_only_ever_lowers_hours(jobs: list[vk.Employment], gone: list[vk.Leave]) -> None:
    """Leave never adds hours; counting leave counts in full; capped lies in between."""
    full = hours(PLAIN, employments=jobs)
    counts_all = work_rules("min: 1, leave_counts: [illness, pregnancy, parental, care, other]")
    assert hours(counts_all, employments=jobs, leaves=gone) == pytest.approx(full, abs=0.011)
    none = hours(PLAIN, employments=jobs, leaves=gone)
    capped = hours(BIG, employments=jobs, leaves=gone)
    assert none <= capped + 0.011 and capped <= full + 0.011


@given(_JOBS, leaves(("illness",)), st.integers(0, 3), st.integers(0, 3))
def test_a_larger_illness_cap_never_lowers_hours(jobs: list[vk.Employment],
                                                 gone: list[vk.Leave], a: int, b: int) -> None:
    """Raising weeks_per_year never lowers the counted hours."""
    low, high = sorted((a, b))
    rules_low = CAPPED_RULES[low]
    rules_high = CAPPED_RULES[high]
    assert hours(rules_low, employments=jobs, leaves=gone) <= hours(
        rules_high, employments=jobs, leaves=gone) + 0.011


CAPPED_RULES = {w: work_rules(f"min: 1, leave_capped: {{illness: {{weeks_per_year: {w * 3}}}}}")
                for w in range(4)}


@given(_JOBS, leaves())
def test_interruption_rule_never_adds_hours(jobs: list[vk.Employment],
                                            gone: list[vk.Leave]) -> None:
    """Applying the interruption rule can only remove hours."""
    with_rule = work_rules("min: 1, interruption_max_years: 1")
    assert hours(with_rule, employments=jobs, leaves=gone) <= hours(
        PLAIN, employments=jobs, leaves=gone) + 0.011


@given(_JOBS, leaves(), st.randoms(use_true_random=False))
def test_record_order_does_not_matter(jobs: list[vk.Employment], gone: list[vk.Leave],
                                      rnd: st.SearchStrategy[object]) -> None:
    """Shuffling employments and leaves changes nothing."""
    shuffled_jobs, shuffled_leaves = list(jobs), list(gone)
    rnd.shuffle(shuffled_jobs)  # type: ignore[attr-defined]
    rnd.shuffle(shuffled_leaves)  # type: ignore[attr-defined]
    assert hours(BIG, employments=jobs, leaves=gone) == pytest.approx(
        hours(BIG, employments=shuffled_jobs, leaves=shuffled_leaves), abs=1e-6)


AVERAGE_24 = work_rules("min_per_week: 16, over_months: 24")
AVERAGE = work_rules("min_per_week: 16")


def test_average_over_the_best_stretch() -> None:
    """Two years at 16 hours a week inside the cycle meet an average of 16 over 24 months."""
    jobs = [job(start="2021-03-01", end="2023-03-01", hours=16)]  # 731 days: 24 months
    # counted from the window start (2020-01-01 .. 2022-01-01, a leap year)
    r = root(AVERAGE_24, person(employments=jobs))
    assert r.met and r.actual == 16.0 and r.detail["stretch_start"] == date(2021, 3, 1)
    short = root(AVERAGE_24, person(employments=[job(start="2021-03-01", end="2023-02-28",
                                                     hours=16)]))
    assert not short.met and short.actual == round(16 * 730 / 731, 2)


def test_average_over_the_whole_window() -> None:
    """Without over_months the average is over the whole cycle (hours not worked yet count
    as none), and the explanation says it is an average."""
    r = root(AVERAGE, person(employments=[job(start="2022-01-01", hours=32)]))
    assert r.actual == round(32 * 730 / CYCLE_DAYS, 2) and not r.met
    text = assess(AVERAGE, person(employments=[job(hours=16)])).explain("nl")
    assert "gemiddeld 16 uur per week over de periode (vereist: 16)" in text


def test_min_and_min_per_week_exclude_each_other() -> None:
    """A work_hours rule gives exactly one of min and min_per_week."""
    with pytest.raises(vk.RuleFileError, match="exactly one of 'min'"):
        work_rules("min: 10, min_per_week: 16")
    with pytest.raises(vk.RuleFileError, match="exactly one of 'min'"):
        work_rules("roles: [arts]")


def test_roles_of_level_counts_the_registered_profession() -> None:
    """roles_of_level counts only employments whose role is the registered level."""
    text = rule_text("{id: werk, title: Werk, work_hours: {min: 100, roles_of_level: true}}")
    text = text.replace("roles: {arts: Arts, verpleegkundige: Verpleegkundige}",
                        "roles: {arts: Arts, verpleegkundige: Verpleegkundige, n1: N1, n2: N2}")
    rules = vk.parse_rules(text, "test.yaml")
    jobs = [job("e1", hours=7, role="n1"), job("e2", hours=14, role="n2")]
    p = person(employments=jobs, registered=None,
               events=[vk.RegisterEvent(id="r", kind="registered", on=REGISTERED, level="n1")])
    assert root(rules, p).actual == float(CYCLE_DAYS)


@pytest.mark.parametrize("on", ["2023-12-30", "2023-12-31"])
def test_a_shortfall_no_week_can_hold_is_asked_once_not_per_round(on: str) -> None:
    """In the term's last days the hours missing fit in no week, so no employment is planned:
    the step asks the shortfall itself, not that amount again for every planning round."""
    # A second requirement that is planned (a course) makes the planner go a second round.
    rules = rules_for("{id: alles, title: Alles, all_of: [{id: werk, title: Werk, work_hours: "
                      "{min: 2080}}, {id: cursus, title: Cursus, total: {min: 10}}]}")
    p = person(employments=[vk.Employment(id="e1", start="2020-01-01", end="2023-06-30",
                                          hours_per_week=10)])
    a = assess(rules, p, on=on)
    step, = [s for s in a.plan().steps if s.kind == "work_hours"]
    work, = [n for n in a.result.walk() if n.id == "werk"]
    assert step.amount == work.shortfall > 0
    assert not step.achievable

def test_no_employment_in_the_roles_counts_nothing_and_cuts_nothing_off() -> None:
    """Without a job in the counted roles no hours count and no interruption is reported,
    as when the pieces of work are walked (only work in other roles, or none at all)."""
    rules = work_rules("min: 100, roles: [arts], "
                       "interruption_max_years: {2000-01-01: 2, 2022-12-01: null}")
    for jobs in ([job(role="verpleegkundige")], []):
        r = root(rules, person(employments=jobs), on="2022-06-30")
        assert (r.actual, r.met, r.shortfall) == (0.0, False, 100.0)
        assert "counted_from" not in r.detail and r.detail["interruption_max_years"] == 2


def test_leave_rules_are_worked_out_once_per_node() -> None:
    """What a node derives from its fixed fields is worked out once per node and function
    in the rule set's memo, and a variant of the rule set works out its own."""
    node = BIG.versions[0].requirement("reregistration")
    calls: list[object] = []

    def compute(n: object) -> object:
        calls.append(n)
        return object()

    first = BIG.compiled(node, compute)
    assert BIG.compiled(node, compute) is first and calls == [node]
    assert BIG.compiled(node, lambda n: 1) == 1  # another function: its own entry
    variant = BIG.with_changes({"werk.min": 100})
    assert variant.compiled(node, compute) is not first and calls == [node, node]
    r = root(BIG, person(employments=[job()], leaves=[leave("illness", "2021-01-01",
                                                             "2021-12-31")]))
    assert r.actual == round(36 * (CYCLE_DAYS - 365) / 7 + 6 * 36, 2)
