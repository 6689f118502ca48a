"""The registration lifecycle: term settings, cycles, the status timeline, the letter and the
``timeline`` command (issue 3). Register-specific behaviour is in the scenario files
``rules/scenarios/lifecycle-*.yaml``; these tests cover the mechanics on small inline rule
files and prove the timeline's properties on random histories."""

from __future__ import annotations

import itertools
import json
import textwrap
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import vakmanschap as vk
from helpers import VOCABULARY, block
from vakmanschap.cli import main
from vakmanschap.engine.cycles import cycles, deferral, next_cycle, open_cycle
from vakmanschap.lifecycle.timeline import STATUSES, StatusSegment, timeline, timeline_to_dict
from vakmanschap.rules.term_settings import (
    ApplicationSpec,
    DeferralSpec,
    Duration,
    EarlySpec,
    LateSpec,
)
from vakmanschap.text.letter import render_letter

DATA = Path(vk.__file__).parent / "data"

TOTAL = "{id: totaal, title: Totaal, total: {min: 40}}"


def lifecycle_rules(cycle: str = "", *, requirement: str = TOTAL, years: int = 4,
                    date_policy: str = "", version_extra: str = "",
                    more_versions: str = "") -> vk.RuleSet:
    """A one-version rule file whose ``cycle`` record gets the extra YAML ``cycle``."""
    head = VOCABULARY % {"unit": "hours",
                         "date_policy": f"date_policy: {date_policy}\n" if date_policy else ""}
    extra = textwrap.dedent(cycle).strip()
    cycle_block = f"years: {years}\n" + (extra + "\n" if extra else "")
    text = (head + "versions:\n  - id: v1\n    title: Versie 1\n    valid_from: 2000-01-01\n"
            "    source: Reglement 2000\n    cycle:\n" + block(cycle_block, 6) + "\n"
            f"    reregistration: {requirement}\n")
    if version_extra:
        text += block(version_extra, 4) + "\n"
    if more_versions:
        text += block(more_versions, 2) + "\n"
    return vk.parse_rules(text, "test.yaml")


def ev(ident: str, kind: str, on: str, **kwargs: Any) -> vk.RegisterEvent:
    """A register event."""
    return vk.RegisterEvent(id=ident, kind=kind, on=on, **kwargs)


def who(*events: vk.RegisterEvent, **kwargs: Any) -> vk.Professional:
    """A professional with these events."""
    return vk.Professional(id="p1", events=events, **kwargs)


def shape(segments: list[StatusSegment]) -> list[tuple[str, str, str]]:
    """(status, start, end) of each segment, as ISO dates."""
    return [(s.status, s.start.isoformat(), s.end.isoformat()) for s in segments]


# -- settings -----------------------------------------------------------------------------


def test_defaults_when_a_rule_file_is_silent() -> None:
    """A cycle without lifecycle keys gets the documented defaults."""
    spec = lifecycle_rules().versions[0].cycle
    assert spec.next_due == "from_decision"
    assert spec.early == EarlySpec(None, "next_due")
    assert spec.application == ApplicationSpec(False, 1, True)
    assert spec.late == LateSpec(None, "verlopen")
    assert spec.deferral == DeferralSpec(True, None, "term", True)
    assert lifecycle_rules().versions[0].reentry == "registration"


def test_every_setting_is_read() -> None:
    """Each lifecycle key of the cycle record reaches the CycleSpec."""
    rules = lifecycle_rules("""
        next_due: from_term_end
        early: {after: {years: 3}, start: choice}
        application: {required: true, days_before_due: 2, pending_keeps_registration: false}
        late: {grace: {months: 6, days: 1}, then: doorgehaald}
        deferral: {allowed: true, max: {weeks: 16}, per: pregnancy, moves_anchor: false}
        """, version_extra="reentry: reregistration")
    spec = rules.versions[0].cycle
    assert spec.next_due == "from_term_end"
    assert spec.early == EarlySpec(Duration(years=3), "choice")
    assert spec.application == ApplicationSpec(True, 2, False)
    assert spec.late == LateSpec(Duration(months=6, days=1), "doorgehaald")
    assert spec.deferral == DeferralSpec(True, Duration(weeks=16), "pregnancy", False)
    assert rules.versions[0].reentry == "reregistration"


