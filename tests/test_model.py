"""Domain objects: validation at the boundary, immutability, and the person-dict format."""

from __future__ import annotations

import contextlib
import math
from datetime import date

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from vakmanschap import (
    Activity,
    Attestation,
    DataError,
    Employment,
    EventKind,
    Leave,
    LeaveKind,
    Professional,
    Qualification,
    RegisterEvent,
)

# -- Activity -----------------------------------------------------------------------------------


def test_activity_converts_dates_and_sequences() -> None:
    """ISO text becomes a date, lists become tuples, text is stripped."""
    a = Activity(id=" a1 ", on="2024-05-20", hours=4, category="formeel", themes=["t1", "t2"],
                 start="2024-05-18", provider="NSO", title="Cursus")
    assert a.id == "a1"
    assert a.on == date(2024, 5, 20) and a.start == date(2024, 5, 18)
    assert a.themes == ("t1", "t2")
    assert a.amount == 4.0 and a.unit == "hours"
    assert a.accredited is False


def test_activity_in_points() -> None:
    """An activity recorded in points reports that unit and amount."""
    a = Activity(id="a", on="2024-01-01", points=30, category="c")
    assert a.unit == "points" and a.amount == 30.0 and a.hours is None


def test_activity_themes_from_text_are_split_and_deduplicated() -> None:
    """``"t1; t2;t1"`` gives the themes t1 and t2 once each, in order."""
    a = Activity(id="a", on="2024-01-01", hours=1, category="c", themes="t1; t2;t1")
    assert a.themes == ("t1", "t2")


def test_activity_does_not_keep_the_callers_list() -> None:
    """Changing the list given to the constructor does not change the activity."""
    themes = ["t1"]
    a = Activity(id="a", on="2024-01-01", hours=1, category="c", themes=themes)
    themes.append("t2")
    assert a.themes == ("t1",)


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"hours": 1, "points": 1}, "hours"),
    ({}, "hours"),
    ({"hours": -1}, "hours"),
    ({"hours": math.nan}, "hours"),
    ({"hours": math.inf}, "hours"),
    ({"hours": True}, "hours"),
    ({"hours": "3"}, "hours"),
    ({"hours": 1.005}, "hours"),
    ({"points": -0.01}, "points"),
    ({"hours": 1, "on": "2024-02-30"}, "on"),
    ({"hours": 1, "start": "2024-02-01"}, "on"),
    ({"hours": 1, "category": " "}, "category"),
    ({"hours": 1, "themes": 5}, "themes"),
    ({"hours": 1, "themes": ["t1", ""]}, "themes"),
    ({"hours": 1, "accredited": "yes"}, "accredited"),
    ({"hours": 1, "provider": ""}, "provider"),
])
def test_activity_bad_values_name_the_field(kwargs: dict[str, object], field: str) -> None:
    """Bad values raise DataError naming the offending field."""
    base: dict[str, object] = {"id": "a", "on": "2024-01-01", "category": "formeel"}
    base.update(kwargs)
    with pytest.raises(DataError) as info:
        Activity(**base)  # type: ignore[arg-type]
    assert info.value.field == field
    assert f"'{field}'" in str(info.value)


def test_activity_cross_field_errors_name_the_record() -> None:
    """Errors that need the whole record (hours and points) name the activity too."""
    with pytest.raises(DataError) as info:
        Activity(id="a7", on="2024-01-01", category="c")
    assert info.value.record == "activity a7"


@given(st.integers(0, 10**8))
def test_activity_amount_keeps_hundredths_exactly(cents: int) -> None:
    """Any amount recorded to the hundredth is kept exactly (as hundredths)."""
    a = Activity(id="a", on="2024-01-01", hours=cents / 100, category="c")
    assert round(a.amount * 100) == cents


def test_records_are_frozen_and_slotted() -> None:
    """Domain objects cannot be changed after construction and have no __dict__."""
    a = Activity(id="a", on="2024-01-01", hours=1, category="c")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        a.hours = 2  # type: ignore[misc]
    assert not hasattr(a, "__dict__")
    p = Professional(id="p")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        p.fte = 0.5  # type: ignore[misc]


def test_datetime_is_refused() -> None:
    """A datetime (time of day) is not a date for the model."""
    from datetime import datetime

    with pytest.raises(DataError):
        Activity(id="a", on=datetime(2024, 1, 1, 9), hours=1, category="c")


