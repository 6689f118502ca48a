"""The activity filter and reclassification: the per-person and columnar forms agree."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import vakmanschap as vk
from helpers import CATEGORIES, ON, THEMES, person, rules_for
from strategies import activity_lists
from vakmanschap.engine.columnar.frame import PopulationFrame
from vakmanschap.engine.context import EvalContext
from vakmanschap.engine.primitives.activity_filter import (
    ActivityFilter,
    effective_category,
    prepare_activities,
    prepare_known,
)
from vakmanschap.model.periods import Window
from vakmanschap.population import Population
from vakmanschap.population.windows import assign

RULES = rules_for("{id: t, title: T, total: {min: 1}}")
FILTERS = st.builds(
    ActivityFilter,
    categories=st.one_of(st.none(), st.lists(st.sampled_from(CATEGORIES), min_size=1,
                                             unique=True).map(tuple)),
    themes=st.one_of(st.none(), st.lists(st.sampled_from(THEMES), min_size=1,
                                         unique=True).map(tuple)),
    accredited=st.one_of(st.none(), st.booleans()),
    providers=st.one_of(st.none(), st.lists(st.sampled_from(["prov-a", "prov-b", "x"]),
                                            min_size=1, unique=True).map(tuple)))


@settings(max_examples=60, deadline=None)
@given(activities=activity_lists(RULES), filt=FILTERS, unit=st.sampled_from(["hours", "points"]))
def test_columnar_mask_passes_what_scan_passes(activities: list[vk.Activity],
                                               filt: ActivityFilter, unit: str) -> None:
    """Inside the window, the activities the columnar mask keeps are those scan keeps, and
    the columnar reclassified category is the prepared one."""
    professional = person(activities)
    prepared = prepare_activities(professional, RULES)
    window = Window(date(1990, 1, 1), date(2100, 1, 1))
    ctx = EvalContext(professional=professional, rules=RULES, on=date(2100, 1, 1),
                      window=window, params_on=ON, deadline=None, last_registration=None,
                      policy=RULES.date_policy, unit=RULES.unit, activities=prepared)
    _, passed = filt.scan(ctx, unit)
    people = Population.from_professionals([professional])
    frame = PopulationFrame(people, RULES, ON, assign(people, RULES, ON))
    mask = filt.columnar_mask(frame, unit)
    acts = people.activities
    ids = [acts.activity_id(k) for k in range(len(acts))]
    kept = ids if mask is None else [i for i, keep in zip(ids, mask.tolist(), strict=True)
                                     if keep]
    assert sorted(kept) == sorted(a.id for a in passed)
    names = list(RULES.categories)
    by_id = {a.id: a.category for a in prepared}
    assert [names[c] for c in np.asarray(effective_category(frame)).tolist()] == [
        by_id[i] for i in ids]


@settings(max_examples=80, deadline=None)
@given(activities=activity_lists(RULES, max_size=8), data=st.data())
def test_prepare_known_checks_as_check_professional(activities: list[vk.Activity],
                                                    data: st.DataObject) -> None:
    """``prepare_known`` gives the prepared activities when ``check_professional`` accepts
    them and None exactly when it raises (an unknown category, theme or unit)."""
    if activities and data.draw(st.booleans()):
        k = data.draw(st.integers(0, len(activities) - 1))
        bad = data.draw(st.sampled_from([{"category": "nope"}, {"themes": ("nope",)},
                                         {"unit": "furlongs", "amount": 1.0, "hours": None,
                                          "points": None}]))
        activities[k] = vk.Activity(**{"id": activities[k].id, "on": activities[k].on,
                                          "category": activities[k].category,
                                          "hours": 1.0, **bad})
    pro = person(activities)
    try:
        RULES.check_professional(pro)
    except vk.DataError:
        assert prepare_known(pro, RULES) is None
        with pytest.raises(vk.DataError):
            RULES.assess(pro, ON)
    else:
        assert prepare_known(pro, RULES) == prepare_activities(pro, RULES)