@pytest.mark.parametrize(("cycle", "message"), [
    ("late: {then: weg}", "unknown value 'weg'; allowed: verlopen, doorgehaald"),
    ("deferral: {max: {}}", "a duration needs at least one of years, months, weeks, days"),
    ("early: {start: later}", "allowed: next_due, immediate, regular, choice"),
    ("application: {days_before_due: -1}", "must be >= 0"),
    ("next_due: from_the_moon", "from_application, from_term_end"),
    ("late: {grace: {months: 6}, then: verlopen, extra: 1}", "unknown key 'extra'"),
])
def test_bad_settings_are_located_problems(cycle: str, message: str) -> None:
    """A wrong lifecycle setting is a rule-file problem with file, line and key path."""
    with pytest.raises(vk.RuleFileError) as caught:
        lifecycle_rules(cycle)
    text = str(caught.value)
    assert message in text
    assert "test.yaml:" in text and "$.versions[0].cycle" in text


def test_json_schema_lists_the_lifecycle_keys() -> None:
    """The JSON Schema of rule files documents the new cycle keys and re-entry."""
    from vakmanschap.engine.rulefile.file_schema import rule_file_json_schema

    text = json.dumps(rule_file_json_schema())
    for key in ("early", "application", "late", "deferral", "reentry", "from_term_end",
                "pending_keeps_registration", "moves_anchor"):
        assert key in text


def test_duration_arithmetic_and_text() -> None:
    """A duration adds years, months, then weeks and days, and reads in Dutch and English."""
    policy = vk.DatePolicy()
    assert Duration(weeks=16).add_to(date(2021, 3, 1), policy) == date(2021, 6, 21)
    assert Duration(weeks=16).add_to(date(2021, 3, 1), policy, times=2) == date(2021, 10, 11)
    assert Duration(years=1).subtract_from(date(2024, 2, 29), policy) == date(2023, 2, 28)
    assert Duration(months=6).text("nl") == "6 maanden"
    assert Duration(years=1, weeks=2).text("en") == "1 year and 2 weeks"


# -- cycles -------------------------------------------------------------------------------


def _previous(rules: vk.RuleSet, start: str = "2020-01-01") -> Any:
    return open_cycle(rules, date.fromisoformat(start), date.fromisoformat(start), None)


@pytest.mark.parametrize(("next_due", "decided", "applied", "start"), [
    ("from_decision", "2023-06-01", "2023-03-01", "2023-06-01"),
    ("from_application", "2023-06-01", "2023-03-01", "2023-03-01"),
    ("from_application", "2023-06-01", None, "2023-06-01"),
    ("from_term_end", "2023-06-01", None, "2024-01-01"),
    ("from_previous_due", "2024-05-01", None, "2024-01-01"),
    ("from_decision", "2024-05-01", None, "2024-05-01"),
])
def test_next_term_start(next_due: str, decided: str, applied: str | None, start: str) -> None:
    """The next term starts on the decision, filing date, day after the term, or old due."""
    rules = lifecycle_rules(f"next_due: {next_due}")
    nxt = next_cycle(rules, _previous(rules), date.fromisoformat(decided), None,
                     date.fromisoformat(applied) if applied else None)
    assert nxt.start == date.fromisoformat(start)
    assert nxt.due == date(nxt.start.year + 4, nxt.start.month, nxt.start.day)


def test_term_end_with_an_inclusive_window_is_the_day_after_the_due_date() -> None:
    """With ``window_end: inclusive`` the term's last day is the due date itself."""
    rules = lifecycle_rules("next_due: from_term_end",
                            date_policy="{month_end: clamp, window_end: inclusive}")
    nxt = next_cycle(rules, _previous(rules), date(2023, 6, 1), None)
    assert nxt.start == date(2024, 1, 2)


@pytest.mark.parametrize(("start_setting", "until", "expected"), [
    ("immediate", None, "2023-06-01"),
    ("regular", None, "2024-01-01"),
    ("choice", None, "2024-01-01"),
    ("choice", "2027-06-01", "2023-06-01"),
])
def test_early_start(start_setting: str, until: str | None, expected: str) -> None:
    """An early decision starts the next term at once, at the regular date, or as chosen."""
    rules = lifecycle_rules(f"next_due: from_previous_due\nearly: {{start: {start_setting}}}")
    nxt = next_cycle(rules, _previous(rules), date(2023, 6, 1), None, None,
                     date.fromisoformat(until) if until else None)
    assert nxt.start == date.fromisoformat(expected)