# -- Qualification, Employment, Leave, Attestation, RegisterEvent ---------------------------------


def test_qualification_needs_awarded_or_started() -> None:
    """A qualification is awarded, or a programme in progress has a start date."""
    q = Qualification(id="q", kind="master", started_on="2022-09-01")
    assert q.awarded_on is None
    with pytest.raises(DataError) as info:
        Qualification(id="q", kind="master")
    assert info.value.field == "awarded_on"


def test_qualification_awarded_before_start_is_refused() -> None:
    """Awarded before it started is impossible."""
    with pytest.raises(DataError, match="before it started"):
        Qualification(id="q", kind="master", started_on="2022-09-01", awarded_on="2021-06-01")


def test_employment_end_before_start_names_record_and_field() -> None:
    """End before start names the employment and the field 'end'."""
    with pytest.raises(DataError) as info:
        Employment(id="e1", start="2024-01-01", end="2023-12-31", hours_per_week=36)
    assert info.value.field == "end"
    assert "employment e1" in str(info.value)


def test_employment_one_day_is_fine() -> None:
    """An employment that ends on its first day is valid (the end is inclusive)."""
    e = Employment(id="e", start="2024-01-01", end="2024-01-01", hours_per_week=8)
    assert e.end == e.start


@pytest.mark.parametrize("hours", [-1, 168.01, "36", None])
def test_employment_weekly_hours_bounds(hours: object) -> None:
    """Weekly hours are a number from 0 to 168."""
    with pytest.raises(DataError) as info:
        Employment(id="e", start="2024-01-01", hours_per_week=hours)  # type: ignore[arg-type]
    assert info.value.field == "hours_per_week"


def test_leave_kind_is_an_enum_with_allowed_values_listed() -> None:
    """Leave kinds convert to LeaveKind; an unknown kind lists the allowed ones."""
    assert Leave(id="l", start="2024-01-01", end="2024-02-01", kind="illness").kind \
        is LeaveKind.ILLNESS
    with pytest.raises(DataError) as info:
        Leave(id="l", start="2024-01-01", end="2024-02-01", kind="vacation")
    assert info.value.field == "kind"
    for kind in LeaveKind:
        assert kind.value in str(info.value)


def test_leave_end_before_start() -> None:
    """A leave cannot end before it starts."""
    with pytest.raises(DataError) as info:
        Leave(id="l", start="2024-02-01", end="2024-01-01", kind="care")
    assert info.value.field == "end"


def test_attestation_fields() -> None:
    """An attestation has a kind and a date."""
    a = Attestation(id="x", kind="ambtseed", on="2024-03-01")
    assert a.on == date(2024, 3, 1) and a.kind == "ambtseed"


def test_register_event_kinds_and_deferral() -> None:
    """Events convert their kind; a granted deferral needs 'until' on or after its date."""
    e = RegisterEvent(id="e", kind="registered", on="2020-01-01", level="n1")
    assert e.kind is EventKind.REGISTERED
    with pytest.raises(DataError, match="until"):
        RegisterEvent(id="d", kind="deferral_granted", on="2024-01-01")
    with pytest.raises(DataError, match="until"):
        RegisterEvent(id="d", kind="deferral_granted", on="2024-01-01", until="2023-01-01")
    with pytest.raises(DataError) as info:
        RegisterEvent(id="d", kind="promoted", on="2024-01-01")
    assert "registered" in str(info.value)


# -- Professional ---------------------------------------------------------------------------------


def test_professional_defaults() -> None:
    """A professional needs only an id; everything else defaults to empty."""
    p = Professional(id="p")
    assert p.fte == 1.0 and p.activities == () and p.entry_date is None
    assert dict(p.attributes) == {}


def test_professional_records_become_tuples() -> None:
    """Record lists (or any iterable) are stored as tuples."""
    acts = [Activity(id="a", on="2024-01-01", hours=1, category="c")]
    p = Professional(id="p", activities=iter(acts))
    assert p.activities == tuple(acts)


@pytest.mark.parametrize("fte", [0, -0.5, 1.51, True, "1"])
def test_professional_fte_bounds(fte: object) -> None:
    """The part-time factor lies in (0, 1.5]."""
    with pytest.raises(DataError) as info:
        Professional(id="p", fte=fte)  # type: ignore[arg-type]
    assert info.value.field == "fte"


