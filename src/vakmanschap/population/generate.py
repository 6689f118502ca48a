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
  conduct once in their cycle; a kind asked on certain days of every term (terms on a
  calendar grid, or a deadline) is recorded in each term, 94 % in time, 3 % late
  (:mod:`~vakmanschap.population.generate_attestations`).

Categories, themes, attestation kinds and the unit are read from the rule set, so the
generator adapts to it: a category with ``if_unaccredited`` is formal, the category it falls
back to is informal, a category whose name mentions reflection or intervisie is reflection;
any other category shares the informal part. What its requirements ask is read too
(:mod:`~vakmanschap.population.generate_vocabulary`): a category counted in another unit is
recorded in it, reflection is scaled up to a minimum it would not reach, employments (drawn
whenever work counts) get a role, 92 % one whose work counts, and when a version asks several
endorsement kinds together 95 % record each of them. When a requirement names a registered
level (outside a route that also asks a qualification, which is not drawn) or counts work in
the role named like the level, each person is registered at one of the declared levels
(uniformly, on the registration event, which then goes to events.csv), and the role of the
employment follows the level: 92 % one whose work counts for that level.
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
    EmploymentTable,
    EventTable,
    LeaveTable,
    NumberedIds,
)
from vakmanschap.population.generate_attestations import attestations
from vakmanschap.population.generate_rows import (
    FORMAL_HOURS,
    FORMAL_SHARE,
    INFORMAL_HOURS,
    LEAVE_MIX,
    REFLECTION_HOURS,
    REFLECTION_RATE,
    REGULAR_REFLECTION,
    SPREAD,
    THEME_COUNTS,
    activity_rows,
    activity_values,
    sort_rows,
)
from vakmanschap.population.generate_vocabulary import Vocabulary, reading_span, vocabulary_of
from vakmanschap.population.heap import release
from vakmanschap.population.load_report import FileReport, LoadReport
from vakmanschap.population.store import Population
from vakmanschap.progress import Progress, report

__all__ = ["FORMAL_HOURS", "FORMAL_SHARE", "INFORMAL_HOURS", "LEAVE_MIX", "ORGANISATIONS",
           "REFLECTION_HOURS", "REFLECTION_RATE", "REGULAR_REFLECTION", "SPREAD",
           "THEME_COUNTS", "Vocabulary", "generate", "vocabulary_of"]

ORGANISATIONS: tuple[tuple[str, float], ...] = (
    ("Belastingdienst", 0.22), ("JenV-uitvoering", 0.16), ("Rijkswaterstaat", 0.08),
    ("BZK", 0.07), ("FIN", 0.05), ("IenW", 0.06), ("SZW", 0.05), ("VWS", 0.05),
    ("EZ-KGG", 0.07), ("BZ", 0.06), ("OCW", 0.05), ("LVVN", 0.08),
)
SCALES = tuple(range(4, 17))
SCALE_WEIGHTS = (0.01, 0.02, 0.04, 0.06, 0.08, 0.10, 0.14, 0.16, 0.15, 0.11, 0.07, 0.04, 0.02)
PART_TIME = ((0.89, 0.35), (0.78, 0.25), (0.67, 0.2), (0.56, 0.12), (0.5, 0.08))


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
             employments: bool | None = None, leaves: bool = False,
             progress: Progress | None = None) -> Population:
    """A synthetic workforce of ``size`` people (see the module docstring), as a
    :class:`Population` (write it with :func:`vakmanschap.population.writing.write_csv`).
    ``progress`` (optional) is called as ``progress("generate", done, total)``
    (:mod:`vakmanschap.progress`).

    Large draws are made in pieces of :data:`DRAW` values straight into the narrowest type
    that holds them; numpy's generator gives the same values in pieces as in one draw, so the
    files do not depend on the piece size."""
    check_generate_bounds(size, seed, start, activities)
    vocab = vocabulary_of(rules, start)
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
    del service_years, age

    report(progress, "generate", 1, 4)
    person, day, kind, leave = activity_rows(rng, vocab, activities, fte,
                                              registered.astype(np.int32), cycle_days)
    leave_people, leave_start, leave_end, leave_kind, on_leave = leave

    report(progress, "generate", 2, 4)
    rows = [person, day]  # handed over: sort_rows frees them once its key holds them
    del person, day
    release()  # the drawing's temporaries, before the largest step (heap.py)
    person, day, order = sort_rows(rows, registered.astype(np.int32), n)
    values = list(activity_values(rng, vocab, kind))
    del kind
    release()
    for k, column in enumerate(values):  # one at a time: the drawn order is freed at once
        values[k] = column[order]
        del column
    del order
    release()
    category, amount, accredited, themes = values
    del values
    m = len(person)
    acts = ActivityTable(
        person=person, day=day, amount=amount, points=_in_points(vocab, category, m),
        category=category, themes=themes, accredited=accredited,
        provider=np.full(m, -1, np.int8), rows=None, first_row=2, categories=vocab.categories,
        themes_names=vocab.themes, providers=(), ids=None, source="activities.csv",
        id_width=len(str(m + 1)))
    del person, day, category, amount, accredited, themes

    events = EventTable(person=np.arange(n, dtype=np.int32),
                        kind=np.full(n, EVENT_KINDS.index(EventKind.REGISTERED), np.int8),
                        on=registered.astype(np.int32), until=np.zeros(n, np.int32),
                        level=(None,) * n, ids=(REGISTERED_ON_ID,) * n)
    emp = EmploymentTable.empty()
    if vocab.work if employments is None else employments:
        emp = EmploymentTable(person=np.arange(n, dtype=np.int32),
                              start=entered.astype(np.int32), end=np.zeros(n, np.int32),
                              hours=np.round(36 * fte, 2), role=(None,) * n,
                              ids=NumberedIds("employment-", n))
    lv = LeaveTable.empty()
    if leaves:
        lv = LeaveTable(person=leave_people.astype(np.int32), start=leave_start.astype(np.int32),
                        end=leave_end.astype(np.int32),
                        kind=np.array([LEAVE_KINDS.index(LeaveKind(k))
                                       for k in leave_kind.tolist()], dtype=np.int8),
                        ids=NumberedIds("leave-", len(leave_people)))
    report(progress, "generate", 3, 4)
    att = attestations(rng, vocab, entered, registered, cycle_end, n,
                       reading_span(start, vocab.cycle_years)[1].toordinal())
    level = None
    if vocab.levels:  # drawn last: a rule set that names no level draws as before
        level = rng.integers(0, len(vocab.levels), n)
        events = attrs.evolve(events, level=tuple(np.array(vocab.levels, dtype=object)[
            level].tolist()), ids=tuple(f"registration-{k}" for k in range(1, n + 1)))
    if vocab.roles and len(emp.person):  # drawn last: a rule set without roles draws as before
        emp = attrs.evolve(emp, role=_roles(rng, vocab, n) if level is None
                           else _level_roles(rng, vocab, level))
    attributes = {"organisation": org, "scale": _texts(scale), "birth_year": _texts(birth_year),
                  "part_time": _yes_no(part_time), "late_starter": _yes_no(late),
                  "on_leave": _yes_no(on_leave)}
    report(progress, "generate", 4, 4)
    load_report = LoadReport((FileReport("generated", n, n, 0),))
    release()
    return Population(ids=ids, fte=fte, entered=entered.astype(np.int32),
                      entry=entered.astype(np.int32), attributes=attributes, activities=acts,
                      employments=emp, leaves=lv, events=events, report=load_report,
                      attestations=att)


