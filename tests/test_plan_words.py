"""The completion plan in words (vakmanschap.text.plan_words): a pure function of the plan."""

from __future__ import annotations

from datetime import date
from typing import Any

import vakmanschap as vk
from vakmanschap.model.words import Text
from vakmanschap.text.plan_words import render_plan

CYCLE = vk.Window(date(2020, 1, 1), date(2024, 1, 1), False)


def step(requirement: str, kind: str, **fields: Any) -> vk.PlanStep:
    """A plan step for requirement ``requirement`` titled with its id in capitals."""
    return vk.PlanStep(requirement=requirement, title=Text(requirement.upper()), kind=kind,
                       **fields)


def plan(*steps: vk.PlanStep, **fields: Any) -> vk.Plan:
    """A plan on 1 January 2023 for the standard cycle, due 1 January 2024."""
    base: dict[str, Any] = {"professional_id": "p1", "register": "test", "version": "v1",
                            "group": "reregistration", "on": date(2023, 1, 1),
                            "deadline": date(2024, 1, 1), "inclusive": False, "cycle": CYCLE,
                            "steps": steps, "verified": True}
    return vk.Plan(**{**base, **fields})


def test_every_kind_of_step_has_its_words() -> None:
    """Each step kind reads as documented on PlanStep (52 hours over the 365 days of 2023
    are 1.0 hour a week, rounded up to a tenth)."""
    words = render_plan(plan(
        step("a", "amount", amount=12, unit="hours"),
        step("b", "activities", count=2),
        step("c", "theme", amount=3, unit="points", theme="t1", theme_title=Text("Ethiek")),
        step("d", "theme", count=1, theme="t2"),
        step("e", "work_hours", amount=52, unit="hours",
             window=vk.Window(date(2023, 1, 1), date(2024, 1, 1), False)),
        step("f", "qualification", kinds=("master",), kind_titles=(Text("Master"),)),
        step("g", "attestation", kinds=("eed", "belofte"),
             kind_titles=(Text("Eed"), Text("Belofte"))),
        step("h", "condition", achievable=False),
        step("i", "manual", achievable=False),
    ))
    assert words == (
        "Nog te doen vóór 1 januari 2024: 12 uur voor A; 2 activiteiten voor B; 3 punten "
        "in thema Ethiek; één activiteit in thema t2; 52 uur werk voor E (gemiddeld 1 uur "
        "per week) in 2023; een Master (voor F); een Eed of Belofte (voor G); H (niet "
        "haalbaar); I (het register beoordeelt wat hiervoor nodig is).")


def test_english_words_and_an_inclusive_deadline() -> None:
    """English, 'by' for an inclusive due date, one activity and the manual step."""
    words = render_plan(plan(step("b", "activities", count=1),
                             step("i", "manual", achievable=False), inclusive=True), "en")
    assert words == ("Still to do by 1 January 2024: one activity for B; I (the register "
                     "decides what this needs).")


def test_nested_steps_are_said_once_after_waarvan() -> None:
    """A step within a step within another goes with the outermost, after 'waarvan'."""
    words = render_plan(plan(step("a", "amount", amount=20, unit="hours"),
                             step("b", "amount", amount=10, unit="hours", within="a"),
                             step("c", "amount", amount=5, unit="hours", within="b")))
    assert words == ("Nog te doen vóór 1 januari 2024: 20 uur voor A, waarvan 10 uur voor B "
                     "en 5 uur voor C.")


def test_nothing_left_and_met_now() -> None:
    """No steps: 'niets meer' when recorded facts suffice, nothing at all when met now."""
    later = render_plan(plan(recorded_later=("x",)))
    assert later.startswith("Nog te doen: niets meer") and "(x)" in later
    assert render_plan(plan(met_now=True)) == ""
    assert render_plan(plan(verified=False)) == ""