def test_professional_repeated_ids_are_refused() -> None:
    """Two activities with the same id are refused, naming the id."""
    a = Activity(id="a", on="2024-01-01", hours=1, category="c")
    with pytest.raises(DataError, match="repeated: a") as info:
        Professional(id="p", activities=[a, a])
    assert info.value.field == "activities"


@pytest.mark.parametrize("value", ["abc", {"a": 1}, 5, [1]])
def test_professional_record_lists_are_typed(value: object) -> None:
    """Record lists must be lists of the right record class."""
    with pytest.raises(DataError) as info:
        Professional(id="p", activities=value)  # type: ignore[arg-type]
    assert info.value.field == "activities"


def test_entry_date_prefers_declared_then_first_employment() -> None:
    """entry_date is entered_service, else the earliest employment start."""
    jobs = [Employment(id="e2", start="2021-01-01", hours_per_week=8),
            Employment(id="e1", start="2019-05-01", hours_per_week=8)]
    assert Professional(id="p", employments=jobs).entry_date == date(2019, 5, 1)
    assert Professional(id="p", employments=jobs,
                        entered_service="2018-01-01").entry_date == date(2018, 1, 1)


def test_attributes_are_read_only_text_and_ignored_by_equality() -> None:
    """Attributes are stored as read-only text and do not take part in equality."""
    p = Professional(id="p", attributes={"schaal": 11})
    assert p.attributes["schaal"] == "11"
    with pytest.raises(TypeError):
        p.attributes["x"] = "y"  # type: ignore[index]
    assert p == Professional(id="p", attributes={"schaal": 12})
    with pytest.raises(DataError):
        Professional(id="p", attributes=["a"])  # type: ignore[arg-type]


# -- Professional.from_dict -----------------------------------------------------------------------


def _person_dict() -> dict[str, object]:
    return {
        "id": "p1", "fte": 0.8, "entered_service": "2019-01-01",
        "attributes": {"organisatie": "BZK"},
        "activities": [{"id": "a1", "on": "2021-03-01", "hours": 8, "category": "formeel",
                        "themes": ["t1"], "accredited": True}],
        "qualifications": [{"id": "q1", "kind": "master", "awarded_on": "2018-06-01"}],
        "employments": [{"id": "e1", "start": "2019-01-01", "hours_per_week": 36}],
        "leaves": [{"id": "l1", "start": "2020-01-01", "end": "2020-02-01", "kind": "illness"}],
        "attestations": [{"id": "x1", "kind": "ambtseed", "on": "2019-02-01"}],
        "events": [{"id": "r1", "kind": "registered", "on": "2020-01-01", "level": "n1"}],
    }


def test_from_dict_builds_every_record() -> None:
    """A complete person mapping builds the professional with every record."""
    p = Professional.from_dict(_person_dict())
    assert p.id == "p1" and p.fte == 0.8
    assert p.activities[0].themes == ("t1",)
    assert p.leaves[0].kind is LeaveKind.ILLNESS
    assert p.events[0].level == "n1"
    assert p.attributes["organisatie"] == "BZK"


def test_from_dict_error_names_file_professional_record_and_field() -> None:
    """A bad field deep in a record is reported with the whole path and the field."""
    data = _person_dict()
    data["activities"] = [{"id": "a1", "on": "2021-03-01", "hours": -2, "category": "formeel"}]
    with pytest.raises(DataError) as info:
        Professional.from_dict(data, where="people.yaml")
    err = info.value
    assert err.record == "people.yaml, professional p1, activities[0] (id a1)"
    assert err.field == "hours"
    assert str(err).startswith("people.yaml, professional p1, activities[0] (id a1), "
                               "field 'hours':")


def test_from_dict_cross_field_error_keeps_the_path() -> None:
    """A record-level error (end before start) also carries the record path."""
    data = _person_dict()
    data["employments"] = [{"id": "e1", "start": "2019-01-01", "end": "2018-01-01",
                            "hours_per_week": 36}]
    with pytest.raises(DataError) as info:
        Professional.from_dict(data)
    assert info.value.record == "professional p1, employments[0] (id e1)"
    assert info.value.field == "end"


