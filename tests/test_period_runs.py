"""Runs of like periods in explanations (vakmanschap.text.period_runs)."""

from __future__ import annotations

import sys
from datetime import date, timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

import vakmanschap as vk
from helpers import ON as HELPERS_ON
from helpers import every_primitive_rules
from strategies import professionals
from vakmanschap.engine.assessment import RequirementResult
from vakmanschap.model.periods import Window
from vakmanschap.text.period_runs import MIN_RUN, Run, may_run, runs

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from assess import professional_for

ON = date(2026, 11, 30)
KP = vk.builtin_rules("kp")


def _kp() -> vk.Assessment:
    """KP's benchmark professional: 17 months of work behind, 43 months of the term ahead."""
    return KP.assess(professional_for(KP, ON), ON)


def _months(a: vk.Assessment) -> tuple[RequirementResult, ...]:
    """The sixty month nodes of KP's ``werk-36-maanden``."""
    node = next(n for n in a.result.walk() if n.id == "werk-36-maanden")
    return node.children


def test_kp_tree_says_each_run_once() -> None:
    """KP's sixty months read as two lines: the months worked and the months still open."""
    text = _kp().explain()
    assert text.count("Werk in het beroep in deze maand") == 3  # two tree lines, one sentence
    assert ("✓ Werk in het beroep in deze maand: voldaan in 17 periodes "
            "[1 juli 2025 – 30 november 2026]") in text
    assert ("✗ Werk in het beroep in deze maand: 0 van 1 uur in elk van 43 periodes "
            "[1 december 2026 – 30 juni 2030]") in text


def test_kp_missing_says_how_many_periods_suffice() -> None:
    """The missing list says that 19 of the 43 open months suffice, then one sentence."""
    text = _kp().explain()
    assert ("- 19 van de volgende 43 periodes volstaan "
            "(Werkervaring in minstens 36 maanden):") in text
    assert ("  - U voldoet niet aan Werk in het beroep in deze maand in 43 periodes "
            "(1 december 2026 – 30 juni 2030): 0 van 1 uur; er ontbreekt 1 uur per periode, "
            "telkens binnen de eigen periode (bron: ") in text


def test_kp_english() -> None:
    """The English explanation words runs and the periods that suffice."""
    text = _kp().explain("en")
    assert ("✓ Work in the profession this month: met in 17 periods "
            "[1 July 2025 – 30 November 2026]") in text
    assert "0 of 1 hour in each of 43 periods [1 December 2026 – 30 June 2030]" in text
    assert "- 19 of the following 43 periods suffice (Work in at least 36 months):" in text
    assert "1 hour missing per period, each within its own period" in text


def test_json_keeps_every_period() -> None:
    """Only the text is condensed: the JSON of the assessment still holds all sixty months."""
    doc = _kp().to_dict()

    def find(node: dict[str, object]) -> dict[str, object] | None:
        if node.get("id") == "werk-36-maanden":
            return node
        for child in node.get("children", []):  # type: ignore[union-attr]
            found = find(child)
            if found is not None:
                return found
        return None

    node = find(doc["result"])  # type: ignore[arg-type]
    assert node is not None and len(node["children"]) == 60  # type: ignore[arg-type]


def test_ended_periods_are_said_apart() -> None:
    """Unmet months that ended before the assessment date form their own run, whose
    deadlines have passed."""
    person = professional_for(KP, ON)
    # No work at all: every month of the term is unmet, the first 17 already over.
    person = vk.Professional(id=person.id, fte=person.fte, activities=person.activities,
                             attestations=person.attestations, events=person.events,
                             entered_service=person.entered_service)
    text = KP.assess(person, ON).explain()
    assert "0 van 1 uur in elk van 16 periodes [1 juli 2025 – 31 oktober 2026]" in text
    assert "0 van 1 uur in elk van 44 periodes [1 november 2026 – 30 juni 2030]" in text
    assert "termijnen verstreken (telkens binnen de eigen periode)" in text


