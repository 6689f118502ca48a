"""The ``qualification`` primitive: holds a qualification of a kind, level, ECTS and timing."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

import vakmanschap as vk
from helpers import ON, REGISTERED, assess, person, root, rules_for


def qual_rules(params: str, **kwargs: object) -> vk.RuleSet:
    """A rule file whose re-registration is ``qualification: {<params>}``."""
    return rules_for(f"{{id: master, title: Master, qualification: {{{params}}}}}", **kwargs)  # type: ignore[arg-type]


MASTER = qual_rules("kinds: [master]")
STRICT = qual_rules("kinds: [master], levels: [wo], min_ects: 60, "
                    "obtained_after_last_registration: true, accredited_when_awarded: true")
IN_PROGRESS = qual_rules("kinds: [pabo, master], in_progress: true")


def q(ident: str = "q1", kind: str = "master", **kwargs: object) -> vk.Qualification:
    """A qualification awarded on 1 June 2021 unless told otherwise."""
    kwargs.setdefault("awarded_on", "2021-06-01")
    return vk.Qualification(id=ident, kind=kind, **kwargs)  # type: ignore[arg-type]


def good(ident: str = "ok") -> vk.Qualification:
    """A qualification that satisfies STRICT."""
    return q(ident, level="wo", ects=60, accredited_until="2022-01-01")


def test_holds_a_qualification_of_the_kind() -> None:
    """A qualification of a listed kind meets the requirement; the detail names it."""
    r = root(MASTER, person(qualifications=[q("pabo1", "pabo"), q("m1")]))
    assert r.met and r.detail["qualification"] == "m1" and r.detail["kind"] == "master"
    assert (r.required, r.actual, r.unit, r.shortfall) == (None, None, None, None)
    assert r.detail["rejected"] == {"pabo1": "kind:pabo"}


def test_no_qualification() -> None:
    """Without a matching qualification the requirement is not met."""
    r = root(MASTER, person())
    assert not r.met and r.detail["rejected"] == {}


@pytest.mark.parametrize(("kwargs", "reason"), [
    ({"level": "hbo", "ects": 60, "accredited_until": "2022-01-01"}, "level:hbo"),
    ({"ects": 60, "accredited_until": "2022-01-01"}, "level:-"),
    ({"level": "wo", "ects": 59.5, "accredited_until": "2022-01-01"}, "ects:59.5 < 60"),
    ({"level": "wo", "accredited_until": "2022-01-01"}, "ects:0 < 60"),
    ({"level": "wo", "ects": 60, "accredited_until": "2022-01-01", "awarded_on": "2019-06-01"},
     "before_last_registration"),
    ({"level": "wo", "ects": 60, "accredited_until": "2022-01-01", "awarded_on": "2020-01-01"},
     "before_last_registration"),
    ({"level": "wo", "ects": 60, "accredited_until": "2021-05-31"},
     "not_accredited_when_awarded"),
    ({"level": "wo", "ects": 60}, "not_accredited_when_awarded"),
    ({"level": "wo", "ects": 60, "accredited_until": "2030-01-01", "awarded_on": "2024-06-01"},
     "awarded_after_on"),
    ({"level": "wo", "ects": 60, "awarded_on": None, "started_on": "2021-01-01"},
     "not_awarded"),
])
def test_rejections_have_reasons(kwargs: dict[str, object], reason: str) -> None:
    """Each failing condition is recorded as a reason code (``code`` or ``code:argument``)."""
    r = root(STRICT, person(qualifications=[q(**kwargs)]))
    assert not r.met
    assert r.detail["rejected"] == {"q1": reason}


def test_every_condition_met() -> None:
    """A qualification meeting every condition counts."""
    assert root(STRICT, person(qualifications=[good()])).met


def test_accredited_until_the_award_day_is_enough() -> None:
    """Awarded on the last day of accreditation still counts."""
    rules = qual_rules("kinds: [master], accredited_when_awarded: true")
    assert root(rules, person(qualifications=[q(accredited_until="2021-06-01")])).met


def test_in_progress() -> None:
    """With in_progress a programme being followed counts, once it has started."""
    started = vk.Qualification(id="p", kind="pabo", started_on="2021-09-01")
    assert root(IN_PROGRESS, person(qualifications=[started])).met
    future = vk.Qualification(id="p", kind="pabo", started_on="2024-09-01")
    r = root(IN_PROGRESS, person(qualifications=[future]))
    assert not r.met and r.detail["rejected"] == {"p": "starts_after_on"}


def test_registration_levels_from_qualifications() -> None:
    """In the registration group, the highest level whose route is met is reached."""
    rules = rules_for("""
        levels:
          - {level: n1, requires: {id: l1, title: Niveau 1, qualification: {kinds: [pabo]}}}
          - {level: n2, requires: {id: l2, title: Niveau 2, qualification: {kinds: [master]}}}
    """, group="registration")
    both = person(qualifications=[q("p", "pabo"), q("m", "master")], registered=None)
    a = assess(rules, both, on="2022-01-01")
    assert (a.group, a.level, a.met) == ("registration", "n2", True)
    assert a.result.detail["levels"] == {"n1": True, "n2": True}
    pabo = person(qualifications=[q("p", "pabo")], registered=None)
    assert assess(rules, pabo, on="2022-01-01").level == "n1"
    nothing = assess(rules, person(registered=None), on="2022-01-01")
    assert (nothing.level, nothing.met) == (None, False)
    assert "u komt in aanmerking voor registratie als Niveau 2" in a.explain("nl")
    assert "you qualify for registration as Level 2" in a.explain("en")
    assert "u komt (nog) niet in aanmerking" in nothing.explain("nl")


def test_explanation_phrases() -> None:
    """The explanation names the qualification used, or why none counts."""
    assert "voldaan met m1" in assess(MASTER, person(qualifications=[q("m1")])).explain("nl")
    assert "met by m1" in assess(MASTER, person(qualifications=[q("m1")])).explain("en")
    a = assess(MASTER, person(qualifications=[q("p", "pabo")]))
    assert "geen passende kwalificatie (p: soort pabo telt hier niet)" in a.explain("nl")
    assert "no matching qualification (p: kind pabo does not count here)" in a.explain("en")


def test_unknown_kind_in_rules_and_data() -> None:
    """Kinds are checked against the file's vocabulary, in rules and in person data."""
    with pytest.raises(vk.RuleFileError, match="unknown qualification kind 'phd'"):
        qual_rules("kinds: [phd]")
    with pytest.raises(vk.DataError) as info:
        root(MASTER, person(qualifications=[q("x", "phd")]))
    assert info.value.field == "kind" and "allowed: master, pabo" in str(info.value)