def test_a_decision_that_states_its_end_is_authoritative() -> None:
    """``until`` on a decision sets the due date; the term counts back from it."""
    rules = lifecycle_rules()
    found = cycles(who(ev("r", "registered", "2020-03-01", until="2024-01-15")), rules,
                   date(2025, 1, 1))
    assert (found[0].start, found[0].due) == (date(2020, 1, 15), date(2024, 1, 15))


def test_deferral_rules() -> None:
    """A grant counts only when allowed, asked in time and within the maximum."""
    rules = lifecycle_rules("deferral: {max: {months: 6}}")
    cycle = _previous(rules)
    grant = ev("g", "deferral_granted", "2023-12-01", until="2025-01-01")
    late = ev("q", "deferral_requested", "2024-01-01")
    capped = deferral(rules, who(), cycle, [grant])
    assert (capped.due, capped.capped, capped.granted) == (date(2024, 7, 1), True, grant)
    refused = deferral(rules, who(), cycle, [late, attr_on(grant, "2024-01-02")])
    assert refused.due == date(2024, 1, 1) and refused.refused[0][1] == "late_request"
    closed = lifecycle_rules("deferral: {allowed: false}")
    assert deferral(closed, who(), _previous(closed), [grant]).refused[0][1] == "not_allowed"


def test_deferral_possible_only_until_a_date() -> None:
    """``requested_until`` closes deferral for requests after that date, not before it."""
    rules = lifecycle_rules("deferral: {requested_until: 2022-12-31}")
    cycle = _previous(rules)
    grant = ev("g", "deferral_granted", "2023-12-01", until="2024-06-01")
    after = deferral(rules, who(), cycle, [grant])
    assert after.due == date(2024, 1, 1) and after.refused[0][1] == "closed"
    asked = ev("q", "deferral_requested", "2022-12-31")
    before = deferral(rules, who(), cycle, [asked, grant])
    assert before.due == date(2024, 6, 1) and before.granted == grant
    assert rules.versions[0].cycle.deferral.requested_until == date(2022, 12, 31)

@pytest.mark.parametrize(("span", "due"), [
    ("due_from: 2020-03-01, due_until: 2023-12-31", date(2024, 1, 1)),
    ("due_from: 2024-01-02", date(2024, 1, 1)),
    ("due_from: 2020-03-01, due_until: 2024-01-01", date(2024, 7, 1)),
    ("due_until: 2024-01-01", date(2024, 7, 1)),
])
def test_deferral_only_for_terms_due_in_a_span(span: str, due: date) -> None:
    """With due_from/due_until a grant has effect only for a term regularly due in the span."""
    rules = lifecycle_rules(f"deferral: {{max: {{months: 6}}, {span}}}")
    grant = ev("g", "deferral_granted", "2023-12-01", until="2024-07-01")
    outcome = deferral(rules, who(), _previous(rules), [grant])
    assert outcome.due == due
    if due == date(2024, 1, 1):
        assert outcome.refused[0][1] == "outside_dates"


def attr_on(event: vk.RegisterEvent, on: str) -> vk.RegisterEvent:
    """The same event on another date."""
    return vk.RegisterEvent(id=event.id, kind=event.kind, on=on, until=event.until)


def test_deferral_per_pregnancy() -> None:
    """``per: pregnancy`` multiplies the maximum by the pregnancy leaves in the term."""
    rules = lifecycle_rules("deferral: {max: {weeks: 16}, per: pregnancy}")
    grant = [ev("g", "deferral_granted", "2023-12-01", until="2025-01-01")]
    none = deferral(rules, who(), _previous(rules), grant)
    assert none.due == date(2024, 1, 1) and none.refused[0][1] == "no_room"
    two = who(leaves=[vk.Leave(id="l1", start="2021-01-01", end="2021-04-01",
                               kind="pregnancy"),
                      vk.Leave(id="l2", start="2022-01-01", end="2022-04-01",
                               kind="pregnancy")])
    assert deferral(rules, two, _previous(rules), grant).due == date(2024, 8, 12)  # + 224 days


def test_assessment_counts_activities_in_a_granted_deferral() -> None:
    """A granted deferral moves the due date of the cycle that ``assess`` judges."""
    rules = lifecycle_rules()
    person = who(ev("r", "registered", "2020-01-01"),
                 ev("g", "deferral_granted", "2023-10-01", until="2024-07-01"),
                 activities=[vk.Activity(id="a", on="2024-03-01", category="formeel",
                                         hours=40, accredited=True)])
    assessment = rules.assess(person, "2024-04-01")
    assert assessment.deadline == date(2024, 7, 1) and assessment.met


