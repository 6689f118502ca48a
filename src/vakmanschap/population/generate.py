"""A synthetic workforce of rijksambtenaren (central-government civil servants) for simulations.

Everything here is drawn from a seeded random generator, so the same ``size`` and ``seed``
always give the same files. The distributions are illustrative assumptions, chosen to look
like a large public employer and to exercise every rule; they are not official statistics
(docs/population.md lists them with their reasons):

* **organisation**: twelve organisations with unequal weights (a large tax and customs
  organisation, justice and security, infrastructure, ...), **scale** 4-16 peaking at 10-11,
  **birth year** from an age of 45 +- 11 (20-66);
* **part-time**: 28 % work part-time, at 0.89, 0.78, 0.67, 0.56 or 0.5 fte;
* **registration**: the register starts on ``start``; existing staff (88 %) are registered
  during its first year (a phased roll-out), new hires (12 %, the *late starters*) enter
  service during the first three years and are registered within two months of entry;
* **activity mix**: on average ``activities`` (24) per person over a cycle. Reflection
  (1-3 hours) is scheduled: 85 % of people reflect about 2.6 times in every cycle year, the
  others 0.5 times (Poisson). The other activities vary by person (log-normal engagement
  with spread 0.35, 8 % hardly take part; full-timers do more, times fte^0.5): half formal
  training (4-40 hours, mean 18, 85 % accredited), half informal learning (1-8 hours);
  formal training covers one or two themes (90 %), informal learning and reflection at
  most one (50 %, 60 %);
* **timing**: most people spread their training over the cycle; 15 % start late and crowd
  it into the cycle's last part; a few activities fall just before or after the cycle;
* **leave**: 5 % take one long leave (illness, pregnancy, parental or care leave of 3-12
  months) during the cycle and record no activities in it;
* **attestations** (when the rule set declares kinds): 94 % take the oath or promise within
  three months of entering service, 3 % later, 3 % never recorded; 88 % endorse the code of
  conduct once in their cycle.

Categories, themes, attestation kinds and the unit are read from the rule set, so the
generator adapts to it: a category with ``if_unaccredited`` is formal, the category it falls
back to is informal, a category whose name mentions reflection or intervisie is reflection;
any other category shares the informal part.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs
import numpy as np

from vakmanschap.engine.ruleset import RuleSet
from vakmanschap.model.kinds import EventKind, LeaveKind
from vakmanschap.model.periods import DatePolicy
from vakmanschap.population.fact_tables import (
    EVENT_KINDS,
    LEAVE_KINDS,
    REGISTERED_ON_ID,
    ActivityTable,
    AttestationTable,
    EmploymentTable,
    EventTable,
    LeaveTable,
    theme_dtype,
)
from vakmanschap.population.load_report import FileReport, LoadReport
from vakmanschap.population.store import Population
from vakmanschap.progress import Progress, report

__all__ = ["ORGANISATIONS", "Vocabulary", "generate", "vocabulary_of"]

ORGANISATIONS: tuple[tuple[str, float], ...] = (
    ("Belastingdienst", 0.22), ("JenV-uitvoering", 0.16), ("Rijkswaterstaat", 0.08),
    ("BZK", 0.07), ("FIN", 0.05), ("IenW", 0.06), ("SZW", 0.05), ("VWS", 0.05),
    ("EZ-KGG", 0.07), ("BZ", 0.06), ("OCW", 0.05), ("LVVN", 0.08),
)
SCALES = tuple(range(4, 17))
SCALE_WEIGHTS = (0.01, 0.02, 0.04, 0.06, 0.08, 0.10, 0.14, 0.16, 0.15, 0.11, 0.07, 0.04, 0.02)
PART_TIME = ((0.89, 0.35), (0.78, 0.25), (0.67, 0.2), (0.56, 0.12), (0.5, 0.08))
FORMAL_HOURS = ((4, 0.08), (8, 0.2), (12, 0.15), (16, 0.22), (24, 0.17), (32, 0.1), (40, 0.08))
INFORMAL_HOURS = ((1, 0.2), (1.5, 0.1), (2, 0.25), (3, 0.15), (4, 0.15), (6, 0.08), (8, 0.07))
REFLECTION_HOURS = ((1, 0.2), (1.5, 0.3), (2, 0.4), (3, 0.1))
FORMAL_SHARE = 0.5  # of the activities other than reflection
SPREAD = 0.35  # log-normal spread of engagement
REGULAR_REFLECTION = 0.85  # share of people who reflect regularly ...
REFLECTION_RATE = 2.6  # ... this many times a cycle year on average (others: 0.5)
THEME_COUNTS = (  # per kind of activity: how many themes it covers (none, one, two)
    ((0, 0.1), (1, 0.6), (2, 0.3)), ((0, 0.5), (1, 0.5)), ((0, 0.4), (1, 0.6)))
LEAVE_MIX = (("illness", 0.55), ("pregnancy", 0.2), ("parental", 0.2), ("care", 0.05))
FALLBACK_THEMES = ("beginselen-behoorlijk-bestuur", "wetgevingsketen", "integriteit",
                   "publiek-belang", "vakinhoud")


@attrs.frozen
class Vocabulary:
    """What the generator needs from a rule set."""

    categories: tuple[str, ...]
    formal: tuple[str, ...]
    informal: tuple[str, ...]
    reflection: tuple[str, ...]
    themes: tuple[str, ...]
    oath_kinds: tuple[str, ...]
    endorsement_kinds: tuple[str, ...]
    unit: str
    cycle_years: int


def vocabulary_of(rules: RuleSet | None) -> Vocabulary:
    """Read categories, themes and kinds from ``rules`` (the design sketch's when None)."""
    if rules is None:
        return Vocabulary(("formeel", "informeel", "reflectie"), ("formeel",), ("informeel",),
                          ("reflectie",), FALLBACK_THEMES, (), (), "hours", 4)
    names = tuple(rules.categories)
    formal = tuple(n for n, c in rules.categories.items() if c.if_unaccredited)
    fallback = {c.if_unaccredited for c in rules.categories.values() if c.if_unaccredited}
    reflection = tuple(n for n in names if n not in formal and any(
        w in n.lower() for w in ("reflect", "intervisie", "coach", "supervisie")))
    informal = tuple(n for n in names if n in fallback and n not in reflection) or tuple(
        n for n in names if n not in formal and n not in reflection)
    others = tuple(n for n in names if n not in formal + informal + reflection)
    kinds = tuple(rules.attestation_kinds)
    oath = tuple(k for k in kinds if any(w in k.lower() for w in ("eed", "belofte", "oath")))
    endorsement = tuple(k for k in kinds if k not in oath)
    years = rules.versions[-1].cycle.years or 4
    return Vocabulary(names, formal or names[:1], informal + others or names[-1:],
                      reflection, tuple(rules.themes), oath, endorsement, rules.unit, years)


def _pick(rng: np.random.Generator, table: tuple[tuple[Any, float], ...], size: int) -> Any:
    values = np.array([v for v, _ in table])
    weights = np.array([w for _, w in table], dtype=np.float64)
    return values[rng.choice(len(values), size=size, p=weights / weights.sum())]


def _years(day: int, years: int) -> int:
    """``years`` after an ordinal day, 29 February clamped to 28 February."""
    return DatePolicy().add(date.fromordinal(day), years=years).toordinal()


# Bounds of a synthetic workforce (issue 16): beyond them a run would not end or would ask
# for more memory than any machine has; the start keeps every drawn date in years 1800-2400.
MAX_SIZE = 10_000_000
MAX_ACTIVITIES = 1_000.0
START_YEARS = (1900, 2200)


def check_generate_bounds(size: int, seed: int, start: date, activities: float,
                          option: str = "") -> None:
    """Raise DataError naming the argument (``option`` + its name, e.g. ``--size``) when
    one is outside its bound: size 1 to :data:`MAX_SIZE`, seed at least 0, activities 0 to
    :data:`MAX_ACTIVITIES`, start in the years :data:`START_YEARS`."""
    from vakmanschap.errors import DataError

    if not 1 <= size <= MAX_SIZE:
        raise DataError(f"{size}: expected a number of people of at least 1 and at most "
                        f"{MAX_SIZE:,}", field=f"{option}size")
    if seed < 0:
        raise DataError(f"{seed}: expected a seed of at least 0", field=f"{option}seed")
    if not 0 <= activities <= MAX_ACTIVITIES:  # also refuses nan
        raise DataError(f"{activities:g}: expected a mean number of activities of at least 0 "
                        f"and at most {MAX_ACTIVITIES:g}", field=f"{option}activities")
    if not START_YEARS[0] <= start.year <= START_YEARS[1]:
        raise DataError(f"{start.isoformat()}: expected a start date in the years "
                        f"{START_YEARS[0]} to {START_YEARS[1]}", field=f"{option}start")


def generate(size: int, seed: int, rules: RuleSet | None = None, *,
             start: date = date(2025, 1, 1), activities: float = 24.0,
             employments: bool = False, leaves: bool = False,
             progress: Progress | None = None) -> Population:
    """A synthetic workforce of ``size`` people (see the module docstring), as a
    :class:`Population` (write it with :func:`vakmanschap.population.writing.write_csv`).
    ``progress`` (optional) is called as ``progress("generate", done, total)``
    (:mod:`vakmanschap.progress`)."""
    check_generate_bounds(size, seed, start, activities)
    vocab = vocabulary_of(rules)
    report(progress, "generate", 0, 4)
    rng = np.random.default_rng(seed)
    n = size
    width = max(6, len(str(n)))
    ids = np.array([f"p{k:0{width}d}" for k in range(1, n + 1)], dtype=object)
    organisations = np.array([o for o, _ in ORGANISATIONS], dtype=object)
    org = organisations[rng.choice(len(ORGANISATIONS), n, p=np.array(
        [w for _, w in ORGANISATIONS]) / sum(w for _, w in ORGANISATIONS))]
    scale = np.array(SCALES)[rng.choice(len(SCALES), n, p=np.array(SCALE_WEIGHTS) /
                                        sum(SCALE_WEIGHTS))]
    age = np.clip(np.rint(rng.normal(45, 11, n)), 20, 66).astype(np.int64)
    birth_year = start.year - age
    part_time = rng.random(n) < 0.28
    fte = np.where(part_time, _pick(rng, PART_TIME, n), 1.0).astype(np.float64)

    begin = start.toordinal()
    late = rng.random(n) < 0.12
    service_years = np.minimum(rng.exponential(12.0, n), age - 19)
    entered = np.where(late, begin + rng.integers(0, 3 * 365, n),
                       begin - np.rint(service_years * 365.25).astype(np.int64) - 1)
    registered = np.where(late, entered + rng.integers(0, 61, n), begin + rng.integers(0, 365, n))
    cycle_days = _years(begin, vocab.cycle_years) - begin  # the term (leap days aside)
    cycle_end = registered + cycle_days

    report(progress, "generate", 1, 4)
    # reflection: scheduled in every cycle year (teams organise intervisie), Poisson per year
    years = vocab.cycle_years
    reflective = rng.random(n) < REGULAR_REFLECTION
    rate = np.where(reflective, REFLECTION_RATE, 0.5)
    per_year = rng.poisson(np.repeat(rate, years)).reshape(n, years) if vocab.reflection \
        else np.zeros((n, years), dtype=np.int64)
    r_person = np.repeat(np.repeat(np.arange(n, dtype=np.int32), years), per_year.ravel())
    r_year = np.repeat(np.tile(np.arange(years), n), per_year.ravel())
    r_day = (registered[r_person] + np.floor((r_year + rng.random(len(r_person))) * cycle_days
                                              / years)).astype(np.int64)
    mean_reflection = years * (REGULAR_REFLECTION * REFLECTION_RATE
                               + (1 - REGULAR_REFLECTION) * 0.5) if vocab.reflection else 0.0
    # formal and informal learning: engagement varies by person, full-timers do more
    disengaged = rng.random(n) < 0.08
    engagement = rng.lognormal(0.0, SPREAD, n) * np.where(disengaged, 0.25, 1.0)
    norm = np.exp(SPREAD ** 2 / 2) * (0.92 + 0.08 * 0.25) * np.sqrt(fte).mean()
    expected = max(activities - mean_reflection, 0.0) * np.sqrt(fte) * engagement / norm
    o_person = np.repeat(np.arange(n, dtype=np.int32), rng.poisson(expected))
    procrastinator = rng.random(n) < 0.15
    position = np.where(procrastinator[o_person], rng.beta(3.0, 1.0, len(o_person)),
                        rng.random(len(o_person)))
    span = float(cycle_days + 150)
    o_day = (registered[o_person] - 60 + np.floor(position * span)).astype(np.int64)
    person = np.concatenate([o_person, r_person])
    day = np.concatenate([o_day, r_day])
    kind = np.concatenate([rng.choice(2, len(o_person), p=[FORMAL_SHARE, 1 - FORMAL_SHARE]),
                           np.full(len(r_person), 2)])

    # long leave: no activities during it
    on_leave = rng.random(n) < 0.05
    leave_people = np.flatnonzero(on_leave)
    leave_start = registered[leave_people] + rng.integers(0, max(cycle_days - 365, 1),
                                                          len(leave_people))
    leave_end = leave_start + rng.integers(90, 366, len(leave_people))
    leave_kind = _pick(rng, LEAVE_MIX, len(leave_people))
    l_start = np.zeros(n, np.int64)
    l_end = np.zeros(n, np.int64)
    l_start[leave_people] = leave_start
    l_end[leave_people] = leave_end
    keep = ~(on_leave[person] & (day >= l_start[person]) & (day <= l_end[person]))
    person, day, kind = person[keep], day[keep], kind[keep]
    m = len(person)

    report(progress, "generate", 2, 4)
    # category, amount, accreditation, themes
    category = np.zeros(m, dtype=np.int16)
    index = {name: k for k, name in enumerate(vocab.categories)}
    for k, names in enumerate((vocab.formal, vocab.informal, vocab.reflection)):
        rows = np.flatnonzero(kind == k)
        if len(rows) and names:
            codes = np.array([index[c] for c in names], dtype=np.int16)
            category[rows] = codes[rng.integers(0, len(codes), len(rows))]
    hours = np.zeros(m, dtype=np.float64)
    for k, table in enumerate((FORMAL_HOURS, INFORMAL_HOURS, REFLECTION_HOURS)):
        rows = np.flatnonzero(kind == k)
        hours[rows] = _pick(rng, table, len(rows))
    amount = np.rint(hours * 100).astype(np.int32)
    accredited = (kind == 0) & (rng.random(m) < 0.85)
    themes = np.zeros(m, dtype=np.uint64)
    t = len(vocab.themes)
    if t:  # none, one or two themes (two draws may coincide: then one)
        how_many = np.zeros(m, dtype=np.int64)
        for k, table in enumerate(THEME_COUNTS):
            rows = np.flatnonzero(kind == k)
            how_many[rows] = _pick(rng, table, len(rows))
        for draw in range(2):
            pick = rng.integers(0, t, m).astype(np.uint64)
            themes |= np.where(how_many > draw, np.uint64(1) << pick, np.uint64(0))
    order = np.lexsort((day, person))
    person, day = person[order], day[order]
    category, amount, accredited, themes = (category[order], amount[order], accredited[order],
                                            themes[order])
    acts = ActivityTable(
        person=person, day=day.astype(np.int32), amount=amount,
        points=np.full(m, vocab.unit == "points"), category=category,
        themes=themes.astype(theme_dtype(t)), accredited=accredited,
        provider=np.full(m, -1, np.int8), rows=None, first_row=2, categories=vocab.categories,
        themes_names=vocab.themes, providers=(), ids=None, source="activities.csv",
        id_width=len(str(m + 1)))

    events = EventTable(person=np.arange(n, dtype=np.int32),
                        kind=np.full(n, EVENT_KINDS.index(EventKind.REGISTERED), np.int8),
                        on=registered.astype(np.int32), until=np.zeros(n, np.int32),
                        level=(None,) * n, ids=(REGISTERED_ON_ID,) * n)
    emp = EmploymentTable.empty()
    if employments:
        emp = EmploymentTable(person=np.arange(n, dtype=np.int32),
                              start=entered.astype(np.int32), end=np.zeros(n, np.int32),
                              hours=np.round(36 * fte, 2), role=(None,) * n,
                              ids=tuple(f"employment-{k}" for k in range(n)))
    lv = LeaveTable.empty()
    if leaves:
        lv = LeaveTable(person=leave_people.astype(np.int32), start=leave_start.astype(np.int32),
                        end=leave_end.astype(np.int32),
                        kind=np.array([LEAVE_KINDS.index(LeaveKind(k))
                                       for k in leave_kind.tolist()], dtype=np.int8),
                        ids=tuple(f"leave-{k}" for k in range(len(leave_people))))
    report(progress, "generate", 3, 4)
    att = _attestations(rng, vocab, entered, registered, cycle_end, n)
    attributes = {"organisation": org, "scale": scale.astype(str).astype(object),
                  "birth_year": birth_year.astype(str).astype(object),
                  "part_time": np.where(part_time, "yes", "no").astype(object),
                  "late_starter": np.where(late, "yes", "no").astype(object),
                  "on_leave": np.where(on_leave, "yes", "no").astype(object)}
    report(progress, "generate", 4, 4)
    load_report = LoadReport((FileReport("generated", n, n, 0),))
    return Population(ids=ids, fte=fte, entered=entered.astype(np.int32),
                      entry=entered.astype(np.int32), attributes=attributes, activities=acts,
                      employments=emp, leaves=lv, events=events, report=load_report,
                      attestations=att)


def _attestations(rng: np.random.Generator, vocab: Vocabulary, entered: Any, registered: Any,
                  cycle_end: Any, n: int) -> AttestationTable:
    people: list[Any] = []
    kinds: list[Any] = []
    days: list[Any] = []
    names: list[str] = []
    if vocab.oath_kinds:
        roll = rng.random(n)
        has = roll < 0.97
        late = (roll >= 0.94) & has
        delay = np.where(late, rng.integers(100, 730, n), rng.integers(0, 85, n))
        who = np.flatnonzero(has)
        people.append(who)
        extra = len(vocab.oath_kinds) - 1  # the first kind (the oath) is the usual one
        weights = np.array([0.8 if extra else 1.0] + [0.2 / max(extra, 1)] * extra)
        kinds.append(rng.choice(len(vocab.oath_kinds), len(who), p=weights))
        days.append(entered[who] + delay[who])
        names.extend(vocab.oath_kinds)
    offset = len(names)
    if vocab.endorsement_kinds:
        who = np.flatnonzero(rng.random(n) < 0.88)
        people.append(who)
        kinds.append(offset + rng.integers(0, len(vocab.endorsement_kinds), len(who)))
        span = np.maximum(cycle_end[who] - registered[who] - 1, 1)
        days.append(registered[who] + (rng.random(len(who)) * span).astype(np.int64))
        names.extend(vocab.endorsement_kinds)
    if not people:
        return AttestationTable.empty()
    person = np.concatenate(people)
    order = np.argsort(person, kind="stable")
    return AttestationTable(person=person[order].astype(np.int32),
                            kind=np.concatenate(kinds)[order].astype(np.int32),
                            on=np.concatenate(days)[order].astype(np.int32),
                            kinds=tuple(names),
                            ids=tuple(f"attestation-{k}" for k in range(len(person))))
