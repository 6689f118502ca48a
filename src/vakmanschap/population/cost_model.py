"""A cost model: what an hour of development costs a workforce, in a small YAML file.

The file says what a person's hour costs by salary scale and what a course costs per
category, optionally differently per organisation. It is checked like a rule file: an unknown
key is an error with its file:line:col, every number is bounded, and every value carries a
``source`` (a citation, or the words of a choice). The shipped model for the proposed
register of civil servants is ``rules/costs/rijksambtenaar.yaml``; docs/population.md
("Cost of a variant") describes the format.

The hourly cost of a person on scale ``s`` is::

    monthly(s) / hours_per_month * (1 + ikb) * (1 + employer_charges)

and a gap of ``h`` hours, made up in the category ``gap_category``, costs the time
``h * hourly`` plus the fees of that category, ``h * per_hour + per_activity *
ceil(h / hours_per_activity)`` (the organisation's fees when it has its own).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs
import numpy as np

from vakmanschap.errors import RuleFileError
from vakmanschap.model.words import Text
from vakmanschap.rules.schema import INVALID, Checker, Field, Loc, MapOf, Num, Record, Str, TextS
from vakmanschap.rules.yamlpos import load_yaml_lenient

__all__ = ["CostModel", "CostModelError", "Fee", "load_cost_model", "parse_cost_model"]

MAX_MONTHLY = 100_000.0  # euros a month: far above any salary scale
MAX_FEE = 10_000.0  # euros per hour or per activity


class CostModelError(RuleFileError):
    """A cost model file is invalid; ``problems`` lists every problem found in it."""

    def __init__(self, problems: Any) -> None:
        super().__init__(problems)
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in cost model"
        self.args = (head + ":\n" + "\n".join(f"  {p}" for p in self.problems),)


@attrs.frozen
class Sourced:
    """A value with the source it comes from (or the choice it is)."""

    value: Any
    source: str


@attrs.frozen
class Fee:
    """What a course in one category costs: per hour and per activity."""

    per_hour: float = 0.0
    per_activity: float = 0.0
    hours_per_activity: float = 8.0
    source: str = ""

    def of(self, hours: Any) -> Any:
        """The fees for ``hours`` hours (per person, vectorised)."""
        hours = np.asarray(hours, dtype=np.float64)
        activities = np.ceil(np.maximum(hours, 0.0) / self.hours_per_activity - 1e-9)
        return hours * self.per_hour + activities * self.per_activity


@attrs.frozen(eq=False)
class CostModel:
    """The checked contents of a cost model file; see the module docstring."""

    name: str
    title: Text
    currency: str
    source: str
    scale_column: str
    organisation_column: str
    hours_per_month: Sourced
    ikb: Sourced
    employer_charges: Sourced
    monthly: Mapping[str, Sourced]
    default_monthly: Sourced
    gap_category: Sourced
    fees: Mapping[str, Fee]
    organisation_fees: Mapping[str, Mapping[str, Fee]] = attrs.field(factory=dict)

    def hourly(self, scale: str) -> float:
        """The cost of one hour of a person on ``scale`` (the default for unknown scales)."""
        monthly = self.monthly.get(str(scale), self.default_monthly).value
        return float(monthly / self.hours_per_month.value * (1 + self.ikb.value)
                     * (1 + self.employer_charges.value))

    def hourly_of(self, scales: Any) -> Any:
        """The hourly cost per person, from their scales."""
        values = np.asarray(scales).astype(str)
        uniques, inverse = np.unique(values, return_inverse=True)
        rates = np.array([self.hourly(s) for s in uniques.tolist()], dtype=np.float64)
        out: Any = rates[inverse] if len(values) else np.zeros(0)
        return out

    def fee(self, category: str, organisation: str | None = None) -> Fee:
        """The fee of ``category`` (the organisation's own when it has one; none is free)."""
        own = self.organisation_fees.get(str(organisation), {}) if organisation else {}
        return own.get(category) or self.fees.get(category) or Fee(source="no fee given")

    def fees_of(self, hours: Any, organisations: Any | None) -> Any:
        """The fees for ``hours`` per person, made up in the gap category, per organisation."""
        hours = np.asarray(hours, dtype=np.float64)
        category = str(self.gap_category.value)
        if organisations is None or not self.organisation_fees:
            return self.fee(category).of(hours)
        orgs = np.asarray(organisations).astype(str)
        out = np.zeros(len(hours))
        for org in np.unique(orgs).tolist():
            here = orgs == org
            out[here] = self.fee(category, org).of(hours[here])
        return out

    def describe(self) -> list[str]:
        """The model in a few lines, with its formula and figures, for reports."""
        return [f"cost model {self.name} ({self.currency}): hourly = monthly(scale) / "
                f"{self.hours_per_month.value:g} x (1 + {self.ikb.value:g}) x "
                f"(1 + {self.employer_charges.value:g}); gaps made up as "
                f"{self.gap_category.value}"]


# -- the file's schema ---------------------------------------------------------------------

def _sourced(value: Any, doc: str) -> Record:
    return Record({"value": Field(value, required=True),
                   "source": Field(Str("where the value comes from, or the choice made"),
                                   required=True)}, doc)


_FEE = Record({
    "per_hour": Field(Num("euros per hour of the activity", minimum=0, maximum=MAX_FEE)),
    "per_activity": Field(Num("euros per activity", minimum=0, maximum=MAX_FEE)),
    "hours_per_activity": Field(Num("hours one activity lasts (for per_activity)",
                                    minimum=0.25, maximum=1000), default=8.0),
    "source": Field(Str("where the fee comes from, or the choice made"), required=True),
}, "the fee of a category", any_of=("per_hour", "per_activity"),
    any_of_message="give per_hour, per_activity or both")

_SCHEMA = Record({
    "cost_model": Field(Str("the model's name"), required=True),
    "title": Field(TextS("the model's title"), required=True),
    "currency": Field(Str("the currency", choices=("EUR",)), default="EUR"),
    "source": Field(Str("the sources of the model as a whole"), required=True),
    "note": Field(Str("remarks for the reader")),
    "columns": Field(Record({
        "scale": Field(Str("the population column with the salary scale"), default="scale"),
        "organisation": Field(Str("the population column with the organisation"),
                              default="organisation"),
    }, "population columns the model reads")),
    "hourly": Field(Record({
        "hours_per_month": Field(_sourced(Num(minimum=1, maximum=744), "paid hours a month"),
                                 required=True),
        "ikb": Field(_sourced(Num(minimum=0, maximum=1), "share paid on top of salary"),
                     required=True),
        "employer_charges": Field(_sourced(Num(minimum=0, maximum=2),
                                           "employer's charges as a share of pay"),
                                  required=True),
    }, "how a monthly salary becomes an hourly cost"), required=True),
    "salary_by_scale": Field(MapOf(Record({
        "monthly": Field(Num("gross monthly salary, full time", minimum=0,
                             maximum=MAX_MONTHLY), required=True),
        "source": Field(Str("where the amount comes from"), required=True),
        "note": Field(Str("remarks")),
    }, "one scale's monthly salary"), key_doc="a salary scale (quote numbers: \"10\")",
        min_items=1), required=True),
    "default_monthly": Field(_sourced(Num(minimum=0, maximum=MAX_MONTHLY),
                                      "monthly salary for scales not listed"), required=True),
    "gap_category": Field(_sourced(Str(), "the category in which a gap is made up"),
                          required=True),
    "fees": Field(MapOf(_FEE, key_doc="a category"), required=True),
    "organisations": Field(MapOf(Record({
        "fees": Field(MapOf(_FEE, key_doc="a category"), required=True),
        "note": Field(Str("remarks")),
    }, "an organisation's own fees"), key_doc="an organisation")),
})


def _fee(data: Mapping[str, Any]) -> Fee:
    return Fee(float(data.get("per_hour") or 0.0), float(data.get("per_activity") or 0.0),
               float(data["hours_per_activity"]), str(data["source"]))


def _build(data: Mapping[str, Any]) -> CostModel:
    hourly = data["hourly"]
    columns = data["columns"] or {"scale": "scale", "organisation": "organisation"}

    def sourced(item: Mapping[str, Any]) -> Sourced:
        return Sourced(item["value"], item["source"])

    return CostModel(
        name=data["cost_model"], title=data["title"], currency=data["currency"],
        source=data["source"], scale_column=columns["scale"],
        organisation_column=columns["organisation"],
        hours_per_month=sourced(hourly["hours_per_month"]), ikb=sourced(hourly["ikb"]),
        employer_charges=sourced(hourly["employer_charges"]),
        monthly={k: Sourced(v["monthly"], v["source"])
                 for k, v in data["salary_by_scale"].items()},
        default_monthly=sourced(data["default_monthly"]),
        gap_category=sourced(data["gap_category"]),
        fees={k: _fee(v) for k, v in data["fees"].items()},
        organisation_fees={org: {k: _fee(v) for k, v in spec["fees"].items()}
                           for org, spec in (data["organisations"] or {}).items()})


def parse_cost_model(text: str, name: str = "<cost model>") -> CostModel:
    """Check cost-model text and build the model; every problem is reported at once with
    its file:line:col (:class:`CostModelError`)."""
    try:
        data, problems = load_yaml_lenient(text, name)
    except RuleFileError as exc:  # not YAML at all: the same problems, named for this file
        raise CostModelError(exc.problems) from None
    checker = Checker(name, problems=list(problems))
    root = Loc(getattr(data, "line", 1), getattr(data, "column", 1), "$")
    result = _SCHEMA.check(data, root, checker)
    if result is not INVALID and not checker.problems:
        _check_columns(result, data, root, checker)
    if checker.problems or result is INVALID:
        if not checker.problems:  # pragma: no cover - every INVALID records a problem
            checker.error(root, "invalid cost model")
        raise CostModelError(checker.problems)
    return _build(result)


def _check_columns(result: Mapping[str, Any], data: Any, root: Loc, checker: Checker) -> None:
    """The columns must name two different population columns (a model that prices by the
    organisation as if it were the scale is a mistake, not a choice)."""
    columns = result["columns"]
    if columns and columns["scale"] == columns["organisation"]:
        checker.error(root.key(data, "columns"), "scale and organisation name the same "
                      f"column {columns['scale']!r}")


def load_cost_model(name_or_path: str | Path) -> CostModel:
    """Read and check a cost model file, or a shipped one by name (``rijksambtenaar``:
    ``rules/costs/rijksambtenaar.yaml``)."""
    from importlib import resources

    from vakmanschap.errors import RuleError
    from vakmanschap.io import read_text

    text = str(name_or_path)
    if isinstance(name_or_path, str) and "/" not in text and not text.endswith(
            (".yaml", ".yml")):
        shipped = resources.files("vakmanschap").joinpath("data", "costs")
        names = sorted(p.name[:-5] for p in shipped.iterdir() if p.name.endswith(".yaml"))
        if text not in names:
            raise RuleError(f"unknown built-in cost model {text!r}; shipped: "
                            f"{', '.join(names)}")
        return parse_cost_model(shipped.joinpath(f"{text}.yaml").read_text("utf-8"),
                                f"rules/costs/{text}.yaml")
    return parse_cost_model(read_text(name_or_path), text)