# -- the timeline -------------------------------------------------------------------------


def test_no_events_no_segments() -> None:
    """Without a status-giving event the timeline is empty."""
    assert lifecycle_rules().timeline(who(), "2030-01-01") == []


def test_enrolled_only() -> None:
    """An enrolment alone gives one segment ``ingeschreven`` up to ``until``."""
    segments = lifecycle_rules().timeline(who(ev("e", "enrolled", "2019-05-01")), "2020-01-01")
    assert shape(segments) == [("ingeschreven", "2019-05-01", "2020-01-01")]


def test_events_on_or_after_until_are_ignored() -> None:
    """``until`` is exclusive: an event on that day does not count."""
    person = who(ev("r", "registered", "2020-01-01"), ev("s", "struck_off", "2021-01-01"))
    assert shape(lifecycle_rules().timeline(person, "2021-01-01")) == [
        ("geregistreerd", "2020-01-01", "2021-01-01")]


def test_until_must_come_after_a_decision() -> None:
    """A decision whose stated end is on its own date is a data error."""
    with pytest.raises(vk.DataError, match="must be after the decision"):
        lifecycle_rules().timeline(who(ev("r", "registered", "2020-01-01", until="2020-01-01")),
                                   "2025-01-01")


def test_automatic_assessment_at_the_due_date() -> None:
    """Without a required application, a term that passes on its last day re-registers."""
    rules = lifecycle_rules("next_due: from_previous_due")
    person = who(ev("r", "registered", "2020-01-01"),
                 activities=[vk.Activity(id="a", on="2023-12-31", category="formeel",
                                         hours=40, accredited=True)])
    segments = rules.timeline(person, "2028-06-01")
    assert shape(segments) == [("geregistreerd", "2020-01-01", "2024-01-01"),
                               ("geherregistreerd", "2024-01-01", "2028-01-01"),
                               ("verlopen", "2028-01-01", "2028-06-01")]
    assert segments[1].reason == "assessed_at_due" and segments[1].assessment is not None
    assert segments[1].assessment.met and segments[2].reason == "not_met_at_due"
    assert segments[1].decided_by is segments[1].assessment


def test_required_application_without_one_lapses_even_when_met() -> None:
    """With ``application.required`` the requirements alone do not re-register anyone."""
    rules = lifecycle_rules("application: {required: true}\nlate: {then: doorgehaald}")
    person = who(ev("r", "registered", "2020-01-01"),
                 activities=[vk.Activity(id="a", on="2021-01-01", category="formeel",
                                         hours=40, accredited=True)])
    assert shape(rules.timeline(person, "2025-01-01"))[-1] == (
        "doorgehaald", "2024-01-01", "2025-01-01")


def test_pending_application_can_lapse_when_the_rules_say_so() -> None:
    """``pending_keeps_registration: false``: the late path starts at the due date."""
    rules = lifecycle_rules("application: {required: true, pending_keeps_registration: false}"
                            "\nlate: {grace: {months: 3}}")
    person = who(ev("r", "registered", "2020-01-01"), ev("a", "reregistration_applied",
                                                         "2023-11-01"),
                 ev("h", "reregistered", "2024-02-01"))
    assert shape(rules.timeline(person, "2025-01-01")) == [
        ("geregistreerd", "2020-01-01", "2024-01-01"),
        ("onder_voorwaarden", "2024-01-01", "2024-02-01"),
        ("geherregistreerd", "2024-02-01", "2025-01-01")]


def test_a_decision_after_the_grace_period_continues_the_decided_terms() -> None:
    """A re-registration decided after the registration lapsed keeps the decided dates."""
    rules = lifecycle_rules("next_due: from_previous_due\napplication: {required: true}\n"
                            "late: {grace: {months: 6}}")
    person = who(ev("r", "registered", "2020-01-01"), ev("h", "reregistered", "2025-01-01"))
    segments = rules.timeline(person, "2026-01-01")
    assert shape(segments) == [("geregistreerd", "2020-01-01", "2024-01-01"),
                               ("onder_voorwaarden", "2024-01-01", "2024-07-01"),
                               ("verlopen", "2024-07-01", "2025-01-01"),
                               ("geherregistreerd", "2025-01-01", "2026-01-01")]
    assert segments[-1].due == cycles(person, rules, date(2026, 1, 1))[-1].due == date(2028, 1, 1)


