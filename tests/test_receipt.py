"""The receipt of a decision: canonical digests of rules and facts, and the JSON it adds."""

from __future__ import annotations

import enum
import json
from collections.abc import Mapping
from datetime import date

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import vakmanschap as vk
from helpers import act, assess, every_primitive_rules, person, rule_text, rules_for
from strategies import activities, professionals
from vakmanschap.engine.receipt import (
    RECEIPT_SCHEMA,
    canonical,
    digest,
    facts_digest,
    rules_digest,
)

RULES = every_primitive_rules()
RECEIPT_KEYS = {"schema", "library", "rules", "on", "group", "facts_sha256"}
RULES_KEYS = {"register", "sha256", "version", "parameters_on", "parameters"}


def test_receipt_shape_is_pinned() -> None:
    """An assessment's JSON carries a receipt with exactly the documented keys."""
    data = assess(RULES, person([act("a", "2021-01-01")])).to_dict()
    receipt = data["receipt"]
    assert set(receipt) == RECEIPT_KEYS and set(receipt["rules"]) == RULES_KEYS
    assert receipt["schema"] == RECEIPT_SCHEMA and receipt["library"] == vk.__version__
    assert receipt["on"] == data["on"] == "2023-12-31"
    assert receipt["rules"]["version"] == data["version"] == "v1"
    assert receipt["rules"]["parameters_on"] == "2020-01-01"  # cycle_start by default
    assert receipt["rules"]["parameters"]["uren.min"] == 40
    assert len(receipt["rules"]["sha256"]) == 64 and len(receipt["facts_sha256"]) == 64
    assert json.loads(json.dumps(receipt)) == receipt


def test_dated_values_are_those_applied() -> None:
    """The receipt names the value of a dated parameter in force on the parameter date."""
    rules = rules_for("{id: uren, title: Uren, total: {min: {2000-01-01: 40, 2022-01-01: 60}}}")
    old = assess(rules, person()).to_dict()["receipt"]["rules"]["parameters"]
    new = assess(rules, person(registered="2022-06-01"), on="2023-01-01").to_dict()
    assert old == {"uren.min": 40}
    assert new["receipt"]["rules"]["parameters"] == {"uren.min": 60}


def test_registration_receipt_lists_every_route() -> None:
    """A registration assessment's receipt names the parameters of every level's route."""
    rules = rules_for("""
        levels:
          - {level: n1, requires: {id: u1, title: Uren, total: {min: 10}}}
          - {level: n2, requires: {id: u2, title: Uren, total: {min: 20}}}
        """, group="registration")
    receipt = assess(rules, person(registered=None)).to_dict()["receipt"]
    assert receipt["group"] == "registration"
    assert receipt["rules"]["parameters"] == {"u1.min": 10, "u2.min": 20}


def test_timeline_has_a_receipt() -> None:
    """A timeline's JSON carries a receipt with its end date and rule versions."""
    from vakmanschap.lifecycle.segments import timeline_to_dict

    p = person()
    until = date(2025, 1, 1)
    data = timeline_to_dict(RULES, p, until, RULES.timeline(p, until))
    receipt = data["receipt"]
    assert receipt["until"] == "2025-01-01" and receipt["rules"]["versions"] == ["v1"]
    assert receipt["facts_sha256"] == facts_digest(p)
    assert receipt["rules"]["sha256"] == rules_digest(RULES)


def test_digest_ignores_where_rules_are_written() -> None:
    """The same rules in another file, with other comments and layout, have the same digest."""
    body = rule_text("{id: uren, title: Uren, total: {min: 40}}")
    a = vk.parse_rules(body, "a.yaml")
    b = vk.parse_rules("# a comment\n\n" + body, "elsewhere/b.yaml")
    assert rules_digest(a) == rules_digest(b)