# -- properties ----------------------------------------------------------------------------------


@st.composite
def qualifications(draw: st.DrawFn) -> list[vk.Qualification]:
    """Qualifications varying every field STRICT looks at."""
    out = []
    for i in range(draw(st.integers(0, 4))):
        in_progress = draw(st.booleans()) and draw(st.booleans())
        awarded = None if in_progress else draw(st.dates(date(2015, 1, 1), date(2025, 1, 1)))
        out.append(vk.Qualification(
            id=f"q{i}", kind=draw(st.sampled_from(["master", "pabo"])),
            level=draw(st.sampled_from([None, "wo", "hbo"])),
            ects=draw(st.sampled_from([None, 30, 59.99, 60, 90])),
            awarded_on=awarded,
            started_on=date(2014, 9, 1) if in_progress else None,
            accredited_until=draw(st.one_of(st.none(), st.dates(date(2015, 1, 1),
                                                                  date(2025, 1, 1))))))
    return out


def _oracle(x: vk.Qualification) -> bool:
    return (x.kind == "master" and x.level == "wo" and (x.ects or 0) >= 60
            and x.awarded_on is not None and REGISTERED < x.awarded_on <= ON
            and x.accredited_until is not None and x.awarded_on <= x.accredited_until)


@given(qualifications())
def test_met_iff_some_qualification_meets_every_condition(
        quals: list[vk.Qualification]) -> None:
    """Met exactly when one qualification satisfies all conditions; the others are rejected."""
    r = root(STRICT, person(qualifications=quals))
    assert r.met == any(_oracle(x) for x in quals)
    if r.met:
        chosen = next(x for x in quals if x.id == r.detail["qualification"])
        assert _oracle(chosen)
    assert all(not _oracle(x) for x in quals if x.id in r.detail["rejected"])