def _node(template: RequirementResult, start: date, met: bool, actual: float) -> RequirementResult:
    """A month node like ``template`` for the month from ``start``, met or not."""
    end = (start.replace(day=28) + timedelta(days=4)).replace(day=1)
    return template._replace(window=Window(start, end, end_inclusive=False), met=met,
                             actual=actual, deadline=end)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.booleans(), st.sampled_from([0.0, 0.5, 2.0])), max_size=30),
       st.integers(0, 30))
def test_runs_keep_every_period_in_order(shape: list[tuple[bool, float]], today: int) -> None:
    """Runs hold every child once, in order; each run is at least MIN_RUN adjacent periods
    of one outcome, unmet ones with one phrase and on one side of the assessment date; no
    MIN_RUN like neighbours are left outside a run."""
    template = _months(_kp())[0]
    day = date(2025, 1, 1)
    children = []
    for met, actual in shape:
        node = _node(template, day, met, actual)
        children.append(node)
        assert node.window is not None
        day = node.window.end
    on = date(2025, 1, 1) + timedelta(days=31 * today)

    def phrase(node: RequirementResult, lang: str) -> str:
        return f"{node.actual} van 1 uur"

    out = runs(children, "nl", phrase, on)
    flat = [n for item in out for n in (item.nodes if isinstance(item, Run) else (item,))]
    assert flat == children
    for item in out:
        if isinstance(item, Run):
            assert len(item.nodes) >= MIN_RUN
            assert len({n.met for n in item.nodes}) == 1
            if not item.met:
                assert {phrase(n, "nl") for n in item.nodes} == {item.phrase}
                assert len({n.window.last_day < on for n in item.nodes}) == 1  # type: ignore[union-attr]
    # Maximal: MIN_RUN consecutive loose children are never alike.
    loose = [i for i, item in enumerate(out) if not isinstance(item, Run)]
    for i in loose:
        group = out[i:i + MIN_RUN]
        if len(group) == MIN_RUN and not any(isinstance(g, Run) for g in group):
            nodes = [g for g in group if isinstance(g, RequirementResult)]
            alike = len({n.met for n in nodes}) == 1 and (nodes[0].met or (
                len({phrase(n, "nl") for n in nodes}) == 1
                and len({n.window.last_day < on for n in nodes}) == 1))  # type: ignore[union-attr]
            assert not alike


def test_short_sequences_stay_line_by_line() -> None:
    """Fewer than MIN_RUN like periods (the civil-servant register's four years) keep a
    line each."""
    text = vk.builtin_rules("rijksambtenaar")
    a = text.assess(professional_for(text, ON), ON)
    out = a.explain()
    assert out.count("Reflectie of intervisie in dit cyclusjaar:") == 4


EVERY = every_primitive_rules()


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_phrase_never_reads_the_period(data: st.DataObject) -> None:
    """Every primitive's phrase is the same for a node moved to another period and deadline,
    which is what lets a run word its first period for all of them."""
    person = data.draw(professionals(EVERY))
    a = EVERY.assess(person, HELPERS_ON)
    other = Window(date(1999, 3, 1), date(1999, 4, 1), end_inclusive=False)
    for node in a.result.walk():
        if node.rule is None:
            continue
        moved = node._replace(window=other, deadline=date(1999, 4, 1))
        for lang in ("nl", "en"):
            assert node.rule.phrase(node, lang) == node.rule.phrase(moved, lang)


def test_phrase_never_reads_the_period_in_shipped_rules() -> None:
    """The same holds for every node of every shipped rule set's benchmark professional."""
    other = Window(date(1999, 3, 1), date(1999, 4, 1), end_inclusive=False)
    for name in vk.builtin_names():
        rules = vk.builtin_rules(name)
        for node in rules.assess(professional_for(rules, ON), ON).result.walk():
            if node.rule is not None:
                moved = node._replace(window=other, deadline=date(1999, 4, 1))
                assert node.rule.phrase(node, "nl") == node.rule.phrase(moved, "nl"), name


def test_may_run_only_for_siblings_that_share_an_id() -> None:
    """The cheap check admits a per_period's months and refuses a node's distinct children
    and lists too short for a run."""
    months = _months(_kp())
    assert may_run(months) and may_run(months[:MIN_RUN])
    assert not may_run(months[:MIN_RUN - 1])
    assert not may_run(_kp().result.children)
