"""Cost model files: checked like rule files, with every value sourced and bounded."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from vakmanschap.errors import RuleFileError
from vakmanschap.population.cost_model import CostModelError, load_cost_model, parse_cost_model

SHIPPED = Path(__file__).parent.parent / "rules" / "costs" / "rijksambtenaar.yaml"

SMALL = """\
cost_model: klein
title: Klein
source: test
hourly:
  hours_per_month: {value: 156, source: CAO}
  ikb: {value: 0.1, source: CAO}
  employer_charges: {value: 0.2, source: keuze}
salary_by_scale:
  "10": {monthly: 3120, source: tabel}
default_monthly: {value: 1560, source: keuze}
gap_category: {value: formeel, source: keuze}
fees:
  formeel: {per_hour: 10, per_activity: 100, hours_per_activity: 8, source: keuze}
organisations:
  BZK:
    fees: {formeel: {per_hour: 20, source: eigen}}
"""


def test_shipped_model_loads_and_prices_an_hour_by_the_cao_formula() -> None:
    """The shipped model's hour on scale 10 is 3,662.77 / 156 x 1.1637 x 1.30."""
    model = load_cost_model(SHIPPED)
    assert model.hourly("10") == pytest.approx(3662.77 / 156 * 1.1637 * 1.30)
    assert model.hourly("16") == pytest.approx(4758.46 / 156 * 1.1637 * 1.30)
    assert model.gap_category.value == "formeel"
    assert all(fee.source for fee in model.fees.values())
    assert all(value.source for value in model.monthly.values())


def test_fees_per_hour_and_per_activity_and_per_organisation() -> None:
    """A fee is hours x per_hour plus per_activity per started activity; an organisation's
    own fee replaces the general one."""
    model = parse_cost_model(SMALL)
    assert model.hourly("10") == pytest.approx(3120 / 156 * 1.1 * 1.2)
    assert model.hourly("4") == pytest.approx(1560 / 156 * 1.1 * 1.2)
    fees = model.fees_of(np.array([8.0, 9.0, 0.0, 8.0]),
                         np.array(["FIN", "FIN", "FIN", "BZK"], dtype=object))
    assert fees.tolist() == [180.0, 290.0, 0.0, 160.0]


@pytest.mark.parametrize(("old", "new", "where", "message"), [
    ("title: Klein", "titel: Klein", "2:1", "unknown key 'titel'"),
    ("ikb: {value: 0.1, source: CAO}", "ikb: {value: 0.1}", "6:8", "missing required key"),
    ("{value: 1560, source", "{value: 1560000, source", "10:26", "must be <= 100000"),
    ("{per_hour: 10, per_activity: 100, hours_per_activity: 8, source: keuze}",
     "{source: keuze}", "13:12", "give per_hour, per_activity or both"),
    ("per_hour: 20", "per_hour: -1", "16:32", "must be >= 0"),
])
def test_bad_files_are_located(old: str, new: str, where: str, message: str) -> None:
    """Unknown keys, missing sources, numbers out of bounds and empty fees are reported with
    file:line:col."""
    assert old in SMALL
    with pytest.raises(CostModelError) as caught:
        parse_cost_model(SMALL.replace(old, new), "k.yaml")
    text = str(caught.value)
    assert f"k.yaml:{where}" in text and message in text and "cost model" in text
    assert isinstance(caught.value, RuleFileError)


def test_not_yaml_is_a_cost_model_error() -> None:
    """Text that is not YAML is reported as a cost model problem with its position."""
    with pytest.raises(CostModelError, match=r"k\.yaml:2:1: invalid YAML"):
        parse_cost_model("a: [", "k.yaml")


def test_a_shipped_model_by_name() -> None:
    """A name loads the shipped model; an unknown name lists the shipped ones."""
    from vakmanschap.errors import RuleError

    assert load_cost_model("rijksambtenaar").hourly("9") == load_cost_model(SHIPPED).hourly("9")
    with pytest.raises(RuleError, match="shipped: rijksambtenaar"):
        load_cost_model("gemeente")
