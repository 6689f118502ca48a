"""Hypothesis strategies for property-testing an integration with vakmanschap.

Needs Hypothesis: ``pip install 'vakmanschap[strategies]'`` (importing this module without it
raises an ImportError that says so). Everything drawn is valid input: professionals and
activities build without error, HR-export rows use the columns of docs/quickstart-hr.md, rule
files load. Give a :class:`RuleSet` to draw only the names it declares (categories, themes,
roles, qualification and attestation kinds, levels), so that every professional passes
``rules.check_professional``::

    from hypothesis import given
    import vakmanschap as vk
    from vakmanschap import strategies as vks

    RULES = vk.load_rules("rules/rijksambtenaar.yaml")

    @given(vks.professionals(RULES))
    def test_my_export_round_trips(person):
        assessment = RULES.assess(person, on="2028-01-01")
        assert my_hr_system.store(assessment.to_dict())   # never raises

Ids are unique and predictable (``p0``; ``a0``, ``a1``, ... for activities), so shrunk
examples stay readable.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

try:
    from hypothesis import strategies as st
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError("vakmanschap.strategies needs Hypothesis: "
                      "pip install 'vakmanschap[strategies]'") from exc

import yaml

from vakmanschap.engine.ruleset import RuleSet
from vakmanschap.model.records import (
    Activity,
    Attestation,
    Employment,
    Leave,
    LeaveKind,
    Professional,
    Qualification,
    RegisterEvent,
)

__all__ = [
    "HR_ACTIVITY_COLUMNS",
    "HR_PROFESSIONAL_COLUMNS",
    "PRIMITIVES",
    "Vocabulary",
    "activities",
    "activity_lists",
    "amounts",
    "dates",
    "hr_activity_rows",
    "hr_exports",
    "hr_professional_rows",
    "mutated_texts",
    "person_dicts",
    "professionals",
    "rule_file_data",
    "rule_file_texts",
    "rule_sets",
    "to_person_dict",
    "vocabulary",
]

HR_PROFESSIONAL_COLUMNS = ("id", "registered_on", "fte", "organisatie", "schaal")
HR_ACTIVITY_COLUMNS = ("professional_id", "date", "hours", "points", "category", "theme",
                       "accredited")

#: The requirement primitives :func:`rule_file_data` draws from by default.
PRIMITIVES = ("total", "count", "distinct_themes", "share", "per_period", "work_hours",
              "qualification", "attestation", "all_of", "any_of", "at_least")


class Vocabulary:
    """The names drawn from: those of a rule set, or a small default vocabulary."""

    def __init__(self, rules: RuleSet | None = None) -> None:
        self.rules = rules
        if rules is None:
            self.categories: tuple[str, ...] = ("formeel", "informeel", "reflectie")
            self.themes: tuple[str, ...] = ("t1", "t2", "t3", "t4")
            self.unit = "hours"
            self.roles: tuple[str, ...] = ()
            self.qualification_kinds: tuple[str, ...] = ("master", "bachelor")
            self.attestation_kinds: tuple[str, ...] = ("ambtseed", "belofte")
            self.levels: tuple[str, ...] = ()
            self.first_day = date(2000, 1, 1)
        else:
            self.categories = tuple(rules.categories)
            self.themes = tuple(rules.themes)
            self.unit = rules.unit
            self.roles = tuple(rules.roles)
            self.qualification_kinds = tuple(rules.qualification_kinds) or ("master",)
            self.attestation_kinds = tuple(rules.attestation_kinds) or ("ambtseed",)
            self.levels = tuple(rules.levels)
            self.first_day = rules.versions[0].valid_from


def vocabulary(rules: RuleSet | None = None) -> Vocabulary:
    """The names the strategies use for ``rules`` (or the default vocabulary)."""
    return Vocabulary(rules)


@lru_cache(maxsize=1024)
def dates(start: date = date(2000, 1, 1),
          end: date = date(2040, 12, 31)) -> st.SearchStrategy[date]:
    """Dates in ``[start, end]``, with 29 February, month ends and 1 January well represented."""
    edge = [d for y in range(start.year, end.year + 1)
            for d in (_leap(y), date(y, 1, 1), date(y, 1, 31), date(y, 12, 31),
                      date(y, 4, 30), date(y, 3, 1), date(y, 2, 28))
            if d is not None and start <= d <= end]
    plain = st.dates(start, end)
    return st.one_of(plain, st.sampled_from(edge)) if edge else plain


def _leap(year: int) -> date | None:
    return date(year, 2, 29) if year % 4 == 0 and (year % 100 or year % 400 == 0) else None


@lru_cache(maxsize=64)
def amounts(max_value: float = 80, *, min_value: float = 0) -> st.SearchStrategy[float]:
    """Amounts recorded to the hundredth (as the model requires), whole numbers favoured."""
    low, high = round(min_value * 100), round(max_value * 100)
    return st.one_of(st.integers(low, high).map(_hundredths),
                     st.integers(-(-low // 100), high // 100).map(float))


def _hundredths(cents: int) -> float:
    return cents / 100


@lru_cache(maxsize=256)
def _one(values: tuple[Any, ...]) -> st.SearchStrategy[Any]:
    """``sampled_from`` over a tuple, built (and validated by Hypothesis) once."""
    return st.sampled_from(values)


_BOOL = st.booleans()


_LEAVE_KINDS = tuple(k.value for k in LeaveKind)


@lru_cache(maxsize=256)
def _edge_dates(first_year: int, last_year: int) -> tuple[date, ...]:
    return tuple(d for y in range(first_year, last_year + 1)
                 for d in (_leap(y), date(y, 1, 1), date(y, 1, 31), date(y, 12, 31),
                           date(y, 4, 30), date(y, 3, 1), date(y, 2, 28)) if d is not None)


def _draw_date(draw: st.DrawFn, start: date, end: date) -> date:
    """A date in ``[start, end]``; one in four an edge date (29 February, month ends)."""
    end = max(start, end)
    if draw(st.integers(0, 3)) == 0:
        inside = [d for d in _edge_dates(start.year, end.year) if start <= d <= end]
        if inside:
            return inside[draw(st.integers(0, len(inside) - 1))]
    return start + timedelta(days=draw(st.integers(0, (end - start).days)))


def _maybe_date(draw: st.DrawFn, start: date, end: date) -> date | None:
    return None if draw(_BOOL) else _draw_date(draw, start, end)


def _maybe(draw: st.DrawFn, strategy: st.SearchStrategy[Any]) -> Any:
    """None or a value of ``strategy`` (without building a new one_of each time)."""
    return None if draw(_BOOL) else draw(strategy)


@st.composite
def activities(draw: st.DrawFn, rules: RuleSet | None = None, ident: str = "a0", *,
               start: date | None = None, end: date | None = None, unit: str | None = None,
               max_amount: float = 60) -> Activity:
    """One valid activity with the categories and themes of ``rules``."""
    return _activity(draw, Vocabulary(rules), ident, start, end, unit, max_amount)


def _activity(draw: st.DrawFn, vocab: Vocabulary, ident: str, start: date | None,
              end: date | None, unit: str | None, max_amount: float) -> Activity:
    first = start or vocab.first_day
    last = end or first + timedelta(days=365 * 8)
    on = _draw_date(draw, first, last)
    themes = (draw(st.lists(_one(vocab.themes), max_size=3, unique=True))
              if vocab.themes else [])
    chosen_unit = unit or draw(_one((vocab.unit,) * 6 + ("hours", "points")))
    back = _maybe(draw, st.integers(0, 5))
    return Activity(id=ident, on=on, category=draw(_one(vocab.categories)),
                    themes=tuple(themes), accredited=draw(_BOOL),
                    provider=draw(_one((None, "academie", "hogeschool"))),
                    start=None if back is None else on - timedelta(days=back),
                    **{chosen_unit: draw(amounts(max_amount))})


@st.composite
def activity_lists(draw: st.DrawFn, /, rules: RuleSet | None = None, *, min_size: int = 0,
                   max_size: int = 15, start: date | None = None, end: date | None = None,
                   unit: str | None = None, max_amount: float = 60) -> list[Activity]:
    """Activities with unique ids ``a0``, ``a1``, ... (keyword arguments: :func:`activities`)."""
    vocab = Vocabulary(rules)
    size = draw(st.integers(min_size, max_size))
    return [_activity(draw, vocab, f"a{i}", start, end, unit, max_amount) for i in range(size)]


@st.composite
def professionals(draw: st.DrawFn, rules: RuleSet | None = None, *, ident: str = "p0",
                  registered: date | st.SearchStrategy[date | None] | str | None = "draw",
                  max_activities: int = 15, max_records: int = 2) -> Professional:
    """A valid professional: activities, employments, leave, attestations, qualifications
    and (unless ``registered`` is given as None) a registration decision.

    ``registered`` may be a date, None (never registered) or a strategy; by default
    (``"draw"``) None or a date in the first three years of the rule set's first version.
    """
    vocab = Vocabulary(rules)
    base = vocab.first_day
    reg: date | None
    if isinstance(registered, st.SearchStrategy):
        reg = draw(registered)
    elif isinstance(registered, str):
        reg = _maybe_date(draw, base, base + timedelta(days=365 * 3))
    else:
        reg = registered
    anchor = reg or base
    entered = _maybe_date(draw, anchor - timedelta(days=365 * 4), anchor)
    span_start, span_end = anchor - timedelta(days=400), anchor + timedelta(days=365 * 6)
    employments: list[Employment] = []
    for i in range(draw(st.integers(0, max_records))):
        first = _draw_date(draw, span_start - timedelta(days=365 * 3), span_end)
        last = _maybe_date(draw, first, span_end + timedelta(days=365))
        employments.append(Employment(
            id=f"e{i}", start=first, end=last, hours_per_week=draw(amounts(40)),
            role=draw(_one((*vocab.roles, None)))))
    leaves: list[Leave] = []
    for i in range(draw(st.integers(0, max_records))):
        first = _draw_date(draw, span_start, span_end)
        leaves.append(Leave(id=f"l{i}", start=first,
                            end=first + timedelta(days=draw(st.integers(0, 400))),
                            kind=draw(_one(_LEAVE_KINDS))))
    attestations = [Attestation(id=f"t{i}", kind=draw(_one(vocab.attestation_kinds)),
                                on=_draw_date(draw, span_start - timedelta(days=365), span_end))
                    for i in range(draw(st.integers(0, max_records)))]
    qualifications: list[Qualification] = []
    for i in range(draw(st.integers(0, max_records))):
        awarded = _maybe_date(draw, span_start - timedelta(days=3650),
                                                  span_end)
        qualifications.append(Qualification(
            id=f"q{i}", kind=draw(_one(vocab.qualification_kinds)),
            ects=_maybe(draw, amounts(120)), awarded_on=awarded,
            started_on=None if awarded else _draw_date(draw, span_start, span_end),
            accredited_until=_maybe_date(draw, span_start, span_end)))
    events = []
    if reg is not None:
        level = draw(_one(vocab.levels)) if vocab.levels else None
        events.append(RegisterEvent(id="r0", kind="registered", on=reg, level=level))
    return Professional(
        id=ident, fte=draw(_one((1.0, 0.8, 0.5, 0.25, 1.2, 0.6))),
        entered_service=entered,
        activities=[_activity(draw, vocab, f"a{i}", anchor - timedelta(days=200),
                              anchor + timedelta(days=365 * 6), None, 60)
                    for i in range(draw(st.integers(0, max_activities)))],
        employments=employments, leaves=leaves, attestations=attestations,
        qualifications=qualifications, events=events,
        attributes={"organisatie": draw(_one(("BZK", "FIN", "JenV")))})


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


# -- HR exports ------------------------------------------------------------------------------

@st.composite
def hr_professional_rows(draw: st.DrawFn, ident: str = "p0",
                         rules: RuleSet | None = None) -> dict[str, str]:
    """One row of ``professionals.csv``: id, registered_on, fte and grouping columns."""
    return _professional_row(draw, Vocabulary(rules), ident)


def _professional_row(draw: st.DrawFn, vocab: Vocabulary, ident: str) -> dict[str, str]:
    registered = _draw_date(draw, vocab.first_day, vocab.first_day + timedelta(days=365 * 3))
    return {"id": ident, "registered_on": registered.isoformat(),
            "fte": f"{draw(_one((1.0, 0.8, 0.5, 0.25, 1.2))):g}",
            "organisatie": draw(_one(("BZK", "FIN", "JenV"))),
            "schaal": str(draw(st.integers(6, 16)))}


@st.composite
def hr_activity_rows(draw: st.DrawFn, professional_id: str = "p0",
                     rules: RuleSet | None = None) -> dict[str, str]:
    """One row of ``activities.csv``: themes joined by ``;``, accredited as true/false."""
    return _activity_row(draw, Vocabulary(rules), professional_id)


def _activity_row(draw: st.DrawFn, vocab: Vocabulary, professional_id: str) -> dict[str, str]:
    act = _activity(draw, vocab, "a0", None, None, None, 60)
    return {"professional_id": professional_id, "date": act.on.isoformat(),
            "hours": f"{act.hours:g}" if act.hours is not None else "",
            "points": f"{act.points:g}" if act.points is not None else "",
            "category": act.category, "theme": ";".join(act.themes),
            "accredited": "true" if act.accredited else "false"}


@st.composite
def hr_exports(draw: st.DrawFn, rules: RuleSet | None = None, *, max_people: int = 5,
               max_activities: int = 10) -> tuple[str, str]:
    """The text of ``professionals.csv`` and ``activities.csv`` with consistent ids."""
    vocab = Vocabulary(rules)
    count = draw(st.integers(1, max_people))
    people = [_professional_row(draw, vocab, f"p{i}") for i in range(count)]
    acts = [_activity_row(draw, vocab, f"p{draw(st.integers(0, count - 1))}")
            for _ in range(draw(st.integers(0, max_activities)))]
    return _csv(HR_PROFESSIONAL_COLUMNS, people), _csv(HR_ACTIVITY_COLUMNS, acts)


def _csv(columns: Sequence[str], rows: Sequence[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


# -- rule files ------------------------------------------------------------------------------

@lru_cache(maxsize=64)
def _dated(value: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """A parameter: one value, or values from dates on (always from 2000-01-01)."""
    history = st.tuples(value, st.lists(st.tuples(st.integers(2001, 2035), value),
                                        max_size=2, unique_by=lambda p: p[0]))
    return st.one_of(value, history.map(_history))


def _history(drawn: tuple[Any, list[tuple[int, Any]]]) -> dict[str, Any]:
    first, later = drawn
    return {"2000-01-01": first, **{f"{year}-01-01": v for year, v in later}}


def _whole(low: int, high: int) -> st.SearchStrategy[int]:
    return st.integers(low, high)


CAPS = ("per_activity", "per_day", "per_category")
_EVERY = st.sampled_from(["cycle_year", "calendar_year", {"months": 6}])


class _Ids:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, prefix: str) -> str:
        self.count += 1
        return f"{prefix}{self.count}"


def _requirement(draw: st.DrawFn, vocab: Vocabulary, ids: _Ids, depth: int,
                 kinds: tuple[str, ...], caps: tuple[str, ...] = CAPS) -> dict[str, Any]:
    leaves = [k for k in kinds if k not in ("all_of", "any_of", "at_least", "per_period")]
    usable = list(kinds if depth > 0 else leaves) or ["total"]
    kind = draw(_one(tuple(usable)))
    node: dict[str, Any] = {"id": ids(kind.replace("_", "-") + "-"), "title": kind}
    cats = st.lists(_one(vocab.categories), min_size=1, max_size=2, unique=True)

    def filters() -> dict[str, Any]:
        out: dict[str, Any] = {}
        if draw(_BOOL):
            out["categories"] = draw(cats)
        if vocab.themes and draw(st.integers(0, 3)) == 0:
            out["themes"] = draw(st.lists(_one(vocab.themes), min_size=1,
                                          max_size=2, unique=True))
        if draw(st.integers(0, 3)) == 0:
            out["accredited"] = draw(_BOOL)
        return out

    if kind == "total":
        params: dict[str, Any] = {"min": draw(_dated(_whole(0, 200))), **filters()}
        drawn: dict[str, Any] = {}
        if "per_activity" in caps and draw(_BOOL):
            drawn["per_activity"] = draw(_whole(1, 60))
        if "per_day" in caps and draw(st.integers(0, 3)) == 0:
            drawn["per_day"] = draw(_whole(1, 16))
        if "per_category" in caps and draw(_BOOL):
            drawn["per_category"] = {draw(_one(vocab.categories)):
                                     draw(_whole(0, 80))}
        if drawn:
            params["caps"] = drawn
        if draw(st.integers(0, 3)) == 0:
            params["per_activity_min"] = draw(_whole(1, 10))
        prorate = draw(st.lists(_one(("fte", "late_entry")), unique=True))
        if prorate:
            params["prorate"] = prorate
        if draw(st.integers(0, 3)) == 0:
            params["round"] = draw(_one(("hundredth", "whole")))
    elif kind == "count":
        params = {"min": draw(_dated(_whole(0, 6))), **filters()}
    elif kind == "distinct_themes":
        if not vocab.themes:
            return _requirement(draw, vocab, ids, 0, ("total",), caps)
        params = {"min": draw(_whole(0, len(vocab.themes)))}
        if draw(_BOOL):
            params["of"] = draw(st.lists(_one(vocab.themes), min_size=1,
                                         unique=True))
        if draw(st.integers(0, 3)) == 0:
            params["min_per_theme"] = draw(_whole(1, 20))
    elif kind == "share":
        params = {"part_categories": draw(cats)}
        bounds = draw(_one(("min", "max", "both")))
        low = draw(st.integers(0, 100)) / 100
        if bounds in ("min", "both"):
            params["min"] = low
        if bounds in ("max", "both"):
            params["max"] = draw(st.integers(int(low * 100), 100)) / 100 if bounds == "both" \
                else low
    elif kind == "per_period":
        params = {"every": draw(_EVERY),
                  "requires": _requirement(draw, vocab, ids, 0, tuple(leaves) or ("count",),
                                           caps)}
        if draw(_BOOL):
            params["allow_missed"] = draw(_whole(0, 2))
    elif kind == "work_hours":
        params = {"min": draw(_dated(_whole(0, 4000)))}
        if len(vocab.roles) > 0 and draw(_BOOL):
            params["roles"] = [draw(_one(vocab.roles))]
        counting = draw(st.lists(_one(_LEAVE_KINDS), max_size=2,
                                 unique=True))
        if counting:
            params["leave_counts"] = counting
        rest = [k.value for k in LeaveKind if k.value not in counting]
        if len(rest) > 0 and draw(_BOOL):
            params["leave_capped"] = {draw(_one(tuple(rest))):
                                      {"weeks_per_year": draw(_whole(0, 10))}}
        if draw(_BOOL):
            params["interruption_max_years"] = draw(_one((1, 2, 2.5)))
    elif kind == "qualification":
        params = {"kinds": [draw(_one(vocab.qualification_kinds))],
                  "obtained_after_last_registration": draw(_BOOL),
                  "in_progress": draw(_BOOL)}
        if draw(_BOOL):
            params["min_ects"] = draw(_whole(0, 120))
    elif kind == "attestation":
        params = {"kinds": [draw(_one(vocab.attestation_kinds))],
                  "in_cycle": draw(_BOOL)}
        if draw(_BOOL):
            params["within_months_of_entry"] = draw(_whole(0, 12))
    else:
        children = [_requirement(draw, vocab, ids, depth - 1, kinds, caps)
                    for _ in range(draw(st.integers(1, 3)))]
        if kind == "at_least":
            params = {"k": draw(st.integers(1, len(children))), "of": children}
        else:
            params = children  # type: ignore[assignment]
    node[kind] = params
    return node


@st.composite
def rule_file_data(draw: st.DrawFn, rules: RuleSet | None = None, *,
                   kinds: Sequence[str] = PRIMITIVES, max_depth: int = 2,
                   caps: Sequence[str] = ("per_activity", "per_day", "per_category"),
                   date_policy: bool = True) -> dict[str, Any]:
    """A valid rule file as parsed YAML data (a mapping), from the primitives in ``kinds``
    (``total`` drawing only the ``caps`` given; ``date_policy`` False keeps the default).

    With ``rules``, the file declares the same categories, themes, kinds and roles, so that
    professionals drawn for ``rules`` fit it too.
    """
    vocab = Vocabulary(rules)
    ids = _Ids()
    names = {
        "categories": {c: c.capitalize() for c in vocab.categories},
        "themes": {t: t.capitalize() for t in vocab.themes},
        "qualification_kinds": {k: k for k in vocab.qualification_kinds},
        "attestation_kinds": {k: k for k in vocab.attestation_kinds},
    }
    if vocab.roles:
        names["roles"] = {r: r for r in vocab.roles}
    if vocab.levels:
        names["levels"] = {lv: lv for lv in vocab.levels}
    if not names["themes"]:
        del names["themes"]
    data: dict[str, Any] = {"register": "gen", "title": "Generated register",
                            "source": "generated by vakmanschap.strategies",
                            "unit": vocab.unit, **names}
    if date_policy and draw(st.booleans()):
        data["date_policy"] = {"month_end": draw(_one(("clamp", "roll"))),
                               "window_end": draw(_one(("exclusive", "inclusive")))}
    version: dict[str, Any] = {
        "id": "v1", "title": "Version 1",
        "valid_from": min(vocab.first_day, date(2000, 1, 1)).isoformat(),
        "source": "generated",
        "cycle": {"years": draw(st.integers(1, 5)), "months": draw(_one((0, 0, 6))),
                  "next_due": draw(_one(("from_decision", "from_previous_due")))},
        "reregistration": {"id": "root", "title": "Root",
                           "all_of": [_requirement(draw, vocab, ids, max_depth - 1,
                                                   tuple(kinds), tuple(caps))
                                      for _ in range(draw(st.integers(1, 4)))]},
    }
    if vocab.levels:
        version["registration"] = {"levels": [{"level": vocab.levels[0], "requires": {
            "id": "reg", "title": "Registration",
            "total": {"min": draw(_whole(0, 40))}}}]}
    data["versions"] = [version]
    return data


def rule_file_texts(rules: RuleSet | None = None, **kwargs: Any) -> st.SearchStrategy[str]:
    """Valid rule files as YAML text (keyword arguments: :func:`rule_file_data`)."""
    return rule_file_data(rules, **kwargs).map(_dump)


_DUMPER: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def _dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_DUMPER, allow_unicode=True, sort_keys=False)


def rule_sets(rules: RuleSet | None = None, **kwargs: Any) -> st.SearchStrategy[RuleSet]:
    """Parsed rule sets (keyword arguments: :func:`rule_file_data`)."""
    from vakmanschap.io import parse_rules

    return rule_file_texts(rules, **kwargs).map(lambda text: parse_rules(text, "generated.yaml"))


_NOISE = st.sampled_from(["", ":", "- ", "{", "}", "[", "]", "&a ", "*a", "!!python/none",
                         "-1", "1e309", "null", "'", '"', "\t", "  ", "\n", "x:", "0",
                         "2024-02-30", "true", "~", "#", "|", ">", "%", "@", "\x00",
                         "é", "<<: *a"])


@st.composite
def mutated_texts(draw: st.DrawFn, text: str, *, max_edits: int = 4) -> str:
    """``text`` with a few random edits: lines dropped, duplicated or swapped, characters
    changed, YAML punctuation inserted (for fuzzing a parser)."""
    out = text
    for _ in range(draw(st.integers(1, max_edits))):
        lines = out.split("\n")
        op = draw(_one(("drop", "dup", "swap", "char", "insert")))
        i = draw(st.integers(0, max(0, len(lines) - 1)))
        if op == "drop" and len(lines) > 1:
            del lines[i]
        elif op == "dup":
            lines.insert(i, lines[i])
        elif op == "swap" and len(lines) > 1:
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "char" and lines[i]:
            k = draw(st.integers(0, len(lines[i]) - 1))
            lines[i] = lines[i][:k] + draw(_NOISE) + lines[i][k + 1:]
        else:
            k = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:k] + draw(_NOISE) + lines[i][k:]
        out = "\n".join(lines)
    return out