def _in_points(vocab: Vocabulary, category: Any, m: int) -> Any:
    """Per activity: whether it is recorded in points (its category's unit)."""
    units = vocab.category_units or (vocab.unit,) * len(vocab.categories)
    if len(set(units)) == 1:
        return np.full(m, units[0] == "points")
    return np.array([u == "points" for u in units])[category]


ROLE_COUNTED = 0.92  # share of employments in a role whose work some requirement counts


def _roles(rng: np.random.Generator, vocab: Vocabulary, n: int) -> tuple[str | None, ...]:
    """A role per person's employment: a counted role (uniformly) for :data:`ROLE_COUNTED`
    of them, another declared role for the rest (any declared role when none is counted or
    every one is)."""
    counted = vocab.counted_roles or vocab.roles
    other = tuple(r for r in vocab.roles if r not in counted) or counted
    names = np.array(counted + other, dtype=object)
    pick = np.where(rng.random(n) < ROLE_COUNTED, rng.integers(0, len(counted), n),
                    len(counted) + rng.integers(0, len(other), n))
    return tuple(names[pick].tolist())


def _level_roles(rng: np.random.Generator, vocab: Vocabulary,
                 level: Any) -> tuple[str | None, ...]:
    """A role per person's employment when people are registered at a level (``level``:
    its index in ``vocab.levels``): for :data:`ROLE_COUNTED` of them a role whose work counts
    for that level (uniformly), the roles a route for the level counts, else the role named
    like the level when work counts in it, else a counted role; another role for the rest."""
    n = len(level)
    counted = rng.random(n) < ROLE_COUNTED
    pick = rng.random(n)
    paired = dict(vocab.level_roles)
    out = np.empty(n, dtype=object)
    for k, name in enumerate(vocab.levels):
        own = paired.get(name) or ((name,) if vocab.role_of_level and name in vocab.roles
                                   else vocab.counted_roles or vocab.roles)
        other = tuple(r for r in vocab.roles if r not in own) or own
        who = np.flatnonzero(level == k)
        mine = np.array(own, dtype=object)[(pick[who] * len(own)).astype(np.intp)]
        rest = np.array(other, dtype=object)[(pick[who] * len(other)).astype(np.intp)]
        out[who] = np.where(counted[who], mine, rest)
    return tuple(out.tolist())


def _texts(values: Any) -> Any:
    """``values`` as texts in an object array whose equal texts are one object (a million
    people then hold a dozen strings, not a million)."""
    uniques, inverse = np.unique(values, return_inverse=True)
    table = np.array([str(v) for v in uniques.tolist()], dtype=object)
    return table[inverse.reshape(-1)]


def _yes_no(flags: Any) -> Any:
    return np.array(["no", "yes"], dtype=object)[flags.astype(np.intp)]
