"""The columnar tree walk: a primitive without a columnar form is evaluated person by person."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

import attrs
import pytest

import vakmanschap as vk
from helpers import rule_text
from test_population import assert_agree
from vakmanschap.engine.assessment import RequirementResult
from vakmanschap.engine.context import EvalContext
from vakmanschap.engine.primitives import REGISTRY
from vakmanschap.engine.primitives.base import Requirement
from vakmanschap.population import Population, simulate
from vakmanschap.rules.params import Dated
from vakmanschap.rules.schema import DatedS, Field, Num, Record, Schema


@attrs.frozen(kw_only=True)
class ActiveDays(Requirement):
    """At least ``min`` distinct days with an activity in the window (a test primitive)."""

    key: ClassVar[str] = "active_days"
    doc: ClassVar[str] = "Distinct days with an activity in the window, at least `min`."
    schema: ClassVar[Schema] = Record({"min": Field(DatedS(Num(minimum=0, integer=True)),
                                                    required=True)}, "active days")

    min: Dated

    def evaluate(self, ctx: EvalContext) -> RequirementResult:
        days = {a.day for a in ctx.in_window().candidates}
        required = int(self.min.at(ctx.params_on))
        return self.result(ctx, met=len(days) >= required, required=float(required),
                           actual=float(len(days)), unit="days")


@pytest.fixture
def active_days(monkeypatch: pytest.MonkeyPatch) -> None:
    """Register the test primitive for one test only."""
    monkeypatch.setitem(REGISTRY, ActiveDays.key, ActiveDays)


RULES = """
id: alles
title: Alles
all_of:
  - {id: dagen, title: Dagen, active_days: {min: 3}}
  - {id: uren, title: Uren, total: {min: 4}}
  - id: jaarlijks
    title: Jaarlijks
    per_period:
      every: cycle_year
      allow_missed: 2
      requires: {id: jaardagen, title: Jaardagen, active_days: {min: 1}}
"""


def _person(pid: str, days: list[str]) -> vk.Professional:
    return vk.Professional(
        id=pid, activities=[vk.Activity(id=f"a{k}", on=day, category="formeel", hours=2)
                            for k, day in enumerate(days)],
        events=[vk.RegisterEvent(id="r", kind="registered", on="2020-01-01")])


@pytest.mark.usefixtures("active_days")
def test_a_primitive_without_columnar_form_is_evaluated_person_by_person() -> None:
    """A primitive registered only here (no columnar method) works in ``simulate``: person by
    person, for its own nodes (also inside periods), agreeing with ``assess``."""
    rules = vk.parse_rules(rule_text(RULES))
    people = [_person("p1", ["2020-02-01", "2020-02-01", "2021-03-01", "2022-04-01"]),
              _person("p2", ["2020-02-01", "2020-02-02", "2020-02-03"]),
              _person("p3", [])]
    on = date(2023, 12, 31)
    result = simulate(Population.from_professionals(people), rules, on)
    assert result.fallbacks == ("active_days",)
    assert result.met.tolist() == [rules.assess(p, on).met for p in people] == [
        True, False, False]
    assert result.column("dagen").actual.tolist() == [3.0, 3.0, 0.0]
    assert result.column("jaardagen[1]").met.tolist() == [True, False, False]
    assert_agree(rules, people, on)


def test_the_default_columnar_form_is_person_by_person() -> None:
    """``Requirement.columnar`` is inherited unchanged by a primitive that declares none."""
    assert ActiveDays.columnar is Requirement.columnar


