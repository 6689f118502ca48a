"""What one requirement node asks of a person's records, read by generators that draw a
workforce a rule set can judge (:mod:`vakmanschap.population.generate`): each primitive says
it through :meth:`Requirement.asks`, so nothing outside ``primitives/`` switches on a kind."""

from __future__ import annotations

from typing import Any

import attrs

from vakmanschap.engine.primitives.param_info import HARDER, OWN, info
from vakmanschap.rules.params import Dated

__all__ = ["NOTHING", "Asks", "Due", "activity_asks"]


@attrs.frozen
class Due:
    """The days of each term on which an attestation counts: from the term's first day (or
    ``first``, a point as the deadline is one) up to ``anchor`` plus ``months`` and ``days``
    (not included), where ``anchor`` is ``"cycle_start"`` (the term's first day) or
    ``"cycle_end"`` (the day after its last); ``anchor`` None: any day of the term up to its
    last. ``first`` is None or (anchor, months, days)."""

    anchor: str | None = None
    months: int = 0
    days: int = 0
    first: tuple[str, int, int] | None = None


@attrs.frozen
class Asks:
    """The names and amounts one node counts on (not its children's).

    ``work``: it counts employments; ``roles``: only those in these roles (empty: any, or the
    registered level's); ``roles_of_level``: only those in the role named like the registered
    level; ``levels``: the registered levels it names; ``qualification_kinds``: the
    qualification kinds it names; ``attestation_kinds``: the kinds it names; for a node that counts
    activities ``activities`` is True, ``categories`` the categories it counts (None: every
    one), ``unit`` the unit it counts in (None: the rule file's) and ``minimum`` the first
    value of its minimum amount in that unit (None: it sets none); ``due``: for a node that
    counts attestations, the days of each term on which they count (None: any day, or a time
    limit not counted from the term)."""

    work: bool = False
    roles: tuple[str, ...] = ()
    roles_of_level: bool = False
    levels: tuple[str, ...] = ()
    qualification_kinds: tuple[str, ...] = ()
    attestation_kinds: tuple[str, ...] = ()
    activities: bool = False
    categories: tuple[str, ...] | None = None
    unit: str | None = None
    minimum: float | None = None
    due: Due | None = None


NOTHING = Asks()


def activity_asks(node: Any, categories: tuple[str, ...] | None, unit: str | None) -> Asks:
    """What an activity node asks: its ``categories`` and ``unit``, and as its minimum the
    first value of its first parameter in its own unit that makes it harder (``min``)."""
    kind = type(node)
    infos = ((f.name, info(kind, f.name)) for f in attrs.fields(kind))
    field = next((name for name, found in infos if found is not None
                  and found.unit == OWN and found.sweep == HARDER), None)
    value = getattr(node, field) if field else None
    first = next((v for _, v in value.values if v is not None), None) if isinstance(
        value, Dated) else None
    return Asks(activities=True, categories=categories, unit=unit,
                minimum=None if first is None else float(first))