def test_a_term_decided_after_its_own_due_date_ends_at_once() -> None:
    """A very late decision anchored on an old due date cannot make segments overlap."""
    rules = lifecycle_rules("next_due: from_previous_due\napplication: {required: true}")
    person = who(ev("r", "registered", "2010-01-01"), ev("h", "reregistered", "2019-06-01"))
    segments = rules.timeline(person, "2020-01-01")
    assert shape(segments) == [("geregistreerd", "2010-01-01", "2014-01-01"),
                               ("verlopen", "2014-01-01", "2019-06-01"),
                               ("verlopen", "2019-06-01", "2020-01-01")]
    _assert_contiguous(segments, date(2020, 1, 1))


def test_transitional_law_governs_the_end_of_a_running_term() -> None:
    """A later version with ``judge_running_cycles`` judges the running term and its end."""
    rules = lifecycle_rules("application: {required: true}", more_versions="""
        - id: v2
          title: Versie 2
          valid_from: 2022-01-01
          source: Reglement 2022
          judge_running_cycles: true
          cycle: {years: 5, application: {required: true}, late: {grace: {months: 6}}}
          reregistration: {id: totaal, title: Totaal, total: {min: 80}}
        """)
    segments = rules.timeline(who(ev("r", "registered", "2020-01-01")), "2025-01-01")
    assert shape(segments) == [("geregistreerd", "2020-01-01", "2024-01-01"),
                               ("onder_voorwaarden", "2024-01-01", "2024-07-01"),
                               ("verlopen", "2024-07-01", "2025-01-01")]
    assert segments[0].version == "v2"
    assessment = rules.assess(who(ev("r", "registered", "2020-01-01")), "2023-06-01")
    assert (assessment.version, assessment.deadline) == ("v2", date(2024, 1, 1))


def test_reentry_by_registration_criteria() -> None:
    """After the registration ended, an application meeting the registration route re-enters."""
    rules = lifecycle_rules(version_extra="""
        registration:
          levels:
            - level: n1
              requires:
                {id: master, title: Master, source: Reglement, qualification: {kinds: [master]}}
        """)
    person = who(ev("r", "registered", "2015-01-01", level="n1"),
                 ev("d", "deregistered", "2016-01-01"),
                 ev("a", "reregistration_applied", "2018-01-01"),
                 qualifications=[vk.Qualification(id="q", kind="master",
                                                  awarded_on="2014-06-01")])
    segments = rules.timeline(person, "2019-01-01")
    assert shape(segments) == [("geregistreerd", "2015-01-01", "2016-01-01"),
                               ("uitgeschreven", "2016-01-01", "2018-01-01"),
                               ("herintreding", "2018-01-01", "2019-01-01")]
    assert segments[-1].level == "n1" and segments[-1].reason == "reentry_met"


def test_segment_to_dict_and_timeline_json() -> None:
    """Segments and the timeline have a JSON form with texts in both languages."""
    rules = lifecycle_rules("application: {required: true}")
    person = who(ev("r", "registered", "2020-01-01"))
    segments = rules.timeline(person, "2025-01-01")
    data = timeline_to_dict(rules, person, date(2025, 1, 1), segments)
    assert data["schema"] == "vakmanschap.timeline/1"
    first, last = data["segments"]
    assert first["event"] == {"id": "r", "kind": "registered", "on": "2020-01-01"}
    assert first["term"] == {"start": "2020-01-01", "end": "2024-01-01", "end_inclusive": False}
    assert last["status_text"] == {"nl": "herregistratie verlopen", "en": "re-registration lapsed"}
    json.dumps(data)


def test_every_status_has_a_glossary_entry() -> None:
    """Each status name is explained in docs/glossary.md."""
    glossary = (Path(__file__).parents[1] / "docs" / "glossary.md").read_text(encoding="utf-8")
    for status in STATUSES:
        assert f"`{status}`" in glossary


# -- properties ---------------------------------------------------------------------------

EXAMPLES = ["lifecycle-skj", "lifecycle-nip", "lifecycle-kp", "lifecycle-nrgd",
            "lifecycle-skgv"]
RULESETS = {name: vk.load_rules(DATA / "examples" / f"{name}.yaml") for name in EXAMPLES}
RULESETS.update({name: vk.builtin_rules(name) for name in ("srpo", "big", "rijksambtenaar")})