def test_canonical_forms() -> None:
    """Sets are sorted, enums and dates become their values, unknown kinds their repr."""
    assert canonical(frozenset({"b", "a"})) == ["a", "b"]
    assert canonical(vk.EventKind.REGISTERED) == "registered"
    assert canonical(date(2020, 1, 2)) == "2020-01-02"
    assert canonical(b"x") == "bytes:b'x'"
    assert digest({"a": 1, "b": 2}) == digest({"b": 2, "a": 1})


def _plain(_: object, __: object, value: object) -> object:
    """A person-file value for attrs.asdict: enums, dates and mappings as plain data."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    return dict(value) if isinstance(value, Mapping) else value


@given(professionals(RULES))
def test_same_inputs_give_the_same_receipt(p: vk.Professional) -> None:
    """Assessing the same facts under the same rules twice gives the same receipt."""
    again = vk.Professional.from_dict(json.loads(json.dumps(attrs.asdict(
        p, value_serializer=_plain))))
    first = assess(RULES, p).to_dict()["receipt"]
    assert first == assess(every_primitive_rules(), again).to_dict()["receipt"]


@settings(max_examples=40)
@given(professionals(RULES), st.data())
def test_changed_fact_changes_the_receipt(p: vk.Professional, data: st.DataObject) -> None:
    """Adding, removing or changing one fact gives another facts digest and receipt."""
    extra = data.draw(activities(RULES, "extra"))
    if p.activities and data.draw(st.booleans()):
        changed = attrs.evolve(p, activities=p.activities[1:])
    elif p.activities and data.draw(st.booleans()):
        first = p.activities[0]
        changed = attrs.evolve(p, activities=(attrs.evolve(first, accredited=not first.accredited),
                                              *p.activities[1:]))
    else:
        changed = attrs.evolve(p, activities=(*p.activities, extra))
    assert assess(RULES, p).to_dict()["receipt"] != assess(RULES, changed).to_dict()["receipt"]


@settings(max_examples=40)
@given(st.sampled_from(["uren.min", "intervisie.min", "themas.min", "aandeel.max",
                        "werk.min", "punten.min"]),
       st.integers(1, 50))
def test_changed_rule_changes_the_receipt(key: str, step: int) -> None:
    """Changing any parameter of the rules changes their digest and the receipt."""
    p = person([act("a", "2021-01-01")])
    base = assess(RULES, p).to_dict()["receipt"]
    current = base["rules"]["parameters"][key]
    value = current + step if key != "aandeel.max" else round((current + step / 100) % 1, 2)
    changed = assess(RULES.with_changes({key: value}), p).to_dict()["receipt"]
    assert changed["rules"]["sha256"] != base["rules"]["sha256"]
    assert changed["rules"]["parameters"][key] == value


def test_assessment_without_origin_has_no_receipt() -> None:
    """An assessment built by hand (no origin) has receipt null in its JSON."""
    a = attrs.evolve(assess(RULES, person()), origin=None)
    assert a.to_dict()["receipt"] is None
    from vakmanschap.engine.receipt import assessment_receipt

    with pytest.raises(ValueError, match="origin"):
        assessment_receipt(a)


def test_fields_at_their_default_are_left_out() -> None:
    """A field at its declared default is not in the canonical form, so a field the library
    adds later with a default leaves stored digests unchanged."""
    plain = canonical(vk.Professional(id="p"))
    assert plain == {"__type__": "Professional", "id": "p"}
    assert canonical(vk.Professional(id="p", profession="arts"))["profession"] == "arts"


def test_an_attribute_a_rule_may_read_changes_the_facts_digest() -> None:
    """Attributes are facts too (NOvA reads the registered fields of law): two professionals
    that differ only in one get different digests; without attributes the digest is that of
    the facts alone."""
    from vakmanschap.engine.receipt import digest, facts_digest

    plain = vk.Professional(id="p")
    assert facts_digest(plain) == digest(plain)
    one = vk.Professional(id="p", attributes={"rechtsgebieden": "arbeidsrecht"})
    other = vk.Professional(id="p", attributes={"rechtsgebieden": "strafrecht"})
    assert facts_digest(one) != facts_digest(other) != facts_digest(plain)