def test_from_dict_unknown_keys_list_the_allowed_ones() -> None:
    """Unknown keys at any level are errors that list what is allowed."""
    with pytest.raises(DataError) as info:
        Professional.from_dict({"id": "p", "naam": "x"})
    assert "naam" in str(info.value) and "activities" in str(info.value)
    with pytest.raises(DataError) as info:
        Professional.from_dict({"id": "p", "activities": [
            {"id": "a", "on": "2024-01-01", "hours": 1, "category": "c", "colour": "red"}]})
    assert info.value.field == "colour"
    assert "category" in str(info.value)


def test_from_dict_missing_fields() -> None:
    """Missing required fields are named (the professional id, a record's field)."""
    with pytest.raises(DataError) as info:
        Professional.from_dict({"fte": 1})
    assert info.value.field == "id"
    with pytest.raises(DataError) as info:
        Professional.from_dict({"id": "p", "activities": [{"on": "2024-01-01", "hours": 1,
                                                           "category": "c"}]})
    assert info.value.field == "id"
    assert "activities[0]" in info.value.record


@pytest.mark.parametrize("data", [[], "p1", None])
def test_from_dict_needs_a_mapping(data: object) -> None:
    """Anything but a mapping is refused with a DataError."""
    with pytest.raises(DataError, match="mapping"):
        Professional.from_dict(data)  # type: ignore[arg-type]


def test_from_dict_record_list_must_be_a_list() -> None:
    """A record list given as a mapping is refused, naming the list."""
    with pytest.raises(DataError) as info:
        Professional.from_dict({"id": "p", "leaves": {"id": "l"}})
    assert info.value.field == "leaves"


def test_from_dict_repeated_ids() -> None:
    """Repeated record ids are reported for the professional."""
    act = {"id": "a", "on": "2024-01-01", "hours": 1, "category": "c"}
    with pytest.raises(DataError, match="repeated") as info:
        Professional.from_dict({"id": "p", "activities": [act, dict(act)]})
    assert info.value.record == "professional p"


@given(st.dictionaries(st.text(min_size=1, max_size=8), st.integers(), max_size=4))
def test_from_dict_never_raises_anything_but_data_error(extra: dict[str, int]) -> None:
    """Whatever keys are added, from_dict either succeeds or raises DataError."""
    data: dict[str, object] = {"id": "p", **extra}
    with contextlib.suppress(DataError):
        Professional.from_dict(data)


def test_data_error_parts_and_within() -> None:
    """DataError keeps record, field and reason; within() prefixes an outer place."""
    err = DataError("must be positive", record="professional p1", field="fte")
    assert str(err) == "professional p1, field 'fte': must be positive"
    assert (err.record, err.field, err.reason) == ("professional p1", "fte", "must be positive")
    outer = err.within("people.yaml")
    assert str(outer) == "people.yaml, professional p1, field 'fte': must be positive"
    assert str(DataError("bad").within("f.yaml")) == "f.yaml: bad"
    assert isinstance(err, ValueError)


@pytest.mark.parametrize(("hours", "problem"), [
    (1e13, "at most 1000000"), (1e17, "at most"), (1e300, "at most"), (0.1000000001, "hundredth"),
    (4.0000001, "hundredth"),
])
def test_person_amounts_follow_the_export_rules(hours: float, problem: str) -> None:
    """Fixed defect: person files took amounts the population store cannot hold (1e17 hours
    crashed Population.from_professionals with OverflowError) and rounded amounts a little
    finer than a hundredth silently; now both are refused as in an HR export."""
    with pytest.raises(DataError, match=problem) as info:
        Activity(id="a", on="2024-01-01", category="c", hours=hours)
    assert info.value.field == "hours"


def test_kinds_are_stripped_like_every_other_text() -> None:
    """Fixed inconsistency: ' illness' was refused in a person file but accepted in an export;
    kinds are now stripped in both, like ids, categories and dates."""
    leave = Leave(id="l", start="2024-01-01", end="2024-01-02", kind=" illness ")
    assert leave.kind is LeaveKind.ILLNESS
    event = RegisterEvent(id="e", kind="registered ", on="2024-01-01")
    assert event.kind is EventKind.REGISTERED


def test_person_errors_use_the_cell_wording() -> None:
    """A person-file error shows the value and what is allowed, as an HR export error does."""
    with pytest.raises(DataError) as info:
        Professional(id="p", fte=2)
    assert str(info.value) == "field 'fte': 2: expected a number in (0, 1.5], e.g. 0.8"


