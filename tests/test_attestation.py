"""The ``attestation`` primitive: an oath, promise or endorsement, optionally in time."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

import vakmanschap as vk
from helpers import ON, assess, person, root, rules_for


def att_rules(params: str, **kwargs: object) -> vk.RuleSet:
    """A rule file whose re-registration is ``attestation: {<params>}``."""
    return rules_for(f"{{id: eed, title: Ambtseed, attestation: {{{params}}}}}", **kwargs)  # type: ignore[arg-type]


ANY_TIME = att_rules("kinds: [ambtseed, belofte]")
WITHIN_3 = att_rules("kinds: [ambtseed, belofte], within_months_of_entry: 3")
IN_CYCLE = att_rules("kinds: [gedragscode], in_cycle: true")


def oath(on: str, kind: str = "ambtseed", ident: str = "x1") -> vk.Attestation:
    """An attestation of ``kind`` on ``on``."""
    return vk.Attestation(id=ident, kind=kind, on=on)


def test_any_listed_kind_counts() -> None:
    """An attestation of any listed kind meets the requirement; the detail names it."""
    r = root(ANY_TIME, person(attestations=[oath("2015-03-01", "belofte")]))
    assert r.met and r.detail["attestation"] == "x1" and r.detail["kind"] == "belofte"
    assert r.detail["date"] == date(2015, 3, 1)
    assert (r.required, r.actual, r.shortfall) == (None, None, None)


def test_other_kinds_and_future_attestations_do_not_count() -> None:
    """Another kind, or an attestation after the assessment date, does not count."""
    acts = [oath("2015-03-01", "gedragscode", "g"), oath("2024-06-01", "ambtseed", "late")]
    assert not root(ANY_TIME, person(attestations=acts)).met


def test_within_months_of_entry() -> None:
    """The oath must be taken within 3 months of entering service (the limit day included)."""
    p = person(entered_service="2019-11-30", attestations=[oath("2020-02-29")])
    r = root(WITHIN_3, p)
    assert r.met and r.detail["limit"] == date(2020, 2, 29)
    assert r.deadline == date(2020, 2, 29)


def test_too_late_is_reported() -> None:
    """An oath after the limit does not count and is reported as late."""
    p = person(entered_service="2019-11-30", attestations=[oath("2020-03-01")])
    r = root(WITHIN_3, p)
    assert not r.met
    assert r.detail["late"] == "x1" and r.detail["late_date"] == date(2020, 3, 1)
    text = assess(WITHIN_3, p).explain("nl")
    assert "te laat afgelegd (1 maart 2020)" in text


def test_deadline_of_a_time_limit_reads_as_last_allowed_day() -> None:
    """The limit is the last day allowed, so the text says 'uiterlijk', not 'vóór'."""
    p = person(entered_service="2019-11-30", attestations=[oath("2020-03-01")])
    text = assess(WITHIN_3, p).explain("nl")
    assert "uiterlijk 29 februari 2020" in text
    assert "vóór 29 februari 2020" not in text
    assert "by 29 February 2020" in assess(WITHIN_3, p).explain("en")


def test_too_late_in_english_uses_english_dates() -> None:
    """The English explanation of a late oath gives the date in English."""
    p = person(entered_service="2019-11-30", attestations=[oath("2020-03-01")])
    text = assess(WITHIN_3, p).explain("en")
    assert "taken too late (1 March 2020)" in text


def test_before_entry_does_not_count_for_the_time_limit() -> None:
    """With a time limit, an attestation before entering service does not count."""
    p = person(entered_service="2019-11-30", attestations=[oath("2019-11-29")])
    assert not root(WITHIN_3, p).met


def test_entry_date_from_first_employment() -> None:
    """Without entered_service the first employment start is the entry date."""
    job = vk.Employment(id="e", start="2019-11-30", hours_per_week=36)
    p = person(employments=[job], attestations=[oath("2020-02-15")])
    assert root(WITHIN_3, p).met


def test_time_limit_needs_an_entry_date() -> None:
    """Without any entry date the time limit cannot be judged: a DataError names the field."""
    with pytest.raises(vk.DataError) as info:
        root(WITHIN_3, person(attestations=[oath("2020-02-15")]))
    assert info.value.field == "entered_service"


def test_without_a_limit_the_deadline_reads_as_the_terms() -> None:
    """Without a time limit the deadline is the term's due date, the first day too late:
    'vóór', as the heading says, not 'uiterlijk' (which would allow that day)."""
    a = assess(IN_CYCLE, person())
    assert a.deadline is not None
    text = a.explain("nl")
    assert "geen gedragscode, vóór 1 januari 2024" in text
    assert "uiterlijk 1 januari 2024" not in text
    assert "deadline_inclusive" not in a.result.detail
    assert [s.deadline_inclusive for s in a.plan().steps] == [None]


def test_in_cycle() -> None:
    """With in_cycle only an attestation inside the running cycle counts."""
    assert not root(IN_CYCLE, person(attestations=[oath("2019-12-31", "gedragscode")])).met
    assert root(IN_CYCLE, person(attestations=[oath("2020-01-01", "gedragscode")])).met


def test_explanation_names_missing_kinds() -> None:
    """Without an attestation the explanation names the kinds asked for."""
    assert "geen ambtseed of belofte" in assess(ANY_TIME, person()).explain("nl")
    assert "no ambtseed or belofte" in assess(ANY_TIME, person()).explain("en")
    ok = assess(ANY_TIME, person(attestations=[oath("2015-03-01")]))
    assert "ambtseed op 1 maart 2015" in ok.explain("nl")
    assert "ambtseed on 1 March 2015" in ok.explain("en")


def test_unknown_kind_in_rules() -> None:
    """Attestation kinds are checked against the vocabulary of the file."""
    with pytest.raises(vk.RuleFileError, match="unknown attestation kind 'eed'"):
        att_rules("kinds: [eed]")


# -- properties ----------------------------------------------------------------------------------


KINDS = ("ambtseed", "belofte", "gedragscode")


@st.composite
def attestation_lists(draw: st.DrawFn) -> list[vk.Attestation]:
    """A few attestations of the file's kinds around the entry date."""
    return [vk.Attestation(id=f"x{i}", kind=draw(st.sampled_from(KINDS)),
                           on=draw(st.dates(date(2019, 6, 1), date(2024, 6, 1))))
            for i in range(draw(st.integers(0, 4)))]


