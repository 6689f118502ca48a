"""The assumptions of a projection: how a person's future pace is drawn, and how people leave,
enter and change their fte; defaults in ``data/projection/assumptions.yaml`` (each with its
source or the choice made), overridable per value by a YAML file.
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib import resources
from typing import Any

import attrs
import yaml

from vakmanschap.errors import DataError
from vakmanschap.io import read_text

__all__ = ["Assumptions", "load_assumptions"]

METHODS = ("bootstrap", "replay")


@attrs.frozen
class Assumptions:
    """The values of the assumptions file (see its notes)."""

    method: str = "bootstrap"
    lookback_years: int = 3
    leave_rate: float = 0.05
    entrant_rate: float = 0.109
    fte_change_rate: float = 0.03
    part_time_fte: float = 0.8

    @classmethod
    def static(cls) -> Assumptions:
        """Zero variance and no transitions: every future year repeats the last full year,
        nobody leaves, enters or changes fte."""
        return cls(method="replay", leave_rate=0.0, entrant_rate=0.0, fte_change_rate=0.0)

    def to_dict(self) -> dict[str, Any]:
        """The values, as the file spells them."""
        return {"pace": {"method": self.method, "lookback_years": self.lookback_years},
                "leavers": {"rate": self.leave_rate}, "entrants": {"rate": self.entrant_rate},
                "part_time": {"change_rate": self.fte_change_rate,
                              "part_time_fte": self.part_time_fte}}


_FIELDS = {("pace", "method"): "method", ("pace", "lookback_years"): "lookback_years",
           ("leavers", "rate"): "leave_rate", ("entrants", "rate"): "entrant_rate",
           ("part_time", "change_rate"): "fte_change_rate",
           ("part_time", "part_time_fte"): "part_time_fte"}


def _default_text() -> str:
    return resources.files("vakmanschap").joinpath("data/projection/assumptions.yaml").read_text(
        encoding="utf-8")


def _apply(values: dict[str, Any], data: Any, where: str) -> None:
    if not isinstance(data, Mapping):
        raise DataError("an assumptions file is a YAML mapping (pace, leavers, entrants, "
                        "part_time)", record=where)
    for section, body in data.items():
        if not isinstance(body, Mapping):
            raise DataError(f"{section!r} is a mapping of values", record=where)
        for key, value in body.items():
            if key == "source":
                continue
            name = _FIELDS.get((str(section), str(key)))
            if name is None:
                allowed = ", ".join(f"{s}.{k}" for s, k in _FIELDS)
                raise DataError(f"unknown assumption {section}.{key}; allowed: {allowed}",
                                record=where)
            values[name] = _checked(name, value, f"{section}.{key}", where)


def _checked(name: str, value: Any, label: str, where: str) -> Any:
    if name == "method":
        if value not in METHODS:
            raise DataError(f"{label} is {value!r}; allowed: {', '.join(METHODS)}",
                            record=where)
        return value
    if name == "lookback_years":
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 20:
            raise DataError(f"{label} is {value!r}; allowed: a whole number 1-20", record=where)
        return value
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise DataError(f"{label} is {value!r}; allowed: a number", record=where)
    low, high = (0.05, 1.0) if name == "part_time_fte" else (0.0, 1.0)
    if not low <= float(value) <= high:
        raise DataError(f"{label} is {value!r}; allowed: {low} to {high}", record=where)
    return float(value)


def load_assumptions(path: str | None = None) -> Assumptions:
    """The shipped defaults, with the values of the file at ``path`` (if any) over them."""
    values: dict[str, Any] = {}
    _apply(values, yaml.safe_load(_default_text()), "projection/assumptions.yaml")
    if path is not None:
        try:
            data = yaml.safe_load(read_text(path))
        except yaml.YAMLError as exc:
            raise DataError(f"not valid YAML ({exc.__class__.__name__})", record=path) from None
        _apply(values, data, path)
    return Assumptions(**values)
