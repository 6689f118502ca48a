"""The calendar grid of a rule version (``cycle.grid``): terms that are fixed blocks of the
calendar (NBA, NOvA), whoever registers when; the block that holds a day and its due date.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from vakmanschap.model.periods import ONE_DAY

if TYPE_CHECKING:
    from vakmanschap.engine.ruleset import RuleSet, RuleVersion

__all__ = ["grid_due"]


def grid_due(rules: RuleSet, version: RuleVersion, start: date, level: str | None) -> date:
    """The due date of the block of ``version``'s calendar grid (``cycle.grid``) that holds
    ``start``: the first day of the next block (its last day when the window end is
    inclusive), or earlier, the day a later version takes effect for ``level``."""
    spec, policy = version.cycle, rules.date_policy
    grid = spec.grid
    assert grid is not None
    step = spec.years * 12 + spec.months
    k = ((start.year - grid.year) * 12 + start.month - grid.month) // step
    while k > -(1 << 20) and policy.add(grid, months=k * step) > start:
        k -= 1
    while policy.add(grid, months=(k + 1) * step) <= start:
        k += 1
    end = policy.add(grid, months=(k + 1) * step)
    for later in rules.versions:
        begins = later.starts_for(level)
        if later.valid_from > version.valid_from and start < begins < end:
            end = begins
    return end - ONE_DAY if policy.window_end == "inclusive" else end