ENTRY = date(2019, 11, 30)
LIMIT = date(2020, 2, 29)


@given(attestation_lists())
def test_met_iff_a_matching_attestation_is_in_time(atts: list[vk.Attestation]) -> None:
    """Met exactly when an oath or promise lies between entry and entry + 3 months."""
    r = root(WITHIN_3, person(entered_service=ENTRY, attestations=atts))
    ok = [a for a in atts if a.kind in ("ambtseed", "belofte") and ENTRY <= a.on <= LIMIT
          and a.on <= ON]
    assert r.met == bool(ok)
    if ok:
        first = min(ok, key=lambda a: (a.on, a.id))
        assert r.detail["attestation"] == first.id


@given(attestation_lists(), st.randoms(use_true_random=False))
def test_order_does_not_matter(atts: list[vk.Attestation],
                               rnd: st.SearchStrategy[object]) -> None:
    """Shuffling the attestations changes neither the outcome nor the one chosen."""
    shuffled = list(atts)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    a = root(WITHIN_3, person(entered_service=ENTRY, attestations=atts))
    b = root(WITHIN_3, person(entered_service=ENTRY, attestations=shuffled))
    assert (a.met, a.detail.get("attestation")) == (b.met, b.detail.get("attestation"))


PLAN = att_rules("kinds: [gedragscode], by: {from: cycle_start, months: 3}")
AFTER = att_rules("kinds: [gedragscode], by: {from: cycle_end, months: 1}")


def test_deadline_from_the_cycle_start() -> None:
    """``by: {from: cycle_start, months: 3}``: dated from the start and before start plus 3
    months ("vóór 1 april"); the day itself is too late."""
    assert root(PLAN, person(attestations=[oath("2020-03-31", "gedragscode")])).met
    late = root(PLAN, person(attestations=[oath("2020-04-01", "gedragscode")]))
    assert not late.met and late.detail["late"] == "x1"
    before = root(PLAN, person(attestations=[oath("2019-12-31", "gedragscode")]))
    assert not before.met


def test_deadline_after_the_cycle_end() -> None:
    """``by: {from: cycle_end, months: 1}``: an attestation in the month after the cycle
    (still judged while overdue) counts; one on the deadline itself is too late."""
    ok = person(attestations=[oath("2024-01-31", "gedragscode")])
    assert root(AFTER, ok, on="2024-02-05").met
    late = person(attestations=[oath("2024-02-01", "gedragscode")])
    assert not root(AFTER, late, on="2024-02-05").met


def test_by_is_read_from_yaml() -> None:
    """The ``by`` record builds the node's deadline fields; a bad anchor is a load error."""
    node = PLAN.versions[0].reregistration
    assert (node.by_from, node.by_months, node.by_days) == ("cycle_start", 3, 0)  # type: ignore[union-attr]
    with pytest.raises(vk.RuleFileError, match="cycle_start, cycle_end"):
        att_rules("kinds: [gedragscode], by: {from: due}")


AT_MOST_6 = att_rules("kinds: [gedragscode], max_age_months: 6")


