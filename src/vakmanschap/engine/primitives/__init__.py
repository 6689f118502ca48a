"""Requirement primitives: one module each, registered under their YAML key.

``total`` (total.py), ``count`` (count.py), ``distinct_themes`` (distinct_themes.py),
``share`` (share.py), ``per_period`` (per_period.py), ``work_hours`` (work_hours.py),
``qualification`` (qualification.py), ``attestation`` (attestation.py),
``registered_level`` (registered_level.py), and the combinators
``all_of``, ``any_of``, ``at_least`` (combinators.py).
"""

from vakmanschap.engine.primitives import (  # noqa: F401  (importing registers them)
    attestation,
    combinators,
    count,
    distinct_themes,
    per_period,
    qualification,
    registered_level,
    share,
    total,
    work_hours,
)
from vakmanschap.engine.primitives.base import REGISTRY, ActivityFilter, Requirement

__all__ = ["REGISTRY", "ActivityFilter", "Requirement"]