KINDS = ["enrolled", "registered", "reregistration_applied", "reregistered",
         "deferral_requested", "deferral_granted", "deregistered", "struck_off"]
FIRST = date(2014, 1, 1)
UNTIL = date(2040, 1, 1)


@st.composite
def histories(draw: st.DrawFn, rules: vk.RuleSet, *, decisions_only: bool = False
              ) -> vk.Professional:
    """A professional with a random register history, work and activities for ``rules``."""
    first = max(FIRST, rules.versions[0].valid_from)
    start = first + timedelta(days=draw(st.integers(0, 1500)))
    events = [vk.RegisterEvent(id="e0", kind="registered", on=start,
                               level=next(iter(rules.levels), None))]
    kinds = ["reregistered", "deregistered", "struck_off", "registered"] if decisions_only \
        else KINDS
    day = start
    for index in range(1, draw(st.integers(0, 8)) + 1):
        day += timedelta(days=draw(st.integers(0, 1400)))
        kind = draw(st.sampled_from(kinds))
        until = None
        if kind == "deferral_granted":
            until = day + timedelta(days=draw(st.integers(1, 900)))
        elif kind == "reregistered" and draw(st.booleans()) and not decisions_only:
            until = day + timedelta(days=draw(st.integers(300, 2500)))
        events.append(vk.RegisterEvent(id=f"e{index}", kind=kind, on=day, until=until))
    categories = sorted(rules.categories)
    activities = [vk.Activity(id=f"a{i}", on=start + timedelta(days=draw(st.integers(0, 5000))),
                              category=draw(st.sampled_from(categories)),
                              accredited=draw(st.booleans()),
                              **{rules.unit: draw(st.integers(1, 80))})
                  for i in range(draw(st.integers(0, 8)))]
    roles = sorted(rules.roles) or [None]
    jobs = [vk.Employment(id=f"w{i}", start=start + timedelta(days=draw(st.integers(-400, 3000))),
                          hours_per_week=draw(st.integers(0, 40)),
                          role=draw(st.sampled_from(roles)))
            for i in range(draw(st.integers(0, 2)))]
    leaves = [vk.Leave(id=f"l{i}", start=(s := start + timedelta(days=draw(st.integers(0, 3000)))),
                       end=s + timedelta(days=draw(st.integers(0, 200))),
                       kind=draw(st.sampled_from(["pregnancy", "illness"])))
              for i in range(draw(st.integers(0, 2)))]
    return vk.Professional(id="p", events=events, activities=activities, employments=jobs,
                           leaves=leaves, entered_service=start - timedelta(days=30))


def _assert_contiguous(segments: list[StatusSegment], until: date) -> None:
    for before, after in itertools.pairwise(segments):
        assert before.end == after.start, (before, after)
    for segment in segments:
        assert segment.start < segment.end
        assert segment.status in STATUSES
    if segments:
        assert segments[-1].end == until


@st.composite
def rules_and_person(draw: st.DrawFn, decisions_only: bool = False
                     ) -> tuple[vk.RuleSet, vk.Professional]:
    """A rule set (shipped or lifecycle example) and a random history for it."""
    rules = RULESETS[draw(st.sampled_from(sorted(RULESETS)))]
    return rules, draw(histories(rules, decisions_only=decisions_only))


@given(rules_and_person())
def test_segments_never_overlap_and_leave_no_gap(case: tuple[vk.RuleSet, vk.Professional]
                                                 ) -> None:
    """From the first status to ``until`` the segments follow each other without gap."""
    rules, person = case
    segments = rules.timeline(person, UNTIL)
    _assert_contiguous(segments, UNTIL)
    first_status = min(e.on for e in person.events
                       if e.kind.value in ("enrolled", "registered", "reregistered",
                                           "deregistered", "struck_off"))
    assert segments[0].start == first_status


@given(rules_and_person(), st.randoms(use_true_random=False))
def test_timeline_does_not_depend_on_record_order(case: tuple[vk.RuleSet, vk.Professional],
                                                  rnd: Any) -> None:
    """Shuffling events, activities, employments and leaves gives the same timeline."""
    rules, person = case

    def shuffled(items: tuple[Any, ...]) -> list[Any]:
        out = list(items)
        rnd.shuffle(out)
        return out

    other = vk.Professional(id="p", events=shuffled(person.events),
                            activities=shuffled(person.activities),
                            employments=shuffled(person.employments),
                            leaves=shuffled(person.leaves),
                            entered_service=person.entered_service)
    one = rules.timeline(person, UNTIL)
    two = rules.timeline(other, UNTIL)
    assert one == two
    dicts = [timeline_to_dict(rules, p, UNTIL, s)["segments"] for p, s in ((person, one),
                                                                        (other, two))]
    assert dicts[0] == dicts[1]