def test_max_age_counts_a_document_up_to_that_age() -> None:
    """A document exactly 6 months old on the assessment date counts; one a day older not."""
    fresh = root(AT_MOST_6, person(attestations=[oath("2023-07-01", "gedragscode")]))
    assert fresh.met
    stale = root(AT_MOST_6, person(attestations=[oath("2023-06-30", "gedragscode")]))
    assert not stale.met and stale.detail["stale_date"] == date(2023, 6, 30)
    text = assess(AT_MOST_6, person(attestations=[oath("2023-06-30", "gedragscode")]))
    assert "te oud (30 juni 2023; hoogstens 6 maanden)" in text.explain("nl")


def test_max_age_plan_asks_for_a_fresh_document() -> None:
    """The plan dates the document so that it is young enough on the horizon."""
    a = assess(AT_MOST_6, person(attestations=[oath("2021-01-01", "gedragscode")]), on="2022-01-01")
    plan = a.plan()
    assert plan.verified and all(x.on >= date(2023, 7, 1) for x in plan.attestations)


def test_judged_later_the_same_unless_an_attestation_falls_between_or_can_grow_stale() -> None:
    """A completion plan may reuse the tree judged on the assessment date only when no
    attestation is dated between it and the later date and none can grow stale."""
    node = att_rules("kinds: [ambtseed]").version_at(ON).requirement("reregistration")
    stale = att_rules("kinds: [ambtseed], max_age_months: 12").version_at(ON)
    early, late = date(2022, 1, 1), date(2022, 6, 1)
    rule = next(r for r in node.walk() if r.key == "attestation")
    assert rule.same_judged_later(person([], attestations=[oath("2021-05-01")]), early, late)
    assert not rule.same_judged_later(person([], attestations=[oath("2022-03-01")]),
                                      early, late)
    assert not all(rule.same_judged_later(person([]), early, late)
                   for rule in stale.requirement("reregistration").walk())


COUNTS_FROM = att_rules("kinds: [gedragscode], by: {from: cycle_end, months: 1, "
                        "counts_from: {from: cycle_start, months: 1}}", years=1)


def test_counts_from_moves_the_first_day_that_counts() -> None:
    """With ``counts_from`` a month after the term's start, a statement given in the term's
    first month (about the year before) does not count; one from that day on does, and so
    does one in the month after the term, as before."""
    from test_population import assert_agree

    def judged(day: str, on: str = "2020-12-31") -> bool:
        return root(COUNTS_FROM, person(attestations=[oath(day, "gedragscode")]), on=on).met

    assert not judged("2020-01-31")
    assert judged("2020-02-01")
    assert judged("2020-12-28")
    assert judged("2021-01-31", on="2021-01-31")
    people = [person(attestations=[oath(day, "gedragscode")], ident=f"p{i}")
              for i, day in enumerate(["2020-01-31", "2020-02-01", "2020-12-28"])]
    assert_agree(COUNTS_FROM, people, date(2020, 12, 31))


@given(st.dates(date(2020, 1, 1), date(2026, 12, 31)))
def test_yearly_terms_count_an_attestation_once(day: date) -> None:
    """With yearly terms, a deadline a month after each term and the first day counted a
    month after its start (the previous deadline), no attestation counts for two terms."""
    node = COUNTS_FROM.versions[0].reregistration
    assert node is not None
    policy = COUNTS_FROM.date_policy
    counted = []
    for year in range(2019, 2028):
        term = vk.Window(date(year, 1, 1), date(year, 12, 31), end_inclusive=True)
        first, due = node.earliest_in(term, policy), node.deadline_in(term, policy)  # type: ignore[attr-defined]
        assert due is not None
        if first <= day < due:
            counted.append(year)
    assert len(counted) == 1


def test_counts_from_is_checked_against_the_deadline() -> None:
    """A first day not before the deadline (from the same point) is a located load error;
    unknown keys in it are errors too."""
    with pytest.raises(vk.RuleFileError, match="counts_from must be before the deadline"):
        att_rules("kinds: [gedragscode], by: {from: cycle_end, months: 1, "
                  "counts_from: {from: cycle_end, months: 1}}")
    with pytest.raises(vk.RuleFileError, match="untill"):
        att_rules("kinds: [gedragscode], by: {from: cycle_end, months: 1, "
                  "counts_from: {from: cycle_start, untill: 3}}")
    node = COUNTS_FROM.versions[0].reregistration
    assert (node.counts_from, node.counts_months, node.counts_days) == (  # type: ignore[union-attr]
        "cycle_start", 1, 0)


def test_a_plan_dates_the_attestation_from_the_first_day_it_counts() -> None:
    """Assessed in the term's first month, the plan dates the missing statement on the first
    day it counts for this term (not today, which would count for the term before), and
    the plan verifies."""
    a = assess(COUNTS_FROM, person(), on="2020-01-10")
    plan = a.plan()
    assert [att.on for att in plan.attestations] == [date(2020, 2, 1)]
    assert plan.verified