def _amount_by_cells(value: object) -> tuple[str, object]:
    """The cell path of an amount (no fast path), as ("ok", value) or ("error", message)."""
    from vakmanschap.model import cells

    try:
        return "ok", cells.hundredths(cells.number_text(value)) / 100
    except cells.CellError as exc:
        return "error", cells.describe(value, exc.problem)


@given(st.one_of(st.floats(allow_nan=True, allow_infinity=True),
                 st.integers(-10**7, 10**9),
                 st.integers(-10**8, 2 * 10**8).map(lambda c: c / 100),
                 st.integers(0, 10**8).map(lambda c: c / 1000)))
def test_amount_fast_path_agrees_with_the_cell_path(value: float) -> None:
    """A typed number converts to the same amount, or fails with the same message, as the
    cell converter of an HR export gives (the fast path for well-typed input changes nothing)."""
    from vakmanschap.model import fields

    kind, expected = _amount_by_cells(value)
    if kind == "ok":
        got = fields.amount(value, "hours")
        assert got == expected and type(got) is float
    else:
        with pytest.raises(DataError) as caught:
            fields.amount(value, "hours")
        assert expected in str(caught.value)


# -- Professional.with_records ------------------------------------------------------------------


@given(st.integers(0, 3), st.integers(0, 2), st.booleans())
def test_with_records_equals_evolve(acts: int, jobs: int, qualified: bool) -> None:
    """Adding records without re-checking them gives the professional attrs.evolve builds."""
    base = Professional(id="p", fte=0.8, attributes={"org": "x"}, activities=[
        Activity(id="a", on="2024-01-01", hours=2, category="formeel")])
    added = tuple(Activity(id=f"n{i}", on="2024-02-01", points=i + 1, category="informeel",
                           themes=["t"]) for i in range(acts))
    work = tuple(Employment(id=f"e{i}", start="2020-01-01", hours_per_week=8)
                 for i in range(jobs))
    quals = (Qualification(id="q", kind="master", awarded_on="2023-01-01"),) if qualified else ()
    fast = base.with_records(added, work, quals, ())
    slow = attrs.evolve(base, activities=base.activities + added,
                        employments=base.employments + work,
                        qualifications=base.qualifications + quals)
    assert fast == slow
    assert fast.attributes == slow.attributes and fast.profession == slow.profession
    assert base.activities == (base.activities[0],)  # the original is unchanged


def test_with_records_rejects_a_repeated_id() -> None:
    """An added record whose id is taken is refused as the constructor refuses it."""
    base = Professional(id="p", activities=[Activity(id="a", on="2024-01-01", hours=2,
                                                     category="formeel")])
    again = (Activity(id="a", on="2024-02-01", hours=1, category="formeel"),)
    with pytest.raises(DataError, match="ids must be unique, repeated: a") as fast:
        base.with_records(again)
    with pytest.raises(DataError) as slow:
        attrs.evolve(base, activities=base.activities + again)
    assert str(fast.value) == str(slow.value)

def test_activity_in_another_unit_gives_amount_and_unit() -> None:
    """An activity may record an amount in another unit (words); hours or points given that
    way are the same fact as hours= or points=."""
    words = Activity(id="a", on="2024-01-01", category="c", amount=1500, unit="words")
    assert (words.amount, words.unit, words.hours, words.points) == (1500, "words", None, None)
    assert Activity(id="a", on="2024-01-01", category="c", amount=2, unit="hours") == Activity(
        id="a", on="2024-01-01", category="c", hours=2)
    again = Professional.from_dict({"id": "p", "activities": [attrs.asdict(words)]})
    assert again.activities[0] == words


@pytest.mark.parametrize(("fields", "message"), [
    ({"amount": 3}, "give 'amount' and 'unit' together"),
    ({"unit": "words"}, "give 'amount' and 'unit' together"),
    ({"amount": 3, "unit": "words", "hours": 1}, "give exactly one of 'hours', 'points' and"),
    ({"amount": 3.001, "unit": "words"}, "field 'amount'.*hundredth"),
])
def test_amount_and_unit_go_together(fields: dict[str, object], message: str) -> None:
    """An amount needs its unit, a unit its amount, and only one amount is given."""
    with pytest.raises(DataError, match=message):
        Professional.from_dict({"id": "p", "activities": [
            {"id": "a", "on": "2024-01-01", "category": "c", **fields}]})