@given(rules_and_person(decisions_only=True))
def test_decided_terms_agree_with_cycles(case: tuple[vk.RuleSet, vk.Professional]) -> None:
    """For decisions only, each decided term of the timeline is the cycle cycles.py gives."""
    rules, person = case
    segments = rules.timeline(person, UNTIL)
    decided = {s.start: s.term for s in segments
               if s.reason in ("registered", "reregistered") and s.term is not None}
    # The last cycle decided on each day (a segment of zero days is not in the timeline).
    found = {c.decided_on: c.window for c in cycles(person, rules, UNTIL - timedelta(days=1))}
    for day, term in decided.items():
        assert found[day] == term


# -- letter and command line --------------------------------------------------------------


def _srpo_person() -> vk.Professional:
    return who(ev("r1", "registered", "2015-03-01", level="niveau-2"),
               ev("h1", "reregistered", "2019-06-10"))


def test_letter_reads_as_a_letter_in_dutch_and_english() -> None:
    """The letter names each period, its status, its grounds and the next due date."""
    rules = vk.builtin_rules("srpo")
    person = _srpo_person()
    segments = rules.timeline(person, "2020-01-01")
    nl = render_letter(rules, person, date(2020, 1, 1), segments, "nl")
    assert nl.startswith("Schoolleidersregister PO\nOverzicht van uw registratie\n")
    assert "Geachte heer, mevrouw," in nl and "Met vriendelijke groet," in nl
    assert ("Van 1 maart 2019 tot 10 juni 2019: onder voorwaarden als RDO niveau 2 "
            "(vakbekwaam).\n"
            "  Grond: geen herregistratie of uitstel aangevraagd op tijd (regelversie "
            "thema-2014). U kunt de herregistratie nog aanvragen vóór 1 september 2019.") in nl
    assert "Vanaf 10 juni 2019: geherregistreerd als RDO niveau 2 (vakbekwaam)." in nl
    assert "Herregistratie vóór 1 maart 2023." in nl
    en = render_letter(rules, person, date(2020, 1, 1), segments, "en")
    assert "From 10 June 2019: re-registered as RDO level 2" in en
    assert render_letter(rules, person, date(2020, 1, 1), segments, "nl") == nl


_LEGS = ("[{id: a, title: Formeel A, total: {min: 40}}, "
         "{id: b, title: Totaal B, total: {min: 20}}]")


@pytest.mark.parametrize(("root", "missing"), [
    ("all_of: " + _LEGS, " (niet voldaan: Formeel A, Totaal B)"),
    ("at_least: {k: 2, of: " + _LEGS + "}", " (niet voldaan: Formeel A, Totaal B)"),
    ("any_of: [{id: a, title: Formeel A, total: {min: 40}}]", " (niet voldaan: Formeel A)"),
    ("at_least: {k: 1, of: " + _LEGS + "}", ""),
    ("any_of: " + _LEGS, ""),
    ("total: {min: 40}", ""),
])
def test_letter_names_what_is_missing_when_every_requirement_is_needed(root: str,
                                                                        missing: str) -> None:
    """The grounds list the unmet requirements when the root needs all of them, whatever
    its kind (at_least k of k too), and not for alternative routes."""
    rules = lifecycle_rules("next_due: from_previous_due",
                            requirement="{id: wortel, title: Wortel, " + root + "}")
    person = who(ev("r", "registered", "2020-01-01"))
    segments = rules.timeline(person, "2025-01-01")
    letter = render_letter(rules, person, date(2025, 1, 1), segments, "nl")
    assert ("Grond: aan het einde van de periode voldeed u niet aan de eisen"
            f"{missing} (regelversie v1).") in letter


def test_letter_without_segments() -> None:
    """Someone the register does not know gets a short letter saying so."""
    rules = vk.builtin_rules("srpo")
    text = render_letter(rules, who(), date(2020, 1, 1), [], "nl")
    assert "geen inschrijving of registratie op uw naam" in text


