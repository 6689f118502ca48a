"""What one requirement node asks of a person's records, read by generators that draw a
workforce a rule set can judge (:mod:`vakmanschap.population.generate`): each primitive says
it through :meth:`Requirement.asks`, so nothing outside ``primitives/`` switches on a kind."""

from __future__ import annotations

import attrs

__all__ = ["Asks"]


@attrs.frozen
class Asks:
    """The names and amounts one node counts on (not its children's).

    ``work``: it counts employments; ``roles``: only those in these roles (empty: any, or the
    registered level's); ``attestation_kinds``: the kinds it names; for a node that counts
    activities ``activities`` is True, ``categories`` the categories it counts (None: every
    one), ``unit`` the unit it counts in (None: the rule file's) and ``minimum`` the first
    value of its minimum amount in that unit (None: it sets none)."""

    work: bool = False
    roles: tuple[str, ...] = ()
    attestation_kinds: tuple[str, ...] = ()
    activities: bool = False
    categories: tuple[str, ...] | None = None
    unit: str | None = None
    minimum: float | None = None


NOTHING = Asks()
