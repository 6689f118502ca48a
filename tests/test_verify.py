"""Verifying a stored decision (vk.verify_decision): same inputs verify, a change is named."""

from __future__ import annotations

import json
from datetime import date

import attrs
import pytest
from hypothesis import given, settings

import vakmanschap as vk
from helpers import act, assess, every_primitive_rules, person
from strategies import professionals
from vakmanschap.lifecycle.segments import timeline_to_dict

RULES = every_primitive_rules()


def stored(a: vk.Assessment) -> dict[str, object]:
    """The decision as an HR system stores it: JSON text, read back."""
    return json.loads(json.dumps(a.to_dict()))


@settings(max_examples=20)
@given(professionals(RULES))
def test_a_stored_assessment_verifies(p: vk.Professional) -> None:
    """An assessment stored as JSON verifies against the same rules and facts."""
    check = vk.verify_decision(stored(assess(RULES, p)), RULES, p)
    assert check.ok and check.differences == ()


def test_a_changed_fact_is_named() -> None:
    """A fact added after the decision makes verification fail on the facts digest."""
    p = person([act("a", "2021-01-01", 10)])
    later = attrs.evolve(p, activities=(*p.activities, act("b", "2021-02-01", 40)))
    check = vk.verify_decision(stored(assess(RULES, p)), RULES, later)
    assert not check.ok and not check.receipt_matches
    assert any(d.startswith("receipt.facts_sha256") for d in check.differences)
    assert not check.decision_matches  # the hours changed, so the tree did too


def test_a_changed_rule_is_named() -> None:
    """A parameter changed after the decision shows in the rules digest and its value."""
    p = person([act("a", "2021-01-01", 10)])
    check = vk.verify_decision(stored(assess(RULES, p)), RULES.with_changes({"uren.min": 41}),
                               p)
    assert not check.ok
    assert any(d.startswith("receipt.rules.sha256") for d in check.differences)
    assert "receipt.rules.parameters.uren.min: stored 40, now 41" in check.differences


def test_a_tampered_outcome_is_named() -> None:
    """A stored decision whose outcome was edited does not verify, though its receipt does."""
    data = stored(assess(RULES, person()))
    data["met"] = True
    check = vk.verify_decision(data, RULES, person())
    assert check.receipt_matches and not check.decision_matches
    assert check.differences == ("met: stored True, now False",)


def test_a_stored_timeline_verifies() -> None:
    """A stored timeline verifies; drawn to another end date it does not."""
    p = person()
    data = json.loads(json.dumps(timeline_to_dict(RULES, p, date(2025, 1, 1),
                                                  RULES.timeline(p, "2025-01-01"))))
    assert vk.verify_decision(data, RULES, p).ok
    data["until"] = "2026-01-01"
    assert not vk.verify_decision(data, RULES, p).ok


@pytest.mark.parametrize(("change", "fragment"), [
    ({"schema": "other/1"}, "unknown schema"),
    ({"professional": "someone-else"}, "is about 'someone-else'"),
    ({"on": "not a date"}, "on"),
])
def test_bad_stored_decisions_are_data_errors(change: dict[str, str], fragment: str) -> None:
    """A stored decision of another schema, person or with a bad date is a DataError."""
    data = {**stored(assess(RULES, person())), **change}
    with pytest.raises(vk.DataError, match=fragment):
        vk.verify_decision(data, RULES, person())


def test_another_library_version_is_reported_but_verifies() -> None:
    """A decision stored by another library version verifies when it is reproduced."""
    data = stored(assess(RULES, person()))
    data["receipt"]["library"] = "0.0.1"  # type: ignore[index]
    check = vk.verify_decision(data, RULES, person())
    assert check.ok and not check.library_matches
    assert check.differences == (f"receipt.library: stored '0.0.1', now '{vk.__version__}'",)


def test_rules_read_from_another_file_verify() -> None:
    """The same rules read from another path (other locations in the JSON) still verify."""
    from helpers import EVERY_PRIMITIVE, rule_text

    elsewhere = vk.parse_rules("# moved\n" + rule_text(EVERY_PRIMITIVE), "archive/old.yaml")
    data = stored(assess(RULES, person()))
    assert data["result"]["location"] != assess(elsewhere, person()).to_dict()["result"][  # type: ignore[index]
        "location"]
    assert vk.verify_decision(data, elsewhere, person()).ok


def test_keys_added_to_the_schema_later_are_not_compared() -> None:
    """A decision stored before the schema gained a key still verifies; without a receipt it
    cannot be verified at all."""
    data = stored(assess(RULES, person()))
    del data["status"]
    assert vk.verify_decision(data, RULES, person()).ok
    del data["receipt"]
    with pytest.raises(vk.DataError, match="no receipt"):
        vk.verify_decision(data, RULES, person())
