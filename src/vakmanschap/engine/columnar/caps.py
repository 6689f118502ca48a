"""What counts where a per-day cap and caps per category both bind (``total``'s columnar
form): the caps are applied activity by activity, as ``Total.evaluate`` applies them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from vakmanschap.engine.columnar.arrays import IntArray

if TYPE_CHECKING:
    import numpy as np

    from vakmanschap.engine.columnar.context import Selection
else:
    from vakmanschap.lazy import numpy as np

__all__ = ["day_and_category"]


def day_and_category(sel: Selection, counted: IntArray, day_capped: IntArray, day_cap: Any,
                     caps: dict[int, Any], eff: Any) -> IntArray:
    """Per activity what counts under both a per-day and per-category caps (``caps``:
    category code -> cap in hundredths, one value or per person), where an activity takes
    the least of its amount, the day's room and its category's room, and only what it finally
    counts uses up both rooms.

    The result is such that ``rest + sum(min(part_c, cap_c))`` is the total: for people
    whose days never exceed the day cap it is ``counted`` (the category caps alone bind);
    for people whose capped categories never exceed their caps it is ``day_capped`` (the day
    cap alone binds); for people where both could bind, ``evaluate``'s own sequence is
    followed activity by activity (few people, in practice).
    """
    frame = sel.frame
    person = sel.person
    day_binding = sel.sum(counted) > sel.sum(day_capped)
    category_binding = np.zeros(frame.n, dtype=bool)
    for code, cap in caps.items():
        in_cat = sel.sum(np.where(eff == code, counted, 0))
        category_binding |= in_cat > cap
    values: IntArray = np.where(day_binding[person], day_capped, counted)
    both = np.flatnonzero((day_binding & category_binding)[person])
    if not len(both):
        return values
    days = sel.pick(frame.activities.day)[both].tolist()
    who = person[both].tolist()
    cats = eff[both].tolist()
    amounts = counted[both].tolist()
    day_room = np.broadcast_to(np.asarray(day_cap), (frame.n,))
    cat_room = {code: np.broadcast_to(np.asarray(cap), (frame.n,))
                for code, cap in caps.items()}
    out = []
    current = -1
    used_day: dict[int, int] = {}
    used_cat: dict[int, int] = {}
    for p, d, c, amount in zip(who, days, cats, amounts, strict=True):
        if p != current:
            current, used_day, used_cat = p, {}, {}
        room = int(day_room[p]) - used_day.get(d, 0)
        take = min(amount, room)
        if c in cat_room:
            take = min(take, int(cat_room[c][p]) - used_cat.get(c, 0))
            used_cat[c] = used_cat.get(c, 0) + take
        used_day[d] = used_day.get(d, 0) + take
        out.append(take)
    values[both] = out
    return values
