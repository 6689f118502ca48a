"""Professionals and their activities, valid for a rule set's names, and their person-file form."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from hypothesis import strategies as st

from vakmanschap.model.records import Activity, Professional
from vakmanschap.strategies import records
from vakmanschap.strategies.common import (
    BOOL,
    Vocabulary,
    amounts,
    draw_date,
    maybe,
    maybe_date,
    one,
)

if TYPE_CHECKING:
    from vakmanschap.engine.ruleset import RuleSet

__all__ = ["activities", "activity_lists", "person_dicts", "professionals", "to_person_dict"]


@st.composite
def activities(draw: st.DrawFn, rules: RuleSet | None = None, ident: str = "a0", *,
               start: date | None = None, end: date | None = None, unit: str | None = None,
               max_amount: float = 60) -> Activity:
    """One valid activity with the categories and themes of ``rules``."""
    return draw_activity(draw, Vocabulary(rules), ident, start, end, unit, max_amount)


def draw_activity(draw: st.DrawFn, vocab: Vocabulary, ident: str, start: date | None,
                  end: date | None, unit: str | None, max_amount: float) -> Activity:
    """One activity using ``vocab``'s names, dated in ``[start, end]`` (default: eight years
    from the vocabulary's first day)."""
    first = start or vocab.first_day
    last = end or first + timedelta(days=365 * 8)
    on = draw_date(draw, first, last)
    themes = (draw(st.lists(one(vocab.themes), max_size=3, unique=True))
              if vocab.themes else [])
    others = tuple(u for u in vocab.units if u not in ("hours", "points"))
    chosen_unit = unit or draw(one((vocab.unit,) * 6 + ("hours", "points") + others))
    back = maybe(draw, st.integers(0, 5))
    # words and the like come in larger numbers than hours (500 words give one NOvA point)
    scale = 1 if chosen_unit in ("hours", "points") else 40
    return Activity(id=ident, on=on, category=draw(one(vocab.categories)),
                    themes=tuple(themes), accredited=draw(BOOL),
                    provider=draw(one((None, *vocab.providers))),
                    start=None if back is None else on - timedelta(days=back),
                    amount=draw(amounts(max_amount * scale)), unit=chosen_unit)


@st.composite
def activity_lists(draw: st.DrawFn, /, rules: RuleSet | None = None, *, min_size: int = 0,
                   max_size: int = 15, start: date | None = None, end: date | None = None,
                   unit: str | None = None, max_amount: float = 60) -> list[Activity]:
    """Activities with unique ids ``a0``, ``a1``, ... (keyword arguments: :func:`activities`)."""
    vocab = Vocabulary(rules)
    size = draw(st.integers(min_size, max_size))
    return [draw_activity(draw, vocab, f"a{i}", start, end, unit, max_amount)
            for i in range(size)]


@st.composite
def professionals(draw: st.DrawFn, rules: RuleSet | None = None, *, ident: str = "p0",
                  registered: date | st.SearchStrategy[date | None] | str | None = "draw",
                  max_activities: int = 15, max_records: int = 2) -> Professional:
    """A valid professional: activities, employments, leave, attestations, qualifications
    and (unless ``registered`` is given as None) a registration decision.

    ``registered`` may be a date, None (never registered) or a strategy; by default
    (``"draw"``) None or a date in the first three years of the rule set's first version.
    With ``rules``, the date of entering service is always there (rules may count from it).
    """
    vocab = Vocabulary(rules)
    base = vocab.first_day
    reg: date | None
    if isinstance(registered, st.SearchStrategy):
        reg = draw(registered)
    elif isinstance(registered, str):
        reg = maybe_date(draw, base, base + timedelta(days=365 * 3))
    else:
        reg = registered
    anchor = reg or base
    # Rules may count from entering service (an oath within three months of it): under a
    # rule set everyone has the date, so that every person drawn can be judged.
    entered = (maybe_date if rules is None else draw_date)(
        draw, anchor - timedelta(days=365 * 4), anchor)
    employments = [draw(records.employments(rules, f"e{i}", anchor))
                   for i in range(draw(st.integers(0, max_records)))]
    leaves = [draw(records.leaves(f"l{i}", anchor))
              for i in range(draw(st.integers(0, max_records)))]
    attestations = [draw(records.attestations(rules, f"t{i}", anchor))
                    for i in range(draw(st.integers(0, max_records)))]
    qualifications = [draw(records.qualifications(rules, f"q{i}", anchor))
                      for i in range(draw(st.integers(0, max_records)))]
    events = [] if reg is None else [draw(records.register_events(rules, "r0", reg))]
    return Professional(
        id=ident, fte=draw(one((1.0, 0.8, 0.5, 0.25, 1.2, 0.6))),
        entered_service=entered,
        activities=[draw_activity(draw, vocab, f"a{i}", anchor - timedelta(days=200),
                                  anchor + timedelta(days=365 * 6), None, 60)
                    for i in range(draw(st.integers(0, max_activities)))],
        employments=employments, leaves=leaves, attestations=attestations,
        qualifications=qualifications, events=events,
        attributes={"organisatie": draw(one(("BZK", "FIN", "JenV"))),
                    # a list of themes (total_per_listed_theme reads it)
                    "thema": ";".join(draw(st.lists(one(vocab.themes), max_size=2,
                                                    unique=True)) if vocab.themes else [])})


def to_person_dict(professional: Professional) -> dict[str, Any]:
    """The person-file form (docs/person-file.md) of a professional, JSON-ready."""

    def plain(record: Any) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name in type(record).__attrs_attrs__:
            value = getattr(record, name.name)
            if value is None or value == ():
                continue
            if isinstance(value, date):
                value = value.isoformat()
            elif isinstance(value, tuple):
                value = list(value)
            elif hasattr(value, "value"):  # enums
                value = value.value
            out[name.name] = value
        return out

    data: dict[str, Any] = {"id": professional.id, "fte": professional.fte}
    if professional.entered_service is not None:
        data["entered_service"] = professional.entered_service.isoformat()
    if professional.attributes:
        data["attributes"] = dict(professional.attributes)
    for key in ("activities", "qualifications", "employments", "leaves", "attestations",
                "events"):
        items = getattr(professional, key)
        if items:
            data[key] = [plain(item) for item in items]
    return data


def person_dicts(rules: RuleSet | None = None, **kwargs: Any) -> st.SearchStrategy[
        dict[str, Any]]:
    """Valid person-file mappings (JSON-ready; keyword arguments: :func:`professionals`)."""
    return professionals(rules, **kwargs).map(to_person_dict)