@given(qualifications(), st.randoms(use_true_random=False))
def test_order_does_not_change_the_outcome(quals: list[vk.Qualification],
                                           rnd: st.SearchStrategy[object]) -> None:
    """Shuffling the qualifications never changes whether the requirement is met."""
    shuffled = list(quals)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    assert root(STRICT, person(qualifications=quals)).met == root(
        STRICT, person(qualifications=shuffled)).met


@pytest.mark.parametrize(("flag", "until", "met"), [
    (True, None, True),  # the flag says it was accredited: no end date needed
    (False, "2030-01-01", False),  # the flag wins over a later end date
    (None, "2030-01-01", True),  # no flag: the accreditation's last day decides
    (None, None, False),
])
def test_accreditation_flag_on_the_qualification(flag: bool | None, until: str | None,
                                                 met: bool) -> None:
    """accredited_when_awarded reads the qualification's own flag first, then its end date."""
    rules = qual_rules("kinds: [master], accredited_when_awarded: true")
    quals = [q(accredited=flag, accredited_until=until)]
    assert root(rules, person(qualifications=quals)).met is met


def test_accreditation_flag_in_the_person_file() -> None:
    """A person file may state 'accredited' on a qualification; a non-boolean is an error."""
    p = vk.Professional.from_dict({"id": "x", "qualifications": [
        {"id": "m", "kind": "master", "awarded_on": "2020-01-01", "accredited": True}]})
    assert p.qualifications[0].accredited is True
    with pytest.raises(vk.DataError, match="accredited"):
        vk.Professional.from_dict({"id": "x", "qualifications": [
            {"id": "m", "kind": "master", "awarded_on": "2020-01-01", "accredited": "misschien"}]})


AGED = qual_rules("kinds: [master], max_age_months: 60")


@pytest.mark.parametrize(("awarded", "met"), [
    ("2021-06-01", True), ("2019-06-01", True), ("2019-05-31", False), ("2010-01-01", False)])
def test_max_age_months(awarded: str, met: bool) -> None:
    """A diploma counts when awarded at most max_age_months before the assessment date."""
    on = date(2024, 6, 1)
    r = root(AGED, person(qualifications=[q(awarded_on=awarded)]), on=on)
    assert r.met is met
    if not met:
        assert r.detail["rejected"]["q1"] == "too_old:60"


def test_max_age_months_phrase() -> None:
    """A diploma that is too old is named as such in the explanation, in both languages."""
    a = assess(AGED, person(qualifications=[q(awarded_on="2010-01-01")]), date(2024, 6, 1))
    assert "q1: ouder dan 60 maanden" in a.explain("nl")
    assert "q1: older than 60 months" in a.explain("en")


@given(st.integers(0, 120), st.dates(date(2000, 1, 1), date(2024, 6, 1)))
def test_max_age_months_is_monotone(months: int, awarded: date) -> None:
    """A diploma that is young enough for a maximum age is young enough for a larger one."""
    on = date(2024, 6, 1)
    small = qual_rules(f"kinds: [master], max_age_months: {months}")
    large = qual_rules(f"kinds: [master], max_age_months: {months + 1}")
    p = person(qualifications=[q(awarded_on=awarded.isoformat())])
    assert not root(small, p, on=on).met or root(large, p, on=on).met