def test_timeline_command_text_and_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                        ) -> None:
    """``vakmanschap timeline`` prints the letter, or the timeline as JSON; exit 0."""
    person_file = tmp_path / "p.yaml"
    person_file.write_text("id: p1\nevents:\n"
                           "  - {id: r1, kind: registered, on: 2015-03-01, level: niveau-2}\n",
                           encoding="utf-8")
    assert main(["timeline", str(person_file), "--rules", "srpo", "--until", "2020-01-01"]) == 0
    out = capsys.readouterr().out
    assert "Vanaf 1 september 2019: herregistratie verlopen." in out
    assert "Dan gelden de eisen voor registratie (herintreding)." in out
    assert main(["timeline", str(person_file), "--rules", "srpo", "--until", "2020-01-01",
                 "--format", "json", "--lang", "en"]) == 0
    [data] = json.loads(capsys.readouterr().out)
    assert [s["status"] for s in data["segments"]] == ["geregistreerd", "onder_voorwaarden",
                                                       "verlopen"]


def test_timeline_command_bad_date_is_exit_2(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    """A malformed ``--until`` is an input error: one line on stderr, exit 2."""
    person_file = tmp_path / "p.yaml"
    person_file.write_text("id: p1\n", encoding="utf-8")
    assert main(["timeline", str(person_file), "--rules", "srpo", "--until", "2020-13-01"]) == 2
    assert "--until" in capsys.readouterr().err


def test_maatregel_keeps_the_registration_and_starts_the_next_term() -> None:
    """``late.then: maatregel``: an unmet term does not end the registration; status
    ``niet_voldaan`` for the next term, with the measure noted."""
    rules = lifecycle_rules("late: {then: maatregel, measure: klacht}", years=1)
    segments = rules.timeline(who(ev("r", "registered", "2020-01-01")), "2022-06-01")
    assert shape(segments) == [("geregistreerd", "2020-01-01", "2021-01-01"),
                               ("niet_voldaan", "2021-01-01", "2022-01-01"),
                               ("niet_voldaan", "2022-01-01", "2022-06-01")]
    assert [n.code for n in segments[1].notes] == ["measure"]
    assert segments[1].notes[0].arg == "klacht"


@given(rules_and_person(), st.integers(0, 3000))
def test_an_assessment_s_standing_is_the_rule_set_s(case: tuple[vk.RuleSet, vk.Professional],
                                                     days: int) -> None:
    """Property: the status an assessment derives (its timeline not checking the names the
    assessment checked already) is the one ``RuleSet.standing`` derives with the check."""
    rules, person = case
    on = date(2012, 1, 1) + timedelta(days=days)
    try:
        assessed = rules.assess(person, on)
    except vk.RuleError:
        return  # no requirement group applies on that day: nothing to compare
    assert assessed.standing == rules.standing(person, on)


def test_only_an_assessment_s_own_timeline_skips_the_name_check() -> None:
    """``RuleSet.standing`` and ``RuleSet.timeline`` still refuse a name the register lacks;
    only the timeline asked with ``checked=True`` (by an assessment that checked) skips it."""
    rules = vk.builtin_rules("srpo")
    bad = vk.Professional(id="p", events=[vk.RegisterEvent("r", "registered", "2022-09-01",
                                                           level="rdo-in-opleiding")],
                          activities=[vk.Activity("a", "2023-01-01", hours=5,
                                                  category="no-such-category")])
    with pytest.raises(vk.DataError, match="unknown category 'no-such-category'"):
        rules.standing(bad, "2023-06-01")
    with pytest.raises(vk.DataError, match="unknown category 'no-such-category'"):
        rules.timeline(bad, "2023-06-01")
    with pytest.raises(vk.DataError, match="unknown category 'no-such-category'"):
        rules.assess(bad, "2023-06-01")
    skipped = timeline(rules, bad, "2023-06-01", checked=True)
    assert [s.status for s in skipped] == ["geregistreerd"]


def test_a_segment_s_words_are_its_title_and_reason() -> None:
    """``StatusSegment.words`` gives the status and the reason in both languages, as
    ``title`` and ``reason_text`` word them one language at a time."""
    rules = vk.builtin_rules("srpo")
    pro = vk.Professional(id="p", events=[vk.RegisterEvent("r", "registered", "2022-09-01",
                                                           level="rdo-in-opleiding")])
    for segment in rules.timeline(pro, "2030-01-01"):
        title, reason = segment.words()
        for lang in ("nl", "en"):
            assert title(lang) == segment.title(lang)  # type: ignore[arg-type]
            assert reason(lang) == segment.reason_text(lang)  # type: ignore[arg-type]
